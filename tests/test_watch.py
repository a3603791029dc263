"""watch: folders and feeds polled into the store, resuming without duplicates."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.pipeline.watch import FEEDS_KEY, watch
from storyline.store import Store

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

FERRY = (
    "A ferry caught fire off Crete on Tuesday and hundreds of passengers jumped into the "
    "sea, the Greek coast guard said.\n\nThe Lastivka was sailing from Heraklion to Piraeus "
    "when smoke poured from the engine room, a coast guard spokesman said.\n"
)
QUAKE = (
    "A strong earthquake struck central Chile near Talca on Sunday, damaging churches and "
    "cutting power to thousands of homes, officials said.\n\nNo deaths were reported, the "
    "interior ministry said in a statement.\n"
)


def _item(guid: str, title: str, body: str, date: str = "Tue, 10 Sep 2024 08:00:00 GMT") -> str:
    return (
        f"<item><title>{title}</title><guid>{guid}</guid><link>https://example.org/{guid}</link>"
        f"<pubDate>{date}</pubDate><description>&lt;p&gt;{body}&lt;/p&gt;</description></item>"
    )


def _feed(*items: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>Harbour wire</title><link>https://example.org/</link>"
        + "".join(items)
        + "</channel></rss>\n"
    )


ITEM_A = _item("a1", "Ferry burns off Crete", FERRY.replace("\n", " "))
ITEM_B = _item("a2", "Quake hits Chile", QUAKE.replace("\n", " "))
ITEM_C = _item(
    "a3",
    "Coast guard rescues ferry passengers",
    "Coast guard boats pulled hundreds of Lastivka passengers from the sea off Crete.",
)


def _articles(db: Path) -> list[str]:
    store = Store(str(db))
    try:
        return sorted(a.origin for a in store.articles())
    finally:
        store.close()


def test_folder_restart_adds_nothing_twice(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ferry.txt").write_text(FERRY, encoding="utf-8")
    db = tmp_path / "store.db"
    lines: list[str] = []

    first = watch([str(inbox)], db=str(db), once=True, update=False, on_update=lines.append)
    assert first.new_articles == 1
    assert lines == ["1 new article(s)"]
    # a restart: a new process would open the same store and poll again
    second = watch([str(inbox)], db=str(db), once=True, update=False)
    assert second.new_articles == 0
    assert len(_articles(db)) == 1

    (inbox / "quake.txt").write_text(QUAKE, encoding="utf-8")
    third = watch([str(inbox)], db=str(db), once=True, update=False)
    assert third.new_articles == 1
    assert len(_articles(db)) == 2
    # touching a file without changing its bytes adds nothing
    (inbox / "quake.txt").write_text(QUAKE, encoding="utf-8")
    assert watch([str(inbox)], db=str(db), once=True, update=False).new_articles == 0
    assert len(_articles(db)) == 2


def test_local_feed_file_adds_only_new_entries(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    feed = inbox / "wire.xml"
    feed.write_text(_feed(ITEM_A, ITEM_B), encoding="utf-8")
    db = tmp_path / "store.db"

    assert watch([str(inbox)], db=str(db), once=True, update=False).new_articles == 2
    # the feed grows by one entry (newest first, as feeds do): only that one is new
    feed.write_text(_feed(ITEM_C, ITEM_A, ITEM_B), encoding="utf-8")
    assert watch([str(inbox)], db=str(db), once=True, update=False).new_articles == 1
    assert watch([str(inbox)], db=str(db), once=True, update=False).new_articles == 0
    origins = _articles(db)
    assert len(origins) == 3
    assert all("#" in o for o in origins)  # one document per entry


class _FeedHandler(http.server.SimpleHTTPRequestHandler):
    requests: list[dict[str, str]] = []  # noqa: RUF012 - shared log of one test server

    def do_GET(self) -> None:
        type(self).requests.append(dict(self.headers.items()))
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return


@pytest.fixture
def feed_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "site"
    root.mkdir()
    _FeedHandler.requests = []
    handler = functools.partial(_FeedHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml", root
    finally:
        server.shutdown()
        server.server_close()


def test_http_feed_uses_validators_and_resumes(
    tmp_path: Path, feed_server: tuple[str, Path]
) -> None:
    url, root = feed_server
    (root / "feed.xml").write_text(_feed(ITEM_A, ITEM_B), encoding="utf-8")
    db = tmp_path / "store.db"

    assert watch([url], db=str(db), once=True, update=False).new_articles == 2
    store = Store(str(db))
    try:
        cursor = store.get_state(FEEDS_KEY)[url]
    finally:
        store.close()
    assert cursor["modified"]
    assert sorted(cursor["seen"]) == ["a1", "a2"]

    # unchanged feed: the server answers 304 to If-Modified-Since, nothing is read
    again = watch([url], db=str(db), once=True, update=False)
    assert again.new_articles == 0 and not again.errors
    assert _FeedHandler.requests[-1].get("If-Modified-Since") == cursor["modified"]
    assert len(_articles(db)) == 2


def test_unreachable_feed_is_an_error_not_a_crash(tmp_path: Path) -> None:
    lines: list[str] = []
    report = watch(
        ["http://127.0.0.1:9/feed.xml"],
        db=str(tmp_path / "store.db"),
        once=True,
        update=False,
        on_update=lines.append,
    )
    assert report.new_articles == 0
    assert report.errors and "fetch failed" in report.errors[0]
    assert lines and lines[0].startswith("error:")


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    report = watch([str(tmp_path / "nope")], db=str(tmp_path / "s.db"), once=True, update=False)
    assert report.errors == [f"{tmp_path / 'nope'}: no such file or folder"]


@pytest.mark.slow
def test_watch_updates_stories_and_survives_restart(tmp_path: Path) -> None:
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is absent: this test reads the shared seeds beside the repo")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("000_0f4fa40392b005b5.txt", "004_9267aa32d9f662f8.txt"):
        shutil.copy(SEEDS / name, inbox / name)
    db = tmp_path / "store.db"
    first = watch([str(inbox)], db=str(db), once=True)
    assert first.new_articles == 2
    assert first.stories == 2  # the 2015 capture and the 2016 return
    second = watch([str(inbox)], db=str(db), once=True)
    assert second.new_articles == 0 and second.stories is None
    store = Store(str(db))
    try:
        stories = store.stories()
        assert len(stories) == 2
        assert stories[0].arc_id is not None and stories[0].arc_id == stories[1].arc_id
        assert store.brief(stories[0].id) is not None
    finally:
        store.close()
