"""jieba-rs (rjieba) cuts as jieba does: the same tokens, with govkg's lexicon words added to both."""
from __future__ import annotations

import jieba
import pytest
from govkg.extract import lexicon
from govkg.extract.context import segmenter
from govkg.ingest import read
from govkg.resources import sample_report
from support import DATA

OTHERS = ["ingest/wangjiangjing-2022.html", "reports/pixian-street-2021.gbk.txt", "reports/guangshan-county-2022.txt"]


@pytest.fixture(scope="module")
def cuts():
    words = [w for w, _tag in lexicon.jieba_words()]
    return segmenter(jieba, words, rust=True), segmenter(jieba, words, rust=False)


def _paragraphs(path):
    rep = read(path)
    return [rep.text[a:b] for a, b in rep.paragraphs]


@pytest.mark.parametrize("name", ["sample", *OTHERS])
def test_jieba_rs_gives_jiebas_tokens(cuts, name):
    rust, python = cuts
    paragraphs = _paragraphs(sample_report() if name == "sample" else DATA / name)
    assert len(paragraphs) > 5
    for p in paragraphs:
        assert rust(p) == python(p), p[:40]


def test_invented_text_with_unseen_names_and_mixed_scripts(cuts):
    rust, python = cuts
    for text in ["青石镇柳溪村新建G318连接线2.3公里,引进A科技、B物流等企业。",
                 "买买提·艾力同志在“十四五”规划纲要中提出123项任务;PM2.5浓度下降5%。",
                 "东湖社区养老服务驿站、石桥河综合治理工程于2023年12月底前完工!",
                 "A01-02地块、ZK-2021-000006号文件、www.gov.cn、v1.2.3版本和X-1线。"]:
        assert rust(text) == python(text)
