"""``govkg query``, ``govkg queries`` and ``govkg serve``: ask the graph."""
from __future__ import annotations

import argparse
import sys

from govkg import defaults


def add(sub) -> None:
    """Register ``govkg query``, ``govkg queries`` and ``govkg serve``."""
    p = sub.add_parser(
        "query", help="run a SPARQL query (a library name, a .rq file or inline text) on a graph",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run a SPARQL query on a graph (with Oxigraph) or on a SPARQL endpoint. SOURCE is a graph file (.ttl, .nt, "
                    ".jsonld, .trig, .nq), an output folder of 'govkg build' or an Oxigraph store folder, "
                    "or the http(s) URL of a SPARQL endpoint (queried over the SPARQL 1.1 Protocol, e.g. "
                    "Virtuoso's http://localhost:8890/sparql after 'govkg load --virtuoso'); QUERY is a name from the query library ('govkg queries' lists them), a .rq file or "
                    "SPARQL text. SELECT/ASK answers print as a table on a terminal and as CSV when piped; "
                    "CONSTRUCT/DESCRIBE answers print as Turtle. Federated queries (SERVICE) are refused.",
        epilog="examples:\n"
               "  govkg query out/ roads_by_year\n"
               "  govkg query out/ figures_by_year --param year=2021 --format json\n"
               "  govkg query out/graph.ttl 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'\n"
               "  govkg query http://localhost:8890/sparql top_entities -p division=西红门镇\n"
               "exit codes: 0 ok, 1 SOURCE missing, not valid RDF or an endpoint that cannot be reached, "
               "2 bad query, parameter or time limit reached (or an endpoint refused the query)")
    p.add_argument("source", metavar="SOURCE",
                   help="graph file, output folder, Oxigraph store folder or SPARQL endpoint URL")
    p.add_argument("query", metavar="QUERY", help="library query name, .rq file or SPARQL text")
    p.add_argument("-p", "--param", action="append", metavar="NAME=VALUE",
                   help="bind a query parameter (repeatable), e.g. --param year=2021")
    p.add_argument("-f", "--format", choices=defaults.QUERY_FORMATS, default=None,
                   help="answer format for SELECT/ASK (default: table on a terminal, csv when piped)")
    p.add_argument("--timeout", type=float, default=defaults.QUERY_TIMEOUT, metavar="SECONDS",
                   help="stop the query after this many seconds (default: %(default)g; 0 = no limit)")
    p.add_argument("--full-scan", action="store_true",
                   help="run the query itself even where a corpus store's statistics could answer it "
                        "(top_entities, section_coverage, dataset_stats without a division; same rows)")
    p.set_defaults(func=run_query)

    q = sub.add_parser("queries", help="list the query library with summaries and parameters",
                       description="List the questions in the query library (queries/*.rq): name, summary "
                                   "in Chinese and English, and the parameters each takes.")
    q.add_argument("-f", "--format", choices=("text", "json"), default="text", help="output format")
    q.set_defaults(func=list_queries)

    s = sub.add_parser(
        "serve", help="serve a graph as a read-only SPARQL endpoint with a query page",
        description="Serve SOURCE (a graph file, an output folder or an Oxigraph store folder) as a "
                    "SPARQL 1.1 Protocol endpoint at /sparql (GET and POST; JSON, XML, CSV, TSV answers, "
                    "Turtle, N-Triples, JSON-LD graphs; a service description at GET /sparql) and a "
                    "query page at /. Read-only: updates are refused with 403, and so are federated "
                    "queries (SERVICE). Every IRI of the graph answers at /id/… (an HTML page for "
                    "browsers, Turtle, N-Triples or JSON-LD by Accept or by .ttl/.nt/.jsonld), with "
                    "/search?q= and /type/NAME. The endpoint takes query text only (library queries by name at "
                    "/queries/NAME), never a file path. Each query is parsed and run in a worker process "
                    "stopped at the time limit; answers are cut at --max-rows rows.")
    s.add_argument("source", metavar="SOURCE", help="graph file, output folder or Oxigraph store folder")
    s.add_argument("--host", default=defaults.HOST,
                   help="address to listen on (default: %(default)s, this machine only)")
    s.add_argument("--port", type=int, default=defaults.PORT, help="port (default: %(default)s; 0 picks a free one)")
    s.add_argument("--timeout", type=float, default=defaults.QUERY_TIMEOUT, metavar="SECONDS",
                   help="time limit per query, parsing included (default: %(default)g)")
    s.add_argument("--max-rows", type=int, default=defaults.MAX_ROWS, metavar="N",
                   help="cut answers at N rows or triples (default: %(default)s)")
    s.add_argument("--max-query-bytes", type=int, default=defaults.MAX_QUERY_BYTES, metavar="N",
                   help="refuse longer queries with 413 (default: %(default)s)")
    s.add_argument("--cors-origin", default=defaults.CORS_ORIGIN, metavar="ORIGIN",
                   help="origin allowed to read answers from a web page: '*' (any, the default), one "
                        "origin such as https://portal.example.org, or 'none' (no CORS headers)")
    s.add_argument("--workers", type=int, default=None, metavar="N",
                   help="queries run at once (default: the number of CPUs, at least 2)")
    s.add_argument("--base", default="/", metavar="URL",
                   help="URL prefix of the links on entity pages, e.g. https://w3id.org/govkg/ when a proxy "
                        "serves https://w3id.org/govkg/id/X from /id/X (default: %(default)s)")
    s.set_defaults(func=serve)


def parse_param_args(items: list[str] | None) -> dict:
    """Turn ['year=2021', 'name=东村'] into a dict, or raise GovkgError.

    >>> parse_param_args(["year=2021", "name=东村"])
    {'year': '2021', 'name': '东村'}
    """
    from govkg.errors import GovkgError  # noqa: PLC0415

    out: dict = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise GovkgError(f"bad --param {item!r}: use NAME=VALUE, e.g. --param year=2021")
        out[name.strip()] = value
    return out


def run_query(args) -> int:
    """Run one query and print its answer."""
    from govkg import query  # noqa: PLC0415
    from govkg.cli import fail  # noqa: PLC0415
    from govkg.errors import GovkgError  # noqa: PLC0415
    from govkg.store import SourceError  # noqa: PLC0415

    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    params = parse_param_args(args.param)
    try:
        prep = query.prepare_query(args.query, params)
        src = query.Endpoint(args.source) if query.is_endpoint(args.source) else query.Source(args.source)
        result = query.run_query(src, prep, timeout=args.timeout, full_scan=args.full_scan)
    except SourceError as e:  # query: a SOURCE missing or not valid RDF is 1
        raise GovkgError(str(e), 1) from None
    except query.QuerySyntaxError as e:
        where = args.query if len(str(args.query)) < 60 and "\n" not in str(args.query) else "query"
        print(f"govkg: error: {where}: {e}", file=sys.stderr)
        excerpt = e.excerpt()
        if excerpt:
            print(excerpt, file=sys.stderr)
        return 2
    except query.QueryTimeout as e:
        info = query.resolve_query(args.query)[1]
        if info is not None and "division" in {p.name for p in info.params} and "division" not in params:
            return fail(f"query stopped after {e.seconds:g} s (--timeout {args.timeout:g}) reading every report; "
                        f"ask about one division (--param division=NAME) or raise the limit")
        return fail(f"{e} (--timeout {args.timeout:g})")
    out = result.serialize(fmt if result.kind != "graph" else "turtle")
    sys.stdout.buffer.write(out)
    sys.stdout.flush()
    return 0


def list_queries(args) -> int:
    """List the query library."""
    from govkg import query  # noqa: PLC0415
    from govkg.errors import GovkgError  # noqa: PLC0415

    infos = query.library()
    if not infos:
        raise GovkgError("no query library found (the package's queries are missing: reinstall govkg)")
    if args.format == "json":
        import json  # noqa: PLC0415

        data = [{"name": q.name, "summary_zh": q.summary_zh, "summary_en": q.summary_en,
                 "description": q.description,
                 "params": [{"name": p.name, "datatype": p.datatype, "description": p.description}
                            for p in q.params], "path": str(q.path)} for q in infos]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    width = max(len(q.name) for q in infos)
    for q in infos:
        params = " ".join(f"--param {p.name}=…" for p in q.params)
        print(f"{q.name:<{width}}  {q.summary_zh}")
        print(f"{'':<{width}}  {q.summary_en}" + (f"  [{params}]" if params else ""))
    return 0


def serve(args) -> int:
    """Serve SOURCE until interrupted."""
    from govkg.errors import GovkgError  # noqa: PLC0415
    from govkg import site  # noqa: PLC0415
    from govkg.query import endpoint  # noqa: PLC0415
    from govkg.store import SourceError  # noqa: PLC0415

    if args.max_query_bytes < 1:
        raise GovkgError("--max-query-bytes must be at least 1")
    try:
        endpoint.serve(args.source, args.host, args.port, timeout=args.timeout, max_rows=args.max_rows,
                       workers=args.workers, max_query_bytes=args.max_query_bytes,
                       cors_origin=None if args.cors_origin == "none" else args.cors_origin,
                       routes=lambda src: site.routes(src, timeout=args.timeout, base=args.base))
    except SourceError as e:
        raise GovkgError(str(e), 1) from None
    except OSError as e:
        raise GovkgError(f"cannot listen on {args.host}:{args.port}: {e.strerror or e}") from None
    return 0
