"""Projects: named works ending in 工程 / 项目, and quoted names before 项目.

e.g. 'X路拓宽工程', 'X医院改扩建及配套项目', '“X智慧港”项目', '“X工程”'
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.lexicon import GENERIC, STOP_WORDS
from govkg.extract.rules import NAME_TAGS, walk_left, alternation, has_proper_name, kind_data, listed_members, suffix_names

DATA = kind_data("projects")
SUFFIX, LIST = DATA["suffix"], DATA["list"]

QUOTED = re.compile(r"[“\"]([^”\"\n]{2,20})[”\"](?=[\u4e00-\u9fff]{0,8}(?:项目|工程))")
QUOTED_WORKS = re.compile(r"“([^”\n]{2,12}工程)”")
GENERIC_STEM = re.compile(r"^(?:[一二三四五六七八九十\d]|重点|重大|建设|新建|续建|民生|基础|实事|产业|招商|在建|储备|各类|相关|一批|等|一般|政府投资|社会投资|改造|工程|市政)")


# a work named by its kind only ("改造工程", "老旧小区改造项目"); a named place before the work makes a name
GENERIC_NAME = re.compile(r"^(?:改扩建|新建|扩建|改建|续建|除险加固)(?:工程|项目)$|^[\u4e00-\u9fff]{0,4}(?:改造|整治|治理|绿化|提升|大修|维修|修缮|养护|建设|住房|住宅|写字楼|商品房|产业)(?:工程|项目)$|^[\u4e00-\u9fff]{1,2}(?:工程|项目)$")
CAPACITY = re.compile(DATA["capacity"])
# a project is named by its work: the work words (改造, 提升, 建设 …) stay inside its name
WORK_STOP = STOP_WORDS - set(DATA["work_words"])
# A work named after the place it improves: 'X路拓宽工程', 'X医院改扩建项目'.
PLACE_WORD = re.compile(r"(?:路|街|大道|桥|河|渠|村|社区|小区|医院|学校|公园|园|中心|地块|号地|站|厂)")


@register("projects")
def projects(ctx: Context):
    """Find projects by the 工程/项目 suffix and by quotation before 项目."""
    # each alternative starts with a plain character (not "(?:及…)?(?:工程|项目)"): re skips fast to those
    out = suffix_names(ctx, "及(?:其)?(?:配套|附属)(?:设施)?(?:工程|项目)|" + alternation(SUFFIX["pattern"]), "Project",
                       "projects:suffix", max_chars=SUFFIX["max_chars"], min_stem=SUFFIX["min_stem"], tags=NAME_TAGS,
                       exclude=SUFFIX["exclude"], stop=WORK_STOP)
    out = [_from_to(ctx, m) for m in out]
    out = [m for m in out if not GENERIC_STEM.search(m.name) and not re.search(r"[,、;:]", m.name)
           and not re.search(r"\d", CAPACITY.sub("", m.name))
           and not GENERIC_NAME.search(m.name) and (has_proper_name(ctx, m) or PLACE_WORD.search(m.name[:-2]))]
    out += [ctx.mention(s, e, "Project", "projects:lexicon") for s, e, label in ctx.lexicon_spans() if label == "Project"]
    for s, e in listed_members(ctx, "|".join(LIST["heads"]), exclude=LIST["exclude"]):
        m = ctx.mention(s, e, "Project", "projects:list")
        if m is not None and len(m.name) >= 3 and m.name not in GENERIC and not re.search(r"(?:项目|工程|设施|建设|改造)$", m.name):
            out.append(m)
    for m in QUOTED_WORKS.finditer(ctx.text):  # a quoted programme named as works: “X工程”
        mention = ctx.mention(m.start(1), m.end(1), "Project", "projects:quoted-works")
        if mention is not None:
            out.append(mention)
    for m in QUOTED.finditer(ctx.text):
        mention = ctx.mention(m.start(1), m.end(1), "Project", "projects:quoted")
        if mention is not None:
            out.append(mention)
    return [m for m in out if m is not None]


def _from_to(ctx: Context, m):
    """Extend a work named from one place to another over 至: 甲村至乙村道路畅通工程."""
    if m is None or m.start < 3 or ctx.text[m.start - 1] != "至":
        return m
    start = walk_left(ctx, m.start - 1, 6)
    if m.start - 1 - start >= 2 and PLACE_WORD.search(ctx.text[start:m.start - 1]):
        return ctx.mention(start, m.end, m.type, m.rule) or m
    return m
