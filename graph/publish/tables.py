"""The figures and the work items as tables: rows, ``figures.csv`` and ``workitems.csv`` (UTF-8 with
BOM, for spreadsheets)."""
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


def csv_bytes(columns, rows) -> bytes:
    """Return rows as CSV (RFC 4180, UTF-8 with BOM so that Excel reads the Chinese)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def figures_csv(g) -> bytes:
    """Return the figures as CSV, one row per figure."""
    return csv_bytes(CSV_COLUMNS, figure_rows(g))


WORKITEM_COLUMNS = ("year", "status", "action", "object", "entity", "entity_type", "quantity", "source_sentence",
                    "report", "workitem")


def workitem_rows(g) -> list[dict]:
    """Return one dict per work item (WORKITEM_COLUMNS), in report order, then text order."""
    rows = []
    for w in sorted(set(g.subjects(RDF.type, GOV.WorkItem)), key=str):
        sentence = g.value(w, GOV.inSentence)
        report = g.value(sentence, GOV.inReport) if sentence is not None else None
        entity = g.value(w, GOV.object)
        etype = next((str(t).rsplit("#", 1)[-1] for t in sorted(g.objects(entity, RDF.type))
                      if str(t).startswith(str(GOV._NS))), "") if entity is not None else ""
        quantities = []
        for f in sorted(g.objects(w, GOV.quantity), key=lambda f: (_int_or(g.value(g.value(f, GOV.mention), GOV.start),
                                                                            1 << 62), str(f))):
            value, unit = g.value(f, RDF.value), g.value(f, GOV.unit)
            if value is not None:
                quantities.append(_plain_number(str(value)) + str(unit or ""))
        rows.append({
            "year": str(g.value(w, GOV.year) or ""),
            "status": str(g.value(w, GOV.status) or ""),
            "action": str(g.value(w, GOV.action) or ""),
            "object": str(g.value(w, GOV.objectText) or ""),
            "entity": (zh_label(g, entity, RDFS.label) or str(entity)) if entity is not None else "",
            "entity_type": etype,
            "quantity": "; ".join(quantities),
            "source_sentence": str(g.value(sentence, GOV.text) or "") if sentence is not None else "",
            "report": str(report or ""),
            "workitem": str(w),
            "_order": (str(report or ""), _int_or(g.value(w, GOV.actionStart), 1 << 62), str(w)),
        })
    rows.sort(key=lambda r: r["_order"])
    for r in rows:
        del r["_order"]
    return rows


def _plain_number(s: str) -> str:
    """Return a decimal as written without trailing zeros ('12.0' -> '12')."""
    return s.rstrip("0").rstrip(".") if "." in s else s


def workitems_csv(g) -> bytes:
    """Return the work items as CSV, one row per item."""
    return csv_bytes(WORKITEM_COLUMNS, workitem_rows(g))
