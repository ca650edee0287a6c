"""Tests for govkg.ingest and govkg.ingest.html: decoding, HTML, front matter, structure, offsets."""
from __future__ import annotations

import doctest
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkg.ingest import html
from govkg import ingest, resources
from govkg.ingest import IngestError, Report, parse, read, split_divisions

DATA = Path(__file__).parent / "data" / "ingest"
SAMPLE = resources.sample_report()


def check_invariants(rep: Report) -> None:
    """Assert the offset invariants every Report must satisfy."""
    text = rep.text
    assert text.endswith("\n") and not text.startswith("\n")
    assert "\r" not in text and "\ufeff" not in text
    ids = {s.id for s in rep.sections}
    assert len(ids) == len(rep.sections)
    tops = [s for s in rep.sections if s.level <= 1]
    for a, b in zip(tops, tops[1:]):
        assert a.start <= a.end <= b.start, (a, b)
    for s in rep.sections:
        assert 0 <= s.start <= s.end <= len(text)
        assert s.kind in ("review", "plan", "glossary", "other")
        if s.level == 2:
            parent = rep.section(s.parent)
            assert parent is not None and parent.start <= s.start <= s.end <= parent.end
    prev_end = 0
    for p0, p1 in rep.paragraphs:
        assert prev_end <= p0 < p1 <= len(text)
        assert "\n" not in text[p0:p1] and not text[p0].isspace()
        prev_end = p1
    prev_end = 0
    for i, s in enumerate(rep.sentences):
        assert s.index == i
        assert prev_end <= s.start < s.end, (prev_end, s)
        prev_end = s.end
        body = text[s.start:s.end]
        assert body.strip() and body == rep.sentence_text(s) and not body[0].isspace()
        p0, p1 = rep.paragraphs[s.paragraph]
        assert p0 <= s.start and s.end <= p1
        sec = rep.section(s.section)
        assert sec is not None and sec.start <= s.start and s.end <= sec.end
        deeper = [x for x in rep.sections if x.level > sec.level and x.start <= s.start < x.end]
        assert not deeper, (s, deeper)
    for g in rep.glossary:
        assert text[g.term_start:g.term_end] == g.term and g.term
        assert text[g.def_start:g.def_end] == g.definition
        assert g.term_end <= g.def_start


def titles(rep: Report) -> list[tuple[str, str, str, int | None]]:
    return [(s.id, s.title, s.kind, s.year) for s in rep.sections if s.level <= 1]


def test_doctests():
    result = doctest.testmod(ingest)
    assert result.attempted >= 5 and result.failed == 0


# --------------------------------------------------------------------------- the sample


@pytest.fixture(scope="module")
def sample() -> Report:
    return read(SAMPLE)


def test_sample_front_matter(sample):
    assert sample.title == "北京市大兴区西红门镇政府工作报告"
    assert sample.meeting == "2021年2月26日在北京市大兴区西红门镇第四届人民代表大会第八次会议上"
    assert (sample.speaker_role, sample.speaker) == ("大兴区西红门镇镇长", "赵传富")
    assert sample.divisions == ["北京市", "大兴区", "西红门镇"] and sample.division == "西红门镇"
    assert sample.year == 2021
    assert sample.metadata["索引号"] == "11N000/ZK-2021-000006"
    assert sample.metadata["成文日期"] == "2021-02-24" and sample.metadata["发布日期"] == "2021-03-16"
    assert "发文序号" not in sample.metadata  # empty values are not kept
    assert sample.encoding == "utf-8"


def test_sample_structure(sample):
    assert titles(sample) == [("0", "", "other", None), ("1", "2020年工作回顾", "review", 2020),
                              ("2", "2021年工作安排", "plan", 2021), ("3", "名词解释", "glossary", None)]
    subs = [s for s in sample.sections if s.parent == "1"]
    assert [s.number for s in subs] == [f"({n})" for n in "一二三四五六七八"]
    assert subs[0].title == "集中“全员+全力”,打赢疫情防控阻击战"
    assert all((s.kind, s.year) == ("review", 2020) for s in subs)
    assert [s.id for s in sample.sections if s.parent == "2"] == [f"2.{i}" for i in range(1, 8)]
    assert sample.text[sample.section("2").start:].lstrip().startswith("二、2021年工作安排")
    check_invariants(sample)


def test_sample_glossary(sample):
    assert [g.term for g in sample.glossary] == [
        "“1+5+5+4”的村庄安全治理模式", "三清一控", "拔钉子", "两区", "七有五性", "三率"]
    gl = {g.term: g.definition for g in sample.glossary}
    assert gl["三清一控"].startswith("私搭乱建清零") and gl["三清一控"].endswith("控制流动人口规模。")
    assert gl["七有五性"].startswith("“七有”指幼有所育") and "“五性”指便利性" in gl["七有五性"]


def test_sample_sentences(sample):
    texts = [sample.sentence_text(s) for s in sample.sentences]
    assert "现在,我代表西红门镇人民政府向大会报告政府工作,请予审议。" in texts
    assert "2020年是全面建成小康社会和“十三五”规划收官之年。" in texts
    first_sub = next(s for s in sample.sentences if s.section == "1.1")
    assert sample.sentence_text(first_sub) == "(一)集中“全员+全力”,打赢疫情防控阻击战。"
    assert all(s.section.startswith("3") for s in sample.sentences if "【三清一控】" in sample.sentence_text(s))


def test_sample_parse_is_fast(sample):
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        parse(sample.text, "sample.txt")
        times.append(time.perf_counter() - t0)
    assert min(times) < 0.050, f"parsing the sample took {min(times) * 1000:.1f} ms"


def test_long_single_line_paragraph_stays_linear():
    text = "全镇财政收入稳步增长,“三清一控”成效明显。" * 12000  # ~300k characters on one line
    t0 = time.perf_counter()
    rep = parse(text)
    assert time.perf_counter() - t0 < 3.0 and len(rep.sentences) == 12000


def test_parse_is_deterministic_and_idempotent(sample):
    again = parse(sample.text, SAMPLE.name)
    assert again.text == sample.text and again.sha256 == sample.sha256
    assert again.sections == sample.sections and again.sentences == sample.sentences


# --------------------------------------------------------------------------- normalisation


def test_normalisation_nfkc_line_ends_and_offsets():
    raw = "\ufeff河南省青山县政府工作报告\r\n\r\n\u3000\u3000全年增长５．２％，好！（一）项目\u200b落地。  \r一、２０２２年工作回顾\r\n"
    rep = parse(raw)
    assert rep.text == "河南省青山县政府工作报告\n\n  全年增长5.2%,好!(一)项目落地。\n一、2022年工作回顾\n"
    first = rep.sentences[1]
    assert rep.text[first.start:first.end] == "全年增长5.2%,好!"
    assert rep.paragraphs[1] == (rep.text.index("全年"), rep.text.index("落地。") + 3)
    check_invariants(rep)


def test_normalise_keeps_chinese_marks():
    assert ingest.normalise("、。“”【】《》") == "、。“”【】《》\n"


# --------------------------------------------------------------------------- encodings

TEXT = ("浙江省嘉兴市秀洲区王江泾镇政府工作报告\n"
        "(2022年1月10日在王江泾镇第十八届人民代表大会第一次会议上)\n"
        "镇长 沈建明\n"
        "一、2021年工作回顾\n全年实现规上工业产值118.6亿元,同比增长12.3%。\n"
        "二、2022年工作安排\n力争新引进亿元以上项目10个。\n")


@pytest.mark.parametrize(("codec", "detected"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8 (BOM)"), ("gb18030", "gb18030"), ("gbk", "gb18030"),
    ("gb2312", "gb18030"), ("utf-16", "utf-16-le (BOM)"), ("utf-16-be", "utf-16-be"),
    ("utf-16-le", "utf-16-le"), ("utf-32", "utf-32-le (BOM)"),
])
def test_encoding_round_trip(tmp_path, codec, detected):
    reference = parse(TEXT, "ref.txt")
    path = tmp_path / f"wangjiangjing-{codec}.txt"
    data = TEXT.encode(codec)
    if codec == "utf-16-be":
        data = TEXT.encode("utf-16-be")  # no BOM
    path.write_bytes(data)
    rep = read(path)
    assert rep.text == reference.text and rep.sha256 == reference.sha256
    assert rep.encoding == detected
    assert rep.speaker == "沈建明" and [s.year for s in rep.sections if s.level <= 1] == [None, 2021, 2022]


def test_big5_is_detected(tmp_path):
    trad = ("澳門特別行政區政府施政報告\n一、過去一年工作回顧\n"
            "全年經濟增長百分之五,就業情況持續改善,社會保持穩定。\n二、來年施政重點\n推進經濟適度多元發展。\n")
    path = tmp_path / "big5.txt"
    path.write_bytes(trad.encode("big5"))
    rep = read(path)
    assert rep.encoding == "big5" and rep.text == trad
    assert [s.kind for s in rep.sections if s.level <= 1] == ["other", "review", "plan"]


@pytest.mark.parametrize("suffix", [".txt", ".html", ".htm", ".TXT"])
def test_gbk_detected_whatever_the_extension(tmp_path, suffix):
    path = tmp_path / f"report{suffix}"
    path.write_bytes(TEXT.encode("gbk"))
    rep = read(path)
    assert rep.encoding == "gb18030"
    assert rep.title == "浙江省嘉兴市秀洲区王江泾镇政府工作报告"
    assert rep.sentence_text(rep.sentences[-1]) == "力争新引进亿元以上项目10个。"


def test_html_saved_as_txt_is_sniffed(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("<html><body><div class='nav'><a>首页</a><a>政务公开</a><a>互动</a></div>"
                    "<div class='content'><p>河南省青山县政府工作报告</p><p>一、2022年工作回顾</p>"
                    "<p>全年粮食总产66.8万吨。</p></div></body></html>", encoding="utf-8")
    rep = read(path)
    assert "首页" not in rep.text and "<p>" not in rep.text
    assert rep.title == "河南省青山县政府工作报告"


def test_declared_charset_wins_for_ambiguous_bytes(tmp_path):
    # bytes that are valid GB18030 too (garbled there): the declared charset decides
    page = '<html><head><meta charset="big5"></head><body><p>臺灣省政府工作報告</p><p>縣長 張三</p></body></html>'
    path = tmp_path / "p.html"
    path.write_bytes(page.encode("big5"))
    page.encode("big5").decode("gb18030")
    rep = read(path)
    assert rep.encoding == "big5" and rep.title == "臺灣省政府工作報告"


# --------------------------------------------------------------------------- bad input


def _bad(tmp_path: Path, name: str, data: bytes | None) -> Path:
    path = tmp_path / name
    if data is None:
        path.mkdir()
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize(("name", "data", "problem"), [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b" \n\r\n\t ", "empty"),
    ("bom-only.txt", b"\xef\xbb\xbf", "empty"),
    ("figure.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "PNG"),
    ("renamed-png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ("report.docx", b"PK\x03\x04\x14\x00\x06\x00", "docx"),
    ("nul.txt", "镇长".encode() + b"\x00\x01\x02\x03" * 20, "binary"),
    ("garbage.txt", b"plain start \xff\xfe\xfd\x80\x81 end", "offset 12"),
    ("broken-utf8.txt", "王江泾镇政府工作报告".encode() + b"\xe4\xb8", "offset 30"),
    ("english.txt", b"Government Work Report\nWe will do better.\n", "no Chinese text"),
    ("a dir", None, "directory"),
])
def test_bad_input_raises_one_line_error(tmp_path, name, data, problem):
    path = _bad(tmp_path, name, data)
    with pytest.raises(IngestError) as info:
        read(path)
    message = str(info.value)
    assert "\n" not in message and name in message and problem in message


def test_missing_file(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        read(tmp_path / "nope.txt")


def test_parse_without_chinese_names_the_source():
    with pytest.raises(IngestError, match=r"^x\\ny\.txt: no Chinese text found$"):
        parse("only ascii\n", source="x\ny.txt")


# --------------------------------------------------------------------------- HTML fixtures

NAV_WORDS = ("首页", "政务公开", "当前位置", "您现在的位置", "上一篇", "下一篇", "版权所有", "ICP备", "公网安备",
             "分享到", "打印本页", "关闭窗口", "相关文章", "脚本", "document", "主办单位", "网站标识码", "字号",
             "浏览次数", "设为首页", "历史沿革", "<", "&nbsp;", "&ldquo;")


def test_html_zhejiang_town():
    rep = read(DATA / "wangjiangjing-2022.html")
    assert rep.title == "2022年嘉兴市秀洲区王江泾镇政府工作报告"  # the article <h1>, not the site logo <h1>
    assert rep.metadata == {"索引号": "002545087/2022-01234", "发文单位": "王江泾镇人民政府",
                            "成文日期": "2022-01-18", "发布日期": "2022-01-25", "信息名称": "2022年王江泾镇政府工作报告"}
    assert rep.meeting == "2022年1月10日在王江泾镇第十八届人民代表大会第一次会议上"
    assert (rep.speaker_role, rep.speaker) == ("镇长", "沈建明")
    assert rep.divisions == ["嘉兴市", "秀洲区", "王江泾镇"] and rep.year == 2022
    assert titles(rep) == [("0", "", "other", None), ("1", "过去一年工作回顾", "review", 2021),
                           ("2", "2022年工作安排", "plan", 2022), ("3", "切实加强政府自身建设", "other", 2022),
                           ("4", "附件:名词解释", "glossary", None)]
    assert [(g.term, g.definition) for g in rep.glossary] == [
        ("“两山”转化", "绿水青山就是金山银山理念的实践转化。"),
        ("腾笼换鸟", "通过腾退低效企业为优质项目腾出发展空间。"),
        ("污水零直排区", "通过截污纳管实现生产生活污水应截尽截、应处尽处的区域。")]
    for word in NAV_WORDS:
        assert word not in rep.text, word
    assert "全力推进“两山”转化" in rep.text  # &ldquo; unescaped
    assert rep.text.count("索引号") == 1  # the metadata table is not repeated in the body
    check_invariants(rep)


def test_html_gbk_district():
    rep = read(DATA / "pidu-2021-gbk.html")
    assert rep.encoding == "gb18030"
    assert rep.title == "成都市郫都区2021年政府工作报告"  # <meta name="ArticleTitle">
    assert rep.metadata["索引号"] == "115101240089764321/2021-00017"  # key written "索 引 号"
    assert rep.metadata["发文单位"] == "郫都区人民政府办公室"  # from 发布机构
    assert rep.metadata["成文日期"] == "2021-01-29" and rep.metadata["发布日期"] == "2021-02-03"
    assert rep.meeting == "2021年1月20日在成都市郫都区第二届人民代表大会第六次会议上"  # across a <br>
    assert (rep.speaker_role, rep.speaker) == ("区长", "王强")
    assert rep.divisions == ["四川省", "成都市", "郫都区"]  # the longest chain: from 信息名称
    assert titles(rep)[1:] == [("1", "“十三五”时期发展成就和2020年工作回顾", "review", 2020),
                               ("2", "“十四五”时期的主要目标和2021年重点工作", "plan", 2021),
                               ("3", "注释", "glossary", None)]
    assert [s.title for s in rep.sections if s.parent == "2"] == ["全面推进乡村振兴", "加快建设科技创新策源地"]
    assert [g.term for g in rep.glossary] == ["川西林盘", "千亩良田"]
    assert rep.glossary[1].definition == "集中连片建设千亩以上高标准农田的工程。"
    for word in NAV_WORDS:
        assert word not in rep.text, word
    check_invariants(rep)


def test_html_table_layout_county():
    rep = read(DATA / "yunling-2023-bom.htm")
    assert rep.encoding == "utf-8 (BOM)"
    assert rep.title == "云岭县2023年政府工作报告"  # from <title>, the site name cut off
    assert rep.meeting == "二〇二三年一月十二日在云岭县第十七届人民代表大会第三次会议上" and rep.year == 2023
    assert (rep.speaker_role, rep.speaker) == ("代理县长", "李明华")
    assert titles(rep)[1:] == [("1", "过去五年工作回顾", "review", None), ("2", "今后五年目标任务", "plan", None),
                               ("3", "2023年重点工作", "plan", 2023), ("4", "全面加强政府自身建设", "other", 2023),
                               ("5", "名词解释", "glossary", None)]
    assert [s.title for s in rep.sections if s.parent == "3"] == ["抓项目扩投资", "抓生态促转型"]
    assert "生产总值(亿元) 186 268" in rep.text.splitlines()  # cells of a row on one line
    assert [g.term for g in rep.glossary] == ["四水同治", "五星支部"]
    for word in NAV_WORDS + ("地址", "电话"):
        assert word not in rep.text, word
    check_invariants(rep)


def test_sample_as_a_web_page_gives_the_same_report(tmp_path, sample):
    template = (DATA / "wangjiangjing-2022.html").read_text(encoding="utf-8")
    head, rest = template.split('<div id="zoom" class="TRS_Editor">')
    tail = rest[rest.index('<div class="bdsharebuttonbox">'):]
    lines = [ln.strip() for ln in SAMPLE.read_text(encoding="utf-8").splitlines()[12:] if ln.strip()]
    body = "".join(f"<p>\u3000\u3000{ln}</p>\n" for ln in lines)
    path = tmp_path / "sample.html"
    path.write_text(f'{head}<div id="zoom" class="TRS_Editor">{body}</div>{tail}', encoding="utf-8")
    rep = read(path)
    assert [(s.id, s.title, s.kind, s.year) for s in rep.sections] == [
        (s.id, s.title, s.kind, s.year) for s in sample.sections]
    assert [(g.term, g.definition) for g in rep.glossary] == [(g.term, g.definition) for g in sample.glossary]
    assert (rep.speaker, rep.meeting, rep.year) == (sample.speaker, sample.meeting, sample.year)
    sample_sents = [sample.sentence_text(s) for s in sample.sentences if s.section != "0"]
    assert [rep.sentence_text(s) for s in rep.sentences if s.section != "0"] == sample_sents
    check_invariants(rep)


# --------------------------------------------------------------------------- HTML units


def test_html_body_is_the_densest_block_without_known_class():
    page = ("<body><div id='a'>" + "<p><a href='#'>新闻标题链接</a></p>" * 30 + "</div>"
            "<div id='b'><p>云岭县人民政府工作报告。</p><p>" + "全年粮食总产六十六万吨。" * 20 + "</p></div>"
            "<div id='c'><p>联系电话</p></div></body>")
    art = html.extract(page)
    assert art.lines[0] == "云岭县人民政府工作报告。" and "新闻标题链接" not in "".join(art.lines)
    assert "联系电话" not in "".join(art.lines)


def test_html_body_keeps_sentences_beside_the_biggest_block():
    page = ("<body><div class='nav'><a>首页</a><a>概况</a><a>公开</a></div><div id='main'>"
            "<div id='text'><p>" + "全镇财政收入稳步增长。" * 40 + "</p></div>"
            "<div id='notes'><p>名词解释</p><p>【三清一控】指私搭乱建清零。</p></div></div></body>")
    assert html.extract(page).lines[-1] == "【三清一控】指私搭乱建清零。"


def test_html_known_container_preferred_over_surrounding_text():
    page = ("<body><div class='main'><div class='intro'><p>" + "本站简介文字内容。" * 15 + "</p></div>"
            "<div class='TRS_Editor'><p>" + "全镇财政收入稳步增长。" * 20 + "</p></div></div></body>")
    art = html.extract(page)
    assert "本站简介" not in "".join(art.lines) and "全镇财政收入" in art.lines[0]


@pytest.mark.parametrize("cls", ["pages_content", "position"])
def test_html_navigation_word_on_the_article_container_does_not_drop_it(cls):
    page = (f"<body><div class='nav'><a>首页</a><a>概况</a><a>公开</a></div><div class='{cls}'><p>"
            + "全镇财政收入稳步增长。" * 30 + "</p></div></body>")
    assert html.extract(page).lines == ["全镇财政收入稳步增长。" * 30]


def test_html_falls_back_to_all_text():
    art = html.extract("<p>王江泾镇政府工作报告</p>一、过去一年工作回顾<br>全年增长8%。")
    assert art.lines == ["王江泾镇政府工作报告", "一、过去一年工作回顾", "全年增长8%。"]


def test_html_blocks_entities_spaces_hidden_and_pre():
    page = ("<div class='content'><h2>县长&nbsp;&nbsp;张三</h2><ul><li>第一条&#12290;</li><li>第二条&amp;"
            "</li></ul><span style='display:none'>隐藏文字</span><p>甲\u3000乙<br>丙 \n 丁</p>"
            "<pre>第一行\n第二行</pre><table><tr><td>指标</td><td>数值</td></tr></table></div>")
    assert html.extract(page).lines == ["县长 张三", "第一条。", "第二条&", "甲 乙", "丙 丁", "第一行", "第二行",
                                        "指标 数值"]


def test_html_metadata_layouts():
    page = ("<table><tr><th>索引号</th><td>A-1</td></tr><tr><td>发文机关:</td><td>青山县人民政府</td></tr>"
            "</table><ul><li>成文日期：2023年1月5日</li><li>信息名称：青山县政府工作报告 发布时间：2023-01-20 09:00</li>"
            "</ul><div class='zoom'><p>" + "内容" * 50 + "</p></div>")
    assert html.extract(page).metadata == {"索引号": "A-1", "发文单位": "青山县人民政府", "成文日期": "2023-01-05",
                                           "信息名称": "青山县政府工作报告", "发布日期": "2023-01-20"}


def test_html_meeting_line_outside_the_body_is_kept():
    page = ("<div class='head'><h1>青山县政府工作报告</h1><h3>——2023年1月5日在青山县第十七届人民代表大会第三次会议上</h3>"
            "</div><div class='TRS_Editor'><p>各位代表:</p><p>" + "全县经济稳中向好。" * 30 + "</p></div>")
    rep = parse(html.article_text(page))
    assert rep.meeting.startswith("2023年1月5日在青山县") and rep.year == 2023 and rep.title == "青山县政府工作报告"


def test_html_unclosed_tags_do_not_lose_text():
    page = "<div class='content'><p>一段<p>二段<font><font><b>三段</b></p><p>四段" + "<i>" * 3000 + "五段</div>"
    assert html.extract(page).lines == ["一段", "二段三段", "四段五段"]


# --------------------------------------------------------------------------- front matter

HEAD = "{title}\n{meeting}\n{speaker}\n各位代表:\n一、2021年工作回顾\n全年增长。\n"


@pytest.mark.parametrize(("meeting_line", "meeting", "year"), [
    ("——2022年1月10日在嘉兴市秀洲区王江泾镇第十八届人民代表大会第一次会议上",
     "2022年1月10日在嘉兴市秀洲区王江泾镇第十八届人民代表大会第一次会议上", 2022),
    ("(2022年1月10日在青山县第十八届人民代表大会第一次会议上)", "2022年1月10日在青山县第十八届人民代表大会第一次会议上", 2022),
    ("（2022年1月10日在青山县第十八届人民代表大会第一次会议上）", "2022年1月10日在青山县第十八届人民代表大会第一次会议上", 2022),
    ("  ——2021年1月20日在成都市郫都区\n\n  第二届人民代表大会第六次会议上",
     "2021年1月20日在成都市郫都区第二届人民代表大会第六次会议上", 2021),
    ("——2021年1月20日\n在成都市郫都区第二届人民代表大会第六次会议上",
     "2021年1月20日在成都市郫都区第二届人民代表大会第六次会议上", 2021),
    ("——二〇二三年一月十二日在云岭县第十七届人民代表大会第三次会议上",
     "二〇二三年一月十二日在云岭县第十七届人民代表大会第三次会议上", 2023),
    # no date: the year comes from the review part (2021 reviewed -> delivered in 2022)
    ("— 在青山县第十八届人民代表大会第一次会议上", "在青山县第十八届人民代表大会第一次会议上", 2022),
])
def test_meeting_line_variants(meeting_line, meeting, year):
    rep = parse(HEAD.format(title="政府工作报告", meeting=meeting_line, speaker="县长 张三"))
    assert rep.meeting == meeting and rep.year == year
    assert rep.speaker == "张三"


def test_meeting_phrase_inside_a_sentence_is_not_the_meeting_line():
    rep = parse("青山县政府工作报告\n现在,我代表县人民政府,在本次大会上报告工作,并在镇四届人大六次会议上作说明。\n")
    assert rep.meeting == ""


@pytest.mark.parametrize(("line", "role", "name"), [
    ("县长 张三", "县长", "张三"),
    ("代理市长 李四", "代理市长", "李四"),
    ("XX镇人民政府镇长 王五", "XX镇人民政府镇长", "王五"),
    ("王江泾镇人民政府镇长\u3000沈建明", "王江泾镇人民政府镇长", "沈建明"),
    ("区长  王  强", "区长", "王强"),
    ("州长 买买提·艾力", "州长", "买买提·艾力"),
    ("南华西街道办事处主任 陈晓燕", "南华西街道办事处主任", "陈晓燕"),
])
def test_speaker_line_variants(line, role, name):
    rep = parse(HEAD.format(title="政府工作报告", meeting="——2022年1月10日在青山县第十八届人民代表大会第一次会议上",
                            speaker=line))
    assert (rep.speaker_role, rep.speaker) == (role, name)


def test_speaker_before_meeting_line_and_no_false_speaker():
    rep = parse("青山县政府工作报告\n县长 张三\n(2022年1月10日在青山县第十八届人民代表大会第一次会议上)\n")
    assert rep.speaker == "张三"
    rep = parse("青山县政府工作报告\n现在我代表县人民政府向大会报告工作 请予审议\n")
    assert (rep.speaker, rep.speaker_role) == ("", "")


@pytest.mark.parametrize(("name", "chain"), [
    ("江苏省苏州市吴江区震泽镇", ["江苏省", "苏州市", "吴江区", "震泽镇"]),
    ("浙江省嘉兴市秀洲区王江泾镇", ["浙江省", "嘉兴市", "秀洲区", "王江泾镇"]),
    ("四川省成都市郫都区", ["四川省", "成都市", "郫都区"]),
    ("内蒙古自治区呼和浩特市", ["内蒙古自治区", "呼和浩特市"]),
    ("吉林省延边朝鲜族自治州延吉市", ["吉林省", "延边朝鲜族自治州", "延吉市"]),
    ("江苏省镇江市", ["江苏省", "镇江市"]),
    ("山东省济南市市中区", ["山东省", "济南市", "市中区"]),
    ("浙江省湖州市德清县新市镇", ["浙江省", "湖州市", "德清县", "新市镇"]),
    ("广东省佛山市南海区桂城街道", ["广东省", "佛山市", "南海区", "桂城街道"]),
    ("上海市浦东新区", ["上海市", "浦东新区"]),
    ("河南省XX县", ["河南省", "XX县"]),
    ("政府", []),
    ("", []),
    ("2021年", []),
])
def test_split_divisions(name, chain):
    assert split_divisions(name) == chain


@pytest.mark.parametrize(("text", "chain"), [
    ("江苏省苏州市吴江区震泽镇政府工作报告\n", ["江苏省", "苏州市", "吴江区", "震泽镇"]),
    ("2022年河南省青山县人民政府工作报告\n", ["河南省", "青山县"]),
    ("广州市海珠区南华西街道办事处工作报告\n", ["广州市", "海珠区", "南华西街道"]),
    ("政府工作报告\n(2022年1月10日在河南省青山县第十八届人民代表大会第一次会议上)\n", ["河南省", "青山县"]),
    ("发文单位:郫都区人民政府\n政府工作报告\n", ["郫都区"]),
    ("政府工作报告\n青山镇人民政府镇长 王五\n", ["青山镇"]),
    # the issuer on its own line above a title without a place, or signing the end
    ("中共分水镇委员会 分水镇人民政府\n2022年工作总结\n\n一、工作成效\n\n全镇稳中有进。\n", ["分水镇"]),
    ("桐庐县分水镇人民政府\n2022年工作总结\n\n一、工作成效\n\n全镇稳中有进。\n", ["桐庐县", "分水镇"]),
    ("政府工作报告\n\n一、工作回顾\n\n全镇稳中有进。\n\n分水镇人民政府\n2023年1月5日\n", ["分水镇"]),
    # a place that runs on into the title: the longest start the gazetteer knows
    ("2022年分水镇工作总结\n", ["分水镇"]),
    ("政府工作报告\n——2023年1月9日在分水镇十八届人大三次会议上\n", ["分水镇"]),
    ("分水镇二〇二二年工作总结\n", ["分水镇"]),
])
def test_divisions_from_title_meeting_issuer_or_role(text, chain):
    assert parse(text).divisions == chain


@pytest.mark.parametrize(("head", "year"), [
    ("成文日期:2021-12-30\n政府工作报告\n——2022年1月10日在青山县第十八届人民代表大会第一次会议上\n", 2022),
    ("成文日期:2021年12月30日\n发布日期:2022-01-15\n2023年政府工作报告\n", 2021),
    ("发布日期:2022/01/15\n2023年政府工作报告\n", 2022),
    ("2021年政府工作报告\n", 2021),
    ("青山县政府工作报告\n一、2022年工作回顾\n二、2023年工作安排\n", 2023),
    ("青山县政府工作报告\n一、2022年工作回顾\n", 2023),
    ("青山县政府工作报告\n", None),
])
def test_report_year_precedence(head, year):
    assert parse(head).year == year


def test_metadata_synonyms_several_per_line_and_iso_dates():
    rep = parse("索 引 号:A-7  发布机构:青山县人民政府\n生成日期:2023年1月5日\n公开日期:2023.1.20\n标题:青山县政府工作报告\n")
    assert rep.metadata == {"索引号": "A-7", "发文单位": "青山县人民政府", "成文日期": "2023-01-05",
                            "发布日期": "2023-01-20", "信息名称": "青山县政府工作报告"}
    assert rep.title == "青山县政府工作报告"


def test_title_skips_interpretation_lines():
    rep = parse("一图读懂:青山县政府工作报告\n图解青山县政府工作报告\n河南省青山县政府工作报告\n")
    assert rep.title == "河南省青山县政府工作报告"


# --------------------------------------------------------------------------- structure

MEETING = "青山县政府工作报告\n——2021年1月8日在青山县第十七届人民代表大会第五次会议上\n"


@pytest.mark.parametrize(("title", "kind", "year"), [
    ("2020年工作回顾", "review", 2020),
    ("过去一年工作回顾", "review", 2020),
    ("去年工作回顾", "review", 2020),
    ("工作回顾", "review", 2020),
    ("2021年工作安排", "plan", 2021),
    ("2021年主要目标任务", "plan", 2021),
    ("今年工作安排", "plan", 2021),
    ("工作安排", "plan", 2021),
    ("“十三五”时期发展成就和2020年工作回顾", "review", 2020),
    ("“十四五”时期的主要目标和2021年重点工作", "plan", 2021),
    ("2016—2020年发展成就和2020年工作回顾", "review", 2020),
    ("2016-2020年发展成就", "review", None),
    ("过去五年工作回顾", "review", None),
    ("今后五年目标任务", "plan", None),
    ("“十四五”时期奋斗目标", "plan", None),
    ("2020年工作回顾和2021年工作安排", "review", 2020),
    ("名词解释", "glossary", None),
    ("切实加强政府自身建设", "other", None),
])
def test_part_kind_and_year(title, kind, year):
    rep = parse(f"{MEETING}一、{title}\n正文内容。\n")
    part = rep.section("1")
    assert (part.title, part.kind, part.year) == (title, kind, year)


def test_untitled_part_takes_the_previous_year_but_stays_other():
    rep = parse(MEETING + "一、2020年工作回顾\n甲。\n二、2021年工作安排\n乙。\n三、切实加强政府自身建设\n丙。\n"
                "四、团结奋斗\n丁。\n")
    assert [(s.kind, s.year) for s in rep.sections if s.level <= 1] == [
        ("other", None), ("review", 2020), ("plan", 2021), ("other", 2021), ("other", 2021)]


def test_heading_variants():
    rep = parse(MEETING + "第一部分 2020年工作回顾\n甲。\n第二部分 2021年工作安排\n(一)加强领导。乙。\n"
                "（二）强化考核\n丙。\n")
    assert [(s.id, s.number, s.title) for s in rep.sections[1:]] == [
        ("1", "第一部分", "2020年工作回顾"), ("2", "第二部分", "2021年工作安排"),
        ("2.1", "(一)", "加强领导"), ("2.2", "(二)", "强化考核")]
    rep = parse(MEETING + "一、\n2020年工作回顾\n甲。\n")
    assert rep.section("1").title == "2020年工作回顾" and rep.section("1").year == 2020


def test_long_or_sentence_lines_are_not_parts():
    long_item = "一、" + "坚持稳中求进工作总基调,统筹推进疫情防控和经济社会发展各项工作" * 2
    rep = parse(MEETING + f"{long_item}\n一、加强党的建设。\n甲。\n")
    assert [s.id for s in rep.sections] == ["0"]
    assert rep.sentences[-1].section == "0"


def test_enumeration_inside_a_part_is_not_a_part():
    rep = parse(MEETING + "一、2020年工作回顾\n主要做法:\n一、加强组织领导\n二、强化督查考核\n三、注重宣传引导\n"
                "甲。\n二、2021年工作安排\n乙。\n三、切实加强政府自身建设\n丙。\n")
    assert [s.title for s in rep.sections if s.level <= 1] == ["", "2020年工作回顾", "2021年工作安排", "切实加强政府自身建设"]


def test_numbered_lists_and_inline_markers_are_not_sections():
    rep = parse(MEETING + "一、2021年工作安排\n(一)抓项目。\n1.加快道路建设。\n2.推进污水治理。\n"
                "全面完成(二)类任务。\n(三)不连续的编号\n(二)抓生态。\n")
    assert [(s.id, s.title) for s in rep.sections if s.level == 2] == [("1.1", "抓项目"), ("1.2", "抓生态")]


@pytest.mark.parametrize(("gloss", "expected"), [
    ("名词解释:\n【三清一控】指私搭乱建清零。\n【拔钉子】:清理滞留户。\n",
     [("三清一控", "私搭乱建清零。"), ("拔钉子", "清理滞留户。")]),
    ("附件:名词解释\n1.“两山”转化:指绿水青山就是金山银山。\n2.腾笼换鸟:是指腾退低效企业。\n",
     [("“两山”转化", "绿水青山就是金山银山。"), ("腾笼换鸟", "腾退低效企业。")]),
    ("注释:\n“四水同治”是指水资源统筹治理。\n(1)五星支部指星级党支部创建。\n",
     [("四水同治", "水资源统筹治理。"), ("五星支部", "星级党支部创建。")]),
    ("名词解释\n【千亩良田】\n指集中连片建设高标准农田。\n【川西林盘】指农村聚落。\n",
     [("千亩良田", "集中连片建设高标准农田。"), ("川西林盘", "农村聚落。")]),
    ("注释:【甲类】指第一类。【乙类】指第二类。\n", [("甲类", "第一类。"), ("乙类", "第二类。")]),
    ("名词解释\n以下为本报告用语说明\n【七有】“幼有”指幼有所育。\n", [("七有", "“幼有”指幼有所育。")]),
])
def test_glossary_formats(gloss, expected):
    rep = parse(MEETING + "一、2020年工作回顾\n甲。\n" + gloss)
    assert [(g.term, g.definition) for g in rep.glossary] == expected
    assert rep.sections[-1].kind == "glossary"
    check_invariants(rep)


def test_glossary_heading_before_first_part_is_ignored_and_parts_after_it_dropped():
    rep = parse(MEETING + "注释:\n一、2020年工作回顾\n甲。\n名词解释\n【甲】指乙。\n一、不是正文的编号\n")
    assert [(s.title, s.kind) for s in rep.sections] == [
        ("", "other"), ("2020年工作回顾", "review"), ("名词解释", "glossary")]


# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize(("body", "sentences"), [
    ("完成投资41亿元。同比增长91%!能否实现?", ["完成投资41亿元。", "同比增长91%!", "能否实现?"]),
    ("财政收入3.6亿元;税收14.42亿元。", ["财政收入3.6亿元;税收14.42亿元。"]),
    ("他说:“要坚持A。坚持B。”然后散会。", ["他说:“要坚持A。坚持B。”", "然后散会。"]),
    ("提出“坚持A。坚持B。”的要求。下一句。", ["提出“坚持A。坚持B。”的要求。", "下一句。"]),
    ("“好!”,他说。", ["“好!”,他说。"]),
    ("(详见附件。)另起一句。", ["(详见附件。)", "另起一句。"]),
    ("报告“未闭合。引号。", ["报告“未闭合。", "引号。"]),
    ("真的吗?!是的。。无结尾", ["真的吗?!", "是的。。", "无结尾"]),
    ("第一行无句号\n第二行。", ["第一行无句号", "第二行。"]),
])
def test_sentence_splitting(body, sentences):
    rep = parse(body)
    assert [rep.sentence_text(s) for s in rep.sentences] == sentences
    check_invariants(rep)


# --------------------------------------------------------------------------- property

TOKENS = ["\n", "\r\n", "\r", " ", "\u3000", "\ufeff", "一、", "二、", "三、", "(一)", "（二）", "(三)", "第一部分",
          "2020年工作回顾", "2021年工作安排", "过去一年", "今后五年", "2016-2020年", "名词解释", "附件:", "注释:",
          "【", "】", "指", "是指", ":", "“", "”", "(", ")", "。", "!", "?", "!", ";", "1.", "——",
          "2021年2月26日在", "青山县", "第十八届人民代表大会第一次会议上", "县长 张三", "索引号:", "成文日期:2021-01-02",
          "政府工作报告", "镇", "区", "市", "年", "月", "日", "十", "〇", "①"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=60).map("".join),
       st.sampled_from("镇政府报告的一"))
def test_parse_never_breaks_invariants(text, han):
    try:
        rep = parse(text + han)
    except IngestError:
        return
    check_invariants(rep)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_parse_arbitrary_text(text):
    try:
        rep = parse(text)
    except IngestError as e:
        assert "\n" not in str(e)
        return
    check_invariants(rep)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["<div class='nav'>", "<p>", "</p>", "<br>", "<td>", "<a>", "</a>", "</div>",
                                 "<script>", "</script>", "&nbsp;", "&lt;", "政府工作报告", "一、回顾", "。",
                                 "索引号:", "x", "\n"]), max_size=40).map("".join))
def test_html_extract_never_crashes(page):
    art = html.extract(page)
    assert all(line == line.strip() and line for line in art.lines)
    assert "<p>" not in art.text()


@pytest.mark.parametrize("head,title,division,year", [
    ("青石街道2023年工作总结和2024年工作计划\n\n今年以来,街道坚持稳中求进。\n", "青石街道2023年工作总结和2024年工作计划", ["青石街道"], 2023),
    ("柳溪县青石镇2022年民生实事项目完成情况\n序号\t项目名称\n", "柳溪县青石镇2022年民生实事项目完成情况", ["柳溪县", "青石镇"], 2022),
    ("东湖乡2024年工作要点\n\n一、总体要求\n", "东湖乡2024年工作要点", ["东湖乡"], 2024),
    ("全年工作总结如下,青石镇完成了各项工作。\n一、2023年工作回顾\n", "", [], 2024),  # a sentence is no title (the year: after the year reviewed)
])
def test_summaries_plans_and_project_lists_have_a_title_division_and_year(head, title, division, year):
    rep = parse(head + "一、2023年工作回顾\n全镇完成投资12亿元。\n")
    assert (rep.title, rep.divisions, rep.year) == (title, division, year)


@pytest.mark.parametrize("head,division", [
    ("各位代表:\n现在,我代表青石镇人民政府向大会报告工作,请予审议。\n", ["青石镇"]),
    ("政府工作报告\n——岚皋县第十九届人民代表大会第二次会议上的报告\n各位代表:\n", ["岚皋县"]),  # a real county: known
    ("4月1日,岚皋县第十九届人民代表大会第二次会议开幕。\n", ["岚皋县"]),
    ("4月1日,青石县第十九届人民代表大会第二次会议开幕。\n", []),  # unknown to the gazetteer: not taken
    ("各位代表:\n我代表镇人民政府向大会作工作报告。\n", []),  # no place named
])
def test_the_speakers_opening_words_and_a_congress_in_the_head_name_the_division(head, division):
    rep = parse(head + "一、2023年工作回顾\n全镇完成投资12亿元。\n")
    assert rep.divisions == division and "我代表" not in rep.title


def test_an_excerpt_that_starts_at_a_later_part_keeps_its_parts():
    rep = parse("二、2024年工作安排\n全年力争完成固定资产投资15亿元。\n三、加强政府自身建设\n坚持依法行政。\n")
    assert [(s.kind, s.year, s.title) for s in rep.sections if s.level == 1] == [
        ("plan", 2024, "2024年工作安排"), ("other", 2024, "加强政府自身建设")]
    # a later number whose title is no review, plan or year starts nothing
    assert [s for s in parse("全镇完成投资。\n二、其他事项\n坚持依法行政。\n").sections if s.level == 1] == []
