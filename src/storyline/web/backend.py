"""What the web layer needs from the rest of storyline, in one narrow seam.

The routes never touch SQLite or the pipeline directly: they talk to a
:class:`Backend`.  :class:`StoreBackend` is the real one (the SQLite store
plus the same ingest path the CLI uses); keeping the seam this narrow is what
lets the API promise "uploads give the same per-file errors as ``storyline
ingest``" -- there is only one ingest function behind both.

FastAPI runs plain ``def`` endpoints in a thread pool; the store serialises
its connection itself.  Writes (ingest, then re-clustering and re-briefing)
are serialised by a lock: two uploads at once would otherwise race to
re-brief the same stories.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from storyline.records import Article, Brief, IngestError, Story

#: Parsed briefs kept in memory: an arc's brief is shared by its stories and a
#: newsroom follows a handful of stories at once; 32 large briefs are ~100 MB.
BRIEF_CACHE = 32


@dataclass(frozen=True, slots=True)
class FileResult:
    """What happened to one uploaded file."""

    name: str
    size: int
    new_articles: tuple[str, ...]
    errors: tuple[IngestError, ...]

    @property
    def status(self) -> str:
        if self.errors and not self.new_articles:
            return "error"
        if self.new_articles:
            return "ok" if not self.errors else "partial"
        return "unchanged"


@dataclass(frozen=True, slots=True)
class SearchPage:
    articles: tuple[Article, ...]
    has_more: bool


class Backend(Protocol):
    """The store and ingest operations the web layer uses."""

    def stories(self) -> list[Story]: ...

    def brief(self, story_id: str) -> Brief | None: ...

    def brief_json(self, story_id: str) -> str | None: ...

    def brief_version(self, story_id: str) -> str | None: ...

    def brief_entry(self, story_id: str) -> tuple[str, Brief] | None: ...

    def article(self, article_id: str) -> Article | None: ...

    def articles(self) -> list[Article]: ...

    def search_articles(self, query: str, limit: int, offset: int) -> SearchPage: ...

    def errors(self) -> list[IngestError]: ...

    def ingest(self, name: str, data: bytes) -> FileResult: ...

    def refresh(self) -> list[Story]: ...


class StoreBackend:
    """The real backend: :class:`storyline.store.Store` and :mod:`storyline.pipeline.run`."""

    def __init__(self, path: str | Path) -> None:
        from storyline.store import Store

        self.path = str(path)
        # The store serialises its one connection itself and opens (and
        # migrates) now, so a bad path fails at start-up, not on first request.
        self.store = Store(self.path)
        self._write_lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self._briefs: OrderedDict[tuple[str, str], Brief] = OrderedDict()

    def stories(self) -> list[Story]:
        return list(self.store.stories())

    def brief_json(self, story_id: str) -> str | None:
        """The brief exactly as stored: it already is the ``storyline.brief/1``
        JSON, so the API serves it without parsing and re-serialising it."""
        text: str | None = self.store.brief_json(story_id)
        return text

    def brief_version(self, story_id: str) -> str | None:
        """A digest of the stored brief: it changes whenever the brief is
        rebuilt, so pages rendered from a brief can be cached under it."""
        version: str | None = self.store.brief_version(story_id)
        return version

    def brief(self, story_id: str) -> Brief | None:
        entry = self.brief_entry(story_id)
        return None if entry is None else entry[1]

    def brief_entry(self, story_id: str) -> tuple[str, Brief] | None:
        """The brief's version and the brief, parsed once per version.

        Parsing a 50-article brief (1,900 sentences, 900 entities) into
        records was most of the ~0.5 s of CPU a story page cost before this
        cache (bench/web.py).  The version comes from the store without
        reading the brief, so a cached brief costs one small query.
        """
        version = self.brief_version(story_id)
        if version is None:
            return None
        key = (story_id, version)
        with self._cache_lock:
            cached = self._briefs.get(key)
            if cached is not None:
                self._briefs.move_to_end(key)
                return key[1], cached
        text = self.brief_json(story_id)
        if text is None:
            return None
        brief = Brief.from_json(text)
        with self._cache_lock:
            self._briefs[key] = brief
            while len(self._briefs) > BRIEF_CACHE:
                self._briefs.popitem(last=False)
        return key[1], brief

    def article(self, article_id: str) -> Article | None:
        result: Article | None = self.store.article(article_id)
        return result

    def articles(self) -> list[Article]:
        return list(self.store.articles())

    def search_articles(self, query: str, limit: int, offset: int) -> SearchPage:
        # One more than asked tells whether another page exists, without a COUNT.
        hits = list(self.store.search_articles(query, limit=limit + 1, offset=offset))
        return SearchPage(tuple(hits[:limit]), len(hits) > limit)

    def errors(self) -> list[IngestError]:
        return list(self.store.errors())

    def ingest(self, name: str, data: bytes) -> FileResult:
        from storyline.pipeline.run import ingest_bytes

        with self._write_lock:
            report = ingest_bytes(self.store, name, data)
        return FileResult(
            name=name,
            size=len(data),
            new_articles=tuple(a.id for a in report.articles),
            errors=tuple(report.errors),
        )

    def refresh(self) -> list[Story]:
        from storyline.pipeline.run import update_briefs

        with self._write_lock:
            return list(update_briefs(self.store))
