"""Bulk-load shards into OpenLink Virtuoso over isql (``govkg load OUT --virtuoso HOST:PORT``).

Virtuoso's bulk loader reads the files itself: ``ld_dir`` registers shard files in
``DB.DBA.LOAD_LIST``, ``rdf_loader_run()`` loads them (each quad into the graph it names: one graph
per report, and ``SHARED_GRAPH``) and ``checkpoint`` makes the load durable. The server opens the
files, so OUT must be at the same path on the server's machine and inside a folder that its
virtuoso.ini allows (``DirsAllowed`` in ``[Parameters]``). A report's statistics graph
(:mod:`govkg.store.stats`) travels with its report graph: loaded, cleared and replaced with it (only
an Oxigraph store answers queries from them; the stamp that says they are complete is not written).

The load keeps the rules of ``govkg load --store`` (:func:`govkg.store.shards.load_shards_here`):
a report the server holds with the manifest's content hash is left alone; one with another hash
has its graph cleared and loaded again from the shard the manifest names; new shared triples are
added to ``SHARED_GRAPH`` and, after a replacement, entities no report mentions any more are
removed from it. A shard that also holds reports not to load (unchanged ones, or an older version
of a report built again since) is copied without their lines into ``OUT/.virtuoso-load/``, and the
loader reads the copy. A load that is killed leaves rows of ``LOAD_LIST`` unfinished (or with an
error): the next load clears the graphs of those files and loads them again.

``rdf_loader_run()`` loads every file waiting in ``LOAD_LIST``, whoever registered it. isql speaks
to the server's SQL port (``ServerPort``, 1111 by default), as the account in
``GOVKG_VIRTUOSO_USER`` (dba when unset) with the password in ``GOVKG_VIRTUOSO_PASSWORD``; the
password goes to isql on its standard input, never on its command line (which other local users
can read).
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from govkg import defaults
from govkg.errors import GovkgError
from govkg.store import REMOVE_ORPHANS, SHARED_GRAPH, STORED_REPORTS
from govkg.store.shards import (
    MANIFEST,
    LoadSummary,
    ShardError,
    _graph_of,
    graphs_by_shard,
    read_shard,
    report_graphs,
    shard_reports,
    write_gzip_atomic,
)

STAGING = ".virtuoso-load"  # under OUT: the shard copies that leave out reports not to load
MASK = "*.nq.gz"
QUICK = 120.0  # seconds for a statement that should be quick (log in, list, register, clear)
ISQL_OPTIONS = ("BANNER=OFF", "VERBOSE=OFF", "PROMPT=OFF", "ECHO=OFF", "MACRO_SUBSTITUTION=OFF", "CSV=ON")
GOV = "https://w3id.org/govkg/ontology#"
# entities that may be orphans: a govkg type in SHARED_GRAPH and no mention in any graph (REMOVE_ORPHANS
# checks the rest, once per candidate: Virtuoso runs its property path only from a constant)
ORPHAN_CANDIDATES = (f"SELECT DISTINCT ?e WHERE {{ GRAPH <{SHARED_GRAPH}> {{ ?e a ?type }} "
                     f'FILTER(STRSTARTS(STR(?type), "{GOV}")) FILTER NOT EXISTS {{ GRAPH ?g {{ ?e <{GOV}mention> ?m }} }} }}')


class VirtuosoError(GovkgError):
    """A Virtuoso server that does not answer, refuses the login, or refuses or fails the load (exit 2)."""


def check_address(address: str) -> str:
    """Return HOST:PORT (Virtuoso's SQL port), or raise VirtuosoError.

    >>> check_address("localhost:1111")
    'localhost:1111'
    """
    m = re.fullmatch(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})", address or "")
    if not m or not 0 < int(m.group(2)) < 65536:
        raise VirtuosoError(f"--virtuoso {address!r}: give HOST:PORT of Virtuoso's SQL port (ServerPort in "
                            "virtuoso.ini), e.g. localhost:1111")
    return address


def credentials(env=None) -> tuple[str, str]:
    """Read (user, password) for isql from the environment; the user is dba when unset."""
    env = os.environ if env is None else env
    user = env.get(defaults.ENV_VIRTUOSO_USER) or defaults.VIRTUOSO_USER
    password = env.get(defaults.ENV_VIRTUOSO_PASSWORD)
    if not password:
        raise VirtuosoError(f"set {defaults.ENV_VIRTUOSO_PASSWORD} to the password of Virtuoso's account {user} "
                            f"(the account is {defaults.ENV_VIRTUOSO_USER}, dba when unset)")
    return user, password


def isql_program(env=None) -> str:
    """Return the path of Virtuoso's isql client ($GOVKG_ISQL, else isql-vt on PATH), or raise VirtuosoError."""
    env = os.environ if env is None else env
    name = env.get(defaults.ENV_ISQL) or defaults.ISQL
    found = shutil.which(name)
    if not found:
        raise VirtuosoError(f"{name}: Virtuoso's isql client is not installed (Debian: apt install virtuoso-opensource; "
                            f"or set {defaults.ENV_ISQL} to its path)")
    return found


def _octal(text: str) -> str:
    r"""Write text as isql string escapes, one per byte (isql reads ``;``, ``$`` and ``\`` otherwise).

    >>> _octal("a;b")
    '\\141\\073\\142'
    """
    return "".join(f"\\{b:03o}" for b in text.encode("utf-8"))


def _path(p: str | Path) -> str:
    """Return an SQL expression for a file path (its UTF-8 bytes, which isql would not pass unchanged)."""
    return f"decode_base64('{base64.b64encode(str(p).encode('utf-8')).decode('ascii')}')"


def _unpath(field: str) -> str:
    """Read a path written by ``encode_base64`` back (isql's CSV mode writes its line breaks as %0D%0A)."""
    return base64.b64decode(field.replace("%0D%0A", "")).decode("utf-8", "replace")


_ERROR = re.compile(r"\*\*\* Error (\S+): (?:\[[^\]]*\])*\s*(.*)")


class Isql:
    """Statements run on a Virtuoso server through its isql client, one session per call."""

    def __init__(self, address: str, user: str, password: str, program: str):
        self.address, self.user, self.password, self.program = address, user, password, program

    def run(self, statements: list[str], timeout: float | None = QUICK) -> list[str]:
        """Run statements in one session; return the output lines (CSV), or raise VirtuosoError after an error.

        isql goes on after a failed statement: a caller runs together only statements whose failure
        leaves nothing to undo.
        """
        script = f'SET PWD="{_octal(self.password)}";\n' + "".join(f"{s.strip().rstrip(';')};\n" for s in statements)
        try:
            r = subprocess.run([self.program, f"DSN={self.address}", f"UID={self.user}", *ISQL_OPTIONS],
                               input=script.encode("utf-8"), capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise VirtuosoError(f"{self.address}: no answer from Virtuoso within {timeout:g} s") from None
        except OSError as e:
            raise VirtuosoError(f"{self.program}: cannot run isql ({e.strerror or e})") from None
        err = r.stderr.decode("utf-8", "replace")
        if r.returncode != 0 or "*** Error" in err:
            raise VirtuosoError(self.explain(err, r.returncode))
        return r.stdout.decode("utf-8", "replace").splitlines()

    def explain(self, err: str, code: int) -> str:
        """Turn isql's error output into one line (without the password)."""
        m = _ERROR.search(err)
        state, text = (m.group(1), " ".join(m.group(2).split())) if m else ("", " ".join(err.split())[:200])
        if len(self.password) >= 4:
            text = text.replace(self.password, "[redacted]")
        where = f"Virtuoso at {self.address}"
        if state == "28000" or "Bad login" in text:
            return (f"{where} refused the login of {self.user}: check {defaults.ENV_VIRTUOSO_USER} and "
                    f"{defaults.ENV_VIRTUOSO_PASSWORD}")
        if "CL033" in text or "Connect failed" in text or state in ("08001", "S2801"):
            port = self.address.rsplit(":", 1)[-1]
            return (f"{where} does not answer: is the server running, and is {port} its ServerPort "
                    "(the SQL port, 1111 by default, not the HTTP port)?")
        if "FA003" in text or "access control in ini file" in text:
            denied = re.search(r"Access to '([^']*)'", text)
            folder = denied.group(1) if denied else "the shard folder"
            return (f"{where} may not read {folder}: add it (or a folder above it) to DirsAllowed in the "
                    "[Parameters] section of the server's virtuoso.ini, and restart the server")
        if "FA020" in text:
            return (f"{where} cannot list {text.split(chr(39))[1] if chr(39) in text else 'the shard folder'}: the "
                    "server reads the shards itself, so they must be at the same path on its machine")
        return f"{where}: {state + ': ' if state else ''}{text or f'isql exited with {code}'}"[:400]

    def select(self, sparql: str) -> list[list[str]]:
        """Run a SPARQL SELECT; return its rows as lists of field texts (IRIs and plain ASCII values only)."""
        return [line.split(";") for line in self.run([f"SPARQL {sparql}"]) if line]


# --------------------------------------------------------------------------- the load

def load_virtuoso(out_dir, address: str, *, user: str, password: str, jobs: int = 1,
                  program: str | None = None) -> LoadSummary:
    """Bulk-load the shards of ``out_dir`` into the Virtuoso server at ``address`` (its SQL port).

    ``jobs`` loaders (``rdf_loader_run()`` sessions) run at once. Returns a LoadSummary whose
    ``quads`` counts the lines of the files handed to the loader.
    """
    t0 = time.perf_counter()
    address = check_address(address)
    out = Path(out_dir).resolve()
    if not (out / MANIFEST).is_file():
        raise ShardError(f"{out}: no {MANIFEST} (not a folder written by 'govkg build --shards')")
    if jobs < 1:
        raise VirtuosoError("-j/--jobs must be at least 1")
    isql = Isql(address, user, password, program or isql_program())
    reports = shard_reports(out)
    summary = LoadSummary(store=f"virtuoso {address}")

    stale = _unfinished(isql, out)  # graphs of files an earlier load left unfinished
    stored = {row[0]: row[1] for row in isql.select(STORED_REPORTS) if len(row) == 2}
    todo = {iri: e for iri, e in reports.items() if stored.get(iri) != e["sha256"] or iri in stale}
    summary.unchanged = len(reports) - len(todo)
    replaced = sorted(iri for iri in todo if iri in stored)
    clear = sorted(iri for iri in todo if iri in stored or iri in stale)
    if clear:
        isql.run(["log_enable(3, 1)"] + [f"SPARQL CLEAR GRAPH <{g}>" for iri in clear for g in report_graphs(iri)])
    if stale:  # their graphs are cleared now: a load killed from here on finds them missing
        isql.run([f"delete from DB.DBA.LOAD_LIST where {_unfinished_rows(out)}"])

    files, summary.quads = _files_to_load(out, todo)
    summary.shards = len(files)
    if files:
        _register(isql, out, files)
        _run_loaders(isql, jobs)
        _check_loaded(isql, out)
    if replaced:
        _remove_orphans(isql)
    if files or clear:
        isql.run(["checkpoint"], timeout=None)
    shutil.rmtree(out / STAGING, ignore_errors=True)
    summary.loaded = sorted(iri for iri in todo if iri not in stored)
    summary.replaced = replaced
    summary.seconds = time.perf_counter() - t0
    return summary


def _unfinished_rows(out: Path) -> str:
    """Return the SQL condition of the LOAD_LIST rows of this folder's files left unfinished or failed."""
    prefix = f"{out}/"
    return (f"left(ll_file, {len(prefix.encode('utf-8'))}) = {_path(prefix)} "
            "and (ll_state <> 2 or ll_error is not null)")


def _unfinished(isql: Isql, out: Path) -> set[str]:
    """Return the report graphs of this folder's files that an earlier load left unfinished or failed."""
    rows = isql.run([f"select encode_base64(ll_file) from DB.DBA.LOAD_LIST where {_unfinished_rows(out)}"])
    graphs: set[str] = set()
    for field in filter(None, rows):
        path = Path(_unpath(field))
        if path.parent.name == STAGING and not path.exists():  # a copy that is gone: its shard holds more
            path = out / (path.name.split(".", 1)[0] + ".nq.gz")
        graphs |= _graphs_in(path)
    return graphs - {SHARED_GRAPH}


def _graphs_in(path: Path) -> set[str]:
    """Return the graph IRIs of a shard file (empty if it cannot be read)."""
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError):
        return set()
    return {_graph_of(line).decode() for line in data.splitlines() if line.strip()}


def _files_to_load(out: Path, todo: dict) -> tuple[list[Path], int]:
    """Return the files holding the reports to load (a shard, or a copy of its wanted lines) and their line count."""
    files, quads = [], 0
    for shard, keep in sorted(graphs_by_shard(todo).items()):
        data, whole = read_shard(out, shard, keep)
        quads += data.count(b"\n")
        if whole:
            files.append(out / shard)
            continue
        digest = hashlib.sha256(b"\n".join(sorted(keep))).hexdigest()[:16]
        copy = out / STAGING / f"{shard.removesuffix('.nq.gz')}.{digest}.nq.gz"
        copy.parent.mkdir(exist_ok=True)
        write_gzip_atomic(copy, data)
        files.append(copy)
    return files, quads


def _register(isql: Isql, out: Path, files: list[Path]) -> None:
    """Put the files into LOAD_LIST with ld_dir (a whole folder at once when every shard file of it is wanted)."""
    statements = [f"delete from DB.DBA.LOAD_LIST where ll_file = {_path(f)}" for f in files]
    by_folder: dict[Path, list[Path]] = {}
    for f in files:
        by_folder.setdefault(f.parent, []).append(f)
    for folder, wanted in sorted(by_folder.items()):
        # an N-Quads line names its graph: ld_dir's graph argument applies to none of them
        if {f.name for f in wanted} == {p.name for p in folder.glob(MASK)}:
            statements.append(f"ld_dir({_path(folder)}, '{MASK}', '{SHARED_GRAPH}')")
        else:
            statements += [f"ld_dir({_path(folder)}, '{f.name}', '{SHARED_GRAPH}')" for f in wanted]
    isql.run(statements)


def _run_loaders(isql: Isql, jobs: int) -> None:
    """Run ``jobs`` rdf_loader_run() sessions at once and wait for all of them."""
    if jobs == 1:
        isql.run(["rdf_loader_run()"], timeout=None)
        return
    with ThreadPoolExecutor(jobs) as pool:  # threads that wait on isql processes
        for f in [pool.submit(isql.run, ["rdf_loader_run()"], None) for _ in range(jobs)]:
            f.result()


def _check_loaded(isql: Isql, out: Path) -> None:
    """Raise VirtuosoError if the loader left a file of this folder unloaded or failed on it."""
    query = f"select encode_base64(ll_file), ll_state, ll_error from DB.DBA.LOAD_LIST where {_unfinished_rows(out)}"
    rows = isql.run([query])
    for row in filter(None, rows):
        field, state, error = (row.split(";", 2) + ["", ""])[:3]
        why = error.replace("%0D%0A", " ") or f"left in state {state} (not loaded)"
        raise VirtuosoError(f"Virtuoso at {isql.address} did not load {_unpath(field)}: {why[:300]} "
                            "(run the load again: it reloads the reports of that file)")


def _remove_orphans(isql: Isql) -> None:
    """Delete the shared triples of entities no report graph mentions any more (as REMOVE_ORPHANS does)."""
    candidates = [row[0] for row in isql.select(ORPHAN_CANDIDATES) if row and row[0]]
    if candidates:
        deletes = [f"SPARQL {re.sub(r'[?]e(?![A-Za-z0-9_])', f'<{iri}>', REMOVE_ORPHANS)}" for iri in candidates]
        isql.run(["log_enable(3, 1)", *deletes])
