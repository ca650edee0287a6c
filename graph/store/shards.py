"""Build a corpus into shard files, and load shards into a store (``govkg build --shards``, ``govkg load``).

A shard is one gzip-compressed N-Quads file per batch of reports: each report's own triples in
its named graph (the report's IRI, as in a corpus store), its statistics in its statistics graph
(:mod:`govkg.store.stats`) and what the reports of the batch share (entities' types, labels,
relations) in ``SHARED_GRAPH``. Lines are unique and sorted, and gzip's
header carries no time or name, so the same batch gives the same bytes anywhere. A shard is named
by a hash of its batch (the content hashes of its report files), and written atomically by the
worker that built it: no report's graph travels back to the coordinator, only a few numbers.

``manifest.json`` beside the shards lists every report (its file, the file's sha256, the report
IRI, the report's content hash, its shard, its quad count, or its error). A second build skips
every file whose hash the manifest lists without an error, so a killed or extended build resumes
where it was. A report whose file changed is built again into a new shard; the manifest then
points its IRI to the new shard, and the loader reads each report's graph only from the shard
the manifest names (the older shard's copy is ignored).

The batches run on local worker processes forked from a warmed-up parent (as ``build --store``),
or on a Dask cluster (:func:`run_batches_dask`), which imports ``distributed`` only then.
"""
from __future__ import annotations

import gc
import gzip
import hashlib
import json
import multiprocessing
import os
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from govkg.errors import GovkgError
from govkg.store import SHARED_GRAPH
from govkg.store.stats import StatsUpdate, stats_graph

MANIFEST = "manifest.json"
BATCH_REPORTS = 20  # reports per shard (default)
FORMAT_VERSION = 1


class ShardError(GovkgError):
    """A shard folder or manifest that cannot be used (exit 2)."""


@dataclass
class ShardSummary:
    """The result of a shard build."""
    out: str
    built: list = field(default_factory=list)  # paths
    skipped: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (path, error)
    shards: list = field(default_factory=list)  # shard file names written by this run
    quads: int = 0
    seconds: float = 0.0
    jobs: int = 1
    entities: Counter = field(default_factory=Counter)


def file_sha256(path: str | os.PathLike) -> str:
    """Return the sha256 of a file's bytes (the manifest's resume key)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def shard_name(batch: list[tuple[str, str]]) -> str:
    """Name a shard after its batch: the sorted content hashes of its report files.

    >>> shard_name([("a.txt", "01"), ("b.txt", "02")]) == shard_name([("c.txt", "02"), ("d.txt", "01")])
    True
    """
    key = "\n".join(sorted(h for _p, h in batch)).encode()
    return f"shard-{hashlib.sha256(key).hexdigest()[:20]}.nq.gz"


def write_gzip_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` gzip-compressed with no name and mtime 0 (same bytes for the same data), atomically."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz:
        gz.write(data)
    os.replace(tmp, path)


# --------------------------------------------------------------------------- worker side

def build_batch(batch: list[tuple[str, str]], out_dir: str) -> list[dict]:
    """Build one batch of (path, file sha256) into its shard file in ``out_dir``; return manifest entries.

    Runs in a worker (a forked process or a Dask worker): only the entries travel back.
    """
    from govkg.store import corpus  # noqa: PLC0415  (the extractors; imported where the work runs)

    name = shard_name(batch)
    lines: set[bytes] = set()
    entries = []
    for path, digest in batch:
        out = corpus.build_one((0, path))
        entry = {"path": path, "file_sha256": digest, "iri": out.iri, "sha256": out.sha256,
                 "shard": "", "quads": 0, "error": out.error}
        if out.status == "built":  # (skipped needs a store; a shard build knows none)
            own = corpus._quads(out.data, out.iri).splitlines(keepends=True)
            shared = corpus._quads(out.shared, SHARED_GRAPH).splitlines(keepends=True)
            stats = corpus._quads(out.stats, stats_graph(out.iri)).splitlines(keepends=True)
            lines.update(own)
            lines.update(shared)
            lines.update(stats)
            entry.update(shard=name, quads=len(own) + len(shared) + len(stats), entities=out.entities)
        entries.append(entry)
    if lines:
        write_gzip_atomic(Path(out_dir) / name, b"".join(sorted(lines)))
    return entries


def _init_local_worker() -> None:
    gc.set_threshold(corpus_gc_threshold(), 20, 100)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C


def corpus_gc_threshold() -> int:
    from govkg.store import corpus  # noqa: PLC0415
    return corpus.GC_THRESHOLD


def _local_task(args):
    return build_batch(*args)


def run_batches_local(batches: list[list[tuple[str, str]]], out_dir: str, jobs: int):
    """Yield the entries of each batch as local forked workers finish them."""
    from govkg.store import corpus  # noqa: PLC0415

    if not batches:
        return
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    gc.disable()
    try:
        corpus.warm_up()  # jieba's dictionary once, before the workers fork
    finally:
        gc.enable()
    gc.freeze()
    ctx = multiprocessing.get_context("fork")
    pool = ctx.Pool(min(jobs, max(1, len(batches))), initializer=_init_local_worker)
    try:
        yield from pool.imap_unordered(_local_task, [(b, out_dir) for b in batches])
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        gc.unfreeze()


def run_batches_dask(batches: list[list[tuple[str, str]]], out_dir: str, cluster: str):
    """Yield the entries of each batch as the workers of the Dask cluster at ``cluster`` finish them.

    The workers must see ``out_dir`` and the report files at the same paths (a shared file system).
    """
    if not batches:
        return
    try:
        from distributed import Client, as_completed  # noqa: PLC0415

        from govkg.store.dask_warmup import WarmUp  # noqa: PLC0415
    except ImportError:
        raise ShardError("--cluster needs Dask's distributed: pip install 'govkg[dask]'") from None
    try:
        client = Client(cluster, timeout=10)
    except (OSError, TimeoutError) as e:
        raise ShardError(f"{cluster}: cannot reach the Dask scheduler ({' '.join(str(e).split())[:200]})") from None
    try:
        client.register_plugin(WarmUp(), name=WarmUp.name)
        futures = [client.submit(build_batch, b, out_dir, pure=False) for b in batches]
        for fut in as_completed(futures):
            try:
                entries = fut.result()
            except OSError:
                raise
            except Exception as e:  # noqa: BLE001  (a lost worker, a task the cluster gave up on)
                raise ShardError(f"{cluster}: a batch failed on the cluster ({type(e).__name__}: "
                                 f"{' '.join(str(e).split())[:200]}); run the build again to resume") from None
            yield entries
            fut.release()
    finally:
        client.close()


# --------------------------------------------------------------------------- coordinator

def read_manifest(out: Path) -> dict:
    """Return the manifest's reports as {path: entry} (empty if there is none)."""
    f = out / MANIFEST
    if not f.exists():
        return {}
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
        return {e["path"]: e for e in data["reports"]}
    except (ValueError, KeyError, TypeError) as e:
        raise ShardError(f"{f}: not a govkg shard manifest ({e})") from None


def write_manifest(out: Path, reports: dict) -> None:
    """Write the manifest atomically (sorted, so the same build gives the same file)."""
    rows = [{k: e[k] for k in ("path", "file_sha256", "iri", "sha256", "shard", "quads", "error")}
            for _p, e in sorted(reports.items())]
    text = json.dumps({"format": "govkg-shards", "version": FORMAT_VERSION, "reports": rows},
                      ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    tmp = out / f".{MANIFEST}.tmp"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, out / MANIFEST)


def build_shards(inputs, out_dir, *, jobs: int | None = None, batch_reports: int | None = None,
                 cluster: str | None = None, force: bool = False) -> ShardSummary:
    """Build reports into shard files and a manifest in ``out_dir``; return a ShardSummary.

    Local builds run in a fresh process of their own (:func:`in_fresh_process`), whose workers fork
    from it once it has loaded jieba's dictionary.
    """
    if cluster:  # Dask's client keeps threads: run it here, not in a fork
        return build_shards_here(inputs, out_dir, jobs=jobs, batch_reports=batch_reports, cluster=cluster,
                                 force=force)
    return in_fresh_process(build_shards_here, [str(p) for p in inputs], str(out_dir), jobs=jobs,
                            batch_reports=batch_reports, force=force)


def in_fresh_process(fn, *args, **kw):
    """Call ``fn(*args, **kw)`` in a fresh (spawned) interpreter and return its value; raise its GovkgError here.

    Not a fork: a forked child inherits RocksDB's global state from a parent that has opened a store
    (its background threads are gone in the child), and its first write could hang. The build's
    settings (garbage collector, the workers' environment) stay in that process too.
    """
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        ok, value = pool.submit(_call, fn, args, kw).result()
    if not ok:
        raise ShardError(value)
    return value


def _call(fn, args, kw):
    try:
        return True, fn(*args, **kw)
    except GovkgError as e:
        return False, str(e)
    except Exception as e:  # noqa: BLE001
        return False, f"{type(e).__name__}: {' '.join(str(e).split())[:300]}"


def build_shards_here(inputs, out_dir, *, jobs: int | None = None, batch_reports: int | None = None,
                      cluster: str | None = None, force: bool = False) -> ShardSummary:
    """Build as :func:`build_shards` does, in this process."""
    from govkg.store.corpus import default_jobs  # noqa: PLC0415

    t0 = time.perf_counter()
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ShardError(f"{out}: is a file, not a shard folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).exists():
        raise ShardError(f"{out}: folder is not empty and holds no {MANIFEST}")
    out.mkdir(parents=True, exist_ok=True)
    size = batch_reports or BATCH_REPORTS
    if size < 1:
        raise ShardError("--batch must be at least 1")
    jobs = max(1, jobs or default_jobs())
    summary = ShardSummary(out=str(out), jobs=jobs)
    manifest = {} if force else read_manifest(out)
    done = {(e["path"], e["file_sha256"]) for e in manifest.values() if not e["error"]}
    todo = []
    for p in sorted(dict.fromkeys(str(p) for p in inputs)):
        try:
            digest = file_sha256(p)
        except OSError as e:
            summary.failed.append((p, f"{p}: {e.strerror or e}"))
            continue
        if (p, digest) in done:
            summary.skipped.append(p)
        else:
            todo.append((p, digest))
    batches = [todo[i:i + size] for i in range(0, len(todo), size)]
    results = run_batches_dask(batches, str(out.resolve()), cluster) if cluster else run_batches_local(batches, str(out), jobs)
    for entries in results:
        for e in entries:
            _take(manifest, e, summary)
        write_manifest(out, manifest)  # after every batch: a killed build resumes from here
    if not batches:
        write_manifest(out, manifest)
    summary.built.sort()
    summary.failed.sort()
    summary.skipped.sort()
    summary.shards = sorted({e["shard"] for e in manifest.values() if e["shard"]})
    summary.seconds = time.perf_counter() - t0
    return summary


def _take(manifest: dict, e: dict, summary: ShardSummary) -> None:
    if not e["error"]:
        for other in manifest.values():  # same report IRI from another file with other text
            if other["path"] != e["path"] and other["iri"] == e["iri"] and not other["error"]:
                if other["sha256"] != e["sha256"]:
                    e = dict(e, shard="", quads=0, error=f"{e['path']}: same report (division, year and title) "
                                                          f"as {other['path']} but different text; not loaded")
                break
    manifest[e["path"]] = e
    if e["error"]:
        summary.failed.append((e["path"], e["error"]))
    else:
        summary.built.append(e["path"])
        summary.quads += e["quads"]
        summary.entities.update(e.get("entities") or {})


def format_summary(s: ShardSummary) -> str:
    """Return the end-of-build table of a shard build."""
    rate = len(s.built) / s.seconds if s.seconds else 0.0
    lines = [f"shards {s.out}: {len(s.built) + len(s.skipped) + len(s.failed)} report(s)",
             f"  reports built    {len(s.built)}", f"  reports skipped  {len(s.skipped)}  (in the manifest)",
             f"  reports failed   {len(s.failed)}", f"  shards           {len(s.shards)}",
             f"  quads written    {s.quads}", f"  time             {s.seconds:.1f} s  ({rate:.2f} reports/s)"]
    if s.failed:
        lines.append("failed:")
        lines += [f"  {err}" for _p, err in s.failed]
    return "\n".join(lines)


# --------------------------------------------------------------------------- loading

def _graph_of(line: bytes) -> bytes:
    """Return the graph IRI of an N-Quads line ending in ``<graph> .``."""
    end = line.rstrip()
    return end[end.rindex(b"<", 0, len(end) - 1) + 1:end.rindex(b">")]


def shard_reports(out: Path) -> dict[str, dict]:
    """Return {report IRI: manifest entry} of the reports to load (the entry of each IRI's latest file)."""
    reports = {}
    for e in read_manifest(out).values():
        if not e["error"] and e["shard"]:
            reports[e["iri"]] = e
    return reports


def report_graphs(iri: str) -> tuple[str, str]:
    """Return a report's graphs in a store: its own and its statistics graph, which are dropped,
    loaded and replaced together."""
    return iri, stats_graph(iri)


def graphs_by_shard(todo: dict[str, dict]) -> dict[str, set[bytes]]:
    """Return {shard file: the graphs of the reports of ``todo`` (IRI -> manifest entry) it holds}."""
    by_shard: dict[str, set[bytes]] = {}
    for iri, e in todo.items():
        by_shard.setdefault(e["shard"], set()).update(g.encode() for g in report_graphs(iri))
    return by_shard


def read_shard(out: Path, shard: str, keep: set[bytes]) -> tuple[bytes, bool]:
    """Return the lines of a shard that belong to the graphs in ``keep`` or to SHARED_GRAPH, and
    whether they are all its lines."""
    path = out / shard
    try:
        lines = gzip.decompress(path.read_bytes()).splitlines(keepends=True)
    except (OSError, EOFError) as e:
        raise ShardError(f"{path}: cannot read shard ({' '.join(str(e).split())[:200]})") from None
    shared = SHARED_GRAPH.encode()
    kept = [line for line in lines if (g := _graph_of(line)) == shared or g in keep]
    return b"".join(kept), len(kept) == len(lines)


@dataclass
class LoadSummary:
    """The result of loading shards into a store."""
    store: str
    loaded: list = field(default_factory=list)  # report IRIs new to the store
    replaced: list = field(default_factory=list)  # report IRIs whose older graph was replaced
    unchanged: int = 0
    quads: int = 0
    shards: int = 0
    seconds: float = 0.0


def load_shards(out_dir, store_path, *, optimize: bool | None = None) -> LoadSummary:
    """Bulk-load the shards of ``out_dir`` into the Oxigraph store ``store_path`` (in a forked process).

    A report the store holds with the same content hash is left alone; one with another hash has
    its graph (and its statistics graph) dropped and loaded again (a load killed between the two
    leaves it absent, and the next load brings it in); entities no report mentions any more are
    then removed, and the store's corpus statistics brought up to date (those of reports from
    shards written by an older govkg, which carry none, are counted from the store). The store ends
    equal to what ``govkg build --store`` makes of the same reports.
    """
    return in_fresh_process(load_shards_here, str(out_dir), str(store_path), optimize=optimize)


def load_shards_here(out_dir, store_path, *, optimize: bool | None = None) -> LoadSummary:
    """Load as :func:`load_shards` does, in this process."""
    import pyoxigraph as ox  # noqa: PLC0415

    from govkg.store import corpus  # noqa: PLC0415

    t0 = time.perf_counter()
    out = Path(out_dir)
    if not (out / MANIFEST).is_file():
        raise ShardError(f"{out}: no {MANIFEST} (not a folder written by 'govkg build --shards')")
    reports = shard_reports(out)
    summary = LoadSummary(store=str(store_path))
    store = corpus.open_build_store(store_path)
    corpus.remove_leftovers(store_path)
    stored = corpus.stored_reports(store)
    todo = {iri: e for iri, e in reports.items() if stored.get(iri) != e["sha256"]}
    summary.unchanged = len(reports) - len(todo)
    replaced = sorted(iri for iri in todo if iri in stored)
    stats = StatsUpdate(store)
    if replaced:
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for iri in replaced for g in report_graphs(iri)))
    by_shard = graphs_by_shard(todo)
    for shard in sorted(by_shard):
        data, _whole = read_shard(out, shard, by_shard[shard])
        try:
            store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        except SyntaxError as e:
            raise ShardError(f"{out / shard}: not valid N-Quads ({str(e).splitlines()[0]})") from None
        summary.quads += data.count(b"\n")
        summary.shards += 1
    stats.loaded(todo)
    if replaced:
        corpus.remove_orphans(store)
    stats.finish()
    summary.loaded = sorted(iri for iri in todo if iri not in stored)
    summary.replaced = replaced
    if optimize or (optimize is None and len(todo) >= max(corpus.OPTIMIZE_MIN, len(stored) // 10)):
        store.optimize()
    store.flush()
    summary.seconds = time.perf_counter() - t0
    return summary


def format_load_summary(s: LoadSummary) -> str:
    """Return the end-of-load table."""
    return "\n".join([f"store {s.store}: loaded from {s.shards} shard(s)",
                      f"  reports loaded     {len(s.loaded)}", f"  reports replaced   {len(s.replaced)}",
                      f"  reports unchanged  {s.unchanged}", f"  quads read         {s.quads}",
                      f"  time               {s.seconds:.1f} s"])
