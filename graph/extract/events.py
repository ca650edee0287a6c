"""Events: epidemics, censuses, congresses, plenary sessions, meetings, anniversaries.

e.g. '新冠肺炎疫情', '第七次全国人口普查', '第四届人民代表大会第八次会议', '十九届五中全会'
"""
from __future__ import annotations

import re

from graph.extract.base import register
from graph.extract.context import Context

_N = "一二三四五六七八九十百"
PATTERNS = [
    (re.compile(rf"第[{_N}]+届人民代表大会第[{_N}]+次会议"), "events:congress"),
    (re.compile(rf"[镇乡区县市][{_N}]+届人大[{_N}]+次会议"), "events:congress-short"),
    (re.compile(rf"(?:党的)?十[{_N}]届(?:[{_N}]+中、)*[{_N}]+中全会"), "events:plenum"),
    (re.compile(rf"第[{_N}]+次全国[\u4e00-\u9fff]{{2,6}}普查"), "events:census"),
    (re.compile(r"(?:中国共产党成立|建党|新中国成立|改革开放)\d+周年"), "events:anniversary"),
    (re.compile(r"[\u4e00-\u9fff]{2,6}(?:联席会议|办公会|工作会议|推进会|座谈会|博览会|运动会|艺术节|文化节|论坛|植树活动)"), "events:meeting"),
]
NOT_EVENT = re.compile(r"^(?:召开|参加|举办|组织|开展|各类|各项|重大|重要|相关|专题|定期|每月|每周)")


@register("events")
def events(ctx: Context):
    """Find events: lexicon names, congress and plenum patterns, X疫情 after a place name."""
    out = [ctx.mention(s, e, "Event", "events:lexicon") for s, e, label in ctx.lexicon_spans() if label == "Event"]
    for rx, rule in PATTERNS:
        for m in rx.finditer(ctx.text):
            s = m.start()
            if rule == "events:meeting":
                tok = ctx.token_at(s)
                while s < m.end() and (tok is None or tok.start != s or NOT_EVENT.search(ctx.text[s:m.end()])):
                    s += 1
                    tok = ctx.token_at(s)
                if m.end() - s < 4:
                    continue
            out.append(ctx.mention(s, m.end(), "Event", rule))
    for t in ctx.tokens:  # a place-name token right before 疫情: "X地疫情"
        if t.tag == "ns" and ctx.text.startswith("疫情", t.end):
            out.append(ctx.mention(t.start, t.end + 2, "Event", "events:outbreak"))
    return [m for m in out if m is not None]
