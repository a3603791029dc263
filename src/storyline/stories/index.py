"""Incremental story clustering: each new article joins a story or starts one.

Why not the spaCy parse: clustering has to keep up with a feed and with 10,000
articles in one batch, and the full pipeline runs at a few dozen articles per
second on this machine.  The features here come from one regular-expression pass
over the text instead:

* ``E:`` entity-like terms: capitalised words that are not sentence-initial
  function words, and pairs of adjacent capitalised words ("Tara Reid");
* ``W:`` content words, lower-cased, stop words removed, crudely singularised;
* ``N:`` numbers and ``Y:`` years;
* title terms count extra.

Weights are sublinear TF times an IDF read from an incremental
document-frequency table, so a stream and a batch see the same statistics once
the batch is registered.  A document's vector is L2-normalised; a story keeps
the sum of its members' vectors, so the average-link similarity of a document to
a story is one sparse dot product divided by the story size.

:class:`StoryIndex` holds the state: the DF table, the stories, and an inverted
index from a document's heaviest terms to the stories that contain them, so a
new document is compared only with stories that share one of its key terms (no
all-pairs comparison).  ``finalize`` re-weights everything with the final DF
table, moves documents to the story they fit best and merges stories that
average-link above the same threshold, which removes most of the dependence on
input order.  A join or a merge must also reach a share of the *cohesion* of the
story it joins (the mean similarity among its members, kept from the squared
norm of the summed vector), so that two tight groups that merely share a topic
stay two stories.  The state is plain JSON (:meth:`StoryIndex.to_dict`).
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from sys import intern
from typing import Any

from storyline.stories.features import as_date, content_date, features
from storyline.stories.params import DEFAULT_CLUSTER_PARAMS, ClusterParams

STATE_VERSION = 1


def _date_factor(
    day: int | None,
    hint: int | None,
    first: int | None,
    last: int | None,
    hints: Sequence[int],
    size: int = 0,
    params: ClusterParams = DEFAULT_CLUSTER_PARAMS,
) -> float:
    """How far a document's date sits from a story's, as a multiplier on similarity.

    ``day``/``first``/``last`` are publication dates (day ordinals); ``hint`` and
    ``hints`` are content dates of undated reports: lower bounds, so only a
    content date well *after* the other side's dates counts against a match.
    """
    if day is not None and first is not None and last is not None:
        gap = max(first - day, day - last, 0)
        if gap > params.same_story_days:
            return params.near_factor if gap <= params.far_days else params.far_factor
    later_by = params.far_days // 2
    if day is not None and hints and max(hints) - day > later_by:
        return params.far_factor  # the story's undated reports name a month after this report
    if hint is not None and last is not None and hint - last > later_by:
        return params.far_factor  # this report names a month after the story's last report
    if hint is not None and hints:
        differing = sum(1 for h in hints if abs(h - hint) > 366)
        return 1.0 - (1.0 - params.hint_factor) * differing / max(len(hints), size)
    return 1.0


@dataclass
class _Doc:
    key: str
    counts: dict[str, float]
    day: int | None
    hint: int | None
    story: int = -1
    vector: dict[str, float] = field(default_factory=dict)
    #: the heaviest entity-view terms of ``vector`` (see :func:`_names`)
    names: tuple[str, ...] = ()

    def set_vector(self, vector: dict[str, float], names: int) -> None:
        """Set the vector and its ``names`` heaviest entity-view terms."""
        self.vector = vector
        self.names = _names(vector, names)


@dataclass
class _Story:
    members: list[str] = field(default_factory=list)
    total: dict[str, float] = field(default_factory=dict)
    first: int | None = None
    last: int | None = None
    hints: list[int] = field(default_factory=list)
    #: sum of the members' self-similarities (1.0 each, 0.0 for an empty vector)
    self_sum: float = 0.0
    #: members naming each of their heaviest names (see ``ClusterParams.anchor_names``)
    names: Counter[str] = field(default_factory=Counter)
    #: squared norm of ``total``, kept up to date (the cohesion needs it often)
    norm_sq: float = 0.0

    def add(self, doc: _Doc) -> None:
        self.members.append(doc.key)
        self_dot = _dot(doc.vector, doc.vector)
        self.norm_sq += 2.0 * _dot(doc.vector, self.total) + self_dot
        self.self_sum += self_dot
        self.names.update(doc.names)
        for term, weight in doc.vector.items():
            self.total[term] = self.total.get(term, 0.0) + weight
        if doc.day is not None:
            self.first = doc.day if self.first is None else min(self.first, doc.day)
            self.last = doc.day if self.last is None else max(self.last, doc.day)
        elif doc.hint is not None:
            self.hints.append(doc.hint)

    def absorb(self, other: _Story) -> None:
        """Add another story's members and sums (cost: the smaller story's terms)."""
        self.norm_sq += 2.0 * _dot(self.total, other.total) + other.norm_sq
        self.members += other.members
        self.self_sum += other.self_sum
        self.names.update(other.names)
        for term, weight in other.total.items():
            self.total[term] = self.total.get(term, 0.0) + weight
        firsts = [d for d in (self.first, other.first) if d is not None]
        lasts = [d for d in (self.last, other.last) if d is not None]
        self.first = min(firsts) if firsts else None
        self.last = max(lasts) if lasts else None
        self.hints += other.hints

    def cohesion(self) -> float | None:
        """Mean similarity over pairs of distinct members (None below two members).

        The squared norm of the summed vector is the sum over all member pairs,
        self-pairs included, so no pair has to be visited.
        """
        n = len(self.members)
        if n < 2:
            return None
        return (self.norm_sq - self.self_sum) / (n * (n - 1))


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    """Sparse dot product, summed over the smaller vector's terms in its own order."""
    if len(a) > len(b):
        a, b = b, a
    # over the smaller vector's own (insertion) order: a set intersection's
    # order follows string hashes, which change per process, and a float sum
    # in another order can differ in its last bit and flip a threshold (10,000
    # synthetic articles gave 3,430 stories at PYTHONHASHSEED=0, 3,431 at 7)
    return sum(w * b[t] for t, w in a.items() if t in b)


def _names(vector: Mapping[str, float], limit: int) -> tuple[str, ...]:
    """A document's ``limit`` heaviest entity-view terms: the names a story is known by."""
    names = [(t, w) for t, w in vector.items() if t.startswith("e|")]
    top = heapq.nlargest(limit, names, key=lambda kv: (kv[1], kv[0]))
    return tuple(t for t, _ in top)


def _sum(docs: Iterable[_Doc]) -> dict[str, float]:
    """The summed vector of some documents."""
    total: dict[str, float] = {}
    for doc in docs:
        for term, weight in doc.vector.items():
            total[term] = total.get(term, 0.0) + weight
    return total


def _story_date_factor(a: _Story, b: _Story, params: ClusterParams) -> float:
    """:func:`_date_factor` of story ``a`` (its middle day, else latest content date) to ``b``."""
    if a.first is not None and a.last is not None:
        return _date_factor((a.first + a.last) // 2, None, b.first, b.last, b.hints, 0, params)
    if a.hints and b.hints and a.first is None and b.first is None:
        years_a, years_b = Counter(a.hints), Counter(b.hints)
        differing = sum(
            ca * cb
            for ha, ca in years_a.items()
            for hb, cb in years_b.items()
            if abs(ha - hb) > 366
        )
        return 1.0 - (1.0 - params.hint_factor) * differing / (len(a.members) * len(b.members))
    if a.hints:
        return _date_factor(None, max(a.hints), b.first, b.last, b.hints, len(b.members), params)
    return 1.0


def _order_key(doc: _Doc) -> tuple[int, int, str]:
    """Date order (dated first by day, then by content date), ties by content hash."""
    when = doc.day if doc.day is not None else doc.hint
    return (0 if when is not None else 1, when or 0, doc.key)


class StoryIndex:
    """Stories built one document at a time, with an inverted index for candidates.

    ``add`` registers a document's terms in the DF table and assigns it to the
    best candidate story above ``params.join_threshold`` or to a new story.
    ``add_many`` registers a whole batch first, then assigns in date order and
    calls :meth:`finalize`, so a batch and a replayed stream agree.
    """

    def __init__(self, *, params: ClusterParams = DEFAULT_CLUSTER_PARAMS) -> None:
        self.params = params
        self.threshold = params.join_threshold
        self._kind_weight = {
            "E": params.entity_weight,
            "W": params.word_weight,
            "N": params.number_weight,
            "Y": params.year_weight,
        }
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self.docs: dict[str, _Doc] = {}
        self.stories: dict[int, _Story] = {}
        self.postings: defaultdict[str, set[int]] = defaultdict(set)
        self.next_story = 0

    # -- documents ---------------------------------------------------------
    @staticmethod
    def key_of(text: str, title: str | None = None) -> str:
        """A content hash: the same report twice is one document."""
        data = f"{title or ''}\n{text}".encode("utf-8", "surrogatepass")
        return hashlib.sha256(data).hexdigest()[:16]

    def _make_doc(self, text: str, title: str | None, published: object, key: str | None) -> _Doc:
        counts = features(text, title, title_repeat=self.params.title_repeat)
        day = as_date(published)
        hint = content_date(f"{title or ''}\n{text}") if day is None else None
        return _Doc(
            key=key or self.key_of(text, title),
            counts=dict(counts),
            day=day.toordinal() if day else None,
            hint=hint.toordinal() if hint else None,
        )

    def _register(self, doc: _Doc) -> None:
        self.df.update(doc.counts.keys())
        self.n_docs += 1

    def _weigh(self, counts: Mapping[str, float]) -> dict[str, float]:
        """TF-IDF vector made of the ``params.views``, each L2-normalised and scaled
        so that a dot product is the weighted mean of the per-view cosines."""
        p = self.params
        kind_weight = self._kind_weight
        n = self.n_docs + p.background_docs
        raw = {
            t: (1.0 + math.log(c))
            * (math.log(n / (self.df.get(t, 0) + 1)) + 1.0)
            * kind_weight[t[0]]
            for t, c in counts.items()
        }
        views = []
        for prefix, kinds, weight in p.views:
            items = [(t, w) for t, w in raw.items() if t[0] in kinds]
            top = heapq.nlargest(p.vector_terms, items, key=lambda kv: (kv[1], kv[0]))
            norm = math.sqrt(sum(w * w for _, w in top))
            if norm:
                views.append((prefix, top, norm, weight))
        # weights over the views this document has, so that its self-similarity is 1
        total = sum(weight for *_, weight in views)
        out: dict[str, float] = {}
        for prefix, top, norm, weight in views:
            scale = math.sqrt(weight / total) / norm
            out.update((intern(prefix + t), w * scale) for t, w in top)
        return out

    def _key_terms(self, vector: Mapping[str, float]) -> list[str]:
        top = heapq.nlargest(self.params.key_terms, vector.items(), key=lambda kv: (kv[1], kv[0]))
        return [t for t, _ in top]

    # -- assignment --------------------------------------------------------
    def _candidates(self, vector: Mapping[str, float], exclude: int = -1) -> list[int]:
        hits: Counter[int] = Counter()
        for term in self._key_terms(vector):
            posting = self.postings.get(term)
            if posting and len(posting) <= self.params.max_posting:
                hits.update(posting)
        hits.pop(exclude, None)
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
        return [s for s, _ in ranked if s in self.stories][: self.params.max_candidates]

    def _score(self, doc: _Doc, story: _Story, *, own: bool = False) -> float:
        size = len(story.members) - (1 if own else 0)
        if size <= 0:
            return 0.0
        total = _dot(doc.vector, story.total)
        if own:
            total -= _dot(doc.vector, doc.vector)
        p = self.params
        factor = _date_factor(
            doc.day, doc.hint, story.first, story.last, story.hints, len(story.members), p
        )
        if p.anchor_factor != 1.0 and self._anchored(doc, story, size):
            factor *= p.anchor_factor
        return total / size * factor

    def _anchored(self, doc: _Doc, story: _Story, size: int) -> bool:
        """A report of the story's days that names the story's own rare name.

        The name must be among the heaviest names of the report and of most
        members, and rare in the pile (in no more documents than
        ``params.anchor_df`` per member of the story).
        """
        if doc.day is None or story.first is None or story.last is None or size < 2:
            return False
        p = self.params
        if not story.first - p.anchor_days <= doc.day <= story.last + p.anchor_days:
            return False
        need = p.anchor_share * size
        for term in doc.names:
            if story.names.get(term, 0) >= need and self.df.get(term[2:], 0) <= p.anchor_df * size:
                return True
        return False

    def _best(self, doc: _Doc) -> tuple[int, float]:
        best, best_score = -1, self.threshold
        for sid in self._candidates(doc.vector):
            story = self.stories[sid]
            score = self._score(doc, story)
            if len(story.members) >= self.params.guard_min_members and not self._joinable(
                score, story
            ):
                continue
            if score < self.threshold:
                continue
            if score >= best_score and (score > best_score or best == -1 or sid < best):
                best, best_score = sid, score
        return best, best_score

    def _place(self, doc: _Doc, sid: int) -> None:
        if sid < 0:
            sid = self.next_story
            self.next_story += 1
            self.stories[sid] = _Story()
        doc.story = sid
        self.stories[sid].add(doc)
        for term in self._key_terms(doc.vector):
            self.postings[term].add(sid)

    def add(
        self,
        text: str,
        title: str | None = None,
        published: object = None,
        *,
        key: str | None = None,
    ) -> int:
        """Add one document (a stream): returns its story id.  A known key is not re-added."""
        doc = self._make_doc(text, title, published, key)
        if doc.key in self.docs:
            return self.docs[doc.key].story
        self._register(doc)
        doc.set_vector(self._weigh(doc.counts), self.params.anchor_names)
        self.docs[doc.key] = doc
        self._place(doc, self._best(doc)[0])
        return doc.story

    def add_many(self, documents: Iterable[Mapping[str, Any]], *, refine: bool = True) -> list[str]:
        """Add a batch through the same path as :meth:`add`; returns the document keys.

        The DF table takes the whole batch first and documents are assigned in
        date order, so the result does not depend on the input order beyond ties.
        """
        keys: list[str] = []
        fresh: list[_Doc] = []
        for d in documents:
            doc = self._make_doc(
                str(d.get("text") or ""), d.get("title"), d.get("published"), d.get("key")
            )
            keys.append(doc.key)
            if doc.key in self.docs:
                continue
            self.docs[doc.key] = doc
            self._register(doc)
            fresh.append(doc)
        for doc in sorted(fresh, key=_order_key):
            doc.set_vector(self._weigh(doc.counts), self.params.anchor_names)
            self._place(doc, self._best(doc)[0])
        if refine:
            self.finalize()
        return keys

    # -- refinement --------------------------------------------------------
    def _rebuild(self, assignment: Mapping[str, int]) -> None:
        """Stories and postings from scratch, numbered by their first document."""
        groups: defaultdict[int, list[_Doc]] = defaultdict(list)
        for key, sid in assignment.items():
            groups[sid].append(self.docs[key])
        ordered = sorted(groups.values(), key=lambda ds: min(_order_key(d) for d in ds))
        self.stories, self.postings, self.next_story = {}, defaultdict(set), 0
        for members in ordered:
            sid = -1
            for doc in sorted(members, key=_order_key):
                self._place(doc, sid)
                sid = doc.story

    def finalize(self, *, rounds: int = 2) -> None:
        """Re-weight with the final DF table, move misplaced documents, merge stories.

        Each round first splits stories made of two groups that barely link
        (``params.split_ratio``), then visits documents in date order and moves one to another
        candidate story when it fits there better than in its own (both
        average-link, the document left out of its own); then stories whose
        average-link similarity clears the threshold are merged, best pair first.
        """
        for doc in self.docs.values():
            doc.set_vector(self._weigh(doc.counts), self.params.anchor_names)
        self._rebuild({k: d.story for k, d in self.docs.items()})
        for _ in range(rounds):
            self._split()
            moved = self._reassign()
            merged = self._merge()
            if not moved and not merged:
                break

    def _bisect(self, story: _Story) -> tuple[list[_Doc], list[_Doc]]:
        """Two groups of a story's members by spherical 2-means on average links.

        Seeds: the member least like the story and the member least like that
        one; then each member goes to the group it is closer to on average
        (itself left out), until the groups stop changing (six passes at most).
        """
        docs = sorted((self.docs[k] for k in story.members), key=lambda d: d.key)
        a = min(docs, key=lambda d: (_dot(d.vector, story.total), d.key))
        b = min(docs, key=lambda d: (_dot(d.vector, a.vector) if d is not a else math.inf, d.key))
        groups: tuple[list[_Doc], list[_Doc]] = ([a], [b])
        for _ in range(6):
            sums = [_sum(g) for g in groups]
            inside = [{d.key for d in g} for g in groups]
            sides: tuple[list[_Doc], list[_Doc]] = ([], [])
            for doc in docs:
                sims = []
                for g, total, keys in zip(groups, sums, inside, strict=True):
                    dot = _dot(doc.vector, total)
                    n = len(g)
                    if doc.key in keys:
                        dot -= _dot(doc.vector, doc.vector)
                        n -= 1
                    sims.append(dot / n if n else -1.0)
                sides[0 if sims[0] >= sims[1] else 1].append(doc)
            if not sides[0] or not sides[1]:
                return groups
            stable = [d.key for d in sides[0]] == [d.key for d in groups[0]]
            groups = sides
            if stable:
                break
        return groups

    def _split(self) -> int:
        """Split stories whose two halves link below ``params.split_ratio`` of their cohesion.

        The second half becomes a new story in place (its postings added; the
        first half's stale postings only fetch one more candidate until the
        next rebuild), so a round costs no rebuild of the index.
        """
        split = 0
        least = self.params.split_min
        for sid, story in list(self.stories.items()):
            if len(story.members) < 2 * least:
                continue
            left, right = self._bisect(story)
            if len(left) < least or len(right) < least:
                continue
            sums = _sum(left), _sum(right)
            link = _dot(*sums) / (len(left) * len(right))
            cohesions = [
                (_dot(total, total) - sum(_dot(d.vector, d.vector) for d in side))
                / (len(side) * (len(side) - 1))
                for total, side in zip(sums, (left, right), strict=True)
            ]
            if link >= self.params.split_ratio * min(cohesions):
                continue
            self.stories[sid] = _Story()
            for doc in sorted(left, key=_order_key):
                self.stories[sid].add(doc)
            new = -1
            for doc in sorted(right, key=_order_key):
                self._place(doc, new)
                new = doc.story
            split += 1
        return split

    def _reassign(self) -> int:
        """Move each document, in date order, to the story it fits best (applied at once).

        Its own story is scored without it; a document that no longer fits
        its own story nor any other leaves for a story of its own.
        """
        moved = 0
        for doc in sorted(self.docs.values(), key=_order_key):
            own = self.stories[doc.story]
            own_score = self._score(doc, own, own=True) if len(own.members) > 1 else -1.0
            best, best_score = doc.story, max(own_score, self.threshold)
            for sid in self._candidates(doc.vector, exclude=doc.story):
                score = self._score(doc, self.stories[sid])
                if score > best_score:
                    best, best_score = sid, score
            if best == doc.story and not (own_score < self.threshold and len(own.members) > 1):
                continue
            self._detach(doc)
            self._place(doc, best if best != doc.story else -1)
            moved += 1
        if moved:
            self._rebuild({k: d.story for k, d in self.docs.items()})
        return moved

    def _detach(self, doc: _Doc) -> None:
        """Take a document out of its story (postings are rebuilt after the round)."""
        story = self.stories[doc.story]
        story.members.remove(doc.key)
        if not story.members:
            del self.stories[doc.story]
            return
        self_dot = _dot(doc.vector, doc.vector)
        story.norm_sq += self_dot - 2.0 * _dot(doc.vector, story.total)
        for term, weight in doc.vector.items():
            story.total[term] = story.total.get(term, 0.0) - weight
        story.self_sum -= self_dot
        story.names.subtract(doc.names)
        rest = [self.docs[k] for k in story.members]
        days = [d.day for d in rest if d.day is not None]
        story.first, story.last = (min(days), max(days)) if days else (None, None)
        story.hints = [d.hint for d in rest if d.day is None and d.hint is not None]

    def _joinable(self, link: float, a: _Story, b: _Story | None = None) -> bool:
        """Whether a link clears the threshold and the cohesion of both sides.

        Two stories (or a report and a story) are one only when they are about
        as close to each other as each story's members are among themselves: a
        link far below a side's cohesion means two tight groups that merely
        share a topic (two DUI arrests of the same team's players).
        """
        if link < self.threshold:
            return False
        cohesions = [c for c in (a.cohesion(), b.cohesion() if b else None) if c is not None]
        return not cohesions or link >= self.params.cohesion_ratio * min(cohesions)

    def _story_link(self, a: _Story, b: _Story) -> float:
        """Average-link similarity of two stories, times the date factor between them."""
        score = _dot(a.total, b.total) / (len(a.members) * len(b.members))
        return score * min(
            _story_date_factor(a, b, self.params), _story_date_factor(b, a, self.params)
        )

    def _merge(self) -> int:
        """Average-link agglomeration over the candidate graph, best pair first.

        Like scikit-learn's average linkage, but only between stories that share
        an indexed key term, so the work grows with the number of stories and
        not with its square.  A merged story's links are recomputed from its
        sums, which keeps every link an exact average over member pairs.
        """
        stories = dict(self.stories)
        neighbours: dict[int, set[int]] = {sid: set() for sid in stories}
        for sid, story in stories.items():
            hits: Counter[int] = Counter()
            for term in self._key_terms(story.total):
                posting = self.postings.get(term)
                if posting and len(posting) <= self.params.max_posting:
                    hits.update(posting)
            hits.pop(sid, None)
            ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
            for other, _ in ranked[: self.params.max_candidates]:
                neighbours[sid].add(other)
                neighbours[other].add(sid)
        heap: list[tuple[float, int, int]] = []
        for sid, others in neighbours.items():
            for other in others:
                if other > sid:
                    score = self._story_link(stories[sid], stories[other])
                    if self._joinable(score, stories[sid], stories[other]):
                        heap.append((-score, sid, other))
        heapq.heapify(heap)
        merged = 0
        next_id = max(stories, default=-1) + 1
        while heap:
            _, a, b = heapq.heappop(heap)
            if a not in stories or b not in stories:
                continue
            big, small = sorted((stories[a], stories[b]), key=lambda st: -len(st.total))
            union = _Story(
                list(big.members),
                dict(big.total),
                big.first,
                big.last,
                list(big.hints),
                big.self_sum,
                Counter(big.names),
                big.norm_sq,
            )
            union.absorb(small)
            del stories[a], stories[b]
            around = (neighbours.pop(a) | neighbours.pop(b)) - {a, b}
            sid, next_id = next_id, next_id + 1
            stories[sid] = union
            neighbours[sid] = set()
            for other in around:
                if other not in stories:
                    continue
                neighbours[other] -= {a, b}
                neighbours[other].add(sid)
                neighbours[sid].add(other)
                score = self._story_link(union, stories[other])
                if self._joinable(score, union, stories[other]):
                    heapq.heappush(heap, (-score, min(sid, other), max(sid, other)))
            merged += 1
        if merged:
            where = {key: sid for sid, story in stories.items() for key in story.members}
            self._rebuild(where)
        return merged

    # -- a persistent index: loaded once, then grown and refined locally ---------
    def load(self, documents: Iterable[Mapping[str, Any]]) -> None:
        """Load stored documents (``key``, ``counts``, ``day``, ``hint`` and an
        integer ``story``) as they were assigned: nothing moves, story numbers
        are kept, and vectors are weighed with the whole DF table."""
        docs = []
        for d in documents:
            doc = _Doc(
                key=str(d["key"]),
                counts={str(t): float(c) for t, c in d["counts"].items()},
                day=d["day"],
                hint=d["hint"],
                story=int(d["story"]),
            )
            if doc.key in self.docs:
                continue
            self.docs[doc.key] = doc
            self._register(doc)
            docs.append(doc)
        for doc in docs:
            doc.set_vector(self._weigh(doc.counts), self.params.anchor_names)
            sid = doc.story
            if sid not in self.stories:
                self.stories[sid] = _Story()
            self._place(doc, sid)
            self.next_story = max(self.next_story, sid + 1)

    def add_document(
        self, key: str, text: str, title: str | None = None, published: object = None
    ) -> tuple[int, bool]:
        """Add one document as :meth:`add` does: (its story, whether the story is new)."""
        if key in self.docs:
            return self.docs[key].story, False
        before = self.next_story
        sid = self.add(text, title, published, key=key)
        return sid, sid >= before

    def features_of(
        self, text: str, title: str | None = None, published: object = None
    ) -> tuple[dict[str, float], int | None, int | None]:
        """A document's features as the index stores them: counts, day, hint."""
        doc = self._make_doc(text, title, published, "")
        return doc.counts, doc.day, doc.hint

    def counts_of(self, key: str) -> tuple[dict[str, float], int | None, int | None]:
        """A document's stored features: term counts, day and content-date hint."""
        doc = self.docs[key]
        return doc.counts, doc.day, doc.hint

    def members(self, sid: int) -> list[str]:
        return list(self.stories[sid].members)

    def split_story(self, sid: int) -> int | None:
        """Split one story in two when its halves barely link (as :meth:`finalize`
        does for all); returns the new story's number, or None when it holds.
        The first half keeps ``sid``."""
        story = self.stories.get(sid)
        least = self.params.split_min
        if story is None or len(story.members) < 2 * least:
            return None
        left, right = self._bisect(story)
        if len(left) < least or len(right) < least:
            return None
        sums = _sum(left), _sum(right)
        link = _dot(*sums) / (len(left) * len(right))
        cohesions = [
            (_dot(total, total) - sum(_dot(d.vector, d.vector) for d in side))
            / (len(side) * (len(side) - 1))
            for total, side in zip(sums, (left, right), strict=True)
        ]
        if link >= self.params.split_ratio * min(cohesions):
            return None
        self.stories[sid] = _Story()
        for doc in sorted(left, key=_order_key):
            self.stories[sid].add(doc)
        new = -1
        for doc in sorted(right, key=_order_key):
            self._place(doc, new)
            new = doc.story
        for doc in right:  # the old number's postings for the half that left
            for term in self._key_terms(doc.vector):
                posting = self.postings.get(term)
                if posting is not None and sid in posting:
                    posting.discard(sid)
        for doc in left:
            for term in self._key_terms(doc.vector):
                self.postings[term].add(sid)
        return new

    def merge_partner(self, sid: int) -> int | None:
        """The candidate story that ``sid`` should merge with (the best average
        link that clears the threshold and both cohesions), if any."""
        story = self.stories.get(sid)
        if story is None:
            return None
        best, best_score = None, -1.0
        for other in self._candidates(story.total, exclude=sid):
            score = self._story_link(story, self.stories[other])
            if self._joinable(score, story, self.stories[other]) and score > best_score:
                best, best_score = other, score
        return best

    def merge_stories(self, keep: int, gone: int) -> list[str]:
        """Merge story ``gone`` into ``keep``; returns the keys that moved."""
        survivor, other = self.stories[keep], self.stories.pop(gone)
        survivor.absorb(other)
        moved = list(other.members)
        for key in moved:
            doc = self.docs[key]
            doc.story = keep
            for term in self._key_terms(doc.vector):
                posting = self.postings[term]
                posting.discard(gone)
                posting.add(keep)
        return moved

    def centrality(self, key: str) -> float:
        """How close a document is to its story's centroid (its average link)."""
        doc = self.docs[key]
        story = self.stories[doc.story]
        return _dot(doc.vector, story.total) / max(len(story.members), 1)

    def total_of(self, sid: int) -> dict[str, float]:
        return self.stories[sid].total

    # -- results and state -------------------------------------------------
    def story_of(self, key: str) -> int:
        return self.docs[key].story

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready state (the DF table, documents with their counts, assignment)."""
        return {
            "version": STATE_VERSION,
            "threshold": self.threshold,
            "documents": [
                {"key": d.key, "counts": d.counts, "day": d.day, "hint": d.hint, "story": d.story}
                for d in sorted(self.docs.values(), key=_order_key)
            ],
        }

    @classmethod
    def from_dict(
        cls, state: Mapping[str, Any], *, params: ClusterParams = DEFAULT_CLUSTER_PARAMS
    ) -> StoryIndex:
        """Rebuild an index saved by :meth:`to_dict` (the DF table is recomputed)
        with ``params`` and the join threshold the state was saved with."""
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unknown story index state version {state.get('version')!r}")
        index = cls(params=replace(params, join_threshold=float(state["threshold"])))
        docs = [
            _Doc(
                key=str(d["key"]),
                counts={str(t): float(c) for t, c in d["counts"].items()},
                day=d["day"],
                hint=d["hint"],
                story=int(d["story"]),
            )
            for d in state["documents"]
        ]
        for doc in docs:
            index.docs[doc.key] = doc
            index._register(doc)
        for doc in docs:
            doc.set_vector(index._weigh(doc.counts), index.params.anchor_names)
        index._rebuild({d.key: d.story for d in docs})
        return index


def cluster(
    documents: list[dict[str, Any]], *, params: ClusterParams = DEFAULT_CLUSTER_PARAMS
) -> list[int]:
    """A story id per document (``text``, optional ``title`` and ``published``).

    Ids are numbered from 0 in order of each story's earliest document.  The
    same text twice gets the same id.  ``params``: the index's weights and
    thresholds (the shipped ones by default).
    """
    index = StoryIndex(params=params)
    keys = index.add_many(documents)
    return [index.story_of(k) for k in keys]
