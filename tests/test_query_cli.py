"""``govkg query`` and ``govkg queries``: sources, query forms, formats, errors and exit codes."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from govkg import query as gq
from govkg.cli import main
from support import assert_worker_gone

TESTS = Path(__file__).resolve().parent
FIXTURE = TESTS / "data" / "fixture.ttl"
EXPECTED = TESTS / "expected"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_library_name_gives_the_expected_csv(capsys):
    code, out, err = run(capsys, "query", FIXTURE, "roads_by_year", "--format", "csv")
    assert code == 0, err
    assert rows(out) == rows((EXPECTED / "roads_by_year.csv").read_text(encoding="utf-8"))


def test_output_folder_rq_file_and_inline_text_are_accepted(capsys, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "graph.ttl").write_bytes(FIXTURE.read_bytes())
    rq = tmp_path / "mine.rq"
    rq.write_text(gq.get_query("sited_projects").text, encoding="utf-8")
    want = rows((EXPECTED / "sited_projects.csv").read_text(encoding="utf-8"))
    for q in (rq, "sited_projects.rq", gq.get_query("sited_projects").text):
        code, out, err = run(capsys, "query", tmp_path / "out", q, "-f", "csv")
        assert code == 0, err
        assert rows(out) == want


def test_parameters_from_the_command_line(capsys):
    code, out, _ = run(capsys, "query", FIXTURE, "figures_by_year", "--param", "year=2022", "-f", "csv")
    assert code == 0
    body = rows(out)[1:]
    assert body and {r[0] for r in body} == {"2022"}
    code, out, _ = run(capsys, "query", FIXTURE, "entity_profile", "-p", 'name=东村"} UNION { ?s ?p ?o', "-f", "csv")
    assert code == 0 and rows(out)[1:] == []


def test_json_tsv_and_table_formats(capsys):
    code, out, _ = run(capsys, "query", FIXTURE, "policy_definitions", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["head"]["vars"][:2] == ["name", "definition"]
    assert data["results"]["bindings"][0]["name"] == {"type": "literal", "value": "乡村振兴战略", "xml:lang": "zh"}
    code, out, _ = run(capsys, "query", FIXTURE, "policy_definitions", "--format", "tsv")
    assert out.splitlines()[0].startswith("?name\t?definition") and '"乡村振兴战略"@zh' in out
    code, out, _ = run(capsys, "query", FIXTURE, "policy_definitions", "--format", "table")
    lines = out.splitlines()
    assert lines[0].split(" | ")[0].strip() == "name" and "id:policy/xiangcun" in out and lines[-1] == "(1 row)"


def test_piped_output_defaults_to_csv():
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-m", "govkg.cli", "query", str(FIXTURE), "sited_projects"],
                          capture_output=True, text=True, env=env, cwd=TESTS.parent, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert rows(proc.stdout) == rows((EXPECTED / "sited_projects.csv").read_text(encoding="utf-8"))


def test_construct_and_ask(capsys):
    import rdflib
    from rdflib.compare import isomorphic

    q = ("PREFIX gov: <https://w3id.org/govkg/ontology#> CONSTRUCT { ?p gov:onParcel ?l } "
         "WHERE { ?p gov:onParcel ?l }")
    code, out, _ = run(capsys, "query", FIXTURE, q)
    assert code == 0
    got = rdflib.Graph().parse(data=out, format="turtle")
    want = rdflib.Graph().parse(data="<https://w3id.org/govkg/id/project/wenhua> "
                                     "<https://w3id.org/govkg/ontology#onParcel> "
                                     "<https://w3id.org/govkg/id/landparcel/0101> .", format="turtle")
    assert isomorphic(got, want)
    code, out, _ = run(capsys, "query", FIXTURE, "ASK { ?s a <https://w3id.org/govkg/ontology#Road> }", "-f", "json")
    assert code == 0 and json.loads(out)["boolean"] is True


def test_syntax_error_shows_line_and_column_and_exits_2(capsys):
    code, out, err = run(capsys, "query", FIXTURE, "SELECT ?x\nWHERE {\n  ?x ?p ?o .\n  FILTER(?o = )\n}")
    assert code == 2 and out == ""
    assert "line 4, column" in err
    assert "FILTER(?o = )" in err and "^" in err


def test_update_is_refused(capsys):
    code, _, err = run(capsys, "query", FIXTURE, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert code == 2 and "read-only" in err


def test_timeout_stops_the_query(capsys):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    code, out, err = run(capsys, "query", FIXTURE, slow, "--timeout", "0.3")
    assert code == 2 and out == ""
    assert "stopped after 0.3 s" in err and "--timeout" in err
    assert_worker_gone()


def test_a_timeout_of_a_query_over_every_report_suggests_a_division(capsys):
    code, _, err = run(capsys, "query", FIXTURE, "top_entities", "--timeout", "0.000001")
    assert code == 2 and "--param division=NAME" in err and err.count("\n") == 1
    code, _, err = run(capsys, "query", FIXTURE, "top_entities", "-p", "division=青山镇", "--timeout", "0.000001")
    assert code == 2 and "division" not in err  # already asked about one division: the usual advice
    code, _, err = run(capsys, "query", FIXTURE, "sited_projects", "--timeout", "0.000001")
    assert code == 2 and "division" not in err  # a query without that parameter


@pytest.mark.parametrize("argv, code, message", [
    (["query", "missing.ttl", "roads_by_year"], 1, "no such file"),
    (["query", FIXTURE, "roads_by_yaer"], 2, "did you mean roads_by_year"),
    (["query", FIXTURE, "nothere.rq"], 2, "not a file, not in the library"),
    (["query", FIXTURE, "figures_by_year", "--param", "year"], 2, "NAME=VALUE"),
    (["query", FIXTURE, "figures_by_year", "--param", "yeer=2021"], 2, "this query takes: year"),
    (["query", FIXTURE, "figures_by_year", "--param", "year=MMXXI"], 2, "year such as 2021"),
])
def test_bad_input_is_one_line_and_a_meaningful_exit_code(capsys, argv, code, message):
    got, out, err = run(capsys, *argv)
    assert got == code and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_bad_rdf_source_exits_1(capsys, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    code, _, err = run(capsys, "query", bad, "roads_by_year")
    assert code == 1 and "not valid RDF" in err


def test_queries_lists_the_library(capsys):
    code, out, _ = run(capsys, "queries")
    assert code == 0
    for info in gq.library():
        assert info.name in out and info.summary_zh in out and info.summary_en in out
    assert "--param year=" in out
    code, out, _ = run(capsys, "queries", "--format", "json")
    data = json.loads(out)
    assert [d["name"] for d in data] == [q.name for q in gq.library()]
    assert {p["name"] for d in data for p in d["params"]} == {"year", "name", "division", "status", "report", "type"}


def test_service_calls_are_refused_offline(tmp_path):
    """A query may not reach another endpoint: govkg runs without network."""
    import subprocess
    import sys

    from support import sample_output

    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } } LIMIT 1"
    r = subprocess.run([sys.executable, "-m", "govkg.cli", "query", str(sample_output()), q],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "SERVICE" in r.stderr and len(r.stderr.strip().splitlines()) == 1
