"""``govkg validate``, ``govkg export`` and ``govkg push``: check and publish a graph."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from govkg import defaults


def add(sub) -> None:
    """Register ``govkg validate``, ``govkg export`` and ``govkg push``."""
    v = sub.add_parser(
        "validate", help="check a graph against the govkg SHACL shapes",
        description="Validate a graph against the project's SHACL shapes (ontology/shapes.ttl, with "
                    "ontology/govkg.ttl for the class hierarchy) and print each problem as: severity, "
                    "node, property, message. When SOURCE is an export folder ('govkg export') holding "
                    "catalog.ttl, also check catalog.ttl against the official DCAT-AP 3.0 shapes. "
                    "Exit 0 if everything conforms, 1 if not, 2 if it cannot be read.")
    v.add_argument("source", metavar="SOURCE",
                   help="a graph file (.ttl, .nt, .jsonld, .trig, .nq), an output folder of "
                        "'govkg build', or an Oxigraph store folder")
    v.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the messages (default: %(default)s)")
    v.set_defaults(func=validate)

    e = sub.add_parser(
        "export", help="write portal-ready files: Turtle, N-Triples, JSON-LD, DCAT-AP catalog, data cube, CSV",
        description="Export a graph for data portals into OUTDIR: graph.ttl, graph.nt and graph.jsonld "
                    "(the same graph), cube.ttl (the figures as a W3C RDF Data Cube), figures.csv "
                    "(UTF-8 with BOM, for spreadsheets) and catalog.ttl (a DCAT-AP 3 catalog with one "
                    "dataset per report, one distribution per file with size and SHA-256, and VoID "
                    "statistics). Check the result with 'govkg validate OUTDIR'.")
    e.add_argument("source", metavar="SOURCE",
                   help="a graph file, an output folder of 'govkg build', or an Oxigraph store folder")
    e.add_argument("-o", "--output", default="export", metavar="OUTDIR", help="output folder (default: %(default)s)")
    e.add_argument("--division", metavar="NAME",
                   help="from a corpus store, only the reports of this division (its name, e.g. 西红门镇)")
    e.add_argument("--base-url", metavar="URL",
                   help="URL the folder will be published under; download URLs become absolute "
                        "(default: relative to catalog.ttl)")
    e.add_argument("--license", default=defaults.LICENSE, metavar="LICENSE",
                   help=f"licence of the data: an http(s) URL or one of {', '.join(defaults.LICENSES)} "
                        "(default: %(default)s)")
    e.add_argument("--publisher", metavar="NAME",
                   help="publisher of the catalog (default: the reports' issuing body when they share one)")
    e.set_defaults(func=export)

    p = sub.add_parser(
        "push", help="upload each report as a named graph to a SPARQL Graph Store (Oxigraph, Fuseki, QLever, Virtuoso)",
        description="Upload a graph to any SPARQL 1.1 Graph Store HTTP Protocol endpoint, one named graph "
                    "per report (<report IRI>/graph), by HTTP PUT: pushing again replaces each report's "
                    "graph, never duplicates it. Each graph is self-contained: it holds the report, its "
                    "sections, sentences, mentions and figures, and a copy of the entities it mentions. "
                    f"Credentials come from the environment only and are never printed: {defaults.ENV_TOKEN} "
                    f"(bearer token), or {defaults.ENV_USER} and {defaults.ENV_PASSWORD} (HTTP Basic; Digest "
                    "when the server asks for it). Endpoints: Oxigraph http://HOST:7878/store, Fuseki "
                    "http://HOST:3030/DATASET/data, QLever http://HOST:PORT/, Virtuoso "
                    "http://HOST:8890/sparql-graph-crud-auth.")
    p.add_argument("source", metavar="SOURCE",
                   help="a graph file, an output or export folder, or an Oxigraph store folder")
    p.add_argument("--endpoint", required=True, metavar="URL", help="the Graph Store endpoint URL")
    p.add_argument("--timeout", type=float, default=defaults.PUSH_TIMEOUT, metavar="SECONDS",
                   help="seconds to wait for the server on each graph (default: %(default)g)")
    p.add_argument("--dry-run", action="store_true", help="list the graphs and their sizes; send nothing")
    p.set_defaults(func=push)


def _first_line(e: BaseException) -> str:
    text = str(e)
    return f"{type(e).__name__}: {text.splitlines()[0]}" if text else type(e).__name__


def validate(args) -> int:
    """Validate a graph (and an export folder's catalog); print the report."""
    from govkg.errors import GovkgError  # noqa: PLC0415
    from govkg.publish import validate as v  # noqa: PLC0415
    from govkg.store import SourceError, load_graph, resolve_source  # noqa: PLC0415

    t0 = time.perf_counter()
    try:
        path = resolve_source(args.source)
        graph = load_graph(path)
    except SourceError as e:  # validate: 1 means "does not conform"; a SOURCE it cannot read is 2
        raise GovkgError(str(e), 2) from None
    try:
        conforms, _report, text = v.validate_graph(graph, lang=args.lang)
    except OSError as e:
        raise GovkgError(f"cannot read the shapes or ontology: {e.filename}: {e.strerror}") from None
    except Exception as e:  # noqa: BLE001  (pySHACL raises its own error types for bad shapes)
        raise GovkgError(f"validation failed to run: {_first_line(e)}") from None
    print(text)
    print(f"{path}: {len(graph)} triples, {'conforms' if conforms else 'does NOT conform'} "
          f"({time.perf_counter() - t0:.2f} s)", file=sys.stderr)
    catalog = path.parent / "catalog.ttl"
    if path.is_file() and path.name == "graph.ttl" and catalog.is_file() and Path(args.source).is_dir():
        conforms = _validate_catalog(catalog, args.lang) and conforms
    return 0 if conforms else 1


def _validate_catalog(catalog: Path, lang: str) -> bool:
    """Check an export folder's catalog.ttl against DCAT-AP 3.0; print the report; return whether it conforms."""
    from govkg.errors import GovkgError  # noqa: PLC0415
    from govkg.publish import validate as v  # noqa: PLC0415

    t0 = time.perf_counter()
    cat = v.read_catalog(catalog)
    try:
        conforms, _report, text = v.validate_catalog(cat, lang=lang)
    except Exception as e:  # noqa: BLE001
        raise GovkgError(f"catalog validation failed to run: {_first_line(e)}") from None
    print(f"{catalog} against DCAT-AP 3.0:")
    print(text)
    print(f"{catalog}: {len(cat)} triples, {'conforms' if conforms else 'does NOT conform'} to DCAT-AP 3.0 "
          f"({time.perf_counter() - t0:.2f} s)", file=sys.stderr)
    return conforms


def export(args) -> int:
    """Export portal files into OUTDIR."""
    from govkg.publish import export as ex  # noqa: PLC0415
    from govkg.store import load_graph  # noqa: PLC0415

    t0 = time.perf_counter()
    ex.check_base_url(args.base_url)
    ex.license_iri(args.license)
    g = load_graph(args.source, division=args.division)
    summary = ex.export(g, args.output, base_url=args.base_url, license=args.license, publisher=args.publisher)
    out = Path(summary["outdir"])
    print(f"exported {summary['triples']} triples from {summary['reports']} report(s) to {out}/")
    for name, size in summary["files"].items():
        print(f"  {name:<14} {size:>10,d} bytes")
    print(f"  cube: {summary['observations']} of {summary['figures']} figures as observations")
    for fig, why in summary["left_out"][:5]:
        print(f"    left out {fig}: {why}", file=sys.stderr)
    if len(summary["left_out"]) > 5:
        print(f"    ... and {len(summary['left_out']) - 5} more left out (all are in figures.csv)", file=sys.stderr)
    print(f"done in {time.perf_counter() - t0:.2f} s")
    return 0


def push(args) -> int:
    """Upload each report's graph to a Graph Store endpoint."""
    from govkg.errors import GovkgError  # noqa: PLC0415
    from govkg.publish import push as pu  # noqa: PLC0415
    from govkg.store import (
        SHARED_GRAPH,  # noqa: PLC0415
        load_graph,  # noqa: PLC0415
    )

    t0 = time.perf_counter()
    endpoint = pu.check_endpoint(args.endpoint)
    creds = pu.credentials()
    g = load_graph(args.source)
    graphs = pu.named_graphs(g)
    if not any(name != SHARED_GRAPH for name, _ in graphs):
        raise GovkgError(f"{args.source}: the graph holds no gov:Report, so there is no report graph to push", 1)
    if args.dry_run:
        for name, part in graphs:
            print(f"would PUT <{name}>: {len(part)} triples")
        print(f"{len(graphs)} graph(s), nothing sent (--dry-run)")
        return 0

    def progress(i, n, row):
        print(f"[{i + 1}/{n}] PUT <{row['graph']}>: {row['triples']} triples, {row['bytes']:,d} bytes "
              f"-> HTTP {row['status']} ({row['seconds']:.2f} s)")

    done = pu.push(g, endpoint, creds, timeout=args.timeout, progress=progress)
    total = sum(r["triples"] for r in done)
    print(f"pushed {len(done)} graph(s), {total} triples, to {pu.redact(endpoint)} in {time.perf_counter() - t0:.2f} s",
          file=sys.stderr)
    return 0
