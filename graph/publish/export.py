"""Publish a graph for data portals; ``govkg export``.

An export folder holds:

- ``graph.ttl`` (canonical Turtle), ``graph.nt`` (sorted N-Triples), ``graph.jsonld`` (JSON-LD
  with a compact ``@context``): the same graph in three syntaxes;
- ``cube.ttl``: the figures as a W3C RDF Data Cube (ontology/cube.ttl's structure, one
  ``qb:DataSet``, one ``qb:Observation`` per figure, named by the figure's IRI);
- ``figures.csv``: one row per figure, UTF-8 with a BOM so that Excel reads it;
- ``figures.svg``: targets beside actuals of the same indicator, a chart (matplotlib, deterministic SVG);
- ``.htaccess``: the redirect rules to give w3id.org (its repository holds one ``.htaccess`` per
  namespace): ``https://w3id.org/govkg/id/X`` goes (303) to the server that answers ``/id/X``
  (``govkg serve --base https://w3id.org/govkg/``), to ``X.ttl``, ``X.nt`` or ``X.jsonld`` by the
  Accept header. It is configuration, not data: the
  catalog does not list it as a distribution;
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
from govkg.publish.chart import figures_svg
from govkg.publish.tables import figures_csv, workitems_csv
from govkg.store import atomic_write, serialize_turtle


def check_base_url(base_url: str | None) -> str | None:
    """Return the base URL with a trailing slash, or raise ExportError if it is not http(s)."""
    if base_url is None:
        return None
    if not re.match(r"https?://[^\s/]+(/\S*)?$", base_url):
        raise ExportError(f"--base-url {base_url!r}: give an absolute http(s) URL, e.g. https://data.example.org/govkg/")
    return base_url if base_url.endswith("/") else base_url + "/"


HTACCESS_TARGET = "https://govkg.example.org/"  # where the rules point when no --base-url is given


def w3id_htaccess(target: str | None = None) -> bytes:
    """Return the .htaccess for w3id.org/govkg: content negotiation to the server at ``target``.

    >>> b"RewriteRule ^id/(.+)$ https://data.example.org/id/$1.ttl [R=303,L]" in w3id_htaccess("https://data.example.org/")
    True
    """
    t = check_base_url(target) or HTACCESS_TARGET
    rules = [
        "# w3id.org/govkg: permanent identifiers of govkg (https://w3id.org/govkg/id/...).",
        f"# The server at {t} answers /id/X (govkg serve --base https://w3id.org/govkg/)"
        + ("" if target else " -- replace this placeholder (govkg export --base-url)") + ".",
        "# RDF by the Accept header goes to the document of that format; anything else (a browser) to the page.",
        "Options +FollowSymLinks", "RewriteEngine on", "",
        "RewriteCond %{HTTP_ACCEPT} text/turtle [OR]", "RewriteCond %{HTTP_ACCEPT} application/x-turtle",
        f"RewriteRule ^id/(.+)$ {t}id/$1.ttl [R=303,L]", "",
        "RewriteCond %{HTTP_ACCEPT} application/n-triples",
        f"RewriteRule ^id/(.+)$ {t}id/$1.nt [R=303,L]", "",
        "RewriteCond %{HTTP_ACCEPT} application/ld\\+json",
        f"RewriteRule ^id/(.+)$ {t}id/$1.jsonld [R=303,L]", "",
        f"RewriteRule ^id/(.+)$ {t}id/$1 [R=303,L]", "",
        f"RewriteRule ^$ {t} [R=302,L]", ""]
    return "\n".join(rules).encode("utf-8")


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
    files["figures.svg"] = figures_svg(g)
    files["workitems.csv"] = workitems_csv(g)
    catalog = catalog_graph(g, files, base_url=base_url, license=license, publisher=publisher, split=split)
    files["catalog.ttl"] = catalog_turtle(catalog, base_url)
    out = Path(outdir)
    for name in FILES:
        atomic_write(out / name, files[name])
    atomic_write(out / ".htaccess", w3id_htaccess(base_url))  # configuration for w3id.org, not a distribution
    return {"outdir": str(out), "files": {n: len(files[n]) for n in FILES}, "triples": len(g),
            "reports": len([k for k in split if k is not None]), "figures": len(figures_of(g)),
            "observations": len(figures_of(g)) - len(left_out), "left_out": left_out}
