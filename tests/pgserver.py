"""A throwaway PostgreSQL cluster for tests: Debian's server binaries, a
temporary data folder, a Unix socket of its own, stopped at the end.

``initdb`` refuses to run as root, and CI runs as root: the cluster then
belongs to the ``postgres`` system user (``runuser -u postgres``).  As any
other user it runs as that user.  Nothing listens on TCP.  Tests skip, with the
reason, only where no server binaries can be found (``make postgres`` installs
Debian's ``postgresql`` when it is missing, as ``make browser`` does for
chromium).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def bindir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (newest Debian version first)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_owner(argv: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *argv] if owner else argv


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    """Start a cluster; yields its connection URL (database ``storyline``)."""
    bins = bindir()
    if bins is None:
        raise FileNotFoundError("PostgreSQL server binaries not found (apt-get install postgresql)")
    owner = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="storyline-pg-"))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if owner:
        shutil.chown(root, owner)
        shutil.chown(sockets, owner)
    port = 15432 + os.getpid() % 1000
    try:
        subprocess.run(
            _as_owner([str(bins / "initdb"), "-A", "trust", "--no-sync", "-U", "postgres",
                       "-E", "UTF8", "-D", str(data)], owner),
            check=True,
            capture_output=True,
            text=True,
        )
        options = f"-k {sockets} -p {port} -c listen_addresses='' -c fsync=off"
        subprocess.run(
            _as_owner([str(bins / "pg_ctl"), "-w", "-D", str(data), "-o", options,
                       "-l", str(root / "log"), "start"], owner),
            check=True,
            capture_output=True,
            text=True,
        )
        subprocess.run(
            _as_owner([str(bins / "createdb"), "-h", str(sockets), "-p", str(port),
                       "-U", "postgres", "storyline"], owner),
            check=True,
            capture_output=True,
            text=True,
        )
        yield f"postgresql://postgres@/storyline?host={sockets}&port={port}"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                _as_owner([str(bins / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                          owner),
                capture_output=True,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(url: str, name: str) -> str:
    """A new empty database on the cluster of ``url``; returns its URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.replace("/storyline?", f"/{name}?")
