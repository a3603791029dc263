"""WARC files, as Common Crawl News publishes them: one raw document per HTML page.

A WARC file (``.warc`` or ``.warc.gz``, often a gigabyte) is not one report
but thousands, so it is never stored or refused as a whole:
:func:`iter_warc` streams it record by record and yields one
:class:`~storyline.records.RawDocument` per ``response`` record whose HTTP
payload is HTML.  The raw document's bytes are that record alone, written
back as an uncompressed one-record WARC (WARC headers, HTTP headers, body), so
the store keeps what was received and :func:`parse_record` can read it again
later without the big file.  ``WARC-Target-URI`` becomes the article's url and
``WARC-Date`` the document's ``received_at`` (when it was fetched); the page's
own metadata still decides the published date, through the HTML reader.

Anything else gives a per-record note and the file goes on: a ``revisit``
record (no payload, only a pointer to an earlier capture), a response that is
not HTML, a record too large.  ``request``, ``warcinfo`` and ``metadata``
records carry no report and are passed over.  A truncated gzip member or a
damaged record ends the file with a note saying where; the records before it
are kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from storyline.errors import DependencyMissingError, InputError
from storyline.records import IngestError, RawDocument

MEDIA_TYPE = "application/warc"
#: Names that make a path a WARC file (the bytes of a gzipped one show nothing).
SUFFIXES = (".warc", ".warc.gz")
#: Record types that hold no report and are passed over without a note.
SILENT_TYPES = frozenset({"request", "warcinfo", "metadata", "resource", "conversion"})
HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc_name(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def is_warc_bytes(data: bytes) -> bool:
    """An uncompressed WARC record starts with its version line."""
    return data[:8] in (b"WARC/1.0", b"WARC/1.1")


def _warcio() -> Any:
    try:
        import warcio.archiveiterator
        import warcio.warcwriter
    except ImportError as exc:
        raise DependencyMissingError("reading WARC files", "warcio") from exc
    return warcio


def _starts_like_warc(handle: BinaryIO) -> bool:
    """Whether the file opens with a WARC version line, gzipped or not."""
    import zlib

    head = handle.read(4096)
    handle.seek(0)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return is_warc_bytes(head)


def _fetch_date(value: str | None) -> str:
    """``received_at`` from a WARC-Date (ISO 8601 with a Z); now when absent."""
    if value:
        try:
            when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return when.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace(
                "+00:00", "Z"
            )
        except ValueError:
            pass
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _content_type(record: Any) -> str:
    headers = record.http_headers
    value = headers.get_header("Content-Type") if headers is not None else None
    return (value or "").split(";", 1)[0].strip().lower()


def _one_record(record: Any, body: bytes) -> bytes:
    """The record as an uncompressed one-record WARC: its WARC headers (the
    length set to this block), its HTTP headers and the payload as received."""
    http = record.http_headers.to_bytes() if record.http_headers is not None else b""
    block = http + body
    lines = []
    for name, value in record.rec_headers.headers:
        if name.lower() in ("content-length", "warc-block-digest", "warc-payload-digest"):
            continue
        lines.append(f"{name}: {value}")
    lines.append(f"Content-Length: {len(block)}")
    head = (record.rec_headers.protocol or "WARC/1.0") + "\r\n" + "\r\n".join(lines) + "\r\n\r\n"
    return head.encode("utf-8", "surrogateescape") + block + b"\r\n\r\n"


def iter_warc(
    path: Path, origin: str, *, max_record_bytes: int
) -> Iterator[RawDocument | IngestError]:
    """One raw document per HTML response record of the WARC file at ``path``;
    an :class:`IngestError` note per record that cannot be one."""
    warcio = _warcio()
    try:
        handle: BinaryIO = path.open("rb")
    except OSError as exc:
        yield IngestError(origin, f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        if not _starts_like_warc(handle):
            yield IngestError(origin, "not a WARC file (no WARC/1.x record at its start)")
            return
        records = warcio.archiveiterator.ArchiveIterator(handle)
        number = 0
        while True:
            where = f"{origin}#record{number + 1}"
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as exc:  # zlib.error, EOFError, ArchiveLoadFailed...
                yield IngestError(
                    where, f"damaged WARC ({type(exc).__name__}: {exc}); the rest of the file "
                    "cannot be read, the records before it are kept"
                )
                return
            number += 1
            try:
                item = _document(record, where, origin, max_record_bytes)
                while record.raw_stream.read(1 << 16):
                    pass  # the rest of the block, so a short one shows
            except Exception as exc:  # a damaged block inside a readable member
                item = IngestError(where, f"damaged WARC record ({type(exc).__name__}: {exc})")
            if getattr(record.raw_stream, "limit", 0) > 0:
                yield IngestError(
                    where, "truncated WARC record (the file ends inside it); the records "
                    "before it are kept"
                )
                return
            if item is not None:
                yield item
        if number == 0:
            yield IngestError(origin, "no WARC records found (not a WARC file?)")


def _document(
    record: Any, where: str, origin: str, max_record_bytes: int
) -> RawDocument | IngestError | None:
    kind = record.rec_type
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    label = f"{where} ({uri})" if uri else where
    if kind in SILENT_TYPES:
        return None
    if kind == "revisit":
        return IngestError(
            label, "revisit record: no payload, only a pointer to an earlier capture"
        )
    if kind != "response":
        return IngestError(label, f"{kind} record: not a page")
    content_type = _content_type(record)
    if content_type and content_type not in HTML_TYPES:
        return IngestError(label, f"not HTML ({content_type})")
    body = record.raw_stream.read(max_record_bytes + 1)
    if len(body) > max_record_bytes:
        return IngestError(label, f"record over the {max_record_bytes:,}-byte limit")
    if not body.strip():
        return IngestError(label, "empty response")
    data = _one_record(record, body)
    return RawDocument(
        id=hashlib.sha256(data).hexdigest(),
        origin=f"{origin}#{uri}" if uri else where,
        media_type=MEDIA_TYPE,
        size=len(data),
        received_at=_fetch_date(record.rec_headers.get_header("WARC-Date")),
        data=data,
    )


def read_record(raw: RawDocument) -> tuple[bytes, str | None, str | None]:
    """(the HTML payload, the target URI, the WARC-Date) of a stored one-record WARC."""
    warcio = _warcio()
    try:
        record = next(warcio.archiveiterator.ArchiveIterator(io.BytesIO(raw.data)))
    except Exception as exc:
        raise InputError(raw.origin, f"damaged WARC record ({type(exc).__name__}: {exc})") from exc
    uri = record.rec_headers.get_header("WARC-Target-URI")
    date = record.rec_headers.get_header("WARC-Date")
    try:
        payload = record.content_stream().read()
    except Exception as exc:  # a bad Content-Encoding or chunking
        raise InputError(raw.origin, f"cannot decode the page ({type(exc).__name__})") from exc
    return payload, uri, date
