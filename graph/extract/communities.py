"""Communities: 社区, 小区 and residential compounds (X园一期, X山庄三区, X家园北区).

e.g. '长青园社区', '天府花园小区', '碧水山庄二区', '锦绣苑北区'
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.official import official_mentions
from govkg.extract.rules import after_first, alternation, kind_data, listed_members, suffix_names

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
    out = [m for m in out if m is not None and m.name not in NOT_NAMES]
    for s, e in listed_members(ctx, "社区|小区"):
        m = ctx.mention(s, e, "Community", "communities:list")
        if m is not None:
            out.append(m)
    out += official_mentions(ctx, "Community", "communities")
    return out
