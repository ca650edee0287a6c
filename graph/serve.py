"""A read-only SPARQL 1.1 Protocol endpoint over a graph, with a small query page; ``govkg serve``.

Routes:
- ``GET|POST /sparql``: the SPARQL 1.1 Protocol (query by GET, by POST form or by POST direct body);
  answers negotiated by Accept (SELECT/ASK: JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE: Turtle,
  N-Triples, JSON-LD) or ``?format=``; ``GET /sparql`` without a query returns the service description.
- ``GET /queries`` (the library as JSON) and ``GET /queries/{name}?param=value`` (run one of them).
- ``GET /``: the query page (one HTML file, inline CSS and JS, nothing fetched from elsewhere).

Updates and every other write are refused with 403. Each query runs in a forked worker process with a
time limit and a row cap (graph.query.run_query), so a runaway query is stopped, not left running.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_MAX_ROWS = 10_000
PAGE = Path(__file__).resolve().parent / "static" / "query" / "index.html"

SELECT_TYPES = {  # media type -> Result.serialize format
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/ld+json": "jsonld", "application/json": "jsonld",
}
FORMAT_PARAM = {  # ?format= values -> (select format, graph format)
    "json": ("json", "jsonld"), "xml": ("xml", None), "csv": ("csv", None), "tsv": ("tsv", None),
    "turtle": (None, "turtle"), "ttl": (None, "turtle"), "ntriples": (None, "ntriples"), "nt": (None, "ntriples"),
    "jsonld": (None, "jsonld"), "json-ld": (None, "jsonld"),
}
MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
         "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
         "turtle": "text/turtle; charset=utf-8", "ntriples": "application/n-triples",
         "jsonld": "application/ld+json"}
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"


def negotiate(accept: str | None, offers: dict[str, str]) -> str | None:
    """Return the format of the best offer for an Accept header (None if nothing is acceptable).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", SELECT_TYPES)
    'xml'
    >>> negotiate("image/png", SELECT_TYPES) is None
    True
    """
    if not accept or not accept.strip():
        return next(iter(offers.values()))
    best, best_rank = None, None
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        mtype = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if mtype in offers:
            match, specificity = offers[mtype], 2
        elif mtype == "*/*":
            match, specificity = next(iter(offers.values())), 0
        elif mtype.endswith("/*"):
            major = mtype[:-1]
            match = next((fmt for t, fmt in offers.items() if t.startswith(major)), None)
            specificity = 1
        else:
            match = None
        if match is None:
            continue
        rank = (q, specificity, -i)
        if best_rank is None or rank > best_rank:
            best, best_rank = match, rank
    return best


def service_description(endpoint: str, triples: int, fmt: str = "turtle") -> bytes:
    """Return a SPARQL 1.1 Service Description of the endpoint."""
    import pyoxigraph as ox  # noqa: PLC0415

    from graph.query import PREFIXES  # noqa: PLC0415

    def n(iri):
        return ox.NamedNode(iri)

    rdf_type = n(PREFIXES["rdf"] + "type")
    svc, ds, dg = n(endpoint), ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
    t = [ox.Triple(svc, rdf_type, n(SD + "Service")),
         ox.Triple(svc, n(SD + "endpoint"), n(endpoint)),
         ox.Triple(svc, n(SD + "supportedLanguage"), n(SD + "SPARQL11Query")),
         ox.Triple(svc, n(SD + "feature"), n(SD + "UnionDefaultGraph")),
         ox.Triple(svc, n("http://purl.org/dc/terms/title"),
                   ox.Literal("govkg SPARQL endpoint (read-only)", language="en")),
         ox.Triple(svc, n(SD + "defaultDataset"), ds),
         ox.Triple(ds, rdf_type, n(SD + "Dataset")),
         ox.Triple(ds, n(SD + "defaultGraph"), dg),
         ox.Triple(dg, rdf_type, n(SD + "Graph")),
         ox.Triple(dg, n("http://rdfs.org/ns/void#triples"), ox.Literal(triples))]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD"):
        t.append(ox.Triple(svc, n(SD + "resultFormat"), n(FORMATS_NS + name)))
    rdf = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    prefixes = {"sd": SD, "formats": FORMATS_NS, "void": "http://rdfs.org/ns/void#",
                "dct": "http://purl.org/dc/terms/"} if fmt == "turtle" else None
    return ox.serialize(t, format=rdf, prefixes=prefixes)


def library_json() -> list[dict]:
    """Return the query library as plain data for the page and /queries."""
    from graph.query import library  # noqa: PLC0415

    return [{"name": q.name, "summary": q.summary, "summary_zh": q.summary_zh, "summary_en": q.summary_en,
             "description": q.description, "text": q.text,
             "params": [{"name": p.name, "datatype": p.datatype, "description": p.description} for p in q.params]}
            for q in library()]


def create_app(source, *, timeout: float = 30.0, max_rows: int = DEFAULT_MAX_ROWS, workers: int | None = None):
    """Return the Starlette app serving SOURCE (a path, Store or graph.query.Source) read-only."""
    from contextlib import asynccontextmanager  # noqa: PLC0415
    from urllib.parse import parse_qs  # noqa: PLC0415

    import anyio  # noqa: PLC0415
    from starlette.applications import Starlette  # noqa: PLC0415
    from starlette.middleware import Middleware  # noqa: PLC0415
    from starlette.middleware.cors import CORSMiddleware  # noqa: PLC0415
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response  # noqa: PLC0415
    from starlette.routing import Route  # noqa: PLC0415

    from graph import query as gq  # noqa: PLC0415

    src = source if isinstance(source, gq.Source) else gq.Source(source)
    triples = len(src)
    state: dict = {}
    queries = library_json()

    def limiter():
        if "limiter" not in state:
            state["limiter"] = anyio.CapacityLimiter(workers or max(2, os.cpu_count() or 2))
        return state["limiter"]

    def refuse(message: str) -> Response:
        return PlainTextResponse(message + "\n", status_code=403)

    def bad(message: str, status: int = 400) -> Response:
        return PlainTextResponse(message + "\n", status_code=status)

    async def answer(request, text: str, params: dict | None = None, info=None,
                     default_graph=(), named_graphs=()) -> Response:
        body_text = info.text if info is not None else text
        if gq.is_update(body_text):
            return refuse("SPARQL Update is not allowed: this endpoint is read-only")
        if gq.uses_service(body_text):
            return refuse("SERVICE (federated query) is disabled: this endpoint answers from its own graph only")
        graph_form = gq.query_form(body_text) in ("CONSTRUCT", "DESCRIBE")
        fmt = None
        forced = request.query_params.get("format")
        if forced:
            pair = FORMAT_PARAM.get(forced.lower())
            fmt = pair and pair[1 if graph_form else 0]
            if fmt is None:
                return bad(f"format={forced} does not fit this query; use "
                           + ("turtle, ntriples or jsonld" if graph_form else "json, xml, csv or tsv"), 406)
        else:
            fmt = negotiate(request.headers.get("accept"), GRAPH_TYPES if graph_form else SELECT_TYPES)
            if fmt is None:
                offers = ", ".join(GRAPH_TYPES if graph_form else SELECT_TYPES)
                return bad(f"none of the accepted media types can be produced; offered: {offers}", 406)

        def work():
            return gq.run_query(src, info if info is not None else text, params, timeout=timeout,
                                max_rows=max_rows, default_graph=list(default_graph) or None,
                                named_graphs=list(named_graphs) or None)

        try:
            result = await anyio.to_thread.run_sync(work, limiter=limiter())
        except gq.QuerySyntaxError as e:
            return bad(f"{e}\n{e.excerpt()}".rstrip())
        except gq.UpdateRefused as e:
            return refuse(str(e))
        except gq.QueryTimeout as e:
            return bad(str(e), 503)
        except gq.QueryError as e:
            return bad(str(e))
        headers = {"X-Govkg-Rows": str(len(result))}
        if result.truncated:
            headers["X-Govkg-Truncated"] = f"cut at {max_rows} rows"
        return Response(result.serialize(fmt), media_type=MEDIA[fmt], headers=headers)

    async def sparql(request):
        qs = request.query_params
        if request.method == "GET":
            if "update" in qs:
                return refuse("SPARQL Update is not allowed: this endpoint is read-only")
            texts = qs.getlist("query")
            if not texts:
                fmt = negotiate(request.headers.get("accept"), {"text/turtle": "turtle", "application/n-triples":
                                                               "ntriples", "application/ld+json": "jsonld",
                                                               "text/plain": "ntriples"}) or "turtle"
                return Response(service_description(str(request.url.replace(query="")), triples, fmt),
                                media_type=MEDIA[fmt])
            default_graph, named = qs.getlist("default-graph-uri"), qs.getlist("named-graph-uri")
        else:  # POST
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await request.body()
            try:
                body_text = body.decode("utf-8")
            except UnicodeDecodeError:
                return bad("the request body is not UTF-8")
            if ctype == "application/x-www-form-urlencoded":
                form = parse_qs(body_text, keep_blank_values=True)
                if "update" in form:
                    return refuse("SPARQL Update is not allowed: this endpoint is read-only")
                texts = form.get("query", [])
                default_graph = form.get("default-graph-uri", []) + qs.getlist("default-graph-uri")
                named = form.get("named-graph-uri", []) + qs.getlist("named-graph-uri")
            elif ctype == "application/sparql-query":
                texts = [body_text]
                default_graph, named = qs.getlist("default-graph-uri"), qs.getlist("named-graph-uri")
            elif ctype == "application/sparql-update":
                return refuse("SPARQL Update is not allowed: this endpoint is read-only")
            else:
                return bad("POST a query as application/x-www-form-urlencoded (query=...) "
                           "or as application/sparql-query", 415)
            if not texts:
                return bad("no query: send query=... (SPARQL 1.1 Protocol)")
        if len(texts) > 1:
            return bad("more than one query parameter")
        return await answer(request, texts[0], default_graph=default_graph, named_graphs=named)

    async def list_queries(request):
        return JSONResponse(queries)

    async def library_query(request):
        name = request.path_params["name"]
        try:
            info = gq.get_query(name)
        except gq.QueryError as e:
            return bad(str(e), 404)
        params = {k: v for k, v in request.query_params.items() if k != "format" and v != ""}
        return await answer(request, info.text, params, info)

    async def page(request):
        html = PAGE.read_text(encoding="utf-8")
        data = json.dumps({"queries": queries, "triples": triples, "source": src.name,
                           "maxRows": max_rows, "timeout": timeout}, ensure_ascii=False)
        html = html.replace("/*GOVKG_DATA*/null", data.replace("</", "<\\/"))
        return HTMLResponse(html)

    async def write_refused(request):
        return refuse(f"{request.method} is not allowed: this endpoint is read-only")

    @asynccontextmanager
    async def lifespan(app):
        yield
        gq.kill_workers()

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/sparql", write_refused, methods=["PUT", "DELETE", "PATCH"]),
        Route("/queries", list_queries, methods=["GET"]),
        Route("/queries/{name}", library_query, methods=["GET"]),
        Route("/{path:path}", write_refused, methods=["POST", "PUT", "DELETE", "PATCH"]),
    ]
    middleware = [Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                             allow_headers=["Accept", "Content-Type"],
                             expose_headers=["X-Govkg-Rows", "X-Govkg-Truncated"], max_age=3600)]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def serve(source, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, timeout: float = 30.0,
          max_rows: int = DEFAULT_MAX_ROWS, workers: int | None = None) -> None:
    """Serve SOURCE until interrupted; print the address first (port 0 picks a free port)."""
    import socket  # noqa: PLC0415

    import uvicorn  # noqa: PLC0415

    from graph import query as gq  # noqa: PLC0415

    src = gq.Source(source)
    app = create_app(src, timeout=timeout, max_rows=max_rows, workers=workers)
    family, _, _, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(addr)
    sock.set_inheritable(True)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    print(f"govkg: serving {source} ({len(src)} triples) read-only at http://{shown}:{bound}/ "
          f"(SPARQL endpoint: http://{shown}:{bound}/sparql); Ctrl-C stops", flush=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"govkg: note: listening on {host}, not only this machine", file=sys.stderr, flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                            timeout_graceful_shutdown=2)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        gq.kill_workers()
        sock.close()


def _cmd_serve(args) -> int:
    from graph.cli import fail  # noqa: PLC0415
    from graph.store import SourceError  # noqa: PLC0415

    try:
        serve(args.source, args.host, args.port, timeout=args.timeout, max_rows=args.max_rows, workers=args.workers)
    except SourceError as e:
        return fail(str(e), 1)
    except OSError as e:
        return fail(f"cannot listen on {args.host}:{args.port}: {e.strerror or e}")
    return 0


def add_cli(sub) -> None:
    """Register ``govkg serve``."""
    p = sub.add_parser(
        "serve", help="serve a graph as a read-only SPARQL endpoint with a query page",
        description="Serve SOURCE (a graph file, an output folder or an Oxigraph store folder) as a "
                    "SPARQL 1.1 Protocol endpoint at /sparql (GET and POST; JSON, XML, CSV, TSV answers, "
                    "Turtle, N-Triples, JSON-LD graphs; a service description at GET /sparql) and a "
                    "query page at /. Read-only: updates are refused with 403. Each query runs in a "
                    "worker process stopped at the time limit; answers are cut at --max-rows rows.")
    p.add_argument("source", metavar="SOURCE", help="graph file, output folder or Oxigraph store folder")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help="address to listen on (default: %(default)s, this machine only)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default: %(default)s; 0 picks a free one)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="time limit per query (default: %(default)g)")
    p.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS, metavar="N",
                   help="cut answers at N rows or triples (default: %(default)s)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="queries run at once (default: the number of CPUs, at least 2)")
    p.set_defaults(func=_cmd_serve)
