"""Benchmark the entity pages of ``govkg serve``: wall time of HTTP requests to a real server.

Not a test: it prints figures. Build a store first, then run from the project root:

    python bench/make_corpus.py 100 /tmp/corpus
    govkg build /tmp/corpus --store /tmp/store.oxigraph
    python bench/bench_pages.py /tmp/store.oxigraph [--runs 30] [--mentions 100]

It picks the entity whose number of mentions is closest to --mentions (at least that many), starts
``govkg serve STORE --port 0`` and times GET /id/… as HTML and as Turtle, a search and a type page
(client-side wall time on the same machine: median and 95th percentile after one warm-up request).
"""
from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ID = "https://w3id.org/govkg/id/"
PICK = """PREFIX gov: <https://w3id.org/govkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e (COUNT(?m) AS ?n) WHERE { ?e gov:mention ?m . FILTER NOT EXISTS { ?e gov:about ?x } }
GROUP BY ?e HAVING (COUNT(?m) >= ?min) ORDER BY ?n LIMIT 1"""


def timed(client, path: str, runs: int, **headers) -> tuple[float, float, int, int]:
    """Return (median ms, p95 ms, status, bytes) of GET path."""
    r = client.get(path, headers=headers)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = client.get(path, headers=headers)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], r.status_code, len(r.content)


def main() -> int:
    import httpx
    from govkg import query as gq

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--mentions", type=int, default=100)
    args = ap.parse_args()

    src = gq.Source(args.store)
    res = gq.run_query(src, PICK.replace("?min", str(int(args.mentions))))
    if not res.rows:
        print(f"no entity with {args.mentions} mentions in {args.store}")
        return 1
    entity, n = res.rows[0][0].value, res.rows[0][1].value
    label = gq.run_query(src, "SELECT ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
                         {"e": gq.make_term(entity, "iri")}).column("l")[0]
    print(f"store {args.store}: {len(src)} quads; entity {entity} ({label}), {n} mentions")
    proc = subprocess.Popen([sys.executable, "-m", "govkg.cli", "serve", args.store, "--port", "0"],
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        base = re.search(r"at (http://\S+/) ", line).group(1)
        with httpx.Client(base_url=base, timeout=120) as client:
            for _ in range(200):
                try:
                    client.get("/sparql")
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            path = "/id/" + entity[len(ID):]
            cases = [("entity page (HTML)", path, {"Accept": "text/html"}),
                     ("entity CBD (Turtle)", path, {"Accept": "text/turtle"}),
                     ("search", "/search?q=" + label[:2], {}),
                     ("type page", "/type/Village", {})]
            print(f"{'request':<22} {'median':>9} {'p95':>9}  status  bytes")
            for name, p, h in cases:
                med, p95, status, size = timed(client, p, args.runs, **h)
                print(f"{name:<22} {med:7.1f}ms {p95:7.1f}ms  {status}     {size}")
    finally:
        proc.terminate()
        proc.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
