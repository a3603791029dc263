"""Several processes writing one store at once: three `storyline ingest`
processes and a `storyline serve` taking uploads, over overlapping inputs, on
SQLite (WAL, a busy timeout) and on PostgreSQL.  The end state holds every
distinct article exactly once, and no process fails."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from storyline.store import Store

pytestmark = pytest.mark.slow

STORYLINE = [sys.executable, "-m", "storyline.cli"]


def _reports(folder: Path, count: int) -> list[Path]:
    """``count`` short, distinct plain-text reports."""
    folder.mkdir()
    paths = []
    for n in range(count):
        path = folder / f"report-{n:02d}.txt"
        path.write_text(
            f"Dock cranes idle in port number {n}\n\n"
            f"Work stopped at berth {n} on Tuesday after a power cut, the harbour office "
            f"said. Engineer team {n} expected to restore supply within {n + 2} hours, and "
            f"{n * 3 + 5} ships waited offshore while pilots held them at anchor.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _upload(port: int, path: Path) -> int:
    boundary = uuid.uuid4().hex
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
        f"filename=\"{path.name}\"\r\nContent-Type: text/plain\r\n\r\n"
    ).encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/uploads",
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return int(response.status)


def _wait_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"serve exited: {server.stderr.read().decode()}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("serve did not come up")


def test_three_ingests_and_a_server_write_one_store(store_target: str, tmp_path: Path) -> None:
    files = _reports(tmp_path / "in", 24)
    # each writer gets two thirds of the files: every file is written by two
    # of the three ingest processes, and a quarter of them by the server too
    shares = [files[0:16], files[8:24], [*files[16:24], *files[0:8]]]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    Store(store_target).close()  # migrated once; the writers race on the data
    port = _free_port()
    server = subprocess.Popen(
        [*STORYLINE, "serve", "--db", store_target, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        _wait_up(port, server)
        ingests = [
            subprocess.Popen(
                [*STORYLINE, "ingest", "--db", store_target, "--no-progress", *map(str, share)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
            for share in shares
        ]
        statuses = [_upload(port, path) for path in files[::4]]
        outputs = [p.communicate(timeout=300) for p in ingests]
    finally:
        server.terminate()
        server.wait(timeout=60)
    for process, (_out, err) in zip(ingests, outputs, strict=True):
        assert process.returncode == 0, err.decode()
        assert b"locked" not in err and b"Traceback" not in err, err.decode()
    assert set(statuses) <= {200, 201, 202}, statuses
    with Store(store_target) as store:
        articles = store.articles()
        raws = store.raw_ids()
        errors = store.errors()
    assert not errors, errors
    assert len(raws) == len(files)  # each file's bytes once
    assert len(articles) == len(files)  # each article once
    assert len({a.id for a in articles}) == len(files)
    titles = sorted(a.title or "" for a in articles)
    assert titles == sorted(f"Dock cranes idle in port number {n}" for n in range(24))
    assert json.dumps(titles)  # plain data back out
