"""Watch folders and RSS/Atom feeds; ingest what is new, then update the stories.

A poll looks at every source once:

* a folder (or a single file): files whose size or modification time changed
  since the last poll are read; unchanged bytes (same SHA-256) are skipped;
* a feed (an http(s) URL, or a local file whose bytes are RSS/Atom): fetched
  with a timeout and ``If-None-Match`` / ``If-Modified-Since`` from the last
  fetch; every entry whose id was not seen before becomes a one-entry feed
  document and goes through ingest like any other input.  Splitting the feed
  is what keeps a feed that grows by one entry from re-adding the others.

The cursor (file stamps and hashes, feed validators and seen entry ids) lives
in the store's ``state`` table, written after each source, so a restarted
watcher resumes without duplicating anything; the store's content-hash ids
make a replay harmless even when a crash hits between ingest and cursor.
New articles are queued in the store (:func:`storyline.pipeline.stream.submit`)
and the poll then runs the stream's worker loop until the queue is empty: each
article is analysed once, joins or starts its story, and only the touched
stories' briefs are rebuilt (:class:`storyline.pipeline.stream.Worker`).  Work
queued before a crash is picked up by the next poll.
"""

from __future__ import annotations

import hashlib
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from storyline.records import IngestError

FILES_KEY = "watch/files"
FEEDS_KEY = "watch/feeds"
#: Seconds before a feed fetch gives up; a slow feed must not stall the others.
FETCH_TIMEOUT = 20.0
#: Entry ids remembered per feed.  Feeds carry their latest 10-100 entries; an
#: id that fell out of the window this long ago will not come back.
SEEN_PER_FEED = 5000
USER_AGENT = "storyline-watch/0.1 (+https://example.invalid/storyline)"

Fetch = Callable[[str, dict[str, str]], tuple[int, bytes, dict[str, str]]]
"""fetch(url, request headers) -> (status, body, response headers); 304 means unchanged."""


@dataclass
class PollReport:
    """What one pass over the sources did."""

    new_articles: int = 0
    new_documents: int = 0
    errors: list[str] = field(default_factory=list)
    stories: int | None = None

    def messages(self) -> list[str]:
        out = [f"error: {e}" for e in self.errors]
        if self.new_articles:
            line = f"{self.new_articles} new article(s)"
            if self.stories is not None:
                line += f"; {self.stories} stories"
            out.append(line)
        return out


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def http_fetch(url: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
    """GET ``url`` with urllib; a 304 comes back as status 304 with no body."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            return response.status, response.read(), dict(response.headers.items())
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return 304, b"", dict(exc.headers.items()) if exc.headers else {}
        raise


def _looks_like_feed(data: bytes) -> bool:
    from storyline.ingest import sniff

    return sniff.sniff(data) in sniff.FEEDS


def _entry_id(entry: Any) -> str:
    for key in ("id", "guid", "link"):
        value = entry.get(key)
        if value:
            return str(value)
    basis = f"{entry.get('title', '')}\n{entry.get('summary', '')}"
    return "sha256:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()


def _entry_document(feed: Any, entry: Any) -> bytes:
    """One entry as a one-item RSS 2.0 document, so the feed reader cleans it."""

    def tag(name: str, value: object) -> str:
        return f"<{name}>{escape(str(value))}</{name}>" if value else ""

    content = ""
    for item in entry.get("content") or []:
        value = str(item.get("value") or "")
        content = value if len(value) > len(content) else content
    summary = str(entry.get("summary") or "")
    body = content if len(content) >= len(summary) else summary
    parts = [
        tag("title", entry.get("title")),
        tag("link", entry.get("link")),
        tag("guid", _entry_id(entry)),
        tag("pubDate", entry.get("published") or entry.get("updated")),
        tag("author", entry.get("author")),
        tag("description", body),
    ]
    channel = tag("title", feed.get("title")) + tag("link", feed.get("link"))
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"{channel}<item>{''.join(parts)}</item></channel></rss>\n"
    )
    return xml.encode("utf-8")


class Watcher:
    """The polling state over one store; :func:`watch` drives it."""

    def __init__(self, store: Any, sources: Sequence[str], *, fetch: Fetch | None = None) -> None:
        self.store = store
        self.sources = list(sources)
        self.fetch = fetch or http_fetch
        self.worker: Any = None  # the stream's worker, made at the first update

    # -- ingest helpers ----------------------------------------------------
    def _ingest(self, data: bytes, origin: str, report: PollReport) -> None:
        from storyline import ingest
        from storyline.pipeline import stream

        raw = ingest.raw_document(data, origin)
        result = stream.submit(self.store, raw)
        report.new_articles += len(result.articles)
        report.new_documents += result.new_documents
        report.errors += [f"{e.origin}: {e.reason}" for e in result.errors]

    def _feed_entries(self, name: str, data: bytes, report: PollReport) -> None:
        import feedparser

        feeds = self.store.get_state(FEEDS_KEY, {})
        cursor = feeds.get(name, {})
        seen: list[str] = list(cursor.get("seen", []))
        known = set(seen)
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
        if not parsed.entries and parsed.get("bozo"):
            report.errors.append(f"{name}: malformed feed: {parsed.get('bozo_exception')}")
        for entry in parsed.entries:
            entry_id = _entry_id(entry)
            if entry_id in known:
                continue
            self._ingest(_entry_document(parsed.feed, entry), f"{name}#{entry_id}", report)
            seen.append(entry_id)
            known.add(entry_id)
        cursor["seen"] = seen[-SEEN_PER_FEED:]
        feeds = self.store.get_state(FEEDS_KEY, {})
        feeds[name] = {**feeds.get(name, {}), **cursor}
        self.store.set_state(FEEDS_KEY, feeds)

    # -- sources -----------------------------------------------------------
    def _poll_url(self, url: str, report: PollReport) -> None:
        cursor = self.store.get_state(FEEDS_KEY, {}).get(url, {})
        headers: dict[str, str] = {}
        if cursor.get("etag"):
            headers["If-None-Match"] = cursor["etag"]
        if cursor.get("modified"):
            headers["If-Modified-Since"] = cursor["modified"]
        try:
            status, body, reply = self.fetch(url, headers)
        except (OSError, urllib.error.URLError, ValueError) as exc:
            report.errors.append(f"{url}: fetch failed: {exc}")
            return
        if status == 304:
            return
        if status >= 400:
            report.errors.append(f"{url}: HTTP {status}")
            return
        lower = {k.lower(): v for k, v in reply.items()}
        self._feed_entries(url, body, report)
        feeds = self.store.get_state(FEEDS_KEY, {})
        entry = feeds.setdefault(url, {})
        entry["etag"] = lower.get("etag")
        entry["modified"] = lower.get("last-modified")
        self.store.set_state(FEEDS_KEY, feeds)

    def _poll_path(self, source: str, report: PollReport) -> None:
        from storyline import ingest

        root = Path(source).expanduser()
        if not root.exists():
            report.errors.append(f"{source}: no such file or folder")
            return
        files = self.store.get_state(FILES_KEY, {})
        for item in ingest.iter_sources([str(root)]):
            if isinstance(item, IngestError):
                report.errors.append(f"{item.origin}: {item.reason}")
                continue
            path = Path(item.origin)
            key = str(path.resolve()) if path.exists() else item.origin
            stamp = files.get(key)
            if stamp and stamp.get("sha256") == item.id:
                continue
            if _looks_like_feed(item.data):
                self._feed_entries(key, item.data, report)
            else:
                self._ingest(item.data, item.origin, report)
            files = self.store.get_state(FILES_KEY, {})
            files[key] = {"sha256": item.id}
            self.store.set_state(FILES_KEY, files)

    def poll(self, *, update: bool = True) -> PollReport:
        """One pass over every source; re-cluster and re-brief when something arrived."""
        report = PollReport()
        for source in self.sources:
            if is_url(source):
                self._poll_url(source, report)
            else:
                self._poll_path(source, report)
        if update:
            from storyline.pipeline import stream

            if self.worker is None:
                self.worker = stream.Worker(self.store)
            self.worker.drain()
            if report.new_articles:
                report.stories = self.store.count_stories()
        return report


def watch(
    sources: Sequence[str],
    *,
    db: str,
    interval: float = 30.0,
    once: bool = False,
    on_update: Callable[[str], Any] | None = None,
    fetch: Fetch | None = None,
    update: bool = True,
) -> PollReport:
    """Poll ``sources`` every ``interval`` seconds (one pass with ``once``).

    ``on_update`` gets one line per event (new articles, errors).  Returns the
    report of the last pass.  ``fetch`` replaces the HTTP client (tests);
    ``update=False`` ingests without re-clustering.
    """
    from storyline.store import Store

    store = Store(db)
    try:
        watcher = Watcher(store, sources, fetch=fetch)
        while True:
            report = watcher.poll(update=update)
            if on_update is not None:
                for line in report.messages():
                    on_update(line)
            if once:
                return report
            time.sleep(interval)
    finally:
        store.close()
