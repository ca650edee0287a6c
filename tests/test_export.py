"""govkg export: the same graph in three syntaxes, a DCAT-AP 3 catalog with VoID, and figures.csv."""
from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, SKOS

from govkg import cli
from govkg.defaults import LICENSES
from govkg.publish.common import DISTRIBUTED, FILES, ExportError
from govkg.publish.export import export
from govkg.publish.names import english_title, report_identifier, romanise
from govkg.publish.split import split_by_report
from govkg.publish.tables import figure_rows
from govkg.rdf.namespace import GOV
from govkg.store import load_graph
from govkg.publish.validate import validate_catalog
from support import DATA, sample_output

pytestmark = pytest.mark.slow  # builds and exports the sample: deselect with -m "not slow"

DCAT = Namespace("http://www.w3.org/ns/dcat#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
FIXTURE = DATA / "export" / "two-reports.ttl"
REP_A = URIRef("https://w3id.org/govkg/id/report/aaaa")
REP_B = URIRef("https://w3id.org/govkg/id/report/bbbb")
CKAN_NAME = re.compile(r"^[a-z0-9_-]{2,100}$")


@pytest.fixture(scope="module")
def fixture_graph() -> Graph:
    return Graph().parse(FIXTURE)


@pytest.fixture(scope="module")
def fixture_export(tmp_path_factory, fixture_graph) -> Path:
    out = tmp_path_factory.mktemp("fixture-export")
    export(fixture_graph, out)
    return out


@pytest.fixture(scope="module")
def sample_graph() -> Graph:
    return load_graph(sample_output())


@pytest.fixture(scope="module")
def sample_export(tmp_path_factory, sample_graph) -> Path:
    out = tmp_path_factory.mktemp("sample-export")
    export(sample_graph, out)
    return out


def catalog(folder: Path) -> Graph:
    """Parse catalog.ttl the way a harvester does: relative URLs resolve against its location."""
    return Graph().parse(folder / "catalog.ttl", format="turtle")


def dataset_of(cat: Graph, report) -> URIRef:
    ds = URIRef(f"{report}/dataset")
    assert (ds, RDF.type, DCAT.Dataset) in cat
    return ds


# ---- the same graph three times ------------------------------------------------------------

@pytest.mark.parametrize("name,fmt", [("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld")])
def test_each_syntax_round_trips_to_the_same_graph(sample_export, sample_graph, name, fmt):
    again = Graph().parse(sample_export / name, format=fmt)
    assert len(again) == len(sample_graph)
    assert isomorphic(again, sample_graph)


def test_jsonld_has_a_compact_context(sample_export):
    import json

    data = json.loads((sample_export / "graph.jsonld").read_text(encoding="utf-8"))
    assert data["@context"]["gov"] == str(GOV._NS)
    labels = [k for node in data["@graph"] for k in node]
    assert "rdfs:label" in labels and "gov:mention" in labels  # terms compacted with the prefixes
    assert not any(k.startswith("http") for k in labels)


def test_export_is_byte_identical_when_repeated(tmp_path, fixture_graph):
    export(fixture_graph, tmp_path / "one")
    export(Graph().parse(FIXTURE), tmp_path / "two")
    for name in FILES:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


# ---- the catalog ---------------------------------------------------------------------------

def test_sample_catalog_conforms_to_dcat_ap(sample_export):
    conforms, _report, text = validate_catalog(catalog(sample_export))
    assert conforms, text


def test_fixture_catalog_conforms_to_dcat_ap(fixture_export):
    conforms, _report, text = validate_catalog(catalog(fixture_export))
    assert conforms, text


@pytest.mark.parametrize("drop", [
    (DCAT.Dataset, DCTERMS.description),   # mandatory in DCAT-AP
    (DCAT.Catalog, DCTERMS.publisher),     # mandatory
    (DCAT.Distribution, DCAT.accessURL),   # mandatory
])
def test_dcat_ap_check_catches_a_missing_mandatory_property(fixture_export, drop):
    cls, prop = drop
    cat = catalog(fixture_export)
    node = next(iter(cat.subjects(RDF.type, cls)))
    cat.remove((node, prop, None))
    conforms, _report, text = validate_catalog(cat)
    assert not conforms
    assert str(node).rsplit("/", 1)[-1] in text


def test_dcat_ap_check_catches_an_untyped_value(fixture_export):
    # DCAT-AP wants dct:publisher to be a foaf:Agent: the catalog must say so itself.
    cat = catalog(fixture_export)
    for agent in set(cat.objects(None, DCTERMS.publisher)):
        cat.remove((agent, RDF.type, FOAF.Agent))
    assert not validate_catalog(cat)[0]


def test_distributions_describe_the_files_exactly(fixture_export):
    cat = catalog(fixture_export)
    dists = set(cat.subjects(RDF.type, DCAT.Distribution))
    by_name = {str(cat.value(d, DCTERMS.title)): d for d in dists}
    assert set(by_name) == set(DISTRIBUTED)
    for name, d in by_name.items():
        data = (fixture_export / name).read_bytes()
        assert cat.value(d, DCAT.downloadURL) == URIRef((fixture_export / name).resolve().as_uri())
        assert cat.value(d, DCAT.accessURL) == cat.value(d, DCAT.downloadURL)
        size = cat.value(d, DCAT.byteSize)
        assert size.datatype == XSD.nonNegativeInteger and int(size) == len(data)
        checksum = cat.value(d, SPDX.checksum)
        assert cat.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(cat.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        assert cat.value(d, DCAT.mediaType) is not None
    assert str(cat.value(by_name["figures.csv"], DCAT.mediaType)).endswith("/text/csv")
    assert str(cat.value(by_name["graph.jsonld"], DCAT.mediaType)).endswith("/application/ld+json")


def test_download_urls_are_relative_in_the_file(fixture_export):
    text = (fixture_export / "catalog.ttl").read_text(encoding="utf-8")
    assert "<graph.ttl>" in text and "<figures.csv>" in text
    assert "invalid" not in text and "BASE" not in text and "@base" not in text


def test_base_url_makes_download_urls_absolute(tmp_path, fixture_graph):
    export(fixture_graph, tmp_path, base_url="https://data.example.org/govkg")
    cat = catalog(tmp_path)
    urls = {str(u) for u in cat.objects(None, DCAT.downloadURL)}
    assert urls == {f"https://data.example.org/govkg/{n}" for n in DISTRIBUTED}
    assert validate_catalog(cat)[0]


def test_one_dataset_per_report_with_its_metadata(fixture_export, fixture_graph):
    cat = catalog(fixture_export)
    reports = set(fixture_graph.subjects(RDF.type, GOV.Report))
    datasets = set(cat.subjects(RDF.type, DCAT.Dataset))
    assert datasets == {URIRef(f"{r}/dataset") for r in reports}
    cat_node = next(iter(cat.subjects(RDF.type, DCAT.Catalog)))
    assert set(cat.objects(cat_node, DCAT.dataset)) == datasets
    identifiers = set()
    for rep in reports:
        ds = dataset_of(cat, rep)
        titles = {t.language: str(t) for t in cat.objects(ds, DCTERMS.title)}
        assert titles["zh"] == str(fixture_graph.value(rep, DCTERMS.title))
        assert titles["en"].isascii() and re.search(r"[a-z]", titles["en"]) and str(
            fixture_graph.value(rep, GOV.reportYear)) in titles["en"]
        ident = str(cat.value(ds, DCTERMS.identifier))
        assert CKAN_NAME.match(ident), ident
        identifiers.add(ident)
        assert {d.language for d in cat.objects(ds, DCTERMS.description)} == {"zh", "en"}
        publisher = cat.value(ds, DCTERMS.publisher)
        assert str(cat.value(publisher, FOAF.name)) == str(fixture_graph.value(rep, GOV.issuingBody))
        assert cat.value(ds, DCTERMS.issued) == fixture_graph.value(rep, DCTERMS.issued)
        dates = sorted(d for p in (DCTERMS.issued, DCTERMS.created) for d in fixture_graph.objects(rep, p))
        assert cat.value(ds, DCTERMS.modified) == dates[-1]
        assert cat.value(ds, DCTERMS.spatial) == fixture_graph.value(rep, GOV.division)
        years = [int(str(y)) for p in (GOV.reviewYear, GOV.planYear, GOV.reportYear) for y in fixture_graph.objects(rep, p)]
        period = cat.value(ds, DCTERMS.temporal)
        assert int(str(cat.value(period, DCAT.startDate))) == min(years)
        assert int(str(cat.value(period, DCAT.endDate))) == max(years)
        assert str(cat.value(ds, DCTERMS.language)).endswith("/ZHO")
        assert cat.value(ds, DCTERMS.license) == URIRef(LICENSES["CC-BY-4.0"])
        keywords = {str(k) for k in cat.objects(ds, DCAT.keyword)}
        assert {"西红门镇", "大兴区", "北京市", "Xihongmen Town"} <= keywords
        assert len(set(cat.objects(ds, DCAT.distribution))) == len(DISTRIBUTED)
    assert len(identifiers) == len(reports)


def test_license_option_accepts_an_spdx_id_or_a_url(tmp_path, fixture_graph):
    export(fixture_graph, tmp_path / "a", license="CC0-1.0")
    assert set(catalog(tmp_path / "a").objects(None, DCTERMS.license)) == {URIRef(LICENSES["CC0-1.0"])}
    url = "https://www.gov.cn/licence"
    export(fixture_graph, tmp_path / "b", license=url)
    cat = catalog(tmp_path / "b")
    assert set(cat.objects(None, DCTERMS.license)) == {URIRef(url)}
    assert validate_catalog(cat)[0]
    with pytest.raises(ExportError):
        export(fixture_graph, tmp_path / "c", license="all rights reserved")
    assert not (tmp_path / "c").exists()


def test_catalog_publisher_option(tmp_path, fixture_graph):
    export(fixture_graph, tmp_path, publisher="大兴区数据局")
    cat = catalog(tmp_path)
    cat_node = next(iter(cat.subjects(RDF.type, DCAT.Catalog)))
    assert str(cat.value(cat.value(cat_node, DCTERMS.publisher), FOAF.name)) == "大兴区数据局"


# ---- VoID ----------------------------------------------------------------------------------

def test_void_statistics_match_the_graph(sample_export, sample_graph):
    cat = catalog(sample_export)
    whole = next(s for s in cat.subjects(RDF.type, VOID.Dataset) if (s, RDF.type, DCAT.Dataset) not in cat)
    assert int(cat.value(whole, VOID.triples)) == len(sample_graph)
    classes = {cat.value(p, VOID["class"]): int(cat.value(p, VOID.entities)) for p in cat.objects(whole, VOID.classPartition)}
    expected = {}
    for s, c in sample_graph.subject_objects(RDF.type):
        expected.setdefault(c, set()).add(s)
    assert classes == {c: len(s) for c, s in expected.items()}
    props = {cat.value(p, VOID.property): int(cat.value(p, VOID.triples)) for p in cat.objects(whole, VOID.propertyPartition)}
    assert props[RDF.type] == len(list(sample_graph.triples((None, RDF.type, None))))
    assert sum(props.values()) == len(sample_graph)
    dumps = {str(u).rsplit("/", 1)[-1] for u in cat.objects(whole, VOID.dataDump)}
    assert dumps == {"graph.ttl", "graph.nt", "graph.jsonld"}
    assert int(cat.value(whole, VOID.entities)) == len(
        {s for s in sample_graph.subjects() if str(s).startswith("https://w3id.org/govkg/id/")})


def test_each_report_dataset_counts_its_own_part(fixture_export, fixture_graph):
    cat = catalog(fixture_export)
    parts = split_by_report(fixture_graph)
    for rep in (REP_A, REP_B):
        assert int(cat.value(dataset_of(cat, rep), VOID.triples)) == len(parts[rep])


# ---- figures.csv ---------------------------------------------------------------------------

def read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_figures_csv_has_one_row_per_figure_with_its_values(sample_export, sample_graph):
    rows = read_csv(sample_export / "figures.csv")
    figures = set(sample_graph.subjects(RDF.type, GOV.IndicatorObservation)) | set(
        sample_graph.subjects(RDF.type, GOV.Target))
    assert {URIRef(r["figure"]) for r in rows} == figures and len(rows) == len(figures)
    for r in rows:
        f = URIRef(r["figure"])
        assert r["indicator"] == str(sample_graph.value(f, RDFS.label))
        assert r["value"] == str(sample_graph.value(f, RDF.value))
        assert r["unit"] == str(sample_graph.value(f, GOV.unit))
        assert r["year"] == str(sample_graph.value(f, GOV.year) or "")
        assert r["status"] == ("target" if sample_graph.value(f, GOV.isTarget).toPython() else "actual")
        sentence = sample_graph.value(sample_graph.value(f, GOV.mention), GOV.inSentence)
        assert r["source_sentence"] == str(sample_graph.value(sentence, GOV.text))
        mention_text = str(sample_graph.value(sample_graph.value(f, GOV.mention), GOV.text))
        assert mention_text in r["source_sentence"]


def test_figures_csv_rows_follow_the_text(fixture_export):
    rows = read_csv(fixture_export / "figures.csv")
    assert list(rows[0]) == ["indicator", "subject", "year", "status", "value", "unit", "approximate", "change",
                             "source_sentence", "report", "figure"]
    names = [r["figure"].rsplit("/", 1)[-1] for r in rows]
    assert names == ["f1", "f2", "f3", "g1", "g2"]  # report A then B, each in text order
    f2, f3, g2 = rows[1], rows[2], rows[4]
    assert (f2["status"], f2["change"], f2["subject"]) == ("target", "+4%", "西红门镇")
    assert f3["approximate"] == "约"
    assert g2["year"] == "" and g2["subject"] == "团河南村"


def test_figure_rows_are_excel_safe_text(fixture_graph):
    for row in figure_rows(fixture_graph):
        assert all(isinstance(v, str) for v in row.values())


# ---- splitting per report ------------------------------------------------------------------

def test_split_parts_union_to_the_graph(fixture_graph, sample_graph):
    for g in (fixture_graph, sample_graph):
        union = Graph()
        for part in split_by_report(g).values():
            union += part
        assert isomorphic(union, g)


def test_split_parts_are_self_contained(fixture_graph, sample_graph):
    for g in (fixture_graph, sample_graph):
        subjects = set(g.subjects())
        for rep, part in split_by_report(g).items():
            if rep is None:
                continue
            for o in set(part.objects()):
                if o in subjects:
                    assert (o, RDF.type, None) in part or (o, None, None) in part, (rep, o)
                    for t in g.triples((o, RDF.type, None)):
                        assert t in part


def test_split_assigns_shared_entities_and_mentions(fixture_graph):
    parts = split_by_report(fixture_graph)
    village = URIRef("https://w3id.org/govkg/id/village/v1")
    mention_b = URIRef(f"{REP_B}/mention/3-7")
    for rep in (REP_A, REP_B):
        assert (village, RDFS.label, Literal("团河南村", lang="zh")) in parts[rep]
    assert (village, GOV.mention, mention_b) in parts[REP_B]
    assert (village, GOV.mention, mention_b) not in parts[REP_A]
    # the road is only mentioned in B; A reaches it through the village's gov:alongRoad, so both hold it
    road = URIRef("https://w3id.org/govkg/id/road/r1")
    assert (road, RDFS.label, None) in parts[REP_A] and (road, RDFS.label, None) in parts[REP_B]
    assert not any(str(s).startswith(f"{REP_B}/") for s in parts[REP_A].subjects())
    policy = URIRef("https://w3id.org/govkg/id/policy/p1")
    assert (policy, SKOS.definition, None) in parts[REP_A] and (policy, None, None) not in parts[REP_B]
    orphan = URIRef("https://w3id.org/govkg/id/organization/o1")
    assert set(parts[None].subjects()) == {orphan}


# ---- names ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name,slug,english", [
    ("西红门镇", "xihongmen", "Xihongmen Town"), ("大兴区", "daxing", "Daxing District"),
    ("北京市", "beijing", "Beijing City"), ("新华街道", "xinhua", "Xinhua Subdistrict"),
    ("寿保庄", "shoubaozhuang", "Shoubaozhuang"), ("镇", "zhen", "Zhen"),
])
def test_romanise_division_names(name, slug, english):
    assert romanise(name) == (slug, english)


def test_identifier_and_english_title_are_ascii_and_stable():
    chain = ["北京市", "大兴区", "西红门镇"]
    assert report_identifier(chain, 2021, "029c2e3996f02cea") == "beijing-daxing-xihongmen-2021-029c2e39"
    assert report_identifier([], None, "abcdef0123456789") == "report-abcdef01"
    title = english_title("北京市大兴区西红门镇政府工作报告", chain, 2021, "k")
    assert title == "Government Work Report 2021, Xihongmen Town, Daxing District, Beijing City"
    assert english_title("", [], None, "k1") == "Government Work Report (k1)"
    assert english_title("关于财政预算的报告", [], 2020, "k").isascii()


# ---- the command ---------------------------------------------------------------------------

def test_cli_export_writes_every_file(tmp_path, capsys):
    assert cli.main(["export", str(FIXTURE), "-o", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(FILES + (".htaccess",))
    assert ".htaccess" not in (tmp_path / "out" / "catalog.ttl").read_text(encoding="utf-8")
    assert b"[R=303,L]" in (tmp_path / "out" / ".htaccess").read_bytes()
    out = capsys.readouterr().out
    assert "3 of 5 figures" in out


@pytest.mark.parametrize("args,code", [
    (["--base-url", "data.example.org/x"], 2),
    (["--license", "no licence"], 2),
])
def test_cli_export_rejects_bad_options_without_writing(tmp_path, capsys, args, code):
    assert cli.main(["export", str(FIXTURE), "-o", str(tmp_path / "out"), *args]) == code
    assert not (tmp_path / "out").exists()
    err = capsys.readouterr().err
    assert err.startswith("govkg: error:") and err.count("\n") == 1


def test_cli_export_of_a_graph_without_reports_fails_and_writes_nothing(tmp_path, capsys):
    src = tmp_path / "no-report.ttl"
    src.write_text('<https://w3id.org/govkg/id/village/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n')
    assert cli.main(["export", str(src), "-o", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()
    assert "gov:Report" in capsys.readouterr().err


def test_cli_export_of_a_missing_source(tmp_path, capsys):
    assert cli.main(["export", str(tmp_path / "nope.ttl"), "-o", str(tmp_path / "out")]) == 1
    assert "no such file" in capsys.readouterr().err
