"""Join the lines of a hard-wrapped text back into paragraphs.

A report saved as text is usually one paragraph per line, but text copied out of a PDF (or run
through ``pdftotext``) is hard-wrapped: every line of a paragraph is cut at the page's width, in
the middle of a sentence and often of a name ("…完成青石" / "路改造…"). The rest of govkg takes a
line for a paragraph, so :func:`unwrap` puts such paragraphs together first.

Detection, on the normalised text (widths in display columns: a Chinese character or punctuation
mark is 2, an ASCII character 1):

* the *width* of the text is the width shared by the most lines of 20 columns or more, within a
  band of ``max(4, W/10)`` columns below it (a wrapped line is a little shorter when a digit run
  or a punctuation mark that may not start a line moved to the next one); widths are measured
  both in display columns (a PDF's lines are cut by how wide they print) and in characters (a
  tool that cuts every N characters), and the measure that makes more lines full is used;
* the text is wrapped when at least 8 lines and 40% of its lines of 20 columns or more are *full*
  (in that band, or at most 2 columns over), and at least 60% of the full lines do not end a
  sentence (。!? or :, with any closing quotes): lines that are whole paragraphs nearly always do.

In a wrapped text, lines that hold only a page number ("- 3 -", "第3页", "3/12", "3"), and the blank
lines around them, are dropped. Joining: a full line is joined to the next unless it ends a sentence, or the next line is blank,
indented (a paragraph that starts with blanks, when the text indents its paragraphs) or starts a
heading (一、 (一) 1. 第一…). Lines are joined with nothing between them, except two English words
(one space). A text that is not wrapped comes back unchanged.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_MIN_WIDTH = 20  # lines shorter than this (headings, signatures) say nothing about the width
_MIN_FULL = 8
_FULL_SHARE = 0.4
_OPEN_SHARE = 0.6
_ENDS_SENTENCE = re.compile(r"[。!?:][”’」』)》】]*$")
_PAGE_NUMBER = re.compile(r"^(?:[-—–―]\s*\d{1,4}\s*[-—–―]|第\s*\d{1,4}\s*页(?:\s*[,/]?\s*共\s*\d{1,4}\s*页)?"
                          r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})$")
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.]|\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|\d{1,2}\s*[、.](?!\d)"
    r"|第[一二三四五六七八九十\d]{1,3}[部分章节篇条]|[一二三四五六七八九十]是[::,]?|附件|附表)")


def width(line: str) -> int:
    """Return the display width of a line: 2 columns for a Chinese character or punctuation mark (three
    or four bytes in UTF-8), 1 for an ASCII one (counted from the UTF-8 length, in C).

    >>> width("镇区ab12"), width("“青石”,12")
    (8, 11)
    """
    return len(line) + (len(line.encode("utf-8", "surrogatepass")) - len(line)) // 2


def _band(widths: list[int]) -> tuple[int, int] | None:
    """Return (lowest, highest) width of a full line, or None when no width is shared by enough lines."""
    long = [w for w in widths if w >= _MIN_WIDTH]
    if len(long) < _MIN_FULL:
        return None
    long.sort()
    best, best_n = None, 0
    for w in sorted(set(long)):
        n = bisect_right(long, w + 2) - bisect_left(long, w - max(4, w // 10))
        if n >= best_n:  # the widest of equals
            best, best_n = w, n
    if best is None or best_n < max(_MIN_FULL, _FULL_SHARE * len(long)):
        return None
    return best - max(4, best // 10), best + 2


def _joiner(a: str, b: str) -> str:
    x, y = a[-1:], b[:1]  # two English words keep a space; a number cut in two does not
    return " " if x.isascii() and y.isascii() and x.isalpha() and y.isalpha() else ""


def unwrap(text: str) -> str:
    """Join hard-wrapped lines into paragraphs (see the module's docstring); other texts come back as they are.

    >>> wrapped = "\\n".join(["一、2023年工作回顾", "全镇完成固定资产投资十二亿元,青石路", "改造工程全面完工,柳溪村新建文化礼堂一", "座。"] * 3)
    >>> unwrap(wrapped) == wrapped   # too few lines to tell
    True
    """
    lines = text.split("\n")
    stripped = [ln.strip() for ln in lines]
    best = None  # (full lines, widths, band): lines cut by display width (a PDF) or by characters
    for widths in ([width(s) for s in stripped], [2 * len(s) for s in stripped]):
        band = _band(widths)
        if band is not None:
            n = sum(band[0] <= w <= band[1] for w in widths)
            if best is None or n > best[0]:
                best = (n, widths, band)
    if best is None:
        return text
    _, widths, (low, high) = best
    full = [low <= w <= high for w in widths]
    n_full = sum(full)
    open_ends = sum(1 for s, f in zip(stripped, full) if f and not _ENDS_SENTENCE.search(s))
    if open_ends < _OPEN_SHARE * n_full:
        return text
    # a page's number (and the blank lines around it) sits between two halves of a paragraph
    marker = [bool(_PAGE_NUMBER.match(s)) for s in stripped]
    drop = [m or (not s and ((i > 0 and marker[i - 1]) or (i + 1 < len(marker) and marker[i + 1])))
            for i, (m, s) in enumerate(zip(marker, stripped))]
    if any(drop):
        keep = [i for i, d in enumerate(drop) if not d]
        lines, stripped, full = [lines[i] for i in keep], [stripped[i] for i in keep], [full[i] for i in keep]
    indents = sum(1 for ln, s in zip(lines, stripped) if s and ln[:1] in " \t")
    indented_paragraphs = indents >= 3  # the text marks paragraph starts with blanks
    out: list[str] = []
    for i, line in enumerate(lines):
        joined = bool(out) and i > 0 and full[i - 1] and stripped[i] != "" and \
            not _ENDS_SENTENCE.search(stripped[i - 1]) and not _HEADING.match(stripped[i]) and \
            not (indented_paragraphs and line[:1] in " \t")
        if joined:
            out[-1] += _joiner(out[-1], stripped[i]) + stripped[i]
        else:
            out.append(line)
    return "\n".join(out)
