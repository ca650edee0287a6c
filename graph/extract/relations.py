"""Relations the text states between mentions: on a land parcel, along a road.

e.g. '7K地块“X”项目' -> the project onParcel 7K地块; 'X路拓宽工程' -> the project alongRoad X路;
'X路西侧的Y公园' -> the facility alongRoad X路.
"""
from __future__ import annotations

import bisect
import re

from govkg.extract.base import MENTION_ORDER, Mention, Relation
from govkg.extract.context import Context

SITED = ("Project", "Facility")
GAP = re.compile(r"^[“”\"「」]?(?:的)?[“”\"「」]?$")
SIDE = re.compile(r"^(?:[东西南北]侧|两侧|沿线|以[东西南北]|[东西南北]|周边|旁)(?:的)?[“”\"]?$")


def extract_relations(ctx: Context, mentions: list[Mention]) -> list[Relation]:
    """Return onParcel and alongRoad relations between adjacent or nested mentions.

    Each road or parcel looks only at the projects and facilities that can hold it or follow it
    within four characters (found by bisection), so a sentence of any length costs n log n.
    """
    out: list[Relation] = []
    ordered = sorted(mentions, key=MENTION_ORDER)
    sited: dict[int, list[Mention]] = {}  # sentence -> its projects and facilities, by start
    for b in ordered:
        if b.type in SITED:
            sited.setdefault(b.sentence, []).append(b)
    starts = {k: [b.start for b in v] for k, v in sited.items()}
    longest = max((b.end - b.start for v in sited.values() for b in v), default=0)
    for a in ordered:
        if a.type not in ("LandParcel", "Road") or a.sentence not in sited:
            continue
        pred = "onParcel" if a.type == "LandParcel" else "alongRoad"
        cands, at = sited[a.sentence], starts[a.sentence]
        lo = bisect.bisect_left(at, a.start - longest)
        hi = bisect.bisect_right(at, a.end + 4)
        for b in cands[lo:hi]:
            nested = b.start <= a.start and a.end <= b.end and (b.start, b.end) != (a.start, a.end)
            gap = ctx.text[a.end:b.start] if b.start >= a.end else None
            adjacent = gap is not None and len(gap) <= 4 and (GAP.match(gap) or (a.type == "Road" and SIDE.match(gap)))
            if nested or adjacent:
                out.append(Relation((b.type, b.name), pred, (a.type, a.name), a.sentence))
    return out
