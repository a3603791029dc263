"""Extractive multi-document summary in which every sentence names all the
sentences, in every article, that say the same thing.

How it works, and why:

1. **Units.**  Every sentence of every article becomes a unit with its content
   terms, numbers and names (:mod:`storyline.summary.features`).  Articles
   that are duplicates or syndicated copies of one report (``duplicate_of``,
   ``syndication_group``, or found here: same text, or most sentences copied)
   form one *independent source group*; only the first article of a group
   counts for centrality, so a wire story printed by five outlets does not
   outvote an independent report five to one.
2. **Rank.**  A registered ranker (:data:`ALGORITHMS`, versioned names) scores
   the sentences that can stand alone (no captions, headers, fragments,
   questions, bylines, dangling "He said").
3. **Select.**  Greedily by score until the word budget is reached, skipping a
   sentence that repeats one already chosen (redundancy).
4. **Collapse.**  Each chosen sentence collects as ``sources`` every sentence
   in every article (copies included) that tells the same fact, by the one
   test of :mod:`storyline.facts.compare` (clashes of numbers, denials, days
   and speakers; wording and word meaning; one statement, one count, or the
   same day told in shared words), and those it joins to them on their
   wording or on the chosen sentence's day (:func:`rankers.fact_members`).
   ``outlets`` follow.
5. **Order.**  Chronology of what is reported (earliest article date among the
   sources, then how early in their articles the fact comes), then score.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from storyline.records import AnalyzedArticle, Article, SummarySentence
from storyline.summary.features import (
    features,
    overlap,
    standalone_problem,
)
from storyline.summary.params import DEFAULT_RANKER_PARAMS, RankerParams
from storyline.summary.rankers import (
    ALGORITHMS,
    Cluster,
    Unit,
    fact_members,
)
from storyline.summary.split import split_sentences
from storyline.text.datelines import without_dateline

__all__ = [
    "ALGORITHMS",
    "DEFAULT_ALGORITHM",
    "same_fact_pairs",
    "summarize",
    "summarize_articles",
]

#: Picked on multinews-dev (bench/summarize.py; ROUGE-2 on clusters 0-124,
#: where the knobs were tuned / 125-249, held out; before datelines were left
#: out): centroid.v2 16.40 / 15.51, centroid.v1 15.77 / 14.98, lead.v1 15.63 /
#: 14.81, coverage.v1 15.15 / 14.99.  centroid.v3 (issue 14) beat centroid.v2
#: in a 2-fold cross-validation on clusters 0-124 (16.86 against 16.46).  The
#: full table is in bench/results/summarize.json.
DEFAULT_ALGORITHM = "summarize.centroid.v3"

#: Two articles are copies of one report when this share of the shorter one's
#: sentences have a near-identical sentence (Dice >= COPY_SENTENCE) in the
#: other.  Set by reading, not swept: on multinews-dev they merge 9 of 690
#: articles (in 9 clusters): 6 identical pages captured twice, 3 the same AP
#: or op-ed text on two sites with different furniture; no distinct reports.
COPY_SHARE = 0.6
COPY_SENTENCE = 0.9


def _groups(articles: Sequence[AnalyzedArticle]) -> list[int]:
    """Independent source group of each article from the dedupe marks and
    identical texts (near copies are merged later, from sentence overlap)."""
    key_of: dict[str, int] = {}
    groups: list[int] = []
    by_id = {a.article.id: a.article for a in articles}
    for analyzed in articles:
        article = analyzed.article
        root = article
        seen = {root.id}
        while root.duplicate_of and root.duplicate_of in by_id and root.duplicate_of not in seen:
            root = by_id[root.duplicate_of]
            seen.add(root.id)
        keys = [f"id:{root.id}", "text:" + " ".join(article.text.split())]
        if article.syndication_group:
            keys.append(f"syn:{article.syndication_group}")
        found = next((key_of[k] for k in keys if k in key_of), None)
        group = found if found is not None else len(set(groups))
        for k in keys:
            key_of.setdefault(k, group)
        groups.append(group)
    return groups


def _merge_copies(orders: Sequence[int], dice: np.ndarray, groups: list[int]) -> list[int]:
    """Merge groups whose articles are near copies (most sentences shared)."""
    by_article: dict[int, list[int]] = {}
    for i, order in enumerate(orders):
        by_article.setdefault(order, []).append(i)
    parent = list(range(len(groups)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    orders = sorted(by_article)
    for ai, a in enumerate(orders):
        for b in orders[ai + 1 :]:
            if find(groups[a]) == find(groups[b]):
                continue
            rows, cols = by_article[a], by_article[b]
            block = dice[np.ix_(rows, cols)] >= COPY_SENTENCE
            shorter = min(len(rows), len(cols))
            copied = min(int(block.any(axis=1).sum()), int(block.any(axis=0).sum()))
            if shorter and copied >= COPY_SHARE * shorter:
                parent[find(groups[b])] = find(groups[a])
    roots = [find(g) for g in groups]
    renumber = {r: i for i, r in enumerate(dict.fromkeys(roots))}
    return [renumber[r] for r in roots]


def build_cluster(
    analyzed: Sequence[AnalyzedArticle], params: RankerParams = DEFAULT_RANKER_PARAMS
) -> Cluster:
    """Units, groups and pairwise overlap of all sentences of the articles,
    ranked and compared with ``params``."""
    groups = _groups(analyzed)
    raw: list[tuple[int, AnalyzedArticle, int, str | None, int]] = []
    for order, a in enumerate(analyzed):
        rank = 0
        for index, sentence in enumerate(a.sentences):
            problem = standalone_problem(sentence.text)
            raw.append((order, a, index, problem, rank if problem is None else -1))
            if problem is None:
                rank += 1
    feats = [features(a.sentences[index].text) for _, a, index, _, _ in raw]
    orders = [order for order, _, _, _, _ in raw]
    # Inverse sentence frequency over one copy of each report, so that copies
    # do not make their own words look common (copies found below from the
    # overlap itself still count; their words are then only over-weighted).
    first_of_group: dict[int, int] = {}
    for order, g in enumerate(groups):
        first_of_group.setdefault(g, order)
    ov = overlap(feats, [first_of_group[groups[o]] == o for o in orders])
    dice = ov.dice()
    merged = _merge_copies(orders, dice, groups)
    first: dict[int, int] = {}
    for order, g in enumerate(merged):
        first.setdefault(g, order)
    units = [
        Unit(
            sentence=a.sentences[index],
            article=a.article,
            article_order=order,
            group=merged[order],
            representative=first[merged[order]] == order,
            features=f,
            problem=problem,
            rank=rank,
            relative_position=index / max(1, len(a.sentences) - 1),
        )
        for (order, a, index, problem, rank), f in zip(raw, feats, strict=True)
    ]
    return Cluster(
        units=tuple(units),
        overlap=ov,
        dice=dice,
        groups=len(first),
        params=params,
    )


def same_fact_pairs(cluster: Cluster, i: int) -> list[int]:
    """Units that tell the same fact as unit ``i`` (``i`` included)
    (:func:`storyline.summary.rankers.fact_members`)."""
    return list(fact_members(cluster, i))


def _outlet(article: Article) -> str:
    return article.outlet or article.id


def summarize_articles(
    analyzed: Sequence[AnalyzedArticle],
    words: int = 250,
    *,
    algorithm: str = DEFAULT_ALGORITHM,
    params: RankerParams = DEFAULT_RANKER_PARAMS,
) -> list[SummarySentence]:
    """Summarize the analysed articles of one story in about ``words`` words.

    Sentences are chosen whole: the summary stops with the sentence that
    reaches the budget.  Each :class:`SummarySentence` lists as ``sources``
    the ids of every sentence, in every article, that tells the same fact, and
    as ``outlets`` their outlets (article ids where the outlet is unknown).
    ``params``: the rankers' thresholds and weights (the shipped ones by default).
    """
    if algorithm not in ALGORITHMS:
        known = ", ".join(sorted(ALGORITHMS))
        raise ValueError(f"unknown summary algorithm {algorithm!r}; known: {known}")
    if words <= 0 or not analyzed:
        return []
    cluster = build_cluster(analyzed, params)
    if not cluster.units:
        return []
    chosen = ALGORITHMS[algorithm](cluster, words)

    far_future = dt.date.max
    items: list[tuple[tuple[dt.date, float, float], SummarySentence]] = []
    for i, score in chosen:
        members = same_fact_pairs(cluster, i)
        members.sort(
            key=lambda j: (cluster.units[j].article_order, cluster.units[j].sentence.index)
        )
        sources = tuple(cluster.units[j].sentence.id for j in members)
        outlets = tuple(dict.fromkeys(_outlet(cluster.units[j].article) for j in members))
        dates = [cluster.units[j].article.published for j in members]
        known_dates = [d for d in dates if d is not None]
        key = (
            min(known_dates) if known_dates else far_future,
            min(cluster.units[j].relative_position for j in members),
            -score,
        )
        text = without_dateline(" ".join(cluster.units[i].sentence.text.split()))
        items.append((key, SummarySentence(text=text, sources=sources, outlets=outlets)))
    items.sort(key=lambda item: item[0])
    return [s for _, s in items]


def summarize(
    documents: list[str],
    words: int = 250,
    *,
    algorithm: str = DEFAULT_ALGORITHM,
    params: RankerParams = DEFAULT_RANKER_PARAMS,
) -> list[SummarySentence]:
    """Summarize raw document strings (the evaluation API).

    The strings are split into sentences by rule (:mod:`storyline.summary.split`;
    no ranker needs a parse, and spaCy's sentence pipeline was most of the
    time a user waited); sentence ids are ``d<index>-<hash>/s<n>``, the
    article ids of :func:`storyline.analysis.nlp.text_article`.
    """
    from storyline.analysis.nlp import text_article

    if not any(d.strip() for d in documents):
        return []
    analyzed = []
    for index, text in enumerate(documents):
        article = text_article(text, index)
        analyzed.append(AnalyzedArticle(article, split_sentences(text, article.id), None))
    return summarize_articles(analyzed, words, algorithm=algorithm, params=params)
