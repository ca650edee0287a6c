"""A DCAT-AP 3 catalog of an export: one dataset per report, one distribution per file, VoID statistics."""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from govkg import __version__, defaults
from govkg.publish.common import (
    DCAT,
    DISTRIBUTED,
    EU_FILE_TYPE,
    EU_LANGUAGE,
    EU_THEME,
    FILE_KINDS,
    FOAF,
    FORMATS_NS,
    IANA_MEDIA,
    PLACEHOLDER_BASE,
    SPDX,
    VOID,
    ExportError,
    division_chain,
    entities_of,
    export_key,
    figures_of,
    int_or_none,
    report_key,
    zh_label,
)
from govkg.publish.names import (
    REPORT_TITLE_SUFFIX,
    english_title,
    report_identifier,
    romanise,
)
from govkg.publish.split import split_by_report
from govkg.rdf.mapping import ID
from govkg.rdf.namespace import DATA_BASE, GOV, ONTOLOGY_IRI
from govkg.resolve import mint
from govkg.store import serialize_turtle
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS


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


def report_infos(g, split: dict | None = None) -> list[ReportInfo]:
    """Read what the catalog needs about each gov:Report in the graph, in IRI order."""

    split = split if split is not None else split_by_report(g)
    infos = []
    for rep in sorted(g.subjects(RDF.type, GOV.Report)):
        key = report_key(rep)
        year = int_or_none(g.value(rep, GOV.reportYear))
        division = g.value(rep, GOV.division)
        chain = division_chain(g, division) if division is not None else []
        title_zh = zh_label(g, rep, DCTERMS.title) or (f"{''.join(chain)}{REPORT_TITLE_SUFFIX}" if chain else key)
        dates = sorted(d for d in (g.value(rep, DCTERMS.issued), g.value(rep, DCTERMS.created)) if d is not None)
        issued = g.value(rep, DCTERMS.issued) or g.value(rep, DCTERMS.created)
        years = [y for p in (GOV.reviewYear, GOV.planYear, GOV.reportYear)
                 for y in (int_or_none(v) for v in g.objects(rep, p)) if y]
        part = split.get(rep)
        infos.append(ReportInfo(
            iri=rep, key=key, title_zh=title_zh, title_en=english_title(title_zh, chain, year, key),
            identifier=report_identifier(chain, year, key), year=year, issued=issued,
            modified=dates[-1] if dates else None, issuing_body=zh_label(g, rep, GOV.issuingBody),
            division=division, division_chain=chain, years=(min(years), max(years)) if years else None,
            entities=len(entities_of(part)) if part is not None else 0,
            figures=len(figures_of(part)) if part is not None else 0))
    return infos


def license_iri(value: str) -> str:
    """Return the licence IRI for an SPDX id from defaults.LICENSES or an http(s) URL; raise ExportError."""
    if value in defaults.LICENSES:
        return defaults.LICENSES[value]
    if re.match(r"https?://\S+$", value):
        return value
    raise ExportError(f"unknown licence {value!r}: give an http(s) URL or one of {', '.join(defaults.LICENSES)}")


def _void_stats(g, node, out) -> None:
    """Add VoID statistics of ``g`` to ``node`` in ``out``: triples, entities, classes, properties."""

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


def catalog_graph(g, files: dict[str, bytes], *, base_url: str | None = None, license: str = defaults.LICENSE,
                  publisher: str | None = None, split: dict | None = None):
    """Return the DCAT-AP 3 catalog and VoID description of an export as an rdflib Graph."""

    dcat, void, spdx, foaf = Namespace(DCAT), Namespace(VOID), Namespace(SPDX), Namespace(FOAF)
    split = split if split is not None else split_by_report(g)
    infos = report_infos(g, split)
    if not infos:
        raise ExportError("the graph holds no gov:Report: there is nothing to describe in a catalog", 1)
    lic = URIRef(license_iri(license))
    base = base_url if base_url is not None else PLACEHOLDER_BASE
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

    key = export_key([i.iri for i in infos])
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
    if base_url is not None:
        return serialize_turtle(catalog)
    data = catalog.serialize(format="longturtle", canon=True, encoding="utf-8", base=PLACEHOLDER_BASE)
    text = data.decode("utf-8")
    text = "".join(line for line in text.splitlines(keepends=True) if line.strip() != f"BASE <{PLACEHOLDER_BASE}>")
    if PLACEHOLDER_BASE in text:  # an IRI could not be written relative: never ship the placeholder
        raise ExportError("internal error: a file URL could not be made relative")
    return text.lstrip("\n").encode("utf-8")
