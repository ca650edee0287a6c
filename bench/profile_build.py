"""Profile one build worker's path (govkg.store.corpus.build_one) on some reports; print stage CPU and the top functions.

    python bench/profile_build.py [FOLDER] [-n 20] [--top 40] [--sort tottime] [--no-profile]

FOLDER defaults to /tmp/govkg-bench/corpus-100 (bench/run.py makes it). The first report is built
once untimed (warm-up: dictionaries, spaCy). Stage times are CPU seconds (time.process_time) summed
over the reports, as the worker measures them; with cProfile on they are inflated, so read them
from a --no-profile run.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    """Build N reports as one worker does and print where the time goes."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default="/tmp/govkg-bench/corpus-100")
    ap.add_argument("-n", type=int, default=20, help="reports to build (default 20)")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative)")
    ap.add_argument("--no-profile", action="store_true", help="stage CPU times only")
    args = ap.parse_args()

    from govkg.store import corpus  # noqa: PLC0415

    paths = sorted(str(p) for p in Path(args.folder).glob("*.txt"))[: args.n]
    corpus.warm_up()
    # as a build's worker runs: the warmed-up objects frozen out of garbage collection, fewer collections
    import gc  # noqa: PLC0415

    gc.freeze()
    gc.set_threshold(corpus.GC_THRESHOLD, 20, 100)
    corpus.build_one((0, paths[0]))
    stages: Counter = Counter()
    chars = 0
    prof = None if args.no_profile else cProfile.Profile()
    t0, c0 = time.perf_counter(), time.process_time()
    if prof:
        prof.enable()
    for i, p in enumerate(paths):
        out = corpus.build_one((i, p))
        if out.status == "failed":
            print(out.error, file=sys.stderr)
        stages.update(out.seconds)
        chars += out.chars
    if prof:
        prof.disable()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"{len(paths)} reports, {chars:,} chars: {wall:.2f} s wall, {cpu:.2f} s CPU "
          f"({chars / cpu:,.0f} chars/CPU-s)")
    print("stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))
    if prof:
        pstats.Stats(prof).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
