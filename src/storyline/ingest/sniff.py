"""Which reader a document needs, from its bytes first and its name second.

File names lie (a ``.txt`` saved from a browser is HTML, a feed is served as
``.php``), so the bytes decide whenever they are distinctive; the extension
only breaks ties between formats whose bytes look alike (JSON vs JSONL, a
plain-text mail digest vs a note).
"""

from __future__ import annotations

import re
from pathlib import PurePath

from storyline.ingest.encoding import binary_kind

TEXT = "text/plain"
HTML = "text/html"
RSS = "application/rss+xml"
ATOM = "application/atom+xml"
RDF = "application/rdf+xml"
XML = "application/xml"
EML = "message/rfc822"
MBOX = "application/mbox"
JSONL = "application/x-ndjson"
JSON = "application/json"
BINARY = "application/octet-stream"
#: One WARC record (a page of a web crawl, see :mod:`storyline.ingest.warc`).
WARC = "application/warc"

FEEDS = frozenset({RSS, ATOM, RDF})

_EXTENSIONS = {
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".rss": RSS,
    ".atom": ATOM,
    ".xml": XML,
    ".eml": EML,
    ".msg": EML,
    ".mbox": MBOX,
    ".mbx": MBOX,
    ".jsonl": JSONL,
    ".ndjson": JSONL,
    ".json": JSON,
    ".txt": TEXT,
    ".text": TEXT,
    ".md": TEXT,
}

_MAIL_HEADER = re.compile(
    rb"^(?:From|To|Subject|Date|Received|Return-Path|Message-I[Dd]|MIME-Version|"
    rb"Content-Type|Delivered-To|X-[A-Za-z-]+|Reply-To|Cc|List-[A-Za-z]+|Sender):[ \t]",
    re.MULTILINE,
)
_MBOX_FROM = re.compile(rb"^From \S+ +\S.*\d{4}\s*$", re.MULTILINE)
_HTML_HEAD = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_TAGS = re.compile(
    rb"<(?:p|div|article|section|header|footer|main|nav|aside|span|a|h[1-6]|br|hr|ul|ol|li"
    rb"|table|tr|td|figure|figcaption|img|strong|em|b|i|u|blockquote|pre|code|font|center"
    rb"|small|sup|sub|meta|title|script|style|link)[\s>/]",
    re.I,
)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
#: A well-formed XML start: declaration, comments, then a start tag whose
#: attributes all have quoted values.  Wire copy opens with a company in angle
#: brackets ("<Video Shopping Mall Inc> said ...", Reuters-21578): a tag-like
#: start that is not such a tag, nor HTML, is text.
_XML_START = re.compile(
    rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?"
    rb"<[A-Za-z_][\w:.-]*(?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*/?>",
    re.S,
)
_JSON_START = re.compile(rb'^(?:\{\s*(?:"|\})|\[\s*(?:[{\["\d-]|true|false|null|\]))')
_XML_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<([A-Za-z_][\w:.-]*)", re.S)


def _head_text(data: bytes) -> bytes:
    """The first 4 KB with BOMs and UTF-16 NULs removed, for pattern tests."""
    head = data[:4096]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:4] in (b"\x00\x00\xfe\xff",):
        head = head.replace(b"\x00", b"")
    return head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")


def sniff(data: bytes, name: str = "") -> str:
    """The media type of ``data`` (named ``name``): one of the constants above."""
    if binary_kind(data) is not None:
        return BINARY
    head = _head_text(data)
    if head[:8] in (b"WARC/1.0", b"WARC/1.1"):
        return WARC
    by_name = _EXTENSIONS.get(PurePath(name).suffix.lower()) if name else None

    if head.startswith(b"From ") and _MBOX_FROM.match(head):
        return MBOX
    if head.startswith((b"<", b"\xef\xbb\xbf<")):
        feed = _FEED_ROOT.search(head)
        root = _XML_ROOT.match(head)
        if feed and (root is None or root.group(1).lower() == feed.group(1).lower()):
            kind = feed.group(1).decode("ascii", "replace").lower()
            return {"rss": RSS, "feed": ATOM}.get(kind, RDF)
        if _HTML_HEAD.search(head) or _HTML_TAGS.search(head):
            return HTML
        if by_name in (None, TEXT) and _XML_START.match(head) is None:
            return TEXT
        return XML
    if _JSON_START.match(head):
        lines = [ln for ln in head.splitlines() if ln.strip()]
        if by_name == JSON and not (len(lines) > 1 and lines[1].lstrip().startswith(b"{")):
            return JSON
        if head.startswith(b"{"):
            return JSONL
        return JSON
    first_block = head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    if len(_MAIL_HEADER.findall(first_block)) >= 2 and _MAIL_HEADER.match(first_block):
        return EML
    if _HTML_HEAD.search(head):
        return HTML
    if by_name in (HTML, RSS, ATOM, XML, JSON, JSONL, EML, MBOX):
        # The name promises a structured format the bytes do not show; the
        # reader for that format produces the clearer error.
        return by_name
    return TEXT
