"""English names and ASCII identifiers for Chinese division names and report titles (pypinyin)."""
from __future__ import annotations

import re

from pypinyin import lazy_pinyin

# Generic suffixes of Chinese administrative division names -> English, longest first.
ADMIN_SUFFIXES = (
    ("特别行政区", "Special Administrative Region"), ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"), ("自治县", "Autonomous County"), ("街道", "Subdistrict"),
    ("社区", "Community"), ("地区", "Prefecture"), ("新区", "New Area"), ("省", "Province"),
    ("市", "City"), ("区", "District"), ("县", "County"), ("旗", "Banner"), ("盟", "League"),
    ("州", "Prefecture"), ("镇", "Town"), ("乡", "Township"), ("村", "Village"),
)
REPORT_TITLE_SUFFIX = "政府工作报告"


def romanise(name: str) -> tuple[str, str]:
    """Return (slug, English) for a division name, e.g. '西红门镇' -> ('xihongmen', 'Xihongmen Town')."""
    stem, english = name, ""
    for suffix, en in ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem, english = name[: -len(suffix)], en
            break
    word = re.sub(r"[^A-Za-z0-9]", "", "".join(lazy_pinyin(stem)))
    if not word:
        return "", ""
    return word.lower(), f"{word[0].upper()}{word[1:]}" + (f" {english}" if english else "")


def pinyin_words(text: str) -> str:
    """Return text in toneless pinyin, one capitalised word per Han character run."""
    words = [re.sub(r"[^A-Za-z0-9]", "", w) for w in lazy_pinyin(text)]
    return " ".join(w.capitalize() for w in words if w)


def slug(text: str, limit: int = 100) -> str:
    """Return an ASCII slug (lowercase letters, digits, hyphens) of at most ``limit`` characters."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:limit].rstrip("-")


def english_title(title_zh: str, chain: list[str], year: int | None, key: str) -> str:
    """Return an ASCII English title, e.g. 'Government Work Report 2021, Xihongmen Town, Daxing District, Beijing City'."""
    place = ", ".join(e for _, e in (romanise(n) for n in reversed(chain)) if e)
    if title_zh.endswith(REPORT_TITLE_SUFFIX) or not title_zh:
        what = "Government Work Report" + (f" {year}" if year else "")
    else:
        what = pinyin_words(title_zh) + (f" ({year})" if year else "")
    title = f"{what}, {place}" if place else what
    return title if year or place else f"{title} ({key})"


def report_identifier(chain: list[str], year: int | None, key: str) -> str:
    """Return the report's ASCII identifier, e.g. 'beijing-daxing-xihongmen-2021-029c2e39'."""
    words = [s for s, _ in (romanise(n) for n in chain) if s]
    tail = "-".join(([str(year)] if year else []) + [key[:8]])
    head = slug("-".join(words), 100 - len(tail) - 1)
    return f"{head}-{tail}" if head else f"report-{tail}"
