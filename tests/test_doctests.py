"""Run the doctests of every module of the package (the examples in docstrings stay true)."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import govkg

MODULES = sorted(m.name for m in pkgutil.walk_packages(govkg.__path__, "govkg.")
                 if not m.name.endswith("__main__"))


def test_every_module_is_found():
    assert {"govkg.cli", "govkg.query.params", "govkg.extract.rules", "govkg.kinds"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} doctest(s) of {name} failed (see the output above)"
