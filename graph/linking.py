"""Place names -> official division codes (统计用区划代码, the 2023 statistical codes).

A report is about one division (``Report.divisions``, outermost first); :class:`Linker` finds its
code (``gazetteer.own_division``: the chain of names, and the report's text when several divisions
answer to it, as for a town titled alone) and resolves the other places the report names *within
the report's scope first*:

- a name of the report's own chain gets that chain's code;
- towns and streets (镇 乡 街道 地区 苏木 …) are looked up in the report's county (its city or
  province for a city or province report), never nationally; a division named without its unit
  (甲、乙等镇) is a town of the county when no province, city or county answers to it;
- villages and residents' committees are looked up in the town a sentence puts them in ("X镇Y村":
  Y within X, X a town of the report's county), else in the report's own town, else in its
  county (a city for a city report), never nationally;
- provinces, cities and counties are looked up in the report's province, then nationally, and
  are linked only when exactly one division answers (also when the report's own division is
  unknown: then nothing else is linked).

A name that two places answer to stays unlinked.  Name forms are the gazetteer's (镇 = 地区 in
Beijing, 街道 = 街道办事处, X村 = X村村委会, X社区 = X社区居委会, the bare core).  This module
only reads names and codes; ``resolve`` applies the codes to entities.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from govkg import gazetteer as gz
from govkg.gazetteer import Division

#: entity types that are linked to a code, and the gazetteer kind each is looked up as
PLACE_KINDS = {"AdministrativeDivision": "town", "Village": "village", "Community": "community"}
_TOWN_NAME = re.compile(r"(?:镇|乡|街道|地区|办事处|苏木)$")
_UNIT_END = re.compile(r"(?:省|市|区|县|旗|盟|州|镇|乡|街道|地区|办事处|苏木|村|社区|嘎查)$")
LOOK_BACK = 14  #: characters before a village's mention searched for its town


def label_of(d: Division) -> str:
    """The name a coded place is labelled with: the same in every report.

    Provinces, cities and counties: the published name; towns: the Ministry of Civil Affairs
    name when the statistical one differs (西红门地区 -> 西红门镇), 街道办事处 as 街道; villages and
    residents' committees: X村 / X社区 without the committee words.

    >>> label_of(gz.get("110115007000")), label_of(gz.get("110115005210"))
    ('西红门镇', '海子角村')
    """
    if d.level <= 3:
        return d.name
    if d.level == 4:
        name = d.aliases[0] if d.aliases else d.name
        forms = gz.name_forms(name, "town")[0]
        return min(forms, key=lambda f: (len(f), f)) if name.endswith("办事处") else re.sub(r"\([^()]*\)$", "", name) or name
    forms = gz.name_forms(d.name, "village")[0]
    return min(forms, key=lambda f: (len(f), f))


def natural_type(d: Division) -> str:
    """The entity type a division is: AdministrativeDivision, Village or Community."""
    if d.level <= 4:
        return "AdministrativeDivision"
    return "Community" if gz.name_forms(d.name, "village")[1] == "社区" else "Village"


def parents(d: Division) -> list[Division]:
    """The divisions above ``d``, innermost first, without the 市辖区/县 grouping levels."""
    return [p for p in gz.chain(d.code)[:-1][::-1] if not p.is_group]


class Linker:
    """Resolve the place names of one report within its scope (see the module text)."""

    def __init__(self, divisions: Sequence[str], text: str = "") -> None:
        self.divisions = list(divisions)
        # the chain of names, read with the report's text when several divisions answer to it
        self.own: Division | None = gz.own_division(self.divisions, text) if self.divisions else None
        self.own_names: dict[str, Division] = {}
        self.county: Division | None = None
        self.town: Division | None = None
        self.province: Division | None = None
        if self.own is None:
            return
        chain = gz.chain(self.own.code)
        codes = {c.code for c in chain}
        for i, name in enumerate(self.divisions):
            hits = [d for d in gz.scope_candidates(self.divisions[: i + 1]) if d.code in codes]
            if len(hits) == 1:
                self.own_names[name] = hits[0]
        self.own_names[self.divisions[-1]] = self.own
        self.province = chain[0]
        self.town = self.own if self.own.level == 4 else None
        if self.own.level >= 3:
            # the county; a city without counties (东莞市) stands for its own county
            self.county = next((c for c in chain if c.level == 3), None) or next(
                c for c in chain if c.level == 2)
        self.region = self.county or self.own  # where towns and villages are looked up

    # ------------------------------------------------------------------------- one name

    def link(self, type_: str, name: str, contexts: Iterable[str] = ()) -> Division | None:
        """The one division an entity of ``type_`` named ``name`` is, or None.

        ``contexts``: for each mention, the text before it up to its end and where the mention
        starts in that text (for "X镇Y村").
        """
        kind = PLACE_KINDS.get(type_)
        if kind is None:
            return None
        if self.own is None:
            # no scope: only a province, city or county that one division answers to nationally
            hits = gz.find_upper(name) if type_ == "AdministrativeDivision" else []
            return hits[0] if len(hits) == 1 else None
        if type_ == "AdministrativeDivision":
            return self._division(name)
        return self._village(type_, kind, name, contexts)

    def _division(self, name: str) -> Division | None:
        d = self.own_names.get(name)
        if d is not None:
            return d
        if _TOWN_NAME.search(name) and self.region.level < 4:
            hits = gz.Gazetteer.for_scope(self.region.code).candidates(name, "town")
            if hits:
                return hits[0] if len(hits) == 1 else None
        hits = gz.find_upper(name)
        if len(hits) > 1:  # the report's province first: 朝阳区 in a Beijing report
            hits = [h for h in hits if self.province.contains(h.code)]
        if not hits and not _UNIT_END.search(name) and self.region.level < 4:
            # a town named without its unit (甲、乙等镇): the county's one town of that core
            hits = gz.Gazetteer.for_scope(self.region.code).candidates(name, "town")
        return hits[0] if len(hits) == 1 else None

    def _fits(self, type_: str, d: Division) -> bool:
        unit = gz.name_forms(d.name, "village")[1]
        return unit is None or (unit == "社区") == (type_ == "Community")

    def _in(self, scope: Division, type_: str, kind: str, name: str) -> list[Division]:
        hits = gz.Gazetteer.for_scope(scope.code).candidates(name, kind)
        return [h for h in hits if self._fits(type_, h)]

    def _village(self, type_: str, kind: str, name: str, contexts: Iterable[tuple[str, int]]) -> Division | None:
        if self.region.level < 2:
            return None  # a province report: too many villages share a name
        found: dict[str, Division] = {}
        for ctx, start in contexts:
            hit = self._by_town_before(type_, kind, ctx, start)
            if hit is not None:
                found[hit.code] = hit
        if found:
            return next(iter(found.values())) if len(found) == 1 else None
        for scope in (self.town, self.region):
            if scope is None:
                continue
            hits = self._in(scope, type_, kind, name)
            if hits:
                return hits[0] if len(hits) == 1 else None
        return None

    def _by_town_before(self, type_: str, kind: str, ctx: str, start: int) -> Division | None:
        """"X镇Y村": the place named right after a town of the report's county.

        ``ctx`` is the text before a mention up to the mention's end; the mention starts at
        ``start`` in it.  The town's name must end where the mention starts or inside it.
        """
        best: tuple[int, Division] | None = None
        for town in gz.Gazetteer.for_scope(self.region.code).towns():
            for form in _town_forms(town):
                at = ctx.rfind(form)
                end = at + len(form)
                if at >= 0 and start <= end < len(ctx) and (best is None or end > best[0]):
                    best = (end, town)
        if best is None or len(ctx) - best[0] < 2:
            return None
        hits = self._in(best[1], type_, kind, ctx[best[0]:])
        return hits[0] if len(hits) == 1 else None


@cache
def _town_forms(town: Division) -> frozenset[str]:
    forms: set[str] = set()
    for n in (town.name, *town.aliases):
        forms |= gz.name_forms(n, "town")[0]
    return frozenset(f for f in forms if _TOWN_NAME.search(f))
