"""govkg validate on an export folder: project shapes on the graph, DCAT-AP 3.0 on catalog.ttl."""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace
from rdflib.namespace import DCTERMS

from govkg import cli
from govkg.publish.common import DISTRIBUTED
from govkg.publish.export import export
from govkg.resources import ontology_file
from govkg.store import load_graph
from govkg.errors import GovkgError
from govkg.publish.validate import read_catalog, validate_catalog
from support import sample_output

pytestmark = pytest.mark.slow  # builds and validates through the command line: deselect with -m "not slow"

DCAT = Namespace("http://www.w3.org/ns/dcat#")


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("validate-export")
    export(load_graph(sample_output()), out)
    return out


@pytest.fixture()
def broken_copy(tmp_path, export_dir):
    """Copy the export; return a function that rewrites its catalog.ttl."""
    folder = tmp_path / "export"
    shutil.copytree(export_dir, folder)

    def rewrite(change):
        cat = Graph().parse(folder / "catalog.ttl")
        change(cat)
        (folder / "catalog.ttl").write_bytes(cat.serialize(format="turtle", encoding="utf-8"))
        return folder

    return rewrite


def test_vendored_shapes_are_the_official_file_unchanged():
    source = (ontology_file("vendor/dcat-ap/dcat-ap-SHACL.ttl").parent / "SOURCE.md").read_text(encoding="utf-8")
    digest = re.search(r"sha256 ([0-9a-f]{64})", source).group(1)
    assert hashlib.sha256(ontology_file("vendor/dcat-ap/dcat-ap-SHACL.ttl").read_bytes()).hexdigest() == digest
    assert "CC-BY 4.0" in source
    assert ontology_file("vendor/dcat-ap/dcat-ap-SHACL.ttl").is_relative_to(ontology_file(""))  # read from the repository, never from ../shared


def test_export_folder_conforms(export_dir, capsys):
    assert cli.main(["validate", str(export_dir)]) == 0
    captured = capsys.readouterr()
    assert "DCAT-AP 3.0" in captured.out
    assert re.search(r"catalog\.ttl: \d+ triples, conforms to DCAT-AP 3\.0", captured.err)


def test_a_catalog_violation_fails_the_folder(broken_copy, capsys):
    def drop_catalog_description(cat):
        catalog = next(cat.subjects(RDF.type, DCAT.Catalog))
        cat.remove((catalog, DCTERMS.description, None))

    folder = broken_copy(drop_catalog_description)
    assert cli.main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    catalog_part = out.split("against DCAT-AP 3.0:", 1)[1]
    assert re.search(r"Violation: .*catalog/[0-9a-f]+ dct:description", catalog_part), catalog_part


def test_a_missing_distribution_url_is_reported(broken_copy, capsys):
    folder = broken_copy(lambda cat: cat.remove((None, DCAT.accessURL, None)))
    conforms, _report, text = validate_catalog(read_catalog(folder / "catalog.ttl"))
    assert not conforms
    lines = [line for line in text.splitlines() if line.startswith("Violation:") and "accessURL" in line]
    assert len(lines) == len(DISTRIBUTED)  # one per distribution


def test_unreadable_catalog_is_an_error(tmp_path, capsys):
    bad = tmp_path / "catalog.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(GovkgError, match="catalog.ttl: not valid Turtle") as caught:
        read_catalog(bad)
    assert caught.value.code == 2 and "\n" not in str(caught.value)


def test_a_graph_file_is_checked_without_the_catalog(export_dir, capsys):
    assert cli.main(["validate", str(export_dir / "graph.ttl")]) == 0
    assert "DCAT-AP" not in capsys.readouterr().out


def test_a_build_folder_without_catalog_is_checked_as_before(capsys):
    assert cli.main(["validate", str(sample_output())]) == 0
    assert "DCAT-AP" not in capsys.readouterr().out
