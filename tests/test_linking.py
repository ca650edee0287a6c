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

# a town titled alone: six towns are called 分水镇; the text names its county and its villages
TL = """分水镇2023年政府工作报告

一、2022年工作回顾

在桐庐县委、县政府的坚强领导下，玉华社区、分江社区居委会完成微改造，天英村、塘源村村委会发展来料加工。

二、2023年工作安排

与百江镇、瑶琳镇共建旅游环线，推进盛村村未来乡村建设。
"""

# a banner under its usual abbreviation, with 苏木, 嘎查, a 街道办事处 and a list of towns written
# without 镇 whose names are also names of 嘎查 (花吐古拉嘎查, 代力吉嘎查)
KZ = """科左中旗人民政府工作报告

——2023年1月8日在科左中旗第十七届人民代表大会第三次会议上

一、2022年工作回顾

花胡硕苏木大伙房嘎查、协代苏木特莫钦嘎查实施草原生态修复。花吐古拉、代力吉、努日木等镇完成饲草料基地建设。保康街道办事处东风社区完成老旧小区改造。

二、2023年工作安排

推动舍伯吐镇肉牛产业集群发展。
"""

# a county-level city; a street named with 办事处, villages and communities with their committees
YW = """2023年义乌市政府工作报告

一、2022年工作回顾

江东街道办事处牵头完成鸡鸣山社区居委会综合整治，上溪镇余车村村委会入选美丽乡村精品村。竹园乡与东阳市开展协作。

二、2023年工作安排

加快江东街道候儿村农房改造，推进余车村道路提升。
"""

# ethnic townships written without their peoples; a town whose name is glued to a village by jieba
DF = """大方县2023年政府工作报告

一、2022年工作回顾

竹园乡竹园村建成加工厂，凤山乡完成通组路提升。

二、2023年工作安排

推进百纳彝族乡百纳村基础设施建设。
"""

YN = """伊宁县人民政府工作报告

一、2022年工作回顾

愉群翁回族乡拜什温村、皇宫村完成高标准农田建设。

二、2023年工作安排

推进萨木于孜镇产业园建设。
"""

# no place in the title: the issuer signs at the end
FY = """政府工作报告

镇长  某某

一、2022年工作回顾

南庄头村、闫崖头村新建苹果园，东高寺村、西高寺村完成道路硬化。

二、2023年工作安排

积极对接窑店镇、丰台镇开展联农带农。

飞云镇人民政府
2023年1月12日
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


# ----------------------------------------------------------------------------- the own division from the text

def test_town_titled_alone_found_by_its_county_and_villages():
    res, g = build(TL)
    assert res.own.code == "330122109000"
    codes = linked(res)
    assert codes[("Village", "天英村")] == "330122109207"
    assert codes[("Community", "分江社区")] == "330122109003"
    assert codes[("AdministrativeDivision", "百江镇")] == "330122112000"
    assert codes[("Village", "盛村村")] == "330122109243"
    assert g.value(report_iri(res.report), GOV.division) == division("330122109000")


def test_issuer_signing_the_end_is_the_own_division():
    res, _ = build(FY)
    assert res.own.code == "620821106000"  # 泾川县飞云镇
    codes = linked(res)
    assert codes[("Village", "南庄头村")] == "620821106200"
    assert codes[("AdministrativeDivision", "丰台镇")] == "620821107000"  # the county's, not Beijing's 丰台区


def test_no_own_division_still_links_provinces_cities_and_counties():
    res, _ = build("政府工作报告\n\n一、2022年工作回顾\n\n与杭州市、建德市开展交通对接，天英村完成改造。\n")
    assert res.own is None
    codes = linked(res)
    assert codes[("AdministrativeDivision", "杭州市")] == "330100000000"
    assert codes[("AdministrativeDivision", "建德市")] == "330182000000"
    assert all(c is None for (t, _), c in codes.items() if t != "AdministrativeDivision")


# ----------------------------------------------------------------------------- banners, committees, townships

def test_banner_abbreviation_sumu_gacha_and_a_listed_town():
    res, _ = build(KZ)
    assert res.own.code == "150521000000"  # 科尔沁左翼中旗
    codes = linked(res)
    assert codes[("AdministrativeDivision", "花胡硕苏木")] == "150521200000"
    assert codes[("Village", "大伙房嘎查")] == "150521200200"
    assert codes[("Village", "特莫钦嘎查")] == "150521201201"
    # 花吐古拉 and 代力吉 are also 嘎查 of the banner: the list says towns
    assert codes[("AdministrativeDivision", "花吐古拉镇")] == "150521108000"
    assert codes[("AdministrativeDivision", "代力吉镇")] == "150521109000"
    assert codes[("AdministrativeDivision", "努日木镇")] == "150521110000"
    street = next(e for e in res.entities if e.code == "150521403000")
    assert street.name == "保康街道" and "保康街道办事处" in street.aliases


def test_committee_and_office_forms_are_aliases_of_the_place():
    res, _ = build(YW)
    assert res.own.code == "330782000000"
    by_code = {e.code: e for e in res.entities if e.code}
    assert "余车村村委会" in by_code["330782104201"].aliases  # the village 余车村
    assert "鸡鸣山社区居委会" in by_code["330782002005"].aliases
    assert "江东街道办事处" in by_code["330782002000"].aliases
    assert by_code["330782002200"].name == "候儿村"


def test_ethnic_townships_and_a_village_glued_to_its_township():
    codes = linked(build(DF)[0])
    assert codes[("AdministrativeDivision", "竹园彝族苗族乡")] == "520521201000"  # written 竹园乡
    assert codes[("Village", "竹园村")] == "520521201220"
    assert codes[("AdministrativeDivision", "凤山彝族蒙古族乡")] == "520521211000"
    assert codes[("Village", "百纳村")] == "520521223208"
    codes = linked(build(YN)[0])
    assert codes[("Village", "拜什温村")] == "654021205203"  # jieba: 乡拜|什温村


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
