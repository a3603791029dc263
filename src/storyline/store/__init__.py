"""The store: SQLite by default (``storyline.db``).

Raw bytes are written under their SHA-256 before anything parses them, so
re-ingesting the same file adds nothing and a parse failure loses nothing.
Articles, stories and briefs are kept as the JSON of their records
(:mod:`storyline.codec`), with a few columns pulled out for querying, and an
FTS5 index over article titles and text.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from storyline.codec import from_dict, to_jsonable
from storyline.errors import StoreError
from storyline.records import Article, Brief, IngestError, RawDocument, Story
from storyline.store.migrations import migrate

DEFAULT_PATH = "storyline.db"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """A storyline database.  Safe to share between threads of one process
    (one connection, serialised by a lock); use one ``Store`` per process."""

    def __init__(self, path: str | Path = DEFAULT_PATH) -> None:
        self.path = str(path)
        try:
            self._conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=30
            )
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self.version = migrate(self._conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from exc
        self._lock = threading.RLock()

    # -- plumbing -----------------------------------------------------------
    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            cur = self._conn.execute(sql, params)
            cur.row_factory = sqlite3.Row
            return cur.fetchall()

    def _write(self, statements: Iterable[tuple[str, Sequence[Any]]]) -> None:
        """Run statements in one transaction."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                for sql, params in statements:
                    self._conn.execute(sql, params)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    # -- raw documents --------------------------------------------------------
    def add_raw(self, raw: RawDocument) -> bool:
        """Store raw bytes; False when the same bytes were stored before."""
        with self._lock:
            cur = self._conn.execute(
                "INSERT OR IGNORE INTO raw_documents (id, origin, media_type, size, "
                "received_at, data) VALUES (?, ?, ?, ?, ?, ?)",
                (raw.id, raw.origin, raw.media_type, raw.size, raw.received_at, raw.data),
            )
            return cur.rowcount == 1

    def has_raw(self, raw_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM raw_documents WHERE id = ?", (raw_id,)))

    def raw(self, raw_id: str) -> RawDocument | None:
        rows = self._rows("SELECT * FROM raw_documents WHERE id = ?", (raw_id,))
        if not rows:
            return None
        r = rows[0]
        return RawDocument(
            id=r["id"],
            origin=r["origin"],
            media_type=r["media_type"],
            size=r["size"],
            received_at=r["received_at"],
            data=bytes(r["data"]),
        )

    def raw_ids(self) -> list[str]:
        return [r["id"] for r in self._rows("SELECT id FROM raw_documents ORDER BY received_at")]

    # -- articles -------------------------------------------------------------
    def add_articles(self, articles: Iterable[Article]) -> int:
        """Insert or update articles (and their search index); returns how many."""
        statements: list[tuple[str, Sequence[Any]]] = []
        count = 0
        for a in articles:
            record = json.dumps(to_jsonable(a), ensure_ascii=False)
            published = a.published.isoformat() if a.published else None
            statements += [
                (
                    "INSERT INTO articles (id, raw_id, part, published, outlet, title, record) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                    "published=excluded.published, outlet=excluded.outlet, "
                    "title=excluded.title, record=excluded.record",
                    (a.id, a.raw_id, a.part, published, a.outlet, a.title, record),
                ),
                ("DELETE FROM articles_fts WHERE id = ?", (a.id,)),
                (
                    "INSERT INTO articles_fts (id, title, text, outlet) VALUES (?, ?, ?, ?)",
                    (a.id, a.title or "", a.text, a.outlet or ""),
                ),
            ]
            count += 1
        if statements:
            self._write(statements)
        return count

    def article(self, article_id: str) -> Article | None:
        rows = self._rows("SELECT record FROM articles WHERE id = ?", (article_id,))
        return from_dict(Article, json.loads(rows[0]["record"])) if rows else None

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """All articles in ingest order, or the given ones in the given order."""
        if ids is None:
            rows = self._rows(
                "SELECT a.record FROM articles a JOIN raw_documents r ON r.id = a.raw_id "
                "ORDER BY r.received_at, a.raw_id, a.part"
            )
            return [from_dict(Article, json.loads(r["record"])) for r in rows]
        found = {a.id: a for a in (self.article(i) for i in ids) if a is not None}
        return [found[i] for i in ids if i in found]

    def articles_of_raw(self, raw_id: str) -> list[Article]:
        rows = self._rows("SELECT record FROM articles WHERE raw_id = ? ORDER BY part", (raw_id,))
        return [from_dict(Article, json.loads(r["record"])) for r in rows]

    def has_articles_of(self, raw_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM articles WHERE raw_id = ? LIMIT 1", (raw_id,)))

    def count_articles(self) -> int:
        return int(self._rows("SELECT COUNT(*) AS n FROM articles")[0]["n"])

    def search_articles(self, query: str, *, limit: int = 20, offset: int = 0) -> list[Article]:
        """Full-text search (FTS5 syntax; plain words are ANDed), best first."""
        terms = " ".join(f'"{t}"' for t in query.replace('"', " ").split())
        if not terms:
            return []
        rows = self._rows(
            "SELECT id FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
            (terms, limit, offset),
        )
        return self.articles([r["id"] for r in rows])

    # -- errors ---------------------------------------------------------------
    def add_error(self, error: IngestError) -> None:
        self._write(
            [
                (
                    "INSERT INTO ingest_errors (origin, raw_id, reason, at) VALUES (?, ?, ?, ?)",
                    (error.origin, error.raw_id, error.reason, _now()),
                )
            ]
        )

    def errors(self) -> list[IngestError]:
        rows = self._rows("SELECT origin, raw_id, reason FROM ingest_errors ORDER BY id")
        return [IngestError(r["origin"], r["reason"], r["raw_id"]) for r in rows]

    # -- stories and briefs ---------------------------------------------------
    def save_stories(self, stories: Sequence[Story]) -> None:
        """Replace the set of stories (clustering is recomputed as a whole)."""
        now = _now()
        statements: list[tuple[str, Sequence[Any]]] = [("DELETE FROM stories", ())]
        statements += [
            (
                "INSERT INTO stories (id, record, updated_at) VALUES (?, ?, ?)",
                (s.id, json.dumps(to_jsonable(s), ensure_ascii=False), now),
            )
            for s in stories
        ]
        keep = [s.id for s in stories]
        marks = ",".join("?" * len(keep))
        statements.append(
            (
                f"DELETE FROM briefs WHERE story_id NOT IN ({marks})"
                if keep
                else "DELETE FROM briefs",
                keep,
            )
        )
        self._write(statements)

    def add_stories(self, stories: Sequence[Story]) -> None:
        """Insert or update stories, keeping the others (a brief of part of the store)."""
        now = _now()
        self._write(
            [
                (
                    "INSERT INTO stories (id, record, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET record=excluded.record, "
                    "updated_at=excluded.updated_at",
                    (s.id, json.dumps(to_jsonable(s), ensure_ascii=False), now),
                )
                for s in stories
            ]
        )

    def stories(self) -> list[Story]:
        rows = self._rows("SELECT record FROM stories")
        return [from_dict(Story, json.loads(r["record"])) for r in rows]

    def story(self, story_id: str) -> Story | None:
        rows = self._rows("SELECT record FROM stories WHERE id = ?", (story_id,))
        return from_dict(Story, json.loads(rows[0]["record"])) if rows else None

    def save_brief(self, story_id: str, brief: Brief) -> None:
        self._write(
            [
                (
                    "INSERT INTO briefs (story_id, brief, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(story_id) DO UPDATE SET brief=excluded.brief, "
                    "updated_at=excluded.updated_at",
                    (
                        story_id,
                        brief.to_json(indent=None),
                        # microseconds: brief_version must change on every rebuild
                        dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
                    ),
                )
            ]
        )

    def brief_json(self, story_id: str) -> str | None:
        rows = self._rows("SELECT brief FROM briefs WHERE story_id = ?", (story_id,))
        return str(rows[0]["brief"]) if rows else None

    def brief_version(self, story_id: str) -> str | None:
        """A tag that changes whenever the story's brief is rebuilt, read
        without loading the brief (for caches in front of the store)."""
        rows = self._rows(
            "SELECT updated_at || ':' || length(brief) AS v FROM briefs WHERE story_id = ?",
            (story_id,),
        )
        return str(rows[0]["v"]) if rows else None

    def brief(self, story_id: str) -> Brief | None:
        text = self.brief_json(story_id)
        return Brief.from_json(text) if text is not None else None

    # -- state for long-running jobs -----------------------------------------
    def get_state(self, key: str, default: Any = None) -> Any:
        rows = self._rows("SELECT value FROM state WHERE key = ?", (key,))
        return json.loads(rows[0]["value"]) if rows else default

    def set_state(self, key: str, value: Any) -> None:
        self._write(
            [
                (
                    "INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value=excluded.value, "
                    "updated_at=excluded.updated_at",
                    (key, json.dumps(value), _now()),
                )
            ]
        )
