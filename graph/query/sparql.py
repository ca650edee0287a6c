"""Lexing SPARQL text: tokens, the query form, variables, WHERE groups; the known prefixes."""
from __future__ import annotations

import re

XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {
    "gov": "https://w3id.org/govkg/ontology#",
    "id": "https://w3id.org/govkg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "schema": "https://schema.org/",
}


_TOKEN = re.compile(r'''
    (?P<comment>\#[^\r\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\U000EFFFF]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_.\-]*)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<space>\s+)
  | (?P<other>.)
''', re.X | re.S)

UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def tokens(text: str):
    """Yield (kind, value, start) for SPARQL text, skipping nothing (comments included)."""
    for m in _TOKEN.finditer(text):
        yield m.lastgroup, m.group(), m.start()


def query_variables(text: str) -> set[str]:
    """Return the names of the variables a query uses (``?x`` and ``$x``)."""
    return {v[1:] for kind, v, _ in tokens(text) if kind == "var"}


def query_form(text: str) -> str:
    """Return the first keyword after the prologue: SELECT, ASK, CONSTRUCT, DESCRIBE or an update verb."""
    in_prologue_decl = False
    for kind, value, _ in tokens(text):
        if kind in ("comment", "space"):
            continue
        if in_prologue_decl:  # PREFIX name: <iri> / BASE <iri>
            in_prologue_decl = kind != "iri"
            continue
        if kind == "word":
            word = value.upper()
            if word in ("PREFIX", "BASE"):
                in_prologue_decl = True
                continue
            return word
        return ""
    return ""


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape_codepoints(text: str) -> str:
    r"""Replace ``\uXXXX`` and ``\UXXXXXXXX`` escapes, which SPARQL reads before the grammar (SPARQL 1.1, 19.2).

    >>> unescape_codepoints(r"\u0053ERVICE")
    'SERVICE'
    """
    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)

    return _CODEPOINT.sub(char, text) if "\\" in text else text


def uses_service(text: str) -> bool:
    """Tell whether a query may call other endpoints (SERVICE), which govkg refuses.

    A lexical check that errs on the side of refusing: after codepoint escapes are read, any word
    that starts with SERVICE, in any case, outside strings, IRIs and comments (which end at a line
    feed or a carriage return) counts, glued to what follows or not (``SERVICEex:x``,
    ``SERVICESILENT<...>``), unless it is the local part of a prefixed name (``ex:SERVICE``).
    :func:`govkg.query.syntax.check_query` also looks for SERVICE in the parsed query.

    >>> uses_service("SELECT * { ?s ?p ?o } # SERVICE <http://x> {}")
    False
    >>> uses_service("SELECT * { # c" + chr(13) + "SERVICE <http://x> { ?s ?p ?o } }")
    True
    >>> uses_service("SELECT * { SERVICESILENT<http://x> { ?s ?p ?o } }")
    True
    """
    text = unescape_codepoints(text)
    return any(kind == "word" and value[:7].upper() == "SERVICE" and text[start - 1: start] != ":"
               for kind, value, start in tokens(text))


def is_update(text: str) -> bool:
    """Tell whether SPARQL text is an update (INSERT, DELETE, LOAD, CLEAR, ...) rather than a query."""
    return query_form(text) in UPDATE_KEYWORDS


def where_groups(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the WHERE groups: the query's, then each sub-SELECT's.

    start is just after the group's '{', end at its closing '}'. The query's own group comes first
    (an ASK or SELECT may omit the WHERE keyword); sub-SELECTs follow in text order.
    """
    groups = []
    depth = 0
    where_at: list[int] = []  # depths at which a WHERE keyword waits for its '{'
    open_at: list[tuple[int, int]] = []  # (depth, start) of the groups being read
    first_open = -1
    for kind, value, start in tokens(text):
        if kind == "open":
            if where_at and where_at[-1] == depth:
                where_at.pop()
                open_at.append((depth, start + 1))
            elif depth == 0 and first_open < 0:
                first_open = start + 1
                open_at.append((depth, start + 1))
            depth += 1
        elif kind == "close":
            depth -= 1
            if open_at and open_at[-1][0] == depth:
                groups.append((open_at.pop()[1], start))
        elif kind == "word" and value.upper() == "WHERE":
            where_at.append(depth)
    groups.sort()
    if not groups:
        return []
    top = [g for g in groups if g[0] == first_open] if first_open >= 0 else []
    if top and query_form(text) not in ("SELECT", "ASK"):
        groups.remove(top[0])  # CONSTRUCT {template} WHERE {...}: the template is no group to bind in
    return groups
