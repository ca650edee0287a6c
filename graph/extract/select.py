"""Choose among overlapping candidate mentions.

Nested mentions stay (a road inside a project name is both a road and part of the project);
crossing spans and one span claimed by two types are settled by rule strength, then length. A road
or waterway name that starts a longer name of another kind (东湖 in 东湖社区 or 东湖物流, 石桥 in 石桥河)
is only that name's stem and is dropped; inside a project or bridge name it stays (石桥河综合治理工程,
柳溪河大桥 name the river). A counted group of places, facilities, projects or bodies ("8个农贸市场",
"乡镇健身中心2处"), or the kind heading a list ("甲园、乙园等精品农旅项目"), is no name and is dropped first.
"""
from __future__ import annotations

import bisect

from govkg.extract.base import MENTION_ORDER, Mention
from govkg.extract.context import Context
from govkg.extract.rules import counted_group
from govkg.kinds import KIND, KINDS, RULE_WEIGHT


def weight(m: Mention) -> int:
    """Return the evidence weight of a mention's rule: its kind's own weight for the rule, or its family's."""
    module, _, family = m.rule.partition(":")
    kind = _BY_MODULE.get(module)
    own = kind.rule_weights.get(family) if kind else None
    if own is not None:
        return own
    try:
        return RULE_WEIGHT[family]
    except KeyError:
        raise ValueError(f"rule {m.rule!r} has no weight: add its family to govkg.kinds.RULE_WEIGHT") from None


_BY_MODULE = {k.module: k for k in KINDS}
STEM_TYPES = frozenset({"Road", "Waterway"})
# types whose counted groups ("8个农贸市场", "乡镇健身中心2处") are no entities (a policy may
# be named by a count: 两个维护, 四个意识)
COUNTABLE = frozenset({"Facility", "Project", "Community", "Village", "Road", "Waterway", "LandParcel", "Organization"})
NAMED_AFTER = frozenset({"Community", "Village", "Organization", "Facility", "AdministrativeDivision", "Waterway"})
# (not Road: a bridge or tunnel named after its river, 柳溪河大桥, still names the river)


def select(ctx: Context, candidates: list[Mention]) -> list[Mention]:
    """Return the kept mentions, sorted by position."""
    candidates = [m for m in candidates if m.type not in COUNTABLE or not counted_group(ctx, m)]
    uniq = {(m.start, m.end, m.type): m for m in sorted(candidates, key=weight)}  # strongest last wins
    ranked = sorted(uniq.values(), key=lambda m: (-weight(m), -(m.end - m.start), KIND[m.type].priority, m.start))
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
    # a road or waterway name that starts a longer name of a place, body, facility or river is only
    # the stem of that name (东湖 in 东湖社区 or 东湖物流, 石桥 in 石桥河), not a mention of its own
    named = {(a.start, a.type): a.end for a in kept if a.type in NAMED_AFTER}
    kept = [m for m in kept if m.type not in STEM_TYPES or not any(
        named.get((m.start, t), 0) > m.end for t in NAMED_AFTER if t != m.type)]
    return sorted(kept, key=MENTION_ORDER)
