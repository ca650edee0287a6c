"""The figures as a W3C RDF Data Cube (the structure of ontology/cube.ttl)."""
from __future__ import annotations

from govkg.publish.common import CUBE, QB, export_key, zh_label
from govkg.publish.tables import figure_rows
from govkg.rdf.mapping import ID
from govkg.rdf.namespace import GOV
from govkg.resolve import mint
from govkg.resources import ontology_file
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS


def indicator_concept(label: str):
    """Return the IRI of the indicator concept for an indicator name."""
    return ID[f"indicator/{mint('indicator', label)}"]


def cube_graph(g):
    """Return (cube graph, left-out figures): the DSD plus one qb:Observation per figure.

    A figure is left out when it has no year or no area (no gov:about and no report division),
    or when an earlier figure (in source order) has the same area, year and indicator: the
    Data Cube allows one observation per cell (IC-12). Left-out figures stay in figures.csv.
    """

    qb, cube = Namespace(QB), Namespace(CUBE)
    out = Graph(bind_namespaces="core")
    out.parse(ontology_file("cube.ttl"), format="turtle")
    for prefix, ns in (("qb", qb), ("govcube", cube), ("gov", GOV._NS), ("id", ID), ("skos", SKOS), ("dct", DCTERMS)):
        out.bind(prefix, ns)
    reports = sorted(g.subjects(RDF.type, GOV.Report))
    ds = ID[f"cube/{export_key(reports)}"]
    out.add((ds, RDF.type, qb.DataSet))
    out.add((ds, qb.structure, cube.structure))
    out.add((ds, RDFS.label, Literal("政府工作报告中的数字指标", lang="zh")))
    out.add((ds, RDFS.label, Literal("Figures stated in government work reports", lang="en")))
    for r in reports:
        out.add((ds, DCTERMS.source, r))
    cells: set = set()
    left_out = []
    for row in figure_rows(g):
        f = URIRef(row["figure"])
        rep = g.value(f, GOV.inReport)
        area = g.value(f, GOV.about) or (g.value(rep, GOV.division) if rep is not None else None)
        year = g.value(f, GOV.year)
        value = g.value(f, RDF.value)
        if area is None or year is None or value is None or not row["indicator"]:
            left_out.append((f, "no area, year, value or indicator name"))
            continue
        national = g.value(f, GOV.indicator)  # a national indicator concept of the scheme, where it has one
        concept = national if national is not None else indicator_concept(row["indicator"])
        cell = (area, str(year), concept)
        if cell in cells:
            left_out.append((f, "same area, year and indicator as an earlier figure"))
            continue
        cells.add(cell)
        out.add((f, RDF.type, qb.Observation))
        out.add((f, qb.dataSet, ds))
        out.add((f, cube.refArea, area))
        out.add((f, cube.refPeriod, Literal(str(year), datatype=XSD.gYear)))
        out.add((f, cube.indicator, concept))
        out.add((f, cube.value, Literal(value.toPython(), datatype=XSD.decimal)))
        out.add((f, cube.unit, Literal(row["unit"])))
        out.add((f, cube.status, cube.target if row["status"] == "target" else cube.actual))
        out.add((concept, RDF.type, SKOS.Concept))
        if national is None:
            out.add((concept, SKOS.prefLabel, Literal(row["indicator"], lang="zh")))
        else:  # the scheme's own labels (one prefLabel per language)
            for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.notation):
                for o in g.objects(national, p):
                    out.add((concept, p, o))
        out.add((concept, SKOS.inScheme, cube.indicators))
        label = zh_label(g, area, RDFS.label)
        if label:
            out.add((area, RDFS.label, Literal(label, lang="zh")))
    return out, left_out
