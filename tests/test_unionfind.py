"""The one union-find the stages share: a group is named by its smallest index."""

from __future__ import annotations

from storyline.text.unionfind import UnionFind


def test_root_is_the_smallest_index_whatever_the_link_order() -> None:
    uf = UnionFind(6)
    for a, b in [(5, 4), (4, 3), (1, 2), (3, 2)]:
        uf.union(a, b)
    assert {uf.find(i) for i in (1, 2, 3, 4, 5)} == {1}
    assert uf.find(0) == 0


def test_coref_keeps_its_cannot_link_rule_on_the_shared_class() -> None:
    from storyline.entities.coref import _UnionFind

    uf = _UnionFind(3, ["anna berg", "", "karl ost"])
    assert uf.union(0, 1)
    assert not uf.union(1, 2)  # the noun may not bridge two different full names
    assert uf.find(2) == 2 and uf.find(1) == 0
