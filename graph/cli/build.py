"""``govkg build``: reports into graph.ttl and the network page, or into a corpus store."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from govkg import defaults


def add(sub) -> None:
    """Register ``govkg build``."""
    p = sub.add_parser(
        "build", help="build report(s) into an RDF graph (graph.ttl) or a persistent store",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Read government work reports (.txt in UTF-8/GB18030, .html saved from a\n"
                    "government site, text PDFs, Word .docx, or .doc/.wps where antiword or LibreOffice is\n"
                    "installed; the format is read from the bytes), extract entities, figures and work\n"
                    "items, and write OUTDIR/graph.ttl\n"
                    "(canonical Turtle, byte-identical for the same input) and OUTDIR/graph.html (an\n"
                    "offline network page of the entities); both are replaced together or not at all.\n"
                    "With no INPUT, builds the bundled sample report (西红门镇 2021). Prints the count\n"
                    "of each entity type and the time taken.\n\n"
                    "With --store PATH, builds a corpus into a persistent Oxigraph store instead: one\n"
                    "named graph per report (named by the report's IRI), extracted in parallel worker\n"
                    "processes. Reports already in the store with the same text are skipped; changed\n"
                    "ones replace their graph atomically; a build that is killed leaves no half-loaded\n"
                    "report (run it again to finish). A report that fails is listed with its error and\n"
                    "the others still build. 'govkg query/serve/viz/export' read the store as SOURCE.",
        epilog="Exit codes: 0 ok; 1 with --store: some report(s) failed (listed; the rest were\n"
               "built); 2 usage or input error (without --store: any bad report, nothing written).")
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="report files or folders of reports (default: the bundled sample)")
    p.add_argument("-o", "--output", default=None, metavar="OUTDIR", help=f"output folder (default: {defaults.OUTDIR})")
    p.add_argument("--store", metavar="PATH", default=None,
                   help="build into this Oxigraph store folder (created if missing), one named graph per report")
    p.add_argument("--shards", metavar="OUT", default=None,
                   help="build into compressed N-Quads shard files (one per batch of reports) and a "
                        "manifest in folder OUT, resuming from the manifest; load them with 'govkg load'")
    p.add_argument("--batch", type=int, default=None, metavar="N",
                   help="with --shards: reports per shard (default: 20)")
    p.add_argument("--cluster", metavar="tcp://HOST:8786", default=None,
                   help="with --shards: run the batches on this Dask scheduler (pip install 'govkg[dask]'; "
                        "workers must see the reports and OUT at the same paths)")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="with --store or --shards: worker processes (default: all cores)")
    p.add_argument("--force", action="store_true", help="with --store: rebuild reports even if unchanged")
    p.add_argument("--progress", action="store_true",
                   help="with --store: show progress on stderr even when it is not a terminal")
    p.add_argument("--no-page", action="store_true", help="do not write OUTDIR/graph.html (the network page)")
    p.add_argument("--max-chars", type=int, default=None, metavar="N",
                   help="refuse a report longer than N characters (default: $GOVKG_MAX_CHARS or 2,000,000; "
                        "a build needs up to about 1 KB of memory per character)")
    p.add_argument("-q", "--quiet", action="store_true", help="no per-report progress lines")
    p.set_defaults(func=run)

    lp = sub.add_parser(
        "load", help="bulk-load shard files (govkg build --shards) into an Oxigraph store or a Virtuoso server",
        description="Load the shards of OUT (written by 'govkg build --shards OUT') into an Oxigraph\n"
                    "store (--store) or an OpenLink Virtuoso server (--virtuoso): one named graph per\n"
                    "report, as 'govkg build --store' makes. Reports the store holds with the same\n"
                    "content hash are left alone; changed ones replace their graph.\n\n"
                    "--virtuoso HOST:PORT runs Virtuoso's bulk loader (ld_dir, rdf_loader_run,\n"
                    "checkpoint) through its isql client on the SQL port (ServerPort, 1111 by default).\n"
                    "The server reads the files itself: OUT must be at the same path on its machine and\n"
                    "inside a folder listed in DirsAllowed ([Parameters] of its virtuoso.ini). The account\n"
                    f"comes from the environment only: {defaults.ENV_VIRTUOSO_USER} (dba when unset) and\n"
                    f"{defaults.ENV_VIRTUOSO_PASSWORD}; the isql program is ${defaults.ENV_ISQL} or {defaults.ISQL}.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Exit codes: 0 ok; 2 usage error, OUT not a shard folder, the store cannot be opened, or\n"
               "Virtuoso does not answer, refuses the login, may not read OUT or fails to load a file.")
    lp.add_argument("shards", metavar="OUT", help="a folder written by 'govkg build --shards OUT'")
    target = lp.add_mutually_exclusive_group(required=True)
    target.add_argument("--store", metavar="PATH", help="the Oxigraph store folder (created if missing)")
    target.add_argument("--virtuoso", metavar="HOST:PORT",
                        help="a Virtuoso server's SQL port (ServerPort in virtuoso.ini), e.g. localhost:1111")
    lp.add_argument("--optimize", action=argparse.BooleanOptionalAction, default=None,
                    help="with --store: compact the store after loading (default: when many reports were loaded)")
    lp.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                    help="with --virtuoso: loaders (rdf_loader_run sessions) at once (default: 1; OpenLink "
                         "recommends at most one per 2.5 cores of the server)")
    lp.set_defaults(func=run_load)


def run_load(args) -> int:
    """Load shards into an Oxigraph store or a Virtuoso server."""
    from govkg.errors import GovkgError  # noqa: PLC0415
    from govkg.store import shards  # noqa: PLC0415

    if args.virtuoso is not None:
        from govkg.store import virtuoso  # noqa: PLC0415

        if args.optimize is not None:
            raise GovkgError("--optimize applies to --store only")
        if args.jobs is not None and args.jobs < 1:
            raise GovkgError("-j/--jobs must be at least 1")
        virtuoso.check_address(args.virtuoso)
        user, password = virtuoso.credentials()
        try:
            summary = virtuoso.load_virtuoso(args.shards, args.virtuoso, user=user, password=password,
                                             jobs=args.jobs or 1)
        except OSError as e:  # the staging copies: disk full, folder not writable
            raise shards.ShardError(f"{args.shards}: {' '.join(str(e).split())[:300]}") from None
        print(shards.format_load_summary(summary))
        return 0
    if args.jobs is not None:
        raise GovkgError("-j/--jobs applies to --virtuoso only (an Oxigraph load runs in one process)")
    try:
        summary = shards.load_shards(args.shards, args.store, optimize=args.optimize)
    except OSError as e:
        raise shards.ShardError(f"{args.store}: {' '.join(str(e).split())[:300]}") from None
    print(shards.format_load_summary(summary))
    return 0


def _run_shards(args) -> int:
    from govkg import pipeline  # noqa: PLC0415
    from govkg.errors import GovkgError  # noqa: PLC0415
    from govkg.store import shards  # noqa: PLC0415

    if args.output is not None or args.store is not None:
        raise GovkgError("give one of -o OUTDIR, --store PATH or --shards OUT")
    if args.jobs is not None and args.jobs < 1:
        raise GovkgError("-j/--jobs must be at least 1")
    if args.batch is not None and args.batch < 1:
        raise GovkgError("--batch must be at least 1")
    if args.cluster is not None and not args.cluster.startswith(("tcp://", "tls://", "inproc://")):
        raise GovkgError(f"--cluster {args.cluster!r}: give a scheduler address such as tcp://HOST:8786")
    inputs = pipeline.expand_inputs(args.inputs)
    try:
        summary = shards.build_shards(inputs, args.shards, jobs=args.jobs, batch_reports=args.batch,
                                      cluster=args.cluster, force=args.force)
    except OSError as e:
        raise GovkgError(f"{args.shards}: {' '.join(str(e).split())[:300]}") from None
    print(shards.format_summary(summary))
    return 1 if summary.failed else 0


def run(args) -> int:
    """Build into OUTDIR (graph.ttl, graph.html) or, with --store, into a corpus store."""
    from govkg import pipeline  # noqa: PLC0415
    from govkg.errors import GovkgError  # noqa: PLC0415

    if args.max_chars is not None:
        if args.max_chars < 1:
            raise GovkgError("--max-chars must be at least 1")
        os.environ["GOVKG_MAX_CHARS"] = str(args.max_chars)  # this process's, read by ingest (and the workers)
    if args.shards is not None:
        return _run_shards(args)
    if args.batch is not None or args.cluster is not None:
        raise GovkgError("--batch and --cluster apply to --shards builds only")
    if args.store is not None:
        return _run_store(args)
    if args.jobs is not None or args.force:
        raise GovkgError("-j/--jobs and --force apply to --store and --shards builds only")
    t0 = time.perf_counter()
    inputs = pipeline.expand_inputs(args.inputs)
    quiet = args.quiet or len(inputs) == 1

    def progress(i, n, path):
        if not quiet:
            print(f"[{i + 1}/{n}] {path}", file=sys.stderr)

    graph, summary = pipeline.build_graph(inputs, progress=progress)
    out = Path(args.output or defaults.OUTDIR)
    written = pipeline.write_outputs(graph, out, page=not args.no_page)
    dt = time.perf_counter() - t0
    print(f"wrote {written['graph']}: {summary['triples']} triples from {summary['reports']} report(s)")
    if written["page"]:
        page = written["page"]
        print(f"wrote {page['path']}: network of {page['nodes']} entities, {page['edges']} edges")
    width = max((len(t) for t in summary["entities"]), default=10)
    for t, n in summary["entities"].items():
        print(f"  {t:<{width}}  {n:5d}")
    print(f"  {'figures':<{width}}  {summary['figures']:5d}")
    print(f"  {'work items':<{width}}  {summary.get('workitems', 0):5d}")
    print(f"done in {dt:.2f} s")
    return 0


def _run_store(args) -> int:
    from govkg import pipeline  # noqa: PLC0415
    from govkg.errors import GovkgError  # noqa: PLC0415
    from govkg.store import corpus  # noqa: PLC0415

    if args.output is not None:
        raise GovkgError("give either -o OUTDIR (one graph.ttl) or --store PATH (a store), not both")
    if args.jobs is not None and args.jobs < 1:
        raise GovkgError("-j/--jobs must be at least 1")
    inputs = pipeline.expand_inputs(args.inputs)
    show = args.progress or (not args.quiet and sys.stderr.isatty())
    progress = corpus.Progress(len(inputs)) if show else None
    try:
        summary = corpus.build_corpus_here(inputs, args.store, jobs=args.jobs, force=args.force, progress=progress)
    except OSError as e:  # the store's disk: full, unwritable, corrupt
        raise GovkgError(f"{args.store}: {' '.join(str(e).split())[:300]}") from None
    print(corpus.format_summary(summary))
    return 1 if summary.failed else 0
