"""govkg.explore.page without a browser: a self-contained page whose data is the selected networkx graph."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib

from govkg import defaults
from govkg.explore import network
from govkg.explore import page as netpage
from support import DATA, sample_output

FIXTURE = DATA / "viz_network.ttl"
ID = "https://w3id.org/govkg/id/"
EVIL = "<script>alert(1)</script>\"'&"


def page_data(html: str) -> tuple[list[dict], list[dict]]:
    """Return the nodes and edges the page hands to vis-network."""
    def grab(name):
        m = re.search(rf"{name} = new vis\.DataSet\((.*?)\);\n", html)
        return json.loads(m.group(1))
    return grab("nodes"), grab("edges")


class Refs(HTMLParser):
    """Collect every src/href attribute and the texts of <script>/<style> elements."""

    def __init__(self):
        super().__init__()
        self.refs, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.refs += [(tag, k, v) for k, v in attrs if k in ("src", "href", "action", "poster", "srcset")]


@pytest.fixture(scope="module")
def fixture_page():
    G, _total = netpage.page_graph(FIXTURE, co_mention=-1)
    return G, netpage.render(G)


def test_page_is_self_contained_utf8_with_vis_network_inline(fixture_page, tmp_path):
    out = tmp_path / "p.html"
    netpage.write_page(FIXTURE, out)
    raw = out.read_bytes()
    html = raw.decode("utf-8")  # raises if not UTF-8
    assert '<meta charset="utf-8">' in html[:300]
    refs = Refs()
    refs.feed(html)
    assert refs.refs == []  # no src/href at all: nothing is loaded, from any host
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", html, re.I)
    assert not re.search(r"url\(\s*[\"']?(?:https?:)?//|@import", html, re.I)
    import pyvis
    lib = Path(pyvis.__file__).parent / "lib"
    (js,) = lib.glob("vis-9.1.2/vis-network.min.js")
    assert js.read_text(encoding="utf-8").strip()[:2000] in html
    assert (lib / "vis-9.1.2/vis-network.css").read_text(encoding="utf-8").strip()[:2000] in html
    assert "bootstrap" not in html and "cdnjs" not in html and "jsdelivr" not in html
    assert "甲镇" in html  # Chinese written as UTF-8, not only as \\u escapes


def test_make_self_contained_refuses_a_remaining_remote_reference():
    page = ('<html><head><meta charset="utf-8"></head><body><img src="https://example.org/x.png">'
            "<script>var vis-network;\n  drawGraph();\n</script></body></html>")
    with pytest.raises(RuntimeError, match="another host"):
        netpage.make_self_contained(page)


def test_page_data_is_the_page_graph(fixture_page):
    G, html = fixture_page
    nodes, edges = page_data(html)
    assert {n["id"] for n in nodes} == set(G.nodes) and len(nodes) == G.number_of_nodes()
    assert len(edges) == G.number_of_edges() == 11
    assert sorted((e["from"], e["to"], e["relation"]) for e in edges) == sorted(G.edges(keys=True))
    labels = {e["relation"]: e["label"] for e in edges}
    assert labels["coMention"] == "同句/co-mentioned" and "withinDivision" in labels["withinDivision"]
    assert len({e["id"] for e in edges}) == len(edges)
    co = [e for e in edges if e["relation"] == "coMention"]
    assert all(e["dashes"] and not e["arrows"]["to"]["enabled"] for e in co)
    assert max(co, key=lambda e: e["width"])["weight"] == 2


def test_nodes_coloured_and_shaped_by_type_and_sized_by_mentions(fixture_page):
    G, html = fixture_page
    nodes, _ = page_data(html)
    by_type = {}
    for n in nodes:
        by_type.setdefault(n["gtype"], set()).add((n["color"], n["shape"]))
        assert n["gtype"] == G.nodes[n["id"]]["type"]
    assert all(len(looks) == 1 for looks in by_type.values())  # one look per type
    assert len({c for looks in by_type.values() for c, _ in looks}) == len(by_type)  # distinct colours
    size = {n["id"]: n["size"] for n in nodes}
    assert size[ID + "village/v1"] > size[ID + "village/v2"] > size[ID + "village/v3"] > size[ID + "organization/o"]


def test_tooltip_holds_type_names_source_and_indicators(fixture_page):
    _G, html = fixture_page
    nodes, _ = page_data(html)
    tip = {n["id"]: n["title"] for n in nodes}
    v1 = tip[ID + "village/v1"]
    for part in ("一村", "Village", "一村村委会", "一村和二村完成改造。", "回顾2020年工作", "人口 1200 人 (2020)"):
        assert part in v1
    assert "地区生产总值 12.5 亿元" in tip[ID + "administrativedivision/d"]
    assert "全体人民共同富裕" in tip[ID + "policy/q"]
    assert "<" not in "".join(tip.values())  # plain text


def test_legend_lists_every_type_present_with_its_count(fixture_page):
    G, html = fixture_page
    legend = re.findall(r'data-type="([^"]+)">.*?<span class="govkg-n">(\d+)</span>', html)
    assert [t for t, _ in legend] == network.type_names(G)
    assert dict(legend)["Village"] == "3"


def test_a_label_with_markup_stays_inert_text(tmp_path):
    g = rdflib.Graph().parse(FIXTURE)
    g.set((rdflib.URIRef(ID + "village/v1"), rdflib.RDFS.label, rdflib.Literal(EVIL, lang="zh")))
    html = netpage.render(netpage.page_graph(g)[0], title=EVIL)
    assert "<script>alert(1)" not in html  # neither in the data nor in the title
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the <title> and panel, escaped
    nodes, _ = page_data(html)
    (n,) = [n for n in nodes if n["id"] == ID + "village/v1"]
    assert n["label"] == EVIL and n["title"].startswith(EVIL)  # the JSON decodes to the literal text


def test_co_mention_cap_option():
    for cap, expect in ((0, 0), (-1, 6)):
        G, _ = netpage.page_graph(FIXTURE, co_mention=cap)
        assert sum(1 for *_e, k in G.edges(keys=True) if k == network.COMENTION) == expect
    G, _ = netpage.page_graph(FIXTURE, co_mention=1)
    per = {}
    for u, v, k in G.edges(keys=True):
        if k == network.COMENTION:
            per[u] = per.get(u, 0) + 1
            per[v] = per.get(v, 0) + 1
    assert max(per.values()) == 1


def test_output_is_deterministic(tmp_path):
    netpage.write_page(FIXTURE, tmp_path / "a.html")
    netpage.write_page(rdflib.Graph().parse(FIXTURE), tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_write_page_on_bad_selection_leaves_no_file(tmp_path):
    out = tmp_path / "p.html"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(network.SelectionError):
        netpage.write_page(FIXTURE, out, focus="不存在")
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["p.html"]


def govkg(*args):
    return subprocess.run([sys.executable, "-m", "govkg.cli", "viz", *args], capture_output=True, text=True)


@pytest.mark.slow
def test_viz_cli_filters_and_errors(tmp_path):
    out = tmp_path / "p.html"
    r = govkg(str(FIXTURE), "-o", str(out), "--types", "Village,Road")
    assert r.returncode == 0, r.stderr
    nodes, _ = page_data(out.read_text(encoding="utf-8"))
    assert {n["gtype"] for n in nodes} == {"Village", "Road"} and "4 of 9" in r.stdout
    r = govkg(str(FIXTURE), "-o", str(out), "--focus", "光明大道", "--depth", "1")
    assert r.returncode == 0, r.stderr
    assert {n["label"] for n in page_data(out.read_text(encoding="utf-8"))[0]} == {"光明路", "一村", "三村", "东区项目"}
    r = govkg(str(FIXTURE), "-o", str(out), "--max-nodes", "2")
    assert r.returncode == 0 and len(page_data(out.read_text(encoding="utf-8"))[0]) == 2
    for args, code in ((["--types", "Villagee"], 2), (["--focus", "不存在"], 1)):
        bad = tmp_path / f"bad{code}.html"
        r = govkg(str(FIXTURE), "-o", str(bad), *args)
        assert r.returncode == code and not bad.exists()
        assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("govkg: error:")
    r = govkg(str(tmp_path / "nope.ttl"), "-o", str(out))
    assert r.returncode == 1 and "no such file" in r.stderr


def test_sample_page_from_build_folder(tmp_path):
    out = tmp_path / "graph.html"
    s = netpage.write_page(sample_output(), out)
    nodes, edges = page_data(out.read_text(encoding="utf-8"))
    G = network.entity_graph(sample_output())
    assert len(nodes) == s["nodes"] == min(G.number_of_nodes(), defaults.MAX_NODES)
    assert len(edges) == s["edges"]
    roads = [n for n in nodes if n["gtype"] == "Road"]
    assert roads and all(re.search(r"[\u4e00-\u9fff]", n["label"]) for n in roads)
