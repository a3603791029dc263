"""Stories for the brief, and arcs: one ongoing situation told months apart.

:func:`build_stories` runs the incremental :class:`~storyline.stories.index.StoryIndex`
over analysed articles and turns its groups into :class:`Story` records.  Then
it links stories into *arcs*: two stories whose entity views (people, places,
organisations: the ``e|`` view of the index) are close, but which the clusterer
kept apart because their dates are far apart, are earlier and later parts of
one situation (the May 2015 capture of Palmyra and the December 2016 return).
They stay separate stories; ``arc_id``, ``earlier`` and ``later`` link them.

Why not merge them: a reader of a brief wants what happened in one episode; an
arc is the thread between episodes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from storyline.records import AnalyzedArticle, Article, Story
from storyline.stories.index import StoryIndex, content_date
from storyline.stories.params import DEFAULT_CLUSTER_PARAMS, ClusterParams


def _short_hash(text: str, length: int = 10) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def _entity_view(total: Mapping[str, float]) -> dict[str, float]:
    view = {t: w for t, w in total.items() if t.startswith("e|")}
    norm = math.sqrt(sum(w * w for w in view.values())) or 1.0
    return {t: w / norm for t, w in view.items()}


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


class _Group:
    """A story in the making: its articles, dates and entity profile."""

    def __init__(self, articles: list[Article], index: StoryIndex, sid: int) -> None:
        self.articles = sorted(articles, key=lambda a: (a.published or dt.date.max, a.id))
        story = index.stories[sid]
        self.entities = _entity_view(story.total)
        dated = [a.published for a in articles if a.published is not None]
        self.start = min(dated) if dated else None
        self.end = max(dated) if dated else None
        hints = [content_date(f"{a.title or ''}\n{a.text}") for a in articles]
        known = [h for h in hints if h is not None]
        #: when the story happened, for ordering an arc: published dates first,
        #: else the latest month its reports name (a lower bound).
        self.when = self.start or (max(known) if known else None)
        first = self.articles[0]
        self.id = "st-" + _short_hash(first.id)
        self.title = _title(self.articles, index, story.total)


def _title(articles: Sequence[Article], index: StoryIndex, total: Mapping[str, float]) -> str:
    """The title of the member closest to the story's centroid, else its top terms."""
    best: tuple[float, str] | None = None
    for article in articles:
        if not article.title or not article.title.strip():
            continue
        doc = index.docs.get(article.id)
        score = sum(w * total.get(t, 0.0) for t, w in doc.vector.items()) if doc else 0.0
        if best is None or score > best[0]:
            best = (score, article.title.strip())
    if best is not None:
        return best[1]
    words = [
        t.split(":", 1)[1].replace("_", " ")
        for t, _ in sorted(total.items(), key=lambda kv: -kv[1])
        if t[:2] in {"E:", "W:"}
    ]
    unique = list(dict.fromkeys(words))[: index.params.title_terms]
    return " ".join(unique).title() if unique else "Untitled story"


class _Dated(Protocol):
    start: dt.date | None
    end: dt.date | None
    when: dt.date | None


def _apart(a: _Dated, b: _Dated, min_gap_days: int) -> bool:
    """True when two stories are separate episodes in time (or cannot be told apart)."""
    if a.start and a.end and b.start and b.end:
        gap = max((b.start - a.end).days, (a.start - b.end).days)
        return gap >= min_gap_days
    if a.when and b.when:
        return abs((a.when - b.when).days) >= min_gap_days
    return True


def _link_arcs(groups: list[_Group], params: ClusterParams) -> dict[str, list[_Group]]:
    """Arc id -> its stories in time order, for arcs of two or more stories."""
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for i, group in enumerate(groups):
        top = sorted(group.entities.items(), key=lambda kv: (-kv[1], kv[0]))[: params.arc_key_terms]
        for term, _ in top:
            postings[term].append(i)
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, group in enumerate(groups):
        hits: Counter[int] = Counter()
        top = sorted(group.entities.items(), key=lambda kv: (-kv[1], kv[0]))[: params.arc_key_terms]
        for term, _ in top:
            hits.update(j for j in postings[term] if j > i)
        for j, _ in hits.most_common(20):
            other = groups[j]
            if _cosine(group.entities, other.entities) >= params.arc_threshold and _apart(
                group, other, params.arc_min_gap_days
            ):
                parent[find(j)] = find(i)
    members: defaultdict[int, list[_Group]] = defaultdict(list)
    for i, group in enumerate(groups):
        members[find(i)].append(group)
    arcs: dict[str, list[_Group]] = {}
    for parts in members.values():
        if len(parts) < 2:
            continue
        parts.sort(key=lambda g: (g.when or dt.date.max, g.id))
        arcs["arc-" + _short_hash(parts[0].id)] = parts
    return arcs


@dataclass
class _Part:
    """A story as the arc linker knows it."""

    start: dt.date | None
    end: dt.date | None
    when: dt.date | None
    view: dict[str, float] = field(default_factory=dict)
    terms: tuple[str, ...] = ()


class ArcLinker:
    """Arcs kept up to date one story at a time, with stable arc ids.

    The batch linker (:func:`_link_arcs`) joins two stories when their entity
    views are close and their dates far apart; this one applies the same test
    to a story that changed, against the candidates sharing one of its heaviest
    entity terms.  A new arc is ``arc-`` + a hash of its earliest story's id;
    when two arcs meet, the one with more stories keeps its id (ties: the
    smaller id).  Arcs only grow: a story that drifts away from its arc stays
    in it until it is merged away.
    """

    def __init__(self, params: ClusterParams = DEFAULT_CLUSTER_PARAMS) -> None:
        self.params = params
        self.parts: dict[str, _Part] = {}
        self.postings: defaultdict[str, set[str]] = defaultdict(set)
        self.arc_of: dict[str, str] = {}
        self.arcs: dict[str, set[str]] = {}

    def place(self, story_id: str, arc_id: str | None) -> None:
        """Put a stored story in its stored arc (loading)."""
        if arc_id is not None:
            self.arc_of[story_id] = arc_id
            self.arcs.setdefault(arc_id, set()).add(story_id)

    def update(
        self,
        story_id: str,
        total: Mapping[str, float],
        start: dt.date | None,
        end: dt.date | None,
        when: dt.date | None,
        *,
        link: bool = True,
    ) -> set[str]:
        """Record a story's new profile and link it; returns the arcs that changed."""
        self._unindex(story_id)
        view = _entity_view(total)
        top = sorted(view.items(), key=lambda kv: (-kv[1], kv[0]))[: self.params.arc_key_terms]
        part = _Part(start, end, when, view, tuple(t for t, _ in top))
        self.parts[story_id] = part
        for term in part.terms:
            self.postings[term].add(story_id)
        if not link:
            return set()
        hits: Counter[str] = Counter()
        for term in part.terms:
            hits.update(o for o in self.postings[term] if o != story_id)
        changed: set[str] = set()
        for other, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:20]:
            theirs = self.parts[other]
            if _cosine(view, theirs.view) >= self.params.arc_threshold and _apart(
                part, theirs, self.params.arc_min_gap_days
            ):
                changed |= self._join(story_id, other)
        return changed

    def remove(self, story_id: str) -> set[str]:
        """Forget a story (merged away); returns the arc that changed, if any."""
        self._unindex(story_id)
        self.parts.pop(story_id, None)
        arc = self.arc_of.pop(story_id, None)
        if arc is None:
            return set()
        members = self.arcs[arc]
        members.discard(story_id)
        if len(members) < 2:
            for other in members:
                self.arc_of.pop(other, None)
            del self.arcs[arc]
        return {arc}

    def rename(self, old: str, new: str) -> None:
        """A story's id changed hands (a split gave the founding part the old id)."""
        for table in (self.parts,):
            if old in table:
                table[new] = table.pop(old)
        for term in self.parts[new].terms if new in self.parts else ():
            self.postings[term].discard(old)
            self.postings[term].add(new)
        arc = self.arc_of.pop(old, None)
        if arc is not None:
            self.arcs[arc].discard(old)
            self.arcs[arc].add(new)
            self.arc_of[new] = arc

    def chain(self, story_id: str) -> tuple[str | None, list[str]]:
        """A story's arc id and its stories in time order (itself alone without an arc)."""
        arc = self.arc_of.get(story_id)
        members = sorted(self.arcs[arc]) if arc is not None else [story_id]
        members.sort(key=lambda s: (self._when(s) or dt.date.max, s))
        return arc, members

    def _when(self, story_id: str) -> dt.date | None:
        part = self.parts.get(story_id)
        return part.when if part is not None else None

    def _unindex(self, story_id: str) -> None:
        old = self.parts.get(story_id)
        if old is not None:
            for term in old.terms:
                self.postings[term].discard(story_id)

    def _join(self, a: str, b: str) -> set[str]:
        arc_a, arc_b = self.arc_of.get(a), self.arc_of.get(b)
        if arc_a is not None and arc_a == arc_b:
            return set()
        if arc_a is None and arc_b is None:
            first = min((a, b), key=lambda s: (self._when(s) or dt.date.max, s))
            arc = "arc-" + _short_hash(first)
            while arc in self.arcs:  # an id retired by a merge of arcs is not reused
                arc = "arc-" + _short_hash(arc)
            self.arcs[arc] = {a, b}
            self.arc_of[a] = self.arc_of[b] = arc
            return {arc}
        if arc_a is None or arc_b is None:
            joined = arc_b if arc_a is None else arc_a
            assert joined is not None
            loner = a if arc_a is None else b
            self.arcs[joined].add(loner)
            self.arc_of[loner] = joined
            return {joined}
        keep, gone = sorted((arc_a, arc_b), key=lambda x: (-len(self.arcs[x]), x))
        for story in self.arcs.pop(gone):
            self.arc_of[story] = keep
            self.arcs[keep].add(story)
        return {keep, gone}


def build_stories(
    analyzed: Sequence[AnalyzedArticle], *, params: ClusterParams = DEFAULT_CLUSTER_PARAMS
) -> list[Story]:
    """Stories of the analysed articles, linked into arcs: see
    :func:`build_stories_with_index`, which also returns the index."""
    return build_stories_with_index(analyzed, params=params)[0]


def build_stories_with_index(
    analyzed: Sequence[AnalyzedArticle], *, params: ClusterParams = DEFAULT_CLUSTER_PARAMS
) -> tuple[list[Story], StoryIndex]:
    """Stories of the analysed articles, linked into arcs (``params``: the
    index's and the arcs' weights and thresholds, the shipped ones by default).

    Story ids are ``st-`` + a hash of the story's first article id (earliest
    published, ties by id), so an id survives new articles joining the story.
    Stories come out in time order (undated last), ties by id.
    """
    index = StoryIndex(params=params)
    articles = [a.article for a in analyzed]
    if not articles:
        return [], index
    index.add_many(
        {"key": a.id, "text": a.text, "title": a.title, "published": a.published} for a in articles
    )
    by_story: defaultdict[int, list[Article]] = defaultdict(list)
    for article in articles:
        by_story[index.story_of(article.id)].append(article)
    groups = [_Group(members, index, sid) for sid, members in by_story.items()]
    arc_of: dict[str, tuple[str | None, list[_Group]]] = {}
    for found, chain in _link_arcs(groups, params).items():
        for part in chain:
            arc_of[part.id] = (found, chain)
    stories: list[Story] = []
    for group in groups:
        arc_id, parts = arc_of.get(group.id, (None, [group]))
        position = parts.index(group)
        stories.append(
            Story(
                id=group.id,
                title=group.title,
                article_ids=tuple(a.id for a in group.articles),
                start=group.start,
                end=group.end,
                arc_id=arc_id,
                earlier=tuple(p.id for p in parts[:position]),
                later=tuple(p.id for p in parts[position + 1 :]),
            )
        )
    when = {g.id: g.when for g in groups}
    stories.sort(key=lambda s: (when[s.id] or dt.date.max, s.id))
    return stories, index


def format_stories(stories: Sequence[Story], articles: Sequence[Article]) -> str:
    """A plain-text listing for ``storyline stories``: one block per story.

    Each block: id, size, dates, title; then its arc (earlier/later parts) when
    it has one, and the titles or origins of its articles.
    """
    by_id = {a.id: a for a in articles}
    titles = {s.id: s.title for s in stories}
    lines: list[str] = []
    arcs = len({s.arc_id for s in stories if s.arc_id})
    lines.append(f"{len(stories)} stories, {len(articles)} articles, {arcs} arcs")
    for story in stories:
        if story.start and story.end and story.start != story.end:
            span = f"{story.start.isoformat()} .. {story.end.isoformat()}"
        elif story.start:
            span = story.start.isoformat()
        else:
            span = "undated"
        size = len(story.article_ids)
        lines.append("")
        lines.append(f"{story.id}  {size} article{'s' if size != 1 else ''}  {span}")
        lines.append(f"  {story.title}")
        if story.arc_id:
            lines.append(f"  arc {story.arc_id}")
            for label, ids in (("earlier", story.earlier), ("later", story.later)):
                for other in ids:
                    lines.append(f"    {label}: {other}  {titles.get(other, '')}")
        for article_id in story.article_ids:
            article = by_id.get(article_id)
            name = (article.title or article.origin) if article else article_id
            date = article.published.isoformat() if article and article.published else "-"
            lines.append(f"    - {article_id}  {date}  {name}")
    return "\n".join(lines) + "\n"
