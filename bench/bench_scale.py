"""Throughput of a shard build on a Dask LocalCluster against today's ``govkg build --store -j 2``.

    python bench/bench_scale.py [--reports 100] [--workers 2] [--batch 20]

Makes a corpus with bench/make_corpus.py (deterministic), then, one after the other on this
machine: (1) ``build --store -j N`` (today's corpus build), (2) ``build --shards -j N`` (local
forked workers) and ``load`` of those shards, (3) ``build --shards --cluster`` on a LocalCluster
of N worker processes bound to 127.0.0.1 and ``load``. Prints each time, the ratios, the shard
sizes and the store's size: the figures the README's "Scale" projection is made from.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def govkg(*args) -> float:
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "govkg.cli", *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"govkg {' '.join(args)} failed: {r.stderr.strip()}")
    return time.perf_counter() - t


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=100)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=20)
    args = ap.parse_args(argv)
    from distributed import LocalCluster  # the govkg[dask] extra

    with tempfile.TemporaryDirectory(prefix="govkg-scale-") as tmp:
        tmp = Path(tmp)
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(args.reports), str(tmp / "reports")],
                       check=True, capture_output=True)
        n, w, b = args.reports, str(args.workers), str(args.batch)
        t_store = govkg("build", str(tmp / "reports"), "--store", str(tmp / "store"), "-j", w, "-q")
        t_local = govkg("build", str(tmp / "reports"), "--shards", str(tmp / "local"), "-j", w, "--batch", b)
        t_load = govkg("load", str(tmp / "local"), "--store", str(tmp / "loaded"))
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None, silence_logs=50) as cluster:
            t_dask = govkg("build", str(tmp / "reports"), "--shards", str(tmp / "dask"), "--batch", b,
                           "--cluster", cluster.scheduler_address)
        shards = sorted((tmp / "dask").glob("*.nq.gz"))
        same = all((tmp / "local" / p.name).read_bytes() == p.read_bytes() for p in shards)
        print(f"{n} reports, {args.workers} workers, {b} reports per shard")
        print(f"  build --store -j {w}            {t_store:6.1f} s  {n / t_store:5.1f} reports/s")
        print(f"  build --shards -j {w}           {t_local:6.1f} s  {n / t_local:5.1f} reports/s")
        print(f"  build --shards --cluster (Local) {t_dask:6.1f} s  {n / t_dask:5.1f} reports/s")
        print(f"  load shards into a store       {t_load:6.1f} s  {n / t_load:5.1f} reports/s")
        print(f"  ratio cluster / build --store (throughput): {t_store / t_dask:.2f}")
        print(f"  ratio (cluster build + load) / build --store: {t_store / (t_dask + t_load):.2f}")
        print(f"  shards: {len(shards)} files, {size_mb(tmp / 'dask') - 0:.1f} MB "
              f"({size_mb(tmp / 'dask') / n * 1000:.0f} kB per report); identical to the local build: {same}")
        print(f"  store: {size_mb(tmp / 'store'):.0f} MB (build --store), {size_mb(tmp / 'loaded'):.0f} MB (load)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
