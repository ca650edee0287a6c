"""Hard-wrapped text (copied out of a PDF) is joined back into paragraphs before parsing (ingest/lines.py)."""
from __future__ import annotations

import pytest
from govkg.extract import extract
from govkg.ingest import normalise, parse, read
from govkg.ingest.lines import unwrap, width
from govkg.resources import sample_report


def wrap(text: str, cols: int, by_width: bool = True) -> str:
    """Cut every line at ``cols`` display columns (or at cols/2 characters), as a PDF's text is."""
    out = []
    for line in text.split("\n"):
        cur, w = "", 0
        for ch in line:
            cw = width(ch) if by_width else 2
            if w + cw > cols:
                out.append(cur)
                cur, w = "", 0
            cur += ch
            w += cw
        out.append(cur)
    return "\n".join(out)


@pytest.fixture(scope="module")
def sample():
    text = normalise(sample_report().read_text(encoding="utf-8"))
    rep = parse(text)
    return text, rep, {(m.type, m.name) for m in extract(rep).mentions}


def test_a_text_of_one_paragraph_per_line_is_left_alone(sample):
    text, _, _ = sample
    assert unwrap(text) == text


@pytest.mark.parametrize("cols,by_width", [(40, True), (60, True), (100, True), (56, False)])
def test_the_wrapped_sample_parses_and_extracts_as_the_sample(sample, cols, by_width):
    text, rep, entities = sample
    wrapped = wrap(text, cols, by_width)
    assert len(wrapped.split("\n")) > 1.5 * len(text.split("\n"))
    joined = parse(unwrap(wrapped))
    sentences = {joined.text[s.start:s.end] for s in joined.sentences}
    before = {rep.text[s.start:s.end] for s in rep.sentences}
    assert len(sentences & before) >= 0.99 * len(before)
    got = {(m.type, m.name) for m in extract(joined).mentions}
    assert len(got & entities) >= 0.99 * len(got | entities)
    # without joining, names cut by the wrap are lost
    cut = {(m.type, m.name) for m in extract(parse(wrapped)).mentions}
    assert len(cut & entities) < 0.95 * len(cut | entities)


PARAGRAPH = ("全镇完成固定资产投资十二亿元,同比增长百分之六,青石路改造工程全面完工,柳溪村新建文化礼堂一座,"
             "东湖社区养老服务驿站投入使用,全年新增就业岗位八百个,城乡居民人均可支配收入稳步增长,"
             "人居环境整治成效明显,垃圾分类实现全覆盖,集体经济收入超过三千万元。")


def test_read_joins_a_wrapped_text_file(tmp_path):
    body = "\n".join([PARAGRAPH] * 4)
    text = "青石镇2023年政府工作报告\n一、2022年工作回顾\n" + wrap(body, 50) + "\n二、2023年工作安排\n" + wrap(body, 50) + "\n"
    assert any(line.endswith("青石") for line in text.split("\n"))  # a name cut in two
    f = tmp_path / "wrapped.txt"
    f.write_text(text, encoding="utf-8")
    rep = read(f)
    assert rep.text.count(PARAGRAPH) == 8
    assert [s.title for s in rep.sections if s.level == 1] == ["2022年工作回顾", "2023年工作安排"]
    names = {(m.type, m.name) for m in extract(rep).mentions}
    assert ("Road", "青石路") in names and ("Village", "柳溪村") in names


def test_headings_indents_and_sentence_ends_are_not_joined():
    lines = []
    for k in "一二三四五":
        lines += [f"({k})项目建设", "  全年实施重点项目二十个,完成投资", "十二亿元,其中新开工项目八个,竣工", "项目六个,续建项目六个,一批项目", "已经投产见效,带动就业一千余人,", "税收贡献明显。"]
    text = "\n".join(lines)
    out = unwrap(text).split("\n")
    assert out[:2] == ["(一)项目建设", "  全年实施重点项目二十个,完成投资十二亿元,其中新开工项目八个,竣工项目六个,"
                       "续建项目六个,一批项目已经投产见效,带动就业一千余人,税收贡献明显。"]
    assert len(out) == 10
    # paragraphs marked by an indent: a full line before an indented one ends its paragraph
    indented = "\n".join(["  " + "一" * 20, "二" * 22, "三" * 22, "  " + "四" * 20, "五" * 22, "六" * 10] * 3)
    assert unwrap(indented).split("\n")[:2] == ["  " + "一" * 20 + "二" * 22 + "三" * 22, "  " + "四" * 20 + "五" * 22 + "六" * 10]


def test_numbers_cut_by_the_wrap_are_joined_without_a_space_and_words_with_one():
    rows = ["全镇累计查封无证经营场所150余处,关停经营主体17", "0余户,清理地下空间48处,引进The Green", "Valley项目一个,拆除违法群租房五百一十二处。"] * 4
    out = unwrap("\n".join(rows))
    assert "关停经营主体170余户" in out and "The Green Valley项目" in out


def test_lines_of_similar_length_that_end_sentences_are_not_a_wrapped_text():
    text = "\n".join(f"青石镇第{i}项民生实事已经全部完成并通过验收,群众满意度达到百分之九十五。" for i in range(1, 20))
    assert unwrap(text) == text
    assert unwrap("") == "" and unwrap("一行\n两行\n") == "一行\n两行\n"


def test_page_numbers_between_the_halves_of_a_paragraph_are_dropped():
    body = wrap("\n".join([PARAGRAPH] * 6), 50).split("\n")
    pages = body[:5] + ["", "- 2 -", ""] + body[5:20] + ["第3页 共9页"] + body[20:]
    out = unwrap("\n".join(pages))
    assert out.count(PARAGRAPH) == 6 and "- 2 -" not in out and "第3页" not in out
    # a text that is not wrapped keeps them
    text = "\n".join([PARAGRAPH, "- 2 -", PARAGRAPH])
    assert unwrap(text) == text
