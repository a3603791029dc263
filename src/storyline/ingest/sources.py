"""Paths people type -> raw documents, one bad path never stopping the rest.

Files, folders (recursively, sorted, hidden files skipped), glob patterns and
``-`` for standard input.  Sizes are checked with ``stat`` before a byte is
read, so a path pointed at a disk image costs nothing.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import os
import stat as stat_mod
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from storyline import settings
from storyline.ingest.sniff import sniff
from storyline.ingest.warc import is_warc_name, iter_warc
from storyline.records import IngestError, RawDocument

STDIN = "<stdin>"
_GLOB_CHARS = frozenset("*?[")


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def raw_document(data: bytes, origin: str, *, name: str | None = None) -> RawDocument:
    """A :class:`RawDocument` for bytes already in memory (stdin, uploads, tests)."""
    return RawDocument(
        id=hashlib.sha256(data).hexdigest(),
        origin=origin,
        media_type=sniff(data, name if name is not None else origin),
        size=len(data),
        received_at=_now(),
        data=data,
    )


def _human(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"  # pragma: no cover - the loop always returns


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _walk(folder: Path) -> list[Path]:
    """Regular files under ``folder``, sorted, hidden files and folders left out."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=None, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def display_path(path: str | Path) -> str:
    """A path as text every store and terminal can hold: bytes that are not
    UTF-8 in a file name (kept by Python as lone surrogates) become ``\\xNN``."""
    text = str(path)
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def read_file(path: Path, origin: str, max_bytes: int) -> RawDocument | IngestError:
    """One file's bytes as a :class:`RawDocument`, or the reason it cannot be read."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return IngestError(origin, "no such file or directory")
    except PermissionError:
        return IngestError(origin, "permission denied")
    except OSError as exc:
        return IngestError(origin, f"cannot read: {exc.strerror or exc}")
    if not stat_mod.S_ISREG(info.st_mode):
        return IngestError(origin, "not a regular file (device, socket or pipe)")
    if info.st_size > max_bytes:
        return IngestError(
            origin,
            f"file too large: {_human(info.st_size)} is over the {_human(max_bytes)} limit "
            "(no news report is that big; raise max_input_bytes if you mean it)",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        return IngestError(origin, "permission denied")
    except IsADirectoryError:
        return IngestError(origin, "is a directory")
    except OSError as exc:
        return IngestError(origin, f"cannot read: {exc.strerror or exc}")
    if len(data) > max_bytes:  # the file grew between stat and read
        return IngestError(origin, f"file too large: over the {_human(max_bytes)} limit")
    return raw_document(data, origin, name=path.name)


def _read_stdin(stream: BinaryIO | None, max_bytes: int) -> RawDocument | IngestError:
    handle = stream if stream is not None else sys.stdin.buffer
    try:
        data = handle.read(max_bytes + 1)
    except OSError as exc:
        return IngestError(STDIN, f"cannot read standard input: {exc}")
    if len(data) > max_bytes:
        return IngestError(STDIN, f"input too large: over the {_human(max_bytes)} limit")
    return raw_document(data, STDIN, name="")


def _expand(path: str) -> tuple[list[Path], IngestError | None]:
    """Files named by one argument, or the error that it names none."""
    candidate = Path(path).expanduser()
    if candidate.is_dir():
        files = _walk(candidate)
        if not files:
            return [], IngestError(path, "directory holds no readable files")
        return files, None
    if candidate.exists() or candidate.is_symlink():
        return [candidate], None
    if _GLOB_CHARS & set(path):
        matches = sorted(glob.glob(os.path.expanduser(path), recursive=True))
        matched: list[Path] = []
        for match in matches:
            p = Path(match)
            if p.is_dir():
                matched.extend(_walk(p))
            elif not p.name.startswith("."):
                matched.append(p)
        if not matched:
            return [], IngestError(path, "no files match this pattern")
        return matched, None
    return [], IngestError(path, "no such file or directory")


def iter_files(
    paths: Sequence[str], *, seen: set[str] | None = None
) -> Iterator[tuple[Path, str] | IngestError]:
    """The files ``paths`` name, as ``(path, origin)``, and one
    :class:`IngestError` per argument that names none; ``-`` is not a file
    and is left out.  A file named twice (directly and via a folder) comes
    once (``seen`` holds the real paths given so far)."""
    seen = set() if seen is None else seen
    for path in paths:
        if path == "-":
            continue
        try:
            files, error = _expand(path)
        except (OSError, ValueError) as exc:  # e.g. a NUL byte or a name too long
            yield IngestError(display_path(path), f"invalid path: {exc}")
            continue
        if error is not None:
            yield IngestError(display_path(error.origin), error.reason)
            continue
        for file in files:
            key = os.path.realpath(file)
            if key in seen:
                continue
            seen.add(key)
            yield file, display_path(file)


def iter_sources(
    paths: Sequence[str],
    *,
    stdin: BinaryIO | None = None,
    max_bytes: int = settings.MAX_INPUT_BYTES,
) -> Iterator[RawDocument | IngestError]:
    """Yield one :class:`RawDocument` per readable file and one
    :class:`IngestError` per input that could not be read; never raises for a
    single bad input.  A file named twice (directly and via a folder) is read once.
    """
    stdin_read = False
    seen: set[str] = set()
    for path in paths:
        if path == "-":
            if stdin_read:
                continue
            stdin_read = True
            yield _read_stdin(stdin, max_bytes)
            continue
        for item in iter_files([path], seen=seen):
            if isinstance(item, IngestError):
                yield item
            elif is_warc_name(item[0].name):
                # a crawl of many pages: one raw document per page, each under the limit
                yield from iter_warc(item[0], item[1], max_record_bytes=max_bytes)
            else:
                yield read_file(item[0], item[1], max_bytes)
