"""Rule building blocks shared by the kind modules: names before a suffix, list members."""
from __future__ import annotations

import bisect
import json
import re
from functools import cache
from importlib import resources
from typing import Iterable

from govkg.extract.base import Mention
from govkg.extract.context import HAN, Context
from govkg.extract.lexicon import EVENTS, GENERIC, ORGANIZATIONS, POLICIES, STOP_WORDS

CJK = r"\u4e00-\u9fff"
# jieba tags a name's parts may carry: nouns, place/person/org names, abbreviations, letters.
NAME_TAGS = ("n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "ng", "j", "eng", "b", "s", "an", "l", "i", "g", "vn", "a", "ag", "t", "f", "k", "h", "z", "v", "tg", "zg")
PROPER_TAGS = {"ns", "nr", "nz", "nt", "nrt", "nrfg", "j", "eng"}
LEADING_NON_NAME = {"vd", "d", "ad", "p", "c", "r", "u", "uj", "ul", "uz", "uv", "ud", "ug", "q", "mq", "y", "e", "o", "f"}
CN_NUMERAL = re.compile(r"[一二三四五六七八九十两]+")
COUNT_WORD = re.compile(r"^(?:余|多)?[个条家座处所项名户人期批块宗间栋幢台张]")
COUNTED = re.compile(r"[\d一二两三四五六七八九十百千]+[个条家座处所项名户期批块宗间栋幢台张]")
ORDINAL = re.compile(r"第[一二三四五六七八九十\d]+")
LEXICON_WORDS = set(ORGANIZATIONS) | set(POLICIES) | set(EVENTS)
NAME_CHARS = re.compile(rf"[{CJK}A-Za-z0-9]+")
LIST_CHAR = re.compile(rf"[{CJK}A-Za-z0-9、“”+]")
STRICT_TAGS = ("n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "ng", "j", "eng", "b", "s", "an", "l", "g", "a", "ag", "zg", "tg", "t")


@cache
def kind_data(module: str) -> dict:
    """Return a kind's rule data, ``graph/extract/kinds/<module>.json``: suffixes, the words a
    suffix glued to what follows makes instead of a name (``exclude``), and example sentences."""
    path = resources.files("govkg.extract").joinpath("kinds", f"{module}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def alternation(words: Iterable[str]) -> str:
    """Return a regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def glued_word(ctx: Context, s: int, e: int) -> str:
    """Return the word a suffix ``text[s:e]`` makes with the jieba token it ends inside, or with the
    next token when it ends at a token boundary: 村 in 南汇村民 gives 村民, 路 in 长虹路上 gives 路上."""
    tok = ctx.token_at(e - 1)
    if tok is not None and tok.end > e:
        return ctx.text[s:tok.end]
    nxt = ctx.tok_by_start.get(e)
    return ctx.text[s:e] + (nxt.text if nxt is not None else "")


def excluded(ctx: Context, s: int, e: int, words: frozenset[str] | set[str]) -> bool:
    """Tell whether the suffix ``text[s:e]`` begins one of ``words`` at token boundaries
    (村民, 村委会, 路线图, 河长): then it is part of that word, not the end of a name.
    Words are whole jieba tokens, not characters: 村内, 路边, 河畔 leave the name alone."""
    if not words:
        return False
    w = glued_word(ctx, s, e)
    if any(w[:k] in words for k in range(e - s + 1, len(w) + 1)):
        return True
    tok = ctx.token_at(e - 1)  # a token that starts inside the suffix and runs on: 会议 in 商会议
    return tok is not None and s < tok.start and tok.end > e and tok.text in words


def drop_lead(ctx: Context, m: Mention, verbs: frozenset[str], suffix: re.Pattern, min_stem: int = 2):
    """Drop the work verbs and time words that begin a suffix name (累计整治新山路 -> 新山路, 先后解决永大路 ->
    永大路, 今年茄苪村 -> 茄苪村): leading tokens that are work verbs, time words (tag t), or verbs
    right before a work verb (not a one-character time word: 清/河南一街), while at least ``min_stem`` characters are left before the suffix."""
    found = suffix.search(m.name)
    if found is None:
        return m
    stem_end = m.start + found.start()
    s = m.start
    while (t := ctx.tok_by_start.get(s)) is not None and stem_end - t.end >= min_stem:
        nxt = ctx.tok_by_start.get(t.end)
        if not (t.text in verbs or t.tag == "t" and len(t.text) > 1 or t.tag == "v" and nxt is not None and nxt.text in verbs):
            break
        s = t.end
    return m if s == m.start else (ctx.mention(s, m.end, m.type, m.rule) or m)


def after_first(words: str) -> str:
    """Return a pattern for the words "a|b|c" once their first character is matched (a lookbehind checks which).

    Python's re skips quickly through text only to where a pattern's first character (or
    character class) occurs: patterns that would start with an optional part, a lookbehind or
    alternatives that begin differently are written as a character class followed by this.

    >>> re.compile("[园家](?:" + after_first("园|家园") + ")").findall("家园和园")
    ['家园', '园']
    """
    return "|".join(f"(?<={re.escape(w[0])}){re.escape(w[1:])}" for w in words.split("|"))


def walk_left(ctx: Context, pos: int, max_chars: int, tags: Iterable[str] = STRICT_TAGS,
              stop: set[str] = STOP_WORDS, lexicon_stop: bool = True) -> int:
    """Return where a name ending at ``pos`` starts, walking whole tokens leftwards.

    A token is taken while its tag is in ``tags`` (or it is an ordinal, a Chinese numeral that
    is part of a name, or a segment word such as 段), it is not a stop word or another lexicon
    name, it holds only name characters, and the name stays within ``max_chars``. Then leading
    function words, counts ("三所") and a verb before a proper name ("帮助X公司") are trimmed,
    and a one-character token cut off at the head of a list item ("、和平园小区") is put back.
    """
    tags = set(tags)
    cur = pos
    tok = ctx.token_at(pos - 1) if pos > 0 else None
    if tok is not None and tok.end > pos:  # the suffix is glued to the token before it
        cur = tok.start if pos - tok.start <= max_chars else pos
    while cur > 0:
        t = ctx.tok_by_end.get(cur)
        if t is None or t.text in stop or (lexicon_stop and t.text in LEXICON_WORDS):
            break
        if (t.tag in ("l", "i") or len(t.text) >= 4) and t.text[:2] in stop:  # 充分利用, 不断完善
            break
        numeral_part = t.tag == "m" and CN_NUMERAL.fullmatch(t.text) and not COUNT_WORD.match(ctx.text[t.end:t.end + 2])
        segment = t.tag == "q" and t.text in ("段", "期", "号") and cur != pos  # 光山段, 二期, 3号
        if t.tag not in tags and not ORDINAL.fullmatch(t.text) and not numeral_part and not segment:
            break
        if not NAME_CHARS.fullmatch(t.text) or pos - t.start > max_chars:
            break
        cur = t.start
    # a name does not begin with a verb, adverb or numeral: trim such leading tokens
    while cur < pos:
        t = ctx.tok_by_start.get(cur)
        if t is None or t.end > pos or ORDINAL.fullmatch(t.text):
            break
        counted = COUNTED.fullmatch(t.text)
        nxt = ctx.tok_by_start.get(t.end)
        verb_before_name = t.tag == "v" and nxt is not None and nxt.end <= pos and nxt.tag in PROPER_TAGS
        # a count word ("个", "个村" after "8"), not a word that begins with one (人民, 张庄, 家园)
        prev = ctx.tok_by_end.get(t.start)
        count_word = COUNT_WORD.match(t.text) and (len(t.text) == 1 or t.text[0] in "余多" or prev is not None
                                                   and (prev.tag == "m" or prev.text in ("等", "余", "多")))
        if t.tag not in LEADING_NON_NAME and not count_word and t.text not in STOP_WORDS \
                and not counted and not verb_before_name:
            break
        cur = t.end
    # a list item's whole first word, whatever its tag ("、丰收沟", "、建设路")
    if cur == pos and pos >= 3 and (t := ctx.tok_by_end.get(pos)) is not None and t.end - t.start <= 2 \
            and ctx.text[t.start - 1] == "、" and NAME_CHARS.fullmatch(t.text) and t.text not in stop:
        cur = t.start
    # a one-character token cut off at the head of a list item belongs to the name ("、和平园小区")
    if 0 < pos - cur < 4 and cur >= 1 and HAN.match(ctx.text[cur - 1]) \
            and cur >= 2 and ctx.text[cur - 2] in "、“(" and ctx.tok_by_end.get(cur) is not None \
            and len(ctx.tok_by_end[cur].text) == 1:
        cur -= 1
    return cur


def suffix_names(ctx: Context, pattern: str, type_: str, rule: str, *, max_chars: int = 6, min_stem: int = 1,
                 tags: Iterable[str] = STRICT_TAGS, stop: set[str] = STOP_WORDS, exclude: Iterable[str] = (),
                 generic: set[str] = GENERIC, reject: re.Pattern | None = None, lexicon_stop: bool = True) -> list[Mention]:
    """Find names made of a stem plus a suffix matching ``pattern`` (a regex over characters).

    e.g. pattern "路|大街" finds '长虹路', '解放大街'; ``exclude`` lists words the suffix begins
    when it is no name's end, compared at jieba token boundaries (路线, 路网, 村民; see ``excluded``).
    """
    out = []
    exclude = frozenset(exclude)
    rx = re.compile(rf"(?:{pattern})")
    for m in rx.finditer(ctx.text):
        s, e = m.start(), m.end()
        if excluded(ctx, s, e, exclude):
            continue
        start = walk_left(ctx, s, max_chars, tags, stop, lexicon_stop)
        q = ctx.text.rfind("“", max(0, s - max_chars), s)
        if q != -1 and ctx.text.startswith("”", e) and not re.search(r"[”,。;:]", ctx.text[q + 1:s]):
            start = q + 1  # a quoted name: “劝返队”
        stem = ctx.text[start:s]
        if len(stem) < min_stem:
            continue
        name = ctx.text[start:e]
        if name in generic or stem in STOP_WORDS or (reject is not None and reject.search(name)):
            continue
        mention = ctx.mention(start, e, type_, rule)
        if mention is not None:
            out.append(mention)
    return out


def listed_members(ctx: Context, head: str, exclude: Iterable[str] = (), counted: bool = False) -> list[tuple[int, int]]:
    """Return spans of list members before "等N个<head>", e.g. "甲庄、乙庄等2个村" -> 甲庄, 乙庄.

    The members of a counted list take the type its head noun names (村, 社区, 小区, 道路).
    With ``counted``, "X、Y、Z5项机制" (a count and no 等) is a list too. A head that begins one of
    the ``exclude`` words (村务, 村级) heads no list.
    """
    out = []
    count = r"[\d一二两三四五六七八九十百]+[个条家座处所项]"
    # counted: (?:等(?:{count})?|(?<=[{CJK}”]){count}), written to start with a character class
    # (see after_first); the lookbehind spans the count's first character
    lead = (rf"[等\d一二两三四五六七八九十百](?:(?<=等)(?:{count})?|(?<=[{CJK}”][\d一二两三四五六七八九十百])"
            rf"[\d一二两三四五六七八九十百]*[个条家座处所项])") if counted else rf"等(?:{count})?"
    exclude = frozenset(exclude)
    rx = re.compile(rf"{lead}(?P<head>{head})")
    for m in rx.finditer(ctx.text):
        if excluded(ctx, m.start("head"), m.end("head"), exclude):
            continue
        end = m.start()
        # walk back over "X、Y、Z" (and a final 和/及)
        seg_start = end
        while seg_start > max(0, end - 120) and LIST_CHAR.match(ctx.text, seg_start - 1):
            seg_start -= 1  # a list is at most 120 characters: text without punctuation stays linear
        segment = ctx.text[seg_start:end]
        if "、" not in segment and not re.search(r"[及和与]", segment):
            if not m.group(0).startswith("等"):
                continue
        parts = re.split(r"、|(?<=[\u4e00-\u9fffA-Za-z0-9”])(?:及|和|与)(?=[\u4e00-\u9fffA-Za-z0-9“])", segment)
        pos = seg_start
        spans = []
        for k, part in enumerate(parts):
            p0 = ctx.text.index(part, pos) if part else pos
            p1 = p0 + len(part)
            pos = p1
            if k == 0:  # first member: trim leading words up to a token boundary
                p0 = walk_left(ctx, p1, 6)
            if 2 <= p1 - p0 <= 8:
                spans.append((p0, p1))
        out.extend(spans)
    return out



def has_tagged_token(ctx: Context, s: int, e: int, tags, *, inside: bool = False) -> bool:
    """Tell whether a token tagged one of ``tags`` starts in ``text[s:e]`` (with ``inside``: lies in it
    whole; the scan stops at the first token that runs past ``e``)."""
    tokens = ctx.tokens
    for i in range(bisect.bisect_left(ctx.tok_starts, s), len(tokens)):
        t = tokens[i]
        if t.start >= e or inside and t.end > e:
            return False
        if t.tag in tags:
            return True
    return False


def has_proper_name(ctx: Context, m: Mention, end: int | None = None) -> bool:
    """Tell whether a mention's stem (up to ``end``, by default its last two characters) holds a
    proper-noun token (a thing named, not described)."""
    return has_tagged_token(ctx, m.start, m.end - 2 if end is None else end, PROPER_TAGS)


# A count of two or more things right before a name, or right after it and ending the phrase:
# "8个农贸市场", "乡镇健身中心2处," are counted groups, not names (the last member of a list before the list's
# count, "甲园、乙园2个", stays)
_MEASURE = "个家所座处条项栋幢间块宗支"
_COUNT_BEFORE = re.compile(rf"(?<!第)(?P<n>\d+|[一二两三四五六七八九十百千万]+)(?:余|多)?[{_MEASURE}]$")
_COUNT_AFTER = re.compile(rf"[)）”]?(?P<n>\d+|[一二两三四五六七八九十百千万]+)(?:余|多)?[{_MEASURE}](?=$|[,，。;；、)）\s])")


def counted_group(ctx: Context, m: Mention) -> bool:
    """Tell whether a mention is a counted group ("8个农贸市场", "乡镇健身中心2处,"), or the kind that
    heads a list ("甲园、乙园等精品农旅项目"), not a name."""
    text = ctx.text
    head = ctx.tok_by_end.get(m.start)
    if head is not None and head.text == "等":
        return True
    before = _COUNT_BEFORE.search(text, max(0, m.start - 6), m.start)
    if before is not None and before.group("n") not in ("1", "一"):
        return True
    after = _COUNT_AFTER.match(text, m.end)
    if after is None or after.group("n") in ("1", "一"):
        return False
    # the last member of a list takes the list's count ("甲园、乙园2个"), unless each member has its own
    listed = text[m.start - 1:m.start] in ("、", "和", "及")
    return not listed or _COUNT_AFTER.search(text, max(0, m.start - 8), m.start) is not None

