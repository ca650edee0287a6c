"""Land parcels: coded plots and blocks (B2地块, 4A地块, 1号地, C组团, 0305街区, A01-02地块,
2023-08号地块, X单元12-03地块, 88街坊) and named parcels (X地块, X宗地).

e.g. '7C地块', '3号地', 'C组团', '东湖组团', 'X资金平衡地块'
"""
from __future__ import annotations

import re

from govkg.extract.base import register
from govkg.extract.context import Context
from govkg.extract.rules import alternation, kind_data, suffix_names, walk_left

# planning units and blocks written as codes: G03单元, Z0201单元03-05地块, 0301街坊-2 (kinds/parcels.json)
UNIT_CODES = re.compile("|".join(kind_data("parcels")["codes"]))

CODE = r"(?:[A-Z]\d{0,3}[A-Z]?|\d{1,2}[A-Z]\d?)"
# Python's re skips quickly through text only to a pattern's first character class, not to a
# lookbehind, so the patterns match a code's first character, then check the character before
# it (the lookbehind spans both) and which kind the first one was. As written plainly:
#   CODED  (?<![A-Za-z0-9])CODE(?:地块|组团)|(?<![A-Za-z0-9])\d{1,3}号宗?地(?:块)?|(?<![A-Za-z0-9])\d{4}街区
#   BARE   (?<![A-Za-z0-9])CODE(?=(?:、CODE)*(?:项目|、))
LEAD = r"[A-Z\d](?<![A-Za-z0-9-].)"  # a letter or digit that follows no letter, digit or hyphen
CODE_REST = r"(?:(?<=[A-Z])\d{0,3}[A-Z]?|(?<=\d)\d?[A-Z]\d?)"  # CODE after its first character
CODED = re.compile(rf"{LEAD}(?:{CODE_REST}(?:地块|组团)|(?<=\d)\d{{0,2}}号宗?地(?:块)?|(?<=\d)\d{{3}}街区)")
# bare codes in a list or before 项目/地块: "B2、B3项目", "3F项目"
BARE = re.compile(rf"{LEAD}{CODE_REST}(?=(?:、{CODE})*(?:项目|、))")
# a kind of land, not a parcel's name: 存量地块, 经营性地块
GENERIC = re.compile(f"(?:{alternation(kind_data('parcels')['generic_stems'])})(?:地块|组团|宗地)")
# hyphenated codes before 地块, read back from 地块: A01-02地块, 2023-08号地块, 青石单元12-03地块
HYPHEN = re.compile(kind_data("parcels")["hyphen_code"])


@register("parcels")
def parcels(ctx: Context):
    """Find land parcels by code patterns and by the 地块/组团/宗地 suffix after a name."""
    out = []
    for m in CODED.finditer(ctx.text):
        out.append(ctx.mention(m.start(), m.end(), "LandParcel", "parcels:code"))
    for m in UNIT_CODES.finditer(ctx.text):
        out.append(ctx.mention(m.start(), m.end(), "LandParcel", "parcels:code"))
    for m in BARE.finditer(ctx.text):
        if re.search(r"[A-Z]", m.group(0)) and re.search(r"\d", m.group(0)):
            out.append(ctx.mention(m.start(), m.end(), "LandParcel", "parcels:bare-code"))
    text = ctx.text
    i = text.find("-")
    while i != -1:  # hyphenated codes are rare: look back from 地块 only where a hyphen is near
        j = text.find("地块", i, i + 8)
        if j != -1:
            m = HYPHEN.search(text, max(0, j - 24), j)
            if m is not None:
                start = m.start("code")
                if m.group("unit"):
                    start = walk_left(ctx, m.start("unit"), 8)
                    start = m.start("code") if start == m.start("unit") else start
                out.append(ctx.mention(start, j + 2, "LandParcel", "parcels:code"))
            i = text.find("-", max(j + 2, i + 1))
        else:
            i = text.find("-", i + 1)
    out += suffix_names(ctx, "地块|组团|宗地", "LandParcel", "parcels:suffix", max_chars=10, min_stem=2)
    return [m for m in out if m is not None and not GENERIC.fullmatch(m.name)]
