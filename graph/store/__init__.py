"""Where triples live: rdflib graphs for building and writing, Oxigraph for SPARQL.

A SOURCE, as the CLI accepts it, is one of
- an RDF file (``graph.ttl``, ``.nt``, ``.jsonld``, ``.trig``, ``.nq``),
- an output folder of ``govkg build`` (its ``graph.ttl`` is read),
- a persistent Oxigraph store folder (made by ``govkg build --store``).
"""
from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
import rdflib
from govkg.errors import GovkgError
from govkg.rdf.namespace import GOV
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

SHARED_GRAPH = "https://w3id.org/govkg/id/graph/shared"  # a corpus store's graph of what reports share
STATS_GRAPH = "https://w3id.org/govkg/id/graph/stats"  # a corpus store's statistics (govkg.store.stats); each
# report's are in a graph under STATS_GRAPH + "/"

# A corpus store's report graphs and their content hashes (?g ?h): what a load may skip.
STORED_REPORTS = f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?g a <{GOV.Report}> ; <{GOV.contentHash}> ?h }} }}"

# After reports were replaced: delete the shared triples of entities that no report graph mentions
# any more. A division linked to its code is kept while it is a report's division or lies above a
# place that is kept; indicator concepts (the national scheme, never mentioned) stay.
REMOVE_ORPHANS = f"""
DELETE {{ GRAPH <{SHARED_GRAPH}> {{ ?e ?p ?o }} }}
WHERE {{
  GRAPH <{SHARED_GRAPH}> {{ ?e a ?type ; ?p ?o }}
  FILTER(STRSTARTS(STR(?type), "{GOV}") && ?type != <{GOV.IndicatorConcept}>)
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?e <{GOV.mention}> ?m }} }}
  FILTER NOT EXISTS {{ GRAPH <{SHARED_GRAPH}> {{ ?x <{GOV.withinDivision}>* ?e }} GRAPH ?g2 {{ ?x <{GOV.mention}> ?m2 }} }}
  FILTER NOT EXISTS {{ GRAPH <{SHARED_GRAPH}> {{ ?x <{GOV.withinDivision}>* ?e }} GRAPH ?g3 {{ ?r <{GOV.division}> ?x }} }}
}}"""

SUFFIX_FORMATS = {
    ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld",
    ".trig": "trig", ".nq": "nquads", ".rdf": "xml", ".owl": "xml",
}


class SourceError(GovkgError, ValueError):
    """A SOURCE that is not a graph file, an output folder or a store; ``code``: 1 not found, 2 unusable."""


def is_store_dir(path: Path) -> bool:
    """Tell whether a folder is an Oxigraph on-disk store (RocksDB files inside).

    pyoxigraph 0.5 writes CURRENT (naming the live MANIFEST-*), IDENTITY, OPTIONS-*, LOCK, LOG,
    *.log and, once data is flushed, *.sst; a new empty store already has CURRENT and IDENTITY.
    """
    path = Path(path)
    return (path.is_dir() and (path / "CURRENT").is_file()
            and ((path / "IDENTITY").is_file() or any(path.glob("MANIFEST-*"))))


def resolve_source(source: str | os.PathLike) -> Path:
    """Return the graph file or store folder a SOURCE names, or raise SourceError."""
    p = Path(source)
    if not p.exists():
        raise SourceError(f"{p}: no such file or folder", 1)
    if p.is_dir():
        if is_store_dir(p):
            return p
        for name in ("graph.ttl", "graph.nt", "graph.trig"):
            if (p / name).is_file():
                return p / name
        raise SourceError(f"{p}: folder holds no graph.ttl and is not an Oxigraph store")
    if p.suffix.lower() not in SUFFIX_FORMATS:
        raise SourceError(f"{p}: unknown RDF file type {p.suffix!r} (use .ttl, .nt, .jsonld, .trig or .nq)")
    return p


def open_store(source: str | os.PathLike, read_only: bool = True):
    """Open a SOURCE as a pyoxigraph Store (in memory for files, on disk for store folders)."""
    p = resolve_source(source)
    if p.is_dir():
        return ox.Store.read_only(str(p)) if read_only else ox.Store(str(p))
    store = ox.Store()
    fmt = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".trig": ox.RdfFormat.TRIG,
           ".nq": ox.RdfFormat.N_QUADS, ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
           ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML}[p.suffix.lower()]
    try:
        store.bulk_load(path=str(p), format=fmt)
    except SyntaxError as e:
        raise SourceError(f"{p}: not valid RDF ({str(e).splitlines()[0]})") from None
    return store


def is_stats_graph(name: str) -> bool:
    """Tell whether a graph name is one of a corpus store's statistics graphs (bookkeeping, not knowledge).

    >>> is_stats_graph(STATS_GRAPH + "/report/4f20498b3d954d8c"), is_stats_graph(SHARED_GRAPH)
    (True, False)
    """
    return name == STATS_GRAPH or name.startswith(STATS_GRAPH + "/")


def knowledge_quads(store):
    """Yield the quads of a pyoxigraph Store, leaving out its statistics graphs (what the graph states)."""
    yield from store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    for g in store.named_graphs():
        if not is_stats_graph(g.value):
            yield from store.quads_for_pattern(None, None, None, g)


def division_reports(source, division: str) -> list[str]:
    """Return the IRIs of the reports (sorted) whose gov:division is named ``division``.

    ``source`` is an rdflib Graph or a pyoxigraph Store (its named graphs read as one).
    """

    query = (f"SELECT DISTINCT ?r WHERE {{ ?r <{GOV.division}>/<{rdflib.RDFS.label}> ?name "
             f"FILTER(STR(?name) = {rdflib.Literal(division).n3()}) }}")
    if isinstance(source, rdflib.Graph):
        return sorted(str(row[0]) for row in source.query(query))
    return sorted(sol["r"].value for sol in source.query(query, use_default_graph_as_union=True))


def division_quads(store, reports: list[str]):
    """Yield the quads of some reports of a corpus store: their graphs, and from SHARED_GRAPH the
    facts of the entities they mention. Return None when the store has no graph per report."""

    if not reports or not all(store.contains_named_graph(ox.NamedNode(r)) for r in reports):
        return None

    def quads():
        mention, entities = ox.NamedNode(str(GOV.mention)), set()
        for r in reports:
            for q in store.quads_for_pattern(None, None, None, ox.NamedNode(r)):
                if q.predicate == mention:
                    entities.add(q.subject)
                yield q
        shared = ox.NamedNode(SHARED_GRAPH)
        for e in sorted(entities, key=lambda n: n.value):
            yield from store.quads_for_pattern(e, None, None, shared)

    return quads()


def load_graph(source: str | os.PathLike, division: str | None = None):
    """Load a SOURCE into one rdflib Graph (all named graphs merged; a corpus store's statistics left out).

    With ``division``, SOURCE must be a corpus store: only the reports of that division are loaded
    (their graphs, and the shared facts of the entities they mention).
    """

    p = resolve_source(source)
    g = rdflib.Graph()
    if division is not None and not p.is_dir():
        raise SourceError(f"{p}: a division can be chosen only in a corpus store (govkg build --store)")
    if p.is_dir():

        store = open_store(p)
        quads = knowledge_quads(store)  # every quad's triple, whatever its graph (a Dataset's triples() would see only the default graph)
        if division is not None:
            quads = division_quads(store, division_reports(store, division))
            if quads is None:
                raise SourceError(f"{p}: no report of the division {division!r} in a graph of its own", 1)
        g.parse(data=ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES), format="nt")
        return g
    try:
        g.parse(str(p), format=SUFFIX_FORMATS[p.suffix.lower()])
    except Exception as e:  # rdflib raises many parser-specific types
        raise SourceError(f"{p}: not valid RDF ({str(e).splitlines()[0] if str(e) else type(e).__name__})") from None
    return g


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Write bytes to ``path`` through a temporary file and a rename: no half-written file."""
    atomic_write_all({path: data})


def atomic_write_all(files: dict) -> None:
    """Write several files as one set: all of them or, if any write fails, none (the old ones stay).

    Each file goes to a temporary file beside it first; only when every one is written are they
    renamed into place, and a rename that fails puts back the files already replaced (kept as hard
    links until the set is in place).
    """
    temps: list[tuple[str, Path]] = []
    kept: list[tuple[Path, Path | None]] = []  # (target, hard link to its previous content) of each rename
    try:
        for path, data in files.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_dir():
                raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((tmp, path))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an output is as readable as any other
        for tmp, path in temps:
            old = None
            if path.exists():
                old = Path(tmp + ".old")
                os.link(path, old)
            kept.append((path, old))
            os.replace(tmp, path)
    except BaseException:
        for path, old in reversed(kept):
            if old is not None:
                os.replace(old, path)
            else:
                path.unlink(missing_ok=True)
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise
    for _, old in kept:
        if old is not None:
            old.unlink(missing_ok=True)


def serialize_turtle(graph) -> bytes:
    """Serialise an rdflib graph as deterministic Turtle: subjects in IRI order, each with its
    predicates (``a`` first, then in IRI order) and their objects in order; the graph's prefixes for
    the names they shorten (a local part of letters, digits, ``_`` and ``-``), literals as rdflib
    writes them (``197.0``, ``false``, ``"2020"^^xsd:gYear``, ``"东湖"@zh``).

    govkg mints an IRI for every node, so this is written directly, several times faster than
    rdflib's serializer (0.3 s for the sample's 9,000 triples). A graph with blank nodes (none
    that govkg makes) goes to rdflib's "longturtle", which nests them in a stable order.
    """
    by_subject: dict = {}
    for s, p, o in graph:
        if type(s) is BNode or type(o) is BNode:
            return graph.serialize(format="longturtle", encoding="utf-8")
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    spaces = sorted(((str(ns), prefix) for prefix, ns in graph.namespaces() if prefix),
                    key=lambda x: (-len(x[0]), x[1]))  # the longest namespace that fits first
    used: set[tuple[str, str]] = set()
    texts: dict = {}

    def name(u) -> str:
        text = texts.get(u)
        if text is None:
            iri = str(u)
            if _BAD_IRI.search(iri):
                raise ValueError(f"not a valid IRI: {iri[:80]!r}")
            text = f"<{iri}>"
            for ns, prefix in spaces:
                if iri.startswith(ns) and _LOCAL_NAME.fullmatch(iri, len(ns)):
                    text = f"{prefix}:{iri[len(ns):]}"
                    used.add((prefix, ns))
                    break
            texts[u] = text
        return text

    def term(t) -> str:
        if type(t) is not Literal and not isinstance(t, Literal):
            return name(t)
        text = texts.get(t)
        if text is None:
            text = texts[t] = t._literal_n3(use_plain=True, qname_callback=name)
        return text

    rdf_type = rdflib.RDF.type
    blocks = []
    for s in sorted(by_subject, key=str):
        props = by_subject[s]
        lines = [name(s)]
        for p in sorted(props, key=lambda p: (p != rdf_type, str(p))):
            objects = sorted({term(o) for o in props[p]})
            lines.append(f"    {'a' if p == rdf_type else name(p)} " + " ,\n        ".join(objects) + " ;")
        blocks.append("\n".join(lines) + "\n.\n")
    head = "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in sorted(used))
    return (head + "\n" + "\n".join(blocks)).encode("utf-8")


_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")  # a local part every Turtle parser takes as a prefixed name


def _escape(s: str) -> str:
    if '"' in s or "\\" in s or "\n" in s or "\r" in s:
        s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return s


def ntriples(triples) -> tuple[bytes, int]:
    """Serialise rdflib triples as sorted, duplicate-free N-Triples; return (bytes, triple count).

    Deterministic (lines sorted) and several times faster than rdflib's serializer.

    >>> from rdflib import Literal, URIRef
    >>> ntriples([(URIRef("urn:a"), URIRef("urn:p"), Literal('say "hi"', lang="zh"))])[0]
    b'<urn:a> <urn:p> "say \\\\"hi\\\\""@zh .\\n'
    """

    iris: dict = {}
    xsd_string = str(XSD.string)

    def term(t) -> str:
        if type(t) is URIRef or isinstance(t, URIRef):
            text = iris.get(t)
            if text is None:
                if _BAD_IRI.search(t):
                    raise ValueError(f"not a valid IRI: {str(t)[:80]!r}")
                text = iris[t] = f"<{t}>"
            return text
        if isinstance(t, Literal):
            lex = _escape(str(t))
            if t.language:
                return f'"{lex}"@{t.language}'
            if t.datatype is not None and str(t.datatype) != xsd_string:
                return f'"{lex}"^^{term(t.datatype)}'
            return f'"{lex}"'
        if isinstance(t, BNode):
            return f"_:{t}"
        raise TypeError(f"not an RDF term: {t!r}")

    return join_ntriples((term(s), term(p), term(o)) for s, p, o in triples)


def join_ntriples(triples, sort: bool = True) -> tuple[bytes, int]:
    """Write triples of N-Triples term strings as sorted, duplicate-free lines; return (bytes, count).

    ``sort=False`` leaves the lines in no particular order (a store does not need them sorted).

    >>> join_ntriples([("<urn:b>", "<urn:p>", '"x"'), ("<urn:a>", "<urn:p>", '"y"@zh'), ("<urn:b>", "<urn:p>", '"x"')])
    (b'<urn:a> <urn:p> "y"@zh .\\n<urn:b> <urn:p> "x" .\\n', 2)
    """
    lines = {f"{s} {p} {o} .\n" for s, p, o in triples}
    return "".join(sorted(lines) if sort else lines).encode("utf-8"), len(lines)
