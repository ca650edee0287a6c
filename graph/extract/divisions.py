"""Administrative divisions: 省 市 区 县 镇 乡 街道 named in the text, and the report's own chain.

e.g. '北京市', '大兴区', '西红门镇', '丰台区'
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context, word_tag
from govkg.extract.lexicon import GENERIC
from govkg.extract.official import official_mentions
from govkg.extract.rules import alternation, kind_data, listed_members
from govkg.extract.lexicon import STOP_WORDS

TOWN = kind_data("divisions")["town_suffix"]
# a town-level suffix followed by a list separator, an organ of the town or a clause word
TOWN_RX = re.compile(rf"(?:{alternation(TOWN['pattern'])})(?=(?:{alternation(TOWN['right_context'])}|{TOWN['right_context_rx']}))")
STEM_NOT_START = re.compile(TOWN["not_stem_start"])
BANNER = kind_data("divisions")["banner"]
# a banner or league before one of its organs: 东坪旗人民政府, 北原盟行政公署
BANNER_RX = re.compile(rf"(?:{alternation(BANNER['pattern'])})(?=(?:{alternation(BANNER['right_context'])}))")
BANNER_NOT = re.compile(rf"(?:{alternation(BANNER['not_ending'])})$")
COUNT_END = "两二三四五六七八九"
COUNTED = re.compile(TOWN["counted_list"])
HAN_OR_SEP = re.compile(r"[\u4e00-\u9fff、]")
NUMBER = {c: i for i, c in enumerate("一二三四五六七八九十", 1)} | {"两": 2}
# what a town opening a clause follows (or a preposition): '在白沙镇召开', '。桂花街道牵头'
VERB_LEFT = frozenset(TOWN["verb_left"])
SUFFIX_AT = re.compile(rf"(?:{alternation(TOWN['pattern'])})")
VERB_TAGS = {"v", "p", "d"}
NOT_GLUED = {"v", "vn", "a", "ad", "d", "b", "m"}  # a suffix glued into such a word ends no name (返乡)
TOWN_NOT = re.compile(rf"(?:{alternation(TOWN['not_ending'])})$|{alternation(TOWN['not_in_stem'])}")
NOT_IN_STEM = {"p", "c", "u", "uj", "ul", "r", "m", "q", "x", "d", "l", "i", "ad", "vd", "z", "y", "e", "o", "h", "k"}

SUFFIX = re.compile(r"(?:省|自治区|市|区|县|镇|乡|街道)$")
# Words ending like a division but naming something else.
NOT_DIVISION = re.compile(
    r"(?:社区|小区|园区|城区|辖区|地区|片区|街区|景区|校区|示范区|试验区|开发区|功能区|保护区|自贸区|新区|老区|"
    r"组团区|工业区|产业区|商业区|住宅区|核心区|城市|超市|都市|门市|上市|入市|股市|城镇|乡镇|集镇|古镇|小镇|重镇|强镇|"
    r"特色小镇|大湾区|城乡|家乡|下乡|水乡|故乡|老乡|异乡|他乡|梦乡|之乡|农村区|全区|全市|全县|全镇|全乡|本区|本市|本县|本镇|我区|我市|我县|我镇|各区|各市|各县|各镇|各乡)$")


@register("divisions")
def divisions(ctx: Context):
    """Find divisions: the report's chain and place-name tokens with a division suffix.

    e.g. '北京市大兴区西红门镇' gives 北京市, 大兴区, 西红门镇; '与丰台区交界' gives 丰台区.
    """
    out = []
    for name in ctx.report.divisions:
        if name in GENERIC or NOT_DIVISION.fullmatch(name):
            continue  # a title's generic word for a level: 乡镇2022年工作总结
        for m in re.finditer(re.escape(name), ctx.text):
            out.append(ctx.mention(m.start(), m.end(), "AdministrativeDivision", "divisions:report"))
    # Only place-name (ns) and proper-name tokens lead these rules: pick them out first rather
    # than walk every token and token pair in Python.
    tokens = ctx.tokens
    places = ctx.tag_indexes(("ns",))
    for i in places:
        t = tokens[i]
        if len(t.text) >= 3 and SUFFIX.search(t.text) and not NOT_DIVISION.search(t.text) and not TOWN_NOT.search(t.text) \
                and t.text not in GENERIC:
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
            if NOT_DIVISION.search(t.text + nxt.text) or TOWN_NOT.search(t.text + nxt.text):
                continue
            out.append(ctx.mention(t.start, nxt.end, "AdministrativeDivision", "divisions:stem+suffix"))
    # members of a list of towns, with their suffix or bare when the list is counted
    # ("石桥、柳营、双河三个乡镇")
    for s, e in listed_members(ctx, "乡镇|镇|乡|街道|镇街", exclude=("乡村",), counted=True):
        name = ctx.text[s:e]
        if not NOT_DIVISION.search(name) and not re.search(r"\d", name) and (SUFFIX.search(name) or len(name) <= 3):
            out.append(ctx.mention(s, e, "AdministrativeDivision", "divisions:list"))
    out += town_names(ctx)
    out += counted_towns(ctx)
    out += official_mentions(ctx, "AdministrativeDivision", "divisions")
    return [m for m in out if m is not None]


def stem_start(ctx: Context, s: int) -> int | None:
    """Return where the name of a town-like division whose suffix starts at ``s`` begins, or None.

    The stem is 2-4 characters of whole tokens (a token the suffix is glued to counts: 鸿|石镇),
    none a function word or a stop word, not opening with a direction and a verb of adjacency
    (东靠, 南邻: 'position words'); the longest such stem wins.
    """
    text = ctx.text
    best = None
    for k in range(TOWN["min_stem"], TOWN["max_stem"] + 1):
        b = s - k
        if b < 0 or not re.fullmatch(r"[\u4e00-\u9fff]+", text[b:s]):
            break
        if text[s - 1] in COUNT_END:
            return None  # 白雀园、砖桥两镇: a count of towns
        if b not in ctx.tok_by_start:
            continue
        toks = ctx.tokens_in(b, s)
        if any(t.tag in NOT_IN_STEM or t.text in STOP_WORDS for t in toks) or STEM_NOT_START.match(text, b):
            continue
        best = b
    return best


def counted_towns(ctx: Context):
    """Find towns listed bare before a count that matches them: '白雀园、砖桥两镇' (2 names,
    两镇), '党湾、益农两镇'. The first name is whole tokens (see ``stem_start``)."""
    out = []
    text = ctx.text
    for m in COUNTED.finditer(text):
        count = m.group(0).rstrip("个乡镇街道苏木")
        n = NUMBER.get(count) if len(count) == 1 else None
        seg_start = m.start()
        while seg_start > max(0, m.start() - 30) and (HAN_OR_SEP.match(text, seg_start - 1)):
            seg_start -= 1
        parts = text[seg_start:m.start()].split("、")
        if n is None or len(parts) != n or any(not 2 <= len(p) <= 4 for p in parts[1:]):
            continue
        first_end = seg_start + len(parts[0])
        b = stem_start(ctx, first_end)
        if b is None:
            continue
        spans, pos = [(b, first_end)], first_end + 1
        for p in parts[1:]:
            spans.append((pos, pos + len(p)))
            pos += len(p) + 1
        if all(s in ctx.tok_by_start and e in ctx.tok_by_end for s, e in spans):
            out += [ctx.mention(s, e, "AdministrativeDivision", "divisions:list") for s, e in spans]
    return out


def town_names(ctx: Context):
    """Find towns, townships and streets jieba does not know: 2-4 characters of whole tokens
    (no function word, no stop word; see ``stem_start``) before 镇/乡/街道/苏木, followed by a list
    separator, one of the town's organs (人民政府, 党委, 办事处), a clause word, a congress's term
    ('第', '十届') or a village of the town ('苔溪镇茭北村'): '青石镇与…', '白鹭乡、枫林街道'; or
    opening a clause (or after a preposition) before a verb: '在白沙镇召开'. Banners and leagues
    (旗, 盟) only before one of their organs: '东坪旗人民政府'. The longest such stem wins;
    望江路街道 is a street, not a road; a slogan's 生态立镇, 农业稳镇 is no town (see ``_slogan``)."""
    out = []
    text = ctx.text
    found = [(m.start(), m.end(), None) for m in TOWN_RX.finditer(text)]
    found += [(m.start(), m.end(), None) for m in BANNER_RX.finditer(text) if not BANNER_NOT.search(text, 0, m.end())]
    for m in SUFFIX_AT.finditer(text):  # a town opening a clause or after a preposition, before a verb
        k, e = m.start(), m.end()
        nxt = ctx.tok_by_start.get(e)
        if nxt is None or nxt.tag not in VERB_TAGS:
            continue
        glued = ctx.token_at(k)
        if glued is not None and glued.start < k and glued.tag in NOT_GLUED:
            continue
        best = stem_start(ctx, k)
        if best is not None and (best == 0 or text[best - 1] in VERB_LEFT):
            found.append((k, e, best))
    for s, e, left in found:
        best = stem_start(ctx, s)
        if best is None or left is not None and best != left or _slogan(ctx, best, s):
            continue
        name = text[best:e]
        if not NOT_DIVISION.search(name) and not TOWN_NOT.search(name) and name not in GENERIC:
            out.append(ctx.mention(best, e, "AdministrativeDivision", "divisions:stem+suffix"))
    return out


SLOGAN = TOWN["slogan"]


def _slogan(ctx: Context, b: int, s: int) -> bool:
    """Tell whether the stem text[b:s] of a town-like name is a slogan's: a common word and a verb or
    adjective glued to the suffix (生态立镇, 农业稳镇: jieba's unseen word 稳镇), or common words
    only (生态魅力镇, 融合花园镇). Real towns are named by places and things (双塔山镇, 花园镇)."""
    toks = ctx.tokens_in(b, s)
    glued = ctx.token_at(s)
    if len(toks) == 2 and glued is toks[1] and glued.start == s - 1 and glued.end == s + 1 and toks[0].end == s - 1 \
            and len(toks[0].text) == 2 and toks[0].tag in SLOGAN["word_tags"] and word_tag(ctx.text[s - 1]) in SLOGAN["glued_tags"]:
        return True
    return len(toks) >= 2 and toks[-1].end == s and all(len(t.text) >= 2 and t.tag in SLOGAN["common_tags"] for t in toks)

