"""Communities: 社区, 小区, residents' committees (X居委会, and lists of X居: 南街居、北街居) and
residential compounds (X园一期, X山庄三区, X家园北区).

e.g. '长青园社区', '天府花园小区', '碧水山庄二区', '锦绣苑北区', '城东居委会'
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import HAN, Context
from govkg.extract.official import official_mentions
from govkg.extract.rules import after_first, alternation, kind_data, listed_members, suffix_names, walk_left

DATA = kind_data("communities")
SUFFIX, ESTATES = DATA["suffix"], DATA["estate"]

_NUM = "一二三四五六七八九十\\d"
ESTATE = "园|苑|家园|花园|山庄|佳园|嘉园|新城|小区|公寓|里"
# (?:ESTATE)(?:[N]+期)|(?:ESTATE)?(?:[N]+区|[东南西北中][区里]|[甲乙丙丁]区), written to start with
# a character class (see after_first)
COMPOUND = (rf"[{''.join(w[0] for w in ESTATE.split('|'))}{_NUM}东南西北中甲乙丙丁]"
            rf"(?:(?:{after_first(ESTATE)})(?:[{_NUM}]+期)|(?:{after_first(ESTATE)})(?:[{_NUM}]+区|[东南西北中][区里]|[甲乙丙丁]区)"
            rf"|(?<=[{_NUM}])[{_NUM}]*区|(?<=[东南西北中])[区里]|(?<=[甲乙丙丁])区)")
NOT_COMMUNITY = re.compile(r"(?:老旧|^各|^全|^部分|^所有|产业园|影视园|工业园|科技园|公墓|^[一二三四五六七八九十\d]+期$|^[东南西北中]区$|产业|工业|园区|城区|示范区|功能区|开发区|[一二三四五六七八九十]期工程|家园$|花园$)")


# an estate name followed by 小区/社区 is the start of a longer community name
ESTATE_EXCLUDE = [s + w for s in ESTATES["pattern"] for w in ESTATES["not_before"]]


CHAIN = re.compile(DATA["chain"])
NOT_NAMES = set(DATA["not_names"])
HONOUR = re.compile(DATA["honour_lead"])  # 省级绿色社区 is an honour, not a name
GENERIC_STEMS = re.compile(DATA["generic_stems"])  # 平安小区, 智慧小区: a kind of compound
COMMITTEE = DATA["committee"]
NOT_AFTER = re.compile(f"(?:{alternation(COMMITTEE['not_after'])})$")
JU_LIST = re.compile("居、")


def _committees(ctx: Context) -> list:
    """X居委会 (not X社区居委会, X村委会): the committee's community."""
    out = []
    for m in suffix_names(ctx, alternation(COMMITTEE["pattern"]), "Community", "communities:suffix", max_chars=8,
                          min_stem=2):
        stem = re.sub(f"(?:{alternation(COMMITTEE['pattern'])})$", "", m.name)
        if not NOT_AFTER.search(stem) and not NOT_COMMUNITY.search(m.name) and not HONOUR.search(m.name):
            out.append(m)
    return [m for m in out if m is not None]


def _ju_lists(ctx: Context) -> list:
    """Lists of residents' committees written X居: 南街居、北街居 (every member ends in 居, stems of
    two or more characters: not 宜居、宜业)."""
    out = []
    text = ctx.text
    for m in JU_LIST.finditer(text):
        ends = [m.start() + 1]
        pos = m.end()
        while True:  # the members after the first: X居、 ... X居
            j = pos
            while j < len(text) and j - pos < 5 and HAN.match(text[j]) and text[j] != "居":
                j += 1
            if j >= len(text) or text[j] != "居" or j - pos < 2:
                break
            ends.append(j + 1)
            if text[j + 1:j + 2] != "、":
                break
            pos = j + 2
        if len(ends) < 2 or (ends[-1] < len(text) and text[ends[-1]] in DATA["ju_list_not_before"]):
            continue
        spans = [(walk_left(ctx, ends[0] - 1, 4), ends[0])] + [(text.rindex("、", 0, e) + 1, e) for e in ends[1:]]
        if all(e - s >= 3 for s, e in spans):
            out += [ctx.mention(s, e, "Community", "communities:list") for s, e in spans]
    return [m for m in out if m is not None]


def _chain_tail(ctx: Context, m):
    c = CHAIN.match(m.name) if m is not None else None
    return ctx.mention(m.start + c.end(), m.end, m.type, m.rule) if c else m


@register("communities")
def communities(ctx: Context):
    """Find communities by suffix (社区, 小区, 期/区 of a compound) and counted lists."""
    out = [m for m in suffix_names(ctx, alternation(SUFFIX["pattern"]), "Community", "communities:suffix",
                                   max_chars=SUFFIX["max_chars"], min_stem=SUFFIX["min_stem"], exclude=SUFFIX["exclude"])
           if not NOT_COMMUNITY.search(m.name)]
    out += [m for m in suffix_names(ctx, COMPOUND, "Community", "communities:compound", max_chars=7, min_stem=2,
                                    exclude=DATA["compound"]["exclude"])
            if not NOT_COMMUNITY.search(m.name)]
    out += suffix_names(ctx, alternation(ESTATES["pattern"]), "Community", "communities:estate",
                        max_chars=ESTATES["max_chars"], min_stem=ESTATES["min_stem"], exclude=ESTATE_EXCLUDE)
    out += suffix_names(ctx, DATA["lettered"], "Community", "communities:compound", max_chars=7, min_stem=2)
    # a chain X街道Y村Z小区 names the compound Z小区 (its town and village are found by their rules)
    out = [_chain_tail(ctx, m) for m in out]
    out = [m for m in out if m is not None and m.name not in NOT_NAMES and not HONOUR.search(m.name)
           and not GENERIC_STEMS.search(m.name)]
    out += _committees(ctx) + _ju_lists(ctx)
    # "甲社区、乙社区3个社区" is a list without 等: counted lists only where a count heads one
    counted = "个社区" in ctx.text or "个小区" in ctx.text
    for s, e in listed_members(ctx, "社区|小区", counted=counted):
        m = ctx.mention(s, e, "Community", "communities:list")
        if m is not None:
            out.append(m)
    out += official_mentions(ctx, "Community", "communities")
    return [m for m in out if m is not None]
