"""Mentions -> entities: merge surface variants of one thing and mint stable keys.

One :class:`Entity` per real thing in a report. Its key (and so its IRI) is minted from
content: the type, the normalised canonical name and the administrative scope (the chain of
divisions the report is about), never from counters. The same village in two reports of the
same town therefore gets the same key; a same-named village in another town does not.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from govkg import linking
from govkg.extract.base import Extraction, Figure, Mention
from govkg.extract.roads import segment_base
from govkg.ingest import Report

_STRIP = re.compile(r"[\s“”\"'‘’「」『』《》〈〉]")
# Types whose names are national or global: not scoped by the report's division.
GLOBAL_TYPES = {"Policy"}
_DIV_SUFFIX = re.compile(r"(?:省|市|区|县|镇|乡|街道|自治区|自治州|自治县)$")


def norm(name: str) -> str:
    """Normalise a name for comparison: NFKC, no blanks, quotes or book-title marks."""
    return _STRIP.sub("", unicodedata.normalize("NFKC", name))


def mint(*parts: str) -> str:
    """Return a short, stable hex key for the given content parts."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@dataclass
class Entity:
    """One real-world thing named in a report, with all its mentions."""
    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    scope: tuple[str, ...] = ()
    definition: str | None = None  # from the report's glossary
    code: str | None = None  # 12-digit official division code, when the place is linked to one

    @property
    def key(self) -> str:
        """Stable content key: the division code of a linked place, else type + scope + normalised name."""
        if self.code:
            return self.code
        return mint(self.type, "/".join(self.scope), norm(self.name))


@dataclass
class Resolved:
    """A report's entities and the figures and relations pointing at them."""
    report: Report
    entities: list[Entity]
    figures: list[Figure]
    relations: list[tuple[Entity, str, Entity, int]]  # (subject, GOV property, object, sentence)
    figure_subjects: dict[int, Entity]  # index in figures -> entity it is about
    own: Entity | None = None  # the report's own division, when linked to its code
    workitems: list = field(default_factory=list)  # extract.workitems.WorkItem, in text order
    workitem_objects: dict[int, Entity] = field(default_factory=dict)  # index in workitems -> entity acted on

    @cached_property
    def _by_type_and_name(self) -> dict:
        return _by_name(self.entities, lambda e: e.type)

    def find(self, type_: str, name: str) -> Entity | None:
        """Return the (first) entity of this type with this name or alias (entities are final by now)."""
        return self._by_type_and_name.get((type_, norm(name)))


def _by_name(entities: list[Entity], group) -> dict:
    """Return {(group(e), normalised name or alias): the first entity in the list with it}."""
    index: dict = {}
    for e in entities:
        g = group(e)
        for n in (e.name, *e.aliases):
            index.setdefault((g, norm(n)), e)
    return index


def scope_for(report: Report, type_: str, name: str) -> tuple[str, ...]:
    """Return the division chain that scopes an entity's identity."""
    if type_ in GLOBAL_TYPES:
        return ()
    if type_ == "AdministrativeDivision":
        if name in report.divisions:
            return tuple(report.divisions[: report.divisions.index(name)])
        return tuple(report.divisions[:1])
    return tuple(report.divisions)


def _variant_of(short: str, long: str, type_: str, known: set[str]) -> bool:
    """Tell whether ``short`` is another surface form of ``long`` (same type)."""
    if short == long:
        return False
    if type_ == "Organization":
        # "镇政府" / "镇人民政府" ~ "王江泾镇人民政府": an organ named relative to its division
        s2, l2 = short.replace("人民", ""), long.replace("人民", "")
        head = l2[: len(l2) - len(s2) + 1]
        if s2 != l2 and l2.endswith(s2[1:]) and s2[0] in "镇乡区县市" and head.endswith(s2[0]) and head in known:
            return True
    if not long.endswith(short) and not long.startswith(short):
        return False
    if type_ == "AdministrativeDivision":
        return _DIV_SUFFIX.sub("", long) == short
    if type_ == "Event" and long == short + "疫情":
        return True
    if type_ == "LandParcel" and re.fullmatch(re.escape(short) + r"(?:地块|号地|组团)", long):
        return True
    if type_ == "Road" and segment_base(long) == short:  # "文化路" ~ "文化路北延"
        return True
    if long.endswith(short):
        prefix = long[: -len(short)]
        # "集建地4A地块" ~ "4A地块", "新城东湖组团" ~ "东湖组团": a qualifier or known place before it
        return len(short) >= 3 and (prefix in known or bool(re.fullmatch(r"(?:[\u4e00-\u9fff]{1,3}地|新城|原)", prefix)))
    return False


def resolve(report: Report, ext: Extraction) -> Resolved:
    """Group mentions into entities, merge variants, attach figures and relations."""
    groups: dict[tuple[str, str], Entity] = {}
    for m in sorted(ext.mentions):
        k = (m.type, norm(m.name))
        e = groups.get(k)
        if e is None:
            e = groups[k] = Entity(m.type, m.name, scope=scope_for(report, m.type, m.name))
        e.mentions.append(m)
    # merge short variants into the fuller name of the same type
    known = {n for (_, n) in groups}
    by_type: dict[str, list[Entity]] = {}
    for e in groups.values():
        by_type.setdefault(e.type, []).append(e)
    merged: list[Entity] = []
    for type_, ents in sorted(by_type.items()):
        named = sorted(((norm(e.name), e) for e in ents), key=lambda ne: (-len(ne[0]), ne[0]))
        kept: list[tuple[str, Entity]] = []  # (normalised name, entity)
        for n, e in named:
            target = next((k for nk, k in kept if _variant_of(n, nk, type_, known)), None)
            if target is None:
                kept.append((n, e))
            else:
                target.aliases.add(e.name)
                target.aliases |= e.aliases
                target.mentions.extend(e.mentions)
        merged.extend(e for _, e in kept)
    for e in merged:
        e.mentions.sort()
        if e.type == "Road" and (base := segment_base(e.name)):
            e.aliases.add(base)  # a road's segment is also known by the road's name
        e.aliases.discard(e.name)
    glossary = {norm(g.term): g.definition for g in report.glossary}
    for e in merged:
        if e.type == "Policy":
            e.definition = glossary.get(norm(e.name)) or next(
                (glossary[norm(a)] for a in sorted(e.aliases) if norm(a) in glossary), None)
    merged, own = _link(report, merged)
    merged.sort(key=lambda e: (e.type, norm(e.name)))
    res = Resolved(report, merged, list(ext.figures), [], {}, own)
    for r in ext.relations:
        s, o = res.find(*r.subject), res.find(*r.object)
        if s is not None and o is not None and s is not o:
            if r.predicate == "withinDivision" and s.code:
                continue  # a linked place's divisions are its code's
            res.relations.append((s, r.predicate, o, r.sentence))
    _division_hierarchy(res)
    subjects = _by_name([e for e in merged if e.type != "Policy"], lambda e: None)
    for i, f in enumerate(res.figures):
        subj = None
        if f.subject:
            subj = subjects.get((None, norm(f.subject)))
        if subj is None and report.division:
            subj = res.own or res.find("AdministrativeDivision", report.division)
        if subj is not None:
            res.figure_subjects[i] = subj
    _workitem_objects(res, ext)
    return res


def _link(report: Report, entities: list[Entity]) -> tuple[list[Entity], Entity | None]:
    """Link places to their official codes (``govkg.linking``); return the entities and the report's own.

    A linked place is labelled with its official name (the same in every report; the report's
    forms become aliases); places of one type linked to the same code are merged; the report's own
    division is added (without mentions) when the report does not name it.  A code two types compete for goes to the type the gazetteer
    says it is (a 村 is a Village), else stays unlinked.
    """
    text = report.text
    linker = linking.Linker(report.divisions, text)
    found: dict[int, linking.Division] = {}
    for i, e in enumerate(entities):
        if e.type not in linking.PLACE_KINDS:
            continue
        contexts = []
        if e.type != "AdministrativeDivision":
            for m in e.mentions:
                lo = max(0, m.start - linking.LOOK_BACK)
                contexts.append((text[lo:m.end], m.start - lo))
        d = linker.link(e.type, e.name, contexts)
        if d is not None:
            found[i] = d
    by_code: dict[str, list[int]] = {}
    for i, d in found.items():
        by_code.setdefault(d.code, []).append(i)
    coded: dict[str, Entity] = {}
    dropped: set[int] = set()
    for code, idx in sorted(by_code.items()):
        d = found[idx[0]]
        types = {entities[i].type for i in idx}
        if len(types) > 1:
            natural = linking.natural_type(d)
            idx = [i for i in idx if entities[i].type == natural]
            if not idx:
                continue
        keep = entities[idx[0]]
        for i in idx[1:]:
            other = entities[i]
            keep.aliases |= {other.name, *other.aliases}
            keep.mentions.extend(other.mentions)
            dropped.add(i)
        keep.mentions.sort()
        keep.aliases.add(keep.name)
        keep.name = linking.label_of(d)
        keep.aliases.discard(keep.name)
        keep.code = code
        coded[code] = keep
    out = [e for i, e in enumerate(entities) if i not in dropped]

    def division_entity(d: linking.Division) -> Entity:
        e = coded.get(d.code)
        if e is None:
            e = coded[d.code] = Entity("AdministrativeDivision", linking.label_of(d), code=d.code)
            out.append(e)
        return e

    # The report's own division is added when the text does not name it; the divisions above a
    # place are not: a place links to the nearest one above it that the report names (an entity
    # the report does not name is not one of its entities, and the code holds the whole chain).
    own = division_entity(linker.own) if linker.own is not None else None
    _organ_aliases(linker, out, coded, text)
    return out, own


_ORGAN = re.compile(r"(?:委员会|委会|办事处|街道办)$")
_ORGAN_AFTER = {"Village": re.compile(r"(?:村民委员会|村委会|民委员会|委会)"),
                "Community": re.compile(r"(?:居民委员会|居委会)"),
                "AdministrativeDivision": re.compile(r"(?<=街道)办事处")}


def _organ_aliases(linker: linking.Linker, entities: list[Entity], coded: dict[str, Entity], text: str) -> None:
    """A committee or office named after a linked place is another name of it: 甲村村委会 and
    甲村民委员会 of the village 甲村, 乙社区居委会 of the community, 丙街道办事处 of the street (the
    statistical codes name these units so).  The organization stays; the place gains the alias."""
    for place in coded.values():
        after = _ORGAN_AFTER.get(place.type)
        for m in place.mentions if after else ():
            tail = after.match(text, m.end)
            if tail:  # 甲社区居委会 written where no organization was read
                place.aliases.add(text[m.start:tail.end()])
    for e in entities:
        if e.type != "Organization" or not _ORGAN.search(e.name):
            continue
        if e.name.endswith(("办事处", "街道办")):
            type_, forms = "AdministrativeDivision", linking.gz.name_forms(e.name, "town")[0]
            forms = [f for f in forms if f.endswith("街道")]
        else:
            forms_, unit, _ = linking.gz.name_forms(e.name, "village")
            type_ = "Community" if unit == "社区" else "Village"
            forms = [f for f in forms_ if f.endswith(("村", "社区", "嘎查"))]
        if len(forms) != 1:
            continue
        contexts = []
        for m in e.mentions:
            lo = max(0, m.start - linking.LOOK_BACK)
            contexts.append((text[lo:m.start + len(forms[0])], m.start - lo))
        d = linker.link(type_, forms[0], contexts)
        place = coded.get(d.code) if d is not None else None
        if place is not None and place.type == type_ and e.name != place.name:
            place.aliases.add(e.name)


def _workitem_objects(res: Resolved, ext: Extraction) -> None:
    """Attach the work items; an item whose object ends with an entity mention acts on that entity."""
    res.workitems = list(ext.workitems)
    if not res.workitems:
        return
    by_sentence: dict[int, list[Mention]] = {}
    for m in ext.mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    for i, w in enumerate(res.workitems):
        if w.object_type is None:
            continue
        inside = [m for m in by_sentence.get(w.sentence, ()) if m.type == w.object_type
                  and w.object_start <= m.start and m.end <= w.object_end]
        if inside:
            last = max(inside, key=lambda m: (m.end, m.end - m.start))
            e = res.find(last.type, last.name)
            if e is not None:
                res.workitem_objects[i] = e


def _division_hierarchy(res: Resolved) -> None:
    """Add withinDivision links: a linked place's from its code, to the nearest division above it that
    the report names (village -> town -> county -> city -> province); the report's division chain and
    its local places otherwise."""
    seen = {(id(s), p, id(o)) for s, p, o, _ in res.relations}

    def add(inner: Entity, outer: Entity) -> None:
        if (id(inner), "withinDivision", id(outer)) not in seen:
            seen.add((id(inner), "withinDivision", id(outer)))
            res.relations.append((inner, "withinDivision", outer, -1))

    by_code = {e.code: e for e in res.entities if e.code}
    for code, e in sorted(by_code.items()):
        above = next((by_code[p.code] for p in linking.parents(linking.gz.get(code)) if p.code in by_code), None)
        if above is not None:
            add(e, above)
    chain = [res.find("AdministrativeDivision", d) for d in res.report.divisions]
    chain = [c for c in chain if c is not None]
    for inner, outer in zip(chain[1:], chain[:-1]):
        if not inner.code:
            add(inner, outer)
    if res.own is not None:
        town = res.own
    elif chain and len(chain) == len(res.report.divisions):
        town = chain[-1]
    else:
        return
    for e in res.entities:
        if e.type in ("Village", "Community") and not e.code:
            add(e, town)
