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
                    "degree and by betweenness centrality.")
    s.add_argument("source", metavar="SOURCE", help="graph file, output folder of 'govkg build', or store folder")
    s.add_argument("--top", type=int, default=10, metavar="N", help="how many top entities to list (default: %(default)s)")
    s.add_argument("--division", metavar="NAME", help=DIVISION_HELP)
    s.add_argument("--types", metavar="T1,T2", help="only these entity types, e.g. Village,Road")
    s.add_argument("--min-shared", type=int, default=1, metavar="K",
                   help="co-mention edges need at least K shared sentences (default: %(default)s)")
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
    """Print network statistics."""
    from govkg.explore import network  # noqa: PLC0415

    G = network.entity_graph(args.source, min_shared=args.min_shared, division=args.division)
    if args.types:
        G = network.select(G, types=args.types)
    sys.stdout.write(network.format_stats(network.stats(G, top=args.top)) + "\n")
    return 0
