"""The graph in N-Triples and JSON-LD (Turtle comes from govkg.store)."""
from __future__ import annotations

import json

from govkg.publish.common import JSONLD_PREFIXES
from govkg.store import ntriples


def to_ntriples(g) -> bytes:
    """Serialise a graph as N-Triples, lines sorted (deterministic)."""
    return ntriples(g)[0]


def to_jsonld(g) -> bytes:
    """Serialise a graph as JSON-LD with a compact @context, nodes sorted by @id (deterministic)."""
    data = json.loads(g.serialize(format="json-ld", context=dict(JSONLD_PREFIXES), auto_compact=True))
    if "@graph" not in data:  # a single node comes back without @graph
        ctx = data.pop("@context", JSONLD_PREFIXES)
        data = {"@context": ctx, "@graph": [data] if data else []}

    def order(value):
        if isinstance(value, list):
            return sorted((order(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        if isinstance(value, dict):
            return {k: order(v) for k, v in value.items()}
        return value

    data["@graph"] = sorted((order(n) for n in data["@graph"]), key=lambda n: str(n.get("@id", "")))
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
