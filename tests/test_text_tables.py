"""Project tables written as text (cells split by tabs or aligned with spaces) become table rows."""
from __future__ import annotations

from govkg.extract import extract
from govkg.ingest import read
from govkg.ingest.tables import from_text

TAB_TABLE = """青石镇2023年民生实事项目完成情况
序号\t项目名称\t建设内容\t总投资(万元)\t完成情况
1\t柳溪村人居环境整治\t改造村内道路3.2公里,新建公厕2座\t850\t已完工
2\t东湖社区养老服务驿站建设\t新建养老服务驿站1处\t120\t已投入使用
3\t镇区污水管网提升\t铺设污水管网5.6公里\t1500\t已完工
全年民生实事项目全部完成。
"""

SPACE_TABLE = """二、2024年重点项目
序号  项目名称            建设内容            总投资(亿元)  责任单位
1     青石大道西段改造    道路拓宽2.1公里     1.2           镇建设办
2     柳溪湿地公园二期    新建步道5公里       0.8           镇农业办
"""


def test_tab_and_space_tables_become_rows_with_their_project_names(tmp_path):
    for text, names in [(TAB_TABLE, ["柳溪村人居环境整治", "东湖社区养老服务驿站建设", "镇区污水管网提升"]),
                        (SPACE_TABLE, ["青石大道西段改造", "柳溪湿地公园二期"])]:
        out, rows = from_text(text)
        assert [r.text[r.name[0]:r.name[1]] for r in rows] == names
        assert all(r.project and r.text in out.split("\n") for r in rows)
        assert not any(line.startswith("序号 ") or line.startswith("序号\t") for line in out.split("\n"))  # header
    out, rows = from_text(SPACE_TABLE)
    assert "总投资1.2亿元" in rows[0].text and "责任单位:镇建设办" in rows[0].text


def test_a_row_with_a_missing_cell_stays_as_written_and_other_text_is_unchanged():
    text = "序号\t项目名称\t总投资(万元)\t进展\n1\t青石路改造\t1200\t已完工\n2\t柳溪桥新建\t在建\n"
    out, rows = from_text(text)
    assert len(rows) == 1 and out.split("\n")[1] == "2\t柳溪桥新建\t在建"
    plain = "一、2023年工作回顾\n  全镇完成投资12亿元。\n指标\t2022年\t2023年\n财政收入\t1.2\t1.3\n"
    assert from_text(plain) == (plain, [])


def test_read_marks_the_rows_and_the_extractor_takes_their_names_as_projects(tmp_path):
    f = tmp_path / "table.txt"
    f.write_text(TAB_TABLE, encoding="utf-8")
    rep = read(f)
    assert [rep.text[t.name_start:t.name_end] for t in rep.table_rows] == \
        ["柳溪村人居环境整治", "东湖社区养老服务驿站建设", "镇区污水管网提升"]
    assert sum(s.table_row for s in rep.sentences) == 3
    found = extract(rep)
    projects = {m.name for m in found.mentions if m.type == "Project"}
    assert {"柳溪村人居环境整治", "东湖社区养老服务驿站建设", "镇区污水管网提升"} <= projects
    assert {(f.name, f.value, f.unit) for f in found.figures} >= {("总投资", "850", "万元"), ("总投资", "1500", "万元")}


CELL_LINES = """青石镇2024年重点项目清单
序号
项目名称
建设内容
总投资(万元)
责任单位
1
青石大道西段改造
道路拓宽2.1公里
12000
镇建设办
2
柳溪湿地公园二期
新建步道5公里
8000
镇农业办
3
东湖片区城市更新
改造老旧小区6个
镇规划办
4
石门中心小学扩建
新建教学楼1栋
3600
镇教育办
以上项目力争年内全部开工。
"""


def test_a_table_of_one_cell_per_line_is_read_row_by_row_from_its_numbers():
    out, rows = from_text(CELL_LINES)
    # row 3 lacks its investment: its lines stay as written, and the rows after it are still read
    assert [r.text[r.name[0]:r.name[1]] for r in rows] == ["青石大道西段改造", "柳溪湿地公园二期", "石门中心小学扩建"]
    assert "总投资12000万元" in rows[0].text and "责任单位:镇建设办" in rows[0].text
    lines = out.split("\n")
    assert lines[0] == "青石镇2024年重点项目清单" and "东湖片区城市更新" in lines and lines[-2] == "以上项目力争年内全部开工。"
    # a 序号 line that starts no table is left alone
    text = "序号\n项目名称\n建设内容\n全镇完成投资。\n"
    assert from_text(text) == (text, [])
