"""Administrative divisions: 省 市 区 县 镇 乡 街道 named in the text, and the report's own chain.

e.g. '北京市', '大兴区', '西红门镇', '丰台区'
"""
from __future__ import annotations

import re
from bisect import bisect_left

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.lexicon import GENERIC
from govkg.extract.official import official_mentions
from govkg.extract.rules import alternation, kind_data, listed_members
from govkg.extract.lexicon import STOP_WORDS

TOWN = kind_data("divisions")["town_suffix"]
# a town-level suffix followed by a list separator, an organ of the town or a clause word
TOWN_RX = re.compile(rf"(?:{alternation(TOWN['pattern'])})(?=(?:{alternation(TOWN['right_context'])}))")
TOWN_NOT = re.compile(rf"(?:{alternation(TOWN['not_ending'])})$|{alternation(TOWN['not_in_stem'])}")
NOT_IN_STEM = {"p", "c", "u", "uj", "ul", "r", "m", "q", "x", "d"}

SUFFIX = re.compile(r"(?:省|自治区|市|区|县|镇|乡|街道)$")
# Words ending like a division but naming something else.
NOT_DIVISION = re.compile(
    r"(?:社区|小区|园区|城区|辖区|地区|片区|街区|景区|校区|示范区|试验区|开发区|功能区|保护区|自贸区|新区|老区|"
    r"组团区|工业区|产业区|商业区|住宅区|核心区|城市|超市|都市|门市|上市|入市|股市|城镇|乡镇|集镇|古镇|小镇|重镇|强镇|"
    r"特色小镇|城乡|家乡|下乡|水乡|故乡|老乡|异乡|他乡|梦乡|之乡|农村区|全区|全市|全县|全镇|全乡|本区|本市|本县|本镇|我区|我市|我县|我镇|各区|各市|各县|各镇|各乡)$")


@register("divisions")
def divisions(ctx: Context):
    """Find divisions: the report's chain and place-name tokens with a division suffix.

    e.g. '北京市大兴区西红门镇' gives 北京市, 大兴区, 西红门镇; '与丰台区交界' gives 丰台区.
    """
    out = []
    for name in ctx.report.divisions:
        for m in re.finditer(re.escape(name), ctx.text):
            out.append(ctx.mention(m.start(), m.end(), "AdministrativeDivision", "divisions:report"))
    # Only place-name (ns) and proper-name tokens lead these rules: pick them out first rather
    # than walk every token and token pair in Python.
    tokens = ctx.tokens
    places = ctx.tag_indexes(("ns",))
    for i in places:
        t = tokens[i]
        if len(t.text) >= 3 and SUFFIX.search(t.text) and not NOT_DIVISION.search(t.text) and t.text not in GENERIC:
            out.append(ctx.mention(t.start, t.end, "AdministrativeDivision", "divisions:token"))
    # a place-name token followed by a separate suffix token: 西红门/ns 镇/n
    for i in places:
        if i + 1 == len(tokens):
            break
        t, nxt = tokens[i], tokens[i + 1]
        if len(t.text) >= 2 and nxt.start == t.end and nxt.text in ("省", "市", "区", "县", "镇", "乡", "街道"):
            name = t.text + nxt.text
            if not NOT_DIVISION.search(name) and not re.search(r"[村路街河]$", t.text):
                out.append(ctx.mention(t.start, nxt.end, "AdministrativeDivision", "divisions:stem+suffix"))
    # a proper-name token before a township/town/street suffix: "槐店乡、文殊乡"
    for i in ctx.tag_indexes(("nz", "nr", "j")):
        if i + 1 == len(tokens):
            break
        t, nxt = tokens[i], tokens[i + 1]
        if nxt.text not in ("乡", "镇", "街道", "县"):
            continue
        after = ctx.text[nxt.end:nxt.end + 1]
        if 2 <= len(t.text) <= 4 and not re.search(r"[村路街河园区]$", t.text) and not re.match(r"[\u4e00-\u9fff]", after or "x") \
                or (nxt.text in ("乡", "镇") and after in "、,;。和及与"):
            out.append(ctx.mention(t.start, nxt.end, "AdministrativeDivision", "divisions:stem+suffix"))
    # members of a list of towns, with their suffix or bare when the list is counted
    # ("石桥、柳营、双河三个乡镇")
    for s, e in listed_members(ctx, "乡镇|镇|乡|街道|镇街", exclude=("乡村",), counted=True):
        name = ctx.text[s:e]
        if not NOT_DIVISION.search(name) and not re.search(r"\d", name) and (SUFFIX.search(name) or len(name) <= 3):
            out.append(ctx.mention(s, e, "AdministrativeDivision", "divisions:list"))
    out += town_names(ctx)
    out += official_mentions(ctx, "AdministrativeDivision", "divisions")
    return [m for m in out if m is not None]


def town_names(ctx: Context):
    """Find towns, townships and streets jieba does not know: 2-4 characters of whole tokens
    (no function word, no stop word) before 镇/乡/街道/苏木, followed by a list separator, one
    of the town's organs (人民政府, 党委, 办事处) or a clause word: '青石镇与…', '白鹭乡、枫林街道'.
    The longest such stem wins; 望江路街道 is a street, not a road."""
    out = []
    text = ctx.text
    for m in TOWN_RX.finditer(text):
        s = m.start()
        best = None
        for k in range(TOWN["min_stem"], TOWN["max_stem"] + 1):
            b = s - k
            if b < 0 or not re.fullmatch(r"[\u4e00-\u9fff]+", text[b:s]):
                break
            if b not in ctx.tok_by_start:
                continue
            toks = ctx.tokens[bisect_left(ctx.tok_starts, b):bisect_left(ctx.tok_starts, s)]
            if any(t.tag in NOT_IN_STEM or t.text in STOP_WORDS for t in toks):
                continue
            best = b
        if best is None:
            continue
        name = text[best:m.end()]
        if not NOT_DIVISION.search(name) and not TOWN_NOT.search(name) and name not in GENERIC:
            out.append(ctx.mention(best, m.end(), "AdministrativeDivision", "divisions:stem+suffix"))
    return out
