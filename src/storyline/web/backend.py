"""What the web layer needs from the rest of storyline, in one narrow seam.

The routes never touch SQLite or the pipeline directly: they talk to a
:class:`Backend`.  :class:`StoreBackend` is the real one (the SQLite store
plus the same ingest path the CLI uses); keeping the seam this narrow is what
lets the API promise "uploads give the same per-file errors as ``storyline
ingest``" -- there is only one ingest function behind both.

FastAPI runs plain ``def`` endpoints in a thread pool; the store serialises
its connection itself.  A write stores the bytes and the parsed articles,
queues them and returns: the worker thread (:class:`storyline.pipeline.stream.Worker`
over its own connection to the store) analyses, clusters and re-briefs in the
background.  Every read is an indexed query: no request loads all articles or
all briefs.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from storyline.records import Article, Brief, IngestError, Story, StoryColumns

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
    #: articles of these bytes stored before (an unchanged upload)
    known_articles: tuple[str, ...] = ()

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

    def story_rows(
        self, limit: int, offset: int, ids: list[str] | None = None
    ) -> list[tuple[Story, StoryColumns]]: ...

    def count_stories(self) -> int: ...

    def story(self, story_id: str) -> Story | None: ...

    def redirect(self, story_id: str) -> str | None: ...

    def story_ids_matching(self, title: str, article_ids: list[str], limit: int) -> list[str]: ...

    def story_of_article(self, article_id: str) -> Story | None: ...

    def counts(self) -> tuple[int, int, int]: ...

    def brief(self, story_id: str) -> Brief | None: ...

    def brief_json(self, story_id: str) -> str | None: ...

    def brief_version(self, story_id: str) -> str | None: ...

    def brief_entry(self, story_id: str) -> tuple[str, Brief] | None: ...

    def article(self, article_id: str) -> Article | None: ...

    def article_page(self, limit: int, offset: int) -> tuple[list[Article], int]: ...

    def search_articles(self, query: str, limit: int, offset: int) -> SearchPage: ...

    def errors(self) -> list[IngestError]: ...

    def ingest(self, name: str, data: bytes) -> FileResult: ...

    def refresh(self) -> None: ...


class StoreBackend:
    """The real backend: :class:`storyline.store.Store` and :mod:`storyline.pipeline.run`."""

    def __init__(self, path: str | Path, *, worker: bool = True) -> None:
        from storyline.store import Store

        self.path = str(path)
        # The store serialises its one connection itself and opens (and
        # migrates) now, so a bad path fails at start-up, not on first request.
        self.store = Store(self.path)
        self._write_lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self._briefs: OrderedDict[tuple[str, str], Brief] = OrderedDict()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        #: set once the worker has loaded the story index and the model
        self.ready = threading.Event()
        if worker:
            self.start_worker()

    # -- the worker --------------------------------------------------------
    def start_worker(self) -> None:
        """Start the background worker (one per store) over its own connection."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._work, name="storyline-worker", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        from storyline.pipeline.stream import Worker
        from storyline.store import Store

        store = Store(self.path)
        try:
            worker = Worker(store)
            _ = worker.version  # load the model now, not on the first upload
            self.ready.set()
            worker.run(self._stop, wake=self._wake)
        finally:
            self.ready.set()
            store.close()

    def stop_worker(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wait_idle(self, timeout: float = 120.0) -> bool:
        """Wait until no job is pending or claimed and no story is dirty (tests, bench)."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            counts = self.store.job_counts()
            idle = not counts.get("pending") and not counts.get("claimed")
            if idle and not self.store.dirty_stories():
                return True
            self._wake.set()
            time.sleep(0.05)
        return False

    # -- reads -------------------------------------------------------------
    def story_rows(
        self, limit: int, offset: int, ids: list[str] | None = None
    ) -> list[tuple[Story, StoryColumns]]:
        return self.store.story_rows(limit=limit, offset=offset, ids=ids)

    def count_stories(self) -> int:
        return self.store.count_stories()

    def story(self, story_id: str) -> Story | None:
        return self.store.story(story_id)

    def redirect(self, story_id: str) -> str | None:
        return self.store.redirect(story_id)

    def story_ids_matching(self, title: str, article_ids: list[str], limit: int) -> list[str]:
        return self.store.story_ids_matching(title, article_ids, limit)

    def story_of_article(self, article_id: str) -> Story | None:
        found = self.store.story_of_article(article_id)
        return self.store.story(found) if found is not None else None

    def counts(self) -> tuple[int, int, int]:
        """(articles stored, articles in a story, articles waiting for the worker)."""
        jobs = self.store.job_counts()
        waiting = jobs.get("pending", 0) + jobs.get("claimed", 0)
        return self.store.count_articles(), self.store.clustered_count(), waiting

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

    def article_page(self, limit: int, offset: int) -> tuple[list[Article], int]:
        return self.store.article_page(limit=limit, offset=offset), self.store.count_articles()

    def search_articles(self, query: str, limit: int, offset: int) -> SearchPage:
        # One more than asked tells whether another page exists, without a COUNT.
        hits = list(self.store.search_articles(query, limit=limit + 1, offset=offset))
        return SearchPage(tuple(hits[:limit]), len(hits) > limit)

    def errors(self) -> list[IngestError]:
        return list(self.store.errors())

    def ingest(self, name: str, data: bytes) -> FileResult:
        """Store and queue (the worker analyses, clusters and briefs)."""
        from storyline.pipeline.run import ingest_bytes

        with self._write_lock:
            report = ingest_bytes(self.store, name, data)
            if report.articles:
                self.store.enqueue([a.id for a in report.articles])
        known = [
            a.id for raw_id in report.known_raw_ids for a in self.store.articles_of_raw(raw_id)
        ]
        return FileResult(
            name=name,
            size=len(data),
            new_articles=tuple(a.id for a in report.articles),
            errors=tuple(report.errors),
            known_articles=tuple(known),
        )

    def refresh(self) -> None:
        """Wake the worker: new work is queued."""
        self._wake.set()
