"""The ``govkg`` command line: one sub-command per pipeline stage that a user runs.

Each sub-command lives in the module that does the work; that module exposes
``add_cli(subparsers)`` and imports its heavy dependencies inside functions, so
``govkg --help`` stays fast.
"""
from __future__ import annotations

import argparse
import importlib
import sys

# Modules that contribute sub-commands, in the order --help lists them.
COMMAND_MODULES = (
    "graph.pipeline",   # build
    "graph.validate",   # validate
    "graph.export",     # export
    "graph.push",       # push
    "graph.query",      # query, queries
    "graph.serve",      # serve
    "graph.viz",        # viz
    "graph.analysis",   # stats
)

DESCRIPTION = """\
govkg turns Chinese government work reports (政府工作报告) into an RDF knowledge graph:
villages, communities, roads, land parcels, projects, facilities, organisations, policies,
people and events, every stated figure (value, unit, year, target or actual), each traced
to the sentence it came from.

Typical use:
  govkg build                      build the bundled sample report into ./out
  govkg build report.txt -o out    build your own report (.txt or .html)
"""


def make_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every sub-command."""
    from graph import __version__  # noqa: PLC0415

    parser = argparse.ArgumentParser(
        prog="govkg", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'govkg COMMAND --help' for the options of one command. "
               "Exit codes: 0 ok, 1 data does not conform / not found, 2 usage or input error.")
    parser.add_argument("--version", action="version", version=f"govkg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_cli(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("govkg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def fail(message: str, code: int = 2) -> int:
    """Print a one-line error to stderr and return the exit code."""
    print(f"govkg: error: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
