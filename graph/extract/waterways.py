"""Waterways: rivers, canals, channels and lakes (X河, X灌渠, X运河, X湖).

e.g. '清水河', '东风灌渠'
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.lexicon import GENERIC
from govkg.extract.rules import STRICT_TAGS, alternation, kind_data, suffix_names

DATA = kind_data("waterways")
SUFFIX = DATA["suffix"]


@register("waterways")
def waterways(ctx: Context):
    """Find waterways by suffix; a river name glued to a road or village name is not one."""
    places = [ctx.tokens[i] for i in ctx.tag_indexes(("ns",))]
    out = [ctx.mention(t.start, t.end, "Waterway", "waterways:token") for t in places
           if len(t.text) == 2 and t.text[-1] in "河江湖" and t.text not in GENERIC
           and (t.start == 0 or not re.match(r"[\u4e00-\u9fff]", ctx.text[t.start - 1])
                or getattr(ctx.tok_by_end.get(t.start), "tag", "x") not in STRICT_TAGS)
           and not re.match(r"[长道流南北东西]", ctx.text[t.end:t.end + 1])]
    return [m for m in out if m is not None] + suffix_names(
        ctx, alternation(SUFFIX["pattern"]), "Waterway", "waterways:suffix", max_chars=SUFFIX["max_chars"],
        min_stem=SUFFIX["min_stem"], exclude=SUFFIX["exclude"])
