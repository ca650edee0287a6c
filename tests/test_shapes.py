"""SHACL shapes (ontology/shapes.ttl) accept what mapping writes and name what is broken."""
from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from govkg.rdf.namespace import DATA_BASE, GOV
from govkg.resources import ontology_file
from govkg import cli
from govkg.publish.validate import format_report, validate_graph

SH = Namespace("http://www.w3.org/ns/shacl#")
XSD_NS = Namespace("http://www.w3.org/2001/XMLSchema#")
ID = Namespace(DATA_BASE)
REP = ID["report/r1"]
SEC1, SEC11 = URIRef(f"{REP}/section/1"), URIRef(f"{REP}/section/1.1")
SENT = URIRef(f"{REP}/sentence/0")
VILLAGE, TOWN = ID["village/v1"], ID["administrativedivision/t1"]
PROJECT, ROAD, PARCEL, POLICY = ID["project/p1"], ID["road/r1"], ID["landparcel/l1"], ID["policy/c1"]
FIGURE, TARGET = URIRef(f"{REP}/figure/f1"), URIRef(f"{REP}/figure/f2")
#                 0         1         2         3
#                 0123456789012345678901234567890123456789
SENTENCE_TEXT = "团河南村位于西红门镇，团河路B2地块项目落实河长制，财政收入完成3.6亿元。"


def mention_iri(start: int, end: int) -> URIRef:
    """Return the IRI mapping gives the mention of text[start:end]."""
    return URIRef(f"{REP}/mention/{start}-{end}")


def valid_graph() -> Graph:
    """Build a small graph shaped like mapping.py output: every class, relation and figure kind."""
    g = Graph()

    def add(s, *pairs):
        for p, o in zip(pairs[::2], pairs[1::2]):
            g.add((s, p, o))

    def mention(start: int, end: int, rule: str) -> URIRef:
        m = mention_iri(start, end)
        add(m, RDF.type, GOV.Mention, GOV.text, Literal(SENTENCE_TEXT[start:end]), GOV.start, Literal(start),
            GOV.end, Literal(end), GOV.inSentence, SENT, GOV.rule, Literal(rule))
        return m

    def entity(iri: URIRef, cls: URIRef, name: str, rule: str) -> None:
        start = SENTENCE_TEXT.index(name)
        add(iri, RDF.type, cls, RDFS.label, Literal(name, lang="zh"),
            GOV.mention, mention(start, start + len(name), rule))

    add(REP, RDF.type, GOV.Report, DCTERMS.title, Literal("2021年西红门镇政府工作报告", lang="zh"),
        RDFS.label, Literal("2021年西红门镇政府工作报告", lang="zh"), GOV.sourceFile, Literal("report.txt"),
        GOV.contentHash, Literal("0123456789abcdef" * 4), GOV.reportYear, Literal("2021", datatype=XSD_NS.gYear),
        GOV.reviewYear, Literal("2020", datatype=XSD_NS.gYear), GOV.division, TOWN,
        GOV.meeting, Literal("西红门镇第十七届人民代表大会第五次会议", lang="zh"),
        DCTERMS.issued, Literal("2021-02-01", datatype=XSD_NS.date))
    add(SEC1, RDF.type, GOV.Section, GOV.inReport, REP, RDFS.label, Literal("2020年工作回顾", lang="zh"),
        GOV.sectionNumber, Literal("一"), GOV.level, Literal(1), GOV.sectionKind, Literal("review"),
        GOV.start, Literal(0), GOV.end, Literal(200), GOV.year, Literal("2020", datatype=XSD_NS.gYear))
    add(SEC11, RDF.type, GOV.Section, GOV.inReport, REP, RDFS.label, Literal("经济发展", lang="zh"),
        GOV.sectionNumber, Literal("(一)"), GOV.level, Literal(2), GOV.sectionKind, Literal("review"),
        GOV.start, Literal(0), GOV.end, Literal(100), GOV.parentSection, SEC1)
    add(SENT, RDF.type, GOV.Sentence, GOV.text, Literal(SENTENCE_TEXT, lang="zh"), GOV.start, Literal(0),
        GOV.end, Literal(len(SENTENCE_TEXT)), GOV.inReport, REP, GOV.inSection, SEC11)
    entity(VILLAGE, GOV.Village, "团河南村", "village_suffix")
    entity(TOWN, GOV.AdministrativeDivision, "西红门镇", "division_suffix")
    entity(ROAD, GOV.Road, "团河路", "road_suffix")
    entity(PARCEL, GOV.LandParcel, "B2地块", "parcel_code")
    entity(PROJECT, GOV.Project, "团河路B2地块项目", "project_suffix")
    entity(POLICY, GOV.Policy, "河长制", "policy_lexicon")
    add(VILLAGE, GOV.withinDivision, TOWN, SKOS.altLabel, Literal("团河南", lang="zh"))
    add(PROJECT, GOV.onParcel, PARCEL, GOV.alongRoad, ROAD)
    add(POLICY, SKOS.definition, Literal("由各级党政负责人担任河长的制度。", lang="zh"), GOV.definedIn, REP)
    start = SENTENCE_TEXT.index("财政收入")
    fig = mention(start, SENTENCE_TEXT.index("。"), "figure")
    add(FIGURE, RDF.type, GOV.IndicatorObservation, RDFS.label, Literal("财政收入", lang="zh"),
        RDF.value, Literal(Decimal("3.6")), GOV.unit, Literal("亿元"), GOV.year, Literal("2020", datatype=XSD_NS.gYear),
        GOV.isTarget, Literal(False), GOV.change, Literal("+4.8%"), GOV.changeValue, Literal(Decimal("4.8")),
        GOV.changeUnit, Literal("%"), GOV.about, VILLAGE, GOV.mention, fig, GOV.inReport, REP)
    add(TARGET, RDF.type, GOV.Target, RDFS.label, Literal("财政收入", lang="zh"), RDF.value, Literal(Decimal("4")),
        GOV.unit, Literal("%"), GOV.year, Literal("2021", datatype=XSD_NS.gYear), GOV.isTarget, Literal(True),
        GOV.approximate, Literal("约", lang="zh"), GOV.about, TOWN, GOV.mention, fig, GOV.inReport, REP)
    return g


def results(report: Graph) -> list[dict]:
    """Return the validation results of a SHACL report as plain dicts."""
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        out.append({
            "focus": report.value(r, SH.focusNode), "path": report.value(r, SH.resultPath),
            "value": report.value(r, SH.value), "component": report.value(r, SH.sourceConstraintComponent),
            "severity": report.value(r, SH.resultSeverity),
            "messages": {str(m) for m in report.objects(r, SH.resultMessage)},
        })
    return out


def problems(g: Graph) -> tuple[list[dict], str]:
    """Validate ``g``, assert it does not conform, and return its results and report text."""
    conforms, report, text = validate_graph(g)
    assert conforms is False, text
    return results(report), text


def has(found: list[dict], **want) -> bool:
    """Tell whether some result matches every given field."""
    return any(all(r[k] == v for k, v in want.items()) for r in found)


# --- the valid graph --------------------------------------------------------------------------

def test_valid_graph_conforms():
    conforms, report, text = validate_graph(valid_graph())
    assert results(report) == []
    assert conforms is True
    assert text == "Conforms: no violations."


def test_validation_leaves_the_data_graph_untouched():
    g = valid_graph()
    before = set(g)
    validate_graph(g)
    assert set(g) == before


def test_subclass_instances_satisfy_a_superclass_constraint():
    # gov:about has sh:class gov:Entity and FIGURE is about a gov:Village: only the ontology says so
    g = valid_graph()
    assert (VILLAGE, RDF.type, GOV.Entity) not in g
    assert validate_graph(g)[0] is True
    g.set((FIGURE, GOV.about, mention_iri(0, 4)))
    found, _ = problems(g)
    assert has(found, focus=FIGURE, path=GOV.about, component=SH.ClassConstraintComponent, value=mention_iri(0, 4))


# --- broken variants: each names its problem ---------------------------------------------------

def test_entity_without_label_is_reported():
    g = valid_graph()
    g.remove((VILLAGE, RDFS.label, None))
    found, text = problems(g)
    assert has(found, focus=VILLAGE, path=RDFS.label, component=SH.QualifiedMinCountConstraintComponent)
    assert "id:village/v1 rdfs:label: An entity needs an rdfs:label in Chinese" in text


@pytest.mark.parametrize("label", [Literal("团河南村"), Literal("Tuanhe South Village", lang="en")],
                         ids=["plain", "english"])
def test_label_without_zh_is_reported(label):
    g = valid_graph()
    g.set((VILLAGE, RDFS.label, label))
    found, _ = problems(g)
    assert has(found, focus=VILLAGE, path=RDFS.label, component=SH.QualifiedMinCountConstraintComponent)
    if label.language is None:
        assert has(found, focus=VILLAGE, path=RDFS.label, component=SH.DatatypeConstraintComponent, value=label)


def test_english_label_beside_the_chinese_one_is_fine():
    g = valid_graph()
    g.add((VILLAGE, RDFS.label, Literal("Tuanhe South Village", lang="en")))
    assert validate_graph(g)[0] is True
    g.add((VILLAGE, RDFS.label, Literal("团河南村村委会", lang="zh")))
    found, _ = problems(g)
    assert has(found, focus=VILLAGE, path=RDFS.label, component=SH.UniqueLangConstraintComponent)


@pytest.mark.parametrize("start, end", [(4, 4), (5, 4)])
def test_mention_whose_start_is_not_before_end_is_reported(start, end):
    g = valid_graph()
    m = mention_iri(0, 4)
    g.set((m, GOV.start, Literal(start)))
    g.set((m, GOV.end, Literal(end)))
    found, text = problems(g)
    assert has(found, focus=m, component=SH.SPARQLConstraintComponent)
    assert f"start {start} is not before end {end}" in text


def test_mention_text_that_does_not_fit_its_span_is_reported():
    g = valid_graph()
    m = mention_iri(0, 4)
    g.set((m, GOV.text, Literal("团河南")))
    found, text = problems(g)
    assert has(found, focus=m, component=SH.SPARQLConstraintComponent, value=Literal("团河南"))
    assert "has 3 characters but its span 0-4" in text


def test_mention_outside_its_sentence_is_reported():
    g = valid_graph()
    m = mention_iri(0, 4)
    g.set((SENT, GOV.start, Literal(2)))
    found, text = problems(g)
    assert has(found, focus=m, component=SH.SPARQLConstraintComponent)
    assert "lies outside its sentence" in text


def test_mention_without_a_sentence_is_reported():
    # a mention's report and section are its sentence's: without one it belongs to no report
    g = valid_graph()
    m = mention_iri(0, 4)
    g.remove((m, GOV.inSentence, None))
    found, _ = problems(g)
    assert has(found, focus=m, path=GOV.inSentence, component=SH.MinCountConstraintComponent)


def test_observation_with_string_value_is_reported():
    g = valid_graph()
    g.set((FIGURE, RDF.value, Literal("3.6")))
    found, _ = problems(g)
    assert has(found, focus=FIGURE, path=RDF.value, component=SH.DatatypeConstraintComponent, value=Literal("3.6"))


def test_on_parcel_pointing_to_a_road_is_reported():
    g = valid_graph()
    g.set((PROJECT, GOV.onParcel, ROAD))
    found, text = problems(g)
    assert has(found, focus=PROJECT, path=GOV.onParcel, component=SH.ClassConstraintComponent, value=ROAD)
    assert "gov:onParcel must point to a gov:LandParcel" in text


def test_on_parcel_from_a_village_breaks_the_domain():
    g = valid_graph()
    g.add((VILLAGE, GOV.onParcel, PARCEL))
    found, _ = problems(g)
    assert has(found, focus=VILLAGE, component=SH.OrConstraintComponent)


def test_target_flag_must_match_the_class():
    g = valid_graph()
    g.set((FIGURE, GOV.isTarget, Literal(True)))
    g.set((TARGET, GOV.isTarget, Literal(False)))
    found, _ = problems(g)
    assert has(found, focus=FIGURE, component=SH.SPARQLConstraintComponent)
    assert has(found, focus=TARGET, path=GOV.isTarget, component=SH.HasValueConstraintComponent)


def test_target_is_checked_as_an_observation():
    g = valid_graph()
    g.remove((TARGET, GOV.unit, None))
    found, _ = problems(g)
    assert has(found, focus=TARGET, path=GOV.unit, component=SH.MinCountConstraintComponent)


def test_report_content_hash_must_be_sha256_hex():
    g = valid_graph()
    g.set((REP, GOV.contentHash, Literal("not-a-hash")))
    found, _ = problems(g)
    assert has(found, focus=REP, path=GOV.contentHash, component=SH.PatternConstraintComponent)


def test_policy_definition_needs_its_report():
    g = valid_graph()
    g.remove((POLICY, GOV.definedIn, None))
    found, _ = problems(g)
    assert has(found, focus=POLICY, component=SH.SPARQLConstraintComponent)


def test_unknown_section_kind_is_reported():
    g = valid_graph()
    g.set((SEC1, GOV.sectionKind, Literal("intro")))
    found, _ = problems(g)
    assert has(found, focus=SEC1, path=GOV.sectionKind, component=SH.InConstraintComponent)


def test_two_definitions_in_one_language_warn_but_conform():
    g = valid_graph()
    g.add((POLICY, SKOS.definition, Literal("另一种说法。", lang="zh")))
    conforms, report, text = validate_graph(g)
    assert conforms is True
    assert has(results(report), focus=POLICY, path=SKOS.definition, severity=SH.Warning)
    assert text.startswith("1 warning:")


# --- the readable report ------------------------------------------------------------------------

def test_format_report_lines_name_severity_node_path_and_message():
    g = valid_graph()
    g.set((FIGURE, RDF.value, Literal("3.6")))
    g.remove((VILLAGE, RDFS.label, None))
    _, report, text = validate_graph(g)
    lines = text.splitlines()
    assert lines[0] == "2 violations:"
    assert ('Violation: id:report/r1/figure/f1 (财政收入) rdf:value: An observation has exactly one rdf:value, '
            'an xsd:decimal. [value: "3.6"]') in lines
    zh = format_report(report, g, lang="zh")
    assert "实体必须有中文名称" in zh and "An entity needs" not in zh


# --- govkg validate -----------------------------------------------------------------------------

def run_cli(*argv: str) -> int:
    """Run ``govkg validate``; return the exit code."""
    return cli.main(["validate", *argv])


def test_cli_exit_codes(tmp_path, capsys):
    good, bad = tmp_path / "good.ttl", tmp_path / "out"
    valid_graph().serialize(good, format="turtle")
    broken = valid_graph()
    broken.set((PROJECT, GOV.onParcel, ROAD))
    bad.mkdir()
    broken.serialize(bad / "graph.ttl", format="turtle")
    assert run_cli(str(good)) == 0
    assert "Conforms" in capsys.readouterr().out
    assert run_cli(str(bad)) == 1  # an output folder: its graph.ttl is read
    assert "gov:onParcel must point to a gov:LandParcel" in capsys.readouterr().out
    assert run_cli(str(tmp_path / "missing.ttl")) == 2
    assert capsys.readouterr().err.startswith("govkg: error: ")
    (tmp_path / "broken.ttl").write_text("this is not turtle <", encoding="utf-8")
    assert run_cli(str(tmp_path / "broken.ttl")) == 2
    err = capsys.readouterr().err
    assert err.startswith("govkg: error: ") and len(err.strip().splitlines()) == 1


# --- the bundled sample -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_graph() -> Graph:
    """Build the bundled sample report with the pipeline's Python API."""
    from govkg.pipeline import build_report
    from govkg.resources import sample_report

    return build_report(sample_report())[1]


def test_sample_graph_conforms(sample_graph):
    conforms, _, text = validate_graph(sample_graph)
    assert conforms is True, text
    assert (None, RDF.type, GOV.Mention) in sample_graph


def _classes_of(node, data: Graph, ont: Graph) -> set:
    """Return the classes of a node: its types and their superclasses in the ontology."""
    todo, seen = list(data.objects(node, RDF.type)), set()
    while todo:
        c = todo.pop()
        if c not in seen:
            seen.add(c)
            todo.extend(ont.objects(c, RDFS.subClassOf))
    return seen


def test_sample_graph_makes_the_ontology_domains_and_ranges_true(sample_graph):
    ont = Graph().parse(ontology_file("govkg.ttl"), format="turtle")
    wrong = []
    for prop in set(sample_graph.predicates()):
        for axiom in (RDFS.domain, RDFS.range):
            bound = ont.value(prop, axiom)
            if bound is None or (prop, RDF.type, OWL.DatatypeProperty) in ont and axiom == RDFS.range:
                continue
            allowed = set(ont.items(ont.value(bound, OWL.unionOf))) if isinstance(bound, BNode) else {bound}
            for s, o in sample_graph.subject_objects(prop):
                node = s if axiom == RDFS.domain else o
                if not allowed & _classes_of(node, sample_graph, ont):
                    wrong.append((ont.qname(prop), str(axiom), str(node)))
    assert wrong == []
