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
    IndicatorConcept: URIRef  # a national statistical indicator, a skos:Concept of ontology/indicators.ttl
    Target: URIRef

    # Entity properties
    mention: URIRef  # entity -> Mention
    withinDivision: URIRef  # place/organisation -> AdministrativeDivision
    onParcel: URIRef  # Project/Facility -> LandParcel
    alongRoad: URIRef  # Project/Facility -> Road
    definedIn: URIRef  # Policy -> Report whose glossary defines it
    divisionCode: URIRef  # 12-digit official division code (统计用区划代码) of a linked place
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
    measureAction: URIRef  # Observation -> what was done to the measured thing, as written (完成, 新增, 引进)
    indicator: URIRef  # Observation -> the national indicator concept (skos:Concept of ontology/indicators.ttl)
    # Work items (issue 17): an action on an object, with its status
    WorkItem: URIRef  # class: one (action, object) a report says was done, is under way or is planned
    action: URIRef  # WorkItem -> the verb as written (literal)
    object: URIRef  # WorkItem -> the entity acted on
    objectText: URIRef  # WorkItem -> the object as named in the text (literal)
    status: URIRef  # "completed" | "ongoing" | "planned"
    actionStart: URIRef
    actionEnd: URIRef
    objectStart: URIRef
    objectEnd: URIRef
    quantity: URIRef  # WorkItem -> a figure of the same clause
    # Corpus statistics kept in a store (graph/store/stats.py)
    statsOf: URIRef  # statistics graph node -> the report it summarises
    statsHash: URIRef  # the content hash of the report version summarised
    statsBuild: URIRef  # the build activity of the report version summarised
    statsEntityCounts: URIRef  # rdf:JSON: mentions and classes per entity
    statsSectionRows: URIRef  # rdf:JSON: per section, attributes and entities/mentions per type
    statsThingCounts: URIRef  # rdf:JSON: titles; things per class
    statsVersion: URIRef  # layout version of the statistics
    statsDigest: URIRef  # digest of the report versions the statistics reflect
    statsEntity: URIRef  # a row's entity (one with several classes)
    statsClass: URIRef  # a class of that entity
