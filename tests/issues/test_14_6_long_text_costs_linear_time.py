"""Issue 14.6: a 1 MB report with no punctuation (one huge sentence) took 398 s and 8.2 GB in the
page step, and a 50 MB report passed 10 GB. The steps that grew faster than the text are bounded
now, and a report over the size limit is refused in one line. Times and memory are measured by
bench/bench_robustness.py (a benchmark, not a timed test)."""
import os
import subprocess
import sys

import pytest
from govkg import pipeline
from govkg.explore import network

pytestmark = pytest.mark.slow  # builds the sample or runs a server


def test_a_sentence_naming_many_entities_links_each_to_a_bounded_number():
    names = [f"{a}{b}村" for a in "青白东西南北" for b in "山水田林湖" ]  # 30 villages in one long sentence
    text = "柳溪镇政府工作报告\n一、2020年工作回顾\n完成" + "、".join(names) + "的道路硬化\n"
    graph = pipeline.build_text(text)[1]
    G = network.entity_graph(graph)
    degrees = [sum(1 for *_e, k in G.edges(n, keys=True) if k == network.COMENTION) +
               sum(1 for *_e, k in G.in_edges(n, keys=True) if k == network.COMENTION) for n in G.nodes]
    villages = [n for n, d in G.nodes(data=True) if d["type"] == "Village"]
    assert len(villages) >= 25
    assert max(degrees) <= 2 * network.COMENTION_WINDOW  # not every pair of 30: the window bounds it


def test_a_report_over_the_limit_is_refused_in_one_line(tmp_path):
    report = tmp_path / "long.txt"
    report.write_text("青石镇政府工作报告\n" + "完成东湖路改造" * 40 + "\n", encoding="utf-8")
    env = {**os.environ, "GOVKG_MAX_CHARS": "100"}
    r = subprocess.run([sys.executable, "-m", "govkg", "build", str(report), "-o", str(tmp_path / "out")],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "limit is 100" in r.stderr and "--max-chars" in r.stderr
    assert not (tmp_path / "out").exists()
    r = subprocess.run([sys.executable, "-m", "govkg", "build", str(report), "-o", str(tmp_path / "out"),
                        "--max-chars", "10000", "--no-page"], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
