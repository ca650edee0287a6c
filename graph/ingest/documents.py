"""Reports as governments publish them: PDF (pdfplumber), Word .docx (python-docx), .doc/.wps (converted).

Each reader returns :class:`Block` lines in reading order: a paragraph, a heading or a table row
(:mod:`govkg.ingest.tables`), with the page it comes from. :func:`govkg.ingest.read` joins them
into the report text, parses it, and gives each sentence its page and table-row mark.

PDF pages, in this order:

* tables found by their ruling lines become rows; a table at the top of a page with the column
  count of the table that ended the page before, and no header of its own, continues it;
* the other text lines are read in columns: between lines that span the middle of the page, the
  left column is read before the right one;
* running headers and footers are dropped: a line in the top or bottom eighth of the page that
  recurs (digits aside) at the same height on at least half of the pages, and page numbers there
  ("- 3 -", "第3页", "第3页 共9页", "3/9", "3");
* lines are joined back into paragraphs: a line break inside a sentence is no paragraph break;
  a new paragraph starts at an indented line, after a short line ending a sentence, after a gap
  taller than a line, and at a heading ("一、", "(二)", "第一部分", "1.").
"""
from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from govkg.ingest import tables

PDF, DOCX, OLE = "pdf", "docx", "ole"


@dataclass(frozen=True)
class Block:
    """One line of report text, with its page (PDF) and its table row, if it is one."""
    text: str
    page: int | None = None
    row: tables.Row | None = None


def sniff(data: bytes) -> str | None:
    """Return the document format of file bytes by their magic number: 'pdf', 'docx', 'ole' or None."""
    head = data[:1024]
    if head.lstrip(b"\x00\t\r\n ").startswith(b"%PDF"):
        return PDF
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:200000]:
        return DOCX
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    return None


def load(data: bytes, fmt: str, name: str, path: Path | None = None) -> list[Block]:
    """Read document bytes of a sniffed format into Blocks; raise IngestError naming the file."""
    if fmt == PDF:
        return read_pdf(data, name)
    if fmt == DOCX:
        return read_docx(data, name)
    return read_ole(data, name, path)


def _error(name: str, problem: str):
    from govkg.ingest import IngestError  # noqa: PLC0415  (the package imports this module)

    return IngestError(f"{name}: {problem}")


# --------------------------------------------------------------------------- Word

def read_docx(data: bytes, name: str) -> list[Block]:
    """Read a .docx: paragraphs, headings and tables in document order (headers and footers are not body)."""
    import docx  # noqa: PLC0415  (only a .docx needs python-docx)
    from docx.table import Table  # noqa: PLC0415
    from docx.text.paragraph import Paragraph  # noqa: PLC0415

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise _error(name, f"corrupt Word document ({type(e).__name__}: {str(e)[:80]})".replace("\n", " ")) from None
    except Exception as e:  # noqa: BLE001  (lxml and python-docx raise many kinds on a broken file)
        raise _error(name, f"corrupt Word document ({type(e).__name__})") from None
    blocks: list[Block] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text
            for line in text.splitlines():
                if line.strip():
                    blocks.append(Block(line.strip()))
        elif tag == "tbl":
            grid = []
            for tr in Table(child, document).rows:
                seen, cells = set(), []
                for cell in tr.cells:  # a merged cell is returned once per grid column
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(cell.text)
                grid.append(cells)
            blocks.extend(Block(r.text, row=r) for r in tables.render(grid))
    return blocks


def read_ole(data: bytes, name: str, path: Path | None) -> list[Block]:
    """Convert an old Word (.doc) or WPS (.wps) file to text with antiword or LibreOffice."""
    antiword, soffice = shutil.which("antiword"), shutil.which("soffice") or shutil.which("libreoffice")
    if not antiword and not soffice:
        raise _error(name, "an old Word/WPS document (.doc/.wps) needs a converter: install the Debian package "
                           "antiword (apt install antiword) or libreoffice-writer")
    with tempfile.TemporaryDirectory(prefix="govkg-doc-") as tmp:
        src = Path(tmp) / "report.doc"
        src.write_bytes(data)
        text = None
        if antiword:
            done = subprocess.run([antiword, "-m", "UTF-8.txt", "-w", "0", str(src)], capture_output=True,
                                  timeout=120, check=False)
            if done.returncode == 0 and done.stdout.strip():
                text = done.stdout.decode("utf-8", "replace")
        if text is None and soffice:
            done = subprocess.run([soffice, "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp,
                                   str(src)], capture_output=True, timeout=300, check=False,
                                  env={"HOME": tmp, "PATH": "/usr/bin:/bin"})
            out = Path(tmp) / "report.txt"
            if out.exists():
                text = out.read_text("utf-8", "replace")
        if text is None:
            tool = "antiword" if antiword else "LibreOffice"
            hint = "" if soffice else " (for a .wps file install libreoffice-writer)"
            raise _error(name, f"{tool} could not convert this old Word/WPS document{hint}")
    return [Block(line.strip()) for line in text.splitlines() if line.strip()]


# --------------------------------------------------------------------------- PDF

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－\s]*[0-9]{1,4}[-—–－\s]*|第\s*[0-9]{1,4}\s*页(?:\s*[,，/]?\s*共\s*[0-9]{1,4}\s*页)?"
    r"|[0-9]{1,4}\s*/\s*[0-9]{1,4}|page\s*[0-9]{1,4}(?:\s*of\s*[0-9]{1,4})?)$", re.I)
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]"
                      r"|第[一二三四五六七八九十]{1,3}部分|[0-9]{1,2}\s*[.．、](?![0-9]))")
_ENDS_SENTENCE = re.compile(r"[。!?！？:：;；”」』)）]$")
_MARGIN = 0.125  # the top and bottom eighth of a page hold running headers and footers
_CID = re.compile(r"\(cid:[0-9]+\)")


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    size: float


def read_pdf(data: bytes, name: str) -> list[Block]:
    """Read a text PDF into paragraphs and table rows in reading order, page furniture removed."""
    import pdfplumber  # noqa: PLC0415  (only a PDF needs pdfplumber)
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect  # noqa: PLC0415

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings of a readable file are no news
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = list(pdf.pages)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise _error(name, "encrypted PDF (it needs a password); save an unencrypted copy first") from None
    except Exception as e:  # noqa: BLE001  (pdfminer raises many kinds on a broken file)
        causes = [e, e.__cause__, e.__context__, *(a for a in e.args if isinstance(a, BaseException))]
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            raise _error(name, "encrypted PDF (it needs a password); save an unencrypted copy first") from None
        raise _error(name, f"cannot read the PDF ({type(e).__name__})") from None
    with pdf:
        per_page: list[tuple[list[_Line], list[tuple[float, list[list[str | None]]]], float, float]] = []
        chars = 0
        try:
            for number, page in enumerate(pages, 1):
                chars += len(page.chars)
                per_page.append(_page_content(page, number))
        except (PDFPasswordIncorrect, PDFEncryptionError):
            raise _error(name, "encrypted PDF (it needs a password); save an unencrypted copy first") from None
        except Exception as e:  # noqa: BLE001
            raise _error(name, f"cannot read the PDF ({type(e).__name__})") from None
    if chars == 0:
        raise _error(name, "PDF without a text layer (a scanned document?); run OCR on it first")
    furniture = _running_lines(per_page)
    text_right = max((ln.x1 for lines, _, height, _ in per_page for ln in lines
                      if not _is_furniture(ln, height, furniture)), default=0.0)
    blocks: list[Block] = []
    open_table: tuple[int, list[str]] | None = None  # (columns, header) of a table that reached a page's end
    open_end = False  # the page before ended inside a paragraph
    for lines, found_tables, height, width in per_page:
        kept = [ln for ln in lines if not _is_furniture(ln, height, furniture)]
        items: list[tuple[float, str, object]] = [(ln.top, "l", ln) for ln in _reading_order(kept, width)]
        blocks_here: list[tuple[float, list[Block]]] = []
        for k, (top, grid) in enumerate(found_tables):
            grid = [r for r in grid if any((c or "").strip() for c in r)]
            if not grid:
                continue
            header = None
            ncols = len(grid[0])
            first = [tables.cell_text(c) for c in grid[0]]
            if k == 0 and open_table and open_table[0] == ncols and not tables.is_project_header(first) \
                    and not _above_text(top, kept):
                header = open_table[1]
            rows = tables.render(grid, header)
            page_no = lines[0].page if lines else None
            blocks_here.append((top, [Block(r.text, page_no, r) for r in rows]))
            open_table = (ncols, header if header is not None else first)
        if not found_tables:
            open_table = None
        paragraphs = _paragraphs([ln for _, _, ln in items], width, text_right)
        # each table goes before the first paragraph (in reading order) that starts below it
        for k, (top, b, opens, closes) in enumerate(paragraphs):
            while blocks_here and blocks_here[0][0] < top:
                blocks.extend(blocks_here.pop(0)[1])
                open_end = False
            if k == 0 and open_end and not opens and blocks and blocks[-1].row is None:
                blocks[-1] = Block(_join(blocks[-1].text, b.text), blocks[-1].page)  # a paragraph across pages
            else:
                blocks.append(b)
            open_end = not closes
        for _, bs in blocks_here:
            blocks.extend(bs)
            open_end = False
        if lines and found_tables and any(ln.top > max(t for t, _ in found_tables) for ln in kept):
            open_table = None  # text follows the last table on the page: it does not continue
    return blocks


def _above_text(top: float, lines: list[_Line]) -> bool:
    """Tell whether body text stands above a table on its page."""
    return any(ln.bottom <= top for ln in lines)


def _page_content(page, number: int):
    """Return (text lines outside tables, [(top, table rows)], page height, page width)."""
    found = page.find_tables()
    boxes = [t.bbox for t in found]
    grids = [(t.bbox[1], t.extract()) for t in found]

    def outside(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    text_page = page.filter(outside) if boxes else page
    lines = []
    for ln in text_page.extract_text_lines(strip=True, return_chars=True):
        text = _CID.sub("", ln["text"]).replace("\u2e3a", "——").replace("\u2e3b", "———").strip()
        if not text:
            continue
        sizes = [c.get("size", 0) for c in ln.get("chars", [])] or [0]
        lines.append(_Line(text, ln["x0"], ln["x1"], ln["top"], ln["bottom"], number, max(sizes)))
    return lines, sorted(grids, key=lambda g: g[0]), page.height, page.width


def _mask(text: str) -> str:
    return re.sub(r"[0-9]+", "#", re.sub(r"\s+", "", text))


def _running_lines(per_page) -> set[tuple[str, int]]:
    """Return (masked text, height) of margin lines recurring on at least half of the pages."""
    if len(per_page) < 2:
        return set()
    seen: dict[tuple[str, int], set[int]] = {}
    for lines, _, height, _ in per_page:
        for ln in lines:
            if ln.top < height * _MARGIN or ln.bottom > height * (1 - _MARGIN):
                seen.setdefault((_mask(ln.text), round(ln.top / 4)), set()).add(ln.page)
    need = max(2, (len(per_page) + 1) // 2)
    return {k for k, pages in seen.items() if len(pages) >= need}


def _is_furniture(ln: _Line, height: float, furniture: set[tuple[str, int]]) -> bool:
    in_margin = ln.top < height * _MARGIN or ln.bottom > height * (1 - _MARGIN)
    if not in_margin:
        return False
    key = _mask(ln.text)
    if any((key, round(ln.top / 4) + d) in furniture for d in (-1, 0, 1)):
        return True
    return bool(_PAGE_NUMBER.match(ln.text.strip()))


def _reading_order(lines: list[_Line], width: float) -> list[_Line]:
    """Order lines by column: in each band between lines spanning the middle, left before right."""
    lines = sorted(lines, key=lambda ln: (round(ln.top), ln.x0))
    mid = width / 2
    left = [ln for ln in lines if ln.x1 <= mid + 2]
    right = [ln for ln in lines if ln.x0 >= mid - 2]
    if len(left) < 3 or len(right) < 3:
        return lines
    out: list[_Line] = []
    band: list[_Line] = []

    def flush() -> None:
        lefts = sorted((ln for ln in band if ln.x0 < mid - 2), key=lambda ln: ln.top)
        rights = sorted((ln for ln in band if ln.x0 >= mid - 2), key=lambda ln: ln.top)
        below = rights[-1].bottom if rights else float("inf")  # a short line under both columns comes last
        out.extend(ln for ln in lefts if ln.top <= below)
        out.extend(rights)
        out.extend(ln for ln in lefts if ln.top > below)
        band.clear()

    for ln in lines:
        if ln.x0 < mid - 2 and ln.x1 > mid + 2:  # spans the middle: a title or a full-width paragraph
            flush()
            out.append(ln)
        else:
            band.append(ln)
    flush()
    return out


def _join(text: str, more: str) -> str:
    """Join two lines of one paragraph: no space between Chinese characters, one between Latin words."""
    a, b = text[-1:], more[:1]
    return text + (" " if a.isascii() and b.isascii() and a.isalnum() and b.isalnum() else "") + more


def _paragraphs(lines: list[_Line], width: float, text_right: float = 0.0) -> list[tuple[float, Block, bool, bool]]:
    """Join lines into paragraphs; return (top of the first line, Block, opens, closes) for each.

    ``opens``: its first line starts a paragraph (a heading, an indented line); ``closes``: its last line
    ends short of the right edge. A paragraph that neither closes nor is followed by one that opens
    goes on at the top of the next page.

    ``text_right`` is the right edge of the text block over the whole document: a page whose
    paragraphs are all short (none reaches the edge) still has its lines ending short.
    """
    out: list[tuple[float, Block]] = []
    if not lines:
        return out
    mid = width / 2
    two_columns = any(ln.x1 <= mid + 2 for ln in lines) and any(ln.x0 >= mid - 2 for ln in lines) and \
        sum(ln.x0 < mid - 2 and ln.x1 > mid + 2 for ln in lines) < len(lines) / 2

    def column(ln: _Line) -> int:
        """0 left column (or the page), 1 right column, 2 a line across both columns."""
        if not two_columns:
            return 0
        return 2 if ln.x0 < mid - 2 and ln.x1 > mid + 2 else int(ln.x0 >= mid - 2)

    # each column's text block edges: the leftmost and the furthest right edge of its lines
    edges: dict[int, tuple[float, float]] = {}
    for c in (0, 1, 2):
        col = [ln for ln in lines if column(ln) == c]
        if col:
            lefts = sorted(round(ln.x0) for ln in col)
            right = max(ln.x1 for ln in col)
            edges[c] = (min(lefts), max(right, text_right) if c != 0 or not two_columns else right)
    current: list[_Line] = []

    def flush() -> None:
        if current:
            text = current[0].text
            for ln in current[1:]:
                text = _join(text, ln.text)
            first, last = current[0], current[-1]
            size = first.size or (first.bottom - first.top) or 10
            left = edges.get(column(first), (first.x0, first.x1))[0]
            opens = _HEADING.match(first.text) is not None or first.x0 > left + size * 1.2
            right = edges.get(column(last), (last.x0, last.x1))[1]
            closes = last.x1 < right - size * 1.5
            out.append((first.top, Block(text, first.page), opens, closes))
            current.clear()

    for ln in lines:
        if not current:
            current.append(ln)
            continue
        prev = current[-1]
        c = column(ln)
        left, right = edges.get(c, (ln.x0, ln.x1))
        size = ln.size or (ln.bottom - ln.top) or 10
        new = (
            _HEADING.match(ln.text) is not None
            or (column(prev) != c and not _last_line_of_wide(prev, ln, column(prev), c, edges, size))
            or ln.x0 > left + size * 1.2  # indented first line
            or (prev.x1 < right - size * 1.5 and _ENDS_SENTENCE.search(prev.text) is not None)
            or prev.x1 < right - size * 4  # a short line ends a paragraph or a title
            or ln.top - prev.bottom > (prev.bottom - prev.top) * 1.2
            or abs(ln.size - prev.size) > 0.5
            or ln.top < prev.top  # a new column
        )
        if new:
            flush()
        current.append(ln)
    flush()
    return out


def _last_line_of_wide(prev: _Line, ln: _Line, was: int, now: int, edges, size: float) -> bool:
    """Tell whether ln is the short last line of a paragraph across both columns (it fits in the left one)."""
    return (was == 2 and now == 0 and prev.x1 >= edges[2][1] - size * 1.5 and abs(ln.x0 - edges[2][0]) < size * 0.5
            and ln.top - prev.bottom < (prev.bottom - prev.top) * 1.2)
