"""Projects named by the 项目名称 cell of a project-table row (``Report.table_rows``).

A row of a project table (:mod:`govkg.ingest.tables`) is one sentence such as
'项目名称:甲乙路改造;总投资:5000万元;进展情况:已完工。'; its name cell names a Project, whatever its
words: the rule is keyed on the table's structure (the header named the column), not on a suffix.
The figures of the row (总投资5000万元) are read by the figure rules like any sentence's;
:func:`row_figures` makes them about the row's project.

Registered here and imported by the build (govkg.pipeline, govkg.store.corpus); listing it in
``govkg.extract`` beside the kind modules would register it for every caller of ``extract``.
"""
from __future__ import annotations

from dataclasses import replace

from govkg.extract.base import register
from govkg.extract.context import Context


@register("tables")
def table_projects(ctx: Context):
    """Name a Project by each project-table row's 项目名称 cell, e.g. '项目名称:甲乙路改造;…。' -> 甲乙路改造."""
    out = []
    for row in getattr(ctx.report, "table_rows", ()):
        m = ctx.mention(row.name_start, row.name_end, "Project", "tables:table-row")
        if m is not None:
            out.append(m)
    return out


def row_figures(report, figures: list) -> list:
    """Make each figure of a project-table row about the row's project (``Figure.subject``); return the figures.

    '项目名称:甲乙路改造;总投资5000万元。' -> the figure 总投资 5000 万元 is about 甲乙路改造, not the town.
    """
    names = {row.sentence: report.text[row.name_start:row.name_end] for row in getattr(report, "table_rows", ())}
    if not names:
        return figures
    return [replace(f, subject=names[f.sentence]) if f.sentence in names and not f.subject else f for f in figures]
