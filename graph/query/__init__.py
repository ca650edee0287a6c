"""Ask the graph: the SPARQL query library (``queries/*.rq``) and ``run_query`` on Oxigraph.

One module a job: :mod:`~govkg.query.library` (the ``.rq`` files and their headers),
:mod:`~govkg.query.sparql` (lexing), :mod:`~govkg.query.params` (safe parameter binding),
:mod:`~govkg.query.syntax` (errors placed in the text as written), :mod:`~govkg.query.results`
(answers and their formats), :mod:`~govkg.query.worker` (killable worker processes),
:mod:`~govkg.query.remote` (another SPARQL endpoint, such as Virtuoso's), :mod:`~govkg.query.stats`
(whole-store answers from a corpus store's statistics), :mod:`~govkg.query.engine` (``run_query``) and
:mod:`~govkg.query.endpoint` (``govkg serve``).

Queries run on Oxigraph (pyoxigraph) with the default graph as the union of all graphs, or on a
remote endpoint over the SPARQL 1.1 Protocol. With a timeout, the query runs in a forked worker
process that is killed when time is up.
"""
from govkg.query.engine import Source, run_query
from govkg.query.remote import Endpoint, is_endpoint
from govkg.query.errors import (
    QueryError,
    QuerySyntaxError,
    QueryTimeout,
    ServiceRefused,
    UpdateRefused,
)
from govkg.query.library import (
    Param,
    QueryInfo,
    get_query,
    library,
    parse_header,
    query_info,
    resolve_query,
)
from govkg.query.params import (
    Prepared,
    bind_params,
    make_term,
    prepare,
    prepare_query,
    prepare_text,
)
from govkg.query.results import Result, compact
from govkg.query.sparql import (
    PREFIXES,
    is_update,
    query_form,
    query_variables,
    uses_service,
)
from govkg.query.syntax import check_syntax
from govkg.query.worker import kill_workers, run_in_worker

__all__ = [
    "Endpoint", "Param", "Prepared", "PREFIXES", "QueryError", "QueryInfo", "QuerySyntaxError", "QueryTimeout", "Result",
    "ServiceRefused", "Source", "UpdateRefused", "bind_params", "check_syntax", "compact", "get_query", "is_endpoint", "is_update",
    "kill_workers", "library", "make_term", "parse_header", "prepare", "prepare_query", "prepare_text", "query_form",
    "query_info", "query_variables", "resolve_query", "run_in_worker", "run_query", "uses_service",
]
