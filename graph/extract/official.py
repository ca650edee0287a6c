"""Names from the official gazetteer: divisions, towns, villages and communities the text names
without (or with) their suffix.

Two sources, both from ``govkg.gazetteer``:

* the towns, villages and communities of the report's own county (``scope(report.divisions)``),
  matched in their official forms (甲庄村, 乙社区, 丙镇, 丁街道) anywhere at token boundaries, and
  as bare cores (甲庄 for 甲庄村村委会): a core of three or more characters at token boundaries,
  a two-character core only in a 、-list with another official name; a core that two kinds
  share (甲 of 甲镇 and 甲村) only in a 、-list that names its kind (甲、乙等镇);
* provinces, cities and counties nationwide: full names (杭州市, 雄安新区) at token boundaries;
  bare short names (江西, 杭州) of provinces and cities when jieba tags the word a place name
  (ns) and it ends a phrase or stands before a noun of places (客商, 籍, 两地: ``place_heads``);
  a bare county name only in a 、-list with another official name.

A town or village name is never guessed nationally.  Each scope's names are kept once with all
their prefixes (``Names``), so a report is scanned once, whatever the number of names.

Why a plain scan and not spaCy's PhraseMatcher (measured on the bundled 13,000-character sample):
the scan for both scopes' names (about 6,600 national names, 1,350 names of the county) takes
4 ms a report, and their tables 31 ms and 9 ms once a process (the national one before the corpus
build forks, in its warm-up); a PhraseMatcher over the same names needs spaCy loaded (540 ms, which
a build otherwise skips) and 322 ms to build its patterns (jieba segments every name), and it would
match token sequences only, where jieba often cuts a village name across tokens (在|建 …).  Token
boundaries are checked on the matches instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from govkg import gazetteer as gz
from govkg.extract.context import HAN, Context
from govkg.extract.lexicon import GENERIC, STOP_WORDS
from govkg.extract.rules import kind_data

DATA = kind_data("divisions")
# a division's suffix glued into a longer word: 市民, 区域, 县城, 乡村 (compared as jieba tokens)
UPPER_EXCLUDE = frozenset(DATA["gazetteer"]["exclude"])
NEW_AREAS = DATA["gazetteer"]["national_new_areas"]
# a bare core ending like another kind's name is read as that kind (建设路 is a road)
OTHER_KIND_END = re.compile(DATA["gazetteer"]["bare_core_not_ending"])
V_EXCLUDE = frozenset(kind_data("villages")["suffix"]["exclude"]) | frozenset(
    kind_data("communities")["suffix"]["exclude"])
DIVISION = "AdministrativeDivision"
GLUED_HEAD_TAGS = frozenset(DATA["gazetteer"]["glued_head_tags"])
FREE_AFTER = {"v", "vn", "p", "u", "uj", "ul", "d", "f", "y"}  # not c: 浙江和源集团
# nouns a bare place name ends before as a place, not as part of a name: 温州客商, 西藏籍, 九江、镇江两市
PLACE_HEAD = re.compile(rf"(?:{'|'.join(map(re.escape, sorted(DATA['gazetteer']['place_heads'], key=len, reverse=True)))})")


@dataclass
class Names:
    """One scope's names: by name, (type, is_bare, level); and every prefix of a name.

    >>> n = Names.of({"甲庄": ("Village", True, 5), "甲庄村": ("Village", False, 5), "乙营": ("Village", True, 5)})
    >>> list(n.scan("在甲庄村和乙营"))
    [(1, 4, '甲庄村'), (5, 7, '乙营')]
    """

    kinds: dict[str, tuple[str, bool, int]]
    prefixes: frozenset  # every name's prefixes of two or more characters

    @classmethod
    def of(cls, kinds: dict[str, tuple[str, bool, int]]) -> "Names":
        return cls(kinds, frozenset(k[:i] for k in kinds for i in range(2, len(k) + 1)))

    def scan(self, text: str):
        """Yield (start, end, name) of the longest name at each place, left to right, not overlapping.

        The same matches as one regex of all names (``trie_regex``) would give, found faster: a
        two-character window is looked up at each position and the names are walked on from the few
        that open one (a regex of 6,000 names tries its trie at every position: 15 ms a report).
        """
        prefixes, kinds, n = self.prefixes, self.kinds, len(text)
        i = 0
        while i < n - 1:
            if text[i:i + 2] not in prefixes:
                i += 1
                continue
            end, k = 0, i + 2
            while True:
                if text[i:k] in kinds:
                    end = k
                k += 1
                if k > n or text[i:k] not in prefixes:
                    break
            if end:
                yield i, end, text[i:end]
                i = end
            else:
                i += 1


def _add(kinds: dict, name: str, value: tuple[str, bool, int], shared: dict) -> None:
    old = kinds.get(name)
    if old is None:
        kinds[name] = value
    elif old[0] != value[0]:
        # one name, two kinds (甲 the core of 甲镇 and of 甲村): not matched as either, except in
        # a list that names its kind (甲、乙等镇: ``_listed_shared``)
        shared.setdefault(name, {old[0]: old[2]} if old[0] else {})[value[0]] = value[2]
        kinds[name] = ("", True, 0)


@lru_cache(maxsize=64)
def _local(code: str) -> tuple[Names, Names, dict[str, dict[str, int]]]:
    g = gz.Gazetteer.for_scope(code)
    kinds: dict[str, tuple[str, bool, int]] = {}
    shared: dict[str, dict[str, int]] = {}  # name -> {type: level} of the kinds it names
    for d in g.towns():
        forms, unit, core = gz.name_forms(d.name, "town")
        for f in forms:
            if re.search(r"(?:镇|乡|街道|苏木)$", f) and len(f) >= 3:
                _add(kinds, f, (DIVISION, False, 4), shared)
        if unit is not None and len(core) >= 2:
            _add(kinds, core, (DIVISION, True, 4), shared)
    for d in g.villages():
        forms, unit, core = gz.name_forms(d.name, "village")
        type_ = {"村": "Village", "社区": "Community"}.get(unit or "")
        if type_ is None:
            continue
        for f in forms:
            if re.search(r"(?:村|社区|嘎查)$", f) and len(f) >= 3:
                _add(kinds, f, (type_, False, 5), shared)
        if len(core) >= 2 and core != d.name:
            _add(kinds, core, (type_, True, 5), shared)
    ok = {k: v for k, v in kinds.items() if k not in GENERIC and k not in STOP_WORDS
          and not (v[1] and OTHER_KIND_END.search(k))}
    return (Names.of({k: v for k, v in ok.items() if v[0]}),
            Names.of({k: v for k, v in ok.items() if not v[0]}),
            {k: shared[k] for k, v in ok.items() if not v[0] and k in shared})


def local_names(code: str) -> Names:
    """The towns, villages and communities under ``code`` (a county, usually) that name one kind."""
    return _local(code)[0]


@lru_cache(maxsize=1)
def upper_names() -> Names:
    """Provinces, cities and counties nationwide, full and short, and the national new areas."""
    full, short = gz.upper_names()
    kinds: dict[str, tuple[str, bool, int]] = {}
    for name, ds in full.items():
        if len(name) >= 3:
            kinds[name] = (DIVISION, False, min(d.level for d in ds))
    for name in NEW_AREAS:
        kinds[name] = (DIVISION, False, 3)
    for name, ds in short.items():
        if name not in kinds and len(name) >= 2 and name not in GENERIC and name not in STOP_WORDS:
            kinds[name] = (DIVISION, True, min(d.level for d in ds))
    return Names.of(kinds)


def report_scope(ctx: Context) -> str | None:
    """The code of the report's county (or its own division when it is a city without
    counties), or None when its divisions do not name one."""
    if not hasattr(ctx, "_official_scope"):
        ctx._official_scope = _county_code(tuple(ctx.report.divisions), ctx.report.text)
    return ctx._official_scope


def _county_code(divisions: tuple[str, ...], text: str = "") -> str | None:
    """The county code of a chain of division names (with the text when several divisions answer
    to it: ``gazetteer.own_division``, cached)."""
    try:
        d = gz.own_division(divisions, text) if divisions else None
    except (ValueError, OSError):
        d = None
    return d.code[:6].ljust(12, "0") if d is not None and d.level >= 3 else None


def _at_token_start(ctx: Context, s: int) -> bool:
    """A name starts a token, or follows a function word jieba glued to its head (在|甲新庄 cut 在甲|新庄)."""
    if s == 0 or not HAN.match(ctx.text[s - 1]) or s in ctx.tok_by_start:
        return True
    tok = ctx.token_at(s)
    return tok is not None and ctx.text[tok.start:s] in STOP_WORDS


def _glued_head(ctx: Context, s: int) -> bool:
    """Tell whether a one-character name or numeral token jieba cut off a longer word ends right
    before ``s`` (奥|瑞金 of a company, 六|宜城市 of a slogan)."""
    tok = ctx.tok_by_end.get(s)
    return tok is not None and tok.end - tok.start == 1 and tok.tag in GLUED_HEAD_TAGS and HAN.match(tok.text) is not None


def _at_token_end(ctx: Context, e: int) -> bool:
    return e >= len(ctx.text) or not HAN.match(ctx.text[e]) or e in ctx.tok_by_end


def _in_list(ctx: Context, s: int, e: int, hits: set[tuple[int, int]]) -> bool:
    """Tell whether text[s:e] is an item of a 、-list with another official name next to it."""
    text = ctx.text
    before = text[s - 1:s] == "、"
    after = text[e:e + 1] == "、"
    if not (before or after):
        return False
    return any((b == s - 1 and before) or (a == e + 1 and after) for a, b in hits)


# a list's kind after its last item: 、乙等镇, 、乙等3个嘎查
_LIST_END = re.compile(r"等(?:[0-9一二三四五六七八九十]+个)?(镇|乡|苏木|街道|村|嘎查|社区)")
_LIST_START = re.compile(r"[，。；：,;:！？!?\n（）()“”]")
_KIND_OF_UNIT = {"镇": DIVISION, "乡": DIVISION, "苏木": DIVISION, "街道": DIVISION,
                 "村": "Village", "嘎查": "Village", "社区": "Community"}


def _listed_shared(ctx: Context, code: str) -> list[tuple[int, int, str, int]]:
    """Names that two kinds share, as items of a 、-list that names their kind (甲、乙等镇):
    (start, end, type, level)."""
    text = ctx.text
    names, shared_names, shared = _local(code)
    if not shared or "、" not in text:
        return []
    out = []
    for m in _LIST_END.finditer(text):
        type_ = _KIND_OF_UNIT[m.group(1)]
        lo = max(0, m.start() - 80)
        starts = [x.end() for x in _LIST_START.finditer(text, lo, m.start())]
        lo = starts[-1] if starts else lo
        region = text[lo:m.start()]
        if "、" not in region:
            continue
        for s, e, name in shared_names.scan(region):
            level = shared.get(name, {}).get(type_)
            if level and region[e:e + 1] in ("、", "") and (s == 0 or region[s - 1] == "、"
                                                             or _at_token_start(ctx, lo + s)):
                out.append((lo + s, lo + e, type_, level))
    return out


def matches(ctx: Context) -> list[tuple[int, int, str, str]]:
    """Return (start, end, type, rule family) of official names in the report's text."""
    out: list[tuple[int, int, str, str]] = []
    scanned = []
    code = report_scope(ctx)
    if code is not None:
        scanned.append((local_names(code), True))
    scanned.append((upper_names(), False))
    for names, local in scanned:
        found = []
        ends: set[int] = set()  # where an official name found so far ends: 甲乡|乙村 (jieba: 乡乙)
        for s, e, name in names.scan(ctx.text):
            type_, bare, level = names.kinds[name]
            if not type_ or not (_at_token_start(ctx, s) or (s in ends and not bare)):
                continue
            ends.add(e)
            if not local and any(a < e and s < b for a, b, *_ in out):
                continue  # inside a local name: 河南 in 甲河南村
            if not local and _glued_head(ctx, s):
                continue  # the tail of a longer word: 瑞金 in 奥|瑞金, 宜城市 in 六|宜城市
            found.append((s, e, type_, bare, level))
        spans = {(s, e) for s, e, *_ in found}
        for s, e, type_, bare, level in found:
            tok = ctx.token_at(e - 1)
            crossing = tok is not None and tok.end > e
            if not bare:
                if crossing and (tok.text in UPPER_EXCLUDE or tok.text in V_EXCLUDE
                                 or ctx.text[e - 1:tok.end] in UPPER_EXCLUDE | V_EXCLUDE):
                    continue
                if crossing and not local:
                    continue
                out.append((s, e, type_, "gazetteer"))
                continue
            if not _at_token_end(ctx, e) or crossing:
                continue
            listed = _in_list(ctx, s, e, spans - {(s, e)})
            if local:
                if e - s >= 3 or listed:
                    out.append((s, e, type_, "gazetteer-bare"))
            else:
                tok = ctx.tok_by_start.get(s)
                exact_place = tok is not None and tok.end == e and tok.tag == "ns"
                nxt = ctx.tok_by_start.get(e)
                # a bare name ends a phrase: 与杭州合作, 江西、湖南; not 浙江和源集团, 北京二中
                free = nxt is None or not HAN.match(ctx.text[e]) or nxt.tag in FREE_AFTER or PLACE_HEAD.match(ctx.text, e)
                if exact_place and free and (level <= 2 or listed):
                    out.append((s, e, type_, "gazetteer-bare"))
        if local:
            out += [(s, e, t, "gazetteer-bare") for s, e, t, _ in _listed_shared(ctx, code)
                    if not any(a < e and s < b for a, b, *_ in out)]
    return out


def official_mentions(ctx: Context, type_: str, module: str):
    """Mentions of ``type_`` from the gazetteer, with rules named ``<module>:gazetteer…``."""
    if not hasattr(ctx, "_official"):
        ctx._official = matches(ctx)
    out = []
    for s, e, t, family in ctx._official:
        if t == type_:
            m = ctx.mention(s, e, t, f"{module}:{family}")
            if m is not None:
                out.append(m)
    return out


def official_level(ctx: Context, name: str) -> int:
    """Return the level of the division ``name`` names (1-3 nationally; 4 a town, 5 a village or
    community of the report's county, also as a bare core), or 0: 浙江 and 镇江 are no waterways."""
    if name in upper_names().kinds:
        return upper_names().kinds[name][2] or 1
    code = report_scope(ctx)
    if code is None:
        return 0
    return local_names(code).kinds.get(name, ("", False, 0))[2]


def named_after_place(name: str) -> bool:
    """Tell whether ``name`` starts with a province's, city's or county's name and goes on
    (北京某某医院, 浙江某某集团): a thing named after a place is a name, not a description."""
    kinds = upper_names().kinds
    return any(name[:k] in kinds and len(name) >= k + 3 for k in range(2, 6))
