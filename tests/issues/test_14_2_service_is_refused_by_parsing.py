"""Issue 14.2: the SERVICE check was a text scan; a comment ended by CR, SERVICESILENT<…> and
SERVICEex:glued passed it, and the server called out. Every form is refused, and no request leaves."""
import pytest
from govkg import query as gq
from govkg.query.endpoint import create_app
from starlette.testclient import TestClient
from support import recording_http_server

pytestmark = pytest.mark.slow

FIXTURE = __import__("pathlib").Path(__file__).resolve().parent.parent / "data" / "fixture.ttl"


def variants(url):
    return [
        f"SELECT * WHERE {{ SERVICE <{url}/a> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ # c\rSERVICE <{url}/b> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICESILENT<{url}/c> {{ ?s ?p ?o }} }}",
        f"PREFIX ex: <{url}/> SELECT * WHERE {{ SERVICEex:glued {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ service <{url}/d> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{url}/e> {{ ?s ?p ?x }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}/f> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}/g> {{ ?s ?p ?o }} }}",
    ]


def test_every_form_is_refused_and_nothing_is_requested():
    with recording_http_server() as (url, seen), TestClient(create_app(FIXTURE, timeout=10)) as client:
        for text in variants(url):
            for r in (client.get("/sparql", params={"query": text}),
                      client.post("/sparql", data={"query": text}),
                      client.post("/sparql", content=text.encode(),
                                  headers={"Content-Type": "application/sparql-query"})):
                assert r.status_code == 403, (text, r.status_code, r.text)
                assert "SERVICE" in r.text
            with pytest.raises(gq.QueryError, match="SERVICE"):
                gq.run_query(FIXTURE, text, timeout=10)
        assert seen == []


def test_service_as_a_local_name_is_fine():
    r = gq.run_query(FIXTURE, "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ?o }", timeout=10)
    assert r.kind == "select"
