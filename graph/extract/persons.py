"""Persons: the speaker, national leaders, and names after an office title.

e.g. '李明华' (from the speaker line), '习近平同志'
"""
from __future__ import annotations

import re

from graph.extract.base import register
from graph.extract.context import Context

TITLE_NAME = re.compile(r"(?:书记|镇长|乡长|县长|市长|区长|主任|省长|主席|总书记)[ ]?([\u4e00-\u9fff]{2,3})(?=同志|[ ,、。]|$)")


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
    for m in TITLE_NAME.finditer(ctx.text):
        if not re.search(r"[的和与及等在是为了对将把向从]", m.group(1)):
            out.append(ctx.mention(m.start(1), m.end(1), "Person", "persons:title"))
    return [m for m in out if m is not None]
