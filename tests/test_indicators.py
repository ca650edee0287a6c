"""The national indicator scheme (ontology/indicators.ttl) and the matcher of figure labels to it.

Labels are written the way the figure rules produce them from reports of many provinces (a verb
or the place may lead, words about the figure may follow); the phrases are made up for the tests.
"""
from __future__ import annotations

import doctest
import time
from collections import Counter

import pytest
import rdflib
from govkg.extract import indicators
from govkg.extract.indicators import (
    NAMESPACE,
    SCHEME,
    concept_for,
    concept_iri,
    load_scheme,
    normalise,
)
from rdflib.namespace import RDF, SKOS

SCHEMA_UNIT = rdflib.URIRef("https://schema.org/unitText")


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return rdflib.Graph().parse(indicators.scheme_path(), format="turtle")


def pref(label: str, context: str = "") -> str | None:
    """The Chinese prefLabel of the concept of a label (the name the gold files use), or None."""
    name = concept_for(label, context)
    if name is None:
        return None
    return next(c.pref_zh for c in load_scheme() if c.name == name)


# ---- the scheme -----------------------------------------------------------------------------

def test_turtle_parses_and_is_a_concept_scheme(graph):
    assert (rdflib.URIRef(SCHEME), RDF.type, SKOS.ConceptScheme) in graph
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 40
    for c in concepts:
        assert str(c).startswith(NAMESPACE)
        assert (c, SKOS.inScheme, rdflib.URIRef(SCHEME)) in graph


def test_every_concept_has_labels_notation_unit_and_definition(graph):
    notations = []
    for c in graph.subjects(RDF.type, SKOS.Concept):
        prefs = list(graph.objects(c, SKOS.prefLabel))
        assert sorted(p.language for p in prefs) == ["en", "zh"], c
        assert all(a.language == "zh" for a in graph.objects(c, SKOS.altLabel)), c
        assert [d.language for d in graph.objects(c, SKOS.definition)] == ["en"], c
        assert len(list(graph.objects(c, SCHEMA_UNIT))) == 1, c
        notation = list(graph.objects(c, SKOS.notation))
        assert len(notation) == 1 and str(notation[0]).isascii(), c
        notations.append(str(notation[0]))
    assert len(notations) == len(set(notations))


def test_names_are_unique_across_the_scheme():
    owners = Counter(normalise(label) for c in load_scheme() for label in set(c.labels))
    assert [name for name, n in owners.items() if n > 1] == []


def test_hierarchy_is_sound(graph):
    """broader targets are concepts, the hierarchy has no cycle, related is symmetric and apart from broader."""
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    for c in concepts:
        up = set(graph.transitive_objects(c, SKOS.broader)) - {c}
        assert up <= concepts, c
        assert c not in set().union(*(set(graph.transitive_objects(b, SKOS.broader)) for b in graph.objects(c, SKOS.broader))), c
        for r in graph.objects(c, SKOS.related):
            assert (r, SKOS.related, c) in graph
            assert r not in up and c not in set(graph.transitive_objects(r, SKOS.broader)), (c, r)
        if not list(graph.objects(c, SKOS.broader)):
            assert (c, SKOS.topConceptOf, rdflib.URIRef(SCHEME)) in graph, c


def test_the_gold_names_are_preflabels():
    """The names the gold files give as `concept` are the concepts' Chinese prefLabels."""
    prefs = {c.pref_zh for c in load_scheme()}
    assert {"地区生产总值", "一般公共预算收入", "财政收入", "税收收入", "固定资产投资", "社会消费品零售总额",
            "规模以上工业增加值", "规模以上工业总产值", "工业总产值", "城镇居民人均可支配收入",
            "农村居民人均可支配收入", "居民人均可支配收入", "进出口总额", "实际利用外资"} <= prefs


def test_a_scheme_file_of_another_path_is_read(tmp_path):
    p = tmp_path / "x.ttl"
    p.write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                 '<https://w3id.org/govkg/indicator/X> a skos:Concept ; skos:prefLabel """甲"""@zh ;\n'
                 '  skos:notation "X" .\n', encoding="utf-8")
    (c,) = load_scheme(p)
    assert (c.name, c.pref_zh, c.notation) == ("X", "甲", "X")


def test_load_scheme_records():
    concepts = load_scheme()
    assert concepts is load_scheme()  # read once
    gdp = next(c for c in concepts if c.name == "GDP")
    assert gdp.iri == NAMESPACE + "GDP"
    assert (gdp.pref_zh, gdp.pref_en, gdp.unit) == ("地区生产总值", "gross regional product", "亿元")
    assert "生产总值" in gdp.alts and "GDP" in gdp.alts
    above = next(c for c in concepts if c.pref_zh == "规模以上工业增加值")
    assert above.broader == (NAMESPACE + "IndustrialValueAdded",)


def test_reading_the_scheme_is_fast():
    path = indicators.scheme_path()
    t = time.perf_counter()
    indicators.Matcher(tuple(indicators._load.__wrapped__(str(path))))
    assert time.perf_counter() - t < 0.25  # about 15 ms; generous for slow machines


# ---- matching labels ------------------------------------------------------------------------

# the sample's gold figures (name, concept) of ../shared/eval/xihongmen-2021
GOLD = [
    ("财政收入", "财政收入"),
    ("税收", "税收收入"),
    ("农村居民人均可支配收入", "农村居民人均可支配收入"),
    ("工业总产值", "工业总产值"),
    ("固定资产投资", "固定资产投资"),
    ("财政收入增长", "财政收入"),
    ("税收总额增长", "税收收入"),
    ("农民人均劳动所得增长", None),
    ("建安投资额", None),
    ("审计财政资金项目支出", None),
    ("土地上市回笼资金", None),
    ("TSP年均浓度", None),
]


@pytest.mark.parametrize("label, concept", GOLD)
def test_sample_gold_concepts(label, concept):
    assert pref(label) == concept


@pytest.mark.parametrize("label, concept", [
    # output
    ("全县实现地区生产总值", "地区生产总值"),
    ("生产总值增长", "地区生产总值"),
    ("GDP增速", "地区生产总值"),
    ("地区生产总值(GDP)", "地区生产总值"),
    ("经济总量突破", "地区生产总值"),
    ("地区生产总值年均增长", "地区生产总值"),
    ("人均地区生产总值", "人均地区生产总值"),
    ("人均GDP", "人均地区生产总值"),
    ("第一产业增加值增长", "第一产业增加值"),
    ("二产增加值", "第二产业增加值"),
    ("服务业增加值增长", "第三产业增加值"),
    ("第三产业增加值", "第三产业增加值"),
    ("全部工业增加值", "工业增加值"),
    ("规模以上工业增加值增长", "规模以上工业增加值"),
    ("规上工业增加值", "规模以上工业增加值"),
    ("规模工业增加值", "规模以上工业增加值"),
    ("规上工业企业实现增加值", None),
    ("完成工业总产值", "工业总产值"),
    ("工业产值", "工业总产值"),
    ("规模以上工业总产值", "规模以上工业总产值"),
    ("规上工业产值", "规模以上工业总产值"),
    ("规模以上工业企业完成工业总产值", "规模以上工业总产值"),
    ("建筑业总产值", "建筑业总产值"),
    ("农林牧渔业总产值", "农林牧渔业总产值"),
    ("农业总产值", "农林牧渔业总产值"),
    ("粮食总产量稳定", "粮食产量"),
    ("粮食播种面积", "粮食播种面积"),
    ("粮播面积", "粮食播种面积"),
    ("规模企业实现工业总产值", "规模以上工业总产值"),
    ("规上工业企业", "规模以上工业企业数"),
    # consumption, investment, trade
    ("社会消费品零售总额达到", "社会消费品零售总额"),
    ("社会消费品零售额", "社会消费品零售总额"),
    ("社消零", "社会消费品零售总额"),
    ("社零总额增长", "社会消费品零售总额"),
    ("限上社零额", "限额以上社会消费品零售额"),
    ("完成限上消费品零售总额", "限额以上社会消费品零售额"),
    ("限额以上企业实现社会消费品零售额", "限额以上社会消费品零售额"),
    ("固定资产投资增长", "固定资产投资"),
    ("全社会固定资产投资", "固定资产投资"),
    ("固投", "固定资产投资"),
    ("力争完成固定资产投资", "固定资产投资"),
    ("工业投资增长", "工业投资"),
    ("工业固定资产投资", "工业投资"),
    ("房地产开发投资", "房地产开发投资"),
    ("民间投资增长", "民间投资"),
    ("外贸进出口总额", "进出口总额"),
    ("完成进出口", "进出口总额"),
    ("出口", "出口总额"),
    ("外贸出口增长", "出口总额"),
    ("实际使用外资", "实际利用外资"),
    ("实际利用外商直接投资", "实际利用外资"),
    ("合同利用外资", "合同利用外资"),
    ("招商引资到位资金", "招商引资到位资金"),
    ("招商引资签约额", "招商引资签约额"),
    ("招商引资", "招商引资额"),
    # public finance
    ("全年财政收入完成", "财政收入"),
    ("镇级财政收入", "财政收入"),
    ("财政总收入", "财政总收入"),
    ("全口径财政收入", "财政总收入"),
    ("一般公共预算总收入", "财政总收入"),
    ("一般公共预算收入增长", "一般公共预算收入"),
    ("地方一般公共预算收入", "一般公共预算收入"),
    ("区级一般公共预算收入", "一般公共预算收入"),
    ("地方财政收入", "一般公共预算收入"),
    ("其中地方级收入", "一般公共预算收入"),
    ("公共财政预算收入", "一般公共预算收入"),
    ("街道实现税收收入", "税收收入"),
    ("全口径税收", "税收收入"),
    ("税收总收入", "税收收入"),
    ("政府性基金收入", "政府性基金收入"),
    ("一般公共预算支出", "一般公共预算支出"),
    ("财政支出", "一般公共预算支出"),
    ("民生支出", "民生支出"),
    ("一般公共预算支出中民生支出", "民生支出"),
    # income, prices, jobs
    ("全体居民人均可支配收入", "居民人均可支配收入"),
    ("居民人均可支配收入增长", "居民人均可支配收入"),
    ("城镇居民人均可支配收入", "城镇居民人均可支配收入"),
    ("城镇常住居民人均可支配收入", "城镇居民人均可支配收入"),
    ("农村常住居民人均可支配收入增长", "农村居民人均可支配收入"),
    ("农民人均可支配收入", "农村居民人均可支配收入"),
    ("农村人均可支配收入增长", "农村居民人均可支配收入"),
    ("农民人均纯收入", "农民人均纯收入"),
    ("居民人均消费支出", "居民人均消费支出"),
    ("城镇新增就业", "城镇新增就业"),
    ("新增城镇就业", "城镇新增就业"),
    ("城镇调查失业率控制", "城镇调查失业率"),
    ("城镇登记失业率", "城镇登记失业率"),
    ("居民消费价格涨幅", "居民消费价格"),
    ("CPI涨幅", "居民消费价格"),
    ("居民消费价格上涨", "居民消费价格"),
    # energy, environment
    ("单位地区生产总值能耗下降", "单位地区生产总值能耗"),
    ("单位GDP能耗", "单位地区生产总值能耗"),
    ("万元GDP能耗下降", "单位地区生产总值能耗"),
    ("单位GDP二氧化碳排放下降", "单位地区生产总值二氧化碳排放"),
    ("森林覆盖率达到", "森林覆盖率"),
    ("PM2.5平均浓度", "PM2.5年均浓度"),
    ("细颗粒物(PM2.5)年均浓度", "PM2.5年均浓度"),
    ("pm2.5浓度", "PM2.5年均浓度"),
    ("可吸入颗粒物年均浓度", "PM10年均浓度"),
    ("空气质量优良天数", "空气质量优良天数"),
    ("优良天数比例", "空气质量优良天数比率"),
    ("空气质量优良率", "空气质量优良天数比率"),
    ("建成区绿化覆盖率", "建成区绿化覆盖率"),
    ("全社会用电量", "全社会用电量"),
    # population, innovation, finance, tourism
    ("常住人口城镇化率提高", "常住人口城镇化率"),
    ("城镇化率", "常住人口城镇化率"),
    ("户籍人口城镇化率", "户籍人口城镇化率"),
    ("年末常住人口", "常住人口"),
    ("研发经费投入强度", "研发经费投入强度"),
    ("R&D经费投入强度", "研发经费投入强度"),
    ("研发投入占GDP比重", "研发经费投入强度"),
    ("全社会研发投入", "研发经费投入"),
    ("高新技术企业总数", "高新技术企业数"),
    ("国家高新技术企业", "高新技术企业数"),
    ("每万人口发明专利拥有量", "每万人口发明专利拥有量"),
    ("实有市场主体", "市场主体数量"),
    ("金融机构本外币存款余额", "金融机构存款余额"),
    ("各项贷款余额", "金融机构贷款余额"),
    ("接待游客", "旅游接待人次"),
    ("实现旅游综合收入", "旅游总收入"),
    ("商品房销售面积", "商品房销售面积"),
])
def test_labels(label, concept):
    assert pref(label) == concept


@pytest.mark.parametrize("label", [
    # ratios and shares
    "税收占比", "税收占财政收入比重", "财政收入中税收占比", "民生支出占一般公共预算支出的比重",
    "第三产业增加值占地区生产总值比重", "民间投资占固定资产投资比重", "高新技术企业营业收入",
    # per head, per area, per unit
    "人均财政收入", "亩均税收", "地均地区生产总值", "单位GDP用水量", "户均存款余额",
    # non-tax revenue, parts and flows
    "非税收入", "非税收入占比", "上划中央税收", "减免税收", "新增高新技术企业", "新增规上工业企业",
    "新增市场主体", "新增就业岗位", "新建高速出口",
    # a sector or a subset of the indicator
    "工业税收", "服务业税收", "房地产业税收", "规上工业企业税收", "涉农贷款余额", "普惠小微贷款余额",
    "居民储蓄存款余额", "工业用电量", "居民用电量", "乡村旅游收入", "现代服务业增加值", "规上服务业增加值",
    "城镇固定资产投资", "农村居民人均消费支出", "高新技术企业实现工业总产值", "重点项目完成固定资产投资",
    "园区企业实现税收", "引进高新技术企业",
    # urban and rural together, several indicators in one label
    "城乡居民人均可支配收入", "城镇和农村居民人均可支配收入", "存贷款余额", "工农业总产值",
    "城镇居民人均可支配收入和农村居民人均可支配收入分别",
    # not indicators at all
    "失业率", "投资", "完成投资", "签约项目", "税源企业", "纳税百万元以上企业", "争取上级资金",
    "增长", "同比增长", "",
])
def test_negatives(label):
    assert concept_for(label) is None


@pytest.mark.parametrize("label, context, concept", [
    # a weak label takes the indicator named last before it
    ("增长", "全市实现地区生产总值4120亿元,按可比价格计算,", "地区生产总值"),
    ("同口径增长", "一般公共预算收入完成28.6亿元,", "一般公共预算收入"),
    ("其中", "2022年,全区财政总收入52.3亿元,", None),
    ("增长", "全县规上工业企业实现工业总产值185亿元,", "规模以上工业总产值"),
    ("比上年增长", "农村常住居民人均可支配收入21860元,", "农村居民人均可支配收入"),
    ("分别增长", "城镇和农村居民人均可支配收入分别达到45210元和21860元,", None),
    ("增长", "人均地区生产总值8万元,", "人均地区生产总值"),
    ("增长", "税收占比74.5%,", None),
    ("增长", "财政收入3亿元,引进项目12个,", None),  # a figure of another thing is named in between
    # the label's own words decide; the context only adds qualifiers before the label
    ("税收收入", "一般公共预算收入28.6亿元,其中税收收入", "税收收入"),
    ("工业总产值", "全县规模以上工业企业完成工业总产值", "规模以上工业总产值"),
    ("税收", "财政收入4亿元,亩均税收", None),
    ("非税收入", "财政收入4亿元,其中非税收入", None),
    ("固定资产投资", "加快项目建设,重点项目完成固定资产投资", None),
])
def test_context(label, context, concept):
    assert pref(label, context) == concept


def test_iri():
    assert concept_iri("规上工业增加值增长") == NAMESPACE + "IndustrialValueAddedAboveScale"
    assert concept_iri("人均财政收入") is None


def test_doctests():
    assert doctest.testmod(indicators).failed == 0
