"""govkg.explore.network: RDF -> networkx entity network, selection (types, focus+depth, max-nodes), stats."""
from __future__ import annotations

import subprocess
import sys

import networkx as nx
import pytest
import rdflib

from govkg.explore import network
from govkg.rdf.namespace import GOV
from support import DATA, sample_resolved

FIXTURE = DATA / "viz_network.ttl"
ID = "https://w3id.org/govkg/id/"
V1, V2, V3 = ID + "village/v1", ID + "village/v2", ID + "village/v3"
D, RD, P, L, Q, O = (ID + s for s in ("administrativedivision/d", "road/rd", "project/p", "landparcel/l",
                                       "policy/q", "organization/o"))


@pytest.fixture(scope="module")
def G():
    return network.entity_graph(FIXTURE)


def edges_of(G, key):
    return {(u, v): d["weight"] for u, v, k, d in G.edges(keys=True, data=True) if k == key}


def test_nodes_are_the_entities_with_their_attributes(G):
    assert set(G.nodes) == {D, V1, V2, V3, RD, P, L, Q, O}  # no report, section, sentence, mention or figure
    v1 = G.nodes[V1]
    assert (v1["type"], v1["label"], v1["aliases"], v1["mentions"]) == ("Village", "一村", ["一村村委会"], 3)
    # the earliest mention (start 10), though listed last in the file, gives the source sentence
    assert v1["sentence"] == "一村和二村完成改造。" and v1["section"] == "回顾2020年工作"
    assert G.nodes[Q]["definition"] == "全体人民共同富裕。"
    assert G.nodes[O]["mentions"] == 0 and G.nodes[O]["sentence"] == ""


def test_figures_are_attributes_of_their_subject_not_nodes(G):
    (pop,) = G.nodes[V1]["indicators"]
    assert (pop.name, pop.value, pop.unit, pop.year, pop.target) == ("人口", "1200", "人", "2020", False)
    (gdp,) = G.nodes[D]["indicators"]
    assert gdp.target and "12.5 亿元" in gdp.text() and "+5%" in gdp.text() and "2021" in gdp.text()
    assert not any("figure" in n for n in G.nodes)


def test_relation_edges_are_directed_and_keyed_by_the_property(G):
    assert set(edges_of(G, "withinDivision")) == {(V1, D), (V2, D), (V3, D)}
    assert set(edges_of(G, "alongRoad")) == {(P, RD)}
    assert set(edges_of(G, "onParcel")) == {(P, L)}
    assert all(d["directed"] for _, _, k, d in G.edges(keys=True, data=True) if k != network.COMENTION)


def test_comention_edges_count_shared_sentences(G):
    co = {frozenset(e): w for e, w in edges_of(G, network.COMENTION).items()}
    assert co == {frozenset((V1, V2)): 2, frozenset((V1, RD)): 1, frozenset((V3, RD)): 1, frozenset((V3, P)): 1,
                  frozenset((RD, P)): 1, frozenset((L, Q)): 1}
    assert set(edges_of(network.entity_graph(FIXTURE, min_shared=2), network.COMENTION)) == {(V1, V2)}
    assert not edges_of(network.entity_graph(FIXTURE, comention=False), network.COMENTION)


def test_same_network_from_rdflib_graph_file_and_oxigraph_store(G):
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
    for source in (rdflib.Graph().parse(FIXTURE), store):
        H = network.entity_graph(source)
        assert nx.utils.graphs_equal(G, H)
        assert {n: d for n, d in H.nodes(data=True)} == {n: d for n, d in G.nodes(data=True)}


def test_select_types_keeps_only_those_types_case_insensitively(G):
    H = network.select(G, types="village,Road")
    assert set(H.nodes) == {V1, V2, V3, RD}
    assert set(edges_of(H, network.COMENTION)) == {(V1, V2), (RD, V1), (RD, V3)}
    assert G.number_of_nodes() == 9  # the input is untouched


def test_select_unknown_type_is_a_usage_error(G):
    with pytest.raises(network.SelectionError) as e:
        network.select(G, types="Village,Vilage")
    assert e.value.code == 2 and "Vilage" in str(e.value)


def test_focus_by_alias_and_depth(G):
    assert set(network.select(G, focus="光明大道", depth=0).nodes) == {RD}
    assert set(network.select(G, focus="光明大道", depth=1).nodes) == {RD, V1, V3, P}
    assert set(network.select(G, focus="光明路", depth=2).nodes) == {RD, V1, V3, P, V2, D, L}
    # types first, then focus: 二村 is two steps away through 一村 (a village)
    assert set(network.select(G, types="Village,Road", focus="光明路", depth=2).nodes) == {RD, V1, V3, V2}


def test_focus_name_not_found_is_a_not_found_error(G):
    with pytest.raises(network.SelectionError) as e:
        network.select(G, focus="不存在")
    assert e.value.code == 1
    with pytest.raises(network.SelectionError):
        network.select(G, types="Village", focus="光明路")  # exists, but not among the selected types


def test_max_nodes_keeps_the_most_central(G):
    U = nx.Graph()
    U.add_nodes_from(G)
    U.add_edges_from(G.edges())
    bc = nx.betweenness_centrality(U)
    ranked = sorted(bc, key=bc.get, reverse=True)
    for k in range(1, len(ranked)):
        if bc[ranked[k - 1]] > bc[ranked[k]]:  # a cut without ties at the boundary
            assert set(network.select(G, max_nodes=k).nodes) == set(ranked[:k])
    assert set(network.select(G, max_nodes=0).nodes) == set(G.nodes)  # 0 = all


def test_cap_comention_keeps_the_strongest_per_node(G):
    H = network.cap_comention(G.copy(), 1)
    co = edges_of(H, network.COMENTION)
    assert (V1, V2) in co  # weight 2 beats every other edge at 一村 and 二村
    per_node = {n: sum(1 for e in co if n in e) for n in H}
    assert max(per_node.values()) == 1
    assert {k for _, _, k in H.edges(keys=True)} >= {"withinDivision", "alongRoad", "onParcel"}
    assert network.cap_comention(G.copy(), None).number_of_edges() == G.number_of_edges()
    assert not edges_of(network.cap_comention(G.copy(), 0), network.COMENTION)


def test_stats_match_networkx(G):
    s = network.stats(G, top=3)
    U = nx.Graph(nx.to_undirected(G))
    assert s["components"] == nx.number_connected_components(U) == 2  # all linked, but 孤立机构
    assert s["component_sizes"] == [8, 1]
    assert s["isolated"] == 1
    best = max(d for _, d in U.degree)
    assert [r["score"] for r in s["top_degree"]] == sorted((d for _, d in U.degree), reverse=True)[:3]
    assert U.degree(s["top_degree"][0]["iri"]) == s["top_degree"][0]["score"] == best
    assert s["types"] == {"Village": 3, "AdministrativeDivision": 1, "Road": 1, "Project": 1, "LandParcel": 1,
                          "Policy": 1, "Organization": 1}
    assert s["relations"]["coMention"] == 6 and s["relations"]["withinDivision"] == 3
    text = network.format_stats(s)
    assert G.nodes[s["top_betweenness"][0]["iri"]]["label"] in text.split("by betweenness")[1]


@pytest.mark.slow
def test_stats_cli(tmp_path):
    run = lambda *a: subprocess.run([sys.executable, "-m", "govkg.cli", "stats", *a], capture_output=True, text=True)
    r = run(str(FIXTURE), "--top", "2")
    assert r.returncode == 0, r.stderr
    assert "connected components: 2" in r.stdout and "Village" in r.stdout
    r = run(str(FIXTURE), "--types", "Nope")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Nope" in r.stderr
    r = run(str(tmp_path / "missing.ttl"))  # a SOURCE that is not there: 1, as every command says
    assert r.returncode == 1 and r.stderr.startswith("govkg: error:")


def test_sample_network_matches_the_rdf_graph():
    _res, g = sample_resolved()
    G = network.entity_graph(g)
    types = set(network.ENTITY_TYPES)
    entities = {str(s) for s, t in g.subject_objects(rdflib.RDF.type) if str(t).split("#")[-1] in types}
    assert set(G.nodes) == entities
    rel = {(str(s), str(o)) for p in (GOV.withinDivision, GOV.onParcel, GOV.alongRoad)
           for s, o in g.subject_objects(p) if str(s) in entities and str(o) in entities and s != o}
    assert {(u, v) for u, v, k in G.edges(keys=True) if k != network.COMENTION} >= rel
    for n in list(G.nodes)[:20]:
        assert G.nodes[n]["mentions"] == len(set(g.objects(rdflib.URIRef(n), GOV.mention)))


# --------------------------------------------------------------------------- one division of a corpus store

@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    """A store of three small reports: 柳河镇 2021 and 2022, 白鹤镇 2021 (both towns name 石门村)."""
    from govkg.store import corpus

    path = tmp_path_factory.mktemp("corpus") / "store"
    names = ("liuhe-2021", "liuhe-2022", "baihe-2021")
    summary = corpus.build_corpus([DATA / "corpus" / f"{n}.txt" for n in names], path, jobs=1)
    assert not summary.failed
    return path


def _mentioned_in(path, division: str) -> set[str]:
    """Entities with a mention in the reports of the division (asked by SPARQL, as an oracle)."""
    import pyoxigraph as ox

    classes = ", ".join(f"<{GOV}{t}>" for t in network.ENTITY_TYPES)

    q = f"""SELECT DISTINCT ?e WHERE {{ ?r <{GOV.division}>/<{rdflib.RDFS.label}> ?n FILTER(STR(?n) = "{division}")
            ?s <{GOV.inReport}> ?r . ?m <{GOV.inSentence}> ?s . ?e <{GOV.mention}> ?m . ?e a ?c FILTER(?c IN ({classes})) }}"""
    store = ox.Store.read_only(str(path))
    return {s["e"].value for s in store.query(q, use_default_graph_as_union=True)}


def _network(G):
    return ({n: (d["type"], d["label"], d["mentions"]) for n, d in G.nodes(data=True)},
            sorted((u, v, k, d["weight"]) for u, v, k, d in G.edges(keys=True, data=True)))


def test_a_division_keeps_what_its_reports_mention(corpus_store):
    whole = network.entity_graph(corpus_store)
    liuhe, baihe = (network.entity_graph(corpus_store, division=d) for d in ("柳河镇", "白鹤镇"))
    assert set(liuhe.nodes) == _mentioned_in(corpus_store, "柳河镇")
    assert set(baihe.nodes) == _mentioned_in(corpus_store, "白鹤镇")
    assert set(liuhe.nodes) < set(whole.nodes) and set(baihe.nodes) < set(whole.nodes)
    shimen = {n for G in (liuhe, baihe) for n in G.nodes if G.nodes[n]["label"] == "石门村"}
    assert len(shimen) == 2 and not (shimen <= set(liuhe.nodes))  # each town keeps its own 石门村
    # mentions count the division's reports only: the two towns' counts add up to the store's
    for n, d in whole.nodes(data=True):
        parts = [G.nodes[n]["mentions"] for G in (liuhe, baihe) if n in G]
        assert sum(parts) == d["mentions"] or (not parts and d["mentions"] == 0), n


def test_reading_only_the_divisions_graphs_gives_the_same_network_as_reading_everything(corpus_store, tmp_path):
    """The corpus store reads two report graphs; the same triples in one file are read whole, then filtered."""
    from govkg.store import load_graph

    flat = tmp_path / "all.nt"
    load_graph(corpus_store).serialize(flat, format="nt", encoding="utf-8")
    for division in ("柳河镇", "白鹤镇"):
        assert _network(network.entity_graph(corpus_store, division=division)) == \
            _network(network.entity_graph(flat, division=division))


def test_an_unknown_division_is_a_one_line_error(corpus_store):
    with pytest.raises(network.SelectionError) as e:
        network.entity_graph(corpus_store, division="无此镇")
    assert e.value.code == 1
    r = subprocess.run([sys.executable, "-m", "govkg.cli", "stats", str(corpus_store), "--division", "无此镇"],
                       capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr.strip().count("\n") == 0 and "无此镇" in r.stderr
