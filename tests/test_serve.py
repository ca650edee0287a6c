"""``govkg serve``: a real server on a free port, queried by a real HTTP client in every format."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from govkg import query as gq
from govkg.cli import main
from support import running_server

pytestmark = pytest.mark.slow  # browser, notebooks, servers or corpus builds: deselect with -m "not slow"

TESTS = Path(__file__).resolve().parent
FIXTURE = TESTS / "data" / "fixture.ttl"
PARAMS = {"figures_by_year": {"year": "2021"}, "entity_profile": {"name": "青山镇"}}
NAMES = [q.name for q in gq.library()]
ACCEPT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
          "csv": "text/csv", "tsv": "text/tab-separated-values"}
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@pytest.fixture(scope="module")
def server():
    with running_server(FIXTURE, "--timeout", "20") as client:
        yield client


def cli(capsysbinary, *argv) -> bytes:
    assert main([str(a) for a in argv]) == 0
    return capsysbinary.readouterr().out


def solutions(data: bytes, fmt: str):
    rf = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML, "tsv": ox.QueryResultsFormat.TSV}[fmt]
    res = ox.parse_query_results(data, format=rf)
    if isinstance(res, ox.QueryBoolean):
        return bool(res)
    names = [v.value for v in res.variables]
    return [tuple(s[n] for n in names) for s in res]


# --------------------------------------------------------------------------- the same answers as govkg query

@pytest.mark.parametrize("name", NAMES)
def test_library_answers_equal_the_command_line_in_every_format(server, capsysbinary, name):
    params = PARAMS.get(name, {})
    text = gq.prepare(name, params)
    argv = ["query", FIXTURE, name] + [f"--param={k}={v}" for k, v in params.items()]
    for fmt, how in (("csv", "get"), ("tsv", "form"), ("json", "direct"), ("csv", "library")):
        want = cli(capsysbinary, *argv, "--format", fmt)
        headers = {"Accept": ACCEPT[fmt]}
        if how == "get":
            r = server.get("/sparql", params={"query": text}, headers=headers)
        elif how == "form":
            r = server.post("/sparql", data={"query": text}, headers=headers)
        elif how == "direct":
            r = server.post("/sparql", content=text.encode("utf-8"),
                            headers={**headers, "Content-Type": "application/sparql-query"})
        else:
            r = server.get(f"/queries/{name}", params=params, headers=headers)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith(ACCEPT[fmt])
        assert r.content == want, (fmt, how)
    r = server.get("/sparql", params={"query": text}, headers={"Accept": ACCEPT["xml"]})
    assert solutions(r.content, "xml") == solutions(cli(capsysbinary, *argv, "--format", "json"), "json")


def test_format_parameter_overrides_accept(server):
    r = server.get("/queries/roads_by_year", params={"format": "tsv"}, headers={"Accept": "application/json"})
    assert r.headers["content-type"].startswith("text/tab-separated-values")
    assert r.text.splitlines()[0] == "?year\t?kind\t?name\t?road\t?sentences\t?reports"


def test_construct_in_turtle_ntriples_and_jsonld(server, capsysbinary):
    q = ("PREFIX gov: <https://w3id.org/govkg/ontology#> CONSTRUCT { ?x gov:withinDivision ?d } "
         "WHERE { ?x gov:withinDivision ?d }")
    want = rdflib.Graph().parse(data=cli(capsysbinary, "query", FIXTURE, q).decode("utf-8"), format="turtle")
    assert len(want) == 4
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")):
        r = server.get("/sparql", params={"query": q}, headers={"Accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
        assert isomorphic(rdflib.Graph().parse(data=r.text, format=fmt), want), accept


def test_ask_in_json_and_xml(server):
    q = "ASK { ?s a <https://w3id.org/govkg/ontology#Policy> }"
    assert server.get("/sparql", params={"query": q}).json() == {"head": {}, "boolean": True}
    r = server.post("/sparql", data={"query": q.replace("Policy", "Person")}, headers={"Accept": ACCEPT["xml"]})
    assert solutions(r.content, "xml") is False


def test_service_description(server):
    r = server.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    endpoint = rdflib.URIRef(str(server.base_url.join("/sparql")))
    assert (endpoint, rdflib.RDF.type, sd.Service) in g
    assert (endpoint, sd.supportedLanguage, sd.SPARQL11Query) in g
    assert (endpoint, sd.resultFormat, rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_CSV")) in g
    triples = list(g.objects(None, rdflib.URIRef("http://rdfs.org/ns/void#triples")))
    assert [int(t) for t in triples] == [len(rdflib.Graph().parse(FIXTURE))]


# --------------------------------------------------------------------------- read-only

@pytest.mark.parametrize("how", ["form", "direct", "get", "query-text", "put", "delete", "post-elsewhere"])
def test_writes_are_refused_with_403(server, how):
    update = "INSERT DATA { <urn:x> <urn:y> <urn:z> }"
    if how == "form":
        r = server.post("/sparql", data={"update": update})
    elif how == "direct":
        r = server.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"})
    elif how == "get":
        r = server.get("/sparql", params={"update": update})
    elif how == "query-text":
        r = server.post("/sparql", data={"query": update})
    elif how == "put":
        r = server.put("/sparql", content="<urn:x> <urn:y> <urn:z> .", headers={"Content-Type": "text/turtle"})
    elif how == "delete":
        r = server.delete("/sparql")
    else:
        r = server.post("/store?default", content="<urn:x> <urn:y> <urn:z> .", headers={"Content-Type": "text/turtle"})
    assert r.status_code == 403
    assert "read-only" in r.text
    ask = server.get("/sparql", params={"query": "ASK { <urn:x> ?p ?o }"}).json()
    assert ask["boolean"] is False


def test_service_calls_are_refused(server):
    r = server.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 403 and "SERVICE" in r.text


# --------------------------------------------------------------------------- protocol details

def test_cors_headers(server):
    r = server.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = server.options("/sparql", headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST",
                                             "Access-Control-Request-Headers": "Content-Type"})
    assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]


def test_errors(server):
    r = server.get("/sparql", params={"query": "SELECT ?x WHERE {\n ?x ?p \n}"})
    assert r.status_code == 400 and "line 2, column 2" in r.text
    assert server.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"}).status_code == 406
    assert server.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"}).status_code == 415
    assert server.post("/sparql", data={"nothing": "here"}).status_code == 400
    assert server.get("/queries/no_such_query").status_code == 404
    r = server.get("/queries/figures_by_year", params={"year": "two thousand"})
    assert r.status_code == 400 and "year such as 2021" in r.text


def test_twenty_concurrent_clients_each_get_their_own_answer(server):
    store = gq.Source(FIXTURE)
    names = sorted(set(gq.run_query(store, f"SELECT ?n WHERE {{ ?e <{RDFS_LABEL}> ?n }}").column("n")))
    assert len(names) >= 20
    base = str(server.base_url)

    def ask(i: int):
        name = names[i]
        q = (f"SELECT ?e ?client WHERE {{ ?e <{RDFS_LABEL}> ?l . "
             f"FILTER(STR(?l) = {ox.Literal(name)}) BIND({i} AS ?client) }}")
        with httpx.Client(base_url=base, timeout=60) as c:
            r = c.post("/sparql", data={"query": q}, headers={"Accept": ACCEPT["json"]})
        return i, name, r

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(ask, range(20)))
    for i, name, r in answers:
        assert r.status_code == 200
        rows = r.json()["results"]["bindings"]
        want = gq.run_query(store, f"SELECT ?e WHERE {{ ?e <{RDFS_LABEL}> ?l FILTER(STR(?l) = {ox.Literal(name)}) }}")
        assert sorted(b["e"]["value"] for b in rows) == sorted(want.column("e"))
        assert {b["client"]["value"] for b in rows} == {str(i)}


def test_query_page_is_offline_and_lists_the_library(server):
    r = server.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert not re.search(r"<(script|img|iframe)[^>]+src=|<link\b|@import|url\(", page, re.I)
    m = re.search(r"const DATA = (\{.*?\}) \|\| \{", page, re.S)
    data = json.loads(m.group(1))
    assert [q["name"] for q in data["queries"]] == NAMES
    assert data["triples"] == len(rdflib.Graph().parse(FIXTURE))
    assert all(q["text"] == gq.get_query(q["name"]).text for q in data["queries"])


# --------------------------------------------------------------------------- limits

def test_time_limit_and_row_cap():
    with running_server(FIXTURE, "--timeout", "0.3", "--max-rows", "5") as client:
        r = client.get("/queries/entity_pairs", headers={"Accept": "text/csv"})
        assert r.status_code == 200 and r.headers["x-govkg-truncated"] == "cut at 5 rows"
        assert len(r.text.strip().splitlines()) == 1 + 5
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
        r = client.get("/sparql", params={"query": slow})
        assert r.status_code == 503 and "stopped after 0.3 s" in r.text
        values = " ".join(str(i) for i in range(3000))
        costly = ("SELECT (COUNT(*) AS ?n) WHERE { "
                  + " ".join(f"VALUES ?{v} {{ {values} }}" for v in "abc") + " }")
        r = client.post("/sparql", data={"query": costly})
        assert r.status_code == 503  # costly even without data: stopped too, the server never blocks on it
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200  # still serving


def test_default_and_named_graph_parameters(tmp_path):
    s = ox.Store()
    s.bulk_load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:g:fixture"))
    trig = tmp_path / "g.trig"
    trig.write_bytes(s.dump(format=ox.RdfFormat.TRIG))
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/govkg/ontology#Road> }"
    with running_server(trig) as client:
        def count(**params):
            r = client.get("/sparql", params={"query": q, **params})
            return int(r.json()["results"]["bindings"][0]["n"]["value"])
        assert count() == 2  # the default graph is the union of the named graphs
        assert count(**{"default-graph-uri": "urn:g:fixture"}) == 2
        assert count(**{"default-graph-uri": "urn:g:other"}) == 0
