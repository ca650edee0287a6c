"""Make N synthetic government work reports for scale tests (bench only, deterministic with --seed).

Each report recombines the paragraphs of the bundled sample (samples/xihongmen-2021.txt): the
front matter, part and sub-section headings and the glossary stay in place; within each part,
about a third of the body paragraphs are replaced by other paragraphs of the same part. Then the
town, district and city names, the speaker, and the names of villages, communities, roads,
projects, facilities, waterways and parcels (as the pipeline finds them in the sample) are
replaced by invented ones, and every year is shifted to the report's year. Towns get four
consecutive yearly reports each, so divisions and report IRIs differ between towns and years
while the same town's reports share its villages and roads (as real corpora do).

    python bench/make_corpus.py N OUT [--seed 7]

Writes OUT/{town}-{year}.txt (UTF-8) and prints the total size.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

STEM_CHARS = ("安宁和平兴福康乐永昌泰华明清新东西南北中金银玉石桥河湖山川林溪云霞龙凤鹤松柏桃李梅兰竹"
              "菊春秋阳光丰盛顺德嘉禾长青碧水白沙红岩青田望江临川柳塘荷花杏花枫林双桥五里")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "建国志强海涛丽华明军伟东红梅晓燕文斌秀英德胜国庆春生永福振华立新卫平"
PROVINCES = ("河北省", "山西省", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省",
             "湖南省", "广东省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省")
SWAP_TYPES = ("Village", "Community", "Road", "Project", "Facility", "Waterway", "LandParcel")
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|名词解释)")
YEAR = re.compile(r"(?<![0-9])(20[0-3][0-9])(?=年|-[01][0-9]-|届|—|～|~)")


def sample_names() -> dict[str, list[str]]:
    """Return the names the pipeline finds in the sample, by entity type."""
    from govkg.resources import sample_report
    from govkg.pipeline import build_report

    res, _ = build_report(sample_report())
    names: dict[str, list[str]] = {}
    for e in res.entities:
        if e.type in SWAP_TYPES:
            names.setdefault(e.type, []).extend(sorted({e.name, *e.aliases}))
    return names


def stem(rng: random.Random, n: int = 2) -> str:
    """Return an invented place-name stem of n characters."""
    return "".join(rng.choice(STEM_CHARS) for _ in range(n))


def renamer(names: dict[str, list[str]], rng: random.Random) -> dict[str, str]:
    """Map each sample name to an invented one with the same ending (村, 路, 项目 ...)."""
    out = {}
    for _type, items in sorted(names.items()):
        for name in items:
            if len(name) < 3 or name in out:
                continue
            keep = 1 if len(name) <= 4 else 2  # keep the suffix: 村/路/街 or 项目/公园 ...
            out[name] = stem(rng, max(2, len(name) - keep)) + name[-keep:]
    return out


def split_parts(text: str) -> tuple[list[str], list[list[str]], list[str]]:
    """Split the sample into front matter, parts (lists of paragraphs) and the glossary."""
    lines = text.split("\n")
    head: list[str] = []
    parts: list[list[str]] = []
    tail: list[str] = []
    where = "head"
    for line in lines:
        s = line.strip()
        if re.match(r"^[一二三四五六七八九十]+、", s):
            parts.append([line])
            where = "parts"
            continue
        if s.startswith("名词解释"):
            where = "tail"
        {"head": head, "tail": tail}.get(where, parts[-1] if parts else head).append(line)
    return head, parts, tail


def recombine(parts: list[list[str]], rng: random.Random) -> list[list[str]]:
    """Replace about a third of each part's body paragraphs by others of the same part."""
    out = []
    for part in parts:
        body = [i for i, line in enumerate(part) if line.strip() and not HEADING.match(line)]
        new = list(part)
        for i in body:
            if rng.random() < 0.35:
                new[i] = part[rng.choice(body)]
        out.append(new)
    return out


def make_report(text_parts, names, town: str, district: str, city: str, province: str, year: int,
                seed: int) -> str:
    """Return one synthetic report of a town for a year."""
    rng = random.Random(seed)
    head, parts, tail = text_parts
    body = "\n".join(head + [line for part in recombine(parts, rng) for line in part] + tail)
    swaps = renamer(names, random.Random(f"{town}{district}{city}"))  # same town: same villages
    swaps.update({"北京市大兴区西红门镇": f"{province}{city}市{district}区{town}镇",
                  "西红门镇": f"{town}镇", "西红门": town, "大兴区": f"{district}区", "大兴": district,
                  "北京市": f"{city}市", "北京": city,
                  "赵传富": rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))})
    pattern = re.compile("|".join(re.escape(k) for k in sorted(swaps, key=len, reverse=True)))
    body = pattern.sub(lambda m: swaps[m.group(0)], body)
    shift = year - 2021
    return YEAR.sub(lambda m: str(int(m.group(1)) + shift), body)


def main(argv: list[str] | None = None) -> int:
    """Write N synthetic reports into OUT."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of reports")
    ap.add_argument("out", type=Path, help="output folder")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    from govkg.resources import sample_report

    text = sample_report().read_text(encoding="utf-8")
    text_parts = split_parts(text)
    names = sample_names()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    towns: set[tuple[str, str, str]] = set()
    total = written = 0
    while written < args.n:
        town, district, city = stem(rng), stem(rng), stem(rng)
        if (town, district, city) in towns or len({town, district, city}) < 3:
            continue
        towns.add((town, district, city))
        province = rng.choice(PROVINCES)
        first = rng.randint(2016, 2021)
        for year in range(first, first + 4):
            if written >= args.n:
                break
            report = make_report(text_parts, names, town, district, city, province, year,
                                 seed=args.seed * 1_000_003 + written)
            path = args.out / f"{len(towns):04d}-{year}.txt"
            path.write_text(report, encoding="utf-8")
            total += len(report.encode("utf-8"))
            written += 1
    print(f"wrote {written} reports ({len(towns)} towns, {total / 1e6:.1f} MB) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
