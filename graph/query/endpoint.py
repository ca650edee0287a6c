"""A read-only SPARQL 1.1 Protocol endpoint over a graph, with a small query page; ``govkg serve``.

Routes:
- ``GET|POST /sparql``: the SPARQL 1.1 Protocol (query by GET, by POST form or by POST direct body);
  answers negotiated by Accept (SELECT/ASK: JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE: Turtle,
  N-Triples, JSON-LD) or ``?format=``; ``GET /sparql`` without a query returns the service description.
- ``GET /queries`` (the library as JSON) and ``GET /queries/{name}?param=value`` (run one of them).
- ``GET /``: the query page (one HTML file, inline CSS and JS, nothing fetched from elsewhere).

Updates and every other write are refused with 403. Each query runs in a forked worker process with a
time limit and a row cap (govkg.query.run_query), so a runaway query is stopped, not left running.
"""
from __future__ import annotations

import json
import os
import socket
import sys
from contextlib import asynccontextmanager
from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
import uvicorn
from govkg import defaults
from govkg import query as gq
from govkg.query import PREFIXES, library
from govkg.query.errors import ServiceRefused
from govkg.resources import static_file
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

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
    return [{"name": q.name, "summary": q.summary, "summary_zh": q.summary_zh, "summary_en": q.summary_en,
             "description": q.description, "text": q.text,
             "params": [{"name": p.name, "datatype": p.datatype, "description": p.description} for p in q.params]}
            for q in library()]


def create_app(source, *, timeout: float = defaults.QUERY_TIMEOUT, max_rows: int = defaults.MAX_ROWS,
               workers: int | None = None, max_query_bytes: int = defaults.MAX_QUERY_BYTES,
               cors_origin: str | None = defaults.CORS_ORIGIN, routes=()):
    """Return the Starlette app serving SOURCE (a path, Store or govkg.query.Source) read-only.

    Queries come as text only (or a library query by name at /queries/NAME): the endpoint never
    reads a file named by a request. ``cors_origin`` is '*' (any web page may read answers), one
    origin, or None (no CORS headers). ``routes`` are more Starlette routes (GET only), e.g. the entity
    pages of govkg.site, placed before the catch-all that refuses writes.
    """

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
        if info is None and len(text.encode("utf-8")) > max_query_bytes:
            return bad(f"the query is longer than {max_query_bytes} bytes (govkg serve --max-query-bytes)", 413)
        if gq.is_update(body_text):
            return refuse("SPARQL Update is not allowed: this endpoint is read-only")
        if gq.uses_service(body_text):
            return refuse(str(ServiceRefused()))
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
            prep = gq.prepare_text(text, params, info)  # text only: never a file path
            result, body = gq.run_query(src, prep, timeout=timeout, max_rows=max_rows,
                                        default_graph=list(default_graph) or None,
                                        named_graphs=list(named_graphs) or None, fmt=fmt)
            return len(result), result.truncated, body

        try:
            rows, truncated, body = await anyio.to_thread.run_sync(work, limiter=limiter())
        except gq.QuerySyntaxError as e:
            return bad(f"{e}\n{e.excerpt()}".rstrip())
        except (gq.UpdateRefused, ServiceRefused) as e:
            return refuse(str(e))
        except gq.QueryTimeout as e:
            return bad(str(e), 503)
        except gq.QueryError as e:
            return bad(str(e))
        headers = {"X-Govkg-Rows": str(rows)}
        if truncated:
            headers["X-Govkg-Truncated"] = f"cut at {max_rows} rows"
        return Response(body, media_type=MEDIA[fmt], headers=headers)

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
            limit = 3 * max_query_bytes + 4096  # a form's percent-encoding may triple the text
            body = b""
            async for chunk in request.stream():
                body += chunk
                if len(body) > limit:
                    return bad(f"the query is longer than {max_query_bytes} bytes "
                               "(govkg serve --max-query-bytes)", 413)
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
        html = static_file("govkg.query", "index.html")
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
        *routes,
        Route("/{path:path}", write_refused, methods=["POST", "PUT", "DELETE", "PATCH"]),
    ]
    middleware = [] if not cors_origin else [
        Middleware(CORSMiddleware, allow_origins=[cors_origin], allow_methods=["GET", "POST", "OPTIONS"],
                   allow_headers=["Accept", "Content-Type"],
                   expose_headers=["X-Govkg-Rows", "X-Govkg-Truncated"], max_age=3600)]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def serve(source, host: str = defaults.HOST, port: int = defaults.PORT, *, timeout: float = defaults.QUERY_TIMEOUT,
          max_rows: int = defaults.MAX_ROWS, workers: int | None = None,
          max_query_bytes: int = defaults.MAX_QUERY_BYTES, cors_origin: str | None = defaults.CORS_ORIGIN,
          routes=None) -> None:
    """Serve SOURCE until interrupted; print the address first (port 0 picks a free port).

    ``routes(src)``, if given, returns more routes for the app (the command line adds the entity pages).
    """
    src = gq.Source(source)
    app = create_app(src, timeout=timeout, max_rows=max_rows, workers=workers, max_query_bytes=max_query_bytes,
                     cors_origin=cors_origin, routes=routes(src) if routes else ())
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
