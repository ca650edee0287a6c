"""`govkg build` from the command line: outputs, counts, help, and bad input."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from support import REPORTS

pytestmark = pytest.mark.slow  # builds and validates through the command line: deselect with -m "not slow"


def govkg(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "govkg.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_build_writes_graph_and_prints_counts_per_type(tmp_path):
    out = tmp_path / "o"
    r = govkg("build", str(REPORTS / "wangjiangjing-2022.txt"), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert (out / "graph.ttl").stat().st_size > 0
    assert (out / "graph.ttl").stat().st_mode & 0o044  # readable by others, like any output file
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "长虹路" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)  # nothing loaded from another host
    assert "Village" in r.stdout and "Road" in r.stdout and "figures" in r.stdout
    assert " s" in r.stdout.splitlines()[-1]  # the time taken


def test_build_of_a_folder_builds_every_report(tmp_path):
    import rdflib

    from govkg.rdf.namespace import GOV

    src = tmp_path / "in"
    src.mkdir()
    for name in ("wangjiangjing-2022.txt", "pixian-street-2021.txt"):
        (src / name).write_bytes((REPORTS / name).read_bytes())
    r = govkg("build", str(src), "-o", str(tmp_path / "o"))
    assert r.returncode == 0, r.stderr
    g = rdflib.Graph().parse(tmp_path / "o" / "graph.ttl")
    assert len(set(g.subjects(rdflib.RDF.type, GOV.Report))) == 2


@pytest.mark.parametrize("make, problem", [
    (lambda p: p.write_bytes(b""), "empty"),
    (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))), "binary"),
    (lambda p: p.write_bytes("政府工作报告".encode("utf-8") + b"\xff\xff\x80\x80 abc"), "undecodable"),
    (lambda p: p.write_text("Annual report of the town government.\n", encoding="utf-8"), "no Chinese"),
    (lambda p: p.mkdir(), "directory"),
])
def test_bad_input_gets_one_line_error_exit_2_and_no_output(tmp_path, make, problem):
    bad = tmp_path / "report.txt"
    make(bad)
    out = tmp_path / "out"
    r = govkg("build", str(bad), "-o", str(out))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "report.txt" in lines[0], r.stderr
    assert not (out / "graph.ttl").exists()
    assert not list(out.glob("*.tmp")) if out.exists() else True


def test_missing_file_is_a_one_line_error(tmp_path):
    r = govkg("build", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "o"))
    assert r.returncode == 2 and "nope.txt" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_failed_rebuild_keeps_the_previous_graph(tmp_path):
    out = tmp_path / "o"
    assert govkg("build", str(REPORTS / "pixian-street-2021.txt"), "-o", str(out)).returncode == 0
    before = (out / "graph.ttl").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert govkg("build", str(REPORTS / "pixian-street-2021.txt"), str(bad), "-o", str(out)).returncode == 2
    assert (out / "graph.ttl").read_bytes() == before


def test_help_explains_commands_and_build_options():
    r = govkg("--help")
    assert r.returncode == 0 and "build" in r.stdout and "政府工作报告" in r.stdout
    b = govkg("build", "--help")
    assert "-o" in b.stdout and "sample" in b.stdout and "INPUT" in b.stdout


def test_help_does_not_import_spacy_or_jieba():
    code = ("import sys\nfrom graph import cli\ncli.make_parser()\n"
            "print(any(m.split('.')[0] in ('spacy', 'jieba', 'pyoxigraph', 'pyshacl', 'pyvis') for m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "False"


def test_no_command_prints_help_and_exits_2():
    r = govkg()
    assert r.returncode == 2 and "usage" in r.stdout.lower()
