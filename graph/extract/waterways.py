"""Waterways: rivers, canals, channels and lakes (X河, X灌渠, X运河, X湖), and in water context the
Jiangnan heads (X浜, X泾, X港, X塘, X荡, X溪, X沟) and numbered channels (一号沟).

e.g. '清水河', '东风灌渠', '团结沟' (在 "完成清淤疏浚" 的句子里)

Suffixes, excluded words and the water-context words are data (``kinds/waterways.json``). A
water word such as 清淤 or 河道 makes the whole sentence about water; a weak one (治理, 生态, 整治)
only its clause. A name that is a division's (浙江, 镇江, 河南) or one of the county's towns or
villages is no waterway, nor is a generic ditch or pond (排水沟, 鱼塘), a riverside (滨湖, 沿江) or
a campaign (清河行动).
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.lexicon import GENERIC
from govkg.extract.official import official_level
from govkg.extract.rules import STRICT_TAGS, after_first, alternation, drop_lead, kind_data, suffix_names
from govkg.extract.workitems import COMPLETE_VERBS, CONCRETE_VERBS, GENERAL_VERBS, ONGOING_VERBS

DATA = kind_data("waterways")
SUFFIX, WATER_SUFFIX = DATA["suffix"], DATA["water_suffix"]
NOT_IN_NAME = re.compile(alternation(DATA["not_in_name"]))  # 河长巡河 is a patrol, not a river
WATER_CONTEXT = re.compile(alternation(DATA["water_context"]))
WEAK_CONTEXT = re.compile(alternation(DATA["weak_water_context"]))
GENERIC_END = re.compile(f"(?:{alternation(DATA['generic_ends'])})$")
CAMPAIGN = re.compile(alternation(DATA["campaign_after"]))
TOKEN_NOT_BEFORE = re.compile(f"[{DATA['token_not_before']}]")
# numbered channels: 一号沟, 3号渠 (号沟, then the numeral before it)
NUMBERED = re.compile(DATA["numbered"])
_NUMERALS = "一二三四五六七八九十0123456789"
# a river named before 流域 (小清河流域): 河流 is no river's end there
BASIN = "[河江](?=流域)"
# a channel or reservoir named by a direction alone: 南干渠
SHORT = DATA["short_stem"]
SHORT_RX = f"[{''.join(w[0] for w in SHORT['pattern'])}](?:{after_first('|'.join(SHORT['pattern']))})"
SHORT_SUFFIX = re.compile(f"(?:{alternation(SHORT['pattern'])})$")
_CLAUSE_END = re.compile(r"[,;。:!?,;!?\n]")


def _water_sentence(ctx: Context, offset: int) -> bool:
    i = ctx.sentence_at(offset)
    if i < 0:
        return False
    s = ctx.report.sentences[i]
    if WATER_CONTEXT.search(ctx.text, s.start, s.end) is not None:
        return True
    # a weak water word counts in the name's own clause only
    lo = max((ctx.text.rfind(c, s.start, offset) for c in ",;:,;"), default=-1)
    lo = s.start if lo < s.start else lo
    hi = _CLAUSE_END.search(ctx.text, offset, s.end)
    return WEAK_CONTEXT.search(ctx.text, lo, hi.start() if hi else s.end) is not None


WORK_VERBS = frozenset(CONCRETE_VERBS + COMPLETE_VERBS + ONGOING_VERBS + GENERAL_VERBS)
_SUFFIX_END = re.compile(f"(?:{alternation(SUFFIX['pattern'] + WATER_SUFFIX['pattern'])})$")
# a channel written after its village or town (柳溪村三支渠): the channel's name is what follows
LEAD_PLACE = re.compile(DATA["lead_place"])


def _lead_place(ctx: Context, m):
    c = LEAD_PLACE.match(m.name)
    return (ctx.mention(m.start + c.end(), m.end, m.type, m.rule) or m) if c else m


@register("waterways")
def waterways(ctx: Context):
    """Find waterways by suffix; a bare two-character river (X河, X江, X湖) and the Jiangnan heads
    only in a sentence about water; never a division's, town's or village's name."""
    text = ctx.text
    places = [ctx.tokens[i] for i in ctx.tag_indexes(("ns",))]
    tokens = [ctx.mention(t.start, t.end, "Waterway", "waterways:token") for t in places
              if len(t.text) == 2 and t.text[-1] in "河江湖" and t.text not in GENERIC
              and (t.start == 0 or not re.match(r"[\u4e00-\u9fff]", text[t.start - 1])
                   or getattr(ctx.tok_by_end.get(t.start), "tag", "x") not in STRICT_TAGS)
              and not TOKEN_NOT_BEFORE.match(text, t.end) and _water_sentence(ctx, t.start)]
    out = suffix_names(ctx, alternation(SUFFIX["pattern"]), "Waterway", "waterways:suffix", max_chars=SUFFIX["max_chars"],
                       min_stem=SUFFIX["min_stem"], exclude=SUFFIX["exclude"])
    out += [m for m in suffix_names(ctx, SHORT_RX, "Waterway", "waterways:suffix", max_chars=3, min_stem=1)
            if len(m.name) - len(SHORT_SUFFIX.search(m.name).group(0)) == 1 and m.name[0] in SHORT["stem"]]
    out += suffix_names(ctx, BASIN, "Waterway", "waterways:suffix", max_chars=SUFFIX["max_chars"], min_stem=SUFFIX["min_stem"])
    out += [m for m in suffix_names(ctx, alternation(WATER_SUFFIX["pattern"]), "Waterway", "waterways:suffix",
                                    max_chars=WATER_SUFFIX["max_chars"], min_stem=WATER_SUFFIX["min_stem"],
                                    exclude=WATER_SUFFIX["exclude"])
            if _water_sentence(ctx, m.start) and m.name not in GENERIC]
    for m in NUMBERED.finditer(text):
        start = m.start()
        while start > m.start() - 3 and text[start - 1] in _NUMERALS:
            start -= 1
        if start < m.start() and text[start - 1:start] not in _NUMERALS + "第" and _water_sentence(ctx, start):
            out.append(ctx.mention(start, m.end(), "Waterway", "waterways:suffix"))
    # a two-character river inside a longer river's name is that river's part (泾河 in 横泾河)
    out = [_lead_place(ctx, drop_lead(ctx, m, WORK_VERBS, _SUFFIX_END)) for m in out if m is not None]
    out += [t for t in tokens if t is not None and not any(m.start <= t.start and t.end <= m.end for m in out)]
    # a province's, city's or the county's town's name is no waterway (浙江, 镇江); counties
    # nationwide (清水河县) and villages are often named after their river
    return [m for m in out if official_level(ctx, m.name) not in (1, 2, 4)
            and not NOT_IN_NAME.search(m.name) and not GENERIC_END.search(m.name)
            and not (len(m.name) == 2 and m.name[0] in DATA["not_first"])
            and not CAMPAIGN.match(text, m.end)]
