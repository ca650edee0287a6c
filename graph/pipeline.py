"""Run the whole pipeline: ingest -> extract -> resolve -> mapping -> graph.ttl; ``govkg build``."""
from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

DEFAULT_OUT = "out"


def build_report(path: str | Path):
    """Ingest, extract, resolve and map one report file; return (Resolved, rdflib Graph)."""
    from graph import ingest, mapping  # noqa: PLC0415
    from graph.extract import extract  # noqa: PLC0415
    from graph.resolve import resolve  # noqa: PLC0415

    report = ingest.read(path)
    res = resolve(report, extract(report))
    return res, mapping.map_report(res)


def build_text(text: str, source: str = "<text>"):
    """Run the pipeline on report text; return (Resolved, rdflib Graph)."""
    from graph import ingest, mapping  # noqa: PLC0415
    from graph.extract import extract  # noqa: PLC0415
    from graph.resolve import resolve  # noqa: PLC0415

    report = ingest.parse(text, source=source)
    res = resolve(report, extract(report))
    return res, mapping.map_report(res)


def build(inputs: list[str | Path], outdir: str | Path, progress=None) -> dict:
    """Build reports into ``outdir/graph.ttl`` (atomically); return a summary dict."""
    from graph import mapping, store  # noqa: PLC0415

    graph = mapping.new_graph()
    counts: Counter = Counter()
    figures = 0
    for i, path in enumerate(inputs):
        if progress:
            progress(i, len(inputs), path)
        res, g = build_report(path)
        graph += g
        counts.update(e.type for e in res.entities)
        figures += len(res.figures)
    out = Path(outdir)
    target = out / "graph.ttl"
    store.atomic_write(target, store.serialize_turtle(graph))
    return {"graph": str(target), "triples": len(graph), "entities": dict(sorted(counts.items())),
            "figures": figures, "reports": len(inputs)}


def expand_inputs(inputs: list[str]) -> list[Path]:
    """Return report files from files and folders (folders: *.txt, *.html, *.htm, sorted)."""
    from graph.ingest import IngestError  # noqa: PLC0415
    from graph.paths import SAMPLE_REPORT  # noqa: PLC0415

    if not inputs:
        return [SAMPLE_REPORT]
    files: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.suffix.lower() in (".txt", ".html", ".htm") and q.is_file())
            if not found:
                raise IngestError(f"{p}: folder holds no .txt or .html report")
            files.extend(found)
        else:
            files.append(p)
    return files


def _cmd_build(args) -> int:
    from graph.cli import fail  # noqa: PLC0415
    from graph.ingest import IngestError  # noqa: PLC0415

    t0 = time.perf_counter()
    try:
        inputs = expand_inputs(args.inputs)
        quiet = args.quiet or len(inputs) == 1

        def progress(i, n, path):
            if not quiet:
                print(f"[{i + 1}/{n}] {path}", file=sys.stderr)

        summary = build(inputs, args.output, progress=progress)
    except IngestError as e:
        return fail(str(e))
    except OSError as e:
        return fail(f"{e.filename or args.output}: {e.strerror}")
    dt = time.perf_counter() - t0
    print(f"wrote {summary['graph']}: {summary['triples']} triples from {summary['reports']} report(s)")
    width = max((len(t) for t in summary["entities"]), default=10)
    for t, n in summary["entities"].items():
        print(f"  {t:<{width}}  {n:5d}")
    print(f"  {'figures':<{width}}  {summary['figures']:5d}")
    print(f"done in {dt:.2f} s")
    return 0


def add_cli(sub) -> None:
    """Register ``govkg build``."""
    p = sub.add_parser(
        "build", help="build report(s) into an RDF graph (graph.ttl)",
        description="Read government work reports (.txt in UTF-8/GB18030, or .html saved from a "
                    "government site), extract entities and figures, and write OUTDIR/graph.ttl "
                    "(canonical Turtle, byte-identical for the same input). With no INPUT, builds "
                    "the bundled sample report (西红门镇 2021). Prints the count of each entity type.")
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="report files or folders of reports (default: the bundled sample)")
    p.add_argument("-o", "--output", default=DEFAULT_OUT, metavar="OUTDIR", help="output folder (default: %(default)s)")
    p.add_argument("-q", "--quiet", action="store_true", help="no per-report progress lines")
    p.set_defaults(func=_cmd_build)
