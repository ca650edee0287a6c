"""Corpus builds into a persistent store: one named graph per report, cross-report identity,
incremental rebuilds, failures, and a build killed midway."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from govkg.store import corpus
from govkg.store.stats import STATS_GRAPH, stats_graph
from govkg.rdf.namespace import GOV
from support import DATA

pytestmark = pytest.mark.slow  # browser, notebooks, servers or corpus builds: deselect with -m "not slow"

CORPUS = DATA / "corpus"
LIUHE_2021, LIUHE_2022, BAIHE_2021 = (CORPUS / f"{n}.txt" for n in ("liuhe-2021", "liuhe-2022", "baihe-2021"))
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def govkg(*args, **kw):
    return subprocess.run([sys.executable, "-m", "govkg.cli", *args], capture_output=True, text=True, **kw)


def report_iri(path) -> str:
    from govkg import ingest
    from govkg.rdf import mapping

    return str(mapping.report_iri(ingest.read(path)))


def select(store, query: str) -> list[dict]:
    answer = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in answer.variables]
    return [{n: sol[n].value for n in names if sol[n] is not None} for sol in answer]


def villages(store, graph: str) -> dict[str, str]:
    """Return {label: IRI} of the villages mentioned in one report graph."""
    rows = select(store, f"""SELECT DISTINCT ?v ?label WHERE {{ GRAPH <{graph}> {{ ?v <{GOV.mention}> ?m }}
        ?v a <{GOV.Village}> ; <{LABEL}> ?label }}""")
    return {r["label"]: r["v"] for r in rows}


def quads_by_graph(path) -> dict[str, set[str]]:
    store = ox.Store.read_only(str(path))
    out: dict[str, set[str]] = {}
    for q in store:
        out.setdefault(q.graph_name.value, set()).add(str(q.triple))
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A store built from the three small reports (two of one town, one of another)."""
    path = tmp_path_factory.mktemp("corpus") / "store"
    summary = corpus.build_corpus([LIUHE_2021, LIUHE_2022, BAIHE_2021], path, jobs=2)
    assert not summary.failed, summary.failed
    return path, summary


@pytest.fixture(scope="module")
def store(built):
    return ox.Store.read_only(str(built[0]))


def test_each_report_is_a_named_graph_named_by_its_iri_and_carrying_its_hash(store):
    from govkg import ingest

    graphs = {g.value for g in store.named_graphs()}
    reports = {report_iri(p) for p in (LIUHE_2021, LIUHE_2022, BAIHE_2021)}
    # and beside each report its statistics graph, and the store's (govkg.store.stats)
    assert graphs == reports | {corpus.SHARED_GRAPH, STATS_GRAPH} | {stats_graph(r) for r in reports}
    for path in (LIUHE_2021, LIUHE_2022, BAIHE_2021):
        rep = ingest.read(path)
        g = report_iri(path)
        rows = select(store, f"""SELECT ?r ?h ?y WHERE {{ GRAPH <{g}> {{ ?r a <{GOV.Report}> ;
            <{GOV.contentHash}> ?h ; <{GOV.reportYear}> ?y ; <{GOV.division}> ?d }} }}""")
        assert rows == [{"r": g, "h": rep.sha256, "y": str(rep.year)}]


def test_a_report_graph_in_the_store_equals_the_single_report_build(store):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from govkg.pipeline import build_report

    _res, expected = build_report(LIUHE_2022)
    own, shared = corpus.split_report_triples(report_iri(LIUHE_2022), expected)
    assert own and shared
    got = Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(report_iri(LIUHE_2022))),
                        format="nt")
    expected_own = Graph()
    for t in own:
        expected_own.add(t)
    assert isomorphic(got, expected_own)
    in_shared = Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(corpus.SHARED_GRAPH)),
                              format="nt")
    assert all(t in in_shared for t in shared)


def test_shared_triples_skipped_by_later_batches_are_all_in_the_store(built, tmp_path):
    # one report per batch: a batch leaves out the shared lines (towns, national policies) that an
    # earlier batch loaded; every report's shared triples must still be there, as after one batch
    one_by_one = tmp_path / "store"
    summary = corpus.build_corpus([LIUHE_2021, LIUHE_2022, BAIHE_2021], one_by_one, jobs=1, batch_quads=1)
    assert len(summary.built) == 3
    got = quads_by_graph(one_by_one)
    assert got == quads_by_graph(built[0])
    from govkg.pipeline import build_report

    for path in (LIUHE_2021, LIUHE_2022, BAIHE_2021):
        _res, g = build_report(path)
        _own, shared = corpus.split_report_triples(report_iri(path), g)
        assert {f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in shared} <= got[corpus.SHARED_GRAPH]


@pytest.mark.parametrize("optimize_min, nice", [(20, None), (2, corpus.COMPACTION_NICE)])
def test_a_build_that_ends_with_a_compaction_defers_rocksdb_compactions(tmp_path, optimize_min, nice):
    # three reports: below the default OPTIMIZE_MIN the build leaves RocksDB's compactions alone;
    # with OPTIMIZE_MIN=2 it ends with optimize, so its compaction threads drop to the lowest
    # priority (a fresh interpreter each: the threads are the process's, and stay so)
    code = f"""import json, os, sys
from pathlib import Path
from govkg.store import corpus
corpus.OPTIMIZE_MIN = {optimize_min}
s = corpus.build_corpus_here(sys.argv[2:], sys.argv[1], jobs=1)
tasks = Path("/proc/self/task")
print(json.dumps({{"built": len(s.built), "main": os.getpriority(os.PRIO_PROCESS, 0),
    "compaction": sorted({{os.getpriority(os.PRIO_PROCESS, int(t.name)) for t in tasks.iterdir()
                           if (t / "comm").read_text().startswith("rocksdb:low")}})}}))
"""
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path / "store"), str(LIUHE_2021), str(LIUHE_2022),
                        str(BAIHE_2021)], capture_output=True, text=True, check=True)
    main = os.getpriority(os.PRIO_PROCESS, 0)  # inherited by the child and its threads
    assert json.loads(r.stdout) == {"built": 3, "main": main, "compaction": [main if nice is None else nice]}


def test_build_corpus_leaves_the_callers_process_as_it_found_it(tmp_path):
    # the library call runs the build in a process of its own: the caller's garbage collector,
    # environment and threads are untouched, even after it opened a store itself
    code = """import gc, json, os, sys
from pathlib import Path
import pyoxigraph as ox
from govkg.store import corpus
corpus.OPTIMIZE_MIN = 2
ox.Store(sys.argv[1] + "-other").add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c")))
env = dict(os.environ)
s = corpus.build_corpus(sys.argv[2:], sys.argv[1], jobs=1)
tasks = Path("/proc/self/task")
print(json.dumps({"built": len(s.built), "frozen": gc.get_freeze_count(), "gc": gc.isenabled(),
    "env": dict(os.environ) == env, "threshold": gc.get_threshold() == (700, 10, 10),
    "nice": sorted({os.getpriority(os.PRIO_PROCESS, int(t.name)) for t in tasks.iterdir()})}))
"""
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path / "store"), str(LIUHE_2021), str(LIUHE_2022),
                        str(BAIHE_2021)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    main = os.getpriority(os.PRIO_PROCESS, 0)
    assert json.loads(r.stdout) == {"built": 3, "frozen": 0, "gc": True, "env": True, "threshold": True,
                                    "nice": [main]}


def test_the_union_of_graphs_states_each_triple_once(store):
    """Oxigraph's union default graph is a multiset: a triple in two graphs would count twice."""
    total = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]
    distinct = select(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")[0]["n"]
    assert total == distinct
    # a village named in both reports of one town: one type triple, one label
    rows = select(store, f"SELECT ?v (COUNT(?m) AS ?n) WHERE {{ ?v a <{GOV.Village}> ; <{GOV.mention}> ?m }} GROUP BY ?v")
    labels = select(store, f"SELECT ?v ?l WHERE {{ ?v a <{GOV.Village}> ; <{LABEL}> ?l }}")
    assert len(labels) == len({r["v"] for r in labels}) == len(rows)


def test_two_reports_of_one_town_share_village_iris_with_mentions_from_both(store):
    a, b = report_iri(LIUHE_2021), report_iri(LIUHE_2022)
    va, vb = villages(store, a), villages(store, b)
    shared = va.keys() & vb.keys()
    assert shared, (va, vb)
    for label in shared:
        assert va[label] == vb[label]
        reports = {r["rep"] for r in select(store, f"""SELECT DISTINCT ?rep WHERE {{
            <{va[label]}> <{GOV.mention}>/<{GOV.inSentence}>/<{GOV.inReport}> ?rep }}""")}
        assert reports == {a, b}


def test_same_named_village_in_two_towns_stays_two_nodes(store):
    va, vb = villages(store, report_iri(LIUHE_2021)), villages(store, report_iri(BAIHE_2021))
    shared = va.keys() & vb.keys()
    assert shared, (va, vb)  # the fixtures name 石门村 in both towns
    for label in shared:
        assert va[label] != vb[label]


def test_targets_of_one_report_meet_actuals_of_the_next(built):
    """queries/targets_vs_actuals.rq pairs the 2021 target (2021 report) with the 2021 actual (2022 report)."""
    from govkg.query import run_query

    rows = run_query(built[0], "targets_vs_actuals").records()
    a, b, c = report_iri(LIUHE_2021), report_iri(LIUHE_2022), report_iri(BAIHE_2021)
    pairs = {(str(r["targetReport"]), str(r["actualReport"]), str(r["targetYear"]), str(r["actualYear"])) for r in rows}
    assert (a, b, "2021", "2021") in pairs
    assert all((t == c) == (u == c) for t, u, _, _ in pairs)  # never across towns


def test_a_query_reads_the_store_folder_after_the_build(built):
    r = govkg("query", str(built[0]), f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a <{GOV.Report}> }}",
              "--format", "csv")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["n", "3"]


def test_load_graph_of_a_store_merges_every_report_graph(built):
    from govkg.store import load_graph

    from govkg.store import is_stats_graph

    g = load_graph(built[0])
    got = {(str(s), str(p), str(o)) for s, p, o in g}
    quads = [q for q in ox.Store.read_only(str(built[0])) if not is_stats_graph(q.graph_name.value)]
    expected = {(q.subject.value, q.predicate.value, q.object.value) for q in quads}
    assert got == expected and len(g) == len({str(q.triple) for q in quads})
    assert not any(str(p).startswith(f"{GOV._NS}stats") for p in g.predicates())  # the statistics are left out


def test_unchanged_reports_are_skipped_and_a_changed_one_replaces_its_graph(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for p in (LIUHE_2021, BAIHE_2021):
        shutil.copy(p, src / p.name)
    path = tmp_path / "store"
    first = corpus.build_corpus(sorted(src.iterdir()), path, jobs=1)
    assert (len(first.built), len(first.skipped), len(first.failed)) == (2, 0, 0)
    before = quads_by_graph(path)

    again = corpus.build_corpus(sorted(src.iterdir()), path, jobs=1)
    assert (len(again.built), len(again.skipped), len(again.failed)) == (0, 2, 0)
    assert quads_by_graph(path) == before

    changed = src / BAIHE_2021.name
    changed.write_text(changed.read_text(encoding="utf-8").replace("龙潭村", "金沙村"), encoding="utf-8")
    third = corpus.build_corpus(sorted(src.iterdir()), path, jobs=1)
    assert [p for p, _ in third.built] == [str(changed)] and len(third.skipped) == 1
    after = quads_by_graph(path)
    g = report_iri(changed)
    assert g == report_iri(BAIHE_2021)  # same report, new text: same graph, replaced
    assert after.keys() == before.keys()
    assert after[report_iri(LIUHE_2021)] == before[report_iri(LIUHE_2021)]
    old_only = before[g] - after[g]
    assert any("龙潭村" in t for t in old_only) and not any("龙潭村" in t for t in after[g])
    assert any("金沙村" in t for t in after[g])
    store = ox.Store.read_only(str(path))
    assert select(store, f"SELECT ?h WHERE {{ GRAPH <{g}> {{ <{g}> <{GOV.contentHash}> ?h }} }}") == [
        {"h": __import__("govkg.ingest").ingest.read(changed).sha256}]
    # the village no report names any more is gone from the shared graph too; the new one is there
    labels = {r["l"] for r in select(store, f"SELECT ?l WHERE {{ ?v a <{GOV.Village}> ; <{LABEL}> ?l }}")}
    assert "龙潭村" not in labels and "金沙村" in labels


def test_a_failing_report_is_listed_and_the_others_land(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(LIUHE_2021, src / "a.txt")
    (src / "b-empty.txt").write_bytes(b"")
    shutil.copy(BAIHE_2021, src / "c.txt")
    r = govkg("build", str(src), "--store", str(tmp_path / "store"), "-j", "2")
    assert r.returncode == 1, r.stderr
    failed = [line for line in r.stdout.splitlines() if "b-empty.txt" in line]
    assert len(failed) == 1 and "empty" in failed[0]
    assert "reports failed" in r.stdout and "reports built" in r.stdout
    built = {line.split()[-1] for line in r.stdout.splitlines() if line.strip().startswith("reports built")}
    assert built == {"2"}
    graphs = {g.value for g in ox.Store.read_only(str(tmp_path / "store")).named_graphs()}
    reports = {report_iri(LIUHE_2021), report_iri(BAIHE_2021)}
    assert graphs == reports | {corpus.SHARED_GRAPH, STATS_GRAPH} | {stats_graph(r) for r in reports}


def test_store_and_output_folder_are_exclusive(tmp_path):
    r = govkg("build", str(LIUHE_2021), "--store", str(tmp_path / "s"), "-o", str(tmp_path / "o"))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "s").exists() and not (tmp_path / "o").exists()


def test_a_folder_that_is_not_a_store_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    r = govkg("build", str(LIUHE_2021), "--store", str(tmp_path))
    assert r.returncode == 2 and "not an Oxigraph store" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def variants(folder: Path, n: int) -> None:
    """Write n distinct reports (other towns and years) made from the Liuhe 2021 report."""
    text = LIUHE_2021.read_text(encoding="utf-8")
    stems = "青石白云金沙红星长乐永安"
    for i in range(n):
        town = stems[i % len(stems)] + stems[(i // len(stems) + 1 + i) % len(stems)]
        body = text.replace("柳河", town).replace("2021年政府工作报告", f"{2001 + i}年政府工作报告")
        (folder / f"r{i:02d}.txt").write_text(body, encoding="utf-8")


def test_a_build_killed_midway_leaves_whole_reports_and_the_rerun_finishes(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    variants(src, 30)
    ref = tmp_path / "ref"
    summary = corpus.build_corpus(sorted(src.iterdir()), ref, jobs=2)
    assert len(summary.built) == 30
    expected = quads_by_graph(ref)
    assert len(expected) == 2 * 30 + 2  # the reports, their statistics, the shared graph, the store's statistics

    path = tmp_path / "store"
    log = tmp_path / "progress.log"
    env = {**os.environ, "GOVKG_LOAD_BATCH_QUADS": "1"}  # load each report on its own
    with open(log, "w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "govkg.cli", "build", str(src), "--store", str(path),
                                 "-j", "2", "--progress"], stdout=subprocess.DEVNULL, stderr=err, env=env,
                                start_new_session=True)
        deadline = time.monotonic() + 120
        while " built " not in log.read_text() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGKILL)  # the build and its workers, as in a power cut
        proc.wait()
    landed = quads_by_graph(path)
    landed.pop(corpus.SHARED_GRAPH, None)
    assert STATS_GRAPH not in landed  # not stamped: queries scan until a build finishes
    reports = {g for g in landed if not g.startswith(STATS_GRAPH)}
    assert 0 < len(reports) < 30, "the build was not interrupted midway"
    assert {stats_graph(r) for r in reports} == landed.keys() - reports  # each report with its statistics
    for g, triples in landed.items():
        assert triples == expected[g], f"{g} is not whole"

    rerun = corpus.build_corpus(sorted(src.iterdir()), path, jobs=2)
    assert len(rerun.skipped) == len(reports) and len(rerun.built) == 30 - len(reports)
    assert quads_by_graph(path) == expected


def test_load_graph_of_one_division_reads_its_reports_and_the_facts_of_what_they_name(built):
    from rdflib import Graph, URIRef

    from govkg.store import load_graph

    store = ox.Store.read_only(str(built[0]))

    def graph_of(name: str) -> Graph:
        return Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name)),
                             format="nt")

    got = set(load_graph(built[0], division="柳河镇"))
    own = set(graph_of(report_iri(LIUHE_2021))) | set(graph_of(report_iri(LIUHE_2022)))
    named = {s for s, p, _ in own if p == URIRef(str(GOV.mention))}
    facts = {t for t in graph_of(corpus.SHARED_GRAPH) if t[0] in named}
    assert got == own | facts
    # the other town's own village (石门村 of 白鹤镇) is not there
    other = set(villages(store, report_iri(BAIHE_2021)).values()) - {str(s) for s in named}
    assert other and not any(str(s) in other for s, _, _ in got)


def test_export_of_one_division(built, tmp_path):
    from rdflib import Graph
    from rdflib.namespace import DCAT, DCTERMS, RDF

    out = tmp_path / "export"
    r = govkg("export", str(built[0]), "--division", "柳河镇", "-o", str(out))
    assert r.returncode == 0, r.stderr
    cat = Graph().parse(out / "catalog.ttl")
    titles = {str(t) for d in cat.subjects(RDF.type, DCAT.Dataset) for t in cat.objects(d, DCTERMS.title)
              if getattr(t, "language", None) == "zh"}
    assert titles and all("柳河镇" in t for t in titles) and not any("白鹤镇" in t for t in titles)
    bad = govkg("export", str(built[0]), "--division", "无此镇", "-o", str(tmp_path / "none"))
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and not (tmp_path / "none").exists()
