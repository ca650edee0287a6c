"""Roads: 路 街 大街 大道 高速 公路 环 桥 路口 and rail lines (X线, N号线).

e.g. '长虹路', '解放大街', '沪陕高速', '五环', '规划二路', '地铁3号线'
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.official import official_level
from govkg.extract.rules import NAME_TAGS, after_first, alternation, has_proper_name, kind_data, listed_members, suffix_names

DATA = kind_data("roads")
SUFFIX, STREET, LIST, LINE = DATA["suffix"], DATA["street"], DATA["list"], DATA["line"]
# national, provincial, county and rural roads by code: G318, S207青山线, X205线, 321国道
CODE = re.compile(DATA["code"])
ROAD_CONTEXT = re.compile(alternation(LINE["road_context"]))
GENERIC_ROADS = set(DATA["generic_names"])

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
    out = [m for m in out if not GENERIC_END.search(m.name) and m.name not in GENERIC_ROADS]
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
    return out
