"""Schema migrations of the store, each applied in its own transaction.

A migration is a list of SQL statements, the same for SQLite and PostgreSQL:
the backend rewrites the few DDL types that differ (``BLOB``, autoincrement
keys: :func:`storyline.store.backends.postgres_sql`), and a statement that must
differ more (full-text search) is a mapping from dialect to SQL.  The store
records the highest applied version in ``schema_version``; opening a store
applies the missing ones in order.  Processes opening one store at once take
turns: the version is read inside the migration's own write transaction
(SQLite's write lock, PostgreSQL's advisory lock), so no migration runs
twice.  Never edit a released migration: add a new one.
"""

from __future__ import annotations

from collections.abc import Mapping

from storyline.errors import StoreError
from storyline.store.backends import Database, Tx

Statement = str | Mapping[str, str]

#: Full-text search over article titles, texts and outlets.  SQLite: an FTS5
#: table.  PostgreSQL: a generated ``tsvector`` column with a GIN index,
#: queried with ``websearch_to_tsquery``; a tsvector holds at most 1 MB, so
#: only the first 200,000 characters of a text are indexed.
ARTICLES_FTS: Statement = {
    "sqlite": """CREATE VIRTUAL TABLE articles_fts USING fts5(
            id UNINDEXED, title, text, outlet, tokenize = 'porter unicode61'
        )""",
    "postgresql": """CREATE TABLE articles_fts (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            outlet TEXT NOT NULL DEFAULT '',
            tsv tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('english', coalesce(title, '')), 'A')
                || to_tsvector('english', left(coalesce(text, ''), 200000))
                || setweight(to_tsvector('simple', coalesce(outlet, '')), 'B')
            ) STORED
        )""",
}
ARTICLES_FTS_INDEX: Statement = {
    "postgresql": "CREATE INDEX articles_fts_tsv ON articles_fts USING GIN (tsv)",
}

MIGRATIONS: tuple[tuple[Statement, ...], ...] = (
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
        ARTICLES_FTS,
        ARTICLES_FTS_INDEX,
    ),
    # 3: key/value state for long-running jobs (watch cursors, cluster index)
    (
        """CREATE TABLE state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
    ),
    # 4: the stream (issue 12): each article analysed once, the story index as
    # rows, stable story ids with their history, list columns kept with the
    # story, and the queue of pending work
    (
        # one analysis per article: the spaCy Doc as bytes and the sentences;
        # ``version`` names the model, pipeline and rules that made it
        """CREATE TABLE analyses (
            article_id TEXT PRIMARY KEY,
            version TEXT NOT NULL,
            doc BLOB NOT NULL,
            sentences TEXT NOT NULL,      -- JSON [[start, end], ...]
            analysed_at TEXT NOT NULL
        )""",
        "CREATE INDEX analyses_version ON analyses(version)",
        # the story index: one row per document, in arrival order (seq)
        """CREATE TABLE story_docs (
            article_id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            story_id TEXT NOT NULL,
            day INTEGER,
            hint INTEGER,
            counts TEXT NOT NULL          -- JSON {term: count}
        )""",
        "CREATE INDEX story_docs_story ON story_docs(story_id)",
        "CREATE INDEX story_docs_seq ON story_docs(seq)",
        # what the story list shows, kept with the story so a list is one query
        "ALTER TABLE stories ADD COLUMN size INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE stories ADD COLUMN last_day TEXT",
        "ALTER TABLE stories ADD COLUMN arc_id TEXT",
        "ALTER TABLE stories ADD COLUMN outlets TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE stories ADD COLUMN contested INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE stories ADD COLUMN claim_groups INTEGER NOT NULL DEFAULT 0",
        # 1 while new articles wait for the story's brief to be rebuilt
        "ALTER TABLE stories ADD COLUMN dirty INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE stories ADD COLUMN brief_updated_at TEXT",
        # the article the story's id was made for (a split keeps the id with it)
        "ALTER TABLE stories ADD COLUMN founder TEXT",
        "CREATE INDEX stories_list ON stories(last_day DESC, size DESC, id)",
        "CREATE INDEX stories_dirty ON stories(dirty)",
        "CREATE INDEX stories_arc ON stories(arc_id)",
        # an id that a merge retired answers with the story that absorbed it
        """CREATE TABLE story_redirects (
            old_id TEXT PRIMARY KEY,
            new_id TEXT NOT NULL
        )""",
        # every create / join / merge / split, in order
        """CREATE TABLE story_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            story_id TEXT NOT NULL,
            other_id TEXT,
            article_id TEXT
        )""",
        "CREATE INDEX story_events_story ON story_events(story_id)",
        # pending work: claimed by a worker, done in the transaction that
        # stores its result, failed with the reason (and skipped)
        """CREATE TABLE jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending',
            reason TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            enqueued_at TEXT NOT NULL,
            claimed_at TEXT,
            done_at TEXT
        )""",
        "CREATE INDEX jobs_state ON jobs(state, id)",
        "CREATE INDEX jobs_article ON jobs(article_id)",
        # at most one open job per article: enqueueing twice is harmless
        "CREATE UNIQUE INDEX jobs_open ON jobs(article_id) WHERE state IN ('pending', 'claimed')",
    ),
    # 5: who claimed a job (host:pid:token), so a worker starting beside live
    # ones gives back only the claims of workers that died
    ("ALTER TABLE jobs ADD COLUMN claimed_by TEXT",),
    # 6: quarantine (issue 16): articles every stage skips, each with the reason
    # (a failure no retry would fix, or a later version that superseded it);
    # their raw bytes and records stay, so nothing is lost and a release is one
    # DELETE
    (
        """CREATE TABLE quarantine (
            article_id TEXT PRIMARY KEY,
            reason TEXT NOT NULL,
            at TEXT NOT NULL,
            superseded_by TEXT            -- the article that replaced this one, if any
        )""",
    ),
)


def _statement(statement: Statement, dialect: str) -> str | None:
    if isinstance(statement, str):
        return statement
    return statement.get(dialect)


def _version(tx: Tx) -> int:
    rows = tx.rows("SELECT MAX(version) AS v FROM schema_version")
    return int(rows[0]["v"] or 0) if rows else 0


def current_version(db: Database) -> int:
    db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    with db.transaction() as tx:
        return _version(tx)


def migrate(db: Database) -> int:
    """Apply missing migrations; returns the version reached."""
    version = current_version(db)
    if version > len(MIGRATIONS):
        raise StoreError(
            f"the store is at schema version {version}, newer than this storyline "
            f"({len(MIGRATIONS)}); upgrade storyline"
        )
    while version < len(MIGRATIONS):
        try:
            with db.transaction() as tx:
                if db.dialect == "postgresql":
                    # one migrating process at a time (released at commit)
                    tx.rows("SELECT pg_advisory_xact_lock(7270412) AS locked")
                version = _version(tx)  # another process may have gone first
                if version >= len(MIGRATIONS):
                    break
                number = version + 1
                for statement in MIGRATIONS[version]:
                    sql = _statement(statement, db.dialect)
                    if sql is not None:
                        tx.execute(sql)
                tx.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
        except StoreError:
            raise
        except Exception as exc:  # sqlite3.Error, psycopg.Error
            raise StoreError(f"migration {version + 1} failed: {exc}") from exc
        version = number
    return version
