/* govkg network page: search, type filter, physics switch, neighbourhood highlight.
 * govkgInit is called right after pyvis's drawGraph(), before stabilisation starts.
 * Every text from the data is set with textContent / option.value, never as HTML. */
function govkgInit(network, nodes, edges) {
  "use strict";
  var meta = JSON.parse(document.getElementById("govkg-meta").textContent);
  var state = { ready: false, stabilizedMs: null, iterations: null, highlighted: null, focused: null, hiddenTypes: {} };
  var DIM_NODE = "rgba(200,200,200,0.35)", DIM_FONT = "rgba(120,120,120,0.35)", DIM_EDGE = "rgba(200,200,200,0.25)";
  var $ = function (id) { return document.getElementById(id); };
  var status = $("govkg-status"), search = $("govkg-search"), physics = $("govkg-physics");

  // Original looks, restored when a highlight is cleared.
  var nodeLook = {}, edgeLook = {};
  nodes.forEach(function (n) { nodeLook[n.id] = { color: n.color, font: n.font || { color: meta.nodeFont } }; });
  edges.forEach(function (e) { edgeLook[e.id] = { color: e.color, font: e.font || { color: meta.edgeFont } }; });

  // Search: exact name or alias first, then prefix, then substring.
  var names = $("govkg-names"), seen = {};
  nodes.forEach(function (n) {
    [n.label].concat(n.aliases || []).forEach(function (s) {
      if (!seen[s]) { seen[s] = true; var o = document.createElement("option"); o.value = s; names.appendChild(o); }
    });
  });
  function find(q) {
    q = q.trim();
    if (!q) return null;
    var all = nodes.get(), tests = [
      function (s) { return s === q; },
      function (s) { return s.indexOf(q) === 0; },
      function (s) { return s.indexOf(q) >= 0; },
    ];
    for (var t = 0; t < tests.length; t++) {
      var hits = all.filter(function (n) { return [n.label].concat(n.aliases || []).some(tests[t]); });
      if (hits.length) {
        hits.sort(function (a, b) { return (b.mentions || 0) - (a.mentions || 0) || (a.id < b.id ? -1 : 1); });
        return hits[0];
      }
    }
    return null;
  }
  function say(text, miss) { status.textContent = text; status.className = miss ? "miss" : ""; }
  function focusNode(id) {
    var n = nodes.get(id);
    if (!n) return false;
    if (n.hidden) setTypeVisible(n.gtype, true);
    network.selectNodes([id]);
    highlight(id);
    state.focused = null;
    network.once("animationFinished", function () { state.focused = id; });
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400 } });
    return true;
  }
  function runSearch() {
    var n = find(search.value);
    if (!n) { say("未找到 not found: " + search.value.trim(), true); return null; }
    focusNode(n.id);
    say("已定位 found: " + n.label + " · " + n.typeLabel, false);
    return n.id;
  }
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); runSearch(); } });
  search.addEventListener("change", runSearch);
  $("govkg-go").addEventListener("click", runSearch);

  // Type filter: a ticked box shows the type's nodes (edges to hidden nodes hide with them).
  function setTypeVisible(type, visible) {
    state.hiddenTypes[type] = !visible;
    var box = document.querySelector('#govkg-legend input[data-type="' + CSS.escape(type) + '"]');
    if (box) box.checked = visible;
    nodes.update(nodes.get({ filter: function (n) { return n.gtype === type; } })
      .map(function (n) { return { id: n.id, hidden: !visible }; }));
  }
  document.querySelectorAll("#govkg-legend input[data-type]").forEach(function (box) {
    box.addEventListener("change", function () { setTypeVisible(box.getAttribute("data-type"), box.checked); });
  });

  // Physics: on while stabilising, then frozen; the box turns it back on.
  physics.addEventListener("change", function () { network.setOptions({ physics: { enabled: physics.checked } }); });
  function ready() {
    if (state.ready) return;
    network.setOptions({ physics: { enabled: false } });
    physics.checked = false;
    state.ready = true;
    state.stabilizedMs = performance.now();
    var bar = document.getElementById("loadingBar");  // pyvis's progress overlay (over 100 nodes)
    if (bar) bar.style.display = "none";
    fitBesidePanel();
    document.body.setAttribute("data-state", "ready");
  }
  // Fit the network into the part of the canvas right of the panel (when there is room).
  function fitBesidePanel() {
    var width = $("mynetwork").clientWidth, pw = $("govkg-panel").offsetWidth + 16;
    if (nodes.length === 0 || width < 2 * pw) return;
    network.fit({ animation: false });
    var scale = network.getScale() * (width - pw) / width, at = network.getViewPosition();
    network.moveTo({ position: { x: at.x - pw / 2 / scale, y: at.y }, scale: scale, animation: false });
  }
  network.on("stabilizationProgress", function (p) { state.iterations = p.iterations; });
  network.once("stabilizationIterationsDone", ready);
  if (nodes.length === 0 || !meta.physics) setTimeout(ready, 0);

  // Click a node: dim everything outside it and its neighbours; click the background to clear.
  function highlight(id) {
    state.highlighted = id;
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    var linked = {};
    network.getConnectedEdges(id).forEach(function (e) { linked[e] = true; });
    nodes.update(nodes.getIds().map(function (n) {
      return keep[n] ? { id: n, color: nodeLook[n].color, font: nodeLook[n].font }
                     : { id: n, color: DIM_NODE, font: { color: DIM_FONT } };
    }));
    edges.update(edges.getIds().map(function (e) {
      return linked[e] ? { id: e, color: edgeLook[e].color, font: edgeLook[e].font }
                       : { id: e, color: { color: DIM_EDGE }, font: { color: DIM_EDGE } };
    }));
  }
  function clearHighlight() {
    if (state.highlighted === null) return;
    state.highlighted = null;
    nodes.update(nodes.getIds().map(function (n) { return { id: n, color: nodeLook[n].color, font: nodeLook[n].font }; }));
    edges.update(edges.getIds().map(function (e) { return { id: e, color: edgeLook[e].color, font: edgeLook[e].font }; }));
  }
  network.on("click", function (p) { if (p.nodes.length) highlight(p.nodes[0]); else clearHighlight(); });

  // Served by govkg serve (http or https): a node links to its entity page (double-click, or the link the
  // side panel shows on click). A standalone file (file:) shows no link.
  var ENTITY_IRI = "https://w3id.org/govkg/id/";
  function entityUrl(id) {
    if ((location.protocol !== "http:" && location.protocol !== "https:") || String(id).indexOf(ENTITY_IRI) !== 0) return null;
    return "id/" + String(id).slice(ENTITY_IRI.length);
  }
  network.on("doubleClick", function (p) {
    var u = p.nodes.length ? entityUrl(p.nodes[0]) : null;
    if (u) window.location.href = u;
  });
  network.on("click", function (p) {
    var u = p.nodes.length ? entityUrl(p.nodes[0]) : null;
    var old = document.getElementById("govkg-entity-link");
    if (old) old.remove();
    if (!u) return;
    var a = document.createElement("a");
    a.id = "govkg-entity-link";
    a.href = u;
    a.textContent = "打开实体页 open entity page: " + (nodes.get(p.nodes[0]).label || "");
    $("govkg-status").after(a);
  });

  var shown = meta.nodes + " 个实体 entities · " + meta.edges + " 条边 edges";
  if (meta.total > meta.nodes) shown += " (of " + meta.total + "; " + meta.note + ")";
  $("govkg-count").textContent = shown;

  window.govkg = { network: network, nodes: nodes, edges: edges, meta: meta, state: state,
                   find: find, focusNode: focusNode, setTypeVisible: setTypeVisible,
                   highlight: highlight, clearHighlight: clearHighlight };
}
