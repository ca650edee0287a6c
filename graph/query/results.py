"""The answer to a query, and its serialisations (CSV, TSV, JSON, XML, Turtle, a text table)."""
from __future__ import annotations

import html
import itertools
from dataclasses import dataclass, field, replace

import pyoxigraph as ox
from govkg.query.display import clip_text, pad_text, text_width
from govkg.query.errors import QueryError
from govkg.query.sparql import PREFIXES


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
        more = len(self.rows) > n or len(self.triples) > n
        return replace(self, rows=self.rows[:n], triples=self.triples[:n], truncated=self.truncated or more)

    def column(self, name: str) -> list:
        """Return the plain string values of one variable, in row order."""
        i = self.variables.index(name)
        return [None if row[i] is None else row[i].value for row in self.rows]

    # serialisations ---------------------------------------------------------
    def _solutions(self):
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
        body = [[clip_text(_cell(t), max_width) for t in row] for row in self.rows]
        widths = [max([text_width(h)] + [text_width(r[i]) for r in body]) for i, h in enumerate(header)]
        out = [" | ".join(pad_text(h, w) for h, w in zip(header, widths, strict=True)).rstrip(),
               "-+-".join("-" * w for w in widths)]
        out += [" | ".join(pad_text(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
        n = len(self.rows)
        out.append(f"({n} row{'s' if n != 1 else ''}{', truncated' if self.truncated else ''})")
        return "\n".join(out) + "\n"

    def _repr_html_(self) -> str:
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


def collect(answer, max_rows: int | None = None) -> Result:
    """Return a pyoxigraph answer (a boolean, solutions, or triples) as a Result of at most ``max_rows``
    rows or triples (``truncated`` when there were more); a graph's triples sorted."""
    limit = None if max_rows is None else max_rows + 1
    if isinstance(answer, ox.QueryBoolean):
        res = Result("ask", boolean=bool(answer))
    elif isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        rows = [tuple(sol[i] for i in range(len(names))) for sol in itertools.islice(answer, limit)]
        res = Result("select", variables=names, rows=rows)
    else:
        res = Result("graph", triples=list(itertools.islice(answer, limit)))
    if max_rows is not None:
        if res.kind == "select" and len(res.rows) > max_rows:
            res.rows, res.truncated = res.rows[:max_rows], True
        if res.kind == "graph" and len(res.triples) > max_rows:
            res.triples, res.truncated = res.triples[:max_rows], True
    if res.kind == "graph":
        res.triples.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return res


def compact(iri: str) -> str:
    """Shorten an IRI with the known prefixes, e.g. 'gov:Village'."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split()) if "\n" in term.value or "\t" in term.value else term.value
    return str(term)
