"""Benchmark the network page: size, build time, and load/stabilise time in headless Chromium.

Makes a 100-report corpus graph by loading the sample graph 100 times with rewritten IRIs
(report, section, sentence, mention, figure and entity IRIs get a per-copy prefix; policies keep
theirs, as national policy names are shared across reports; other entity labels get a copy
suffix), then builds pages from the sample and from the corpus and opens each in Chromium.

    python bench/bench_viz.py [--copies 100] [--max-nodes 1000 0] [--no-browser]

Prints one line per page; nothing is asserted (speed is not tested).
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync"]


def corpus(sample_nt: str, copies: int) -> str:
    """Return N-Triples of ``copies`` rewritten copies of the sample graph."""
    base = "https://w3id.org/govkg/id/"
    iri = re.compile(re.escape("<" + base) + r"(?!policy/|build/|software/)")
    label = re.compile(r'^(<[^>]+/(?!policy/)[a-z]+/[0-9a-f]{16}> <http://www.w3.org/2000/01/rdf-schema#label> "[^"]*)"', re.M)
    out = []
    for i in range(copies):
        text = iri.sub(f"<{base}c{i:03d}/", sample_nt)
        out.append(label.sub(lambda m, i=i: f'{m.group(1)}·{i}"', text))
    return "".join(out)


def browser_times(page_path: Path, timeout_s: float = 600) -> tuple[float, float, int]:
    """Open a page in headless Chromium; return (load s, stabilised s, requests to other URLs)."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = b.new_page(viewport={"width": 1400, "height": 900})
            other = []
            page.on("request", lambda r: other.append(r.url) if r.url != page_path.as_uri() else None)
            t0 = time.perf_counter()
            page.goto(page_path.as_uri(), wait_until="load", timeout=timeout_s * 1000)
            load = time.perf_counter() - t0
            page.wait_for_function("window.govkg && window.govkg.state.ready", timeout=timeout_s * 1000)
            return load, time.perf_counter() - t0, len(other)
        finally:
            b.close()


def main(argv=None) -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--max-nodes", type=int, nargs="+", default=[1000], help="page sizes to try (0 = all)")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--keep", metavar="DIR", help="keep the graphs and pages in DIR")
    args = ap.parse_args(argv)

    from govkg import pipeline
    from govkg.explore import network
    from govkg.explore import page as netpage
    from govkg.resources import sample_report

    work = Path(args.keep or tempfile.mkdtemp(prefix="govkg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    _res, g = pipeline.build_report(sample_report())
    (work / "sample.nt").write_text(g.serialize(format="nt"), encoding="utf-8")
    t = time.perf_counter()
    (work / "corpus.nt").write_text(corpus((work / "sample.nt").read_text(encoding="utf-8"), args.copies), encoding="utf-8")
    print(f"corpus: {args.copies} copies, {(work / 'corpus.nt').stat().st_size / 1e6:.0f} MB N-Triples, "
          f"made in {time.perf_counter() - t:.1f} s")

    for name in ("sample", "corpus"):
        t = time.perf_counter()
        G = network.entity_graph(work / f"{name}.nt")
        t_graph = time.perf_counter() - t
        print(f"{name}: {G.number_of_nodes()} entities, {G.number_of_edges()} edges; RDF -> networkx {t_graph:.1f} s")
        for n in args.max_nodes:
            out = work / f"{name}-{n or 'all'}.html"
            t = time.perf_counter()
            s = netpage.write_page(G, out, max_nodes=n or None)
            t_page = time.perf_counter() - t
            line = (f"  max-nodes {n or 'all'}: {s['nodes']} nodes, {s['edges']} edges, {s['bytes'] / 1e6:.2f} MB, "
                    f"page written in {t_page:.1f} s")
            if not args.no_browser:
                load, ready, other = browser_times(out)
                line += f"; browser load {load:.2f} s, stabilised and frozen at {ready:.1f} s, {other} other requests"
            print(line, flush=True)
    if not args.keep:
        print(f"(files in {work})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
