"""What the publishing modules share: vocabularies, the export error, reading reports and figures from a graph."""
from __future__ import annotations

from govkg.errors import GovkgError
from govkg.rdf.namespace import GOV
from govkg.resolve import mint
from rdflib import RDF, RDFS

FILES = ("graph.ttl", "graph.nt", "graph.jsonld", "cube.ttl", "figures.csv", "figures.svg", "workitems.csv", "catalog.ttl")
DISTRIBUTED = FILES[:-1]  # catalog.ttl describes the others (it cannot hold its own checksum)
# name -> (media type, EU file type, W3C format IRI or None, what it is)
FILE_KINDS = {
    "graph.ttl": ("text/turtle", "RDF_TURTLE", "Turtle", "the knowledge graph, canonical Turtle"),
    "graph.nt": ("application/n-triples", "RDF_N_TRIPLES", "N-Triples", "the knowledge graph, N-Triples"),
    "graph.jsonld": ("application/ld+json", "JSON_LD", "JSON-LD", "the knowledge graph, JSON-LD"),
    "cube.ttl": ("text/turtle", "RDF_TURTLE", "Turtle", "the figures as an RDF Data Cube, Turtle"),
    "figures.csv": ("text/csv", "CSV", None, "the figures as a table (CSV, UTF-8 with BOM)"),
    "figures.svg": ("image/svg+xml", "SVG", None, "targets beside actuals of the same indicator, a chart (SVG)"),
    "workitems.csv": ("text/csv", "CSV", None, "the work items (done, under way, planned) as a table (CSV, UTF-8 with BOM)"),
}
PLACEHOLDER_BASE = "http://govkg.invalid/export/"

DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
SPDX = "http://spdx.org/rdf/terms#"
FOAF = "http://xmlns.com/foaf/0.1/"
QB = "http://purl.org/linked-data/cube#"
CUBE = "https://w3id.org/govkg/cube#"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
IANA_MEDIA = "http://www.iana.org/assignments/media-types/"
FORMATS_NS = "http://www.w3.org/ns/formats/"

JSONLD_PREFIXES = {
    "gov": "https://w3id.org/govkg/ontology#", "id": "https://w3id.org/govkg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/", "prov": "http://www.w3.org/ns/prov#", "qb": QB,
    "schema": "https://schema.org/", "owl": "http://www.w3.org/2002/07/owl#",
}


class ExportError(GovkgError, ValueError):
    """A graph (code 1) or an option (code 2) that cannot be exported; nothing is written."""


def report_key(rep) -> str:
    return str(rep).rstrip("/").rsplit("/", 1)[-1]


def int_or_none(lit) -> int | None:
    try:
        return int(str(lit)[:4])
    except (TypeError, ValueError):
        return None


def division_chain(g, division) -> list[str]:
    """Return the labels of a division and the divisions it lies within, top-down."""

    chain, seen, node = [], set(), division
    while node is not None and node not in seen:
        seen.add(node)
        label = zh_label(g, node, RDFS.label)
        if label:
            chain.append(label)
        parents = sorted(g.objects(node, GOV.withinDivision))
        node = parents[0] if parents else None
    return chain[::-1]


def zh_label(g, node, prop) -> str | None:
    """Return the node's ``prop`` value, preferring Chinese, then untagged, then any."""
    values = sorted(g.objects(node, prop), key=lambda v: (getattr(v, "language", None) != "zh",
                                                           getattr(v, "language", None) is not None, str(v)))
    return str(values[0]) if values else None


def figures_of(g) -> list:
    """Return the figure nodes (gov:IndicatorObservation or gov:Target), sorted."""
    return sorted(set(g.subjects(RDF.type, GOV.IndicatorObservation)) | set(g.subjects(RDF.type, GOV.Target)))


_NOT_ENTITIES = ("Report", "Section", "Sentence", "Mention", "IndicatorObservation", "Target")


def entities_of(g) -> set:
    """Return the nodes typed with a gov: entity class."""

    ns = str(GOV._NS)
    skip = {GOV[n] for n in _NOT_ENTITIES}
    return {s for s, o in g.subject_objects(RDF.type) if str(o).startswith(ns) and o not in skip}


def export_key(reports) -> str:
    """Return a key minted from the IRIs of the reports an export holds."""
    return mint("export", *sorted(str(r) for r in reports))
