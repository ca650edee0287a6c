"""Entity pages: every IRI of the graph answers under ``/id/…`` as HTML or as RDF (its CBD).

Routes (composed into ``govkg serve`` by the command line):

- ``GET /id/{key}``: the thing named ``https://w3id.org/govkg/id/{key}``. Browsers (``Accept:
  text/html``) get a page; machines get its concise bounded description (its outgoing triples and
  the label of each object; govkg mints no blank nodes) as Turtle, N-Triples or JSON-LD, chosen by
  ``Accept`` or by an extension (``.ttl``, ``.nt``, ``.jsonld``, ``.html``). The answer is direct
  (no 303), with ``Vary: Accept`` and a ``Content-Location`` naming the document that was sent.
- ``GET /search?q=``: entities whose name or alias contains the text, any type.
- ``GET /type/{Name}``: the entities of one class (``gov:{Name}``).
- ``GET /network``: the network page of the whole source (govkg viz's page; served, its nodes link
  to their entity pages).

Every read is SPARQL on the served Source with the IRI or text bound as an RDF term
(:func:`govkg.query.prepare_text`; request text never goes into query text), run in a forked
worker killed at the timeout (:func:`govkg.query.run_in_worker`). Pages are server-rendered HTML:
every text is escaped, data for the inline script is JSON made safe for ``<script>``, and nothing
is fetched from another host (vis-network is inline).
"""
from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from urllib.parse import quote

import anyio
import pyoxigraph as ox
from govkg import defaults
from govkg import query as gq
from govkg.explore.page import _json_for_script, render_page, type_style, vis_assets
from govkg.query.endpoint import MEDIA, negotiate
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

ID = "https://w3id.org/govkg/id/"
GOV = "https://w3id.org/govkg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
EXTENSIONS = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld", ".html": "html"}
OFFERS = {"text/html": "html", "application/xhtml+xml": "html", "text/turtle": "turtle",
          "application/x-turtle": "turtle", "application/n-triples": "ntriples", "text/plain": "ntriples",
          "application/ld+json": "jsonld", "application/json": "jsonld"}
EXT_OF = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "html": ".html"}
MAX_NEIGHBOURS = 40  # nodes of the small network besides the entity itself
MAX_INCOMING = 300
MAX_SENTENCES = 500
MAX_LIST = 2000
HIDDEN = {GOV + "mention"}  # shown as sentences, not as property rows

PREFIX = "".join(f"PREFIX {k}: <{v}>\n" for k, v in gq.PREFIXES.items())
Q_OUT = PREFIX + """SELECT ?p ?o ?ol ?ot WHERE { ?e ?p ?o . OPTIONAL { ?o rdfs:label ?ol } OPTIONAL { ?o a ?ot } }"""
Q_IN = PREFIX + """SELECT ?s ?p ?sl ?st WHERE { ?s ?p ?e . FILTER(?p != gov:about && ?p != gov:inReport
  && ?p != gov:inSentence && ?p != gov:statsOf && ?p != gov:statsEntity) OPTIONAL { ?s rdfs:label ?sl }
  OPTIONAL { ?s a ?st } } LIMIT 300"""  # (a corpus store's statistics rows point at reports and entities: not links)
# A chain of OPTIONALs from an optional variable (?sec rdfs:label) made Oxigraph read every label
# (0.5 s on 100 reports): section and report labels come from queries of their own.
Q_MENTIONS = PREFIX + """SELECT ?m ?ms ?me ?s ?text ?ss ?sec ?r ?mt WHERE {
  ?e gov:mention ?m . ?m gov:start ?ms . ?m gov:end ?me . ?m gov:inSentence ?s . ?s gov:text ?text . ?s gov:start ?ss .
  OPTIONAL { ?s gov:inSection ?sec } OPTIONAL { ?s gov:inReport ?r } OPTIONAL { ?m gov:text ?mt } } LIMIT 2000"""
Q_SECTIONS = PREFIX + """SELECT DISTINCT ?sec ?secl ?num WHERE { ?e gov:mention ?m . ?m gov:inSentence ?s .
  ?s gov:inSection ?sec . OPTIONAL { ?sec rdfs:label ?secl } OPTIONAL { ?sec gov:sectionNumber ?num } }"""
Q_REPORTS = PREFIX + """SELECT DISTINCT ?r ?rl WHERE { ?e gov:mention ?m . ?m gov:inSentence ?s .
  ?s gov:inReport ?r . OPTIONAL { ?r rdfs:label ?rl } }"""
Q_FIGURES = PREFIX + """SELECT ?f ?fl ?year ?target ?value ?unit WHERE { ?f gov:about ?e .
  OPTIONAL { ?f rdfs:label ?fl } OPTIONAL { ?f gov:year ?year } OPTIONAL { ?f gov:isTarget ?target }
  OPTIONAL { ?f rdf:value ?value } OPTIONAL { ?f gov:unit ?unit } } LIMIT 2000"""
Q_WORK = PREFIX + """SELECT DISTINCT ?w ?wl ?year ?status WHERE { { ?w ?p ?e } UNION { ?e ?p ?w } ?w a gov:WorkItem .
  OPTIONAL { ?w rdfs:label ?wl } OPTIONAL { ?w gov:year ?year } OPTIONAL { ?w gov:status ?status } } LIMIT 2000"""
Q_CHAIN = PREFIX + """SELECT ?x ?y ?yl ?code WHERE { ?e gov:withinDivision* ?x . ?x gov:withinDivision ?y .
  OPTIONAL { ?y rdfs:label ?yl } OPTIONAL { ?y gov:divisionCode ?code } } LIMIT 100"""
Q_COMENTION = PREFIX + """SELECT ?o (COUNT(DISTINCT ?s) AS ?n) (SAMPLE(?l) AS ?ol) (SAMPLE(?t) AS ?ot) WHERE {
  ?e gov:mention ?m . ?m gov:inSentence ?s . ?m2 gov:inSentence ?s . ?o gov:mention ?m2 .
  FILTER(?o != ?e) ?o a ?t . FILTER(?t NOT IN (gov:IndicatorObservation, gov:Target)) ?o rdfs:label ?l }
  GROUP BY ?o ORDER BY DESC(?n) LIMIT 30"""
Q_CBD = PREFIX + """CONSTRUCT { ?e ?p ?o . ?o rdfs:label ?ol } WHERE { ?e ?p ?o . OPTIONAL { ?o rdfs:label ?ol } }"""
# Names first (a sub-SELECT), then their labels and types: joining every rdf:type first was 3x slower.
Q_SEARCH = PREFIX + """SELECT ?e ?label ?type WHERE {
  { SELECT DISTINCT ?e WHERE { { ?e rdfs:label ?n } UNION { ?e skos:altLabel ?n }
    FILTER(CONTAINS(LCASE(STR(?n)), LCASE(STR(?q)))) } LIMIT 1000 }
  ?e rdfs:label ?label . OPTIONAL { ?e a ?type } }"""
NOT_LISTED = {GOV + "IndicatorObservation", GOV + "Target", GOV + "Section", GOV + "Report"}
Q_TYPE = PREFIX + """SELECT ?e ?label WHERE { ?e a ?t . OPTIONAL { ?e rdfs:label ?label } } ORDER BY ?label ?e LIMIT 2000"""


def local(iri: str) -> str:
    """Return the local name of an IRI (after # or the last /)."""
    return re.split(r"[#/]", iri)[-1]


def _v(term) -> str:
    return "" if term is None else term.value


def _rows(store, text: str, params: dict, max_rows: int | None = None) -> list[tuple]:
    """Run one SELECT with bound parameters on a store (inside the worker); return its rows."""
    prep = replace(gq.prepare_text(text, params), trusted=True)  # govkg's own text: only the terms are bound
    return gq.run_query(store, prep, max_rows=max_rows).rows


def _entity_data(store, iri: str) -> dict:
    """Everything an entity page shows, read by SPARQL in one worker."""
    e = {"e": ox.NamedNode(iri)}
    data = {"out": _rows(store, Q_OUT, e, 5000)}
    data["in"] = _rows(store, Q_IN, e, MAX_INCOMING)
    if not data["out"] and not data["in"]:
        return data
    has = {str(r[0].value) for r in data["out"]}
    data["mentions"] = _rows(store, Q_MENTIONS, e) if GOV + "mention" in has else []
    data["sections"] = _rows(store, Q_SECTIONS, e) if data["mentions"] else []
    data["reports"] = _rows(store, Q_REPORTS, e) if data["mentions"] else []
    data["figures"] = _rows(store, Q_FIGURES, e)
    data["work"] = _rows(store, Q_WORK, e)
    data["chain"] = _rows(store, Q_CHAIN, e) if GOV + "withinDivision" in has else []
    data["comention"] = _rows(store, Q_COMENTION, e) if data["mentions"] else []
    return data


@lru_cache(maxsize=1)
def _vis() -> tuple[str, str]:
    return vis_assets()


class Site:
    """The pages of one Source; ``base`` is the URL prefix links use (``/`` or e.g. https://w3id.org/govkg/)."""

    def __init__(self, source, *, timeout: float = defaults.QUERY_TIMEOUT, base: str = "/"):
        self.src = source if isinstance(source, gq.Source) else gq.Source(source)
        self.timeout = timeout
        self.base = base if base.endswith("/") else base + "/"
        self._network_page: bytes | None = None

    # links -------------------------------------------------------------------
    def href(self, iri: str) -> str:
        """Return where a link to IRI points: its page when the graph mints it, else the IRI."""
        if iri.startswith(ID):
            return self.base + "id/" + quote(iri[len(ID):], safe="/-._~")
        if iri.startswith(GOV) and re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", iri[len(GOV):]):
            return self.base + "type/" + iri[len(GOV):]
        return iri

    def link(self, iri: str, text: str | None = None) -> str:
        return f'<a href="{html.escape(self.href(iri))}">{html.escape(text or short(iri))}</a>'

    # work --------------------------------------------------------------------
    def _run(self, fn):
        if self.src.path is None:
            self.src.store()
        src = self.src
        return gq.run_in_worker(lambda: fn(src.store_for_worker()), self.timeout)

    def entity(self, iri: str) -> dict:
        return self._run(lambda store: _entity_data(store, iri))

    def cbd(self, iri: str, fmt: str) -> tuple[int, bytes]:
        res, body = gq.run_query(self.src, replace(gq.prepare_text(Q_CBD, {"e": ox.NamedNode(iri)}), trusted=True),
                                 timeout=self.timeout, fmt=fmt)
        return len(res), body

    def search(self, q: str) -> list[tuple]:
        """Return (IRI, label, type) of the entities whose name or alias holds ``q``, shortest name first."""
        rows = self._run(lambda store: _rows(store, Q_SEARCH, {"q": ox.Literal(q)}))
        found: dict = {}
        for e, label, t in rows:
            if t is not None and t.value in NOT_LISTED:
                found[e.value] = None
            elif found.get(e.value, 0) is not None:
                old = found.get(e.value)
                gov_t = t if t is not None and t.value.startswith(GOV) else (old[2] if old else None)
                found[e.value] = (e, label if not old else old[1], gov_t)
        hits = [v for v in found.values() if v]
        hits.sort(key=lambda r: (len(r[1].value), r[1].value))
        return hits[:200]

    def network_page(self) -> bytes:
        """Return the network page of the whole source (made once, in a worker, then kept)."""
        if self._network_page is None:
            self._network_page = self._run(lambda store: render_page(store)[0])
        return self._network_page

    def of_type(self, name: str) -> list[tuple]:
        return self._run(lambda store: _rows(store, Q_TYPE, {"t": ox.NamedNode(GOV + name)}, MAX_LIST))

    # pages -------------------------------------------------------------------
    def layout(self, title: str, body: str, *, head: str = "") -> str:
        b = html.escape(self.base)
        return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · govkg</title>
<style>{CSS}</style>{head}</head>
<body><header><a href="{b}">govkg</a>
<form action="{b}search" method="get"><input type="search" name="q" placeholder="搜索名称或别名 search name or alias"
 aria-label="search"><button type="submit">搜索 search</button></form></header>
<main>{body}</main></body></html>"""

    def not_found(self, what: str) -> Response:
        body = f"<h1>未找到 Not found</h1><p>{html.escape(what)}</p>"
        return HTMLResponse(self.layout("Not found", body), status_code=404)

    def entity_page(self, iri: str, d: dict) -> str:
        e = html.escape
        out = d["out"]
        labels = [t[1] for t in out if t[0].value == RDFS_LABEL]
        label = labels[0].value if labels else short(iri)
        types = sorted({t[1].value for t in out if t[0].value == RDF_TYPE})
        gov_type = next((local(t) for t in types if t.startswith(GOV)), "")
        aliases = sorted({t[1].value for t in out if t[0].value == SKOS_ALT})
        codes = sorted({t[1].value for t in out if t[0].value == GOV + "divisionCode"})
        parts = [f'<h1 id="label">{e(label)}</h1>',
                 f'<p class="iri"><code>{e(iri)}</code> · '
                 + " ".join(f'<a href="{e(self.href(iri) + x)}">{x[1:]}</a>' for x in (".ttl", ".nt", ".jsonld"))
                 + "</p>", "<dl>"]
        parts.append("<dt>类型 type</dt><dd>" + "、".join(
            self.link(t, f"{type_style(local(t))[0]} {local(t)}" if t.startswith(GOV) else short(t)) for t in types)
            + "</dd>")
        if aliases:
            parts.append(f'<dt>别名 aliases</dt><dd id="aliases">{e("、".join(aliases))}</dd>')
        if codes:
            parts.append(f'<dt>区划代码 division code</dt><dd id="code">{e(", ".join(codes))}</dd>')
        chain = _chain(iri, d.get("chain", []))
        if chain:
            parts.append('<dt>上级 within</dt><dd id="hierarchy">' + " › ".join(
                self.link(y, yl) + (f" <small>{e(code)}</small>" if code else "") for y, yl, code in chain) + "</dd>")
        parts.append("</dl>")
        parts.append(self._mentions(d.get("mentions", []), d.get("sections", []), d.get("reports", [])))
        parts.append(self._figures(d.get("figures", [])))
        parts.append(self._work(d.get("work", [])))
        parts.append(self._properties(out, d["in"]))
        nodes, edges = self._network(iri, label, gov_type, d)
        if len(nodes) > 1:
            parts.append(f'<h2>相关实体 neighbours ({len(nodes) - 1})</h2><ul id="neighbours">' + "".join(
                f'<li>{self.link(n["id"], n["title"])}</li>' for n in nodes[1:]) + "</ul>")
            parts.append('<h2>邻域 neighbourhood</h2><div id="net"></div>'
                         '<p class="hint">双击节点打开其页面 Double-click a node to open its page.</p>')
            js, css = _vis()
            head = (f"<style>{css}</style><script>{js}</script>"
                    f'<script type="application/json" id="net-data">{_json_for_script({"nodes": nodes, "edges": edges})}'
                    f"</script>")
            parts.append(f"<script>{NET_JS}</script>")
        else:
            head = ""
        return self.layout(label, "\n".join(parts), head=head)

    def _mentions(self, rows, sections, reports) -> str:
        if not rows:
            return ""
        e = html.escape
        sec_names = {sec.value: (_v(secl), _v(num)) for sec, secl, num in sections}
        rep_names = {r.value: _v(rl) for r, rl in reports}
        by_sentence: dict = {}
        for _m, ms, me, s, text, ss, sec, r, mt in rows:
            secl, num = sec_names.get(_v(sec), ("", ""))
            rl = rep_names.get(_v(r), "")
            key = s.value
            item = by_sentence.setdefault(key, {"text": text.value, "start": int(ss.value), "spans": set(),
                                                "sec": _v(sec), "secl": secl, "num": num,
                                                "r": _v(r), "rl": rl})
            item["spans"].add((int(ms.value), int(me.value), _v(mt)))
        items = sorted(by_sentence.items(), key=lambda kv: (kv[1]["r"], kv[1]["start"]))
        out = [f'<h2>提及 sentences ({len(items)})</h2><ol id="sentences">']
        for s, it in items[:MAX_SENTENCES]:
            out.append("<li>" + highlight(it["text"], it["start"], it["spans"]) + '<div class="src">'
                       + (self.link(it["sec"], f"{it['num']} {it['secl']}".strip()) if it["sec"] else "")
                       + (" · " + self.link(it["r"], it["rl"] or short(it["r"])) if it["r"] else "")
                       + " · " + self.link(s, "句 sentence") + "</div></li>")
        out.append("</ol>")
        if len(items) > MAX_SENTENCES:
            out.append(f"<p>… {e(str(len(items) - MAX_SENTENCES))} more</p>")
        return "\n".join(out)

    def _figures(self, rows) -> str:
        if not rows:
            return ""
        e = html.escape
        rows = sorted(rows, key=lambda r: (_v(r[2]), _v(r[3]), _v(r[1])))
        out = [f'<h2>数据 figures ({len(rows)})</h2><table id="figures"><tr><th>指标 indicator</th><th>年 year</th>'
               "<th>目标/实际 target or actual</th><th>数值 value</th><th>单位 unit</th></tr>"]
        for f, fl, year, target, value, unit in rows:
            kind = "目标 target" if _v(target) in ("true", "1") else "实际 actual"
            out.append(f"<tr><td>{self.link(f.value, _v(fl) or short(f.value))}</td><td>{e(_v(year))}</td>"
                       f"<td>{kind}</td><td class=num>{e(_v(value))}</td><td>{e(_v(unit))}</td></tr>")
        out.append("</table>")
        return "\n".join(out)

    def _work(self, rows) -> str:
        if not rows:
            return ""
        groups = defaultdict(list)
        for w, wl, year, status in rows:
            groups[(_v(year), _v(status))].append((w.value, _v(wl)))
        out = [f'<h2>工作事项 work items ({len(rows)})</h2><table id="work"><tr><th>年 year</th><th>状态 status</th>'
               "<th>事项 items</th></tr>"]
        for (year, status), items in sorted(groups.items()):
            out.append(f"<tr><td>{html.escape(year)}</td><td>{html.escape(status)}</td><td>"
                       + "<br>".join(self.link(w, wl or short(w)) for w, wl in sorted(set(items))) + "</td></tr>")
        out.append("</table>")
        return "\n".join(out)

    def _properties(self, out_rows, in_rows) -> str:
        e = html.escape
        seen, rows = set(), []
        for p, o, ol, _ot in out_rows:
            key = (p.value, str(o))
            if key in seen or p.value in HIDDEN:
                continue
            seen.add(key)
            val = (self.link(o.value, _v(ol) or short(o.value)) if isinstance(o, ox.NamedNode)
                   else e(o.value) + (f" <small>@{e(o.language)}</small>" if getattr(o, "language", None) else ""))
            rows.append(f"<tr><td>{e(short(p.value))}</td><td>{val}</td></tr>")
        inc, seen_in = [], set()
        for s, p, sl, _st in in_rows:
            key = (s.value, p.value)
            if key in seen_in or not isinstance(s, ox.NamedNode):
                continue
            seen_in.add(key)
            inc.append(f"<tr><td>{self.link(s.value, _v(sl) or short(s.value))}</td><td>{e(short(p.value))}</td></tr>")
        html_ = '<h2>属性 properties</h2><table id="properties">' + "".join(rows) + "</table>"
        if inc:
            html_ += (f'<h2>指向此处 linked from ({len(inc)})</h2><table id="incoming">' + "".join(inc) + "</table>")
        return html_

    def _network(self, iri, label, gov_type, d):
        def node(i, lab, t):
            _zh, colour, shape, _sym = type_style(t) if t else ("", "#999999", "dot", "")
            return {"id": i, "label": lab[:30], "title": f"{lab} ({t})" if t else lab, "color": colour,
                    "shape": shape, "url": self.href(i)}

        nodes = {iri: dict(node(iri, label, gov_type), size=25, borderWidth=3)}
        edges = []

        def gtype(t):
            return local(t.value) if t is not None and t.value.startswith(GOV) else ""

        for p, o, ol, ot in d["out"]:
            if (isinstance(o, ox.NamedNode) and o.value.startswith(ID) and p.value not in HIDDEN
                    and "/mention/" not in o.value and len(nodes) <= MAX_NEIGHBOURS):
                if o.value not in nodes:
                    nodes[o.value] = node(o.value, _v(ol) or short(o.value), gtype(ot))
                    edges.append({"from": iri, "to": o.value, "label": local(p.value), "arrows": "to"})
        for s, p, sl, st in d["in"]:
            if isinstance(s, ox.NamedNode) and s.value.startswith(ID) and s.value not in nodes \
                    and "/mention/" not in s.value and len(nodes) <= MAX_NEIGHBOURS:
                nodes[s.value] = node(s.value, _v(sl) or short(s.value), gtype(st))
                edges.append({"from": s.value, "to": iri, "label": local(p.value), "arrows": "to"})
        for o, n, ol, ot in d.get("comention", []):
            if o.value not in nodes and len(nodes) <= MAX_NEIGHBOURS:
                nodes[o.value] = node(o.value, _v(ol), gtype(ot))
                edges.append({"from": iri, "to": o.value, "dashes": True, "title": f"同句 {n.value}",
                              "color": {"color": "#aaaaaa"}})
        return list(nodes.values()), edges

    def results_page(self, title: str, rows, heading: str) -> str:
        items = "".join(
            f"<li>{self.link(r[0].value, _v(r[1]) or short(r[0].value))}"
            + (f" <small>{html.escape(type_style(local(r[2].value))[0])} {html.escape(local(r[2].value))}</small>"
               if len(r) > 2 and r[2] is not None else "") + "</li>" for r in rows)
        more = f" (the first {MAX_LIST})" if len(rows) >= MAX_LIST else ""
        return self.layout(title, f"<h1>{heading}</h1><p>{len(rows)}{more}</p><ul id=\"results\">{items}</ul>")

    # handlers ----------------------------------------------------------------
    async def id_handler(self, request):
        rest = request.path_params["rest"]
        fmt = None
        for ext, f in EXTENSIONS.items():
            if rest.endswith(ext):
                rest, fmt = rest[: -len(ext)], f
                break
        negotiated = fmt is None
        if negotiated:
            fmt = negotiate(request.headers.get("accept"), OFFERS)
            if fmt is None:
                return Response("none of the accepted media types can be produced; offered: "
                                + ", ".join(OFFERS) + "\n", status_code=406, media_type="text/plain",
                                headers={"Vary": "Accept"})
        iri = ID + rest
        try:
            gq.make_term(iri, "iri")
        except gq.QueryError:
            return self.not_found(f"not an IRI: {iri}")
        headers = {"Vary": "Accept"} if negotiated else {}
        headers["Content-Location"] = self.href(iri) + EXT_OF[fmt]
        try:
            if fmt == "html":
                d = await anyio.to_thread.run_sync(lambda: self.entity(iri))
                if not d["out"] and not d["in"]:
                    return self.not_found(f"the graph has no {iri}")
                return HTMLResponse(self.entity_page(iri, d), headers=headers)
            n, body = await anyio.to_thread.run_sync(lambda: self.cbd(iri, fmt))
        except gq.QueryTimeout as ex:
            return HTMLResponse(self.layout("Timeout", f"<p>{html.escape(str(ex))}</p>"), status_code=503)
        if n == 0:
            return Response(f"the graph has no {iri}\n", status_code=404, media_type="text/plain",
                            headers=headers)
        return Response(body, media_type=MEDIA[fmt], headers=headers)

    async def search_handler(self, request):
        q = request.query_params.get("q", "").strip()[:200]
        if not q:
            return HTMLResponse(self.layout("Search", "<h1>搜索 search</h1><p>?q=</p>"))
        try:
            rows = await anyio.to_thread.run_sync(lambda: self.search(q))
        except gq.QueryTimeout as ex:
            return HTMLResponse(self.layout("Timeout", f"<p>{html.escape(str(ex))}</p>"), status_code=503)
        return HTMLResponse(self.results_page(q, rows, f"搜索 search: {html.escape(q)}"))

    async def network_handler(self, request):
        try:
            body = await anyio.to_thread.run_sync(self.network_page)
        except gq.QueryTimeout as ex:
            return HTMLResponse(self.layout("Timeout", f"<p>{html.escape(str(ex))}</p>"), status_code=503)
        return HTMLResponse(body)

    async def type_handler(self, request):
        name = request.path_params["name"]
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,80}", name):
            return self.not_found(f"no type {name}")
        try:
            rows = await anyio.to_thread.run_sync(lambda: self.of_type(name))
        except gq.QueryTimeout as ex:
            return HTMLResponse(self.layout("Timeout", f"<p>{html.escape(str(ex))}</p>"), status_code=503)
        if not rows:
            return self.not_found(f"no entity of type {name}")
        zh = type_style(name)[0]
        return HTMLResponse(self.results_page(name, rows, f"{html.escape(zh)} {html.escape(name)}"))


def routes(source, *, timeout: float = defaults.QUERY_TIMEOUT, base: str = "/") -> list:
    """Return the Starlette routes of the entity pages of SOURCE (for ``endpoint.create_app(routes=…)``)."""
    site = Site(source, timeout=timeout, base=base)
    return [Route("/id/{rest:path}", site.id_handler, methods=["GET", "HEAD"]),
            Route("/search", site.search_handler, methods=["GET", "HEAD"]),
            Route("/type/{name}", site.type_handler, methods=["GET", "HEAD"]),
            Route("/network", site.network_handler, methods=["GET", "HEAD"])]


def short(iri: str) -> str:
    """Return an IRI with a known prefix (gov:Road, id:road/…)."""
    for k, v in gq.PREFIXES.items():
        if iri.startswith(v):
            return f"{k}:{iri[len(v):]}"
    return iri


def highlight(text: str, start: int, spans) -> str:
    """Return a sentence as HTML with the mention spans in <mark>.

    Spans are (start, end, mention text) in report offsets; the sentence starts at ``start``. When
    the offsets do not hold the mention's text, its occurrence nearest to them is marked.
    >>> highlight("a<b>c", 10, [(11, 14, "<b>")])
    'a<mark>&lt;b&gt;</mark>c'
    """
    cuts = []
    for a, b, mt in spans:
        a, b = a - start, b - start
        if mt and text[max(a, 0):b] != mt:
            found = [m.start() for m in re.finditer(re.escape(mt), text)]
            if found:
                a = min(found, key=lambda x: abs(x - a))
                b = a + len(mt)
        if b > 0 and a < len(text):
            cuts.append((max(0, a), min(len(text), b)))
    cuts.sort()
    out, at = [], 0
    for a, b in cuts:
        if a < at:
            continue
        out.append(html.escape(text[at:a]) + "<mark>" + html.escape(text[a:b]) + "</mark>")
        at = b
    out.append(html.escape(text[at:]))
    return "".join(out)


def _chain(iri: str, rows) -> list[tuple[str, str, str]]:
    """Return the withinDivision chain from the entity upward as (iri, label, code)."""
    up = {}
    for x, y, yl, code in rows:
        up.setdefault(x.value, (y.value, _v(yl), _v(code)))
    chain, at, seen = [], iri, {iri}
    while at in up and up[at][0] not in seen:
        y = up[at]
        chain.append(y)
        seen.add(y[0])
        at = y[0]
    return chain


CSS = """body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:0;color:#222;line-height:1.5}header{display:flex;gap:1em;align-items:center;padding:.5em 1em;
background:#f3f3f3;border-bottom:1px solid #ddd}header form{margin-left:auto}main{padding:0 1em 2em;max-width:1100px}
.iri code{font-size:.85em;color:#555}dt{font-weight:bold;float:left;clear:left;width:11em}dd{margin-left:12em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.2em .5em;vertical-align:top;text-align:left}
td.num{text-align:right}mark{background:#ffe27a}ol#sentences li{margin:.4em 0}.src{font-size:.85em;color:#666}
#net{height:420px;border:1px solid #ddd}.hint{font-size:.85em;color:#666}"""

NET_JS = """(function () {
  var data = JSON.parse(document.getElementById("net-data").textContent);
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var net = new vis.Network(document.getElementById("net"), {nodes: nodes, edges: edges}, {
    physics: {stabilization: {iterations: 200}}, edges: {font: {size: 10}, smooth: false},
    interaction: {hover: true}});
  net.once("stabilizationIterationsDone", function () { net.setOptions({physics: false}); });
  net.on("doubleClick", function (p) {
    if (p.nodes.length) { var n = nodes.get(p.nodes[0]); if (n && n.url) window.location.href = n.url; }
  });
  window.govkgEntityNetwork = net;
})();"""
