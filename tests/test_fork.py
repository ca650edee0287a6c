"""govkg.fork: a call in a forked child, its answer or its error sent back."""
from __future__ import annotations

import threading

import pytest
from govkg.errors import GovkgError
from govkg.fork import run_forked


class _Refused(GovkgError):
    """An error of the kind the query layer raises after an HTTP error."""


def _fail_while_handling_an_unpicklable_error():
    try:
        raise OSError("the server said no", threading.Lock())  # a lock cannot be pickled
    except OSError:
        raise _Refused("answered HTTP 400: syntax error", 2) from None


def test_an_answer_and_an_error_come_back():
    assert run_forked(lambda: {"rows": [1, 2]}) == {"rows": [1, 2]}
    with pytest.raises(_Refused, match="HTTP 400"):
        run_forked(_fail_while_handling_an_unpicklable_error)


def test_an_error_comes_back_when_exceptions_pickle_their_causes():
    # tblib (which Dask installs for the exceptions it meets) pickles an exception's traceback and
    # the exceptions chained to it; the open HTTP response of an HTTPError made the child's answer
    # unpicklable, and the one-line error became "cannot send the answer"
    pickling = pytest.importorskip("tblib.pickling_support")
    pickling.install(_Refused)
    with pytest.raises(_Refused, match="HTTP 400") as info:
        run_forked(_fail_while_handling_an_unpicklable_error)
    assert info.value.code == 2
