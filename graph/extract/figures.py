"""Figures: quantities with a unit, the indicator they measure, year, target or actual, change.

e.g. '财政收入完成3.6亿元' -> (财政收入, 3.6, 亿元); '组建3000余人志愿服务队' -> (组建志愿服务队, 3000, 人,
approximate 余); '同比增长4.8%' after a figure becomes its change '+4.8%'; in a part that plans
2021, '财政收入比上年增长4%' -> a 2021 target (财政收入增长, 4, %, change +4%).
"""
from __future__ import annotations

import re
from dataclasses import replace

from govkg.extract.base import Figure
from govkg.extract.context import HAN, Context
from govkg.ingest import Section

BASE_UNITS = sorted("""
元 平方米 平米 平方公里 公里 千米 米 立方米 微克/立方米 毫克/立方米 亩 公顷 吨 人次 家次 户次 人 家 户 件 个单元 个 处 条 座 所
项 次 起 期 场 名 辆 份 套 块 宗 间 栋 幢 台 张 棵 株 盏 根 对 支 部 篇 天 小时 倍 % 个百分点 千瓦 兆瓦 千瓦时 立方 公斤 千克 床 张床位 个床位 辆次 单元
""".split(), key=len, reverse=True)
SCALES = "万亿千百"
_CN = "零〇一二两三四五六七八九十百千万"
NUMBER = re.compile(
    r"(?P<pre>约|近|超过|超|逾|达)?"
    r"(?<![A-Za-z0-9.\-+第/])(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)"
    r"(?P<scale>[万亿千百](?!分))?(?P<approx>余|多)?"
    r"(?P<unit>" + "|".join(re.escape(u) for u in BASE_UNITS) + r")"
    r"(?P<post>以上|左右|余|多)?")
CHANGE_BEFORE = re.compile(r"(?P<cmp>同比(?:去年|上年)?|比上年|比去年|较上年|较去年|与上年相比|比\d{4}年)?(?P<verb>增长|上升|提高|增加|下降|减少|降低|回落)了?(?P<approx>近|约|超过|超)?$")
LEAD_STRIP = re.compile(r"^(?:其中|截至目前|截至年底|截至\d{4}年底|全年|全镇|全区|全县|全市|全乡|我镇|我区|我县|我市|今年|明年|年内|共|\d{4}年(?:底|末|内)?|[,;:、])+")
TAIL_STRIP = re.compile(r"(?:分别|由|增加到|增长到|提高到|提升到|下降到|减少到|完成|达到了|达到|达|为|实现|共计|合计|总计|共|约|近|超过|超|逾|突破|增至|提高到|提升至|控制在|保持在|累计|新增了|了|的|是|有|在|以上|左右)+$")
CLAUSE_SPLIT = re.compile(r"[,;:!?。]")
TO_CLAUSE_START = re.compile(r"[\s\S]*" + CLAUSE_SPLIT.pattern)  # .match(text, a, b): text up to the last mark
POST_STOP = re.compile(r"[,;:!?。、“”(]|实施|进行|开展|完成|的|等|和|及|与|并|全部|全面|正在|已经|已|均|为")
CLASSIFIERS = set("个 家 户 件 处 条 座 所 项 次 起 期 场 名 辆 份 套 块 宗 间 栋 幢 台 张 棵 株 盏 根 对 支 部 篇 床 单元 个单元".split())
DIGIT = re.compile(r"\d")
NOT_AFTER_FIGURE = re.compile(r"[年月日号届]|\d")
TARGET_WORDS = re.compile(r"力争|目标|预期|争取|计划")


CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
# Chinese numerals count things only before a classifier; "两个维护", "四个意识" are slogans.
# (?<![第一…到])(?P<num>[两…千]{1,4}), with the lookbehind after the first numeral (spanning it) so
# that re skips quickly to the numerals
CN_NUMBER = re.compile(r"(?P<num>[两二三四五六七八九十百千](?<![第一二三四五六七八九十百千万两至到].)[两二三四五六七八九十百千]{0,3})"
                       r"(?P<unit>个单元|[个条座所家处项名户块宗间栋幢台张])"
                       r"(?!意识|自信|维护|确立|全面|代表|务必|坚持|一|二|三|四|五|六|七|八|九|十|两)")


def cn_to_int(s: str) -> int | None:
    """Convert a Chinese numeral below 100,000 to an int.

    >>> cn_to_int("三"), cn_to_int("十五"), cn_to_int("二十"), cn_to_int("两千"), cn_to_int("一百零八")
    (3, 15, 20, 2000, 108)
    """
    total, digit = 0, None
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


STATED_BEFORE = re.compile(r"[\d.,]+[万亿千百]?(?:" + "|".join(re.escape(u) for u in BASE_UNITS) + r")[和及、]?")


def _clean_name(prefix: str, verb: str = "") -> str:
    # a figure stated just before ("分别达到45210元和29860元") is not part of the next one's name
    prefix = STATED_BEFORE.sub("", prefix)
    name = LEAD_STRIP.sub("", prefix.strip())
    if "等" in name:  # "引进X、Y等企业" -> 引进企业
        name = verb + name.rsplit("等", 1)[1]
    prev = None
    while prev != name:
        prev = name
        name = TAIL_STRIP.sub("", name)
        name = LEAD_STRIP.sub("", name)
    return name.strip()


def _post_chunk(text: str, pos: int, limit: int = 10) -> str:
    m = POST_STOP.search(text, pos, pos + limit)
    return text[pos:m.start() if m else min(len(text), pos + limit)]


WINDOW = 200  # how far back a figure's name, year and quotes are looked for


def _in_quotes(text: str, start: int, end: int) -> bool:
    """Tell whether ``end`` lies inside a “…” quotation opened after ``start``."""
    return text.count("“", start, end) > text.count("”", start, end)


def _leading_verb(ctx: Context, start: int, end: int) -> str:
    """Return the verb that opens a clause ("新建", "完成"), or ''."""
    i = start
    while i < end and ctx.text[i] in " ,;:、":
        i += 1
    tok = ctx.tok_by_start.get(i)
    if tok is not None and tok.end <= end and tok.tag in ("v", "vn") and tok.text not in ("完成", "实现", "达到"):
        return tok.text
    return ""


# (?<![\d\-])(20\d\d)年(?![\d\-]), with the lookbehind after "20" (spanning it): re then skips fast to "20"
YEAR = re.compile(r"(20(?<![\d\-]..)\d\d)年(?![\d\-])")


def _year(ctx: Context, sentence_start: int, pos: int, default: int | None) -> int | None:
    years = [int(y) for y in YEAR.findall(ctx.text[sentence_start:pos])]
    return years[-1] if years else default


def extract_figures(ctx: Context) -> list[Figure]:
    """Return every figure stated in the report's sentences."""
    rep = ctx.report
    out: list[Figure] = []
    sections: dict[str, Section] = {}
    for s in rep.sections:  # rep.section(id) without a walk through the sections for every sentence
        sections.setdefault(s.id, s)
    for si, sent in enumerate(rep.sentences):
        section = sections.get(sent.section)
        part = sections.get(section.parent) if section and section.parent else section
        if part is None or part.kind == "glossary":
            continue
        default_year = part.year if part.kind in ("review", "plan") else rep.year
        # a part that plans, or an untitled part after it that carries the plan year ("三、切实加强政府自身建设")
        plan_year = part.year if part.kind == "plan" or (
            part.kind == "other" and part.year and rep.year and part.year >= rep.year) else None
        text = ctx.text
        pending: list[int] = []  # indexes in ``out`` of this sentence's figures awaiting a change
        # a NUMBER match starts at most two characters (超过) before a digit: scan from the first one
        digit = DIGIT.search(text, sent.start, sent.end)
        numbers = NUMBER.finditer(text, max(sent.start, digit.start() - 2), sent.end) if digit else ()
        matches = list(numbers)
        counts = [c for c in CN_NUMBER.finditer(text, sent.start, sent.end)
                  if not _in_quotes(text, max(sent.start, c.start() - WINDOW), c.start())]
        if counts:  # (finditer's matches are in order already)
            matches = sorted(matches + counts, key=lambda m: m.start())
        last = last_end = sent.start
        for m in matches:
            if ";" in text[last:m.start()]:
                pending = []  # a change stated after ";" is not about figures before it
            last = m.start()
            if m.re is CN_NUMBER:
                n = cn_to_int(m.group("num"))
                if n is None or n < 2:
                    continue
                m = _CnMatch(m, str(n))
            if NOT_AFTER_FIGURE.match(text[m.end():m.end() + 1]) and m.group("unit") not in ("%",):
                continue
            # look back at most WINDOW characters: sentences without punctuation stay linear
            w0 = max(sent.start, m.start() - WINDOW)
            split = TO_CLAUSE_START.match(text, w0, m.start())  # the last clause mark before the figure
            clause_start = split.end() if split else w0
            prefix = text[clause_start:m.start("num") - len(m.group("pre") or "")] if m.group("pre") else text[clause_start:m.start()]
            value = m.group("num").replace(",", "")
            unit = (m.group("scale") or "") + m.group("unit")
            approx = next((g for g in (m.group("pre"), m.group("approx"), m.group("post")) if g and g != "达"), None)
            year = _year(ctx, w0, m.start(), default_year)
            is_target = plan_year is not None and (year is None or year >= plan_year)
            if part.kind == "review" and year and part.year and year > part.year:
                is_target = True  # a review part stating next year's plan
            if not is_target and year and rep.year and year >= rep.year and TARGET_WORDS.search(text[w0:m.end()]):
                is_target = True
            cm = CHANGE_BEFORE.search(prefix)
            if cm and m.group("unit") in ("%", "个百分点", "倍"):
                sign = "-" if cm.group("verb") in ("下降", "减少", "降低", "回落") else "+"
                change = f"{sign}{value}{m.group('unit')}"
                subject = _clean_name(prefix[:cm.start()])
                if pending and last_end > clause_start and not text[last_end:m.start()].strip("、 ").replace(
                        cm.group(0), "").strip("、 "):
                    subject = ""  # "完成312.5亿元、增长7.2%": the change of the figure just stated
                if not subject and pending:
                    for i in pending:
                        out[i] = _with_change(out[i], change)
                    pending = []
                    continue
                name = (subject + cm.group("verb")) if subject else cm.group("verb")
                if len(subject) < 2:
                    continue
                out.append(Figure(m.start(), m.end(), name, value, m.group("unit"), year, is_target, si,
                                  change=change, approximate=approx))
                pending = []
                continue
            name = _clean_name(prefix, _leading_verb(ctx, clause_start, m.start()))
            if m.group("unit") in CLASSIFIERS or m.group("unit") in ("人", "人次", "家次"):
                # "新建…2座污水处理站": the counted noun after the number names the indicator,
                # led by the clause's verb when it has one ("新建污水处理站")
                post = _clean_name(_post_chunk(text, m.end()))
                if len(post) >= 2:
                    name = _leading_verb(ctx, clause_start, m.start()) + post
            if len(name) < 2 or not HAN.search(name):
                continue
            out.append(Figure(m.start(), m.end(), name, value, unit, year, is_target, si, approximate=approx))
            pending.append(len(out) - 1)
            last_end = m.end()
    return out


class _CnMatch:
    """A Chinese-numeral match seen through the same groups as a NUMBER match."""
    def __init__(self, m: re.Match, value: str):
        self._m, self._value = m, value

    def group(self, name: str = 0):
        if name == "num":
            return self._value
        return self._m.group(name) if name in (0, "unit") else None

    def start(self, name: str = 0) -> int:
        return self._m.start("num" if name == "num" else 0)

    def end(self, name: str = 0) -> int:
        return self._m.end()


def _with_change(f: Figure, change: str) -> Figure:
    return replace(f, change=change)
