"""Policies: national policy and campaign names, glossary terms, named mechanisms, plans, laws, slogans.

e.g. '河长制', '接诉即办', '十四五', '《X市物业管理条例》', 'X协作机制', '一企一策', 【三清一控】
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.rules import NAME_TAGS, has_proper_name, kind_data, listed_members, suffix_names

BOOK = re.compile(r"《([^》\n]{2,40})》")
QUOTED = re.compile(r"“([^”\n]{2,24})”")
# A quoted phrase names a policy when it is a numbered slogan or is followed by a policy word.
NUMBERED = re.compile(r"[一二三四五六七八九十两\d]|\+$")
POLICY_CONTEXT = re.compile(r"^(?:的)?(?:活动|品牌|专项行动|工作思路|工作|行动|机制|模式|理念|政策|要求|目标|格局|制度|战略|体系|原则|主题教育|长效|建设|改革|考核|服务模式)")
# 一X一X, 一X(X)双X or N(N)X(X)NX(X), before a clause end or 机制/模式/工作法; written to start with
# its first numeral (then ``(?<=一)`` tells which it was) so that re skips quickly to the numerals.
SLOGAN = re.compile(r"[一二三四五六七八九十两](?:(?<=一)[\u4e00-\u9fff]一[\u4e00-\u9fff]|(?<=一)[\u4e00-\u9fff]{1,2}双[\u4e00-\u9fff]|"
                    r"[一二三四五六七八九十两]?[\u4e00-\u9fff]{1,2}[一二三四五六七八九十两][\u4e00-\u9fff]{1,2})"
                    r"(?=[\u4e00-\u9fff]{0,2}[”,、。;]|机制|模式|工作法)")
SUFFIX = "长效机制|机制|制度|模式|办法|条例|规定|规划|计划|方案|行动|攻坚战|保卫战|持久战|歼灭战|运动|政策|理念|战略|责任制|工作法"
# Quoted phrases that name a thing of another kind or are just emphasis.
NOT_POLICY = re.compile(r"(?:队|组|村|社区|小区|路|街|园|区|厂|站|中心|公司|项目|工程|会议|疫情)$|^[\u4e00-\u9fff]{1,2}\+[\u4e00-\u9fff]{1,2}$")
WEAK_STEM = re.compile(r"^(?:工作|管理|长效|相关|各项|各类|有关|一系列|专项|实施|行动|规划|发展|建设|改革|整体|总体|年度|三年|五年|工作方案|实施方案|落实|保障|应急|考核|激励|约束|监督|协调|联动|服务|运行|治理|责任)")


@register("policies")
def policies(ctx: Context):
    """Find policies: lexicon, glossary terms, 《titles》, quoted slogans, suffixes (机制, 条例 …)."""
    out = [ctx.mention(s, e, "Policy", "policies:lexicon") for s, e, label in ctx.lexicon_spans() if label == "Policy"]
    for g in ctx.report.glossary:
        out.append(ctx.mention(g.term_start, g.term_end, "Policy", "policies:glossary"))
        name = g.term
        for m in re.finditer(re.escape(name), ctx.text):
            out.append(ctx.mention(m.start(), m.end(), "Policy", "policies:glossary-term"))
    for m in BOOK.finditer(ctx.text):
        out.append(ctx.mention(m.start(1), m.end(1), "Policy", "policies:book-title"))
    for m in QUOTED.finditer(ctx.text):
        inner = m.group(1)
        if NOT_POLICY.search(inner) or re.search(r"[。;]", inner):
            continue
        after = ctx.text[m.end():m.end() + 10]
        if re.match(r"(?:项目|工程|队|村|社区|小区|路|公司|地块)", after):
            continue
        if not (NUMBERED.search(inner) or POLICY_CONTEXT.match(after)) or re.fullmatch(r"[\d+]+[\u4e00-\u9fff]?", inner) and "+" not in inner:
            continue
        out.append(ctx.mention(m.start(1), m.end(1), "Policy", "policies:quoted"))
        tail = re.match(rf"(?:的)?[\u4e00-\u9fff]{{2,8}}?(?:{SUFFIX})", after)
        if tail and len(tail.group(0).lstrip("的")) >= 5:
            out.append(ctx.mention(m.start(), m.end() + tail.end(), "Policy", "policies:quoted+suffix"))
    for m in SLOGAN.finditer(ctx.text):
        out.append(ctx.mention(m.start(), m.end(), "Policy", "policies:slogan"))
    sfx = suffix_names(ctx, SUFFIX, "Policy", "policies:suffix", max_chars=16, min_stem=2, tags=NAME_TAGS,
                       exclude=kind_data("policies")["suffix"]["exclude"], lexicon_stop=False)
    for m in sfx:
        # a dated plan's title: "2024年X镇人居环境整治提升行动方案", verbs and all
        if re.search(r"(?:方案|计划|规划)$", m.name):
            dated = DATED_TITLE.search(ctx.text, max(0, m.end - 30), m.end)
            if dated is not None and dated.end() == m.end and dated.start() < m.start:
                out.append(ctx.mention(dated.start(), m.end, "Policy", "policies:suffix"))
                continue
        if WEAK_STEM.search(m.name) or re.search(r"[,、;:\d]", m.name):
            continue
        if re.search(r"(?:规划|计划|方案|政策|战略|理念|行动|运动)$", m.name) and len(m.name) < 6:
            continue
        year = YEAR_PREFIX.search(ctx.text, max(0, m.start - 12), m.start)
        if year and year.end() == m.start and re.search(r"(?:规划|计划|方案|行动计划)$", m.name):
            m = ctx.mention(year.start(), m.end, "Policy", "policies:suffix")
        elif DOCUMENT.search(m.name) and not has_proper_name(ctx, m) and "“" not in m.text:
            continue  # "产业扶持政策" describes; "X区产业政策", "2021年X计划" name
        out.append(m)
    for s, e in listed_members(ctx, "机制|制度", counted=True):
        out.append(ctx.mention(s, e, "Policy", "policies:list"))
    return [m for m in out if m is not None]


DATED_TITLE = re.compile(r"(?<!\d)\d{4}(?:[-—至]\d{4})?年度?[\u4e00-\u9fff]{4,24}?(?:行动方案|实施方案|工作方案|行动计划|工作计划|方案|计划|规划)$")
DOCUMENT = re.compile(r"(?:政策|办法|方案|规划|计划|条例|规定)$")
YEAR_PREFIX = re.compile(r"\d{4}(?:[-—至]\d{4})?年(?:度)?")
