"""National statistical indicators: the concept a figure of a report is a value or a growth rate of.

The concepts are those of ``ontology/indicators.ttl`` (a SKOS concept scheme, namespace
``https://w3id.org/govkg/indicator/``), the only list of them: :func:`load_scheme` reads it into
:class:`Concept` records, and :func:`concept_for` links a figure's label to one of them.

>>> concept_for("全年财政收入完成")
'FiscalRevenue'
>>> concept_for("规上工业增加值增长")
'IndustrialValueAddedAboveScale'
>>> concept_for("增长", context="实现地区生产总值120亿元,")
'GDP'
>>> concept_for("税收占财政收入比重") is None, concept_for("人均财政收入") is None
(True, True)

How a label is matched (general rules, no names of one report):

- the longest names: every prefLabel and altLabel is looked for in the label, and a name found
  inside a longer one found at the same place (财政收入 inside 地方财政收入) is dropped;
- the head comes last: a Chinese noun phrase ends with its head, so the name must end the label
  but for words about the figure (增长, 增速, 完成, 达到, 比上年, 总额 …); "税收占比",
  "高新技术企业营业收入" and "新增就业岗位" therefore name no indicator;
- qualifiers before the name that change the indicator give no concept: per head or per area
  (人均, 亩均, 单位 …), increments (新增, 新认定 …), non- (非税收入), a sector or a subset
  (工业税收, 涉农贷款余额), urban and rural together (城乡, 城镇和农村), or a list of several
  indicators ("城镇和农村居民人均可支配收入分别为…");
- a size or population qualifier (规模以上/规上, 限额以上/限上, 农村/农民, 城镇/城市) picks the
  narrower concept the scheme has for it (农村常住居民人均可支配收入 -> ind:RuralDisposableIncome),
  or none when the scheme has none;
- a label with no words of its own ("增长", "同比增长", "其中") takes the indicator named last in
  ``context`` (the text of the sentence before the figure) when only figures and such words
  come after it ("实现地区生产总值120亿元,增长5%").

The scheme is read with rdflib once per process (about 25 ms; the build's RDF mapping loads
rdflib anyway, and a corpus build reads it before its workers fork).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import rdflib
from govkg.resources import INDICATORS, ontology_file

NAMESPACE = "https://w3id.org/govkg/indicator/"
SCHEME = "https://w3id.org/govkg/indicator"

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_UNIT_PROPERTIES = ("https://schema.org/unitText", "https://w3id.org/govkg/ontology#unit")


@dataclass(frozen=True)
class Concept:
    """One indicator of the scheme."""

    iri: str
    notation: str
    pref_zh: str
    pref_en: str
    alts: tuple[str, ...]
    unit: str | None
    broader: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    definition: str = ""

    @property
    def name(self) -> str:
        """The IRI's local name, e.g. ``GDP``."""
        return self.iri[len(NAMESPACE):] if self.iri.startswith(NAMESPACE) else self.iri.rsplit("/", 1)[-1]

    @property
    def labels(self) -> tuple[str, ...]:
        """The Chinese prefLabel, then the altLabels."""
        return (self.pref_zh, *self.alts)


# ---- finding and reading the Turtle ---------------------------------------------------------

def scheme_path() -> Path:
    """Return the path of the packaged indicators.ttl."""
    return ontology_file(INDICATORS)


def scheme_triples(path: str | Path | None = None) -> list[tuple]:
    """Return the triples of indicators.ttl as plain tuples: (s, p, IRI string or (text, lang, datatype))."""
    g = rdflib.Graph().parse(Path(path) if path is not None else scheme_path(), format="turtle")
    out = []
    for s, p, o in g:
        if isinstance(o, rdflib.Literal):
            o = (str(o), o.language, str(o.datatype) if o.datatype else None)
        else:
            o = str(o)
        out.append((str(s), str(p), o))
    return out


@lru_cache(maxsize=8)
def _triples(path: str) -> tuple[tuple, ...]:
    return tuple(sorted(scheme_triples(path), key=repr))


def packaged_triples() -> tuple[tuple, ...]:
    """Return the triples of the packaged indicators.ttl, read once per process (sorted).

    The RDF mapping copies the triples of the concepts a report's figures link to from here; a
    corpus build reads them (through the matcher) before its workers fork.
    """
    return _triples(str(scheme_path()))


@lru_cache(maxsize=8)
def _load(path: str) -> tuple[Concept, ...]:
    by_subject: dict[str, dict[str, list]] = {}
    for s, p, o in _triples(path):
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    out = []
    for iri, props in by_subject.items():
        if _SKOS + "Concept" not in props.get(_RDF_TYPE, ()):
            continue

        def lits(p: str, lang: str | None = "zh", _props=props) -> list[str]:
            return [o[0] for o in _props.get(_SKOS + p, ()) if isinstance(o, tuple) and (lang is None or o[1] == lang)]

        unit = next((o[0] for p in _UNIT_PROPERTIES for o in props.get(p, ()) if isinstance(o, tuple)), None)
        out.append(Concept(
            iri=iri,
            notation=next(iter(lits("notation", None)), ""),
            pref_zh=next(iter(lits("prefLabel")), ""),
            pref_en=next(iter(lits("prefLabel", "en")), ""),
            alts=tuple(lits("altLabel")),
            unit=unit,
            broader=tuple(sorted(o for o in props.get(_SKOS + "broader", ()) if isinstance(o, str))),
            related=tuple(sorted(o for o in props.get(_SKOS + "related", ()) if isinstance(o, str))),
            definition=next(iter(lits("definition", "en")), ""),
        ))
    return tuple(sorted(out, key=lambda c: c.iri))


def load_scheme(path: str | Path | None = None) -> tuple[Concept, ...]:
    """Return the concepts of indicators.ttl (read once per path), sorted by IRI."""
    return _load(str(Path(path) if path is not None else scheme_path()))


# ---- matching a figure's label -------------------------------------------------------------

def normalise(s: str) -> str:
    """NFKC, lower case, no spaces, brackets or quotes: the form labels and names are compared in."""
    return _DROP.sub("", unicodedata.normalize("NFKC", s).casefold())


_DROP = re.compile(r"[\s()\[\]{}<>“”‘’\"'「」『』《》【】〔〕]")

# words about the figure that may follow the indicator's name in a label
_AFTER_WORDS = (
    r"增长率|增长|增速|增幅|涨幅|降幅|上涨|下降|减少|降低|提高|提升|上升|回落|增加|扩大|"
    r"同比|环比|比上年|比去年|较上年|较去年|与上年相比|比\d{4}年|年均|平均|同口径|可比口径|自然|口径|名义|实际|"
    r"按可比价格计算|按可比价计算|按现价计算|可比价|现价|"
    r"分别|完成|实现|达到|达|为|是|有|在|至|到|突破|超过|超|逾|约|近|预计|预期|初步核算|初步测算|"
    r"累计|总计|合计|共计|共|控制在|保持在|稳定在|控制|保持|稳定|以内|以下|以上|左右|目标|任务|指标|力争|争取|确保|"
    r"首次|历史性|成功|顺利|稳步|持续|继续|连续|再|又|也|均|都|仍|已经|已|将|要|了|的|"
    r"全年|年度|当年|年末|年底|总额|总量|总值|金额|规模|数量|总数|人数|人次|额|量|数|"
    r"[,、;:.%\d]")
_AFTER = re.compile(f"(?:{_AFTER_WORDS})*")
# a label with no words of its own ("增长", "同比增长"); "其中" (a part of the figure before) is not one
_WEAK = re.compile(f"(?:今年|全省|全市|全州|全县|全区|全镇|全乡|{_AFTER_WORDS})*")
# names joined into a list ("城镇居民人均可支配收入和农村居民人均可支配收入分别为")
_JOINED = re.compile(r"(?:[和及与、,]|以及)+")
# qualifiers before the name that make the figure another indicator
_NOT_BEFORE = re.compile(r"人均|地均|亩均|户均|劳均|新增|新认定|新培育|新引进|新登记|新注册|新设|净增|引进|培育|认定|上划|上缴|减免|返还|新建|改建|扩建|建成|改造")
# a part of the area's economy as the subject ("重点项目完成固定资产投资", "园区企业实现税收")
_SUBSET_SUBJECT = re.compile(r"企业|园区|项目|公司|集团|合作社|平台|行业|产业|板块")
_NOT_JUST_BEFORE = re.compile(r"(?:单位|万元|每|非|占|涉农|小微|普惠|住户|储蓄|个人|住房|消费|居民|绿色|科技|中长期|短期|现代|新兴|"
                              r"高新技术|战略性|生产性|生活性|[\u4e00-\u9fff]业|经济)$")
_TOGETHER = re.compile(r"城乡|城镇(?:和|及|与|、)农村|农村(?:和|及|与|、)城镇|存贷款|存贷|工农业")
# size and population qualifiers, each with the word its narrower concept's name starts with
_QUALIFIERS = (
    (re.compile(r"规模以上|规上|规模(?=工业|企业)"), "规模以上"),
    (re.compile(r"限额以上|限上"), "限额以上"),
    (re.compile(r"农村|农民|乡村"), "农村"),
    (re.compile(r"城镇|城市"), "城镇"),
)
# the qualifier phrases themselves, before the sector check ("规上工业企业完成…" is no sector word)
_QUALIFIER_PHRASE = re.compile(r"(?:规模以上|规上|规模)(?:工业)?(?:企业)?|(?:限额以上|限上)(?:企业|单位)?")
_FIGURE = re.compile(r"[\d.,%]+(?:[万亿千百])?(?:美元|元|吨|人次|人|户|家|个百分点|个|件|项|亩|公顷|平方米|千瓦时|天|倍)?")
_CLAUSE = re.compile(r"[,;:!?。，；：！？]")


class Matcher:
    """Links figure labels to the concepts of a scheme (see the module's docstring)."""

    def __init__(self, concepts: tuple[Concept, ...]):
        self.concepts = concepts
        self.by_iri = {c.iri: c for c in concepts}
        names: dict[str, Concept] = {}
        for c in concepts:
            for label in c.labels:
                names.setdefault(normalise(label), c)
        self.names = names
        self.by_first: dict[str, list[str]] = {}
        for name in sorted(names, key=len, reverse=True):
            self.by_first.setdefault(name[0], []).append(name)
        self.narrower: dict[str, list[Concept]] = {}
        for c in concepts:
            for b in c.broader:
                self.narrower.setdefault(b, []).append(c)

    def _found(self, text: str) -> list[tuple[int, int, Concept]]:
        """Return the (start, end, concept) of every name in ``text`` not inside a longer one."""
        hits = []
        for i, ch in enumerate(text):
            for name in self.by_first.get(ch, ()):
                if text.startswith(name, i):
                    hits.append((i, i + len(name), self.names[name]))
        return [h for h in hits if not any(o[0] <= h[0] and h[1] <= o[1] and o[1] - o[0] > h[1] - h[0] for o in hits)]

    def _qualified(self, c: Concept, before: str, name: str) -> Concept | None:
        """Return the concept as qualified by the words before its name, or None (another indicator)."""
        if _NOT_BEFORE.search(before) or _TOGETHER.search(before + name):
            return None
        rest = _QUALIFIER_PHRASE.sub("", before)
        if _NOT_JUST_BEFORE.search(rest) or _SUBSET_SUBJECT.search(rest):
            return None
        wanted = [word for rx, word in _QUALIFIERS if rx.search(before) and word not in c.pref_zh]
        if "农村" in wanted and "城镇" in wanted:
            return None
        for word in wanted:
            narrower = [n for n in self.narrower.get(c.iri, ()) if n.pref_zh.startswith(word)]
            if len(narrower) != 1:
                return None
            c = narrower[0]
        return c

    def match(self, label: str, context: str = "") -> Concept | None:
        """Return the concept a figure labelled ``label`` is a value or growth rate of, or None."""
        text = normalise(label)
        found = self._found(text)
        hits = [h for h in found if _AFTER.fullmatch(text, h[1])]
        if hits:
            start, end, c = max(hits, key=lambda h: h[1])
            if any(h[2] is not c and h[1] <= start and _JOINED.fullmatch(text, h[1], start) for h in found):
                return None  # several indicators in one label ("城镇…和农村…收入分别为")
            before = text[:start]
            if context and not before:  # the label may start inside its clause: qualifiers before it
                ctx = normalise(context)
                k = ctx.rfind(text[:end])
                if k >= 0:
                    before = _CLAUSE.split(ctx[:k])[-1]
            return self._qualified(c, before, text[start:end])
        if context and _WEAK.fullmatch(text):
            ctx = normalise(context)
            for start, end, c in sorted(self._found(ctx), key=lambda h: -h[1]):
                rest = _FIGURE.sub("", ctx[end:])
                if _AFTER.fullmatch(rest):
                    return self._qualified(c, _CLAUSE.split(ctx[:start])[-1], ctx[start:end])
                return None
        return None


@lru_cache(maxsize=1)
def default_matcher() -> Matcher:
    """Return the matcher of the packaged scheme."""
    return Matcher(load_scheme())


def concept_for(label: str, context: str = "") -> str | None:
    """Return the local name (``GDP``) of the indicator concept of a figure's label, or None.

    ``context`` is the text of the figure's sentence before it; it names the indicator when the
    label has no words of its own ("增长" after "地区生产总值120亿元,").
    """
    c = default_matcher().match(label, context)
    return c.name if c is not None else None


def concept_iri(label: str, context: str = "") -> str | None:
    """Return the full IRI of the indicator concept of a figure's label, or None."""
    c = default_matcher().match(label, context)
    return c.iri if c is not None else None
