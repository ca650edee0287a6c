"""Entities, figures and structure -> RDF triples. The only module that builds RDF terms.

IRI scheme (all under ``DATA_BASE``), every one minted from content:
- ``report/{key}`` with key from division chain + year + title (the content hash when unknown);
  ``…/section/{id}``, ``…/sentence/{start}``, ``…/mention/{start}-{end}``, ``…/figure/{hash}``
- ``{type-lower}/{key}`` for entities, key = type + scope + normalised name (resolve.Entity.key)
- ``build/govkg-{version}`` for the PROV-O build activity
"""
from __future__ import annotations

import re
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from graph import __version__
from graph.ingest import Report
from graph.namespace import DATA_BASE, GOV
from graph.resolve import Entity, Resolved, mint

QB = Namespace("http://purl.org/linked-data/cube#")
SCHEMA = Namespace("https://schema.org/")
ID = Namespace(DATA_BASE)


def report_key(report: Report) -> str:
    """Return the stable key of a report: its division chain, year and title, else its hash."""
    if report.divisions and report.year:
        return mint("report", "/".join(report.divisions), str(report.year), report.title)
    return report.sha256[:16]


def report_iri(report: Report) -> URIRef:
    """Return the IRI of a report."""
    return ID[f"report/{report_key(report)}"]


def entity_iri(e: Entity) -> URIRef:
    """Return the IRI of an entity."""
    return ID[f"{e.type.lower()}/{e.key}"]


def new_graph() -> Graph:
    """Return an empty graph with govkg's prefixes bound."""
    g = Graph(bind_namespaces="core")
    for prefix, ns in (("gov", GOV._NS), ("id", ID), ("qb", QB), ("schema", SCHEMA), ("skos", SKOS),
                       ("prov", PROV), ("dct", DCTERMS)):
        g.bind(prefix, ns)
    return g


def _section_iri(rep: URIRef, section_id: str) -> URIRef:
    return URIRef(f"{rep}/section/{section_id}")


def _sentence_iri(rep: URIRef, start: int) -> URIRef:
    return URIRef(f"{rep}/sentence/{start}")


def _mention(g: Graph, res: Resolved, rep: URIRef, start: int, end: int, sentence: int, rule: str,
             kind: str) -> URIRef:
    """Add a Mention node for text[start:end] with its provenance; return it."""
    text = res.report.text
    m = URIRef(f"{rep}/mention/{start}-{end}-{kind.lower()}")
    g.add((m, RDF.type, GOV.Mention))
    g.add((m, GOV.text, Literal(text[start:end])))
    g.add((m, GOV.start, Literal(start)))
    g.add((m, GOV.end, Literal(end)))
    g.add((m, GOV.inReport, rep))
    g.add((m, GOV.rule, Literal(rule)))
    if sentence >= 0:
        s = res.report.sentences[sentence]
        g.add((m, GOV.inSentence, _sentence_iri(rep, s.start)))
        g.add((m, GOV.inSection, _section_iri(rep, s.section)))
    return m


def map_report(res: Resolved, g: Graph | None = None) -> Graph:
    """Add the triples of one resolved report to ``g`` (a new graph by default) and return it."""
    g = g if g is not None else new_graph()
    r = res.report
    rep = report_iri(r)
    _report(g, r, rep, res)
    used_sentences: set[int] = set()
    for e in res.entities:
        iri = entity_iri(e)
        g.add((iri, RDF.type, GOV[e.type]))
        g.add((iri, RDFS.label, Literal(e.name, lang="zh")))
        for a in sorted(e.aliases):
            g.add((iri, SKOS.altLabel, Literal(a, lang="zh")))
        if e.definition:
            g.add((iri, SKOS.definition, Literal(e.definition, lang="zh")))
            g.add((iri, GOV.definedIn, rep))
        for m in e.mentions:
            g.add((iri, GOV.mention, _mention(g, res, rep, m.start, m.end, m.sentence, m.rule, e.type)))
            used_sentences.add(m.sentence)
    for s, pred, o, _sent in res.relations:
        g.add((entity_iri(s), GOV[pred], entity_iri(o)))
    for i, f in enumerate(res.figures):
        _figure(g, res, rep, i, f)
        used_sentences.add(f.sentence)
    for idx in sorted(used_sentences):
        if idx >= 0:
            _sentence(g, r, rep, idx)
    return g


def _report(g: Graph, r: Report, rep: URIRef, res: Resolved) -> None:
    g.add((rep, RDF.type, GOV.Report))
    title = Literal(r.title, lang="zh") if r.title else Literal(r.source)
    g.add((rep, DCTERMS.title, title))
    g.add((rep, RDFS.label, title))
    g.add((rep, GOV.sourceFile, Literal(r.source)))
    g.add((rep, GOV.contentHash, Literal(r.sha256)))
    meta = r.metadata
    if meta.get("索引号"):
        g.add((rep, GOV.indexNumber, Literal(meta["索引号"])))
    if meta.get("发文单位"):
        g.add((rep, GOV.issuingBody, Literal(meta["发文单位"], lang="zh")))
    for key, prop in (("成文日期", DCTERMS.created), ("发布日期", DCTERMS.issued)):
        if _is_date(meta.get(key, "")):
            g.add((rep, prop, Literal(meta[key], datatype=XSD.date)))
    if r.meeting:
        g.add((rep, GOV.meeting, Literal(r.meeting, lang="zh")))
    if r.speaker:
        person = res.find("Person", r.speaker)
        if person is not None:
            g.add((rep, GOV.speaker, entity_iri(person)))
        if r.speaker_role:
            g.add((rep, GOV.speakerRole, Literal(r.speaker_role, lang="zh")))
    if r.division:
        div = res.find("AdministrativeDivision", r.division)
        if div is not None:
            g.add((rep, GOV.division, entity_iri(div)))
    if r.year:
        g.add((rep, GOV.reportYear, Literal(str(r.year), datatype=XSD.gYear)))
    for kind, prop in (("review", GOV.reviewYear), ("plan", GOV.planYear)):
        for y in sorted({s.year for s in r.sections if s.kind == kind and s.level == 1 and s.year}):
            g.add((rep, prop, Literal(str(y), datatype=XSD.gYear)))
    activity = ID[f"build/govkg-{__version__}"]
    agent = ID[f"software/govkg-{__version__}"]
    g.add((rep, PROV.wasGeneratedBy, activity))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, Literal(f"govkg {__version__} build", lang="en")))
    g.add((activity, PROV.wasAssociatedWith, agent))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal(f"govkg {__version__}")))
    for s in r.sections:
        sec = _section_iri(rep, s.id)
        g.add((sec, RDF.type, GOV.Section))
        g.add((sec, GOV.inReport, rep))
        g.add((sec, RDFS.label, Literal(s.title or "(前言)", lang="zh")))
        g.add((sec, GOV.sectionNumber, Literal(s.number)))
        g.add((sec, GOV.level, Literal(s.level)))
        g.add((sec, GOV.sectionKind, Literal(s.kind)))
        g.add((sec, GOV.start, Literal(s.start)))
        g.add((sec, GOV.end, Literal(s.end)))
        if s.year:
            g.add((sec, GOV.year, Literal(str(s.year), datatype=XSD.gYear)))
        if s.parent:
            g.add((sec, GOV.parentSection, _section_iri(rep, s.parent)))


def _is_date(s: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", s))


def _sentence(g: Graph, r: Report, rep: URIRef, idx: int) -> None:
    s = r.sentences[idx]
    node = _sentence_iri(rep, s.start)
    g.add((node, RDF.type, GOV.Sentence))
    g.add((node, GOV.text, Literal(r.text[s.start:s.end], lang="zh")))
    g.add((node, GOV.start, Literal(s.start)))
    g.add((node, GOV.end, Literal(s.end)))
    g.add((node, GOV.inReport, rep))
    g.add((node, GOV.inSection, _section_iri(rep, s.section)))


def _figure(g: Graph, res: Resolved, rep: URIRef, i: int, f) -> None:
    subj = res.figure_subjects.get(i)
    key = mint(f.name, f.value, f.unit, str(f.year), str(f.is_target), str(f.start))
    node = URIRef(f"{rep}/figure/{key}")
    g.add((node, RDF.type, GOV.Target if f.is_target else GOV.IndicatorObservation))
    g.add((node, RDFS.label, Literal(f.name, lang="zh")))
    g.add((node, RDF.value, Literal(Decimal(f.value), datatype=XSD.decimal)))
    g.add((node, GOV.unit, Literal(f.unit)))
    if f.year:
        g.add((node, GOV.year, Literal(str(f.year), datatype=XSD.gYear)))
    g.add((node, GOV.isTarget, Literal(f.is_target)))
    if f.change:
        g.add((node, GOV.change, Literal(f.change)))
        num = f.change.rstrip("%个百分点倍")
        try:
            g.add((node, GOV.changeValue, Literal(Decimal(num), datatype=XSD.decimal)))
            g.add((node, GOV.changeUnit, Literal(f.change[len(num):] or "%")))
        except ArithmeticError:
            pass
    if f.approximate:
        g.add((node, GOV.approximate, Literal(f.approximate, lang="zh")))
    if subj is not None:
        g.add((node, GOV.about, entity_iri(subj)))
    g.add((node, GOV.mention, _mention(g, res, rep, f.start, f.end, f.sentence, "figure", "figure")))
    g.add((node, GOV.inReport, rep))
