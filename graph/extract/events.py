"""Events: epidemics, censuses, congresses, plenary sessions, meetings, anniversaries.

e.g. '新冠肺炎疫情', '第七次全国人口普查', '第四届人民代表大会第八次会议', '十九届五中全会'
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.rules import NAME_TAGS, alternation, kind_data, suffix_names

_N = "一二三四五六七八九十百"
DATA = kind_data("events")
PATTERNS = [(re.compile(rx), rule) for rule, rx in DATA["patterns"]]
DATED_OUTBREAK = re.compile(DATA["dated_outbreak"])
MEETING = alternation(DATA["meeting"]["pattern"])
NOT_EVENT = re.compile(r"^(?:召开|参加|举办|组织|开展|各类|各项|重大|重要|相关|专题|定期|每月|每周)")


@register("events")
def events(ctx: Context):
    """Find events: lexicon names, congress and plenum patterns, X疫情 after a place name."""
    out = [ctx.mention(s, e, "Event", "events:lexicon") for s, e, label in ctx.lexicon_spans() if label == "Event"]
    for rx, rule in PATTERNS:
        for m in rx.finditer(ctx.text):
            out.append(ctx.mention(m.start(), m.end(), "Event", rule))
    # “3·15”疫情, “4·18”“9·02”两轮疫情: one outbreak per quoted date
    for m in DATED_OUTBREAK.finditer(ctx.text):
        out.append(ctx.mention(m.start(), m.end(), "Event", "events:outbreak", name=m.group(1) + "疫情"))
    for rule, rx, max_chars in DATA["suffix_patterns"]:
        out += suffix_names(ctx, rx, "Event", rule, max_chars=max_chars, min_stem=0, tags=NAME_TAGS)
    out += [m for m in suffix_names(ctx, MEETING, "Event", "events:meeting", max_chars=DATA["meeting"]["max_chars"],
                                    min_stem=DATA["meeting"]["min_stem"], tags=NAME_TAGS)
            if not NOT_EVENT.search(m.name)]
    # an outbreak named after its place: "X地疫情"
    out += [m for m in suffix_names(ctx, "疫情", "Event", "events:outbreak", max_chars=5, min_stem=2)
            if not re.match(r"(?:新冠|本轮|此次|这次|境外|国外|全国|各地|当前|常态化)", m.name)]
    return [m for m in out if m is not None]
