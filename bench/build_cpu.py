"""Build a corpus folder into a fresh store in this process and print where the CPU went.

    python bench/build_cpu.py [FOLDER] [-j 2] [--store PATH]

FOLDER defaults to /tmp/govkg-bench/corpus-100 (bench/run.py makes it). Prints the wall time,
the CPU of the build process (its loading threads, RocksDB's threads, ``optimize``) and of the
worker processes, and the stage times of the build summary. RocksDB's compaction threads are
read from /proc (Linux) just before the final ``optimize``; a loading thread's CPU is counted in
the process total only, as the thread has ended by then.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def thread_cpu() -> Counter:
    """Return CPU seconds per thread name ("rocksdb:low", "python", ...) of this process's live threads."""
    tick = os.sysconf("SC_CLK_TCK")
    out: Counter = Counter()
    for task in Path("/proc/self/task").iterdir():
        try:
            stat = (task / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        out[name] += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return out


def main(argv: list[str] | None = None) -> int:
    """Build, then print the CPU split."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default="/tmp/govkg-bench/corpus-100", type=Path)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--store", type=Path, help="store folder to (re)create (default: a temporary one)")
    args = ap.parse_args(argv)
    paths = sorted(args.folder.glob("*.txt"))
    if not paths:
        raise SystemExit(f"{args.folder}: no .txt reports (make some with bench/make_corpus.py)")

    from govkg.store import corpus

    before_optimise: dict = {}
    flush = corpus._Loader.flush

    def flush_and_look(self):  # the last flush comes right before the final optimize
        flush(self)
        before_optimise["threads"] = thread_cpu()

    corpus._Loader.flush = flush_and_look
    store = args.store or Path(tempfile.mkdtemp(prefix="govkg-cpu-")) / "store"
    shutil.rmtree(store, ignore_errors=True)
    try:
        s = corpus.build_corpus_here(paths, store, jobs=args.jobs)
    finally:
        corpus._Loader.flush = flush
        if not args.store:
            shutil.rmtree(store.parent, ignore_errors=True)
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    threads = before_optimise.get("threads", Counter())
    parent = me.ru_utime + me.ru_stime
    workers = kids.ru_utime + kids.ru_stime
    print(f"{len(s.built)} reports built, {s.chars:,} chars, {args.jobs} workers: {s.seconds:.2f} s wall")
    print(f"CPU: workers {workers:.2f} s; build process {parent:.2f} s "
          f"(RocksDB compaction threads before optimize {threads['rocksdb:low']:.2f} s, "
          f"optimize {s.stages['optimise']:.2f} s wall); total {parent + workers:.2f} s")
    print("stages:", ", ".join(f"{k} {v:.2f} s" for k, v in s.stages.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
