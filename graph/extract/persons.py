"""Persons: the speaker, national leaders, and names after an office title.

e.g. '李明华' (from the speaker line), '习近平同志'
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from govkg.extract.base import register
from govkg.extract.context import Context

# A person-name token (jieba tags nr/nrfg/nrt) right after an office title: "县长李明华", "县委书记王建国".
TITLES = "书记|镇长|乡长|县长|市长|区长|省长|主任|主席|局长|部长"
TITLE = rf"(?:{TITLES})$"
NAME_TAGS = ("nr", "nrfg", "nrt")
TITLE_NAME = [{"TEXT": {"REGEX": TITLE}}, {"TAG": {"IN": list(NAME_TAGS)}, "LENGTH": {">=": 2, "<=": 3}}]
_TITLE_END = re.compile(TITLE)  # the test the Matcher's REGEX makes (re.search) on the title token


@lru_cache(maxsize=1)
def _matcher():
    from govkg.extract.context import nlp  # noqa: PLC0415
    from spacy.matcher import Matcher  # noqa: PLC0415

    matcher = Matcher(nlp().vocab)
    matcher.add("TITLE_NAME", [TITLE_NAME])
    return matcher


def _title_name_paragraphs(ctx: Context) -> list[int]:
    """Return the indexes of the paragraphs where TITLE_NAME can match: a name-tagged token of 2-3
    characters right after a token ending in a title, both in the paragraph.

    Only those paragraphs are made into spaCy Docs for the Matcher, and spaCy is loaded only when
    a report has one (most have none: jieba tags most names it has not seen "nz").
    """
    tokens, firsts = ctx.tokens, [first for _p0, first, _end in ctx.paragraph_tokens]
    found: list[int] = []
    for i in ctx.tag_indexes(NAME_TAGS):
        k = bisect.bisect_right(firsts, i) - 1
        if (i > firsts[k] and 2 <= len(tokens[i].text) <= 3 and _TITLE_END.search(tokens[i - 1].text)
                and (not found or found[-1] != k)):
            found.append(k)
    return found


@register("persons")
def persons(ctx: Context):
    """Find persons: the report's speaker, lexicon names (with 同志), names after a title."""
    out = []
    for s, e, label in ctx.lexicon_spans():
        if label == "Person":
            end = e + 2 if ctx.text[e:e + 2] == "同志" else e
            out.append(ctx.mention(s, end, "Person", "persons:lexicon", name=ctx.text[s:e]))
    if ctx.report.speaker:
        for m in re.finditer(re.escape(ctx.report.speaker), ctx.text):
            out.append(ctx.mention(m.start(), m.end(), "Person", "persons:speaker"))
    paragraphs = _title_name_paragraphs(ctx)
    matcher = _matcher() if paragraphs else None
    for k in paragraphs:
        p0, doc = ctx.doc(k)
        for _, _start, end in matcher(doc):
            name = doc[end - 1]
            if end < len(doc) and doc[end].text[:1] in "镇乡区县市省村":
                continue  # a place, not a person: "镇长X镇…"
            out.append(ctx.mention(p0 + name.idx, p0 + name.idx + len(name.text), "Person", "persons:title"))
    return [m for m in out if m is not None]
