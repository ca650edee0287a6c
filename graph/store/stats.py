"""Corpus statistics kept in a store: each report's counts, stored beside it, summed when asked.

``top_entities``, ``section_coverage`` and ``dataset_stats`` over a whole corpus store walk every
mention of every report (26-30 s on 1,000 reports). What each report contributes to them depends on
that report alone (and on the classes of the entities it names), so it is counted once, when the
report is built, and kept in a graph of its own, ``…/graph/stats/report/{key}`` (:func:`stats_graph`):

    <graph> gov:statsOf <report> ;               the report summarised, and which version of it:
            gov:statsHash "…" ;                  its gov:contentHash
            gov:statsBuild <activity> ;          its prov:wasGeneratedBy
            gov:statsEntityCounts "…"^^rdf:JSON ;   per entity: mentions in the report, its classes
            gov:statsSectionRows "…"^^rdf:JSON ;    per section: its attributes; per entity class
                                                    (govkg.kinds), the entities its sentences
                                                    mention and their mentions
            gov:statsThingCounts "…"^^rdf:JSON .    the report's titles; per class, the things that
                                                    belong to it and how many are its own nodes

The graph is replaced together with the report's own graph: one bulk ingestion for a new report,
one SPARQL Update for a changed one, and a shard carries it beside the report's graph. The counts
are JSON, one literal per query, not a row of triples per count: Oxigraph decodes each IRI and long
literal of a query solution from RocksDB (about 2 µs each, and again at every comparison of an
ORDER BY), so the 90,000 rows of ``section_coverage`` on 1,000 reports cannot come out of any SPARQL
scan in under a second, while 1,000 literals are read in milliseconds. :mod:`govkg.query.stats`
sums them into the rows the library queries give.

Why the sums equal the full scan's: a report's mentions, sentences and sections are its own IRIs
(under the report's), so summing per report counts each once; what is shared (entities) is counted
once per entity when the reports' counts are merged. Labels are read from the store when a query
runs; classes are copied, and one thing a report cannot see when it is built is a class another
report gives the same entity: a place linked to its division code has the IRI
``…/division/{code}`` whatever type each report gave it, so it can hold two classes. After every
build and shard load, :class:`StatsUpdate` finds such entities and counts again, with every class the
store holds, each report that names one; it then writes the stamp on ``STATS_GRAPH``
(``gov:statsVersion``; ``gov:statsDigest``, a hash of every report graph's IRI, content hash and
build activity; the classes of each entity that has several). :func:`stats_current` compares the
stamp with the store: a build killed midway, a report replaced by an older govkg or a graph dropped
by hand leave them unequal, and queries then scan, until the next build or load brings the statistics
up to date (a store built by an older govkg gets them all at its next build or load).

What the counts assume of the mapping (``govkg.rdf.mapping``): the subject of every
``gov:inReport`` and ``gov:inSentence`` triple is a node of the report (an entity reaches a
report only through ``gov:mention``), a section is ``gov:inReport`` its own report, and a report's
own nodes carry no entity class.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
from govkg.kinds import NAMES as KIND_NAMES
from govkg.rdf.namespace import DATA_BASE, GOV
from govkg.store import SHARED_GRAPH, STATS_GRAPH, join_ntriples

STATS_VERSION = 1  # the layout above; a store stamped with another version is answered by full scans
REPORT_BASE = f"{DATA_BASE}report/"
RDF_JSON = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_GENERATED_BY = "http://www.w3.org/ns/prov#wasGeneratedBy"
_DCT_TITLE = "http://purl.org/dc/terms/title"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PARTS = ("statsEntityCounts", "statsSectionRows", "statsThingCounts")  # the JSON literals of a report


def _nt(iri) -> str:
    return f"<{iri}>"


# N-Triples forms of the predicates read
TYPE, IN_REPORT, IN_SENTENCE, IN_SECTION, MENTION, CONTENT_HASH, GENERATED_BY, REPORT, SECTION = (
    _nt(RDF_TYPE), _nt(GOV.inReport), _nt(GOV.inSentence), _nt(GOV.inSection), _nt(GOV.mention),
    _nt(GOV.contentHash), _nt(_GENERATED_BY), _nt(GOV.Report), _nt(GOV.Section))
TITLE, LABEL, NUMBER, KIND, START, YEAR = (_nt(_DCT_TITLE), _nt(_RDFS_LABEL), _nt(GOV.sectionNumber),
                                           _nt(GOV.sectionKind), _nt(GOV.start), _nt(GOV.year))
READ = (TYPE, IN_REPORT, IN_SENTENCE, IN_SECTION, MENTION, CONTENT_HASH, GENERATED_BY, TITLE, LABEL, NUMBER,
        KIND, START, YEAR)  # the predicates the counts read from a report's graph
KIND_CLASSES = tuple(str(GOV[k]) for k in KIND_NAMES)  # the entity classes; section rows count these
_KIND_TERMS = frozenset(_nt(c) for c in KIND_CLASSES)


def stats_graph(report: str) -> str:
    """Return the IRI of the statistics graph of a report (by its IRI).

    >>> stats_graph("https://w3id.org/govkg/id/report/4f20498b3d954d8c")
    'https://w3id.org/govkg/id/graph/stats/report/4f20498b3d954d8c'
    """
    key = report[len(REPORT_BASE):] if report.startswith(REPORT_BASE) else hashlib.sha256(report.encode()).hexdigest()[:32]
    return f"{STATS_GRAPH}/report/{key}"


_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_SIMPLE_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def literal(term: str) -> list:
    """Return [lexical form, language, datatype] of an N-Triples literal ("" for none; an IRI as [IRI, "", "@id"]).

    >>> literal('"say \\\\"hi\\\\""@zh'), literal('"2021"^^<http://www.w3.org/2001/XMLSchema#gYear>')
    (['say "hi"', 'zh', ''], ['2021', '', 'http://www.w3.org/2001/XMLSchema#gYear'])
    """
    if not term.startswith('"'):
        return [term[1:-1], "", "@id"]
    end = term.rindex('"')
    lex, rest = term[1:end], term[end + 1:]
    if "\\" in lex:
        lex = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(3) is None
                          else _SIMPLE_ESCAPES.get(m.group(3), m.group(0)), lex)
    if rest.startswith("@"):
        return [lex, rest[1:], ""]
    if rest.startswith("^^<"):
        dt = rest[3:-1]
        return [lex, "", "" if dt == XSD_STRING else dt]
    return [lex, "", ""]


def _plain(text: str) -> str:
    """Return an N-Triples plain literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _json_literal(data) -> str:
    """Return an rdf:JSON literal of ``data`` (keys sorted: the same data, the same text)."""
    return _plain(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)) + f"^^<{RDF_JSON}>"


# --------------------------------------------------------------------------- one report

@dataclass
class ReportStats:
    """What one report contributes to the corpus statistics (IRIs without angle brackets)."""
    iri: str
    hashes: tuple = ()  # the report's gov:contentHash (one)
    builds: tuple = ()  # its prov:wasGeneratedBy activity (one)
    entities: dict = field(default_factory=dict)  # entity -> (its mentions in the report, its classes)
    sections: list = field(default_factory=list)  # [section, starts, titles, numbers, kinds, years, [[class, entities, mentions]]]
    titles: list = field(default_factory=list)  # the report's dct:title literals
    things: dict = field(default_factory=dict)  # class -> (things of the report, of which its own nodes)

    def parts(self) -> dict:
        """Return the three JSON documents of the statistics graph, by predicate local name.

        Flat lists of numbers into small tables (classes, class sets, literals): read back 1,000 at a
        time, these parse several times faster than a list per row.
        """
        classes = sorted({c for _n, cs in self.entities.values() for c in cs})
        index = {c: i for i, c in enumerate(classes)}
        sets = sorted({tuple(sorted(index[c] for c in cs)) for _n, cs in self.entities.values()})
        set_index = {cs: i for i, cs in enumerate(sets)}
        entities = sorted(self.entities)
        sec_classes = sorted({c for *_a, rows in self.sections for c, _n, _m in rows})
        sec_index = {c: i for i, c in enumerate(sec_classes)}
        literals = sorted({tuple(x) for _s, *attrs, _rows in self.sections for xs in attrs for x in xs})
        lit_index = {x: i for i, x in enumerate(literals)}
        return {
            "statsEntityCounts": {
                "classes": classes, "sets": sets, "entities": entities,
                "mentions": [self.entities[e][0] for e in entities],
                "set": [set_index[tuple(sorted(index[c] for c in self.entities[e][1]))] for e in entities]},
            "statsSectionRows": {
                "classes": sec_classes, "literals": literals,
                "sections": [[sec, *([lit_index[tuple(x)] for x in xs] for xs in attrs),
                              [v for c, n, m in rows for v in (sec_index[c], n, m)]]
                             for sec, *attrs, rows in self.sections]},
            "statsThingCounts": {"titles": self.titles,
                                 "classes": sorted([c, n, own] for c, (n, own) in self.things.items())},
        }

    def ntriples(self) -> bytes:
        """Return the N-Triples of the report's statistics graph (the same statistics, the same bytes)."""
        head = _nt(stats_graph(self.iri))
        out = [(head, _nt(GOV.statsOf), _nt(self.iri))]
        out += [(head, _nt(GOV.statsHash), _plain(h)) for h in self.hashes]
        out += [(head, _nt(GOV.statsBuild), _nt(b)) for b in self.builds]
        for name, data in self.parts().items():
            out.append((head, _nt(GOV[name]), _json_literal(data)))
        return join_ntriples(out)[0]


def report_stats(iri: str, triples, classes=None) -> ReportStats:
    """Count what one report contributes to the corpus statistics, from its triples.

    ``triples`` are (subject, predicate, object) N-Triples strings (``mapping.NTriplesTerms``, or
    ``str()`` of pyoxigraph terms): the report's own graph, and, unless ``classes`` is given, the
    ``rdf:type`` triples of the entities it names. ``classes(entity) -> class terms`` gives an
    entity's classes instead (from a store). The counts are those of the library queries, report by
    report: a mention counts when it is ``gov:inSentence`` a sentence ``gov:inReport`` the report.

    >>> r, G = "<urn:r>", "<https://w3id.org/govkg/ontology#"
    >>> t = [(r, TYPE, G + "Report>"), ("<urn:r/s/1>", IN_REPORT, r), ("<urn:r/s/1>", IN_SECTION, "<urn:r/p/1>"),
    ...      ("<urn:r/m/1>", IN_SENTENCE, "<urn:r/s/1>"), ("<urn:e>", MENTION, "<urn:r/m/1>"),
    ...      ("<urn:e>", TYPE, G + "Road>")]
    >>> s = report_stats("urn:r", t)
    >>> s.entities
    {'urn:e': (1, ('https://w3id.org/govkg/ontology#Road',))}
    """
    rep, prefix = f"<{iri}>", f"<{iri}/"
    by: dict[str, list] = {p: [] for p in READ}  # the triples of each predicate read (one pass, one lookup each)
    get = by.get
    for t in triples:
        bucket = get(t[1])
        if bucket is not None:
            bucket.append(t)
    types: dict[str, set] = defaultdict(set)
    for s, _p, o in by[TYPE]:
        types[s].add(o)
    in_report = {s for s, _p, o in by[IN_REPORT] if o == rep}
    in_sentence: dict[str, list] = defaultdict(list)
    for s, _p, o in by[IN_SENTENCE]:
        in_sentence[s].append(o)
    in_section: dict[str, list] = defaultdict(list)
    for s, _p, o in by[IN_SECTION]:
        in_section[s].append(o)
    mentions: dict[str, list] = defaultdict(list)
    for s, _p, o in by[MENTION]:
        mentions[s].append(o)
    sections = {s for s, ts in types.items() if SECTION in ts}
    attrs: dict[str, dict] = defaultdict(lambda: defaultdict(list))  # section attributes, the report's titles
    for p in (LABEL, NUMBER, KIND, START, YEAR):
        for s, _p, o in by[p]:
            if s in sections:
                attrs[s][p].append(o)
    for s, _p, o in by[TITLE]:
        if s == rep:
            attrs[s][TITLE].append(o)
    hashes = [o for s, _p, o in by[CONTENT_HASH] if s == rep]
    builds = [o for s, _p, o in by[GENERATED_BY] if s == rep]
    out = ReportStats(iri, tuple(sorted(literal(h)[0] for h in hashes)), tuple(sorted(b[1:-1] for b in builds)))
    if REPORT not in types.get(rep, ()):
        return out  # not a report: no query counts anything of it

    def own(x: str) -> bool:
        return x == rep or x.startswith(prefix)

    def classes_of(x: str):
        if own(x) or classes is None:
            return types.get(x, ())
        return classes(x)

    # things of the report (dataset_stats): itself, what is in it, in its sentences, or mentioned there
    things = set(in_report)
    things.add(rep)
    for x, sentences in in_sentence.items():
        if any(s in in_report for s in sentences):
            things.add(x)
    sec_entities: dict[str, dict] = defaultdict(lambda: defaultdict(set))  # section -> class -> entities
    sec_mentions: dict[str, dict] = defaultdict(lambda: defaultdict(set))  # section -> class -> mentions
    for x, ms in mentions.items():
        counted = 0
        cls = kinds = None
        for m in set(ms):
            placed = [s for s in in_sentence.get(m, ()) if s in in_report]
            if not placed:
                continue
            counted += 1
            if cls is None:
                cls = tuple(classes_of(x))
                kinds = [c for c in cls if c in _KIND_TERMS]
            for s in placed:
                for sec in in_section.get(s, ()):
                    for c in kinds:
                        sec_entities[sec][c].add(x)
                        sec_mentions[sec][c].add(m)
        if counted:
            things.add(x)
            if not own(x):
                out.entities[x[1:-1]] = (counted, tuple(sorted(c[1:-1] for c in cls)))

    # section_coverage: a section counts when it is a gov:Section of this report with a title, kind,
    # start and number (each row of the full scan joins them; a second value is a second row)
    for sec in sorted(sec_entities):
        a = attrs.get(sec, {})
        if sec not in sections or sec not in in_report:
            continue
        if not (a.get(LABEL) and a.get(KIND) and a.get(START) and a.get(NUMBER)):
            continue
        rows = sorted([c[1:-1], len(es), len(sec_mentions[sec][c])] for c, es in sec_entities[sec].items())
        out.sections.append([sec[1:-1], *(sorted(literal(v) for v in a.get(p, ())) for p in (START, LABEL, NUMBER, KIND, YEAR)),
                             rows])
    out.titles = sorted(literal(t) for t in attrs.get(rep, {}).get(TITLE, ()))

    count: dict[str, list] = defaultdict(lambda: [0, 0])
    for x in things:
        mine = own(x)
        for c in classes_of(x):
            n = count[c]
            n[0] += 1
            n[1] += mine
    out.things = {c[1:-1]: (n, k) for c, (n, k) in count.items()}
    return out


def _term(node) -> str:
    return str(node)  # pyoxigraph writes terms as N-Triples


def stats_from_store(store, iri: str) -> ReportStats:
    """Count a report's statistics from its graph in a store, with the classes the store holds."""
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ VALUES ?p {{ {' '.join(READ)} }} ?s ?p ?o }} }}")
    triples = [(_term(s), _term(p), _term(o)) for s, p, o in rows]
    found: dict[str, set] = defaultdict(set)
    for e, c in store.query(f"SELECT DISTINCT ?e ?c WHERE {{ GRAPH <{iri}> {{ ?e {MENTION} ?m }} ?e a ?c }}",
                            use_default_graph_as_union=True):
        found[_term(e)].add(_term(c))
    return report_stats(iri, triples, lambda x: found.get(x, ()))


# --------------------------------------------------------------------------- reading a store

def report_versions(store) -> dict[str, str] | None:
    """Return {report IRI: "content hash + build activity"} of the store's report graphs, or None
    when a gov:Report node lies outside a graph of its own (statistics cannot cover it)."""
    report, rdf_type = ox.NamedNode(str(GOV.Report)), ox.NamedNode(RDF_TYPE)
    hashes: dict[str, list] = defaultdict(list)
    builds: dict[str, list] = defaultdict(list)
    found = set()
    for q in store.quads_for_pattern(None, rdf_type, report, None):
        if q.graph_name != q.subject:
            return None
        found.add(q.subject.value)
    for q in store.quads_for_pattern(None, ox.NamedNode(str(GOV.contentHash)), None, None):
        if q.graph_name == q.subject:
            hashes[q.subject.value].append(q.object.value)
    for q in store.quads_for_pattern(None, ox.NamedNode(_GENERATED_BY), None, None):
        if q.graph_name == q.subject:
            builds[q.subject.value].append(q.object.value)
    return {r: f"{' '.join(sorted(hashes.get(r, ())))}|{' '.join(sorted(builds.get(r, ())))}" for r in found}


def digest(versions: dict[str, str]) -> str:
    """Return the stamp of a set of report versions (sha256 of the sorted lines "IRI version")."""
    h = hashlib.sha256()
    for r in sorted(versions):
        h.update(f"{r} {versions[r]}\n".encode())
    return h.hexdigest()


def _stamp(store) -> tuple[str, int | None]:
    node = ox.NamedNode(STATS_GRAPH)
    stamp = [q.object.value for q in store.quads_for_pattern(node, ox.NamedNode(str(GOV.statsDigest)), None, node)]
    version = [q.object.value for q in store.quads_for_pattern(node, ox.NamedNode(str(GOV.statsVersion)), None, node)]
    try:
        v = int(version[0]) if len(version) == 1 else None
    except ValueError:
        v = None
    return (stamp[0] if len(stamp) == 1 else ""), v


def stats_current(store) -> bool:
    """Tell whether a store's corpus statistics are up to date (then the statistics may answer)."""
    try:
        if not store.contains_named_graph(ox.NamedNode(STATS_GRAPH)):
            return False
        stamp, version = _stamp(store)
        if not stamp or version != STATS_VERSION:
            return False
        versions = report_versions(store)
    except OSError:
        return False
    return versions is not None and digest(versions) == stamp


def _headers(store) -> dict[str, tuple[str, str]]:
    """Return {report IRI: (statistics graph IRI, "hash|build" of the version summarised)}."""
    of, h, b = (ox.NamedNode(str(GOV[n])) for n in ("statsOf", "statsHash", "statsBuild"))
    hashes: dict = defaultdict(list)
    builds: dict = defaultdict(list)
    for q in store.quads_for_pattern(None, h, None, None):
        if q.graph_name == q.subject:
            hashes[q.subject].append(q.object.value)
    for q in store.quads_for_pattern(None, b, None, None):
        if q.graph_name == q.subject:
            builds[q.subject].append(q.object.value)
    out = {}
    for q in store.quads_for_pattern(None, of, None, None):
        g = q.graph_name
        if isinstance(g, ox.NamedNode) and g == q.subject and g.value.startswith(STATS_GRAPH + "/"):
            out[q.object.value] = (g.value, f"{' '.join(sorted(hashes[g]))}|{' '.join(sorted(builds[g]))}")
    return out


def read_part(store, name: str) -> list[tuple[str, object]]:
    """Return [(report IRI, JSON document)] of one part (``PARTS``) of every report's statistics, by report."""
    report_of = {q.subject: q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(str(GOV.statsOf)), None, None)
                 if q.subject == q.graph_name}
    out = []
    for q in store.quads_for_pattern(None, ox.NamedNode(str(GOV[name])), None, None):
        r = report_of.get(q.subject)
        if r is not None and q.subject == q.graph_name:
            out.append((r, json.loads(q.object.value)))
    out.sort(key=lambda x: x[0])
    return out


def multi_classes(store) -> dict[str, tuple[str, ...]]:
    """Return {entity IRI: its classes, sorted} of the entities that a report mentions and that have
    more than one class (the shared graph holds every entity's classes; a report graph its own nodes')."""
    rows = store.query(
        f"SELECT ?e ?c WHERE {{ {{ SELECT ?e WHERE {{ GRAPH <{SHARED_GRAPH}> {{ ?e a ?c }} }} GROUP BY ?e "
        f"HAVING (COUNT(DISTINCT ?c) > 1) }} GRAPH <{SHARED_GRAPH}> {{ ?e a ?c }} "
        f"FILTER(isIRI(?e) && EXISTS {{ GRAPH ?g {{ ?e {MENTION} ?m }} }}) }}")
    out: dict[str, set] = defaultdict(set)
    for row in rows:
        out[row["e"].value].add(row["c"].value)
    return {e: tuple(sorted(c)) for e, c in out.items()}


# --------------------------------------------------------------------------- keeping them in step

@dataclass
class Refreshed:
    """What :meth:`StatsUpdate.finish` did."""
    counted: int = 0  # reports whose statistics were counted again from the store
    dropped: int = 0  # statistics graphs of reports no longer in the store
    seconds: float = 0.0


class StatsUpdate:
    """Bring a store's statistics up to date at the end of a build or shard load.

    Create it before the first load (it reads whether the stamp matched the store then), call
    :meth:`loaded` with the reports whose graphs (and statistics graphs) landed, then :meth:`finish`.
    """

    def __init__(self, store):
        self.store = store
        stamp, version = _stamp(store)
        versions = report_versions(store)
        self.valid = bool(stamp) and version == STATS_VERSION and versions is not None and digest(versions) == stamp
        self.loaded_reports: set[str] = set()

    def loaded(self, iris) -> None:
        """Note reports whose graphs (and statistics graphs) landed."""
        self.loaded_reports.update(iris)

    def finish(self) -> Refreshed:
        """Count what is missing or stale, count again the reports that name an entity with several
        classes when those changed (or were loaded now), drop the statistics of removed reports, and
        write the stamp."""
        t0 = time.perf_counter()
        store, done = self.store, Refreshed()
        node = ox.NamedNode(STATS_GRAPH)
        for q in list(store.quads_for_pattern(node, None, None, node)):
            store.remove(q)  # no stamp while statistics change: queries meanwhile scan
        versions = report_versions(store)
        if versions is None:  # a report node outside its graph: no statistics can cover it
            done.seconds = time.perf_counter() - t0
            return done
        headers = _headers(store)
        stale = {r for r, v in versions.items() if headers.get(r, ("", None))[1] != v}
        for r, (g, _v) in sorted(headers.items()):
            if r not in versions:
                store.remove_graph(ox.NamedNode(g))
                done.dropped += 1
        multi = multi_classes(store)
        recorded = self._recorded() if self.valid else {}
        mention = ox.NamedNode(str(GOV.mention))
        for e, cls in multi.items():
            naming = {q.graph_name.value for q in store.quads_for_pattern(ox.NamedNode(e), mention, None, None)}
            stale |= naming if recorded.get(e) != cls else naming & self.loaded_reports
        for r in sorted(stale & versions.keys()):
            self._write(stats_from_store(store, r))
            done.counted += 1
        for q in list(store.quads_for_pattern(None, None, None, node)):
            store.remove(q)
        new = [ox.Quad(node, ox.NamedNode(str(GOV.statsVersion)),
                       ox.Literal(str(STATS_VERSION), datatype=ox.NamedNode(XSD_INTEGER)), node),
               ox.Quad(node, ox.NamedNode(str(GOV.statsDigest)), ox.Literal(digest(versions)), node)]
        for e, cls in sorted(multi.items()):
            row = ox.NamedNode(f"{STATS_GRAPH}/entity/{hashlib.sha256(e.encode()).hexdigest()[:32]}")
            new.append(ox.Quad(row, ox.NamedNode(str(GOV.statsEntity)), ox.NamedNode(e), node))
            new += [ox.Quad(row, ox.NamedNode(str(GOV.statsClass)), ox.NamedNode(c), node) for c in cls]
        store.extend(new)
        done.seconds = time.perf_counter() - t0
        return done

    def _recorded(self) -> dict[str, tuple[str, ...]]:
        """Return the classes of each entity with several, as the last update counted them."""
        node = ox.NamedNode(STATS_GRAPH)
        entity_of = {q.subject: q.object.value for q in
                     self.store.quads_for_pattern(None, ox.NamedNode(str(GOV.statsEntity)), None, node)}
        out: dict[str, set] = defaultdict(set)
        for q in self.store.quads_for_pattern(None, ox.NamedNode(str(GOV.statsClass)), None, node):
            if q.subject in entity_of:
                out[entity_of[q.subject]].add(q.object.value)
        return {e: tuple(sorted(c)) for e, c in out.items()}

    def _write(self, rs: ReportStats) -> None:
        """Replace one report's statistics graph (one transaction)."""
        g = stats_graph(rs.iri)
        self.store.update(f"DROP SILENT GRAPH <{g}> ;\nINSERT DATA {{ GRAPH <{g}> {{\n{rs.ntriples().decode('utf-8')}\n}} }}")


def rebuild(store) -> Refreshed:
    """Drop every statistics graph of a store and count them all again from its report graphs."""
    for g in list(store.named_graphs()):
        if g.value == STATS_GRAPH or g.value.startswith(STATS_GRAPH + "/"):
            store.remove_graph(g)
    return StatsUpdate(store).finish()
