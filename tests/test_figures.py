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
