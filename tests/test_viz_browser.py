"""The network page in a real browser: Debian's /usr/bin/chromium driven headless by Playwright.

Skipped only on a developer machine without chromium (CI unset); in CI a missing browser or
Playwright makes these tests fail.
"""
from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
import rdflib

from govkg.explore import network
from govkg.explore import page as netpage
from support import DATA, sample_output

pytestmark = pytest.mark.slow  # browser, notebooks, servers or corpus builds: deselect with -m "not slow"

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync"]
FIXTURE = DATA / "viz_network.ttl"
ID = "https://w3id.org/govkg/id/"
EVIL = """<script>alert(1)</script>"'<img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>"""


@pytest.fixture(scope="module")
def browser():
    if not os.environ.get("CI") and not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium); required when CI is set")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright not installed (pip install playwright)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Opened:
    """A page opened from a file, with everything it logged, requested or popped up."""

    def __init__(self, browser, path: Path):
        self.url = path.resolve().as_uri()
        self.context = browser.new_context(viewport={"width": 1300, "height": 850})
        self.page = self.context.new_page()
        self.errors, self.requests, self.dialogs = [], [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.requests.append(r.url) if r.url != self.url else None)

        def route(r):
            if r.request.url == self.url:
                r.continue_()
            else:
                self.requests.append(r.request.url)
                r.abort()
        self.page.route("**/*", route)
        self.page.goto(self.url)
        self.page.wait_for_function("window.govkg && window.govkg.state.ready", timeout=120_000)

    def js(self, expr, arg=None):
        return self.page.evaluate(expr, arg)

    def centre_on(self, node_id):
        """Move the view so the node sits in the middle of the canvas; return that point."""
        self.js("id => govkg.network.moveTo({position: govkg.network.getPosition(id), scale: 1.5, animation: false})",
                node_id)
        box = self.page.locator("#mynetwork canvas").bounding_box()
        return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def sample_graph():
    G, _total = netpage.page_graph(sample_output())
    return G


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("page") / "graph.html"
    netpage.write_page(sample_output(), path)
    return path


@pytest.fixture()
def sample(browser, sample_page):
    opened = Opened(browser, sample_page)
    yield opened
    opened.close()


def test_sample_page_data_equals_the_graph_and_loads_nothing(sample, sample_graph):
    G = sample_graph
    got = sample.js("[govkg.nodes.getIds(), govkg.edges.length]")
    assert sorted(got[0]) == sorted(G.nodes) and got[1] == G.number_of_edges()
    assert sample.js("govkg.network.body.nodeIndices.length") == G.number_of_nodes()  # vis drew them all
    assert sample.requests == [] and sample.errors == [] and sample.dialogs == []


def test_legend_lists_every_type_and_unticking_hides_it(sample, sample_graph):
    types = network.type_names(sample_graph)
    legend = sample.js("[...document.querySelectorAll('#govkg-legend label')].map(l => "
                       "[l.querySelector('input').dataset.type, l.innerText])")
    assert [t for t, _ in legend] == types
    assert all(t in text for t, text in legend)
    t = max(types, key=lambda t: sum(1 for _, x in sample_graph.nodes(data="type") if x == t))
    hidden = "t => govkg.nodes.get().filter(n => n.hidden).map(n => n.gtype)"
    sample.page.locator(f'#govkg-legend input[data-type="{t}"]').uncheck()
    got = sample.js(hidden, t)
    assert len(got) == sum(1 for _, x in sample_graph.nodes(data="type") if x == t) and set(got) == {t}
    assert sample.js("govkg.network.body.nodeIndices.length") == sample_graph.number_of_nodes() - len(got)
    sample.page.locator(f'#govkg-legend input[data-type="{t}"]').check()
    assert sample.js(hidden, t) == []


def test_search_box_focuses_a_road_typed_by_the_user(sample, sample_graph):
    G = sample_graph
    names = [G.nodes[n]["label"] for n in G] + [a for n in G for a in G.nodes[n]["aliases"]]
    roads = [n for n, t in G.nodes(data="type") if t == "Road" and names.count(G.nodes[n]["label"]) == 1]
    assert roads, "the sample should have a road"
    road = max(roads, key=lambda n: (G.nodes[n]["mentions"], n))
    name = G.nodes[road]["label"]
    sample.page.click("#govkg-search")
    sample.page.keyboard.type(name, delay=20)
    sample.page.keyboard.press("Enter")
    assert sample.js("govkg.network.getSelectedNodes()") == [road]
    assert name in sample.page.inner_text("#govkg-status")
    sample.page.wait_for_function("id => govkg.state.focused === id", arg=road, timeout=60_000)  # animation done
    view, pos = sample.js("id => [govkg.network.getViewPosition(), govkg.network.getPosition(id)]", road)
    assert abs(view["x"] - pos["x"]) < 5 and abs(view["y"] - pos["y"]) < 5
    assert sample.errors == []


def test_physics_is_frozen_after_stabilising_and_can_be_switched_on(sample):
    assert sample.js("govkg.network.physics.options.enabled") is False
    assert not sample.page.is_checked("#govkg-physics")
    sample.page.check("#govkg-physics")
    assert sample.js("govkg.network.physics.options.enabled") is True
    sample.page.uncheck("#govkg-physics")


def test_screenshot_shows_a_drawn_network(sample, tmp_path, browser):
    shot = tmp_path / "sample.png"
    sample.page.screenshot(path=str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    # decode the PNG in a blank page: a drawn network has many colours and contrast
    blank = browser.new_page()
    try:
        spread, colours = blank.evaluate("""async b64 => {
            const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode();
            const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
            const x = c.getContext('2d'); x.drawImage(img, 0, 0);
            const d = x.getImageData(0, 0, c.width, c.height).data; let s = 0, s2 = 0, n = 0; const seen = new Set();
            for (let i = 0; i < d.length; i += 4 * 7) { const l = (d[i] + d[i+1] + d[i+2]) / 3; s += l; s2 += l * l; n++;
              seen.add((d[i] << 16) | (d[i+1] << 8) | d[i+2]); }
            return [Math.sqrt(s2 / n - (s / n) ** 2), seen.size]; }""", base64.b64encode(data).decode())
    finally:
        blank.close()
    assert spread > 10 and colours > 50


def test_click_highlights_the_neighbourhood(browser, tmp_path):
    path = tmp_path / "f.html"
    netpage.write_page(FIXTURE, path, co_mention=-1)
    o = Opened(browser, path)
    try:
        P = ID + "project/p"
        x, y = o.centre_on(P)
        o.page.mouse.click(x, y)
        assert o.js("govkg.network.getSelectedNodes()") == [P]
        colour = o.js("() => Object.fromEntries(govkg.nodes.get().map(n => [n.id, n.color]))")
        near = {P, ID + "road/rd", ID + "village/v3", ID + "landparcel/l"}
        assert all(colour[n].startswith("#") for n in near)
        assert all(colour[n].startswith("rgba(200") for n in colour if n not in near)
        o.page.mouse.click(5, 845)  # the empty bottom-left corner: clears the highlight
        assert all(c.startswith("#") for c in o.js("govkg.nodes.get().map(n => n.color)"))
        # the search also finds a node by its alias
        o.page.fill("#govkg-search", "")
        o.page.click("#govkg-search")
        o.page.keyboard.type("光明大道")
        o.page.keyboard.press("Enter")
        assert o.js("govkg.network.getSelectedNodes()") == [ID + "road/rd"]
        assert o.errors == [] and o.requests == []
    finally:
        o.close()


def test_markup_in_a_label_is_shown_as_text_and_never_runs(browser, tmp_path):
    g = rdflib.Graph().parse(FIXTURE)
    v1 = rdflib.URIRef(ID + "village/v1")
    g.set((v1, rdflib.RDFS.label, rdflib.Literal(EVIL, lang="zh")))
    path = tmp_path / "evil.html"
    netpage.write_page(g, path, title=EVIL)
    o = Opened(browser, path)
    try:
        assert o.page.title() == EVIL
        assert o.page.inner_text("#govkg-title") == EVIL
        x, y = o.centre_on(str(v1))
        o.page.mouse.move(x - 40, y - 40)
        o.page.mouse.move(x, y, steps=4)
        tip = o.page.locator("div.vis-tooltip")
        tip.wait_for(state="visible", timeout=5000)
        assert tip.inner_text().startswith(EVIL)
        assert tip.evaluate("e => e.querySelector('script, img, a') === null")
        assert EVIL in o.js("[...document.querySelectorAll('#govkg-names option')].map(x => x.value)")
        o.page.click("#govkg-search")
        o.page.keyboard.type("<script>alert(1)")
        o.page.keyboard.press("Enter")
        assert o.js("govkg.network.getSelectedNodes()") == [str(v1)]
        assert EVIL in o.page.inner_text("#govkg-status")
        o.page.wait_for_timeout(300)
        assert o.dialogs == [] and o.requests == [] and o.errors == []
        assert o.js("document.querySelectorAll('body img, body a').length") == 0
    finally:
        o.close()
