"""Load rate of the same shards into Virtuoso (``govkg load --virtuoso``) and into Oxigraph (``govkg load --store``).

    python bench/bench_virtuoso.py [--reports 100] [--batch 20] [--workers 2] [--loaders 1 2]

Makes a corpus with bench/make_corpus.py (deterministic) and builds it into shards, then, one after
the other on this machine: ``govkg load OUT --store`` into a new Oxigraph store, and ``govkg load
OUT --virtuoso`` into a throw-away Virtuoso server (a fresh database each time, started as the tests
start theirs: tests/virtuoso_server.py) with each number of loaders. Prints time, reports/s and
quads/s of each load (quads: the lines of the shards handed to the store) and the disk each store
takes (Virtuoso: its pages in use, before and after). The figures of the README's "Virtuoso" part.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))


def govkg(*args, env=None) -> tuple[float, str]:
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "govkg.cli", *map(str, args)], capture_output=True, text=True,
                       env=env, check=False)
    if r.returncode != 0:
        sys.exit(f"govkg {' '.join(map(str, args))} failed: {r.stderr.strip()}")
    return time.perf_counter() - t, r.stdout


def quads_read(summary: str) -> int:
    return int(re.search(r"quads read\s+(\d+)", summary).group(1))


def used_bytes(server) -> int:
    """Return the bytes of the database's pages in use (status(): "N pages, F free", 8 kB pages)."""
    text = " ".join(server.isql("status('')"))
    pages, free = map(int, re.search(r"(\d+) pages, (\d+) free", text).groups())
    return (pages - free) * 8192


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=100)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2, help="worker processes of the shard build")
    ap.add_argument("--loaders", type=int, nargs="+", default=[1, 2], help="rdf_loader_run sessions to try")
    args = ap.parse_args(argv)
    # the tests' throw-away server (tests/virtuoso_server.py)
    from virtuoso_server import PASSWORD, running_virtuoso

    with tempfile.TemporaryDirectory(prefix="govkg-virtuoso-bench-") as tmp:
        tmp = Path(tmp)
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(args.reports), str(tmp / "reports")],
                       check=True, capture_output=True)
        shards = tmp / "shards"
        t_build, _ = govkg("build", tmp / "reports", "--shards", shards, "--batch", args.batch, "-j", args.workers)
        n = args.reports
        t_ox, out = govkg("load", shards, "--store", tmp / "oxigraph")
        quads = quads_read(out)
        print(f"{n} reports, {args.batch} reports per shard, {quads:,d} quads in {len(list(shards.glob('*.nq.gz')))} "
              f"shards ({size_mb(shards):.1f} MB; built in {t_build:.1f} s with {args.workers} workers)")
        print(f"  load --store (Oxigraph, with its compaction)  {t_ox:6.1f} s  {n / t_ox:6.1f} reports/s  "
              f"{quads / t_ox:9,.0f} quads/s  store {size_mb(tmp / 'oxigraph'):.0f} MB")
        env = {**os.environ, "GOVKG_VIRTUOSO_PASSWORD": PASSWORD}
        for loaders in args.loaders:
            root = tmp / f"virtuoso-{loaders}"
            with running_virtuoso(root) as server:
                data = shards.rename(server.shards / "out")  # inside the server's DirsAllowed
                db = root / "db" / "virtuoso.db"
                empty, empty_file = used_bytes(server), db.stat().st_size
                t_v, out = govkg("load", data, "--virtuoso", server.sql, "-j", loaders, env=env)
                assert quads_read(out) == quads, out
                grown, grown_file = used_bytes(server) - empty, db.stat().st_size - empty_file
                ms = server.isql("select datediff('millisecond', min(ll_started), max(ll_done)) "
                                 "from DB.DBA.LOAD_LIST")[0]
                t_run = int(ms) / 1000
                print(f"  load --virtuoso -j {loaders} (ld_dir, rdf_loader_run, checkpoint) {t_v:6.1f} s  "
                      f"{n / t_v:6.1f} reports/s  {quads / t_v:9,.0f} quads/s  database +{grown / 1e6:.0f} MB "
                      f"in use ({grown / quads:.0f} bytes/quad), file +{grown_file / 1e6:.0f} MB "
                      f"({grown_file / quads:.0f} bytes/quad)")
                print(f"    of which rdf_loader_run {t_run:.1f} s: {quads / t_run:,.0f} quads/s")
                shards = data.rename(tmp / "shards")
    return 0


if __name__ == "__main__":
    sys.exit(main())
