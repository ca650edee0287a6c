"""Promises kept: a made-up town's plan for 2021 (qingxi-2021.txt) against its review of 2021
(qingxi-2022.txt), built into a corpus store with ``govkg build DIR --store PATH``.

The two reports are invented (青溪镇 of a made-up city); the 2021 plan promises five items, and
the 2022 review says three were completed, one is under way, and does not mention the fifth.
"""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from support import DATA

from govkg import query as gq

pytestmark = pytest.mark.slow  # a corpus build

PAIR = [DATA / "corpus" / f"qingxi-{y}.txt" for y in (2021, 2022)]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    src = tmp_path_factory.mktemp("qingxi")
    for p in PAIR:
        shutil.copy(p, src / p.name)
    path = tmp_path_factory.mktemp("store") / "store"
    r = subprocess.run([sys.executable, "-m", "govkg.cli", "build", str(src), "--store", str(path)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return gq.Source(path)


def test_each_planned_item_gets_its_outcome_in_the_next_report(store):
    rows = gq.run_query(store, "promises_kept", {"division": "青溪镇"}).records()
    got = {(x["planObject"], x["outcome"]) for x in rows}
    assert got == {
        ("桂花路大修", "completed"),        # 桂花路大修全面完成 (the same road)
        ("青溪中学新校区项目", "completed"),  # 建成投用
        ("枫林河综合治理工程", "ongoing"),    # 正在推进
        ("南湾村文化广场", "completed"),      # 建成开放
        ("溪口公园", "not mentioned"),
    }
    assert {x["planYear"] for x in rows} == {"2021"}
    assert all(x["laterReport"] != x["planReport"] for x in rows)


def test_another_division_has_no_promises(store):
    assert gq.run_query(store, "promises_kept", {"division": "柳河镇"}).records() == []


def test_entity_history_spans_both_reports(store):
    rows = gq.run_query(store, "entity_history", {"name": "桂花路"}).records()
    assert [(x["itemYear"], x["status"]) for x in rows] == [("2021", "planned"), ("2021", "completed")]
    assert [x["reportYear"] for x in rows] == ["2021", "2022"]
