"""graph.ttl is written by govkg's own Turtle writer (store.serialize_turtle): valid, complete, deterministic."""
from __future__ import annotations

import pyoxigraph as ox
import rdflib
import rdflib.compare
from govkg.rdf.mapping import new_graph
from govkg.store import serialize_turtle
from rdflib import BNode, Literal, URIRef

GOV = rdflib.Namespace("https://w3id.org/govkg/ontology#")


def _graph():
    XSD = rdflib.namespace.XSD  # noqa: N806
    g = new_graph()
    s = URIRef("https://w3id.org/govkg/id/road/1")
    g.add((s, rdflib.RDF.type, GOV.Road))
    g.add((s, rdflib.RDFS.label, Literal("青石路", lang="zh")))
    g.add((s, rdflib.SKOS.altLabel, Literal('say "hi"\\n\nnext line', lang="zh")))
    g.add((s, GOV.year, Literal("2020", datatype=XSD.gYear)))
    g.add((s, rdflib.RDF.value, Literal("197.0", datatype=XSD.decimal)))
    g.add((s, GOV.isTarget, Literal(False)))
    g.add((s, GOV.start, Literal(12)))
    g.add((s, GOV.note, Literal("plain")))
    g.add((s, GOV.odd, Literal("x", datatype=URIRef("http://example.org/dt#a/b"))))
    g.add((s, URIRef("http://example.org/p/with/slash"), URIRef("https://w3id.org/govkg/id/village/2")))
    g.add((s, GOV.mention, URIRef("https://w3id.org/govkg/id/report/9/mention/1-3-road")))
    g.add((s, GOV.mention, URIRef("https://w3id.org/govkg/id/report/9/mention/5-7-road")))
    return g


def test_every_triple_comes_back_in_rdflib_and_oxigraph():
    g = _graph()
    data = serialize_turtle(g)
    back = rdflib.Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert set(back) == set(g)
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.TURTLE)
    assert len(store) == len(g)
    text = data.decode("utf-8")
    assert "    a gov:Road ;" in text and "rdf:value 197.0 ;" in text and "gov:isTarget false ;" in text
    assert "<http://example.org/p/with/slash>" in text  # no prefix for it: written in full
    assert "PREFIX gov: <https://w3id.org/govkg/ontology#>" in text and "PREFIX dct:" not in text  # the prefixes used


def test_the_same_graph_in_another_order_gives_the_same_bytes():
    g = _graph()
    h = new_graph()
    for t in sorted(g, key=str, reverse=True):
        h.add(t)
    assert serialize_turtle(g) == serialize_turtle(h)


def test_a_graph_with_blank_nodes_goes_to_rdflibs_longturtle():
    g = _graph()
    b = BNode()
    g.add((URIRef("https://w3id.org/govkg/id/road/1"), GOV.part, b))
    g.add((b, rdflib.RDFS.label, Literal("段")))
    back = rdflib.Graph().parse(data=serialize_turtle(g).decode("utf-8"), format="turtle")
    assert len(back) == len(g) and rdflib.compare.isomorphic(back, g)
