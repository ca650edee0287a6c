"""The ontology (ontology/govkg.ttl) is complete, labelled, aligned, and agrees with govkg.rdf.namespace."""
from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from govkg.rdf.namespace import GOV, ONTOLOGY_IRI
from govkg.resources import ontology_file

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
PROV = Namespace("http://www.w3.org/ns/prov#")

ENTITY_CLASSES = (
    "AdministrativeDivision", "Village", "Community", "Road", "Waterway", "LandParcel",
    "Project", "Facility", "Organization", "Policy", "Person", "Event",
)
PLACE_CLASSES = ("AdministrativeDivision", "Village", "Community", "Road", "Waterway", "LandParcel", "Facility")
ALLOWED_NAMESPACES = (
    str(GOV._NS), str(SCHEMA), str(ORG), str(QB), str(PROV), str(SKOS), str(DCTERMS),
    "http://xmlns.com/foaf/0.1/",
)
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
TERM_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}


@pytest.fixture(scope="module")
def ont() -> Graph:
    """Parse the ontology once."""
    return Graph().parse(ontology_file("govkg.ttl"), format="turtle")


def gov_terms(g: Graph) -> set[str]:
    """Return the local names of gov: IRIs declared as class or property in ``g``."""
    ns = str(GOV._NS)
    return {str(s)[len(ns):] for t in TERM_TYPES for s in g.subjects(RDF.type, t)
            if isinstance(s, URIRef) and s.startswith(ns)}


def namespace_terms() -> set[str]:
    """Return the local names annotated in govkg.rdf.namespace.GOV."""
    return set(GOV.__annotations__)


def test_ontology_declares_exactly_the_namespace_terms(ont):
    declared, python = gov_terms(ont), namespace_terms()
    assert declared - python == set(), "declared in govkg.ttl but missing from graph/namespace.py"
    assert python - declared == set(), "in graph/namespace.py but not declared in govkg.ttl"


def test_every_gov_iri_used_in_the_ontology_is_declared(ont):
    ns = str(GOV._NS)
    used = {str(t)[len(ns):] for triple in ont for t in triple if isinstance(t, URIRef) and t.startswith(ns)}
    assert used - gov_terms(ont) == set()


@pytest.mark.parametrize("name", sorted(GOV.__annotations__))
def test_term_kind_follows_its_name(ont, name):
    types = set(ont.objects(GOV[name], RDF.type)) & TERM_TYPES
    if name[0].isupper():
        assert types == {OWL.Class}
    else:
        assert len(types) == 1 and types <= {OWL.ObjectProperty, OWL.DatatypeProperty}


@pytest.mark.parametrize("name", sorted(GOV.__annotations__))
def test_term_has_zh_and_en_label_and_definition(ont, name):
    term = GOV[name]
    labels = {lit.language: str(lit) for lit in ont.objects(term, RDFS.label) if isinstance(lit, Literal)}
    definitions = {lit.language: str(lit) for lit in ont.objects(term, SKOS.definition) if isinstance(lit, Literal)}
    assert labels.get("zh", "").strip(), f"gov:{name} has no rdfs:label@zh"
    assert labels.get("en", "").strip(), f"gov:{name} has no rdfs:label@en"
    assert definitions.get("en", "").strip(), f"gov:{name} has no skos:definition@en"
    assert definitions.get("zh", "").strip(), f"gov:{name} has no skos:definition@zh"
    assert len(list(ont.objects(term, RDFS.label))) == 2, "one label per language"


def test_entity_and_document_classes_exist_with_these_names(ont):
    for name in (*ENTITY_CLASSES, "Report", "Section", "Mention"):
        assert (GOV[name], RDF.type, OWL.Class) in ont, name
    for name in ENTITY_CLASSES:
        assert (GOV[name], RDFS.subClassOf, GOV.Entity) in ont, name


def test_typo_in_a_term_name_raises():
    with pytest.raises(AttributeError):
        GOV.Vilage  # noqa: B018
    assert GOV.Village == URIRef("https://w3id.org/govkg/ontology#Village")


def test_alignment_targets_are_public_vocabularies_or_gov(ont):
    for pred in (RDFS.subClassOf, RDFS.subPropertyOf):
        for s, o in ont.subject_objects(pred):
            assert isinstance(o, URIRef), f"{s} {pred} a blank node"
            assert str(o).startswith(ALLOWED_NAMESPACES), f"{s} {pred} {o}: not an allowed namespace"


def test_alignments(ont):
    for name in PLACE_CLASSES:
        assert (GOV[name], RDFS.subClassOf, SCHEMA.Place) in ont, name
    for name in ("Village", "Community"):  # siblings of AdministrativeDivision, not kinds of it
        assert (GOV[name], RDFS.subClassOf, GOV.AdministrativeDivision) not in ont
    assert {SCHEMA.Organization, ORG.Organization} <= set(ont.objects(GOV.Organization, RDFS.subClassOf))
    assert (GOV.Person, RDFS.subClassOf, SCHEMA.Person) in ont
    assert (GOV.Event, RDFS.subClassOf, SCHEMA.Event) in ont
    assert (GOV.Policy, RDFS.subClassOf, SKOS.Concept) in ont
    assert {SCHEMA.Report, PROV.Entity} <= set(ont.objects(GOV.Report, RDFS.subClassOf))
    assert (GOV.IndicatorObservation, RDFS.subClassOf, QB.Observation) in ont
    assert (GOV.Target, RDFS.subClassOf, GOV.IndicatorObservation) in ont
    assert (GOV.withinDivision, RDFS.subPropertyOf, SCHEMA.containedInPlace) in ont
    for name in ("inReport", "parentSection", "inSection", "inSentence"):
        assert (GOV[name], RDFS.subPropertyOf, DCTERMS.isPartOf) in ont, name


def _union_members(g: Graph, cls) -> set:
    """Return the classes a domain stands for: itself, or the members of its owl:unionOf."""
    if isinstance(cls, BNode):
        members = g.value(cls, OWL.unionOf)
        return set(g.items(members)) if members is not None else set()
    return {cls}


@pytest.mark.parametrize("prop, expected", [
    ("mention", {"Entity", "IndicatorObservation"}),
    ("start", {"Section", "Sentence", "Mention"}),
    ("end", {"Section", "Sentence", "Mention"}),
    ("inReport", {"Section", "Sentence", "IndicatorObservation"}),  # a mention's report is its sentence's
    ("year", {"Section", "IndicatorObservation", "WorkItem"}),
    ("inSentence", {"Mention", "WorkItem"}),
    ("onParcel", {"Project", "Facility"}),
    ("alongRoad", {"Project", "Facility"}),
])
def test_domains_of_shared_properties_cover_every_user(ont, prop, expected):
    domains = list(ont.objects(GOV[prop], RDFS.domain))
    assert len(domains) == 1, "one rdfs:domain (a union when several classes use it)"
    assert _union_members(ont, domains[0]) == {GOV[c] for c in expected}


def test_ranges_are_declared_classes_or_datatypes(ont):
    classes = set(ont.subjects(RDF.type, OWL.Class))
    for prop, rng in ont.subject_objects(RDFS.range):
        if (prop, RDF.type, OWL.ObjectProperty) in ont:
            assert rng in classes, f"{prop} range {rng}"
        else:
            assert str(rng).startswith(XSD_NS) or rng in (RDF.langString, RDF.JSON), f"{prop} range {rng}"


def test_ontology_header(ont):
    onto = URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in ont
    assert ont.value(onto, OWL.versionInfo) == Literal("0.1.0")
    titles = {lit.language for lit in ont.objects(onto, DCTERMS.title)}
    assert {"zh", "en"} <= titles
    assert ont.value(onto, DCTERMS.description) is not None
    assert isinstance(ont.value(onto, DCTERMS.license), URIRef)
    assert str(GOV._NS) == ONTOLOGY_IRI + "#"
