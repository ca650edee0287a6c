"""The built wheel, installed into a fresh virtual environment, works from an empty folder.

A plain (non-editable) install must find every data file inside the package; this builds the
wheel, installs it as a user would, and runs the main commands from an empty temporary folder.
"""
from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds a wheel and a virtual environment: deselect with -m "not slow"

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """Build the wheel and install it into a new virtual environment; return (wheel, venv bin folder)."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work / "dist"), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next((work / "dist").glob("govkg-*.whl"))
    venv.EnvBuilder(with_pip=True).create(work / "venv")
    bin_ = work / "venv" / "bin"
    r = subprocess.run([str(bin_ / "python"), "-m", "pip", "install", "--quiet", str(wheel)], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    return wheel, bin_


def test_the_wheel_holds_the_package_and_its_data_and_no_graph_package(installed):
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    assert not any(n.startswith("graph/") for n in names)
    for data in ("govkg/ontology/govkg.ttl", "govkg/ontology/shapes.ttl", "govkg/ontology/cube.ttl",
                 "govkg/ontology/indicators.ttl", "govkg/ontology/vendor/dcat-ap/dcat-ap-SHACL.ttl",
                 "govkg/ontology/vendor/dcat-ap/SOURCE.md", "govkg/queries/roads_by_year.rq",
                 "govkg/samples/xihongmen-2021.txt", "govkg/explore/static/viz/page.js",
                 "govkg/query/static/index.html", "govkg/data/gazetteer/upper.tsv.gz",
                 "govkg/data/gazetteer/SOURCE.md"):
        assert data in names, data


def test_the_installed_command_works_from_an_empty_folder(installed, tmp_path):
    _, bin_ = installed
    govkg = str(bin_ / "govkg")

    def run(*args):
        r = subprocess.run([govkg, *args], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, (args, r.stderr[-2000:])
        return r.stdout

    assert "build" in run("--help")
    run("build", "-o", "out")
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 100_000 and (tmp_path / "out" / "graph.html").exists()
    listing = run("queries")
    assert len(listing.splitlines()) >= 12 and "roads_by_year" in listing
    roads = run("query", "out", "roads_by_year")
    assert roads.startswith("year,kind,name,road") and "团河路" in roads
    run("validate", "out")
    run("export", "out", "-o", "exp")
    assert {p.name for p in (tmp_path / "exp").iterdir()} >= {"catalog.ttl", "cube.ttl", "figures.csv", "graph.ttl"}
    run("validate", "exp")
    run("viz", "out", "-o", "page.html")
    assert "vis-network" in (tmp_path / "page.html").read_text(encoding="utf-8")
    assert "connected components" in run("stats", "out")
    r = subprocess.run([str(bin_ / "python"), "-c", "import govkg, govkg.ontology; print(govkg.__file__)"],
                       cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0 and "site-packages" in r.stdout
