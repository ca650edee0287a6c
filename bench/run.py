"""Benchmark corpus builds and the query library on a persistent store (prints figures; asserts nothing).

For each corpus size (default 100 and 1,000 synthetic reports from bench/make_corpus.py) and each
worker count (default 1 and 2), builds a fresh store with ``govkg build --store`` in a subprocess and
reports wall time, reports/s, chars/s, the ratio to bare jieba segmentation of the same text (one
process, best of three passes of Python jieba's ``jieba.dt.cut``: the reference the target is set
against; govkg itself segments with jieba-rs, which gives the same tokens faster), peak RSS of the build process and of its
largest worker, the stage times, and the store's size on disk. Then runs every library query
(queries/*.rq, default graph = union of all graphs, parameters given sensible defaults) on each
store and prints p50/p95 latency; on the smallest store it also runs them on rdflib's in-memory
engine (all graphs merged into one rdflib Graph) with a per-query time cap and prints the ratio.
Queries that take a ``division`` are scoped to a division with the usual number of reports (one town
over its years, as a corpus is asked); ``--whole`` runs them over the whole store instead. Each query
text runs on Oxigraph as written, so ``--whole`` times the full scans; ``govkg query`` answers
whole-store top_entities, section_coverage and dataset_stats from a store's statistics instead
(``bench/bench_stats.py`` times both).

    python bench/run.py [--sizes 100 1000] [--jobs 1 2] [--work /tmp/govkg-bench] [--runs 20]
                        [--rdflib-cap 30] [--no-rdflib] [--keep] [--whole]
    python bench/run.py --store PATH [--whole] [--runs 20]   # the queries only, on an existing store

The 1,000-report run takes several minutes; run it in the background. Results also go to
WORK/results.json.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def dir_size(path: Path) -> int:
    """Return the total size of the files under a folder, in bytes."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def make_corpus(n: int, work: Path) -> Path:
    """Return a folder of n synthetic reports (made once, reused)."""
    folder = work / f"corpus-{n}"
    if not (folder.is_dir() and len(list(folder.glob("*.txt"))) == n):
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(n), str(folder)], check=True)
    return folder


def jieba_floor(folder: Path, runs: int = 3) -> dict:
    """Time bare jieba segmentation (Python jieba's jieba.dt.cut) of every report, one process; the
    best of ``runs`` passes (the machine's noise only ever slows a pass)."""
    code = f"""
import json, time, pathlib, jieba
jieba.setLogLevel(60); jieba.initialize()
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path({str(folder)!r}).glob("*.txt"))]
best = None
for _ in range({runs}):
    t = time.perf_counter()
    n = sum(len(list(jieba.dt.cut(x))) for x in texts)
    dt = time.perf_counter() - t
    best = dt if best is None else min(best, dt)
print(json.dumps({{"seconds": best, "chars": sum(map(len, texts)), "tokens": n, "runs": {runs}}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    r = json.loads(out.stdout)
    r["chars_per_s"] = r["chars"] / r["seconds"]
    return r


def build(folder: Path, store: Path, jobs: int) -> dict:
    """Build a fresh store with ``govkg build --store -j jobs``; return the figures it printed."""
    shutil.rmtree(store, ignore_errors=True)
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "govkg.cli", "build", str(folder), "--store", str(store),
                        "-j", str(jobs), "-q"], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    if r.returncode not in (0, 1):
        raise SystemExit(f"build failed ({r.returncode}): {r.stderr.strip()[-500:]}")
    out = r.stdout

    def grab(label: str, pattern: str = r"(\d+)") -> str:
        m = re.search(rf"^\s*{label}\s+{pattern}", out, re.M)
        return m.group(1) if m else ""

    stages = dict((k, float(v)) for k, v in re.findall(r"(\w+) ([\d.]+) s", grab("stage times", r"(.*)$")))
    mem = re.search(r"peak memory\s+(\d+) MB build, (\d+) MB largest worker", out)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in folder.glob("*.txt"))
    return {"jobs": jobs, "wall_s": wall, "reports": int(grab("reports built") or 0),
            "failed": int(grab("reports failed") or 0), "triples": int(grab("triples") or 0),
            "chars": chars, "reports_per_s": int(grab("reports built") or 0) / wall, "chars_per_s": chars / wall,
            "rss_parent_mb": int(mem.group(1)) if mem else None, "rss_worker_mb": int(mem.group(2)) if mem else None,
            "stages": stages, "store_bytes": dir_size(store)}


def default_params(store_path: Path) -> dict:
    """Pick parameter values present in the store: the commonest figure year, a village's name, and a
    division with the usual number of reports (what a corpus is asked about: one town over its years)."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_path))
    gov = "https://w3id.org/govkg/ontology#"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    year = next(iter(store.query(f"""SELECT ?y (COUNT(*) AS ?n) WHERE {{ ?f <{gov}year> ?y ; <{gov}isTarget> false }}
        GROUP BY ?y ORDER BY DESC(?n) ?y LIMIT 1""", use_default_graph_as_union=True)), None)
    name = next(iter(store.query(f"""SELECT ?l WHERE {{ ?v a <{gov}Village> ; {label} ?l }}
        ORDER BY ?l LIMIT 1""", use_default_graph_as_union=True)), None)
    counts = [(r["l"].value, int(r["n"].value)) for r in store.query(
        f"""SELECT ?l (COUNT(?r) AS ?n) WHERE {{ ?r <{gov}division>/{label} ?l }} GROUP BY ?l ORDER BY ?l""",
        use_default_graph_as_union=True)]
    usual = max(sorted({n for _, n in counts}), key=[n for _, n in counts].count) if counts else 0
    division = next((name for name, n in counts if n == usual), None)  # a division with the usual number of reports
    return {"year": year["y"].value if year else "2021", "name": name["l"].value if name else "新村",
            "division": division or "新村镇"}


def _time_oxigraph(store_path: str, text: str, runs: int, cap: float, conn) -> None:
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    times = []
    start = time.perf_counter()
    for _ in range(runs + 1):  # the first run warms the caches and is not counted (unless alone)
        t = time.perf_counter()
        rows = len(list(store.query(text, use_default_graph_as_union=True)))
        times.append(time.perf_counter() - t)
        conn.send((times[1:] or times, rows))  # the warm-up run alone, if no other finished
        if time.perf_counter() - start > cap:
            break
    conn.close()


def _time_rdflib(graph, text: str, runs: int, cap: float, conn) -> None:
    times = []
    start = time.perf_counter()
    for _ in range(runs):
        t = time.perf_counter()
        rows = len(list(graph.query(text)))
        times.append(time.perf_counter() - t)
        conn.send((times, rows))
        if time.perf_counter() - start > cap:
            break
    conn.close()


def timed(fn, args, cap: float) -> tuple[list[float], int, bool]:
    """Run fn in a forked process, killed after cap seconds; return (times, rows, finished)."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=fn, args=(*args, child))
    p.start()
    child.close()
    times, rows = [], -1
    deadline = time.perf_counter() + cap
    while time.perf_counter() < deadline:
        if parent.poll(0.05):
            try:
                times, rows = parent.recv()
            except EOFError:
                break
        elif not p.is_alive():
            break
    finished = not p.is_alive()
    if p.is_alive():
        p.kill()
    p.join()
    return times, rows, finished and bool(times)


def pct(values: list[float], q: float) -> float:
    """Return the q-quantile (nearest rank) of values."""
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(q * (len(v) - 1))))] if v else float("nan")


def bench_queries(store_path: Path, runs: int, cap: float, rdflib_graph=None, rdflib_cap: float = 30.0,
                  whole: bool = False) -> list[dict]:
    """Time every library query on a store (and on rdflib, if a graph is given).

    Queries that take a division are scoped to one division's reports, as a corpus is asked; with
    whole=True they run over the whole store instead (no division bound).
    """
    from govkg.query import bind_params, library

    params = default_params(store_path)
    if whole:
        params.pop("division")
    out = []
    for q in library():
        bound = {p.name: params[p.name] for p in q.params if p.name in params}
        text = bind_params(q.text, bound, q.params) if bound else q.text
        times, rows, _ = timed(_time_oxigraph, (str(store_path), text, runs, cap), cap * 1.5)
        row = {"query": q.name, "params": bound, "rows": rows, "runs": len(times),
               "p50_ms": pct(times, 0.5) * 1000, "p95_ms": pct(times, 0.95) * 1000}
        if rdflib_graph is not None:
            rt, rrows, done = timed(_time_rdflib, (rdflib_graph, text, 3, rdflib_cap), rdflib_cap * 1.5)
            row["rdflib_p50_ms"] = pct(rt, 0.5) * 1000 if done or rt else None
            row["rdflib_rows"] = rrows
            row["rdflib_capped"] = not rt
        out.append(row)
        if times:
            line = f"    {q.name:<28} p50 {row['p50_ms']:8.1f} ms  p95 {row['p95_ms']:8.1f} ms  rows {rows}  ({len(times)} runs)"
        else:
            row["p50_ms"] = row["p95_ms"] = None
            line = f"    {q.name:<28} > {cap * 1.5:g} s (stopped; no run finished)"
        if rdflib_graph is not None:
            if row["rdflib_capped"]:
                line += f"  rdflib > {rdflib_cap:g} s (capped)"
            else:
                ratio = f"{row['rdflib_p50_ms'] / row['p50_ms']:.2f}x" if row["p50_ms"] else "Oxigraph capped"
                line += (f"  rdflib {row['rdflib_p50_ms']:.0f} ms = {ratio}"
                         f"{'' if rrows == rows else f' (rows {rrows})'}")
        print(line, flush=True)
    return out


def query_phase(store: Path, n: int, args, with_rdflib: bool, conn) -> None:
    """Time the library on a store (and on rdflib if asked); send the rows back through conn."""
    graph = None
    if with_rdflib and not args.no_rdflib:
        from govkg.store import load_graph

        t = time.perf_counter()
        graph = load_graph(store)
        print(f"  rdflib: loaded {len(graph):,} triples in {time.perf_counter() - t:.1f} s", flush=True)
    scope = "whole store, no division bound" if args.whole else "a division's reports where a query takes one"
    print(f"  queries on the {n}-report store (Oxigraph, union default graph; {scope}):", flush=True)
    conn.send(bench_queries(store, args.runs, args.cap, graph, args.rdflib_cap, whole=args.whole))
    conn.close()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--work", type=Path, default=Path("/tmp/govkg-bench"))
    ap.add_argument("--runs", type=int, default=20, help="timed runs per query (after one warm-up run)")
    ap.add_argument("--cap", type=float, default=30.0, help="stop timing a query on Oxigraph after this many seconds")
    ap.add_argument("--rdflib-cap", type=float, default=30.0, help="per-query time cap on rdflib (seconds)")
    ap.add_argument("--no-rdflib", action="store_true")
    ap.add_argument("--no-queries", action="store_true")
    ap.add_argument("--whole", action="store_true",
                    help="run the queries that take a division over the whole store instead of one division")
    ap.add_argument("--store", type=Path, help="time the queries on this existing store (no corpus, no build)")
    ap.add_argument("--keep", action="store_true", help="keep the stores (default: keep only the last)")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.store:  # only the queries, on a store built before
        rows = bench_queries(args.store, args.runs, args.cap, whole=args.whole)
        (args.work / "queries.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    results: dict = {"sizes": {}, "cpus": os.cpu_count(), "loadavg_start": os.getloadavg()}
    for n in args.sizes:
        folder = make_corpus(n, args.work)
        mb = dir_size(folder) / 1e6
        floor = jieba_floor(folder)
        print(f"== {n} reports ({mb:.1f} MB, {floor['chars']:,} chars); bare jieba: {floor['seconds']:.1f} s, "
              f"{floor['chars_per_s']:,.0f} chars/s (1 process, best of {floor['runs']})", flush=True)
        res = {"mb": mb, "jieba": floor, "builds": [], "queries": None}
        store = None
        for j in args.jobs:
            store = args.work / f"store-{n}-j{j}"
            b = build(folder, store, j)
            b["jieba_ratio"] = b["chars_per_s"] / floor["chars_per_s"]
            res["builds"].append(b)
            print(f"  build -j {j}: {b['wall_s']:.1f} s, {b['reports_per_s']:.2f} reports/s, "
                  f"{b['chars_per_s']:,.0f} chars/s = {b['jieba_ratio']:.0%} of bare jieba; "
                  f"{b['triples']:,} triples; store {b['store_bytes'] / 1e6:.0f} MB; peak RSS "
                  f"{b['rss_parent_mb']} MB build, {b['rss_worker_mb']} MB worker; stages {b['stages']}", flush=True)
        if store is not None and not args.no_queries:
            # in a child process, so that the rdflib graph never inflates this process (whose forked
            # build processes would otherwise report its memory as their peak RSS)
            ctx = multiprocessing.get_context("fork")
            recv, send = ctx.Pipe(duplex=False)
            child = ctx.Process(target=query_phase, args=(store, n, args, n == min(args.sizes), send))
            child.start()
            send.close()
            res["queries"] = recv.recv()
            child.join()
        if not args.keep:
            for b in res["builds"][:-1]:
                shutil.rmtree(args.work / f"store-{n}-j{b['jobs']}", ignore_errors=True)
        results["sizes"][n] = res
        (args.work / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    results["loadavg_end"] = os.getloadavg()
    (args.work / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(f"results: {args.work / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
