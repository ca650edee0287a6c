"""Read a report file into a :class:`Report`: normalised text, metadata, structure, offsets.

Everything downstream addresses the report through character offsets into ``Report.text``,
the *normalised* text, so ``report.text[s.start:s.end]`` is always the span in question.
Offsets never refer to the bytes or characters of the file as it was on disk.

Normalisation (:func:`normalise`) is, in this order:

* the byte order mark and zero-width characters (U+200B-U+200D, U+2060, U+FEFF) are removed;
* Unicode NFKC: full-width punctuation and digits become ASCII ("，" -> ",", "（" -> "(",
  "：" -> ":", "２０２１" -> "2021"), U+3000 and no-break spaces become " ", "…" becomes "...",
  circled numbers become digits ("①" -> "1"); "、", "。", "“”" and "【】" are unchanged;
* radicals become the characters they stand for (:func:`fold_radicals`: "⼈" -> "人", "⻋" -> "车"),
  as PDF fonts often map them;
* CRLF, CR and the other Unicode line separators become LF;
* trailing blanks are removed from every line, blank lines at both ends are dropped and the
  text ends with exactly one LF.

A text file or HTML page whose lines are cut at a fixed width (text copied out of a PDF) has its
lines joined back into paragraphs (:func:`govkg.ingest.lines.unwrap`) before it is parsed; a text
of one paragraph per line is left as it is. A project table written as text (cells split by tabs or
aligned with spaces, under a header naming projects) becomes table rows as an HTML table does
(:func:`govkg.ingest.tables.from_text`).

Input is detected, never assumed from the file name: UTF-8 (with or without BOM), UTF-16 and
UTF-32 with BOM, UTF-16 without BOM, GB18030 (a superset of GBK and GB2312) and Big5; the
``<meta charset>`` of an HTML page is honoured. HTML pages go through :mod:`govkg.ingest.html`;
PDF, Word (.docx) and old Word/WPS files (.doc/.wps), recognised by their magic numbers, through
:mod:`govkg.ingest.documents`. Tables become lines of text (:mod:`govkg.ingest.tables`): a row of a
project table is one sentence ``项目名称:X;总投资:5000万元;…。`` marked ``table_row``.

Structure decisions (documented here because downstream relies on them):

* A part is a line "一、标题" (or "第一部分 标题") whose title has at most 40 characters and no
  "。"/";"; the parts kept are the longest run numbered 一, 二, 三 ... in order, so short
  enumerations inside the body are not parts. An excerpt without a 一 starts its run at its first
  part whose title names a review, a plan or a year ("二、2024年工作安排"). A sub-section is a line starting "(一)" inside a
  part, numbered in order; its title is the line up to the first "。". "1." lists are not
  sections.
* The year of a part: a single year in its title ("“十三五”时期发展成就和2020年工作回顾" -> 2020;
  ranges such as "2016-2020年" are ignored), else "过去一年/去年" -> report year - 1,
  "今年" -> report year; a part about several years ("今后五年", "“十四五”时期") without a single
  year has no year; otherwise a review is of report year - 1 and a plan of the report year.
* A part whose title is neither review nor plan ("三、切实加强政府自身建设") keeps kind
  ``other`` but takes the year of the part before it: the narrative continues in the same
  period. Sub-sections inherit kind and year from their part.
* Sentences end at 。!? (and line ends); closing quotes and brackets after the terminator stay
  with the sentence. A terminator inside a balanced “…”, (…), 《…》 or 【…】 within the same
  paragraph does not end the sentence unless the closing mark follows it directly (。”) and the
  text after it does not continue the clause (",", "、", ";", ":", ")", "的", "等"). Semicolons
  never split.
"""
from __future__ import annotations

import bisect
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from govkg import gazetteer
from govkg.errors import GovkgError
from govkg.ingest import documents, html, tables
from govkg.ingest.lines import unwrap
from govkg.ingest.meta import META_DATES, META_LINE, parse_metadata


class IngestError(GovkgError, ValueError):
    """A file that cannot be read as a report; the message is one line naming the file."""


@dataclass(frozen=True)
class Sentence:
    """A sentence: ``report.text[start:end]``, inside one section and one paragraph."""
    index: int
    start: int
    end: int
    section: str  # Section.id of the innermost enclosing section ("0" = preamble)
    paragraph: int
    page: int | None = None  # the PDF page it comes from
    table_row: bool = False  # a table row rendered as a sentence (govkg.ingest.tables)


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
    """A 名词解释 entry such as 【腾笼换鸟】指…; offsets of the term and of the definition."""
    term: str
    definition: str
    term_start: int
    term_end: int
    def_start: int
    def_end: int


@dataclass(frozen=True)
class TableRow:
    """A row of a project table: the line ``text[start:end]`` and its 项目名称 cell ``text[name_start:name_end]``."""
    start: int
    end: int
    name_start: int
    name_end: int
    sentence: int


@dataclass
class Report:
    """A normalised report with its metadata and structure."""
    text: str
    source: str  # file name as given (no directory), used for provenance only
    sha256: str  # of the normalised text
    title: str = ""
    metadata: dict[str, str] = field(default_factory=dict)  # 索引号, 发文单位, 信息名称, 成文日期, 发布日期
    meeting: str = ""
    speaker: str = ""  # name as written, e.g. 沈建明
    speaker_role: str = ""  # e.g. 秀洲区王江泾镇镇长
    divisions: list[str] = field(default_factory=list)  # outermost first, e.g. [嘉兴市, 秀洲区, 王江泾镇]
    year: int | None = None  # the year the report is delivered in (= plan year)
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    encoding: str = ""  # detected encoding of the file ("" when parsed from a string); "pdf", "docx", "doc"
    table_rows: list[TableRow] = field(default_factory=list)  # rows of project tables

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


# --------------------------------------------------------------------------- characters

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK = re.compile(f"[{HAN}]")
CN_DIGITS = "零〇一二三四五六七八九十百"
_CN_VALUE = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_LINE_SEPS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_LINE = re.compile(r"[^\n]+")
# zero-width characters, and the bidirectional controls (U+200E/F, U+061C, U+202A-E, U+2066-9) that can
# disguise a name in a page or a table: dropped before anything else, so offsets index the clean text
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
# The longest report text a build takes, in characters. A build holds the whole graph of a report in
# memory: measured worst case (one 1.3-million-character sentence, no punctuation) about 1 KB per
# character, so this bound keeps a build near 2 GB; a real report has 10,000 to 100,000 characters.
# Raise it with GOVKG_MAX_CHARS or 'govkg build --max-chars'.
MAX_CHARS = 2_000_000
MAX_CHARS_ENV = "GOVKG_MAX_CHARS"
_BYTES_PER_CHAR = 4  # the most a character takes in any encoding read here (UTF-8, GB18030, UTF-16/32)


def max_chars() -> int:
    """Return the longest report text a build takes: $GOVKG_MAX_CHARS, else MAX_CHARS."""
    value = os.environ.get(MAX_CHARS_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else MAX_CHARS

# Common characters of running Chinese text, simplified and traditional; a correct decoding
# of a report is mostly made of these, a wrong one (GBK read as Big5, Big5 read as GBK) is not.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体"
    "制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内"
    "数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提"
    "直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计"
    "别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海"
    "口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身"
    "车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石"
    "记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青"
    "省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型"
    "眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞镇村乡街推施"
    "坚持环境服项目企业村庄疫情防控"
    "這為個們來時動會對說經過種與後當點從業還開關實現發進產體學內話間應頭見長問題樣麼區數處報員"
    "價設資導團黨們總戰領權條義農軍階氣無電書國務專傳費"
)


def _cn_int(s: str) -> int | None:
    """Return the value of a Chinese numeral up to 999.

    >>> [_cn_int(s) for s in ("三", "十二", "二十", "二十一", "一百零五", "十十")]
    [3, 12, 20, 21, 105, None]
    """
    if not s or any(c not in CN_DIGITS for c in s):
        return None
    if "百" in s:
        head, _, tail = s.partition("百")
        h = _CN_VALUE.get(head, 1 if head == "" else -1)
        rest = _cn_int(tail.lstrip("零〇")) if tail.strip("零〇") else 0
        return None if h < 0 or rest is None else h * 100 + rest
    if "十" in s:
        head, _, tail = s.partition("十")
        if "十" in tail or len(head) > 1 or len(tail) > 1:
            return None
        tens = _CN_VALUE[head] if head else 1
        return tens * 10 + (_CN_VALUE[tail] if tail else 0)
    if len(s) == 1:
        return _CN_VALUE[s]
    return None


def _cn_year(s: str) -> int | None:
    """Return a year written in digits or Chinese numerals, e.g. '二〇二一' -> 2021."""
    if re.fullmatch(r"[0-9]{4}", s):
        return int(s)
    if len(s) == 4 and all(c in _CN_VALUE for c in s):
        return int("".join(str(_CN_VALUE[c]) for c in s))
    return None


def _one_line(s: str) -> str:
    """Return s with line breaks escaped, for error messages."""
    return s.replace("\r", "\\r").replace("\n", "\\n")


# --------------------------------------------------------------------------- decoding

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF", "a PDF document: read it with govkg.ingest.read"),
    (b"PK\x03\x04", "a ZIP archive or an Office document other than Word (.xlsx, .pptx; save it as text first)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document: read a .doc/.wps with govkg.ingest.read"),
    (b"{\\rtf", "an RTF document (save it as text first)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
)
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)
_CHARSET_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "cp950": "big5hkscs", "x-x-big5": "big5hkscs",
    "utf-8": "utf-8", "utf8": "utf-8",
}


def chinese_score(text: str) -> float:
    """Return the share of Han characters in text that are common ones (0.0 without Han)."""
    han = CJK.findall(text[:20000])
    if not han:
        return 0.0
    return sum(c in _COMMON for c in han) / len(han)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode report bytes and return ``(text, encoding)``; raise IngestError when impossible."""
    name = _one_line(name)
    if not data.strip():
        raise IngestError(f"{name}: file is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise IngestError(f"{name}: binary file ({what}), not a text or HTML report")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), f"{enc} (BOM)"
            except UnicodeDecodeError as e:
                off = e.start + len(bom)
                raise IngestError(f"{name}: undecodable bytes at offset {off} (not valid {enc.upper()} "
                                  f"although the file starts with its byte order mark)") from None
    if b"\x00" in data[:65536]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        raise IngestError(f"{name}: binary file (NUL bytes), not a text or HTML report")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    candidates = ["gb18030", "big5hkscs", "gbk"]
    m = _META_CHARSET.search(data[:4096])
    declared = _CHARSET_ALIASES.get(m.group(1).decode("ascii").lower()) if m else None
    if declared and declared != "utf-8":
        candidates.remove(declared)
        candidates.insert(0, declared)
    decoded: list[tuple[float, int, str, str]] = []
    for rank, enc in enumerate(candidates):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        decoded.append((chinese_score(text), -rank, enc, text))
    if decoded:
        score, _, enc, text = max(decoded)
        han = bool(CJK.search(text[:20000]))
        # a declared charset is trusted; a guess must read like Chinese
        if (enc == declared and han) or score >= 0.2:
            return text, {"big5hkscs": "big5"}.get(enc, enc)
    guess = _charset_normalizer(data)
    if guess is not None:
        return guess
    raise IngestError(f"{name}: {_undecodable(data, utf8_error)}")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Return (text, encoding) when NUL-laden data is UTF-16 without a BOM, else None."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    order = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
    for enc in order:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and chinese_score(text) >= 0.2:
            return text, enc
    return None


def _charset_normalizer(data: bytes) -> tuple[str, str] | None:
    """Ask charset-normalizer; accept only a decoding that reads like Chinese."""
    try:
        from charset_normalizer import from_bytes  # noqa: PLC0415  (slow import, rare path)
    except ImportError:  # pragma: no cover - it is a declared dependency
        return None
    best = from_bytes(data[:200000]).best()
    if best is None:
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if chinese_score(text) >= 0.3:
        return text, best.encoding
    return None


def _undecodable(data: bytes, utf8_error: UnicodeDecodeError) -> str:
    """Describe where the bytes stop being decodable, for the error message."""
    prefix = data[: utf8_error.start]
    if any(b >= 0x80 for b in prefix):  # it was UTF-8 up to here: report that offset
        off, enc = utf8_error.start, "UTF-8"
    else:
        try:
            data.decode("gb18030")
            off, enc = utf8_error.start, "UTF-8"
        except UnicodeDecodeError as e:
            off, enc = e.start, "GB18030"
    return (f"undecodable bytes at offset {off} (byte 0x{data[off]:02x} is not valid {enc}; "
            f"tried UTF-8, UTF-16, GB18030/GBK and Big5)")


# CJK radical supplement (U+2E80-U+2EF3) code points that stand for an ordinary character; most have no
# decomposition in Unicode (Kangxi radicals U+2F00-U+2FD5 all have one: NFKC maps those)
_RADICAL_SUPPLEMENT = {
    0x2E8C: "小", 0x2E97: "心", 0x2E98: "扌", 0x2E99: "攵", 0x2E9D: "月", 0x2EA0: "民", 0x2EA6: "丬",
    0x2EA8: "犭", 0x2EA9: "王", 0x2EAD: "礻", 0x2EB2: "罒", 0x2EB9: "耂", 0x2EBE: "艹", 0x2EC4: "西",
    0x2EC6: "角", 0x2EC8: "讠", 0x2EC9: "贝", 0x2ECB: "车", 0x2ECF: "阝", 0x2ED0: "钅", 0x2ED4: "门",
    0x2ED6: "阝", 0x2ED7: "雨", 0x2EDB: "风", 0x2EDC: "飞", 0x2EDD: "食", 0x2EE0: "饣", 0x2EE3: "骨",
    0x2EE4: "鬼", 0x2EE5: "鱼", 0x2EE6: "鸟", 0x2EE7: "卤", 0x2EE8: "麦", 0x2EE9: "黄", 0x2EEA: "黾",
    0x2EEC: "齐", 0x2EEE: "齿", 0x2EF0: "龙", 0x2EF2: "龟", 0x2EB0: "纟", 0x2EC5: "见", 0x2ECC: "辶",
    0x2ED3: "长", 0x2ED9: "韦", 0x2EDA: "页", 0x2EE2: "马", 0x2ED8: "青",
}
# Kangxi radicals whose decomposition is a traditional variant where fonts of simplified Chinese put the
# radical for the mainland form: KANGXI RADICAL DOOR decomposes to 戶 (U+6236), the mainland 户 is U+6237
_KANGXI_MAINLAND = {0x2F3E: "户"}


def _radical_table() -> dict[int, str]:
    """Map radical code points to characters: Unicode's decomposition where there is one, else the table."""
    table = dict(_RADICAL_SUPPLEMENT)
    for cp in (*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6)):
        dec = unicodedata.decomposition(chr(cp))
        if dec.startswith("<compat>"):
            table[cp] = chr(int(dec.split()[1], 16))
    table.update(_KANGXI_MAINLAND)
    return table


RADICALS = _radical_table()
_HAS_RADICAL = re.compile("[\u2e80-\u2ef3\u2f00-\u2fd5]")


def fold_radicals(text: str) -> str:
    """Return text with radical code points replaced by the characters they stand for.

    >>> fold_radicals("⼈⺠政府⻔⼝,⻋站,⼊⼾")
    '人民政府门口,车站,入户'
    """
    return text.translate(RADICALS) if _HAS_RADICAL.search(text) else text


def normalise(text: str) -> str:
    """Return NFKC text with LF line ends, no BOM, no trailing blanks, one final LF."""
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFKC", fold_radicals(text))
    text = _LINE_SEPS.sub("\n", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"


# --------------------------------------------------------------------------- entry points

_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|div|p|table|title)\b", re.I)
_ANY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*[\s/>]")


def read(path: str | Path) -> Report:
    """Read a report file (text, HTML, PDF, Word; told apart by their bytes) and parse it."""
    p = Path(path)
    name = _one_line(str(p))
    if p.is_dir():
        raise IngestError(f"{name}: is a directory, expected a report file")
    if not p.exists():
        raise IngestError(f"{name}: no such file")
    try:
        size, limit = p.stat().st_size, max_chars()
        if size > limit * _BYTES_PER_CHAR:
            raise IngestError(f"{name}: file too large ({size:,d} bytes; the limit is {limit:,d} characters, "
                              f"at most {limit * _BYTES_PER_CHAR:,d} bytes; raise it with --max-chars or "
                              f"{MAX_CHARS_ENV})")
        data = p.read_bytes()
    except OSError as e:
        raise IngestError(f"{name}: cannot read ({e.strerror or type(e).__name__})") from None
    fmt = documents.sniff(data)
    if fmt is not None:
        return _read_document(data, fmt, p, name)
    text, encoding = decode(data, str(p))
    if not text.strip():
        raise IngestError(f"{name}: file is empty")
    title, blocks = "", None
    # HTML is recognised by its tags, not by its name: a .html file of plain text is text
    if _HTML_SNIFF.search(text[:5000]) or (p.suffix.lower() in (".html", ".htm", ".shtml", ".xhtml")
                                           and _ANY_TAG.search(text[:5000])):
        try:
            article = html.extract(text)
        except Exception as e:  # noqa: BLE001  (html.parser on hostile input)
            raise IngestError(f"{name}: cannot parse HTML ({_one_line(str(e))[:120]})") from None
        text, title = article.text(), article.title
        row_of = {r.text: r for r in article.rows}
        blocks = [documents.Block(ln, row=row_of.get(ln)) for ln in text.split("\n")] if row_of else None
    if blocks is None:  # lines cut at a page's width joined (lines.py); project tables written as text
        text, rows = tables.from_text(unwrap(normalise(text)))
        row_of = {r.text: r for r in rows}
        blocks = [documents.Block(ln, row=row_of.get(ln)) for ln in text.split("\n")] if rows else None
    try:
        rep = parse(text, source=p.name, title=title)
    except IngestError as e:
        raise IngestError(str(e).replace(f"{_one_line(p.name)}:", f"{name}:", 1)) from None
    if blocks:
        annotate(rep, blocks)
    rep.encoding = encoding
    return rep


def _read_document(data: bytes, fmt: str, p: Path, name: str) -> Report:
    """Read a PDF or Word file: its blocks become the report text; sentences get pages and table rows."""
    blocks = documents.load(data, fmt, name, p)
    if not any(CJK.search(b.text) for b in blocks):
        raise IngestError(f"{name}: no Chinese text found in the document")
    try:
        rep = parse("\n".join(b.text for b in blocks) + "\n", source=p.name)
    except IngestError as e:
        raise IngestError(str(e).replace(f"{_one_line(p.name)}:", f"{name}:", 1)) from None
    annotate(rep, blocks)
    rep.encoding = {"ole": "doc"}.get(fmt, fmt)
    return rep


def annotate(rep: Report, blocks) -> None:
    """Give the sentences of a parsed document their page and table-row mark; record project rows.

    A table row is one sentence, however many "。" its cells hold. Lines are matched to blocks in
    order, by their normalised text.
    """
    text = rep.text
    spans: list[tuple[int, int, object]] = []  # (line start, line end, block)
    j = 0
    for m in _LINE.finditer(text):
        line = m.group(0).strip()
        if not line:
            continue
        k = j
        while k < len(blocks) and normalise(blocks[k].text).strip() != line:
            k += 1
        if k == len(blocks):
            continue
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        spans.append((start, start + len(line), blocks[k]))
        j = k + 1
    starts = [a for a, _, _ in spans]
    merged: list[Sentence] = []
    rows: list[TableRow] = []
    for s in rep.sentences:
        i = bisect.bisect_right(starts, s.start) - 1
        block = spans[i][2] if i >= 0 and s.start < spans[i][1] else None
        page = getattr(block, "page", None)
        is_row = getattr(block, "row", None) is not None
        if is_row and merged and merged[-1].table_row and merged[-1].start >= spans[i][0]:
            prev = merged.pop()  # the same row: one sentence
            merged.append(Sentence(prev.index, prev.start, s.end, prev.section, prev.paragraph, page, True))
            continue
        merged.append(Sentence(len(merged), s.start, s.end, s.section, s.paragraph, page, is_row))
        row = block.row if is_row else None
        if row is not None and row.project and row.name is not None:
            a = spans[i][0]
            if normalise(block.text).strip() == block.text:  # offsets in the row are offsets in the line
                rows.append(TableRow(a, spans[i][1], a + row.name[0], a + row.name[1], len(merged) - 1))
    rep.sentences = merged
    rep.table_rows = rows


def parse(text: str, source: str = "<text>", *, title: str = "") -> Report:
    """Parse report text into a Report with structure and offsets (title overrides detection)."""
    limit = max_chars()
    if len(text) > limit:
        raise IngestError(f"{_one_line(source)}: report too long ({len(text):,d} characters; the limit is "
                          f"{limit:,d}: raise it with --max-chars or {MAX_CHARS_ENV})")
    text = normalise(text)
    if not CJK.search(text):
        raise IngestError(f"{_one_line(source)}: no Chinese text found")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    rep = Report(text=text, source=source, sha256=digest)
    parts, glossary_head = _find_parts(text)
    head_end = min(parts[0][0] if parts else len(text), 3000)
    rep.metadata = parse_metadata(text[:head_end])
    _front_matter(rep, head_end, unicodedata.normalize("NFKC", title).strip())
    _structure(rep, parts, glossary_head)
    return rep


# --------------------------------------------------------------------------- metadata

# --------------------------------------------------------------------------- front matter

_DATE_CN = r"(?:[0-9]{4}|[〇零一二三四五六七八九]{4})[ \t]*年[ \t]*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[ \t]*月[ \t]*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[ \t]*日"
_MEETING = re.compile(
    r"(?:^[ \t]*|[-—–―─~]{1,4}[ \t]*|\([ \t]*)"
    rf"((?:{_DATE_CN}[ \t]*(?:\n[ \t]*){{0,2}})?在[^\n。!?()]{{0,80}}?"
    r"(?:\n[ \t]*(?:\n[ \t]*)?[^\n。!?()]{0,80}?)?(?:会议|大会)上)[ \t]*\)?[ \t]*$",
    re.M)
_MEETING_YEAR = re.compile(r"([0-9]{4}|[〇零一二三四五六七八九]{4})年")
_ROLE = r"(?:代理|代|常务副|副)?(?:省长|自治区主席|主席|市长|州长|盟长|县长|区长|旗长|镇长|乡长|主任)"
_SPEAKER = re.compile(
    rf"^[ \t]*(?P<role>[{HAN}A-Za-z()]{{0,30}}?{_ROLE})(?:[ \t]*:[ \t]*|[ \t]+)"
    rf"(?P<name>[{HAN}](?:[ \t]{{0,3}}[{HAN}]){{1,3}}|[{HAN}]{{1,8}}·[{HAN}·]{{1,12}})[ \t]*$")
_OTHER_TITLE = re.compile(r"[总總][结結]|工作[计計][划劃]|工作要点|工作思路|工作情[况況]|实事项目|重点项目|"
                          r"项目(?:清单|计划|进展|完成情况|一览表)")
_NOT_TITLE = re.compile(r"解读|图解|一图|读懂|视频|音频|相关|附件|下载|^[^:]{1,8}:")


def _front_matter(rep: Report, head_end: int, title_hint: str) -> None:
    text, meta = rep.text, rep.metadata
    head = text[:head_end]
    meeting = _MEETING.search(head)
    if meeting:
        rep.meeting = re.sub(r"\s+", "", meeting.group(1))
    lines = [(m.start(), m.group(0).strip()) for m in re.finditer(r"[^\n]+", head) if m.group(0).strip()]
    _speaker(rep, lines, meeting)
    titles = [ln for _, ln in lines if re.search("工作[报報]告", ln) and len(ln) <= 60 and not _NOT_TITLE.search(ln)
              and not META_LINE.match(ln) and "会议上" not in ln and "我代表" not in ln]
    # a work summary, plan or project list: a title line without punctuation naming its kind
    titles += [ln for _, ln in lines if _OTHER_TITLE.search(ln) and len(ln) <= 60 and not re.search("[。,;:!?]", ln)
               and not _NOT_TITLE.search(ln) and not META_LINE.match(ln)]
    rep.title = title_hint or (titles[0] if titles else meta.get("信息名称", ""))
    sources = [rep.title, meta.get("信息名称", ""), rep.meeting, meta.get("发文单位", ""),
               re.sub(_ROLE + "$", "", rep.speaker_role)]
    # the issuer on a line of its own: above a title without a place ("甲镇人民政府" / "2022年工作
    #总结"), or signing the report at its end (above the date)
    tail = [ln.strip() for ln in text[-400:].split("\n") if ln.strip()][-4:]
    sources += [ln for _, ln in lines[:6] if _ISSUER.match(ln)] + [ln for ln in tail if _ISSUER.match(ln)]
    chains = [_chain(s) for s in sources if s]
    # the speaker's opening words (我代表甲镇人民政府向大会报告工作), and a congress the head names
    # (——甲镇第十九届人民代表大会…上的报告; 4月1日,乙县第十九届人民代表大会…开幕) when the gazetteer knows it
    chains += [_chain(m.group(1)) for m in _DELEGATE.finditer(head)]
    chains += [c for m in _CONGRESS.finditer(head) if (c := _chain(m.group(1))) and gazetteer.scope_candidates(c)]
    rep.divisions = max(chains, key=len, default=[])
    rep.year = None
    for y in _MEETING_YEAR.findall(rep.meeting):
        year = _cn_year(y)
        rep.year = year if year and 1949 <= year <= 2100 else None
        break
    for key in META_DATES:
        if rep.year is None and re.match(r"(?:19|20)[0-9]{2}", meta.get(key, "")):
            rep.year = int(meta[key][:4])
    if rep.year is None:
        m = re.search(r"(?<![0-9])((?:19|20)[0-9]{2})年", rep.title)
        rep.year = int(m.group(1)) if m else None


def _speaker(rep: Report, lines: list[tuple[int, str]], meeting: re.Match | None) -> None:
    """Find the speaker line: right after the meeting line, right before it, or any head line."""
    order = lines
    if meeting:
        after = [ln for ln in lines if ln[0] >= meeting.end()]
        before = [ln for ln in lines if ln[0] < meeting.start()]
        order = after[:1] + before[-1:] + lines
    for _, line in order:
        m = _SPEAKER.match(line)
        if m and len(line) <= 50:
            rep.speaker_role = m.group("role")
            rep.speaker = re.sub(r"[ \t]+", "", m.group("name"))
            return


_ORGAN = r"(?:人民政府|政府|街道办事处|办事处|委员会|党委|党工委)"
_DELEGATE = re.compile(rf"我代表([{HAN}]{{2,30}}?)(?:第[0-9一二三四五六七八九十]+届)?(?:人民政府|政府|街道办事处|办事处)")
_CONGRESS = re.compile(rf"([{HAN}]{{2,30}}?)第[0-9一二三四五六七八九十百]+届人民代表大会")
_ISSUER = re.compile(rf"^(?:中共)?[{HAN}]{{2,30}}?{_ORGAN}(?:[ \t]+(?:中共)?[{HAN}]{{2,30}}?{_ORGAN})*$")
_DIV_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "民族乡", "地区", "林区", "街道", "苏木",
                 "省", "市", "盟", "区", "县", "旗", "镇", "乡")
_NAME_CHAR = re.compile(f"[{HAN}A-Za-z]")
_PLACE_STOP = re.compile(
    r"人民政府|政府工作报告|政府|工作报告|办事处|管理委员会|管委会|委员会|党委|党工委|人民代表大会|人大|代表大会"
    r"|第?[0-9一二三四五六七八九十百]+届|(?:[0-9]{4}|[〇零一二三四五六七八九]{4})年度?|[(\[（]")


def place_of(s: str) -> str:
    """Return the place-name part of a title, meeting line or issuer.

    >>> place_of("2022年1月10日在河南省青山县第十八届人民代表大会第一次会议上")
    '河南省青山县'
    >>> place_of("广州市海珠区南华西街道办事处工作报告")
    '广州市海珠区南华西街道'
    """
    s = re.sub(r"\s+", "", s)
    s = re.sub(rf"^.*?(?:日|^)在(?=[{HAN}A-Za-z])", "", s)  # meeting line: '2022年…日在河南省…'
    s = re.sub(r"^\([^()]{1,12}\)", "", s)  # '(内蒙古)2022年…'
    s = re.sub(r"^(?:[0-9]{4}年度?)+", "", s)
    s = re.sub(r"^关于|^中共", "", s)
    return _PLACE_STOP.split(s, 1)[0]


def _chain(source: str) -> list[str]:
    """The chain of divisions a title, meeting line or issuer names (see :func:`place_of`)."""
    place = place_of(source)
    chain = split_divisions(place)
    if chain or len(place) < 3:
        return chain
    # the place runs on into the title with no word that stops it (甲镇工作总结, 甲镇十八届人大):
    # the longest start of it that is a chain the gazetteer knows
    for k in range(min(len(place), 40) - 1, 1, -1):
        if place[:k].endswith(_DIV_SUFFIXES):
            chain = split_divisions(place[:k])
            if chain and gazetteer.scope_candidates(chain):
                return chain
    return []


def split_divisions(name: str) -> list[str]:
    """Split a place name into divisions, outermost first.

    >>> split_divisions("江苏省苏州市吴江区震泽镇")
    ['江苏省', '苏州市', '吴江区', '震泽镇']
    >>> split_divisions("江苏省镇江市")  # not 江苏省镇 + 江市
    ['江苏省', '镇江市']
    """
    if not name or len(name) > 60 or not all(_NAME_CHAR.match(c) for c in name):
        return []
    n = len(name)
    # best[i] = (tokens, tokens of 3+ chars, split) for name[:i], maximising both counts
    best: list[tuple[int, int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, 0, [])
    for i in range(n):
        if best[i] is None:
            continue
        for suffix in _DIV_SUFFIXES:
            # where the suffix follows a stem of 1 to 12 characters, shortest stem first
            stop = min(i + 12 + len(suffix), n)
            k = name.find(suffix, i + 1, stop)
            while k != -1:
                j = k + len(suffix)
                tok = name[i:j]
                cand = (best[i][0] + 1, best[i][1] + (len(tok) >= 3), best[i][2] + [tok])
                if best[j] is None or cand[:2] > best[j][:2]:
                    best[j] = cand
                k = name.find(suffix, k + 1, stop)
    return list(best[n][2]) if best[n] else []


# --------------------------------------------------------------------------- structure

_PART = re.compile(
    rf"^[ \t]*(?:(?P<num>[{CN_DIGITS}]{{1,3}})[ \t]*[、.]|(?P<bu>第(?P<bnum>[{CN_DIGITS}]{{1,3}})部分))"
    r"[ \t]*(?P<title>[^\n]*)$", re.M)
_SUB = re.compile(rf"^[ \t]*\([ \t]*([{CN_DIGITS}]{{1,3}})[ \t]*\)[ \t]*", re.M)
_GLOSS_HEAD = re.compile(
    r"^[ \t]*(?:附件[0-9一二三]{0,2}[ \t]*[:、.]?[ \t]*|附[ \t]*[:、]?[ \t]*)?(?:本报告)?"
    r"(?:名词解释|名词注释|名词解读|注释|注解|释义)[ \t]*:?[ \t]*(?=$|【|[0-9]|“|\()", re.M)
_MAX_TITLE = 40


def _part_title_ok(title: str) -> bool:
    return 0 < len(title) <= _MAX_TITLE and not re.search(r"[。;]|[,、]$", title)


def _find_parts(text: str) -> tuple[list[tuple[int, str, str]], re.Match | None]:
    """Return the parts (start, number as written, title) and the glossary heading, if any."""
    cands: list[tuple[int, int, str, str, int]] = []
    for m in _PART.finditer(text):
        num = m.group("num") or m.group("bnum")
        value = _cn_int(num)
        if value is None or value == 0:
            continue
        title = m.group("title").strip()
        if not title:  # "一、" alone on its line, title on the next line
            nxt = re.match(r"\n[ \t]*(?:\n[ \t]*)?([^\n]*)", text[m.end():])
            title = nxt.group(1).strip() if nxt else ""
        if not _part_title_ok(title):
            continue
        score = 1 + 2 * (_part_kind(title) != "other" or bool(re.search(r"[0-9]{4}", title)))
        cands.append((m.start(), value, m.group("bu") or num, title, score))
    chain = _numbered_chain([(c[1], c[4]) for c in cands])
    if not chain:  # an excerpt that starts at a later part ("二、2024年工作安排"): count from its first
        # part whose title is a review, a plan or a year
        k = next((i for i, c in enumerate(cands) if c[4] == 3), None)
        if k is not None:
            chain = _numbered_chain([(c[1] - cands[k][1] + 1 if i >= k else 0, c[4]) for i, c in enumerate(cands)])
    parts = [(cands[i][0], cands[i][2], cands[i][3]) for i in chain]
    first = parts[0][0] if parts else 0
    gl = next((g for g in _GLOSS_HEAD.finditer(text) if g.start() > first or not parts), None)
    if gl:
        parts = [p for p in parts if p[0] < gl.start()]
    return parts, gl


def _numbered_chain(items: list[tuple[int, int]]) -> list[int]:
    """Pick indexes of items numbered 1, 2, 3 … in order: longest chain, then highest score."""
    best: list[tuple[int, int, int]] = []  # (length, score, previous index)
    by_value: dict[int, tuple[int, int, int]] = {}  # value -> best complete chain ending there so far
    for i, (value, score) in enumerate(items):
        entry = (1, score, -1) if value == 1 else (0, 0, -1)
        prev = by_value.get(value - 1)
        if value > 1 and prev is not None:
            entry = (prev[0] + 1, prev[1] + score, prev[2])
        best.append(entry)
        if entry[0] == value and (value not in by_value or entry[:2] > by_value[value][:2]):
            by_value[value] = (entry[0], entry[1], i)
    if not best or max(b[0] for b in best) == 0:
        return []
    i = max(range(len(best)), key=lambda k: (best[k][0], best[k][1], -k))
    chain = []
    while i >= 0:
        chain.append(i)
        i = best[i][2]
    return chain[::-1]


_REVIEW = re.compile(r"回[顾顧]|回眸|过去|過去|成[绩績]|成就|成效|完成情[况況]|[总總][结結]|主要工作|工作情[况況]|"
                     r"(?:推进|进展|開展|开展|落实|执行|執行)情[况況]")
_PLAN = re.compile(r"安排|[计計][划劃]|任[务務]|目[标標]|重[点點]|要点|打算|部署|展望|思路|谋划|設想|设想|建[议議]|[举舉]措")
_RANGE = re.compile(r"(?:19|20)[0-9]{2}[ \t]*年?[ \t]*[-—–~至到]+[ \t]*(?:19|20)[0-9]{2}[ \t]*年?")
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_LAST_YEAR = re.compile(r"过去一年|去年|上一年|上年")
_THIS_YEAR = re.compile(r"今年|本年|新的一年")
_NEXT_YEAR = re.compile(r"明年|下一年")
_MULTI_YEAR = re.compile(r"今后五年|过去五年|[几两三四五十]年来|五年|“?十[一二三四五六七八九]五”?|[0-9]{4}[ \t]*[-—–~至到]")


def _part_kind(title: str) -> str:
    """Classify a part title.

    >>> [_part_kind(t) for t in ("2020年工作回顾", "2021年工作安排", "名词解释", "加强政府自身建设")]
    ['review', 'plan', 'glossary', 'other']
    >>> [_part_kind(t) for t in ("2023年工作推进情况", "2024年工作谋划", "主要工作成效", "2024年工作要点")]
    ['review', 'plan', 'review', 'plan']
    """
    if re.search(r"名[词詞][解注][释釋]|注[释釋]|[释釋]义", title):
        return "glossary"
    if _REVIEW.search(title):
        return "review"
    if _PLAN.search(title):
        return "plan"
    return "other"


def _title_year(title: str, kind: str, report_year: int | None) -> tuple[int | None, bool]:
    """Return (year, explicit) for a part title; (None, True) when it spans several years."""
    plain = _RANGE.sub(lambda m: "#" * len(m.group(0)), title)
    years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(plain)]
    if years:
        if len({y for _, y in years}) == 1 or kind not in ("review", "plan"):
            return years[0][1], True
        kw = (_REVIEW if kind == "review" else _PLAN).search(plain)
        pos = kw.start() if kw else len(plain)
        before = [y for p, y in years if p < pos]
        return (before[-1] if before else years[0][1]), True
    if report_year is not None:
        if _LAST_YEAR.search(title):
            return report_year - 1, True
        if _THIS_YEAR.search(title):
            return report_year, True
        if _NEXT_YEAR.search(title):
            return report_year + 1, True
    if _MULTI_YEAR.search(title):
        return None, True
    return None, False


def _structure(rep: Report, parts: list[tuple[int, str, str]], gl: re.Match | None) -> None:
    text = rep.text
    bounds = [p[0] for p in parts] + ([gl.start()] if gl else [])
    first = bounds[0] if bounds else len(text)
    sections: list[Section] = [Section("0", 0, "", "", 0, first, None, "other")]
    if rep.year is None:  # last resort: the single year a plan part names, or a review's + 1
        for _, _, title in parts:
            kind = _part_kind(title)
            y, _ = _title_year(title, kind, None)
            if y and kind in ("review", "plan"):
                rep.year = y if kind == "plan" else y + 1
                break
    leaves: list[tuple[int, str]] = [(0, "0")]  # (start, id) of innermost sections, in order
    prev_year: int | None = None
    for i, (start, num, title) in enumerate(parts):
        end = bounds[i + 1] if i + 1 < len(bounds) else len(text)
        kind = _part_kind(title)
        year, explicit = _title_year(title, kind, rep.year)
        if not explicit:
            if kind == "review" and rep.year:
                year = rep.year - 1
            elif kind == "plan":
                year = rep.year
            elif kind == "other":
                year = prev_year
        prev_year = year
        sid = str(i + 1)
        sections.append(Section(sid, 1, num, title, start, end, year, kind))
        leaves.append((start, sid))
        if kind == "glossary":
            continue
        subs = [m for m in _SUB.finditer(text, start, end)]
        chain = _numbered_chain([(_cn_int(m.group(1)) or 0, 1) for m in subs])
        subs = [subs[k] for k in chain]
        for j, m in enumerate(subs):
            s0 = m.start()
            s1 = subs[j + 1].start() if j + 1 < len(subs) else end
            line_end = text.find("\n", m.end())
            body = text[m.end(): line_end if line_end != -1 else s1]
            stitle = re.split(r"[。;!?]", body, maxsplit=1)[0].strip()[:60]
            sections.append(Section(f"{sid}.{j + 1}", 2, f"({m.group(1)})", stitle, s0, s1, year, kind, sid))
            leaves.append((s0, f"{sid}.{j + 1}"))
    if gl:
        gid = str(len(parts) + 1)
        heading = text[gl.start():gl.end()].strip().rstrip(":").strip()
        sections.append(Section(gid, 1, "", heading, gl.start(), len(text), None, "glossary"))
        leaves.append((gl.start(), gid))
    rep.sections = sections
    rep.paragraphs = _paragraphs(text)
    rep.sentences = _sentences(text, rep.paragraphs, leaves)
    gloss = [s for s in sections if s.kind == "glossary" and s.level == 1]
    if gloss:
        g = gloss[0]
        body_start = gl.end() if gl and g.start == gl.start() else text.find("\n", g.start) + 1 or g.end
        rep.glossary = _glossary(text, body_start, g.end)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each non-blank line, without its leading blanks."""
    out = []
    for m in _LINE.finditer(text):
        line = m.group(0)
        lead = len(line) - len(line.lstrip())
        if lead < len(line):
            out.append((m.start() + lead, m.end()))
    return out


# --------------------------------------------------------------------------- sentences

_TERMINATOR = re.compile(r"[。!?]+")
_CLOSERS = "”’」』)》】"
_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "(": ")", "《": "》", "【": "】"}
_CONTINUES = ",、;:)》的等"
_MAX_GROUP = 200
_OPENERS = re.compile("[" + re.escape("".join(_PAIRS)) + "]")
_BRACKETS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_PAIRS.values())) + "]")


def _protected(text: str, p0: int, p1: int) -> list[tuple[int, int]]:
    """Return (open, close) offsets of balanced quote/bracket groups in text[p0:p1]."""
    stack: list[tuple[str, int]] = []
    groups = []
    closing = set(_PAIRS.values())
    for m in _BRACKETS.finditer(text, p0, p1):  # only the quote and bracket characters
        i, c = m.start(), m.group()
        if c in _PAIRS:
            stack.append((c, i))
        elif c in closing:
            for k in range(len(stack) - 1, -1, -1):
                if _PAIRS[stack[k][0]] == c:
                    o = stack[k][1]
                    del stack[k:]
                    if i - o <= _MAX_GROUP:
                        groups.append((o, i))
                    break
    return groups


def _sentences(text: str, paragraphs: list[tuple[int, int]], leaves: list[tuple[int, str]]) -> list[Sentence]:
    leaf_starts = [s for s, _ in leaves]
    out: list[Sentence] = []

    def add(start: int, end: int, pi: int) -> None:
        sec = leaves[bisect.bisect_right(leaf_starts, start) - 1][1]
        out.append(Sentence(len(out), start, end, sec, pi))

    for pi, (p0, p1) in enumerate(paragraphs):
        has_pairs = _OPENERS.search(text, p0, p1) is not None
        groups = sorted(_protected(text, p0, p1)) if has_pairs else []
        g, reach = 0, -1  # groups opened so far; the furthest close among them
        pos = p0
        for m in _TERMINATOR.finditer(text, p0, p1):
            end = m.end()
            while end < p1 and text[end] in _CLOSERS:
                end += 1
            while g < len(groups) and groups[g][0] < m.start():
                reach = max(reach, groups[g][1])
                g += 1
            # inside a quote (groups nest, so the outermost one reaches furthest): split only if
            # the terminator is directly closed ("。”") and the clause does not go on after it
            if reach > m.start() and (reach >= end or (end < p1 and text[end] in _CONTINUES)):
                continue
            if end > pos:
                add(pos, end, pi)
            pos = end
            while pos < p1 and text[pos].isspace():
                pos += 1
        if pos < p1 and text[pos:p1].strip():
            add(pos, p1, pi)
    return out


# --------------------------------------------------------------------------- glossary

_NUM = r"[ \t]*(?:[0-9]{1,2}[ \t]*[.、)]?|\([0-9]{1,2}\))?[ \t]*"
_G_BRACKET = re.compile(r"【([^】\n]{1,60})】")
_NUM_ONLY = re.compile(_NUM)
_G_QUOTED = re.compile(rf"^[ \t]*{_NUM}“([^”\n]{{1,40}})”[ \t]*,?[ \t]*(?:是指|指的是|指|:)[ \t]*")
_G_COLON = re.compile(rf"^[ \t]*{_NUM}([^\s:。,;【】()]{{2,30}}?)[ \t]*:[ \t]*(?:是指|指的是|指)?[ \t]*")
_G_SHIZHI = re.compile(rf"^[ \t]*{_NUM}([^\s:“”。,;【】()]{{2,30}}?)(?:是指|指的是)[ \t]*")
_G_NUMBERED = re.compile(r"^[ \t]*(?:[0-9]{1,2}[ \t]*[.、)]|\([0-9]{1,2}\))[ \t]*([^\s:。,;【】()]{1,20}?)指[ \t]*")
_G_LEAD = re.compile(r"[ \t]*:?[ \t]*(?:是指|指的是|指(?![标导数南出明示向]))?[ \t]*")


def _glossary(text: str, start: int, end: int) -> list[GlossaryEntry]:
    """Parse glossary entries in text[start:end], one or more per line."""
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text, start, end) if m.group(0).strip()]
    found: list[tuple[int, int, int]] = []  # (term_start, term_end, definition_start)
    for a, b in lines:
        line = text[a:b]
        brackets = [m for m in _G_BRACKET.finditer(line)  # at the line start or after 。/;
                    if line[: m.start()].rstrip(" \t")[-1:] in ("。", ";")
                    or (m.start() <= 12 and _NUM_ONLY.fullmatch(line[: m.start()]))]
        if brackets:
            for m in brackets:
                lead = _G_LEAD.match(line, m.end())
                found.append((a + m.start(1), a + m.end(1), a + lead.end()))
            continue
        for rx in (_G_QUOTED, _G_SHIZHI, _G_NUMBERED, _G_COLON):
            m = rx.match(line)
            if m:
                found.append((a + m.start(1), a + m.end(1), a + m.end()))
                break
    entries: list[GlossaryEntry] = []
    starts = [f[0] for f in found]
    line_starts = [a for a, _ in lines]
    for k, (t0, t1, d0) in enumerate(found):
        li = bisect.bisect_right(line_starts, t0) - 1
        line_end = lines[li][1]
        nxt = starts[k + 1] if k + 1 < len(found) else end
        d1 = nxt - 1 if nxt < line_end else line_end  # another bracket entry on the same line
        if not text[d0:d1].strip() and li + 1 < len(lines) and lines[li + 1][1] <= nxt:
            d0, d1 = lines[li + 1]  # the definition is on the following line
            d0 = _G_LEAD.match(text, d0).end()
        while d1 > d0 and text[d1 - 1].isspace():
            d1 -= 1
        entries.append(GlossaryEntry(text[t0:t1], text[d0:d1], t0, t1, d0, d1))
    return entries
