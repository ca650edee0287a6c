"""Shard builds (govkg build --shards), resuming from the manifest, loading shards (govkg load) into a
store equal to a corpus build's, replacing a report, and the same shards from a Dask cluster."""
from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from govkg.store import SHARED_GRAPH, corpus, shards
from govkg.store.stats import stats_graph
from support import DATA

pytestmark = pytest.mark.slow  # corpus builds and a Dask cluster: deselect with -m "not slow"

# three reports of two towns (tests/data/corpus holds more, for other tests): a folder of their own
CORPUS = Path(tempfile.mkdtemp(prefix="govkg-shards-corpus-"))
for _name in ("baihe-2021.txt", "liuhe-2021.txt", "liuhe-2022.txt"):
    shutil.copy(DATA / "corpus" / _name, CORPUS / _name)
REPORTS = sorted(CORPUS.glob("*.txt"))


def govkg(*args, **kw):
    return subprocess.run([sys.executable, "-m", "govkg.cli", *args], capture_output=True, text=True, **kw)


def quads(path) -> set[str]:
    """Return the store's quads as strings, read in another process: a store opened here would leave
    RocksDB's state in this process, and a build forked from it later could hang."""
    code = "import json,sys,pyoxigraph as ox; print(json.dumps(sorted(str(q) for q in ox.Store.read_only(sys.argv[1]))))"
    r = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    return set(json.loads(r.stdout))


def shard_bytes(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name.endswith(".nq.gz")}


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    """The reference: today's corpus build of the three small reports."""
    path = tmp_path_factory.mktemp("ref") / "store"
    summary = corpus.build_corpus(REPORTS, path, jobs=2)
    assert not summary.failed, summary.failed
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("shards") / "out"
    summary = shards.build_shards(REPORTS, out, jobs=2, batch_reports=2)
    assert not summary.failed, summary.failed
    return out, summary


def test_one_shard_per_batch_with_a_manifest_of_every_report(built):
    out, summary = built
    assert len(summary.built) == 3 and len(summary.shards) == 2
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    rows = manifest["reports"]
    assert [r["path"] for r in rows] == [str(p) for p in REPORTS]
    for r in rows:
        assert r["error"] == "" and r["quads"] > 0 and len(r["sha256"]) == 64 and len(r["file_sha256"]) == 64
        assert (out / r["shard"]).is_file()
    assert set(shard_bytes(out)) == {r["shard"] for r in rows}


def test_shard_lines_are_sorted_unique_nquads_of_report_and_shared_graphs(built):
    out, _ = built
    iris = {r["iri"] for r in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]}
    for data in shard_bytes(out).values():
        assert data[:2] == b"\x1f\x8b" and data[4:8] == b"\0\0\0\0"  # gzip, mtime 0
        lines = gzip.decompress(data).splitlines()
        assert lines == sorted(set(lines))
        graphs = {shards._graph_of(line).decode() for line in lines}
        assert SHARED_GRAPH in graphs and graphs - {SHARED_GRAPH} <= iris | {stats_graph(i) for i in iris}
        assert {stats_graph(g) for g in graphs & iris} <= graphs  # each report with its statistics


def test_shards_are_byte_identical_on_a_second_build(built, tmp_path):
    out, _ = built
    again = shards.build_shards(REPORTS, tmp_path / "again", jobs=1, batch_reports=2)
    assert shard_bytes(tmp_path / "again") == shard_bytes(out)
    assert (tmp_path / "again" / "manifest.json").read_bytes() == (out / "manifest.json").read_bytes()
    assert len(again.built) == 3


def test_a_second_build_skips_the_reports_of_the_manifest(built, tmp_path):
    out = tmp_path / "out"
    first = shards.build_shards(REPORTS[:2], out, jobs=1, batch_reports=2)
    assert len(first.built) == 2
    second = shards.build_shards(REPORTS, out, jobs=1, batch_reports=2)
    assert second.skipped == [str(p) for p in REPORTS[:2]] and second.built == [str(REPORTS[2])]


def test_loaded_shards_equal_the_corpus_build(built, corpus_store, tmp_path):
    out, _ = built
    summary = shards.load_shards(out, tmp_path / "store")
    assert len(summary.loaded) == 3 and not summary.replaced
    assert quads(tmp_path / "store") == quads(corpus_store)
    again = shards.load_shards(out, tmp_path / "store")  # nothing changed: nothing loaded
    assert again.unchanged == 3 and not again.loaded and not again.replaced
    assert quads(tmp_path / "store") == quads(corpus_store)


def test_a_changed_report_replaces_its_graph_on_reload(tmp_path):
    src = tmp_path / "reports"
    shutil.copytree(CORPUS, src)
    out, store = tmp_path / "out", tmp_path / "store"
    shards.build_shards(sorted(src.glob("*.txt")), out, jobs=1, batch_reports=2)
    shards.load_shards(out, store)
    changed = src / "liuhe-2022.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n全面完成新华村道路硬化工程。\n", encoding="utf-8")
    second = shards.build_shards(sorted(src.glob("*.txt")), out, jobs=1, batch_reports=2)
    assert second.built == [str(changed)] and len(second.skipped) == 2
    loaded = shards.load_shards(out, store)
    assert len(loaded.replaced) == 1 and not loaded.loaded and loaded.unchanged == 2
    reference = corpus.build_corpus(sorted(src.glob("*.txt")), tmp_path / "ref", jobs=1)
    assert not reference.failed
    assert quads(store) == quads(tmp_path / "ref")


def test_command_line_builds_loads_and_refuses_bad_arguments(built, corpus_store, tmp_path):
    out = tmp_path / "out"
    r = govkg("build", str(CORPUS), "--shards", str(out), "--batch", "2", "-j", "1")
    assert r.returncode == 0, r.stderr
    assert shard_bytes(out) == shard_bytes(built[0])
    r = govkg("load", str(out), "--store", str(tmp_path / "store"))
    assert r.returncode == 0, r.stderr
    assert quads(tmp_path / "store") == quads(corpus_store)
    for args in (["build", str(CORPUS), "--shards", str(out), "--batch", "0"],
                 ["build", str(CORPUS), "--shards", str(out), "--store", str(tmp_path / "s")],
                 ["build", str(CORPUS), "--shards", str(out), "--cluster", "localhost:1"],
                 ["build", str(CORPUS), "--batch", "2"],
                 ["load", str(tmp_path), "--store", str(tmp_path / "s2")],
                 ["build", str(CORPUS), "--shards", str(CORPUS)]):
        r = govkg(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert r.stderr.startswith("govkg: error:") and len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_a_dask_cluster_writes_the_same_shards_as_a_local_build(built, tmp_path):
    distributed = pytest.importorskip("distributed")  # the govkg[dask] extra (scripts/test.sh installs it)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=50) as cluster:
        summary = shards.build_shards(REPORTS, tmp_path / "out", batch_reports=2, cluster=cluster.scheduler_address)
    assert not summary.failed and len(summary.built) == 3
    assert shard_bytes(tmp_path / "out") == shard_bytes(built[0])
    assert (tmp_path / "out" / "manifest.json").read_bytes() == (built[0] / "manifest.json").read_bytes()
