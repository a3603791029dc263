"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds through feedparser: one article per entry.

feedparser reads broken feeds leniently and flags them (``bozo``); a feed
that is flagged *and* yields no entry is refused, one that still yields
entries is read with a warning.  Entry HTML is already sanitised by
feedparser; it is turned into paragraphs by the same cleaner as HTML pages.

Before feedparser sees the bytes, :func:`prepare_feed` refuses two kinds of
hostile XML that cost feedparser (pure Python, one call per element and per
expanded character) seconds per kilobyte, and removes a third:

* elements nested more than 256 levels deep (libxml2's own limit, checked
  by it in C before anything else runs): no feed nests more than a dozen;
* a document whose declared entities would expand to more than
  ``MAX_ENTITY_EXPANSION`` characters (the "billion laughs"): expat stops
  only the worst of these, and a 300,000-character "lollol..." title is not
  an article either;
* references to entities nobody declared (``&xxe;``): XML makes them fatal,
  and feedparser's lenient fallback then leaves them in the text, less their
  semicolon.  They are removed, with a warning.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html.entities
import re
import time
from typing import Any

from storyline.errors import InputError
from storyline.ingest.build import Draft
from storyline.ingest.html import html_to_paragraphs
from storyline.ingest.meta import parse_date_value
from storyline.records import RawDocument
from storyline.text.urls import web_url

#: Characters the entity references of one feed may expand to in all.  A
#: feed that declares entities uses them for a character or a name; 100,000
#: characters is a long article's worth.
MAX_ENTITY_EXPANSION = 100_000
#: How deep libxml2 lets a document nest (without its "huge" option).
MAX_XML_DEPTH = 256

_SUBSET = re.compile(rb"<!DOCTYPE[^\[>]{0,1000}\[(.*?)\]\s*>", re.DOTALL)
_DECLARATION = re.compile(
    rb"<!ENTITY\s+(?!%)([^\s>]+)\s+(?:\"([^\"]*)\"|'([^']*)'|(SYSTEM|PUBLIC)\b)"
)
_REFERENCE = re.compile(rb"&([A-Za-z_][\w.-]{0,63});")
#: A reference, or an escaped one (``&amp;xxe;``: an entity reference in the
#: HTML an entry carries, which feedparser's sanitiser turns into ``&xxe``).
_ANY_REFERENCE = re.compile(rb"&(amp;)?([A-Za-z_][\w.-]{0,63});")
_PREDEFINED = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})


def _too_deep(data: bytes) -> bool:
    """Does libxml2 find the document nested past its depth limit?"""
    from lxml import etree

    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    with contextlib.suppress(Exception):  # only the depth verdict matters here
        etree.fromstring(data, parser)
    return any("Excessive depth" in str(e.message) for e in parser.error_log)


def _expansions(subset: bytes) -> dict[bytes, float]:
    """Each declared general entity's expanded length (external ones: 0, as
    nothing here fetches them; a reference cycle: infinite)."""
    values: dict[bytes, bytes | None] = {}
    for name, double, single, external in _DECLARATION.findall(subset):
        values.setdefault(name, None if external else (double or single))
    sizes: dict[bytes, float] = {}

    def size(name: bytes, path: frozenset[bytes]) -> float:
        if name in sizes:
            return sizes[name]
        if name in path:
            return float("inf")
        value = values.get(name)
        if value is None:  # external: nothing here fetches it
            sizes[name] = 0.0
            return 0.0
        total = float(len(_REFERENCE.sub(b"", value)))
        for ref in _REFERENCE.findall(value):
            if ref in values:
                total += size(ref, path | {name})
        sizes[name] = total
        return total

    for name in values:
        size(name, frozenset())
    return sizes


def prepare_feed(data: bytes, origin: str) -> tuple[bytes, list[str]]:
    """The feed's bytes as feedparser should read them, and warnings; raises
    :class:`InputError` for a feed nested too deeply or an entity bomb (see
    the module docstring)."""
    if _too_deep(data):
        raise InputError(
            origin, f"feed nested too deeply (more than {MAX_XML_DEPTH} levels of elements)"
        )
    found = _SUBSET.search(data)
    sizes = _expansions(found.group(1)) if found else {}
    body_start = found.end() if found else 0
    body = data[body_start:]
    expanded = sum(sizes.get(ref, 0.0) for ref in _REFERENCE.findall(body))
    if expanded > MAX_ENTITY_EXPANSION:
        shown = "without end" if expanded == float("inf") else f"to {expanded:,.0f} characters"
        raise InputError(
            origin,
            f"entity expansion bomb: the entities the feed declares expand {shown} "
            f"(limit {MAX_ENTITY_EXPANSION:,})",
        )
    external = {name for name, value in sizes.items() if value == 0.0}
    undefined: list[bytes] = []

    def drop(match: re.Match[bytes]) -> bytes:
        escaped, name = match.groups()
        if (name.decode("ascii", "replace") + ";") in html.entities.html5:
            return match.group(0)
        if not escaped and (name in _PREDEFINED or (name in sizes and name not in external)):
            return match.group(0)
        undefined.append(b"&" + name + b";")
        return b""

    body = _ANY_REFERENCE.sub(drop, body)
    if not undefined:
        return data, []
    shown = ", ".join(dict.fromkeys(r.decode("ascii", "replace") for r in undefined[:3]))
    warning = (
        f"removed {len(undefined)} reference(s) to undefined or external entities ({shown})"
    )
    return data[:body_start] + body, [warning]


def _entry_html(entry: Any) -> str:
    """The fullest text an entry offers: content over summary over description."""
    best = ""
    for item in entry.get("content") or []:
        value = str(item.get("value") or "")
        if len(value) > len(best):
            best = value
    summary = str(entry.get("summary") or entry.get("description") or "")
    return best if len(best) >= len(summary) else summary


def _entry_link(entry: Any) -> str | None:
    """The entry's link; an id that feedparser offers as the link (an Atom
    ``<id>`` or RSS ``<guid>`` with no ``<link>``) only when it is a web URL."""
    link = str(entry.get("link") or "").strip() or None
    if link and link == entry.get("id") and entry.get("guidislink") and web_url(link) is None:
        return None  # an id such as "tag:example.org,2024:1", not a link to ignore noisily
    return link


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

    data, prepared = prepare_feed(raw.data, raw.origin)
    try:
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
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
    warnings = prepared + (
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
            url=_entry_link(entry),
            byline=str(entry.get("author") or "").strip() or None,
            warnings=list(warnings),
        )
        draft.set_date(_entry_date(entry), "metadata")
        drafts.append(draft)
    return drafts
