"""govkg push: one named graph per report on a real Oxigraph server; replace, never duplicate.

The server is the ``oxigraph`` package's binary (``oxigraph serve``), started on a free loopback
port by the fixture and stopped after the module. Error handling (401, 403, 413, refused
connection, credentials) is checked against a tiny stub server on the loopback interface.
"""
from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS

from govkg import cli
from govkg.publish.split import graph_name, split_by_report
from govkg.rdf.namespace import GOV
from govkg.defaults import ENV_PASSWORD, ENV_TOKEN, ENV_USER
from govkg.store import SHARED_GRAPH
from govkg.store import load_graph
from support import DATA, sample_output, stop_process

pytestmark = pytest.mark.slow  # browser, notebooks, servers or corpus builds: deselect with -m "not slow"

FIXTURE = DATA / "export" / "two-reports.ttl"
REP_A = URIRef("https://w3id.org/govkg/id/report/aaaa")
REP_B = URIRef("https://w3id.org/govkg/id/report/bbbb")
SECRET = "s3cret-Pa55"
TOKEN = "tok-9f8e7d"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if not found:
        pytest.fail("the Oxigraph server is missing: pip install oxigraph (the PyPI package with the "
                    "'oxigraph serve' binary; pyoxigraph has no server)")
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Run ``oxigraph serve`` on a free loopback port; yield its base URL; stop it."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-store")
    log = (location.parent / "oxigraph.log").open("wb")
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"oxigraph serve exited with {proc.returncode}")
            try:
                with urllib.request.urlopen(base + "/", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("oxigraph serve did not answer within 30 s")
                time.sleep(0.1)
        yield base
    finally:
        stop_process(proc)
        log.close()


def select(base: str, query: str) -> list[dict]:
    """Run a SELECT over the SPARQL protocol (/query); return rows of plain values."""
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(base + "/query", data=data,
                                 headers={"Accept": "application/sparql-results+json",
                                          "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        result = json.load(resp)
    return [{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]]


def graph_sizes(base: str) -> dict[str, int]:
    rows = select(base, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"]: int(r["n"]) for r in rows}


def fetch_graph(base: str, name: str) -> Graph:
    """GET one named graph over the Graph Store protocol."""
    url = f"{base}/store?graph={urllib.parse.quote(name, safe='')}"
    req = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return Graph().parse(data=resp.read().decode("utf-8"), format="nt")


def same_triples(a: Graph, b: Graph) -> bool:
    """Tell whether two blank-node-free graphs hold the same triples, literals compared by value.

    Oxigraph stores an xsd:decimal in canonical form ("4.0" comes back as "4"): the same value.
    """
    from rdflib import Literal

    def norm(g):
        return {(s, p, (o.toPython(), o.datatype, o.language) if isinstance(o, Literal) else o) for s, p, o in g}

    return len(a) == len(b) and norm(a) == norm(b)


def expected_sizes(g: Graph) -> dict[str, int]:
    out = {}
    for rep, part in split_by_report(g).items():
        out[str(graph_name(rep)) if rep is not None else SHARED_GRAPH] = len(part)
    return out


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch):
    for name in (ENV_USER, ENV_PASSWORD, ENV_TOKEN):
        monkeypatch.delenv(name, raising=False)


# ---- against the real server ---------------------------------------------------------------

def test_push_puts_each_report_in_its_own_graph(server, capsys):
    g = Graph().parse(FIXTURE)
    assert cli.main(["push", str(FIXTURE), "--endpoint", server + "/store"]) == 0
    sizes = graph_sizes(server)
    expected = expected_sizes(g)
    assert {k: sizes.get(k) for k in expected} == expected
    parts = split_by_report(g)
    for rep in (REP_A, REP_B):
        assert same_triples(fetch_graph(server, str(graph_name(rep))), parts[rep])
    out = capsys.readouterr().out
    assert out.count("PUT <") == len(expected)


def test_pushing_again_replaces_and_never_duplicates(server):
    assert cli.main(["push", str(FIXTURE), "--endpoint", server + "/store"]) == 0
    first = graph_sizes(server)
    total = select(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]
    assert cli.main(["push", str(FIXTURE), "--endpoint", server + "/store"]) == 0
    assert graph_sizes(server) == first
    assert select(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"] == total


def test_a_changed_report_replaces_only_its_graph(server, tmp_path):
    g = Graph().parse(FIXTURE)
    assert cli.main(["push", str(FIXTURE), "--endpoint", server + "/store"]) == 0
    before = graph_sizes(server)
    target = URIRef(f"{REP_A}/figure/f2")
    removed = set(g.triples((target, None, None)))
    for t in removed:
        g.remove(t)
    changed = tmp_path / "changed.ttl"
    g.serialize(changed, format="turtle")
    assert cli.main(["push", str(changed), "--endpoint", server + "/store"]) == 0
    after = graph_sizes(server)
    name_a, name_b = str(graph_name(REP_A)), str(graph_name(REP_B))
    assert after[name_a] == before[name_a] - len(removed)
    assert after[name_b] == before[name_b]
    assert select(server, f"SELECT ?g WHERE {{ GRAPH ?g {{ <{target}> ?p ?o }} }}") == []


def test_sample_report_can_be_queried_back(server):
    g = load_graph(sample_output())
    assert cli.main(["push", str(sample_output()), "--endpoint", server + "/store"]) == 0
    for rep in g.subjects(RDF.type, GOV.Report):
        name = str(graph_name(rep))
        rows = select(server, f"PREFIX dct: <{DCTERMS}> SELECT ?t WHERE {{ GRAPH <{name}> {{ <{rep}> dct:title ?t }} }}")
        assert [r["t"] for r in rows] == [str(g.value(rep, DCTERMS.title))]
        assert graph_sizes(server)[name] == len(split_by_report(g)[rep])


# ---- errors and credentials against a stub -------------------------------------------------

class Stub:
    """A loopback HTTP server answering every PUT with ``status``; records the requests."""

    def __init__(self, status: int = 204, challenge: str | None = None, bare_401_to_basic: bool = False):
        self.status, self.challenge, self.requests = status, challenge, []
        self.bare_401_to_basic = bare_401_to_basic  # as Virtuoso's /sparql-graph-crud-auth: no challenge
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                self.rfile.read(length)
                auth = self.headers.get("Authorization", "")
                stub.requests.append({"path": self.path, "auth": auth, "type": self.headers.get("Content-Type")})
                if stub.challenge and not auth.startswith("Digest "):
                    self.send_response(401)
                    if not (stub.bare_401_to_basic and auth.startswith("Basic ")):
                        self.send_header("WWW-Authenticate", stub.challenge)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status = 204 if stub.challenge else stub.status
                self.send_response(status)
                body = b"" if status < 400 else b"no\n"
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/store"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def run(args, capsys) -> tuple[int, str]:
    code = cli.main(args)
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert SECRET not in text and TOKEN not in text
    return code, text


def test_put_uses_the_graph_parameter_and_turtle(capsys):
    with Stub(204) as stub:
        code, _ = run(["push", str(FIXTURE), "--endpoint", stub.url], capsys)
    assert code == 0
    paths = sorted(r["path"] for r in stub.requests)
    expected = sorted("/store?graph=" + urllib.parse.quote(n, safe="") for n in expected_sizes(Graph().parse(FIXTURE)))
    assert paths == expected
    assert all(r["type"].startswith("text/turtle") and r["auth"] == "" for r in stub.requests)


def test_basic_credentials_come_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv(ENV_USER, "alice")
    monkeypatch.setenv(ENV_PASSWORD, SECRET)
    with Stub(204) as stub:
        code, _ = run(["push", str(FIXTURE), "--endpoint", stub.url], capsys)
    assert code == 0
    expected = "Basic " + base64.b64encode(f"alice:{SECRET}".encode()).decode()
    assert {r["auth"] for r in stub.requests} == {expected}


def test_bearer_token_comes_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv(ENV_TOKEN, TOKEN)
    with Stub(204) as stub:
        code, _ = run(["push", str(FIXTURE), "--endpoint", stub.url], capsys)
    assert code == 0
    assert {r["auth"] for r in stub.requests} == {f"Bearer {TOKEN}"}


def test_a_digest_challenge_is_answered(monkeypatch, capsys):
    monkeypatch.setenv(ENV_USER, "alice")
    monkeypatch.setenv(ENV_PASSWORD, SECRET)
    with Stub(challenge='Digest realm="SPARQL", nonce="abc123", qop="auth", algorithm=MD5') as stub:
        code, _ = run(["push", str(FIXTURE), "--endpoint", stub.url], capsys)
    assert code == 0
    assert any(r["auth"].startswith('Digest username="alice"') for r in stub.requests)
    assert all(SECRET not in r["auth"] for r in stub.requests if r["auth"].startswith("Digest"))


def test_a_bare_401_to_basic_is_asked_again_without_it_and_the_digest_challenge_answered(monkeypatch, capsys):
    monkeypatch.setenv(ENV_USER, "alice")
    monkeypatch.setenv(ENV_PASSWORD, SECRET)
    with Stub(challenge='Digest realm="SPARQL", nonce="n0nce", qop="auth", algorithm=MD5',
              bare_401_to_basic=True) as stub:
        code, _ = run(["push", str(FIXTURE), "--endpoint", stub.url], capsys)
    assert code == 0
    kinds = [r["auth"].split(" ", 1)[0] or "none" for r in stub.requests]
    graphs = len(expected_sizes(Graph().parse(FIXTURE)))
    # the first graph: Basic (a bare 401), none (the challenge), Digest; the others: none, Digest
    assert kinds == ["Basic", "none", "Digest"] + ["none", "Digest"] * (graphs - 1), kinds


@pytest.mark.parametrize("status,creds,message", [
    (401, False, "requires authentication"),
    (401, True, "refused the credentials"),
    (403, True, "forbids writing"),
    (413, False, "too large (HTTP 413"),
    (405, False, "does not accept PUT"),
    (500, False, "HTTP 500"),
])
def test_http_errors_are_one_clear_line(monkeypatch, capsys, status, creds, message):
    if creds:
        monkeypatch.setenv(ENV_USER, "alice")
        monkeypatch.setenv(ENV_PASSWORD, SECRET)
    with Stub(status) as stub:
        code, text = run(["push", str(FIXTURE), "--endpoint", stub.url], capsys)
    assert code == 2
    errors = [line for line in text.splitlines() if line.startswith("govkg: error:")]
    assert len(errors) == 1 and message in errors[0], text
    assert "Traceback" not in text


def test_refused_connection(capsys):
    code, text = run(["push", str(FIXTURE), "--endpoint", f"http://127.0.0.1:{free_port()}/store"], capsys)
    assert code == 2
    assert "connection refused" in text and "Traceback" not in text


def test_credentials_in_the_url_are_refused_and_not_echoed(capsys):
    code, text = run(["push", str(FIXTURE), "--endpoint", f"http://alice:{SECRET}@127.0.0.1:9/store"], capsys)
    assert code == 2 and ENV_USER in text


def test_token_and_password_together_are_refused(monkeypatch, capsys):
    monkeypatch.setenv(ENV_TOKEN, TOKEN)
    monkeypatch.setenv(ENV_USER, "alice")
    monkeypatch.setenv(ENV_PASSWORD, SECRET)
    code, text = run(["push", str(FIXTURE), "--endpoint", "http://127.0.0.1:9/store"], capsys)
    assert code == 2 and "not both" in text


def test_dry_run_lists_the_graphs_and_sends_nothing(capsys):
    code, text = run(["push", str(FIXTURE), "--endpoint", f"http://127.0.0.1:{free_port()}/store", "--dry-run"], capsys)
    assert code == 0
    for name, size in expected_sizes(Graph().parse(FIXTURE)).items():
        assert f"would PUT <{name}>: {size} triples" in text


def test_a_graph_without_reports_is_refused(tmp_path, capsys):
    src = tmp_path / "x.ttl"
    src.write_text('<https://w3id.org/govkg/id/village/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n')
    code, text = run(["push", str(src), "--endpoint", "http://127.0.0.1:9/store"], capsys)
    assert code == 1 and "gov:Report" in text
