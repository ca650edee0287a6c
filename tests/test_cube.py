"""The figures as a W3C RDF Data Cube: cube.ttl passes the spec's integrity constraints IC-1 ... IC-21.

The constraints are the spec's own SPARQL ASK queries (tests/data/qb/integrity-constraints.rq),
run with Oxigraph on the normalized graph (normalize.ru, the spec's normalization algorithm).
Each query is also shown to fire on a cube broken the way it forbids, so a pass means something.
"""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from govkg.publish.cube import cube_graph, indicator_concept
from govkg.publish.export import export
from govkg.rdf.namespace import GOV
from govkg.resources import ontology_file
from govkg.store import load_graph
from support import DATA, sample_output

pytestmark = pytest.mark.slow  # builds and exports the sample: deselect with -m "not slow"

QB = Namespace("http://purl.org/linked-data/cube#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
CUBE = Namespace("https://w3id.org/govkg/cube#")
QB_DATA = DATA / "qb"
FIXTURE = DATA / "export" / "two-reports.ttl"
REP_A = "https://w3id.org/govkg/id/report/aaaa"
REP_B = "https://w3id.org/govkg/id/report/bbbb"


def load_constraints() -> tuple[str, list[tuple[str, str]], dict[str, str]]:
    """Return (PREFIX lines, [(name, ASK query)], {IC number: parameters SELECT}) from the .rq file."""
    text = (QB_DATA / "integrity-constraints.rq").read_text(encoding="utf-8")
    head, *blocks = re.split(r"^#### ", text, flags=re.M)
    prefixes = "\n".join(line for line in head.splitlines() if line.startswith("PREFIX"))
    asks, params = [], {}
    for b in blocks:
        name, body = b.splitlines()[0].strip(), "\n".join(b.splitlines()[1:])
        if name.endswith(" parameters"):
            params[name.split()[0]] = body
        else:
            asks.append((name, body))
    return prefixes, asks, params


PREFIXES, CONSTRAINTS, PARAMETERS = load_constraints()


def to_store(g: Graph) -> ox.Store:
    store = ox.Store()
    store.load(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def normalize(store: ox.Store) -> None:
    """Run the spec's normalization algorithm (phase 1, then phase 2) in place."""
    text = (QB_DATA / "normalize.ru").read_text(encoding="utf-8")
    head, phase1, phase2 = re.split(r"^#### Phase \d\n", text, flags=re.M)
    prefixes = "\n".join(line for line in head.splitlines() if line.startswith("PREFIX"))
    for phase in (phase1, phase2):
        store.update(prefixes + "\n" + phase)


def violated(store: ox.Store) -> list[str]:
    """Return the names of the integrity constraints the store's graph violates."""
    out = []
    for name, query in CONSTRAINTS:
        if "<$p>" in query:  # IC-20, IC-21: a template, run once per parent-child property
            props = [row["p"] for row in store.query(PREFIXES + "\n" + PARAMETERS[name.split(".")[0]])]
            if any(bool(store.query(PREFIXES + "\n" + query.replace("<$p>", str(p)))) for p in props):
                out.append(name)
        elif bool(store.query(PREFIXES + "\n" + query)):
            out.append(name)
    return out


def check(g: Graph) -> list[str]:
    store = to_store(g)
    normalize(store)
    return violated(store)


@pytest.fixture(scope="module")
def sample_graph() -> Graph:
    return load_graph(sample_output())


@pytest.fixture(scope="module")
def sample_export(tmp_path_factory, sample_graph) -> Path:
    out = tmp_path_factory.mktemp("cube-export")
    export(sample_graph, out)
    return out


@pytest.fixture()
def fixture_cube() -> Graph:
    return cube_graph(Graph().parse(FIXTURE))[0]


# ---- the queries file ----------------------------------------------------------------------

def test_the_file_holds_all_21_constraints():
    numbers = sorted({int(re.match(r"IC-(\d+)\.", name).group(1)) for name, _ in CONSTRAINTS})
    assert numbers == list(range(1, 22))
    assert all(q.lstrip().startswith("ASK") for _, q in CONSTRAINTS)
    assert sorted(PARAMETERS) == ["IC-20", "IC-21"]


# ---- the export passes ---------------------------------------------------------------------

def test_exported_cube_passes_every_constraint(sample_export):
    store = ox.Store()
    store.bulk_load(path=str(sample_export / "cube.ttl"), format=ox.RdfFormat.TURTLE)
    assert violated(store) == []  # as written
    before = len(store)
    normalize(store)
    assert len(store) == before  # the cube is written in normalized form already
    assert violated(store) == []


def test_graph_and_cube_together_pass(sample_export):
    # graph.ttl types figures gov:IndicatorObservation (a subclass of qb:Observation in the
    # ontology); the ICs match explicit qb:Observation only. graph.ttl has none of its own, and
    # merged with cube.ttl (same IRIs for the figures) the constraints still hold.
    store = ox.Store()
    store.bulk_load(path=str(sample_export / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    assert not bool(store.query(f"ASK {{ ?o a <{QB.Observation}> }}"))
    assert violated(store) == []
    store.bulk_load(path=str(sample_export / "cube.ttl"), format=ox.RdfFormat.TURTLE)
    normalize(store)
    assert violated(store) == []


def test_every_placeable_figure_is_an_observation_that_mirrors_it(sample_export, sample_graph):
    cube = Graph().parse(sample_export / "cube.ttl")
    observations = set(cube.subjects(RDF.type, QB.Observation))
    figures = set(sample_graph.subjects(RDF.type, GOV.IndicatorObservation)) | set(
        sample_graph.subjects(RDF.type, GOV.Target))
    assert observations <= figures
    cells = {}
    for f in figures:
        year, about = sample_graph.value(f, GOV.year), sample_graph.value(f, GOV.about)
        if year is not None and about is not None:
            national = sample_graph.value(f, GOV.indicator)  # the national concept, where the figure has one
            key = str(national) if national is not None else str(sample_graph.value(f, RDFS.label))
            cells.setdefault((about, str(year), key), []).append(f)
    assert len(observations) == len(cells)  # one observation per distinct cell
    for obs in observations:
        assert cube.value(obs, CUBE.refPeriod) == Literal(str(sample_graph.value(obs, GOV.year)), datatype=XSD.gYear)
        assert cube.value(obs, CUBE.refArea) == sample_graph.value(obs, GOV.about)
        assert cube.value(obs, CUBE.value).toPython() == sample_graph.value(obs, RDF.value).toPython()
        assert str(cube.value(obs, CUBE.unit)) == str(sample_graph.value(obs, GOV.unit))
        is_target = sample_graph.value(obs, GOV.isTarget).toPython()
        assert cube.value(obs, CUBE.status) == (CUBE.target if is_target else CUBE.actual)
        concept = cube.value(obs, CUBE.indicator)
        national = sample_graph.value(obs, GOV.indicator)
        if national is None:
            assert cube.value(concept, SKOS.prefLabel) == sample_graph.value(obs, RDFS.label)
        else:  # a national indicator: the scheme's concept with its labels
            assert concept == national
            assert set(cube.objects(concept, SKOS.prefLabel)) == set(sample_graph.objects(national, SKOS.prefLabel))
        assert (concept, SKOS.inScheme, CUBE.indicators) in cube


def test_fixture_cube_keeps_the_first_figure_of_a_cell_and_skips_undated_ones():
    cube, left_out = cube_graph(Graph().parse(FIXTURE))
    observations = {str(o).rsplit("/", 1)[-1] for o in cube.subjects(RDF.type, QB.Observation)}
    assert observations == {"f1", "f2", "g1"}
    assert {str(f).rsplit("/", 1)[-1] for f, _why in left_out} == {"f3", "g2"}
    # f1 and g1 share the indicator but not the year: two cells, one concept
    f1, g1 = URIRef(f"{REP_A}/figure/f1"), URIRef(f"{REP_B}/figure/g1")
    assert cube.value(f1, CUBE.indicator) == cube.value(g1, CUBE.indicator) == indicator_concept("地区生产总值")
    assert check(cube) == []


def test_dsd_has_the_issue_components():
    dsd = Graph().parse(ontology_file("cube.ttl"))
    props = {}
    for spec in dsd.objects(CUBE.structure, QB.component):
        for kind in ("dimension", "measure", "attribute"):
            for p in dsd.objects(spec, QB[kind]):
                props.setdefault(kind, set()).add(p)
    assert props == {"dimension": {CUBE.refArea, CUBE.refPeriod, CUBE.indicator}, "measure": {CUBE.value},
                     "attribute": {CUBE.unit, CUBE.status}}


# ---- each constraint fires on the break it forbids -----------------------------------------

def _obs(cube, name):
    return URIRef(f"{REP_A}/figure/{name}")


def break_duplicate(cube):
    """Another observation in f1's cell."""
    dup = URIRef(f"{REP_A}/figure/dup")
    for p, o in cube.predicate_objects(_obs(cube, "f1")):
        cube.add((dup, p, o))
    cube.set((dup, CUBE.value, Literal("9.9", datatype=XSD.decimal)))


def break_second_dataset(cube):
    cube.add((_obs(cube, "f1"), QB.dataSet, URIRef("https://w3id.org/govkg/id/cube/other")))


def break_second_structure(cube):
    ds = next(cube.subjects(RDF.type, QB.DataSet))
    cube.add((ds, QB.structure, URIRef("https://w3id.org/govkg/cube#other")))


def break_no_measure(cube):
    cube.remove((CUBE.structure, QB.component, CUBE["structure-value"]))


def break_dimension_range(cube):
    cube.remove((CUBE.refPeriod, RDFS.range, None))


def break_code_list(cube):
    cube.remove((CUBE.indicator, QB.codeList, None))


def break_optional_dimension(cube):
    cube.add((CUBE["structure-refArea"], QB.componentRequired, Literal(False)))


def break_missing_dimension(cube):
    cube.remove((_obs(cube, "f2"), CUBE.refPeriod, None))


def break_missing_attribute(cube):
    cube.remove((_obs(cube, "f2"), CUBE.unit, None))


def break_missing_measure(cube):
    cube.remove((_obs(cube, "f2"), CUBE.value, None))


def break_code_outside_list(cube):
    cube.remove((cube.value(_obs(cube, "f2"), CUBE.indicator), SKOS.inScheme, None))


def break_undeclared_slice_key(cube):
    cube.add((URIRef("https://w3id.org/govkg/cube#key"), RDF.type, QB.SliceKey))


def break_slice_without_observation_link(cube):
    ds = next(cube.subjects(RDF.type, QB.DataSet))
    sl = URIRef("https://w3id.org/govkg/id/cube/slice")
    cube.add((ds, QB.slice, sl))
    cube.add((sl, QB.observation, URIRef(f"{REP_A}/figure/elsewhere")))


def break_hierarchy(cube):
    """Make the indicator code list hierarchical and leave f2's code unreachable from its root."""
    root = URIRef("https://w3id.org/govkg/id/indicator/root")
    cube.add((CUBE.indicators, RDF.type, QB.HierarchicalCodeList))
    cube.add((CUBE.indicators, QB.hierarchyRoot, root))
    cube.add((CUBE.indicators, QB.parentChildProperty, SKOS.narrower))
    cube.add((root, SKOS.narrower, cube.value(_obs(cube, "f1"), CUBE.indicator)))


@pytest.mark.parametrize("breaker,expected", [
    (break_second_dataset, "IC-1."), (break_second_structure, "IC-2."), (break_no_measure, "IC-3."),
    (break_dimension_range, "IC-4."), (break_code_list, "IC-5."), (break_optional_dimension, "IC-6."),
    (break_undeclared_slice_key, "IC-7."), (break_missing_dimension, "IC-11."), (break_duplicate, "IC-12."),
    (break_missing_attribute, "IC-13."), (break_missing_measure, "IC-14."),
    (break_slice_without_observation_link, "IC-18."), (break_code_outside_list, "IC-19."),
    (break_hierarchy, "IC-20."),
])
def test_a_constraint_fires_on_its_break(fixture_cube, breaker, expected):
    assert check(fixture_cube) == []
    breaker(fixture_cube)
    hits = check(fixture_cube)
    assert any(h.startswith(expected) for h in hits), hits


def test_hierarchy_templates_pass_when_codes_are_reachable(fixture_cube):
    root = URIRef("https://w3id.org/govkg/id/indicator/root")
    concepts = set(fixture_cube.objects(None, CUBE.indicator))
    fixture_cube.add((CUBE.indicators, RDF.type, QB.HierarchicalCodeList))
    fixture_cube.add((CUBE.indicators, QB.hierarchyRoot, root))
    fixture_cube.add((CUBE.indicators, QB.parentChildProperty, SKOS.narrower))
    for concept in concepts:
        fixture_cube.add((root, SKOS.narrower, concept))
    assert not any(h.startswith(("IC-20.", "IC-21.")) for h in check(fixture_cube))


def test_inverse_hierarchy_template(fixture_cube):
    # IC-21: the parent-child property is given as the inverse of skos:broader (child broader parent)
    from rdflib import BNode, OWL

    root = URIRef("https://w3id.org/govkg/id/indicator/root")
    concepts = sorted(set(fixture_cube.objects(None, CUBE.indicator)))
    inverse = BNode()
    fixture_cube.add((CUBE.indicators, RDF.type, QB.HierarchicalCodeList))
    fixture_cube.add((CUBE.indicators, QB.hierarchyRoot, root))
    fixture_cube.add((CUBE.indicators, QB.parentChildProperty, inverse))
    fixture_cube.add((inverse, OWL.inverseOf, SKOS.broader))
    for concept in concepts[1:]:
        fixture_cube.add((concept, SKOS.broader, root))
    hits = check(fixture_cube)
    assert [h for h in hits if h.startswith(("IC-20.", "IC-21."))] == ["IC-21. Codes from hierarchy (inverse)"]
    fixture_cube.add((concepts[0], SKOS.broader, root))
    assert not any(h.startswith(("IC-20.", "IC-21.")) for h in check(fixture_cube))
