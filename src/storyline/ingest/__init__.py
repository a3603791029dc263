"""Ingest: what people actually have -> :class:`RawDocument` -> [:class:`Article`].

``iter_sources(paths)`` reads files, folders, globs and stdin into raw
documents (or :class:`IngestError` records for inputs it cannot read);
``parse(raw)`` sniffs the format from the bytes and hands the document to
its reader:

=================  ==========================================
plain text         :mod:`storyline.ingest.text` (incl. list archive pages)
HTML               :mod:`storyline.ingest.html` (trafilatura)
RSS / Atom / RDF   :mod:`storyline.ingest.feeds` (feedparser)
.eml / mbox        :mod:`storyline.ingest.mail`
JSONL / JSON       :mod:`storyline.ingest.jsonl`
WARC (web crawls)  :mod:`storyline.ingest.warc` (one document per HTML page)
=================  ==========================================

Every reader produces drafts that :mod:`storyline.ingest.build` cleans
(:mod:`storyline.ingest.clean`) and numbers.  ``parse`` raises
:class:`~storyline.errors.InputError` with a reason a person can act on, and
nothing else: input is hostile, and a reader that fails in a way nobody
foresaw (a library's exception, a recursion limit) fails that one input,
never the batch, and never again on the bytes the store keeps.
"""

from __future__ import annotations

from storyline.errors import InputError
from storyline.ingest import sniff as formats
from storyline.ingest.build import Draft, articles_from
from storyline.ingest.encoding import binary_kind, binary_reason, decode
from storyline.ingest.sources import iter_sources, raw_document
from storyline.records import Article, RawDocument

__all__ = ["UNEXPECTED", "iter_sources", "parse", "raw_document"]

#: How a reason starts when a reader failed in a way it does not handle
#: itself; the fuzz test (tests/test_hostile_fuzz.py) requires that none does.
UNEXPECTED = "the reader failed unexpectedly"


def parse(raw: RawDocument) -> list[Article]:
    """The articles in one raw document, cleaned; raises :class:`InputError`
    (and no other exception) when it holds none."""
    try:
        return _parse(raw)
    except InputError as exc:
        raise InputError(raw.origin, one_line(exc.reason)) from None
    except RecursionError:
        raise InputError(
            raw.origin, "nested too deeply to read (over the interpreter's recursion limit)"
        ) from None
    except MemoryError:
        raise InputError(raw.origin, "too large to read in the memory available") from None
    except Exception as exc:
        detail = one_line(f"{type(exc).__name__}: {exc}")[:200]
        raise InputError(
            raw.origin, f"{UNEXPECTED} ({detail}); the bytes are kept in the store"
        ) from exc


def one_line(text: str) -> str:
    """``text`` fit for one line of a report: whitespace runs as one space,
    lone surrogates and control characters as escapes."""
    text = " ".join(text.split())
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _parse(raw: RawDocument) -> list[Article]:
    data = raw.data
    kind = binary_kind(data)
    if kind is not None:
        raise InputError(raw.origin, binary_reason(kind))
    media_type = formats.sniff(data, raw.origin)
    drafts: list[Draft]
    file_warnings: list[str] = []

    if media_type in formats.FEEDS or media_type == formats.XML:
        from storyline.ingest.feeds import parse_feed

        decode(data, raw.origin)  # empty / undecodable input gets the plain reason
        drafts = parse_feed(raw)
    elif media_type == formats.EML:
        from storyline.ingest.mail import parse_eml

        decode(data, raw.origin)
        drafts, file_warnings = parse_eml(raw)
    elif media_type == formats.WARC:
        from storyline.ingest.html import parse_html
        from storyline.ingest.warc import read_record

        payload, uri, _fetched = read_record(raw)
        decoded = decode(payload, raw.origin)
        file_warnings.extend(decoded.warnings)
        drafts = parse_html(raw, decoded.text, url=uri)
    elif media_type == formats.MBOX:
        from storyline.ingest.mail import parse_mbox

        decode(data, raw.origin)
        drafts, file_warnings = parse_mbox(raw)
    else:
        decoded = decode(data, raw.origin)
        file_warnings.extend(decoded.warnings)
        text = decoded.text
        if media_type == formats.HTML:
            from storyline.ingest.html import parse_html

            drafts = parse_html(raw, text)
        elif media_type == formats.JSONL:
            from storyline.ingest.jsonl import parse_jsonl

            drafts, notes = parse_jsonl(raw, text)
            file_warnings.extend(notes)
        elif media_type == formats.JSON:
            from storyline.ingest.jsonl import parse_json

            drafts, notes = parse_json(raw, text)
            file_warnings.extend(notes)
        else:
            from storyline.ingest.text import drafts_from_text

            drafts, notes = drafts_from_text(text)
            file_warnings.extend(notes)
    if not drafts:
        raise InputError(raw.origin, "no article text found")
    return articles_from(raw, drafts, file_warnings=file_warnings)
