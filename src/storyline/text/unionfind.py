"""Union-find over indices 0..n-1, shared by the stages that link items into groups
(dedupe copies, entity mentions, claims, coreference)."""

from __future__ import annotations


class UnionFind:
    """Disjoint sets whose root is always the smallest index of its set, so a
    group is named by its first member whatever order the links come in."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]  # path halving
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> bool:
        """Join the sets of ``a`` and ``b``; True when they are (now) one set."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
        return True
