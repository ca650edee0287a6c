"""The figures as a table: rows and ``figures.csv`` (UTF-8 with BOM, for spreadsheets)."""
from __future__ import annotations

import csv
import io

from govkg.publish.common import figures_of, zh_label
from govkg.rdf.namespace import GOV
from rdflib import RDF, RDFS

CSV_COLUMNS = ("indicator", "subject", "year", "status", "value", "unit", "approximate", "change",
               "source_sentence", "report", "figure")


def figure_rows(g) -> list[dict]:
    """Return one dict per figure (CSV_COLUMNS), in report order, then source order."""

    rows = []
    for f in figures_of(g):
        mention = g.value(f, GOV.mention)
        sentence = g.value(mention, GOV.inSentence) if mention is not None else None
        about = g.value(f, GOV.about)
        start = g.value(mention, GOV.start) if mention is not None else None
        target = g.value(f, GOV.isTarget)
        is_target = target.toPython() is True if target is not None else (f, RDF.type, GOV.Target) in g
        rows.append({
            "indicator": zh_label(g, f, RDFS.label) or "",
            "subject": (zh_label(g, about, RDFS.label) or str(about)) if about is not None else "",
            "year": str(g.value(f, GOV.year) or ""),
            "status": "target" if is_target else "actual",
            "value": str(g.value(f, RDF.value) or ""),
            "unit": str(g.value(f, GOV.unit) or ""),
            "approximate": str(g.value(f, GOV.approximate) or ""),
            "change": str(g.value(f, GOV.change) or ""),
            "source_sentence": str(g.value(sentence, GOV.text) or "") if sentence is not None else "",
            "report": str(g.value(f, GOV.inReport) or ""),
            "figure": str(f),
            "_order": (str(g.value(f, GOV.inReport) or ""), _int_or(start, 1 << 62), str(f)),
        })
    rows.sort(key=lambda r: r["_order"])
    for r in rows:
        del r["_order"]
    return rows


def _int_or(lit, default: int) -> int:
    try:
        return int(lit)
    except (TypeError, ValueError):
        return default


def figures_csv(g) -> bytes:
    """Return the figures as CSV (RFC 4180, UTF-8 with BOM so that Excel reads the Chinese)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    w.writeheader()
    w.writerows(figure_rows(g))
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")
