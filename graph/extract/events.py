"""Events: epidemics, censuses, congresses, plenary sessions, meetings, festivals, disasters, anniversaries.

e.g. '新冠肺炎疫情', '第七次全国人口普查', '青石镇第四届人民代表大会第八次会议', '十九届五中全会',
'镇十七届人大三次会议', '区委十一届七次、八次全会', '首届柳溪农民丰收节', '杭州亚运会'
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.divisions import stem_start
from govkg.extract.lexicon import STOP_WORDS
from govkg.extract.official import upper_names
from govkg.extract.rules import NAME_TAGS, alternation, kind_data, suffix_names

DATA = kind_data("events")
N = DATA["numeral"]
PATTERNS = [(re.compile(rx), rule) for rule, rx in DATA["patterns"]]
# congresses and plenums named without their division, which is then read leftwards (see _prefixed)
SESSIONS = [(re.compile(rx.replace("{N}", N)), rule, needs_prefix) for rule, rx, needs_prefix in DATA["sessions"]]
SESSION_SUFFIX = re.compile(DATA["session_prefix"]["suffix"] + "$")
DATED_OUTBREAK = re.compile(DATA["dated_outbreak"])
MEETING = alternation(DATA["meeting"]["pattern"])
MEETING_STOP = STOP_WORDS | set(DATA["meeting"]["stop"])
NOT_EVENT = re.compile(r"^(?:召开|参加|举办|组织|开展|各类|各项|重大|重要|相关|专题|定期|每月|每周)")
# a meeting named by its scope: 全省美丽乡村建设现场推进会, 中央经济工作会议
SCOPED = re.compile(rf"(?:{alternation(DATA['scoped_meeting']['scope'])})[“”\u4e00-\u9fff]{{2,{DATA['scoped_meeting']['max_stem']}}}?"
                    rf"(?:{MEETING})")
SCOPED_STOP = set(DATA["meeting"]["stop"]) | set(DATA["scoped_meeting"]["stop"])
SCOPED_NOT = {"p", "c", "u", "uj", "ul", "r", "d", "x", "y", "m"}
SERIES = DATA["series"]
SERIES_SUFFIX = re.compile(alternation(SERIES["suffix"]))
# what opens a series' name, read leftwards from its suffix: an ordinal, a count of sessions, or a verb of holding it
SERIES_LEAD = re.compile(rf"(?P<ord>第[{N}\d]+届|首届|[{N}]+届)|(?:{alternation(SERIES['after'])})")
HOLIDAY = re.compile(rf"(?:{alternation(SERIES['holidays'])})$")
NAMED = re.compile(alternation(DATA["names"]))
VISIT = re.compile(DATA["visit"]["pattern"])
ORDINAL_BEFORE = re.compile(rf"第[{N}\d]+届$")


def _prefixed(ctx: Context, s: int) -> int:
    """Return where a session's name starts when the session core starts at ``s``: with the
    division before it ('青石镇' + 第十届…; '镇' + 十届人大…) and '中国共产党' before that."""
    text = ctx.text
    m = SESSION_SUFFIX.search(text, max(0, s - 3), s)
    if m is not None:
        b = stem_start(ctx, m.start())
        if b is None:
            tok = ctx.token_at(m.start())  # a glued place token: 湖南省
            b = tok.start if tok is not None and tok.tag == "ns" and tok.end == s and tok.start < m.start() else m.start()
        s = b
    if text.startswith("中国共产党", s - 5):
        s -= 5
    return s


@register("events")
def events(ctx: Context):
    """Find events: lexicon names, congress and plenum patterns with their division, scoped
    meetings, numbered festivals and fairs, dated disasters, the General Secretary's visits,
    X疫情 after a place name."""
    text = ctx.text
    out = [ctx.mention(s, e, "Event", "events:lexicon") for s, e, label in ctx.lexicon_spans() if label == "Event"]
    for rx, rule in PATTERNS:
        for m in rx.finditer(text):
            out.append(ctx.mention(m.start(), m.end(), "Event", rule))
    for rx, rule, needs_prefix in SESSIONS:
        for m in rx.finditer(text):
            s = _prefixed(ctx, m.start())
            if s < m.start() or not needs_prefix:
                out.append(ctx.mention(s, m.end(), "Event", rule))
    # events of national renown, with the city that hosts them: 杭州亚运会, 成都大运会
    places = upper_names().kinds
    for m in NAMED.finditer(text):
        s = m.start()
        ordinal = ORDINAL_BEFORE.search(text, max(0, s - 6), s)  # 第五届进博会
        s = ordinal.start() if ordinal else next((s - k for k in (3, 2) if text[s - k:s] in places), s)
        out.append(ctx.mention(s, m.end(), "Event", "events:lexicon"))
    # 习近平总书记考察江西: a visit to a province or city (its name as the gazetteer has it)
    for m in VISIT.finditer(text):
        place = m.group("place")
        if place is not None:
            k = next((k for k in (3, 2) if place[:k] in places), 0)
            if not k:
                continue
            out.append(ctx.mention(m.start(), m.start("place") + k, "Event", "events:meeting"))
        else:
            out.append(ctx.mention(m.start(), m.end(), "Event", "events:meeting"))
    # “3·15”疫情, “4·18”“9·02”两轮疫情: one outbreak per quoted date
    for m in DATED_OUTBREAK.finditer(text):
        out.append(ctx.mention(m.start(), m.end(), "Event", "events:outbreak", name=m.group(1) + "疫情"))
    for rule, rx, max_chars in DATA["suffix_patterns"]:
        out += suffix_names(ctx, rx, "Event", rule, max_chars=max_chars, min_stem=0, tags=NAME_TAGS)
    out += _series(ctx)
    for m in SCOPED.finditer(text):
        if not any(t.text in SCOPED_STOP or t.tag in SCOPED_NOT for t in ctx.tokens_in(m.start() + 2, m.end())):
            out.append(ctx.mention(m.start(), m.end(), "Event", "events:meeting"))
    out += [m for m in suffix_names(ctx, MEETING, "Event", "events:meeting", max_chars=DATA["meeting"]["max_chars"],
                                    min_stem=DATA["meeting"]["min_stem"], tags=NAME_TAGS, stop=MEETING_STOP)
            if not NOT_EVENT.search(m.name)]
    # an outbreak named after its place: "X地疫情"
    # (not where 疫情 opens 疫情防控: 筑牢疫情防控墙, 街道疫情防控领导小组 name the prevention work)
    out += [m for m in suffix_names(ctx, "疫情", "Event", "events:outbreak", max_chars=5, min_stem=2,
                                    exclude=DATA["outbreak_exclude"])
            if not re.match(r"(?:新冠|本轮|此次|这次|境外|国外|全国|各地|当前|常态化)", m.name)]
    return [m for m in out if m is not None]


def _series(ctx: Context):
    """Festivals, fairs, contests and races: numbered ('第三届X节', '首届X论坛'; a count '三届X节'
    names X节) or held ('举办2023X马拉松'); the stem is whole tokens without stop words, and a
    holiday (春节, 中秋节) is no event. A year and a division before a numbered one belong to it."""
    text = ctx.text
    out = []
    width = SERIES["max_stem"]
    for m in SERIES_SUFFIX.finditer(text):
        a, e = m.start(), m.end()
        lead = None
        for lead in SERIES_LEAD.finditer(text, max(0, a - width - 4), a):
            pass  # the last one before the suffix
        if lead is None or HOLIDAY.search(text, a - 4, e):
            continue
        stem_s = lead.end()
        stem = text[stem_s:a]
        if not 2 <= len(stem) <= width or not re.fullmatch(r"[“”()（）\u4e00-\u9fff\d]+", stem) \
                or (stem_s not in ctx.tok_by_start and text[stem_s] not in "“”"):
            continue
        if any(t.text in MEETING_STOP or t.tag == "x" and t.text not in "“”()（）" for t in ctx.tokens_in(stem_s, a)):
            continue
        ordinal = lead.group("ord")
        if ordinal is None or not ordinal.startswith(("第", "首")):
            s = stem_s  # 举办X节; 三届X节: a count of sessions, not the name
        else:
            s = lead.start()
            y = re.search(r"\d{4}年?$", text[max(0, s - 5):s])
            s = s - len(y.group(0)) if y else _prefixed(ctx, s)
        out.append(ctx.mention(s, e, "Event", "events:meeting"))
    return out
