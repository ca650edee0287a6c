"""Benchmark the query library: Oxigraph latency on the sample graph and on 100 copies of it, rdflib beside it.

Not a test: it prints figures. Run from the project root:

    python bench/bench_queries.py                 # builds the sample, 100 copies, rdflib capped at 60 s
    python bench/bench_queries.py --copies 10 --rdflib-timeout 20
    python bench/bench_queries.py --source out/   # an existing graph instead of the sample

The big graph repeats the sample under distinct report IRIs: every IRI under a report's IRI (its
sections, sentences, mentions and figures) gets a per-copy prefix; entities keep their IRIs, so each
entity is mentioned copies times over and every copy belongs to the same division. Each rdflib query
runs in a forked worker and is stopped at the time limit (printed as ">Ns").
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GOV = "https://w3id.org/govkg/ontology#"


def sample_graph(source: str | None) -> Path:
    """Return the graph file to start from: SOURCE's, or a fresh build of the bundled sample."""
    from govkg.store import resolve_source

    if source:
        return resolve_source(source)
    from govkg import pipeline
    from govkg.resources import sample_report

    out = Path(tempfile.mkdtemp(prefix="govkg-bench-"))
    pipeline.build([sample_report()], out)
    return out / "graph.ttl"


def copies(triples: list, reports: list[str], n: int) -> list:
    """Return n copies of the triples, each with its report IRIs (and every IRI under them) renamed."""
    import pyoxigraph as ox

    def rename(term, i):
        if isinstance(term, ox.NamedNode):
            for r in reports:
                if term.value == r or term.value.startswith(r + "/"):
                    return ox.NamedNode(f"{r}-copy{i:03d}{term.value[len(r):]}")
        return term

    out = []
    for i in range(n):
        for t in triples:
            out.append(ox.Triple(rename(t.subject, i), t.predicate, rename(t.object, i)))
    return out


def oxigraph_times(store, text: str, runs: int) -> tuple[float, int]:
    """Return (median seconds, rows) of a query run in-process on a pyoxigraph Store."""
    from govkg.query import _execute

    times, rows = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        res = _execute(store, text, None)
        times.append(time.perf_counter() - t0)
        rows = len(res)
    return statistics.median(times), rows


def rdflib_time(graph, text: str, timeout: float) -> tuple[float | None, int | None]:
    """Return (seconds, rows) of one rdflib query in a forked worker, or (None, None) past the timeout."""
    from govkg.query import QueryTimeout, run_in_worker

    def work():
        t0 = time.perf_counter()
        n = len(list(graph.query(text)))
        return time.perf_counter() - t0, n

    try:
        return run_in_worker(work, timeout)
    except QueryTimeout:
        return None, None


OVERHEAD = """
import statistics, sys, time
from govkg import query as gq
src = gq.Source(sys.argv[1])
direct, forked = [], []
for _ in range(20):
    t0 = time.perf_counter(); gq.run_query(src, "ASK { ?s ?p ?o }"); direct.append(time.perf_counter() - t0)
    t0 = time.perf_counter(); gq.run_query(src, "ASK { ?s ?p ?o }", timeout=30); forked.append(time.perf_counter() - t0)
print(f"ASK in-process {statistics.median(direct) * 1000:.2f} ms, in a forked worker "
      f"{statistics.median(forked) * 1000:.2f} ms (median of 20)")
"""


def overhead(path: Path) -> str:
    """Measure, in a fresh process holding only the graph (as govkg query does), the cost of a forked worker."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-c", OVERHEAD, str(path)], capture_output=True, text=True, cwd=root)
    return proc.stdout.strip() or proc.stderr.strip().splitlines()[-1]


def fmt_ms(seconds: float | None, timeout: float) -> str:
    if seconds is None:
        return f">{timeout:g}s"
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds:.1f}s"


def ratio(rd: float | None, ox_s: float, timeout: float) -> str:
    if rd is None:
        return f">{timeout / ox_s:.0f}x" if ox_s > 0 else "-"
    return f"{rd / ox_s:.0f}x" if ox_s > 0 else "-"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", help="graph file or output folder to start from (default: build the sample)")
    ap.add_argument("--copies", type=int, default=100, help="copies in the big graph (default: %(default)s)")
    ap.add_argument("--runs", type=int, default=5, help="Oxigraph runs per query, median reported")
    ap.add_argument("--rdflib-timeout", type=float, default=60.0,
                    help="seconds per rdflib query (default: %(default)g)")
    ap.add_argument("--no-rdflib", action="store_true", help="Oxigraph only")
    args = ap.parse_args(argv)

    import pyoxigraph as ox
    import rdflib

    from govkg import query as gq

    t0 = time.perf_counter()
    path = sample_graph(args.source)
    print(f"sample graph: {path} (ready in {time.perf_counter() - t0:.1f} s)")
    small = ox.Store()
    small.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    triples = [q.triple for q in small]
    reports = [s["r"].value for s in small.query(f"SELECT ?r WHERE {{ ?r a <{GOV}Report> }}")]
    plan = next(iter(small.query(f"SELECT ?y WHERE {{ ?r <{GOV}planYear> ?y }} ORDER BY ?y LIMIT 1")), None)
    year = plan["y"].value if plan else "2021"
    top = gq.run_query(small, "top_entities").records()
    name = max(top, key=lambda x: (int(x["mentions"]), x["name"]))["name"] if top else "x"
    params = {"figures_by_year": {"year": year}, "entity_profile": {"name": name}}
    print(f"parameters: figures_by_year year={year}; entity_profile name={name}")

    print(f"worker overhead, sample graph: {overhead(path)}")

    t0 = time.perf_counter()
    big_triples = copies(triples, reports, args.copies)
    big = ox.Store()
    big.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in big_triples)
    print(f"big graph: {args.copies} copies, {len(big):,} triples (Oxigraph load {time.perf_counter() - t0:.1f} s)")

    big_file = Path(tempfile.mkdtemp(prefix="govkg-bench-big-")) / "graph.nt"
    big.dump(output=str(big_file), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    print(f"worker overhead, big graph: {overhead(big_file)}")
    big_file.unlink()
    graphs = {}
    if not args.no_rdflib:
        for label, tr in (("sample", triples), ("big", big_triples)):
            t0 = time.perf_counter()
            g = rdflib.Graph()
            g.parse(data=ox.serialize(tr, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
            graphs[label] = g
            print(f"rdflib load ({label}): {len(g):,} triples in {time.perf_counter() - t0:.1f} s")
    del big_triples

    T = args.rdflib_timeout
    head = (f"{'query':<26} {'rows':>6} {'oxigraph ms':>11} {'rdflib ms':>10} {'ratio':>6} | "
            f"{'rows':>8} {'oxigraph ms':>11} {'rdflib ms':>10} {'ratio':>6}")
    print()
    print(f"{'':<26} {'--- sample':<37} | {'--- ' + str(args.copies) + ' copies':<38}")
    print(head)
    print("-" * len(head))
    mismatches = []
    for info in gq.library():
        text = gq.prepare(info.name, params.get(info.name))
        cells = []
        for label, store in (("sample", small), ("big", big)):
            runs = args.runs if label == "sample" else max(1, min(args.runs, 3))
            ox_s, rows = oxigraph_times(store, text, runs)
            if graphs:
                rd_s, rd_rows = rdflib_time(graphs[label], text, T)
                if rd_rows is not None and rd_rows != rows:
                    mismatches.append(f"{info.name} ({label}): oxigraph {rows} rows, rdflib {rd_rows}")
            else:
                rd_s = None
            cells.append((rows, ox_s, rd_s))
        (r1, o1, d1), (r2, o2, d2) = cells
        rd1 = fmt_ms(d1, T) if graphs else "-"
        rd2 = fmt_ms(d2, T) if graphs else "-"
        print(f"{info.name:<26} {r1:>6} {o1 * 1000:>11.1f} {rd1:>10} {ratio(d1, o1, T) if graphs else '-':>6} | "
              f"{r2:>8} {o2 * 1000:>11.1f} {rd2:>10} {ratio(d2, o2, T) if graphs else '-':>6}", flush=True)
    if mismatches:
        print("\nrow counts that differ between the engines:")
        for m in mismatches:
            print("  " + m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
