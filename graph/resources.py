"""Find govkg's packaged data with ``importlib.resources``: the one module that knows where data lives.

Everything ships inside the package (a wheel holds it all): the ontology, shapes and vendored
DCAT-AP shapes (``govkg.ontology``, from the top-level ``ontology/`` folder), the query library
(``govkg.queries``, from ``queries/``), the sample report (``govkg.samples``, from ``samples/``)
and the page assets beside the modules that use them.

>>> sample_report().name
'xihongmen-2021.txt'
>>> "gov:Village" in ontology_file("govkg.ttl").read_text(encoding="utf-8")
True
"""
from __future__ import annotations

import atexit
import contextlib
from importlib.resources import as_file, files
from pathlib import Path

from govkg.errors import GovkgError

ONTOLOGY = "govkg.ttl"
SHAPES = "shapes.ttl"
CUBE_DSD = "cube.ttl"
INDICATORS = "indicators.ttl"
DCAT_AP_SHAPES = "vendor/dcat-ap/dcat-ap-SHACL.ttl"
SAMPLE = "xihongmen-2021.txt"

_EXIT = contextlib.ExitStack()
atexit.register(_EXIT.close)


class MissingData(GovkgError, FileNotFoundError):
    """A data file that the installed package should hold is not there (a broken install)."""


def resource_path(package: str, name: str) -> Path:
    """Return a file system path of a packaged file (extracted to a temporary file if zipped)."""
    ref = files(package)
    for part in filter(None, name.split("/")):
        ref = ref.joinpath(part)
    if not ref.is_file() and not ref.is_dir():
        raise MissingData(f"govkg's data file {package}/{name} is missing: reinstall govkg")
    if isinstance(ref, Path):
        return ref
    return _EXIT.enter_context(as_file(ref))  # pragma: no cover  (zip imports only)


def ontology_file(name: str = ONTOLOGY) -> Path:
    """Return the path of a file of the ontology package (govkg.ttl, shapes.ttl, cube.ttl, vendor/...)."""
    return resource_path("govkg.ontology", name)


def queries_dir() -> Path:
    """Return the folder of the query library (``*.rq``)."""
    return resource_path("govkg.queries", "")


def sample_report() -> Path:
    """Return the path of the bundled sample report."""
    return resource_path("govkg.samples", SAMPLE)


def static_file(package: str, name: str) -> str:
    """Return the text of a static asset (page CSS, JS, HTML) shipped beside a module of ``package``."""
    return resource_path(package, f"static/{name}").read_text(encoding="utf-8")
