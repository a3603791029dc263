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

#: Two sentences tell the same fact when their idf-weighted Dice overlap of
#: content words reaches this (and numbers and names do not clash).  Chosen by
#: hand-labelling cross-outlet sentence pairs of multinews-dev clusters
#: 125-249, 8 drawn at random per overlap band: the same fact in 1/8 pairs at
#: 0.3-0.4, 4/8 at 0.4-0.5, 7/8 at 0.5-0.6 and 8/8 at 0.6-0.8.
SAME_FACT = 0.5
#: Below SAME_FACT, sentences of *different articles* still tell the same fact
#: when their overlap reaches this and they agree on the day, on a named
#: participant other than the story's most common name, and on an event word
#: (:mod:`storyline.summary.evidence`).  Measured (hand-labelled by
#: reading): on multinews-dev, all 250 clusters through the bench's pipeline
#: and clusters 0-59 with the full parse, 101 / 54 cross-article pairs name the
#: same day below Dice 0.5, and the three conditions together admit none of
#: them at any overlap (the 5 / 2 pairs that meet all three are >= 0.5 and
#: were copies, all the same fact).  Day + event word without the name admitted
#: 11 pairs at 0.19-0.45 (7 embedded tweets of one day, 4 sentences giving
#: one date for different facts), 0 the same fact; hence the name.  On the seed
#: reports no pair meets all three at any overlap.  So the floor is not a
#: precision point: 0.2 is the low end of the seeds' cross-outlet paraphrases
#: (0.20-0.24); ROUGE on multinews-dev 0-59 is unchanged (R-2 15.64).  The same
#: floor serves the speaker evidence (:mod:`storyline.summary.speakers`),
#: whose seed pair ("statues moved", told AFP / told Reuters) is at 0.235.
EVIDENCE_FACT = 0.2
#: A candidate is redundant with a chosen sentence at this overlap even when it
#: is not the same fact: half the pairs in the 0.4-0.5 band above say the same
#: thing, and a summary has no room for a half-repeat.
REDUNDANT = 0.4


def same_fact(cluster: Cluster, i: int, j: int) -> bool:
    """Do units i and j tell the same fact?  Enough shared words, or, across
    articles, fewer shared words and the same speaker saying the same words,
    or the same day, participant and event."""
    dice = cluster.dice[i, j]
    if dice < EVIDENCE_FACT:
        return False
    a, b = cluster.units[i], cluster.units[j]
    fits = compatible(a.features, b.features)
    if fits and dice >= SAME_FACT:
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
    return any(
        (cluster.dice[i, c] >= REDUNDANT and compatible(mine, cluster.units[c].features))
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


#: Each sentence counts towards the centroid with weight (1 + index) ** -this,
#: so the story's centroid leans to what the articles put first (news is
#: written inverted-pyramid).  Swept on multinews-dev clusters 0-124 with
#: flat/top-5/top-10/decay 0.5/decay 1 centroids, with and without an extra
#: position boost of the sentence score: decay 0.5 and no boost gave R-2 15.87,
#: flat with boost 15.51, top-10 15.91 (differences of this size are noise).
CENTROID_DECAY = 0.5
#: Weight of cross-outlet support (how much of the sentence the other
#: independent articles also say), added to the centrality.  Swept over
#: {0, 0.3, 1.0} on clusters 0-124 (R-2 +0.2 to +0.6 over 0).
SUPPORT_WEIGHT = 0.3


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
    by its position, see :data:`CENTROID_DECAY`), after Radev et al.'s
    centroid summarizer."""
    ov = cluster.overlap
    n, v = len(cluster.units), len(ov.idf)
    if not len(ov.rows):
        return np.zeros(n, dtype=np.float64)
    sentence_weight = np.array(
        [
            (1.0 + u.sentence.index) ** -CENTROID_DECAY if u.representative else 0.0
            for u in cluster.units
        ]
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
        centroid_similarity(cluster) + SUPPORT_WEIGHT * support(cluster), dtype=np.float64
    )


#: centroid.v2 adds to the centrality this weight times 1 / sqrt(1 + rank of
#: the sentence among its article's standalone sentences): news puts what
#: matters first, and the reference summaries draw on every article's opening.
#: Swept on multinews-dev clusters 0-124 with LENGTH_PENALTY 0.4 (and the
#: support weight of v1, 0.3): 0.05 / 0.1 /
#: 0.2 / 0.3 / 0.5 / 1.0 gave R-2 16.21 / 16.21 / 16.16 / 16.26 / 16.01 / 15.79
#: (centroid.v1: 15.77).
LEAD_WEIGHT = 0.1
#: centroid.v2 divides the score by (sentence words) ** this, so that a long
#: sentence must be more central to take the room of two shorter ones (the
#: reference summaries tell more facts in fewer words than the articles).
#: Swept on clusters 0-124 with LEAD_WEIGHT 0.1: 0.3 / 0.35 / 0.4 / 0.45 / 0.5
#: gave R-2 16.06 / 16.27 / 16.21 / 16.21 / 16.12; without the lead weight,
#: -0.2 / 0.2 / 0.4 / 0.6 / 1.0 gave 15.56 / 15.86 / 15.92 / 15.80 / 15.40.
LENGTH_PENALTY = 0.4
#: centroid.v2's weight of cross-outlet support (:func:`support`), in place of
#: :data:`SUPPORT_WEIGHT`.  Swept on clusters 0-124 with the lead weight and
#: the length penalty: 0 / 0.3 / 0.45 / 0.6 / 0.9 / 1.2 gave R-2 15.76 / 16.21
#: / 16.38 / 16.40 / 16.26 / 16.04.  REDUNDANT 0.3 / 0.5 (16.25 / 16.00) and
#: CENTROID_DECAY 0.25 / 0.75 (16.11 / 15.98) did not beat the shipped values.
SUPPORT_WEIGHT_V2 = 0.6


def lead_prior(cluster: Cluster) -> np.ndarray:
    """1 / sqrt(1 + rank among the article's standalone sentences); 0 for the
    sentences that cannot stand alone."""
    return np.array(
        [1.0 / math.sqrt(1.0 + u.rank) if u.rank >= 0 else 0.0 for u in cluster.units],
        dtype=np.float64,
    )


def centroid_v2(cluster: Cluster) -> np.ndarray:
    """Centrality to the story's centroid, cross-outlet support
    (:data:`SUPPORT_WEIGHT_V2`) and a lead prior (:data:`LEAD_WEIGHT`), per
    word of the sentence to the power :data:`LENGTH_PENALTY`."""
    words = np.array([max(1, u.features.words) for u in cluster.units], dtype=np.float64)
    score = (
        centroid_similarity(cluster)
        + SUPPORT_WEIGHT_V2 * support(cluster)
        + LEAD_WEIGHT * lead_prior(cluster)
    )
    return np.asarray(score / words**LENGTH_PENALTY, dtype=np.float64)


register("summarize.lead.v1")(scored(lead))
register("summarize.centroid.v1")(scored(centroid))
register("summarize.centroid.v2")(scored(centroid_v2))

#: Extra weight of a concept for each occurrence near the top of an article
#: (weight of an occurrence = 1 + W / sqrt(1 + sentence index)).  Tuned on
#: multinews-dev clusters 0-124.
CONCEPT_POSITION_WEIGHT = 2.0
#: Gain is divided by (sentence words) ** this: 0 favours long sentences, 1
#: favours the densest.  Tuned on multinews-dev clusters 0-124.
LENGTH_EXPONENT = 0.5


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
        w = 1.0 + CONCEPT_POSITION_WEIGHT / math.sqrt(1.0 + u.sentence.index)
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
            gain /= cluster.units[i].features.words ** LENGTH_EXPONENT
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
