"""A private PostgreSQL server for the test session (Debian's ``postgresql`` package).

The cluster lives in a temporary directory, listens on 127.0.0.1 on a free port
(and on a Unix socket inside that directory), trusts local connections and is
thrown away at the end. PostgreSQL refuses to run as root, so under root (as in
CI) every server command runs as the ``postgres`` system user.

Each test gets its own database, copied from a template that already carries
the migrated schema: a copy takes milliseconds, a migration a few hundred.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["PgServer"]

TEMPLATE = "flashdeck_template"
# Durability is not what these tests measure. Each CREATE DATABASE writes the copy to the
# WAL too; a small max_wal_size has checkpoints recycle it instead of piling it up.
_FAST = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=64MB -c max_connections=50"


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql (see .ci/run)")
    return Path(found[-1]).parent


def _scratch() -> str | None:
    """Memory-backed storage when there is room: creating a database there takes ~20 ms, not ~250."""
    shm = "/dev/shm"
    if os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 512 * 1024 * 1024:  # Docker's default is 64 MB
        return shm
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    """One throw-away cluster; ``create_database`` hands out fresh, migrated databases."""

    def __init__(self) -> None:
        self.bin = _bindir()
        self.root = Path(tempfile.mkdtemp(prefix="flashdeck-pg-", dir=_scratch()))
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self.data = self.root / "data"
        self.port = _free_port()
        self._names = itertools.count(1)
        self._admin: Any = None  # a psycopg connection in autocommit mode, once started

    # -- running the server ------------------------------------------------------------

    def _run(self, *argv: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        done = subprocess.run([*prefix, *argv], capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()}\n{tail}")

    def start(self) -> PgServer:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        self._start_server()
        import psycopg

        self._admin = psycopg.connect(self.dsn("postgres"), autocommit=True)
        return self

    def _start_server(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 {_FAST}"
        # -w: pg_ctl returns once the server accepts connections; -l: its output goes to the log, not our pipe.
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-o", options, "-w", "-t", "60", "start")

    def restart(self) -> None:
        """Stop the server (closing every connection, as a reboot or an upgrade of the server does), start it again."""
        with self.down():
            pass

    @contextlib.contextmanager
    def down(self) -> Iterator[None]:
        """The server stopped (every connection closed) for the ``with`` block, then started again."""
        assert self._admin is not None, "the server is not running"
        self._admin.close()
        self._admin = None
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")
        try:
            yield
        finally:
            self._start_server()
            import psycopg

            self._admin = psycopg.connect(self.dsn("postgres"), autocommit=True)

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    # -- databases ---------------------------------------------------------------------

    def dsn(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def url(self, database: str) -> str:
        """The SQLAlchemy URL FlashDeck takes (``--db`` / ``FLASHDECK_DB``)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _execute(self, statement: str) -> None:
        assert self._admin is not None, "the server is not running"
        self._admin.execute(statement)

    def create_database(self, *, migrated: bool = True) -> str:
        """A new database (with FlashDeck's schema unless ``migrated`` is false); returns its URL."""
        if migrated and not self._template_ready():
            self._make_template()
        name = f"t{next(self._names)}"
        self._execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE if migrated else 'template0'}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        self._execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]}")

    def _template_ready(self) -> bool:
        assert self._admin is not None
        return self._admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (TEMPLATE,)).fetchone() is not None

    def _make_template(self) -> None:
        from flashdeck.storage.store import Store

        self._execute(f"CREATE DATABASE {TEMPLATE} TEMPLATE template0")
        Store(self.url(TEMPLATE)).close()  # runs the migrations, then lets go (a template must be idle)
