"""The error every govkg failure raises: a one-line message and the exit code the command line uses.

Library code raises these; only :mod:`govkg.cli` prints them and turns ``code`` into the exit
status (0 ok, 1 data invalid or not found, 2 usage, input or runtime error).

>>> str(GovkgError("no such file"))
'no such file'
>>> GovkgError("x").code, GovkgError("x", code=1).code
(2, 1)
"""
from __future__ import annotations


class GovkgError(Exception):
    """A failure to report in one line; ``code`` is the exit code of the command line."""

    code = 2

    def __init__(self, message: str = "", code: int | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code
