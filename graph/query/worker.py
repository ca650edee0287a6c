"""Running a query step in a forked worker process that is killed when its time is up.

A running Oxigraph query cannot be interrupted from Python, so every step that can cost time
(parsing, locating a syntax error, evaluation, serialisation) runs in the worker and the parent
only waits on a pipe.
"""
from __future__ import annotations

from govkg.fork import kill_children, run_forked
from govkg.query.errors import QueryError, QueryTimeout


def run_in_worker(fn, timeout: float | None):
    """Call ``fn()`` in a forked worker and return its (picklable) value; raise QueryTimeout after ``timeout``."""
    return run_forked(fn, timeout, error=QueryError, on_timeout=QueryTimeout)


def kill_workers() -> int:
    """Kill every query worker still running (e.g. when a server shuts down); return how many."""
    return kill_children()
