"""Watch folders and RSS/Atom feeds; ingest what is new, then update the stories.

A poll looks at every source once:

* a folder (or a single file): files whose size or modification time changed
  since the last poll are read; unchanged bytes (same SHA-256) are skipped;
* a feed (an http(s) URL, or a local file whose bytes are RSS/Atom): fetched
  with ``If-None-Match`` / ``If-Modified-Since`` from the last fetch, within
  a deadline for the whole request and a size cap (a server that drips one
  byte every few seconds, or sends without end, costs one deadline, not the
  watcher); every entry whose id was not seen before becomes a one-entry feed
  document and goes through ingest like any other input.  Splitting the feed
  is what keeps a feed that grows by one entry from re-adding the others.

A file is read only once its size and modification time have stayed the same
for ``settle`` seconds, so a file still being written is left for a later
poll.  A writer can still pause longer than that; when the same file later
holds the same bytes and more, the longer version *supersedes* the articles
of the truncated one: they are quarantined in the store with the article
that replaced them (every stage skips them; their raw bytes stay).

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

import contextlib
import functools
import hashlib
import http.client
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from storyline.records import IngestError
from storyline.settings import DEFAULT, FETCH_DEADLINE, FETCH_MAX_BYTES, Settings

FILES_KEY = "watch/files"
FEEDS_KEY = "watch/feeds"
#: Seconds one socket operation of a feed fetch may wait (connect, one read).
FETCH_TIMEOUT = 20.0
#: Seconds a file's size and modification time must stay the same before it
#: is read.  Copies and saves write continuously (each write moves the
#: modification time); a writer that pauses longer is caught afterwards,
#: when the longer version supersedes the truncated one.
SETTLE_SECONDS = 1.0
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
    #: sources polled, and those that could not be read at all (a feed that
    #: could not be fetched or parsed, a missing folder)
    sources: int = 0
    failed_sources: int = 0
    #: files left for a later poll because they were still being written
    waiting: list[str] = field(default_factory=list)
    #: "old id -> new id (origin)" for articles a longer version replaced
    superseded: list[str] = field(default_factory=list)
    #: what a source was read despite ("feed: removed 2 reference(s) to ...")
    warnings: list[str] = field(default_factory=list)

    def messages(self) -> list[str]:
        out = [f"error: {e}" for e in self.errors]
        out += [f"waiting: {w} (still being written)" for w in self.waiting]
        out += [f"superseded: {s}" for s in self.superseded]
        out += [f"warning: {w}" for w in self.warnings]
        if self.new_articles:
            line = f"{self.new_articles} new article(s)"
            if self.stories is not None:
                line += f"; {self.stories} stories"
            out.append(line)
        return out


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


class FetchError(OSError):
    """A fetch that ran past its deadline or its size cap."""


class _Deadline:
    """A deadline for one whole request: every socket the request opens is
    registered, and when the time is up a timer shuts them down, which wakes
    a read blocked on a server that sends nothing (or a byte at a time)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def left(self) -> float:
        return max(0.0, self.end - time.monotonic())

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def check(self) -> None:
        if self.expired or self.left() <= 0:
            raise FetchError(f"no complete answer within {self.seconds:g} s (the deadline)")

    def connect(
        self,
        address: tuple[str, int],
        timeout: float | None = None,
        source_address: tuple[str, int] | None = None,
        **_: Any,
    ) -> socket.socket:
        """``socket.create_connection`` that registers the socket with the deadline."""
        self.check()
        wait = min(timeout, self.left()) if timeout else self.left()
        sock = socket.create_connection(address, max(wait, 0.001), source_address)
        with self._lock:
            if self.expired:
                sock.close()
                self.check()
            self._sockets.append(sock)
        return sock


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """urllib for http(s) only (no file:, ftp: or data:, also after a
    redirect), every connection under ``deadline``."""

    class Connection(http.client.HTTPConnection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = deadline.connect

    class SecureConnection(http.client.HTTPSConnection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = deadline.connect

    context = ssl.create_default_context()

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Connection, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(SecureConnection, req, context=context)

    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        Handler(),
        SecureHandler(context=context),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        opener.add_handler(handler)
    return opener


def http_fetch(
    url: str,
    headers: dict[str, str],
    *,
    deadline: float = FETCH_DEADLINE,
    max_bytes: int = FETCH_MAX_BYTES,
) -> tuple[int, bytes, dict[str, str]]:
    """GET ``url``; a 304 comes back as status 304 with no body.

    The whole request (connection, redirects, headers, body) must finish
    within ``deadline`` seconds and the body stay within ``max_bytes``;
    otherwise :class:`FetchError` says which limit it hit.
    """
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
    with _Deadline(deadline) as clock:
        try:
            with _opener(clock).open(request, timeout=min(FETCH_TIMEOUT, deadline)) as response:
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"feed too large: {int(declared):,} bytes declared "
                                     f"(limit {max_bytes:,})")
                chunks: list[bytes] = []
                size = 0
                while chunk := response.read1(65536):
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(f"feed too large: over {max_bytes:,} bytes")
                    chunks.append(chunk)
                    clock.check()
                clock.check()  # a shut-down socket reads as the end of the body
                return response.status, b"".join(chunks), dict(response.headers.items())
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return 304, b"", dict(exc.headers.items()) if exc.headers else {}
            raise
        except FetchError:
            raise
        except (OSError, http.client.HTTPException) as exc:
            clock.check()
            raise FetchError(f"{type(exc).__name__}: {exc}") from exc


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

    def __init__(
        self,
        store: Any,
        sources: Sequence[str],
        *,
        fetch: Fetch | None = None,
        settle: float = SETTLE_SECONDS,
        settings: Settings = DEFAULT,
    ) -> None:
        self.store = store
        self.sources = list(sources)
        self.settings = settings
        self.fetch = fetch or functools.partial(
            http_fetch, deadline=settings.fetch_deadline, max_bytes=settings.fetch_max_bytes
        )
        self.worker: Any = None  # the stream's worker, made at the first update
        self.settle = settle

    # -- ingest helpers ----------------------------------------------------
    def _ingest(self, data: bytes, origin: str, report: PollReport) -> list[Any]:
        """Ingest one document; returns its new articles."""
        from storyline import ingest
        from storyline.ingest.sources import display_path
        from storyline.pipeline import stream

        raw = ingest.raw_document(data, display_path(origin))
        result = stream.submit(self.store, raw)
        report.new_articles += len(result.articles)
        report.new_documents += result.new_documents
        report.errors += [f"{e.origin}: {e.reason}" for e in result.errors]
        return list(result.articles)

    def _feed_entries(self, name: str, data: bytes, report: PollReport) -> bool:
        """Ingest the entries not seen before; False when the feed could not be read."""
        import feedparser

        from storyline.errors import InputError
        from storyline.ingest.feeds import prepare_feed

        try:  # refuse what would hold the watcher (entity bombs, deep nesting)
            data, prepared = prepare_feed(data, name)
        except InputError as exc:
            report.errors.append(f"{name}: {exc.reason}")
            return False
        report.warnings += [f"{name}: {w}" for w in prepared]
        feeds = self.store.get_state(FEEDS_KEY, {})
        cursor = feeds.get(name, {})
        seen: list[str] = list(cursor.get("seen", []))
        known = set(seen)
        try:
            parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
        except Exception as exc:  # feedparser is lenient, not total (see ingest.feeds)
            report.errors.append(f"{name}: malformed feed: {type(exc).__name__}: {exc}")
            return False
        if not parsed.entries and parsed.get("bozo"):
            report.errors.append(f"{name}: malformed feed: {parsed.get('bozo_exception')}")
            return False
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
        return True

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
        except (OSError, urllib.error.URLError, ValueError, http.client.HTTPException) as exc:
            report.errors.append(f"{url}: fetch failed: {exc}")
            report.failed_sources += 1
            return
        if status == 304:
            return
        if status >= 400:
            report.errors.append(f"{url}: HTTP {status}")
            report.failed_sources += 1
            return
        lower = {k.lower(): v for k, v in reply.items()}
        if not self._feed_entries(url, body, report):
            report.failed_sources += 1
            return
        feeds = self.store.get_state(FEEDS_KEY, {})
        entry = feeds.setdefault(url, {})
        entry["etag"] = lower.get("etag")
        entry["modified"] = lower.get("last-modified")
        self.store.set_state(FEEDS_KEY, feeds)

    def _settled(self, paths: Sequence[Path]) -> set[Path]:
        """The files whose size and modification time stay the same for
        ``settle`` seconds (one wait for all of them, only if one is fresh)."""

        def stamp(path: Path) -> tuple[int, int] | None:
            try:
                info = path.stat()
            except OSError:
                return None
            return info.st_size, info.st_mtime_ns

        first = {path: stamp(path) for path in paths}
        now = time.time_ns()
        fresh = [
            p
            for p, s in first.items()
            if s is not None and now - s[1] < self.settle * 1e9
        ]
        if fresh:
            newest = max(first[p][1] for p in fresh)  # type: ignore[index]
            time.sleep(min(self.settle, max(0.0, (newest - now) / 1e9 + self.settle)))
        return {
            p
            for p, s in first.items()
            if s is not None and (p not in fresh or stamp(p) == s)
        }

    def _supersede(
        self, key: str, old_id: str | None, data: bytes, new: list[Any], report: PollReport
    ) -> None:
        """When ``data`` is the bytes of ``old_id`` and more (the earlier read
        caught the file half-written), quarantine the old version's articles,
        each pointing at the article of the new version that replaces it."""
        if not old_id or not new:
            return
        old = self.store.raw(old_id)
        if old is None or len(data) <= len(old.data) or not data.startswith(old.data):
            return
        by_part = {a.part: a.id for a in new}
        for article in self.store.articles_of_raw(old_id):
            target = by_part.get(article.part) or by_part.get(1) or new[0].id
            self.store.quarantine(
                article.id,
                f"superseded: {key} was read half-written; {target} is the complete version",
                superseded_by=target,
            )
            report.superseded.append(f"{article.id} -> {target} ({article.origin})")

    def _poll_path(self, source: str, report: PollReport) -> None:
        from storyline.ingest import sources
        from storyline.settings import MAX_INPUT_BYTES

        root = Path(source).expanduser()
        if not root.exists():
            report.errors.append(f"{source}: no such file or folder")
            report.failed_sources += 1
            return
        files = self.store.get_state(FILES_KEY, {})
        listed: list[tuple[Path, str]] = []
        for item in sources.iter_files([str(root)]):
            if isinstance(item, IngestError):
                report.errors.append(f"{item.origin}: {item.reason}")
            else:
                listed.append(item)
        settled = self._settled([path for path, _ in listed])
        for path, origin in listed:
            if path not in settled:
                report.waiting.append(origin)
                continue
            before = path.stat() if path.exists() else None
            read = sources.read_file(path, origin, MAX_INPUT_BYTES)
            if isinstance(read, IngestError):
                report.errors.append(f"{read.origin}: {read.reason}")
                continue
            after = path.stat() if path.exists() else None
            if before is None or after is None or (before.st_size, before.st_mtime_ns) != (
                after.st_size,
                after.st_mtime_ns,
            ):
                report.waiting.append(origin)  # written to while it was read
                continue
            key = sources.display_path(path.resolve())
            stamp = files.get(key) or {}
            if stamp.get("sha256") == read.id:
                continue
            if _looks_like_feed(read.data):
                self._feed_entries(key, read.data, report)
            else:
                new = self._ingest(read.data, read.origin, report)
                self._supersede(key, stamp.get("sha256"), read.data, new, report)
            files = self.store.get_state(FILES_KEY, {})
            files[key] = {"sha256": read.id}
            self.store.set_state(FILES_KEY, files)

    def poll(self, *, update: bool = True) -> PollReport:
        """One pass over every source; re-cluster and re-brief when something arrived."""
        report = PollReport(sources=len(self.sources))
        for source in self.sources:
            if is_url(source):
                self._poll_url(source, report)
            else:
                self._poll_path(source, report)
        if update:
            from storyline.pipeline import stream

            if self.worker is None:
                self.worker = stream.Worker(self.store, settings=self.settings)
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
    settle: float = SETTLE_SECONDS,
    settings: Settings = DEFAULT,
) -> PollReport:
    """Poll ``sources`` every ``interval`` seconds (one pass with ``once``).

    ``on_update`` gets one line per event (new articles, errors).  Returns the
    report of the last pass.  ``fetch`` replaces the HTTP client (tests);
    ``update=False`` ingests without re-clustering; ``settle``: seconds a
    file must stay unchanged before it is read; ``settings``: among others
    each feed fetch's deadline and size cap (``fetch_deadline``,
    ``fetch_max_bytes``).
    """
    from storyline.store import Store

    store = Store(db)
    try:
        watcher = Watcher(store, sources, fetch=fetch, settle=settle, settings=settings)
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
