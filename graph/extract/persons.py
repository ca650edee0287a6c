"""Persons: the speaker, national leaders, and names after an office title.

e.g. '李明华' (from the speaker line), '习近平同志'
"""
from __future__ import annotations

import re

from graph.extract.base import register
from graph.extract.context import Context

TITLE = re.compile(r"(?:书记|镇长|乡长|县长|市长|区长|省长|主任|主席|局长|部长)$")
TITLE_WORD = re.compile(TITLE.pattern[:-1])  # a paragraph without one holds no title token
PERSON_TAGS = ("nr", "nrfg", "nrt")  # jieba's tags of person names


def title_names(ctx: Context):
    """Yield person-name tokens (2-3 characters) right after a token ending in an office title.

    e.g. '市长/李强' gives 李强; not '镇长/X/镇…' (a name followed by a division suffix is a place).
    """
    tokens = ctx.tokens
    for k in ctx.paragraphs_with(TITLE_WORD):
        _p0, i0, i1 = ctx.paragraph_tokens[k]
        for i in range(i0, i1 - 1):
            name = tokens[i + 1]
            if name.tag in PERSON_TAGS and 2 <= len(name.text) <= 3 and TITLE.search(tokens[i].text):
                if i + 2 < i1 and tokens[i + 2].text[:1] in "镇乡区县市省村":
                    continue
                yield name


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
    for name in title_names(ctx):
        out.append(ctx.mention(name.start, name.end, "Person", "persons:title"))
    return [m for m in out if m is not None]
