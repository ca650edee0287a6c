"""Run the whole pipeline: ingest -> extract -> resolve -> mapping -> graph.ttl or a store; ``govkg build``."""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

DEFAULT_OUT = "out"


def run(report):
    """Extract, resolve and map an ingested Report; return (Resolved, rdflib Graph)."""
    from graph import mapping  # noqa: PLC0415
    from graph.extract import extract  # noqa: PLC0415
    from graph.resolve import resolve  # noqa: PLC0415

    res = resolve(report, extract(report))
    return res, mapping.map_report(res)


def build_report(path: str | Path):
    """Ingest, extract, resolve and map one report file; return (Resolved, rdflib Graph)."""
    from graph import ingest  # noqa: PLC0415

    return run(ingest.read(path))


def build_text(text: str, source: str = "<text>"):
    """Run the pipeline on report text; return (Resolved, rdflib Graph)."""
    from graph import ingest  # noqa: PLC0415

    return run(ingest.parse(text, source=source))


def build_graph(inputs: list[str | Path], progress=None):
    """Build reports into one rdflib graph; return (graph, summary dict)."""
    from graph import mapping  # noqa: PLC0415

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
    return graph, {"triples": len(graph), "entities": dict(sorted(counts.items())), "figures": figures,
                   "reports": len(inputs)}


def build(inputs: list[str | Path], outdir: str | Path, progress=None) -> dict:
    """Build reports into ``outdir/graph.ttl`` (atomically); return a summary dict."""
    from graph import store  # noqa: PLC0415

    graph, summary = build_graph(inputs, progress)
    target = Path(outdir) / "graph.ttl"
    store.atomic_write(target, store.serialize_turtle(graph))
    return {"graph": str(target), **summary}


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
    from graph import store  # noqa: PLC0415
    from graph.cli import fail  # noqa: PLC0415
    from graph.ingest import IngestError  # noqa: PLC0415

    if args.store is not None:
        return _cmd_build_store(args)
    if args.jobs is not None or args.force:
        return fail("-j/--jobs and --force apply to --store builds only")
    t0 = time.perf_counter()
    try:
        inputs = expand_inputs(args.inputs)
        quiet = args.quiet or len(inputs) == 1

        def progress(i, n, path):
            if not quiet:
                print(f"[{i + 1}/{n}] {path}", file=sys.stderr)

        graph, summary = build_graph(inputs, progress=progress)
        out = Path(args.output or DEFAULT_OUT)
        store.atomic_write(out / "graph.ttl", store.serialize_turtle(graph))
        page = None
        if not args.no_page:
            # the build command also draws the network page; viz is a later stage, so it is
            # composed here, in the command, not in build()
            from graph.viz import write_page  # noqa: PLC0415

            page = write_page(graph, out / "graph.html")
    except IngestError as e:
        return fail(str(e))
    except OSError as e:
        return fail(f"{e.filename or args.output}: {e.strerror}")
    dt = time.perf_counter() - t0
    print(f"wrote {out / 'graph.ttl'}: {summary['triples']} triples from {summary['reports']} report(s)")
    if page:
        print(f"wrote {page['path']}: network of {page['nodes']} entities, {page['edges']} edges")
    width = max((len(t) for t in summary["entities"]), default=10)
    for t, n in summary["entities"].items():
        print(f"  {t:<{width}}  {n:5d}")
    print(f"  {'figures':<{width}}  {summary['figures']:5d}")
    print(f"done in {dt:.2f} s")
    return 0


def _cmd_build_store(args) -> int:
    from graph import corpus  # noqa: PLC0415
    from graph.cli import fail  # noqa: PLC0415
    from graph.ingest import IngestError  # noqa: PLC0415

    if args.output is not None:
        return fail("give either -o OUTDIR (one graph.ttl) or --store PATH (a store), not both")
    if args.jobs is not None and args.jobs < 1:
        return fail("-j/--jobs must be at least 1")
    try:
        inputs = expand_inputs(args.inputs)
    except IngestError as e:
        return fail(str(e))
    show = args.progress or (not args.quiet and sys.stderr.isatty())
    progress = corpus.Progress(len(inputs)) if show else None
    try:
        summary = corpus.build_corpus(inputs, args.store, jobs=args.jobs, force=args.force, progress=progress)
    except corpus.CorpusError as e:
        return fail(str(e))
    except OSError as e:  # the store's disk: full, unwritable, corrupt
        return fail(f"{args.store}: {' '.join(str(e).split())[:300]}")
    print(corpus.format_summary(summary))
    return 1 if summary.failed else 0


def add_cli(sub) -> None:
    """Register ``govkg build``."""
    p = sub.add_parser(
        "build", help="build report(s) into an RDF graph (graph.ttl) or a persistent store",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Read government work reports (.txt in UTF-8/GB18030, or .html saved from a\n"
                    "government site), extract entities and figures, and write OUTDIR/graph.ttl\n"
                    "(canonical Turtle, byte-identical for the same input) and OUTDIR/graph.html (an\n"
                    "offline network page of the entities). With no INPUT, builds the bundled sample\n"
                    "report (西红门镇 2021). Prints the count of each entity type and the time taken.\n\n"
                    "With --store PATH, builds a corpus into a persistent Oxigraph store instead: one\n"
                    "named graph per report (named by the report's IRI), extracted in parallel worker\n"
                    "processes. Reports already in the store with the same text are skipped; changed\n"
                    "ones replace their graph atomically; a build that is killed leaves no half-loaded\n"
                    "report (run it again to finish). A report that fails is listed with its error and\n"
                    "the others still build. 'govkg query/serve/viz/export' read the store as SOURCE.",
        epilog="Exit codes: 0 ok; 1 with --store: some report(s) failed (listed; the rest were\n"
               "built); 2 usage or input error (without --store: any bad report, nothing written).")
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="report files or folders of reports (default: the bundled sample)")
    p.add_argument("-o", "--output", default=None, metavar="OUTDIR", help=f"output folder (default: {DEFAULT_OUT})")
    p.add_argument("--store", metavar="PATH", default=None,
                   help="build into this Oxigraph store folder (created if missing), one named graph per report")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="with --store: worker processes (default: all cores)")
    p.add_argument("--force", action="store_true", help="with --store: rebuild reports even if unchanged")
    p.add_argument("--progress", action="store_true",
                   help="with --store: show progress on stderr even when it is not a terminal")
    p.add_argument("--no-page", action="store_true", help="do not write OUTDIR/graph.html (the network page)")
    p.add_argument("-q", "--quiet", action="store_true", help="no per-report progress lines")
    p.set_defaults(func=_cmd_build)
