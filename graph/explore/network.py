"""The entity network as a networkx graph: selection, centrality, components; ``govkg stats``.

:func:`entity_graph` turns the RDF graph into a ``networkx.MultiDiGraph`` whose nodes are the
entities (IRI strings) and whose edges are
- the relations between two entities in the RDF graph (``gov:withinDivision``, ``gov:onParcel``,
  ``gov:alongRoad`` and any other entity-to-entity property), directed, key = the property's local
  name, and
- co-mention edges (key ``coMention``) between two entities mentioned in the same sentence (in a
  sentence naming more than ``COMENTION_WINDOW`` + 1 entities, between each and the next
  ``COMENTION_WINDOW`` it names), undirected (stored once, from the smaller IRI), ``weight`` =
  number of shared sentences.

Figures (``gov:IndicatorObservation`` / ``gov:Target``) are not nodes: each is kept in the
``indicators`` attribute of the entity it is ``gov:about``. Work items (``gov:WorkItem``) are not
nodes either: each is kept in the ``workitems`` attribute of the entity it acts on (``gov:object``),
with its status and year. Reports, sections, sentences and
mentions are provenance, read into node attributes (first source sentence and its section).

Viz and stats share this graph: :func:`select` applies ``--types``, ``--focus/--depth`` and
``--max-nodes`` (keeps the most central by betweenness, computed with networkx).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox
import rdflib
from govkg.errors import GovkgError
from govkg.kinds import NAMES
from govkg.rdf.namespace import GOV
from govkg.store import division_quads, division_reports, knowledge_quads, open_store
from rdflib import RDF, RDFS, SKOS

# Entity classes of the ontology in display order (the legend and ``--types`` use these names).
ENTITY_TYPES = NAMES
# gov: classes that are not entities.
NON_ENTITY_TYPES = frozenset({"Entity", "Report", "Section", "Sentence", "Mention",
                              "IndicatorObservation", "Target", "IndicatorConcept", "WorkItem"})
COMENTION = "coMention"
COMENTION_WINDOW = 12  # a mention is co-mentioned with at most this many that follow it in its sentence
# Above this many nodes betweenness is estimated from a fixed sample of sources (seeded).
EXACT_BETWEENNESS_LIMIT = 1500
BETWEENNESS_SAMPLE = 200


class SelectionError(GovkgError, ValueError):
    """A --types name or --focus name that the graph does not have; ``code`` is the exit code."""


@dataclass(frozen=True)
class Indicator:
    """One figure stated about an entity: an observation or a target."""
    name: str
    value: str
    unit: str
    year: str
    target: bool
    change: str = ""

    def text(self) -> str:
        """Return the figure as one line, e.g. '地区生产总值 12.5 亿元 (2020, +4.8%)'."""
        when = ", ".join(x for x in (self.year + (" 目标 target" if self.target else ""), self.change) if x)
        return f"{self.name} {self.value} {self.unit}".rstrip() + (f" ({when})" if when else "")


@dataclass(frozen=True)
class WorkItemInfo:
    """One work item on an entity: what a report says was done, is under way, or is planned."""
    year: str
    status: str  # completed | ongoing | planned
    action: str
    object: str  # the object as named ("团结路大修")

    def text(self) -> str:
        """Return the item as one line, e.g. '2020 completed 完成 东湖路大修'."""
        return " ".join(x for x in (self.year, self.status, self.action, self.object) if x)


DIVISION_HELP = ("only what the reports of this division mention (its name, e.g. 西红门镇); on a corpus store "
                 "only those reports are read")


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _triples(source, reports: list[str] | None = None):
    """Yield (s, p, o, o_is_literal, lang) strings from an rdflib Graph, Oxigraph Store or SOURCE.

    With ``reports`` and a corpus store (one named graph per report), only those reports' graphs
    are read, and from the shared graph only the facts of the entities they mention; any other
    source is read whole but a corpus store's statistics graphs (``entity_graph`` then keeps what
    those reports mention).
    """

    if isinstance(source, rdflib.Graph):
        for s, p, o in source.triples((None, None, None)):
            lit = isinstance(o, rdflib.Literal)
            yield str(s), str(p), str(o), lit, (o.language or "") if lit else ""
        return

    quads = division_quads(source, reports) if reports else None
    for q in knowledge_quads(source) if quads is None else quads:
        o = q.object
        lit = isinstance(o, ox.Literal)
        yield q.subject.value, q.predicate.value, o.value, lit, (o.language or "") if lit else ""


def _open(source):
    """Return an rdflib Graph or Oxigraph Store as is, else open SOURCE as an Oxigraph store."""
    if isinstance(source, (rdflib.Graph, ox.Store)):
        return source

    return open_store(source)


def _pick_label(labels: list[tuple[str, str]]) -> str:
    """Prefer a Chinese label, then one without language, then any; ties by text."""
    rank = {"zh": 0, "": 1}
    return min(labels, key=lambda lt: (rank.get(lt[0].split("-")[0].lower(), 2), lt[1]))[1]


def entity_graph(source, *, comention: bool = True, min_shared: int = 1, division: str | None = None):
    """Return the entity network of an RDF graph, Oxigraph store or SOURCE as a MultiDiGraph.

    With ``division`` (a division's name, as the reports' gov:division is labelled): only the
    entities that the reports of that division mention, with relations among them and co-mentions
    in those reports' sentences; raises SelectionError (exit code 1) when no report has it.
    """

    ns = str(GOV._NS)
    p_type, p_label, p_alt, p_def = str(RDF.type), str(RDFS.label), str(SKOS.altLabel), str(SKOS.definition)
    p_value = str(RDF.value)
    g = {name: ns + name for name in ("mention", "inSentence", "inSection", "inReport", "start", "text",
                                       "unit", "year", "isTarget", "change", "about")}
    g.update({name: ns + name for name in ("object", "status", "action", "objectText")})  # work items
    structural = {p_type, *g.values()}

    types: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, list[tuple[str, str]]] = defaultdict(list)
    alts: dict[str, set[str]] = defaultdict(set)
    definition: dict[str, str] = {}
    has_mention: list[tuple[str, str]] = []
    lit: dict[str, dict[str, str]] = defaultdict(dict)  # predicate -> subject -> literal
    ref: dict[str, dict[str, str]] = defaultdict(dict)  # predicate -> subject -> IRI
    links: list[tuple[str, str, str]] = []
    source = _open(source)
    reports = None
    if division is not None:

        reports = division_reports(source, division)
        if not reports:
            raise SelectionError(f"no report of the division {division!r} in the graph", 1)
    for s, p, o, is_lit, lang in _triples(source, reports):
        if p == p_type:
            if o.startswith(ns):
                types[s].add(o[len(ns):])
        elif p == p_label and is_lit:
            labels[s].append((lang, o))
        elif p == p_alt and is_lit:
            alts[s].add(o)
        elif p == p_def and is_lit:
            definition[s] = o
        elif p == g["mention"]:
            has_mention.append((s, o))
        elif p in structural or p == p_value:
            (lit if is_lit else ref)[p][s] = o
        elif not is_lit:
            links.append((s, p, o))

    def entity_type(ts: set[str]) -> str | None:
        for t in ENTITY_TYPES:
            if t in ts:
                return t
        rest = sorted(ts - NON_ENTITY_TYPES)
        return rest[0] if rest else None

    etype = {s: t for s, ts in types.items() if (t := entity_type(ts))}
    figures = {s for s, ts in types.items() if ts & {"IndicatorObservation", "Target"}}
    items = {s for s, ts in types.items() if "WorkItem" in ts}
    sentence_of, start_of, report_of = ref[g["inSentence"]], lit[g["start"]], ref[g["inReport"]]
    text_of, section_of = lit[g["text"]], ref[g["inSection"]]

    def mention_report(m: str) -> str | None:
        return report_of.get(sentence_of.get(m, ""))  # a mention's report is its sentence's

    mentions: dict[str, list[str]] = defaultdict(list)
    in_sentence: dict[str, dict[str, int]] = defaultdict(dict)  # sentence -> entity -> its first offset there
    if reports is not None:  # only what the division's reports mention, and only their sentences
        chosen = set(reports)
        has_mention = [(s, m) for s, m in has_mention if mention_report(m) in chosen]
        etype = {s: etype[s] for s, _ in has_mention if s in etype}
        figures = {f for f in figures if report_of.get(f) in chosen}
        items = {w for w in items if mention_report(w) in chosen}  # an item's report is its sentence's
    for s, m in has_mention:
        if s in etype:
            mentions[s].append(m)
            if m in sentence_of:
                at, seen = int(start_of.get(m, "0") or 0), in_sentence[sentence_of[m]]
                if at < seen.get(s, at + 1):
                    seen[s] = at

    def first_source(ms: list[str]) -> tuple[str, str]:
        placed = [m for m in ms if m in sentence_of]
        if not placed:
            return "", ""
        m = min(placed, key=lambda m: (mention_report(m) or "", int(start_of.get(m, "0") or 0), m))
        sent = sentence_of[m]
        sec = section_of.get(sent, "")
        return text_of.get(sent, ""), _pick_label(labels[sec]) if labels.get(sec) else ""

    indicators: dict[str, list[Indicator]] = defaultdict(list)
    for f in figures:
        about = ref[g["about"]].get(f)
        if about in etype:
            indicators[about].append(Indicator(
                name=_pick_label(labels[f]) if labels.get(f) else "", value=_number(lit[p_value].get(f, "")),
                unit=lit[g["unit"]].get(f, ""), year=lit[g["year"]].get(f, ""),
                target=lit[g["isTarget"]].get(f, "").lower() == "true", change=lit[g["change"]].get(f, "")))

    workitems: dict[str, list[WorkItemInfo]] = defaultdict(list)
    for w in items:
        on = ref[g["object"]].get(w)
        if on in etype:
            workitems[on].append(WorkItemInfo(
                year=lit[g["year"]].get(w, ""), status=lit[g["status"]].get(w, ""),
                action=lit[g["action"]].get(w, ""), object=lit[g["objectText"]].get(w, "")))

    G = nx.MultiDiGraph()
    for e in sorted(etype):
        sentence, section = first_source(mentions.get(e, []))
        G.add_node(e, type=etype[e], label=_pick_label(labels[e]) if labels.get(e) else _local(e),
                   aliases=sorted(alts.get(e, ())), mentions=len(mentions.get(e, ())),
                   sentence=sentence, section=section, definition=definition.get(e, ""),
                   indicators=sorted(indicators.get(e, ()), key=lambda i: (i.year, i.target, i.name, i.value)),
                   workitems=sorted(workitems.get(e, ()), key=lambda w: (w.year, _STATUS_ORDER.get(w.status, 3),
                                                                         w.object, w.action)))
    for s, p, o in sorted(links):
        if s in etype and o in etype and s != o:
            G.add_edge(s, o, key=_local(p), relation=_local(p), weight=1, directed=True)
    if comention:
        shared: Counter = Counter()
        for ents in in_sentence.values():
            # entities in the order the sentence names them; each is linked to the next
            # COMENTION_WINDOW, so a sentence of any length costs linear time (a usual sentence
            # names fewer, and then every pair is linked)
            ordered = sorted(ents, key=lambda e: (ents[e], e))
            for i, a in enumerate(ordered):
                for b in ordered[i + 1:i + 1 + COMENTION_WINDOW]:
                    shared[min(a, b), max(a, b)] += 1
        for (a, b), n in sorted(shared.items()):
            if n >= min_shared:
                G.add_edge(a, b, key=COMENTION, relation=COMENTION, weight=n, directed=False)
    return G


_STATUS_ORDER = {"completed": 0, "ongoing": 1, "planned": 2}


def _number(lexical: str) -> str:
    """Return a decimal as written without a trailing '.0' ('197.0' -> '197')."""
    if "." in lexical:
        lexical = lexical.rstrip("0").rstrip(".")
    return lexical


def undirected(G):
    """Return a simple undirected graph with the same nodes and one edge per linked pair."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v) for u, v in G.edges() if u != v)
    return H


def betweenness(G) -> tuple[dict[str, float], bool]:
    """Return (betweenness centrality of every node, exact?); sampled above EXACT_BETWEENNESS_LIMIT."""
    H = undirected(G)
    n = H.number_of_nodes()
    if n <= EXACT_BETWEENNESS_LIMIT:
        return nx.betweenness_centrality(H), True
    return nx.betweenness_centrality(H, k=BETWEENNESS_SAMPLE, seed=0), False


def central_order(G) -> list[str]:
    """Return the nodes, most central first: betweenness, then degree, then label and IRI."""
    bc, _exact = betweenness(G)
    H = undirected(G)
    return sorted(G.nodes, key=lambda n: (-round(bc[n], 12), -H.degree(n), G.nodes[n]["label"], n))


def type_names(G) -> list[str]:
    """Return the entity types present in G, in ENTITY_TYPES order, then others by name."""
    present = {t for _, t in G.nodes(data="type")}
    return [t for t in ENTITY_TYPES if t in present] + sorted(present - set(ENTITY_TYPES))


def parse_types(G, spec: str | list[str]) -> list[str]:
    """Return the type names in a comma-separated spec (case-insensitive); raise on an unknown one."""
    names = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
    known = {t.lower(): t for t in (*ENTITY_TYPES, *type_names(G))}
    out = []
    for name in names:
        if name.lower() not in known:
            raise SelectionError(f"unknown type {name!r} (known: {', '.join(ENTITY_TYPES)})", 2)
        out.append(known[name.lower()])
    if not out:
        raise SelectionError("--types needs at least one type name", 2)
    return out


def find_nodes(G, name: str) -> list[str]:
    """Return the nodes whose label or alias is ``name`` (or, failing that, contains it)."""
    name = name.strip()
    exact = [n for n, d in G.nodes(data=True) if name == d["label"] or name in d["aliases"]]
    if exact or not name:
        return sorted(exact)
    return sorted(n for n, d in G.nodes(data=True) if name in d["label"] or any(name in a for a in d["aliases"]))


def select(G, *, types=None, focus: str | None = None, depth: int = 1, max_nodes: int | None = None):
    """Return the subgraph for ``--types``, then ``--focus NAME --depth N``, then ``--max-nodes N``."""
    H = G
    if types:
        keep = set(parse_types(G, types))
        H = H.subgraph(n for n, t in H.nodes(data="type") if t in keep)
    if focus is not None:
        seeds = find_nodes(H, focus)
        if not seeds:
            where = f" among types {','.join(parse_types(G, types))}" if types else ""
            raise SelectionError(f"no entity named {focus!r}{where}", 1)
        if depth < 0:
            raise SelectionError("--depth must be 0 or more", 2)
        U = undirected(H)
        near: set[str] = set()
        for s in seeds:
            near.update(nx.single_source_shortest_path_length(U, s, cutoff=depth))
        H = H.subgraph(near)
    if max_nodes is not None and max_nodes > 0 and H.number_of_nodes() > max_nodes:
        H = H.subgraph(central_order(H)[:max_nodes])
    return H.copy() if H is not G else G.copy()


def cap_comention(G, per_node: int | None):
    """Keep at most ``per_node`` co-mention edges per node, strongest first (None keeps all)."""
    if per_node is None or per_node < 0:
        return G
    cands = sorted(((d["weight"], u, v) for u, v, k, d in G.edges(keys=True, data=True) if k == COMENTION),
                   key=lambda t: (-t[0], G.nodes[t[1]]["label"], G.nodes[t[2]]["label"], t[1], t[2]))
    used: Counter = Counter()
    drop = []
    for _w, u, v in cands:
        if used[u] < per_node and used[v] < per_node:
            used[u] += 1
            used[v] += 1
        else:
            drop.append((u, v, COMENTION))
    G.remove_edges_from(drop)
    return G


def stats(G, top: int = 10) -> dict:
    """Return counts per type and relation, components, and the top entities by degree and betweenness."""
    H = undirected(G)
    comps = sorted((len(c) for c in nx.connected_components(H)), reverse=True)
    bc, exact = betweenness(G)

    def row(n, score):
        d = G.nodes[n]
        return {"iri": n, "label": d["label"], "type": d["type"], "score": score}

    by_degree = sorted(H.nodes, key=lambda n: (-H.degree(n), G.nodes[n]["label"], n))[:top]
    by_between = sorted(H.nodes, key=lambda n: (-bc[n], G.nodes[n]["label"], n))[:top]
    on = [(n, w) for n, ws in G.nodes(data="workitems") for w in (ws or ())]
    by_items = sorted({n for n, _ in on}, key=lambda n: (-len(G.nodes[n]["workitems"]), G.nodes[n]["label"], n))[:top]
    return {
        "workitems": len(on),
        "workitem_status": dict(sorted(Counter(w.status for _, w in on).items(),
                                       key=lambda kv: _STATUS_ORDER.get(kv[0], 3))),
        "top_workitems": [row(n, len(G.nodes[n]["workitems"])) for n in by_items],
        "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
        "types": dict(Counter(t for _, t in G.nodes(data="type")).most_common()),
        "relations": dict(sorted(Counter(k for _, _, k in G.edges(keys=True)).items())),
        "components": len(comps), "component_sizes": comps[:10],
        "isolated": sum(1 for s in comps if s == 1),
        "betweenness_exact": exact,
        "top_degree": [row(n, H.degree(n)) for n in by_degree],
        "top_betweenness": [row(n, round(bc[n], 4)) for n in by_between],
    }


def format_stats(s: dict) -> str:
    """Format :func:`stats` as plain text for the terminal."""
    out = [f"entities: {s['nodes']}   edges: {s['edges']}   connected components: {s['components']}"
           f" (largest {', '.join(map(str, s['component_sizes']))}; {s['isolated']} isolated)", "", "per type:"]
    out += [f"  {t:<24}{n:6d}" for t, n in s["types"].items()]
    out += ["", "per relation:"] + [f"  {r:<24}{n:6d}" for r, n in s["relations"].items()]
    for title, key, fmt in (("by degree", "top_degree", "{:6d}"),
                            ("by betweenness" + ("" if s["betweenness_exact"] else
                                                 f" (estimated from {BETWEENNESS_SAMPLE} sampled sources)"),
                             "top_betweenness", "{:8.4f}")):
        out += ["", f"top {len(s[key])} {title}:"]
        out += [f"  {fmt.format(r['score'])}  {r['label']}  [{r['type']}]" for r in s[key]]
    if s.get("workitems"):
        status = ", ".join(f"{k} {n}" for k, n in s["workitem_status"].items())
        out += ["", f"work items on entities: {s['workitems']} ({status})",
                f"top {len(s['top_workitems'])} by work items:"]
        out += [f"  {r['score']:6d}  {r['label']}  [{r['type']}]" for r in s["top_workitems"]]
    return "\n".join(out)
