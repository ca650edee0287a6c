"""Run a call in a forked child process: its value comes back through a pipe, its side effects stay there.

The query layer uses it, so that a running Oxigraph query (which cannot be interrupted from
Python) is killed when its time is up. (The corpus build spawns its process instead: a process
that has opened a RocksDB store cannot be forked safely to open another.)

>>> run_forked(lambda: 6 * 7)
42
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import threading
import time

from govkg.errors import GovkgError

_CHILDREN: set[int] = set()
_LOCK = threading.Lock()


class ForkTimeout(GovkgError):
    """The child ran past its time limit and was killed."""

    def __init__(self, seconds: float):
        super().__init__(f"stopped after {seconds:g} s (time limit)")
        self.seconds = seconds


def run_forked(fn, timeout: float | None = None, *, error=GovkgError, on_timeout=ForkTimeout):
    """Call ``fn()`` in a forked child and return its (picklable) value; kill the child after ``timeout``.

    A GovkgError raised in the child is raised again here; any other exception becomes ``error``
    with its type and message. ``on_timeout(seconds)`` makes the exception raised when time is up.
    Where fork is not available the call runs in a thread, abandoned (not stopped) on timeout.
    """
    if not hasattr(os, "fork"):  # pragma: no cover  (not on Linux)
        return _run_in_thread(fn, timeout, on_timeout)
    r, w = os.pipe()
    with _LOCK:
        pid = os.fork()
        if pid:
            _CHILDREN.add(pid)
    if pid == 0:  # the child
        code = 0
        try:
            os.close(r)
            try:
                payload = ("ok", fn())
            except GovkgError as e:
                # sent without its traceback and chained exceptions: a library that makes exceptions
                # pickle those (tblib, which Dask installs) would fail on an HTTP error's open response
                e.__traceback__ = e.__context__ = e.__cause__ = None
                payload = ("error", e)
            except BaseException as e:  # noqa: BLE001  (report anything, then exit)
                payload = ("error", error(f"{type(e).__name__}: {e}"))
            try:
                data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as e:  # noqa: BLE001
                data = pickle.dumps(("error", error(f"cannot send the answer: {e}")))
            view = memoryview(data)
            while view:
                n = os.write(w, view)
                view = view[n:]
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    deadline = None if timeout is None else time.monotonic() + timeout
    chunks = []
    try:
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise on_timeout(timeout)
            ready, _, _ = select.select([r], [], [], left)
            if ready:
                chunk = os.read(r, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    except BaseException:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _reap(pid)
        raise
    finally:
        os.close(r)
    _reap(pid)
    if not chunks:
        raise error("the worker process died without an answer")
    status, value = pickle.loads(b"".join(chunks))
    if status == "error":
        raise value
    return value


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    with _LOCK:
        _CHILDREN.discard(pid)


def children() -> int:
    """Return how many forked children are running (not yet reaped)."""
    with _LOCK:
        return len(_CHILDREN)


def kill_children() -> int:
    """Kill every child still running (e.g. when a server shuts down); return how many."""
    with _LOCK:
        pids = list(_CHILDREN)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return len(pids)


def _run_in_thread(fn, timeout, on_timeout):  # pragma: no cover  (not on Linux)
    box: dict = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as e:  # noqa: BLE001
            box["error"] = e

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise on_timeout(timeout)
    if "error" in box:
        raise box["error"]
    return box["value"]
