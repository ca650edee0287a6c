"""Facilities: named buildings, parks, industrial parks, stations, plants, hospitals, schools, markets.

e.g. 'X医院', 'X城市生态休闲公园', 'X工业园', '镇级消防站', 'X再生水厂', 'X产业园'
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context, word_tag
from govkg.extract.lexicon import GENERIC
from govkg.extract.official import named_after_place
from govkg.extract.rules import NAME_TAGS, alternation, has_proper_name, kind_data, listed_members, suffix_names

DATA = kind_data("facilities")
SUFFIX = DATA["suffix"]

SUFFIXES = alternation(SUFFIX["pattern"])
NOT_FACILITY = re.compile(r"^\d|^(?:国家|省|自治区)级|^(?:镇区|镇域|镇内|辖区|城区)|垃圾中转站$|^多功能|^(?:各类|各|全|一批|多个|新建|小|大|该|部分|市级|区级|镇级|村级)?(?:公园|广场|医院|学校|市场|公寓|楼|厂|谷|港|基地|中心)$|"
                          r"(?:楼宇|楼层|高楼|大楼|危楼|山谷|低谷|峡谷|河谷|港口|香港|小公寓|工厂)$")


@register("facilities")
def facilities(ctx: Context):
    """Find facilities by their kind suffix (医院, 公园, 产业园, 消防站 …) and as list members."""
    out = suffix_names(ctx, SUFFIXES, "Facility", "facilities:suffix", max_chars=SUFFIX["max_chars"],
                       min_stem=SUFFIX["min_stem"], tags=NAME_TAGS, exclude=SUFFIX["exclude"])
    # members of a counted list of facilities: "甲厂、乙公寓等12个小公寓"
    for s, e in listed_members(ctx, f"[\u4e00-\u9fff]{{0,2}}(?:{LIST_HEADS})"):
        m = ctx.mention(s, e, "Facility", "facilities:list")
        if m is not None and len(m.name) >= 3:
            out.append(m)
    # a member of a list of projects named by a facility's kind: "甲影视园、乙创业中心等项目"
    for s, e in listed_members(ctx, "项目"):
        if e - s >= 4 and _SUFFIX_RX.search(ctx.text, s, e):
            m = ctx.mention(s, e, "Facility", "facilities:list")
            if m is not None:
                out.append(m)
    out = [_verb_trimmed(ctx, m) for m in out]
    # a facility is named (a proper noun), ranked (镇级消防站), listed, or long enough to be a full title;
    # not a word its suffix opens (厂房, 楼道), nor a common word or words before a weak suffix (农贸市场,
    # 影视拍摄基地: a kind of place, not one place)
    out = [m for m in out if m is not None and not NOT_FACILITY.search(m.name) and not re.search(r"[,、;:]", m.name)
           and not _described(m.name) and not _suffix_runs_on(ctx, m) and not _common_words(ctx, m)]
    named = [m for m in out if m.rule == "facilities:list" or has_proper_name(ctx, m, _suffix_start(m)) or named_after_place(m.name)
             or _named_stem(ctx, m) or RANKED.match(m.name) or ORDINAL_STEM.match(m.name) or len(m.name) >= 7]
    return named + _list_neighbours(ctx, [m for m in out if m not in named], named)


def _list_neighbours(ctx: Context, unnamed: list, named: list) -> list:
    """A facility's name of plain words between named facilities of a 、-list, or next to one when its
    suffix is no weak one (基地, 市场 …): 甲中学新校区、新兴小学、第三幼儿园 (one place among places)."""
    ends, starts = {m.end for m in named}, {m.start for m in named}
    out = []
    for m in unnamed:
        after = ctx.text.startswith("、", m.end) and m.end + 1 in starts
        before = m.start >= 1 and ctx.text[m.start - 1] == "、" and m.start - 1 in ends
        if len(m.name) >= 4 and (after and before or (after or before) and not WEAK.search(m.name)):
            out.append(m)
    return out


LIST_HEADS = alternation(DATA["list_heads"])
# a facility of a division's own (镇级消防站, 镇敬老院)
RANKED = re.compile(DATA["ranked"])


def _verb_trimmed(ctx: Context, m):
    """Drop a verb before a name that starts with a place's name: 保障|北京X医院 -> 北京X医院; start after
    a verb that follows another facility or project inside the name: 甲中学结对|乙高级中学 -> 乙高级中学."""
    if m is None:
        return m
    for t in ctx.tokens_in(m.start + 2, m.end - 2):
        if t.tag == "v" and len(t.text) >= 2 and INNER_END.search(ctx.text, m.start, t.start):
            return ctx.mention(t.end, m.end, m.type, m.rule) or m
    tok = ctx.tok_by_start.get(m.start)
    if tok is not None and tok.tag == "v" and tok.end < m.end and named_after_place(ctx.text[tok.end:m.end]):
        return ctx.mention(tok.end, m.end, m.type, m.rule) or m
    return m


DESCRIPTIVE = set(DATA["descriptive_stems"])
INNER_END = re.compile(f"(?:{SUFFIXES}|项目|工程)$")
NOUN_TAGS = {"n", "nz", "ns", "nr", "nt", "j", "ng", "nrt", "nrfg"}
_SUFFIX_RX = re.compile(f"(?:{SUFFIXES})$")


def _described(name: str) -> bool:
    """Tell whether a facility is only described by the one word of its function (养老服务中心, 文旅综合体), unranked."""
    sfx = _SUFFIX_RX.search(name)
    return sfx is not None and name[:sfx.start()] in FUNCTION_STEMS and not RANKED.match(name)


FUNCTION_STEMS = set(DATA["function_stems"])


def _named_stem(ctx: Context, m) -> bool:
    """A stem of two to five characters that starts with a noun token and is no descriptive word
    (普惠, 综合, 便民 …) names its facility: 青石南站, 锦山山庄, 书香青石阅读吧."""
    sfx = _SUFFIX_RX.search(m.name)
    if sfx is None:
        return False
    stem = m.name[:sfx.start()]
    tok = ctx.tok_by_start.get(m.start)
    if not 2 <= len(stem) <= 5 or tok is None or tok.tag not in NOUN_TAGS:
        return False
    return not any(stem.startswith(w) for w in DESCRIPTIVE) and stem not in GENERIC


WEAK = re.compile(f"(?:{alternation(DATA['weak_suffixes'])})$")
COMMON_TAGS = frozenset(DATA["common_tags"])
LEVEL_STEMS = frozenset(DATA["level_stems"])
COMMON_WORD_TAGS = COMMON_TAGS - {"nr"}  # a whole name jieba knows as a person's (东岳庙) is a name
ORDINAL_STEM = re.compile(r"第[一二三四五六七八九十\d]+")


def _suffix_start(m) -> int:
    sfx = _SUFFIX_RX.search(m.name)
    return m.start + (sfx.start() if sfx is not None else len(m.name) - 2)


def _suffix_runs_on(ctx: Context, m) -> bool:
    """Tell whether the suffix opens a longer jieba word: 厂 in 厂房, 楼 in 楼道 (no name ends there)."""
    tok = ctx.token_at(m.end - 1)
    return tok is not None and tok.end > m.end and tok.start >= _suffix_start(m)


def _common_words(ctx: Context, m) -> bool:
    """Tell whether a name is one dictionary word (农贸市场, 居民小区), a level word and its suffix
    (乡镇卫生院), or a weak suffix (基地, 广场, 市场 …) after one descriptive word (专业市场) or
    two or more common dictionary words (饲草饲料基地, 市民休闲广场): a kind of place.
    Unranked, and not after a place's name."""
    if RANKED.match(m.name) or named_after_place(m.name):
        return False
    tok = ctx.token_at(m.start)
    if tok is not None and tok.start == m.start and tok.end == m.end:
        return tok.tag in COMMON_WORD_TAGS and word_tag(tok.text) is not None
    end = _suffix_start(m)
    stem = ctx.text[m.start:end]
    if stem in LEVEL_STEMS:
        return True  # 乡镇卫生院
    if not WEAK.search(m.name):
        return False
    if stem in DESCRIPTIVE:
        return True  # 专业市场, 智慧牧场
    toks = ctx.tokens_in(m.start, end)
    return len(toks) >= 2 and toks[0].start == m.start and toks[-1].end == end and all(
        len(t.text) >= 2 and t.tag in COMMON_TAGS and word_tag(t.text) is not None for t in toks)

