"""Errors of the query layer; each carries the command line's exit code (``code``)."""
from __future__ import annotations

from govkg.errors import GovkgError
from govkg.query.display import wide


class QueryError(GovkgError):
    """A query that cannot be run: unknown name, bad parameter, worker failure."""


class QuerySyntaxError(QueryError):
    """A query that does not parse; knows the line and column (1-based) of the error."""

    def __init__(self, message: str, line: int = 0, column: int = 0, text: str = ""):
        super().__init__(message)
        self.message, self.line, self.column, self.text = message, line, column, text

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}: " if self.line else ""
        return f"SPARQL syntax error at {where}{self.message}"

    def excerpt(self) -> str:
        """Return the offending line of the query with a caret under the column."""
        lines = self.text.splitlines()
        if not (1 <= self.line <= len(lines)):
            return ""
        src = lines[self.line - 1]
        col = min(max(self.column, 1), len(src) + 1)
        pad = "".join("\t" if c == "\t" else ("  " if wide(c) else " ") for c in src[: col - 1])
        return f"  {self.line:>3} | {src}\n      | {pad}^"


class UpdateRefused(QueryError):
    """A SPARQL Update (INSERT, DELETE, LOAD, ...) sent where only queries are allowed."""


class ServiceRefused(QueryError):
    """A federated query (SERVICE): govkg answers from its own graph only and calls no other endpoint."""

    def __init__(self, message: str = "SERVICE (federated query) is disabled: govkg answers from its own graph only"):
        super().__init__(message)


class QueryTimeout(QueryError):
    """A query stopped because it ran past its time limit."""

    def __init__(self, seconds: float):
        super().__init__(f"query stopped after {seconds:g} s (time limit); "
                         "narrow it down (a parameter, LIMIT) or raise the limit")
        self.seconds = seconds
