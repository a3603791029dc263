"""Which strings may become links: absolute http(s) URLs and nothing else.

An article's URL comes from hostile input (a feed's ``<link>``, a JSONL
``url`` field, the API), and a page that makes it an ``href`` runs whatever
scheme it names: ``javascript:``, ``data:``, ``vbscript:``.  Browsers also
forgive a lot on the way (leading spaces and control characters, tabs and
newlines inside the scheme, backslashes for slashes), so the test is a
positive one: the string, exactly as stored, must read as ``http://host...``
or ``https://host...`` with no whitespace or control character anywhere.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

#: Scheme, then an authority that starts with a host character; no space,
#: control character, quote, angle bracket or backslash anywhere.
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\"'<>\\`/?#@][^\s\x00-\x1f\x7f\"<>\\`]*", re.I)

#: Longer than any real article URL (~2 kB is where browsers and servers
#: start refusing them).
MAX_URL_CHARS = 2048


def web_url(value: object) -> str | None:
    """``value`` when it is an absolute http(s) URL that is safe to link to, else None."""
    if not isinstance(value, str) or len(value) > MAX_URL_CHARS:
        return None
    if not _WEB_URL.fullmatch(value):
        return None
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # e.g. a bracketed host that is not an IPv6 address
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return value
