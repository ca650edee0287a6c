"""The metadata vocabulary of report pages: 索引号, 发文单位, 成文日期 … and how values are cleaned.

A leaf module: the text reader (:mod:`govkg.ingest`) and the HTML reader (:mod:`govkg.ingest.html`)
both read metadata labels with it.
"""
from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

_META_KEYS = {
    "索引号": "索引号",
    "发文单位": "发文单位", "发布机构": "发文单位", "发文机关": "发文单位", "发文机构": "发文单位",
    "发布单位": "发文单位",
    "信息名称": "信息名称", "标题": "信息名称", "文件名称": "信息名称", "信息标题": "信息名称",
    "发文序号": "发文序号", "发文字号": "发文字号", "文号": "发文字号",
    "成文日期": "成文日期", "生成日期": "成文日期", "印发日期": "成文日期", "成文时间": "成文日期",
    "发布日期": "发布日期", "公开日期": "发布日期", "发布时间": "发布日期",
    "主题分类": "主题分类", "公开类型": "公开类型", "公开方式": "公开方式", "公开范围": "公开范围",
    "信息有效性": "信息有效性", "有效性": "信息有效性", "主题词": "主题词", "体裁分类": "体裁分类",
}
META_DATES = ("成文日期", "发布日期")
_KEY_ALT = "|".join(
    "[ \t]*".join(map(re.escape, k)) for k in sorted(_META_KEYS, key=len, reverse=True))
META_LINE = re.compile(rf"^[ \t•·●◆■▪\-*]*(?:{_KEY_ALT})[ \t]*:", re.M)
_META_KEY = re.compile(rf"(?<![{HAN}])({_KEY_ALT})[ \t]*:[ \t]*")
_OTHER_LABEL = re.compile(rf"[ \t]+[{HAN}]{{2,5}}[ \t]*:")
_DATE_VALUE = re.compile(r"((?:19|20)[0-9]{2})[ \t]*[-年/.][ \t]*([0-9]{1,2})[ \t]*[-月/.][ \t]*([0-9]{1,2})")


def meta_key(label: str) -> str | None:
    """Return the canonical metadata key for a label, e.g. '发布机构' -> '发文单位'."""
    return _META_KEYS.get(re.sub(r"\s+", "", label))


def meta_value(key: str, value: str) -> str:
    """Clean a metadata value: cut it at the next label, write dates as ISO.

    >>> meta_value("发布日期", "2021年2月4日 来源:青山县")
    '2021-02-04'
    """
    value = _OTHER_LABEL.split(value, maxsplit=1)[0].strip()
    if key in META_DATES:
        m = _DATE_VALUE.search(value)
        if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
            return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return value


def parse_metadata(head: str) -> dict[str, str]:
    """Read 索引号/发文单位/… lines (several keys on one line are fine); first value wins."""
    meta: dict[str, str] = {}
    for line in META_LINE.finditer(head):
        end = head.find("\n", line.start())
        row = head[line.start(): end if end != -1 else len(head)]
        keys = list(_META_KEY.finditer(row))
        for i, m in enumerate(keys):
            key = meta_key(m.group(1))
            raw = row[m.end(): keys[i + 1].start() if i + 1 < len(keys) else len(row)]
            value = meta_value(key, raw) if key else ""
            if key and value and key not in meta:
                meta[key] = value
    return meta
