"""Figures: quantities with a unit, the indicator they measure, year, target or actual, change.

e.g. '财政收入完成3.6亿元' -> (财政收入, 3.6, 亿元); '组建3000余人志愿服务队' -> (组建志愿服务队, 3000, 人,
approximate 余); '同比增长4.8%' after a figure becomes its change '+4.8%'; in a part that plans
2021, '财政收入比上年增长4%' -> a 2021 target (财政收入增长, 4, %, change +4%).
'分别增长4.6%和7.1%' gives its changes one by one to the figures (or the indicators) listed before it;
'由2020年的1.8亿元增加到2.6亿元' gives 1.8 the year 2020 and 2.6 the same name; thresholds
('5000万元以上项目'), groups picked from ('14个乡镇中') and ranks are no figures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from govkg.extract.base import Figure
from govkg.extract.context import HAN, Context
from govkg.extract.indicators import concept_for
from govkg.ingest import Section

BASE_UNITS = sorted("""
元 平方米 平米 平方公里 公里 千米 米 立方米 微克/立方米 毫克/立方米 亩 公顷 吨 人次 家次 户次 人 家 户 件 个单元 个 处 条 座 所
项 次 起 期 场 名 辆 份 套 块 宗 间 栋 幢 台 张 棵 株 盏 根 对 支 部 篇 天 小时 倍 % 个百分点 千瓦 兆瓦 千瓦时 立方 公斤 千克 床 张床位 个床位 辆次 单元
头只 头 只 羽 匹 口 眼 艘 美元
""".split(), key=len, reverse=True)
SCALES = "万亿千百"
_CN = "零〇一二两三四五六七八九十百千万"
NUMBER = re.compile(
    r"(?P<pre>约|近|超过|超|逾|达)?"
    r"(?<![A-Za-z0-9.\-+第/])(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)"
    r"(?P<scale>[万亿千百](?!分))?(?P<approx>余|多)?"
    r"(?P<unit>" + "|".join(re.escape(u) for u in BASE_UNITS) + r")"
    r"(?P<post>以上|左右|余|多)?")
CHANGE_BEFORE = re.compile(r"(?P<cmp>(?:按可比价格?计算,?)?(?:分别|均)?(?:同比(?:去年|上年)?|比上年|比去年|较上年|较去年|与上年相比|比\d{4}年|年均)?(?:分别|均)?)"
                           r"(?P<verb>增长|上升|提高|增加|下降|减少|降低|回落|比增|比降)了?(?P<approx>近|约|超过|超)?$")
DOWN = ("下降", "减少", "降低", "回落", "比降")
CHANGE_SPAN = 26  # at most that many characters: CHANGE_BEFORE is searched for in a prefix's tail only
CHANGE_LAST = set("长升高加降少落增了近约过超")  # … and only when the prefix ends with one of its last characters
LEAD_STRIP = re.compile(r"^(?:其中|截至目前|截至年底|截至\d{4}年底|[一二三四]季度|前三季度|上半年|下半年|1[-—至]\d{1,2}月|全年|全镇|全区|全县|全市|全乡|我镇|我区|我县|我市|今年|明年|年内|共|\d{4}年(?:底|末|内)?|[,;:、])+")
LEAD_AT = re.compile(LEAD_STRIP.pattern[1:])
TAIL_STRIP = re.compile(r"(?:分别|由|增加到|增长到|提高到|提升到|下降到|减少到|完成|达到了|达到|达|为|实现|共计|合计|总计|共|约|近|超过|超|逾|突破|增至|提高到|提升至|控制在|保持在|稳定在|扩大到|扩大至|降至|下降到|下降至|减少到|减少至|降低到|降低至|确保|力争|争取|累计|新增了|了|的|是|有|在|以上|左右)+$")
CLAUSE_SPLIT = re.compile(r"[,;:!?。]")
TO_CLAUSE_START = re.compile(r"[\s\S]*" + CLAUSE_SPLIT.pattern)  # .match(text, a, b): text up to the last mark
POST_STOP = re.compile(r"[,;:!?。、“”(\d]|实施|进行|开展|完成|的|等|和|及|与|并|全部|全面|正在|已经|已|均|为|将|把|被|从|向|由|达到")
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


STATED_BEFORE = re.compile(r"[\d.,]+[万亿千百]?(?:" + "|".join(re.escape(u) for u in BASE_UNITS) + r")(?!以上|以下|的)[和及、]?")


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


# ---- what a figure measures: a noun phrase, its verb apart ---------------------------------
@dataclass(frozen=True)
class MeasuredFigure(Figure):
    """A figure with what was done to the measured thing (完成, 新增, 引进) and its indicator concept."""

    action: str | None = None  # the verb of the clause, as written
    concept: str | None = None  # local name of the national indicator concept (ind:FiscalRevenue)


# a stated time, after which the name starts ("X镇2020年全年引入企业")
TIME_CUT = re.compile(r"[\s\S]*(?:\d{4}年(?:度|底|末|内|全年)?|今年|去年|全年)")
# mood, aim and manner words and determiners that open a clause, not the measured thing
MOOD_LEAD = re.compile(r"^(?:力争|确保|争取|至少|预计|计划|按时|提前|全面|累计|持续|共|约|各类|各项|各种|相关|所有|一批|[\u4e00-\u9fff]{1,3}[两三四五]级)+")
# verbs that make what they count another thing (新建道路 is not 道路; 引入企业 is not 企业): kept in the label
KEEP_VERB = re.compile(r"^(?:新[\u4e00-\u9fff]|引入|引进|加装|增加|增设|净增|培育|认定|开工|签约|注册)")
# verbs of a clause that say the work was done, not what was measured: moved into the action
GENERAL_VERB = re.compile(r"^(?:完成|实现|开展|组织|召开|举办|实施|组建|成立|建设提升|建设|提升|推进|推动|帮助|解决|办理|办结|受理|"
                          r"开办|打造|落实|启动|做好|达到|达成|突破|累计完成|全面完成)")
GENERAL_VERB_AT = re.compile(GENERAL_VERB.pattern[1:])
# words for the kind of work that end a counted noun phrase ("9个X清零任务" -> X清零)
WORK_TAIL = re.compile(r"(?:任务|工作|计划)$|(?<=[\u4e00-\u9fff]{4})(?:建设|工程)$")
# attributes of the thing counted just before ("8条公路大修工程,长度约6.2公里")
ATTRIBUTE = re.compile(r"(?:涉及)?(?:[\u4e00-\u9fff]{0,2}(?:长度|面积|金额|人数|户数|资金|投资|规模|里程))$")
# a place before a locative: the figure is about the place, the name starts after it ("X路周边拆墙透绿")
LOCATIVE_CUT = re.compile(r"[\s\S]*(?:周边|沿线|两侧|辖区内|范围内|境内)")
ATTR_OWNER_TAIL = re.compile(r"(?:工程|项目|任务|工作|计划)$")


def _split_verb(name: str) -> tuple[str, str | None]:
    """Return (label, action): a general verb opening the label goes into the action."""
    m = GENERAL_VERB.match(name)
    if m and len(name) - m.end() >= 2:
        return MOOD_LEAD.sub("", name[m.end():]) or name[m.end():], m.group(0)
    m = KEEP_VERB.match(name)
    return name, (m.group(0) if m else None)


def _clean_prefix(prefix: str) -> str:
    """The words before a figure from where its name may start: after a time, an open bracket, a figure."""
    t = TIME_CUT.match(prefix)
    if t and len(prefix) - t.end() >= 2:
        prefix = prefix[t.end():]
    k = prefix.rfind("(")
    if k >= 0 and ")" not in prefix[k:] and len(prefix) - k > 2:
        prefix = prefix[k + 1:]
    last = None
    for last in STATED_BEFORE.finditer(prefix):
        pass
    if last is not None and HAN.search(prefix[last.end():]) and len(prefix) - last.end() >= 2:
        prefix = prefix[last.end():]
    t = LOCATIVE_CUT.match(prefix)
    if t and len(prefix) - t.end() >= 2 and "、" in t.group(0):  # a list of places, then what was done there
        prefix = prefix[t.end():]
    return DETERMINERS.sub("", MOOD_LEAD.sub("", LEAD_STRIP.sub("", prefix)))


def _qualifier(ctx: Context, prefix_start: int, pos: int, prefix: str) -> str:
    """A short noun phrase just before a count that qualifies what is counted ("1号地3条支路"), or ''."""
    if not (2 <= len(prefix) <= 6) or not ctx.text.endswith(prefix, 0, pos) or re.search(r"[等、和及与]", prefix):
        return ""
    i = pos - len(prefix)
    while i < pos:
        tok = ctx.tok_by_start.get(i)
        if tok is None:
            return ""
        if tok.tag and tok.tag[0] in "vdpcr":
            return ""
        i = tok.end
    return prefix


def _relative(ctx: Context, clause_start: int, start: int, pos: int, prefix: str) -> str:
    """A counted noun with what was done to it, as a relative clause, or ''.

    "对490家企业开展了安全评估" -> 开展安全评估的企业; "梳理27个村的合同" -> 梳理合同的村;
    "推进13个小区的老旧小区改造工程" -> 老旧小区改造工程 (the work names what it is done to).
    """
    text = ctx.text
    stop = POST_STOP.search(text, pos, pos + 12)
    if stop is None or stop.start() - pos < 1:
        return ""
    counted = text[pos:stop.start()]
    if not HAN.fullmatch(counted[:1]) or not all(HAN.match(c) for c in counted):
        return ""
    if stop.group(0) == "的":
        owned = _post_noun(ctx, stop.end())
        if len(owned) < 2:
            return ""
        if counted in owned:
            return owned
        verb = prefix if (tok := ctx.tok_by_start.get(start - len(prefix))) is not None and tok.end == start \
            and tok.tag in ("v", "vn") else ""
        return f"{verb}{owned}的{counted}" if verb else ""
    if text[clause_start:start].rstrip().endswith("对"):
        end = CLAUSE_SPLIT.search(text, stop.start(), stop.start() + 30)
        vp = _clean_name(text[stop.start():end.start() if end else stop.start() + 30].replace("了", ""))
        if 2 <= len(vp) <= 12:
            return f"{vp}的{counted}"
    return ""


VERB_IN_CLAUSE = re.compile(GENERAL_VERB.pattern[1:] + "|" + KEEP_VERB.pattern[1:])


def _noun_chunk(ctx: Context, pos: int, limit: int) -> str:
    """The words from ``pos`` up to a stop word or the first adverb, verb or preposition ("物流园正式投用" -> 物流园)."""
    chunk = _post_chunk(ctx.text, pos, limit)
    i = pos
    while i < pos + len(chunk):
        tok = ctx.tok_by_start.get(i)
        if tok is None:
            break
        if i > pos and tok.tag and (tok.tag[0] in "dvp" or tok.tag == "ad"):
            return chunk[:i - pos]
        i = tok.end
    return chunk


def _predicate(ctx: Context, pos: int) -> str:
    """A verb with a verb-object after it that starts at ``pos`` and ends the clause ("具备开工条件"), or ''."""
    tok = ctx.tok_by_start.get(pos)
    nxt = ctx.tok_by_start.get(tok.end) if tok is not None else None
    obj = ctx.tok_by_start.get(nxt.end) if nxt is not None else None
    if tok is None or tok.tag != "v" or len(tok.text) < 2 or nxt.tag != "v" or obj is None or obj.tag != "n":
        return ""
    end = CLAUSE_SPLIT.search(ctx.text, obj.end, obj.end + 8)
    return ctx.text[pos:obj.end] if end is not None and end.start() == obj.end else ""


DETERMINERS = re.compile(r"各类|各项|各种")


def _merge(owner: str, attr: str) -> str:
    """Join a counted thing and an attribute of it, once where they overlap (X安置 + 安置人数)."""
    owner = ATTR_OWNER_TAIL.sub("", owner)
    for k in range(min(len(owner), len(attr)) - 1, 0, -1):
        if owner.endswith(attr[:k]):
            return owner + attr[k:]
    return owner + attr


def _post_noun(ctx: Context, pos: int) -> str:
    """The counted noun after a figure: up to a stop word; a verb before a next figure is left out."""
    text = ctx.text
    if text.startswith("“", pos):  # "2个“X园区”": a quoted name counted
        close = text.find("”", pos + 1, pos + 16)
        if close > pos + 2:
            return text[pos + 1:close]
    m = POST_STOP.search(text, pos, pos + 12)
    end = m.start() if m else min(len(text), pos + 12)
    i = pos
    while i < end:  # "4条支路具备开工条件": a verb with a verb-object after it starts the predicate
        tok = ctx.tok_by_start.get(i)
        if tok is None:
            break
        nxt = ctx.tok_by_start.get(tok.end)
        if i > pos and tok.tag == "v" and len(tok.text) >= 2 and nxt is not None and len(nxt.text) >= 2 \
                and nxt.tag == "v" and (after := ctx.tok_by_start.get(nxt.end)) is not None and after.tag == "n":
            end = i
            break
        i = tok.end
    if m and DIGIT.match(m.group(0)):
        tok = ctx.tok_by_end.get(end)
        if tok is not None and tok.tag == "v" and tok.start > pos:  # "50个小区成立42个业委会"
            end = tok.start
    if text.startswith("(", end):  # "业委会(物管会)": a short name in brackets belongs to the noun
        close = text.find(")", end, end + 8)
        if close > 0:
            end = close + 1
    while text.startswith("、", end):  # "次干路、支路": a short list of counted nouns
        nxt = POST_STOP.search(text, end + 1, end + 6)
        if nxt is None or nxt.start() - end - 1 < 1 or DIGIT.match(nxt.group(0)):
            break
        end = nxt.start()
    chunk = _clean_name(text[pos:end])
    return WORK_TAIL.sub("", chunk) if len(chunk) >= 4 else chunk


WINDOW = 200  # how far back a figure's name, year and quotes are looked for


def _in_quotes(text: str, start: int, end: int) -> bool:
    """Tell whether ``end`` lies inside a “…” quotation opened after ``start``."""
    return text.count("“", start, end) > text.count("”", start, end)


def _leading_verb(ctx: Context, start: int, end: int) -> str:
    """Return the verb that opens a clause ("新建", "完成"), or ''."""
    i = start
    while i < end and ctx.text[i] in " ,;:、":
        i += 1
    lead = LEAD_AT.match(ctx.text, i, end)  # "全年清理…": the verb after a time or place word
    if lead and lead.end() > i and lead.end() in ctx.tok_by_start:
        i = lead.end()
    tok = ctx.tok_by_start.get(i)
    if tok is not None and tok.end <= end and tok.tag in ("v", "vn") and tok.text not in ("完成", "实现", "达到"):
        return tok.text
    return ""


# (?<![\d\-])(20\d\d)年(?![\d\-]), with the lookbehind after "20" (spanning it): re then skips fast to "20"
YEAR = re.compile(r"(20(?<![\d\-]..)\d\d)年(?![\d\-])")


# "分别增长4.6%和7.1%": the next value of a list of changes
RESP_JOIN = re.compile(r"[、和及与]")
# "由2020年的1.8亿元增加到2.6亿元": a figure's earlier level, then its level now
FROM = re.compile(r"由(?:(?P<year>20\d\d)年(?:底|末)?的?)?$")
TO_AFTER = re.compile(r"^(?:增加到|增长到|提高到|提升到|提升至|增至|扩大到|扩大至|降至|下降到|下降至|减少到|减少至|降低到|降低至|达到)$")
# "14个乡镇中", "排名第3位": a group the sentence picks from, a rank
NOT_A_COUNT = re.compile(r"中$|排名|排第|位列|名列|第$")
# a stated threshold: "5000万元以上项目", "超过10万元的村", "营业收入在2000万元以上的企业"
THRESHOLD_AFTER = re.compile(r"(?:以上|以下)(?:的)?[\u4e00-\u9fff]")
# words that only say the value changed or how it relates, naming nothing by themselves
BARE_CHANGE = re.compile(r"^(?:较上年|比上年|比去年|较去年|同比)?(?P<verb>净增|净减|新增|增加|减少)$")
SHARE = re.compile(r"^占(?!地)[\u4e00-\u9fff]*?(?:比重|比例|比)?$")


# a verb after a list of places: the work done there starts the name
LIST_VERB = re.compile(GENERAL_VERB.pattern[1:] + r"|新增|新建|新落户|新引进|新开工|引进|引入")
# the last place of a list keeps only its suffix before what is measured ("B村集体经济收入" -> 村集体经济收入)
HEAD_AFTER_PLACE = re.compile(r"(?<=[\u4e00-\u9fff])(?:村|社区|镇|乡|街道)(?=[\u4e00-\u9fff]{3,}$)")


def _respectively_names(subject: str) -> list[str]:
    """The indicators a "分别" change names: "A、B" -> [A, B]; "城乡居民X" -> [城镇居民X, 农村居民X]."""
    parts = [p for p in re.split(r"[、和及与]", subject) if p]
    if len(parts) >= 2 and all(len(p) >= 2 for p in parts):
        return parts
    if subject.startswith("城乡") and len(subject) > 4:
        return ["城镇" + subject[2:], "农村" + subject[2:]]
    return []


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
        from_to = None  # (name, end, start of 由) of a "由X…" earlier level
        resp = None  # a "分别" list of changes under way: [targets (indexes in out, or names), next, end, verb]
        for m in matches:
            if ";" in text[last:m.start()]:
                pending = []  # a change stated after ";" is not about figures before it
                resp = None
            last = m.start()
            if m.re is CN_NUMBER:
                n = cn_to_int(m.group("num"))
                if n is None or n < 2:
                    continue
                m = _CnMatch(m, str(n))
            if NOT_AFTER_FIGURE.match(text[m.end():m.end() + 1]) and m.group("unit") not in ("%",):
                continue
            if resp is not None:
                if m.group("unit") in ("%", "个百分点") and RESP_JOIN.fullmatch(text[resp[2]:m.start()].strip()):
                    targets, k, _, (verb, sign) = resp
                    resp[1], resp[2] = k + 1, m.end()
                    change = f"{sign}{m.group('num')}{m.group('unit')}"
                    if k < len(targets) and isinstance(targets[k], int):
                        out[targets[k]] = _with_change(out[targets[k]], change)
                    elif k < len(targets):
                        f0 = out[-1]
                        out.append(replace(f0, start=m.start(), end=m.end(), name=targets[k] + verb,
                                           value=m.group("num"), unit=m.group("unit"), change=change,
                                           concept=concept_for(targets[k] + verb)))
                    continue
                resp = None
            pre_text = text[max(sent.start, m.start() - 10):m.start()]
            if m.group("unit") not in ("%", "个百分点", "倍") and (
                    THRESHOLD_AFTER.match(text, m.end()) and not m.group("post")
                    or m.group("post") == "以上" and (text.startswith("的", m.end()) or HAN.match(text, m.end()))
                    or (m.group("pre") in ("超过", "超", "逾") or pre_text.endswith(("超过", "低于", "不足", "高于")))
                    and text.startswith("的", m.end())):
                continue  # a threshold qualifying what is counted next
            # look back at most WINDOW characters: sentences without punctuation stay linear
            w0 = max(sent.start, m.start() - WINDOW)
            split = TO_CLAUSE_START.match(text, w0, m.start())  # the last clause mark before the figure
            clause_start = split.end() if split else w0
            prefix = text[clause_start:m.start("num") - len(m.group("pre") or "")] if m.group("pre") else text[clause_start:m.start()]
            if not isinstance(m, _CnMatch) and m.group("pre") and m.start() not in ctx.tok_by_start and m.start("num") - m.start() == 1:
                prefix = text[clause_start:m.start("num")]  # "签约5.2万人": 约 ends a word, it is no approximation
                m = _NoPre(m)
            value = m.group("num").replace(",", "")
            unit = (m.group("scale") or "") + m.group("unit")
            approx = next((g for g in (m.group("pre"), m.group("approx"), m.group("post")) if g and g != "达"), None)
            to_name = None
            frm = FROM.search(text, clause_start, m.start())
            if frm is not None:  # "财政总收入由2020年的1.8亿元增加到…": the earlier level, of its own year
                from_name = _split_verb(_clean_name(_clean_prefix(text[clause_start:frm.start()])))[0]
                from_to = (from_name, m.end(), frm.start())
                if frm.group("year") and len(from_name) >= 2 and HAN.search(from_name):
                    out.append(MeasuredFigure(m.start(), m.end(), from_name, value, unit, int(frm.group("year")),
                                              False, si, approximate=approx, concept=concept_for(from_name)))
                continue
            if from_to is not None and from_to[1] <= m.start() and TO_AFTER.match(text[from_to[1]:m.start()].strip()):
                to_name, w_end = from_to[0], from_to[2]  # "…增加到2.6亿元": the level now, of the part's year
            else:
                w_end = m.start()
            from_to = None
            year = _year(ctx, w0, w_end, default_year)
            is_target = plan_year is not None and (year is None or year >= plan_year)
            if part.kind == "review" and year and part.year and year > part.year:
                is_target = True  # a review part stating next year's plan
            if not is_target and year and rep.year and year >= rep.year and TARGET_WORDS.search(text[w0:m.end()]):
                is_target = True
            cm = CHANGE_BEFORE.search(prefix, max(0, len(prefix) - CHANGE_SPAN)) if prefix[-1:] in CHANGE_LAST else None
            if cm and m.group("unit") in ("%", "个百分点", "倍"):
                sign = "-" if cm.group("verb") in DOWN else "+"
                change = f"{sign}{value}{m.group('unit')}"
                subject = _clean_name(prefix[:cm.start()])
                if pending and last_end > clause_start and not text[last_end:m.start()].strip("、 ").replace(
                        cm.group(0), "").strip("、 "):
                    subject = ""  # "完成312.5亿元、增长7.2%": the change of the figure just stated
                verb_word = cm.group("verb").replace("比增", "增长").replace("比降", "下降")
                if "分别" in cm.group("cmp") or subject.endswith("分别"):
                    subject = subject.removesuffix("分别")
                    names = _respectively_names(subject) if subject else []
                    targets = list(pending) if not subject and len(pending) >= 2 else names
                    if targets:
                        resp = [targets, 1, m.end(), (verb_word, sign)]
                        if isinstance(targets[0], int):
                            out[targets[0]] = _with_change(out[targets[0]], change)
                            pending = []
                            continue
                        subject = targets[0]
                if not subject and pending:
                    if "均" not in cm.group("cmp"):  # "失业率3.5%,PM2.5浓度28微克/立方米,同比下降6.7%": the last
                        unit0 = _base_unit(out[pending[-1]].unit)  # figures, in the same unit
                        k = len(pending)
                        while k > 0 and _base_unit(out[pending[k - 1]].unit) == unit0:
                            k -= 1
                        pending = pending[k:]
                    for i in pending:
                        out[i] = _with_change(out[i], change)
                    pending = []
                    continue
                name = (subject + verb_word) if subject else verb_word
                if len(subject) < 2:
                    continue
                out.append(MeasuredFigure(m.start(), m.end(), name, value, m.group("unit"), year, is_target, si,
                                          change=change, approximate=approx,
                                          concept=concept_for(name, text[sent.start:m.start()])))
                pending = []
                continue
            verb = _leading_verb(ctx, clause_start, m.start())
            name, action = _split_verb(_clean_name(_clean_prefix(prefix), verb))
            subject = None
            unit_word = m.group("unit")
            post_pos = m.end()
            if unit_word in CLASSIFIERS or unit_word in ("人", "人次", "家次") or (
                    unit_word not in ("%", "个百分点", "倍") and not m.group("post")):
                # "新建…2座污水处理站", "完成15公里截污管线建设": the noun after the number is what is
                # counted or measured; the clause's verb goes into the action unless it changes the thing
                post = _post_noun(ctx, post_pos)
                done = GENERAL_VERB_AT.match(text, post_pos, post_pos + 4) if not post else None
                if done:  # "4个单元完成加装电梯工程": the work done on what was counted
                    post = _post_noun(ctx, done.end())
                    if len(post) <= 2:
                        post = ""  # "X一期90亩完成建设": the name before says what was measured
                    action = done.group(0)
                qual = _qualifier(ctx, clause_start, m.start(), MOOD_LEAD.sub("", _clean_prefix(prefix)))
                if not qual and out and out[-1].sentence == si and getattr(out[-1], "subject", None) and \
                        text[out[-1].end:m.start()].endswith("、") and len(text[out[-1].end:m.start()]) <= 8:
                    qual = out[-1].subject  # "1号地3条支路、3条次干路": the list shares its qualifier
                qualified = qual and len(post) >= 2 and not NOT_AFTER_FIGURE.match(post)
                if len(post) >= 2 and post in name:
                    post = ""  # "日处理污水量约6400立方米污水": the name before says more
                if len(post) >= 2 and HAN.search(post) and not NOT_AFTER_FIGURE.match(post):
                    if qualified:
                        post, subject = qual + post, qual
                    lead = verb or (action or "")
                    label, act = _split_verb(lead + post) if lead else (post, None)
                    if not KEEP_VERB.match(label) and lead and KEEP_VERB.match(lead):
                        label = lead + post
                    name, action = label, act or action or (lead or None)
                    if name.startswith(lead) and lead and not KEEP_VERB.match(lead):
                        name = name[len(lead):]
                rel = _relative(ctx, clause_start, m.start(), post_pos, _clean_prefix(prefix))
                if rel:
                    name = rel
                elif len(post) >= 2 and name.endswith(post) and (k := text.find(
                        counted := post[len(subject):] if subject and post.startswith(subject) else post,
                        post_pos, post_pos + 16)) >= 0:
                    vp = _predicate(ctx, k + len(counted))
                    if vp:
                        name = f"{vp}的{name}"  # "5条道路具备开工条件" -> 具备开工条件的道路
            if text.startswith("的", m.end()) and ATTRIBUTE.search(name):
                # "占地面积120亩的X公园": an attribute of the thing after 的
                owner = _clean_name(_noun_chunk(ctx, m.end() + 1, 16))
                if len(owner) >= 2:
                    name, subject = owner + name, owner
            elif ATTRIBUTE.fullmatch(name) and pending and out[pending[-1]].sentence == si and out[pending[-1]].unit != "%" \
                    and not CLAUSE_SPLIT.search(text, out[pending[-1]].end, clause_start - 1):
                name = _merge(out[pending[-1]].name, name)  # "8条公路大修工程,长度约6.2公里"
            if action is None:  # "财政收入完成3.6亿元", "完成12个…": the verb of the figure's clause
                said = VERB_IN_CLAUSE.search(prefix)
                action = said.group(0) if said else None
            if isinstance(m, _NoPre) and not name.endswith(text[m.start()]):
                name += text[m._m.start()]  # the word's last character, taken for an approximation
            for d in sorted(rep.divisions or (), key=len, reverse=True):  # "X镇老旧小区…": the report's own division
                if name.startswith(d) and len(name) - len(d) >= 2:
                    name = name[len(d):]
                    break
            change = None
            prev = out[-1] if out and out[-1].sentence == si and m.start() - out[-1].end <= 8 else None
            if to_name:
                name = to_name
            elif NOT_A_COUNT.search(name) and (not name.endswith("中") or re.match(
                    r"[\u4e00-\u9fff]{1,8}?中[,、]", text[m.end():m.end() + 12])):
                continue  # "全县14个乡镇中", "在32个乡镇考核中排名第3位": a group picked from, a rank
            elif (b := BARE_CHANGE.match(name)) and prev is not None:
                name = prev.name + b.group("verb")  # "规上工业企业46家,净增7家", "…较上年增加1320元"
            elif SHARE.match(name) and prev is not None:
                name = prev.name + name  # "民生支出2.86亿元,占比82.4%"
            elif (len(name) < 2 or not HAN.search(name)) and prev is not None:
                # "突破50亿元,达到52.3亿元", "确保8亿元、力争10亿元": the same indicator stated again
                if _base_unit(prev.unit) == _base_unit(unit):
                    name, subject = prev.name, prev.subject
                    if text.endswith(("突破", "超过"), sent.start, prev.start):
                        out.pop()  # a milestone passed, then the level reached
                        pending = [i for i in pending if i < len(out)]
                elif unit == "%" and prev.unit == "个百分点" and prev.change and (
                        v := CHANGE_BEFORE.search(prev.name)) and v.start() >= 2:
                    name, change = prev.name[:v.start()], prev.change  # "提高0.8个百分点,达到63.2%"
                    out.pop()
                    pending = [i for i in pending if i < len(out)]
            if "、" in name and not subject:  # "A路、B线完成路面大修": the places listed are where, not what
                tail = name.rsplit("、", 1)[1]
                v = LIST_VERB.search(tail)
                if v and len(tail) - v.end() >= 2:
                    name = tail[v.end():] if GENERAL_VERB.match(v.group(0)) else tail[v.start():]
                    action = action or v.group(0)
                elif not v and (ht := HEAD_AFTER_PLACE.search(tail)):
                    name = tail[ht.start():]  # "A村、B村集体经济收入" -> 村集体经济收入
            if len(name) < 2 or not HAN.search(name):
                continue
            out.append(MeasuredFigure(m.start(), m.end(), name, value, unit, year, is_target, si, change=change,
                                      approximate=approx, subject=subject, action=action,
                                      concept=concept_for(name, text[sent.start:m.start()])))
            pending.append(len(out) - 1)
            last_end = m.end()
    return out


class _NoPre:
    """A NUMBER match whose "pre" group was the end of a word before it."""
    def __init__(self, m: re.Match):
        self._m = m
        self.re = m.re

    def group(self, name=0):
        return None if name == "pre" else self._m.group(name)

    def start(self, name=0):
        return self._m.start("num") if name == 0 else self._m.start(name)

    def end(self, name=0):
        return self._m.end(name)


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


def _base_unit(unit: str) -> str:
    """The unit without its scale ("亿元" -> "元")."""
    return unit[1:] if unit[:1] in SCALES and len(unit) > 1 else unit
