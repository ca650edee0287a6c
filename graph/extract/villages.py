"""Villages: X村, and members of counted village lists ("甲庄、乙庄等N个村").

e.g. '南汇村', '王家庄、李家庄等村' gives 王家庄 and 李家庄
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.official import official_mentions
from govkg.extract.rules import alternation, kind_data, listed_members, suffix_names

DATA = kind_data("villages")
SUFFIX, LIST = DATA["suffix"], DATA["list"]

# a village is not named after the division it lies in ("镇X村" is "the town's X village")
NOT_VILLAGE = re.compile(r"^[镇乡区县市省]|^(?:各|全|本|该|所有|部分)")


@register("villages")
def villages(ctx: Context):
    """Find villages by the 村 suffix and by counted lists whose head noun is 村."""
    out = suffix_names(ctx, alternation(SUFFIX["pattern"]), "Village", "villages:suffix", max_chars=SUFFIX["max_chars"],
                       min_stem=SUFFIX["min_stem"], exclude=SUFFIX["exclude"], reject=NOT_VILLAGE)
    for s, e in listed_members(ctx, alternation(LIST["heads"]), exclude=LIST["exclude"]):
        if ctx.text[e - 1] != "村" or e - s > 2:
            m = ctx.mention(s, e, "Village", "villages:list")
            if m is not None:
                out.append(m)
    out += official_mentions(ctx, "Village", "villages")
    return out
