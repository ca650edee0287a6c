"""Work items in the graph: mapping (gov:WorkItem nodes), the entity network and its tooltip,
``govkg stats`` and workitems.csv. Reports written for these tests; every name is invented."""
from __future__ import annotations

import csv
import io

import rdflib
from govkg import pipeline
from govkg.explore import network
from govkg.explore import page
from govkg.publish.tables import WORKITEM_COLUMNS, workitems_csv
from govkg.rdf.namespace import GOV
from govkg.store import serialize_turtle

TEXT = """浙江省湖州市德清县柳溪镇人民政府工作报告
一、2022年工作回顾
完成东湖路大修,改造老旧小区13个。柳溪河综合治理工程正在推进。
二、2023年工作安排
加快推进柳溪河综合治理工程,新建青石村文化礼堂。
"""


def build(text=TEXT):
    res, g = pipeline.build_text(text)
    return res, g


def items(g):
    out = {}
    for w in g.subjects(rdflib.RDF.type, GOV.WorkItem):
        out[str(g.value(w, GOV.objectText))] = w
    return out


def test_each_item_is_a_node_with_action_object_status_year_and_offsets():
    res, g = build()
    found = items(g)
    assert {"东湖路大修", "老旧小区", "柳溪河综合治理工程"} <= set(found)
    w = found["东湖路大修"]
    assert str(g.value(w, GOV.action)) == "完成"
    assert str(g.value(w, GOV.status)) == "completed"
    assert str(g.value(w, GOV.year)) == "2022"
    road = g.value(w, GOV.object)
    assert (road, rdflib.RDF.type, GOV.Road) in g and str(g.value(road, rdflib.RDFS.label)) == "东湖路"
    text = res.report.text
    a0, a1 = int(g.value(w, GOV.actionStart)), int(g.value(w, GOV.actionEnd))
    o0, o1 = int(g.value(w, GOV.objectStart)), int(g.value(w, GOV.objectEnd))
    assert text[a0:a1] == "完成" and text[o0:o1].startswith("东湖路")
    s = g.value(w, GOV.inSentence)
    assert (s, rdflib.RDF.type, GOV.Sentence) in g and "东湖路大修" in str(g.value(s, GOV.text))
    assert str(w).startswith(str(g.value(s, GOV.inReport)) + "/workitem/")


def test_statuses_are_the_three_literals_and_a_plan_part_gives_planned():
    _, g = build()
    statuses = {str(o) for o in g.objects(None, GOV.status)}
    assert statuses <= {"completed", "ongoing", "planned"}
    found = items(g)
    plan = [w for w in found.values() if str(g.value(w, GOV.status)) == "planned"]
    assert plan and all(str(g.value(w, GOV.year)) == "2023" for w in plan)
    assert str(g.value(found["柳溪河综合治理工程"], GOV.status)) in ("ongoing", "planned")


def test_a_counted_item_links_the_figure_of_its_clause():
    _, g = build()
    w = items(g)["老旧小区"]
    figs = list(g.objects(w, GOV.quantity))
    assert len(figs) == 1 and str(g.value(figs[0], rdflib.RDF.value)) == "13"


def test_the_turtle_is_byte_identical_across_builds():
    assert serialize_turtle(build()[1]) == serialize_turtle(build()[1])


def test_items_are_not_nodes_of_the_network_but_lines_of_their_entity():
    _, g = build()
    G = network.entity_graph(g)
    assert all(d["type"] != "WorkItem" for _, d in G.nodes(data=True))
    road = network.find_nodes(G, "东湖路")[0]
    ws = G.nodes[road]["workitems"]
    assert [w.text() for w in ws] == ["2022 completed 完成 东湖路大修"]
    assert "2022 completed 完成 东湖路大修" in page.tooltip(G.nodes[road])
    s = network.stats(G)
    assert s["workitems"] >= 1 and "work items on entities" in network.format_stats(s)


def test_a_tooltip_lists_at_most_eight_items_then_more():
    d = {"type": "Road", "label": "东湖路", "aliases": [], "mentions": 1, "sentence": "", "section": "",
         "definition": "", "indicators": [],
         "workitems": [network.WorkItemInfo(str(2000 + i), "completed", "完成", f"东湖路第{i}段") for i in range(11)]}
    lines = page.tooltip(d).splitlines()
    assert sum(1 for x in lines if x.startswith("  · ")) == page.MAX_WORKITEMS
    assert lines[-1] == "  … 另有 3 项 more"


def test_workitems_csv_has_a_bom_and_one_row_per_item():
    _, g = build()
    data = workitems_csv(g)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"))))
    assert tuple(rows[0]) == WORKITEM_COLUMNS
    assert len(rows) == len(set(g.subjects(rdflib.RDF.type, GOV.WorkItem)))
    road = next(r for r in rows if r["object"] == "东湖路大修")
    assert (road["status"], road["year"], road["entity"], road["entity_type"]) == ("completed", "2022", "东湖路", "Road")
    assert next(r for r in rows if r["object"] == "老旧小区")["quantity"] == "13个"
