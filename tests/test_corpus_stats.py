"""Corpus statistics (govkg.store.stats): whole-store top_entities, section_coverage and dataset_stats
answered from them give the full scan's rows, after loads, replacements, removals and shard loads.

The quick tests load reports into an in-memory store the way a corpus build does (``build_one``,
``load_report``, ``StatsUpdate``); the slow ones run real builds and ``govkg load``.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from govkg import query as gq
from govkg.query import stats as answers
from govkg.query.engine import from_statistics
from govkg.rdf.namespace import GOV
from govkg.resources import queries_dir
from govkg.store import SHARED_GRAPH, corpus, shards
from govkg.store.stats import (
    KIND_CLASSES,
    STATS_GRAPH,
    StatsUpdate,
    read_part,
    rebuild,
    stats_current,
    stats_from_store,
    stats_graph,
)
from support import DATA

ROOT = Path(__file__).resolve().parent.parent
CORPUS = DATA / "corpus"
NAMES = ("liuhe-2021", "liuhe-2022", "baihe-2021", "qingxi-2021", "qingxi-2022")
QUERIES = tuple(answers.ANSWERS)


@lru_cache(maxsize=None)
def outcome(path: str) -> corpus.Outcome:
    """Build one report as a corpus build's worker does (made once per path and text)."""
    out = corpus.build_one((0, path))
    assert out.status == "built", out.error
    return out


def load(store, path) -> str:
    """Load one report (its graph, shared triples and statistics) as the build's loader does; return its IRI."""
    out = outcome(str(path))
    corpus.load_report(store, out.iri, out.data, out.shared, out.stats)
    return out.iri


def store_of(paths) -> ox.Store:
    """Return an in-memory store holding these reports, statistics brought up to date."""
    store = ox.Store()
    update = StatsUpdate(store)
    update.loaded([load(store, p) for p in paths])
    update.finish()
    return store


def assert_same_answers(store) -> None:
    """The statistics give each query's rows (variables, terms, order) exactly as its full scan does."""
    assert stats_current(store)
    for name in QUERIES:
        fast = answers.answer(name, store)
        full = gq.run_query(store, name, full_scan=True)
        assert fast.rows, f"{name}: no rows from the statistics"
        assert fast.variables == full.variables, name
        assert fast.rows == full.rows, f"{name}: {len(fast.rows)} rows from the statistics, {len(full.rows)} scanned"
        assert from_statistics(gq.prepare_query(name), store)  # and run_query takes this path
        assert gq.run_query(store, name).rows == full.rows


def test_the_statistics_answer_as_the_full_scan():
    assert_same_answers(store_of(CORPUS / f"{n}.txt" for n in NAMES))


def test_a_report_counted_from_its_store_graph_gives_the_statistics_its_build_gave():
    """Counted in the build's worker (from the mapping's N-Triples) or later from the store (from
    pyoxigraph's terms, for a store built without statistics), a report's statistics graph is the same."""
    store = store_of(CORPUS / f"{n}.txt" for n in NAMES)
    for n in NAMES:
        out = outcome(str(CORPUS / f"{n}.txt"))
        assert stats_from_store(store, out.iri).ntriples() == out.stats


def test_a_replaced_report_replaces_its_statistics(tmp_path):
    store = store_of(CORPUS / f"{n}.txt" for n in NAMES)
    before = dict(read_part(store, "statsEntityCounts"))
    changed = tmp_path / "baihe-2021.txt"
    changed.write_text((CORPUS / "baihe-2021.txt").read_text(encoding="utf-8").replace("龙潭村", "金沙村"),
                       encoding="utf-8")
    update = StatsUpdate(store)
    assert update.valid
    iri = load(store, changed)
    assert not stats_current(store)  # the report changed; until the update, queries scan
    update.loaded([iri])
    update.finish()
    assert_same_answers(store)
    after = dict(read_part(store, "statsEntityCounts"))
    assert after.keys() == before.keys() and after[iri] != before[iri]
    assert [v for k, v in after.items() if k != iri] == [v for k, v in before.items() if k != iri]


def test_a_report_dropped_by_hand_stops_the_statistics_until_the_next_update():
    store = store_of(CORPUS / f"{n}.txt" for n in NAMES)
    gone = outcome(str(CORPUS / "qingxi-2021.txt")).iri
    store.update(f"DROP GRAPH <{gone}>")
    corpus.remove_orphans(store)
    assert not stats_current(store)
    assert not from_statistics(gq.prepare_query("top_entities"), store)
    StatsUpdate(store).finish()
    assert not store.contains_named_graph(ox.NamedNode(stats_graph(gone)))
    assert gone not in dict(read_part(store, "statsThingCounts"))
    assert_same_answers(store)


def counted_classes(store, report: str) -> dict[str, set]:
    """Return {entity: its classes} as a report's statistics counted them."""
    doc = dict(read_part(store, "statsEntityCounts"))[report]
    return {e: {doc["classes"][i] for i in doc["sets"][s]} for e, s in zip(doc["entities"], doc["set"])}


def test_an_entity_given_a_second_class_by_another_report_is_counted_with_both():
    """A place linked to its division code keeps one IRI whatever type each report gave it: a report
    that types it otherwise adds a class, and the reports that named it before are counted again."""
    store = store_of(CORPUS / f"{n}.txt" for n in NAMES[:2])
    first = outcome(str(CORPUS / "liuhe-2021.txt")).iri
    entity = sorted(e for e, cls in counted_classes(store, first).items() if cls == {str(GOV.Village)})[0]
    out = outcome(str(CORPUS / "baihe-2021.txt"))
    extra = f"<{entity}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{GOV.Community}> .\n".encode()
    update = StatsUpdate(store)
    corpus.load_report(store, out.iri, out.data, out.shared + extra, out.stats)
    update.loaded([out.iri])
    update.finish()
    assert counted_classes(store, first)[entity] == {str(GOV.Village), str(GOV.Community)}
    assert_same_answers(store)


def test_a_store_without_statistics_scans_and_rebuild_fills_them():
    store = store_of(CORPUS / f"{n}.txt" for n in NAMES)
    expected = {name: gq.run_query(store, name, full_scan=True).rows for name in QUERIES}
    for g in list(store.named_graphs()):
        if g.value.startswith(STATS_GRAPH):
            store.remove_graph(g)  # as a store built by an older govkg
    assert not stats_current(store)
    assert all(gq.run_query(store, name).rows == rows for name, rows in expected.items())
    done = rebuild(store)
    assert done.counted == len(NAMES)
    assert_same_answers(store)
    assert all(answers.answer(name, store).rows == rows for name, rows in expected.items())


def test_a_load_without_the_update_leaves_the_store_unstamped():
    store = store_of(CORPUS / f"{n}.txt" for n in NAMES[:2])
    load(store, CORPUS / "baihe-2021.txt")  # as a build killed before its end
    assert not stats_current(store)
    assert gq.run_query(store, "dataset_stats").rows == gq.run_query(store, "dataset_stats", full_scan=True).rows


def test_a_division_or_a_file_source_is_never_answered_from_statistics():
    store = store_of(CORPUS / f"{n}.txt" for n in NAMES[:2])
    assert not from_statistics(gq.prepare_query("top_entities", {"division": "柳河镇"}), store)
    assert not from_statistics(gq.prepare_query(queries_dir() / "top_entities.rq"), store)  # a file: not the library's
    assert not from_statistics(gq.prepare_query("top_entities"), store, default_graph=[SHARED_GRAPH])
    assert not from_statistics(gq.prepare_query("top_entities"), ox.Store())


@pytest.mark.parametrize("name", ["top_entities", "section_coverage"])
def test_the_entity_classes_counted_are_those_the_queries_list(name):
    text = (queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
    listed = set(re.findall(r"gov:(\w+)", text.split("FILTER(?class IN", 1)[1].split(")", 1)[0]))
    assert {str(GOV[n]) for n in listed} == set(KIND_CLASSES)


# --------------------------------------------------------------------------- real builds

def govkg(*args, **kw):
    return subprocess.run([sys.executable, "-m", "govkg.cli", *args], capture_output=True, text=True, **kw)


def answers_of(path) -> dict:
    """Return {query: (statistics rows, scanned rows, current)} of a store, read in another process: a
    store opened here would leave RocksDB's state in this process, and a build forked from it could hang."""
    code = """
import json, sys, pyoxigraph as ox
from govkg import query as gq
from govkg.query import stats as answers
from govkg.store.stats import stats_current
store = ox.Store.read_only(sys.argv[1])
out = {}
for name in answers.ANSWERS:
    fast = answers.answer(name, store) if stats_current(store) else None
    full = gq.run_query(store, name, full_scan=True)
    out[name] = [fast and [list(map(str, r)) for r in fast.rows], [list(map(str, r)) for r in full.rows], stats_current(store)]
print(json.dumps(out))
"""
    import json

    r = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


def assert_store_answers(path) -> dict:
    got = answers_of(path)
    for name, (fast, full, current) in got.items():
        assert current, f"{path}: statistics not up to date"
        assert fast == full and full, f"{name}: statistics and scan differ"
    return got


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """Twelve reports of three towns, recombined from the sample (bench/make_corpus.py)."""
    folder = tmp_path_factory.mktemp("synthetic") / "reports"
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), "12", str(folder)], check=True,
                   capture_output=True)
    return folder


@pytest.mark.slow
def test_builds_replacements_removals_and_shard_loads_keep_the_statistics_equal_to_the_scan(synthetic, tmp_path):
    src = tmp_path / "reports"
    shutil.copytree(synthetic, src)
    store = tmp_path / "store"
    assert not corpus.build_corpus(sorted(src.glob("*.txt")), store, jobs=2).failed
    first = assert_store_answers(store)

    changed = sorted(src.glob("*.txt"))[3]  # new text: the report's graph and statistics are replaced
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("。", "。全面完成幸福村道路硬化工程。", 1), encoding="utf-8")
    again = corpus.build_corpus(sorted(src.glob("*.txt")), store, jobs=2)
    assert [p for p, _ in again.built] == [str(changed)]
    second = assert_store_answers(store)
    assert second != first

    removed = sorted(src.glob("*.txt"))[0]  # a report dropped from the store by hand
    iri = [i for p, i in again.skipped if p == str(removed)][0]
    code = (f"import pyoxigraph as ox; s = ox.Store({str(store)!r}); s.update('DROP GRAPH <{iri}>'); "
            "s.flush()")
    subprocess.run([sys.executable, "-c", code], check=True)
    stale = answers_of(store)
    assert all(not current and fast is None for fast, _full, current in stale.values())  # scanned meanwhile
    removed.unlink()
    assert not corpus.build_corpus(sorted(src.glob("*.txt")), store, jobs=2).built  # nothing new: brought up to date
    third = assert_store_answers(store)
    assert third["dataset_stats"][1] != second["dataset_stats"][1]

    out, loaded = tmp_path / "shards", tmp_path / "loaded"
    shards.build_shards(sorted(src.glob("*.txt")), out, jobs=2, batch_reports=5)
    r = govkg("load", str(out), "--store", str(loaded))
    assert r.returncode == 0, r.stderr
    assert assert_store_answers(loaded) == third


@pytest.mark.slow
def test_command_line_full_scan_and_rebuild(synthetic, tmp_path):
    store = tmp_path / "store"
    assert not corpus.build_corpus(sorted(synthetic.glob("*.txt"))[:6], store, jobs=2).failed
    for name in QUERIES:
        fast, full = govkg("query", str(store), name, "-f", "csv"), govkg("query", str(store), name, "-f", "csv",
                                                                             "--full-scan")
        assert fast.returncode == full.returncode == 0, fast.stderr + full.stderr
        assert fast.stdout == full.stdout and fast.stdout.count("\n") > 2
    code = (f"import pyoxigraph as ox; s = ox.Store({str(store)!r}); "
            "[s.remove_graph(g) for g in list(s.named_graphs()) if g.value.startswith('https://w3id.org/govkg/id/graph/stats')]; "
            "s.flush()")
    subprocess.run([sys.executable, "-c", code], check=True)
    assert all(not current for _f, _s, current in answers_of(store).values())
    r = govkg("stats", str(store), "--rebuild")
    assert r.returncode == 0 and "statistics of 6 report(s)" in r.stdout, r.stderr
    assert_store_answers(store)
    r = govkg("stats", str(store), "--rebuild", "--division", "x")
    assert r.returncode == 2 and r.stderr.count("\n") == 1
