"""Organisations: companies, party and government bodies, teams, associations, stores.

e.g. 'X集团', 'X有限公司', '镇党委', 'X作战队', 'X工作专班', 'X会员店', '12345市民服务热线'
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.official import named_after_place
from govkg.extract.rules import NAME_TAGS, alternation, has_proper_name, kind_data, listed_members, suffix_names

DATA = kind_data("organizations")
SUFFIX = DATA["suffix"]
OFFICE = re.compile(DATA["office"]["pattern"])
OFFICE_NOT = re.compile(f"(?:{alternation(DATA['office']['not_ending'])})$")
INDUSTRY = re.compile(f"(?:{alternation(DATA['company_list']['industry'])})$")
NOT_ORG_WORDS = re.compile(DATA["not_org"])

SUFFIXES = alternation(SUFFIX["pattern"])
NOT_ORG = re.compile(r"^(?:各|全|该|本|我|一批|多家|企业|国有|专业|物业|村|镇|区|市|县)?(?:公司|集团|银行|局|队|专班|店|政府|委员会|热线|联盟)$|"
                     r"(?:商店|门店|小店|网店|书店|饭店|各类|队伍|团队|梯队|排队|结对|布局|开局|格局|大局|全局|结局|新局|当局|变局|僵局|时局|党委政府)$|^\d|^[\u4e00-\u9fff]局$")


@register("organizations")
def organizations(ctx: Context):
    """Find organisations: national lexicon and names with an organisation suffix."""
    out = [ctx.mention(s, e, "Organization", "organizations:lexicon") for s, e, label in ctx.lexicon_spans()
           if label == "Organization"]
    out += suffix_names(ctx, SUFFIXES, "Organization", "organizations:suffix", max_chars=SUFFIX["max_chars"],
                        min_stem=SUFFIX["min_stem"], tags=NAME_TAGS, exclude=SUFFIX["exclude"])
    for m in OFFICE.finditer(ctx.text):  # 镇经济发展办, 镇市场监管所: an office of the division
        if not OFFICE_NOT.search(m.group()):
            out.append(ctx.mention(m.start(), m.end(), "Organization", "organizations:suffix"))
    # companies listed by short names before a count of firms: "引进甲新材料、乙建材等6家企业"
    for s, e in listed_members(ctx, alternation(DATA["company_list"]["heads"]), counted=True):
        m = ctx.mention(s, e, "Organization", "organizations:list")
        if m is not None and INDUSTRY.search(m.name) and len(m.name) > 3:
            out.append(m)
    out = [m for m in out if m is not None and not NOT_ORG_WORDS.search(m.name)]
    return [m for m in out if m is not None and (m.rule.endswith(("lexicon", "list")) or (
            not NOT_ORG.search(m.name) and not re.search(r"[,、;:]", m.name)
            and (not ORGAN.search(m.name) or ORGAN_OF_PLACE.search(m.name))
            and (not COMPANY.search(m.name) or has_proper_name(ctx, m) or named_after_place(m.name))))]


COMPANY = re.compile(r"(?:公司|集团)$")



# Party and state organs are named after their division: X镇人民政府, 镇人大; "法治政府" is a goal.
ORGAN = re.compile(r"(?:人民政府|政府|人大|党委|政协|党工委)$")
ORGAN_OF_PLACE = re.compile(r"(?:^|[省市区县镇乡村]|街道)(?:人民政府|政府|人大|党委|政协|党工委)$")
