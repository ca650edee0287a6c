"""Persons: the speaker, national leaders, and names in the places a report names people.

e.g. '李明华' (from the speaker line), '习近平同志', '镇长陈立新同志', '选举刘春燕为副镇长',
'赵文才、钱秀芬、孙志华等9名同志', '村民高永福', '王建国书记'

A name is two or three characters (four with a two-character surname) that open with a common
surname (``kinds/persons.json``), end at a jieba token boundary and are not a dictionary word
of another kind ('高度', '任组长'). It is read only in one of these places:

* after an office title or a role word ('镇长', '党支部书记', '村民', '传承人');
* between a verb of election and 为 ('选举X为', '补选X为');
* in a 、-list closed by '等N名同志' / '等N人' / '同志';
* before '同志' or an office title at the start of a clause ('郑国华同志代表…', '王建国书记强调');
* in brackets after a name ('山鹰户外(张继明)');

and a name followed by '、' and another name takes that one too ('副镇长方丽娟、钟伟').
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from govkg.extract.base import register
from govkg.extract.context import HAN, Context
from govkg.extract.lexicon import STOP_WORDS
from govkg.extract.rules import alternation, kind_data

DATA = kind_data("persons")
SURNAMES = frozenset(DATA["surnames"])
COMPOUND = frozenset(DATA["compound_surnames"])
NAME_TAGS = {"nr", "nrfg", "nrt", "nz"}
# tags a name's last one-character token never has (和, 等, 说)
NOT_LAST = {"p", "c", "u", "uj", "ul", "uz", "ug", "ud", "uv", "y", "e", "x", "m", "q", "v", "d", "r", "f", "vn", "b"}
NOT_GIVEN = {"v", "vn", "p", "c", "u", "uj", "m", "q", "x", "f", "y"}  # tags of a given name's word
# after a role word (村民, 党员) the name is followed by a clause's verb or a boundary, not a noun: 村民杨梅产业
NOUN_AFTER = {"n", "vn", "nz", "ns", "nt", "j", "l", "an", "ng"}
ROLE = re.compile(rf"(?:{alternation(DATA['roles'])})$")
TITLE = re.compile(rf"(?:{alternation(DATA['titles'] + DATA['roles'])})")
TITLE_END = re.compile(rf"(?:{alternation(DATA['titles'] + DATA['roles'])})$")
AFTER_NAME_TITLE = re.compile(rf"(?:{alternation(DATA['titles_after_name'])})")
ELECT = re.compile(rf"(?:{alternation(DATA['elect'])})")
LIST_END = re.compile(r"等(?:[\d一二两三四五六七八九十百]+[名位个])?(?:同志|人)|同志")
NOT_NAME = frozenset(DATA["not_names"])
MATCHER_TAGS = ("nr", "nrt", "nrfg")  # the name tags of the TITLE_NAME token pattern


def _name_at(ctx: Context, s: int, follow: str | None = None) -> int | None:
    """Return the end of a person's name starting at ``s``, or None.

    ``follow``: a regex the text right after the name must match (为 after 选举X).
    """
    text = ctx.text
    if s >= len(text) or (text[s] not in SURNAMES and text[s:s + 2] not in COMPOUND):
        return None
    if s not in ctx.tok_by_start and not (s > 0 and text[s - 1] in "、(（"):
        tok = ctx.token_at(s)  # a surname glued to the title before it is no name's start
        if tok is None or tok.start >= s:
            return None
    lengths = (4, 3) if text[s:s + 2] in COMPOUND else (3, 2)
    for n in lengths:
        e = s + n
        name = text[s:e]
        if e > len(text) or not all(HAN.match(c) for c in name) or e not in ctx.tok_by_end or name in NOT_NAME:
            continue
        if n == 2 and name[0] == name[1]:
            continue  # a doubled character is a word (总书记殷殷嘱托), not a surname and a given name
        if follow is not None and not re.match(follow, text[e:e + 2]):
            continue
        last = ctx.tok_by_end[e]
        if last.start == s:  # one token: a name jieba knows or guessed, not another word
            if last.tag not in NAME_TAGS:
                continue
        elif last.start < s:
            continue
        elif ctx.tok_by_start.get(s) is not None and ctx.tok_by_start[s].end != s + (2 if text[s:s + 2] in COMPOUND else 1):
            continue  # a word that opens with a surname's character (周转|房) is no surname
        elif len(last.text) == 1 and (last.tag in NOT_LAST or last.text in STOP_WORDS) or last.tag in NOT_GIVEN:
            continue  # 王强和…: the name ends before 和; 周例会 is no name
        if any(t.text in STOP_WORDS for t in ctx.tokens_in(s + 1, e)):
            continue
        return e
    return None


def _clause_start(ctx: Context, s: int) -> bool:
    return s == 0 or not HAN.match(ctx.text[s - 1])


def _spans(ctx: Context):
    """Yield (start, end, rule) of names in the places listed in the module's docstring."""
    text = ctx.text
    for m in TITLE.finditer(text):  # 镇长X, 村民X
        e = m.end()
        tok = ctx.tok_by_end.get(e)
        if tok is None or tok.start < m.start() and not TITLE_END.search(tok.text):
            continue  # the title ends inside a longer word (委员会)
        end = _name_at(ctx, e)
        if end is None or text[end:end + 1] in DATA["place_suffix"]:  # 镇长X镇…: a place
            continue
        nxt = ctx.tok_by_start.get(end)
        if ROLE.search(m.group(0)) and nxt is not None and nxt.tag in NOUN_AFTER and nxt.text not in ("同志", "等"):
            continue
        yield e, end, "persons:title"
    for m in ELECT.finditer(text):  # 选举X为
        end = _name_at(ctx, m.end(), follow="为")
        if end is not None:
            yield m.end(), end, "persons:title"
    for m in LIST_END.finditer(text):  # X、Y、Z等N名同志
        items, e = [], m.start()
        while True:
            s = next((s for s in (e - 3, e - 2, e - 4) if s >= 0 and _name_at(ctx, s) == e), None)
            if s is None:
                break
            items.append((s, e))
            if s == 0 or text[s - 1] != "、":
                break
            e = s - 1
        if items and (len(items) >= 2 or m.group(0) == "同志" or _clause_start(ctx, items[-1][0])):
            for s, e in items:
                yield s, e, "persons:list"
    for m in AFTER_NAME_TITLE.finditer(text):  # 王建国书记强调: a name opening a clause
        e = m.start()
        for s in (e - 3, e - 2, e - 4):
            if s >= 0 and _clause_start(ctx, s) and _name_at(ctx, s) == e:
                yield s, e, "persons:title"
                break
    for m in re.finditer(r"[(（]", text):  # 山鹰户外(张继明)
        if m.start() > 0 and HAN.match(text[m.start() - 1]):
            end = _name_at(ctx, m.end())
            if end is not None and text[end:end + 1] in ")）":
                yield m.end(), end, "persons:title"


@register("persons")
def persons(ctx: Context):
    """Find persons: the report's speaker, lexicon names (with 同志), and names where a report
    names people (titles, elections, lists of comrades; see the module's docstring)."""
    out = []
    for s, e, label in ctx.lexicon_spans():
        if label == "Person":
            end = e + 2 if ctx.text[e:e + 2] == "同志" else e
            out.append(ctx.mention(s, end, "Person", "persons:lexicon", name=ctx.text[s:e]))
    if ctx.report.speaker:
        for m in re.finditer(re.escape(ctx.report.speaker), ctx.text):
            out.append(ctx.mention(m.start(), m.end(), "Person", "persons:speaker"))
    text = ctx.text
    found = {}
    for s, e, rule in _spans(ctx):
        found[(s, e)] = rule
        while text[e:e + 1] == "、":  # 副镇长方丽娟、钟伟
            nxt = _name_at(ctx, e + 1)
            if nxt is None or (e + 1, nxt) in found or not re.match(r"[、,，。;；等分同出参主带作]|$", text[nxt:nxt + 1]):
                break
            found[(e + 1, nxt)] = rule
            e = nxt
    for s, e in _token_pattern_spans(ctx):
        found.setdefault((s, e), "persons:title")
    for (s, e), rule in found.items():
        out.append(ctx.mention(s, e, "Person", rule))
    return [m for m in out if m is not None]


def _patterns(node, titles: str):
    """Return a token pattern of the data file with "TITLES" replaced by the titles' regex."""
    if node == "TITLES":
        return f"(?:{titles})$"
    if isinstance(node, dict):
        return {k: _patterns(v, titles) for k, v in node.items()}
    if isinstance(node, list):
        return [_patterns(v, titles) for v in node]
    return node


@lru_cache(maxsize=1)
def _matcher():
    """Return the spaCy Matcher of the kind's ``token_patterns`` (loads spaCy: called only when needed)."""
    from govkg.extract.context import nlp  # noqa: PLC0415
    from spacy.matcher import Matcher  # noqa: PLC0415

    matcher = Matcher(nlp().vocab)
    for p in DATA["token_patterns"]:
        matcher.add(p["label"], [_patterns(p["pattern"], alternation(DATA["titles"]))])
    return matcher


def _token_pattern_paragraphs(ctx: Context) -> list[int]:
    """Return the paragraphs where a token pattern can match: an office title's token right before
    a name-tagged token that opens with no listed surname, or a name with a middle dot. Only these
    become spaCy Docs (most reports have none, and never load spaCy)."""
    tokens, firsts = ctx.tokens, [first for _p0, first, _end in ctx.paragraph_tokens]
    dots = [bisect.bisect_left(ctx.tok_starts, m.start()) for m in re.finditer("·", ctx.text)]
    found: set[int] = set()
    for i in sorted({*ctx.tag_indexes(MATCHER_TAGS), *dots}):
        k = bisect.bisect_right(firsts, i) - 1
        t = tokens[i]
        if k in found or t.text != "·" and (t.text[:1] in SURNAMES or t.text[:2] in COMPOUND):
            continue  # a name the surname rules read
        back = 1 if t.text != "·" else 4  # a dotted name starts up to three tokens before its dot
        if any(TITLE_END.search(tokens[j].text) for j in range(max(firsts[k], i - back), i)):
            found.add(k)
    return sorted(found)


def _token_pattern_spans(ctx: Context):
    """Yield (start, end) of the names the token patterns find after an office title: names whose first
    character is no listed surname (the surname rules read those), the longest match at each place."""
    paragraphs = _token_pattern_paragraphs(ctx)
    if not paragraphs:
        return
    matcher = _matcher()
    for k in paragraphs:
        p0, doc = ctx.doc(k)
        longest: dict[int, int] = {}
        for _label, s, e in matcher(doc):
            longest[s] = max(e, longest.get(s, e))
        for s, e in longest.items():
            span = doc[s + 1:e]  # the title is the first token
            name = span.text
            if name[:1] in SURNAMES and "·" not in name or name[:2] in COMPOUND or name in NOT_NAME:
                continue
            if e < len(doc) and doc[e].text[:1] in DATA["place_suffix"]:
                continue  # 镇长X镇…: a place
            yield p0 + span.start_char, p0 + span.end_char
