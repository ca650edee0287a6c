"""Choose among overlapping candidate mentions.

Nested mentions stay (a road inside a project name is both a road and part of the project);
crossing spans and one span claimed by two types are settled by rule strength, then length.
"""
from __future__ import annotations

import bisect

from govkg.extract.base import MENTION_ORDER, Mention
from govkg.extract.context import Context
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


def select(ctx: Context, candidates: list[Mention]) -> list[Mention]:
    """Return the kept mentions, sorted by position."""
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
    return sorted(kept, key=MENTION_ORDER)
