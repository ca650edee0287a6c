"""Check a graph against the govkg SHACL shapes (ontology/shapes.ttl); ``govkg validate``.

The ontology (ontology/govkg.ttl) is mixed into a copy of the data graph, as pySHACL does with
``ont_graph``, so ``sh:class gov:Entity`` accepts a ``gov:Village`` (rdfs:subClassOf* is read
from the data graph). No RDFS/OWL inference is run: the shapes need only the subclass axioms,
and inference would multiply the graph and the time.
"""
from __future__ import annotations

import pyshacl
import rdflib
from govkg.errors import GovkgError
from govkg.rdf.namespace import DATA_BASE, GOV
from govkg.resources import ontology_file
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.plugins.sparql import prepareQuery

SH = "http://www.w3.org/ns/shacl#"
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


def load_shapes():
    """Return the SHACL shapes graph (ontology/shapes.ttl)."""
    return rdflib.Graph().parse(ontology_file("shapes.ttl"), format="turtle")


def load_ontology():
    """Return the govkg ontology graph (ontology/govkg.ttl)."""
    return rdflib.Graph().parse(ontology_file("govkg.ttl"), format="turtle")


def _caching_graph_class():
    """Return an rdflib Graph subclass that parses each SPARQL query text only once."""
    class QueryCachingGraph(Graph):
        """A Graph whose ``query`` reuses parsed queries."""
        # pySHACL sends the same SPARQL-based constraint text once per focus node; parsing it
        # each time costs ~15 ms, which dominated validation (17 s on the sample, 1.4 s with this).

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._prepared = {}

        def query(self, query_object, processor="sparql", result="sparql", initNs=None,  # noqa: N803
                  initBindings=None, use_store_provided=True, **kwargs):  # noqa: N803
            if isinstance(query_object, str) and processor == "sparql" and not kwargs:
                key = (query_object, tuple(sorted((initNs or {}).items())))
                if key not in self._prepared:
                    self._prepared[key] = prepareQuery(query_object, initNs=initNs)
                query_object = self._prepared[key]
            return super().query(query_object, processor, result, initNs, initBindings,
                                 use_store_provided, **kwargs)

    return QueryCachingGraph


def validate_graph(data_graph, lang: str = "en"):
    """Validate a graph against the govkg shapes; return (conforms, report_graph, report_text)."""
    # Warnings (sh:Warning) are reported but do not make the graph non-conforming.

    # Mix the ontology into a copy of the data ourselves (what pySHACL does with ont_graph), so
    # that pySHACL validates our query-caching graph in place; the caller's graph is untouched.
    work = _caching_graph_class()()
    for triple in data_graph.triples((None, None, None)):
        work.add(triple)
    for triple in load_ontology():
        work.add(triple)
    conforms, report_graph, _text = pyshacl.validate(
        work, shacl_graph=load_shapes(), ont_graph=None, inference="none", inplace=True,
        allow_warnings=True, abort_on_first=False, meta_shacl=False, advanced=False)
    return bool(conforms), report_graph, format_report(report_graph, data_graph, lang=lang)


def read_catalog(path):
    """Read an export folder's catalog.ttl (relative file URLs resolve against it); raise GovkgError if unreadable."""
    try:
        return rdflib.Graph().parse(path, format="turtle")
    except OSError as e:
        raise GovkgError(f"{path}: {e.strerror}") from None
    except Exception as e:  # noqa: BLE001  (rdflib raises many parser-specific types)
        raise GovkgError(f"{path}: not valid Turtle ({str(e).splitlines()[0] if str(e) else type(e).__name__})") from None


def load_dcat_ap_shapes():
    """Return the official DCAT-AP 3.0 SHACL shapes (ontology/vendor/dcat-ap/)."""
    return rdflib.Graph().parse(ontology_file("vendor/dcat-ap/dcat-ap-SHACL.ttl"), format="turtle")


def validate_catalog(catalog_graph, lang: str = "en"):
    """Validate a DCAT catalog against the DCAT-AP 3.0 shapes; return (conforms, report_graph, report_text)."""
    # RDFS inference, as the shapes' publisher prescribes: some shapes require values of class
    # rdfs:Resource, which only inference supplies. pySHACL infers on a copy of the catalog.

    conforms, report_graph, _text = pyshacl.validate(
        catalog_graph, shacl_graph=load_dcat_ap_shapes(), inference="rdfs", inplace=False,
        allow_warnings=True, abort_on_first=False, meta_shacl=False, advanced=False)
    return bool(conforms), report_graph, format_report(report_graph, catalog_graph, lang=lang)


def _prefixes() -> list[tuple[str, str]]:
    """Return (prefix, namespace) pairs for display, longest namespace first."""
    pairs = [("gov", str(GOV._NS)), ("id", DATA_BASE), ("govsh", "https://w3id.org/govkg/shapes#"),
             ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"), ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
             ("xsd", "http://www.w3.org/2001/XMLSchema#"), ("skos", "http://www.w3.org/2004/02/skos/core#"),
             ("dct", "http://purl.org/dc/terms/"), ("prov", "http://www.w3.org/ns/prov#"), ("sh", SH),
             ("dcat", "http://www.w3.org/ns/dcat#"), ("foaf", "http://xmlns.com/foaf/0.1/"),
             ("spdx", "http://spdx.org/rdf/terms#")]
    return sorted(pairs, key=lambda p: -len(p[1]))


def _short(term, prefixes) -> str:
    """Return a compact, readable form of an RDF term: ``id:village/…``, ``"text"@zh``."""
    if isinstance(term, URIRef):
        for prefix, ns in prefixes:
            if term.startswith(ns) and len(term) > len(ns):
                return f"{prefix}:{term[len(ns):]}"
        return f"<{term}>"
    if isinstance(term, Literal):
        text = str(term)
        text = text if len(text) <= 40 else text[:39] + "…"
        suffix = f"@{term.language}" if term.language else (
            f"^^{_short(term.datatype, prefixes)}" if term.datatype else "")
        return f'"{text}"{suffix}'
    if isinstance(term, BNode):
        return "[]"
    return str(term)


def _pick_message(messages, lang: str) -> str:
    """Return the message in ``lang`` if there is one, else the first (sorted) message."""
    if not messages:
        return ""
    for m in sorted(messages):
        if getattr(m, "language", None) == lang:
            return str(m)
    return str(sorted(messages, key=lambda m: (getattr(m, "language", None) is not None, str(m)))[0])


def format_report(report_graph, data_graph=None, lang: str = "en") -> str:
    """Render a SHACL validation report as readable lines: severity, focus node, path, message."""
    sh = Namespace(SH)
    names = _prefixes()
    rows = []
    for result in report_graph.subjects(RDF.type, sh.ValidationResult):
        severity = report_graph.value(result, sh.resultSeverity)
        severity = str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation"
        focus = report_graph.value(result, sh.focusNode)
        path = report_graph.value(result, sh.resultPath)
        value = report_graph.value(result, sh.value)
        message = _pick_message(list(report_graph.objects(result, sh.resultMessage)), lang)
        component = report_graph.value(result, sh.sourceConstraintComponent)
        if not message and component is not None:
            message = f"fails {_short(component, names)}"
        focus_text = _short(focus, names)
        if data_graph is not None and isinstance(focus, URIRef):
            labels = sorted(data_graph.objects(focus, RDFS.label), key=lambda x: (x.language != "zh", str(x)))
            if labels:
                focus_text += f" ({labels[0]})"
        parts = [f"{severity}: {focus_text}"]
        if path is not None:
            parts.append(_short(path, names))
        line = " ".join(parts) + f": {message}"
        if value is not None and value != focus:
            line += f" [value: {_short(value, names)}]"
        rows.append((_SEVERITY_ORDER.get(severity, 9), focus_text, str(path or ""), line))
    if not rows:
        return "Conforms: no violations."
    rows = sorted(set(rows))
    counts = {}
    for order, *_ in rows:
        counts[order] = counts.get(order, 0) + 1
    head = ", ".join(f"{n} {name.lower()}{'s' if n != 1 else ''}"
                     for name, order in _SEVERITY_ORDER.items() if (n := counts.get(order)))
    return "\n".join([head + ":"] + [r[-1] for r in rows])
