"""Benchmark the division gazetteer: load time and memory of its parts, and lookup time.

Not a test: it prints figures. Run from the project root:

    python bench/bench_gazetteer.py
    python bench/bench_gazetteer.py --province 37 --repeat 5

Each load is timed cold (caches cleared; the files are in the OS page cache after the first
run) as the best of --repeat runs; memory is what tracemalloc sees retained after the load
(peak in brackets), measured in a separate run because tracing slows Python down.
"""
from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from govkg import gazetteer as gz


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gz.clear_cache()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def memory(fn) -> tuple[float, float]:
    gz.clear_cache()
    tracemalloc.start()
    fn()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return current / 2**20, peak / 2**20


def beijing_report() -> None:
    """What the 西红门镇 report needs: its scope, its towns and villages, a few lookups."""
    own = gz.scope(["北京市", "大兴区", "西红门镇"])
    county = own.parent
    for name, kind in [("丰台区", "county"), ("北京市", "province")]:
        gz.lookup(name, kind)
    for name in ("建新庄", "大白楼", "团河南村", "寿保庄", "大生庄", "金华园社区", "绿林苑"):
        gz.lookup(name, "village", county)
    gz.lookup("黄村镇", "town", county)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--province", default="37", help="a second province file to load (37: the largest)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)

    data = gz._data_dir()
    files = sorted(p for p in Path(str(data)).glob("*.tsv.gz"))
    total = sum(p.stat().st_size for p in files)
    print(f"data: {len(files)} files, {total / 2**20:.2f} MiB gzipped "
          f"(upper {Path(str(data / 'upper.tsv.gz')).stat().st_size / 1024:.0f} KiB, "
          f"11 {Path(str(data / '11.tsv.gz')).stat().st_size / 1024:.0f} KiB, "
          f"{args.province} {Path(str(data / f'{args.province}.tsv.gz')).stat().st_size / 1024:.0f} KiB)")

    cases = [
        ("upper table (provinces, cities, counties)", gz._upper),
        ("province 11 (Beijing) file", lambda: gz._province("11")),
        (f"province {args.province} file", lambda: gz._province(args.province)),
        ("Beijing county 大兴区 towns+villages+index", lambda: (
            gz.Gazetteer.for_county("110115").lookup("大白楼"),
            gz.Gazetteer.for_county("110115").lookup("西红门镇", "town"))),
        ("Beijing report (scope + 10 lookups)", beijing_report),
    ]
    head = f"load (cold, best of {args.repeat})"
    print(f"{head:<48} {'time':>9} {'memory MiB':>18}")
    for label, fn in cases:
        t = best(fn, args.repeat)
        cur, peak = memory(fn)
        print(f"{label:<48} {t * 1000:7.1f} ms {cur:8.2f} ({peak:.2f})")

    gz.clear_cache()
    beijing_report()  # warm
    n = 2000
    t0 = time.perf_counter()
    for _ in range(n):
        gz.lookup("大白楼", "village", "110115000000")
    village = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    for _ in range(n):
        gz.find_upper("江西")
    upper = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    for _ in range(200):
        gz.scope(["北京市", "大兴区", "西红门镇"])
    scope_t = (time.perf_counter() - t0) / 200
    print(f"lookup (warm): village in county {village * 1e6:.1f} us, find_upper {upper * 1e6:.1f} us, "
          f"scope of 3 names {scope_t * 1e6:.1f} us")
    gz.clear_cache()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
