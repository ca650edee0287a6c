"""Projects: named works ending in 工程 / 项目, works named by their place and work, phases, quoted names, list members.

e.g. 'X路拓宽工程', 'X医院改扩建及配套项目', '“X智慧港”项目', '“X工程”', '“X”文旅综合体项目',
'X路综合改造', 'X中心建设', 'X公司年产5000台Y项目', 'A、B等项目建设'
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import HAN, Context
from govkg.extract.lexicon import GENERIC, STOP_WORDS
from govkg.extract.rules import (NAME_TAGS, PROPER_TAGS, alternation, has_proper_name, has_tagged_token, kind_data,
                                 listed_members, suffix_names, walk_left)

DATA = kind_data("projects")
SUFFIX, LIST = DATA["suffix"], DATA["list"]

QUOTED = re.compile(r"[“\"]([^”\"\n]{2,20})[”\"](?=[\u4e00-\u9fff]{0,8}(?:项目|工程))")
QUOTED_WORKS = re.compile(r"“([^”\n]{2,12}工程)”")
# a name ends in its work, not in a category of works: 开封市重点项目, 县政府民生实事项目
CATEGORY_END = re.compile(DATA["category_end"])
GENERIC_STEM = re.compile(r"^(?:[一二三四五六七八九十\d]|重点|重大|建设|新建|续建|民生|基础|实事|产业|招商|在建|储备|各类|相关|一批|等|一般|政府投资|社会投资|改造|工程|市政)")


# a work named by its kind only ("改造工程", "扩建项目"); a named place before the work makes a name
GENERIC_NAME = re.compile(r"^(?:改扩建|新建|扩建|改建|续建|除险加固)(?:工程|项目)$|^[\u4e00-\u9fff]{1,2}(?:工程|项目)$")
# a work described by up to four plain words ("老旧小区改造项目"): generic unless the stem holds a proper noun
GENERIC_WORK = re.compile(r"^[\u4e00-\u9fff]{0,4}(?:改造|整治|治理|绿化|提升|大修|维修|修缮|养护|建设|住房|住宅|写字楼|商品房|产业)(?:工程|项目)$")
CAPACITY = re.compile(DATA["capacity"])
# a capacity between a company and its product: 瑞丰机械|年产5000台|农机项目
CAPACITY_BEFORE = re.compile(rf"(?:年产|年处理|年加工|年出栏|日处理|日产)?(?:{DATA['capacity']})$")
CAPACITY_LAST = frozenset(u[-1] for u in re.findall(r"[^|()?:\\]+", DATA["capacity"].split("(?:", 2)[-1]))
# a project is named by its work: the work words (改造, 提升, 建设 …) and its phases stay inside its name
WORK_STOP = STOP_WORDS - set(DATA["work_words"]) - set(DATA["name_words"])
# ... but another project's word ends the walk: 重点工业项目|甲公司项目
SUFFIX_STOP = WORK_STOP | {"项目"}
# A work named after the place it improves: 'X路拓宽工程', 'X医院改扩建项目'.
PLACE_WORD = re.compile(r"(?:路|街|大道|桥|河|渠|村|社区|小区|医院|学校|公园|园|中心|地块|号地|站|厂)")
# the first end of a work named 'A至B…工程'
FROM_PLACE = re.compile(PLACE_WORD.pattern + r"|码头|港|湖|水库|镇|乡|山|口")
# a work named by its place and its work, without 工程/项目: 'X路综合改造', 'X中心建设'
WORK_NAMED = re.compile(rf"(?:{alternation(DATA['named_works']['works'])})(?=[,。;、:]|和|及|与|$|{alternation(DATA['named_works']['then'])})")
WORK_PLACE = re.compile(rf"(?:{alternation(DATA['named_works']['places'])})$")
# a counted group before a work is no name: 9条|公路大修工程, 34个|新时代文明实践站建设
COUNT_BEFORE = re.compile(r"[\d一二两三四五六七八九十百]+[个条座所家处项]$")
LIST_BAD_END = re.compile(r"(?:项目|工程|设施|建设|改造)$")


@register("projects")
def projects(ctx: Context):
    """Find projects by the 工程/项目 suffix, by their place and work, by quotation and in lists."""
    # each alternative starts with a plain character (not "(?:及…)?(?:工程|项目)"): re skips fast to those
    out = suffix_names(ctx, "及(?:其)?(?:配套|附属)(?:设施)?(?:工程|项目)|" + alternation(SUFFIX["pattern"]), "Project",
                       "projects:suffix", max_chars=SUFFIX["max_chars"], min_stem=SUFFIX["min_stem"], tags=NAME_TAGS,
                       exclude=SUFFIX["exclude"], stop=SUFFIX_STOP, lexicon_stop=False)
    out = [_with_capacity(ctx, _joined(ctx, _from_to(ctx, m))) for m in out]
    out = [m for m in out if m is not None and not COUNT_BEFORE.search(ctx.text, max(0, m.start - 4), m.start) and not GENERIC_STEM.search(m.name) and not CATEGORY_END.search(m.name) and not re.search(r"[,、;:]", m.name)
           and not re.search(r"\d", CAPACITY.sub("", m.name)) and not GENERIC_NAME.search(m.name)
           and not (GENERIC_WORK.search(m.name) and not _named_stem(ctx, m.start, m.end - 2))
           and (has_proper_name(ctx, m) or PLACE_WORD.search(m.name[:-2]))]
    out += [ctx.mention(s, e, "Project", "projects:lexicon") for s, e, label in ctx.lexicon_spans() if label == "Project"]
    out += _listed(ctx)
    out += _enumerated(ctx)
    out += _work_named(ctx)
    out += _phases(ctx)
    for m in QUOTED_WORKS.finditer(ctx.text):  # a quoted programme named as works: “X工程”
        mention = ctx.mention(m.start(1), m.end(1), "Project", "projects:quoted-works")
        if mention is not None:
            out.append(mention)
    for m in QUOTED.finditer(ctx.text):
        if m.group(1).endswith("年"):
            continue  # “落实年”重大项目: a campaign year, not a project
        mention = ctx.mention(m.start(1), m.end(1), "Project", "projects:quoted")
        if mention is not None:
            out.append(mention)
    return [m for m in out if m is not None]


def _proper_inside(ctx: Context, s: int, e: int) -> bool:
    """Tell whether a proper-noun token lies within ``text[s:e]``."""
    return has_tagged_token(ctx, s, e, PROPER_TAGS, inside=True)


def _named_stem(ctx: Context, s: int, e: int) -> bool:
    """Tell whether a short stem names its place: a place, person or organisation token (滨江, not 老旧)."""
    return has_tagged_token(ctx, s, e, PLACE_TAGS)


PLACE_TAGS = {"ns", "nr", "nt", "nrt", "nrfg", "j"}


def _listed(ctx: Context):
    """Members of a list headed by 项目/工程: 'A、B等5个省重大项目', 'A、B等项目建设', 'A、B二期两个项目'.

    A member is a name (a proper noun or a phase in it), not a kind of work (基础设施、公共服务等项目)."""
    out = []
    for s, e in listed_members(ctx, LIST["heads"], exclude=LIST["exclude"], counted=True):
        m = ctx.mention(s, e, "Project", "projects:list")
        if m is not None and len(m.name) >= 3 and m.name not in GENERIC and not LIST_BAD_END.search(m.name) \
                and (_proper_inside(ctx, s, e) or re.search(r"[一二三四五六七八九]期$", m.name)):
            out.append(m)
    return out


ENUMERATED = re.compile(DATA["enumerated"]["pattern"])
MEMBER_SPLIT = re.compile(r"[、]")


def _enumerated(ctx: Context):
    """Members of a list that a count of projects announces: '省重点项目共9项……分别是:A、B、C。'.

    The list runs to the sentence's end; each member is cut before a bracket (its alias) and is kept
    when it is 4 to 30 characters with a proper noun or a quoted part in it."""
    out = []
    text = ctx.text
    for m in ENUMERATED.finditer(text):
        end = m.end()
        stop = re.compile(r"[。;；\n]").search(text, end)
        stop = stop.start() if stop else len(text)
        body = text[end:stop]
        if "、" not in body or re.search(r"[,，]", body):
            continue  # not a list of names, or a list of clauses
        pos = end
        for part in body.split("、"):
            s, e = pos, pos + len(part)
            pos = e + 1
            cut = re.search(r"[(（]", part)
            if cut:
                e = s + cut.start()
            name = text[s:e]
            if not 4 <= len(name) <= 30 or re.search(r"[\d]{3}|等$", name):
                continue
            if "“" in name or _proper_inside(ctx, s, e):
                mention = ctx.mention(s, e, "Project", "projects:enumerated")
                if mention is not None:
                    out.append(mention)
    return out


def _work_named(ctx: Context):
    """Works named by a named place and their work, without 工程/项目: 'X路综合改造', 'X片区城市更新', 'X中心建设'."""
    out = []
    for w in WORK_NAMED.finditer(ctx.text):
        s = w.start()
        if not WORK_PLACE.search(ctx.text, max(0, s - 2), s):
            continue
        start = walk_left(ctx, s, 10, NAME_TAGS, WORK_STOP)
        stem = ctx.text[start:s]
        if len(stem) < 3 or COUNT_BEFORE.search(ctx.text, max(0, start - 4), start) or not WORK_PLACE.search(stem) or (w.group() == "建设" and not re.search(r"(?:中心|馆|院|站|学|校|场)$", stem)):
            continue
        m = ctx.mention(start, w.end(), "Project", "projects:suffix")
        if m is not None and (_proper_inside(ctx, start, s) or PLACE_NAMED.match(stem)):
            out.append(m)
    return out


# a stem that starts with a division's name: 青石镇文体中心
PLACE_NAMED = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:镇|乡|街道|县|区|村|社区)(?!级)")


def _phases(ctx: Context):
    """A named project's phase written without 项目, where its progress or a list of projects follows:
    'X电子二期主体封顶', 'X电子二期、Y物流园三期项目' (not a residential 'X花园二期', not '一期、三期')."""
    out = []
    text = ctx.text
    for p in PHASE.finditer(text):
        s = p.start() - 1
        if s < 3 or text[s] not in "一二三四五六七八九" or not HAN.match(text, s - 1):
            continue
        start = walk_left(ctx, s, 10)
        stem = ctx.text[start:s]
        if len(stem) < 2 or RESIDENTIAL.search(stem) or GENERIC_STEM.search(stem):
            continue
        m = ctx.mention(start, p.end(), "Project", "projects:stem+suffix")
        if m is not None and _proper_inside(ctx, start, s):
            out.append(m)
    return out


# a phase followed by the project's progress, or by the next member of a list that ends in 项目/工程
PHASE = re.compile(r"期(?=主体|封顶|竣工|投产|开工|建成|完工|投用|签约|落地|开园|、(?![一二三四五六七八九]期)[^,。;]{2,14}(?:项目|工程))")
RESIDENTIAL = re.compile(DATA["residential"])


def _from_to(ctx: Context, m):
    """Extend a work named from one place to another over 至: 甲村至乙村道路畅通工程."""
    if m is None or m.start < 3 or ctx.text[m.start - 1] != "至":
        return m
    start = walk_left(ctx, m.start - 1, 6)
    if m.start - 1 - start >= 2 and FROM_PLACE.search(ctx.text[start:m.start - 1]):
        return ctx.mention(start, m.end, m.type, m.rule) or m
    return m


def _joined(ctx: Context, m):
    """Extend a name over a first work joined by 及 (X场镇基础设施改造|及|绿化美化工程) or over the
    first half of a name joined by a middle dot (X科创城|·|Y片区项目)."""
    if m is None or m.start < 4 or ctx.text[m.start - 1] not in "及·":
        return m
    if ctx.text[m.start - 1] == "及" and not WORK_END.search(ctx.text, m.start - 5, m.start - 1):
        return m
    start = walk_left(ctx, m.start - 1, 12, NAME_TAGS, WORK_STOP)
    if m.start - 1 - start >= 4:
        return ctx.mention(start, m.end, m.type, m.rule) or m
    return m


WORK_END = re.compile(rf"(?:{alternation(DATA['work_words'])})$")


def _with_capacity(ctx: Context, m):
    """Extend a product's name over its capacity to the company before it: 瑞丰机械年产5000台农机项目.

    A capacity with no name before it leaves no name (年产20万吨饲料加工项目)."""
    if m is None or m.start < 2 or ctx.text[m.start - 1] not in CAPACITY_LAST:
        return m
    cap = CAPACITY_BEFORE.search(ctx.text, max(0, m.start - 16), m.start)
    if cap is None:
        return m
    start = walk_left(ctx, cap.start(), 10, NAME_TAGS, WORK_STOP)
    if cap.start() - start >= 2 and _proper_inside(ctx, start, cap.start()):
        return ctx.mention(start, m.end, m.type, m.rule)
    return None
