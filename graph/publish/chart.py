"""Targets beside actuals as a chart: ``figures.svg`` (matplotlib, deterministic SVG).

A target is paired with the actuals of the same indicator the way ``queries/targets_vs_actuals.rq``
pairs them: the same national indicator concept (gov:indicator), else the same measured thing
(the label without a whole-area word or a word of change); the actual of the target report's
review year ("baseline"), or of the target's year in another report of the same division
("outcome"). Only pairs whose values can be compared are drawn: the same unit, or a rate target
in % beside the actual's change in %.
"""
from __future__ import annotations

import io
import re
import warnings

from govkg.publish.common import figures_of, zh_label
from govkg.rdf.namespace import GOV
from rdflib import RDF, RDFS

_BASE = re.compile(r"^(全省|全市|全州|全县|全区|全镇|全乡|全街道|全年|今年)|(增长率|增长|增速|增幅|提高|提升|下降|降低|达到)$")
MAX_PAIRS = 12


def measured_key(g, f) -> str:
    """The key a target and an actual must share: the concept IRI, else the normalised label."""
    concept = g.value(f, GOV.indicator)
    return str(concept) if concept is not None else "label:" + _BASE.sub("", zh_label(g, f, RDFS.label) or "")


def target_pairs(g) -> list[dict]:
    """Return the comparable (target, actual) pairs of the graph, sorted, as dicts."""
    figs = []
    for f in figures_of(g):
        rep = g.value(f, GOV.inReport)
        year = g.value(f, GOV.year)
        value = g.value(f, RDF.value)
        if rep is None or year is None or value is None:
            continue
        flag = g.value(f, GOV.isTarget)
        figs.append({
            "figure": f, "report": rep, "division": g.value(rep, GOV.division), "year": int(str(year)[:4]),
            "review": int(str(g.value(rep, GOV.reviewYear))[:4]) if g.value(rep, GOV.reviewYear) is not None else None,
            "target": flag is not None and flag.toPython() is True, "value": float(value),
            "unit": str(g.value(f, GOV.unit) or ""), "label": zh_label(g, f, RDFS.label) or "",
            "change": g.value(f, GOV.changeValue), "changeUnit": str(g.value(f, GOV.changeUnit) or ""),
            "about": g.value(f, GOV.about), "key": measured_key(g, f)})
    actuals: dict[str, list[dict]] = {}
    for a in figs:
        if not a["target"]:
            actuals.setdefault(a["key"], []).append(a)
    pairs = []
    for t in (x for x in figs if x["target"]):
        if len(t["key"]) < 8 and t["key"].startswith("label:"):
            continue  # a label of fewer than two characters names nothing
        for a in actuals.get(t["key"], ()):
            baseline = a["report"] == t["report"] and a["year"] == t["review"]
            outcome = (a["report"] != t["report"] and t["division"] is not None
                       and a["division"] == t["division"] and a["year"] == t["year"])
            if not (baseline or outcome) or (t["about"] is not None and a["about"] is not None and t["about"] != a["about"]):
                continue
            if a["unit"] == t["unit"]:
                actual, basis = a["value"], "value"
            elif t["unit"] == "%" and a["change"] is not None and a["changeUnit"] == "%":
                actual, basis = float(a["change"]), "change"
            else:
                continue
            pairs.append({"indicator": t["label"], "actualName": a["label"], "unit": t["unit"],
                          "targetYear": t["year"], "targetValue": t["value"], "actualYear": a["year"],
                          "actualValue": actual, "basis": basis,
                          "comparison": "baseline" if baseline else "outcome",
                          "target": str(t["figure"]), "actual": str(a["figure"])})
    pairs.sort(key=lambda p: (p["indicator"], p["targetYear"], p["target"], p["comparison"], p["actual"]))
    return pairs


def figures_svg(g) -> bytes:
    """Return the targets-beside-actuals chart as SVG bytes (the same bytes for the same graph)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pairs = target_pairs(g)[:MAX_PAIRS]
    rc = {"svg.hashsalt": "govkg", "svg.fonttype": "none",
          "font.family": ["sans-serif"],
          "font.sans-serif": ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimHei", "DejaVu Sans"]}
    with matplotlib.rc_context(rc), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # glyphs a font lacks: the SVG keeps the text, the viewer's font draws it
        import logging
        logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
        n = max(1, len(pairs))
        cols = min(3, n)
        rows = (n + cols - 1) // cols
        fig, axes = plt.subplots(rows, cols, figsize=(3.4 * cols, 2.8 * rows), squeeze=False)
        for ax in axes.flat[len(pairs):]:
            ax.axis("off")
        if not pairs:
            axes[0][0].text(0.5, 0.5, "无可对照的目标与实际 / no target paired with an actual",
                            ha="center", va="center", fontsize=9)
        for ax, p in zip(axes.flat, pairs):
            labels = [f"实际 {p['actualYear']}", f"目标 {p['targetYear']}"]
            ax.bar(labels, [p["actualValue"], p["targetValue"]], color=["#4c72b0", "#dd8452"])
            what = "增长" if p["basis"] == "change" else ""
            ax.set_title(f"{p['indicator']}", fontsize=9)
            ax.set_ylabel(f"{what}{p['unit']}", fontsize=8)
            ax.tick_params(labelsize=8)
        fig.suptitle("目标与实际 / targets beside actuals", fontsize=10)
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
        plt.close(fig)
    return buf.getvalue().encode("utf-8")
