"""Waterways: rivers, canals, channels and lakes (X河, X灌渠, X运河, X湖).

e.g. '老凤河', '南苑灌渠'
"""
from __future__ import annotations

from graph.extract.base import register
from graph.extract.context import Context
from graph.extract.rules import suffix_names


@register("waterways")
def waterways(ctx: Context):
    """Find waterways by suffix; a river name glued to a road or village name is not one."""
    return suffix_names(ctx, "灌渠|运河|排干|河|江|渠|湖|水库", "Waterway", "waterways:suffix", max_chars=6, min_stem=2,
                        not_after="长道流湖畔岸南北东西路村镇乡区桥街园行宫营庄坝套口湾滩沿段系水泊库")
