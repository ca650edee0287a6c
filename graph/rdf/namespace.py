"""The govkg ontology namespace (terms of ontology/govkg.ttl).

Kept in step with ontology/govkg.ttl by tests/test_ontology.py; ``_fail = True`` makes a typo
such as ``GOV.Vilage`` raise instead of minting a new term.
"""
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

ONTOLOGY_IRI = "https://w3id.org/govkg/ontology"
DATA_BASE = "https://w3id.org/govkg/id/"


class GOV(DefinedNamespace):
    """govkg ontology: entity types, report structure, mentions and indicator observations."""
    _fail = True
    _NS = Namespace("https://w3id.org/govkg/ontology#")

    # Entity classes (local names read by the evaluation)
    Entity: URIRef
    AdministrativeDivision: URIRef
    Village: URIRef
    Community: URIRef
    Road: URIRef
    Waterway: URIRef
    LandParcel: URIRef
    Project: URIRef
    Facility: URIRef
    Organization: URIRef
    Policy: URIRef
    Person: URIRef
    Event: URIRef
    # Document structure and provenance
    Report: URIRef
    Section: URIRef
    Sentence: URIRef
    Mention: URIRef
    # Figures
    IndicatorObservation: URIRef
    Target: URIRef

    # Entity properties
    mention: URIRef  # entity -> Mention
    withinDivision: URIRef  # place/organisation -> AdministrativeDivision
    onParcel: URIRef  # Project/Facility -> LandParcel
    alongRoad: URIRef  # Project/Facility -> Road
    definedIn: URIRef  # Policy -> Report whose glossary defines it
    # Report properties
    division: URIRef  # Report -> AdministrativeDivision it is about
    reportYear: URIRef  # xsd:gYear the report is delivered in
    reviewYear: URIRef
    planYear: URIRef
    meeting: URIRef
    speaker: URIRef  # Report -> Person
    speakerRole: URIRef
    issuingBody: URIRef  # 发文单位, literal
    indexNumber: URIRef  # 索引号
    sourceFile: URIRef
    contentHash: URIRef  # sha256 of the normalised text
    # Section / Sentence / Mention
    inReport: URIRef
    inSection: URIRef
    inSentence: URIRef
    parentSection: URIRef
    sectionNumber: URIRef
    sectionKind: URIRef  # review | plan | glossary | other
    level: URIRef
    order: URIRef
    text: URIRef
    start: URIRef
    end: URIRef
    rule: URIRef  # the extractor that found a mention
    page: URIRef  # Sentence -> the PDF page it comes from
    tableRow: URIRef  # Sentence -> true when it is a table row
    # Observation properties
    unit: URIRef
    year: URIRef
    isTarget: URIRef
    change: URIRef  # as written, normalised: "+4.8%"
    changeValue: URIRef  # signed decimal of the change
    changeUnit: URIRef
    approximate: URIRef  # 余/近/超/约 qualifier as written
    about: URIRef  # Observation -> the entity it is about
