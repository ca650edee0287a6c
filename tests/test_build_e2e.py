"""End to end: the sample report through the whole pipeline, scored against the gold annotation."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import rdflib
from rdflib import RDF

from govkg.rdf.namespace import GOV
from support import GOLD, SCORER, sample_output, sample_resolved

ENTITY_TYPES = ["AdministrativeDivision", "Village", "Community", "Road", "Waterway", "LandParcel", "Project",
                "Facility", "Organization", "Policy", "Person", "Event"]


@pytest.fixture(scope="module")
def graph():
    g = rdflib.Graph()
    g.parse(sample_output() / "graph.ttl")
    return g


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not beside the project")
def test_sample_scores_meet_the_acceptance_thresholds():
    out = subprocess.run([sys.executable, str(SCORER), str(sample_output() / "graph.ttl"), str(GOLD), "--json"],
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert result["entities"]["f1"] >= 0.75, result["entities"]
    assert result["core4"]["f1"] >= 0.75, result["core4"]
    assert result["indicators"]["f1"] >= 0.70, result["indicators"]
    assert result["indicators"]["kind_accuracy"] >= 0.9, result["indicators"]


@pytest.mark.slow
def test_same_input_gives_byte_identical_turtle(tmp_path):
    """Two builds in fresh interpreters with different hash seeds write the same bytes."""
    outs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"o{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "govkg.cli", "build", "-o", str(out), "-q"], env=env, check=True,
                       capture_output=True)
        outs.append((out / "graph.ttl").read_bytes())
    assert outs[0] == outs[1]
    assert outs[0] == (sample_output() / "graph.ttl").read_bytes()


def test_every_mention_offset_points_at_its_surface_form(graph):
    """text[start:end] equals the surface form, checked through the sentence text in the graph."""
    res, _ = sample_resolved()
    text = res.report.text
    checked = 0
    for m in graph.subjects(RDF.type, GOV.Mention):
        start, end = int(graph.value(m, GOV.start)), int(graph.value(m, GOV.end))
        surface = str(graph.value(m, GOV.text))
        assert text[start:end] == surface, (m, surface)
        sent = graph.value(m, GOV.inSentence)
        s0 = int(graph.value(sent, GOV.start))
        assert str(graph.value(sent, GOV.text))[start - s0:end - s0] == surface
        checked += 1
    assert checked == len(set(graph.subjects(RDF.type, GOV.Mention))) > 0


def test_every_entity_has_a_zh_label_and_a_mention_in_a_section(graph):
    for t in ENTITY_TYPES:
        for e in graph.subjects(RDF.type, GOV[t]):
            labels = list(graph.objects(e, rdflib.RDFS.label))
            assert len(labels) == 1 and labels[0].language == "zh", e
            mentions = list(graph.objects(e, GOV.mention))
            assert mentions, e
            # a mention's section is its sentence's
            assert all(graph.value(graph.value(m, GOV.inSentence), GOV.inSection) is not None for m in mentions), e


def test_report_metadata_and_structure_are_in_the_graph(graph):
    rep = next(graph.subjects(RDF.type, GOV.Report))
    assert str(graph.value(rep, GOV.reviewYear)) == "2020"
    assert str(graph.value(rep, GOV.planYear)) == "2021"
    division = graph.value(rep, GOV.division)
    assert str(graph.value(division, rdflib.RDFS.label)) == "西红门镇"
    # the division chain: town within district within city
    district = graph.value(division, GOV.withinDivision)
    city = graph.value(district, GOV.withinDivision)
    assert (str(graph.value(district, rdflib.RDFS.label)), str(graph.value(city, rdflib.RDFS.label))) == ("大兴区", "北京市")
    speaker = graph.value(rep, GOV.speaker)
    assert str(graph.value(speaker, rdflib.RDFS.label)) == "赵传富"
    assert str(graph.value(rep, rdflib.namespace.DCTERMS.issued)) == "2021-03-16"
    kinds = {str(graph.value(s, GOV.sectionKind)) for s in graph.subjects(RDF.type, GOV.Section)}
    assert {"review", "plan", "glossary"} <= kinds


def test_glossary_terms_are_policies_with_definitions(graph):
    res, _ = sample_resolved()
    for entry in res.report.glossary:
        policy = res.find("Policy", entry.term)
        assert policy is not None, entry.term
        assert policy.definition == entry.definition


def test_villages_and_communities_lie_within_the_town(graph):
    town = next(graph.objects(next(graph.subjects(RDF.type, GOV.Report)), GOV.division))
    for t in (GOV.Village, GOV.Community):
        for e in graph.subjects(RDF.type, t):
            assert graph.value(e, GOV.withinDivision) == town


def test_build_provenance_names_the_software_version(graph):
    from govkg import __version__

    rep = next(graph.subjects(RDF.type, GOV.Report))
    activity = graph.value(rep, rdflib.namespace.PROV.wasGeneratedBy)
    agent = graph.value(activity, rdflib.namespace.PROV.wasAssociatedWith)
    assert __version__ in str(graph.value(agent, rdflib.RDFS.label))
