"""Run the whole pipeline: ingest -> extract -> resolve -> rdf -> graph.ttl (and the page) or a store.

This is the build, the one module that composes the stages; the command line calls it.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from govkg import ingest
from govkg.extract import extract
from govkg.ingest import IngestError
from govkg.rdf import mapping
from govkg.resolve import resolve
from govkg.resources import sample_report
from govkg.store import atomic_write_all, serialize_turtle

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx", ".doc", ".wps")


def run(report: ingest.Report):
    """Extract, resolve and map an ingested Report; return (Resolved, rdflib Graph)."""
    res = resolve(report, extract(report))
    return res, mapping.map_report(res)


def build_report(path: str | Path):
    """Ingest, extract, resolve and map one report file; return (Resolved, rdflib Graph)."""
    return run(ingest.read(path))


def build_text(text: str, source: str = "<text>"):
    """Run the pipeline on report text; return (Resolved, rdflib Graph)."""
    return run(ingest.parse(text, source=source))


def build_graph(inputs: list[str | Path], progress=None):
    """Build reports into one rdflib graph; return (graph, summary dict)."""
    graph = None
    counts: Counter = Counter()
    figures = workitems = 0
    for i, path in enumerate(inputs):
        if progress:
            progress(i, len(inputs), path)
        res, g = build_report(path)
        if graph is None:
            graph = g  # the first report's graph (made by mapping.new_graph) takes the others: no copy
        else:
            graph += g
        counts.update(e.type for e in res.entities)
        figures += len(res.figures)
        workitems += len(res.workitems)
    if graph is None:
        graph = mapping.new_graph()
    return graph, {"triples": len(graph), "entities": dict(sorted(counts.items())), "figures": figures,
                   "workitems": workitems, "reports": len(inputs)}


def write_outputs(graph, outdir: str | Path, *, page: bool = True) -> dict:
    """Write ``graph.ttl`` (and ``graph.html``) into ``outdir`` as one set; return what was written.

    Every file is made in memory and written to a temporary file first; the outputs are renamed into
    place only when all of them succeeded, so a failure leaves the old set as it was.
    """
    out = Path(outdir)
    files = {out / "graph.ttl": serialize_turtle(graph)}
    summary: dict = {"graph": str(out / "graph.ttl"), "page": None}
    if page:
        from govkg.explore.page import render_page  # noqa: PLC0415  (the page is optional: networkx, pyvis)

        data, info = render_page(graph)
        files[out / "graph.html"] = data
        summary["page"] = {"path": str(out / "graph.html"), **info}
    atomic_write_all(files)
    return summary


def build(inputs: list[str | Path], outdir: str | Path, progress=None, *, page: bool = False) -> dict:
    """Build reports into ``outdir/graph.ttl`` (and the page, with ``page``); return a summary dict."""
    graph, summary = build_graph(inputs, progress)
    written = write_outputs(graph, outdir, page=page)
    return {**written, **summary}


def expand_inputs(inputs: list[str]) -> list[Path]:
    """Return report files from files and folders (folders: REPORT_SUFFIXES, sorted); none: the sample."""
    if not inputs:
        return [sample_report()]
    files: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.suffix.lower() in REPORT_SUFFIXES and q.is_file())
            if not found:
                raise IngestError(f"{p}: folder holds no .txt, .html, .pdf, .docx, .doc or .wps report")
            files.extend(found)
        else:
            files.append(p)
    return files


__all__ = ["build", "build_graph", "build_report", "build_text", "expand_inputs", "run",
           "write_outputs"]
