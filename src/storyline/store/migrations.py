"""Schema migrations for the SQLite store, each applied in its own transaction.

A migration is a list of SQL statements.  The store records the highest
applied version in ``schema_version``; opening a store applies the missing
ones in order.  Never edit a released migration: add a new one.
"""

from __future__ import annotations

import sqlite3

from storyline.errors import StoreError

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: raw bytes before anything else, so a parse failure loses nothing
    (
        """CREATE TABLE raw_documents (
            id TEXT PRIMARY KEY,          -- sha256 of the bytes
            origin TEXT NOT NULL,
            media_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            received_at TEXT NOT NULL,
            data BLOB NOT NULL
        )""",
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            raw_id TEXT NOT NULL REFERENCES raw_documents(id),
            part INTEGER NOT NULL,
            published TEXT,
            outlet TEXT,
            title TEXT,
            record TEXT NOT NULL          -- the Article as JSON
        )""",
        "CREATE INDEX articles_raw ON articles(raw_id)",
        "CREATE INDEX articles_published ON articles(published)",
        """CREATE TABLE ingest_errors (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            origin TEXT NOT NULL,
            raw_id TEXT,
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        )""",
    ),
    # 2: stories and their briefs, full-text search over articles
    (
        """CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            record TEXT NOT NULL,         -- the Story as JSON
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE briefs (
            story_id TEXT PRIMARY KEY,
            brief TEXT NOT NULL,          -- storyline.brief/1 JSON
            updated_at TEXT NOT NULL
        )""",
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            id UNINDEXED, title, text, outlet, tokenize = 'porter unicode61'
        )""",
    ),
    # 3: key/value state for long-running jobs (watch cursors, cluster index)
    (
        """CREATE TABLE state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
    ),
)


def current_version(conn: sqlite3.Connection) -> int:
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection) -> int:
    """Apply missing migrations; returns the version reached."""
    version = current_version(conn)
    if version > len(MIGRATIONS):
        raise StoreError(
            f"the store is at schema version {version}, newer than this storyline "
            f"({len(MIGRATIONS)}); upgrade storyline"
        )
    for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in statements:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise StoreError(f"migration {number} failed: {exc}") from exc
        version = number
    return version
