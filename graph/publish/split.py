"""Splitting a graph per report: each report's own triples and the entities it mentions."""
from __future__ import annotations

from govkg.rdf.namespace import GOV
from rdflib import RDF, Graph, URIRef


def graph_name(report) -> object:
    """Return the name of a report's named graph: ``<report IRI>/graph``."""
    return URIRef(f"{report}/graph")


def split_by_report(g) -> dict:
    """Split a graph into one self-contained graph per gov:Report; return {report IRI: Graph}.

    A triple goes to report R's graph when its subject is R or an IRI under ``R/``, or when its
    object is (e.g. ``entity gov:mention <R/mention/…>``). The other triples are about shared
    nodes (entities, the build activity): each goes to every report graph that reaches its
    subject, so every graph holds the labels and types of the entities it names. Triples that
    no report reaches go to the key ``None``. The union of all parts is the input graph.
    """

    reports = sorted(g.subjects(RDF.type, GOV.Report))
    prefixes = {f"{r}/": r for r in reports}
    report_set = set(reports)

    def owner(node):
        """Return the report whose IRI is ``node`` or a prefix of it at a '/', else None."""
        if not isinstance(node, URIRef):
            return None
        if node in report_set:
            return node
        s = str(node)
        i = s.find("/")
        while i != -1:
            r = prefixes.get(s[: i + 1])
            if r is not None:
                return r
            i = s.find("/", i + 1)
        return None

    parts = {r: Graph() for r in reports}
    shared: dict = {}  # shared subject -> its triples that no report owns
    seeds: dict = {r: set() for r in reports}
    for t in g:
        s, _p, o = t
        r = owner(s) or owner(o)
        if r is None:
            shared.setdefault(s, []).append(t)
            continue
        parts[r].add(t)
        for node in (s, o):
            if owner(node) is None:
                seeds[r].add(node)
    reached_any: set = set()
    for r in reports:
        todo, seen = list(seeds[r]), set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for t in shared.get(node, ()):
                parts[r].add(t)
                todo.append(t[2])
        reached_any |= seen
    rest = Graph()
    for s, triples in shared.items():
        if s not in reached_any:
            for t in triples:
                rest.add(t)
    if len(rest):
        parts[None] = rest
    return parts
