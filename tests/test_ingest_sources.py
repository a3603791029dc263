"""iter_sources: files, folders, globs, stdin; one bad input never stops the rest."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from storyline import settings
from storyline.ingest import iter_sources, parse, raw_document
from storyline.records import IngestError, RawDocument

TEXT = b"Title line\n\nA body paragraph that says something about a river and a town.\n"


def _write(path: Path, data: bytes = TEXT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_folder_is_walked_recursively_sorted_without_hidden_files(tmp_path: Path) -> None:
    _write(tmp_path / "b.txt")
    _write(tmp_path / "a.txt", TEXT + b"a")
    _write(tmp_path / "sub" / "c.txt", TEXT + b"c")
    _write(tmp_path / ".hidden.txt", TEXT + b"h")
    _write(tmp_path / ".git" / "config", TEXT + b"g")
    found = list(iter_sources([str(tmp_path)]))
    assert all(isinstance(r, RawDocument) for r in found)
    names = [Path(r.origin).relative_to(tmp_path).as_posix() for r in found]
    assert names == ["a.txt", "b.txt", "sub/c.txt"]


def test_raw_document_fields(tmp_path: Path) -> None:
    import hashlib

    path = _write(tmp_path / "x.txt")
    (raw,) = list(iter_sources([str(path)]))
    assert isinstance(raw, RawDocument)
    assert raw.id == hashlib.sha256(TEXT).hexdigest()
    assert raw.origin == str(path)
    assert raw.size == len(TEXT) and raw.data == TEXT
    assert raw.media_type == "text/plain"
    assert raw.received_at.endswith("Z") and "T" in raw.received_at


def test_glob_and_missing_paths_do_not_stop_the_batch(tmp_path: Path) -> None:
    _write(tmp_path / "one.txt")
    _write(tmp_path / "two.txt", TEXT + b"2")
    _write(tmp_path / "three.html", b"<html></html>")
    found = list(
        iter_sources(
            [str(tmp_path / "missing.txt"), str(tmp_path / "*.txt"), str(tmp_path / "*.pdf")]
        )
    )
    assert isinstance(found[0], IngestError)
    assert found[0].reason == "no such file or directory"
    assert [Path(r.origin).name for r in found[1:3]] == ["one.txt", "two.txt"]
    assert isinstance(found[3], IngestError) and "no files match" in found[3].reason


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    _write(tmp_path / "only_hidden" / ".x", TEXT)
    found = list(iter_sources([str(tmp_path / "empty"), str(tmp_path / "only_hidden")]))
    assert [type(r) for r in found] == [IngestError, IngestError]
    assert all("no readable files" in r.reason for r in found if isinstance(r, IngestError))


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    small = _write(tmp_path / "small.txt")
    found = list(iter_sources([str(big), str(small)]))
    assert isinstance(found[0], IngestError)
    assert found[0].origin == str(big)
    assert "too large" in found[0].reason and "200.0 MB" in found[0].reason
    assert settings.MAX_INPUT_BYTES < 200 * 1024 * 1024
    assert isinstance(found[1], RawDocument)


def test_max_bytes_is_respected(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.txt")
    (result,) = list(iter_sources([str(path)], max_bytes=10))
    assert isinstance(result, IngestError) and "too large" in result.reason


def test_stdin(tmp_path: Path) -> None:
    found = list(iter_sources(["-", "-"], stdin=io.BytesIO(TEXT)))
    assert len(found) == 1  # stdin is read once
    (raw,) = found
    assert isinstance(raw, RawDocument) and raw.origin == "<stdin>" and raw.data == TEXT
    (article,) = parse(raw)
    assert article.origin == "<stdin>" and article.title == "Title line"
    (too_big,) = list(iter_sources(["-"], stdin=io.BytesIO(b"x" * 100), max_bytes=50))
    assert isinstance(too_big, IngestError) and too_big.origin == "<stdin>"


def test_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.txt")
    found = list(iter_sources([str(path), str(tmp_path), str(path)]))
    assert len(found) == 1


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode"
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "secret.txt")
    path.chmod(0)
    try:
        (result,) = list(iter_sources([str(path)]))
    finally:
        path.chmod(0o644)
    assert isinstance(result, IngestError) and result.reason == "permission denied"


def test_special_file_is_refused(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (result,) = list(iter_sources([str(fifo)]))
    assert isinstance(result, IngestError) and "not a regular file" in result.reason


def test_raw_document_helper_sniffs_by_bytes() -> None:
    raw = raw_document(b"<!DOCTYPE html><html><body><p>x</p></body></html>", "page.txt")
    assert raw.media_type == "text/html"


def test_permission_error_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs as root too (where chmod 0 does not stop reads): the error is injected.
    path = _write(tmp_path / "locked.txt")
    other = _write(tmp_path / "open.txt", TEXT + b"o")
    real_open = Path.open

    def guarded(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", guarded)
    found = list(iter_sources([str(path), str(other)]))
    assert isinstance(found[0], IngestError) and found[0].reason == "permission denied"
    assert isinstance(found[1], RawDocument)


def test_invalid_paths_are_errors_not_exceptions(tmp_path: Path) -> None:
    found = list(iter_sources(["bad\x00name.txt", "x" * 5000, str(_write(tmp_path / "ok.txt"))]))
    assert [type(r) for r in found] == [IngestError, IngestError, RawDocument]
