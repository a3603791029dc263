"""Shared fixtures: paths to ../shared and the demo corpus, and a parsed seed brief."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
DEMO = ROOT / "examples" / "demo"
DEMO_REPORTS = DEMO / "reports"


def need_shared(path: Path = SHARED) -> Path:
    """Skip the calling test when ../shared (or a part of it) is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent: these tests read the shared seeds/data beside the repo")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return need_shared(SEEDS)


@pytest.fixture(scope="session")
def seed_brief(seeds_dir: Path):  # type: ignore[no-untyped-def]
    """The seed reports briefed once as one pile (the slow part: spaCy)."""
    import storyline

    return storyline.brief([str(seeds_dir)])


@pytest.fixture(scope="session")
def demo_brief():  # type: ignore[no-untyped-def]
    import storyline

    return storyline.brief([str(DEMO_REPORTS)])


#: Lines the quality gate (tests/test_quality_gate.py) asks to show after the
#: run: figures that rose above their baseline, and each subset's time.
GATE_NOTES: list[str] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if GATE_NOTES:
        terminalreporter.section("quality gate")
        for line in GATE_NOTES:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def pg_server():  # type: ignore[no-untyped-def]
    """One throwaway PostgreSQL cluster for the session (tests/pgserver.py); the
    tests that need it skip, with the reason, where it cannot be had."""
    from tests import pgserver

    if pgserver.bindir() is None:
        pytest.skip("PostgreSQL server binaries not found (make postgres installs Debian's)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'storyline[postgres]')")
    with pgserver.cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store lives, once per backend: a SQLite file, or a new
    database on the session's PostgreSQL cluster."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    import uuid

    from tests import pgserver

    url = request.getfixturevalue("pg_server")
    return pgserver.fresh_database(url, "t" + uuid.uuid4().hex[:12])
