"""The query library: every query parses, answers the hand-checked fixture exactly, and answers the sample."""
from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from govkg import query as gq
from govkg.query.syntax import undeclared_prefixes
from govkg.resources import queries_dir
from hypothesis import given, settings
from hypothesis import strategies as st
from support import assert_worker_gone, sample_output

TESTS = Path(__file__).resolve().parent
FIXTURE = TESTS / "data" / "fixture.ttl"
EXPECTED = TESTS / "expected"
LIBRARY = gq.library()
NAMES = [q.name for q in LIBRARY]
# the parameters each parametrised query gets on the fixture (expected/<name>.csv was made with these)
FIXTURE_PARAMS = {"figures_by_year": {"year": "2021"}, "entity_profile": {"name": "青山镇"},
                  "entity_history": {"name": "文化中心项目"}}
GOV = "https://w3id.org/govkg/ontology#"


def rows_of(csv_bytes: bytes | str) -> list[list[str]]:
    text = csv_bytes.decode("utf-8") if isinstance(csv_bytes, bytes) else csv_bytes
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture(scope="module")
def fixture_source():
    return gq.Source(FIXTURE)


@pytest.fixture(scope="module")
def sample():
    return gq.Source(sample_output())


# --------------------------------------------------------------------------- the files themselves

def test_library_holds_the_twelve_questions():
    expected = {"villages_communities", "roads_by_year", "sited_projects", "policy_definitions",
                "figures_by_year", "targets_vs_actuals", "section_coverage", "top_entities",
                "organization_cooccurrence", "entity_profile", "entity_pairs", "dataset_stats"}
    assert expected <= set(NAMES)
    assert all(q.path.parent == queries_dir() for q in LIBRARY)


@pytest.mark.parametrize("name", NAMES)
def test_query_file_is_self_contained(name):
    info = gq.get_query(name)
    gq.check_syntax(info.text)  # parses on Oxigraph
    assert re.search(r"[\u4e00-\u9fff]", info.summary_zh), "summary needs a Chinese half"
    assert re.search(r"[A-Za-z]{3}", info.summary_en) and info.summary_zh != info.summary_en
    assert not undeclared_prefixes(info.text), "every prefix is declared in the file"
    assert re.search(r"\bORDER\s+BY\b", info.text, re.I), "stable output needs ORDER BY"
    assert gq.query_form(info.text) == "SELECT"
    for p in info.params:
        assert p.name in gq.query_variables(info.text)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_query_file_parses_in_another_engine(name):
    """The files run unchanged in other SPARQL tools: rdflib's parser accepts them too."""
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(gq.get_query(name).text)


def _plain(term) -> str | None:
    """A term's lexical value with numbers normalised (Oxigraph writes 4.0 as 4, rdflib keeps 4.0)."""
    if term is None:
        return None
    text = term.value if hasattr(term, "value") and not isinstance(term, str) else str(term)
    if re.fullmatch(r"[+-]?\d+\.\d*", text):
        text = text.rstrip("0").rstrip(".")
    return re.sub(r"(\d+)\.0(?=\D|$)", r"\1", text)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_rdflib_gives_the_same_answer_on_the_fixture(name, fixture_source):
    """The files are standard SPARQL: another engine (rdflib) answers them the same, row for row."""
    text = gq.prepare(name, FIXTURE_PARAMS.get(name))
    ours = [tuple(_plain(t) for t in row) for row in gq.run_query(fixture_source, text).rows]
    theirs = [tuple(_plain(t) for t in row) for row in _rdflib_fixture().query(text)]
    assert theirs == ours


_GRAPHS: dict = {}


def _rdflib_fixture():
    import rdflib

    if "fixture" not in _GRAPHS:
        _GRAPHS["fixture"] = rdflib.Graph().parse(FIXTURE)
    return _GRAPHS["fixture"]


def test_every_query_has_an_expected_answer():
    assert sorted(p.stem for p in EXPECTED.glob("*.csv")) == sorted(NAMES)


# --------------------------------------------------------------------------- the fixture graph

@pytest.mark.parametrize("name", NAMES)
def test_query_answers_the_fixture_as_checked_by_hand(name, fixture_source):
    result = gq.run_query(fixture_source, name, FIXTURE_PARAMS.get(name))
    got = rows_of(result.serialize("csv"))
    want = rows_of((EXPECTED / f"{name}.csv").read_text(encoding="utf-8"))
    assert got[0] == want[0], "columns"
    assert got[1:] == want[1:]
    assert len(got) > 1, "each query answers something on the fixture"


def test_targets_pair_within_a_report_and_across_reports_of_one_division(fixture_source):
    r = gq.run_query(fixture_source, "targets_vs_actuals").records()
    pairs = {(x["target"].rsplit("/", 3)[-3], x["targetYear"], x["actual"].rsplit("/", 3)[-3], x["actualYear"],
              x["comparison"]) for x in r}
    assert ("a", "2021", "a", "2020", "baseline") in pairs  # the same report's review year
    assert ("a", "2021", "b", "2021", "outcome") in pairs   # a later report of the same division
    assert not any(p[2] == "c" for p in pairs)              # another division's 财政收入 is never paired


def test_unbound_parameter_means_all_values(fixture_source):
    every = gq.run_query(fixture_source, "figures_by_year").column("figureYear")
    assert sorted(set(every)) == ["2020", "2021", "2022"]
    only = gq.run_query(fixture_source, "figures_by_year", {"year": 2020}).column("figureYear")
    assert only == ["2020", "2020"]


def test_entity_profile_finds_an_entity_by_its_alias(fixture_source):
    r = gq.run_query(fixture_source, "entity_profile", {"name": "东村养老驿站"})
    assert set(r.column("entity")) == {"https://w3id.org/govkg/id/facility/yanglao"}
    assert ("out", GOV + "alongRoad", "团结路") in {(x["direction"], x["property"], x["value"]) for x in r.records()}


# --------------------------------------------------------------------------- parameters are bound safely

NASTY = ['东村"', '"}', 'x" } INSERT DATA { <urn:a> <urn:b> <urn:c> } #', "a\\\"b", "'''", "line\nbreak\t{}",
         '" || true || "', "?name", "<urn:x>", "\u0000"]


@pytest.mark.parametrize("value", NASTY)
def test_a_nasty_name_stays_one_literal(value, fixture_source):
    text = gq.bind_params("SELECT ?name WHERE { }", {"name": value})
    gq.check_syntax(text)
    r = gq.run_query(fixture_source, text)
    assert r.column("name") == [value]
    # and as a library parameter it matches nothing rather than everything or an error
    assert gq.run_query(fixture_source, "entity_profile", {"name": value}).rows == []


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40))
def test_any_text_binds_to_exactly_that_literal(value):
    store = ox.Store()
    text = gq.bind_params('SELECT ?name ?n WHERE { BIND(STRLEN(?name) AS ?n) }', {"name": value})
    sol = list(store.query(text))
    assert len(sol) == 1
    assert sol[0]["name"] == ox.Literal(value)
    assert sol[0]["n"].value == str(len(value))


def test_typed_parameters_are_checked():
    with pytest.raises(gq.QueryError, match="year such as 2021"):
        gq.prepare("figures_by_year", {"year": "2021) } #"})
    with pytest.raises(gq.QueryError, match="unknown parameter 'yeer'.*year"):
        gq.prepare("figures_by_year", {"yeer": "2021"})
    with pytest.raises(gq.QueryError, match="no variable"):
        gq.prepare("SELECT ?x WHERE { ?x ?p ?o }", {"year": "2021"})
    text = gq.prepare("figures_by_year", {"year": "2021"})
    assert '"2021"^^<http://www.w3.org/2001/XMLSchema#gYear>' in text


def test_values_block_goes_into_the_where_group_not_a_template_or_string():
    text = 'CONSTRUCT { ?s <urn:p> "{ WHERE" } WHERE { ?s <urn:q> ?v } # WHERE {'
    bound = gq.bind_params(text, {"v": "x"})
    assert bound.startswith('CONSTRUCT { ?s <urn:p> "{ WHERE" } WHERE { VALUES (?v) { ("x") }')
    gq.check_syntax(bound)


def test_updates_are_recognised_and_refused():
    for text in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "PREFIX a: <urn:a#>\nDELETE WHERE { ?s ?p ?o }",
                 "LOAD <http://example.org/x>", "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"):
        with pytest.raises(gq.UpdateRefused):
            gq.check_syntax(text)
    assert not gq.is_update("PREFIX insert: <urn:x#> SELECT * WHERE { ?s insert:p ?o }")


def test_syntax_errors_carry_line_and_column():
    with pytest.raises(gq.QuerySyntaxError) as e:
        gq.check_syntax("SELECT ?x\nWHERE {\n  ?x ?p\n}")
    assert (e.value.line, e.value.column) == (3, 3)  # the incomplete triple pattern
    assert "line 3, column 3" in str(e.value) and "?x ?p" in e.value.excerpt()
    with pytest.raises(gq.QuerySyntaxError, match="undeclared prefix: zz:"):
        gq.check_syntax("SELECT * WHERE { ?s zz:p ?o }")


def test_syntax_error_places_are_those_of_the_text_as_written(fixture_source):
    text = "SELECT ?x WHERE { ?x zz:p ?year }"
    with pytest.raises(gq.QuerySyntaxError) as plain:
        gq.run_query(fixture_source, text)
    with pytest.raises(gq.QuerySyntaxError) as bound:
        gq.run_query(fixture_source, text, {"year": "2021"}, timeout=30)
    assert (bound.value.line, bound.value.column) == (plain.value.line, plain.value.column)
    assert bound.value.text == text and "zz:" in str(bound.value)


def test_a_query_costly_without_data_is_still_stopped(fixture_source):
    """Nothing evaluates a query outside the time limit, not even a syntax check."""
    values = " ".join(str(i) for i in range(3000))
    costly = ("SELECT (COUNT(*) AS ?n) WHERE { "
              + " ".join(f"VALUES ?{v} {{ {values} }}" for v in "abc") + " }")
    with pytest.raises(gq.QueryTimeout):
        gq.run_query(fixture_source, costly, timeout=0.5)


# --------------------------------------------------------------------------- answers keep their meaning

def test_formats_round_trip(fixture_source):
    r = gq.run_query(fixture_source, "targets_vs_actuals")
    for fmt, rf in (("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                    ("tsv", ox.QueryResultsFormat.TSV)):
        back = list(ox.parse_query_results(r.serialize(fmt), format=rf))
        assert [tuple(s[v] for v in r.variables) for s in back] == r.rows, fmt
    table = r.to_table()
    assert "财政收入增长" in table and "id:report/a" in table and "(3 rows)" in table
    lines = table.splitlines()
    from govkg.query.display import text_width as _width
    assert len({_width(line) for line in lines[:2]}) == 1, "header and rule line up with wide characters"


def test_row_limit_truncates(fixture_source):
    r = gq.run_query(fixture_source, "entity_pairs", max_rows=5)
    assert len(r.rows) == 5 and r.truncated
    full = gq.run_query(fixture_source, "entity_pairs")
    assert r.rows == full.rows[:5] and not full.truncated


def test_worker_process_gives_the_same_answer_and_stops_on_time(fixture_source):
    direct = gq.run_query(fixture_source, "entity_pairs")
    forked = gq.run_query(fixture_source, "entity_pairs", timeout=60)
    assert forked.rows == direct.rows and forked.variables == direct.variables
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    with pytest.raises(gq.QueryTimeout):
        gq.run_query(fixture_source, slow, timeout=0.3)
    assert_worker_gone()


def test_named_graphs_are_queried_as_one_union(tmp_path, fixture_source):
    g = ox.Store()
    g.bulk_load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:graph:fixture"))
    trig = tmp_path / "fixture.trig"
    trig.write_bytes(g.dump(format=ox.RdfFormat.TRIG))
    assert gq.run_query(trig, "roads_by_year").rows == gq.run_query(fixture_source, "roads_by_year").rows


def test_an_oxigraph_store_folder_is_a_source(tmp_path, fixture_source):
    folder = tmp_path / "store"
    s = ox.Store(str(folder))
    s.bulk_load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
    s.flush()
    del s
    want = gq.run_query(fixture_source, "sited_projects").rows
    assert gq.run_query(folder, "sited_projects").rows == want
    assert gq.run_query(folder, "sited_projects", timeout=30).rows == want


# --------------------------------------------------------------------------- the sample report's graph

def _classes(source, cls: str) -> set[str]:
    r = gq.run_query(source, f"SELECT ?x WHERE {{ ?x a <{GOV}{cls}> }}")
    return set(r.column("x"))


def test_sample_villages_communities(sample):
    r = gq.run_query(sample, "villages_communities").records()
    assert r
    mentions = gq.run_query(sample, f"""SELECT ?e ?t WHERE {{ ?e <{GOV}mention>/<{GOV}text> ?t }}""").records()
    texts = defaultdict(set)
    for m in mentions:
        texts[m["e"]].add(m["t"])
    for row in r:
        assert row["type"] in ("Village", "Community")
        assert any(t in row["sentence"] for t in texts[row["entity"]]), row


def test_sample_roads_by_year(sample):
    r = gq.run_query(sample, "roads_by_year").records()
    assert r and {x["kind"] for x in r} <= {"review", "plan"}
    roads = _classes(sample, "Road")
    assert all(x["road"] in roads and int(x["sentences"]) >= 1 for x in r)
    years = gq.run_query(sample, f"SELECT ?y ?k WHERE {{ ?s <{GOV}year> ?y ; <{GOV}sectionKind> ?k }}").records()
    assert {(x["year"], x["kind"]) for x in r} <= {(y["y"], y["k"]) for y in years}


def test_sample_sited_projects(sample):
    r = gq.run_query(sample, "sited_projects").records()
    assert r
    for x in r:
        assert x["type"] in ("Project", "Facility")
        assert (x["relation"], x["siteType"]) in (("onParcel", "LandParcel"), ("alongRoad", "Road"))


def test_sample_policy_definitions(sample):
    r = gq.run_query(sample, "policy_definitions").records()
    assert r and all(x["definition"] and x["policy"] in _classes(sample, "Policy") for x in r)


def test_sample_figures_of_the_plan_year(sample):
    plan = gq.run_query(sample, f"SELECT ?y WHERE {{ ?r <{GOV}planYear> ?y }}").column("y")[0]
    r = gq.run_query(sample, "figures_by_year", {"year": plan}).records()
    assert r and {x["figureYear"] for x in r} == {plan}
    assert "target" in {x["kind"] for x in r}


def test_sample_pairs_the_revenue_target_with_last_years_figure(sample):
    r = gq.run_query(sample, "targets_vs_actuals").records()
    assert any(x["indicator"].startswith("财政收入") and x["targetYear"] == "2021"
               and x["actualName"] == "财政收入" and x["actualYear"] == "2020" for x in r)
    for x in r:
        gap = int(x["targetYear"]) - int(x["actualYear"])
        assert (x["comparison"], gap) in (("baseline", 1), ("outcome", 0))


def test_sample_section_coverage_counts_agree_with_mentions(sample):
    r = gq.run_query(sample, "section_coverage").records()
    assert r
    check = gq.run_query(sample, f"""SELECT ?sec ?e ?c WHERE {{
        ?e <{GOV}mention>/<{GOV}inSentence>/<{GOV}inSection> ?sec ; a ?c }}""").records()
    want = defaultdict(set)
    for x in check:
        want[(x["sec"], x["c"].split("#")[1])].add(x["e"])
    for x in r:
        assert int(x["entities"]) == len(want[(x["section"], x["type"])])


def test_sample_top_entities_are_the_most_mentioned(sample):
    r = gq.run_query(sample, "top_entities").records()
    assert r
    counts = Counter()
    for x in gq.run_query(sample, f"SELECT ?e ?m WHERE {{ ?e <{GOV}mention> ?m }}").records():
        counts[x["e"]] += 1
    by_type = defaultdict(list)
    for x in r:
        assert int(x["mentions"]) == counts[x["entity"]]
        by_type[x["type"]].append(x)
    for typ, rows in by_type.items():
        members = _classes(sample, typ)
        best = max(counts[e] for e in members)
        assert rows[0]["rank"] == "1" and int(rows[0]["mentions"]) == best
        assert all(1 <= int(x["rank"]) <= 5 for x in rows)
        ahead = sorted((counts[e] for e in members), reverse=True)
        for x in rows:
            assert int(x["rank"]) == 1 + sum(c > int(x["mentions"]) for c in ahead)


def test_sample_organisations_and_partners(sample):
    r = gq.run_query(sample, "organization_cooccurrence").records()
    assert r
    orgs = _classes(sample, "Organization")
    for x in r:
        assert x["organization"] in orgs and x["partnerType"] in ("Project", "Facility", "Policy")
        assert int(x["sentences"]) >= 1 and x["example"]


def test_sample_entity_profile_of_the_most_mentioned_entity(sample):
    top = gq.run_query(sample, "top_entities").records()
    name = max(top, key=lambda x: (int(x["mentions"]), x["name"]))["name"]
    r = gq.run_query(sample, "entity_profile", {"name": name}).records()
    mentions = [x for x in r if x["direction"] == "mention"]
    assert mentions and all(x["value"] in x["sentence"] for x in mentions if x["sentence"])
    assert any(x["property"].endswith("#label") and x["value"] == name for x in r)


def test_sample_entity_pairs_strongest_first(sample):
    r = gq.run_query(sample, "entity_pairs").records()
    assert r
    strengths = [int(x["sentences"]) for x in r]
    assert strengths == sorted(strengths, reverse=True)
    assert all(x["a"] < x["b"] for x in r)


def test_sample_dataset_stats(sample):
    r = gq.run_query(sample, "dataset_stats").records()
    total = {x["class"]: int(x["count"]) for x in r if not x["report"]}
    assert total[GOV + "Report"] == 1
    per_report = {x["class"]: int(x["count"]) for x in r if x["report"]}
    for cls in ("Mention", "Sentence", "Section"):
        assert per_report[GOV + cls] == total[GOV + cls] > 0


# --------------------------------------------------------------------------- any report's graph

OTHER_REPORTS = sorted(p.name for p in (TESTS / "data" / "reports").glob("*.txt"))


@pytest.fixture(scope="module", params=OTHER_REPORTS)
def other_report(request):
    from support import resolved

    _, graph = resolved(request.param)
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return gq.Source(store)


def test_every_query_answers_another_reports_graph(other_report):
    """The library is not tuned to the sample: each query runs on other towns' reports and keeps its invariants."""
    results = {q.name: gq.run_query(other_report, q.name) for q in LIBRARY}
    stats = results["dataset_stats"].records()
    assert {int(x["count"]) for x in stats if not x["report"] and x["class"] == GOV + "Report"} == {1}
    for x in results["roads_by_year"].records():
        assert x["kind"] in ("review", "plan")
    for x in results["targets_vs_actuals"].records():
        assert x["comparison"] == "baseline" and x["targetReport"] == x["actualReport"]  # one report only
    mentions = gq.run_query(other_report, f"SELECT ?e ?m WHERE {{ ?e <{GOV}mention> ?m }}")
    counts = Counter(mentions.column("e"))
    for x in results["top_entities"].records():
        assert int(x["mentions"]) == counts[x["entity"]]
    years = gq.run_query(other_report, f"SELECT ?y WHERE {{ ?r <{GOV}planYear> ?y }}").column("y")
    for year in years:
        assert set(gq.run_query(other_report, "figures_by_year", {"year": year}).column("figureYear")) <= {year}


# --------------------------------------------------------------------------- scoping a corpus by division

SCOPED = [q.name for q in LIBRARY if "division" in {p.name for p in q.params}]


def _without_report(path: Path, prefix: str) -> Path:
    """Return a copy of the fixture without the triples about one report and its parts."""
    import rdflib

    g = rdflib.Graph().parse(FIXTURE)
    for s in {s for s in g.subjects() if str(s).startswith(prefix)}:
        g.remove((s, None, None))
    g.serialize(path, format="nt", encoding="utf-8")
    return path


def test_most_corpus_queries_take_a_division():
    assert len(SCOPED) >= 9
    assert {"top_entities", "targets_vs_actuals", "dataset_stats", "roads_by_year"} <= set(SCOPED)


@pytest.mark.parametrize("name", SCOPED)
def test_a_division_answers_as_if_the_store_held_only_its_reports(name, tmp_path, fixture_source):
    """青山镇 has reports a and b; the fixture without report c, unscoped, is the oracle."""
    params = FIXTURE_PARAMS.get(name, {})
    only = gq.Source(_without_report(tmp_path / "ab.nt", "https://w3id.org/govkg/id/report/c"))
    want = gq.run_query(only, name, params or None).serialize("csv")
    got = gq.run_query(fixture_source, name, {**params, "division": "青山镇"}).serialize("csv")
    assert rows_of(got) == rows_of(want)


def test_a_division_narrows_the_answer(fixture_source):
    every = gq.run_query(fixture_source, "dataset_stats").records()
    scoped = gq.run_query(fixture_source, "dataset_stats", {"division": "绿水镇"}).records()
    assert {x["report"] for x in scoped} == {None, "https://w3id.org/govkg/id/report/c"}
    assert {x["report"] for x in every} > {x["report"] for x in scoped}
    assert gq.run_query(fixture_source, "top_entities", {"division": "无此镇"}).rows == []


def test_a_parameter_is_bound_inside_the_sub_selects_that_use_it():
    text = ("SELECT ?n WHERE { ?a ?b ?c { SELECT (COUNT(*) AS ?n) WHERE { ?x ?p ?division } } "
            "{ SELECT ?y WHERE { ?y ?q ?z } } }")
    bound = gq.bind_params(text, {"division": "青山镇"})
    assert bound.count('VALUES (?division) { ("青山镇") }') == 1  # the sub-SELECT using it, not the query's group
    assert "WHERE { VALUES (?division) { (\"青山镇\") } ?x ?p ?division }" in bound
    assert "{ SELECT ?y WHERE { ?y" in bound  # a sub-SELECT without the variable is left alone
    gq.check_syntax(bound)


@pytest.mark.parametrize("text", [
    "SELECT ?division ?n WHERE { { SELECT ?n WHERE { ?n ?p ?division } } }",  # projected by the query
    "SELECT ?n WHERE { { SELECT ?n WHERE { ?n ?p ?division } } } ORDER BY ?division",  # a solution modifier
    "SELECT * WHERE { { SELECT ?n WHERE { ?n ?p ?division } } }",  # every variable in scope
])
def test_the_querys_group_binds_a_parameter_it_names_outside_its_sub_selects(text):
    bound = gq.bind_params(text, {"division": "青山镇"})
    assert bound.count('VALUES (?division) { ("青山镇") }') == 2, bound
    assert bound.index("VALUES") < bound.index("{ SELECT")  # the first block is the query's own


def test_a_syntax_error_after_several_bound_groups_keeps_its_written_column():
    text = "SELECT ?n WHERE { { SELECT ?n WHERE { ?x ?p ?year } } ?n ?q ?year . FILTER(?n = ) }"
    places = []
    for params in (None, {"year": "2021"}):  # unbound, then bound in two groups before the error
        with pytest.raises(gq.QuerySyntaxError) as e:
            gq.run_query(gq.Source(FIXTURE), text, params)
        places.append((e.value.line, e.value.column))
    assert places[0] == places[1] and places[0][1] > text.index("FILTER") - 5


def test_a_language_tagged_parameter():
    assert gq.make_term("东村", "@zh") == ox.Literal("东村", language="zh")
    assert '"东村"@zh' in gq.prepare("entity_profile", {"name": "东村"})


# --------------------------------------------------------------------------- the gap between target and actual

GAP_GRAPH = """
@prefix gov: <https://w3id.org/govkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
<urn:d> a gov:AdministrativeDivision ; rdfs:label "山前镇"@zh .
<urn:r1> a gov:Report ; gov:division <urn:d> ; gov:reviewYear "2021"^^xsd:gYear .
<urn:r2> a gov:Report ; gov:division <urn:d> ; gov:reviewYear "2022"^^xsd:gYear .
<urn:t1> a gov:Target ; rdfs:label "森林覆盖率"@zh ; rdf:value 40.5 ; gov:unit "%" ; gov:year "2022"^^xsd:gYear ;
    gov:isTarget true ; gov:inReport <urn:r1> .
<urn:t2> a gov:Target ; rdfs:label "地区生产总值增长"@zh ; rdf:value 6 ; gov:unit "%" ; gov:year "2022"^^xsd:gYear ;
    gov:isTarget true ; gov:inReport <urn:r1> .
<urn:a1> a gov:IndicatorObservation ; rdfs:label "森林覆盖率"@zh ; rdf:value 41.2 ; gov:unit "%" ;
    gov:year "2022"^^xsd:gYear ; gov:isTarget false ; gov:inReport <urn:r2> .
<urn:a2> a gov:IndicatorObservation ; rdfs:label "地区生产总值"@zh ; rdf:value 88.3 ; gov:unit "亿元" ;
    gov:year "2022"^^xsd:gYear ; gov:isTarget false ; gov:change "+5.5%" ; gov:changeValue 5.5 ;
    gov:changeUnit "%" ; gov:inReport <urn:r2> .
<urn:a3> a gov:IndicatorObservation ; rdfs:label "地区生产总值"@zh ; rdf:value 80 ; gov:unit "亿元" ;
    gov:year "2022"^^xsd:gYear ; gov:isTarget false ; gov:inReport <urn:r2> .
"""


def test_the_gap_is_actual_minus_target_by_value_or_by_change(tmp_path):
    path = tmp_path / "gap.ttl"
    path.write_text(GAP_GRAPH, encoding="utf-8")
    rows = {(x["target"], x["actual"]): x for x in gq.run_query(gq.Source(path), "targets_vs_actuals").records()}
    assert set(rows) == {("urn:t1", "urn:a1"), ("urn:t2", "urn:a2"), ("urn:t2", "urn:a3")}
    level, rate, no_change = rows["urn:t1", "urn:a1"], rows["urn:t2", "urn:a2"], rows["urn:t2", "urn:a3"]
    assert (float(level["gap"]), level["gapUnit"], level["gapBasis"]) == (pytest.approx(0.7), "%", "value")
    assert (float(rate["gap"]), rate["gapUnit"], rate["gapBasis"]) == (pytest.approx(-0.5), "%", "change")
    assert (no_change["gap"], no_change["gapBasis"]) == (None, None)  # 亿元 against a rate in %: no gap
    assert {x["comparison"] for x in rows.values()} == {"outcome"}


def test_names_pair_when_one_starts_or_ends_the_other_not_in_the_middle(tmp_path):
    extra = """
<urn:t3> a gov:Target ; rdfs:label "一般公共预算收入增长"@zh ; rdf:value 5 ; gov:unit "%" ;
    gov:year "2022"^^xsd:gYear ; gov:isTarget true ; gov:inReport <urn:r1> .
<urn:a4> a gov:IndicatorObservation ; rdfs:label "全镇一般公共预算收入"@zh ; rdf:value 3.1 ; gov:unit "亿元" ;
    gov:year "2022"^^xsd:gYear ; gov:isTarget false ; gov:inReport <urn:r2> .
<urn:a5> a gov:IndicatorObservation ; rdfs:label "公共预算"@zh ; rdf:value 2 ; gov:unit "亿元" ;
    gov:year "2022"^^xsd:gYear ; gov:isTarget false ; gov:inReport <urn:r2> .
"""
    path = tmp_path / "names.ttl"
    path.write_text(GAP_GRAPH + extra, encoding="utf-8")
    pairs = {(x["target"], x["actual"]) for x in gq.run_query(gq.Source(path), "targets_vs_actuals").records()}
    assert ("urn:t3", "urn:a4") in pairs      # 全镇… ends with the target's indicator
    assert ("urn:t3", "urn:a5") not in pairs  # 公共预算 sits in the middle of it: no pair


def test_reports_without_a_division_pair_only_within_themselves(tmp_path):
    """A report with no gov:division gets baseline pairs from its own review year, and its targets are
    never paired with another division-less report's actuals (no empty scope joins the two)."""
    graph = """
@prefix gov: <https://w3id.org/govkg/ontology#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:r3> a gov:Report ; gov:reviewYear "2021"^^xsd:gYear .
<urn:r4> a gov:Report ; gov:reviewYear "2022"^^xsd:gYear .
<urn:t> a gov:Target ; rdfs:label "粮食播种面积"@zh ; rdf:value 5 ; gov:unit "万亩" ; gov:year "2022"^^xsd:gYear ;
    gov:isTarget true ; gov:inReport <urn:r3> .
<urn:own> a gov:IndicatorObservation ; rdfs:label "粮食播种面积"@zh ; rdf:value 4.6 ; gov:unit "万亩" ;
    gov:year "2021"^^xsd:gYear ; gov:isTarget false ; gov:inReport <urn:r3> .
<urn:other> a gov:IndicatorObservation ; rdfs:label "粮食播种面积"@zh ; rdf:value 5.2 ; gov:unit "万亩" ;
    gov:year "2022"^^xsd:gYear ; gov:isTarget false ; gov:inReport <urn:r4> .
"""
    path = tmp_path / "nodivision.ttl"
    path.write_text(graph, encoding="utf-8")
    rows = gq.run_query(gq.Source(path), "targets_vs_actuals").records()
    assert [(x["actual"], x["comparison"], float(x["gap"])) for x in rows] == [("urn:own", "baseline", pytest.approx(-0.4))]


def test_sample_targets_pair_only_with_actuals_of_the_same_thing(sample):
    """Every pair is of one national indicator concept, or of one measured thing (the same label once a
    whole-area word and a word of change are dropped): never two things that only share a head noun."""
    rows = gq.run_query(sample, "targets_vs_actuals").records()
    assert rows
    facts = gq.run_query(sample, f"""SELECT ?f ?label ?concept WHERE {{
        ?f <http://www.w3.org/2000/01/rdf-schema#label> ?label ; <{GOV}isTarget> ?t .
        OPTIONAL {{ ?f <{GOV}indicator> ?concept }} }}""").records()
    label = {x["f"]: x["label"] for x in facts}
    concept = {x["f"]: x["concept"] for x in facts}
    strip = lambda s: re.sub(r"^(全省|全市|全州|全县|全区|全镇|全乡|全街道|全年|今年)|(增长率|增长|增速|增幅|提高|提升|下降|降低|达到)$", "", s)
    for x in rows:
        t, a = x["target"], x["actual"]
        assert label[t] == x["indicator"] and label[a] == x["actualName"]
        if concept.get(t) or concept.get(a):
            assert concept.get(t) == concept.get(a), (label[t], label[a])
            assert x["match"] == "concept"
        else:
            assert strip(label[t]) == strip(label[a]), (label[t], label[a])
    assert any(x["match"] == "concept" and x["indicator"].startswith("财政收入") for x in rows)
