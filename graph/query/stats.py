"""Whole-store answers from a corpus store's statistics: the rows the scan of the library query gives.

``top_entities``, ``section_coverage`` and ``dataset_stats`` without a ``division`` read every
mention of every report. On a store whose statistics are up to date (:func:`govkg.store.stats.stats_current`)
:func:`govkg.query.run_query` answers them from each report's counts instead
(:func:`govkg.store.stats.read_part`), summed here: the same variables, rows, datatypes and order
as the query's own ORDER BY. One function per query, picked by name from ``ANSWERS``.

The rows are built in Python rather than by a SPARQL query over rows of triples: Oxigraph decodes
every IRI and long literal of a solution from RocksDB, about 2 µs each and again at each comparison
of an ORDER BY, which is seconds for the 90,000 rows of ``section_coverage`` on 1,000 reports. Where
the order needs SPARQL's comparison of literals (``top_entities`` orders by label), the few final
rows are ordered by Oxigraph itself (a VALUES block of at most a few hundred rows).
"""
from __future__ import annotations

import time
from collections import Counter, defaultdict

import pyoxigraph as ox
from govkg.query.results import Result
from govkg.store.stats import KIND_CLASSES, XSD_INTEGER, read_part

_KINDS = frozenset(KIND_CLASSES)  # the classes the three queries list in their FILTER
_INTEGER = ox.NamedNode(XSD_INTEGER)

TOP_ENTITIES_FINAL = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?type ?rank ?name ?mentions ?reports ?entity
WHERE {
  VALUES (?entity ?class ?mentions ?reports ?rank) { %s }
  ?entity a ?class ;
          rdfs:label ?name .
  BIND(STRAFTER(STR(?class), "#") AS ?type)
}
ORDER BY ?type ?rank ?name ?entity"""


class _Terms:
    """Make pyoxigraph terms once per distinct value (a 90,000-row answer repeats most of them)."""

    def __init__(self):
        self.iris: dict = {}
        self.literals: dict = {}
        self.integers: dict = {}

    def iri(self, value: str):
        t = self.iris.get(value)
        if t is None:
            t = self.iris[value] = ox.NamedNode(value)
        return t

    def literal(self, lit: list):
        key = tuple(lit)
        t = self.literals.get(key)
        if t is None:
            lex, lang, dt = lit
            if lang:
                t = ox.Literal(lex, language=lang)
            elif dt == "@id":  # an IRI where the mapping writes a literal
                t = ox.NamedNode(lex)
            else:
                t = ox.Literal(lex, datatype=self.iri(dt)) if dt else ox.Literal(lex)
            self.literals[key] = t
        return t

    def integer(self, n: int):
        t = self.integers.get(n)
        if t is None:
            t = self.integers[n] = ox.Literal(str(n), datatype=_INTEGER)
        return t


def _local(cls: str) -> str:
    """Return what STRAFTER(STR(?class), "#") gives."""
    return cls.split("#", 1)[1] if "#" in cls else ""


def _start_key(lit: list):
    """Order a gov:start value as SPARQL does an xsd:integer (numerically)."""
    lex, _lang, dt = lit
    if dt == XSD_INTEGER:
        try:
            return (0, int(lex), "")
        except ValueError:
            pass
    return (1, 0, lex)


def entity_totals(store) -> dict[str, list]:
    """Return {entity IRI: [mentions, reports, classes]} summed over every report's statistics."""
    totals: dict[str, list] = {}
    for _r, doc in read_part(store, "statsEntityCounts"):
        names = doc["classes"]
        sets = [tuple(names[i] for i in s) for s in doc["sets"]]
        for e, n, si in zip(doc["entities"], doc["mentions"], doc["set"]):
            t = totals.get(e)
            if t is None:
                totals[e] = [n, 1, sets[si]]
            else:
                t[0] += n
                t[1] += 1
                if sets[si] != t[2]:
                    t[2] = tuple(sorted(set(t[2]) | set(sets[si])))
    return totals


def top_entities(store) -> Result:
    """Answer ``top_entities`` (no division) from the statistics."""
    totals = entity_totals(store)
    hist: dict[str, Counter] = defaultdict(Counter)  # class -> mentions -> entities
    for m, _k, cls in totals.values():
        for c in cls:
            if c in _KINDS:
                hist[c][m] += 1
    ranks: dict[tuple, int] = {}  # (class, mentions) -> rank, for ranks <= 5
    for c, counts in hist.items():
        ahead = 0
        for m in sorted(counts, reverse=True):
            if ahead + 1 > 5:
                break
            ranks[c, m] = ahead + 1
            ahead += counts[m]
    values = []
    for e, (m, k, cls) in sorted(totals.items()):
        for c in cls:
            r = ranks.get((c, m))
            if r is not None:
                values.append(f"(<{e}> <{c}> {m} {k} {r})")
    answer = store.query(TOP_ENTITIES_FINAL % "\n".join(values), use_default_graph_as_union=True) if values else []
    names = ["type", "rank", "name", "mentions", "reports", "entity"]
    return Result("select", variables=names, rows=[tuple(sol[i] for i in range(6)) for sol in answer])


def section_coverage(store) -> Result:
    """Answer ``section_coverage`` (no division) from the statistics."""
    t = _Terms()
    rows = []
    for r, doc in read_part(store, "statsSectionRows"):  # in report order
        report = t.iri(r)
        lits = doc["literals"]
        kinds_of = [(cls, _local(cls), t.literal([_local(cls), "", ""])) for cls in doc["classes"]]
        mine = []
        for sec, starts, titles, numbers, kinds, years, counts in doc["sections"]:
            section = t.iri(sec)
            heads = [(report, t.literal(lits[n]), t.literal(lits[ti]), t.literal(lits[k]), y)
                     for ti in titles for n in numbers for k in kinds
                     for y in ([t.literal(lits[y]) for y in years] or [None])]
            for i in range(0, len(counts), 3):
                cls, local, type_ = kinds_of[counts[i]]
                if cls not in _KINDS:
                    continue
                tail = (type_, t.integer(counts[i + 1]), t.integer(counts[i + 2]), section)
                for st in starts:
                    key = (_start_key(lits[st]), sec, local)
                    mine += [(key, head + tail) for head in heads]
        mine.sort(key=lambda x: x[0])
        rows += [row for _k, row in mine]
    return Result("select", variables=["report", "number", "title", "kind", "year", "type", "entities", "mentions",
                                       "section"], rows=rows)


def dataset_stats(store) -> Result:
    """Answer ``dataset_stats`` (no division) from the statistics."""
    t = _Terms()
    keyed = []
    whole: Counter = Counter()
    for r, doc in read_part(store, "statsThingCounts"):
        report = t.iri(r)
        titles = [t.literal(x) for x in doc["titles"]] or [None]
        for cls, n, own in doc["classes"]:
            whole[cls] += own
            for title in titles:
                keyed.append(((1, r, cls), (report, title, t.iri(cls), t.integer(n))))
    for _m, _k, cls in entity_totals(store).values():
        whole.update(cls)
    keyed += [((0, "", cls), (None, None, t.iri(cls), t.integer(n))) for cls, n in whole.items() if n]
    keyed.sort(key=lambda x: x[0])
    return Result("select", variables=["report", "reportTitle", "class", "count"], rows=[row for _k, row in keyed])


ANSWERS = {"top_entities": top_entities, "section_coverage": section_coverage, "dataset_stats": dataset_stats}


def answer(name: str, store) -> Result:
    """Answer the library query ``name`` (one of ``ANSWERS``) over a whole store from its statistics."""
    t0 = time.perf_counter()
    res = ANSWERS[name](store)
    res.seconds = time.perf_counter() - t0
    return res
