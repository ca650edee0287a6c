"""Events: epidemics, censuses, congresses, plenary sessions, meetings, anniversaries.

e.g. '新冠肺炎疫情', '第七次全国人口普查', '第四届人民代表大会第八次会议', '十九届五中全会'
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.rules import NAME_TAGS, suffix_names

_N = "一二三四五六七八九十百"
PATTERNS = [
    (re.compile(rf"第[{_N}]+届人民代表大会第[{_N}]+次会议"), "events:congress"),
    (re.compile(rf"[镇乡区县市][{_N}]+届人大[{_N}]+次会议"), "events:congress-short"),
    # (?:党的十|十), not (?:党的)?十: re skips quickly to a pattern's first characters only when it has them
    (re.compile(rf"(?:党的十|十)[{_N}]届(?:[{_N}]+中、)*[{_N}]+中全会"), "events:plenum"),
    (re.compile(rf"第[{_N}]+次全国[\u4e00-\u9fff]{{2,6}}普查"), "events:census"),
    (re.compile(r"(?:中国共产党成立|建党|新中国成立|改革开放)\d+周年"), "events:anniversary"),
]
MEETING = "联席会议|办公会|工作会议|推进会|座谈会|博览会|运动会|艺术节|文化节|论坛|植树活动"
NOT_EVENT = re.compile(r"^(?:召开|参加|举办|组织|开展|各类|各项|重大|重要|相关|专题|定期|每月|每周)")


@register("events")
def events(ctx: Context):
    """Find events: lexicon names, congress and plenum patterns, X疫情 after a place name."""
    out = [ctx.mention(s, e, "Event", "events:lexicon") for s, e, label in ctx.lexicon_spans() if label == "Event"]
    for rx, rule in PATTERNS:
        for m in rx.finditer(ctx.text):
            out.append(ctx.mention(m.start(), m.end(), "Event", rule))
    out += [m for m in suffix_names(ctx, MEETING, "Event", "events:meeting", max_chars=8, min_stem=2, tags=NAME_TAGS)
            if not NOT_EVENT.search(m.name)]
    # an outbreak named after its place: "X地疫情"
    out += [m for m in suffix_names(ctx, "疫情", "Event", "events:outbreak", max_chars=5, min_stem=2)
            if not re.match(r"(?:新冠|本轮|此次|这次|境外|国外|全国|各地|当前|常态化)", m.name)]
    return [m for m in out if m is not None]
