"""Report -> mentions and figures, with a spaCy blank ``zh`` pipeline and rule components.

Tokens come from jieba (with part-of-speech tags, kept on ``token.tag_``); each entity kind
is one module in this package, registered by name in ``base.EXTRACTORS``. Rule modules walk
the tokens, search the text for lexicon names and regular expressions over characters (where
jieba's token boundaries cut names); ``Context.doc`` makes spaCy Docs of single paragraphs for
token patterns (spaCy is loaded for the first): the persons' ``token_patterns`` (a ``Matcher``) read
names that a surname list cannot (次仁多吉, 买买提·艾力 after an office title).

>>> from govkg.ingest import parse
>>> ext = extract(parse("一、2020年工作回顾\\n完成长虹路改造,财政收入完成3.6亿元。"))
>>> sorted((m.type, m.name) for m in ext.mentions)
[('Road', '长虹路')]
>>> [(f.name, f.value, f.unit, f.year) for f in ext.figures]
[('财政收入', '3.6', '亿元', 2020)]
"""
from __future__ import annotations

import importlib

from govkg.extract.base import EXTRACTORS, Extraction, Figure, Mention, Relation  # noqa: F401
from govkg.extract.context import Context
from govkg.ingest import Report
from govkg.kinds import KINDS

# Importing the kind modules (one per row of govkg.kinds) registers their extractors.
for _kind in KINDS:
    importlib.import_module(f"govkg.extract.{_kind.module}")
from govkg.extract import figures as _figures  # noqa: E402
from govkg.extract import relations as _relations  # noqa: E402
from govkg.extract import tables as _tables  # noqa: E402  (registers the project-table row rule)
from govkg.extract.select import select  # noqa: E402
from govkg.extract.workitems import extract_workitems  # noqa: E402


def extract(report: Report, kinds: list[str] | None = None) -> Extraction:
    """Run the registered extractors (all, or ``kinds``) and the figure rules on a report."""
    ctx = Context(report)
    candidates: list[Mention] = []
    for name in sorted(EXTRACTORS):
        if kinds is None or name in kinds:
            candidates.extend(EXTRACTORS[name](ctx))
    mentions = select(ctx, candidates)
    figures = _figures.extract_figures(ctx)
    relations = _relations.extract_relations(ctx, mentions)
    figures = _tables.row_figures(report, figures)  # a project-table row's figures are about its project
    workitems = extract_workitems(ctx, mentions, figures)
    return Extraction(mentions=mentions, figures=figures, relations=relations, workitems=workitems)
