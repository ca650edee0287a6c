"""Where govkg's data files live on disk; the only module that knows."""
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
ONTOLOGY_DIR = ROOT / "ontology"
QUERIES_DIR = ROOT / "queries"
ONTOLOGY = ONTOLOGY_DIR / "govkg.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
CUBE_DSD = ONTOLOGY_DIR / "cube.ttl"
DCAT_AP_SHAPES = ONTOLOGY_DIR / "vendor" / "dcat-ap" / "dcat-ap-SHACL.ttl"
SAMPLES_DIR = ROOT / "samples"
SAMPLE_REPORT = SAMPLES_DIR / "xihongmen-2021.txt"
