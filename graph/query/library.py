"""The query library: self-contained ``.rq`` files with a ``#+`` header, found as package data.

A header looks like::

    #+ summary: 中文摘要 / English summary
    #+ description: longer text, continued on
    #+   indented ``#+`` lines
    #+ param: year xsd:gYear 年份 / the year, e.g. 2021
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from govkg.query.errors import QueryError
from govkg.resources import queries_dir


@dataclass(frozen=True)
class Param:
    """A declared query parameter: a variable name, its datatype and a description."""

    name: str
    datatype: str = "xsd:string"
    description: str = ""


@dataclass(frozen=True)
class QueryInfo:
    """A query file of the library: its name, header and text."""

    name: str
    path: Path
    summary: str
    description: str
    params: tuple[Param, ...]
    text: str
    library: bool = False  # one of govkg's own queries (shipped with the package)

    @property
    def summary_zh(self) -> str:
        """Return the Chinese half of the summary."""
        return self.summary.split(" / ", 1)[0].strip()

    @property
    def summary_en(self) -> str:
        """Return the English half of the summary."""
        parts = self.summary.split(" / ", 1)
        return parts[1].strip() if len(parts) == 2 else parts[0].strip()


_HEADER = re.compile(r"^#\+\s?(\w+):\s*(.*)$")
_HEADER_MORE = re.compile(r"^#\+\s{2,}(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(\S+)\s*(.*)$")


def parse_header(text: str) -> dict:
    """Read the ``#+ key: value`` header of a query; repeated keys (param) become lists."""
    head: dict = {"params": []}
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        more = _HEADER_MORE.match(line)
        m = _HEADER.match(line)
        if more and last and not m:
            if last == "param":
                head["params"][-1] += " " + more.group(1).strip()
            else:
                head[last] += " " + more.group(1).strip()
            continue
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2).strip()
        last = key
        if key == "param":
            head["params"].append(value)
        else:
            head[key] = value
    params = []
    for p in head.pop("params"):
        pm = _PARAM.match(p)
        if pm:
            params.append(Param(pm.group(1), pm.group(2), pm.group(3).strip()))
        elif p.strip():
            params.append(Param(p.strip()))
    head["params"] = tuple(params)
    return head


def query_info(path: str | os.PathLike) -> QueryInfo:
    """Read one .rq file into a QueryInfo."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    head = parse_header(text)
    return QueryInfo(p.stem, p, head.get("summary", ""), head.get("description", ""), head["params"], text)


def library(folder: str | os.PathLike | None = None) -> list[QueryInfo]:
    """Return the queries of the library (queries/*.rq, or those of ``folder``), sorted by name."""
    own = folder is None
    folder = Path(folder) if folder is not None else queries_dir()
    return [replace(query_info(p), library=own) for p in sorted(folder.glob("*.rq"))]


def get_query(name: str) -> QueryInfo:
    """Return the library query named ``name`` (with or without .rq), or raise QueryError."""
    stem = name[:-3] if name.endswith(".rq") else name
    if re.fullmatch(r"[\w.-]{1,100}", stem) and (queries_dir() / f"{stem}.rq").is_file():
        return replace(query_info(queries_dir() / f"{stem}.rq"), library=True)
    names = [q.name for q in library()]
    close = difflib.get_close_matches(stem, names, n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else " ('govkg queries' lists the library)"
    shown = name if len(name) <= 80 else name[:77] + "..."
    raise QueryError(f"no query named {shown!r}: not a file, not in the library{hint}")


_SPARQL_START = re.compile(r"^\s*(#|PREFIX\b|BASE\b|SELECT\b|ASK\b|CONSTRUCT\b|DESCRIBE\b|INSERT\b|DELETE\b"
                           r"|LOAD\b|CLEAR\b|CREATE\b|DROP\b|WITH\b)", re.I)


def resolve_query(query: str | os.PathLike) -> tuple[str, QueryInfo | None]:
    """Return (text, info) for a .rq file, a library name or inline SPARQL text."""
    if isinstance(query, QueryInfo):
        return query.text, query
    q = str(query)
    if "{" in q or "\n" in q or _SPARQL_START.match(q):
        return q, None
    p = Path(q)
    if p.suffix == ".rq" or os.sep in q or "/" in q:
        shown = q if len(q) <= 80 else q[:77] + "..."
        try:
            if p.is_file():
                info = query_info(p)
                return info.text, info
        except (OSError, UnicodeDecodeError) as e:
            raise QueryError(f"{shown}: cannot read the query file ({getattr(e, 'strerror', None) or e})") from None
        if p.suffix != ".rq" or os.sep in q or "/" in q:
            raise QueryError(f"{shown}: no such query file")
    info = get_query(q)
    return info.text, info
