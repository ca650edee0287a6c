"""Entity pages (``/id/…``, ``/search``, ``/type/…``): HTML for browsers, the CBD for machines."""
from __future__ import annotations

import html
import re
import warnings

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from govkg import site
from govkg.query import endpoint
from support import DATA

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

FIXTURE = DATA / "fixture.ttl"
ID = site.ID
ROAD = ID + "road/tuanjie"
EVIL = """<script>alert(1)</script>"'<img src=x onerror=alert(2)>"""
RDFS_LABEL = rdflib.RDFS.label


def client_for(source, **kw) -> TestClient:
    src = source
    return TestClient(endpoint.create_app(src, routes=site.routes(src, timeout=20, **kw)))


@pytest.fixture(scope="module")
def client():
    with client_for(FIXTURE) as c:
        yield c


def cbd(path, iri) -> rdflib.Graph:
    """The CBD computed from the file: the outgoing triples of IRI and the label of each object."""
    g = rdflib.Graph().parse(path)
    out = rdflib.Graph()
    s = rdflib.URIRef(iri)
    for p, o in g.predicate_objects(s):
        out.add((s, p, o))
        for lab in g.objects(o, RDFS_LABEL):
            out.add((o, RDFS_LABEL, lab))
    return out


def test_entity_page_lists_its_sentences(client):
    r = client.get("/id/road/tuanjie", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Accept" in r.headers["vary"] and r.headers["content-location"] == "/id/road/tuanjie.html"
    assert '<h1 id="label">团结路</h1>' in r.text
    sentences = re.search(r'<ol id="sentences">(.*?)</ol>', r.text, re.S).group(1)
    assert sentences.count("<li>") == 2 and sentences.count("<mark>团结路</mark>") == 2
    assert "https://cdn" not in r.text and 'src="http' not in r.text  # vis-network is inline
    assert "vis-network" in r.text


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                        ("application/ld+json", "json-ld"), ("text/plain", "nt")])
def test_accept_gives_the_cbd(client, accept, fmt):
    r = client.get("/id/road/tuanjie", headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == endpoint.MEDIA[
        {"turtle": "turtle", "nt": "ntriples", "json-ld": "jsonld"}[fmt]].split(";")[0]
    assert "Accept" in r.headers["vary"]
    assert r.headers["content-location"] == "/id/road/tuanjie" + {"turtle": ".ttl", "nt": ".nt", "json-ld": ".jsonld"}[fmt]
    g = rdflib.Graph().parse(data=r.content, format=fmt)
    assert (rdflib.URIRef(ROAD), RDFS_LABEL, rdflib.Literal("团结路", lang="zh")) in g
    assert isomorphic(g, cbd(FIXTURE, ROAD))


@pytest.mark.parametrize("ext,fmt,media", [(".ttl", "turtle", "text/turtle"), (".nt", "nt", "application/n-triples"),
                                           (".jsonld", "json-ld", "application/ld+json"), (".html", None, "text/html")])
def test_extension_gives_the_format_whatever_the_accept(client, ext, fmt, media):
    r = client.get("/id/road/tuanjie" + ext, headers={"Accept": "image/png, text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert "Accept" not in r.headers.get("vary", "")
    if fmt:
        assert isomorphic(rdflib.Graph().parse(data=r.content, format=fmt), cbd(FIXTURE, ROAD))


def test_unknown_iri_is_a_404_page(client):
    for path in ("/id/road/nowhere", "/id/%3Cscript%3E", "/type/Nothing", "/type/%3Cx%3E"):
        r = client.get(path, headers={"Accept": "text/html"})
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html"), path
        assert "Traceback" not in r.text and "<script>" not in r.text
    assert client.get("/id/road/nowhere", headers={"Accept": "text/turtle"}).status_code == 404
    assert client.get("/id/road/tuanjie", headers={"Accept": "image/png"}).status_code == 406


def test_search_and_type_pages(client):
    r = client.get("/search", params={"q": "团结"})
    assert r.status_code == 200 and 'href="/id/road/tuanjie"' in r.text
    r = client.get("/search", params={"q": "\"} } SELECT * { ?s ?p ?o"})  # bound as a literal: no match, no error
    assert r.status_code == 200 and "<li>" not in r.text
    r = client.get("/type/Road")
    assert r.status_code == 200 and 'href="/id/road/tuanjie"' in r.text and 'href="/id/road/chuangye"' in r.text


def test_other_iris_answer_too(client):
    g = rdflib.Graph().parse(FIXTURE)
    sentence = next(iter(g.subjects(rdflib.RDF.type, rdflib.URIRef(site.GOV + "Sentence"))))
    r = client.get("/id/" + str(sentence)[len(ID):])
    assert r.status_code == 200 and "properties" in r.text
    report = next(iter(g.subjects(rdflib.RDF.type, rdflib.URIRef(site.GOV + "Report"))))
    assert client.get("/id/" + str(report)[len(ID):], headers={"Accept": "text/turtle"}).status_code == 200


def test_base_makes_links_absolute():
    with client_for(FIXTURE, base="https://w3id.org/govkg/") as c:
        r = c.get("/id/road/tuanjie")
        assert 'href="https://w3id.org/govkg/id/report/' in r.text
        assert r.headers["content-location"] == "https://w3id.org/govkg/id/road/tuanjie.html"


def evil_store() -> ox.Store:
    store = ox.Store()
    rdf_type, label = ox.NamedNode(str(rdflib.RDF.type)), ox.NamedNode(str(RDFS_LABEL))
    gov = site.GOV
    e, other = ox.NamedNode(ID + "village/evil"), ox.NamedNode(ID + "road/plain")
    rep = ID + "report/r"
    s, m = ox.NamedNode(rep + "/sentence/0"), ox.NamedNode(rep + "/mention/0-5")
    text = EVIL + "在此"
    for t in [(e, rdf_type, ox.NamedNode(gov + "Village")), (e, label, ox.Literal(EVIL, language="zh")),
              (e, ox.NamedNode(gov + "mention"), m), (m, ox.NamedNode(gov + "inSentence"), s),
              (m, ox.NamedNode(gov + "start"), ox.Literal(0)), (m, ox.NamedNode(gov + "end"), ox.Literal(len(EVIL))),
              (s, ox.NamedNode(gov + "text"), ox.Literal(text)), (s, ox.NamedNode(gov + "start"), ox.Literal(0)),
              (other, rdf_type, ox.NamedNode(gov + "Road")), (other, label, ox.Literal("平路", language="zh")),
              (other, ox.NamedNode(gov + "mention"), ox.NamedNode(rep + "/mention/9-11")),
              (ox.NamedNode(rep + "/mention/9-11"), ox.NamedNode(gov + "inSentence"), s),
              (e, ox.NamedNode(gov + "withinDivision"), other)]:
        store.add(ox.Quad(*t))
    return store


def test_a_crafted_label_is_text():
    with client_for(evil_store()) as c:
        for path in ("/id/village/evil", "/id/road/plain", "/search?q=script", "/type/Village"):
            r = c.get(path)
            assert r.status_code == 200, path
            assert "<script>alert" not in r.text and "<img src=x" not in r.text, path
        r = c.get("/id/village/evil")
        assert html.escape(EVIL) in r.text
        assert "<mark>" + html.escape(EVIL) + "</mark>" in r.text
        data = re.search(r'<script type="application/json" id="net-data">(.*?)</script>', r.text, re.S).group(1)
        assert "<" not in data


@pytest.mark.slow
def test_sample_road_page_and_turtle():
    from support import sample_output

    graph = sample_output() / "graph.ttl"
    g = rdflib.Graph().parse(graph)
    road = next(s for s, o in g.subject_objects(RDFS_LABEL) if str(o) == "团河路")
    path = "/id/" + str(road)[len(ID):]
    with client_for(graph) as c:
        r = c.get(path, headers={"Accept": "text/html"})
        assert r.status_code == 200 and "<mark>团河路</mark>" in r.text
        assert re.search(r'<ol id="sentences">.*<li>', r.text, re.S)
        r = c.get(path, headers={"Accept": "text/turtle"})
        t = rdflib.Graph().parse(data=r.content, format="turtle")
        assert (road, RDFS_LABEL, rdflib.Literal("团河路", lang="zh")) in t
        assert isomorphic(t, cbd(graph, str(road)))


def test_work_items_and_division_chain_when_present():
    store = ox.Store()
    gov, rdf_type, label = site.GOV, ox.NamedNode(str(rdflib.RDF.type)), ox.NamedNode(str(RDFS_LABEL))
    town, county, v = (ox.NamedNode(ID + k) for k in ("administrativedivision/t", "administrativedivision/c",
                                                       "village/v"))
    w1, w2 = ox.NamedNode(ID + "workitem/1"), ox.NamedNode(ID + "workitem/2")
    for t in [(v, rdf_type, ox.NamedNode(gov + "Village")), (v, label, ox.Literal("甲村", language="zh")),
              (v, ox.NamedNode(gov + "withinDivision"), town), (town, label, ox.Literal("乙镇", language="zh")),
              (town, ox.NamedNode(gov + "withinDivision"), county), (county, label, ox.Literal("丙县", language="zh")),
              (town, ox.NamedNode(gov + "divisionCode"), ox.Literal("110115001000")),
              (v, ox.NamedNode(gov + "divisionCode"), ox.Literal("110115001201")),
              (w1, rdf_type, ox.NamedNode(gov + "WorkItem")), (w1, label, ox.Literal("完成甲村改造", language="zh")),
              (w1, ox.NamedNode(gov + "object"), v), (w1, ox.NamedNode(gov + "year"), ox.Literal("2021")),
              (w1, ox.NamedNode(gov + "status"), ox.Literal("completed")),
              (w2, rdf_type, ox.NamedNode(gov + "WorkItem")), (w2, label, ox.Literal("推进甲村建设", language="zh")),
              (w2, ox.NamedNode(gov + "object"), v), (w2, ox.NamedNode(gov + "year"), ox.Literal("2022")),
              (w2, ox.NamedNode(gov + "status"), ox.Literal("planned"))]:
        store.add(ox.Quad(*t))
    with client_for(store) as c:
        r = c.get("/id/village/v")
        assert r.status_code == 200
        assert '<dd id="code">110115001201</dd>' in r.text
        chain = re.search(r'<dd id="hierarchy">(.*?)</dd>', r.text, re.S).group(1)
        assert chain.index("乙镇") < chain.index("丙县") and "110115001000" in chain
        work = re.search(r'<table id="work">(.*?)</table>', r.text, re.S).group(1)
        assert "2021</td><td>completed" in work and "完成甲村改造" in work and "推进甲村建设" in work
        assert c.get("/id/workitem/1").status_code == 200
