"""The entity kinds, declared once: class, names, look on the page, extractor module and rule weights.

Every module that deals in kinds reads this table: extraction (which extractor modules to load, how
much each rule's evidence weighs, which kind wins a tie), the RDF mapping (the ontology class of
the same name), the network page (colour, shape, legend) and the statistics (display order).
Adding a kind is one row here, one extractor module in ``govkg.extract`` and its class in the
ontology (see the README, "Adding an entity kind").

>>> [k.name for k in KINDS][:3]
['AdministrativeDivision', 'Village', 'Community']
>>> KIND["Road"].zh, KIND["Road"].module
('道路', 'roads')
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    """One entity kind: its ontology class (local name), labels, page style and extraction settings."""

    name: str  # the ontology class, gov:{name}
    zh: str
    en: str
    colour: str
    shape: str  # a vis-network node shape
    symbol: str  # the legend's symbol for that shape
    module: str  # the extractor module, govkg.extract.{module}
    priority: int  # which kind wins when two claim the same span with equal evidence (lower wins)
    rule_weights: dict = field(default_factory=dict)  # this kind's rules that weigh unlike their family


KINDS: tuple[Kind, ...] = (
    Kind("AdministrativeDivision", "行政区划", "administrative division", "#d62728", "star", "★", "divisions", 0),
    Kind("Village", "村", "village", "#2ca02c", "dot", "●", "villages", 4),
    Kind("Community", "社区", "community", "#17becf", "dot", "●", "communities", 5),
    Kind("Road", "道路", "road", "#7f7f7f", "square", "■", "roads", 6),
    Kind("Waterway", "河道", "waterway", "#1f77b4", "triangleDown", "▼", "waterways", 7),
    Kind("LandParcel", "地块", "land parcel", "#bcbd22", "square", "■", "parcels", 3),
    # a list headed "等项目" often lists facilities: its evidence weighs less
    Kind("Project", "项目", "project", "#ff7f0e", "diamond", "◆", "projects", 10, {"list": 45}),
    Kind("Facility", "设施", "facility", "#8c564b", "triangle", "▲", "facilities", 9),
    Kind("Organization", "机构", "organization", "#9467bd", "hexagon", "⬢", "organizations", 8),
    Kind("Policy", "政策", "policy", "#e377c2", "dot", "●", "policies", 11, {"list": 60}),
    Kind("Person", "人物", "person", "#393b79", "star", "★", "persons", 1),
    Kind("Event", "事件", "event", "#ad494a", "diamond", "◆", "events", 2),
)
KIND = {k.name: k for k in KINDS}
NAMES = tuple(k.name for k in KINDS)  # in display order (legend, statistics, --types)

# How much a rule's evidence weighs, by its family: the part of the rule name after the colon
# ("villages:suffix" -> "suffix"). A rule whose family is not here is a programming error.
RULE_WEIGHT = {
    "report": 100, "speaker": 100, "lexicon": 95, "glossary": 95, "glossary-term": 90, "code": 90,
    "congress": 90, "congress-short": 90, "plenum": 90, "census": 90, "anniversary": 85, "book-title": 85,
    "list": 80, "enumerated": 80, "bare-code": 80, "rail": 80, "ring": 80, "outbreak": 75, "title": 70, "token": 70,
    "stem+suffix": 70, "quoted+suffix": 65, "compound": 60, "estate": 55, "suffix": 50, "meeting": 50,
    "gazetteer": 90, "gazetteer-bare": 85, "quoted": 40, "quoted-works": 60, "slogan": 30,
    "table-row": 95,  # the 项目名称 cell of a project-table row (govkg.extract.tables)
}
