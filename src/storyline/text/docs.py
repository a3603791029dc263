"""Cheap reads of a spaCy ``Doc``.

``Doc.text`` is not stored: spaCy joins every token's text on each read, so a
rule that reads it per token or per sentence walks the whole document again
each time (11,394 reads, 40 % of a stream worker's brief time on Reuters
items, bench/stream.py).  :func:`doc_text` reads it once per document.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.lru_cache(maxsize=32)
def doc_text(doc: Any) -> str:
    """``doc.text``, joined once per document (the last 32 documents are kept:
    the stages read one document at a time, many times over)."""
    return str(doc.text)
