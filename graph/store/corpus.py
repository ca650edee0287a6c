"""Build many reports into a persistent Oxigraph store, one named graph per report (``govkg build --store``).

Layout of the store
    Each report's own triples (those about the report, its sections, sentences, mentions and
    figures, or pointing at them, such as an entity's ``gov:mention``) live in one named graph
    whose IRI is the report's own IRI (:func:`govkg.rdf.mapping.report_iri`:
    ``https://w3id.org/govkg/id/report/{key}``, key from the division chain, year and title).
    What reports share (entities' types, labels, aliases, relations; the build activity) lives
    once in the graph ``SHARED_GRAPH``. Entities keep their content-minted IRIs, so the same village
    in two reports of one town is one node with mentions in both report graphs. Query the whole
    corpus with the default graph as the union of all graphs (``govkg query`` does): every triple
    is stated in exactly one graph, so counts are right (Oxigraph's union is a multiset).
    After a build that replaced reports, shared triples of entities that no report mentions any
    more are deleted.

Incremental and crash-safe
    The report node in each graph carries ``gov:contentHash`` (sha256 of the normalised text). A
    report whose graph already holds the same hash is skipped (``--force`` rebuilds it). A report
    new to the store is loaded with one RocksDB ingestion (Oxigraph's bulk loader writes all
    indexes of a load smaller than its one-million-quad batch as one atomic ``IngestExternalFiles``);
    a changed report replaces its graph in one SPARQL Update request (``DROP SILENT GRAPH <g> ;
    INSERT DATA { GRAPH <g> { ... } }``: one transaction). A build killed at any point therefore
    leaves every report either whole or absent, and the next run finishes the job. Leftover
    temporary files of an interrupted bulk load are removed at the start of every build.

Statistics
    Each worker also counts what its report contributes to the whole-store counting queries
    (:mod:`govkg.store.stats`); the counts go into the report's statistics graph in the same load
    or update as its graph. At the end, :class:`~govkg.store.stats.StatsUpdate` counts the reports
    that lack them (a store built by an older govkg) or that name an entity whose classes changed,
    and stamps the store, so that queries may answer from them.

Parallel
    Worker processes (``-j N``, default: all cores) each ingest, extract, resolve and map one report
    at a time and send back its N-Triples; the parent only loads them (new reports in batches of
    about 100,000 quads, as each bulk load has a fixed cost; a shared line once per build; the last
    few results as soon as no load runs), with at most ``2 N`` results in flight, so memory follows
    the largest report and the batch size, not the corpus. The workers are forked from a parent that
    has loaded the models, with those objects frozen out of garbage collection. After a build that
    loaded many reports the store is compacted (``Store.optimize``), which about halves query times.
    Once a build has built enough reports to end that way, RocksDB's background compaction threads
    drop to the lowest CPU priority (:func:`defer_compactions`): every bulk load lands as new
    level-0 files, and compacting them while the workers run rewrote the growing store again and
    again (36 of 174 CPU-seconds on 1,000 reports); deferred, most of that merging happens once,
    in the final ``optimize``.

"""
from __future__ import annotations

import gc
import multiprocessing
import os
import re
import resource
import signal
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from govkg import gazetteer, ingest
from govkg.errors import GovkgError
from govkg.extract import extract
from govkg.ingest import IngestError
from govkg.rdf import mapping
from govkg.resolve import resolve
from govkg.store import (
    REMOVE_ORPHANS,
    SHARED_GRAPH,
    STORED_REPORTS,
    is_store_dir,
    join_ntriples,
)
from govkg.store.stats import StatsUpdate, report_stats, stats_graph

_BULK_LEFTOVER = re.compile(r"^(?:bulk-\d+\.sst|\d{20,})$")  # Oxigraph's temporary SST names
BATCH_QUADS = 100_000  # load new reports in batches of about this many quads
FLUSH_AFTER = 2.0  # ... or when no worker result came for this many seconds
OPTIMIZE_MIN = 20  # compact the store after a build that loaded at least this many reports (and 10%)
GC_THRESHOLD = 50_000  # a worker's first-generation garbage-collection threshold (Python's default: 700)
SHARED_LANDED_MAX = 200_000  # remember at most this many loaded shared lines (~40 MB)
ATOMIC_BULK_QUADS = 1_000_000  # Oxigraph's bulk-load batch: a smaller load is one atomic ingestion
COMPACTION_NICE = 19  # CPU priority of RocksDB's compaction threads during a build (19: the lowest)


class CorpusError(GovkgError):
    """A store that cannot be built into (locked by another build, not a store, unwritable)."""


@dataclass
class Outcome:
    """What happened to one input report."""
    index: int
    path: str
    status: str  # built | skipped | failed
    iri: str = ""
    sha256: str = ""
    error: str = ""
    data: bytes = b""  # N-Triples of the report graph (built only)
    shared: bytes = b""  # N-Triples of what it shares with other reports (entities), for SHARED_GRAPH
    stats: bytes = b""  # N-Triples of its statistics graph (govkg.store.stats)
    triples: int = 0
    entities: dict = field(default_factory=dict)
    figures: int = 0
    chars: int = 0
    seconds: dict = field(default_factory=dict)  # stage -> seconds in the worker


@dataclass
class Summary:
    """The result of a corpus build."""
    store: str
    built: list = field(default_factory=list)  # (path, iri)
    skipped: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (path, error)
    entities: Counter = field(default_factory=Counter)
    figures: int = 0
    triples: int = 0
    chars: int = 0
    seconds: float = 0.0
    stages: Counter = field(default_factory=Counter)
    jobs: int = 1
    peak_rss_mb: dict = field(default_factory=dict)

    @property
    def reports(self) -> int:
        """Return the number of input reports."""
        return len(self.built) + len(self.skipped) + len(self.failed)


# --------------------------------------------------------------------------- N-Triples

class TripleSink:
    """Collect the triples that :func:`govkg.rdf.mapping.map_report` adds, without an rdflib store.

    Mapping into this list, with terms written as N-Triples strings (``mapping.NTriplesTerms``),
    skips rdflib's terms and indexes (most of the mapping time); :func:`join_ntriples` then
    removes duplicates.
    """

    __slots__ = ("add", "triples")

    def __init__(self):
        self.triples: list = []
        self.add = self.triples.append  # add((subject, predicate, object)): a bound C method, the cheapest call

    def __iter__(self):
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.triples)


# --------------------------------------------------------------------------- worker side

_KNOWN: dict[str, str] = {}  # report IRI -> content hash already in the store (set in each worker)


def _init_worker(known: dict[str, str]) -> None:
    """Remember which reports the store already holds (runs once in each worker process)."""
    global _KNOWN  # noqa: PLW0603
    _KNOWN = known

    gc.set_threshold(GC_THRESHOLD, 20, 100)  # a report makes ~10^6 short-lived tuples; cycles are rare

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C


def warm_up() -> None:
    """Import the extractors and load their dictionaries by extracting from a tiny report; load the gazetteer."""
    try:
        extract(ingest.parse("某镇政府工作报告\n\n一、2020年工作回顾\n\n新建幸福路，全镇财政收入1.2亿元。\n"))
        gazetteer.find_upper("北京")  # the national table of provinces, cities and counties (the
        # province tables a report needs are read by each worker once, on first use: a few ms each)
    except Exception:  # noqa: BLE001, S110  (only a speed-up: workers load what they need anyway)
        pass


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def build_one(task: tuple[int, str]) -> Outcome:
    """Ingest, extract, resolve and map one report; return its N-Triples (or why not)."""
    index, path = task
    stages: dict[str, float] = {}
    try:
        t = time.perf_counter()
        report = ingest.read(path)
        iri = str(mapping.report_iri(report))
        t, stages["ingest"] = time.perf_counter(), time.perf_counter() - t
        if _KNOWN.get(iri) == report.sha256:
            return Outcome(index, path, "skipped", iri=iri, sha256=report.sha256, chars=len(report.text),
                           seconds=stages)
        found = extract(report)
        t, stages["extract"] = time.perf_counter(), time.perf_counter() - t
        res = resolve(report, found)
        t, stages["resolve"] = time.perf_counter(), time.perf_counter() - t
        sink = TripleSink()
        mapping.map_report(res, sink, terms=mapping.ntriples_terms())
        t, stages["mapping"] = time.perf_counter(), time.perf_counter() - t
        own, shared = split_report_triples(iri, sink.triples)
        data, count = join_ntriples(own, sort=False)  # the store does not need them sorted
        shared_data, shared_count = join_ntriples(shared, sort=False)
        t, stages["serialise"] = time.perf_counter(), time.perf_counter() - t
        stats = report_stats(iri, sink.triples).ntriples()
        stages["stats"] = time.perf_counter() - t
        return Outcome(index, path, "built", iri=iri, sha256=report.sha256, data=data, shared=shared_data,
                       stats=stats, triples=count + shared_count,
                       entities=dict(Counter(e.type for e in res.entities)), figures=len(res.figures),
                       chars=len(report.text), seconds=stages)
    except Exception as e:  # noqa: BLE001  (one bad report must not stop the corpus)

        msg = _one_line(e)
        if not isinstance(e, IngestError) or Path(path).name not in msg:
            msg = f"{path}: {msg if isinstance(e, IngestError) else f'{type(e).__name__}: {msg}'}"
        return Outcome(index, path, "failed", error=msg, seconds=stages)


def split_report_triples(iri: str, triples) -> tuple[list, list]:
    """Split a report's triples into its own (about or pointing at the report's nodes) and shared ones.

    Terms are N-Triples strings (``mapping.NTriplesTerms``: ``"<iri>"``) or rdflib terms.

    >>> own, shared = split_report_triples("urn:r", [("<urn:e>", "<urn:mention>", "<urn:r/m/1>"),
    ...                                               ("<urn:e>", "<urn:label>", '"urn:r/x"')])
    >>> (len(own), len(shared))
    (1, 1)
    >>> from rdflib import URIRef as U
    >>> [len(x) for x in split_report_triples("urn:r", [(U("urn:r/m/1"), U("urn:p"), U("urn:x"))])]
    [1, 0]
    """
    exact, prefix = f"<{iri}>", f"<{iri}/"
    own, shared = [], []
    for t in triples:
        s, o = t[0], t[2]
        if type(s) is not str:  # rdflib terms
            s, o = f"<{s}>", f"<{o}>"
        mine = s == exact or s.startswith(prefix) or o == exact or o.startswith(prefix)
        (own if mine else shared).append(t)
    return own, shared


def _quads(nt: bytes, graph: str) -> bytes:
    """Turn N-Triples into N-Quads of one graph (a line ends in " .\n" only at its end)."""
    return nt.replace(b" .\n", f" <{graph}> .\n".encode())


# --------------------------------------------------------------------------- store side

def open_build_store(path: str | os.PathLike):
    """Open (or create) a store folder for writing; raise CorpusError if it is locked or not a store."""

    p = Path(path)
    if p.exists() and not p.is_dir():
        raise CorpusError(f"{p}: is a file, not a store folder")
    if p.is_dir() and any(p.iterdir()) and not is_store_dir(p):
        raise CorpusError(f"{p}: folder is not empty and is not an Oxigraph store")
    try:
        return ox.Store(str(p))
    except OSError as e:
        msg = _one_line(e)
        if "lock" in msg.lower():
            raise CorpusError(f"{p}: store is in use by another build (its LOCK is held)") from None
        raise CorpusError(f"{p}: cannot open store ({msg})") from None


def defer_compactions(nice: int = COMPACTION_NICE) -> int:
    """Give this process's RocksDB compaction threads ("rocksdb:low") the CPU priority ``nice``;
    return how many threads were changed (0 where Linux's per-thread priorities are unavailable).

    A bulk load adds its files at level 0 and RocksDB merges them into the rest of the column
    family as soon as two are there, rewriting most of the family each time. At the lowest priority
    those merges run only on a core that the workers and the loader leave idle, so level-0 files
    pile up and are merged once, by ``Store.optimize`` at the end of the build (point lookups during
    the build still use each file's bloom filter). The threads are RocksDB's, shared by every store
    this process opens, and stay at that priority: an unprivileged process cannot raise it again
    (``govkg build`` exits after the build).
    """
    tasks = Path("/proc/self/task")
    changed = 0
    try:
        tids = [int(t.name) for t in tasks.iterdir()]
    except OSError:
        return 0
    for tid in tids:
        try:
            if not (tasks / str(tid) / "comm").read_text().startswith("rocksdb:low"):
                continue
            if os.getpriority(os.PRIO_PROCESS, tid) != nice:
                os.setpriority(os.PRIO_PROCESS, tid, nice)  # Linux: a thread id sets that thread alone
                changed += 1
        except (OSError, AttributeError):  # the thread ended, not allowed, or no setpriority
            continue
    return changed


def remove_leftovers(path: str | os.PathLike) -> int:
    """Delete temporary files of an interrupted bulk load (call with the store open for writing)."""
    n = 0
    for f in Path(path).iterdir():
        if f.is_file() and _BULK_LEFTOVER.match(f.name):
            f.unlink(missing_ok=True)
            n += 1
    return n


def stored_reports(store) -> dict[str, str]:
    """Return {report graph IRI: content hash} for every report graph in the store."""
    return {sol["g"].value: sol["h"].value for sol in store.query(STORED_REPORTS)}


def load_report(store, iri: str, data: bytes, shared: bytes = b"", stats: bytes = b"") -> bool:
    """Put one report's triples into its named graph (what it shares into SHARED_GRAPH, its statistics
    into its statistics graph), atomically replacing an older version; return whether it replaced one."""

    g, sg = ox.NamedNode(iri), stats_graph(iri)
    lines = data.count(b"\n") + shared.count(b"\n") + stats.count(b"\n")
    if not store.contains_named_graph(g) and lines < ATOMIC_BULK_QUADS:
        # new graph: one bulk load of < 1M quads is one atomic RocksDB ingestion of all indexes
        store.bulk_load(_quads(shared, SHARED_GRAPH) + _quads(data, iri) + _quads(stats, sg),
                        format=ox.RdfFormat.N_QUADS)
        return False
    # replace: shared triples added, the report graph and its statistics graph dropped and refilled,
    # in one SPARQL Update request = one transaction
    store.update(f"INSERT DATA {{ GRAPH <{SHARED_GRAPH}> {{\n{shared.decode('utf-8')}\n}} }} ;\n"
                 f"DROP SILENT GRAPH <{iri}> ;\nINSERT DATA {{ GRAPH <{iri}> {{\n{data.decode('utf-8')}\n}} }} ;\n"
                 f"DROP SILENT GRAPH <{sg}> ;\nINSERT DATA {{ GRAPH <{sg}> {{\n{stats.decode('utf-8')}\n}} }}")
    return True


def load_new_reports(store, reports: list[tuple], landed: frozenset | set = frozenset()) -> set:
    """Bulk-load reports new to the store as one N-Quads ingestion (all land, or none); return the
    shared N-Triples lines it loaded. Each report is (IRI, N-Triples, shared N-Triples[, statistics
    N-Triples]).

    A shared line (an entity's type or label) is loaded once per batch, and not at all when it is in
    ``landed`` (lines an earlier batch of this build loaded): national policies and the towns recur
    in report after report, and a quad costs the bulk loader the same whether or not it is new. The
    parser is lenient (skips its IRI and literal checks): every line comes from
    ``mapping.NTriplesTerms``, which escapes each term and refuses an IRI it cannot write.
    """

    shared = {line for r in reports for line in r[2].splitlines(keepends=True)} - landed
    data = (_quads(b"".join(shared), SHARED_GRAPH) + b"".join(_quads(r[1], r[0]) for r in reports)
            + b"".join(_quads(r[3], stats_graph(r[0])) for r in reports if len(r) > 3))
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
    return shared


def remove_orphans(store) -> None:
    """Delete shared triples of entities that no report graph mentions any more (after replacements).

    A division linked to its code is kept while it is a report's division or lies above a place
    that is kept (reports name a village; the town, county, city and province above it stay).
    Indicator concepts (the national scheme, never mentioned) are not entities and stay.
    """
    store.update(REMOVE_ORPHANS)


# --------------------------------------------------------------------------- progress

class Progress:
    """A one-line progress bar with reports/s and ETA on stderr (or one line per report when not a TTY)."""
    def __init__(self, total: int, stream=None, bar: bool | None = None):
        self.total, self.stream = total, stream or sys.stderr
        self.bar = self.stream.isatty() if bar is None else bar
        self.done, self.t0, self.last = 0, time.perf_counter(), 0.0

    def update(self, outcome: Outcome) -> None:
        """Count one finished report and redraw."""
        self.done += 1
        now = time.perf_counter()
        rate = self.done / max(now - self.t0, 1e-9)
        if not self.bar:
            what = outcome.error if outcome.status == "failed" else outcome.path
            print(f"[{self.done}/{self.total}] {outcome.status} {what}", file=self.stream, flush=True)
            return
        if now - self.last < 0.1 and self.done < self.total:
            return
        self.last = now
        eta = (self.total - self.done) / rate if rate > 0 else 0
        width = 30
        fill = int(width * self.done / max(self.total, 1))
        self.stream.write(f"\r[{'#' * fill}{'.' * (width - fill)}] {self.done}/{self.total} reports  "
                          f"{rate:.1f} reports/s  ETA {_clock(eta)} ")
        self.stream.flush()

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["stream"] = None if self.stream in (sys.stderr, sys.__stderr__) else self.stream  # stderr is the process's
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.stream = self.stream or sys.stderr

    def close(self) -> None:
        """End the bar's line."""
        if self.bar:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


# --------------------------------------------------------------------------- the build

def default_jobs() -> int:
    """Return the number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def build_corpus(inputs: list[str | os.PathLike], store_path: str | os.PathLike, *, jobs: int | None = None,
                 force: bool = False, progress: Progress | None = None, batch_quads: int | None = None) -> Summary:
    """Build reports into a persistent Oxigraph store, one named graph each; return a Summary.

    New reports are loaded in batches of about ``batch_quads`` quads (default: $GOVKG_LOAD_BATCH_QUADS
    or 100,000; each batch lands whole or not at all). The build runs in a new process of its own,
    so what it does to a process (garbage-collector settings, RocksDB thread priorities, the workers'
    environment) never reaches the caller's. The process is spawned, not forked: a process that
    has opened a RocksDB store (as a caller that queried one has) cannot be forked safely.
    """
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    args = ([str(p) for p in inputs], str(store_path), jobs, force, progress, batch_quads)
    proc = ctx.Process(target=_build_in_child, args=(send, *args), name="govkg-build")
    proc.start()
    send.close()
    try:
        status, value = receive.recv()
    except EOFError:
        raise CorpusError(f"{store_path}: the build process ended without an answer "
                          f"(exit code {proc.join() or proc.exitcode})") from None
    except BaseException:
        proc.join(10)  # it saw the same Ctrl-C: let it stop its workers and close the store
        if proc.is_alive():
            proc.kill()
        raise
    finally:
        receive.close()
    proc.join()
    if status == "error":
        raise value
    return value


def _build_in_child(send, inputs, store_path, jobs, force, progress, batch_quads) -> None:
    """Run build_corpus_here in the spawned build process and send back its Summary or error."""
    try:
        payload = ("ok", build_corpus_here(inputs, store_path, jobs=jobs, force=force, progress=progress,
                                           batch_quads=batch_quads))
    except GovkgError as e:
        payload = ("error", e)
    except BaseException as e:  # noqa: BLE001  (report anything, then end)
        payload = ("error", CorpusError(f"{store_path}: {type(e).__name__}: {' '.join(str(e).split())[:300]}"))
    send.send(payload)
    send.close()


def build_corpus_here(inputs: list[str | os.PathLike], store_path: str | os.PathLike, *, jobs: int | None = None,
                      force: bool = False, progress: Progress | None = None, batch_quads: int | None = None) -> Summary:
    """Build as :func:`build_corpus` does, in this process, which keeps the build's settings (see there).

    ``govkg build --store`` calls this: the command's process ends with the build.
    """

    t0 = time.perf_counter()
    jobs = max(1, jobs or default_jobs())
    paths = list(dict.fromkeys(str(p) for p in inputs))
    summary = Summary(store=str(store_path), jobs=jobs)

    store = open_build_store(store_path)  # fails fast if another build holds the store
    remove_leftovers(store_path)
    known = {} if force else stored_reports(store)
    # fork the workers with no RocksDB handle open in this process, then reopen for writing
    del store
    gc.collect()
    if force or len(paths) > len(known):
        # workers inherit the loaded models: start-up paid once, not once per worker. numpy (under
        # spaCy, which a worker loads when a report needs it) gets one BLAS thread (govkg does no
        # linear algebra; idle BLAS threads spin), and the extractors' tables and lexicons (and
        # jieba's dictionary, when jieba itself segments) make many objects that no garbage
        # collection needs to scan.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        gc.disable()
        try:
            warm_up()
        finally:
            gc.enable()
    # Leave what is loaded by now (dictionaries, models) out of every garbage collection, here and
    # in the forked workers (which also keeps their pages shared): an eighth of a worker's CPU went
    # to collections that rescanned them.
    gc.freeze()

    in_flight = threading.BoundedSemaphore(2 * jobs)  # results computed but not yet taken

    def tasks():
        for i, p in enumerate(paths):
            in_flight.acquire()
            yield i, p

    ctx = multiprocessing.get_context("fork")
    pool = ctx.Pool(min(jobs, max(1, len(paths))), initializer=_init_worker, initargs=(known,))
    try:
        batch = batch_quads or int(os.environ.get("GOVKG_LOAD_BATCH_QUADS") or BATCH_QUADS)
        loader = _Loader(open_build_store(store_path), summary, progress, min(batch, ATOMIC_BULK_QUADS // 2))
        results = pool.imap_unordered(build_one, tasks())
        left = len(paths)
        optimise_at = max(OPTIMIZE_MIN, len(known) // 10)  # reports built, for the final compaction
        deferred = False
        while True:
            try:
                # load the pending batch whenever the workers keep us waiting
                out = results.next(timeout=FLUSH_AFTER) if loader.pending else results.next()
            except multiprocessing.TimeoutError:
                loader.flush()
                continue
            except StopIteration:
                break
            in_flight.release()
            loader.take(out)
            left -= 1
            if not deferred and loader.taken_built >= optimise_at:
                # this build ends with a compaction of the whole store: leave the merging to it
                defer_compactions()
                deferred = True
            if left <= 2 * jobs and not loader.loading():
                # the last few results: load what is queued now, so little is left to load at the end
                loader.start()
        loader.flush()
        pool.close()
        if loader.replaced:
            t = time.perf_counter()
            remove_orphans(loader.store)  # entities a replaced report no longer names
            summary.stages["load"] += time.perf_counter() - t
        t = time.perf_counter()
        loader.stats.finish()  # statistics a report lacks or that its entities' classes changed; the stamp
        summary.stages["stats_update"] += time.perf_counter() - t
        if deferred or len(summary.built) >= optimise_at:
            t = time.perf_counter()
            loader.store.optimize()  # compact the ingested files: queries get about twice as fast
            summary.stages["optimise"] += time.perf_counter() - t
        loader.store.flush()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        gc.unfreeze()  # a caller that builds again (tests, a notebook) gets its objects collected again
        if progress:
            progress.close()
    summary.built.sort()
    summary.skipped.sort()
    summary.failed.sort()
    summary.seconds = time.perf_counter() - t0
    summary.peak_rss_mb = peak_rss_mb()
    return summary


class _Loader:
    """Take worker outcomes in the parent: count them and load built reports into the store in batches.

    A full batch is bulk-loaded in a background thread (Oxigraph releases the GIL while it loads),
    so the parent keeps taking results, and the workers keep working, during a load; one load
    runs at a time, and every other write to the store (a replacement) waits for it.
    """

    def __init__(self, store, summary: Summary, progress: Progress | None, batch_quads: int):
        self.store, self.summary, self.progress, self.batch_quads = store, summary, progress, batch_quads
        self.stats = StatsUpdate(store)  # brings the corpus statistics up to date after the loads
        self.seen: dict[str, tuple[str, str]] = {}  # report IRI -> (path, hash) in this run
        self.pending: list[Outcome] = []
        self.pending_quads = 0
        self.replaced = 0  # reports whose older version this build replaced
        self.shared_landed: set[bytes] = set()  # shared lines loaded by this build's batches (capped)
        self._loading = None  # (thread, batch, outcome box) of the bulk load running in the background
        self.taken_built = 0  # built reports taken so far (loaded, queued or loading)

    def take(self, out: Outcome) -> None:
        """Count one outcome; queue a built report for loading."""
        s = self.summary
        s.stages.update(out.seconds)
        if out.status != "failed":
            first = self.seen.get(out.iri)
            if first is not None and first[1] == out.sha256:
                out.status = "skipped"  # a copy of a report already taken in this run
            elif first is not None:
                out.status, out.error = "failed", (f"{out.path}: same report (division, year and title) "
                                                   f"as {first[0]} but different text; not loaded")
            else:
                self.seen[out.iri] = (out.path, out.sha256)
        if out.status == "built":
            self.taken_built += 1
            if self.store.contains_named_graph(ox.NamedNode(out.iri)) or out.triples >= ATOMIC_BULK_QUADS // 2:
                self._wait()
                self._load_one(out)  # a replacement: its own transaction
            else:
                self.pending.append(out)
                self.pending_quads += out.triples
                if self.pending_quads >= self.batch_quads:
                    self.start()
            return
        (s.failed if out.status == "failed" else s.skipped).append(
            (out.path, out.error) if out.status == "failed" else (out.path, out.iri))
        if self.progress:
            self.progress.update(out)

    def flush(self) -> None:
        """Load the queued new reports in one bulk load (one by one if that fails); wait until all landed."""
        self.start()
        self._wait()

    def loading(self) -> bool:
        """Tell whether a background load is running."""
        return self._loading is not None and self._loading[0].is_alive()

    def start(self) -> None:
        """Start loading the queued new reports in the background (after the load before, if any)."""
        batch, self.pending, self.pending_quads = self.pending, [], 0
        if not batch:
            return
        self._wait()
        box: dict = {}

        def run():
            t = time.perf_counter()
            try:
                box["shared"] = load_new_reports(self.store, [(o.iri, o.data, o.shared, o.stats) for o in batch],
                                                 self.shared_landed)
            except BaseException as e:  # noqa: BLE001  (handed to the parent's thread in _wait)
                box["error"] = e
            box["seconds"] = time.perf_counter() - t

        thread = threading.Thread(target=run, name="govkg-bulk-load")
        thread.start()
        self._loading = (thread, batch, box)

    def _wait(self) -> None:
        """Wait for the background load; count its reports as built (or load them one by one if it failed)."""
        if self._loading is None:
            return
        thread, batch, box = self._loading
        thread.join()
        self._loading = None
        error = box.get("error")
        if isinstance(error, (SyntaxError, ValueError, OSError)):
            for o in batch:
                self._load_one(o)
            return
        if error is not None:
            raise error
        self.summary.stages["load"] += box["seconds"]
        if len(self.shared_landed) > SHARED_LANDED_MAX:
            self.shared_landed.clear()  # only a saving: memory stays bounded on any corpus
        self.shared_landed |= box["shared"]
        for o in batch:
            self._landed(o)

    def _load_one(self, out: Outcome) -> None:
        t = time.perf_counter()
        try:
            self.replaced += load_report(self.store, out.iri, out.data, out.shared, out.stats)
        except (SyntaxError, ValueError) as e:
            out.status, out.error = "failed", f"{out.path}: cannot load its triples ({_one_line(e)})"
            self.summary.failed.append((out.path, out.error))
            if self.progress:
                self.progress.update(out)
            return
        self.summary.stages["load"] += time.perf_counter() - t
        self._landed(out)

    def _landed(self, out: Outcome) -> None:
        s = self.summary
        s.built.append((out.path, out.iri))
        s.entities.update(out.entities)
        s.figures += out.figures
        s.triples += out.triples
        s.chars += out.chars
        self.stats.loaded([out.iri])
        out.data = out.shared = out.stats = b""
        if self.progress:
            self.progress.update(out)


def peak_rss_mb() -> dict:
    """Return the peak resident memory in MB of this process and of its largest finished child."""
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / 1048576
    return {"parent": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale,
            "worker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale}


def format_summary(s: Summary) -> str:
    """Return the end-of-build table: reports built / skipped / failed, entities, figures, triples, time."""
    rate = len(s.built) / s.seconds if s.seconds else 0.0
    rows = [("reports built", f"{len(s.built)}"), ("reports skipped", f"{len(s.skipped)}  (unchanged)"),
            ("reports failed", f"{len(s.failed)}")]
    rows += [("entities", f"{sum(s.entities.values())}  (per report, summed over built reports)")]
    rows += [(f"  {t}", f"{n}") for t, n in sorted(s.entities.items())]
    rows += [("figures", f"{s.figures}"), ("triples", f"{s.triples}"),
             ("time", f"{s.seconds:.1f} s  ({rate:.2f} reports/s, {s.chars / s.seconds if s.seconds else 0:,.0f} "
                      f"chars/s, {s.jobs} worker{'s' if s.jobs != 1 else ''})")]
    if s.stages:
        order = ("ingest", "extract", "resolve", "mapping", "serialise", "stats", "load", "stats_update", "optimise")
        rows.append(("stage times", ", ".join(f"{k} {s.stages[k]:.1f} s" for k in order if k in s.stages)
                     + "  (worker stages summed over workers; load, stats_update, optimise: in this process)"))
    if s.peak_rss_mb:
        rows.append(("peak memory", f"{s.peak_rss_mb['parent']:.0f} MB build, "
                                    f"{s.peak_rss_mb['worker']:.0f} MB largest worker"))
    width = max(len(k) for k, _ in rows)
    lines = [f"store {s.store}: {s.reports} report(s)"]
    lines += [f"  {k:<{width}}  {v}" for k, v in rows]
    if s.failed:
        lines.append("failed:")
        lines += [f"  {err}" for _path, err in s.failed]
    return "\n".join(lines)
