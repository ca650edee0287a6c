"""Facilities: named buildings, parks, industrial parks, stations, plants, hospitals, schools, markets.

e.g. 'X医院', 'X城市生态休闲公园', 'X工业园', '镇级消防站', 'X再生水厂', 'X产业园'
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.rules import NAME_TAGS, has_proper_name, listed_members, suffix_names

SUFFIXES = ("经济技术开发区|经济开发区|高新技术产业开发区|开发区|高新区|产业集聚区|产业园|工业园|科技园|创业园|物流园|影视园|工业区|产业基地|基地|孵化器|医院|卫生院|卫生服务中心|学校|中学|小学|幼儿园|"
            "公园|广场|体育馆|图书馆|博物馆|文化馆|美术馆|纪念馆|展览馆|养老院|敬老院|照料中心|养老照料中心|服务中心|指挥中心|"
            "创业中心|会客厅|消防站|派出所|水厂|再生水厂|污水处理厂|电厂|印厂|彩印厂|厂|公墓|陵园|行宫|寺|酒店|宾馆|大厦|公寓|"
            "楼|市场|商城|购物中心|综合体|谷|中转站|驿站")
NOT_FACILITY = re.compile(r"^\d|垃圾中转站$|^多功能|^(?:各类|各|全|一批|多个|新建|小|大|该|部分|市级|区级|镇级|村级)?(?:公园|广场|医院|学校|市场|公寓|楼|厂|谷|港|基地|中心)$|"
                          r"(?:楼宇|楼层|高楼|大楼|危楼|山谷|低谷|峡谷|河谷|港口|香港|小公寓|工厂)$")


@register("facilities")
def facilities(ctx: Context):
    """Find facilities by their kind suffix (医院, 公园, 产业园, 消防站 …)."""
    out = suffix_names(ctx, SUFFIXES, "Facility", "facilities:suffix", max_chars=12, min_stem=2, tags=NAME_TAGS,
                       not_after="区长内外级化管路道口业方务")
    # members of a counted list of facilities: "甲厂、乙公寓等12个小公寓"
    for s, e in listed_members(ctx, f"[\u4e00-\u9fff]{{0,2}}(?:{LIST_HEADS})"):
        m = ctx.mention(s, e, "Facility", "facilities:list")
        if m is not None and len(m.name) >= 3:
            out.append(m)
    # a facility is named (a proper noun), ranked (镇级消防站), listed, or long enough to be a full title
    return [m for m in out if not NOT_FACILITY.search(m.name) and not re.search(r"[,、;:]", m.name)
            and (m.rule == "facilities:list" or has_proper_name(ctx, m) or RANKED.match(m.name) or len(m.name) >= 7)]


LIST_HEADS = "公寓|医院|学校|幼儿园|公园|市场|园区|产业园|工业园|楼宇|厂房|场所|广场|站点|场馆"
RANKED = re.compile(r"(?:省|市|区|县|镇|乡|村)级")
