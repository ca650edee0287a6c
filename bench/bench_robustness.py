"""Build reports that break naive code, side by side with the sample: time and peak memory as ratios.

    python bench/bench_robustness.py [--keep DIR]

Inputs, all made here from the bundled sample (no other text is used):
- the sample itself (the baseline);
- the sample without punctuation or line breaks, repeated to 1 MB: one sentence of ~330,000 characters;
- 350,000 characters drawn at random (seeded) from the sample's Chinese characters: thousands of
  candidate names in one sentence;
- the no-punctuation text repeated to 20 MB: refused by the size limit (one line, exit 2).
Each is built with `govkg build` (page included) in a fresh process; the figures are wall time and
the process's peak resident memory (from wait4). The issue's targets: the 1 MB and random inputs
within 30x the sample's time and under 2 GB; the 20 MB input under 3 GB or refused.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from govkg.resources import sample_report


def run(args: list[str]) -> tuple[int, float, float, str]:
    """Run a command; return (exit code, seconds, peak RSS in MB, last stderr line)."""
    t = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    last = err.strip().splitlines()[-1] if err.strip() else ""
    return proc.returncode, time.perf_counter() - t, usage.ru_maxrss / 1024, last


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--keep", metavar="DIR", help="keep the inputs and outputs in DIR")
    a = ap.parse_args(argv)
    work = Path(a.keep or tempfile.mkdtemp(prefix="govkg-robust-"))
    work.mkdir(parents=True, exist_ok=True)
    text = sample_report().read_text(encoding="utf-8")
    flat = re.sub(r"[\s，。；：、！？,.;:!?“”\"（）()《》]", "", text)
    one_mb = (flat * (1_000_000 // len(flat.encode()) + 1)).encode()[:1_000_000].decode("utf-8", "ignore")
    rng = random.Random(1)
    han = sorted({c for c in text if "\u4e00" <= c <= "\u9fff"})
    inputs = {
        "sample": sample_report(),
        "1 MB, no punctuation": work / "flat-1mb.txt",
        "350k random characters": work / "random-350k.txt",
        "20 MB, no punctuation": work / "flat-20mb.txt",
    }
    inputs["1 MB, no punctuation"].write_text(one_mb, encoding="utf-8")
    inputs["350k random characters"].write_text("".join(rng.choice(han) for _ in range(350_000)), encoding="utf-8")
    inputs["20 MB, no punctuation"].write_text(one_mb * 20, encoding="utf-8")
    govkg = [sys.executable, "-m", "govkg", "build", "-q"]
    base = None
    print(f"{'input':26} {'exit':>4} {'seconds':>8} {'x sample':>8} {'peak MB':>8}")
    for name, path in inputs.items():
        code, secs, mb, last = run([*govkg, str(path), "-o", str(work / re.sub(r"\W+", "-", name))])
        base = base or secs
        print(f"{name:26} {code:4d} {secs:8.2f} {secs / base:8.1f} {mb:8.0f}" + (f"   {last[:90]}" if code else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
