"""The ``govkg`` command line, on top of everything: parses, calls the library, prints, exits.

Nothing in the library imports this package. Each sub-command's module here builds its parser
from :mod:`govkg.defaults` alone and imports the domain modules inside its handler, so
``govkg --help`` stays fast. Library errors (:class:`govkg.errors.GovkgError`) carry their exit
code; this module prints them as one line: 0 ok, 1 data invalid or not found, 2 usage, input or
runtime error.
"""
from __future__ import annotations

import argparse
import sys

from govkg import __version__
from govkg.cli import build, explore, publish, query

DESCRIPTION = """\
govkg turns Chinese government work reports (政府工作报告) into an RDF knowledge graph:
villages, communities, roads, land parcels, projects, facilities, organisations, policies,
people and events, every stated figure (value, unit, year, target or actual), each traced
to the sentence it came from.

Typical use:
  govkg build                      build the bundled sample report into ./out
  govkg build report.pdf -o out    build your own report (.txt, .html, .pdf, .docx, .doc)
  govkg query out roads_by_year    ask the graph a question from the library ('govkg queries')
"""

# Modules that contribute sub-commands, in the order --help lists them.
COMMANDS = (build, publish, query, explore)


def make_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="govkg", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'govkg COMMAND --help' for the options of one command. "
               "Exit codes: 0 ok, 1 data does not conform / not found, 2 usage or input error.")
    parser.add_argument("--version", action="version", version=f"govkg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.add(sub)
    return parser


def fail(message: str, code: int = 2) -> int:
    """Print a one-line error to stderr and return the exit code."""
    print(f"govkg: error: {' '.join(str(message).split())}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    from govkg.errors import GovkgError  # noqa: PLC0415  (a leaf; kept out of --help's path all the same)

    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except GovkgError as e:
        return fail(str(e), e.code)
    except OSError as e:
        where = e.filename or getattr(args, "output", None) or getattr(args, "source", None) or ""
        return fail(f"{where}: {e.strerror or e}" if where else str(e))
    except KeyboardInterrupt:
        print("govkg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
