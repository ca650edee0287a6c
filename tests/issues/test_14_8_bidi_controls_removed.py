"""Issue 14.8: right-to-left override characters (U+202E) survived into labels, where they can
disguise a name in pages and tables. They are removed in normalisation; offsets still verify."""
from govkg.extract import extract
from govkg.ingest import parse
from govkg.pipeline import build_text


def test_bidi_controls_are_removed_and_offsets_verify():
    text = "青石镇政府工作报告\n一、2020年工作回顾\n完成\u202e东湖路\u202c改造和\u2066柳溪村\u2069道路硬化。\n"
    rep = parse(text)
    assert not any(c in rep.text for c in "\u202e\u202c\u2066\u2069\u200e\u200f")
    res, graph = build_text(text)
    labels = {str(o) for o in graph.objects(None, __import__("rdflib").RDFS.label)}
    assert "东湖路" in labels and not any("\u202e" in label for label in labels)
    mentions = extract(rep).mentions
    assert mentions and all(rep.text[m.start:m.end] == m.text for m in mentions)
