"""Running a query on Oxigraph (the source to query, evaluation with a row cap) or on a SPARQL endpoint:
``run_query``, which answers three whole-store library queries from a corpus store's statistics when it can."""
from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
from govkg.query import stats as stats_answers
from govkg.query.errors import QueryError, QuerySyntaxError, ServiceRefused
from govkg.query.params import prepare_query
from govkg.query.remote import Endpoint, is_endpoint
from govkg.query.results import Result, collect
from govkg.query.sparql import uses_service
from govkg.query.syntax import (
    check_query,
    explain,
    oxigraph_syntax_error,
)
from govkg.query.worker import run_in_worker
from govkg.store import open_store, resolve_source
from govkg.store.stats import stats_current


class Source:
    """A graph to query: a loaded in-memory store, or an on-disk Oxigraph store folder."""
    def __init__(self, source):
        self.path: Path | None = None  # set for on-disk stores, opened in each worker
        self.name = "graph"  # what the source is called in messages and on the query page
        self._store = None
        if isinstance(source, Source):
            self.path, self.name, self._store = source.path, source.name, source._store
        elif isinstance(source, ox.Store):
            self._store = source
        else:
            p = resolve_source(source)
            self.name = str(source)
            if p.is_dir():
                self.path = p
            else:
                self._store = open_store(p)

    def store(self):
        """Return the pyoxigraph Store (opening an on-disk store read-only on first use)."""
        if self._store is None:
            self._store = open_store(self.path)
        return self._store

    def store_for_worker(self):
        """Return a Store to use inside a forked worker (an on-disk store is reopened there)."""
        if self.path is not None:
            return ox.Store.read_only(str(self.path))
        return self._store

    def __len__(self) -> int:
        return len(self.store())


def _execute(store, text: str, max_rows: int | None, default_graph=None, named_graphs=None) -> Result:
    """Run a query on a store and collect the answer (at most max_rows rows or triples)."""
    t0 = time.perf_counter()
    kwargs = {}
    if default_graph:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
    else:
        kwargs["use_default_graph_as_union"] = True
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        answer = store.query(text, **kwargs)
    except SyntaxError as e:
        raise oxigraph_syntax_error(str(e), text) from None
    except OSError as e:
        raise QueryError(f"cannot read the store: {e}") from None
    res = collect(answer, max_rows)
    res.seconds = time.perf_counter() - t0
    return res


def from_statistics(prep, store, default_graph=None, named_graphs=None) -> bool:
    """Tell whether a prepared query is answered from the store's corpus statistics: a library query
    with a statistics answer (``govkg.query.stats.ANSWERS``), no parameter bound, the default graph
    as the union of all, and statistics that are up to date."""
    return (prep.trusted and prep.name in stats_answers.ANSWERS and not prep.inserted
            and not default_graph and not named_graphs and stats_current(store))


def run_query(source, query, params: dict | None = None, *, timeout: float | None = None,
              max_rows: int | None = None, default_graph=None, named_graphs=None, fmt: str | None = None,
              full_scan: bool = False):
    """Run a query (a .rq file, a library name, SPARQL text or a Prepared query) on a SOURCE, Store or Source,
    or on a SPARQL endpoint (an Endpoint, or an http(s) URL such as Virtuoso's http://localhost:8890/sparql).

    ``params`` bind variables safely (e.g. ``{"year": 2021}``); with ``timeout`` (seconds) every step
    that can cost time (parsing, evaluation, locating a syntax error, serialising the answer in
    ``fmt``; for an endpoint, its answer) runs in a worker process that is stopped when time is up
    (QueryTimeout); ``max_rows`` cuts the answer (``result.truncated``). Returns a Result, or bytes
    when ``fmt`` is given. On a corpus store with up-to-date statistics, ``top_entities``,
    ``section_coverage`` and ``dataset_stats`` without parameters are answered from them (the same
    rows); ``full_scan=True`` runs the query instead. Raises QuerySyntaxError, UpdateRefused or
    QueryError (a federated query is refused); an endpoint reports its own syntax errors, as a QueryError.
    >>> run_query("out", "figures_by_year", {"year": 2021}).column("indicator")  # doctest: +SKIP
    """
    prep = prepare_query(query, params)
    if uses_service(prep.text):  # govkg works offline: no query may call another endpoint
        raise ServiceRefused()
    if is_endpoint(source):
        endpoint = source if isinstance(source, Endpoint) else Endpoint(source)

        def ask():
            check_query(prep)
            res = endpoint.query(prep.text, timeout=timeout if timeout and timeout > 0 else None,
                                 max_rows=max_rows, default_graph=default_graph, named_graphs=named_graphs)
            return (res, res.serialize(fmt)) if fmt else res

        return ask() if timeout is None or timeout <= 0 else run_in_worker(ask, timeout)
    src = source if isinstance(source, Source) else Source(source)

    def answer(store):
        if not full_scan and from_statistics(prep, store, default_graph, named_graphs):
            res = stats_answers.answer(prep.name, store)
            if max_rows is not None and len(res.rows) > max_rows:
                res.rows, res.truncated = res.rows[:max_rows], True
            return (res, res.serialize(fmt)) if fmt else res
        check_query(prep)
        try:
            res = _execute(store, prep.text, max_rows, default_graph, named_graphs)
        except QuerySyntaxError as e:
            raise explain(e, prep) from None
        return (res, res.serialize(fmt)) if fmt else res

    if timeout is None or timeout <= 0:
        out = answer(src.store())
    else:
        if src.path is None:
            src.store()
        out = run_in_worker(lambda: answer(src.store_for_worker()), timeout)
    return out
