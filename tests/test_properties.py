"""Property tests: extraction never raises on arbitrary text, and every offset it reports is valid."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkg.extract import extract
from govkg.ingest import IngestError, parse
from govkg.resolve import resolve

# Characters that matter to the rules: suffixes, quotes, digits, units, punctuation, numerals.
ALPHABET = st.sampled_from(list(
    "村路街区镇市县乡河园地块号组团项目工程公司中心社小“”《》【】、，。；：（）()0123456789.%亿万元个条"
    "一二三四五六七八九十两增长下降同比年月日目标力争完成东西南北新建改造A BCD\n 的和及等")) | st.characters(
    codec="utf-8", exclude_categories=("Cs",))
TEXT = st.text(alphabet=ALPHABET, min_size=1, max_size=300)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=TEXT, plan=TEXT)
def test_extraction_never_raises_and_offsets_are_valid(body, plan):
    text = "某省某市某县某镇政府工作报告\n一、2020年工作回顾\n" + body + "\n二、2021年工作安排\n" + plan
    try:
        rep = parse(text)
    except IngestError:
        return
    ext = extract(rep)
    n = len(rep.text)
    for m in ext.mentions:
        assert 0 <= m.start < m.end <= n
        assert rep.text[m.start:m.end] == m.text
        assert m.name and m.type
    for f in ext.figures:
        assert 0 <= f.start < f.end <= n
        assert 0 <= f.sentence < len(rep.sentences)
        float(f.value)
    res = resolve(rep, ext)
    for e in res.entities:
        assert e.mentions and all(rep.text[m.start:m.end] == m.text for m in e.mentions)
