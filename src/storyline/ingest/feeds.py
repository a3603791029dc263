"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds through feedparser: one article per entry.

feedparser reads broken feeds leniently and flags them (``bozo``); a feed
that is flagged *and* yields no entry is refused, one that still yields
entries is read with a warning.  Entry HTML is already sanitised by
feedparser; it is turned into paragraphs by the same cleaner as HTML pages.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from storyline.errors import InputError
from storyline.ingest.build import Draft
from storyline.ingest.html import html_to_paragraphs
from storyline.ingest.meta import parse_date_value
from storyline.records import RawDocument


def _entry_html(entry: Any) -> str:
    """The fullest text an entry offers: content over summary over description."""
    best = ""
    for item in entry.get("content") or []:
        value = str(item.get("value") or "")
        if len(value) > len(best):
            best = value
    summary = str(entry.get("summary") or entry.get("description") or "")
    return best if len(best) >= len(summary) else summary


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    for key in ("published", "updated", "created", "dc_date"):
        value = entry.get(key)
        if value:
            found = parse_date_value(str(value))
            if found:
                return found
    return None


def parse_feed(raw: RawDocument) -> list[Draft]:
    """Drafts for every entry of a feed in ``raw``; :class:`InputError` if none."""
    import feedparser

    try:
        parsed = feedparser.parse(raw.data, sanitize_html=True, resolve_relative_uris=False)
    except Exception as exc:
        # feedparser is lenient but not total: a garbled encoding declaration
        # raises UnicodeDecodeError from inside it (found by fuzzing).
        raise InputError(raw.origin, f"malformed feed: {type(exc).__name__}: {exc}") from exc
    problem = parsed.get("bozo_exception")
    if not parsed.entries:
        if parsed.get("bozo"):
            raise InputError(raw.origin, f"malformed feed: {problem}")
        if not parsed.get("version"):
            raise InputError(raw.origin, "XML document that is not an RSS or Atom feed")
        raise InputError(raw.origin, "feed with no entries")
    feed_title = str(parsed.feed.get("title") or "").strip() or None
    warnings = (
        [f"feed is not well-formed ({problem}); read leniently"] if parsed.get("bozo") else []
    )
    if parsed.get("bozo") and not any(_entry_html(e).strip() for e in parsed.entries):
        raise InputError(raw.origin, f"malformed feed: {problem} (no entry has text)")
    drafts: list[Draft] = []
    for entry in parsed.entries:
        paragraphs = html_to_paragraphs(_entry_html(entry))
        source = entry.get("source") or {}
        draft = Draft(
            paragraphs=paragraphs,
            title=str(entry.get("title") or "").strip() or None,
            outlet=str(source.get("title") or "").strip() or feed_title,
            url=str(entry.get("link") or "").strip() or None,
            byline=str(entry.get("author") or "").strip() or None,
            warnings=list(warnings),
        )
        draft.set_date(_entry_date(entry), "metadata")
        drafts.append(draft)
    return drafts
