"""Persons: the speaker, national leaders, and names after an office title.

e.g. '李明华' (from the speaker line), '习近平同志'
"""
from __future__ import annotations

import re
from functools import lru_cache

from graph.extract.base import register
from graph.extract.context import Context

# A person-name token (jieba tags nr/nrfg/nrt) right after an office title: "县长李明华", "县委书记王建国".
TITLES = "书记|镇长|乡长|县长|市长|区长|省长|主任|主席|局长|部长"
TITLE = rf"(?:{TITLES})$"
TITLE_WORD = re.compile(TITLES)  # a paragraph without one cannot match: it is not made into a Doc
TITLE_NAME = [{"TEXT": {"REGEX": TITLE}}, {"TAG": {"IN": ["nr", "nrfg", "nrt"]}, "LENGTH": {">=": 2, "<=": 3}}]


@lru_cache(maxsize=1)
def _matcher():
    from spacy.matcher import Matcher  # noqa: PLC0415

    from graph.extract.context import nlp  # noqa: PLC0415

    matcher = Matcher(nlp().vocab)
    matcher.add("TITLE_NAME", [TITLE_NAME])
    return matcher


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
    matcher = _matcher()
    for k in ctx.paragraphs_with(TITLE_WORD):
        p0, doc = ctx.doc(k)
        for _, _start, end in matcher(doc):
            name = doc[end - 1]
            if end < len(doc) and doc[end].text[:1] in "镇乡区县市省村":
                continue  # a place, not a person: "镇长X镇…"
            out.append(ctx.mention(p0 + name.idx, p0 + name.idx + len(name.text), "Person", "persons:title"))
    return [m for m in out if m is not None]
