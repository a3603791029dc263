"""Cheap reads of a spaCy ``Doc``.

``Doc.text`` is not stored: spaCy joins every token's text on each read, so a
rule that reads it per token or per sentence walks the whole document again
each time (11,394 reads, 40 % of a stream worker's brief time on Reuters
items, bench/stream.py).  :func:`doc_text` reads it once per document.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def doc_text(doc: Any) -> str:
    """``doc.text``, joined once per document (kept while the document lives:
    a worker's kept parses are read by brief after brief, 40 at a time, more
    than the small LRU of documents this was held)."""
    return per_doc(doc, "text", _joined)


def _joined(doc: Any) -> str:
    return str(doc.text)


#: What the stages derived from a document's parse alone, by document.
_DERIVED: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


def per_doc(doc: Any, name: str, compute: Callable[[Any], T]) -> T:
    """``compute(doc)``, once per document and ``name`` for as long as the
    document lives.  For what depends on the parse alone: a stream worker
    briefs a story again each time a report joins it, from the same kept
    parses of its other members.  The result is shared: callers must not
    change it (return tuples, frozen records)."""
    memo = _DERIVED.get(doc)
    if memo is None:
        memo = _DERIVED[doc] = {}
    if name not in memo:
        memo[name] = compute(doc)
    return memo[name]
