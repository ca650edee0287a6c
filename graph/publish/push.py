"""Upload a graph to a SPARQL 1.1 Graph Store, one named graph per report; ``govkg push``.

Each report goes to its own named graph ``<report IRI>/graph`` (the report IRI names the
document; the ``/graph`` suffix names the set of triples about it), by HTTP PUT on
``ENDPOINT?graph=<name>`` (SPARQL 1.1 Graph Store HTTP Protocol): pushing again replaces that
graph and never duplicates it. How the triples are split is ``govkg.publish.split.split_by_report``:
a report's graph holds the report and every node under its IRI, plus a copy of the shared
entities it mentions (types, labels, relations), so each graph is self-contained. Triples no
report reaches go to ``https://w3id.org/govkg/id/graph/shared``.

Credentials come only from the environment and are never printed: ``GOVKG_PUSH_TOKEN`` (sent as
``Authorization: Bearer``), or ``GOVKG_PUSH_USER`` and ``GOVKG_PUSH_PASSWORD`` (HTTP Basic, sent
up front; a Digest challenge is answered with the same pair, and a bare 401 to Basic, as Virtuoso's
``/sparql-graph-crud-auth`` gives, makes the push ask again without it and answer the challenge). The HTTP client is the standard library's urllib: one PUT per report needs
nothing more, and govkg gains no dependency.
"""
from __future__ import annotations

import base64
import re
import os
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import quote, urlsplit, urlunsplit

from govkg import defaults
from govkg.errors import GovkgError
from govkg.publish.formats import to_ntriples
from govkg.publish.split import graph_name, split_by_report
from govkg.store import SHARED_GRAPH

CONTENT_TYPE = "text/turtle; charset=utf-8"  # the body is N-Triples, which is a subset of Turtle


class PushError(GovkgError):
    """An upload that failed; the message is one line, safe to print (no credentials)."""


def redact(url: str) -> str:
    """Return the URL without user:password@ (never print credentials)."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def check_endpoint(endpoint: str) -> str:
    """Return the endpoint URL, or raise PushError if it is not a plain http(s) URL."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PushError(f"--endpoint {redact(endpoint)!r}: give the http(s) URL of a Graph Store endpoint, "
                        "e.g. http://localhost:7878/store")
    if parts.username is not None or parts.password is not None:
        raise PushError(f"--endpoint {redact(endpoint)}: put credentials in {defaults.ENV_USER} and {defaults.ENV_PASSWORD} "
                        f"(or {defaults.ENV_TOKEN}), not in the URL")
    return endpoint


def graph_url(endpoint: str, graph: str) -> str:
    """Return the Graph Store URL of a named graph: ``ENDPOINT?graph=<encoded IRI>``."""
    return f"{endpoint}{'&' if '?' in endpoint else '?'}graph={quote(str(graph), safe='')}"


def credentials(env=None) -> dict:
    """Read credentials from the environment: {'token': ...} or {'user': ..., 'password': ...} or {}."""
    env = os.environ if env is None else env
    token, user, password = env.get(defaults.ENV_TOKEN), env.get(defaults.ENV_USER), env.get(defaults.ENV_PASSWORD)
    if token and (user or password):
        raise PushError(f"set either {defaults.ENV_TOKEN} or {defaults.ENV_USER} and {defaults.ENV_PASSWORD}, not both")
    if token:
        return {"token": token}
    if user or password:
        if not (user and password):
            raise PushError(f"set both {defaults.ENV_USER} and {defaults.ENV_PASSWORD} (only one is set)")
        return {"user": user, "password": password}
    return {}


def named_graphs(g) -> list[tuple[str, object]]:
    """Split a graph for upload; return [(graph name, rdflib Graph)], in name order."""
    parts = split_by_report(g)
    out = [(str(graph_name(r)), part) for r, part in parts.items() if r is not None]
    if None in parts:
        out.append((SHARED_GRAPH, parts[None]))
    return sorted(out, key=lambda x: x[0])


class _Session:
    """What the PUTs of one push share: a urllib opener that answers a Digest (or Basic) challenge
    with the user and password, and whether Basic credentials still go up front."""

    def __init__(self, creds: dict, endpoint: str):
        handlers = []
        if "user" in creds:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, endpoint, creds["user"], creds["password"])
            handlers += [urllib.request.HTTPDigestAuthHandler(manager), urllib.request.HTTPBasicAuthHandler(manager)]
        self.opener = urllib.request.build_opener(*handlers)
        self.auth_up_front = _auth_header(creds)  # None once the server showed it wants a challenge


_AUTH_VALUE = re.compile(r"(?i)\b(authorization|proxy-authorization|www-authenticate)\b(\s*[:=]\s*)[^\r\n,;]*")
_SCHEME_VALUE = re.compile(r"(?i)\b(bearer|basic|digest)\s+[A-Za-z0-9._~+/=-]{4,}")


def scrub(text: str, creds: dict) -> str:
    """Return server text with every credential taken out: Authorization values and anything echoing them.

    >>> scrub('bad header Authorization: Bearer s3cr3t-t0ken', {"token": "s3cr3t-t0ken"})
    'bad header Authorization: [redacted]'
    >>> scrub("echo: dTpwNHNz and p4ss", {"user": "u", "password": "p4ss"})
    'echo: [redacted] and [redacted]'
    """
    secrets = set()
    if creds.get("token"):
        secrets.add(creds["token"])
    if creds.get("password"):
        secrets.add(creds["password"])
        secrets.add(base64.b64encode(f"{creds.get('user', '')}:{creds['password']}".encode()).decode("ascii"))
    secrets.discard("")
    for s in sorted(secrets, key=len, reverse=True):  # the longest first: a base64 pair holds no shorter one
        text = text.replace(s, "[redacted]")
    text = _AUTH_VALUE.sub(lambda m: m.group(1) + m.group(2) + "[redacted]", text)
    return _SCHEME_VALUE.sub(lambda m: m.group(1) + " [redacted]", text)


def _auth_header(creds: dict) -> str | None:
    if "token" in creds:
        return f"Bearer {creds['token']}"
    if "user" in creds:
        pair = f"{creds['user']}:{creds['password']}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")
    return None


def put_graph(endpoint: str, graph: str, body: bytes, creds: dict, timeout: float = defaults.PUSH_TIMEOUT,
              session: _Session | None = None) -> int:
    """PUT ``body`` as the named graph ``graph``; return the HTTP status or raise PushError.

    Basic credentials go up front. A server that takes only Digest may refuse them with a bare 401,
    no challenge (Virtuoso's /sparql-graph-crud-auth does): the PUT is then sent again without them,
    the server's Digest challenge is answered, and the session sends no Basic up front any more.
    """
    url = graph_url(endpoint, graph)
    session = session or _Session(creds, endpoint)
    where = redact(endpoint)
    try:
        try:
            return _put(session.opener, url, body, session.auth_up_front, timeout)
        except urllib.error.HTTPError as e:
            if not (e.code == 401 and "user" in creds and session.auth_up_front
                    and not e.headers.get("WWW-Authenticate")):
                raise
            session.auth_up_front = None
            return _put(session.opener, url, body, None, timeout)
    except urllib.error.HTTPError as e:
        raise PushError(_http_message(e, where, graph, len(body), creds)) from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, ConnectionRefusedError):
            raise PushError(f"cannot connect to {where}: connection refused (is the server running?)") from None
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise PushError(f"{where}: no answer within {timeout:g} s (use --timeout)") from None
        if isinstance(reason, socket.gaierror):
            raise PushError(f"cannot connect to {where}: unknown host") from None
        raise PushError(f"cannot connect to {where}: {scrub(str(reason), creds)}") from None
    except (TimeoutError, socket.timeout):
        raise PushError(f"{where}: no answer within {timeout:g} s (use --timeout)") from None
    except ConnectionError as e:
        raise PushError(f"{where}: connection lost while sending {graph} ({type(e).__name__})") from None
    except ValueError as e:  # urllib's answer to a challenge of a scheme it does not speak
        raise PushError(f"{where} asks for an authentication govkg does not speak "
                        f"({scrub(' '.join(str(e).split()), creds)[:120]}): use Basic, Digest or a bearer token") from None


def _put(opener, url: str, body: bytes, auth: str | None, timeout: float) -> int:
    """Send one PUT (with ``auth`` as its Authorization header when given); return the HTTP status."""
    req = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": CONTENT_TYPE})
    if auth:
        req.add_unredirected_header("Authorization", auth)
    with opener.open(req, timeout=timeout) as resp:
        resp.read()
        return resp.status


def _http_message(e, where: str, graph: str, size: int, creds: dict) -> str:
    """Return a one-line explanation of an HTTP error status."""
    code = e.code
    try:
        detail = e.read(300).decode("utf-8", "replace").strip().splitlines()
    except Exception:  # noqa: BLE001  (the body is only a hint)
        detail = []
    hint = f" ({scrub(detail[0], creds)[:160]})" if detail else ""
    if code == 401:
        if creds:
            return f"{where} refused the credentials (HTTP 401): check {defaults.ENV_USER}/{defaults.ENV_PASSWORD} or {defaults.ENV_TOKEN}"
        return f"{where} requires authentication (HTTP 401): set {defaults.ENV_USER} and {defaults.ENV_PASSWORD}, or {defaults.ENV_TOKEN}"
    if code == 403:
        return (f"{where} forbids writing graphs (HTTP 403): the account or token is not allowed to update "
                "this dataset, or the server is read-only")
    if code == 413:
        return (f"{where} refused <{graph}> as too large (HTTP 413, {size:,d} bytes): raise the server's "
                "request size limit (e.g. client_max_body_size in an nginx proxy)")
    if code == 404:
        return (f"no Graph Store endpoint at {where} (HTTP 404): use Oxigraph's /store, Fuseki's /DATASET/data, "
                "QLever's / or Virtuoso's /sparql-graph-crud-auth")
    if code == 405:
        return (f"{where} does not accept PUT (HTTP 405): is it the Graph Store endpoint "
                "(Oxigraph /store, Fuseki /DATASET/data) rather than the query endpoint?")
    if code in (301, 302, 303, 307, 308):
        return f"{where} redirects (HTTP {code}) to {redact(e.headers.get('Location', '?'))}: push to that URL"
    return f"{where} answered HTTP {code} {scrub(str(e.reason), creds)} for <{graph}>{hint}"


def push(g, endpoint: str, creds: dict | None = None, timeout: float = defaults.PUSH_TIMEOUT, progress=None) -> list[dict]:
    """Upload each report of ``g`` as its own named graph; return one dict per graph uploaded."""
    endpoint = check_endpoint(endpoint)
    creds = credentials() if creds is None else creds
    session = _Session(creds, endpoint)
    done = []
    graphs = named_graphs(g)
    for i, (name, part) in enumerate(graphs):
        body = to_ntriples(part)
        t0 = time.perf_counter()
        status = put_graph(endpoint, name, body, creds, timeout, session)
        row = {"graph": name, "triples": len(part), "bytes": len(body), "status": status,
               "seconds": time.perf_counter() - t0}
        done.append(row)
        if progress:
            progress(i, len(graphs), row)
    return done
