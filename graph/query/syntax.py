"""Syntax errors placed where the user wrote them: line, column and a caret."""
from __future__ import annotations

import re

import pyoxigraph as ox
from govkg.query.errors import (
    QuerySyntaxError,
    QueryTimeout,
    ServiceRefused,
    UpdateRefused,
)
from govkg.query.params import Prepared
from govkg.query.sparql import is_update, tokens
from govkg.query.worker import run_in_worker
from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

_POS = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)


def check_syntax(text: str, timeout: float = 10.0) -> None:
    """Raise QuerySyntaxError (or UpdateRefused) if ``text`` is not a SPARQL query.

    Oxigraph has no parse-only call, so the text runs on an empty store, in a worker process with a
    time limit (a query can be costly even without data).
    """
    if is_update(text):
        raise UpdateRefused("SPARQL Update is not allowed: the graph is read-only")

    def parse():
        try:
            ox.Store().query(text)
        except SyntaxError as e:
            raise oxigraph_syntax_error(str(e), text) from None
        return True

    try:
        run_in_worker(parse, timeout)
    except QuerySyntaxError as e:
        raise explain(e, Prepared(text, text)) from None
    except QueryTimeout:
        pass  # it parsed: only its evaluation on an empty store is slow


def check_query(prep: Prepared) -> None:
    """Refuse a query that calls another endpoint, found by parsing it (any depth: EXISTS, OPTIONAL, sub-SELECT).

    A library query (shipped with govkg) is trusted and not parsed again. The caller has already run
    the lexical check (:func:`govkg.query.sparql.uses_service`); this one reads the query as rdflib's
    SPARQL parser does. Text that this parser cannot read is left to Oxigraph, which reports the
    syntax error (or, where the two parsers differ, runs it: the lexical check stands then).
    Run it in the worker: parsing a long query can take time.
    """
    if prep.trusted:
        return
    try:
        tree = parseQuery(prep.text)
    except (ParseBaseException, RecursionError, ValueError):
        return
    if _has_service(tree):
        raise ServiceRefused()


def _has_service(node) -> bool:
    """Tell whether a parse tree holds a SERVICE pattern (walked without recursion)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, CompValue):
            if n.name == "ServiceGraphPattern":
                return True
            stack.extend(n.values())
        elif isinstance(n, (list, tuple, ParseResults)):
            stack.extend(n)
    return False


def oxigraph_syntax_error(msg: str, text: str) -> QuerySyntaxError:
    """Turn Oxigraph's 'error at L:C: ...' message into a QuerySyntaxError."""
    m = _POS.match(msg)
    line, col, rest = (int(m.group(1)), int(m.group(2)), m.group(3)) if m else (0, 0, msg)
    rest = " ".join(rest.split())
    if len(rest) > 100:
        rest = rest[:97] + "..."
    return QuerySyntaxError(rest, line, col, text)


def explain(err: QuerySyntaxError, prep: Prepared) -> QuerySyntaxError:
    """Place a syntax error in the text as written (before binding); use rdflib's place when nearer its cause."""
    line, col, rest, original = err.line, err.column, err.message, prep.original
    if line:
        shift = 0
        for at, length in prep.inserted:
            ins_line = original.count("\n", 0, at) + 1
            ins_col = at - (original.rfind("\n", 0, at) + 1) + 1
            if line == ins_line and col - shift > ins_col:
                shift += min(length, col - shift - ins_col)
        col -= shift
    other = _rdflib_location(original)
    if other is not None and (not line or (other[0], other[1]) <= (line, col)):
        line, col, rest = other[0], other[1], f"{other[2]} (Oxigraph: {rest})"
    undeclared = undeclared_prefixes(original)
    if undeclared:
        rest += f" (undeclared prefix: {', '.join(sorted(undeclared))})"
    return QuerySyntaxError(rest, line, col, original)


def _rdflib_location(text: str):
    """Return (line, column, message) of rdflib's parse error for the text, or None."""
    try:
        parseQuery(text)
    except ParseBaseException as e:
        found = str(e).split(" (at char")[0].strip()
        return e.lineno, e.col, found
    except Exception:  # noqa: BLE001  (rdflib may fail in other ways; then Oxigraph's place stands)
        return None
    return None


def undeclared_prefixes(text: str) -> set[str]:
    """Return the prefixes a query uses without declaring them (e.g. {"gov:"})."""
    declared, used = set(), set()
    expect_prefix = False
    for kind, value, start in tokens(text):
        if kind == "word" and value.upper() == "PREFIX":
            expect_prefix = True
            continue
        if kind == "word" and text[start + len(value): start + len(value) + 1] == ":":
            (declared if expect_prefix else used).add(value)
            expect_prefix = False
        elif kind == "other" and value == ":" and expect_prefix:
            declared.add("")
            expect_prefix = False
    return {p + ":" for p in used - declared if p.upper() not in ("HTTP", "HTTPS", "URN", "MAILTO")}
