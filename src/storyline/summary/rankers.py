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
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from storyline import lexicons
from storyline.facts.compare import (
    Context,
    Reading,
    anchored,
    calendar_days,
    clash,
    decide,
    event_words,
    read,
)
from storyline.records import Article, Sentence
from storyline.summary.features import Overlap, SentenceFeatures, bigrams, compatible
from storyline.summary.params import DEFAULT_RANKER_PARAMS, RankerParams
from storyline.summary.speakers import attributed, said_words


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
    #: The thresholds and weights of this run (:class:`RankerParams`).
    params: RankerParams = DEFAULT_RANKER_PARAMS
    _readings: dict[int, Reading] = field(default_factory=dict, repr=False, compare=False)
    _speakers_of: dict[int, Counter[str]] = field(default_factory=dict, repr=False, compare=False)
    _members: dict[int, tuple[int, ...]] = field(default_factory=dict, repr=False, compare=False)
    _story: list[tuple[frozenset[str], frozenset[str]]] = field(
        default_factory=list, repr=False, compare=False
    )
    _common_events: list[frozenset[str]] = field(default_factory=list, repr=False, compare=False)

    def candidates(self) -> list[int]:
        """Sentences that may be picked: standalone, in a representative article."""
        return [i for i, u in enumerate(self.units) if u.representative and u.problem is None]

    def reading(self, i: int) -> Reading:
        """Unit i as the same-fact test reads it (read once, on demand: only
        the sentences a comparison reaches are embedded)."""
        found = self._readings.get(i)
        if found is None:
            found = self._readings[i] = read(self.units[i].sentence.text)
        return found

    def statements(self, order: int) -> Counter[str]:
        """In how many sentences of article ``order`` each speaker speaks
        (read on demand, once per article: only when a pair has speakers)."""
        found = self._speakers_of.get(order)
        if found is None:
            found = Counter()
            for u in self.units:
                if u.article_order == order:
                    found.update(attributed(u.sentence.text).keys)
            self._speakers_of[order] = found
        return found

    def story_words(self) -> tuple[frozenset[str], frozenset[str]]:
        """The story's most common name (stemmed: the capitalised word in the
        most sentences, which every retelling shares and which is therefore
        no evidence) and the stems it writes in lower case somewhere (common
        nouns, not names, when they open a sentence alone)."""
        if not self._story:
            names: Counter[str] = Counter()
            lower: set[str] = set()
            for u in self.units:
                names.update(u.features.names)
                lower |= said_words(u.sentence.text)
            common = frozenset(name for name, _ in names.most_common(1))
            self._story.append((common, frozenset(lower)))
        return self._story[0]

    def common_event_words(self) -> frozenset[str]:
        """Event words (:func:`storyline.facts.compare.event_words`) in more
        than :attr:`RankerParams.common_event_share` of the sentences, and in
        three or more (in a handful of sentences every word is in one)."""
        if not self._common_events:
            df: Counter[str] = Counter()
            for u in self.units:
                df.update(event_words(u.sentence.text))
            bound = max(2.0, self.params.common_event_share * len(self.units))
            self._common_events.append(frozenset(w for w, n in df.items() if n > bound))
        return self._common_events[0]

    def context(self, i: int, j: int) -> Context:
        """What the cluster knows of units i and j for the same-fact test."""
        a, b = self.units[i], self.units[j]
        dated = a.article.published is not None and b.article.published is not None
        context = Context(
            anchors=(a.article.published, b.article.published),
            same_article=a.article_order == b.article_order,
            common_words=self.common_event_words() if dated else frozenset(),
        )
        if context.same_article or not (
            self.reading(i).attributed.speakers and self.reading(j).attributed.speakers
        ):
            return context
        common, lower = self.story_words()
        return replace(
            context,
            statements=(self.statements(a.article_order), self.statements(b.article_order)),
            common_names=common,
            common_nouns=lower,
        )


Ranker = Callable[[Cluster], np.ndarray]
#: An algorithm picks sentences for a word budget: (unit index, score) pairs,
#: most important first.
Algorithm = Callable[[Cluster, int], list[tuple[int, float]]]

ALGORITHMS: dict[str, Algorithm] = {}


def same_fact(cluster: Cluster, i: int, j: int) -> bool:
    """Do units i and j tell the same fact?  The one test of
    :mod:`storyline.facts.compare`, told what the cluster knows (the
    articles' dates, whether the two are of one article).  Only pairs that
    share some content words are read: the score needs shared words to
    reach its threshold, and the anchored evidence needs two."""
    dice = cluster.dice[i, j]
    p = cluster.params
    if dice < p.anchored_fact:
        return False
    if dice < p.evidence_fact and (
        cluster.units[i].article.published is None or cluster.units[j].article.published is None
    ):
        return False  # only the anchored evidence is asked down here, and it needs dates
    x, y = cluster.reading(i), cluster.reading(j)
    context = cluster.context(i, j)
    if dice < p.evidence_fact:
        # below the score's floor only the anchored evidence can join them
        return clash(x, y, context) is None and anchored(x, y, context, p.facts)
    return decide(x, y, context, p.facts)


def fact_members(cluster: Cluster, i: int) -> tuple[int, ...]:
    """Units that tell the same fact as unit ``i`` (``i`` first): those the
    same-fact test joins to ``i``, and, one step further, those the test's
    anchored evidence joins to one of them on a day ``i`` names ("The rout
    on Wednesday in Palmyra" joins "ISIS militants stormed ... Palmyra
    Wednesday"; "Wednesday's rout", in other words than the storming, joins
    the rout).  The second step is taken for that day only: on the demo
    corpus, letting a statement, a count or another day carry it chained the
    ferry's passenger count to the fire's outbreak and its end; and a second
    step on wording (a paraphrase of a paraphrase) changed no summary line's
    sources on multinews-dev clusters 0-39 while it doubled the pairs read.
    Cached."""
    found = cluster._members.get(i)
    if found is not None:
        return found
    floor = cluster.params.anchored_fact
    members = [i]
    seen = {i}
    for near in np.flatnonzero(cluster.dice[i] >= floor):
        j = int(near)
        if j != i and same_fact(cluster, i, j):
            seen.add(j)
            members.append(j)
    first = cluster.units[i].article.published
    days = calendar_days(cluster.reading(i), first) if first is not None else frozenset()
    if days:
        for j in members[1:]:
            for near in np.flatnonzero(cluster.dice[j] >= floor):
                k = int(near)
                if k not in seen and _second_step(cluster, j, k, days):
                    seen.add(k)
                    members.append(k)
    found = cluster._members[i] = tuple(members)
    return found


def _second_step(cluster: Cluster, j: int, k: int, days: frozenset[str]) -> bool:
    """Does unit k join, through unit j, a fact told on one of ``days``?"""
    third = cluster.units[k].article.published
    if third is None:
        return False
    x, y = cluster.reading(j), cluster.reading(k)
    context = cluster.context(j, k)
    if not y.dated or clash(x, y, context) is not None:
        return False
    if not anchored(x, y, context, cluster.params.facts):
        return False
    return not days.isdisjoint(calendar_days(y, third))


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
        or i in fact_members(cluster, c)
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


#: Quotation marks: a sentence with one quotes someone.
_QUOTE = re.compile("[\"\u201c\u201d]")
_WORD = re.compile(r"[A-Za-z]+")
_FIRST_PERSON = lexicons.words("summary/first_person")


def _first_person(text: str) -> bool:
    """A first-person pronoun ("I", "we", "our", ...; "US" is the country)."""
    for word in _WORD.findall(text):
        if word == "I":
            return True
        if not word.isupper() and word != "i" and word.lower() in _FIRST_PERSON:
            return True
    return False


def traits(cluster: Cluster) -> np.ndarray:
    """What :func:`centroid_v3` reads of each sentence, one row per unit in the
    order of :data:`storyline.summary.params.TRAITS` (rows of the sentences
    that cannot be picked are zeros): its centrality, cross-outlet support
    and lead prior (as centroid.v2), whether it quotes someone, whether it
    speaks in the first person outside a quotation, the log of its words,
    whether it gives a number, its relative position in its article, and
    whether it opens its article."""
    n = len(cluster.units)
    out = np.zeros((n, 9), dtype=np.float64)
    candidates = cluster.candidates()
    if not candidates:
        return out
    out[candidates, 0] = centroid_similarity(cluster)[candidates]
    out[candidates, 1] = support(cluster)[candidates]
    out[candidates, 2] = lead_prior(cluster)[candidates]
    for i in candidates:
        u = cluster.units[i]
        text = u.sentence.text
        quoted = _QUOTE.search(text) is not None
        out[i, 3:] = (
            float(quoted),
            float(not quoted and _first_person(text)),
            math.log(max(1, u.features.words)),
            float(any(c.isdigit() for c in text)),
            u.relative_position,
            float(u.rank == 0),
        )
    return out


def centroid_v3(cluster: Cluster) -> np.ndarray:
    """centroid.v2's measures and a few more traits of a sentence
    (:func:`traits`), weighed by a linear model of how much of a sentence a
    reference summary says: the share of its word pairs in the reference,
    fitted on multinews-dev clusters 0-124
    (:attr:`RankerParams.trait_weights`).  The score is that predicted
    density, so the greedy selection fills the budget with the sentences that
    say most of the story per word."""
    p = cluster.params
    x = (traits(cluster) - np.asarray(p.trait_means)) / np.asarray(p.trait_scales)
    score = np.maximum(x @ np.asarray(p.trait_weights) + p.trait_intercept, 1e-6)
    return np.asarray(score, dtype=np.float64)


register("summarize.lead.v1")(scored(lead))
register("summarize.centroid.v1")(scored(centroid))
register("summarize.centroid.v2")(scored(centroid_v2))
register("summarize.centroid.v3")(scored(centroid_v3))


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
