"""Issue 14.4: a sentence containing `src=//host/…` crashed the build: the page's offline check
scanned the data (source sentences), not just the page's markup."""
import pytest
from govkg import pipeline
from govkg.explore.page import render_page

pytestmark = pytest.mark.slow  # builds the sample or runs a server


def test_a_sentence_that_looks_like_markup_builds_and_stays_data(tmp_path):
    text = ("青石镇政府工作报告\n一、2020年工作回顾\n"
            "完成东湖路改造,网页写作<img src=//evil.example/x.js>与href=\"https://evil.example\"的柳溪村宣传。\n")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    graph, _ = pipeline.build_graph([tmp_path / "r.txt"])
    page, info = render_page(graph)
    html = page.decode("utf-8")
    assert info["nodes"] >= 1
    assert "<img src=//evil.example" not in html  # the sentence is encoded inside the data, not markup
    assert "evil.example" in html  # ... and still there, as text of a tooltip
