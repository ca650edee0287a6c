"""Reports as PDF and Word: reading order, page furniture, paragraphs, radicals, project tables, bad files.

Every document is made here: Word files with python-docx, PDFs printed from HTML by headless
Chromium (slow) or written by hand (bad files). The report text is invented (青禾镇, a made-up town).
"""
from __future__ import annotations

import html as htmlmod
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from govkg import ingest, resources
from govkg.ingest import IngestError, documents, fold_radicals, tables
from govkg.pipeline import build_report

ROOT = Path(__file__).resolve().parents[1]
GOVKG = [sys.executable, "-m", "govkg"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

HEAD = ["青禾镇人民政府工作报告", "——2023年1月6日在青禾镇第三届人民代表大会第二次会议上", "镇长 林一帆", "各位代表:"]
REVIEW = [
    "一、2022年工作回顾",
    "过去一年,全镇财政收入完成2.4亿元,同比增长5.1%。",
    "(一)产业发展稳中有进。新引进企业12家,完成固定资产投资8.6亿元。",
]
PLAN = ["二、2023年工作安排", "(一)抓好重点项目建设。全年计划实施重点项目10个,总投资20.5亿元。"]
HEADER = ["序号", "项目名称", "建设内容", "总投资(万元)", "进展情况", "责任单位"]
STEMS = ["岚溪", "松塘", "槐荫", "芦湾", "枫桥", "竹坞", "梅岭", "柳埠", "桐冈", "杏坊"]
ROWS = [[str(i + 1), f"{s}片区综合改造", f"改造道路{i + 2}公里", str(1000 * (i + 1)),
         "已完工" if i % 2 else "主体施工。年底完工", "镇建设办"] for i, s in enumerate(STEMS)]


def _project_names(res) -> set[str]:
    return {e.name for e in res.entities if e.type == "Project"}


def _cli(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*GOVKG, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


# --------------------------------------------------------------------------- characters

def test_radicals_fold_to_ordinary_characters():
    assert fold_radicals("⼈⺠⻋⻔⻓") == "人民车门长"
    assert ingest.normalise("⼯作报告:⻋站⼤⻔\n") == "工作报告:车站大门\n"
    for cp in range(0x2F00, 0x2FD6):  # every Kangxi radical has a decomposition: all are mapped
        mapped = fold_radicals(chr(cp))
        assert mapped != chr(cp) and "CJK UNIFIED IDEOGRAPH" in unicodedata.name(mapped)
    for cp, char in ingest._RADICAL_SUPPLEMENT.items():  # the table covers the supplement NFKC leaves alone
        assert 0x2E80 <= cp <= 0x2EF3 and unicodedata.normalize("NFKC", chr(cp)) == chr(cp)
        assert "CJK UNIFIED IDEOGRAPH" in unicodedata.name(char)


def test_project_table_rows_render_as_sentences():
    rows = tables.render([HEADER, *ROWS[:2]])
    assert rows[0].text == "序号:1;项目名称:岚溪片区综合改造;建设内容:改造道路2公里;总投资1000万元;进展情况:主体施工。年底完工;责任单位:镇建设办。"
    assert rows[0].text[slice(*rows[0].name)] == "岚溪片区综合改造" and rows[0].project
    other = tables.render([["指标", "2022年"], ["财政收入", "2.4亿元"]])
    assert [r.text for r in other] == ["指标;2022年", "财政收入;2.4亿元"] and not any(r.project for r in other)


def test_sniff_by_magic_not_name():
    assert documents.sniff(b"%PDF-1.7\n") == "pdf"
    assert documents.sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) == "ole"
    assert documents.sniff("一、工作回顾".encode()) is None


# --------------------------------------------------------------------------- Word

def _docx(path: Path, table_rows=ROWS, *, header_text="青禾镇人民政府办公室印发") -> Path:
    import docx

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = header_text
    d.sections[0].footer.paragraphs[0].text = "第 1 页"
    d.add_heading(HEAD[0], level=1)
    for line in HEAD[1:] + REVIEW:
        d.add_paragraph(line)
    d.add_heading(PLAN[0], level=2)
    d.add_paragraph(PLAN[1])
    t = d.add_table(rows=0, cols=len(HEADER))
    for r in [HEADER, *table_rows]:
        cells = t.add_row().cells
        for c, v in zip(cells, r):
            c.text = v
    d.add_paragraph("(二)提升公共服务水平。新建幼儿园2所。")
    d.save(path)
    return path


def test_docx_paragraphs_headings_and_project_table(tmp_path):
    rep = ingest.read(_docx(tmp_path / "report.docx"))
    assert rep.encoding == "docx" and rep.year == 2023 and rep.divisions[-1] == "青禾镇"
    assert [s.title for s in rep.sections if s.level == 1] == ["2022年工作回顾", "2023年工作安排"]
    assert "印发" not in rep.text and "第 1 页" not in rep.text  # headers and footers are not the body
    rows = [s for s in rep.sentences if s.table_row]
    assert len(rows) == 10 and len(rep.table_rows) == 10
    assert rep.text.index("重点项目10个") < rep.text.index("岚溪片区") < rep.text.index("新建幼儿园")
    for row in rep.table_rows:  # provenance: offsets into the normalised text
        assert rep.text[row.name_start:row.name_end].endswith("片区综合改造")
        s = rep.sentences[row.sentence]
        assert s.table_row and s.start == row.start and s.end == row.end  # one sentence, though a cell has 。


def test_docx_ten_projects_with_investment(tmp_path):
    res, graph = build_report(_docx(tmp_path / "report.docx"))
    assert {f"{s}片区综合改造" for s in STEMS} <= _project_names(res)
    invest = sorted(int(f.value) for f in res.figures if f.unit == "万元" and "总投资" in f.name)
    assert invest == [1000 * (i + 1) for i in range(10)]
    about = {res.figure_subjects[i].name for i, f in enumerate(res.figures) if f.value == "4000"}
    assert about == {"芦湾片区综合改造"}  # a row's figure is about the row's project
    rule = {m.rule for e in res.entities if e.name == "芦湾片区综合改造" for m in e.mentions}
    assert "tables:table-row" in rule
    assert any(str(p).endswith("#tableRow") for p in graph.predicates())


def test_corrupt_docx_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "bad.docx"
    good = _docx(tmp_path / "good.docx").read_bytes()
    bad.write_bytes(good[: len(good) // 2])
    out = tmp_path / "out"
    done = _cli("build", str(bad), "-o", str(out), "--no-page")
    assert done.returncode == 2, done.stderr
    line = done.stderr.strip()
    assert "\n" not in line and "bad.docx" in line and "Word" in line
    assert not out.exists()


def test_doc_without_converter_names_the_package(tmp_path):
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)
    out = tmp_path / "out"
    env = {**os.environ, "PATH": str(tmp_path / "empty-bin")}  # no antiword, no LibreOffice
    done = _cli("build", str(doc), "-o", str(out), "--no-page", env=env)
    assert done.returncode == 2, done.stderr
    line = done.stderr.strip()
    assert "\n" not in line and "old.doc" in line and "antiword" in line
    assert not out.exists()


@pytest.mark.slow
def test_folder_build_takes_word(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    _docx(folder / "a.docx")
    out = tmp_path / "out"
    done = _cli("build", str(folder), "-o", str(out), "--no-page")
    assert done.returncode == 0, done.stderr
    assert "岚溪片区综合改造" in (out / "graph.ttl").read_text("utf-8")


def test_html_project_table_becomes_rows(tmp_path):
    cells = "".join(f"<th>{h}</th>" for h in HEADER)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in ROWS)
    page = ("<html><head><meta charset='utf-8'><title>青禾镇人民政府工作报告</title></head><body><div class='content'>"
            + "".join(f"<p>{ln}</p>" for ln in HEAD + REVIEW + PLAN)
            + f"<table><tr>{cells}</tr>{body}</table><p>(二)提升公共服务水平。新建幼儿园2所。</p></div></body></html>")
    p = tmp_path / "report.html"
    p.write_text(page, "utf-8")
    rep = ingest.read(p)
    assert len(rep.table_rows) == 10 and sum(s.table_row for s in rep.sentences) == 10
    res, _ = build_report(p)
    assert {f"{s}片区综合改造" for s in STEMS} <= _project_names(res)


# --------------------------------------------------------------------------- bad PDFs (written by hand)

def _pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """Return a PDF of the given objects (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def _blank_pdf(**kw) -> bytes:
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                 b"<< /Length 0 >>\nstream\n\nendstream"], **kw)


@pytest.mark.parametrize("name, data, words", [
    ("scan.pdf", _blank_pdf(), "text layer"),
    ("locked.pdf", _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                         b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <" + b"11" * 32 + b"> /U <"
                         + b"22" * 32 + b"> >>"],
                        b"/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] "),
     "encrypted"),
])
def test_bad_pdf_is_one_line_exit_2(tmp_path, name, data, words):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(IngestError, match=words):
        ingest.read(p)
    out = tmp_path / "out"
    done = _cli("build", str(p), "-o", str(out), "--no-page")
    assert done.returncode == 2, done.stderr
    line = done.stderr.strip()
    assert "\n" not in line and name in line and words in line
    assert not out.exists()


# --------------------------------------------------------------------------- PDFs printed by Chromium

def _print_pdf(html_text: str, pdf: Path, *, browser_furniture: bool = True) -> Path:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (scripts/test.sh installs it)")
    src = pdf.with_suffix(".html")
    src.write_text(html_text, "utf-8")
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}"]
    if not browser_furniture:
        args.append("--no-pdf-header-footer")
    subprocess.run([*args, src.as_uri()], capture_output=True, timeout=120, check=True)
    assert pdf.exists()
    return pdf


_STYLE = ("<style>body{font-family:'Noto Sans CJK SC',sans-serif;font-size:13pt;margin:0}"
          "p{text-indent:2em;margin:.3em 0}.cols{column-count:2;column-gap:3em}"
          "table{border-collapse:collapse;width:100%}td,th{border:1px solid #000;padding:4px}"
          "tr{height:6.5em;break-inside:avoid}"
          ".run{position:fixed;top:0;left:0;right:0;text-align:center;font-size:10pt}</style>")


@pytest.mark.slow
def test_pdf_columns_furniture_radicals_and_table_across_pages(tmp_path):
    left = ["(二)" + "左栏段落。" * 2 + "推进岚溪河治理,完成河道清淤3公里,沿岸绿化面积达到一万二千平方米,群众满意度明显提升。" * 2]
    right = ["(三)" + "右栏段落。" * 2 + "推进松塘村人居环境整治,完成改厕120户,村内道路硬化面积达到八千平方米。" * 2]
    cells = "".join(f"<th>{h}</th>" for h in HEADER)
    rows = "".join("<tr>" + "".join(f"<td>{htmlmod.escape(c)}</td>" for c in r) + "</tr>" for r in ROWS)
    page = (f"<!doctype html><html><head><meta charset='utf-8'><title>青禾镇人民政府文件</title>{_STYLE}</head><body>"
            + "".join(f"<p>{ln}</p>" for ln in HEAD + REVIEW)
            + "<p>⼈⺠群众的获得感持续增强,⻋站和⼤⻔完成改造。</p>"
            + "<div class='cols'>" + "".join(f"<p>{t}</p>" for t in left + right) + "</div>"
            + "".join(f"<p>{ln}</p>" for ln in PLAN)
            + f"<table><tr>{cells}</tr>{rows}</table>"  # no thead: page 2 continues without a header
            + "<p>(二)提升公共服务水平。新建幼儿园2所。</p></body></html>")
    pdf = _print_pdf(page, tmp_path / "report.pdf")
    rep = ingest.read(pdf)
    text = rep.text
    assert rep.encoding == "pdf"
    assert "人民群众的获得感持续增强,车站和大门完成改造。" in text  # radicals folded
    # Chromium's running header (date, the page title) and footer (the URL, "1/2") are gone
    assert "文件" not in text and "AM" not in text and not re.search(r"file:|[0-9]+/[0-9]+\n", text)
    assert text.index("左栏段落") < text.index("右栏段落")  # the left column first
    assert "群众满意度明显提升。推进" in text  # lines joined into one paragraph
    assert "8.6亿元。\n人民群众" in text  # two short paragraphs stay two
    assert "、" in text and "。" in text
    pages = [s.page for s in rep.sentences]
    assert pages[0] == 1 and max(pages) >= 2 and pages == sorted(pages)
    res, graph = build_report(pdf)
    assert {f"{s}片区综合改造" for s in STEMS} <= _project_names(res)
    invest = sorted(int(f.value) for f in res.figures if f.unit == "万元" and "总投资" in f.name)
    assert invest == [1000 * (i + 1) for i in range(10)]
    assert any(str(p).endswith("#page") for p in graph.predicates())


# --------------------------------------------------------------------------- acceptance: the sample as PDF and Word

def _eval_dir() -> Path | None:
    d = ROOT.parent / "shared" / "eval"
    return d if (d / "score.py").exists() and (d / "xihongmen-2021").exists() else None


def _entity_f1(graph_ttl: Path) -> float:
    d = _eval_dir()
    done = subprocess.run([sys.executable, str(d / "score.py"), str(graph_ttl), str(d / "xihongmen-2021")],
                          capture_output=True, text=True, timeout=300, check=True)
    m = re.search(r"ENTITIES \(micro\)\s+\S+\s+\S+\s+([0-9.]+)", done.stdout)
    assert m, done.stdout
    return float(m.group(1))


@pytest.mark.slow
def test_sample_as_pdf_and_docx_scores_like_the_text(tmp_path):
    if _eval_dir() is None:
        pytest.skip("../shared/eval is not here")
    import docx

    lines = [ln.strip() for ln in resources.sample_report().read_text("utf-8").splitlines() if ln.strip()]
    page = (f"<!doctype html><html><head><meta charset='utf-8'><title>sample</title>{_STYLE}</head><body>"
            + "".join(f"<p>{htmlmod.escape(ln)}</p>" for ln in lines) + "</body></html>")
    pdf = _print_pdf(page, tmp_path / "sample.pdf")  # with Chromium's header and footer (date, URL, 3/11)
    d = docx.Document()
    for ln in lines:
        d.add_paragraph(ln)
    d.save(tmp_path / "sample.docx")
    scores = {}
    for src in (resources.sample_report(), pdf, tmp_path / "sample.docx"):
        out = tmp_path / f"out-{src.suffix[1:]}"
        done = _cli("build", str(src), "-o", str(out), "--no-page")
        assert done.returncode == 0, done.stderr
        scores[src.suffix] = _entity_f1(out / "graph.ttl")
        ttl = (out / "graph.ttl").read_text("utf-8")
        assert "file:" not in ttl and "sample.html" not in ttl and not re.search(r'"[^"\n]*\b[0-9]{1,2}/[0-9]{1,2}\b', ttl)
    assert abs(scores[".pdf"] - scores[".txt"]) <= 0.03, scores
    assert abs(scores[".docx"] - scores[".txt"]) <= 0.03, scores


# --------------------------------------------------------------------------- PDF layout rules on made-up lines

def _line(text, x0, x1, top, page=1, size=12.0):
    return documents._Line(text, x0, x1, top, top + size, page, size)


@pytest.mark.parametrize("text", ["- 3 -", "— 12 —", "第3页", "第 3 页 共 9 页", "3/9", "7", "Page 2 of 5"])
def test_page_numbers_in_the_margin_are_furniture(text):
    assert documents._is_furniture(_line(text, 280, 320, 800), 842, set())
    assert not documents._is_furniture(_line(text, 280, 320, 400), 842, set())  # in the body: kept


def test_running_header_recurring_on_half_the_pages():
    pages = [([_line("青禾镇人民政府文件", 200, 400, 30, p), _line(f"正文第{p}段。", 60, 500, 300, p)], [], 842, 595)
             for p in (1, 2, 3)]
    furniture = documents._running_lines(pages)
    assert documents._is_furniture(pages[1][0][0], 842, furniture)
    assert not documents._is_furniture(pages[1][0][1], 842, furniture)


def test_two_columns_read_left_then_right_then_the_line_below():
    lines = [_line("标题横跨两栏的一行文字内容", 100, 500, 50)]
    lines += [_line(f"左{i}", 40, 280, 100 + 20 * i) for i in range(4)]
    lines += [_line(f"右{i}", 320, 560, 100 + 20 * i) for i in range(4)]
    lines += [_line("下方短行", 40, 120, 300)]
    order = [ln.text for ln in documents._reading_order(lines, 600)]
    assert order == ["标题横跨两栏的一行文字内容", "左0", "左1", "左2", "左3", "右0", "右1", "右2", "右3", "下方短行"]


def test_lines_join_into_paragraphs_at_indents_and_headings():
    lines = [_line("一、工作回顾", 40, 120, 50), _line("过去一年,全镇财政收入完成", 64, 560, 70),
             _line("2.4亿元。", 40, 100, 90), _line("新引进企业12家,完成固定", 64, 560, 110),
             _line("资产投资8.6亿元,同比增长", 40, 560, 130)]
    paras = documents._paragraphs(lines, 600, 560)
    assert [p[1].text for p in paras] == ["一、工作回顾", "过去一年,全镇财政收入完成2.4亿元。",
                                          "新引进企业12家,完成固定资产投资8.6亿元,同比增长"]
    assert paras[1][2] and paras[-1][3] is False  # indented: opens; fills the line: goes on next page
