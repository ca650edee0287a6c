"""``govkg viz`` and ``govkg stats``: the entity network as a page and as figures."""
from __future__ import annotations

import sys

from govkg import defaults

DIVISION_HELP = ("only what the reports of this division mention (its name, e.g. 西红门镇); on a corpus store "
                 "only those reports are read")


def add(sub) -> None:
    """Register ``govkg viz`` and ``govkg stats``."""
    p = sub.add_parser(
        "viz", help="write an interactive network page (one offline HTML file)",
        description="Draw the entity network of SOURCE (a graph file, a build folder or an Oxigraph store) "
                    "as one self-contained HTML page that needs no network: nodes by type (legend with "
                    "filters), sized by mentions, relation and same-sentence (co-mention) edges, search by "
                    "name or alias, tooltips with the source sentence and the figures about each entity.")
    p.add_argument("source", metavar="SOURCE", help="graph file, output folder of 'govkg build', or store folder")
    p.add_argument("-o", "--output", default="graph.html", metavar="PAGE", help="page to write (default: %(default)s)")
    p.add_argument("--division", metavar="NAME", help=DIVISION_HELP)
    p.add_argument("--types", metavar="T1,T2", help="only these entity types, e.g. Village,Road")
    p.add_argument("--focus", metavar="NAME", help="only the entity with this name or alias and its neighbours")
    p.add_argument("--depth", type=int, default=1, metavar="N", help="neighbourhood depth for --focus (default: %(default)s)")
    p.add_argument("--max-nodes", type=int, default=defaults.MAX_NODES, metavar="N",
                   help="keep the N most central entities (betweenness; default: %(default)s; 0 = all)")
    p.add_argument("--co-mention", type=int, default=defaults.CO_MENTION, metavar="N",
                   help="at most N same-sentence edges per entity, strongest first (default: %(default)s; "
                        "0 = none, -1 = all)")
    p.add_argument("--min-shared", type=int, default=1, metavar="K",
                   help="same-sentence edges need at least K shared sentences (default: %(default)s)")
    p.add_argument("--title", metavar="TEXT", help="title shown on the page")
    p.set_defaults(func=viz)

    s = sub.add_parser(
        "stats", help="network statistics of the entities (degree, betweenness, components)",
        description="Read SOURCE (a graph file, a build folder or an Oxigraph store), make the entity "
                    "network (relations + co-mention in the same sentence) with networkx and print the "
                    "counts per type and relation, the connected components, and the top entities by "
                    "degree and by betweenness centrality. With --rebuild, count instead the corpus "
                    "statistics of a store again (those whole-store top_entities, section_coverage and "
                    "dataset_stats answer from): a store built by an older govkg has none until then, "
                    "or until its next 'govkg build --store' or 'govkg load', which fill them in.")
    s.add_argument("source", metavar="SOURCE", help="graph file, output folder of 'govkg build', or store folder")
    s.add_argument("--top", type=int, default=10, metavar="N", help="how many top entities to list (default: %(default)s)")
    s.add_argument("--division", metavar="NAME", help=DIVISION_HELP)
    s.add_argument("--types", metavar="T1,T2", help="only these entity types, e.g. Village,Road")
    s.add_argument("--min-shared", type=int, default=1, metavar="K",
                   help="co-mention edges need at least K shared sentences (default: %(default)s)")
    s.add_argument("--rebuild", action="store_true",
                   help="SOURCE is a corpus store: count its statistics again from every report graph, "
                        "print what was done and stop (no network statistics)")
    s.set_defaults(func=stats)


def viz(args) -> int:
    """Write the network page."""
    from govkg.explore.page import write_page  # noqa: PLC0415

    s = write_page(args.source, args.output, title=args.title or "", types=args.types, focus=args.focus,
                   depth=args.depth, max_nodes=args.max_nodes, co_mention=args.co_mention,
                   min_shared=args.min_shared, division=args.division)
    shown = f"{s['nodes']} of {s['total']} entities" if s["nodes"] < s["total"] else f"{s['nodes']} entities"
    print(f"wrote {s['path']}: {shown}, {s['edges']} edges, {s['bytes'] / 1e6:.2f} MB"
          + (f" ({s['note']})" if s["note"] else ""))
    return 0


def stats(args) -> int:
    """Print network statistics (or, with --rebuild, count a store's corpus statistics again)."""
    if args.rebuild:
        return rebuild_stats(args)
    from govkg.explore import network  # noqa: PLC0415

    G = network.entity_graph(args.source, min_shared=args.min_shared, division=args.division)
    if args.types:
        G = network.select(G, types=args.types)
    sys.stdout.write(network.format_stats(network.stats(G, top=args.top)) + "\n")
    return 0


def rebuild_stats(args) -> int:
    """Count the corpus statistics of a store again."""
    import time  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from govkg.errors import GovkgError  # noqa: PLC0415
    from govkg.store import is_store_dir  # noqa: PLC0415
    from govkg.store import stats as corpus_stats  # noqa: PLC0415
    from govkg.store.corpus import open_build_store  # noqa: PLC0415

    if args.division or args.types:
        raise GovkgError("--rebuild takes no --division or --types: it counts every report of the store")
    path = Path(args.source)
    if not path.exists():
        raise GovkgError(f"{path}: no such store folder", 1)
    if not is_store_dir(path):
        raise GovkgError(f"{path}: --rebuild needs an Oxigraph store folder (govkg build --store)")
    t0 = time.perf_counter()
    try:
        store = open_build_store(path)
        done = corpus_stats.rebuild(store)
        store.flush()
    except OSError as e:
        raise GovkgError(f"{path}: {' '.join(str(e).split())[:300]}") from None
    print(f"store {path}: statistics of {done.counted} report(s) counted in {time.perf_counter() - t0:.1f} s; "
          f"whole-store top_entities, section_coverage and dataset_stats answer from them")
    return 0
