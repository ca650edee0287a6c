"""Binding parameters safely: each value becomes an RDF term (pyoxigraph) in a ``VALUES`` block.

The block goes at the start of the query's WHERE group, so a value can never change the query's
structure; a library query also runs unchanged in any SPARQL tool (its parameters then unbound).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from govkg.query.errors import QueryError, UpdateRefused
from govkg.query.library import Param, QueryInfo, resolve_query
from govkg.query.sparql import (
    PREFIXES,
    XSD,
    is_update,
    query_form,
    query_variables,
    tokens,
    where_groups,
)


def make_term(value, datatype: str | None = None):
    """Return a pyoxigraph term for a parameter value; datatype like 'xsd:gYear', 'iri' or '@zh'."""
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    text = str(value)
    dt = (datatype or "").strip()
    if dt in ("iri", "IRI", "uri"):
        try:
            return ox.NamedNode(text[1:-1] if text.startswith("<") and text.endswith(">") else text)
        except ValueError as e:
            raise QueryError(f"not an IRI: {text!r} ({e})") from None
    if not dt:
        return ox.Literal(text)
    if re.fullmatch(r"@[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", dt):  # a language-tagged string, e.g. @zh
        return ox.Literal(text, language=dt[1:])
    if dt.startswith("<") and dt.endswith(">"):
        iri = dt[1:-1]
    elif ":" in dt and dt.split(":", 1)[0] in PREFIXES:
        prefix, local = dt.split(":", 1)
        iri = PREFIXES[prefix] + local
    else:
        raise QueryError(f"unknown parameter datatype {dt!r}")
    if iri == XSD + "string":
        return ox.Literal(text)
    checks = {
        "gYear": (r"-?[0-9]{4,}", "a year such as 2021"),
        "integer": (r"[+-]?[0-9]+", "a whole number"),
        "decimal": (r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", "a number such as 3.6"),
        "date": (r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}", "a date such as 2021-03-16"),
        "boolean": (r"true|false|1|0", "true or false"),
    }
    local = iri[len(XSD):] if iri.startswith(XSD) else None
    if local in checks and not re.fullmatch(checks[local][0], text.strip()):
        raise QueryError(f"{text!r} is not {checks[local][1]}")
    return ox.Literal(text.strip() if local in checks else text, datatype=ox.NamedNode(iri))


def bind_params(text: str, params: dict | None, declared: tuple[Param, ...] | None = None) -> str:
    """Return the query with its parameters bound by VALUES blocks at the start of its WHERE groups.

    Values become RDF terms serialised by pyoxigraph, never pasted text; a parameter must be declared
    by the query's header (library queries) or be a variable the query uses (inline queries). Each
    WHERE group binds the parameters it uses, so that a parameter means one value everywhere (a
    sub-SELECT's variables are otherwise its own, and an aggregate inside it would run over
    everything before an outer VALUES joined). The query's own group binds those it names outside
    its sub-SELECTs (in its patterns, the projection or the solution modifiers), and every one for
    ``SELECT *`` and ``DESCRIBE *``; a VALUES block of a variable nothing else in the group uses
    changes no answer, and Virtuoso 7.2 mis-compiles some queries that hold one.
    >>> bind_params('SELECT ?x WHERE { ?x ?p ?year }', {'year': '2021'})
    'SELECT ?x WHERE { VALUES (?year) { ("2021") } ?x ?p ?year }'
    """
    return _bind(text, params, declared)[0]


def _bind(text: str, params: dict | None, declared: tuple[Param, ...] | None) -> tuple[str, tuple]:
    """Bind parameters; return (text, ((offset, length) of each inserted block, in the original text))."""
    if not params:
        return text, ()
    used = query_variables(text)
    decl = {p.name: p for p in (declared or ())}
    bound: dict[str, str] = {}
    for name, value in params.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name or ""):
            raise QueryError(f"bad parameter name {name!r}")
        if declared is not None and name not in decl:
            known = ", ".join(decl) or "none"
            raise QueryError(f"unknown parameter {name!r} (this query takes: {known})")
        if name not in used:
            raise QueryError(f"unknown parameter {name!r}: the query has no variable ?{name}")
        try:
            bound[name] = str(make_term(value, decl[name].datatype if name in decl else None))
        except QueryError as e:
            raise QueryError(f"parameter {name}: {e}") from None
    groups = where_groups(text)
    if not groups:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    inserts = []
    everywhere = _projects_all(text)
    for i, (start, end) in enumerate(groups):
        # the group's own text, without the sub-SELECTs nested in it; the query's group: the whole text
        lo, hi = (0, len(text)) if i == 0 else (start, end)
        own = text[lo:hi]
        inner = [g for g in groups if start < g[0] and g[1] < end]
        outermost = [g for g in inner if not any(h[0] < g[0] and g[1] < h[1] for h in inner)]
        for s, e in sorted(outermost, reverse=True):
            own = own[:s - lo] + own[e - lo:]
        names = list(bound) if i == 0 and everywhere else [n for n in bound if n in query_variables(own)]
        if names:
            block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(bound[n] for n in names)}) }}"
            assert "\n" not in block and "\r" not in block  # N-Triples terms escape line breaks: lines stay put
            inserts.append((start, block))
    for at, block in reversed(inserts):
        text = text[:at] + block + text[at:]
    return text, tuple((at, len(block)) for at, block in inserts)


def _projects_all(text: str) -> bool:
    """Tell whether the query's form is followed by ``*`` (``SELECT *``, ``SELECT DISTINCT *``, ``DESCRIBE *``).

    >>> _projects_all("PREFIX a: <urn:a#> SELECT DISTINCT * WHERE { ?s ?p ?o }"), _projects_all("SELECT ?s { ?s ?p ?o }")
    (True, False)
    """
    form = query_form(text)
    seen = False
    for kind, value, _ in tokens(text):
        if kind in ("comment", "space"):
            continue
        if not seen:
            seen = kind == "word" and value.upper() == form
            continue
        if kind == "word" and value.upper() in ("DISTINCT", "REDUCED"):
            continue
        return value == "*"
    return False


@dataclass(frozen=True)
class Prepared:
    """A query ready to run: the text with parameters bound, and the text as written."""

    text: str
    original: str
    inserted: tuple = ()  # (offset in the original text, length) of each inserted VALUES block
    trusted: bool = False  # the text is a query of the library (shipped with govkg), not a user's
    name: str = ""  # the library query's name (trusted queries only)


def prepare_text(text: str, params: dict | None = None, info: QueryInfo | None = None) -> Prepared:
    """Refuse updates and bind parameters of a query given as SPARQL text (or a library query's ``info``).

    This never reads a file: the endpoint takes query text only; names and paths are for the command
    line and the Python API (:func:`prepare_query`).
    """
    if info is not None:
        text = info.text
    if is_update(text):
        raise UpdateRefused("SPARQL Update is not allowed: the graph is read-only")
    bound, inserted = _bind(text, params, info.params if info is not None else None)
    trusted = info is not None and info.library
    return Prepared(bound, text, inserted, trusted=trusted, name=info.name if trusted else "")


def prepare_query(query, params: dict | None = None) -> Prepared:
    """Resolve a query (a .rq file, a library name or SPARQL text), refuse updates, bind parameters."""
    if isinstance(query, Prepared):
        return query
    text, info = resolve_query(query)
    return prepare_text(text, params, info)


def prepare(query, params: dict | None = None) -> str:
    """Return the text of a query (file, library name or SPARQL text) with its parameters bound."""
    return prepare_query(query, params).text
