"""Exact duplicates, near duplicates and syndication groups.

One wire story republished by five outlets is one source, not five: later
stages count *independent* confirmation by syndication group.  Two levels:

* **near duplicate** (``duplicate_of``): the same text, give or take a few
  words, a changed headline or a site's boilerplate line.  The first copy (in
  input order) is canonical; later copies point at it.
* **syndication group** (``syndication_group``): every article carrying the
  same wire story, even when an outlet trimmed paragraphs, added its own lead
  or edited words.  The group id is ``"syn-" + <first member's id>``.

Texts are compared as sets of word 5-shingles.  Candidates come from MinHash
LSH (datasketch) so the cost stays near linear for thousands of articles;
each candidate pair is then verified with the exact Jaccard similarity and
containment of the shingle sets, so the sketch's estimation error never
decides a group.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Sequence
from typing import Any

from storyline.analysis.params import DEFAULT_DEDUPE_PARAMS, DedupeParams
from storyline.records import Article
from storyline.text.tokens import folded_words
from storyline.text.unionfind import UnionFind

#: Words per shingle.  5 is the usual choice for news near-duplicate
#: detection: unrelated reports on the same event share names and stock
#: phrases (3-shingles of same-event Multi-News pairs reach Jaccard 0.10),
#: but rarely five words in a row outside quotes.
SHINGLE_WORDS = 5
#: MinHash permutations; 128 gives a Jaccard estimate within +-0.09 (2 sigma)
#: which only has to be good enough to produce candidates.
NUM_PERM = 128

# The thresholds (near duplicate, syndicated, contained, the LSH candidate
# floor, the shortest text compared) are DedupeParams fields, with the
# measurements that chose them (storyline.analysis.params).

#: Multipliers that mix five word hashes into one 64-bit shingle hash
#: (odd 64-bit constants; arithmetic wraps modulo 2**64).
_MIX = (
    0x9E3779B97F4A7C15,
    0xC2B2AE3D27D4EB4F,
    0x165667B19E3779F9,
    0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD,
)


def _shingle_hashes(tokens: Sequence[str], vocabulary: dict[str, int]) -> Any:
    """64-bit hashes of the word 5-shingles (a numpy ``uint64`` array).

    Words get integer ids from ``vocabulary`` (shared by one run, so equal
    words get equal ids); five ids are mixed into a shingle hash with odd
    multipliers and a splitmix64 finaliser.  Hashing integers in numpy keeps
    10,000 articles within seconds: datasketch's default SHA-1 per shingle
    string took 70 % of the run time (profiled on 2,000 Multi-News texts).
    """
    import numpy as np

    ids = np.array([vocabulary.setdefault(t, len(vocabulary)) for t in tokens], dtype=np.uint64)
    ids += np.uint64(1)
    width = max(len(ids) - SHINGLE_WORDS + 1, 1 if len(ids) else 0)
    out = np.zeros(width, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(min(SHINGLE_WORDS, len(ids))):
            out += ids[offset : offset + width] * np.uint64(_MIX[offset])
        out ^= out >> np.uint64(30)
        out *= np.uint64(0xBF58476D1CE4E5B9)
        out ^= out >> np.uint64(27)
        out *= np.uint64(0x94D049BB133111EB)
        out ^= out >> np.uint64(31)
    return out


def _identity(value: Any) -> Any:
    return value


def similarity(a: str, b: str) -> tuple[float, float]:
    """(Jaccard, containment) of the 5-shingle sets of two texts."""
    vocabulary: dict[str, int] = {}
    sa = set(_shingle_hashes(folded_words(a), vocabulary).tolist())
    sb = set(_shingle_hashes(folded_words(b), vocabulary).tolist())
    if not sa or not sb:
        return 0.0, 0.0
    common = len(sa & sb)
    return common / len(sa | sb), common / min(len(sa), len(sb))


@functools.lru_cache(maxsize=8)
def _lsh_bands(threshold: float) -> tuple[int, int]:
    """The (bands, rows) datasketch chooses for ``threshold``, worked out once:
    it integrates false-positive and false-negative curves each time an index
    is made (2 s for 60 small indexes in a stream worker, bench/stream.py)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


def mark_duplicates(
    articles: Sequence[Article],
    *,
    params: DedupeParams = DEFAULT_DEDUPE_PARAMS,
) -> list[Article]:
    """The same articles, in the same order, with ``duplicate_of`` and
    ``syndication_group`` set where they share text; others are returned as given.
    ``params``: the similarity thresholds (the shipped ones by default)."""
    count = len(articles)
    if count < 2:
        return list(articles)
    from datasketch import MinHash, MinHashLSH

    near = UnionFind(count)
    group = UnionFind(count)
    tokens = [folded_words(a.text) for a in articles]

    first_by_hash: dict[str, int] = {}
    for index, words in enumerate(tokens):
        digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).hexdigest()
        if digest in first_by_hash:
            near.union(first_by_hash[digest], index)
            group.union(first_by_hash[digest], index)
        else:
            first_by_hash[digest] = index

    vocabulary: dict[str, int] = {}
    template = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32")
    shingles: dict[int, set[int]] = {}
    lsh = MinHashLSH(num_perm=NUM_PERM, params=_lsh_bands(params.candidate))
    sketches: dict[int, MinHash] = {}
    for index in sorted(first_by_hash.values()):
        if len(tokens[index]) < params.min_words:
            continue
        hashes = _shingle_hashes(tokens[index], vocabulary)
        shingles[index] = set(hashes.tolist())
        sketch = MinHash(
            num_perm=NUM_PERM,
            seed=1,
            hashfunc=_identity,
            permutations=template.permutations,
            scheme="affine32",
        )
        # datasketch wants 32-bit hash values; fold the 64-bit shingle hash.
        sketch.update_batch(((hashes ^ (hashes >> 32)) & 0xFFFFFFFF).tolist())
        sketches[index] = sketch
        lsh.insert(index, sketch, check_duplication=False)

    for index, sketch in sketches.items():
        for other in lsh.query(sketch):
            if other >= index or near.find(other) == near.find(index):
                continue  # (already known to be near-identical: nothing to learn)
            a, b = shingles[index], shingles[other]
            common = len(a & b)
            if not common:
                continue
            jaccard = common / (len(a) + len(b) - common)
            containment = common / min(len(a), len(b))
            if jaccard >= params.near_duplicate:
                near.union(other, index)
            if jaccard >= params.syndicated or containment >= params.contained:
                group.union(other, index)

    sizes: dict[int, int] = {}
    for index in range(count):
        root = group.find(index)
        sizes[root] = sizes.get(root, 0) + 1
    out: list[Article] = []
    for index, article in enumerate(articles):
        root = group.find(index)
        if sizes[root] < 2:
            if article.duplicate_of is None and article.syndication_group is None:
                out.append(article)
            else:  # marks from an earlier run over a different set of articles
                out.append(dataclasses.replace(article, duplicate_of=None, syndication_group=None))
            continue
        canonical = near.find(index)
        out.append(
            dataclasses.replace(
                article,
                duplicate_of=articles[canonical].id if canonical != index else None,
                syndication_group=f"syn-{articles[root].id}",
            )
        )
    return out
