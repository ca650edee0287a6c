"""Entity pages in a real browser (Debian's /usr/bin/chromium driven by Playwright) on a real server.

Every request the page makes is recorded (route interception): none may leave the server.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from govkg.explore import page as netpage
from support import DATA, running_server
from test_viz_browser import ARGS, CHROMIUM, Opened, browser  # noqa: F401  (the module's browser fixture)

pytestmark = pytest.mark.slow

FIXTURE = DATA / "fixture.ttl"
ID = "https://w3id.org/govkg/id/"


@pytest.fixture(scope="module")
def base():
    with running_server(FIXTURE, "--timeout", "20") as client:
        yield str(client.base_url)


class Served:
    """A browser tab on the server, recording console errors and the host of every request."""

    def __init__(self, browser, base: str):  # noqa: F811
        self.host = urlsplit(base).netloc
        self.context = browser.new_context(viewport={"width": 1200, "height": 900})
        self.page = self.context.new_page()
        self.errors, self.hosts = [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def route(r):
            host = urlsplit(r.request.url).netloc
            self.hosts.append(host)
            r.continue_() if host == self.host else r.abort()
        self.page.route("**/*", route)

    def outside(self):
        return [h for h in self.hosts if h != self.host]

    def close(self):
        self.context.close()


def test_entity_page_neighbour_and_search(browser, base):  # noqa: F811
    s = Served(browser, base)
    try:
        s.page.goto(base + "id/road/tuanjie")
        assert s.page.locator("h1#label").inner_text() == "团结路"
        assert s.page.locator("#sentences li").count() == 2
        assert s.page.locator("#sentences mark").first.inner_text() == "团结路"
        s.page.wait_for_function("window.govkgEntityNetwork !== undefined")
        assert s.page.locator("#net canvas").count() == 1
        link = s.page.locator("#neighbours a").first
        target = link.get_attribute("href")
        assert target.startswith("/id/")
        link.click()
        s.page.wait_for_url(base.rstrip("/") + target)
        assert s.page.locator("h1#label").count() == 1
        s.page.fill("header input[name=q]", "团结")
        s.page.press("header input[name=q]", "Enter")
        s.page.wait_for_url("**/search?q=*")
        assert s.page.locator('#results a[href="/id/road/tuanjie"]').count() == 1
        s.page.locator('#results a[href="/id/road/tuanjie"]').click()
        s.page.wait_for_url("**/id/road/tuanjie")
        assert s.errors == [] and s.outside() == [], (s.errors, s.outside())
    finally:
        s.close()


def test_double_click_in_the_small_network_opens_a_page(browser, base):  # noqa: F811
    s = Served(browser, base)
    try:
        s.page.goto(base + "id/road/tuanjie")
        s.page.wait_for_function("window.govkgEntityNetwork !== undefined")
        other = s.page.evaluate(f"govkgEntityNetwork.body.data.nodes.getIds().find(i => i !== '{ID}road/tuanjie')")
        s.page.evaluate("id => govkgEntityNetwork.emit('doubleClick', {nodes: [id], edges: []})", other)
        s.page.wait_for_url("**/id/" + other[len(ID):])
        assert s.errors == [] and s.outside() == []
    finally:
        s.close()


def test_served_network_page_links_to_entity_pages(browser, base, tmp_path):  # noqa: F811
    s = Served(browser, base)
    try:
        s.page.goto(base + "network")
        s.page.wait_for_function("window.govkg && window.govkg.state.ready", timeout=120_000)
        s.page.evaluate(f"govkg.network.emit('click', {{nodes: ['{ID}road/tuanjie'], edges: []}})")
        assert s.page.locator("#govkg-entity-link").get_attribute("href") == "id/road/tuanjie"
        s.page.evaluate(f"govkg.network.emit('doubleClick', {{nodes: ['{ID}road/tuanjie'], edges: []}})")
        s.page.wait_for_url("**/id/road/tuanjie")
        assert s.errors == [] and s.outside() == []
    finally:
        s.close()
    path = tmp_path / "net.html"  # a standalone file: no link
    netpage.write_page(FIXTURE, path)
    o = Opened(browser, path)
    try:
        o.js(f"govkg.network.emit('click', {{nodes: ['{ID}road/tuanjie'], edges: []}})")
        o.js(f"govkg.network.emit('doubleClick', {{nodes: ['{ID}road/tuanjie'], edges: []}})")
        assert o.page.locator("#govkg-entity-link").count() == 0
        assert o.page.url == o.url and o.errors == [] and o.requests == []
    finally:
        o.close()
