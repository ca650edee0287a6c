"""Figure rules: numerals, scales, approximations, changes, years and target vs actual."""
from __future__ import annotations

import pytest

from govkg.extract import extract
from govkg.extract.figures import cn_to_int
from govkg.ingest import parse

HEAD = "河南省信阳市光山县十里镇政府工作报告\n一、2022年工作回顾\n"
PLAN = "二、2023年工作安排\n"


def figures(body: str, plan: str = ""):
    rep = parse(HEAD + body + "\n" + (PLAN + plan + "\n" if plan else ""))
    return extract(rep).figures


@pytest.mark.parametrize("body, name_part, value, unit, approx", [
    ("全镇财政收入完成3.6亿元。", "财政收入", "3.6", "亿元", None),
    ("累计接待游客12.5万人次。", "接待游客", "12.5", "万人次", None),
    ("组建2000余人志愿服务队。", "志愿服务队", "2000", "人", "余"),
    ("检查企业近300家。", "检查企业", "300", "家", "近"),
    ("新建三座污水处理站。", "污水处理站", "3", "座", None),
    ("建成高标准农田1,200亩。", "高标准农田", "1200", "亩", None),
    ("PM2.5年均浓度38微克/立方米。", "PM2.5年均浓度", "38", "微克/立方米", None),
])
def test_value_unit_and_approximation(body, name_part, value, unit, approx):
    f = next(f for f in figures(body) if name_part in f.name)
    assert (f.value, f.unit, f.approximate) == (value, unit, approx)
    assert (f.year, f.is_target) == (2022, False)


def test_years_dates_ordinals_and_slogans_are_not_figures():
    fs = figures("2022年2月16日，召开第3次全体会议，落实“两个维护”，树牢“四个意识”，实施12345热线改革。")
    assert fs == []


def test_change_attaches_to_the_figures_before_it():
    fs = figures("全年发生火灾12起，成灾3起，同比下降20%；工业产值8亿元。")
    fire = next(f for f in fs if "火灾" in f.name)
    loss = next(f for f in fs if "成灾" in f.name)
    output = next(f for f in fs if "工业产值" in f.name)
    assert (fire.change, loss.change, output.change) == ("-20%", "-20%", None)


def test_growth_in_a_plan_part_is_a_target_of_the_plan_year():
    fs = figures("全镇财政收入完成2亿元。", plan="一般公共预算收入比上年增长6%，力争完成固定资产投资10亿元。")
    growth = next(f for f in fs if f.name.startswith("一般公共预算收入"))
    assert (growth.value, growth.unit, growth.change, growth.year, growth.is_target) == ("6", "%", "+6%", 2023, True)
    invest = next(f for f in fs if "固定资产投资" in f.name)
    assert (invest.year, invest.is_target) == (2023, True)
    actual = next(f for f in fs if "财政收入" in f.name and f.value == "2")
    assert (actual.year, actual.is_target) == (2022, False)


def test_next_year_mentioned_in_a_review_is_a_target():
    fs = figures("完成2022年度公路大修5条，谋划2023年度公路大修8条。")
    assert {(f.value, f.year, f.is_target) for f in fs} == {("5", 2022, False), ("8", 2023, True)}


def test_offsets_cover_the_number_and_unit():
    rep = parse(HEAD + "全镇财政收入完成3.6亿元。\n")
    f = extract(rep).figures[0]
    assert rep.text[f.start:f.end] == "3.6亿元"
    assert rep.sentences[f.sentence].start <= f.start < f.end <= rep.sentences[f.sentence].end


@pytest.mark.parametrize("cn, n", [("二", 2), ("十", 10), ("十二", 12), ("二十", 20), ("三百零五", 305), ("两千", 2000)])
def test_chinese_numerals(cn, n):
    assert cn_to_int(cn) == n


def test_a_part_after_the_plan_part_states_targets_of_the_plan_year():
    rep = parse("某省某市某县政府工作报告\n一、2022年工作回顾\n财政收入完成2亿元。\n二、2023年工作安排\n力争财政收入增长5%。\n"
                "三、切实加强政府自身建设\n全年压减一般性支出10%以上。\n")
    cut = next(f for f in extract(rep).figures if "一般性支出" in f.name)
    assert (cut.year, cut.is_target) == (2023, True)


# ---- what a figure measures (issue 16): the noun phrase, its verb apart, its indicator concept ----
# Sentences written in the style of other provinces' reports (not copied from any report).

@pytest.mark.parametrize("body, value, name, action", [
    ("全年完成12个老旧小区综合整治。", "12", "老旧小区综合整治", "完成"),           # the counted noun after the classifier
    ("全县一般公共预算收入完成8.2亿元。", "8.2", "一般公共预算收入", "完成"),       # the subject before 完成
    ("新建农村道路15.3公里。", "15.3", "新建农村道路", "新建"),                    # a verb that makes it another thing stays
    ("引进注册资本千万元以上企业6家。", "6", "引进注册资本千万元以上企业", "引进"),
    ("建成5座垃圾中转站，总投资1200万元。", "1200", "垃圾中转站总投资", None),     # an attribute of the thing just counted
    ("完成4条乡道改造工程，长度约9.6公里。", "9.6", "乡道改造长度", None),
    ("占地面积85亩的物流园正式投用。", "85", "物流园占地面积", None),              # X的Y: an attribute of Y
    ("对210户农户开展了危房鉴定。", "210", "开展危房鉴定的农户", None),             # 对N户X开展Y: the X that Y was done to
    ("全面清查36个村的集体资产。", "36", "清查集体资产的村", None),                 # V N个X的Y
    ("全乡30个行政村成立18个合作社。", "30", "行政村", None),                       # a verb before the next figure is not part of it
    ("全乡30个行政村成立18个合作社。", "18", "合作社", "成立"),
    ("积极创建3个“美丽庭院”示范村。", "3", "美丽庭院", None),                      # a quoted name counted
    ("家庭医生签约3.1万人。", "3.1", "家庭医生签约", None),                          # 约 ending 签约 is no approximation
    ("力争5号地2条主干路、4条支路具备开工条件。", "4", "具备开工条件的5号地支路", None),  # a list shares its qualifier
    ("确保6条道路具备开工条件。", "6", "具备开工条件的道路", None),               # the predicate of the counted thing
])
def test_the_label_is_the_measured_noun_phrase(body, value, name, action):
    f = next(f for f in figures(body) if f.value == value and f.name == name)
    if action is not None:
        assert f.action == action
    if "的" not in f.name:  # a relative clause ("开展危房鉴定的农户") starts with its verb
        assert not f.name.startswith(("完成", "实现", "开展", "组织", "按时", "确保"))


@pytest.mark.parametrize("body, plan, value, concept, unit", [
    ("全县一般公共预算收入完成8.2亿元，同比增长5.1%。", "", "8.2", "GeneralPublicBudgetRevenue", "亿元"),
    ("", "税收收入增长6%。", "6", "TaxRevenue", "%"),                                   # a growth rate is a figure of the indicator
    ("农村居民人均可支配收入达到21450元。", "", "21450", "RuralDisposableIncome", "元"),
    ("完成固定资产投资26.4亿元。", "", "26.4", "FixedAssetInvestment", "亿元"),
])
def test_scheme_indicators_link_to_their_concept(body, plan, value, concept, unit):
    f = next(f for f in figures(body, plan) if f.value == value)
    assert (f.concept, f.unit) == (concept, unit)


def test_counted_things_that_share_a_head_noun_are_different_labels():
    fs = figures("全镇40个小区成立35个业委会。", "完成9个老旧小区综合整治。")
    names = {f.value: f.name for f in fs}
    assert names["40"] == "小区" and names["9"] == "老旧小区综合整治"


def test_the_graph_states_the_concept_and_its_labels():
    import rdflib
    from govkg.resolve import resolve
    from govkg.rdf.mapping import map_report
    from govkg.rdf.namespace import GOV
    rep = parse(HEAD + "全县一般公共预算收入完成8.2亿元。\n")
    g = map_report(resolve(rep, extract(rep)))
    concepts = set(g.objects(None, GOV.indicator))
    assert len(concepts) == 1
    c = concepts.pop()
    labels = {str(o) for o in g.objects(c, rdflib.namespace.SKOS.prefLabel)}
    assert "一般公共预算收入" in labels and len(labels) >= 2  # zh and en
    assert (c, rdflib.RDF.type, rdflib.namespace.SKOS.Concept) in g
    action = {str(o) for o in g.objects(None, GOV.measureAction)}
    assert action == {"完成"}


# ---- other provinces' ways of stating figures (invented sentences) -------------------------

def _by_value(fs):
    return {(f.value, f.unit): f for f in fs}


def test_respectively_changes_go_one_by_one():
    fs = _by_value(figures("城乡居民人均可支配收入分别达到36200元、18900元,分别增长5.1%和7.4%。"
                           "接待游客52万人次,实现旅游收入2.7亿元,同比分别增长12.5%、16.2%。"))
    assert [fs[k].change for k in (("36200", "元"), ("18900", "元"), ("52", "万人次"), ("2.7", "亿元"))] == [
        "+5.1%", "+7.4%", "+12.5%", "+16.2%"]
    assert not any(f.unit == "%" for f in fs.values())


def test_respectively_growth_of_listed_indicators():
    fs = figures("地区生产总值、一般公共预算收入分别增长4.7%和6.2%,增速居全市第二。")
    assert {(f.name, f.value, f.change) for f in fs} == {("地区生产总值增长", "4.7", "+4.7%"),
                                                         ("一般公共预算收入增长", "6.2", "+6.2%")}


def test_a_change_without_jun_goes_to_the_last_figures_in_one_unit():
    fs = _by_value(figures("城镇登记失业率控制在3.1%以内,PM2.5平均浓度27微克/立方米,同比下降5.2%。"))
    assert (fs[("3.1", "%")].change, fs[("27", "微克/立方米")].change) == (None, "-5.2%")


def test_fujian_bizeng_and_annual_average():
    fs = figures("一般公共预算收入5120万元,比增7.3%。")
    assert [(f.name, f.change) for f in fs] == [("一般公共预算收入", "+7.3%")]


def test_from_level_to_level():
    fs = figures("税收收入由2019年的0.9亿元增加到1.6亿元,年均增长15.5%。城镇污水处理率由80%提高到93%。")
    assert {(f.name, f.value, f.year, f.change) for f in fs} == {
        ("税收收入", "0.9", 2019, None), ("税收收入", "1.6", 2022, "+15.5%"), ("城镇污水处理率", "93", 2022, None)}


def test_thresholds_groups_and_ranks_are_no_figures():
    fs = figures("签约3000万元以上项目6个,营业收入在5000万元以上的企业有12家,集体经济收入超过20万元的村达到9个。"
                 "在全县18个乡镇年度考核中排名第2位。全县11个乡镇中,4个乡镇通过复审。")
    assert {(f.value, f.unit) for f in fs} == {("6", "个"), ("12", "家"), ("9", "个"), ("4", "个")}
    assert next(f for f in fs if f.value == "6").name == "签约3000万元以上项目"


def test_a_restated_indicator_and_its_milestone():
    fs = figures("规上工业总产值突破30亿元,达到31.6亿元,增长8.8%。森林覆盖率提高0.5个百分点,达到58.1%。")
    assert {(f.name, f.value, f.change) for f in fs} == {("规上工业总产值", "31.6", "+8.8%"),
                                                         ("森林覆盖率", "58.1", "+0.5个百分点")}


def test_net_increase_and_share_name_the_figure_before():
    fs = _by_value(figures("规上工业企业达到38家,净增5家。一般公共预算支出2.9亿元,其中民生支出2.3亿元,占比79.3%。"))
    assert fs[("5", "家")].name == "规上工业企业净增" and fs[("79.3", "%")].name == "民生支出占比"


def test_livestock_and_foreign_currency_units():
    fs = _by_value(figures("生猪出栏2.6万头,牛羊存栏1.1万头只,外贸进出口总额1.8亿美元。"))
    assert {k[1] for k in fs} == {"万头", "万头只", "亿美元"}


def test_places_listed_before_the_work_are_not_its_name():
    fs = figures("南湖路、北岸大道完成路面大修8.2公里。")
    assert [f.name for f in fs] == ["路面大修"]
