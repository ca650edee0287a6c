"""Places linked to their official division codes (统计用区划代码), on short reports written for these tests.

The place names are real (the public statistical codes of 2023); the sentences are made up.
"""
from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from govkg import gazetteer as gz
from govkg.linking import Linker, label_of, parents
from govkg.pipeline import build_text
from govkg.rdf.mapping import report_iri
from govkg.rdf.namespace import DATA_BASE, GOV

pytestmark = pytest.mark.slow  # builds and exports the sample: deselect with -m "not slow"

ZJ = """浙江省嘉兴市秀洲区王江泾镇人民政府工作报告

——{year}年1月6日在王江泾镇第十七届人民代表大会第一次会议上

一、{last}年工作回顾

全年完成东风村、腾云村农房改造。双桥社区新建养老服务站，双桥村完成河道清淤。油车港镇胜丰村与我镇结对共建。

二、{year}年工作安排

推进东风村美丽乡村建设。
"""

SC = """四川省成都市武侯区玉林街道办事处工作报告

一、2021年工作回顾

玉林北路社区、倪家桥社区完成老旧院落改造，九如村社区新建邻里中心。

二、2022年工作安排

推进棕北社区消防通道整治。
"""

# 栗场村 is the name of a village of 桐乡街道 and of one of 东坝头镇 in this county; 岗顶村 is a
# village of 杞县, the next county, and of no place in 兰考县.
HN = """河南省开封市兰考县人民政府工作报告

——2022年1月10日在兰考县第十五届人民代表大会第一次会议上

一、2021年工作回顾

堌阳镇建成污水处理站，曹寨村完成户厕改造。东坝头镇栗场村建成游客中心。王庄村、岗顶村完成土地整理。

二、2022年工作安排

推进马目村道路硬化。
"""

BJ = """北京市朝阳区南磨房乡人民政府工作报告

一、2021年工作回顾

完成平乐园社区、欢乐谷社区环境整治。

二、2022年工作安排

推进紫南家园社区停车设施建设。
"""


def division(code: str) -> URIRef:
    return URIRef(f"{DATA_BASE}division/{code}")


def build(text: str):
    res, g = build_text(text)
    return res, g


def linked(res) -> dict[tuple[str, str], str | None]:
    return {(e.type, e.name): e.code for e in res.entities if e.type in ("AdministrativeDivision", "Village", "Community")}


def up(g, node) -> list[str]:
    """The codes of the withinDivision chain above ``node``, innermost first."""
    out = []
    while True:
        nxt = list(g.objects(node, GOV.withinDivision))
        if not nxt:
            return out
        assert len(nxt) == 1, f"{node} is within {nxt}"
        node = nxt[0]
        out.append(str(g.value(node, GOV.divisionCode)))


# ----------------------------------------------------------------------------- a Zhejiang town

def test_zhejiang_town_links_its_villages_and_itself():
    res, g = build(ZJ.format(year=2022, last=2021))
    codes = linked(res)
    assert res.own.code == "330411101000"
    assert codes[("Village", "东风村")] == "330411101200"
    assert codes[("Village", "腾云村")] == "330411101204"
    # a 村 and a 社区 of the same bare name in one town: each to its own kind
    assert codes[("Village", "双桥村")] == "330411101202"
    assert codes[("Community", "双桥社区")] == "330411101002"
    assert g.value(report_iri(res.report), GOV.division) == division("330411101000")
    assert (division("330411101200"), GOV.divisionCode, Literal("330411101200")) in g


def test_zhejiang_village_chain_and_iri():
    res, g = build(ZJ.format(year=2022, last=2021))
    village = division("330411101200")
    assert (village, GOV.divisionCode, Literal("330411101200")) in g
    # village -> town -> county -> city -> province (no 市辖区 level)
    assert up(g, village) == ["330411101000", "330411000000", "330400000000", "330000000000"]


def test_a_town_before_a_village_scopes_it():
    # "油车港镇胜丰村": 胜丰村 of 油车港镇, a neighbouring town of the county, not of the report's town
    res, g = build(ZJ.format(year=2022, last=2021))
    e = next(e for e in res.entities if e.code == "330411103207")
    assert e.type == "Village" and e.name == "胜丰村"
    assert up(g, division(e.code))[:2] == ["330411103000", "330411000000"]
    # the town is added as a coded division, though the extraction did not name it
    assert g.value(division("330411103000"), GOV.divisionCode) == Literal("330411103000")


def test_the_same_village_has_one_iri_in_every_year():
    iris = []
    for year in (2021, 2022, 2023):
        res, g = build(ZJ.format(year=year, last=year - 1))
        e = next(e for e in res.entities if e.type == "Village" and e.name == "东风村")
        iris.append(g.value(predicate=GOV.divisionCode, object=Literal(e.code)))
        assert report_iri(res.report) not in iris  # three different reports
    assert iris == [division("330411101200")] * 3


def test_output_is_deterministic():
    from govkg.store import serialize_turtle

    a = serialize_turtle(build(ZJ.format(year=2022, last=2021))[1])
    b = serialize_turtle(build(ZJ.format(year=2022, last=2021))[1])
    assert a == b


# ----------------------------------------------------------------------------- a Sichuan street

def test_sichuan_street_links_its_communities():
    res, g = build(SC)
    codes = linked(res)
    assert res.own.code == "510107005000"
    assert codes[("Community", "玉林北路社区")] == "510107005001"
    assert codes[("Community", "倪家桥社区")] == "510107005004"
    assert codes[("Community", "九如村社区")] == "510107005006"  # a 社区 named …村, not a village
    assert codes[("Community", "棕北社区")] == "510107005010"
    assert up(g, division("510107005001")) == ["510107005000", "510107000000", "510100000000", "510000000000"]


# ----------------------------------------------------------------------------- a Henan county

def test_county_report_links_its_towns_and_unique_villages():
    res, g = build(HN)
    codes = linked(res)
    assert res.own.code == "410225000000"
    assert codes[("AdministrativeDivision", "堌阳镇")] == "410225101000"
    assert codes[("Village", "曹寨村")] == "410225101202"
    assert codes[("Village", "马目村")] == "410225101206"
    assert up(g, division("410225101202")) == ["410225101000", "410225000000", "410200000000", "410000000000"]


def test_county_report_leaves_ambiguous_and_foreign_villages_unlinked():
    res, g = build(HN)
    # 王庄村: four villages of this county; 岗顶村: only in another county (no nationwide guess)
    for name in ("王庄村", "岗顶村"):
        e = next(e for e in res.entities if e.type == "Village" and e.name == name)
        assert e.code is None
    assert not any(str(s).endswith("/410221101210") for s in g.subjects())


def test_county_report_a_town_before_an_ambiguous_village_picks_it():
    res, _ = build(HN)
    # 栗场村 alone is two villages of the county; 东坝头镇栗场村 is one
    assert "410225106209" in {e.code for e in res.entities}
    assert "410225002240" not in {e.code for e in res.entities}


# ----------------------------------------------------------------------------- Beijing: 地区 = 乡/镇

def test_beijing_area_report_named_as_a_township():
    res, g = build(BJ)
    assert res.own.code == "110105021000"  # statistical name 南磨房地区, the report says 南磨房乡
    assert res.own.name == "南磨房乡"
    codes = linked(res)
    assert codes[("Community", "平乐园社区")] == "110105021024"
    assert codes[("Community", "紫南家园社区")] == "110105021023"
    assert up(g, division("110105021024")) == ["110105021000", "110105000000", "110000000000"]


@pytest.mark.parametrize("name", ["南磨房地区", "南磨房乡", "南磨房地区办事处"])
def test_beijing_area_forms_are_one_division(name):
    assert Linker(["北京市", "朝阳区"]).link("AdministrativeDivision", name).code == "110105021000"


# ----------------------------------------------------------------------------- the linker alone

def test_linker_scopes():
    xhm = Linker(["北京市", "大兴区", "西红门镇"])
    assert xhm.own.code == "110115007000"
    assert xhm.link("Village", "建新庄").code == "110115007217"  # bare core = 建新庄村村委会
    assert xhm.link("Village", "建新庄村村委会").code == "110115007217"
    assert xhm.link("Community", "金华园社区居委会").code == "110115007007"
    assert xhm.link("AdministrativeDivision", "西红门地区").code == "110115007000"
    assert xhm.link("AdministrativeDivision", "丰台区").code == "110106000000"  # a county, nationally unique
    assert xhm.link("AdministrativeDivision", "朝阳区").code == "110105000000"  # Beijing's, not Changchun's
    assert Linker(["河南省", "开封市", "兰考县"]).link("AdministrativeDivision", "朝阳区") is None
    assert xhm.link("Village", "中关村") is None  # no such village in 大兴区
    assert xhm.link("Road", "团河路") is None
    assert Linker(["某某镇"]).link("Village", "建新庄村") is None  # unknown scope: nothing is guessed


def test_labels_and_parents():
    assert label_of(gz.get("110115007000")) == "西红门镇"
    assert label_of(gz.get("110115007219")) == "团河南村"
    assert label_of(gz.get("110115000000")) == "大兴区"
    assert [d.code for d in parents(gz.get("110115007219"))] == ["110115007000", "110115000000", "110000000000"]


def test_shapes_accept_coded_divisions_without_mentions_and_reject_a_bad_code():
    from govkg.publish.validate import validate_graph  # noqa: PLC0415

    _, g = build(ZJ.format(year=2022, last=2021))
    g.remove((division("330411103000"), GOV.mention, None))  # a coded division no sentence names
    conforms, _, text = validate_graph(g)
    assert conforms, text
    g.set((division("330411101200"), GOV.divisionCode, Literal("33041110120")))
    conforms, _, text = validate_graph(g)
    assert not conforms and "12 digits" in text


# ----------------------------------------------------------------------------- a corpus store

@pytest.mark.slow
def test_corpus_keeps_the_divisions_above_named_places_and_drops_the_rest(tmp_path):
    from govkg.store import corpus  # noqa: PLC0415

    src = tmp_path / "in"
    src.mkdir()
    for year in (2021, 2022):
        (src / f"wjj-{year}.txt").write_text(ZJ.format(year=year, last=year - 1), encoding="utf-8")
    path = tmp_path / "store"
    summary = corpus.build_corpus(sorted(src.iterdir()), path, jobs=1)
    assert not summary.failed, summary.failed

    def coded(store_path):
        # read in another process: reading here would leave threads in this process, which the next
        # build forks
        import csv, io, subprocess, sys  # noqa: E401, PLC0415

        query = f"SELECT DISTINCT ?e ?c WHERE {{ ?e <{GOV.divisionCode}> ?c }}"
        r = subprocess.run([sys.executable, "-m", "govkg.cli", "query", str(store_path), query, "--format", "csv"],
                           capture_output=True, text=True, check=True)
        return {row["c"]: row["e"] for row in csv.DictReader(io.StringIO(r.stdout))}

    before = coded(path)
    assert before["330411101200"] == str(division("330411101200"))  # 东风村, one node for both years
    assert "330411103000" in before  # 油车港镇, above 胜丰村
    # the 2022 report no longer names 胜丰村: its town stays while the 2021 report names it ...
    changed = src / "wjj-2022.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("油车港镇胜丰村与我镇结对共建。", ""), encoding="utf-8")
    corpus.build_corpus(sorted(src.iterdir()), path, jobs=1)
    assert "330411103000" in coded(path)
    # ... and goes when no report does
    first = src / "wjj-2021.txt"
    first.write_text(first.read_text(encoding="utf-8").replace("油车港镇胜丰村与我镇结对共建。", ""), encoding="utf-8")
    corpus.build_corpus(sorted(src.iterdir()), path, jobs=1)
    after = coded(path)
    assert "330411103000" not in after and "330411103207" not in after
    for code in ("330411101200", "330411101000", "330411000000", "330400000000", "330000000000"):
        assert code in after
