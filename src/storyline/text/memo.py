"""A bounded memo: the most recently used entries, up to a count.

Stages memoise per text (a sentence's reading, its meaning vector, a pair's
score) because a brief asks the same sentence many times.  A long-running
worker reads new texts forever, so each memo keeps only what was used last:
a plain dict that was cleared when full grew with the stream until then
(sentence readings with their n-grams and word vectors are 100-170 KB each;
100,000 of them were most of the 3.1 GB a 10,000-report replay reached,
bench/stream.py).
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Least-recently-used memo of at most ``size`` entries (a dict keeps
    insertion order: a hit is moved to the end, the first entry goes first)."""

    __slots__ = ("_items", "size")

    def __init__(self, size: int) -> None:
        if size <= 0:
            raise ValueError("a memo keeps at least one entry")
        self.size = size
        self._items: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        items = self._items
        found = items.pop(key, None)
        if found is not None:
            items[key] = found
        return found

    def put(self, key: K, value: V) -> None:
        items = self._items
        items.pop(key, None)
        items[key] = value
        if len(items) > self.size:
            del items[next(iter(items))]

    def clear(self) -> None:
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items
