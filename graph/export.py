"""Publish a graph for data portals; ``govkg export``.

An export folder holds:

- ``graph.ttl`` (canonical Turtle), ``graph.nt`` (sorted N-Triples), ``graph.jsonld`` (JSON-LD
  with a compact ``@context``): the same graph in three syntaxes;
- ``cube.ttl``: the figures as a W3C RDF Data Cube (ontology/cube.ttl's structure, one
  ``qb:DataSet``, one ``qb:Observation`` per figure, named by the figure's IRI);
- ``figures.csv``: one row per figure, UTF-8 with a BOM so that Excel reads it;
- ``catalog.ttl``: a DCAT-AP 3 catalog (one ``dcat:Dataset`` per report, one
  ``dcat:Distribution`` per file above, with size and SHA-256) and VoID statistics.

Download URLs are relative (``<graph.ttl>``, resolved against where catalog.ttl is read from)
unless ``--base-url`` is given. Every file is computed in memory before the first is written, and
each is written atomically.
"""
from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

FILES = ("graph.ttl", "graph.nt", "graph.jsonld", "cube.ttl", "figures.csv", "catalog.ttl")
DISTRIBUTED = FILES[:-1]  # catalog.ttl describes the others (it cannot hold its own checksum)

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

# name -> (media type, EU file type, W3C format IRI or None, what it is)
FILE_KINDS = {
    "graph.ttl": ("text/turtle", "RDF_TURTLE", "Turtle", "the knowledge graph, canonical Turtle"),
    "graph.nt": ("application/n-triples", "RDF_N_TRIPLES", "N-Triples", "the knowledge graph, N-Triples"),
    "graph.jsonld": ("application/ld+json", "JSON_LD", "JSON-LD", "the knowledge graph, JSON-LD"),
    "cube.ttl": ("text/turtle", "RDF_TURTLE", "Turtle", "the figures as an RDF Data Cube, Turtle"),
    "figures.csv": ("text/csv", "CSV", None, "the figures as a table (CSV, UTF-8 with BOM)"),
}

LICENSES = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "ODC-BY-1.0": "https://opendatacommons.org/licenses/by/1-0/",
}
DEFAULT_LICENSE = "CC-BY-4.0"

# Prefixes of the JSON-LD @context (and nothing else: terms stay prefixed names).
JSONLD_PREFIXES = {
    "gov": "https://w3id.org/govkg/ontology#", "id": "https://w3id.org/govkg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/", "prov": "http://www.w3.org/ns/prov#", "qb": QB,
    "schema": "https://schema.org/", "owl": "http://www.w3.org/2002/07/owl#",
}

CSV_COLUMNS = ("indicator", "subject", "year", "status", "value", "unit", "approximate", "change",
               "source_sentence", "report", "figure")

# Generic suffixes of Chinese administrative division names -> English, longest first.
ADMIN_SUFFIXES = (
    ("特别行政区", "Special Administrative Region"), ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"), ("自治县", "Autonomous County"), ("街道", "Subdistrict"),
    ("社区", "Community"), ("地区", "Prefecture"), ("新区", "New Area"), ("省", "Province"),
    ("市", "City"), ("区", "District"), ("县", "County"), ("旗", "Banner"), ("盟", "League"),
    ("州", "Prefecture"), ("镇", "Town"), ("乡", "Township"), ("村", "Village"),
)
REPORT_TITLE_SUFFIX = "政府工作报告"
_PLACEHOLDER_BASE = "http://govkg.invalid/export/"


class ExportError(ValueError):
    """A graph or an option that cannot be exported (nothing written)."""


@dataclass
class ReportInfo:
    """What the catalog says about one report, read from the graph."""

    iri: object
    key: str
    title_zh: str
    title_en: str
    identifier: str
    year: int | None
    issued: object = None  # rdflib Literal xsd:date
    modified: object = None
    issuing_body: str | None = None
    division: object = None  # IRI of the gov:AdministrativeDivision
    division_chain: list[str] = field(default_factory=list)  # top-down labels, e.g. 北京市, 大兴区, 西红门镇
    years: tuple[int, int] | None = None
    entities: int = 0
    figures: int = 0


# ---- names -----------------------------------------------------------------------------------

def romanise(name: str) -> tuple[str, str]:
    """Return (slug, English) for a division name, e.g. '西红门镇' -> ('xihongmen', 'Xihongmen Town')."""
    from pypinyin import lazy_pinyin  # noqa: PLC0415

    stem, english = name, ""
    for suffix, en in ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem, english = name[: -len(suffix)], en
            break
    word = re.sub(r"[^A-Za-z0-9]", "", "".join(lazy_pinyin(stem)))
    if not word:
        return "", ""
    return word.lower(), f"{word[0].upper()}{word[1:]}" + (f" {english}" if english else "")


def _pinyin_words(text: str) -> str:
    """Return text in toneless pinyin, one capitalised word per Han character run."""
    from pypinyin import lazy_pinyin  # noqa: PLC0415

    words = [re.sub(r"[^A-Za-z0-9]", "", w) for w in lazy_pinyin(text)]
    return " ".join(w.capitalize() for w in words if w)


def _slug(text: str, limit: int = 100) -> str:
    """Return an ASCII slug (lowercase letters, digits, hyphens) of at most ``limit`` characters."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:limit].rstrip("-")


# ---- reading the graph -----------------------------------------------------------------------

def _report_key(rep) -> str:
    return str(rep).rstrip("/").rsplit("/", 1)[-1]


def _int(lit) -> int | None:
    try:
        return int(str(lit)[:4])
    except (TypeError, ValueError):
        return None


def _division_chain(g, division) -> list[str]:
    """Return the labels of a division and the divisions it lies within, top-down."""
    from rdflib import RDFS  # noqa: PLC0415

    from graph.namespace import GOV  # noqa: PLC0415

    chain, seen, node = [], set(), division
    while node is not None and node not in seen:
        seen.add(node)
        label = _zh_label(g, node, RDFS.label)
        if label:
            chain.append(label)
        parents = sorted(g.objects(node, GOV.withinDivision))
        node = parents[0] if parents else None
    return chain[::-1]


def _zh_label(g, node, prop) -> str | None:
    """Return the node's ``prop`` value, preferring Chinese, then untagged, then any."""
    values = sorted(g.objects(node, prop), key=lambda v: (getattr(v, "language", None) != "zh",
                                                           getattr(v, "language", None) is not None, str(v)))
    return str(values[0]) if values else None


def english_title(title_zh: str, chain: list[str], year: int | None, key: str) -> str:
    """Return an ASCII English title, e.g. 'Government Work Report 2021, Xihongmen Town, Daxing District, Beijing City'."""
    place = ", ".join(e for _, e in (romanise(n) for n in reversed(chain)) if e)
    if title_zh.endswith(REPORT_TITLE_SUFFIX) or not title_zh:
        what = "Government Work Report" + (f" {year}" if year else "")
    else:
        what = _pinyin_words(title_zh) + (f" ({year})" if year else "")
    title = f"{what}, {place}" if place else what
    return title if year or place else f"{title} ({key})"


def report_identifier(chain: list[str], year: int | None, key: str) -> str:
    """Return the report's ASCII identifier, e.g. 'beijing-daxing-xihongmen-2021-029c2e39'."""
    words = [s for s, _ in (romanise(n) for n in chain) if s]
    tail = "-".join(([str(year)] if year else []) + [key[:8]])
    head = _slug("-".join(words), 100 - len(tail) - 1)
    return f"{head}-{tail}" if head else f"report-{tail}"


def report_infos(g, split: dict | None = None) -> list[ReportInfo]:
    """Read what the catalog needs about each gov:Report in the graph, in IRI order."""
    from rdflib import RDF  # noqa: PLC0415
    from rdflib.namespace import DCTERMS  # noqa: PLC0415

    from graph.namespace import GOV  # noqa: PLC0415

    split = split if split is not None else split_by_report(g)
    infos = []
    for rep in sorted(g.subjects(RDF.type, GOV.Report)):
        key = _report_key(rep)
        year = _int(g.value(rep, GOV.reportYear))
        division = g.value(rep, GOV.division)
        chain = _division_chain(g, division) if division is not None else []
        title_zh = _zh_label(g, rep, DCTERMS.title) or (f"{''.join(chain)}{REPORT_TITLE_SUFFIX}" if chain else key)
        dates = sorted(d for d in (g.value(rep, DCTERMS.issued), g.value(rep, DCTERMS.created)) if d is not None)
        issued = g.value(rep, DCTERMS.issued) or g.value(rep, DCTERMS.created)
        years = [y for p in (GOV.reviewYear, GOV.planYear, GOV.reportYear)
                 for y in (_int(v) for v in g.objects(rep, p)) if y]
        part = split.get(rep)
        infos.append(ReportInfo(
            iri=rep, key=key, title_zh=title_zh, title_en=english_title(title_zh, chain, year, key),
            identifier=report_identifier(chain, year, key), year=year, issued=issued,
            modified=dates[-1] if dates else None, issuing_body=_zh_label(g, rep, GOV.issuingBody),
            division=division, division_chain=chain, years=(min(years), max(years)) if years else None,
            entities=len(_entities(part)) if part is not None else 0,
            figures=len(_figures(part)) if part is not None else 0))
    return infos


def _figures(g) -> list:
    """Return the figure nodes (gov:IndicatorObservation or gov:Target), sorted."""
    from rdflib import RDF  # noqa: PLC0415

    from graph.namespace import GOV  # noqa: PLC0415

    return sorted(set(g.subjects(RDF.type, GOV.IndicatorObservation)) | set(g.subjects(RDF.type, GOV.Target)))


_NOT_ENTITIES = ("Report", "Section", "Sentence", "Mention", "IndicatorObservation", "Target")


def _entities(g) -> set:
    """Return the nodes typed with a gov: entity class."""
    from rdflib import RDF  # noqa: PLC0415

    from graph.namespace import GOV  # noqa: PLC0415

    ns = str(GOV._NS)
    skip = {GOV[n] for n in _NOT_ENTITIES}
    return {s for s, o in g.subject_objects(RDF.type) if str(o).startswith(ns) and o not in skip}


# ---- splitting per report ------------------------------------------------------------------

def graph_name(report) -> object:
    """Return the name of a report's named graph: ``<report IRI>/graph``."""
    from rdflib import URIRef  # noqa: PLC0415

    return URIRef(f"{report}/graph")


def split_by_report(g) -> dict:
    """Split a graph into one self-contained graph per gov:Report; return {report IRI: Graph}.

    A triple goes to report R's graph when its subject is R or an IRI under ``R/``, or when its
    object is (e.g. ``entity gov:mention <R/mention/…>``). The other triples are about shared
    nodes (entities, the build activity): each goes to every report graph that reaches its
    subject, so every graph holds the labels and types of the entities it names. Triples that
    no report reaches go to the key ``None``. The union of all parts is the input graph.
    """
    from rdflib import RDF, Graph, URIRef  # noqa: PLC0415

    from graph.namespace import GOV  # noqa: PLC0415

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


# ---- serialisations ------------------------------------------------------------------------

def to_ntriples(g) -> bytes:
    """Serialise a graph as N-Triples, lines sorted (deterministic)."""
    from graph.store import ntriples  # noqa: PLC0415

    return ntriples(g)[0]


def to_jsonld(g) -> bytes:
    """Serialise a graph as JSON-LD with a compact @context, nodes sorted by @id (deterministic)."""
    import json  # noqa: PLC0415

    data = json.loads(g.serialize(format="json-ld", context=dict(JSONLD_PREFIXES), auto_compact=True))
    if "@graph" not in data:  # a single node comes back without @graph
        ctx = data.pop("@context", JSONLD_PREFIXES)
        data = {"@context": ctx, "@graph": [data] if data else []}

    def order(value):
        if isinstance(value, list):
            return sorted((order(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        if isinstance(value, dict):
            return {k: order(v) for k, v in value.items()}
        return value

    data["@graph"] = sorted((order(n) for n in data["@graph"]), key=lambda n: str(n.get("@id", "")))
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


# ---- figures: CSV and Data Cube ------------------------------------------------------------

def figure_rows(g) -> list[dict]:
    """Return one dict per figure (CSV_COLUMNS), in report order, then source order."""
    from rdflib import RDF, RDFS  # noqa: PLC0415

    from graph.namespace import GOV  # noqa: PLC0415

    rows = []
    for f in _figures(g):
        mention = g.value(f, GOV.mention)
        sentence = g.value(mention, GOV.inSentence) if mention is not None else None
        about = g.value(f, GOV.about)
        start = g.value(mention, GOV.start) if mention is not None else None
        target = g.value(f, GOV.isTarget)
        is_target = target.toPython() is True if target is not None else (f, RDF.type, GOV.Target) in g
        rows.append({
            "indicator": _zh_label(g, f, RDFS.label) or "",
            "subject": (_zh_label(g, about, RDFS.label) or str(about)) if about is not None else "",
            "year": str(g.value(f, GOV.year) or ""),
            "status": "target" if is_target else "actual",
            "value": str(g.value(f, RDF.value) or ""),
            "unit": str(g.value(f, GOV.unit) or ""),
            "approximate": str(g.value(f, GOV.approximate) or ""),
            "change": str(g.value(f, GOV.change) or ""),
            "source_sentence": str(g.value(sentence, GOV.text) or "") if sentence is not None else "",
            "report": str(g.value(f, GOV.inReport) or ""),
            "figure": str(f),
            "_order": (str(g.value(f, GOV.inReport) or ""), _int_or(start, 1 << 62), str(f)),
        })
    rows.sort(key=lambda r: r["_order"])
    for r in rows:
        del r["_order"]
    return rows


def _int_or(lit, default: int) -> int:
    try:
        return int(lit)
    except (TypeError, ValueError):
        return default


def figures_csv(g) -> bytes:
    """Return the figures as CSV (RFC 4180, UTF-8 with BOM so that Excel reads the Chinese)."""
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    w.writeheader()
    w.writerows(figure_rows(g))
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def _export_key(reports) -> str:
    from graph.resolve import mint  # noqa: PLC0415

    return mint("export", *sorted(str(r) for r in reports))


def indicator_concept(label: str):
    """Return the IRI of the indicator concept for an indicator name."""
    from graph.mapping import ID  # noqa: PLC0415
    from graph.resolve import mint  # noqa: PLC0415

    return ID[f"indicator/{mint('indicator', label)}"]


def cube_graph(g):
    """Return (cube graph, left-out figures): the DSD plus one qb:Observation per figure.

    A figure is left out when it has no year or no area (no gov:about and no report division),
    or when an earlier figure (in source order) has the same area, year and indicator: the
    Data Cube allows one observation per cell (IC-12). Left-out figures stay in figures.csv.
    """
    from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef  # noqa: PLC0415
    from rdflib.namespace import DCTERMS, SKOS  # noqa: PLC0415

    from graph.mapping import ID  # noqa: PLC0415
    from graph.namespace import GOV  # noqa: PLC0415
    from graph.paths import CUBE_DSD  # noqa: PLC0415

    qb, cube = Namespace(QB), Namespace(CUBE)
    out = Graph(bind_namespaces="core")
    out.parse(CUBE_DSD, format="turtle")
    for prefix, ns in (("qb", qb), ("govcube", cube), ("gov", GOV._NS), ("id", ID), ("skos", SKOS), ("dct", DCTERMS)):
        out.bind(prefix, ns)
    reports = sorted(g.subjects(RDF.type, GOV.Report))
    ds = ID[f"cube/{_export_key(reports)}"]
    out.add((ds, RDF.type, qb.DataSet))
    out.add((ds, qb.structure, cube.structure))
    out.add((ds, RDFS.label, Literal("政府工作报告中的数字指标", lang="zh")))
    out.add((ds, RDFS.label, Literal("Figures stated in government work reports", lang="en")))
    for r in reports:
        out.add((ds, DCTERMS.source, r))
    cells: set = set()
    left_out = []
    for row in figure_rows(g):
        f = URIRef(row["figure"])
        rep = g.value(f, GOV.inReport)
        area = g.value(f, GOV.about) or (g.value(rep, GOV.division) if rep is not None else None)
        year = g.value(f, GOV.year)
        value = g.value(f, RDF.value)
        if area is None or year is None or value is None or not row["indicator"]:
            left_out.append((f, "no area, year, value or indicator name"))
            continue
        concept = indicator_concept(row["indicator"])
        cell = (area, str(year), concept)
        if cell in cells:
            left_out.append((f, "same area, year and indicator as an earlier figure"))
            continue
        cells.add(cell)
        out.add((f, RDF.type, qb.Observation))
        out.add((f, qb.dataSet, ds))
        out.add((f, cube.refArea, area))
        out.add((f, cube.refPeriod, Literal(str(year), datatype=XSD.gYear)))
        out.add((f, cube.indicator, concept))
        out.add((f, cube.value, Literal(value.toPython(), datatype=XSD.decimal)))
        out.add((f, cube.unit, Literal(row["unit"])))
        out.add((f, cube.status, cube.target if row["status"] == "target" else cube.actual))
        out.add((concept, RDF.type, SKOS.Concept))
        out.add((concept, SKOS.prefLabel, Literal(row["indicator"], lang="zh")))
        out.add((concept, SKOS.inScheme, cube.indicators))
        label = _zh_label(g, area, RDFS.label)
        if label:
            out.add((area, RDFS.label, Literal(label, lang="zh")))
    return out, left_out


# ---- catalog -------------------------------------------------------------------------------

def license_iri(value: str) -> str:
    """Return the licence IRI for an SPDX id from LICENSES or an http(s) URL; raise ExportError."""
    if value in LICENSES:
        return LICENSES[value]
    if re.match(r"https?://\S+$", value):
        return value
    raise ExportError(f"unknown licence {value!r}: give an http(s) URL or one of {', '.join(LICENSES)}")


def _void_stats(g, node, out) -> None:
    """Add VoID statistics of ``g`` to ``node`` in ``out``: triples, entities, classes, properties."""
    from collections import Counter  # noqa: PLC0415

    from rdflib import RDF, XSD, BNode, Literal, Namespace, URIRef  # noqa: PLC0415

    from graph.namespace import DATA_BASE  # noqa: PLC0415

    void = Namespace(VOID)
    entities = {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(DATA_BASE)}
    classes: dict = {}
    for s, c in g.subject_objects(RDF.type):
        classes.setdefault(c, set()).add(s)
    props = Counter(p for _s, p, _o in g)
    out.add((node, RDF.type, void.Dataset))
    out.add((node, void.uriSpace, Literal(DATA_BASE)))
    out.add((node, void.triples, Literal(len(g), datatype=XSD.integer)))
    out.add((node, void.entities, Literal(len(entities), datatype=XSD.integer)))
    out.add((node, void.distinctSubjects, Literal(len(set(g.subjects())), datatype=XSD.integer)))
    out.add((node, void.distinctObjects, Literal(len(set(g.objects())), datatype=XSD.integer)))
    out.add((node, void.classes, Literal(len(classes), datatype=XSD.integer)))
    out.add((node, void.properties, Literal(len(props), datatype=XSD.integer)))
    for c in sorted(classes):
        part = BNode()
        out.add((node, void.classPartition, part))
        out.add((part, void["class"], c))
        out.add((part, void.entities, Literal(len(classes[c]), datatype=XSD.integer)))
    for p in sorted(props):
        part = BNode()
        out.add((node, void.propertyPartition, part))
        out.add((part, void.property, p))
        out.add((part, void.triples, Literal(props[p], datatype=XSD.integer)))


def catalog_graph(g, files: dict[str, bytes], *, base_url: str | None = None, license: str = DEFAULT_LICENSE,
                  publisher: str | None = None, split: dict | None = None):
    """Return the DCAT-AP 3 catalog and VoID description of an export as an rdflib Graph."""
    import hashlib  # noqa: PLC0415

    from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef  # noqa: PLC0415
    from rdflib.namespace import DCTERMS, SKOS  # noqa: PLC0415

    from graph import __version__  # noqa: PLC0415
    from graph.mapping import ID  # noqa: PLC0415
    from graph.namespace import GOV, ONTOLOGY_IRI  # noqa: PLC0415
    from graph.resolve import mint  # noqa: PLC0415

    dcat, void, spdx, foaf = Namespace(DCAT), Namespace(VOID), Namespace(SPDX), Namespace(FOAF)
    split = split if split is not None else split_by_report(g)
    infos = report_infos(g, split)
    if not infos:
        raise ExportError("the graph holds no gov:Report: there is nothing to describe in a catalog")
    lic = URIRef(license_iri(license))
    base = base_url if base_url is not None else _PLACEHOLDER_BASE
    if not base.endswith("/"):
        base += "/"

    out = Graph(bind_namespaces="core")
    for prefix, ns in (("dcat", dcat), ("dct", DCTERMS), ("void", void), ("spdx", spdx), ("foaf", foaf),
                       ("skos", SKOS), ("id", ID), ("gov", GOV._NS)):
        out.bind(prefix, ns)

    def typed(node, cls, *labels):
        out.add((node, RDF.type, cls))
        for lab in labels:
            out.add((node, SKOS.prefLabel, lab))
        return node

    def agent(name: str):
        node = ID[f"agent/{mint('agent', name)}"]
        out.add((node, RDF.type, foaf.Agent))
        out.add((node, foaf.name, Literal(name, lang="zh" if re.search(r"[\u4e00-\u9fff]", name) else None)))
        return node

    key = _export_key([i.iri for i in infos])
    catalog = ID[f"catalog/{key}"]
    typed(lic, DCTERMS.LicenseDocument)
    chinese = typed(URIRef(EU_LANGUAGE + "ZHO"), DCTERMS.LinguisticSystem, Literal("Chinese", lang="en"),
                    Literal("中文", lang="zh"))
    theme = typed(URIRef(EU_THEME + "GOVE"), SKOS.Concept, Literal("Government and public sector", lang="en"))
    sha256 = typed(URIRef(SPDX + "checksumAlgorithm_sha256"), spdx.ChecksumAlgorithm)

    # One distribution per file, shared by the datasets of all reports in this export.
    distributions = []
    for name in DISTRIBUTED:
        data = files[name]
        media, eu_type, fmt, what = FILE_KINDS[name]
        dist = ID[f"catalog/{key}/distribution/{name}"]
        url = URIRef(base + name)
        out.add((dist, RDF.type, dcat.Distribution))
        out.add((dist, DCTERMS.title, Literal(name)))
        desc = what + ("" if len(infos) == 1 else f"; one file for all {len(infos)} reports of this catalog")
        out.add((dist, DCTERMS.description, Literal(desc, lang="en")))
        out.add((dist, dcat.accessURL, url))
        out.add((dist, dcat.downloadURL, url))
        out.add((dist, dcat.mediaType, typed(URIRef(IANA_MEDIA + media), DCTERMS.MediaType)))
        out.add((dist, DCTERMS["format"], typed(URIRef(EU_FILE_TYPE + eu_type), DCTERMS.MediaTypeOrExtent)))
        out.add((dist, dcat.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
        checksum = URIRef(f"{dist}/checksum")
        out.add((dist, spdx.checksum, checksum))
        out.add((checksum, RDF.type, spdx.Checksum))
        out.add((checksum, spdx.algorithm, sha256))
        out.add((checksum, spdx.checksumValue, Literal(hashlib.sha256(data).hexdigest(), datatype=XSD.hexBinary)))
        out.add((dist, DCTERMS.license, lic))
        standard = URIRef("http://purl.org/linked-data/cube") if name == "cube.ttl" else (
            URIRef(ONTOLOGY_IRI) if name.startswith("graph.") else None)
        if standard is not None:
            out.add((dist, DCTERMS.conformsTo, typed(standard, DCTERMS.Standard)))
        distributions.append((name, dist, url))

    bodies = sorted({i.issuing_body for i in infos if i.issuing_body})
    catalog_publisher = agent(publisher or (bodies[0] if len(bodies) == 1 else f"govkg {__version__}"))
    for info in infos:
        ds = URIRef(f"{info.iri}/dataset")
        out.add((catalog, dcat.dataset, ds))
        out.add((ds, RDF.type, dcat.Dataset))
        out.add((ds, DCTERMS.title, Literal(info.title_zh, lang="zh")))
        out.add((ds, DCTERMS.title, Literal(info.title_en, lang="en")))
        out.add((ds, DCTERMS.identifier, Literal(info.identifier)))
        out.add((ds, DCTERMS.description, Literal(
            f"从《{info.title_zh}》全文抽取的知识图谱：{info.entities} 个实体（村、社区、道路、地块、项目、设施、"
            f"机构、政策等）和 {info.figures} 项数字指标，每一项都注明出自报告的哪一句。", lang="zh")))
        out.add((ds, DCTERMS.description, Literal(
            f"Knowledge graph extracted from the full text of the {info.title_en}: {info.entities} entities "
            f"(villages, communities, roads, land parcels, projects, facilities, organisations, policies ...) "
            f"and {info.figures} figures, each traced to the sentence it comes from.", lang="en")))
        if info.issuing_body:
            out.add((ds, DCTERMS.publisher, agent(info.issuing_body)))
        if info.issued is not None:
            out.add((ds, DCTERMS.issued, info.issued))
        if info.modified is not None:
            out.add((ds, DCTERMS.modified, info.modified))
        if info.division is not None:
            out.add((ds, DCTERMS.spatial, info.division))
            out.add((info.division, RDF.type, DCTERMS.Location))
            if info.division_chain:
                out.add((info.division, SKOS.prefLabel, Literal(info.division_chain[-1], lang="zh")))
                en = romanise(info.division_chain[-1])[1]
                if en:
                    out.add((info.division, SKOS.prefLabel, Literal(en, lang="en")))
        if info.years:
            period = URIRef(f"{ds}/temporal")
            out.add((ds, DCTERMS.temporal, period))
            out.add((period, RDF.type, DCTERMS.PeriodOfTime))
            out.add((period, dcat.startDate, Literal(str(info.years[0]), datatype=XSD.gYear)))
            out.add((period, dcat.endDate, Literal(str(info.years[1]), datatype=XSD.gYear)))
        out.add((ds, DCTERMS.language, chinese))
        out.add((ds, DCTERMS.license, lic))
        out.add((ds, dcat.theme, theme))
        keywords = [Literal("政府工作报告", lang="zh"), Literal("government work report", lang="en"),
                    Literal("知识图谱", lang="zh"), Literal("knowledge graph", lang="en")]
        for n in info.division_chain:
            keywords.append(Literal(n, lang="zh"))
            en = romanise(n)[1]
            if en:
                keywords.append(Literal(en, lang="en"))
        for k in keywords:
            out.add((ds, dcat.keyword, k))
        for _name, dist, _url in distributions:
            out.add((ds, dcat.distribution, dist))
        # VoID: the report's self-contained part of the graph (what `govkg push` uploads).
        part = split.get(info.iri)
        if part is not None:
            out.add((ds, RDF.type, void.Dataset))
            out.add((ds, void.triples, Literal(len(part), datatype=XSD.integer)))
            out.add((ds, void.entities, Literal(len({s for s in part.subjects() if isinstance(s, URIRef)
                                                      and str(s).startswith(str(ID))}), datatype=XSD.integer)))
            out.add((ds, void.exampleResource, info.iri))

    out.add((catalog, RDF.type, dcat.Catalog))
    n = len(infos)
    single = infos[0] if n == 1 else None
    out.add((catalog, DCTERMS.title, Literal(
        f"《{single.title_zh}》知识图谱" if single else f"政府工作报告知识图谱（{n} 份报告）", lang="zh")))
    out.add((catalog, DCTERMS.title, Literal(
        f"Knowledge graph of the {single.title_en}" if single else f"Government work reports: knowledge graph ({n} reports)",
        lang="en")))
    out.add((catalog, DCTERMS.description, Literal(
        f"govkg {__version__} 从 {n} 份政府工作报告生成的知识图谱、数据立方体和指标表。", lang="zh")))
    out.add((catalog, DCTERMS.description, Literal(
        f"Knowledge graph, data cube and figures table that govkg {__version__} made from {n} government "
        f"work report(s).", lang="en")))
    out.add((catalog, DCTERMS.publisher, catalog_publisher))
    out.add((catalog, DCTERMS.language, chinese))
    out.add((catalog, DCTERMS.license, lic))
    modified = sorted(i.modified for i in infos if i.modified is not None)
    if modified:
        out.add((catalog, DCTERMS.modified, modified[-1]))

    # VoID: the whole export graph, its dumps, and one subset per report dataset.
    whole = ID[f"catalog/{key}/void"]
    _void_stats(g, whole, out)
    out.add((whole, DCTERMS.title, Literal("govkg export: the whole graph", lang="en")))
    for name, _dist, url in distributions:
        if name.startswith("graph."):
            out.add((whole, void.dataDump, url))
            out.add((whole, void.feature, URIRef(FORMATS_NS + FILE_KINDS[name][2].replace("-", "_"))))
    for v in (GOV._NS, "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/", "http://www.w3.org/ns/prov#"):
        out.add((whole, void.vocabulary, URIRef(str(v))))
    for info in infos:
        out.add((whole, void.subset, URIRef(f"{info.iri}/dataset")))
    out.add((whole, RDFS.seeAlso, catalog))
    return out


def catalog_turtle(catalog, base_url: str | None = None) -> bytes:
    """Serialise the catalog as canonical Turtle; file IRIs relative unless ``base_url`` is given."""
    from graph.store import serialize_turtle  # noqa: PLC0415

    if base_url is not None:
        return serialize_turtle(catalog)
    data = catalog.serialize(format="longturtle", canon=True, encoding="utf-8", base=_PLACEHOLDER_BASE)
    text = data.decode("utf-8")
    text = "".join(line for line in text.splitlines(keepends=True) if line.strip() != f"BASE <{_PLACEHOLDER_BASE}>")
    if _PLACEHOLDER_BASE in text:  # an IRI could not be written relative: never ship the placeholder
        raise ExportError("internal error: a file URL could not be made relative")
    return text.lstrip("\n").encode("utf-8")


# ---- the export ----------------------------------------------------------------------------

def check_base_url(base_url: str | None) -> str | None:
    """Return the base URL with a trailing slash, or raise ExportError if it is not http(s)."""
    if base_url is None:
        return None
    if not re.match(r"https?://[^\s/]+(/\S*)?$", base_url):
        raise ExportError(f"--base-url {base_url!r}: give an absolute http(s) URL, e.g. https://data.example.org/govkg/")
    return base_url if base_url.endswith("/") else base_url + "/"


def export(g, outdir: str | Path, *, base_url: str | None = None, license: str = DEFAULT_LICENSE,
           publisher: str | None = None) -> dict:
    """Write the export files of graph ``g`` into ``outdir``; return a summary dict."""
    from graph.store import atomic_write, serialize_turtle  # noqa: PLC0415

    base_url = check_base_url(base_url)
    license_iri(license)
    split = split_by_report(g)
    files: dict[str, bytes] = {}
    files["graph.ttl"] = serialize_turtle(g)
    files["graph.nt"] = to_ntriples(g)
    files["graph.jsonld"] = to_jsonld(g)
    cube, left_out = cube_graph(g)
    files["cube.ttl"] = serialize_turtle(cube)
    files["figures.csv"] = figures_csv(g)
    catalog = catalog_graph(g, files, base_url=base_url, license=license, publisher=publisher, split=split)
    files["catalog.ttl"] = catalog_turtle(catalog, base_url)
    out = Path(outdir)
    for name in FILES:
        atomic_write(out / name, files[name])
    return {"outdir": str(out), "files": {n: len(files[n]) for n in FILES}, "triples": len(g),
            "reports": len([k for k in split if k is not None]), "figures": len(_figures(g)),
            "observations": len(_figures(g)) - len(left_out), "left_out": left_out}


def _cmd_export(args) -> int:
    from graph.cli import fail  # noqa: PLC0415
    from graph.store import SourceError, load_graph  # noqa: PLC0415

    t0 = time.perf_counter()
    try:
        check_base_url(args.base_url)
        license_iri(args.license)
        g = load_graph(args.source, division=args.division)
    except ExportError as e:
        return fail(str(e))
    except SourceError as e:
        return fail(str(e), e.code)
    except OSError as e:
        return fail(f"{e.filename or args.source}: {e.strerror}")
    try:
        summary = export(g, args.output, base_url=args.base_url, license=args.license, publisher=args.publisher)
    except ExportError as e:
        return fail(str(e), 1)
    except OSError as e:
        return fail(f"{e.filename or args.output}: {e.strerror}")
    out = Path(summary["outdir"])
    print(f"exported {summary['triples']} triples from {summary['reports']} report(s) to {out}/")
    for name, size in summary["files"].items():
        print(f"  {name:<14} {size:>10,d} bytes")
    print(f"  cube: {summary['observations']} of {summary['figures']} figures as observations")
    for fig, why in summary["left_out"][:5]:
        print(f"    left out {fig}: {why}", file=sys.stderr)
    if len(summary["left_out"]) > 5:
        print(f"    ... and {len(summary['left_out']) - 5} more left out (all are in figures.csv)", file=sys.stderr)
    print(f"done in {time.perf_counter() - t0:.2f} s")
    return 0


def add_cli(sub) -> None:
    """Register ``govkg export``."""
    p = sub.add_parser(
        "export", help="write portal-ready files: Turtle, N-Triples, JSON-LD, DCAT-AP catalog, data cube, CSV",
        description="Export a graph for data portals into OUTDIR: graph.ttl, graph.nt and graph.jsonld "
                    "(the same graph), cube.ttl (the figures as a W3C RDF Data Cube), figures.csv "
                    "(UTF-8 with BOM, for spreadsheets) and catalog.ttl (a DCAT-AP 3 catalog with one "
                    "dataset per report, one distribution per file with size and SHA-256, and VoID "
                    "statistics). Check the result with 'govkg validate OUTDIR'.")
    p.add_argument("source", metavar="SOURCE",
                   help="a graph file, an output folder of 'govkg build', or an Oxigraph store folder")
    p.add_argument("-o", "--output", default="export", metavar="OUTDIR", help="output folder (default: %(default)s)")
    p.add_argument("--division", metavar="NAME",
                   help="from a corpus store, only the reports of this division (its name, e.g. 西红门镇)")
    p.add_argument("--base-url", metavar="URL",
                   help="URL the folder will be published under; download URLs become absolute "
                        "(default: relative to catalog.ttl)")
    p.add_argument("--license", default=DEFAULT_LICENSE, metavar="LICENSE",
                   help=f"licence of the data: an http(s) URL or one of {', '.join(LICENSES)} (default: %(default)s)")
    p.add_argument("--publisher", metavar="NAME",
                   help="publisher of the catalog (default: the reports' issuing body when they share one)")
    p.set_defaults(func=_cmd_export)
