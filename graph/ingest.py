"""Read a report file into a :class:`Report`: normalised text, metadata, structure, offsets.

Everything downstream addresses the report through character offsets into ``Report.text``
(the normalised text), so ``report.text[s.start:s.end]`` is always the span in question.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


class IngestError(ValueError):
    """A file that cannot be read as a report; the message is one line naming the file."""


@dataclass(frozen=True)
class Sentence:
    """A sentence: ``report.text[start:end]``, inside one section and one paragraph."""

    index: int
    start: int
    end: int
    section: str  # Section.id of the innermost enclosing section ("0" = preamble)
    paragraph: int


@dataclass(frozen=True)
class Section:
    """A numbered part (level 1, "一、") or sub-section (level 2, "(一)") of the report."""

    id: str  # "1", "1.3" ... ; "0" is the preamble before the first part
    level: int
    number: str  # as written: "一", "(一)"
    title: str
    start: int
    end: int
    year: int | None  # the year this part reviews or plans
    kind: str  # "review" | "plan" | "glossary" | "other"
    parent: str | None = None


@dataclass(frozen=True)
class GlossaryEntry:
    """A 名词解释 entry such as 【三清一控】指…; offsets of the term and of the definition."""

    term: str
    definition: str
    term_start: int
    term_end: int
    def_start: int
    def_end: int


@dataclass
class Report:
    """A normalised report with its metadata and structure."""

    text: str
    source: str  # file name as given (no directory), used for provenance only
    sha256: str  # of the normalised text
    title: str = ""
    metadata: dict[str, str] = field(default_factory=dict)  # 索引号, 发文单位, 信息名称, 成文日期, 发布日期
    meeting: str = ""
    speaker: str = ""  # name as written, e.g. 赵传富
    speaker_role: str = ""  # e.g. 大兴区西红门镇镇长
    divisions: list[str] = field(default_factory=list)  # outermost first, e.g. [北京市, 大兴区, 西红门镇]
    year: int | None = None  # the year the report is delivered in (= plan year)
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)

    @property
    def division(self) -> str:
        """The innermost division the report is about (the issuing town, district or city)."""
        return self.divisions[-1] if self.divisions else ""

    def section(self, section_id: str) -> Section | None:
        """Return the section with this id."""
        return next((s for s in self.sections if s.id == section_id), None)

    def sentence_text(self, s: Sentence) -> str:
        """Return the text of a sentence."""
        return self.text[s.start:s.end]


CJK = re.compile(r"[\u4e00-\u9fff]")
CN_NUM = "零〇一二三四五六七八九十百"
_PART = re.compile(rf"^[ \t\u3000]*([{CN_NUM}]+)[、.．]\s*(\S[^\n]*)$", re.M)
_SUB = re.compile(rf"^[ \t\u3000]*([(（][{CN_NUM}]+[)）])\s*")
_META_KEYS = ("索引号", "发文单位", "信息名称", "发文序号", "成文日期", "发布日期", "主题分类", "公开类型", "信息有效性")
_META = re.compile(r"^[\s•·●\-*]*(" + "|".join(_META_KEYS) + r")[ \t]*[:：][ \t]*(.*?)[ \t]*$", re.M)
_SENT_END = re.compile(r"[。！？!?]+[”’」』)）]*")
_DIV_SUFFIX = r"(?:省|自治区|特别行政区|市|自治州|地区|盟|区|县|自治县|旗|镇|乡|街道)"
_DIVISION = re.compile(rf"[\u4e00-\u9fff]{{1,8}}?{_DIV_SUFFIX}")
_GLOSS = re.compile(r"【([^】\n]{1,60})】\s*[:：]?\s*(?:“[^”]*”)?\s*(?:是指|指|：|:)?([^\n]*)")


def decode(data: bytes, name: str) -> str:
    """Decode report bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    if not data.strip():
        raise IngestError(f"{name}: file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise IngestError(f"{name}: binary file (NUL bytes), not a text or HTML report")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise IngestError(f"{name}: undecodable bytes at offset {e.start} (not UTF-8 or GB18030)") from None


def normalise(text: str) -> str:
    """Return NFKC text with unified line ends, no BOM and no trailing blanks on lines."""
    text = unicodedata.normalize("NFKC", text.replace("\ufeff", ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"


def read(path: str | Path) -> Report:
    """Read a report file (.txt or .html) and parse it."""
    p = Path(path)
    if p.is_dir():
        raise IngestError(f"{p}: is a directory, expected a report file")
    if not p.exists():
        raise IngestError(f"{p}: no such file")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise IngestError(f"{p}: cannot read ({e.strerror})") from None
    text = decode(data, str(p))
    if p.suffix.lower() in (".html", ".htm") or re.match(r"\s*<(!doctype|html)", text[:200], re.I):
        from graph import html  # noqa: PLC0415  (only needed for HTML input)

        text = html.article_text(text)
    return parse(text, source=p.name)


def parse(text: str, source: str = "<text>") -> Report:
    """Parse report text into a Report with structure and offsets."""
    text = normalise(text)
    if not CJK.search(text):
        raise IngestError(f"{source}: no Chinese text found")
    rep = Report(text=text, source=source, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    rep.metadata = {m.group(1): m.group(2) for m in _META.finditer(text) if m.group(2)}
    _front_matter(rep)
    _structure(rep)
    return rep


def _front_matter(rep: Report) -> None:
    text = rep.text
    head = text[:3000]
    titles = [ln.strip() for ln in head.split("\n") if "工作报告" in ln and ":" not in ln and "：" not in ln]
    rep.title = rep.metadata.get("信息名称") or (titles[0] if titles else "")
    if titles:
        rep.title = titles[0]
    m = re.search(r"[-—─]{1,2}[ \t]*((?:\d{4}年\d{1,2}月\d{1,2}日)?[^\n]*?(?:\n\s*[^\n]*?)?会议上)", head)
    if m:
        rep.meeting = re.sub(r"\s+", "", m.group(1))
        after = head[m.end():].lstrip("\n").split("\n", 1)[0].strip()
        sm = re.match(r"^(\S*?)\s+([\u4e00-\u9fff·]{2,5})$", after)
        if sm:
            rep.speaker_role, rep.speaker = sm.group(1), sm.group(2)
    for source in (rep.title, rep.metadata.get("信息名称", ""), rep.meeting):
        body = re.split(r"(?:人民政府|政府工作报告|第[一二三四五六七八九十]+届|人民代表大会)", source)[0]
        body = re.sub(r"^.*?日在", "", body)
        divs = _DIVISION.findall(body)
        if divs:
            rep.divisions = divs
            break
    for key in ("year",):
        years = [int(y) for y in re.findall(r"(20\d\d)年\d{1,2}月", rep.meeting)]
        date = rep.metadata.get("成文日期") or rep.metadata.get("发布日期") or ""
        years += [int(y) for y in re.findall(r"^(20\d\d)", date)]
        setattr(rep, key, years[0] if years else None)


def _part_kind(title: str) -> str:
    if "名词解释" in title:
        return "glossary"
    if re.search(r"回顾|过去|成绩|完成情况|总结", title):
        return "review"
    if re.search(r"安排|计划|任务|目标|工作重点|打算|部署|展望", title):
        return "plan"
    return "other"


def _structure(rep: Report) -> None:
    text = rep.text
    parts = [(m.start(), m.group(1), m.group(2).strip()) for m in _PART.finditer(text)
             if len(m.group(2).strip()) <= 40]
    gl = re.search(r"^[ \t]*名词解释\s*[:：]?\s*$", text, re.M)
    if gl:
        parts = [p for p in parts if p[0] < gl.start()] + [(gl.start(), "", "名词解释")]
    sections: list[Section] = []
    first = parts[0][0] if parts else len(text)
    sections.append(Section("0", 0, "", "", 0, first, None, "other"))
    for i, (start, num, title) in enumerate(parts):
        end = parts[i + 1][0] if i + 1 < len(parts) else len(text)
        kind = _part_kind(title)
        ym = re.search(r"(20\d\d)", title)
        year = int(ym.group(1)) if ym else None
        if year is None and rep.year and kind in ("review", "plan"):
            year = rep.year - 1 if kind == "review" else rep.year
        sid = str(i + 1)
        sections.append(Section(sid, 1, num, title, start, end, year, kind))
        if kind == "glossary":
            continue
        subs = [m for m in re.finditer(rf"^[ \t\u3000]*[(（]([{CN_NUM}]+)[)）]", text[start:end], re.M)]
        for j, m in enumerate(subs):
            s0 = start + m.start()
            s1 = start + subs[j + 1].start() if j + 1 < len(subs) else end
            line_end = text.find("\n", s0)
            body = text[start + m.end():line_end if line_end != -1 else s1]
            stitle = re.split(r"[。;；]", body, 1)[0].strip()[:60]
            sections.append(Section(f"{sid}.{j + 1}", 2, f"({m.group(1)})", stitle, s0, s1, year, kind, sid))
    rep.sections = sections
    rep.paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]
    sents: list[Sentence] = []
    for pi, (p0, p1) in enumerate(rep.paragraphs):
        lead = len(text[p0:p1]) - len(text[p0:p1].lstrip())
        pos = p0 + lead
        for m in _SENT_END.finditer(text, pos, p1):
            if m.end() > pos:
                sents.append(_sentence(rep, len(sents), pos, m.end(), pi))
            pos = m.end()
        if text[pos:p1].strip():
            sents.append(_sentence(rep, len(sents), pos, p1, pi))
    rep.sentences = sents
    if gl:
        for m in _GLOSS.finditer(text, gl.end()):
            d0 = m.start(2)
            definition = m.group(2).strip()
            rep.glossary.append(GlossaryEntry(m.group(1), definition, m.start(1), m.end(1), d0, d0 + len(definition)))


def _sentence(rep: Report, index: int, start: int, end: int, paragraph: int) -> Sentence:
    inner = "0"
    for s in rep.sections:
        if s.start <= start < s.end and s.level >= (rep.section(inner).level if rep.section(inner) else 0):
            inner = s.id
    return Sentence(index, start, end, inner, paragraph)
