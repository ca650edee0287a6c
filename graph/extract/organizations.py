"""Organisations: companies, party and government bodies, teams, associations, stores.

e.g. 'X集团', 'X有限公司', '镇党委', '州委', '苏木人大', '镇农办', 'X作战队', 'X工作专班', 'X会员店',
'12345市民服务热线'; companies listed by short names ('甲科技、乙物流等企业').
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.lexicon import STOP_WORDS
from govkg.extract.official import UPPER_EXCLUDE, named_after_place, upper_names
from govkg.extract.rules import (NAME_TAGS, alternation, has_proper_name, kind_data, listed_members,
                                 suffix_names)

DATA = kind_data("organizations")
SUFFIX = DATA["suffix"]
OFFICE = re.compile(DATA["office"]["pattern"])
OFFICE_NOT = re.compile(f"(?:{alternation(DATA['office']['not_ending'])})$")
INDUSTRY = re.compile(f"(?:{alternation(DATA['company_list']['industry'])})$")
INDUSTRY_WORDS = frozenset(DATA["company_list"]["industry"])
NOT_BUSINESS = frozenset(DATA["company_list"]["not_business"])
NOT_ORG_WORDS = re.compile(DATA["not_org"])
COMPANY_HEADS = DATA["company_list"]["head_pattern"]
ORGAN_DATA = DATA["organ"]
LEVELS = frozenset(ORGAN_DATA["levels"])
# a level word and a body: 州委, 苏木党委, 县委组织部; or a level word and an abbreviation (镇农办, 县防指)
# (written to start with a character class, which re skips to quickly; see rules.after_first)
_LEVEL_HEADS = "".join(sorted({w[0] for w in LEVELS}))
_LEVEL_TAILS = "|".join(sorted({rf"(?<={re.escape(w[0])}){re.escape(w[1:])}" for w in LEVELS if len(w) > 1}, key=len, reverse=True))
ORGAN_RX = re.compile(rf"[{_LEVEL_HEADS}](?:{_LEVEL_TAILS}|(?<=[{''.join(w for w in LEVELS if len(w) == 1)}]))(?:(?P<body>{alternation(ORGAN_DATA['bodies'])})|"
                      rf"(?P<abbr>[\u4e00-\u9fff]{{1,3}}[{ORGAN_DATA['abbrev_end']}]))")
ORGAN_NOT_AFTER = tuple(ORGAN_DATA["not_after"])
ABBREV_TAGS = frozenset(ORGAN_DATA["abbrev_tags"])
DEPARTMENT = re.compile(r"省[\u4e00-\u9fff]{2,6}?厅")  # 省财政厅, 省农业农村厅
BRAND_TAGS = frozenset({"nz", "nr", "nrt", "nrfg", "ns", "nt"})
COMPANY_END = re.compile(r"(?:有限责任公司|股份有限公司|有限公司|公司|集团)$")
WALK_STOP_TAGS = frozenset({"m", "c", "p", "u", "d", "f", "uj"})
PARTY_BODY = re.compile(r"(?:委员会|党委|党工委|总支|支部)$")
# words at which the walk to another kind's name stops but which a body's name holds (X项目建设指挥部)
STOP = STOP_WORDS - set(SUFFIX["walk_through"])
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
LEADING_VERB = frozenset({"v", "vd", "ad", "d", "p"})

SUFFIXES = alternation(SUFFIX["pattern"])
BARE_SUFFIX = re.compile(f"(?:{SUFFIXES})")
NOT_ORG = re.compile(rf"委(?:{alternation(LEVELS)})?(?:人民政府|政府)$|"  # two bodies: 县委县政府, 镇党委政府
                     r"^(?:各|全|该|本|我|一批|多家|企业|国有|专业|物业|村|镇|区|市|县)?(?:公司|集团|银行|局|队|专班|店|政府|委员会|热线|联盟)$|"
                     r"(?:商店|门店|小店|网店|书店|饭店|各类|队伍|团队|梯队|排队|结对|布局|开局|格局|大局|全局|结局|新局|当局|变局|僵局|时局|党委政府)$|^\d|^[\u4e00-\u9fff]局$")
# a quoted name after which comes an honour's word is the honour, not the body (荣获“四好商会”称号)
HONOUR_AFTER = re.compile(r"”(?:称号|荣誉|奖牌|奖|证书|牌匾)")
HONOUR_BEFORE = re.compile(r"(?:获评|荣获|评为|授予|荣膺|命名为)[\u4e00-\u9fff]{0,4}$")


@register("organizations")
def organizations(ctx: Context):
    """Find organisations: national lexicon, standing bodies, names with an organisation suffix, listed companies."""
    lexicon = [ctx.mention(s, e, "Organization", "organizations:lexicon") for s, e, label in ctx.lexicon_spans()
               if label == "Organization"]
    out = suffix_names(ctx, SUFFIXES, "Organization", "organizations:suffix", max_chars=SUFFIX["max_chars"],
                       min_stem=SUFFIX["min_stem"], tags=NAME_TAGS, exclude=SUFFIX["exclude"], stop=STOP)
    out = [_trim_company(ctx, _party_prefix(ctx, _trim_leading_verb(ctx, m))) for m in out]
    for m in OFFICE.finditer(ctx.text):  # 镇经济发展办, 镇市场监管所: an office of the division
        tok = ctx.token_at(m.start())  # not a word the level opens: 市场等重点场所, 农贸|市场等…
        opened = ctx.text[m.start():tok.end] if tok is not None else ""
        if not OFFICE_NOT.search(m.group()) and opened not in UPPER_EXCLUDE:
            out.append(ctx.mention(m.start(), m.end(), "Organization", "organizations:suffix"))
    out += _organs(ctx)
    out += _departments(ctx)
    out += _place_companies(ctx)
    # companies listed by short names before a count of firms: "引进甲新材料、乙建材等6家企业"
    for s, e in listed_members(ctx, COMPANY_HEADS, exclude=DATA["company_list"]["not_heads"], counted=True):
        if _company_like(ctx, s, e, headed=True):
            out.append(ctx.mention(s, e, "Organization", "organizations:list"))
    out = [m for m in out if m is not None and not NOT_ORG_WORDS.search(m.name)]
    out = [m for m in out if m.rule.endswith(("lexicon", "list")) or (
           not NOT_ORG.search(m.name) and not re.search(r"[,、;:]", m.name)
           and (not ORGAN.search(m.name) or ORGAN_OF_PLACE.search(m.name))
           and (not COMPANY.search(m.name) or has_proper_name(ctx, m) or named_after_place(m.name))
           and not HONOUR_AFTER.match(ctx.text, m.end)
           and not (ctx.text.startswith("“", m.start - 1) and HONOUR_BEFORE.search(ctx.text, max(0, m.start - 9), m.start - 1)))]
    out += _list_neighbours(ctx, out)
    # a national body's name inside a longer body's name is no mention of its own (县委 in 县委组织部)
    longer = [m for m in out if not m.rule.endswith("lexicon")]
    out += [m for m in lexicon if m is not None and not any(
        o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start for o in longer)]
    return out


COMPANY = re.compile(r"(?:公司|集团)$")



# Party and state organs are named after their division: X镇人民政府, 镇人大; "法治政府" is a goal.
ORGAN = re.compile(r"(?:人民政府|政府|人大|党委|政协|党工委)$")
ORGAN_OF_PLACE = re.compile(r"(?:^|[省市区县镇乡村州旗盟]|街道|苏木)(?:人民政府|政府|人大|党委|政协|党工委)$")


def _trim_leading_verb(ctx: Context, m):
    """Drop a verb before a level word or a noun from a name: 配合县应急管理局 -> 县应急管理局,
    下设综合办公室 -> 综合办公室."""
    if m is None or ctx.text.startswith("“", m.start - 1):
        return m  # a quoted name is all name: “劝返队”
    first = ctx.tok_by_start.get(m.start)
    if first is not None and first.tag in LEADING_VERB and first.end < m.end:
        nxt = ctx.tok_by_start.get(first.end)
        if nxt is not None and (nxt.text in LEVELS or nxt.text[:1] in LEVELS and nxt.tag in ("zg", "n")
                                or first.tag == "v" and nxt.tag in ("n", "vn", "nz")):
            if BARE_SUFFIX.fullmatch(ctx.text, first.end, m.end):
                return None  # 组织专班赴外地: a verb and a bare suffix name nothing
            return ctx.mention(first.end, m.end, m.type, m.rule)
    return m


def _trim_company(ctx: Context, m):
    """Start a company's name where its own words start: at a province's or city's name inside it
    (合作方|山东某某有限公司) or after the word 企业 or 项目 (500强企业|某某控股集团, 重点项目|某某有限公司)."""
    if m is None or not COMPANY_END.search(m.name):
        return m
    if m.name.startswith("中共"):  # 中共|某某有限公司委员会: the party body's name holds the company's
        return ctx.mention(m.start + 2, m.end, m.type, m.rule)
    kinds = upper_names().kinds
    for k in range(m.start + 1, m.end - 4):
        t = ctx.tok_by_start.get(k)
        if t is None:
            continue
        if t.tag == "ns" and t.text in kinds or ctx.text.startswith(("企业", "项目"), k - 2) and k - 2 >= m.start:
            return ctx.mention(k, m.end, m.type, m.rule)
    return m


def _party_prefix(ctx: Context, m):
    """Put 中共 back before a party body's name: 中共某某有限公司委员会 (jieba's 中共 stops the walk, and so does
    the length of a company's name)."""
    if m is not None and PARTY_BODY.search(m.name):
        k = ctx.text.rfind("中共", max(0, m.start - 16), m.start)
        if k != -1 and HAN_RUN.fullmatch(ctx.text, k, m.start):
            return ctx.mention(k, m.end, m.type, m.rule)
    return m


def _organs(ctx: Context) -> list:
    """Standing bodies named by a level word: 州委, 苏木党委, 镇人大, 县委组织部, 镇妇联, 镇农办, 县防指."""
    out = []
    text, by_start = ctx.text, ctx.tok_by_start
    for m in ORGAN_RX.finditer(text):
        s, e = m.start(), m.end()
        first = by_start.get(s)
        if first is None:
            continue  # the level word ends a longer word (城市, 社区)
        if m.group("body") is not None:
            last = ctx.token_at(e - 1)
            if last is None or last.end != e or text.startswith(ORGAN_NOT_AFTER, e):
                continue
        else:  # an abbreviation is one token, alone or glued to the level word (镇/农办, 县防指)
            tok = first if first.end == e else by_start.get(first.end) if first.end < e else None
            if tok is None or tok.end != e or tok.tag not in ABBREV_TAGS or (tok is not first and first.text not in LEVELS):
                continue
        out.append(ctx.mention(s, e, "Organization", "organizations:suffix"))
    return out


def _departments(ctx: Context) -> list:
    """A province's departments: 省财政厅, 省农业农村厅 (省 a word of its own, 厅 the end of one)."""
    out = []
    for m in DEPARTMENT.finditer(ctx.text):
        first, last = ctx.tok_by_start.get(m.start()), ctx.token_at(m.end() - 1)
        if first is not None and first.text == "省" and last is not None and last.end == m.end() \
                and not ctx.text.startswith("长", m.end()):
            out.append(ctx.mention(m.start(), m.end(), "Organization", "organizations:suffix"))
    return out


def _place_companies(ctx: Context) -> list:
    """Companies whose name starts with a province's, city's or county's name where the token walk
    stops early (湖南三和集团: 三/和 are a numeral and a conjunction to jieba)."""
    out = []
    kinds = upper_names().kinds
    for m in re.finditer(r"集团|公司", ctx.text):
        s = m.start()
        pos = s  # only where a token the walk stops at comes within the name (浙江|和|源集团)
        while pos > s - 6 and (t := ctx.tok_by_end.get(pos)) is not None and t.tag not in WALK_STOP_TAGS:
            pos = t.start
        if pos <= s - 6 or ctx.tok_by_end.get(pos) is None:
            continue
        for k in range(max(0, s - 8), s - 1):
            if k not in ctx.tok_by_start or not any(ctx.text[k:k + n] in kinds for n in (2, 3, 4, 5)):
                continue
            name = ctx.text[k:m.end()]
            if re.fullmatch(r"[\u4e00-\u9fff]+", name) and named_after_place(name):
                out.append(ctx.mention(k, m.end(), "Organization", "organizations:suffix"))
            break
    return out


def _company_like(ctx: Context, s: int, e: int, headed: bool = False) -> bool:
    """Tell whether a list member ``text[s:e]`` looks like a company's short name: a brand (a proper-noun
    first token that is no industry word) and an industry word (甲新材料, 乙物流) or a trade in 业 (丙门业).
    Under a head that says they are firms (``headed``: 等N家企业, 等镇属公司) a name made only of
    proper-noun tokens (甲乙, 浙江某某) is one too; industries (光伏、储能等企业) are common nouns."""
    name = ctx.text[s:e]
    if not (2 if headed else 4) <= len(name) <= 10 or not re.fullmatch(r"[\u4e00-\u9fff]+", name):
        return False
    first = ctx.tok_by_start.get(s)
    last = ctx.token_at(e - 1)
    if first is None or last is None or last.end != e:
        return False
    if headed:
        tokens, pos = [], s
        while pos < e and (t := ctx.tok_by_start.get(pos)) is not None:
            tokens.append(t)
            pos = t.end
        if pos == e and all(t.tag in BRAND_TAGS for t in tokens) and not any(t.text in INDUSTRY_WORDS for t in tokens):
            return True
    if first.end >= e:
        return False
    trade_word = len(last.text) == 2 and last.text.endswith("业") and last.text not in NOT_BUSINESS
    if first.text in INDUSTRY_WORDS or not (INDUSTRY.search(name) or trade_word):
        return False
    # a brand is a proper noun to jieba, or an adjective before a trade in 业 (宏远门业)
    return first.tag in BRAND_TAGS or trade_word and first.tag == "a" and len(first.text) == 2


def _list_neighbours(ctx: Context, found: list) -> list:
    """Members of a list next to an organisation's name that end like it: 乡征收办、建管办 (an office),
    湖南某集团、广东某控股 (a company)."""
    out = []
    text = ctx.text
    spans = {(m.start, m.end) for m in found}
    for m in found:
        if m.rule.endswith("lexicon"):
            continue
        company = bool(COMPANY_END.search(m.name))
        office = m.name[-1] in "办局所站" and not company
        if not (company or office):
            continue
        if office and text.startswith("、", m.end):  # the next member ends in the same office word
            s = m.end + 1
            e = text.find(m.name[-1], s + 2, s + 6) + 1
            if e > 0 and re.fullmatch(r"[\u4e00-\u9fff]+", text[s:e]) and s in ctx.tok_by_start \
                    and ctx.token_at(e - 1).end == e and (s, e) not in spans and not OFFICE_NOT.search(text[s:e]):
                out.append(ctx.mention(s, e, "Organization", "organizations:suffix"))
        if company:
            for s, ends in _neighbour_spans(ctx, m.start, m.end):
                for e in ends:  # the longest member that reads as a company (瑞丰纺织|签订协议)
                    name = text[s:e]
                    if (s, e) in spans:
                        break
                    if _company_like(ctx, s, e) or COMPANY_END.search(name) and named_after_place(name):
                        out.append(ctx.mention(s, e, "Organization", "organizations:suffix"))
                        break
    return out


def _neighbour_spans(ctx: Context, s: int, e: int) -> list[tuple[int, list[int]]]:
    """The list members just before and after ``text[s:e]`` ("A、B", "A和B"): each as its start and
    its possible ends, longest first (the token ends up to a clause's punctuation, an 等 or a verb)."""
    text, out = ctx.text, []
    if text.startswith(("、", "和", "及", "与"), e):
        k = pos = e + 1
        ends = []
        while pos < len(text) and pos - k < 12:
            t = ctx.tok_by_start.get(pos)
            if t is None or not HAN_RUN.fullmatch(t.text) or t.text == "等" or t.text not in INDUSTRY_WORDS and (
                    t.tag not in NAME_TAGS or t.tag in ("v", "d", "p", "u", "c", "m")):
                break
            pos = t.end
            ends.append(pos)
        if ends:
            out.append((k, ends[::-1]))
    if s >= 2 and text[s - 1] == "、":
        j = pos = s - 1
        while pos > 0 and j - pos < 12:
            t = ctx.tok_by_end.get(pos)
            if t is None or not HAN_RUN.fullmatch(t.text) or t.tag not in NAME_TAGS or t.tag in ("v", "d", "p", "u", "c", "m"):
                break
            pos = t.start
        if pos < j:
            out.append((pos, [j]))
    return out
