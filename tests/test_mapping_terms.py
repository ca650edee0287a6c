"""The corpus build maps reports with N-Triples terms, the single-report build with rdflib terms:
both must state the same triples, character for character."""
from __future__ import annotations

import pytest

from govkg import ingest
from govkg.rdf import mapping
from govkg.store.corpus import TripleSink
from govkg.extract import extract
from govkg.resolve import resolve
from govkg.store import join_ntriples, ntriples
from support import DATA

REPORTS = sorted((DATA / "reports").glob("*.txt")) + sorted((DATA / "corpus").glob("*.txt"))

# quotes, a backslash, figures written "007" and "12." and a change: lexical forms that differ
# from the text as written, and characters N-Triples escapes
TRICKY = ("某镇2021年政府工作报告\n\n一、2020年工作回顾\n\n"
          "全镇财政收入完成007亿元,同比增长4.8%。新建“幸福\\路”12.个,“阳光”小区改造3处。\n")


def _both(report):
    res = resolve(report, extract(report))
    sink = TripleSink()
    mapping.map_report(res, sink, terms=mapping.ntriples_terms())
    return ntriples(mapping.map_report(res)), join_ntriples(sink)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_ntriples_terms_state_what_rdflib_terms_state(path):
    from_rdflib, from_strings = _both(ingest.read(path))
    assert from_rdflib[1] > 100
    assert from_strings == from_rdflib


def test_ntriples_terms_write_rdflib_lexical_forms_and_escapes():
    from_rdflib, from_strings = _both(ingest.parse(TRICKY))
    assert from_strings == from_rdflib
    text = from_strings[0].decode("utf-8")
    assert '"7"^^<http://www.w3.org/2001/XMLSchema#decimal>' in text  # rdflib's form of 007
    assert '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>' in text or \
        '"false"^^<http://www.w3.org/2001/XMLSchema#boolean>' in text
    assert '\\\\' in text  # the backslash in the sentence text, escaped


def test_ntriples_terms_refuse_an_iri_with_a_space():
    with pytest.raises(ValueError, match="not a valid IRI"):
        mapping.NTriplesTerms().iri("https://w3id.org/govkg/id/a b")
