"""Villages: X村, X嘎查 and X屋场, members of village lists ("甲庄、乙庄等N个村", "甲、乙4个村委会",
"甲、乙2个示范村", "甲、乙两村"), the village of a committee (X村民委员会, X村两委), natural villages written right after their village ("柳溪村王家湾、
李家湾"), and the official villages of the report's county written without 村 (``official.py``).

e.g. '南汇村', '王家庄、李家庄等村' gives 王家庄 and 李家庄; '云台镇马桥村' gives the village 马桥村
(and the town 云台镇 from the division rules); '龙潭村上岭屯' gives 龙潭村 and 上岭屯

Suffixes, list heads, natural villages' heads, excluded words and the name checks are data
(``kinds/villages.json``).
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.lexicon import STOP_WORDS
from govkg.extract.official import official_mentions
from govkg.extract.rules import after_first, alternation, drop_lead, excluded, kind_data, listed_members, suffix_names, walk_left
from govkg.extract.workitems import COMPLETE_VERBS, CONCRETE_VERBS, GENERAL_VERBS, ONGOING_VERBS

DATA = kind_data("villages")
SUFFIX, LIST, GACHA, NATURAL = DATA["suffix"], DATA["list"], DATA["gacha"], DATA["natural"]
# a village is not named after the division it lies in ("镇X村" is "the town's X village"), nor
# is 农村, 度假村, 四星级村, 美丽屋场 a village's name
NOT_VILLAGE = re.compile(DATA["not_village"])
# a chain "X镇Y村" names the village Y村
CHAIN = re.compile(DATA["chain"])
LEAD = re.compile(DATA["lead_trim"])
# a one-character stem takes a position word before it: 后冲村 (jieba: 后 / 冲村)
SHORT_LEAD = re.compile(DATA["short_lead"])
HEADS = alternation(LIST["heads"]) + "|" + LIST["modified_head"]
LIST_EXCLUDE = frozenset(LIST["exclude"])
_CJK = "\u4e00-\u9fff"
_HEAD = alternation(NATURAL["heads"])
# natural villages right after a village: 柳溪村王家湾、李家湾
NATURAL_RUN = re.compile(rf"[{_CJK}]{{1,4}}?(?:{_HEAD})(?:[、和及与][{_CJK}]{{1,4}}?(?:{_HEAD}))*")
NATURAL_ITEM = re.compile(rf"[{_CJK}]{{1,4}}?(?:{_HEAD})")
PAIR = re.compile(DATA["counted_pair"])
# 村|屋场 written to start with a character class (see after_first)
SUFFIX_RX = f"[{''.join(w[0] for w in SUFFIX['pattern'])}](?:{after_first('|'.join(SUFFIX['pattern']))})"
GACHA_RUN = re.compile(rf"(?:(?<=[、,。;:“(（\n])|(?<=苏木))([{_CJK}]{{2,6}}?)(?:{alternation(GACHA['pattern'])})")
_NUMBER = {c: i for i, c in enumerate("零一两三四五六七八九十")} | {"二": 2}


WORK_VERBS = frozenset(CONCRETE_VERBS + COMPLETE_VERBS + ONGOING_VERBS + GENERAL_VERBS)
_SUFFIX_END = re.compile(f"(?:{alternation(SUFFIX['pattern'])})$")


def _suffixed(ctx: Context, pattern: str, max_chars: int) -> list:
    out = []
    for m in suffix_names(ctx, pattern, "Village", "villages:suffix", max_chars=max_chars + 4, min_stem=1,
                          exclude=SUFFIX["exclude"]):
        start = m.start
        c = CHAIN.match(m.name)
        if c:
            start += len(c.group(1))
        dropped = drop_lead(ctx, m, WORK_VERBS, _SUFFIX_END)  # 今年茄苪村, 硬化村 is left alone
        start = max(start, dropped.start)
        lead = LEAD.match(ctx.text[start:m.end])
        if lead:
            start += lead.end()
        suffix = re.search(f"(?:{pattern})$", m.name).group(0)
        if m.end - start - len(suffix) == 1 and start >= 1 and SHORT_LEAD.fullmatch(ctx.text[start - 1]) \
                and (start < 2 or not re.match(f"[{_CJK}]", ctx.text[start - 2])):
            start -= 1
        if m.end - start > max_chars or NOT_VILLAGE.search(ctx.text[start:m.end]) \
                or m.end - start - len(suffix) < SUFFIX["min_stem"]:
            continue
        out.append(ctx.mention(start, m.end, "Village", m.rule) if start != m.start else m)
    return out


def _natural(ctx: Context, villages: list) -> list:
    """Natural villages written right after their village: 柳溪村王家湾、李家湾, 龙潭村上岭屯."""
    out = []
    for v in villages:
        if v is None or not v.name.endswith("村"):
            continue
        run = NATURAL_RUN.match(ctx.text, v.end)
        if run is None or ctx.text[v.end] in NATURAL["not_first"]:
            continue
        for item in NATURAL_ITEM.finditer(ctx.text, run.start(), run.end()):
            s, e = item.span()
            if s != run.start() and ctx.text[s - 1] not in "、和及与":
                break
            # whole words (the first may share a token with 村: 龙潭村上岭屯), none a verb or function word
            first = ctx.tok_by_start.get(s)
            if (first is None and s != v.end) or ctx.tok_by_end.get(e) is None or "村" in item.group(0) \
                    or excluded(ctx, e - 1, e, LIST_EXCLUDE) or (first is not None and (
                        first.tag in ("v", "vn", "d", "p", "c", "r", "m") or first.text in STOP_WORDS)):
                break
            m = ctx.mention(s, e, "Village", "villages:list")
            if m is not None:
                out.append(m)
    return out


def _pairs(ctx: Context) -> tuple[list, list]:
    """Members of "甲、乙两村": as many names as the numeral says; and the ends of such lists."""
    out, ends = [], []
    for p in PAIR.finditer(ctx.text):
        if excluded(ctx, p.end() - 1, p.end(), LIST_EXCLUDE):
            continue
        n = _NUMBER[ctx.text[p.start()]]
        seg = re.search(rf"[{_CJK}、]*$", ctx.text[max(0, p.start() - 6 * n):p.start()]).group(0)
        parts = seg.split("、")
        if len(parts) < n or not all(2 <= len(x) <= 4 for x in parts[-n + 1:]):
            continue
        end = p.start()
        spans = []
        for x in reversed(parts[-n:]):
            spans.append((end - len(x), end))
            end -= len(x) + 1
        ends.append(p.end())
        s0, e0 = spans[-1]
        spans[-1] = (walk_left(ctx, e0, 4), e0)
        for s, e in spans:
            if 2 <= e - s <= 4:
                m = ctx.mention(s, e, "Village", "villages:list")
                if m is not None and not NOT_VILLAGE.search(m.name):
                    out.append(m)
    return out, ends


def _gacha_runs(ctx: Context) -> list:
    """X嘎查 after a list separator or clause start: the whole run of letters is the name (jieba cuts
    Mongolian names apart: 哈日/根/台)."""
    out = []
    text = ctx.text
    for m in GACHA_RUN.finditer(text) if "嘎查" in text else ():
        name = m.group(1)
        if not any(w in name for w in STOP_WORDS if len(w) >= 2 and w in name) and not NOT_VILLAGE.search(name + "嘎查"):
            mention = ctx.mention(m.start(1), m.end(), "Village", "villages:suffix")
            if mention is not None:
                out.append(mention)
    return out


@register("villages")
def villages(ctx: Context):
    """Find villages by suffix, by lists whose head noun is 村, after their village, and from the gazetteer."""
    out = _suffixed(ctx, SUFFIX_RX, SUFFIX["max_chars"])
    out += _suffixed(ctx, alternation(GACHA["pattern"]), GACHA["max_chars"]) + _gacha_runs(ctx)
    # X村民委员会, X村两委: the committees of the village X村
    out += [m for m in suffix_names(ctx, DATA["committee"], "Village", "villages:suffix", max_chars=SUFFIX["max_chars"],
                                    min_stem=SUFFIX["min_stem"]) if not NOT_VILLAGE.search(m.name)]
    out += _natural(ctx, out)
    for s, e in listed_members(ctx, HEADS, exclude=LIST["exclude"], counted=True):
        if ctx.text[e - 1] != "村" or e - s > 2:
            m = ctx.mention(s, e, "Village", "villages:list")
            if m is not None and not NOT_VILLAGE.search(m.name):
                out.append(m)
    pairs, ends = _pairs(ctx)
    out = [m for m in out if m is None or m.end not in ends] + pairs  # 石凤两村 is no village
    out += official_mentions(ctx, "Village", "villages")
    return [m for m in out if m is not None]
