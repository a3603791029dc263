"""The command line: every command documented, briefs written, bad inputs named, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import EXIT_NOTHING, EXIT_SOME_FAILED, main
from tests.conftest import DEMO_REPORTS

COMMANDS = ["brief", "ingest", "stories", "watch", "serve", "quarantine"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    # the first line of the docstring is the summary shown in `storyline --help`
    assert len(result.output.split("\n\n")[1].strip()) > 20


def test_top_level_help_lists_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


def test_ingest_twice_adds_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", "--db", db, str(DEMO_REPORTS / "01-meridian-wire.txt")])
    assert first.exit_code == 0, first.output
    assert "1 new document(s)" in first.output
    second = runner.invoke(main, ["ingest", "--db", db, str(DEMO_REPORTS / "01-meridian-wire.txt")])
    assert second.exit_code == 0
    assert "0 new document(s), 1 already stored" in second.output
    assert "1 article(s) in" in second.output


def test_bad_inputs_are_named_and_the_rest_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 64)
    good = tmp_path / "good.txt"
    good.write_text((DEMO_REPORTS / "01-meridian-wire.txt").read_text())
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(
        main,
        [
            "ingest",
            "--db",
            db,
            str(tmp_path / "empty.txt"),
            str(tmp_path / "blob.bin"),
            str(good),
            str(tmp_path / "missing.txt"),
        ],
    )
    assert result.exit_code == EXIT_SOME_FAILED
    for name in ("empty.txt", "blob.bin", "missing.txt"):
        assert name in result.stderr, result.stderr
    assert "1 article(s)" in result.stdout


def test_nothing_readable_exits_3(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["brief", "--db", str(tmp_path / "s.db"), str(tmp_path / "nope")]
    )
    assert result.exit_code == EXIT_NOTHING
    assert "nope" in result.stderr


@pytest.mark.slow
def test_brief_writes_three_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "brief",
            "--db",
            str(tmp_path / "s.db"),
            "--one",
            "-o",
            str(out),
            str(DEMO_REPORTS / "01-meridian-wire.txt"),
            str(DEMO_REPORTS / "02-pontic-news.md"),
        ],
    )
    assert result.exit_code == 0, result.output + result.stderr
    data = json.loads((out / "brief.json").read_text())
    assert data["schema"] == "storyline.brief/1"
    assert len(data["articles"]) == 2
    html = (out / "brief.html").read_text()
    assert "<script src=" not in html and "http://" not in html.split("<main>")[0]
    assert (out / "brief.md").read_text().startswith("# ")
    assert result.stdout.startswith("# ")


@pytest.mark.slow
def test_brief_keeps_stories_and_briefs_for_serve(tmp_path: Path) -> None:
    from storyline.store import Store

    db = tmp_path / "s.db"
    result = CliRunner().invoke(
        main, ["brief", "--db", str(db), str(DEMO_REPORTS / "01-meridian-wire.txt")]
    )
    assert result.exit_code == 0, result.stderr
    store = Store(db)
    stories = store.stories()
    assert stories
    brief = store.brief(stories[0].id)
    assert brief is not None and brief.articles
