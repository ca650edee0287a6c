"""Plain records that extraction produces, and the registry of entity extractors.

No rdflib here: extraction deals in character offsets and strings only.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Callable, Iterable

from govkg.kinds import NAMES

ENTITY_TYPES = NAMES  # the kinds, declared once in govkg.kinds


@dataclass(frozen=True, order=True)
class Mention:
    """A span of report text naming an entity: ``report.text[start:end] == text``."""

    start: int
    end: int
    type: str
    text: str
    name: str  # the name it contributes (``text`` without quotes or book-title marks)
    rule: str  # which extractor found it
    sentence: int  # Sentence.index


# Mention's own order (its fields in turn) as a sort key: sorted(ms, key=MENTION_ORDER) makes one
# tuple per mention, where sorted(ms) makes two per comparison.
MENTION_ORDER = attrgetter(*(f.name for f in fields(Mention) if f.compare))


@dataclass(frozen=True)
class Figure:
    """A stated quantity: indicator name, value in the unit as written, year, target/actual."""

    start: int  # the whole figure expression, e.g. "财政收入完成3.6亿元"
    end: int
    name: str
    value: str  # decimal as a string, exact ("3.6", "37572")
    unit: str
    year: int | None
    is_target: bool
    sentence: int
    change: str | None = None  # "+4.8%", "-7%"
    approximate: str | None = None  # 余 / 近 / 超 / 约 ...
    subject: str | None = None  # surface name of what it is about, when stated


@dataclass(frozen=True)
class Relation:
    """A relation stated by the text between two mentions (by name and type)."""

    subject: tuple[str, str]  # (type, name)
    predicate: str  # a GOV property local name: onParcel, alongRoad, withinDivision
    object: tuple[str, str]
    sentence: int


@dataclass
class Extraction:
    """Everything extracted from one report."""

    mentions: list[Mention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    workitems: list = field(default_factory=list)  # extract.workitems.WorkItem, in text order


Extractor = Callable[["Context"], Iterable[Mention]]  # noqa: F821  (Context lives in pipeline)
EXTRACTORS: dict[str, Extractor] = {}


def register(name: str) -> Callable[[Extractor], Extractor]:
    """Register an entity extractor under ``name`` (one module per entity kind)."""

    def deco(fn: Extractor) -> Extractor:
        EXTRACTORS[name] = fn
        return fn

    return deco
