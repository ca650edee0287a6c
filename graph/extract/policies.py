"""Policies: national policy and campaign names, glossary terms, named mechanisms, plans, laws, slogans.

e.g. '河长制', '接诉即办', '十四五', '《X市物业管理条例》', 'X协作机制', '一企一策', 【三清一控】,
'“强镇富民”三年行动计划', '“千企帮千村”', 'X百日攻坚专项行动'
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.lexicon import STOP_WORDS
from govkg.extract.rules import (NAME_TAGS, alternation, excluded, has_proper_name, kind_data, listed_members, suffix_names,
                                 walk_left)

DATA = kind_data("policies")
EXCLUDE = frozenset(DATA["suffix"]["exclude"])

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
# A policy word a few words after a quoted phrase: “强镇富民”三年行动计划, “3456”工作体系, “我为群众办实事”实践活动
POLICY_HEAD = re.compile(rf"(?!的)[\u4e00-\u9fff]{{0,{DATA['quoted']['gap']}}}?(?P<head>{alternation(DATA['quoted']['heads'])})")
# A verb that takes a programme as its object: 围绕“七有”, 践行“两山”
PROGRAMME_VERB = re.compile(r"(?:围绕|聚焦|落实|践行|贯彻|坚持|深化|推行|实施)$")
# A numeral said twice, as slogans do: 千企帮千村, 百企联百村
PARALLEL = re.compile(r"([一二三四五六七八九十两百千万])[\u4e00-\u9fff]{1,3}\1")
# Numbered parts, as a layout or a programme is written: 一核两带三区, 1心2轴3片
COUNTED_SLOGAN = re.compile(r"(?:[一二两三四五六七八九十百千万\d]+[\u4e00-\u9fff]{1,2}){2,4}")
OWN_HEAD = re.compile(r"..(?:行动|机制|制度|战略|改革|模式|计划)$")
# A quoted honour: 荣获“四好商会”称号
HONOUR_AFTER = re.compile(r"(?:称号|荣誉|奖牌|奖|证书|牌匾)")
HONOUR_BEFORE = re.compile(r"(?:获评|荣获|评为|授予|荣膺|命名为)[\u4e00-\u9fff]{0,4}$")
# Words that end a walk to a name's start elsewhere but are part of a campaign's name here (X整治提升行动)
STOP = STOP_WORDS - set(DATA["suffix"]["walk_through"])
ACTIONS_COUNTED = re.compile(r"(?:[\d一二两三四五六七八九十百]+|多)(?:余|多)?(?:次|场|轮)")
DURATION = re.compile(r"[一二三四五六七八九十两百千万\d]+[日天年月]")
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
        if not REPORT_KIND.fullmatch(m.group(1)):  # 《政府工作报告》 is a report, not a policy
            out.append(ctx.mention(m.start(1), m.end(1), "Policy", "policies:book-title"))
    for m in QUOTED.finditer(ctx.text):
        inner = m.group(1)
        if re.search(r"[。;]", inner):
            continue
        after = ctx.text[m.end():m.end() + 10]
        if re.match(r"(?:项目|工程|队|村|社区|小区|路|公司|地块)", after) or HONOUR_AFTER.match(after) \
                or HONOUR_BEFORE.search(ctx.text, max(0, m.start() - 8), m.start()):
            continue
        head = POLICY_CONTEXT.match(after) or POLICY_HEAD.match(after)
        slogan = bool(PARALLEL.search(inner) or COUNTED_SLOGAN.fullmatch(inner)) \
            or re.search(r"[·、+]", inner) is not None and head is not None
        head = head or OWN_HEAD.search(inner)  # “清零行动”: the name ends in a policy word itself
        if NOT_POLICY.search(inner) and not slogan:
            continue
        numbered = NUMBERED.search(inner)
        if re.fullmatch(r"[\d+]+[\u4e00-\u9fff]?", inner) and "+" not in inner:
            # a bare number ("3456") names a programme only before a word like 工作体系 (not "12345"热线)
            if not POLICY_HEAD.match(after):
                continue
        elif len(inner) <= 3 and "+" not in inner:
            if head is None and not PROGRAMME_VERB.search(ctx.text, max(0, m.start() - 2), m.start()):
                continue  # “三资”, “两委”, “两手抓”: a short numbered word is a policy only as one (“双减”政策)
        elif not (numbered or head):
            continue
        # a quoted name before a policy word names one: “千企帮千村”行动 outweighs a place's suffix rule
        rule = "policies:quoted+suffix" if head is not None and slogan else "policies:quoted"
        out.append(ctx.mention(m.start(1), m.end(1), "Policy", rule))
        tail = re.match(rf"[\u4e00-\u9fff]{{2,8}}?({SUFFIX})", after)  # not after 的: “X”的Y模式 names Y模式
        if tail and len(tail.group(0)) >= 5 and not excluded(ctx, m.end() + tail.end() - len(tail.group(1)),
                                                             m.end() + tail.end(), EXCLUDE):
            out.append(ctx.mention(m.start(), m.end() + tail.end(), "Policy", "policies:quoted+suffix"))
    for m in SLOGAN.finditer(ctx.text):
        out.append(ctx.mention(m.start(), m.end(), "Policy", "policies:slogan"))
    sfx = suffix_names(ctx, SUFFIX, "Policy", "policies:suffix", max_chars=16, min_stem=2, tags=NAME_TAGS,
                       exclude=EXCLUDE, lexicon_stop=False, stop=STOP)
    for m in sfx:
        m = _verb_trimmed(ctx, _over_duration(ctx, m))
        if ctx.text.startswith("”", m.start - 1) and ctx.text.rfind("“", 0, m.start) > ctx.text.rfind("。", 0, m.start):
            continue  # the words after a quoted name: “1+5+5+4”村庄安全治理模式 is the quoted rule's
        # a dated plan's title: "2024年X镇人居环境整治提升行动方案", verbs and all
        if re.search(r"(?:方案|计划|规划)$", m.name):
            dated = DATED_TITLE.search(ctx.text, max(0, m.end - 30), m.end)
            if dated is not None and dated.end() == m.end and dated.start() < m.start \
                    and not REPORT_KIND.search(ctx.text, dated.start(), dated.end()):  # the report's own title
                out.append(ctx.mention(dated.start(), m.end, "Policy", "policies:suffix"))
                continue
        if WEAK_STEM.search(m.name) or re.search(r"[,、;:\d]", m.name) or ACTIONS_COUNTED.match(ctx.text, m.end):
            continue  # (开展夜市整治行动28次: actions counted, no campaign's name)
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


def _verb_trimmed(ctx: Context, m):
    """Drop a verb opening a name before four or more characters: 践行|公园城市发展理念."""
    t = ctx.tok_by_start.get(m.start)
    if t is not None and t.tag == "v" and len(t.text) >= 2 and m.end - t.end >= 4 and not ctx.text.startswith("“", m.start - 1):
        return ctx.mention(t.end, m.end, "Policy", m.rule) or m
    return m


def _over_duration(ctx: Context, m):
    """Walk on over a duration that stopped the walk to a campaign's start: 安全生产|百日|攻坚专项行动."""
    t = ctx.tok_by_end.get(m.start)
    if t is not None and t.tag == "m" and DURATION.fullmatch(t.text):
        start = walk_left(ctx, t.start, 16 - (m.end - t.start), NAME_TAGS, STOP, lexicon_stop=False)
        if start < t.start:
            return ctx.mention(start, m.end, "Policy", m.rule) or m
    return m


DATED_TITLE = re.compile(r"(?<!\d)\d{4}(?:[-—至]\d{4})?年度?[\u4e00-\u9fff]{4,24}?(?:行动方案|实施方案|工作方案|行动计划|工作计划|方案|计划|规划)$")
REPORT_KIND = re.compile(DATA["report_kind"])
DOCUMENT = re.compile(r"(?:政策|办法|方案|规划|计划|条例|规定)$")
YEAR_PREFIX = re.compile(r"\d{4}(?:[-—至]\d{4})?年(?:度)?")
