"""Benchmark the corpus statistics: whole-store queries from them vs the full scan, and what keeping them costs a build.

Not a test: it prints figures. Run from the project root:

    python bench/bench_stats.py STORE [--runs 5] [--scan-runs 1]   # the three queries, statistics vs full scan
    python bench/bench_stats.py --corpus DIR [-j 2] [--repeat 2]    # build DIR with and without statistics

On STORE (a corpus store with up-to-date statistics; ``govkg stats STORE --rebuild`` gives an older
one its statistics), each of top_entities, section_coverage and dataset_stats runs without a
division through ``run_query`` in this process: from the statistics (median of --runs, the check
that they are up to date included) and as the full scan (``full_scan=True``), and the two answers
are compared row by row.

With --corpus, DIR is built into fresh stores in turn, with statistics and without them (the
build's counting of each report's statistics and its final update replaced by nothing, in the
build's own process), --repeat times each, alternating; it prints the wall and CPU times (the
build process and its workers), their ratios and the build's own stage times for the statistics.
On a machine shared with other work the wall times vary by 10-30% from run to run: compare the
medians of several repeats, and the CPU times.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ("top_entities", "section_coverage", "dataset_stats")


def bench_queries(store_path: Path, runs: int, scan_runs: int) -> int:
    """Print statistics vs full-scan times of the three queries on a store; return 1 if an answer differs."""
    import pyoxigraph as ox

    from govkg import query as gq
    from govkg.store.stats import stats_current

    store = ox.Store.read_only(str(store_path))
    t = time.perf_counter()
    current = stats_current(store)
    check_ms = (time.perf_counter() - t) * 1000
    reports = sum(1 for _ in store.query("SELECT ?g WHERE { GRAPH ?g { ?g a <https://w3id.org/govkg/ontology#Report> } }"))
    print(f"store {store_path}: {reports} reports, {len(store):,} quads; statistics up to date: {current} "
          f"(checked in {check_ms:.0f} ms)")
    if not current:
        print("no statistics to answer from: run 'govkg stats STORE --rebuild' first")
        return 1
    head = f"{'query':<18} {'rows':>7} {'statistics':>11} {'full scan':>10} {'speed-up':>9}  same rows"
    print(head)
    print("-" * len(head))
    differ = 0
    for name in QUERIES:
        fast_times, fast = [], None
        for _ in range(runs):
            t = time.perf_counter()
            fast = gq.run_query(store, name)
            fast_times.append(time.perf_counter() - t)
        scan_times, full = [], None
        for _ in range(scan_runs):
            t = time.perf_counter()
            full = gq.run_query(store, name, full_scan=True)
            scan_times.append(time.perf_counter() - t)
        same = fast.variables == full.variables and fast.rows == full.rows
        differ += not same
        f, s = statistics.median(fast_times), statistics.median(scan_times)
        print(f"{name:<18} {len(full.rows):>7} {f * 1000:>8.0f} ms {s:>8.1f} s {s / f:>8.0f}x  {'yes' if same else 'NO'}",
              flush=True)
    print(f"(statistics: median of {runs} runs, the up-to-date check included; full scan: median of {scan_runs})")
    return 1 if differ else 0


def _build_child(folder: str, store: str, jobs: int, with_stats: bool) -> None:
    """Build in this process (as govkg build --store does) and print the summary as JSON."""
    from govkg.store import corpus

    if not with_stats:
        class _NoStats:
            def ntriples(self) -> bytes:
                return b""

        class _NoUpdate:
            def __init__(self, store):
                pass

            def loaded(self, iris) -> None:
                pass

            def finish(self) -> None:
                pass

        corpus.report_stats = lambda iri, triples, classes=None: _NoStats()
        corpus.StatsUpdate = _NoUpdate
    import resource

    def cpu() -> float:
        return sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                   for f in ("ru_utime", "ru_stime"))

    paths = sorted(str(p) for p in Path(folder).iterdir() if p.is_file())
    t, c = time.perf_counter(), cpu()
    s = corpus.build_corpus_here(paths, store, jobs=jobs)
    print(json.dumps({"wall": time.perf_counter() - t, "cpu": cpu() - c, "built": len(s.built),
                      "failed": len(s.failed), "stages": dict(s.stages), "triples": s.triples}))


def bench_build(folder: Path, jobs: int, repeat: int) -> int:
    """Build a corpus with and without statistics, in turn; print the times and their ratio."""
    work = Path(tempfile.mkdtemp(prefix="govkg-bench-stats-"))
    times: dict[bool, list] = {True: [], False: []}
    cpus: dict[bool, list] = {True: [], False: []}
    last: dict[bool, dict] = {}
    try:
        for i in range(repeat):
            for with_stats in ((False, True) if i % 2 == 0 else (True, False)):
                store = work / f"store-{with_stats}-{i}"
                r = subprocess.run([sys.executable, __file__, "--_build", str(folder), str(store), str(jobs),
                                    "1" if with_stats else "0"], capture_output=True, text=True, cwd=ROOT)
                if r.returncode != 0:
                    raise SystemExit(f"build failed: {r.stderr.strip()[-500:]}")
                out = json.loads(r.stdout.strip().splitlines()[-1])
                times[with_stats].append(out["wall"])
                cpus[with_stats].append(out["cpu"])
                last[with_stats] = out
                print(f"  build {'with' if with_stats else 'without'} statistics: {out['wall']:.1f} s, "
                      f"CPU {out['cpu']:.1f} s ({out['built']} reports)", flush=True)
                shutil.rmtree(store, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    w, wo = statistics.median(times[True]), statistics.median(times[False])
    cw, cwo = statistics.median(cpus[True]), statistics.median(cpus[False])
    st = last[True]["stages"]
    print(f"{folder}: -j {jobs}; median wall time without statistics {wo:.1f} s, with {w:.1f} s: "
          f"ratio {w / wo:.3f} ({(w / wo - 1) * 100:+.1f}%); CPU time (build and workers) {cwo:.1f} s, "
          f"{cw:.1f} s: ratio {cw / cwo:.3f} ({(cw / cwo - 1) * 100:+.1f}%)")
    print(f"  the build's statistics stages: counting in the workers {st.get('stats', 0):.2f} s (summed over "
          f"workers; extract {st.get('extract', 0):.1f} s), update and stamp {st.get('stats_update', 0):.2f} s, "
          f"load {st.get('load', 0):.1f} s (without: {last[False]['stages'].get('load', 0):.1f} s)")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", nargs="?", type=Path, help="a corpus store with statistics")
    ap.add_argument("--runs", type=int, default=5, help="runs from the statistics per query (median)")
    ap.add_argument("--scan-runs", type=int, default=1, help="full-scan runs per query (median)")
    ap.add_argument("--corpus", type=Path, help="build this folder of reports with and without statistics")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=2, help="builds of each kind (alternating)")
    ap.add_argument("--_build", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._build:
        folder, store, jobs, with_stats = args._build
        _build_child(folder, store, int(jobs), with_stats == "1")
        return 0
    if not args.store and not args.corpus:
        ap.error("give a STORE, --corpus DIR, or both")
    code = 0
    if args.corpus:
        code |= bench_build(args.corpus, args.jobs, args.repeat)
    if args.store:
        code |= bench_queries(args.store, args.runs, args.scan_runs)
    return code


if __name__ == "__main__":
    sys.exit(main())
