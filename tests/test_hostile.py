"""Hostile input and web security (issue 16): one test (or a few) per point.

1. JSON that crashed ingest (deep nesting, a 100,001-digit number, a lone
   surrogate escape) is a one-line error per file, and the batch goes on.
2. An article longer than the language model reads neither crashes
   ``ingest``, ``brief``, ``stories``, the stream worker nor the server, and
   never poisons a later run: it is refused at ingest, or, when a store
   already holds one, quarantined with its reason and skipped.
3. A lone surrogate posted to the API is a 422.
4. Only http(s) URLs become links; every response carries the security headers.
5. Without a token, cross-origin writes are refused; foreign Host headers too.
6. A feed that trickles is given up at the fetch deadline; one that sends
   without end at the size cap.
7. A file still being written waits; a truncated earlier read is superseded.
8. Deep HTML keeps its text; entity references never stay as text;
   ``watch --once`` fails when every fetch failed.

The fuzz test over 1,000+ generated files is tests/test_hostile_fuzz.py.
"""

from __future__ import annotations

import dataclasses
import http.server
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from storyline import ingest
from storyline.cli import EXIT_NOTHING, EXIT_SOME_FAILED, main
from storyline.pipeline.watch import watch
from storyline.records import Article
from storyline.settings import MAX_ARTICLE_CHARS, Settings
from storyline.store import Store
from storyline.web import make_app
from storyline.web.backend import StoreBackend
from tests.conftest_web import BASE_URL, fill_store

LOOPBACK = ("127.0.0.1", 50000)

GOOD = (
    "A ferry caught fire off Crete on Tuesday and hundreds of passengers jumped into the "
    "sea, the Greek coast guard said.\n\nThe Lastivka was sailing from Heraklion to Piraeus "
    "when smoke poured from the engine room, a coast guard spokesman said.\n"
)
SENTENCE = "A bridge in Halvik collapsed on Tuesday night and forty people were moved, police said."


def _ingest(tmp_path: Path, *paths: Path) -> tuple[object, Store]:
    db = tmp_path / "store.db"
    result = CliRunner().invoke(main, ["ingest", "--db", str(db), *map(str, paths)])
    return result, Store(str(db))


def _cannot_read(stderr: str) -> dict[str, str]:
    """file name -> reason, from the ``storyline: cannot read PATH: REASON`` lines."""
    out = {}
    for line in stderr.splitlines():
        assert line.startswith("storyline: cannot read "), line
        path, reason = line.removeprefix("storyline: cannot read ").split(": ", 1)
        out[Path(path).name] = reason
    return out


# ------------------------------------------------------------- 1. JSON crashes


def _crashing_json(folder: Path) -> dict[str, str]:
    """The three inputs that crashed ingest, and a fragment of each reason."""
    files = {
        "a-deep.json": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        "b-number.json": ('{"text": "x", "n": ' + "9" * 100_001 + "}", "number too long"),
        "c-surrogate.jsonl": (
            json.dumps({"text": GOOD})[:-1] + ', "title": "a\\ud800b"}',
            "lone surrogate",
        ),
    }
    for name, (text, _) in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "z-good.txt").write_text(GOOD, encoding="utf-8")
    return {name: reason for name, (_, reason) in files.items()}


def test_json_that_crashed_ingest_is_one_line_per_file_and_the_batch_goes_on(
    tmp_path: Path,
) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    expected = _crashing_json(inbox)
    for attempt in range(2):  # the bytes stay stored: the re-run must not crash either
        result, store = _ingest(tmp_path, inbox)
        assert result.exit_code == EXIT_SOME_FAILED, result.output
        assert "Traceback" not in result.output
        errors = _cannot_read(result.stderr)
        assert set(errors) == set(expected)
        for name, fragment in expected.items():
            assert fragment in errors[name], errors[name]
        assert "3 error(s)" in result.stdout and "1 article(s) in" in result.stdout
        assert ("4 new document(s)" if attempt == 0 else "4 already stored") in result.stdout
        assert [a.origin.rsplit("/", 1)[-1] for a in store.articles()] == ["z-good.txt"]
        store.close()


def test_json_that_crashed_watch_is_an_error_per_file(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    expected = _crashing_json(inbox)
    report = watch([str(inbox)], db=str(tmp_path / "s.db"), once=True, update=False, settle=0)
    assert report.new_articles == 1
    assert len(report.errors) == 3
    for name, fragment in expected.items():
        (line,) = [e for e in report.errors if name in e]
        assert fragment in line and "\n" not in line


# ------------------------------------------------------------- 2. too long for the model

#: Over the model's limit, in few tokens (cheap to store and index).
OVERLONG = ("x" * 999 + " ") * (MAX_ARTICLE_CHARS // 1000 + 1)


def _poison(store: Store) -> str:
    """An over-long article stored as a store made before the limit holds it
    (ingest refuses one now); queued like every stored article."""
    raw = ingest.raw_document(OVERLONG.encode(), "old-dump.txt")
    store.add_raw(raw)
    article = Article(id=raw.id[:12], raw_id=raw.id, origin=raw.origin, text=OVERLONG)
    store.add_articles([article])
    store.enqueue([article.id])
    return article.id


def test_an_overlong_article_is_refused_at_ingest_with_the_limit_named(tmp_path: Path) -> None:
    paragraph = "The ministry said the bridge collapsed on Tuesday night, officials said. " * 30
    long = tmp_path / "long.txt"
    long.write_text("\n\n".join([paragraph] * (MAX_ARTICLE_CHARS // len(paragraph) + 2)))
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    result, store = _ingest(tmp_path, long, good)
    assert result.exit_code == EXIT_SOME_FAILED, result.output
    reason = _cannot_read(result.stderr)["long.txt"]
    assert "article text too long" in reason and f"{MAX_ARTICLE_CHARS:,}" in reason
    assert len(store.articles()) == 1
    store.close()


@pytest.mark.slow
def test_brief_and_stories_go_on_past_an_overlong_article_and_quarantine_it(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "store.db")
    (tmp_path / "good.txt").write_text(GOOD)
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", "--db", db, str(tmp_path / "good.txt")]).exit_code == 0
    with Store(db) as store:
        poisoned = _poison(store)

    first = runner.invoke(main, ["stories", "--db", db])
    assert first.exit_code == EXIT_SOME_FAILED, first.output
    assert "Traceback" not in first.output
    assert "Lastivka" in first.stdout or "ferry" in first.stdout.lower()
    assert f"article {poisoned} quarantined" in first.stderr
    assert "too long for the language model" in first.stderr
    with Store(db) as store:
        (held,) = store.quarantined()
        assert held.article_id == poisoned and "too long" in held.reason
        assert poisoned not in {a.id for a in store.articles()}

    # later runs skip it: nothing fails again
    again = runner.invoke(main, ["stories", "--db", db, str(tmp_path / "good.txt")])
    assert again.exit_code == 0, again.output
    made = runner.invoke(main, ["brief", "--db", db, str(tmp_path / "good.txt")])
    assert made.exit_code == 0, made.output
    assert "Lastivka" in made.stdout


def test_quarantined_articles_are_listed_and_can_be_released(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    with Store(db) as store:
        held = _poison(store)
        store.quarantine(held, "analysis failed: text too long for the language model")
        store.fail_job(store.claim(1)[0][0], "analysis failed")
        assert store.articles() == []
    runner = CliRunner()
    listed = runner.invoke(main, ["quarantine", "--db", db])
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.startswith(f"{held}\t") and "too long" in listed.stdout
    assert "1 quarantined article(s)" in listed.stderr
    released = runner.invoke(main, ["quarantine", "--db", db, "--release", held])
    assert released.exit_code == 0 and f"released {held}" in released.stdout
    with Store(db) as store:
        assert not store.quarantined() and [a.id for a in store.articles()] == [held]
        assert store.job_counts().get("pending") == 1  # queued again for the worker
    unknown = runner.invoke(main, ["quarantine", "--db", db, "--release", "nope"])
    assert unknown.exit_code == EXIT_SOME_FAILED and "not quarantined" in unknown.stderr


@pytest.mark.slow
def test_the_stream_worker_quarantines_an_article_it_cannot_analyse_and_goes_on(
    tmp_path: Path,
) -> None:
    from storyline.pipeline import stream

    with Store(str(tmp_path / "store.db")) as store:
        poisoned = _poison(store)
        good = stream.submit(store, ingest.raw_document(GOOD.encode(), "good.txt")).articles
        done = stream.Worker(store).drain()
        assert [article_id for article_id, _ in done.failed] == [poisoned]
        assert done.articles == 1 and done.briefs >= 1
        (held,) = store.quarantined()
        assert held.article_id == poisoned and "too long" in held.reason
        assert store.job_counts() == {"done": 1, "failed": 1}
        assert store.story_of_article(good[0].id) is not None
        # a restarted worker (serve, watch) finds nothing to fail on
        store.enqueue([poisoned])
        restarted = stream.Worker(store).drain()
        assert not restarted.articles and store.job_counts().get("pending", 0) == 0


@pytest.mark.slow
def test_the_server_answers_after_an_overlong_upload_and_a_poisoned_store(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "store.db")
    with Store(db) as store:
        poisoned = _poison(store)
    with TestClient(make_app(StoreBackend(db)), base_url=BASE_URL, client=LOOPBACK) as client:
        backend = client.app.state.backend  # type: ignore[attr-defined]
        assert backend.wait_idle()  # the worker got past the poisoned job
        assert [q.article_id for q in backend.store.quarantined()] == [poisoned]
        other = ("z" + OVERLONG).encode()  # not the stored bytes
        big = client.post("/api/uploads", files={"files": ("big.txt", other)})
        assert big.status_code == 422
        assert "article text too long" in big.json()["files"][0]["errors"][0]["reason"]
        later = client.post("/api/uploads", files={"files": ("good.txt", GOOD.encode())})
        assert later.status_code == 202, later.text
        assert backend.wait_idle()
        (new_id,) = later.json()["files"][0]["new_articles"]
        assert backend.store.story_of_article(new_id) is not None
        assert client.get("/api/stories").status_code == 200


# ------------------------------------------------------------- 3-5. the web API


@pytest.fixture
def web_db(tmp_path: Path) -> str:
    db = str(tmp_path / "web.db")
    fill_store(db).close()
    return db


def _client(db: str, **options: object) -> TestClient:
    return TestClient(
        make_app(StoreBackend(db, worker=False), **options),  # type: ignore[arg-type]
        base_url=BASE_URL,
        client=LOOPBACK,
    )


@pytest.mark.parametrize("field", ["text", "title", "url", "outlet", "byline"])
def test_a_lone_surrogate_posted_as_json_is_a_422(web_db: str, field: str) -> None:
    # the escape as JSON writes it (a later duplicate "text" key wins)
    body = json.dumps([{"text": GOOD}])[:-2] + f', "{field}": "a\\ud800b"}}]'
    with _client(web_db) as client:
        response = client.post(
            "/api/articles", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 422, response.text
        assert "surrogate" in response.json()["reason"]
        assert client.get("/api/stories").status_code == 200


SCRIPT_URLS = ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x", "java\tscript:x"]


def test_only_http_urls_are_kept_from_feeds_and_jsonl(tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>T{n}</title><guid>g{n}</guid><link>{url}</link>"
        f"<description>{SENTENCE} Item {n}.</description></item>"
        for n, url in enumerate(SCRIPT_URLS)
    )
    (tmp_path / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}'
        "</channel></rss>"
    )
    (tmp_path / "wire.jsonl").write_text(
        "\n".join(
            json.dumps({"text": f"{SENTENCE} {n}", "url": u}) for n, u in enumerate(SCRIPT_URLS)
        )
    )
    result, store = _ingest(tmp_path, tmp_path / "feed.xml", tmp_path / "wire.jsonl")
    assert result.exit_code == 0, result.output
    articles = store.articles()
    assert len(articles) == 2 * len(SCRIPT_URLS)
    assert all(a.url is None for a in articles)
    assert all(any("only http(s) URLs" in w for w in a.warnings) for a in articles)
    store.close()


def test_a_script_url_never_becomes_a_link(web_db: str) -> None:
    with Store(web_db) as store:  # as an older store may hold it
        raw = ingest.raw_document(SENTENCE.encode(), "old.txt")
        store.add_raw(raw)
        old = Article(id="f6f6f6f6f6f6", raw_id=raw.id, origin="x", text=SENTENCE)
        store.add_articles([dataclasses.replace(old, url=SCRIPT_URLS[0])])
    with _client(web_db) as client:
        posted = client.post("/api/articles", json=[{"text": GOOD, "url": SCRIPT_URLS[0]}])
        assert posted.status_code == 202, posted.text
        (new_id,) = posted.json()["files"][0]["new_articles"]
        assert client.get(f"/api/articles/{new_id}").json()["url"] is None
        for article_id in (new_id, "f6f6f6f6f6f6"):
            page = client.get(f"/articles/{article_id}").text
            assert 'href="javascript' not in page.lower()
            assert ">original</a>" not in page
        good = client.post(
            "/api/articles", json=[{"text": SENTENCE + " Again.", "url": "https://example.org/a"}]
        )
        (good_id,) = good.json()["files"][0]["new_articles"]
        assert 'href="https://example.org/a"' in client.get(f"/articles/{good_id}").text


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/stories/st-port-fire",
        "/articles/a1a1a1a1a1a1",
        "/upload",
        "/api/stories/st-port-fire/brief.html",
        "/api/stories",
        "/api/stories/st-port-fire/brief.md",
        "/static/style.css",
        "/no/such/page",
        "/api/stories/nope",
    ],
)
def test_every_response_carries_the_security_headers(web_db: str, path: str) -> None:
    with _client(web_db) as client:
        response = client.get(path)
    headers = response.headers
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"


def test_without_a_token_cross_origin_writes_are_refused(web_db: str) -> None:
    upload = {"files": ("ferry.txt", GOOD.encode())}
    with _client(web_db) as client:
        for headers in (
            {"Origin": "http://evil.example"},
            {"Origin": "null"},
            {"Sec-Fetch-Site": "cross-site"},
        ):
            refused = client.post("/api/uploads", files=upload, headers=headers)
            assert refused.status_code == 403, headers
            assert "without a token" in refused.json()["reason"]
        assert client.get("/api/stories").status_code == 200
        own = client.post("/api/uploads", files=upload, headers={"Origin": BASE_URL})
        assert own.status_code == 202, own.text
    with _client(web_db, token="s3cret") as client:  # with a token, the token decides
        response = client.post(
            "/api/articles",
            json=[{"text": SENTENCE}],
            headers={"Origin": "http://evil.example", "Authorization": "Bearer s3cret"},
        )
        assert response.status_code == 202, response.text


def test_a_foreign_host_header_is_refused_unless_allowed(web_db: str) -> None:
    with _client(web_db) as client:
        rebound = client.get("/api/stories", headers={"Host": "evil.example"})
        assert rebound.status_code == 400
        assert "--allowed-host" in rebound.json()["reason"]
        assert "content-security-policy" in rebound.headers
        for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):
            assert client.get("/api/stories", headers={"Host": host}).status_code == 200
    with _client(web_db, allowed_hosts=[".example.org"]) as client:
        for host in ("example.org", "news.example.org:8000"):
            assert client.get("/api/stories", headers={"Host": host}).status_code == 200
        assert client.get("/api/stories", headers={"Host": "example.com"}).status_code == 400


def test_serve_refuses_an_allowed_host_that_is_not_a_host_name() -> None:
    result = CliRunner().invoke(main, ["serve", "--allowed-host", "evil example/x"])
    assert result.exit_code == 2
    assert "--allowed-host" in result.output


# ------------------------------------------------------------- 6. feed stall


class _Hostile(http.server.BaseHTTPRequestHandler):
    """``/trickle``: a feed sending one byte every 0.1 s; ``/endless``: one
    sending 64 kB chunks without end (both stop when the client goes away)."""

    stop = threading.Event()

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        started = time.monotonic()
        try:
            while not self.stop.is_set() and time.monotonic() - started < 30:
                if self.path == "/trickle":
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.1)
                else:
                    self.wfile.write(b"<x>" * 21_000)
        except OSError:
            return

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def hostile_server() -> Iterator[str]:
    _Hostile.stop.clear()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        _Hostile.stop.set()
        server.shutdown()
        server.server_close()


def test_a_trickling_feed_is_given_up_at_the_deadline(tmp_path: Path, hostile_server: str) -> None:
    settings = Settings(fetch_deadline=1.0)
    started = time.monotonic()
    report = watch(
        [f"{hostile_server}/trickle"],
        db=str(tmp_path / "s.db"),
        once=True,
        update=False,
        settings=settings,
    )
    elapsed = time.monotonic() - started
    (error,) = report.errors
    assert "within 1 s (the deadline)" in error, error
    assert report.failed_sources == 1
    # the feed would have gone on for 30 s; the deadline (1 s) ended it
    assert elapsed < 10, elapsed


def test_a_feed_that_sends_without_end_is_cut_at_the_size_cap(
    tmp_path: Path, hostile_server: str
) -> None:
    report = watch(
        [f"{hostile_server}/endless"],
        db=str(tmp_path / "s.db"),
        once=True,
        update=False,
        settings=Settings(fetch_max_bytes=100_000),
    )
    (error,) = report.errors
    assert "feed too large: over 100,000 bytes" in error, error


# ------------------------------------------------------------- 7. half-written files


def test_a_truncated_read_is_superseded_by_the_complete_file(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    report = inbox / "ferry.txt"
    half = len(GOOD) // 2
    report.write_text(GOOD[:half])  # a writer that paused longer than the settle time
    db = str(tmp_path / "s.db")
    first = watch([str(inbox)], db=db, once=True, update=False, settle=0)
    assert first.new_articles == 1
    with report.open("a") as out:
        out.write(GOOD[half:])
    second = watch([str(inbox)], db=db, once=True, update=False, settle=0)
    assert second.new_articles == 1 and len(second.superseded) == 1
    with Store(db) as store:
        (kept,) = store.articles()
        assert kept.text == GOOD.strip()
        (old,) = store.quarantined()
        assert old.superseded_by == kept.id and "half-written" in old.reason


def test_a_file_still_being_written_waits_for_a_later_poll(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    report = inbox / "ferry.txt"
    report.write_text(GOOD.split("\n\n", maxsplit=1)[0])
    writing = threading.Event()
    writing.set()

    def writer() -> None:
        with report.open("a") as out:
            while writing.is_set():
                out.write(" More.")
                out.flush()
                time.sleep(0.02)

    thread = threading.Thread(target=writer)
    thread.start()
    db = str(tmp_path / "s.db")
    try:
        during = watch([str(inbox)], db=db, once=True, update=False, settle=0.3)
    finally:
        writing.clear()
        thread.join()
    assert during.new_articles == 0
    assert len(during.waiting) == 1 and "ferry.txt" in during.waiting[0]
    after = watch([str(inbox)], db=db, once=True, update=False, settle=0.3)
    assert after.new_articles == 1 and not after.waiting
    with Store(db) as store:
        (article,) = store.articles()
        assert article.text == report.read_text().strip()


# ------------------------------------------------------------- 8. smaller points


@pytest.mark.parametrize("depth", [500, 600, 5_000])
@pytest.mark.parametrize("tag", ["div", "span", "section"])
def test_deeply_nested_html_keeps_its_text(tmp_path: Path, depth: int, tag: str) -> None:
    page = (
        "<html><head><title>Deep</title></head><body>"
        + f"<{tag}>" * depth
        + f"<p>{SENTENCE}</p><p>{SENTENCE.replace('forty', 'fifty')}</p>"
        + f"</{tag}>" * depth
        + "</body></html>"
    )
    (article,) = ingest.parse(ingest.raw_document(page.encode(), "deep.html"))
    assert article.text == f"{SENTENCE}\n\n{SENTENCE.replace('forty', 'fifty')}"


ENTITY_FILES = {
    "external.xml": (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<rss version="2.0"><channel><title>W</title><item><title>T &xxe;</title>'
        f"<description>{SENTENCE} &xxe; end.</description></item></channel></rss>"
    ),
    "undefined.atom": (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>'
        "<entry><title>T &xxe;</title><id>e1</id><content type='html'>"
        f"&lt;p&gt;{SENTENCE} &xxe; &amp;yyy; &amp;amp;zzz; end.&lt;/p&gt;</content></entry></feed>"
    ),
    "page.html": (
        '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><html><body>'
        f"<p>{SENTENCE} &xxe; and &undefinedthing; end.</p></body></html>"
    ),
    "notes.txt": f"{SENTENCE} &xxe; and &amp;amp;xxe; end.\n",
    "wire.jsonl": json.dumps({"title": "T &xxe;", "text": f"{SENTENCE} &xxe; end."}),
    "mail.eml": f"Subject: T &xxe;\nFrom: a@example.org\n\n{SENTENCE} &xxe; end.\n",
}


def test_entity_references_never_stay_as_text(tmp_path: Path) -> None:
    for name, text in ENTITY_FILES.items():
        (tmp_path / name).write_text(text)
    result, store = _ingest(tmp_path, *(tmp_path / name for name in ENTITY_FILES))
    assert result.exit_code == 0, result.output
    articles = store.articles()
    assert len(articles) == len(ENTITY_FILES)
    for article in articles:
        shown = f"{article.title or ''} {article.text}"
        for leftover in ("&xxe", "xxe;", "&yyy", "&zzz", "&undefined", "&amp;"):
            assert leftover not in shown, (article.origin, shown)
        assert SENTENCE in article.text and article.text.endswith("end.")
        assert any("entit" in w for w in article.warnings), article.warnings
    store.close()


def test_watch_removes_undefined_entity_references_from_a_feed_and_says_so(
    tmp_path: Path,
) -> None:
    feed = ENTITY_FILES["external.xml"].encode()

    def fetch(url: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        return 200, feed, {}

    db = str(tmp_path / "s.db")
    report = watch(["http://127.0.0.1:8000/feed.xml"], db=db, once=True, update=False, fetch=fetch)
    assert report.new_articles == 1 and not report.errors, report.messages()
    (warning,) = report.warnings
    assert "undefined or external entities" in warning and "&xxe;" in warning, warning
    assert f"warning: {warning}" in report.messages()
    with Store(db) as store:
        (article,) = store.articles()
    assert "xxe" not in f"{article.title} {article.text}"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_watch_once_fails_when_every_fetch_failed(tmp_path: Path) -> None:
    port = _closed_port()
    urls = [f"http://127.0.0.1:{port}/a.xml", f"http://127.0.0.1:{port}/b.xml"]
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    result = runner.invoke(main, ["watch", "--once", "--db", db, *urls])
    assert result.exit_code == EXIT_NOTHING, result.output
    assert "no source could be read" in result.stderr
    assert result.stdout.count("fetch failed") == 2
