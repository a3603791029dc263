"""Stories that follow a stream: the persistent index, stable story ids, arcs.

:class:`LiveStories` wraps a :class:`~storyline.stories.index.StoryIndex`
loaded once from the store's rows and then grown one batch at a time: a new
article joins the best story or starts one (no global ``finalize``), and only
the stories a batch touched are refined: a story whose halves barely link is
split, a story that now links with a neighbour well enough is merged with it.

Story ids are stable.  A story's id is made when it is created, from the
article that created it (its *founder*: ``st-`` + a hash of that article's id,
as :func:`storyline.stories.arcs.build_stories` names a story of one), and it
is kept as the story grows, whatever the dates of later reports.  A merge keeps
the id of the bigger story (ties: the one founded first) and retires the other
(recorded, so a reader's old link finds the survivor); a split keeps the id for
the half holding the founder and gives the other half a new id.  Every create,
join, merge and split is returned as an event for the store to record.

Arcs are linked incrementally for the touched stories
(:class:`~storyline.stories.arcs.ArcLinker`), with stable arc ids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.records import Article, Story
from storyline.stories.arcs import ArcLinker
from storyline.stories.index import StoryIndex
from storyline.stories.params import DEFAULT_CLUSTER_PARAMS, ClusterParams

#: Stories up to this size are checked for a split each time they change; a
#: bigger one only when its size reaches a multiple of it (bisecting a story
#: costs a few passes over its members: ~0.3 s at 1,000 members here).
SPLIT_CHECK_EVERY = 200


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


@dataclass
class Changes:
    """What one batch did, as the store writes it."""

    #: (article id, seq, story id, day, hint, counts JSON) of the new documents
    docs: list[tuple[str, int, str, int | None, int | None, str]] = field(default_factory=list)
    #: documents now in another story: article id -> story id
    moved: dict[str, str] = field(default_factory=dict)
    #: stories retired by a merge: old id -> the survivor
    removed: dict[str, str] = field(default_factory=dict)
    #: (kind, story, other story, article) in order
    events: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)
    #: the stories whose records (and so briefs) changed
    stories: list[Story] = field(default_factory=list)
    founders: dict[str, str] = field(default_factory=dict)


class LiveStories:
    """The story index of a store, in memory, with stable ids (see the module doc)."""

    def __init__(self, *, params: ClusterParams = DEFAULT_CLUSTER_PARAMS) -> None:
        self.params = params
        self.index = StoryIndex(params=params)
        self.arcs = ArcLinker(params)
        self.ids: dict[int, str] = {}
        self.sids: dict[str, int] = {}
        self.founders: dict[int, str] = {}
        self.retired: set[str] = set()
        self.titles: dict[str, str | None] = {}
        self.seq: dict[str, int] = {}
        self.next_seq = 0

    # -- loading -----------------------------------------------------------
    def load(
        self,
        docs: Iterable[Mapping[str, Any]],
        heads: Mapping[str, tuple[str | None, str | None]],
        retired: Iterable[str] = (),
    ) -> None:
        """Load the stored rows (:meth:`storyline.store.Store.story_docs`), the
        stories' founders and arcs, and the retired ids."""
        rows = []
        for d in docs:
            story = str(d["story"])
            if story not in self.sids:
                sid = len(self.sids)
                self.sids[story], self.ids[sid] = sid, story
            rows.append({**d, "story": self.sids[story]})
            self.titles[str(d["key"])] = d.get("title")
            self.seq[str(d["key"])] = int(d["seq"])
            self.next_seq = max(self.next_seq, int(d["seq"]) + 1)
        self.index.load(rows)
        for story, sid in self.sids.items():
            founder, arc = heads.get(story, (None, None))
            members = self.index.members(sid)
            self.founders[sid] = (
                founder if founder in members else min(members, key=lambda k: self.seq[k])
            )
            self.arcs.place(story, arc)
        for story in self.sids:
            self._profile(story, link=False)
        self.retired = set(retired)

    # -- growing -----------------------------------------------------------
    def add(self, articles: Sequence[Article]) -> Changes:
        """Add a batch (in date order); refine the touched stories; the changes."""
        changes = Changes()
        touched: set[int] = set()
        for article in sorted(articles, key=_date_order):
            if article.id in self.index.docs:
                continue
            sid, new = self.index.add_document(
                article.id, article.text, article.title, article.published
            )
            if new:
                self.founders[sid] = article.id
                story = self._name(sid, article.id)
                changes.events.append(("create", story, None, article.id))
            else:
                changes.events.append(("join", self.ids[sid], None, article.id))
            self.titles[article.id] = article.title
            self.seq[article.id] = self.next_seq
            counts, day, hint = self.index.counts_of(article.id)
            changes.docs.append(
                (article.id, self.next_seq, self.ids[sid], day, hint, json.dumps(counts))
            )
            self.next_seq += 1
            touched.add(sid)
        affected: set[str] = set()
        for sid in sorted(touched):
            self._refine(sid, touched, changes, affected)
        names = {self.ids[sid] for sid in touched if sid in self.index.stories}
        for story in sorted(names):
            self._profile(story, link=True)
        dirty = set(names) | affected
        for story in sorted(names):
            dirty.update(self.arcs.chain(story)[1])
        new_docs = {row[0] for row in changes.docs}
        changes.docs = [
            (key, seq, self.ids[self.index.story_of(key)], day, hint, counts)
            for key, seq, _, day, hint, counts in changes.docs
        ]
        changes.moved = {
            key: self.ids[self.index.story_of(key)] for key in changes.moved if key not in new_docs
        }
        changes.stories = [self.story(s) for s in sorted(dirty) if s in self.sids]
        changes.founders = {s.id: self.founders[self.sids[s.id]] for s in changes.stories}
        return changes

    def _refine(self, sid: int, touched: set[int], changes: Changes, affected: set[str]) -> None:
        if sid not in self.index.stories:
            return  # merged away earlier in this batch
        size = len(self.index.members(sid))
        if size <= SPLIT_CHECK_EVERY or size % SPLIT_CHECK_EVERY == 0:
            new = self.index.split_story(sid)
            if new is not None:
                self._split(sid, new, touched, changes)
        partner = self.index.merge_partner(sid)
        if partner is not None:
            keep, gone = sorted(
                (sid, partner),
                key=lambda s: (-len(self.index.members(s)), self.seq[self.founders[s]]),
            )
            moved = self.index.merge_stories(keep, gone)
            kept, retired = self.ids[keep], self.ids.pop(gone)
            del self.sids[retired]
            self.founders.pop(gone)
            self.retired.add(retired)
            changes.removed = {
                old: (kept if new == retired else new) for old, new in changes.removed.items()
            }
            changes.removed[retired] = kept
            changes.events.append(("merge", kept, retired, None))
            changes.moved.update(dict.fromkeys(moved, kept))
            affected |= self.arcs.remove(retired)
            touched.discard(gone)
            touched.add(keep)

    def _split(self, sid: int, new: int, touched: set[int], changes: Changes) -> None:
        """Name the halves of a split: the founder's half keeps the id."""
        founder = self.founders[sid]
        kept_members = self.index.members(sid)
        if founder not in kept_members:
            # the founder went with the new half: swap the numbers' names
            other = min(kept_members, key=lambda k: self.seq[k])
            self.ids[new], self.sids[self.ids[sid]] = self.ids[sid], new
            self.founders[new] = founder
            self.founders[sid] = other
            self._name(sid, other)
            moved_half = sid
        else:
            other = min(self.index.members(new), key=lambda k: self.seq[k])
            self.founders[new] = other
            self._name(new, other)
            moved_half = new
        changes.events.append(
            ("split", self.ids[sid if moved_half == new else new], self.ids[moved_half], None)
        )
        changes.moved.update(dict.fromkeys(self.index.members(moved_half), self.ids[moved_half]))
        touched.update((sid, new))

    def _name(self, sid: int, founder: str) -> str:
        """A new story id for story number ``sid``, made from its founder."""
        story = "st-" + _short_hash(founder)
        while story in self.sids or story in self.retired:
            story = "st-" + _short_hash(story)
        self.ids[sid], self.sids[story] = story, sid
        return story

    # -- records -----------------------------------------------------------
    def _dates(self, keys: Sequence[str]) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
        days = [d for k in keys if (d := self.index.counts_of(k)[1]) is not None]
        hints = [h for k in keys if (h := self.index.counts_of(k)[2]) is not None]
        start = dt.date.fromordinal(min(days)) if days else None
        end = dt.date.fromordinal(max(days)) if days else None
        when = start or (dt.date.fromordinal(max(hints)) if hints else None)
        return start, end, when

    def _profile(self, story: str, *, link: bool) -> None:
        sid = self.sids[story]
        start, end, when = self._dates(self.index.members(sid))
        self.arcs.update(story, self.index.total_of(sid), start, end, when, link=link)

    def story(self, story_id: str) -> Story:
        """The record of a story as it stands."""
        sid = self.sids[story_id]
        keys = self.index.members(sid)
        start, end, _ = self._dates(keys)

        def day(key: str) -> int:
            found = self.index.counts_of(key)[1]
            return found if found is not None else dt.date.max.toordinal()

        ordered = sorted(keys, key=lambda k: (day(k), k))
        titled = [(self.index.centrality(k), k) for k in keys if (self.titles.get(k) or "").strip()]
        if titled:
            title = str(self.titles[max(titled)[1]]).strip()
        else:
            title = _top_terms(self.index.total_of(sid), self.params.title_terms)
        arc, chain = self.arcs.chain(story_id)
        position = chain.index(story_id)
        return Story(
            id=story_id,
            title=title,
            article_ids=tuple(ordered),
            start=start,
            end=end,
            arc_id=arc,
            earlier=tuple(chain[:position]),
            later=tuple(chain[position + 1 :]),
        )

    def story_of(self, article_id: str) -> str | None:
        if article_id not in self.index.docs:
            return None
        return self.ids[self.index.story_of(article_id)]

    def arc_stories(self, story_id: str) -> list[str]:
        """The stories of a story's arc in time order (itself alone without one)."""
        return self.arcs.chain(story_id)[1]

    def centrality(self, article_id: str) -> float:
        return self.index.centrality(article_id)

    def day(self, article_id: str) -> int | None:
        return self.index.counts_of(article_id)[1]


def _top_terms(total: Mapping[str, float], limit: int) -> str:
    words = [
        t.split(":", 1)[1].replace("_", " ")
        for t, _ in sorted(total.items(), key=lambda kv: -kv[1])
        if t[:2] in {"E:", "W:"}
    ]
    unique = list(dict.fromkeys(words))[:limit]
    return " ".join(unique).title() if unique else "Untitled story"


def _date_order(article: Article) -> tuple[int, int, str]:
    day = article.published.toordinal() if article.published else None
    return (0 if day is not None else 1, day or 0, article.id)
