"""Villages: X村 and X嘎查, members of village lists ("甲庄、乙庄等N个村", "甲、乙4个村委会"), and the
official villages of the report's county written without 村 (``official.py``).

e.g. '南汇村', '王家庄、李家庄等村' gives 王家庄 and 李家庄; '云台镇马桥村' gives the village 马桥村
(and the town 云台镇 from the division rules)

Suffixes, list heads, excluded words and the name checks are data (``kinds/villages.json``).
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.official import official_mentions
from govkg.extract.rules import alternation, kind_data, listed_members, suffix_names

DATA = kind_data("villages")
SUFFIX, LIST = DATA["suffix"], DATA["list"]
# a village is not named after the division it lies in ("镇X村" is "the town's X village"), nor
# is 农村, 度假村, 四星级村 a village's name
NOT_VILLAGE = re.compile(DATA["not_village"])
# a chain "X镇Y村" names the village Y村
CHAIN = re.compile(DATA["chain"])
LEAD = re.compile(DATA["lead_trim"])


@register("villages")
def villages(ctx: Context):
    """Find villages by suffix, by lists whose head noun is 村, and from the gazetteer."""
    out = []
    for m in suffix_names(ctx, alternation(SUFFIX["pattern"]), "Village", "villages:suffix",
                          max_chars=SUFFIX["max_chars"] + 4, min_stem=SUFFIX["min_stem"], exclude=SUFFIX["exclude"]):
        start = m.start
        c = CHAIN.match(m.name)
        if c:
            start += len(c.group(1))
        lead = LEAD.match(ctx.text[start:m.end])
        if lead:
            start += lead.end()
        if m.end - start > SUFFIX["max_chars"] or NOT_VILLAGE.search(ctx.text[start:m.end]) \
                or m.end - start - 1 < SUFFIX["min_stem"]:
            continue
        out.append(ctx.mention(start, m.end, "Village", m.rule) if start != m.start else m)
    for s, e in listed_members(ctx, alternation(LIST["heads"]), exclude=LIST["exclude"], counted=True):
        if ctx.text[e - 1] != "村" or e - s > 2:
            m = ctx.mention(s, e, "Village", "villages:list")
            if m is not None and not NOT_VILLAGE.search(m.name):
                out.append(m)
    out += official_mentions(ctx, "Village", "villages")
    return [m for m in out if m is not None]
