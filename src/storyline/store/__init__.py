"""The store: SQLite by default (``storyline.db``), PostgreSQL for a shared server.

Raw bytes are written under their SHA-256 before anything parses them, so
re-ingesting the same file adds nothing and a parse failure loses nothing.
Articles, stories and briefs are kept as the JSON of their records
(:mod:`storyline.codec`), with a few columns pulled out for querying, and an
full-text index over article titles and text.  ``Store(target)`` opens
PostgreSQL for a ``postgresql://`` URL and SQLite for a path (or
``sqlite:PATH``); both run the same SQL and migrations
(:mod:`storyline.store.backends`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.codec import from_dict, to_jsonable
from storyline.errors import StoreError
from storyline.records import (
    Article,
    Brief,
    IngestError,
    RawDocument,
    StoredAnalysis,
    Story,
    StoryColumns,
)
from storyline.store.backends import open_database
from storyline.store.migrations import migrate

DEFAULT_PATH = "storyline.db"
#: Outlet labels kept with a story for the story list (a glance, not the sources table).
MAX_OUTLETS = 50


#: Tables a copy carries, in the order their foreign keys need, each with its
#: key column (for stable paging); the full-text index is rebuilt, not copied.
COPY_TABLES: tuple[tuple[str, str], ...] = (
    ("raw_documents", "id"),
    ("articles", "id"),
    ("ingest_errors", "id"),
    ("stories", "id"),
    ("briefs", "story_id"),
    ("state", "key"),
    ("analyses", "article_id"),
    ("story_docs", "article_id"),
    ("story_redirects", "old_id"),
    ("story_events", "id"),
    ("jobs", "id"),
)
#: Tables whose integer id the database generates.
GENERATED_ID_TABLES = ("ingest_errors", "story_events", "jobs")
COPY_PAGE = 500

Progress = Callable[[str, int, int], None]

#: A claim older than this, from a worker on another host, is taken to be lost.
CLAIM_LEASE_SECONDS = 1800.0

#: The state key counting the story index's committed batches (any worker's).
GENERATION_KEY = "stream/generation"


def _GENERATION_BUMP(now: str) -> tuple[str, Sequence[Any]]:
    return (
        "INSERT INTO state (key, value, updated_at) VALUES (?, '1', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(state.value AS INTEGER) + 1 AS TEXT), "
        "updated_at = excluded.updated_at",
        (GENERATION_KEY, now),
    )


def _process_alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def worker_name() -> str:
    """This process as a claimer of jobs: host, process id and a random token."""
    import os
    import socket
    import uuid

    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _like_escape(text: str) -> str:
    """``text`` matched literally by LIKE (with ``ESCAPE '\\'``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


#: The articles every listing returns: those not in quarantine.
_LISTED = "NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.article_id = a.id)"


@dataclass(frozen=True, slots=True)
class Quarantined:
    """An article every stage skips, and why."""

    article_id: str
    reason: str
    at: str
    #: the article that replaced this one (a later, longer version of its file)
    superseded_by: str | None = None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """A storyline database.  Safe to share between threads of one process
    (one connection, serialised by a lock); use one ``Store`` per process."""

    def __init__(self, path: str | Path = DEFAULT_PATH) -> None:
        self.path = str(path)
        self._db = open_database(path)
        self.dialect = self._db.dialect
        #: where the store lives, for messages (a PostgreSQL URL without its password)
        self.where = self._db.where
        try:
            self.version = migrate(self._db)
        except BaseException:
            self._db.close()
            raise

    # -- plumbing -----------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return self._db.rows(sql, params)

    def _write(self, statements: Iterable[tuple[str, Sequence[Any]]]) -> None:
        """Run statements in one transaction (all or nothing)."""
        with self._db.transaction() as tx:
            for sql, params in statements:
                tx.execute(sql, params)

    # -- raw documents --------------------------------------------------------
    def add_raw(self, raw: RawDocument) -> bool:
        """Store raw bytes; False when the same bytes were stored before."""
        added = self._db.execute(
            "INSERT INTO raw_documents (id, origin, media_type, size, "
            "received_at, data) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (raw.id, raw.origin, raw.media_type, raw.size, raw.received_at, raw.data),
        )
        return added == 1

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
                *self._index_statements(a),
            ]
            count += 1
        if statements:
            self._write(statements)
        return count

    def _index_statements(self, a: Article) -> list[tuple[str, Sequence[Any]]]:
        values = (a.id, a.title or "", a.text, a.outlet or "")
        if self.dialect == "postgresql":
            # a keyed upsert: concurrent writers of one article never collide
            return [
                (
                    "INSERT INTO articles_fts (id, title, text, outlet) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET title=excluded.title, text=excluded.text, "
                    "outlet=excluded.outlet",
                    values,
                )
            ]
        # FTS5 tables have no keys: replace by delete and insert (SQLite
        # serialises writers, so the pair cannot interleave with another)
        return [
            ("DELETE FROM articles_fts WHERE id = ?", (a.id,)),
            ("INSERT INTO articles_fts (id, title, text, outlet) VALUES (?, ?, ?, ?)", values),
        ]

    def article(self, article_id: str) -> Article | None:
        rows = self._rows("SELECT record FROM articles WHERE id = ?", (article_id,))
        return from_dict(Article, json.loads(rows[0]["record"])) if rows else None

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """All articles in ingest order, or the given ones in the given order;
        quarantined articles are left out of both."""
        if ids is None:
            rows = self._rows(
                "SELECT a.record FROM articles a JOIN raw_documents r ON r.id = a.raw_id "
                f"WHERE {_LISTED} ORDER BY r.received_at, a.raw_id, a.part"
            )
            return [from_dict(Article, json.loads(r["record"])) for r in rows]
        held = self.quarantined_ids()
        found = {a.id: a for a in (self.article(i) for i in ids if i not in held) if a}
        return [found[i] for i in ids if i in found]

    def ingest_order(self, ids: Sequence[str]) -> list[str]:
        """The given article ids in the order they were queued (then received)."""
        out: list[tuple[int, str, str, int, str]] = []
        for chunk in range(0, len(ids), 500):
            part = list(ids[chunk : chunk + 500])
            marks = ",".join("?" * len(part))
            rows = self._rows(
                "SELECT a.id, a.raw_id, a.part, r.received_at, "
                "(SELECT MIN(j.id) FROM jobs j WHERE j.article_id = a.id) AS job "
                "FROM articles a JOIN raw_documents r ON r.id = a.raw_id "
                f"WHERE a.id IN ({marks})",
                part,
            )
            out += [
                (r["job"] or 0, r["received_at"], r["raw_id"], int(r["part"]), r["id"])
                for r in rows
            ]
        return [row[-1] for row in sorted(out)]

    def article_page(self, *, limit: int, offset: int = 0) -> list[Article]:
        """Articles newest publication date first, undated last (an indexed query)."""
        rows = self._rows(
            "SELECT record FROM articles ORDER BY published IS NULL, published DESC, id "
            "LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [from_dict(Article, json.loads(r["record"])) for r in rows]

    def clustered_count(self) -> int:
        """Articles in a story (the story index's rows, else the stories' sizes)."""
        rows = self._rows(
            "SELECT CASE WHEN d.n > s.n THEN d.n ELSE s.n END AS n FROM "
            "(SELECT COUNT(*) AS n FROM story_docs) d, "
            "(SELECT COALESCE(SUM(size), 0) AS n FROM stories) s"
        )
        return int(rows[0]["n"])

    def articles_of_raw(self, raw_id: str) -> list[Article]:
        rows = self._rows("SELECT record FROM articles WHERE raw_id = ? ORDER BY part", (raw_id,))
        return [from_dict(Article, json.loads(r["record"])) for r in rows]

    def has_articles_of(self, raw_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM articles WHERE raw_id = ? LIMIT 1", (raw_id,)))

    def count_articles(self) -> int:
        """Articles the stages use (quarantined ones are not counted)."""
        return int(self._rows(f"SELECT COUNT(*) AS n FROM articles a WHERE {_LISTED}")[0]["n"])

    def search_articles(self, query: str, *, limit: int = 20, offset: int = 0) -> list[Article]:
        """Full-text search, best first: every word must occur (stemmed).

        SQLite: FTS5 with each word quoted.  PostgreSQL: ``websearch_to_tsquery``
        over the generated ``tsvector`` (its GIN index), so quotes, ``or`` and
        ``-word`` work as in a search engine.
        """
        if self.dialect == "postgresql":
            if not query.strip():
                return []
            rows = self._rows(
                "SELECT id FROM articles_fts, websearch_to_tsquery('english', ?) AS q "
                "WHERE tsv @@ q AND id NOT IN (SELECT article_id FROM quarantine) "
                "ORDER BY ts_rank(tsv, q) DESC, id LIMIT ? OFFSET ?",
                (query, limit, offset),
            )
            return self.articles([r["id"] for r in rows])
        import sqlite3

        terms = " ".join(f'"{t}"' for t in query.replace('"', " ").split())
        if not terms:
            return []
        try:
            rows = self._rows(
                "SELECT id FROM articles_fts WHERE articles_fts MATCH ? "
                "AND id NOT IN (SELECT article_id FROM quarantine) "
                "ORDER BY rank LIMIT ? OFFSET ?",
                (terms, limit, offset),
            )
        except sqlite3.OperationalError as exc:  # FTS5 cannot parse the query
            raise ValueError(f"search query not understood: {exc}") from exc
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

    # -- quarantine -----------------------------------------------------------
    def quarantine(
        self, article_id: str, reason: str, *, superseded_by: str | None = None
    ) -> None:
        """Keep ``article_id`` out of every stage from now on, saying why.
        Its record and raw bytes stay; quarantining it again updates the reason."""
        self._write(
            [
                (
                    "INSERT INTO quarantine (article_id, reason, at, superseded_by) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET "
                    "reason=excluded.reason, at=excluded.at, "
                    "superseded_by=excluded.superseded_by",
                    (article_id, reason, _now(), superseded_by),
                )
            ]
        )

    def quarantined(self) -> list[Quarantined]:
        """Every quarantined article, oldest first."""
        rows = self._rows(
            "SELECT article_id, reason, at, superseded_by FROM quarantine ORDER BY at, article_id"
        )
        return [
            Quarantined(r["article_id"], r["reason"], r["at"], r["superseded_by"]) for r in rows
        ]

    def quarantined_ids(self) -> set[str]:
        return {r["article_id"] for r in self._rows("SELECT article_id FROM quarantine")}

    def release(self, article_id: str) -> bool:
        """Let a quarantined article back in (e.g. after an upgrade that reads it)."""
        return self._db.execute("DELETE FROM quarantine WHERE article_id = ?", (article_id,)) == 1

    # -- stories and briefs ---------------------------------------------------
    def save_stories(self, stories: Sequence[Story]) -> None:
        """Replace the set of stories (clustering is recomputed as a whole)."""
        statements: list[tuple[str, Sequence[Any]]] = [("DELETE FROM stories", ())]
        statements += self._story_statements(stories)
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
        self._write(self._story_statements(stories))

    def _story_statements(
        self,
        stories: Sequence[Story],
        *,
        dirty: bool = False,
        founders: Mapping[str, str] | None = None,
    ) -> list[tuple[str, Sequence[Any]]]:
        """Upserts of stories with the columns the story list reads."""
        now = _now()
        out: list[tuple[str, Sequence[Any]]] = []
        for s in stories:
            last = s.end or s.start
            out.append(
                (
                    "INSERT INTO stories (id, record, updated_at, size, last_day, arc_id, "
                    "outlets, dirty, founder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE "
                    "SET record=excluded.record, updated_at=excluded.updated_at, "
                    "size=excluded.size, last_day=excluded.last_day, arc_id=excluded.arc_id, "
                    "outlets=excluded.outlets, dirty=CASE WHEN stories.dirty > excluded.dirty "
                    "THEN stories.dirty ELSE excluded.dirty END, "
                    "founder=COALESCE(excluded.founder, stories.founder)",
                    (
                        s.id,
                        json.dumps(to_jsonable(s), ensure_ascii=False),
                        now,
                        len(s.article_ids),
                        last.isoformat() if last else None,
                        s.arc_id,
                        json.dumps(self._outlets(s.article_ids), ensure_ascii=False),
                        int(dirty),
                        (founders or {}).get(s.id),
                    ),
                )
            )
        return out

    def _outlets(self, article_ids: Sequence[str]) -> list[str]:
        """The outlet labels of some articles, in order, each once (at most
        ``MAX_OUTLETS``: the list is for a glance)."""
        from storyline.render.views import outlet_label

        labels: dict[str, None] = {}
        for chunk in range(0, len(article_ids), 500):
            ids = list(article_ids[chunk : chunk + 500])
            marks = ",".join("?" * len(ids))
            rows = self._rows(f"SELECT id, outlet, title FROM articles WHERE id IN ({marks})", ids)
            found = {r["id"]: r for r in rows}
            for i in ids:
                r = found.get(i)
                stub = Article(i, "", "", "", title=r["title"], outlet=r["outlet"]) if r else None
                labels[outlet_label(stub, i)] = None
                if len(labels) >= MAX_OUTLETS:
                    return list(labels)
        return list(labels)

    def stories(self) -> list[Story]:
        rows = self._rows("SELECT record FROM stories")
        return [from_dict(Story, json.loads(r["record"])) for r in rows]

    def story(self, story_id: str) -> Story | None:
        rows = self._rows("SELECT record FROM stories WHERE id = ?", (story_id,))
        return from_dict(Story, json.loads(rows[0]["record"])) if rows else None

    def save_brief(self, story_id: str, brief: Brief) -> None:
        self.save_arc_brief([story_id], brief)

    def save_arc_brief(self, story_ids: Sequence[str], brief: Brief) -> None:
        """Store one brief for the stories of an arc, with the counts the story
        list shows; the stories are no longer marked as updating."""
        # microseconds: brief_version must change on every rebuild
        now = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        text = brief.to_json(indent=None)
        contested = sum(1 for g in brief.claim_groups if g.status == "contested")
        statements: list[tuple[str, Sequence[Any]]] = []
        for story_id in story_ids:
            statements += [
                (
                    "INSERT INTO briefs (story_id, brief, updated_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(story_id) DO UPDATE SET brief=excluded.brief, "
                    "updated_at=excluded.updated_at",
                    (story_id, text, now),
                ),
                (
                    "UPDATE stories SET contested = ?, claim_groups = ?, dirty = 0, "
                    "brief_updated_at = ? WHERE id = ?",
                    (contested, len(brief.claim_groups), now, story_id),
                ),
            ]
        self._write(statements)

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

    # -- the stream: analyses ---------------------------------------------------
    def save_analyses(self, analyses: Iterable[StoredAnalysis]) -> None:
        """Insert or replace analyses (idempotent by article id)."""
        now = _now()
        self._write(
            [
                (
                    "INSERT INTO analyses (article_id, version, doc, sentences, analysed_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET "
                    "version=excluded.version, doc=excluded.doc, "
                    "sentences=excluded.sentences, analysed_at=excluded.analysed_at",
                    (a.article_id, a.version, a.doc, json.dumps(a.sentences), now),
                )
                for a in analyses
            ]
        )

    def analyses(self, ids: Sequence[str], version: str) -> dict[str, StoredAnalysis]:
        """The stored analyses of ``version`` for these articles (stale ones are left out)."""
        out: dict[str, StoredAnalysis] = {}
        for chunk in range(0, len(ids), 500):
            part = list(ids[chunk : chunk + 500])
            marks = ",".join("?" * len(part))
            rows = self._rows(
                f"SELECT article_id, doc, sentences FROM analyses "
                f"WHERE version = ? AND article_id IN ({marks})",
                [version, *part],
            )
            for r in rows:
                spans = tuple((int(a), int(b)) for a, b in json.loads(r["sentences"]))
                out[r["article_id"]] = StoredAnalysis(
                    r["article_id"], version, bytes(r["doc"]), spans
                )
        return out

    def stale_analyses(self, version: str, *, limit: int = 100, after: str = "") -> list[str]:
        """Ids of analysed articles whose analysis is of another version, by id."""
        rows = self._rows(
            "SELECT article_id FROM analyses WHERE version != ? AND article_id > ? "
            "ORDER BY article_id LIMIT ?",
            (version, after, limit),
        )
        return [r["article_id"] for r in rows]

    def count_stale_analyses(self, version: str) -> int:
        rows = self._rows("SELECT COUNT(*) AS n FROM analyses WHERE version != ?", (version,))
        return int(rows[0]["n"])

    # -- the stream: the queue ----------------------------------------------------
    def enqueue(self, article_ids: Sequence[str]) -> int:
        """Add a pending job per article (an article with an open job is skipped)."""
        now = _now()
        added = 0
        with self._db.transaction() as tx:
            for article_id in article_ids:
                added += tx.execute(
                    "INSERT INTO jobs (article_id, state, enqueued_at) "
                    "VALUES (?, 'pending', ?) ON CONFLICT DO NOTHING",
                    (article_id, now),
                )
        return added

    def release_claimed(self, *, lease_seconds: float = CLAIM_LEASE_SECONDS) -> int:
        """Claimed but unfinished jobs of workers that died go back to pending.

        A claim names its worker (host, process id, token): a claim made on this
        host by a process that is gone is released at once (a restart after a
        crash or ``kill -9``); a claim from another host, or with no name, only
        once it is older than ``lease_seconds``.  Live workers keep theirs.
        """
        import os
        import socket

        here = socket.gethostname()
        cutoff = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=lease_seconds)).isoformat(
            timespec="seconds"
        )
        dead: list[int] = []
        for r in self._rows("SELECT id, claimed_by, claimed_at FROM jobs WHERE state = 'claimed'"):
            host, _, rest = str(r["claimed_by"] or "").partition(":")
            pid = rest.partition(":")[0]
            if host == here and pid.isdigit():
                if not _process_alive(int(pid)) or int(pid) == os.getpid():
                    dead.append(int(r["id"]))
            elif (r["claimed_at"] or "") < cutoff:
                dead.append(int(r["id"]))
        if not dead:
            return 0
        released = 0
        with self._db.transaction() as tx:
            for job in dead:
                released += tx.execute(
                    "UPDATE jobs SET state = 'pending', claimed_at = NULL, claimed_by = NULL "
                    "WHERE id = ? AND state = 'claimed'",
                    (job,),
                )
        return released

    def claim(self, limit: int, *, worker: str | None = None) -> list[tuple[int, str]]:
        """Claim up to ``limit`` pending jobs, oldest first: (job id, article id).

        SQLite: one claimer at a time (the write lock).  PostgreSQL: the rows are
        selected ``FOR UPDATE SKIP LOCKED``, so several workers share one queue
        and no job is claimed twice.
        """
        now = _now()
        claim = (
            "UPDATE jobs SET state = 'claimed', claimed_at = ?, claimed_by = ?, "
            "attempts = attempts + 1 "
            "WHERE id IN (SELECT id FROM jobs WHERE state = 'pending' ORDER BY id LIMIT ?{lock}) "
            "RETURNING id, article_id"
        )
        with self._db.transaction() as tx:
            if self.dialect == "postgresql":
                # several workers share the queue: each skips rows another holds
                rows = tx.rows(claim.format(lock=" FOR UPDATE SKIP LOCKED"), (now, worker, limit))
            else:
                # SQLite: this transaction holds the write lock, one claimer at a time
                rows = tx.rows(claim.format(lock=""), (now, worker, limit))
        return sorted((int(r["id"]), str(r["article_id"])) for r in rows)

    def fail_job(self, job_id: int, reason: str) -> None:
        self._write(
            [
                (
                    "UPDATE jobs SET state = 'failed', reason = ?, done_at = ? WHERE id = ?",
                    (reason, _now(), job_id),
                )
            ]
        )

    def job_counts(self) -> dict[str, int]:
        rows = self._rows("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state")
        return {r["state"]: int(r["n"]) for r in rows}

    def failed_jobs(self) -> list[tuple[str, str]]:
        """(article id, reason) of the jobs that failed."""
        rows = self._rows("SELECT article_id, reason FROM jobs WHERE state = 'failed' ORDER BY id")
        return [(r["article_id"], r["reason"] or "") for r in rows]

    # -- the stream: the story index ------------------------------------------------
    def story_docs(self) -> Iterable[dict[str, Any]]:
        """The story index's documents in arrival order (read in pages)."""
        seq = -1
        while True:
            rows = self._rows(
                "SELECT d.article_id, d.seq, d.story_id, d.day, d.hint, d.counts, a.title "
                "FROM story_docs d LEFT JOIN articles a ON a.id = d.article_id "
                "WHERE d.seq > ? ORDER BY d.seq LIMIT 2000",
                (seq,),
            )
            if not rows:
                return
            for r in rows:
                yield {
                    "key": r["article_id"],
                    "story": r["story_id"],
                    "day": r["day"],
                    "hint": r["hint"],
                    "counts": json.loads(r["counts"]),
                    "seq": int(r["seq"]),
                    "title": r["title"],
                }
            seq = int(rows[-1]["seq"])

    def story_heads(self) -> dict[str, tuple[str | None, str | None]]:
        """Story id -> (founding article, arc id), for a worker's start."""
        rows = self._rows("SELECT id, founder, arc_id FROM stories")
        return {r["id"]: (r["founder"], r["arc_id"]) for r in rows}

    def retired_story_ids(self) -> set[str]:
        return {r["old_id"] for r in self._rows("SELECT old_id FROM story_redirects")}

    def unindexed_stories(self) -> list[Story]:
        """Stories with no row in the story index (briefed as a pile, or by an
        older storyline), for the worker to adopt."""
        rows = self._rows(
            "SELECT record FROM stories s WHERE NOT EXISTS "
            "(SELECT 1 FROM story_docs d WHERE d.story_id = s.id) ORDER BY last_day, id"
        )
        return [from_dict(Story, json.loads(r["record"])) for r in rows]

    def adopt_stories(
        self,
        docs: Sequence[tuple[str, int, str, int | None, int | None, str]],
        founders: Mapping[str, str],
    ) -> None:
        """Index rows for stories made outside the stream, and their founders."""
        statements: list[tuple[str, Sequence[Any]]] = [
            (
                "INSERT INTO story_docs (article_id, seq, story_id, day, hint, counts) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                row,
            )
            for row in docs
        ]
        statements += [
            ("UPDATE stories SET founder = ? WHERE id = ?", (founder, story))
            for story, founder in founders.items()
        ]
        self._write(statements)

    def unqueued_articles(self) -> list[str]:
        """Articles neither in the story index nor ever queued (e.g. `storyline ingest`)."""
        rows = self._rows(
            "SELECT a.id FROM articles a JOIN raw_documents r ON r.id = a.raw_id "
            "WHERE NOT EXISTS (SELECT 1 FROM story_docs d WHERE d.article_id = a.id) "
            "AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.article_id = a.id) "
            "ORDER BY r.received_at, a.raw_id, a.part"
        )
        return [r["id"] for r in rows]

    def next_doc_seq(self) -> int:
        rows = self._rows("SELECT COALESCE(MAX(seq), -1) + 1 AS n FROM story_docs")
        return int(rows[0]["n"])

    def commit_stream_batch(
        self,
        *,
        done_jobs: Sequence[int],
        docs: Sequence[tuple[str, int, str, int | None, int | None, str]],
        moved: Mapping[str, str],
        stories: Sequence[Story],
        founders: Mapping[str, str],
        removed: Mapping[str, str],
        events: Sequence[tuple[str, str, str | None, str | None]],
    ) -> None:
        """One worker batch in one transaction: the new index rows (article id,
        seq, story id, day, hint, counts JSON), documents ``moved`` to another
        story, the touched stories (marked dirty for their brief), stories
        ``removed`` by a merge (old id -> survivor), the recorded events (kind,
        story, other story, article) and the completion of the batch's jobs."""
        now = _now()
        statements: list[tuple[str, Sequence[Any]]] = [
            (
                "INSERT INTO story_docs (article_id, seq, story_id, day, hint, counts) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET "
                "story_id=excluded.story_id",
                row,
            )
            for row in docs
        ]
        statements += [
            ("UPDATE story_docs SET story_id = ? WHERE article_id = ?", (sid, key))
            for key, sid in moved.items()
        ]
        for old, new in removed.items():
            statements += [
                ("DELETE FROM stories WHERE id = ?", (old,)),
                ("DELETE FROM briefs WHERE story_id = ?", (old,)),
                (
                    "INSERT INTO story_redirects (old_id, new_id) VALUES (?, ?) "
                    "ON CONFLICT(old_id) DO UPDATE SET new_id = excluded.new_id",
                    (old, new),
                ),
                ("UPDATE story_redirects SET new_id = ? WHERE new_id = ?", (new, old)),
            ]
        statements += self._story_statements(stories, dirty=True, founders=founders)
        statements += [
            (
                "INSERT INTO story_events (at, kind, story_id, other_id, article_id) "
                "VALUES (?, ?, ?, ?, ?)",
                (now, kind, story, other, article),
            )
            for kind, story, other, article in events
        ]
        statements += [
            ("UPDATE jobs SET state = 'done', done_at = ? WHERE id = ?", (now, job))
            for job in done_jobs
        ]
        statements.append(_GENERATION_BUMP(now))
        self._write(statements)

    def index_generation(self) -> int:
        """How many batches any worker has committed to the story index: a worker
        that finds it moved since its own last commit reloads the index."""
        return int(self.get_state(GENERATION_KEY, 0))

    @contextlib.contextmanager
    def cluster_lock(self) -> Iterator[None]:
        """One clusterer at a time across processes (several workers may share a
        store: `serve` and `watch` on one file, or many on a PostgreSQL server).
        Analysis runs outside it; adding to the story index and committing run
        inside.  PostgreSQL: a session advisory lock.  SQLite: an exclusive lock
        on a file beside the store (an in-memory store has one process)."""
        if self.dialect == "postgresql":
            self._rows("SELECT pg_advisory_lock(7270413) AS locked")
            try:
                yield
            finally:
                self._rows("SELECT pg_advisory_unlock(7270413) AS unlocked")
            return
        if self.where in ("", ":memory:") or self.where.startswith("file::memory:"):
            yield
            return
        import fcntl

        with open(f"{self.where}.cluster-lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def reset_story_index(self) -> None:
        """Drop the story index's rows (after a full re-cluster replaced the
        stories: the worker adopts the new ones)."""
        self._write([("DELETE FROM story_docs", ()), _GENERATION_BUMP(_now())])

    def mark_all_dirty(self) -> None:
        """Every story's brief is to be rebuilt (after the analyses changed)."""
        self._write([("UPDATE stories SET dirty = 1", ())])

    def dirty_stories(self) -> list[Story]:
        rows = self._rows("SELECT record FROM stories WHERE dirty = 1 ORDER BY id")
        return [from_dict(Story, json.loads(r["record"])) for r in rows]

    def stories_of_arc(self, arc_id: str) -> list[Story]:
        rows = self._rows("SELECT record FROM stories WHERE arc_id = ? ORDER BY id", (arc_id,))
        return [from_dict(Story, json.loads(r["record"])) for r in rows]

    def story_events(self, story_id: str | None = None) -> list[tuple[str, str, str | None]]:
        """(kind, story, other) in order, for one story (as either side) or all."""
        if story_id is None:
            rows = self._rows("SELECT kind, story_id, other_id FROM story_events ORDER BY id")
        else:
            rows = self._rows(
                "SELECT kind, story_id, other_id FROM story_events "
                "WHERE story_id = ? OR other_id = ? ORDER BY id",
                (story_id, story_id),
            )
        return [(r["kind"], r["story_id"], r["other_id"]) for r in rows]

    # -- reads for pages ----------------------------------------------------------------
    def story_rows(
        self, *, limit: int, offset: int = 0, ids: Sequence[str] | None = None
    ) -> list[tuple[Story, StoryColumns]]:
        """Stories newest first, then the most covered (an indexed query), with
        the columns the story list shows; or the given ones, in that order."""
        select = (
            "SELECT s.record, s.size, s.outlets, s.contested, s.claim_groups, s.dirty, "
            "s.brief_updated_at, b.story_id IS NOT NULL AS analysed FROM stories s "
            "LEFT JOIN briefs b ON b.story_id = s.id"
        )
        if ids is None:
            rows = self._rows(
                f"{select} ORDER BY s.last_day DESC, s.size DESC, s.id LIMIT ? OFFSET ?",
                (limit, offset),
            )
        else:
            wanted = list(ids)[:limit]
            marks = ",".join("?" * len(wanted))
            found = self._rows(f"{select} WHERE s.id IN ({marks})", wanted) if wanted else []
            order = {i: n for n, i in enumerate(wanted)}
            rows = sorted(found, key=lambda r: order[json.loads(r["record"])["id"]])
        out = []
        for r in rows:
            story = from_dict(Story, json.loads(r["record"]))
            columns = StoryColumns(
                size=int(r["size"]),
                outlets=tuple(json.loads(r["outlets"])),
                contested=int(r["contested"]),
                claim_groups=int(r["claim_groups"]),
                analysed=bool(r["analysed"]),
                updating=bool(r["dirty"]),
                brief_updated_at=r["brief_updated_at"],
            )
            out.append((story, columns))
        return out

    def count_stories(self) -> int:
        return int(self._rows("SELECT COUNT(*) AS n FROM stories")[0]["n"])

    def story_ids_matching(self, title: str, article_ids: Sequence[str], limit: int) -> list[str]:
        """Stories whose title holds ``title`` (ASCII case folded) or that hold
        one of the articles (from the story index; a store briefed as a pile,
        without one, is searched through its stories' records)."""
        found = [
            r["id"]
            for r in self._rows(
                f"SELECT id FROM stories WHERE {self._json('record', 'title', 'lower')} "
                "LIKE ? ESCAPE '\\' ORDER BY last_day DESC, size DESC, id LIMIT ?",
                ("%" + _like_escape(title.lower()) + "%", limit),
            )
        ]
        if article_ids:
            ids = list(article_ids)
            marks = ",".join("?" * len(ids))
            if self.has_story_index():
                sql = (
                    f"SELECT DISTINCT story_id AS id FROM story_docs WHERE article_id IN ({marks})"
                )
            else:
                sql = (
                    f"SELECT DISTINCT s.id AS id FROM stories s, {self._json_items('s')} "
                    f"WHERE j.value IN ({marks})"
                )
            found += [r["id"] for r in self._rows(sql, ids)]
        return list(dict.fromkeys(found))[:limit]

    def _json(self, column: str, key: str, wrap: str = "") -> str:
        """SQL for a text field of a JSON record column, in this dialect."""
        if self.dialect == "postgresql":
            expr = f"(({column})::json ->> '{key}')"
        else:
            expr = f"json_extract({column}, '$.{key}')"
        return f"{wrap}({expr})" if wrap else expr

    def _json_items(self, alias: str) -> str:
        """A FROM item ``j`` whose ``value`` runs over a story record's article ids."""
        if self.dialect == "postgresql":
            return f"json_array_elements_text(({alias}.record)::json -> 'article_ids') AS j(value)"
        return f"json_each({alias}.record, '$.article_ids') j"

    def has_story_index(self) -> bool:
        return bool(self._rows("SELECT 1 FROM story_docs LIMIT 1"))

    def story_of_article(self, article_id: str) -> str | None:
        """The story holding an article (from the story index; a store briefed
        as a pile, without one, is searched through its stories' records)."""
        rows = self._rows("SELECT story_id FROM story_docs WHERE article_id = ?", (article_id,))
        if rows:
            return str(rows[0]["story_id"])
        if self.has_story_index():
            return None
        rows = self._rows(
            f"SELECT s.id FROM stories s, {self._json_items('s')} "
            "WHERE j.value = ? ORDER BY s.id LIMIT 1",
            (article_id,),
        )
        return str(rows[0]["id"]) if rows else None

    def redirect(self, story_id: str) -> str | None:
        """The story that absorbed a merged-away story id, if any."""
        rows = self._rows("SELECT new_id FROM story_redirects WHERE old_id = ?", (story_id,))
        return str(rows[0]["new_id"]) if rows else None

    # -- copying a store -------------------------------------------------------
    def copy_into(self, target: Store, *, progress: Progress | None = None) -> dict[str, int]:
        """Copy every row of this store into ``target`` (a laptop's SQLite file
        onto a newsroom's PostgreSQL server, or back); returns rows added per table.

        Each table is copied in pages, each page one transaction of the target,
        with ``ON CONFLICT DO NOTHING``: rows the target already holds (the same
        raw bytes, the same article id) stay, so a copy can be re-run after an
        interruption and never duplicates anything.  The full-text index is
        filled from the copied articles, and PostgreSQL's id counters are moved
        past the copied ids.
        """
        if self.version != target.version:
            raise StoreError(
                f"the stores are at schema versions {self.version} and {target.version}"
            )
        added: dict[str, int] = {}
        for table, key in COPY_TABLES:
            total = int(self._rows(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])
            added[table] = 0
            after: Any = None
            done = 0
            while True:
                where = f"WHERE {key} > ? " if after is not None else ""
                rows = self._rows(
                    f"SELECT * FROM {table} {where}ORDER BY {key} LIMIT ?",
                    [*([after] if after is not None else []), COPY_PAGE],
                )
                if not rows:
                    break
                columns = list(rows[0].keys())
                sql = (
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                    f"({', '.join('?' * len(columns))}) ON CONFLICT DO NOTHING"
                )
                with target._db.transaction() as tx:
                    for row in rows:
                        values = [
                            bytes(v) if isinstance(v, memoryview) else v
                            for v in (row[c] for c in columns)
                        ]
                        added[table] += tx.execute(sql, values)
                after = rows[-1][key]
                done += len(rows)
                if progress is not None:
                    progress(table, done, total)
        target._reindex(progress)
        if target.dialect == "postgresql":
            for table in GENERATED_ID_TABLES:
                target._rows(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false) AS v"
                )
        return added

    def _reindex(self, progress: Progress | None = None) -> None:
        """The full-text rows of every article, made again (in pages)."""
        total = self.count_articles()
        done = 0
        after = ""
        while True:
            rows = self._rows(
                "SELECT id, record FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                (after, COPY_PAGE),
            )
            if not rows:
                return
            articles = [from_dict(Article, json.loads(r["record"])) for r in rows]
            self._write([s for a in articles for s in self._index_statements(a)])
            after = rows[-1]["id"]
            done += len(rows)
            if progress is not None:
                progress("search index", done, total)
