"""Word lists as data: the rules' vocabularies, read from the files beside this module.

A lexicon is a UTF-8 text file ``<stage>/<name>.txt`` under this package,
named ``"<stage>/<name>"`` by the code that reads it.  Every file opens with a
provenance header of ``#`` lines: what the list is for, where its entries came
from and how they were chosen (the measurement that kept or dropped an entry,
when there was one).  Lines whose first non-blank character is ``#`` are
comments wherever they stand; blank lines are ignored.

Three shapes, one reader for each:

* :func:`words` -- a set of words, written whitespace-separated (as many on a
  line as reads well);
* :func:`phrases` -- one entry per line (entries may hold spaces), in file
  order, for lists whose order matters or whose entries are phrases;
* :func:`mapping` -- one ``key = value`` per line, in file order.

Files are read once per process (:func:`functools.cache`); the stages read
them at import time into module constants, so a missing or malformed file
fails at import, not half way through a brief.  Why data files: the lists are
tuned by reading reports and measuring on the benchmarks, and a reviewer
should see a list and its provenance without reading the rule that uses it.
"""

from __future__ import annotations

import functools
from importlib import resources
from importlib.resources.abc import Traversable

__all__ = ["mapping", "names", "phrases", "words"]

#: The separator of a :func:`mapping` line.
SEPARATOR = "="


def _path(name: str) -> Traversable:
    parts = name.split("/")
    if not name or any(not p or p.startswith(".") for p in parts):
        raise ValueError(f"not a lexicon name: {name!r}")
    node = resources.files(__name__)
    for part in parts[:-1]:
        node = node / part
    return node / f"{parts[-1]}.txt"


@functools.cache
def _lines(name: str) -> tuple[str, ...]:
    """The entry lines of a lexicon: comments and blank lines dropped, each
    line stripped and its inner whitespace collapsed to one space."""
    path = _path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LookupError(f"no lexicon {name!r} (looked for {path})") from None
    if not text.startswith("#"):
        raise ValueError(f"lexicon {name!r} has no provenance header (a leading '#' comment)")
    out = []
    for line in text.splitlines():
        entry = " ".join(line.split())
        if entry and not entry.startswith("#"):
            out.append(entry)
    return tuple(out)


@functools.cache
def words(name: str) -> frozenset[str]:
    """The whitespace-separated words of a lexicon, as a set."""
    return frozenset(w for line in _lines(name) for w in line.split())


@functools.cache
def phrases(name: str) -> tuple[str, ...]:
    """The entries of a one-entry-per-line lexicon, in file order."""
    return _lines(name)


@functools.cache
def _pairs(name: str) -> tuple[tuple[str, str], ...]:
    out = []
    for line in _lines(name):
        key, sep, value = line.partition(SEPARATOR)
        if not sep or not key.strip():
            raise ValueError(f"lexicon {name!r}: not a 'key {SEPARATOR} value' line: {line!r}")
        out.append((key.strip(), value.strip()))
    return tuple(out)


def mapping(name: str) -> dict[str, str]:
    """The ``key = value`` lines of a lexicon, in file order (a later line
    with the same key wins, as in a dict literal).  A new dict on every call,
    so a caller may change its copy."""
    return dict(_pairs(name))


def names() -> list[str]:
    """Every lexicon shipped, by name (sorted): for the tests and for a reader."""
    root = resources.files(__name__)
    found: list[str] = []

    def walk(node: Traversable, prefix: str) -> None:
        for child in node.iterdir():
            if child.is_dir() and not child.name.startswith(("_", ".")):
                walk(child, f"{prefix}{child.name}/")
            elif child.is_file() and child.name.endswith(".txt"):
                found.append(prefix + child.name.removesuffix(".txt"))

    walk(root, "")
    return sorted(found)
