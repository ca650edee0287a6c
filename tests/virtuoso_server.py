"""A throw-away OpenLink Virtuoso server for the tests: ``virtuoso-t`` with a temporary database.

The ``virtuoso`` fixture (session scope) writes a virtuoso.ini into a temporary folder (database,
SQL port and HTTP port on free 127.0.0.1 ports, DirsAllowed = the folder's ``shards/``), starts
``virtuoso-t +foreground``, waits until isql answers, and stops it at the end (terminate, wait).
The server's TMPDIR is a folder of its own: Virtuoso always allows its temporary folder, and the
system's /tmp would let it read every test's files. A fresh database's dba password is "dba".
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import stop_process

PASSWORD = "dba"  # a fresh database's
VSP = Path("/var/lib/virtuoso-opensource-7/vsp")  # Debian's HTTP server root (the endpoint needs none of it)

INI = """\
[Database]
DatabaseFile       = {root}/db/virtuoso.db
ErrorLogFile       = {root}/db/virtuoso.log
LockFile           = {root}/db/virtuoso.lck
TransactionFile    = {root}/db/virtuoso.trx
xa_persistent_file = {root}/db/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {root}/db/virtuoso-temp.db
TransactionFile    = {root}/db/virtuoso-temp.trx
Striping           = 0

[Parameters]
ServerPort         = 127.0.0.1:{sql}
DisableUnixSocket  = 1
CheckpointInterval = 60
DirsAllowed        = {root}/shards
NumberOfBuffers    = 20000
MaxDirtyBuffers    = 12000
ThreadsPerQuery    = 2

[HTTPServer]
ServerPort         = 127.0.0.1:{http}
{server_root}ServerThreads      = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryExecutionTime      = 120
MaxQueryCostEstimationTime = 0
"""


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running test server: its SQL address (for isql), its HTTP base URL, and the folder it may read."""

    sql: str
    http: str
    shards: Path
    log: Path

    @property
    def sparql(self) -> str:
        return self.http + "/sparql"

    @property
    def graph_store(self) -> str:
        return self.http + "/sparql-graph-crud-auth"

    def isql(self, *statements: str) -> list[str]:
        """Run SQL statements as dba; return the output lines (raises VirtuosoError on an error)."""
        from govkg.store.virtuoso import Isql, isql_program

        return Isql(self.sql, "dba", PASSWORD, isql_program()).run(list(statements), timeout=120)


@contextmanager
def running_virtuoso(root: Path):
    """Start virtuoso-t on a fresh database under ``root``; yield a Server; stop it."""
    from govkg.store.virtuoso import VirtuosoError

    for sub in ("db", "shards", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    ini = root / "virtuoso.ini"
    server_root = f"ServerRoot         = {VSP}\n" if VSP.is_dir() else ""
    ini.write_text(INI.format(root=root, sql=sql, http=http, server_root=server_root), encoding="utf-8")
    log = root / "virtuoso-t.out"
    with log.open("wb") as out:
        proc = subprocess.Popen([shutil.which("virtuoso-t"), "+foreground", "+configfile", str(ini)], cwd=root,
                                stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(root / "tmp")})
    server = Server(f"127.0.0.1:{sql}", f"http://127.0.0.1:{http}", root / "shards", log)
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"virtuoso-t exited with {proc.returncode}: {log.read_text(errors='replace')[-800:]}")
            try:
                server.isql("select 1")
                break
            except VirtuosoError:
                if time.monotonic() > deadline:
                    pytest.fail(f"Virtuoso did not answer isql within 90 s: {log.read_text(errors='replace')[-800:]}")
                time.sleep(0.3)
        yield server
    finally:
        stop_process(proc, grace=60)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A Virtuoso server for the session (skipped where virtuoso-t is missing; under CI=true that fails)."""
    if not (shutil.which("virtuoso-t") and shutil.which("isql-vt")):
        pytest.skip("Virtuoso is not installed (virtuoso-t, isql-vt): scripts/test.sh installs virtuoso-opensource")
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server
