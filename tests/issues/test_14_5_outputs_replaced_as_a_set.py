"""Issue 14.5: when graph.html could not be written, graph.ttl had already been replaced."""
import pytest
from govkg import pipeline
from govkg.resources import sample_report

pytestmark = pytest.mark.slow  # builds the sample or runs a server


def test_a_failed_page_leaves_the_previous_graph(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# the previous build\n", encoding="utf-8")
    graph, _ = pipeline.build_graph([sample_report()])

    def broken(*args, **kwargs):
        raise RuntimeError("the page cannot be made")

    monkeypatch.setattr("govkg.explore.page.render_page", broken)
    with pytest.raises(RuntimeError):
        pipeline.write_outputs(graph, out, page=True)
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "# the previous build\n"
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl"]  # no temporary file left


def test_an_unwritable_page_leaves_the_previous_graph(tmp_path):
    out = tmp_path / "out"
    (out / "graph.html").mkdir(parents=True)  # a folder where the page should go: its rename fails
    (out / "graph.ttl").write_text("# the previous build\n", encoding="utf-8")
    graph, _ = pipeline.build_graph([sample_report()])
    with pytest.raises(OSError):
        pipeline.write_outputs(graph, out, page=True)
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "# the previous build\n"
