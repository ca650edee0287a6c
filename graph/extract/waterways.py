"""Waterways: rivers, canals, channels and lakes (X河, X灌渠, X运河, X湖), and in water context the
Jiangnan heads (X浜, X泾, X港, X塘, X荡, X溪, X沟).

e.g. '清水河', '东风灌渠', '团结沟' (在 "完成清淤疏浚" 的句子里)

Suffixes, excluded words and the water-context words are data (``kinds/waterways.json``). A
name that is a division's (浙江, 镇江, 河南) or one of the county's towns or villages is no waterway.
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.lexicon import GENERIC
from govkg.extract.official import official_level
from govkg.extract.rules import STRICT_TAGS, alternation, kind_data, suffix_names

DATA = kind_data("waterways")
SUFFIX, WATER_SUFFIX = DATA["suffix"], DATA["water_suffix"]
NOT_IN_NAME = re.compile(alternation(DATA["not_in_name"]))  # 河长巡河 is a patrol, not a river
WATER_CONTEXT = re.compile(alternation(DATA["water_context"]))


def _water_sentence(ctx: Context, offset: int) -> bool:
    i = ctx.sentence_at(offset)
    if i < 0:
        return False
    s = ctx.report.sentences[i]
    return WATER_CONTEXT.search(ctx.text, s.start, s.end) is not None


@register("waterways")
def waterways(ctx: Context):
    """Find waterways by suffix; a bare two-character river (X河, X江, X湖) and the Jiangnan heads
    only in a sentence about water; never a division's, town's or village's name."""
    places = [ctx.tokens[i] for i in ctx.tag_indexes(("ns",))]
    out = [ctx.mention(t.start, t.end, "Waterway", "waterways:token") for t in places
           if len(t.text) == 2 and t.text[-1] in "河江湖" and t.text not in GENERIC
           and (t.start == 0 or not re.match(r"[\u4e00-\u9fff]", ctx.text[t.start - 1])
                or getattr(ctx.tok_by_end.get(t.start), "tag", "x") not in STRICT_TAGS)
           and not re.match(r"[长道流南北东西]", ctx.text[t.end:t.end + 1]) and _water_sentence(ctx, t.start)]
    out += suffix_names(ctx, alternation(SUFFIX["pattern"]), "Waterway", "waterways:suffix", max_chars=SUFFIX["max_chars"],
                        min_stem=SUFFIX["min_stem"], exclude=SUFFIX["exclude"])
    out += [m for m in suffix_names(ctx, alternation(WATER_SUFFIX["pattern"]), "Waterway", "waterways:suffix",
                                    max_chars=WATER_SUFFIX["max_chars"], min_stem=WATER_SUFFIX["min_stem"],
                                    exclude=WATER_SUFFIX["exclude"])
            if _water_sentence(ctx, m.start) and m.name not in GENERIC]
    # a province's, city's or the county's town's name is no waterway (浙江, 镇江); counties
    # nationwide (清水河县) and villages are often named after their river
    return [m for m in out if m is not None and official_level(ctx, m.name) not in (1, 2, 4)
            and not NOT_IN_NAME.search(m.name)]
