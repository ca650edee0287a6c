"""Shared helpers for the tests: the sample build (made once per session) and paths."""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
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
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def running_server(source, *options):
    """Start ``govkg serve SOURCE --port 0`` in a subprocess; yield an httpx client for it; stop it."""
    import httpx

    proc = subprocess.Popen([sys.executable, "-m", "govkg.cli", "serve", str(source), "--port", "0", *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=TESTS.parent)
    try:
        line = proc.stdout.readline()
        m = re.search(r"at (http://127\.0\.0\.1:\d+/) ", line)
        assert m, (line, proc.stderr.read() if proc.poll() is not None else "")
        with httpx.Client(base_url=m.group(1), timeout=60) as client:
            for _ in range(200):  # the socket is bound before the line is printed; wait for the app
                try:
                    client.get("/sparql")
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            yield client
    finally:
        stop_process(proc)


@contextmanager
def recording_http_server(status: int = 200, body=lambda headers: b"ok"):
    """Run a small HTTP server on 127.0.0.1 that records each request; yield (base URL, requests list)."""
    import http.server
    import threading

    seen: list = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            seen.append((self.command, self.path, dict(self.headers)))
            data = body(self.headers)
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def assert_worker_gone() -> None:
    """A killed query worker was reaped: no forked worker is left, and no zombie child waits."""
    import os

    from govkg import fork

    assert fork.children() == 0
    try:
        assert os.waitpid(-1, os.WNOHANG) == (0, 0)  # children of other kinds may run, none has ended
    except ChildProcessError:
        pass  # no child at all
