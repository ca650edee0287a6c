"""Entities, figures and structure -> RDF triples. The only module that builds RDF terms.

IRI scheme (all under ``DATA_BASE``), every one minted from content:
- ``report/{key}`` with key from division chain + year + title (the content hash when unknown);
  ``…/section/{id}``, ``…/sentence/{start}``, ``…/mention/{start}-{end}``, ``…/figure/{hash}``
- ``division/{code}`` for a place linked to its official 12-digit division code (the same IRI in
  every report and year, whatever type the report's text gave it)
- ``{type-lower}/{key}`` for other entities, key = type + scope + normalised name (resolve.Entity.key)
- ``build/govkg-{version}`` for the PROV-O build activity
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from types import SimpleNamespace

from govkg import __version__
from govkg.extract.indicators import packaged_triples
from govkg.ingest import Report
from govkg.rdf.namespace import DATA_BASE, GOV
from govkg.resolve import Entity, Resolved, mint
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

QB = Namespace("http://purl.org/linked-data/cube#")
SCHEMA = Namespace("https://schema.org/")
ID = Namespace(DATA_BASE)
INDICATOR_NS = "https://w3id.org/govkg/indicator/"  # the SKOS scheme of ontology/indicators.ttl


def report_key(report: Report) -> str:
    """Return the stable key of a report: its division chain, year and title, else its hash."""
    if report.divisions and report.year:
        return mint("report", "/".join(report.divisions), str(report.year), report.title)
    return report.sha256[:16]


def report_iri(report: Report) -> URIRef:
    """Return the IRI of a report."""
    return ID[f"report/{report_key(report)}"]


def entity_iri(e: Entity) -> URIRef:
    """Return the IRI of an entity: ``division/{code}`` for a linked place, else from type and key."""
    if e.code:
        return ID[f"division/{e.code}"]
    return ID[f"{e.type.lower()}/{e.key}"]


def new_graph() -> Graph:
    """Return an empty graph with govkg's prefixes bound."""
    g = Graph(bind_namespaces="core")
    for prefix, ns in (("gov", GOV._NS), ("id", ID), ("qb", QB), ("schema", SCHEMA), ("skos", SKOS),
                       ("prov", PROV), ("dct", DCTERMS)):
        g.bind(prefix, ns)
    return g


# Every class and property map_report states, by the short name the mapping code uses.
# GOV raises on a typo (``_fail = True``); the others are rdflib's namespaces.
_GOV_TERMS = ("Mention text start end inReport rule inSentence inSection mention definedIn Report sourceFile "
              "contentHash indexNumber issuingBody meeting speaker speakerRole division reportYear reviewYear "
              "planYear Section sectionNumber level sectionKind year parentSection Sentence Target "
              "IndicatorObservation unit isTarget change changeValue changeUnit approximate about "
              "measureAction indicator IndicatorConcept divisionCode "
              "page tableRow").split()
# Work items (issue 17): what a report says was done, is under way, or is planned.
_GOV_TERMS += "WorkItem action object objectText status actionStart actionEnd objectStart objectEnd quantity".split()


def _vocabulary() -> dict[str, str]:
    """Return {short name: IRI} of the vocabulary map_report uses."""
    v = {name: str(getattr(GOV, name)) for name in _GOV_TERMS}
    v.update(type=str(RDF.type), label=str(RDFS.label), value=str(RDF.value), altLabel=str(SKOS.altLabel),
             definition=str(SKOS.definition), title=str(DCTERMS.title), created=str(DCTERMS.created),
             issued=str(DCTERMS.issued), wasGeneratedBy=str(PROV.wasGeneratedBy), Activity=str(PROV.Activity),
             wasAssociatedWith=str(PROV.wasAssociatedWith), SoftwareAgent=str(PROV.SoftwareAgent))
    return v


class RdflibTerms:
    """Make rdflib terms (URIRef, Literal): what map_report puts into an rdflib Graph."""
    def __init__(self):
        self.v = SimpleNamespace(**{k: URIRef(iri) for k, iri in _vocabulary().items()})
        self._gov: dict[str, URIRef] = {}

    iri = staticmethod(URIRef)

    def gov(self, name: str) -> URIRef:
        """Return the GOV term of a local name (an entity type, a relation)."""
        t = self._gov.get(name)
        if t is None:
            t = self._gov[name] = GOV[name]
        return t

    @staticmethod
    def plain(s: str) -> Literal:
        """Return a plain literal."""
        return Literal(s)

    @staticmethod
    def lang(s: str, lang: str = "zh") -> Literal:
        """Return a language-tagged literal."""
        return Literal(s, lang=lang)

    @staticmethod
    def integer(n: int) -> Literal:
        """Return an xsd:integer literal."""
        return Literal(n)

    @staticmethod
    def boolean(b: bool) -> Literal:
        """Return an xsd:boolean literal."""
        return Literal(b)

    @staticmethod
    def decimal(s: str) -> Literal:
        """Return an xsd:decimal literal of a decimal string (ArithmeticError if it is none)."""
        return Literal(Decimal(s), datatype=XSD.decimal)

    @staticmethod
    def typed(lexical: str, datatype: str) -> Literal:
        """Return a literal of an XSD datatype (local name: date, gYear), lexical form as given."""
        return Literal(lexical, datatype=XSD[datatype])


_NT_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _nt_escape(s: str) -> str:
    if '"' in s or "\\" in s or "\n" in s or "\r" in s:
        s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return s


class NTriplesTerms:
    """Make the same terms as :class:`RdflibTerms`, written as N-Triples strings (for a store).

    Cheaper than rdflib terms by a factor of several; the lexical forms are rdflib's (an integer
    as ``str(n)``, a decimal as ``f"{Decimal(s):f}"``, booleans ``true``/``false``), so the
    N-Triples of both are the same lines.

    >>> t = NTriplesTerms()
    >>> print(t.lang('say "hi"'), t.decimal("007"), t.v.label)
    "say \\"hi\\""@zh "7"^^<http://www.w3.org/2001/XMLSchema#decimal> <http://www.w3.org/2000/01/rdf-schema#label>
    """

    def __init__(self):
        self.v = SimpleNamespace(**{k: f"<{iri}>" for k, iri in _vocabulary().items()})
        self._gov: dict[str, str] = {}
        xsd = str(XSD)
        self._integer, self._boolean, self._decimal = (f'"^^<{xsd}{dt}>' for dt in ("integer", "boolean", "decimal"))
        self._xsd = xsd

    def iri(self, s: str) -> str:
        """Return an IRI (ValueError if it holds a character N-Triples does not allow)."""
        if _NT_BAD_IRI.search(s):
            raise ValueError(f"not a valid IRI: {s[:80]!r}")
        return f"<{s}>"

    def gov(self, name: str) -> str:
        """Return the GOV term of a local name (an entity type, a relation)."""
        t = self._gov.get(name)
        if t is None:
            t = self._gov[name] = f"<{GOV[name]}>"
        return t

    @staticmethod
    def plain(s: str) -> str:
        """Return a plain literal."""
        return f'"{_nt_escape(s)}"'

    @staticmethod
    def lang(s: str, lang: str = "zh") -> str:
        """Return a language-tagged literal."""
        return f'"{_nt_escape(s)}"@{lang}'

    def integer(self, n: int) -> str:
        """Return an xsd:integer literal."""
        return f'"{n}{self._integer}'

    def boolean(self, b: bool) -> str:
        """Return an xsd:boolean literal."""
        return f'"{"true" if b else "false"}{self._boolean}'

    def decimal(self, s: str) -> str:
        """Return an xsd:decimal literal of a decimal string (ArithmeticError if it is none)."""
        return f'"{Decimal(s):f}{self._decimal}'

    def typed(self, lexical: str, datatype: str) -> str:
        """Return a literal of an XSD datatype (local name: date, gYear), lexical form as given."""
        return f'"{_nt_escape(lexical)}"^^<{self._xsd}{datatype}>'


def map_report(res: Resolved, g: Graph | None = None, terms: RdflibTerms | NTriplesTerms | None = None) -> Graph:
    """Add the triples of one resolved report to ``g`` (a new graph by default) and return it.

    ``terms`` makes the RDF terms: rdflib's by default; :class:`NTriplesTerms` for a sink that
    collects N-Triples (the corpus build).
    """
    g = g if g is not None else new_graph()
    _Mapper(res, g.add, terms or _rdflib_terms()).run()
    return g


@lru_cache(maxsize=1)
def _rdflib_terms() -> RdflibTerms:
    return RdflibTerms()


@lru_cache(maxsize=1)
def ntriples_terms() -> NTriplesTerms:
    """Return the N-Triples term maker (made once per process)."""
    return NTriplesTerms()


class _Mapper:
    """Map one resolved report through a term maker into ``add((s, p, o))``."""
    def __init__(self, res: Resolved, add, terms):
        self.res, self.add, self.t, self.v = res, add, terms, terms.v
        r = res.report
        self.rep_str = str(report_iri(r))
        self.rep = terms.iri(self.rep_str)
        self._entities: dict[int, object] = {}

    def entity(self, e: Entity):
        """Return the IRI term of an entity."""
        t = self._entities.get(id(e))
        if t is None:
            t = self._entities[id(e)] = self.t.iri(str(entity_iri(e)))
        return t

    def section(self, section_id: str):
        return self.t.iri(f"{self.rep_str}/section/{section_id}")

    def sentence_node(self, start: int):
        return self.t.iri(f"{self.rep_str}/sentence/{start}")

    def run(self) -> None:
        res, add, t, v = self.res, self.add, self.t, self.v
        r = res.report
        rep = self.rep
        self.report()
        used_sentences: set[int] = set()
        for e in res.entities:
            iri = self.entity(e)
            add((iri, v.type, t.gov(e.type)))
            add((iri, v.label, t.lang(e.name)))
            if e.code:
                add((iri, v.divisionCode, t.plain(e.code)))
            for a in sorted(e.aliases):
                add((iri, v.altLabel, t.lang(a)))
            if e.definition:
                add((iri, v.definition, t.lang(e.definition)))
                add((iri, v.definedIn, rep))
            for m in e.mentions:
                add((iri, v.mention, self.mention(m.start, m.end, m.sentence, m.rule, e.type)))
                used_sentences.add(m.sentence)
        for s, pred, o, _sent in res.relations:
            add((self.entity(s), t.gov(pred), self.entity(o)))
        self.concepts: set[str] = set()
        for i, f in enumerate(res.figures):
            self.figure(i, f)
            used_sentences.add(f.sentence)
        self.indicator_concepts()
        for i, w in enumerate(res.workitems):
            self.workitem(i, w)
            used_sentences.add(w.sentence)
        for idx in sorted(used_sentences):
            if idx >= 0:
                self.sentence(r, idx)

    def mention(self, start: int, end: int, sentence: int, rule: str, kind: str):
        """Add a Mention node for text[start:end] with its provenance; return it.

        Its report and section are its sentence's (``gov:inSentence``), not stated again: a mention
        node carries six triples instead of eight, and a corpus store loads a fifth fewer quads.
        """
        if sentence < 0:
            raise ValueError(f"mention {start}-{end} ({kind}) lies outside every sentence of the report")
        add, t, v, res = self.add, self.t, self.v, self.res
        m = t.iri(f"{self.rep_str}/mention/{start}-{end}-{kind.lower()}")
        add((m, v.type, v.Mention))
        add((m, v.text, t.plain(res.report.text[start:end])))
        add((m, v.start, t.integer(start)))
        add((m, v.end, t.integer(end)))
        add((m, v.rule, t.plain(rule)))
        add((m, v.inSentence, self.sentence_node(res.report.sentences[sentence].start)))
        return m

    def report(self) -> None:
        add, t, v, res, rep = self.add, self.t, self.v, self.res, self.rep
        r = res.report
        add((rep, v.type, v.Report))
        title = t.lang(r.title) if r.title else t.plain(r.source)
        add((rep, v.title, title))
        add((rep, v.label, title))
        add((rep, v.sourceFile, t.plain(r.source)))
        add((rep, v.contentHash, t.plain(r.sha256)))
        meta = r.metadata
        if meta.get("索引号"):
            add((rep, v.indexNumber, t.plain(meta["索引号"])))
        if meta.get("发文单位"):
            add((rep, v.issuingBody, t.lang(meta["发文单位"])))
        for key, prop in (("成文日期", v.created), ("发布日期", v.issued)):
            if _is_date(meta.get(key, "")):
                add((rep, prop, t.typed(meta[key], "date")))
        if r.meeting:
            add((rep, v.meeting, t.lang(r.meeting)))
        for name, type_, prop in ((r.speaker, "Person", v.speaker), (r.division, "AdministrativeDivision", v.division)):
            found = res.find(type_, name) if name else None
            if prop is v.division and res.own is not None:
                found = res.own  # the report's division, linked to its code
            if found is not None:
                add((rep, prop, self.entity(found)))
        if r.speaker and r.speaker_role:
            add((rep, v.speakerRole, t.lang(r.speaker_role)))
        if r.year:
            add((rep, v.reportYear, t.typed(str(r.year), "gYear")))
        for kind, prop in (("review", v.reviewYear), ("plan", v.planYear)):
            for y in sorted({s.year for s in r.sections if s.kind == kind and s.level == 1 and s.year}):
                add((rep, prop, t.typed(str(y), "gYear")))
        activity = t.iri(f"{DATA_BASE}build/govkg-{__version__}")
        agent = t.iri(f"{DATA_BASE}software/govkg-{__version__}")
        add((rep, v.wasGeneratedBy, activity))
        add((activity, v.type, v.Activity))
        add((activity, v.label, t.lang(f"govkg {__version__} build", "en")))
        add((activity, v.wasAssociatedWith, agent))
        add((agent, v.type, v.SoftwareAgent))
        add((agent, v.label, t.plain(f"govkg {__version__}")))
        for s in r.sections:
            sec = self.section(s.id)
            add((sec, v.type, v.Section))
            add((sec, v.inReport, rep))
            add((sec, v.label, t.lang(s.title or "(前言)")))
            add((sec, v.sectionNumber, t.plain(s.number)))
            add((sec, v.level, t.integer(s.level)))
            add((sec, v.sectionKind, t.plain(s.kind)))
            add((sec, v.start, t.integer(s.start)))
            add((sec, v.end, t.integer(s.end)))
            if s.year:
                add((sec, v.year, t.typed(str(s.year), "gYear")))
            if s.parent:
                add((sec, v.parentSection, self.section(s.parent)))

    def sentence(self, r: Report, idx: int) -> None:
        add, t, v = self.add, self.t, self.v
        s = r.sentences[idx]
        node = self.sentence_node(s.start)
        add((node, v.type, v.Sentence))
        add((node, v.text, t.lang(r.text[s.start:s.end])))
        add((node, v.start, t.integer(s.start)))
        add((node, v.end, t.integer(s.end)))
        add((node, v.inReport, self.rep))
        add((node, v.inSection, self.section(s.section)))
        if s.page:
            add((node, v.page, t.typed(str(s.page), "positiveInteger")))
        if s.table_row:
            add((node, v.tableRow, t.boolean(True)))

    def figure_node(self, f):
        """Return the IRI term of a figure (report-relative, minted from its content and offset)."""
        key = mint(f.name, f.value, f.unit, str(f.year), str(f.is_target), str(f.start))
        return self.t.iri(f"{self.rep_str}/figure/{key}")

    def figure(self, i: int, f) -> None:
        add, t, v = self.add, self.t, self.v
        subj = self.res.figure_subjects.get(i)
        node = self.figure_node(f)
        add((node, v.type, v.Target if f.is_target else v.IndicatorObservation))
        add((node, v.label, t.lang(f.name)))
        add((node, v.value, t.decimal(f.value)))
        add((node, v.unit, t.plain(f.unit)))
        if f.year:
            add((node, v.year, t.typed(str(f.year), "gYear")))
        add((node, v.isTarget, t.boolean(f.is_target)))
        if f.change:
            add((node, v.change, t.plain(f.change)))
            num = f.change.rstrip("%个百分点倍")
            try:
                add((node, v.changeValue, t.decimal(num)))
                add((node, v.changeUnit, t.plain(f.change[len(num):] or "%")))
            except ArithmeticError:
                pass
        if f.approximate:
            add((node, v.approximate, t.lang(f.approximate)))
        if subj is not None:
            add((node, v.about, self.entity(subj)))
        if getattr(f, "action", None):
            add((node, v.measureAction, t.lang(f.action)))
        if getattr(f, "concept", None):
            add((node, v.indicator, t.iri(INDICATOR_NS + f.concept)))
            self.concepts.add(f.concept)
        add((node, v.mention, self.mention(f.start, f.end, f.sentence, "figure", "figure")))
        add((node, v.inReport, self.rep))

    def indicator_concepts(self) -> None:
        """Copy the triples of the indicator concepts the figures link to (their labels resolve in the graph)."""
        if not self.concepts:
            return
        add, t = self.add, self.t
        wanted = {INDICATOR_NS + c for c in self.concepts}
        for c in sorted(wanted):
            add((t.iri(c), self.v.type, self.v.IndicatorConcept))
        for s, p, o in packaged_triples():
            if s not in wanted:
                continue
            if isinstance(o, str):
                obj = t.iri(o)
            elif o[1]:
                obj = t.lang(o[0], o[1])
            elif o[2] and o[2].startswith(str(XSD)) and o[2] != str(XSD.string):
                obj = t.typed(o[0], o[2][len(str(XSD)):])
            else:
                obj = t.plain(o[0])
            add((t.iri(s), t.iri(p), obj))

    def workitem(self, i: int, w) -> None:
        """Add a WorkItem node: action and object as written (with offsets), status, year, figures.

        Its IRI is report-relative, by the offsets of its action and object (one item per
        (action, object) of a sentence); its report and section are its sentence's.
        """
        add, t, v, res = self.add, self.t, self.v, self.res
        node = t.iri(f"{self.rep_str}/workitem/{w.action_start}-{w.object_start}-{w.object_end}")
        add((node, v.type, v.WorkItem))
        add((node, v.action, t.lang(w.action)))
        add((node, v.objectText, t.lang(w.object_text)))
        obj = res.workitem_objects.get(i)
        if obj is not None:
            add((node, v.object, self.entity(obj)))
        add((node, v.status, t.plain(w.status)))
        if w.year:
            add((node, v.year, t.typed(str(w.year), "gYear")))
        add((node, v.actionStart, t.integer(w.action_start)))
        add((node, v.actionEnd, t.integer(w.action_end)))
        add((node, v.objectStart, t.integer(w.object_start)))
        add((node, v.objectEnd, t.integer(w.object_end)))
        add((node, v.inSentence, self.sentence_node(res.report.sentences[w.sentence].start)))
        for q in w.quantities:
            add((node, v.quantity, self.figure_node(res.figures[q])))


def _is_date(s: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", s))
