"""The offline division gazetteer (2023 statistical division codes).

Expected Beijing codes are those of the 西红门镇 2021 evaluation set (codes.jsonl), copied here.
"""
from __future__ import annotations

import doctest
import gzip
from importlib import resources

import pytest
from govkg import gazetteer as gz

# from the evaluation set of the 西红门镇 2021 report
XIHONGMEN = "110115007000"
DAXING = "110115000000"
BEIJING = "110000000000"
EVAL_VILLAGES = {  # name as written in the report -> (kind, code)
    "建新庄": ("village", "110115007217"),
    "大白楼": ("village", "110115007213"),
    "团河南村": ("village", "110115007219"),
    "团河北村": ("village", "110115007218"),
    "寿保庄": ("village", "110115007212"),
    "大生庄": ("village", "110115007214"),
    "金华园社区": ("community", "110115007007"),
    "绿林苑": ("community", "110115007006"),
}


def test_data_files_are_deterministic_gzip():
    data = resources.files(gz.__package__) / "data" / "gazetteer"
    raw = (data / "upper.tsv.gz").read_bytes()
    assert raw[4:8] == b"\0\0\0\0"  # gzip mtime 0
    names = sorted(p.name for p in data.iterdir() if p.name.endswith(".tsv.gz"))
    assert len(names) == 33 and names[0] == "11.tsv.gz" and {"upper.tsv.gz", "towns.tsv.gz"} <= set(names)
    text = gzip.decompress((data / "11.tsv.gz").read_bytes()).decode("utf-8").splitlines()
    assert text[0] == "code\tlevel\tname\taliases"
    codes = [line.split("\t")[0] for line in text[1:]]
    assert codes == sorted(codes) and all(len(c) == 12 for c in codes)


def test_report_scope_beijing():
    own = gz.scope(["北京市", "大兴区", "西红门镇"])
    assert own is not None and own.code == XIHONGMEN
    assert own.name == "西红门地区" and own.level == 4 and own.parent == DAXING
    assert gz.scope(["北京市", "西红门镇"]).code == XIHONGMEN  # a level skipped
    assert gz.scope(["大兴区", "西红门地区"]).code == XIHONGMEN
    assert gz.scope(["110115", "西红门镇"]).code == XIHONGMEN  # codes work too
    assert gz.scope(["北京市", "大兴区"]).code == DAXING
    assert gz.scope(["西红门镇"]).code == XIHONGMEN  # a town titled alone: the one town of that name
    assert gz.scope(["城关镇"]) is None  # dozens of them: the text must decide (own_division)
    assert gz.scope(["朝阳区"]) is None  # Beijing's and Changchun's
    assert gz.scope(["吉林省", "朝阳区"]).code == "220104000000"
    assert gz.scope(["北京市", "不存在区"]) is None


def test_upper_levels():
    assert gz.get("110000").name == "北京市"
    assert gz.lookup("北京市", "province").code == BEIJING
    assert gz.lookup("大兴区", "county").code == DAXING
    assert gz.lookup("丰台区", "county").code == "110106000000"
    assert gz.lookup("大兴区", "county", BEIJING).code == DAXING
    assert gz.lookup("大兴区", "county", "120000000000") is None  # not in Tianjin


@pytest.mark.parametrize("name, expected", [
    ("江西", ["江西省"]), ("江西省", ["江西省"]), ("湖南", ["湖南省"]), ("杭州", ["杭州市"]),
    ("广西", ["广西壮族自治区"]), ("新疆", ["新疆维吾尔自治区"]), ("内蒙古", ["内蒙古自治区"]),
    ("恩施州", ["恩施土家族苗族自治州"]), ("浦东", ["浦东新区"]),
    ("吉林", ["吉林省", "吉林市"]),  # ambiguous: both returned
    ("吉林市", ["吉林市"]),  # a full name matches itself only
    ("市辖区", []), ("香港", []),  # grouping entries and places outside the codes
])
def test_find_upper(name, expected):
    assert [d.name for d in gz.find_upper(name)] == expected


def test_find_upper_ambiguous_county():
    hits = gz.find_upper("朝阳区")
    assert [d.code for d in hits] == ["110105000000", "220104000000"]
    assert gz.lookup("朝阳区", "county") is None
    assert gz.lookup("江西", "province").code == "360000000000"


@pytest.mark.parametrize("name, code", [(k, v[1]) for k, v in EVAL_VILLAGES.items()])
def test_eval_villages_in_county(name, code):
    kind = EVAL_VILLAGES[name][0]
    assert gz.lookup(name, kind, DAXING).code == code
    assert gz.lookup(name, kind, XIHONGMEN).code == code
    assert gz.lookup(name, "village", DAXING).code == code  # 'village' is any level-5 unit


def test_town_aliases_beijing_diqu():
    g = gz.Gazetteer.for_county(DAXING)
    for name in ("西红门镇", "西红门地区", "西红门", "西红门地区办事处", "西红门乡"):
        assert g.lookup(name, "town").code == XIHONGMEN, name
    assert g.lookup("西红门街道", "town") is None  # a 街道 is not a 镇
    assert g.lookup("黄村镇", "town").name == "黄村地区"
    assert g.lookup("兴丰街道办事处", "town").name == "兴丰街道"
    assert gz.lookup("西红门镇", "town", DAXING).code == XIHONGMEN
    # 56 of Beijing's towns are written X地区 in the statistical codes
    diqu = [d for d in gz.towns_in("110000") if d.name.endswith("地区")]
    assert len(diqu) == 56
    assert gz.get(XIHONGMEN).aliases == ("西红门镇",)  # the current MCA name


def test_committee_suffix_normalisation():
    g = gz.Gazetteer.for_county(DAXING)
    for name in ("大白楼村村委会", "大白楼村民委员会", "大白楼村委会", "大白楼村", "大白楼"):
        assert g.lookup(name).code == "110115007213", name
    assert g.lookup("大白楼社区") is None  # a 村 is not a 社区
    for name in ("金华园社区居委会", "金华园居委会", "金华园社区居民委员会", "金华园社区", "金华园"):
        assert g.lookup(name, "community").code == "110115007007", name
    assert g.lookup("金华园村") is None
    forms, unit, core = gz.name_forms("建新庄村村委会")
    assert "建新庄村" in forms and unit == "村" and core == "建新庄"
    assert gz.name_forms("仓子村委会（仓子分场）")[0] >= {"仓子村委会", "仓子村"}


def test_repeated_village_name_unique_in_county():
    # 团结村 is one of the commonest village names (团结村委会 alone: 274 times nationally);
    # Beijing has two (大兴区's 团结村村委会, 密云区's 团结村民委员会), 大兴区 one
    beijing = gz.Gazetteer.for_scope(BEIJING)
    assert [d.code for d in beijing.candidates("团结村")] == ["110115108206", "110118104214"]
    assert gz.lookup("团结村", "village", BEIJING) is None
    assert gz.lookup("团结村", "village", DAXING).code == "110115108206"
    assert gz.lookup("团结村", "village", "110118").name == "团结村民委员会"
    assert gz.lookup("九龙社区", "community", XIHONGMEN).code == "110115007003"
    assert gz.lookup("九龙社区", "community", BEIJING) is None
    # 辛庄村 occurs six times in 房山区: ambiguous in the county, unique in each town
    fangshan = gz.Gazetteer.for_county("110111")
    assert len(fangshan.candidates("辛庄村")) == 6
    assert fangshan.lookup("辛庄村") is None
    assert gz.lookup("辛庄村", "village", "110111009000").code == "110111009204"


def test_no_nationwide_town_or_village_guess():
    with pytest.raises(ValueError):
        gz.lookup("西红门镇", "town", None)
    with pytest.raises(ValueError):
        gz.lookup("大白楼", "village")
    assert gz.lookup("大白楼", "village", "110115007213") is None  # scope below the kind


def test_towns_nationwide_and_the_own_division_from_the_text():
    # a town titled alone: six towns are called 分水镇; the text names 桐庐 and villages of one
    assert len(gz.find_towns("分水镇")) == 6 and gz.scope(["分水镇"]) is None
    text = "在桐庐县委的坚强领导下，天英村、塘源村完成农房改造，与百江镇共建旅游环线。"
    assert gz.own_division(["分水镇"], text).code == "330122109000"
    assert gz.own_division(["分水镇"], "全镇经济稳中有进。") is None  # no evidence: no guess
    assert gz.own_division(["朝阳区"], "长春市朝阳区前进街道、桂林街道").code == "220104000000"
    assert [d.code for d in gz.find_towns("南华西街道办事处")] == ["440105008000"]
    # a county name the gazetteer does not know is passed over; the town must be named as such
    assert gz.own_division(["浙江省", "杭州市", "某某县", "分水镇"], "天英村").code == "330122109000"
    assert gz.own_division(["湖北省", "某某市", "东新镇"], "") is None  # 东新乡 is no 东新镇


@pytest.mark.parametrize("name, code", [
    ("科左中旗", "150521000000"), ("察右前旗", "150926000000"), ("土左旗", "150121000000"),
    ("鄂前旗", "150623000000"), ("锡盟", "152500000000"), ("阿盟", "152900000000"), ("喀左县", "211324000000"),
])
def test_banner_and_league_abbreviations(name, code):
    assert [d.code for d in gz.find_upper(name)] == [code]


def test_ethnic_township_without_its_peoples():
    dafang = gz.Gazetteer.for_county("520521")
    assert dafang.lookup("竹园乡", "town").code == "520521201000"  # 竹园彝族苗族乡
    assert dafang.lookup("凤山乡", "town").code == "520521211000"  # 凤山彝族蒙古族乡
    assert "东山乡" in gz.name_forms("东山侗族乡", "town")[0]


def test_chain_of_village():
    names = [d.name for d in gz.chain("110115007217")]
    assert names == ["北京市", "市辖区", "大兴区", "西红门地区", "建新庄村村委会"]
    levels = [d.level for d in gz.chain("110115007217")]
    assert levels == [1, 2, 3, 4, 5]
    assert gz.chain("110115007217")[1].is_group
    assert gz.chain("999999999999") == []
    # a city without counties: towns sit directly under it
    dongguan = gz.chain(gz.towns_in("441900")[0].code)
    assert [d.level for d in dongguan] == [1, 2, 4]


def test_listing_and_counts():
    towns = gz.towns_in(DAXING)
    assert len(towns) == 26 and towns[0].name == "兴丰街道"
    villages = gz.villages_in(XIHONGMEN)
    assert len(villages) == 51
    assert all(v.parent == XIHONGMEN and v.level == 5 for v in villages)
    assert {v.code for v in villages} >= {code for _, code in EVAL_VILLAGES.values()}
    assert gz.Gazetteer.for_county("110115007213") is gz.Gazetteer.for_county(DAXING)


def test_province_file_read_once(monkeypatch):
    gz.clear_cache()
    reads = []
    real = gz._read
    monkeypatch.setattr(gz, "_read", lambda name: reads.append(name) or real(name))
    gz.lookup("大白楼", "village", DAXING)
    gz.lookup("西红门镇", "town", DAXING)
    gz.villages_in("110105")
    gz.get("110115007213")
    assert sorted(reads) == ["11.tsv.gz", "upper.tsv.gz"]
    gz.clear_cache()


def test_doctests():
    result = doctest.testmod(gz, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 10
