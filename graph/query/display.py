"""Text width on a terminal, where wide (CJK) characters take two columns: for tables and error carets.

>>> text_width("西红门 road"), pad_text("路", 4) + "|", clip_text("西红门镇政府", 7)
(11, '路  |', '西红门…')
"""
from __future__ import annotations

import unicodedata


def wide(c: str) -> bool:
    """Tell whether a character takes two columns."""
    return unicodedata.east_asian_width(c) in ("W", "F")


def text_width(s: str) -> int:
    """Return the columns a string takes."""
    return sum(2 if wide(c) else 1 for c in s)


def clip_text(s: str, limit: int) -> str:
    """Cut a string to at most ``limit`` columns, ending in '…' when cut."""
    if text_width(s) <= limit:
        return s
    out, w = [], 0
    for c in s:
        cw = 2 if wide(c) else 1
        if w + cw > limit - 1:
            break
        out.append(c)
        w += cw
    return "".join(out) + "…"


def pad_text(s: str, columns: int) -> str:
    """Pad a string with spaces to ``columns`` columns."""
    return s + " " * (columns - text_width(s))
