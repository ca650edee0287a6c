"""Roads: 路 街 大街 大道 高速 公路 环 桥 路口, numbered roads (三号路), coded roads (G318, X123线)
and rail lines (X线, N号线); a segment or extension written after the name is part of it (文化路北延,
迎宾大道西段).

e.g. '长虹路', '解放大街', '沪陕高速', '五环', '规划二路', '地铁3号线', '滨河路东段'

A work verb before the name is not part of it ('打通金桥路' gives 金桥路), a name whose stem is such
a word is kept when jieba holds it as one name (建设路); a place ending in 桥 (青石桥片区),
generic roads (机耕路, 危桥) and quoted slogans (“宜居南街”品牌) are not roads.
"""
from __future__ import annotations

import bisect
import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.official import official_level
from govkg.extract.lexicon import STOP_WORDS
from govkg.extract.rules import (NAME_TAGS, PROPER_TAGS, after_first, alternation, drop_lead, excluded, has_proper_name, kind_data,
                                 listed_members, suffix_names)
from govkg.extract.workitems import COMPLETE_VERBS, CONCRETE_VERBS, GENERAL_VERBS, ONGOING_VERBS

DATA = kind_data("roads")
SUFFIX, STREET, LIST, LINE = DATA["suffix"], DATA["street"], DATA["list"], DATA["line"]
# national, provincial, county and rural roads by code: G318, S207青山线, X205线, 321国道
CODE = re.compile(DATA["code"])
ROAD_CONTEXT = re.compile(alternation(LINE["road_context"]))
GENERIC_ROADS = set(DATA["generic_names"])
GENERIC_TAIL = re.compile(f"(?:{alternation(DATA['generic_ends'])})$")
# a segment or extension after a road's name: 北延, 南延线, 西段, 延伸段
SEGMENT = re.compile(DATA["segment"])
_SEGMENT_TAIL = re.compile(f"{DATA['segment']}$")
# numbered roads: 三号路, 7号路 (not 第三号路): 号路, then the numeral before it
NUMBERED = re.compile(DATA["numbered"])
_NUMERALS = "一二三四五六七八九十0123456789"
# work verbs that may stand before a road's name: 打通金桥路, 拓宽解放路
WORK_VERBS = frozenset(CONCRETE_VERBS + COMPLETE_VERBS + ONGOING_VERBS + GENERAL_VERBS + DATA["lead_verbs"])
# generic words end with these too (旅游公路, 健身绿道): the stem must hold a proper name or a code
PROPER_SUFFIX = re.compile(f"(?:{alternation(DATA['proper_suffixes']['pattern'])})$")
GENERIC_STEMS = frozenset(DATA["proper_suffixes"]["generic_stems"])
# a road of speech: 架起连心桥, 铺就致富路, 走出新路
METAPHOR = re.compile(alternation(DATA["metaphor_verbs"]))
_CLAUSE = re.compile(r"[,;。:!?,;!?、\n“”]")
# a quoted slogan or brand: “宜居南街、和美家园”品牌, “平安大道”创建活动
SLOGAN_AFTER = re.compile(DATA["slogan_after"])
_SUFFIXES = alternation(SUFFIX["pattern"] + STREET["pattern"])
_STEM_SUFFIX = re.compile(rf"(?:{_SUFFIXES})$")

# (?<![第一二三四五六七八九十])[二三四五六七]环…, with the lookbehind after the numeral (spanning it)
# so that re skips quickly to the numerals
RING = re.compile(r"[二三四五六七](?<![第一二三四五六七八九十].)环(?:路)?(?![境保比节卫绕])")
GENERIC_END = re.compile(r"^(?:村级|镇级|区级|县级|乡级|农村)|(?:线桥|思路|出路|道路|线路|网路|套路|门路|马路|进路|断头路|支路|干路|次干路|主干路|跨线桥|立交桥|步行街|商业街)$|[条等各]")
# (?:地铁|轻轨|城际)?[N]+号线|(?:机场|地铁)[\u4e00-\u9fff]{0,3}线(?![路索上下]), written to start with a
# character class (see after_first)
_N = r"\d一二三四五六七八九十"
RAIL = re.compile(rf"[地轻城机{_N}](?:(?:{after_first('地铁|轻轨|城际')})[{_N}]+号线|(?<=[{_N}])[{_N}]*号线"
                  rf"|(?:{after_first('机场|地铁')})[\u4e00-\u9fff]{{0,3}}线(?![路索上下]))")


@register("roads")
def roads(ctx: Context):
    """Find roads by suffix, ring roads and rail lines."""
    out = suffix_names(ctx, alternation(SUFFIX["pattern"]), "Road", "roads:suffix",
                       max_chars=SUFFIX["max_chars"], min_stem=SUFFIX["min_stem"], tags=NAME_TAGS, exclude=SUFFIX["exclude"])
    out += suffix_names(ctx, alternation(STREET["pattern"]), "Road", "roads:suffix", max_chars=STREET["max_chars"],
                        min_stem=STREET["min_stem"], exclude=STREET["exclude"])
    # a two-character name + 线 (石湾线) is a road only in a sentence about roads
    for m in suffix_names(ctx, alternation(LINE["pattern"]), "Road", "roads:suffix", max_chars=LINE["max_chars"],
                          min_stem=LINE["min_stem"], exclude=LINE["exclude"]):
        sent = ctx.report.sentences[m.sentence]
        if len(m.name) == 3 and has_proper_name(ctx, m) and ROAD_CONTEXT.search(ctx.text, sent.start, sent.end):
            out.append(m)
    out = [m for m in out if not GENERIC_END.search(m.name) and m.name not in GENERIC_ROADS
           and not GENERIC_TAIL.search(m.name)]
    codes = []
    for m in CODE.finditer(ctx.text):
        mention = ctx.mention(m.start(), m.end(), "Road", "roads:code")
        if mention is not None:
            codes.append(mention)
    # a name does not run on past a coded road: not "M105线和京平城际铁路"
    out = [m for m in out if not any(m.start <= c.start and c.end < m.end for c in codes)] + codes
    # a place ending in 桥 is the county's town or village (马桥), not a road
    out = [m for m in out if not (m.name.endswith("桥") and official_level(ctx, m.name) in (4, 5))]
    for rx, rule in ((RING, "roads:ring"), (RAIL, "roads:rail")):
        for m in rx.finditer(ctx.text):
            mention = ctx.mention(m.start(), m.end(), "Road", rule)
            if mention is not None:
                out.append(mention)
    for s, e in listed_members(ctx, alternation(LIST["heads"]), exclude=LIST["exclude"]):
        m = ctx.mention(s, e, "Road", "roads:list")
        if m is not None:
            out.append(m)
    for m in NUMBERED.finditer(ctx.text):  # 号路 is rare: the numeral is read back from there
        start = m.start()
        while start > m.start() - 3 and ctx.text[start - 1] in _NUMERALS:
            start -= 1
        if start < m.start() and ctx.text[start - 1:start] not in _NUMERALS + "第" \
                and not excluded(ctx, m.end() - 1, m.end(), EXCLUDE):
            out.append(ctx.mention(start, m.end(), "Road", "roads:suffix"))
    out += _verb_stems(ctx)
    out = [_segment(ctx, _drop_verb(ctx, _whole_head(ctx, m))) for m in out
           if m is not None and not _slogan(ctx, m) and not _metaphor(ctx, m) and _proper_enough(ctx, m)]
    return [m for m in out if not _street_division(ctx, m) and not _quoted_speech(ctx, m)]


# a community's name right after X街 (小白楼街承德道社区): X街 is the street division
_COMMUNITY_AFTER = re.compile(DATA["division_street"]["community_after"])


def _street_division(ctx: Context, m) -> bool:
    """Tell whether X街 (or a place X桥) is a street division, not a road: the report writes X街道 (not
    X街道路), X街党工委, or a community's name right after it (X街Y社区); 市桥 when it writes 市桥街道."""
    if m.rule != "roads:suffix":
        return False
    if ctx.text[m.end:m.end + 1] == "街" and _COMMUNITY_AFTER.match(ctx.text, m.end + 1):  # 五大道 of 五大道街Y社区
        return True
    if not m.name.endswith(("街", "桥")) or m.name.endswith(("大街", "步行街")):
        return False
    if m.name.endswith("桥"):
        return m.name + "街道" in ctx.text
    if re.search(re.escape(m.name) + "(?:道(?![路口])|党工委|办事处)", ctx.text):
        return True
    return _COMMUNITY_AFTER.match(ctx.text, m.end) is not None


def _quoted_speech(ctx: Context, m) -> bool:
    """Tell whether a quoted road is a figure of speech (“烦心路”, “回家路”): the whole quote is the name
    and its stem is one word that is no name (a verb, adjective or common noun)."""
    if ctx.text[m.start - 1:m.start] != "“" or ctx.text[m.end:m.end + 1] != "”" or m.rule != "roads:suffix":
        return False
    t = ctx.tok_by_start.get(m.start)
    return t is not None and t.end == m.end - 1 and t.tag in SPEECH_TAGS


SPEECH_TAGS = frozenset(DATA["division_street"]["speech_tags"])


def _proper_enough(ctx: Context, m) -> bool:
    """A name ending in a suffix generic words end with too (公路, 绿道) needs a proper name, letter
    or digit in its stem: 沪宁高速公路, 滨江绿道, not 旅游公路, 健身绿道."""
    suffix = PROPER_SUFFIX.search(m.name)
    if suffix is None or m.rule not in ("roads:suffix", "roads:list"):
        return True
    stem_end = m.start + suffix.start()
    if ctx.text[m.start:stem_end] in GENERIC_STEMS:  # jieba tags 美丽, 城市 as places
        return False
    if re.search(r"[A-Za-z0-9]", ctx.text[m.start:stem_end]):
        return True
    i = ctx.tok_starts and bisect.bisect_left(ctx.tok_starts, m.start)
    tokens = ctx.tokens
    while i < len(tokens) and tokens[i].start < stem_end:
        if tokens[i].tag in PROPER_TAGS:
            return True
        i += 1
    return False


def _metaphor(ctx: Context, m) -> bool:
    """Tell whether a road is one of speech: a verb such as 架起, 铺就, 走出 before it in its clause, or
    inside the span a walk to the left took in (为民铺就致富路)."""
    lo = max(0, m.start - 10)
    cut = None
    for cut in _CLAUSE.finditer(ctx.text, lo, m.start):
        pass
    lo = cut.end() if cut is not None else lo
    return METAPHOR.search(ctx.text, lo, m.end - 1) is not None


def _slogan(ctx: Context, m) -> bool:
    """Tell whether a road's name is (part of) a quoted slogan or brand: “宜居南街”品牌."""
    if ctx.text.startswith(("创建", "品牌"), m.end):  # 平安大道创建活动
        return True
    q = ctx.text.rfind("“", max(0, m.start - 12), m.start + 1)
    return q != -1 and "”" not in ctx.text[q:m.start] and SLOGAN_AFTER.match(ctx.text, m.end) is not None


EXCLUDE = frozenset(SUFFIX["exclude"] + STREET["exclude"])


def _whole_head(ctx: Context, m):
    """Put back a one-character token cut off a clause's first name when one character is left of
    the stem (尚/勤路: jieba takes 尚 for an adverb)."""
    if m.rule != "roads:suffix" or m.start < 2 or _STEM_SUFFIX.search(m.name) is None \
            or _STEM_SUFFIX.search(m.name).start() != 1:
        return m
    t = ctx.tok_by_end.get(m.start)
    if t is None or len(t.text) != 1 or not _CLAUSE.match(ctx.text, m.start - 2):
        return m
    return ctx.mention(m.start - 1, m.end, m.type, m.rule) or m


def _drop_verb(ctx: Context, m):
    """Drop work verbs and time words that begin a road's name when a name of two or more characters is
    left (累计整治新山路 -> 新山路)."""
    if m.rule != "roads:suffix":
        return m
    return drop_lead(ctx, m, WORK_VERBS, _STEM_SUFFIX)


def _segment(ctx: Context, m):
    """Extend a road's name over a segment or extension written right after it (北延, 西段)."""
    if m.rule not in ("roads:suffix", "roads:list", "roads:code"):
        return m
    seg = SEGMENT.match(ctx.text, m.end)
    if seg is None:
        return m
    return ctx.mention(m.start, seg.end(), m.type, m.rule) or m


def segment_base(name: str) -> str | None:
    """Return the road a segment's name is of ('文化路北延' -> '文化路'), or None for a whole road's name."""
    m = _SEGMENT_TAIL.search(name)
    return name[:m.start()] if m is not None and m.start() >= 2 else None


def _verb_stems(ctx: Context) -> list:
    """Roads named with a work word jieba holds in one name token (建设路, 创新大道): the suffix rule
    leaves a stem that is a stop word, so these come from the tokens, outside lists of roads' parts."""
    out = []
    tokens = ctx.tokens
    for i in ctx.tag_indexes(("nt", "ns", "nz")):
        t = tokens[i]
        if t.text[:2] not in STOP_WORDS:
            continue
        suffix = _STEM_SUFFIX.search(t.text)
        if suffix is None or t.text[:suffix.start()] not in STOP_WORDS:
            continue
        if excluded(ctx, t.start + suffix.start(), t.end, EXCLUDE):
            continue
        m = ctx.mention(t.start, t.end, "Road", "roads:suffix")
        if m is not None:
            out.append(m)
    return out
