"""Publish a graph for data portals; ``govkg export``.

An export folder holds:

- ``graph.ttl`` (canonical Turtle), ``graph.nt`` (sorted N-Triples), ``graph.jsonld`` (JSON-LD
  with a compact ``@context``): the same graph in three syntaxes;
- ``cube.ttl``: the figures as a W3C RDF Data Cube (ontology/cube.ttl's structure, one
  ``qb:DataSet``, one ``qb:Observation`` per figure, named by the figure's IRI);
- ``figures.csv``: one row per figure, UTF-8 with a BOM so that Excel reads it;
- ``workitems.csv``: one row per work item (status, year, action, object, figures), likewise;
- ``catalog.ttl``: a DCAT-AP 3 catalog (one ``dcat:Dataset`` per report, one
  ``dcat:Distribution`` per file above, with size and SHA-256) and VoID statistics.

Download URLs are relative (``<graph.ttl>``, resolved against where catalog.ttl is read from)
unless ``--base-url`` is given. Every file is computed in memory before the first is written, and
each is written atomically.
"""
from __future__ import annotations

import re
from pathlib import Path

from govkg import defaults
from govkg.publish.catalog import catalog_graph, catalog_turtle, license_iri
from govkg.publish.common import FILES, ExportError, figures_of
from govkg.publish.cube import cube_graph
from govkg.publish.formats import to_jsonld, to_ntriples
from govkg.publish.split import split_by_report
from govkg.publish.tables import figures_csv, workitems_csv
from govkg.store import atomic_write, serialize_turtle


def check_base_url(base_url: str | None) -> str | None:
    """Return the base URL with a trailing slash, or raise ExportError if it is not http(s)."""
    if base_url is None:
        return None
    if not re.match(r"https?://[^\s/]+(/\S*)?$", base_url):
        raise ExportError(f"--base-url {base_url!r}: give an absolute http(s) URL, e.g. https://data.example.org/govkg/")
    return base_url if base_url.endswith("/") else base_url + "/"


def export(g, outdir: str | Path, *, base_url: str | None = None, license: str = defaults.LICENSE,
           publisher: str | None = None) -> dict:
    """Write the export files of graph ``g`` into ``outdir``; return a summary dict."""
    base_url = check_base_url(base_url)
    license_iri(license)
    split = split_by_report(g)
    files: dict[str, bytes] = {}
    files["graph.ttl"] = serialize_turtle(g)
    files["graph.nt"] = to_ntriples(g)
    files["graph.jsonld"] = to_jsonld(g)
    cube, left_out = cube_graph(g)
    files["cube.ttl"] = serialize_turtle(cube)
    files["figures.csv"] = figures_csv(g)
    files["workitems.csv"] = workitems_csv(g)
    catalog = catalog_graph(g, files, base_url=base_url, license=license, publisher=publisher, split=split)
    files["catalog.ttl"] = catalog_turtle(catalog, base_url)
    out = Path(outdir)
    for name in FILES:
        atomic_write(out / name, files[name])
    return {"outdir": str(out), "files": {n: len(files[n]) for n in FILES}, "triples": len(g),
            "reports": len([k for k in split if k is not None]), "figures": len(figures_of(g)),
            "observations": len(figures_of(g)) - len(left_out), "left_out": left_out}
