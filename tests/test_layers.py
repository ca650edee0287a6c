"""Data flows one way: a module imports only from the stages before it, and the command line sits on top."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

CODE = Path(__file__).resolve().parent.parent / "graph"
LEAVES = {"errors", "defaults", "resources", "kinds", "fork", "gazetteer", "__init__", "__version__"}  # serve every stage
ORDER = ["ingest", "extract", "linking", "resolve", "rdf", "store", "query", "publish", "explore", "site", "pipeline", "cli"]
SIDEWAYS = {("query", "publish"), ("query", "explore"), ("publish", "explore"), ("publish", "query"),
            ("explore", "query"), ("explore", "publish")}  # three peers after the store: none may import another


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "govkg" else ""


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module if node.module != "govkg" else "")
            if node.module == "govkg":
                found |= {f"govkg.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {m for m in found if m.startswith("govkg.")}


MODULES = sorted(p for p in CODE.rglob("*.py"))


def test_every_stage_is_known():
    stages = {p.relative_to(CODE).parts[0].removesuffix(".py") for p in MODULES}
    assert stages <= set(ORDER) | LEAVES | {"__main__"}, stages - set(ORDER) - LEAVES - {"__main__"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(CODE)))
def test_imports_only_from_earlier_stages(path):
    own = path.relative_to(CODE).parts[0].removesuffix(".py")
    if own in LEAVES | {"__main__"}:
        allowed = LEAVES if own != "__main__" else LEAVES | {"cli"}
        assert {stage(m) for m in imports(path)} <= allowed, f"{path.name}: a leaf module imports a stage"
        return
    for m in imports(path):
        other = stage(m)
        if other in LEAVES or other == own:
            continue
        assert (own, other) not in SIDEWAYS, f"{path.relative_to(CODE)} imports its peer {m}"
        assert ORDER.index(other) < ORDER.index(own), f"{path.relative_to(CODE)} imports {m}, a later stage"
