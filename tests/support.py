"""Shared helpers for the tests: the sample build (made once per session) and paths."""
from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
REPORTS = DATA / "reports"
SHARED = TESTS.parent.parent / "shared"
GOLD = SHARED / "eval" / "xihongmen-2021"
SCORER = SHARED / "eval" / "score.py"


@lru_cache(maxsize=1)
def sample_output() -> Path:
    """Build the bundled sample once; return the output folder."""
    from govkg import pipeline
    from govkg.resources import sample_report

    out = Path(tempfile.mkdtemp(prefix="govkg-sample-"))
    pipeline.build([sample_report()], out)
    return out


@lru_cache(maxsize=1)
def sample_resolved():
    """Run the pipeline on the bundled sample; return (Resolved, rdflib Graph)."""
    from govkg import pipeline
    from govkg.resources import sample_report

    return pipeline.build_report(sample_report())


@lru_cache(maxsize=8)
def resolved(name: str):
    """Run the pipeline on a report under tests/data/reports; return (Resolved, Graph)."""
    from govkg import pipeline

    return pipeline.build_report(REPORTS / name)


def stop_process(proc, grace: float = 10) -> None:
    """Terminate a server subprocess started by a test; kill it if it does not exit in time."""
    import subprocess

    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
