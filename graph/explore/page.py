"""The entity network as one self-contained, offline HTML page (pyvis + vis-network); ``govkg viz``.

The page is made with pyvis from the networkx graph of :mod:`govkg.explore.network`, then made
self-contained: vis-network's JS and CSS (shipped inside the pyvis package) are inline, pyvis's
bootstrap CDN links are dropped, and a check refuses any ``src``/``href`` to another host.

What is drawn:
- one node per entity, coloured and shaped by type (legend with a checkbox per type), sized by
  its number of mentions; a plain-text tooltip with type, name, altLabels, mentions, the first
  source sentence and its section, the definition, and the figures (indicators) stated about it;
  and the work items on it, one line each with year and status (at most MAX_WORKITEMS, then "… more");
- relation edges (``gov:withinDivision``, ``gov:onParcel``, ``gov:alongRoad``, ...), solid with an
  arrow, labelled with the relation;
- co-mention edges "同句/co-mentioned" between entities named in the same sentence, dashed,
  width by the number of shared sentences. To stay readable each node keeps at most
  ``co_mention`` (default 5) of them, strongest first; ``co_mention=-1`` keeps all, 0 none;
  ``min_shared`` drops pairs sharing fewer sentences.
Big graphs: ``max_nodes`` (default 1000) keeps the most central nodes (betweenness), physics
stabilises once and is then switched off (a checkbox turns it back on).
"""
from __future__ import annotations

import html
import json
import re
from collections import Counter

import networkx as nx
from govkg import defaults
from govkg.explore import network
from govkg.explore.network import COMENTION, type_names
from govkg.kinds import KIND
from govkg.resources import static_file
from govkg.store import atomic_write
from pyvis.network import Network

NODE_FONT, EDGE_FONT = "#222222", "#555555"
FONT_FACE = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
OTHER_COLOURS = ("#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d")
RELATION_LABELS = {
    "withinDivision": "属于/withinDivision",
    "onParcel": "位于地块/onParcel",
    "alongRoad": "沿路/alongRoad",
    COMENTION: "同句/co-mentioned",
}
MAX_INDICATORS = 12
MAX_SENTENCE = 160
MAX_WORKITEMS = 8  # work item lines in a tooltip, then "… more"
_NODES_SLOT, _EDGES_SLOT = "__govkg_nodes__", "__govkg_edges__"
_EXTERNAL = re.compile(r"""(?:\b(?:src|href|action|poster)\s*=\s*["']?\s*|url\(\s*["']?\s*|@import\s+["']?)(?:https?:)?//""", re.I)


def type_style(t: str) -> tuple[str, str, str, str]:
    """Return (Chinese name, colour, shape, legend symbol) of an entity type."""
    if t in KIND:
        k = KIND[t]
        return k.zh, k.colour, k.shape, k.symbol
    return t, OTHER_COLOURS[sum(map(ord, t)) % len(OTHER_COLOURS)], "dot", "●"


def tooltip(d: dict) -> str:
    """Return the plain-text tooltip of a node from its analysis attributes."""
    zh = type_style(d["type"])[0]
    lines = [d["label"], f"类型 type: {zh} {d['type']}"]
    if d["aliases"]:
        lines.append("别名 altLabels: " + "、".join(d["aliases"]))
    lines.append(f"提及 mentions: {d['mentions']}")
    if d["sentence"]:
        s = d["sentence"]
        lines.append("来源 source: “" + (s if len(s) <= MAX_SENTENCE else s[:MAX_SENTENCE] + "…") + "”")
    if d["section"]:
        lines.append("章节 section: " + d["section"])
    if d["definition"]:
        lines.append("定义 definition: " + d["definition"][:MAX_SENTENCE])
    ind = d["indicators"]
    if ind:
        lines.append(f"指标 indicators ({len(ind)}):")
        lines += ["  · " + i.text() for i in ind[:MAX_INDICATORS]]
        if len(ind) > MAX_INDICATORS:
            lines.append(f"  … 另有 {len(ind) - MAX_INDICATORS} 项 more")
    items = d.get("workitems") or ()
    if items:
        lines.append(f"工作 work items ({len(items)}):")
        lines += ["  · " + w.text() for w in items[:MAX_WORKITEMS]]
        if len(items) > MAX_WORKITEMS:
            lines.append(f"  … 另有 {len(items) - MAX_WORKITEMS} 项 more")
    return "\n".join(lines)


def page_graph(graph_or_source, *, types=None, focus=None, depth: int = 1, max_nodes: int | None = defaults.MAX_NODES,
               co_mention: int | None = defaults.CO_MENTION, min_shared: int = 1, division: str | None = None):
    """Return (the networkx graph the page draws, number of entities before selection)."""

    G = graph_or_source
    if not isinstance(G, nx.Graph):
        G = network.entity_graph(graph_or_source, comention=co_mention != 0, min_shared=min_shared,
                                  division=division)
    total = G.number_of_nodes()
    H = network.select(G, types=types, focus=focus, depth=depth, max_nodes=max_nodes)
    return network.cap_comention(H, co_mention), total


def _network(G):
    """Return the pyvis Network of the page graph (node ids = IRIs, edge ids e0, e1, ...)."""
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line")
    net.node_ids = _IdList()  # pyvis tests membership in a list: O(n) per node and per edge
    for n in sorted(G.nodes):
        d = G.nodes[n]
        zh, colour, shape, _sym = type_style(d["type"])
        net.add_node(n, label=d["label"], shape=shape, color=colour, title=tooltip(d),
                     size=round(min(10 + 5 * d["mentions"] ** 0.5, 42), 1),
                     gtype=d["type"], typeLabel=f"{zh} {d['type']}", aliases=d["aliases"], mentions=d["mentions"])
    order = sorted(G.edges(keys=True, data=True), key=lambda e: (e[2] == COMENTION, e[2], e[0], e[1]))
    for i, (u, v, k, d) in enumerate(order):
        label = RELATION_LABELS.get(k, k)
        if k == COMENTION:
            w = d["weight"]
            net.add_edge(u, v, id=f"e{i}", label=label, relation=k, weight=w, arrows={"to": {"enabled": False}},
                         title=f"{label}: {w} 句 shared sentence(s)", dashes=True, color={"color": "#aaaaaa"},
                         width=round(min(1 + 0.75 * (w - 1), 6), 2), smooth={"enabled": True, "type": "curvedCW", "roundness": 0.15})
        else:
            net.add_edge(u, v, id=f"e{i}", label=label, relation=k, weight=1, title=f"{label} (gov:{k})",
                         color={"color": "#555555"}, width=1.5)
    net.options = _options(G.number_of_nodes())
    return net


class _IdList(list):
    """A list with set-speed membership tests, for pyvis's ``node_ids``."""
    def __init__(self):
        super().__init__()
        self._set: set = set()

    def append(self, x) -> None:
        """Append ``x`` and remember it."""
        super().append(x)
        self._set.add(x)

    def __contains__(self, x) -> bool:
        return x in self._set


def _options(n: int) -> dict:
    """Return vis-network options: physics that stabilises (fewer iterations when big), then freezes."""
    return {
        "nodes": {"font": {"face": FONT_FACE, "size": 14, "color": NODE_FONT}, "borderWidth": 1,
                  "scaling": {"label": {"drawThreshold": 3}}},
        "edges": {"font": {"face": FONT_FACE, "size": 10, "color": EDGE_FONT, "align": "middle",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "smooth": False, "arrows": {"to": {"scaleFactor": 0.5}}},
        "physics": {"enabled": True, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -40, "centralGravity": 0.03,
                                         "springLength": 80, "springConstant": 0.08, "avoidOverlap": 0.3},
                    "minVelocity": 1.0,
                    "stabilization": {"enabled": True, "iterations": 1000 if n <= 400 else 400 if n <= 1200 else 250,
                                      "updateInterval": 25, "fit": True}},
        "layout": {"randomSeed": 7, "improvedLayout": n <= 150},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": n > 400,
                        "multiselect": False, "navigationButtons": False},
    }


def _json_for_script(obj) -> str:
    """Return JSON that is safe inside a <script> element (no '<', '>', '&' or U+2028/9 as such)."""
    s = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        s = s.replace(ch, esc)
    return s


def _legend(G) -> str:

    counts = Counter(t for _, t in G.nodes(data="type"))
    rows = []
    for t in type_names(G):
        zh, colour, _shape, sym = type_style(t)
        rows.append(f'<label><input type="checkbox" checked data-type="{html.escape(t)}">'
                    f'<span class="govkg-swatch" style="color:{colour}">{sym}</span>'
                    f'<span class="govkg-type">{html.escape(zh)} {html.escape(t)}</span>'
                    f'<span class="govkg-n">{counts[t]}</span></label>')
    return "\n".join(rows)


def render(G, *, title: str = "", total: int | None = None, note: str = "") -> str:
    """Return the self-contained HTML page of a page graph (see :func:`page_graph`)."""
    net = _network(G)
    env = net.templateEnv
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    nodes, edges, _heading, height, width, options = net.get_network_data()
    # The data goes in after the markup is checked: the check reads only the page's own markup and
    # scripts, never the report text that labels and tooltips carry (which is encoded, not markup).
    page = env.get_template(net.path).render(
        height=height, width=width, nodes=[_NODES_SLOT], edges=[_EDGES_SLOT], heading="", options=options,
        physics_enabled=True, use_DOT=False, dot_lang="", widget=False, bgcolor="#ffffff", conf=False,
        tooltip_link=False,  # pyvis would switch to innerHTML tooltips for titles containing "href"
        neighborhood_highlight=False, select_menu=False, filter_menu=False, notebook=False,
        cdn_resources="in_line")
    title = title or "govkg 实体网络 entity network"
    meta = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
            "total": total if total is not None else G.number_of_nodes(), "note": note,
            "physics": True, "nodeFont": NODE_FONT, "edgeFont": EDGE_FONT}
    panel = f"""<div id="govkg-panel">
<div id="govkg-title">{html.escape(title)}</div>
<div id="govkg-count"></div>
<div id="govkg-search-row"><input id="govkg-search" type="search" list="govkg-names" autocomplete="off"
 placeholder="搜索名称或别名 search name or alias" aria-label="search"><button id="govkg-go" type="button">搜索</button></div>
<datalist id="govkg-names"></datalist>
<div id="govkg-status" aria-live="polite"></div>
<label><input type="checkbox" id="govkg-physics" checked> 物理布局 physics</label>
<div class="govkg-section" id="govkg-legend">
{_legend(G)}
</div>
<div class="govkg-section">
<div class="govkg-edge-key"><span class="govkg-line"></span>关系 relation (→)</div>
<div class="govkg-edge-key"><span class="govkg-line dashed"></span>{RELATION_LABELS[COMENTION]}</div>
</div>
<div class="govkg-section govkg-hint">点击节点高亮邻居；悬停看来源和指标。Click a node to highlight its neighbours; hover for its source sentence and figures.</div>
</div>"""
    head = (f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{html.escape(title)}</title>\n'
            f"<style>{static_file('govkg.explore', 'viz/page.css')}</style>\n"
            f"<script>{static_file('govkg.explore', 'viz/page.js')}</script>\n"
            f'<script type="application/json" id="govkg-meta">{_json_for_script(meta)}</script>\n')
    page = make_self_contained(page, head=head, body=panel)
    for slot, data in ((_NODES_SLOT, nodes), (_EDGES_SLOT, edges)):
        marker = f'["{slot}"]'
        if page.count(marker) != 1:
            raise RuntimeError("pyvis template changed: cannot find where the nodes and edges go")
        page = page.replace(marker, _json_for_script(data))
    return page


def vis_assets() -> tuple[str, str]:
    """Return vis-network's (JavaScript, CSS) as shipped inside pyvis, for pages that inline them."""
    from pathlib import Path  # noqa: PLC0415

    import pyvis  # noqa: PLC0415

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return ((lib / "vis-network.min.js").read_text(encoding="utf-8"),
            (lib / "vis-network.css").read_text(encoding="utf-8"))


def make_self_contained(page: str, head: str = "", body: str = "") -> str:
    """Drop pyvis's CDN links and empty headings, add ``head``/``body`` parts and govkgInit; check no host is left."""
    page = re.sub(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", "", page, flags=re.I)
    page = re.sub(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>", "", page, flags=re.I)
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)
    page = re.sub(r"<!--.*?-->", "", page, flags=re.S)
    page = page.replace("<html>", '<html lang="zh">', 1)
    page = page.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + head, 1)
    page = page.replace("<body>", "<body>\n" + body, 1)
    page, n = re.subn(r"^(\s*)drawGraph\(\);\s*$", r"\1drawGraph();\n\1govkgInit(network, nodes, edges);",
                      page, count=1, flags=re.M)
    if n != 1 or "vis-network" not in page:
        raise RuntimeError("pyvis template changed: cannot find drawGraph() / inline vis-network")
    ext = _EXTERNAL.search(page)
    if ext:
        raise RuntimeError(f"page still loads from another host: {page[ext.start():ext.start() + 80]!r}")
    return page


def write_page(graph_or_source, path, *, title: str = "", types=None, focus=None, depth: int = 1,
               max_nodes: int | None = defaults.MAX_NODES, co_mention: int | None = defaults.CO_MENTION,
               min_shared: int = 1, division: str | None = None) -> dict:
    """Write the network page of an RDF graph, store, SOURCE or entity graph to ``path``; return a summary."""
    G, total = page_graph(graph_or_source, types=types, focus=focus, depth=depth, max_nodes=max_nodes,
                          co_mention=co_mention, min_shared=min_shared, division=division)
    parts = [f"division {division}" if division else "",
             f"types {types if isinstance(types, str) else ','.join(types)}" if types else "",
             f"focus {focus}, depth {depth}" if focus else "",
             f"the {max_nodes} most central" if max_nodes and G.number_of_nodes() == max_nodes < total else ""]
    note = "; ".join(p for p in parts if p)
    data = render(G, title=title, total=total, note=note).encode("utf-8")
    atomic_write(path, data)
    return {"path": str(path), "nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "total": total,
            "bytes": len(data), "note": note}


def render_page(graph_or_source, **options) -> tuple[bytes, dict]:
    """Return the page as bytes and a summary (nodes, edges, total), writing nothing; options as write_page."""
    G, total = page_graph(graph_or_source, **options)
    data = render(G, total=total).encode("utf-8")
    return data, {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "total": total, "bytes": len(data)}
