"""The example sentences of every kind's rule data (graph/extract/kinds/<module>.json), as tests.

Each example is invented text in a report's style (never a real report's): ``yes`` names must be
found as the kind's type, ``no`` names must not be. An example with a ``title`` is parsed under
that report title, so its divisions give the gazetteer scope. An example marked ``xfail`` is a
known miss, kept so that a fix shows (strict: it fails once it passes).
"""
from __future__ import annotations

import json
from importlib import resources

import pytest

from govkg.extract import extract
from govkg.ingest import parse
from govkg.kinds import KINDS

TYPE = {k.module: k.name for k in KINDS}


def _examples():
    folder = resources.files("govkg.extract").joinpath("kinds")
    for f in sorted(folder.iterdir(), key=lambda p: p.name):
        if not f.name.endswith(".json"):
            continue
        module = f.name[:-5]
        for i, ex in enumerate(json.loads(f.read_text(encoding="utf-8")).get("examples", [])):
            marks = [pytest.mark.xfail(reason=ex["xfail"], strict=True)] if "xfail" in ex else []
            yield pytest.param(module, ex, id=f"{module}-{i}", marks=marks)


def test_every_kind_has_a_data_file():
    folder = resources.files("govkg.extract").joinpath("kinds")
    assert {k.module for k in KINDS} <= {p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")}


@pytest.mark.parametrize("module, example", list(_examples()))
def test_kind_example(module, example):
    head = (example["title"] + "\n\n") if "title" in example else ""
    report = parse(head + "一、2023年工作回顾\n" + example["text"] + "\n")
    found = {m.name for m in extract(report).mentions if m.type == TYPE[module]}
    assert set(example["yes"]) <= found, f"missed {set(example['yes']) - found} in {example['text']}"
    assert not set(example["no"]) & found, f"wrongly found {set(example['no']) & found} in {example['text']}"
