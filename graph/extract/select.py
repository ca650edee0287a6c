"""Choose among overlapping candidate mentions.

Nested mentions stay (a road inside a project name is both a road and part of the project);
crossing spans and one span claimed by two types are settled by rule strength, then length.
"""
from __future__ import annotations

import bisect

from graph.extract.base import MENTION_ORDER, Mention
from graph.extract.context import Context

# How much a rule's evidence weighs, by the part of the rule name after the colon.
RULE_WEIGHT = {
    "report": 100, "speaker": 100, "lexicon": 95, "glossary": 95, "glossary-term": 90, "code": 90,
    "congress": 90, "congress-short": 90, "plenum": 90, "census": 90, "anniversary": 85, "book-title": 85,
    "list": 80, "bare-code": 80, "rail": 80, "ring": 80, "outbreak": 75, "title": 70, "token": 70,
    "stem+suffix": 70, "quoted+suffix": 65, "compound": 60, "estate": 55, "suffix": 50, "meeting": 50,
    "quoted": 40, "quoted-works": 60, "slogan": 30,
}
TYPE_ORDER = ("AdministrativeDivision", "Person", "Event", "LandParcel", "Village", "Community", "Road", "Waterway",
              "Organization", "Facility", "Project", "Policy")


# Rules whose weight differs from their family's: a list headed "等项目" often lists facilities.
RULE_OVERRIDE = {"projects:list": 45, "policies:list": 60}


def weight(m: Mention) -> int:
    """Return the evidence weight of a mention's rule."""
    return RULE_OVERRIDE.get(m.rule) or RULE_WEIGHT.get(m.rule.split(":", 1)[-1], 50)


def select(ctx: Context, candidates: list[Mention]) -> list[Mention]:
    """Return the kept mentions, sorted by position."""
    uniq = {(m.start, m.end, m.type): m for m in sorted(candidates, key=weight)}  # strongest last wins
    ranked = sorted(uniq.values(), key=lambda m: (-weight(m), -(m.end - m.start), TYPE_ORDER.index(m.type), m.start))
    kept: list[Mention] = []
    spans: dict[tuple[int, int], str] = {}
    by_start: dict[int, list[Mention]] = {}  # kept mentions by start offset, for local overlap checks
    starts: list[int] = []  # the keys of by_start, sorted
    longest = max((m.end - m.start for m in ranked), default=0)
    for m in ranked:
        if (m.start, m.end) in spans:
            continue  # this exact span already has a (stronger) type
        near = [a for i in range(bisect.bisect_left(starts, m.start - longest), bisect.bisect_left(starts, m.end))
                for a in by_start[starts[i]]]
        crossing = any(a.start < m.start < a.end < m.end or m.start < a.start < m.end < a.end for a in near)
        # a same-type name nested in a longer one is kept only on stronger evidence (蓝天保卫战 in
        # 2021年蓝天保卫战行动计划: lexicon beats suffix; 市民服务热线 in 12345市民服务热线: not)
        nested_same = any(a.type == m.type and a.start <= m.start and m.end <= a.end and weight(m) <= weight(a)
                          for a in near)
        if crossing or nested_same:
            continue
        kept.append(m)
        if m.start not in by_start:
            bisect.insort(starts, m.start)
        by_start.setdefault(m.start, []).append(m)
        spans[(m.start, m.end)] = m.type
    return sorted(kept, key=MENTION_ORDER)
