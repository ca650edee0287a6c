"""Tables of a report (HTML, PDF, Word, and text tables: :func:`from_text`) rendered as lines of report text.

A table whose header names projects (项目名称, 建设内容, 总投资, 年度计划投资, 进展情况, 完成时间,
责任单位 …) becomes one line per row, a synthetic sentence the extractors read::

    项目名称:X路改造工程;总投资5000万元;进展情况:已完工;责任单位:Y。

A header's unit moves into a bare number ("总投资(万元)" + "5000" -> "总投资5000万元"), and a cell that
is a figure follows its label without a colon, as the figure rules read a figure in running text. Any other
table keeps its cells, one row per line, joined by ";". Every row is a :class:`Row`; the cell
offsets it carries are offsets into its line, which is already normalised, so they stay valid
in ``Report.text``.

>>> rows = render([["序号", "项目名称", "总投资(亿元)"], ["1", "甲乙路改造", "1.2"]])
>>> rows[0].text
'序号:1;项目名称:甲乙路改造;总投资1.2亿元。'
>>> rows[0].project, rows[0].text[rows[0].name[0]:rows[0].name[1]]
(True, '甲乙路改造')
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# column headers of a project table; the name column is the one matching NAME_HEADER
NAME_HEADER = re.compile(r"^(?:项目|工程|建设项目|重点项目)?名称$|^项目$")
PROJECT_HEADER = re.compile(
    r"建设内容|建设规模|总投资|计划投资|投资额|完成投资|年度投资|进展|进度|完成时间|开工时间|竣工时间|建设年限|建设周期|"
    r"起止年限|责任单位|牵头单位|实施单位|建设单位|主体单位|建设地点|项目地点")
_UNIT_IN_HEADER = re.compile(r"^(?P<label>.*?)[(（\[【](?P<unit>万元|亿元|元|千元|万平方米|平方米|公里|千米|米|亩|公顷|个|%)[)）\]】]$")
_BARE_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_FIGURE = re.compile(r"^(?:约|近|超|逾)?[0-9]+(?:\.[0-9]+)?(?:余)?(?:万|亿)?(?:元|平方米|公里|千米|米|亩|公顷|个|户|人|%)")
_SPACE = re.compile(r"\s+")
_BETWEEN_HAN = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


@dataclass(frozen=True)
class Row:
    """One table row as a line of report text; offsets are into ``text``."""
    text: str
    project: bool  # a row of a project table
    name: tuple[int, int] | None = None  # the 项目名称 value, for a project row
    header: bool = False  # the header row of a table that is not a project table


def cell_text(s: str | None) -> str:
    """Return a cell as one normalised line: NFKC, radicals mapped, line breaks joined.

    >>> cell_text(" 甲乙路\\n改造 ")
    '甲乙路改造'
    """
    from govkg.ingest import fold_radicals  # noqa: PLC0415  (the package imports this module)

    s = fold_radicals(unicodedata.normalize("NFKC", s or ""))
    s = _BETWEEN_HAN.sub("", s.strip())
    return _SPACE.sub(" ", s).replace(";", ",")


def is_project_header(cells: list[str]) -> bool:
    """Tell whether a header row names projects: a name column and another project column.

    >>> is_project_header(["序号", "项目名称", "总投资(万元)", "责任单位"]), is_project_header(["指标", "2020年"])
    (True, False)
    """
    heads = [re.sub(r"\s+", "", c) for c in cells]
    has_name = any(NAME_HEADER.match(h) for h in heads)
    return has_name and any(PROJECT_HEADER.search(h) for h in heads)


def render(rows: list[list[str | None]], header: list[str] | None = None) -> list[Row]:
    """Render table rows as Rows; the first row is the header unless ``header`` is given."""
    rows = [[cell_text(c) for c in r] for r in rows]
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    continued = header is not None
    if header is None:
        header, body = rows[0], rows[1:]
    else:
        header = [cell_text(c) for c in header]
        body = [r for r in rows if r != header]  # a header repeated on a new page
    if not is_project_header(header):
        out = [] if continued else [Row(";".join(c for c in header if c), False, header=True)]
        out += [Row(";".join(c for c in r if c), False) for r in body]
        return [r for r in out if r.text]
    out = []
    labels = []
    for h in header:
        m = _UNIT_IN_HEADER.match(re.sub(r"\s+", "", h))
        labels.append((m.group("label"), m.group("unit")) if m else (re.sub(r"\s+", "", h), ""))
    for r in body:
        parts, name, pos = [], None, 0
        for k, value in enumerate(r):
            if not value:
                continue
            label, unit = labels[k] if k < len(labels) else ("", "")
            if unit and _BARE_NUMBER.match(value):
                value += unit
            figure = bool(label) and _FIGURE.match(value) is not None and not NAME_HEADER.match(label)
            head = f"{label}:" if label and not figure else label
            if parts:
                pos += 1  # the ";" before this cell
            if NAME_HEADER.match(label) and name is None:
                name = (pos + len(head), pos + len(head) + len(value))
            parts.append(head + value)
            pos += len(head) + len(value)
        if parts:
            out.append(Row(";".join(parts) + "。", True, name))
    return out


_CELL_SEP = re.compile(r"\t+|[ \t]{2,}")


def _cells(line: str) -> list[str]:
    return [c for c in _CELL_SEP.split(line.strip())]


def from_text(text: str) -> tuple[str, list[Row]]:
    """Find project tables written as text (cells split by tabs or by two or more spaces, a header
    naming projects) and render their rows as :func:`render` does; return the new text and its rows.

    A table starts at a header line that :func:`is_project_header` accepts and runs while lines split
    into at least two cells; a row with as many cells as the header becomes a row line, another line
    inside the table stays as it is. A table of one cell per line (text taken out of a PDF) is read
    when its header is a run of short lines from 序号 that names projects: each row starts at the
    line holding its number (1, 2, 3 …), and a row with as many cells as the header becomes a row
    line. A text without such a table comes back unchanged, with no rows.

    >>> text, rows = from_text("一、重点项目\\n序号\\t项目名称\\t总投资(万元)\\t进展情况\\n1\\t青石路改造\\t1200\\t已完工\\n全年完成投资。\\n")
    >>> text.split("\\n")[1:3], rows[0].text[rows[0].name[0]:rows[0].name[1]]
    (['序号:1;项目名称:青石路改造;总投资1200万元;进展情况:已完工。', '全年完成投资。'], '青石路改造')
    """
    lines = text.split("\n")
    out: list[str] = []
    rows: list[Row] = []
    i = 0
    while i < len(lines):
        cells = _cells(lines[i])
        if len(cells) < 3 or not is_project_header([cell_text(c) for c in cells]):
            k = _column_header(lines, i)
            if k:  # a table of one cell per line
                i = _cell_lines(lines, i, k, out, rows)
                continue
            out.append(lines[i])
            i += 1
            continue
        width = len(cells)
        i += 1
        while i < len(lines) and len(row := _cells(lines[i])) >= 2:
            rendered = render([cells, row]) if len(row) == width else []
            if rendered:
                rows.append(rendered[0])
                out.append(rendered[0].text)
            else:
                out.append(lines[i])
            i += 1
    return ("\n".join(out), rows) if rows else (text, [])


_MAX_CELL_HEAD = 12  # characters of a column header
_MAX_CELL = 120  # characters of a cell in a table of one cell per line


def _column_header(lines: list[str], i: int) -> int:
    """Return how many lines from ``lines[i]`` (序号) form a project header of one cell per line, or 0."""
    if lines[i].strip() != "序号":
        return 0
    heads: list[str] = []
    for line in lines[i:i + 16]:
        h = line.strip()
        if not h or len(h) > _MAX_CELL_HEAD or re.search(r"[。,;]", h) or h == "1":
            break
        heads.append(cell_text(h))
    return len(heads) if len(heads) >= 3 and is_project_header(heads) else 0


def _cell_lines(lines: list[str], i: int, k: int, out: list[str], rows: list[Row]) -> int:
    """Read the rows of a table of one cell per line whose ``k`` header lines start at ``i``; append
    the row lines (or the lines as written, for a row of another length) to ``out``; return where the
    table ends."""
    header = [ln.strip() for ln in lines[i:i + k]]
    j, n = i + k, 1
    while j < len(lines) and lines[j].strip() == str(n):
        end = j + 1
        while end < len(lines) and end - j < k and lines[end].strip() != str(n + 1):
            end += 1
        cells = [ln.strip() for ln in lines[j:end]]
        rendered = render([header, cells]) if len(cells) == k and all(len(c) <= _MAX_CELL for c in cells) else []
        if rendered:
            rows.append(rendered[0])
            out.append(rendered[0].text)
        else:
            out.extend(lines[j:end])
        j, n = end, n + 1
    if n == 1:  # a header and no numbered row: not a table after all
        out.extend(lines[i:j])
    return j
