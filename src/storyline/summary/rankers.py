"""Swappable sentence rankers, registered under versioned names.

A ranker sees a :class:`Cluster` (every sentence of every article, with its
features, its independent source group and its pairwise overlap with the
others) and returns one score per sentence; higher is more summary-worthy.
Selection, the cross-outlet collapse and ordering are shared by all rankers
(:mod:`storyline.summary.extract`), so rankers differ only in what they consider
central.  A new version of an algorithm gets a new name; old names keep their
behaviour so stored briefs can say what produced them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from storyline.records import Article, Sentence
from storyline.summary.counts import (
    Count,
    compatible_speakers,
    counts,
    same_count,
    speaker_heads,
)
from storyline.summary.evidence import days, names_of, predicates_of, shares_name
from storyline.summary.features import Overlap, SentenceFeatures, bigrams, compatible
from storyline.summary.params import DEFAULT_RANKER_PARAMS, RankerParams
from storyline.summary.speakers import Attributed, Speaker, attributed, said_words
from storyline.summary.speakers import same_statement as _same_statement


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence of the cluster and what the rankers need to know about it."""

    sentence: Sentence
    article: Article
    article_order: int
    #: Index of the independent source group (duplicates and syndicated copies
    #: of one report share a group).
    group: int
    #: True for the one article per group that counts for centrality.
    representative: bool
    features: SentenceFeatures
    #: Why the sentence cannot stand alone, or None.
    problem: str | None
    #: Rank among the standalone sentences of its article (0 = first), or -1.
    rank: int
    #: Position of the sentence in its article, 0 (first) .. 1 (last).
    relative_position: float


@dataclass(frozen=True, slots=True)
class Cluster:
    units: tuple[Unit, ...]
    overlap: Overlap
    dice: np.ndarray
    groups: int
    #: spaCy doc of each article (by ``article_order``), or None; read only
    #: for the evidence of a low-overlap pair.
    docs: tuple[Any, ...] = ()
    #: The thresholds and weights of this run (:class:`RankerParams`).
    params: RankerParams = DEFAULT_RANKER_PARAMS
    _names: dict[int, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    _predicates: dict[int, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    _days: dict[int, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    _common: list[frozenset[str]] = field(default_factory=list, repr=False, compare=False)
    _attributed: dict[int, Attributed] = field(default_factory=dict, repr=False, compare=False)
    _speakers_of: dict[int, Counter[str]] = field(default_factory=dict, repr=False, compare=False)
    _lower: list[frozenset[str]] = field(default_factory=list, repr=False, compare=False)
    _counts: dict[int, frozenset[Count]] = field(default_factory=dict, repr=False, compare=False)
    _heads: dict[int, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    #: Days by (sentence text, anchor): copies of one report repeat sentences.
    _days_of_text: dict[tuple[str, Any], frozenset[str]] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: Per article: (doc if it has entities, doc if it has lemmas and tags).
    _annotated: dict[int, tuple[Any, Any]] = field(default_factory=dict, repr=False, compare=False)

    def candidates(self) -> list[int]:
        """Sentences that may be picked: standalone, in a representative article."""
        return [i for i, u in enumerate(self.units) if u.representative and u.problem is None]

    def _doc(self, u: Unit) -> Any:
        return self.docs[u.article_order] if u.article_order < len(self.docs) else None

    def _annotated_docs(self, u: Unit) -> tuple[Any, Any]:
        """The article's doc for names and for predicates, or None where the
        doc lacks the annotation they read (``Doc.has_annotation`` scans
        every token, so it is asked once per article, not once a sentence;
        without the annotation both fall back to the text, as with no doc)."""
        found = self._annotated.get(u.article_order)
        if found is None:
            doc = self._doc(u)
            if doc is None:
                found = (None, None)
            else:
                ents = doc if doc.has_annotation("ENT_IOB") else None
                parsed = doc.has_annotation("LEMMA") and doc.has_annotation("POS")
                found = (ents, doc if parsed else None)
            self._annotated[u.article_order] = found
        return found

    def _memo(
        self, cache: dict[int, frozenset[str]], i: int, read: Callable[[Unit], frozenset[str]]
    ) -> frozenset[str]:
        found = cache.get(i)
        if found is None:
            found = cache[i] = read(self.units[i])
        return found

    def names(self, i: int) -> frozenset[str]:
        """Normalised names in unit i (computed once, on demand)."""
        return self._memo(
            self._names,
            i,
            lambda u: names_of(
                u.sentence.text, self._annotated_docs(u)[0], u.sentence.start, u.sentence.end
            ),
        )

    def predicates(self, i: int) -> frozenset[str]:
        """Event words of unit i (computed once, on demand)."""
        return self._memo(
            self._predicates,
            i,
            lambda u: predicates_of(
                u.sentence.text, self._annotated_docs(u)[1], u.sentence.start, u.sentence.end
            ),
        )

    def days(self, i: int) -> frozenset[str]:
        """Calendar days unit i refers to (computed once, on demand: reading
        time expressions is the costliest of the evidence)."""
        return self._memo(self._days, i, self._read_days)

    def _read_days(self, u: Unit) -> frozenset[str]:
        key = (u.sentence.text, u.article.published)
        found = self._days_of_text.get(key)
        if found is None:
            found = self._days_of_text[key] = days(*key)
        return found

    def attributed(self, i: int) -> Attributed:
        """Speakers of unit i and the words they say (computed once, on demand)."""
        found = self._attributed.get(i)
        if found is None:
            found = self._attributed[i] = attributed(self.units[i].sentence.text)
        return found

    def counts(self, i: int) -> frozenset[Count]:
        """Specific counts unit i states (computed once, on demand)."""
        found = self._counts.get(i)
        if found is None:
            found = self._counts[i] = counts(self.units[i].sentence.text)
        return found

    def speaker_heads(self, i: int) -> frozenset[str]:
        """Lower-case speaker descriptions of unit i (computed once, on demand)."""
        return self._memo(self._heads, i, lambda u: speaker_heads(u.sentence.text))

    def statements(self, order: int, key: str) -> int:
        """In how many sentences of article ``order`` the speaker ``key`` speaks."""
        counts = self._speakers_of.get(order)
        if counts is None:
            counts = Counter()
            for i, u in enumerate(self.units):
                if u.article_order == order:
                    counts.update(self.attributed(i).keys)
            self._speakers_of[order] = counts
        return counts[key]

    def lower_case_words(self) -> frozenset[str]:
        """Stems the story writes in lower case somewhere: common nouns."""
        if not self._lower:
            words: set[str] = set()
            for u in self.units:
                words |= said_words(u.sentence.text)
            self._lower.append(frozenset(words))
        return self._lower[0]

    def common_names(self) -> frozenset[str]:
        """The story's most common name (stemmed; the capitalised word in the
        most sentences), which every retelling shares and which therefore is
        no evidence of the same fact."""
        if not self._common:
            counts: Counter[str] = Counter()
            for u in self.units:
                counts.update(u.features.names)
            self._common.append(frozenset(name for name, _ in counts.most_common(1)))
        return self._common[0]


Ranker = Callable[[Cluster], np.ndarray]
#: An algorithm picks sentences for a word budget: (unit index, score) pairs,
#: most important first.
Algorithm = Callable[[Cluster, int], list[tuple[int, float]]]

ALGORITHMS: dict[str, Algorithm] = {}


def same_fact(cluster: Cluster, i: int, j: int) -> bool:
    """Do units i and j tell the same fact?  Enough shared words, or, across
    articles, fewer shared words and the same speaker saying the same words,
    or the same day, participant and event."""
    dice = cluster.dice[i, j]
    if dice < cluster.params.evidence_fact:
        return False
    a, b = cluster.units[i], cluster.units[j]
    fits = compatible(a.features, b.features)
    if fits and dice >= cluster.params.same_fact:
        return True
    if a.article_order == b.article_order:
        return False
    # The speaker test compares what is said without who says it and to whom
    # (the names of "told AFP" / "told Reuters" do not clash).
    return (
        same_statement(cluster, i, j)
        or (fits and same_event(cluster, i, j))
        or same_count_fact(cluster, i, j)
    )


def same_count_fact(cluster: Cluster, i: int, j: int) -> bool:
    """Do units i and j (of different articles) state one specific count of
    one thing, from the same or a compatible speaker
    (:mod:`storyline.summary.counts`)?"""
    # The cheap test first: no number in common, no count in common.
    if not cluster.units[i].features.numbers & cluster.units[j].features.numbers:
        return False
    mine = cluster.counts(i)
    if not mine:
        return False
    if not same_count(mine, cluster.counts(j)):
        return False
    return compatible_speakers(
        cluster.attributed(i),
        cluster.attributed(j),
        cluster.speaker_heads(i),
        cluster.speaker_heads(j),
    )


def same_statement(cluster: Cluster, i: int, j: int) -> bool:
    """Do units i and j (of different articles) report one statement of one
    named speaker (:mod:`storyline.summary.speakers`)?"""
    # The second sentence is read only when the first has a speaker.
    a = cluster.attributed(i)
    if not a.speakers:
        return False
    b = cluster.attributed(j)
    if not b.speakers:
        return False
    order_a, order_b = cluster.units[i].article_order, cluster.units[j].article_order

    def statements(mine: Speaker, theirs: Speaker) -> tuple[int, int]:
        return cluster.statements(order_a, mine.key), cluster.statements(order_b, theirs.key)

    return _same_statement(a, b, statements, cluster.common_names(), cluster.lower_case_words)


def same_event(cluster: Cluster, i: int, j: int) -> bool:
    """Do units i and j (of different articles) name the same day, a shared
    participant and the same event word (:mod:`storyline.summary.evidence`)?"""
    # The cheap evidence first: most low-overlap pairs share no name.  Each
    # signal of the second sentence is read only when the first has one.
    names = cluster.names(i)
    if not names or not shares_name(names, cluster.names(j), cluster.common_names()):
        return False
    events = cluster.predicates(i)
    if not events or events.isdisjoint(cluster.predicates(j)):
        return False
    # Days last, and the second sentence's only when the first names one.
    mine = cluster.days(i)
    return bool(mine) and not mine.isdisjoint(cluster.days(j))


def redundant(cluster: Cluster, i: int, chosen: Sequence[int]) -> bool:
    """Does unit i repeat a chosen one?"""
    # Sentences whose numbers or names clash are never repeats: two outlets
    # giving different death tolls are both worth showing.
    # (same_fact has its own test of what clashes: the speaker evidence
    # compares what is said, not the names of who says it and to whom.)
    mine = cluster.units[i].features
    repeat = cluster.params.redundant
    return any(
        (cluster.dice[i, c] >= repeat and compatible(mine, cluster.units[c].features))
        or same_fact(cluster, i, c)
        for c in chosen
    )


def select_by_score(cluster: Cluster, scores: np.ndarray, words: int) -> list[tuple[int, float]]:
    """Best-scored candidates first, skipping repeats, until ``words`` words."""
    order = sorted(cluster.candidates(), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    total = 0
    for i in order:
        if total >= words:
            break
        if not np.isfinite(scores[i]) or redundant(cluster, i, chosen):
            continue
        chosen.append(i)
        total += cluster.units[i].features.words
    return [(i, float(scores[i])) for i in chosen]


def register(name: str) -> Callable[[Algorithm], Algorithm]:
    """Add an algorithm to :data:`ALGORITHMS` under a versioned name."""

    def add(fn: Algorithm) -> Algorithm:
        if name in ALGORITHMS:
            raise ValueError(f"summary algorithm {name!r} is registered twice")
        ALGORITHMS[name] = fn
        return fn

    return add


def scored(ranker: Ranker) -> Algorithm:
    """An algorithm from a ranker: score every sentence, take the best."""

    def algorithm(cluster: Cluster, words: int) -> list[tuple[int, float]]:
        return select_by_score(cluster, ranker(cluster), words)

    algorithm.__doc__ = ranker.__doc__
    return algorithm


def lead(cluster: Cluster) -> np.ndarray:
    """Round-robin over the articles' openings: first standalone sentence of
    each article in input order, then the second, ...

    The classic news baseline, with storyline's filters and collapse."""
    n_articles = 1 + max((u.article_order for u in cluster.units), default=0)
    return np.array(
        [
            -(u.rank * n_articles + u.article_order) if u.rank >= 0 else -math.inf
            for u in cluster.units
        ],
        dtype=np.float64,
    )


def support(cluster: Cluster) -> np.ndarray:
    """For each sentence, the mean over the *other* independent groups of its
    best overlap with a sentence of that group: how widely it is reported."""
    n = len(cluster.units)
    if cluster.groups < 2 or n == 0:
        return np.zeros(n, dtype=np.float64)
    strength = cluster.dice
    groups = np.array([u.group for u in cluster.units])
    best = np.zeros((n, cluster.groups), dtype=np.float64)
    for g in range(cluster.groups):
        members = groups == g
        if members.any():
            best[:, g] = strength[:, members].max(axis=1)
    best[np.arange(n), groups] = 0.0
    return np.asarray(best.sum(axis=1) / (cluster.groups - 1), dtype=np.float64)


def centroid_similarity(cluster: Cluster) -> np.ndarray:
    """Cosine between each sentence (binary, idf-weighted) and the centroid of
    the representative articles (term frequency x idf, each sentence weighted
    by its position, see :attr:`RankerParams.centroid_decay`), after Radev et al.'s
    centroid summarizer."""
    ov = cluster.overlap
    n, v = len(cluster.units), len(ov.idf)
    if not len(ov.rows):
        return np.zeros(n, dtype=np.float64)
    decay = cluster.params.centroid_decay
    sentence_weight = np.array(
        [(1.0 + u.sentence.index) ** -decay if u.representative else 0.0 for u in cluster.units]
    )
    centroid = np.bincount(ov.cols, weights=ov.counts * sentence_weight[ov.rows], minlength=v)
    centroid *= ov.idf
    norm = float(np.linalg.norm(centroid)) or 1.0
    weights = ov.idf[ov.cols]
    dot = np.bincount(ov.rows, weights=weights * centroid[ov.cols], minlength=n)
    length = np.sqrt(np.bincount(ov.rows, weights=weights * weights, minlength=n))
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(length > 0, dot / (length * norm), 0.0)
    return np.asarray(out, dtype=np.float64)


def centroid(cluster: Cluster) -> np.ndarray:
    """Centrality to the story's position-weighted centroid plus a bonus for
    sentences that other independent outlets also report."""
    return np.asarray(
        centroid_similarity(cluster) + cluster.params.support_weight * support(cluster),
        dtype=np.float64,
    )


def lead_prior(cluster: Cluster) -> np.ndarray:
    """1 / sqrt(1 + rank among the article's standalone sentences); 0 for the
    sentences that cannot stand alone."""
    return np.array(
        [1.0 / math.sqrt(1.0 + u.rank) if u.rank >= 0 else 0.0 for u in cluster.units],
        dtype=np.float64,
    )


def centroid_v2(cluster: Cluster) -> np.ndarray:
    """Centrality to the story's centroid, cross-outlet support
    (:attr:`RankerParams.support_weight_v2`) and a lead prior
    (:attr:`RankerParams.lead_weight`), per word of the sentence to the power
    :attr:`RankerParams.length_penalty`."""
    p = cluster.params
    words = np.array([max(1, u.features.words) for u in cluster.units], dtype=np.float64)
    score = (
        centroid_similarity(cluster)
        + p.support_weight_v2 * support(cluster)
        + p.lead_weight * lead_prior(cluster)
    )
    return np.asarray(score / words**p.length_penalty, dtype=np.float64)


register("summarize.lead.v1")(scored(lead))
register("summarize.centroid.v1")(scored(centroid))
register("summarize.centroid.v2")(scored(centroid_v2))


def concept_weights(
    cluster: Cluster, concepts: dict[int, frozenset[tuple[str, str]]]
) -> dict[tuple[str, str], float]:
    """Weight of each bigram concept: its occurrences in the representative
    articles, counted more near the top of an article."""
    weights: dict[tuple[str, str], float] = {}
    for i, found in concepts.items():
        u = cluster.units[i]
        if not u.representative:
            continue
        w = 1.0 + cluster.params.concept_position_weight / math.sqrt(1.0 + u.sentence.index)
        for c in found:
            weights[c] = weights.get(c, 0.0) + w
    return weights


@register("summarize.coverage.v1")
def coverage(cluster: Cluster, words: int) -> list[tuple[int, float]]:
    """Greedy maximum coverage of weighted bigram concepts (after Gillick &
    Favre's concept-based summarizer, greedy instead of an ILP): each step
    takes the sentence that adds the most not-yet-covered concept weight per
    word, so the summary says as many of the story's recurring phrases as the
    budget allows, and a repeat adds nothing."""
    concepts = {
        i: bigrams(u.sentence.text) for i, u in enumerate(cluster.units) if u.representative
    }
    weights = concept_weights(cluster, concepts)
    remaining = {i for i in cluster.candidates() if cluster.units[i].features.words > 0}
    covered: set[tuple[str, str]] = set()
    chosen: list[tuple[int, float]] = []
    total = 0
    while remaining and total < words:
        best, best_gain = -1, 0.0
        for i in remaining:
            gain = sum(weights.get(c, 0.0) for c in concepts[i] - covered)
            gain /= cluster.units[i].features.words ** cluster.params.length_exponent
            if gain > best_gain or (gain == best_gain and best >= 0 and i < best):
                best, best_gain = i, gain
        if best < 0:
            break
        remaining.discard(best)
        if redundant(cluster, best, [c for c, _ in chosen]):
            continue
        chosen.append((best, best_gain))
        covered |= concepts[best]
        total += cluster.units[best].features.words
    return chosen
