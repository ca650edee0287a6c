"""Issue 14.1: the endpoint took query text containing '/' for a .rq path and showed the file's lines.

`query=/etc/passwd` answered 400 with the file in the syntax error; a 300-character word gave a 500
with an ENAMETOOLONG traceback. The endpoint takes query text only.
"""
import pytest
from govkg.query.endpoint import create_app
from starlette.testclient import TestClient

pytestmark = pytest.mark.slow

FIXTURE = __import__("pathlib").Path(__file__).resolve().parent.parent / "data" / "fixture.ttl"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(FIXTURE, timeout=10)) as c:
        yield c


@pytest.mark.parametrize("path", ["/etc/passwd", "/etc/hostname", "/proc/self/environ", "../README.md"])
def test_a_file_path_is_query_text_that_does_not_parse(client, path):
    for r in (client.get("/sparql", params={"query": path}),
              client.post("/sparql", data={"query": path}),
              client.post("/sparql", content=path.encode(), headers={"Content-Type": "application/sparql-query"})):
        assert r.status_code == 400
        assert "root:" not in r.text and "PATH=" not in r.text and "# govkg" not in r.text
        assert "syntax error" in r.text.lower()


def test_a_long_word_is_a_syntax_error_not_a_server_error(client):
    r = client.get("/sparql", params={"query": "x" * 300 + "/y.rq"})
    assert r.status_code == 400 and "Traceback" not in r.text


def test_library_queries_are_reached_by_name_only(client):
    assert client.get("/queries/roads_by_year").status_code == 200
    r = client.get("/queries/..%2F..%2Fetc%2Fpasswd")
    assert r.status_code in (404, 405) and "root:" not in r.text
    r = client.get("/queries/" + "x" * 300)
    assert r.status_code == 404 and "Traceback" not in r.text


def test_cors_is_open_for_reads_by_default_and_configurable():
    ask = {"query": "ASK { ?s ?p ?o }"}
    origin = {"Origin": "https://portal.example.org"}
    with TestClient(create_app(FIXTURE)) as c:
        assert c.get("/sparql", params=ask, headers=origin).headers.get("access-control-allow-origin") == "*"
    with TestClient(create_app(FIXTURE, cors_origin="https://portal.example.org")) as c:
        r = c.get("/sparql", params=ask, headers=origin)
        assert r.headers.get("access-control-allow-origin") == "https://portal.example.org"
        r = c.get("/sparql", params=ask, headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in r.headers
    with TestClient(create_app(FIXTURE, cors_origin=None)) as c:
        assert "access-control-allow-origin" not in c.get("/sparql", params=ask, headers=origin).headers
