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

from govkg.extract.base import Extraction, Figure, Mention
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

    @property
    def key(self) -> str:
        """Stable content key: type + scope + normalised name."""
        return mint(self.type, "/".join(self.scope), norm(self.name))


@dataclass
class Resolved:
    """A report's entities and the figures and relations pointing at them."""
    report: Report
    entities: list[Entity]
    figures: list[Figure]
    relations: list[tuple[Entity, str, Entity, int]]  # (subject, GOV property, object, sentence)
    figure_subjects: dict[int, Entity]  # index in figures -> entity it is about
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
        e.aliases.discard(e.name)
    glossary = {norm(g.term): g.definition for g in report.glossary}
    for e in merged:
        if e.type == "Policy":
            e.definition = glossary.get(norm(e.name)) or next(
                (glossary[norm(a)] for a in sorted(e.aliases) if norm(a) in glossary), None)
    merged.sort(key=lambda e: (e.type, norm(e.name)))
    res = Resolved(report, merged, list(ext.figures), [], {})
    for r in ext.relations:
        s, o = res.find(*r.subject), res.find(*r.object)
        if s is not None and o is not None and s is not o:
            res.relations.append((s, r.predicate, o, r.sentence))
    _division_hierarchy(res)
    subjects = _by_name([e for e in merged if e.type != "Policy"], lambda e: None)
    for i, f in enumerate(res.figures):
        subj = None
        if f.subject:
            subj = subjects.get((None, norm(f.subject)))
        if subj is None and report.division:
            subj = res.find("AdministrativeDivision", report.division)
        if subj is not None:
            res.figure_subjects[i] = subj
    _workitem_objects(res, ext)
    return res


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
    """Add withinDivision links: the report's division chain, and local places in the innermost."""
    chain = [res.find("AdministrativeDivision", d) for d in res.report.divisions]
    chain = [c for c in chain if c is not None]
    for inner, outer in zip(chain[1:], chain[:-1]):
        res.relations.append((inner, "withinDivision", outer, -1))
    if not chain or len(chain) != len(res.report.divisions):
        return
    town = chain[-1]
    for e in res.entities:
        if e.type in ("Village", "Community"):
            res.relations.append((e, "withinDivision", town, -1))
