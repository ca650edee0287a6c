"""Work items (action, object, status, year, quantities) on sentences written for these tests.

The sentences imitate reports of a Zhejiang town, a Sichuan street, a Henan county and a
Guangdong street; every name in them is invented. The rules must find the items from verb
classes, clause structure, part-of-speech tags and the mentions alone.
"""
from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest
from govkg.extract import extract
from govkg.extract.context import Context
from govkg.extract.workitems import WorkItem, extract_workitems
from govkg.ingest import parse

HEADS = {
    "zhejiang": "浙江省湖州市德清县柳溪镇人民政府工作报告\n",
    "sichuan": "四川省成都市青羊区浣溪街道办事处工作报告\n",
    "henan": "河南省南阳市桐河县人民政府工作报告\n",
    "guangdong": "广东省佛山市南海区桂城街道政府工作报告\n",
}


def run(review: str = "", plan: str = "", style: str = "zhejiang"):
    """Return (items, figures) of a report with this review part (2022) and plan part (2023)."""
    text = HEADS[style] + "一、2022年工作回顾\n" + review + "\n"
    if plan:
        text += "二、2023年工作安排\n" + plan + "\n"
    rep = parse(text)
    ext = extract(rep)
    return extract_workitems(Context(rep), ext.mentions, ext.figures), ext.figures


def triples(items):
    return [(it.action, it.object_text, it.status, it.year) for it in items]


@pytest.mark.parametrize("style, review, plan, expected", [
    # completed in a review part: the object is the subject of an intransitive completion verb
    ("zhejiang", "青石村文化礼堂建成投用。", "", [("建成投用", "青石村文化礼堂", "completed", 2022)]),
    ("henan", "桐河大道西延工程建成通车。", "", [("建成通车", "桐河大道西延工程", "completed", 2022)]),
    # ongoing: work under way (推进, 开工, 正在)
    ("zhejiang", "柳溪河综合治理工程正在推进。", "", [("推进", "柳溪河综合治理工程", "ongoing", 2022)]),
    ("sichuan", "浣溪社区综合体建设项目已开工建设。", "", [("开工建设", "浣溪社区综合体建设项目", "ongoing", 2022)]),
    # planned: every item of a plan part
    ("zhejiang", "", "加快推进柳溪河综合治理工程。", [("加快推进", "柳溪河综合治理工程", "planned", 2023)]),
    ("henan", "", "确保桐河大道东延工程年内开工。", [("开工", "桐河大道东延工程", "planned", 2023)]),
    # a light verb gives way to the real action; 将/对 phrases are the object
    ("zhejiang", "确保新增违法建设动态清零。", "", [("清零", "新增违法建设", "completed", 2022)]),
    ("zhejiang", "将柳溪河纳入市级美丽河湖创建范围。", "", [("纳入", "柳溪河", "completed", 2022)]),
    ("henan", "投资2300万元对柳林乡卫生院进行改扩建。", "", [("进行改扩建", "柳林乡卫生院", "completed", 2022)]),
    # a subject naming an entity leads a short piece of work done by a general verb
    ("sichuan", "锦华苑正在进行外墙施工。", "", [("进行", "锦华苑外墙施工", "ongoing", 2022)]),
])
def test_action_object_status_year(style, review, plan, expected):
    items, _ = run(review, plan, style)
    assert triples(items) == expected


@pytest.mark.parametrize("style, review, plan, expected", [
    # one item per member, the work words after the last member shared
    ("zhejiang", "完成东湖路、西湖路大修。", "",
     [("东湖路大修", "Road"), ("西湖路大修", "Road")]),
    ("zhejiang", "", "完成桃源小区、杏林小区、梅园小区改造。",
     [("桃源小区改造", "Community"), ("杏林小区改造", "Community"), ("梅园小区改造", "Community")]),
    # a count after the members: the counted noun is shared, it is not their type
    ("guangdong", "新建南溪村、北溪村两座污水处理站。", "",
     [("南溪村污水处理站", None), ("北溪村污水处理站", None)]),
    # an entity leading the first member leads a member without one
    ("henan", "完成桐河大道路面改造和路灯安装。", "",
     [("桐河大道路面改造", None), ("桐河大道路灯安装", "Road")]),
    # a bracketed list of named members after the object
    ("zhejiang", "", "推进3个小区的老旧小区改造(桃源小区、杏林小区、梅园小区)。",
     [("桃源小区老旧小区改造", "Community"), ("杏林小区老旧小区改造", "Community"),
      ("梅园小区老旧小区改造", "Community")]),
])
def test_a_list_under_one_verb_gives_one_item_per_member(style, review, plan, expected):
    items, _ = run(review, plan, style)
    assert [(it.object_text, it.object_type) for it in items] == expected
    assert len({it.action for it in items}) == 1


@pytest.mark.parametrize("style, review, obj, count", [
    ("zhejiang", "完成南山村、北山村等5个行政村的美丽乡村建设。", "南山村、北山村等行政村的美丽乡村建设", "5"),
    ("sichuan", "完成锦绣苑、桂香里等4个老旧院落改造。", "锦绣苑、桂香里等老旧院落改造", "4"),
    ("guangdong", "完成夏西村、叠北村等8个村级工业园改造。", "夏西村、叠北村等村级工业园改造", "8"),
])
def test_counted_list_is_one_item_with_its_quantity(style, review, obj, count):
    items, figures = run(review, style=style)
    assert len(items) == 1
    it = items[0]
    assert it.object_text == obj and it.status == "completed" and it.year == 2022
    assert [figures[i].value for i in it.quantities] == [count]


@pytest.mark.parametrize("style, review, expected", [
    ("zhejiang", "新增城镇就业岗位860个,改造农村公厕36座。", [("城镇就业岗位", "860个"), ("农村公厕", "36座")]),
    ("sichuan", "加装电梯18部,组建志愿服务队27支。", [("电梯", "18部"), ("志愿服务队", "27支")]),
    ("henan", "全年新建农村公路86公里,改造危桥12座。", [("农村公路", "86公里"), ("危桥", "12座")]),
])
def test_figures_of_the_clause_are_the_quantities(style, review, expected):
    items, figures = run(review, style=style)
    got = [(it.object_text, "".join(figures[i].value + figures[i].unit for i in it.quantities)) for it in items]
    assert got == expected


@pytest.mark.parametrize("style, review, expected", [
    # a forward-looking clause in a review part is a planned item of the year it states
    ("zhejiang", "镇卫生院改扩建工程主体完工,预计2023年6月投入使用。",
     [("主体完工", "镇卫生院改扩建工程", "completed", 2022), ("投入使用", "镇卫生院改扩建工程", "planned", 2023)]),
    ("guangdong", "海八路快速化改造工程完成前期手续办理,计划2023年动工。",
     [("完成", "海八路快速化改造工程前期手续办理", "completed", 2022),
      ("动工", "海八路快速化改造工程前期手续办理", "planned", 2023)]),
    # without a year: the report's year
    ("henan", "县职教中心新校区主体封顶,力争年底建成投用。",
     [("主体封顶", "县职教中心新校区", "completed", 2022), ("建成投用", "县职教中心新校区", "planned", 2023)]),
])
def test_forward_looking_clause_in_a_review_part(style, review, expected):
    items, _ = run(review, style=style)
    assert triples(items) == expected


@pytest.mark.parametrize("style, plan, year", [
    ("guangdong", "争取2024年底前建成映月湖公园。", 2024),
    ("zhejiang", "2025年完成东湖片区有机更新。", 2025),
])
def test_year_stated_in_the_sentence(style, plan, year):
    items, _ = run(plan=plan, style=style)
    assert [(it.status, it.year) for it in items] == [("planned", year)]


def test_a_range_of_years_is_not_the_year():
    items, _ = run(plan="全镇12个小区纳入“2021-2025年老旧小区改造计划”。")
    assert {it.year for it in items} <= {2023}


@pytest.mark.parametrize("style, review, plan", [
    ("zhejiang", "坚持以人民为中心的发展思想,加强党的建设,提升基层治理能力。", ""),
    ("sichuan", "始终坚持党建引领,持续深化“微网实格”治理,居民满意度不断提升。", ""),
    ("henan", "全县上下坚定不移贯彻新发展理念,统筹推进经济发展、乡村振兴、社会治理各项工作。", ""),
    ("guangdong", "", "坚持稳中求进工作总基调,全面提升城市品质。健全网格化管理机制,不断增强居民获得感幸福感安全感。"),
    # statistics, problems and framing clauses are not work items either
    ("zhejiang", "全镇完成财政总收入5.2亿元,同比增长6.1%。", ""),
    ("zhejiang", "农村人居环境尚未达标,公共服务供给还存在短板。", ""),
    ("zhejiang", "以创建省级文明镇为契机,推动镇域面貌焕然一新。", ""),
    ("henan", "", "2023年是全面贯彻党的二十大精神的开局之年。"),
])
def test_abstract_statements_give_no_item(style, review, plan):
    items, _ = run(review, plan, style)
    assert items == []


def test_paragraph_heading_is_skipped_but_its_paragraph_is_read():
    items, figures = run("持续深化村庄安全治理。拆除违法建筑3.6万平方米,清理河道垃圾120吨。")
    assert [(it.action, it.object_text) for it in items] == [("拆除", "违法建筑"), ("清理", "河道垃圾")]


def test_second_action_after_bing_is_a_second_item():
    items, _ = run(plan="推进竹林巷停车场建设并投入使用。", style="sichuan")
    assert [(it.action, it.object_text) for it in items] == [("推进", "竹林巷停车场建设"), ("投入使用", "竹林巷停车场建设")]


def test_offsets_point_into_the_text_and_order_is_deterministic():
    review = "完成东湖路、西湖路大修,新建污水管网12.5公里。青石村文化礼堂建成投用。"
    plan = "完成桃源小区、杏林小区改造,新建口袋公园3个。"
    rep = parse(HEADS["zhejiang"] + "一、2022年工作回顾\n" + review + "\n二、2023年工作安排\n" + plan + "\n")
    ext = extract(rep)
    first = extract_workitems(Context(rep), ext.mentions, ext.figures)
    again = extract_workitems(Context(rep), ext.mentions, ext.figures)
    assert first == again and len(first) == 7
    assert [it.start for it in first] == sorted(it.start for it in first)
    for it in first:
        sent = rep.sentences[it.sentence]
        assert rep.text[it.action_start:it.action_end] == it.action
        assert sent.start <= it.start <= it.action_start < it.action_end <= it.end <= sent.end
        # the object lies in the sentence (in an earlier clause when a clause continues its topic)
        assert sent.start <= it.object_start < it.object_end <= sent.end
        assert it.object_text.startswith(rep.text[it.object_start:it.object_end][:2])
        assert all(it.start <= ext.figures[i].start < it.end for i in it.quantities)
    with pytest.raises(FrozenInstanceError):
        first[0].status = "ongoing"  # type: ignore[misc]
    assert isinstance(first[0], WorkItem)


def test_report_without_review_or_plan_parts_gives_nothing():
    rep = parse("柳溪镇关于东湖路的说明\n完成东湖路大修。\n")
    ext = extract(rep)
    assert extract_workitems(Context(rep), ext.mentions, ext.figures) == []


@pytest.mark.parametrize("style, review, plan, expected", [
    # an action word jieba cuts in two is read whole; completion verbs of other provinces
    ("sichuan", "浣溪互通同步投用。", "", [("投用", "浣溪互通", "completed", 2022)]),
    ("zhejiang", "凤鸣产业园、龙腾产业园全部结顶。", "",
     [("结顶", "凤鸣产业园", "completed", 2022), ("结顶", "龙腾产业园", "completed", 2022)]),
    # a noun phrase with verbs in it is the subject of a clause-final completion
    ("henan", "桐河大道西段改扩建工程完工。", "", [("完工", "桐河大道西段改扩建工程", "completed", 2022)]),
    # a subject listing names before a short work phrase: one item per name
    ("zhejiang", "桃源小区、杏林小区完成雨污分流改造。", "",
     [("完成", "桃源小区雨污分流改造", "completed", 2022), ("完成", "杏林小区雨污分流改造", "completed", 2022)]),
    # a short work object reporting progress is led by the thing of the clause before
    ("sichuan", "浣溪社区文化中心已完成主体施工,正在进行内部装修。", "",
     [("完成", "浣溪社区文化中心主体施工", "completed", 2022), ("进行", "浣溪社区文化中心内部装修", "ongoing", 2022)]),
    # members each with their own count are items each
    ("henan", "新建污水主管网12公里、入户支管3200户。", "",
     [("新建", "污水主管网", "completed", 2022), ("新建", "入户支管", "completed", 2022)]),
    # 即将 looks forward; 已 before the verb does not
    ("guangdong", "桂溪小学综合楼主体已封顶,即将投入使用。", "",
     [("封顶", "桂溪小学综合楼主体", "completed", 2022), ("投入使用", "桂溪小学综合楼主体", "planned", 2023)]),
    ("zhejiang", "2022年底前已完成全部危房改造任务。", "", [("完成", "危房改造任务", "completed", 2022)]),
    # an actor subject takes no topic
    ("henan", "东坝安置点已全面完工,群众顺利入住。", "", [("完工", "东坝安置点", "completed", 2022)]),
    # a name in the object makes it concrete; a phase belongs to the last member
    ("zhejiang", "", "加快推进柳溪河生态廊道建设。", [("加快推进", "柳溪河生态廊道建设", "planned", 2023)]),
    ("henan", "开工建设桐河码头、白鹭湾码头二期。", "",
     [("开工建设", "桐河码头", "ongoing", 2022), ("开工建设", "白鹭湾码头二期", "ongoing", 2022)]),
    # a thing before a short work phrase leads it; a second action after 并 acts on it
    ("sichuan", "二期工程完成招标并进场施工。", "",
     [("完成", "二期工程招标", "completed", 2022), ("进场施工", "二期工程", "ongoing", 2022)]),
])
def test_styles_of_other_provinces(style, review, plan, expected):
    items, _ = run(review, plan, style)
    assert triples(items) == expected


@pytest.mark.parametrize("style, review", [
    ("zhejiang", "东岭村、西岭村、南岭村3个村完成整村搬迁。"),  # counted: one piece of work
    ("henan", "桐溪路、白沙路周边拆墙透绿2100米。"),  # an area around names: one item
])
def test_a_counted_or_surrounding_list_stays_one_item(style, review):
    items, _ = run(review, "", style)
    assert len(items) == 1


@pytest.mark.parametrize("style, review", [
    ("zhejiang", "推动柳溪村集体经济发展壮大。"),
    ("henan", "脱贫攻坚成果巩固拓展工作全面完成。"),
    ("sichuan", "召开重点项目推进会12次。"),
])
def test_growth_of_a_quality_and_meetings_give_no_item(style, review):
    items, _ = run(review, "", style)
    assert items == []
