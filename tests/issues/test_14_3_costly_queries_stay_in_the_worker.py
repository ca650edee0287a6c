"""Issue 14.3: a 1 MB query with a syntax error took 88 s under --timeout 5 and blocked other clients:
locating the error ran in the server process. Now every costly step runs in the killable worker, and
a query over the size cap is refused with 413."""
import threading
import time

import pytest
from govkg import query as gq
from govkg.query.endpoint import create_app
from starlette.testclient import TestClient

pytestmark = pytest.mark.slow

FIXTURE = __import__("pathlib").Path(__file__).resolve().parent.parent / "data" / "fixture.ttl"
BROKEN = "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(6000)) + " ) "  # no "}"


def test_an_oversized_query_is_413():
    with TestClient(create_app(FIXTURE, timeout=5, max_query_bytes=50_000)) as client:
        assert len(BROKEN.encode()) > 50_000
        assert client.post("/sparql", data={"query": BROKEN}).status_code == 413
        assert client.post("/sparql", content=BROKEN.encode(),
                           headers={"Content-Type": "application/sparql-query"}).status_code == 413


def test_a_long_broken_query_ends_within_its_time_limit_and_others_are_served():
    with TestClient(create_app(FIXTURE, timeout=2, workers=2)) as client:
        answers = {}

        def costly():
            t = time.monotonic()
            answers["broken"] = (client.post("/sparql", data={"query": BROKEN}).status_code, time.monotonic() - t)

        worker = threading.Thread(target=costly)
        worker.start()
        time.sleep(0.2)
        t = time.monotonic()
        quick = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        answers["quick"] = (quick.status_code, time.monotonic() - t)
        worker.join(60)
    assert answers["quick"][0] == 200
    status, seconds = answers["broken"]
    assert status in (400, 503) and seconds < 20


def test_run_query_places_the_error_in_the_worker():
    with pytest.raises((gq.QuerySyntaxError, gq.QueryTimeout)):
        gq.run_query(FIXTURE, BROKEN, timeout=2)
