"""OpenLink Virtuoso as a store: ``govkg load --virtuoso`` of a 20-report corpus holds what ``govkg load --store``
puts into Oxigraph, quad for quad; every library query answers the same on both; replacing a report
changes its graph only; a load left unfinished is finished by the next; ``govkg query URL`` reads the
endpoint; ``govkg push`` speaks Digest to ``/sparql-graph-crud-auth``; failures are one line.

Answers are compared as sorted multisets of rows, numbers by value and language tags in lower case.
Documented differences: the figures that work_items' ``quantity`` joins come in no set order on
either engine (SPARQL's GROUP_CONCAT has none), so that column is compared as a set of parts.
"""
from __future__ import annotations

import decimal
import json
import os
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from govkg import cli
from govkg import query as gq
from govkg.defaults import (
    ENV_PASSWORD,
    ENV_TOKEN,
    ENV_USER,
    ENV_VIRTUOSO_PASSWORD,
    ENV_VIRTUOSO_USER,
)
from govkg.publish.split import graph_name, split_by_report
from govkg.store import SHARED_GRAPH, STATS_GRAPH, shards
from govkg.store.stats import stats_graph
from rdflib import Graph
from support import DATA
from virtuoso_server import PASSWORD, free_port, virtuoso  # noqa: F401  (virtuoso: the session fixture)

pytestmark = pytest.mark.slow  # a Virtuoso server and a corpus build: deselect with -m "not slow"

ROOT = Path(__file__).resolve().parent.parent
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                             "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
                             "unsignedInt", "unsignedLong")}
GOVKG_GRAPHS = "https://w3id.org/govkg/id/"


@pytest.fixture(autouse=True)
def account(monkeypatch):
    """The load's account (dba of the fresh database); no push credentials unless a test sets them."""
    monkeypatch.setenv(ENV_VIRTUOSO_PASSWORD, PASSWORD)
    monkeypatch.delenv(ENV_VIRTUOSO_USER, raising=False)
    for name in (ENV_USER, ENV_PASSWORD, ENV_TOKEN):
        monkeypatch.delenv(name, raising=False)


def run(capsys, *args) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("govkg: error:"), err
    return lines[0]


# --------------------------------------------------------------------------- comparing RDF terms

def norm(term):
    """A term as a comparable value: numbers by value, other terms as N-Triples (pyoxigraph writes
    language tags in lower case and xsd:string literals plain)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype is not None and term.datatype.value in NUMERIC:
        return ("number", decimal.Decimal(term.value).normalize())
    return str(term)


def rows_multiset(variables, rows, parts: tuple[str, ...] = ()) -> Counter:
    """Rows as a multiset of normalised tuples; the columns in ``parts`` as sets of their '; '-separated parts."""
    out = Counter()
    for row in rows:
        key = []
        for name, term in zip(variables, row, strict=True):
            if name in parts and isinstance(term, ox.Literal):
                key.append(("parts", frozenset(term.value.split("; "))))
            else:
                key.append(norm(term))
        out[tuple(key)] += 1
    return out


def virtuoso_graphs(server, names=None) -> dict[str, frozenset]:
    """Return {graph IRI: its triples, normalised} for the govkg graphs on the server (or those named).

    A CONSTRUCT per graph, as N-Triples: Virtuoso writes a large SELECT answer several times slower."""
    if names is None:
        names = gq.Endpoint(server.sparql).query(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                                                 f'FILTER(STRSTARTS(STR(?g), "{GOVKG_GRAPHS}")) }}').column("g")
    out = {}
    for g in names:
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"
        req = urllib.request.Request(server.sparql, data=urllib.parse.urlencode({"query": text}).encode(),
                                     headers={"Accept": "application/n-triples"})
        with urllib.request.urlopen(req, timeout=120) as resp:
            triples = ox.parse(resp.read(), format=ox.RdfFormat.N_TRIPLES)
            out[g] = frozenset((norm(t.subject), norm(t.predicate), norm(t.object)) for t in triples)
    return out


def oxigraph_graphs(path) -> dict[str, frozenset]:
    """Return {graph IRI: its triples, normalised} of an Oxigraph store folder (opened read-only)."""
    out: dict[str, set] = {}
    for q in ox.Store.read_only(str(path)):
        out.setdefault(q.graph_name.value, set()).add((norm(q.subject), norm(q.predicate), norm(q.object)))
    return {g: frozenset(ts) for g, ts in out.items()}


# --------------------------------------------------------------------------- the corpus, loaded twice

@pytest.fixture(scope="module")
def corpus(virtuoso, tmp_path_factory):
    """20 reports (bench/make_corpus.py), built into shards of 5 inside the server's DirsAllowed."""
    reports = tmp_path_factory.mktemp("reports")
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), "20", str(reports)], check=True,
                   capture_output=True)
    out = virtuoso.shards / "corpus"
    summary = shards.build_shards(sorted(reports.glob("*.txt")), out, jobs=2, batch_reports=5)
    assert len(summary.built) == 20 and not summary.failed and len(summary.shards) == 4
    return {"reports": reports, "out": out, "store": tmp_path_factory.mktemp("oxigraph") / "store"}


def clear_govkg_graphs(server) -> None:
    """Drop every govkg graph of the server and forget its loads (a clean slate for a load)."""
    names = gq.run_query(server.sparql, f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                                        f'FILTER(STRSTARTS(STR(?g), "{GOVKG_GRAPHS}")) }}').column("g")
    server.isql("log_enable(3, 1)", *[f"SPARQL CLEAR GRAPH <{g}>" for g in names],
                "delete from DB.DBA.LOAD_LIST", "checkpoint")


@pytest.fixture(scope="module")
def loaded(virtuoso, corpus):
    """The corpus loaded into Virtuoso (govkg load --virtuoso) and into Oxigraph (govkg load --store)."""
    clear_govkg_graphs(virtuoso)
    assert cli.main(["load", str(corpus["out"]), "--store", str(corpus["store"]), "--no-optimize"]) == 0
    r = subprocess.run([sys.executable, "-m", "govkg.cli", "load", str(corpus["out"]), "--virtuoso", virtuoso.sql],
                       capture_output=True, text=True, cwd=ROOT, env={**os.environ, ENV_VIRTUOSO_PASSWORD: PASSWORD},
                       check=False)
    assert r.returncode == 0, r.stderr
    return {"summary": r.stdout, "virtuoso": virtuoso_graphs(virtuoso), "oxigraph": oxigraph_graphs(corpus["store"])}


def test_load_puts_each_report_in_its_own_graph_as_oxigraph_does(virtuoso, corpus, loaded, capsys):
    assert "reports loaded     20" in loaded["summary"] and "reports unchanged  0" in loaded["summary"]
    in_virtuoso, in_oxigraph = loaded["virtuoso"], loaded["oxigraph"]
    reports = {e["iri"] for e in json.loads((corpus["out"] / "manifest.json").read_text())["reports"]}
    # each report's graph and its statistics graph, and the shared graph; the Oxigraph store also
    # holds the stamp of its statistics (STATS_GRAPH), which only it uses
    assert set(in_virtuoso) == reports | {stats_graph(r) for r in reports} | {SHARED_GRAPH}
    assert set(in_oxigraph) == set(in_virtuoso) | {STATS_GRAPH}
    assert in_virtuoso == {g: ts for g, ts in in_oxigraph.items() if g != STATS_GRAPH}  # quad for quad, literals by value
    code, out, _ = run(capsys, "load", corpus["out"], "--virtuoso", virtuoso.sql)  # nothing changed: nothing loaded
    assert code == 0 and "reports unchanged  20" in out and "reports loaded     0" in out
    assert not (corpus["out"] / ".virtuoso-load").exists()


# --------------------------------------------------------------------------- every library query

NAMES = [q.name for q in gq.library()]
# each query without parameters (entity_profile without a name lists every entity: slow, and its
# name is what it is for), and with parameters, values taken from the corpus
CASES = [(n, ()) for n in NAMES if n != "entity_profile"] + [
    ("entity_profile", ("name",)), ("entity_history", ("name",)), ("figures_by_year", ("year",)),
    ("figures_by_year", ("year", "division")), ("dataset_stats", ("division",)), ("entity_pairs", ("division",)),
    ("top_entities", ("division",)), ("promises_kept", ("division",)), ("targets_vs_actuals", ("division",)),
    ("villages_communities", ("division",)), ("work_items", ("year", "status")),
]
PARTS = {"work_items": ("quantity",)}  # GROUP_CONCAT's order is the engine's


@pytest.fixture(scope="module")
def oxigraph(loaded, corpus):
    return gq.Source(corpus["store"])


@pytest.fixture(scope="module")
def values(oxigraph):
    """Parameter values that select something in the corpus."""
    top = gq.run_query(oxigraph, "top_entities").records()
    division = gq.run_query(oxigraph, "PREFIX gov: <https://w3id.org/govkg/ontology#> "
                            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?n WHERE "
                            "{ ?r gov:division/rdfs:label ?n } ORDER BY ?n LIMIT 1").column("n")[0]
    name = next(r["name"] for r in top if r["type"] == "Road")
    return {"division": division, "name": name, "year": "2021", "status": "completed"}


def test_every_library_query_is_compared():
    assert {name for name, _ in CASES} == set(NAMES)


@pytest.mark.parametrize("name,params", CASES, ids=[f"{n}[{','.join(p)}]" for n, p in CASES])
def test_a_library_query_answers_on_virtuoso_as_on_oxigraph(virtuoso, oxigraph, values, name, params):
    bound = {p: values[p] for p in params}
    ours = gq.run_query(oxigraph, name, bound)
    theirs = gq.run_query(virtuoso.sparql, name, bound, timeout=120)
    assert theirs.variables == ours.variables
    assert len(ours.rows) > 0, "the case selects something, so that the comparison shows something"
    parts = PARTS.get(name, ())
    assert rows_multiset(theirs.variables, theirs.rows, parts) == rows_multiset(ours.variables, ours.rows, parts)


def test_query_command_reads_the_endpoint(virtuoso, oxigraph, values, capsys):
    code, out, err = run(capsys, "query", virtuoso.sparql, "top_entities", "-p", f"division={values['division']}",
                         "-f", "csv")
    assert code == 0, err
    want = gq.run_query(oxigraph, "top_entities", {"division": values["division"]}).serialize("csv").decode()
    assert sorted(out.splitlines()) == sorted(want.replace("\r\n", "\n").splitlines())
    code, out, _ = run(capsys, "query", virtuoso.sparql, "ASK { ?r a <https://w3id.org/govkg/ontology#Report> }")
    assert (code, out) == (0, "true\n")
    code, out, _ = run(capsys, "query", virtuoso.sparql, "ASK { ?r a <urn:govkg:test:none> }")
    assert (code, out) == (0, "false\n")
    code, _, err = run(capsys, "query", virtuoso.sparql, "SELECT * WHERE { ?s ?p }")
    assert code == 2 and "HTTP 400" in one_line_error(err)
    code, _, err = run(capsys, "query", virtuoso.http + "/no-such-endpoint", "top_entities")
    assert code == 2 and "HTTP 404" in one_line_error(err)
    closed = virtuoso.http.rsplit(":", 1)[0] + f":{free_port()}/sparql"
    code, _, err = run(capsys, "query", closed, "top_entities")
    assert code == 1 and "connection refused" in one_line_error(err)


# --------------------------------------------------------------------------- replacing, resuming

def test_replacing_one_report_changes_its_graph_only(virtuoso, corpus, loaded, capsys):
    before = loaded["virtuoso"]  # (the tests before this one leave the server as the load did)
    assert virtuoso_graphs(virtuoso, [SHARED_GRAPH]) == {SHARED_GRAPH: before[SHARED_GRAPH]}
    changed = sorted(corpus["reports"].glob("*.txt"))[7]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n全面完成新华村道路硬化工程。\n", encoding="utf-8")
    rebuilt = shards.build_shards(sorted(corpus["reports"].glob("*.txt")), corpus["out"], jobs=1, batch_reports=5)
    assert rebuilt.built == [str(changed)] and len(rebuilt.skipped) == 19
    iri = json.loads((corpus["out"] / "manifest.json").read_text())["reports"][7]["iri"]
    code, out, err = run(capsys, "load", corpus["out"], "--virtuoso", virtuoso.sql)
    assert code == 0, err
    assert "reports replaced   1" in out and "reports unchanged  19" in out
    after = virtuoso_graphs(virtuoso)
    assert set(after) == set(before)
    assert after[iri] != before[iri] and after[stats_graph(iri)] != before[stats_graph(iri)]
    own = (iri, stats_graph(iri), SHARED_GRAPH)  # the report, its statistics and what reports share
    assert {g: t for g, t in after.items() if g not in own} == {g: t for g, t in before.items() if g not in own}
    assert cli.main(["load", str(corpus["out"]), "--store", str(corpus["store"]), "--no-optimize"]) == 0  # Oxigraph too
    assert after == {g: t for g, t in oxigraph_graphs(corpus["store"]).items() if g != STATS_GRAPH}


def test_a_load_left_unfinished_is_finished_by_the_next(virtuoso, corpus, loaded, capsys):
    manifest = json.loads((corpus["out"] / "manifest.json").read_text())["reports"]
    entry = manifest[3]
    in_shard = sorted({e["iri"] for e in manifest if e["shard"] == entry["shard"]} | {SHARED_GRAPH})
    want = virtuoso_graphs(virtuoso, in_shard)
    # a loader that died in this report's shard: half its graph there (its content hash too), the file unfinished
    server_graph = f"<{entry['iri']}>"
    virtuoso.isql("log_enable(3, 1)",
                  f"SPARQL DELETE WHERE {{ GRAPH {server_graph} {{ ?s <https://w3id.org/govkg/ontology#text> ?o }} }}",
                  f"delete from DB.DBA.LOAD_LIST where ll_file = '{corpus['out'] / entry['shard']}'",
                  f"insert into DB.DBA.LOAD_LIST (ll_file, ll_graph, ll_state) values "
                  f"('{corpus['out'] / entry['shard']}', '{SHARED_GRAPH}', 1)")
    assert virtuoso_graphs(virtuoso, [entry["iri"]])[entry["iri"]] < want[entry["iri"]]
    code, out, err = run(capsys, "load", corpus["out"], "--virtuoso", virtuoso.sql)
    assert code == 0, err
    assert "reports replaced   5" in out  # the shard's reports: any of them may be half there
    assert virtuoso_graphs(virtuoso, in_shard) == want


# --------------------------------------------------------------------------- failures, in one line

def test_load_failures_are_one_line_with_exit_code_2(virtuoso, corpus, loaded, tmp_path, monkeypatch, capsys):
    out = corpus["out"]
    monkeypatch.setenv(ENV_VIRTUOSO_PASSWORD, "not-the-password")
    code, _, err = run(capsys, "load", out, "--virtuoso", virtuoso.sql)
    assert code == 2 and "refused the login of dba" in one_line_error(err) and "not-the-password" not in err
    monkeypatch.setenv(ENV_VIRTUOSO_PASSWORD, PASSWORD)
    code, _, err = run(capsys, "load", out, "--virtuoso", f"127.0.0.1:{free_port()}")
    assert code == 2 and "does not answer" in one_line_error(err)
    monkeypatch.setenv("GOVKG_ISQL", str(tmp_path / "no-isql"))
    code, _, err = run(capsys, "load", out, "--virtuoso", virtuoso.sql)
    assert code == 2 and "isql" in one_line_error(err)
    monkeypatch.delenv("GOVKG_ISQL")
    monkeypatch.delenv(ENV_VIRTUOSO_PASSWORD)
    code, _, err = run(capsys, "load", out, "--virtuoso", virtuoso.sql)
    assert code == 2 and ENV_VIRTUOSO_PASSWORD in one_line_error(err)
    monkeypatch.setenv(ENV_VIRTUOSO_PASSWORD, PASSWORD)
    # a folder outside DirsAllowed, with a report the server lacks
    outside = tmp_path / "outside"
    shutil.copytree(out, outside)
    first = json.loads((out / "manifest.json").read_text())["reports"][0]["iri"]
    virtuoso.isql(f"SPARQL CLEAR GRAPH <{first}>")
    code, _, err = run(capsys, "load", outside, "--virtuoso", virtuoso.sql)
    assert code == 2 and "DirsAllowed" in one_line_error(err) and str(outside) in err
    code, out_text, err = run(capsys, "load", out, "--virtuoso", virtuoso.sql)  # from the allowed folder it loads
    assert code == 0, err
    assert "reports loaded     1" in out_text  # from a copy of its shard without the other four reports
    assert virtuoso_graphs(virtuoso, [first]) == {first: loaded["virtuoso"][first]}


# --------------------------------------------------------------------------- push, with Digest

def test_push_speaks_digest_to_the_authenticated_graph_store(virtuoso, corpus, loaded, monkeypatch, capsys):
    fixture = DATA / "export" / "two-reports.ttl"
    expected = {str(graph_name(r)) if r is not None else SHARED_GRAPH: len(part)
                for r, part in split_by_report(Graph().parse(fixture)).items()}
    try:
        monkeypatch.setenv(ENV_USER, "dba")
        monkeypatch.setenv(ENV_PASSWORD, "wrong-Pa55")
        code, out, err = run(capsys, "push", fixture, "--endpoint", virtuoso.graph_store)
        assert code == 2 and "refused the credentials (HTTP 401)" in one_line_error(err)
        assert "wrong-Pa55" not in out + err
        monkeypatch.setenv(ENV_PASSWORD, PASSWORD)
        code, out, err = run(capsys, "push", fixture, "--endpoint", virtuoso.graph_store)
        assert code == 0, err
        sizes = gq.run_query(virtuoso.sparql, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        got = {g: int(n) for g, n in zip(sizes.column("g"), sizes.column("n"), strict=True)}
        assert {g: got.get(g) for g in expected} == expected
    finally:  # the push replaced the corpus's shared graph: load the corpus again from a clean slate
        clear_govkg_graphs(virtuoso)
        assert cli.main(["load", str(corpus["out"]), "--virtuoso", virtuoso.sql]) == 0
        capsys.readouterr()
