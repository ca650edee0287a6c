"""Querying a remote SPARQL endpoint over the SPARQL 1.1 Protocol (``govkg query http://HOST:8890/sparql NAME``).

The query goes by HTTP POST (form-encoded); SELECT and ASK answers come back as SPARQL JSON,
CONSTRUCT and DESCRIBE answers as N-Triples, and both become the Result a local query gives. The
endpoint's default graph is its own: Virtuoso's, like govkg's stores, is the union of all its graphs.
Virtuoso 7.2 answers an ASK with a one-column table (``__ASK_RETVAL``, one row when true), read
here as the boolean. No credentials: the endpoint is a public query service.
"""
from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
from govkg.query.errors import QueryError, QueryTimeout
from govkg.query.results import Result, collect
from govkg.query.sparql import query_form
from govkg.store import SourceError

ACCEPT = {"graph": "application/n-triples", "table": "application/sparql-results+json"}


def is_endpoint(source) -> bool:
    """Tell whether a SOURCE is a SPARQL endpoint: an Endpoint, or text starting with http:// or https://.

    >>> is_endpoint("http://localhost:8890/sparql"), is_endpoint("out/graph.ttl")
    (True, False)
    """
    return isinstance(source, Endpoint) or (isinstance(source, str) and source[:8].lower().startswith(("http://", "https://")))


class Endpoint:
    """A SPARQL 1.1 Protocol query endpoint, e.g. Virtuoso's http://localhost:8890/sparql."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise SourceError(f"{url}: not an http(s) URL of a SPARQL endpoint")
        if parts.username is not None or parts.password is not None:
            host = f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname
            raise SourceError(f"{parts.scheme}://{host}{parts.path}: put no credentials in the URL "
                              "(govkg sends none to a query endpoint)")
        self.url = self.name = url

    def query(self, text: str, *, timeout: float | None = None, max_rows: int | None = None,
              default_graph=None, named_graphs=None) -> Result:
        """Send a query; return its answer as a Result (at most ``max_rows`` rows or triples)."""
        t0 = time.perf_counter()
        form = query_form(text)
        graph = form in ("CONSTRUCT", "DESCRIBE")
        fields = [("query", text)] + [("default-graph-uri", g) for g in default_graph or ()]
        fields += [("named-graph-uri", g) for g in named_graphs or ()]
        req = urllib.request.Request(self.url, data=urlencode(fields).encode("utf-8"), method="POST",
                                     headers={"Accept": ACCEPT["graph" if graph else "table"],
                                              "Content-Type": "application/x-www-form-urlencoded"})
        data = self._fetch(req, timeout)
        try:
            if graph:
                answer = (q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
            else:
                answer = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
            res = collect(answer, max_rows)
        except (SyntaxError, ValueError) as e:
            raise QueryError(f"{self.url}: the answer is not {'N-Triples' if graph else 'SPARQL JSON'} "
                             f"({' '.join(str(e).split())[:160]})") from None
        if form == "ASK" and res.kind == "select" and res.variables == ["__ASK_RETVAL"]:  # Virtuoso 7.2
            res = Result("ask", boolean=any(row[0] is not None and row[0].value not in ("0", "false")
                                            for row in res.rows))
        res.seconds = time.perf_counter() - t0
        return res

    def _fetch(self, req, timeout: float | None) -> bytes:
        """Return the body of a successful answer, or raise SourceError (unreachable) or QueryError (refused)."""
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as e:
            try:
                body = e.read(2000).decode("utf-8", "replace")
            except OSError:
                body = ""
            detail = next((line.strip() for line in body.splitlines() if line.strip()), "")
            if detail.startswith("<"):  # an HTML page says no more than the status
                detail = ""
            if e.code == 404:
                detail = detail or "no SPARQL endpoint at this URL (Virtuoso's is http://HOST:8890/sparql)"
            raise QueryError(f"{self.url} answered HTTP {e.code}" + (f": {detail[:300]}" if detail else "")) from None
        except urllib.error.URLError as e:
            if isinstance(e.reason, (TimeoutError, socket.timeout)):
                raise QueryTimeout(timeout or 0) from None
            reason = "connection refused" if isinstance(e.reason, ConnectionRefusedError) else (
                "unknown host" if isinstance(e.reason, socket.gaierror) else " ".join(str(e.reason).split())[:160])
            raise SourceError(f"cannot reach the SPARQL endpoint {self.url}: {reason}", 1) from None
        except TimeoutError:
            raise QueryTimeout(timeout or 0) from None
        except ConnectionError as e:
            raise SourceError(f"{self.url}: connection lost ({type(e).__name__})", 1) from None
