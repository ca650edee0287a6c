"""Ask the graph: the SPARQL query library (queries/*.rq), ``run_query`` on Oxigraph, ``govkg query``.

The library is a folder of self-contained ``.rq`` files, one question each, with a header::

    #+ summary: 中文摘要 / English summary
    #+ description: longer text, continued on
    #+   indented ``#+`` lines
    #+ param: year xsd:gYear 年份 / the year, e.g. 2021

Parameters are bound safely: each value becomes an RDF term built by pyoxigraph (whose own
serialisation escapes it) inside a ``VALUES`` block placed at the start of the query's WHERE
group, so a value can never change the query's structure. A library query also runs unchanged
in any SPARQL tool: its parameters are then simply unbound ("all years").

Queries run on Oxigraph (pyoxigraph) with the default graph as the union of all graphs. With a
timeout, the query runs in a forked worker process that is killed when time is up (a running
Oxigraph query cannot be interrupted from Python).
"""
from __future__ import annotations

import os
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_TIMEOUT = 30.0
FORMATS = ("table", "csv", "tsv", "json")

XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {
    "gov": "https://w3id.org/govkg/ontology#",
    "id": "https://w3id.org/govkg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "schema": "https://schema.org/",
}


class QueryError(Exception):
    """A query that cannot be run: unknown name, bad parameter, worker failure."""


class QuerySyntaxError(QueryError):
    """A query that does not parse; knows the line and column (1-based) of the error."""

    def __init__(self, message: str, line: int = 0, column: int = 0, text: str = ""):
        super().__init__(message)
        self.message, self.line, self.column, self.text = message, line, column, text

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}: " if self.line else ""
        return f"SPARQL syntax error at {where}{self.message}"

    def excerpt(self) -> str:
        """Return the offending line of the query with a caret under the column."""
        lines = self.text.splitlines()
        if not (1 <= self.line <= len(lines)):
            return ""
        src = lines[self.line - 1]
        col = min(max(self.column, 1), len(src) + 1)
        pad = "".join("\t" if c == "\t" else ("  " if _wide(c) else " ") for c in src[: col - 1])
        return f"  {self.line:>3} | {src}\n      | {pad}^"


class UpdateRefused(QueryError):
    """A SPARQL Update (INSERT, DELETE, LOAD, ...) sent where only queries are allowed."""


class QueryTimeout(QueryError):
    """A query stopped because it ran past its time limit."""

    def __init__(self, seconds: float):
        super().__init__(f"query stopped after {seconds:g} s (time limit); "
                         "narrow it down (a parameter, LIMIT) or raise the limit")
        self.seconds = seconds


# --------------------------------------------------------------------------- the library

@dataclass(frozen=True)
class Param:
    """A declared query parameter: a variable name, its datatype and a description."""

    name: str
    datatype: str = "xsd:string"
    description: str = ""


@dataclass(frozen=True)
class QueryInfo:
    """A query file of the library: its name, header and text."""

    name: str
    path: Path
    summary: str
    description: str
    params: tuple[Param, ...]
    text: str

    @property
    def summary_zh(self) -> str:
        """Return the Chinese half of the summary."""
        return self.summary.split(" / ", 1)[0].strip()

    @property
    def summary_en(self) -> str:
        """Return the English half of the summary."""
        parts = self.summary.split(" / ", 1)
        return parts[1].strip() if len(parts) == 2 else parts[0].strip()


_HEADER = re.compile(r"^#\+\s?(\w+):\s*(.*)$")
_HEADER_MORE = re.compile(r"^#\+\s{2,}(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(\S+)\s*(.*)$")


def parse_header(text: str) -> dict:
    """Read the ``#+ key: value`` header of a query; repeated keys (param) become lists."""
    head: dict = {"params": []}
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        more = _HEADER_MORE.match(line)
        m = _HEADER.match(line)
        if more and last and not m:
            if last == "param":
                head["params"][-1] += " " + more.group(1).strip()
            else:
                head[last] += " " + more.group(1).strip()
            continue
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2).strip()
        last = key
        if key == "param":
            head["params"].append(value)
        else:
            head[key] = value
    params = []
    for p in head.pop("params"):
        pm = _PARAM.match(p)
        if pm:
            params.append(Param(pm.group(1), pm.group(2), pm.group(3).strip()))
        elif p.strip():
            params.append(Param(p.strip()))
    head["params"] = tuple(params)
    return head


def query_info(path: str | os.PathLike) -> QueryInfo:
    """Read one .rq file into a QueryInfo."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    head = parse_header(text)
    return QueryInfo(p.stem, p, head.get("summary", ""), head.get("description", ""), head["params"], text)


def library(folder: str | os.PathLike | None = None) -> list[QueryInfo]:
    """Return the queries of the library (queries/*.rq), sorted by name."""
    from graph.paths import QUERIES_DIR  # noqa: PLC0415

    folder = Path(folder) if folder is not None else QUERIES_DIR
    return [query_info(p) for p in sorted(folder.glob("*.rq"))]


def get_query(name: str) -> QueryInfo:
    """Return the library query named ``name`` (with or without .rq), or raise QueryError."""
    from graph.paths import QUERIES_DIR  # noqa: PLC0415

    stem = name[:-3] if name.endswith(".rq") else name
    if re.fullmatch(r"[\w.-]+", stem) and (QUERIES_DIR / f"{stem}.rq").is_file():
        return query_info(QUERIES_DIR / f"{stem}.rq")
    import difflib  # noqa: PLC0415

    names = [q.name for q in library()]
    close = difflib.get_close_matches(stem, names, n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else " ('govkg queries' lists the library)"
    raise QueryError(f"no query named {name!r}: not a file, not in the library{hint}")


_SPARQL_START = re.compile(r"^\s*(#|PREFIX\b|BASE\b|SELECT\b|ASK\b|CONSTRUCT\b|DESCRIBE\b|INSERT\b|DELETE\b"
                           r"|LOAD\b|CLEAR\b|CREATE\b|DROP\b|WITH\b)", re.I)


def resolve_query(query: str | os.PathLike) -> tuple[str, QueryInfo | None]:
    """Return (text, info) for a .rq file, a library name or inline SPARQL text."""
    if isinstance(query, QueryInfo):
        return query.text, query
    q = str(query)
    if "{" in q or "\n" in q or _SPARQL_START.match(q):
        return q, None
    p = Path(q)
    if p.suffix == ".rq" or os.sep in q or "/" in q:
        if p.is_file():
            info = query_info(p)
            return info.text, info
        if p.suffix != ".rq" or os.sep in q or "/" in q:
            raise QueryError(f"{q}: no such query file")
    info = get_query(q)
    return info.text, info


# --------------------------------------------------------------------------- lexing and parameters

_TOKEN = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\U000EFFFF]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_.\-]*)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<space>\s+)
  | (?P<other>.)
''', re.X | re.S)

UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def _tokens(text: str):
    """Yield (kind, value, start) for SPARQL text, skipping nothing (comments included)."""
    for m in _TOKEN.finditer(text):
        yield m.lastgroup, m.group(), m.start()


def query_variables(text: str) -> set[str]:
    """Return the names of the variables a query uses (``?x`` and ``$x``)."""
    return {v[1:] for kind, v, _ in _tokens(text) if kind == "var"}


def query_form(text: str) -> str:
    """Return the first keyword after the prologue: SELECT, ASK, CONSTRUCT, DESCRIBE or an update verb."""
    in_prologue_decl = False
    for kind, value, _ in _tokens(text):
        if kind in ("comment", "space"):
            continue
        if in_prologue_decl:  # PREFIX name: <iri> / BASE <iri>
            in_prologue_decl = kind != "iri"
            continue
        if kind == "word":
            word = value.upper()
            if word in ("PREFIX", "BASE"):
                in_prologue_decl = True
                continue
            return word
        return ""
    return ""


def uses_service(text: str) -> bool:
    """Tell whether a query calls other endpoints (SERVICE), which a local endpoint refuses."""
    return any(kind == "word" and value.upper() == "SERVICE" and text[start - 1: start] != ":"
               for kind, value, start in _tokens(text))


def is_update(text: str) -> bool:
    """Tell whether SPARQL text is an update (INSERT, DELETE, LOAD, CLEAR, ...) rather than a query."""
    return query_form(text) in UPDATE_KEYWORDS


def _where_brace(text: str) -> int:
    """Return the offset just after the '{' that opens the query's WHERE group, or -1."""
    groups = _where_groups(text)
    return groups[0][0] if groups else -1


def _where_groups(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the WHERE groups: the query's, then each sub-SELECT's.

    start is just after the group's '{', end at its closing '}'. The query's own group comes first
    (an ASK or SELECT may omit the WHERE keyword); sub-SELECTs follow in text order.
    """
    groups = []
    depth = 0
    where_at: list[int] = []  # depths at which a WHERE keyword waits for its '{'
    open_at: list[tuple[int, int]] = []  # (depth, start) of the groups being read
    first_open = -1
    for kind, value, start in _tokens(text):
        if kind == "open":
            if where_at and where_at[-1] == depth:
                where_at.pop()
                open_at.append((depth, start + 1))
            elif depth == 0 and first_open < 0:
                first_open = start + 1
                open_at.append((depth, start + 1))
            depth += 1
        elif kind == "close":
            depth -= 1
            if open_at and open_at[-1][0] == depth:
                groups.append((open_at.pop()[1], start))
        elif kind == "word" and value.upper() == "WHERE":
            where_at.append(depth)
    groups.sort()
    if not groups:
        return []
    top = [g for g in groups if g[0] == first_open] if first_open >= 0 else []
    if top and query_form(text) not in ("SELECT", "ASK"):
        groups.remove(top[0])  # CONSTRUCT {template} WHERE {...}: the template is no group to bind in
    return groups


def make_term(value, datatype: str | None = None):
    """Return a pyoxigraph term for a parameter value; datatype like 'xsd:gYear', 'iri' or '@zh'."""
    import pyoxigraph as ox  # noqa: PLC0415

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
    by the query's header (library queries) or be a variable the query uses (inline queries). The
    query's own WHERE group binds every parameter; a sub-SELECT's group also binds those it uses,
    so that a parameter means one value everywhere (a sub-SELECT's variables are otherwise its own,
    and an aggregate inside it would run over everything before the outer VALUES joined).
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
    groups = _where_groups(text)
    if not groups:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    inserts = []
    for i, (start, end) in enumerate(groups):
        own = text[start:end]  # the group's own text: without the sub-SELECTs nested in it
        inner = [g for g in groups if start < g[0] and g[1] < end]
        outermost = [g for g in inner if not any(h[0] < g[0] and g[1] < h[1] for h in inner)]
        for s, e in sorted(outermost, reverse=True):
            own = own[:s - start] + own[e - start:]
        names = list(bound) if i == 0 else [n for n in bound if n in query_variables(own)]
        if names:
            block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(bound[n] for n in names)}) }}"
            assert "\n" not in block and "\r" not in block  # N-Triples terms escape line breaks: lines stay put
            inserts.append((start, block))
    for at, block in reversed(inserts):
        text = text[:at] + block + text[at:]
    return text, tuple((at, len(block)) for at, block in inserts)


@dataclass(frozen=True)
class Prepared:
    """A query ready to run: the text with parameters bound, and the text as written."""

    text: str
    original: str
    inserted: tuple = ()  # (offset in the original text, length) of each inserted VALUES block


def prepare_query(query, params: dict | None = None) -> Prepared:
    """Resolve a query (file, library name, SPARQL text), refuse updates, bind parameters; no evaluation."""
    if isinstance(query, Prepared):
        return query
    text, info = resolve_query(query)
    if is_update(text):
        raise UpdateRefused("SPARQL Update is not allowed: the graph is read-only")
    bound, inserted = _bind(text, params, info.params if info is not None else None)
    return Prepared(bound, text, inserted)


def prepare(query, params: dict | None = None) -> str:
    """Return the text of a query (file, library name or SPARQL text) with its parameters bound."""
    return prepare_query(query, params).text


# --------------------------------------------------------------------------- syntax

_POS = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)


def check_syntax(text: str, timeout: float = 10.0) -> None:
    """Raise QuerySyntaxError (or UpdateRefused) if ``text`` is not a SPARQL query.

    Oxigraph has no parse-only call, so the text runs on an empty store, in a worker process with a
    time limit (a query can be costly even without data).
    """
    if is_update(text):
        raise UpdateRefused("SPARQL Update is not allowed: the graph is read-only")

    def parse():
        import pyoxigraph as ox  # noqa: PLC0415

        try:
            ox.Store().query(text)
        except SyntaxError as e:
            raise _oxigraph_syntax_error(str(e), text) from None
        return True

    try:
        run_in_worker(parse, timeout)
    except QuerySyntaxError as e:
        raise _explain(e, Prepared(text, text)) from None
    except QueryTimeout:
        pass  # it parsed: only its evaluation on an empty store is slow


def _oxigraph_syntax_error(msg: str, text: str) -> QuerySyntaxError:
    """Turn Oxigraph's 'error at L:C: ...' message into a QuerySyntaxError."""
    m = _POS.match(msg)
    line, col, rest = (int(m.group(1)), int(m.group(2)), m.group(3)) if m else (0, 0, msg)
    rest = " ".join(rest.split())
    if len(rest) > 100:
        rest = rest[:97] + "..."
    return QuerySyntaxError(rest, line, col, text)


def _explain(err: QuerySyntaxError, prep: Prepared) -> QuerySyntaxError:
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
    undeclared = _undeclared_prefixes(original)
    if undeclared:
        rest += f" (undeclared prefix: {', '.join(sorted(undeclared))})"
    return QuerySyntaxError(rest, line, col, original)


def _rdflib_location(text: str):
    """Return (line, column, message) of rdflib's parse error for the text, or None."""
    try:
        from pyparsing import ParseBaseException  # noqa: PLC0415
        from rdflib.plugins.sparql.parser import parseQuery  # noqa: PLC0415
    except ImportError:  # pragma: no cover
        return None
    try:
        parseQuery(text)
    except ParseBaseException as e:
        found = str(e).split(" (at char")[0].strip()
        return e.lineno, e.col, found
    except Exception:  # noqa: BLE001  (rdflib may fail in other ways; then Oxigraph's place stands)
        return None
    return None


def _undeclared_prefixes(text: str) -> set[str]:
    declared, used = set(), set()
    expect_prefix = False
    for kind, value, start in _tokens(text):
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


# --------------------------------------------------------------------------- results

@dataclass
class Result:
    """The answer to a query: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE)."""

    kind: str  # "select" | "ask" | "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # pyoxigraph terms, None when unbound
    boolean: bool | None = None
    triples: list = field(default_factory=list)
    truncated: bool = False  # rows or triples were cut at the row limit
    seconds: float = 0.0

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples) if self.kind == "graph" else 1

    def records(self) -> list[dict]:
        """Return SELECT rows as dicts of plain strings (None when unbound)."""
        return [{v: (None if t is None else t.value) for v, t in zip(self.variables, row, strict=True)}
                for row in self.rows]

    def head(self, n: int = 10) -> "Result":
        """Return a copy holding only the first n rows (or triples); marked truncated if rows were left out."""
        from dataclasses import replace  # noqa: PLC0415

        more = len(self.rows) > n or len(self.triples) > n
        return replace(self, rows=self.rows[:n], triples=self.triples[:n], truncated=self.truncated or more)

    def column(self, name: str) -> list:
        """Return the plain string values of one variable, in row order."""
        i = self.variables.index(name)
        return [None if row[i] is None else row[i].value for row in self.rows]

    # serialisations ---------------------------------------------------------
    def _solutions(self):
        import pyoxigraph as ox  # noqa: PLC0415

        if self.kind == "ask":
            data = b'{"head":{},"boolean":' + (b"true" if self.boolean else b"false") + b"}"
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        return ox.parse_query_results(self.to_tsv_bytes(), format=ox.QueryResultsFormat.TSV)

    def to_tsv_bytes(self) -> bytes:
        """Return SELECT rows as SPARQL TSV (terms in N-Triples syntax)."""
        lines = ["\t".join("?" + v for v in self.variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in self.rows]
        return ("\n".join(lines) + "\n").encode("utf-8")

    def serialize(self, fmt: str) -> bytes:
        """Return the result as bytes: csv, tsv, json, xml (SELECT/ASK); turtle, ntriples, jsonld (graphs)."""
        import pyoxigraph as ox  # noqa: PLC0415

        fmt = fmt.lower()
        if fmt == "table":
            return self.to_table().encode("utf-8")
        if self.kind == "graph":
            rdf = {"turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                   "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD, "json-ld": ox.RdfFormat.JSON_LD,
                   "json": ox.RdfFormat.JSON_LD}.get(fmt, ox.RdfFormat.TURTLE)
            prefixes = PREFIXES if rdf == ox.RdfFormat.TURTLE else None
            return ox.serialize(self.triples, format=rdf, prefixes=prefixes) or b""
        if self.kind == "ask" and fmt in ("csv", "tsv"):
            return b"true\n" if self.boolean else b"false\n"
        if fmt == "tsv" and self.kind == "select":
            return self.to_tsv_bytes()
        res = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
               "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}.get(fmt)
        if res is None:
            raise QueryError(f"unknown result format {fmt!r}")
        return self._solutions().serialize(format=res)

    def to_table(self, max_width: int = 48) -> str:
        """Return a readable text table (IRIs shortened with known prefixes, wide characters aligned)."""
        if self.kind == "ask":
            return ("true" if self.boolean else "false") + "\n"
        if self.kind == "graph":
            return self.serialize("turtle").decode("utf-8")
        header = list(self.variables)
        body = [[_clip(_cell(t), max_width) for t in row] for row in self.rows]
        widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(header)]
        out = [" | ".join(_pad(h, w) for h, w in zip(header, widths, strict=True)).rstrip(),
               "-+-".join("-" * w for w in widths)]
        out += [" | ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
        n = len(self.rows)
        out.append(f"({n} row{'s' if n != 1 else ''}{', truncated' if self.truncated else ''})")
        return "\n".join(out) + "\n"

    def _repr_html_(self) -> str:
        import html  # noqa: PLC0415

        if self.kind != "select":
            return f"<pre>{html.escape(self.to_table())}</pre>"
        head = "".join(f"<th>{html.escape(v)}</th>" for v in self.variables)
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(t))}</td>" for t in row) + "</tr>"
                       for row in self.rows)
        n = len(self.rows)
        return (f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
                f"<p>{n} row{'s' if n != 1 else ''}{' (truncated)' if self.truncated else ''}</p>")

    def __repr__(self) -> str:
        if self.kind == "select":
            return f"<Result: {len(self.rows)} rows of {', '.join(self.variables)}>"
        if self.kind == "ask":
            return f"<Result: {self.boolean}>"
        return f"<Result: {len(self.triples)} triples>"


def compact(iri: str) -> str:
    """Shorten an IRI with the known prefixes, e.g. 'gov:Village'."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _cell(term) -> str:
    import pyoxigraph as ox  # noqa: PLC0415

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split()) if "\n" in term.value or "\t" in term.value else term.value
    return str(term)


def _wide(c: str) -> bool:
    import unicodedata  # noqa: PLC0415

    return unicodedata.east_asian_width(c) in ("W", "F")


def _width(s: str) -> int:
    return sum(2 if _wide(c) else 1 for c in s)


def _clip(s: str, limit: int) -> str:
    if _width(s) <= limit:
        return s
    out, w = [], 0
    for c in s:
        cw = 2 if _wide(c) else 1
        if w + cw > limit - 1:
            break
        out.append(c)
        w += cw
    return "".join(out) + "…"


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))


# --------------------------------------------------------------------------- running

class Source:
    """A graph to query: a loaded in-memory store, or an on-disk Oxigraph store folder."""

    def __init__(self, source):
        import pyoxigraph as ox  # noqa: PLC0415

        self.path: Path | None = None  # set for on-disk stores, opened in each worker
        self.name = "graph"  # what the source is called in messages and on the query page
        self._store = None
        if isinstance(source, Source):
            self.path, self.name, self._store = source.path, source.name, source._store
        elif isinstance(source, ox.Store):
            self._store = source
        else:
            from graph.store import open_store, resolve_source  # noqa: PLC0415

            p = resolve_source(source)
            self.name = str(source)
            if p.is_dir():
                self.path = p
            else:
                self._store = open_store(p)

    def store(self):
        """Return the pyoxigraph Store (opening an on-disk store read-only on first use)."""
        if self._store is None:
            from graph.store import open_store  # noqa: PLC0415

            self._store = open_store(self.path)
        return self._store

    def store_for_worker(self):
        """Return a Store to use inside a forked worker (an on-disk store is reopened there)."""
        if self.path is not None:
            import pyoxigraph as ox  # noqa: PLC0415

            return ox.Store.read_only(str(self.path))
        return self._store

    def __len__(self) -> int:
        return len(self.store())


def _execute(store, text: str, max_rows: int | None, default_graph=None, named_graphs=None) -> Result:
    """Run a query on a store and collect the answer (at most max_rows rows or triples)."""
    import itertools  # noqa: PLC0415

    import pyoxigraph as ox  # noqa: PLC0415

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
        raise _oxigraph_syntax_error(str(e), text) from None
    except OSError as e:
        raise QueryError(f"cannot read the store: {e}") from None
    limit = None if max_rows is None else max_rows + 1
    if isinstance(answer, ox.QueryBoolean):
        res = Result("ask", boolean=bool(answer))
    elif isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        rows = [tuple(sol[i] for i in range(len(names))) for sol in itertools.islice(answer, limit)]
        res = Result("select", variables=names, rows=rows)
    else:
        triples = list(itertools.islice(answer, limit))
        res = Result("graph", triples=triples)
    if max_rows is not None:
        if res.kind == "select" and len(res.rows) > max_rows:
            res.rows, res.truncated = res.rows[:max_rows], True
        if res.kind == "graph" and len(res.triples) > max_rows:
            res.triples, res.truncated = res.triples[:max_rows], True
    if res.kind == "graph":
        res.triples.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    res.seconds = time.perf_counter() - t0
    return res


_WORKERS: set[int] = set()
_WORKERS_LOCK = threading.Lock()


def run_in_worker(fn, timeout: float):
    """Call ``fn()`` in a forked child process and return its (picklable) value; kill it after timeout.

    Raises QueryTimeout when time is up, and re-raises the child's QueryError. Where fork is not
    available the call runs in a thread instead, which is abandoned (not stopped) on timeout.
    """
    if not hasattr(os, "fork"):
        return _run_in_thread(fn, timeout)
    import pickle  # noqa: PLC0415
    import select  # noqa: PLC0415
    import signal  # noqa: PLC0415

    r, w = os.pipe()
    with _WORKERS_LOCK:
        pid = os.fork()
        if pid:
            _WORKERS.add(pid)
    if pid == 0:  # the worker
        code = 0
        try:
            os.close(r)
            try:
                payload = ("ok", fn())
            except QueryError as e:
                payload = ("error", e)
            except BaseException as e:  # noqa: BLE001  (report anything, then exit)
                payload = ("error", QueryError(f"{type(e).__name__}: {e}"))
            try:
                data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as e:  # noqa: BLE001
                data = pickle.dumps(("error", QueryError(f"cannot send the answer: {e}")))
            view = memoryview(data)
            while view:
                n = os.write(w, view)
                view = view[n:]
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    deadline = time.monotonic() + timeout
    chunks = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise QueryTimeout(timeout)
            ready, _, _ = select.select([r], [], [], left)
            if ready:
                chunk = os.read(r, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    except BaseException:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _reap(pid)
        raise
    finally:
        os.close(r)
    _reap(pid)
    if not chunks:
        raise QueryError("the query worker died without an answer")
    status, value = pickle.loads(b"".join(chunks))
    if status == "error":
        raise value
    return value


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    with _WORKERS_LOCK:
        _WORKERS.discard(pid)


def kill_workers() -> int:
    """Kill every query worker still running (e.g. when a server shuts down); return how many."""
    import signal  # noqa: PLC0415

    with _WORKERS_LOCK:
        pids = list(_WORKERS)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return len(pids)


def _run_in_thread(fn, timeout: float):
    box: dict = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as e:  # noqa: BLE001
            box["error"] = e

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise QueryTimeout(timeout)
    if "error" in box:
        raise box["error"]
    return box["value"]


def run_query(source, query, params: dict | None = None, *, timeout: float | None = None,
              max_rows: int | None = None, default_graph=None, named_graphs=None) -> Result:
    """Run a query (a .rq file, a library name or SPARQL text) on a SOURCE, Store or Source.

    ``params`` bind variables safely (e.g. ``{"year": 2021}``); with ``timeout`` (seconds) the query
    runs in a worker process that is stopped when time is up (QueryTimeout); ``max_rows`` cuts the
    answer (``result.truncated``). Raises QuerySyntaxError, UpdateRefused or QueryError.
    >>> run_query("out", "figures_by_year", {"year": 2021}).column("indicator")  # doctest: +SKIP
    """
    prep = prepare_query(query, params)
    src = source if isinstance(source, Source) else Source(source)
    text = prep.text
    if uses_service(text):  # govkg works offline: no query may call another endpoint
        raise QueryError("SERVICE (federated query) is disabled: govkg answers from its own graph only")
    try:
        if timeout is None or timeout <= 0:
            return _execute(src.store(), text, max_rows, default_graph, named_graphs)
        if src.path is None:
            src.store()
        return run_in_worker(lambda: _execute(src.store_for_worker(), text, max_rows, default_graph, named_graphs),
                             timeout)
    except QuerySyntaxError as e:
        raise _explain(e, prep) from None


# --------------------------------------------------------------------------- command line

def parse_param_args(items: list[str] | None) -> dict:
    """Turn ['year=2021', 'name=东村'] into a dict, or raise QueryError."""
    out: dict = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"bad --param {item!r}: use NAME=VALUE, e.g. --param year=2021")
        out[name.strip()] = value
    return out


def _cmd_query(args) -> int:
    from graph.cli import fail  # noqa: PLC0415
    from graph.store import SourceError  # noqa: PLC0415

    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    try:
        params = parse_param_args(args.param)
        prep = prepare_query(args.query, params)
        src = Source(args.source)
        result = run_query(src, prep, timeout=args.timeout)
    except QuerySyntaxError as e:
        where = args.query if len(str(args.query)) < 60 and "\n" not in str(args.query) else "query"
        print(f"govkg: error: {where}: {e}", file=sys.stderr)
        excerpt = e.excerpt()
        if excerpt:
            print(excerpt, file=sys.stderr)
        return 2
    except SourceError as e:
        return fail(str(e), 1)
    except QueryTimeout as e:
        info = resolve_query(args.query)[1]
        if info is not None and "division" in {p.name for p in info.params} and "division" not in params:
            return fail(f"query stopped after {e.seconds:g} s (--timeout {args.timeout:g}) reading every report; "
                        f"ask about one division (--param division=NAME) or raise the limit")
        return fail(f"{e} (--timeout {args.timeout:g})")
    except QueryError as e:
        return fail(str(e))
    except OSError as e:
        return fail(f"{e.filename or args.query}: {e.strerror}")
    out = result.serialize(fmt if result.kind != "graph" else "turtle")
    sys.stdout.buffer.write(out)
    sys.stdout.flush()
    return 0


def _cmd_queries(args) -> int:
    infos = library()
    if args.format == "json":
        import json  # noqa: PLC0415

        data = [{"name": q.name, "summary_zh": q.summary_zh, "summary_en": q.summary_en,
                 "description": q.description,
                 "params": [{"name": p.name, "datatype": p.datatype, "description": p.description}
                            for p in q.params], "path": str(q.path)} for q in infos]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    width = max((len(q.name) for q in infos), default=10)
    for q in infos:
        params = " ".join(f"--param {p.name}=…" for p in q.params)
        print(f"{q.name:<{width}}  {q.summary_zh}")
        print(f"{'':<{width}}  {q.summary_en}" + (f"  [{params}]" if params else ""))
    return 0


def add_cli(sub) -> None:
    """Register ``govkg query`` and ``govkg queries``."""
    import argparse  # noqa: PLC0415

    p = sub.add_parser(
        "query", help="run a SPARQL query (a library name, a .rq file or inline text) on a graph",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run a SPARQL query on a graph with Oxigraph. SOURCE is a graph file (.ttl, .nt, "
                    ".jsonld, .trig, .nq), an output folder of 'govkg build' or an Oxigraph store folder; "
                    "QUERY is a name from the query library ('govkg queries' lists them), a .rq file or "
                    "SPARQL text. SELECT/ASK answers print as a table on a terminal and as CSV when piped; "
                    "CONSTRUCT/DESCRIBE answers print as Turtle.",
        epilog="examples:\n"
               "  govkg query out/ roads_by_year\n"
               "  govkg query out/ figures_by_year --param year=2021 --format json\n"
               "  govkg query out/graph.ttl 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'\n"
               "exit codes: 0 ok, 1 SOURCE missing or not valid RDF, 2 bad query, parameter or "
               "time limit reached")
    p.add_argument("source", metavar="SOURCE", help="graph file, output folder or Oxigraph store folder")
    p.add_argument("query", metavar="QUERY", help="library query name, .rq file or SPARQL text")
    p.add_argument("-p", "--param", action="append", metavar="NAME=VALUE",
                   help="bind a query parameter (repeatable), e.g. --param year=2021")
    p.add_argument("-f", "--format", choices=FORMATS, default=None,
                   help="answer format for SELECT/ASK (default: table on a terminal, csv when piped)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help="stop the query after this many seconds (default: %(default)g; 0 = no limit)")
    p.set_defaults(func=_cmd_query)

    q = sub.add_parser("queries", help="list the query library with summaries and parameters",
                       description="List the questions in the query library (queries/*.rq): name, summary "
                                   "in Chinese and English, and the parameters each takes.")
    q.add_argument("-f", "--format", choices=("text", "json"), default="text", help="output format")
    q.set_defaults(func=_cmd_queries)
