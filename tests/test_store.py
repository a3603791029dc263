"""The store keeps raw bytes by content hash, migrates in transactions, loses nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from storyline.errors import StoreError
from storyline.pipeline import run as pipeline
from storyline.records import Article, RawDocument
from storyline.store import Store, migrations


def _raw(data: bytes, origin: str = "x.txt") -> RawDocument:
    import hashlib

    return RawDocument(
        id=hashlib.sha256(data).hexdigest(),
        origin=origin,
        media_type="text/plain",
        size=len(data),
        received_at="2026-01-01T00:00:00+00:00",
        data=data,
    )


def test_raw_bytes_are_stored_once(store_target: str) -> None:
    store = Store(store_target)
    raw = _raw(b"Some report.\n")
    assert store.add_raw(raw) is True
    assert store.add_raw(raw) is False
    assert store.raw(raw.id) == raw
    assert store.raw(raw.id).data == raw.data  # type: ignore[union-attr]


def test_articles_round_trip_and_search(store_target: str) -> None:
    store = Store(store_target)
    raw = _raw(b"x")
    store.add_raw(raw)
    article = Article(
        id=raw.id[:12],
        raw_id=raw.id,
        origin="x.txt",
        text="Militants stormed the desert city of Palmyra.",
        title="Palmyra falls",
        published=dt.date(2015, 5, 21),
        published_from="dateline",
        warnings=("re-joined wrapped lines",),
    )
    store.add_articles([article])
    store.add_articles([article])  # upsert, not a duplicate
    assert store.count_articles() == 1
    assert store.article(article.id) == article
    assert [a.id for a in store.search_articles("palmyra")] == [article.id]
    assert store.search_articles('"; DROP TABLE articles; --') == []


def test_reopen_keeps_everything(store_target: str) -> None:
    path = store_target
    with Store(path) as store:
        store.add_raw(_raw(b"abc"))
        store.set_state("cursor", {"seen": ["a"]})
    with Store(path) as store:
        assert len(store.raw_ids()) == 1
        assert store.get_state("cursor") == {"seen": ["a"]}
        assert store.version == len(migrations.MIGRATIONS)


def test_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    broken = (*migrations.MIGRATIONS, ("CREATE TABLE extra (x INTEGER)", "THIS IS NOT SQL"))
    monkeypatch.setattr(migrations, "MIGRATIONS", broken)
    with pytest.raises(StoreError, match="migration"):
        Store(path)
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "extra" not in tables, "a half-applied migration was left behind"


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        Store(path)


def test_parse_failure_keeps_the_raw_bytes(store_target: str) -> None:
    store = Store(store_target)
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    report = pipeline.ingest_raw(store, _raw(data, "picture.png"))
    assert report.errors and report.errors[0].origin == "picture.png"
    assert store.raw_ids() == [report.errors[0].raw_id]
    assert store.raw(report.errors[0].raw_id).data == data  # type: ignore[arg-type, union-attr]
    assert store.errors()[0].reason == report.errors[0].reason


def test_brief_version_changes_on_every_rebuild(store_target: str) -> None:
    from storyline.records import Brief

    store = Store(store_target)
    assert store.brief_version("st-1") is None
    store.save_brief("st-1", Brief(articles=(), sentences=()))
    first = store.brief_version("st-1")
    store.save_brief("st-1", Brief(articles=(), sentences=()))
    assert first is not None and store.brief_version("st-1") != first


def test_a_store_copies_onto_postgresql_and_back(tmp_path: Path, pg_server: str) -> None:
    """A laptop's SQLite store onto a server and back: the same rows, the same
    search answers, and a second copy adds nothing."""
    import uuid

    from tests import pgserver
    from tests.conftest_web import fill_store

    laptop = fill_store(tmp_path / "laptop.db")
    server = Store(pgserver.fresh_database(pg_server, "c" + uuid.uuid4().hex[:12]))
    added = laptop.copy_into(server)
    assert added["articles"] == laptop.count_articles() > 0
    assert added["raw_documents"] == len(laptop.raw_ids())
    assert {s.id for s in server.stories()} == {s.id for s in laptop.stories()}
    story = laptop.stories()[0]
    assert server.brief_json(story.id) == laptop.brief_json(story.id)
    for word in ("dockworkers", "ferries", "warehouse"):
        found = {a.id for a in laptop.search_articles(word)}
        assert found
        assert {a.id for a in server.search_articles(word)} == found
    assert sum(laptop.copy_into(server).values()) == 0  # re-run: nothing new
    back = Store(tmp_path / "back.db")
    server.copy_into(back)
    assert [a.id for a in back.articles()] == [a.id for a in laptop.articles()]
