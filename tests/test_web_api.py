"""The HTTP API, in process: listings, briefs, ledger, search, errors, uploads, auth, limits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.web import create_app
from tests.conftest_web import BASE_URL, HOSTILE, SEEDS, fill_store

LOOPBACK = ("127.0.0.1", 50000)
REMOTE = ("203.0.113.7", 50000)  # TEST-NET-3: never a real client


@pytest.fixture
def db(store_target: str) -> str:
    """The filled store, on SQLite and on PostgreSQL (every API test runs on both)."""
    fill_store(store_target).close()
    return store_target


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url=BASE_URL, client=LOOPBACK) as c:
        yield c


def test_health_says_the_write_policy(client: TestClient, db: str) -> None:
    assert client.get("/api/health").json() == {
        "status": "ok",
        "stories": 2,
        "writes": "loopback-only",
    }
    with TestClient(create_app(db, token="s3cret"), base_url=BASE_URL) as c:
        assert c.get("/api/health").json()["writes"] == "token"


def test_stories_newest_first_with_counts(client: TestClient) -> None:
    body = client.get("/api/stories").json()
    assert body["total"] == 2
    first, second = body["items"]
    assert first["id"] == "st-ferries"  # 2026-03-06, newer than the fire
    assert first["analysed"] is False and first["contested"] == 0
    assert second["id"] == "st-port-fire"
    assert second["articles"] == 4
    assert second["contested"] == 4
    assert second["outlets"][:3] == ["Baltic Wire", "Coastal Herald", "Gdańsk Daily"]


def test_story_list_paginates(client: TestClient) -> None:
    page = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert [s["id"] for s in page["items"]] == ["st-port-fire"]
    assert (page["total"], page["limit"], page["offset"]) == (2, 1, 1)
    assert client.get("/api/stories", params={"offset": 5}).json()["items"] == []


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1000}, {"offset": -1}, {"limit": "x"}])
def test_bad_pagination_is_422_with_a_reason(client: TestClient, params: dict[str, object]) -> None:
    response = client.get("/api/stories", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == 422
    assert "query." in body["reason"]


def test_unknown_ids_are_404_json(client: TestClient) -> None:
    for url in ("/api/stories/nope", "/api/stories/nope/brief", "/api/articles/nope"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "nope" in response.json()["reason"]


def test_story_without_brief_says_so(client: TestClient) -> None:
    response = client.get("/api/stories/st-ferries/brief")
    assert response.status_code == 404
    assert "no brief yet" in response.json()["reason"]


def test_brief_as_json_and_markdown(client: TestClient) -> None:
    response = client.get("/api/stories/st-port-fire/brief")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    brief = response.json()
    assert brief["schema"] == "storyline.brief/1"
    assert brief["summary"][0]["sources"] == [
        "a1a1a1a1a1a1/s0",
        "b2b2b2b2b2b2/s0",
        "c3c3c3c3c3c3/s2",
    ]
    assert {g["status"] for g in brief["claim_groups"]} >= {"contested", "corroborated"}
    markdown = client.get("/api/stories/st-port-fire/brief.md")
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "Twelve dockworkers" in markdown.text


def test_brief_as_html_is_a_self_contained_page(client: TestClient) -> None:
    # The web extra (jinja2 and the rest) is installed wherever these tests run
    # (test_web_api.py imports fastapi): the page must render, never a 503.
    response = client.get("/api/stories/st-port-fire/brief.html")
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert page.lstrip().lower().startswith("<!doctype html>"), page[:100]
    assert "<title>Fire at a Gdańsk port warehouse" in page
    assert "Twelve dockworkers" in page  # the summary
    assert "<svg" in page  # the map, inline
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(" in page  # the hostile title, escaped, not dropped


def test_brief_as_html_names_a_missing_renderer(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A renderer whose module is not installed is a 503 with the reason, not a crash."""
    from storyline import render
    from storyline.records import Brief

    def missing(brief: Brief) -> str:
        raise ImportError("No module named 'jinja2'")

    monkeypatch.setattr(render, "to_html", missing)
    response = client.get("/api/stories/st-port-fire/brief.html")
    assert response.status_code == 503
    assert "cannot be rendered" in response.json()["reason"]
    assert "jinja2" in response.json()["reason"]


def test_entities_most_salient_first_and_filtered(client: TestClient) -> None:
    body = client.get("/api/stories/st-port-fire/entities").json()
    assert body["items"][0]["name"] == "Gdańsk"
    assert body["items"][0]["aliases"] == ["Gdansk", "Danzig"]
    assert body["items"][0]["place"]["precision"] == "city"
    gpe = client.get("/api/stories/st-port-fire/entities", params={"type": "GPE"}).json()
    assert [e["name"] for e in gpe["items"]] == ["Gdańsk", "Gdynia"]
    assert gpe["total"] == 2


def test_claim_groups_contested_first_with_both_sides(client: TestClient) -> None:
    body = client.get("/api/stories/st-port-fire/claim-groups").json()
    statuses = [g["status"] for g in body["items"]]
    assert statuses == sorted(
        statuses, key=["contested", "corroborated", "single_source", "unconfirmed"].index
    )
    by_id = {g["id"]: g for g in body["items"]}
    three = by_id["g-injured-3"]
    assert three["conflicts_with"] == ["g-injured-12"]
    assert [c["speaker"] for c in three["claims"]] == ["The fire brigade", "The fire brigade"]
    assert three["claims"][1]["outlet"] == "Coastal Herald"
    assert by_id["g-injured-12"]["claims"][0]["speaker_type"] == "activist"
    only = client.get("/api/stories/st-port-fire/claim-groups", params={"status": "unconfirmed"})
    assert [g["id"] for g in only.json()["items"]] == ["g-cause"]
    assert (
        client.get("/api/stories/st-port-fire/claim-groups", params={"status": "maybe"}).status_code
        == 422
    )


def test_articles_list_and_detail(client: TestClient) -> None:
    body = client.get("/api/articles", params={"limit": 2}).json()
    assert body["total"] == 5
    assert body["items"][0]["id"] == "e5e5e5e5e5e5"  # newest
    assert body["items"][0]["text"] is None  # bodies only on the detail
    detail = client.get("/api/articles/c3c3c3c3c3c3").json()
    assert detail["outlet"] == "Gdańsk Daily"
    assert detail["text"].startswith("Twelve dockworkers")


def test_full_text_search(client: TestClient) -> None:
    hits = client.get("/api/articles/search", params={"q": "dockworkers smoke"}).json()
    assert [a["id"] for a in hits["items"]] == ["c3c3c3c3c3c3"]
    assert hits["has_more"] is False
    assert client.get("/api/articles/search", params={"q": "zeppelin"}).json()["items"] == []
    # FTS5 operators and stray quotes are searched as words, never a 500
    odd = client.get("/api/articles/search", params={"q": 'fire" OR (NEAR'})
    assert odd.status_code == 200
    stories = client.get("/api/stories", params={"q": "ferries"}).json()
    assert [s["id"] for s in stories["items"]] == ["st-ferries"]
    assert client.get("/api/articles/search").status_code == 422


# ---------------------------------------------------------------- writes


def test_writes_from_elsewhere_need_a_token(db: str) -> None:
    with TestClient(create_app(db), base_url=BASE_URL, client=REMOTE) as c:
        response = c.post("/api/uploads", files={"files": ("a.txt", b"text")})
        assert response.status_code == 403
        assert "loopback" in response.json()["reason"]
        assert c.get("/api/stories").status_code == 200  # reads stay open


def test_token_is_checked(db: str) -> None:
    with TestClient(create_app(db, token="s3cret"), base_url=BASE_URL, client=REMOTE) as c:
        missing = c.post("/api/uploads", files={"files": ("a.txt", b"")})
        assert missing.status_code == 401
        assert missing.headers["www-authenticate"] == "Bearer"
        wrong = c.post(
            "/api/uploads",
            files={"files": ("a.txt", b"")},
            headers={"Authorization": "Bearer nope"},
        )
        assert wrong.status_code == 403
        right = c.post(
            "/api/uploads",
            files={"files": ("empty.txt", b"")},
            headers={"X-Storyline-Token": "s3cret"},
        )
        assert right.status_code == 422  # accepted, and the empty file is refused by ingest


def test_upload_limit_by_declared_length(db: str) -> None:
    with TestClient(create_app(db, max_upload_bytes=1000), base_url=BASE_URL, client=LOOPBACK) as c:
        response = c.post("/api/uploads", files={"files": ("big.txt", b"x" * 5000)})
        assert response.status_code == 413
        assert "1000 bytes" in response.json()["reason"]


def test_upload_limit_by_counting_a_chunked_body(db: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'--b\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n\r\n'
        for _ in range(10):
            yield b"y" * 500
        yield b"\r\n--b--\r\n"

    with TestClient(create_app(db, max_upload_bytes=1000), base_url=BASE_URL, client=LOOPBACK) as c:
        response = c.post(
            "/api/uploads",
            content=chunks(),
            headers={"Content-Type": "multipart/form-data; boundary=b"},
        )
        assert response.status_code == 413
        assert response.json()["status"] == 413


def test_bad_files_get_the_same_reasons_as_the_cli(client: TestClient, tmp_path: Path) -> None:
    from storyline.pipeline.run import ingest_paths
    from storyline.store import Store

    bad = {"empty.txt": b"", "blob.bin": bytes(range(256)) * 8}
    response = client.post(
        "/api/uploads", files=[("files", (name, data)) for name, data in bad.items()]
    )
    assert response.status_code == 422  # nothing could be read
    body = response.json()
    assert body["reason"] == "no file could be ingested"
    web = {f["name"]: [e["reason"] for e in f["errors"]] for f in body["files"]}
    assert all(f["status"] == "error" for f in body["files"])

    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    with Store(tmp_path / "cli.db") as store:
        report = ingest_paths(store, [str(tmp_path / n) for n in bad])
    cli = {Path(e.origin).name: [e.reason] for e in report.errors}
    assert web == cli


def test_upload_of_a_known_file_changes_nothing(client: TestClient) -> None:
    """Bytes already in the store add nothing (content-hash ids), so no re-brief runs."""
    from tests.conftest_web import PENDING_TEXT

    # the fixture stored this text as raw bytes; uploading them again is a no-op
    response = client.post("/api/uploads", files={"files": ("again.txt", PENDING_TEXT.encode())})
    assert response.status_code == 200
    body = response.json()
    assert body["new_articles"] == 0
    assert body["files"][0]["status"] == "unchanged"
    assert body["stories"] == ["st-ferries"]  # the stories holding the known articles


def test_json_articles_validation(client: TestClient) -> None:
    assert client.post("/api/articles", json=[]).status_code == 422
    assert client.post("/api/articles", json=[{"title": "no text"}]).status_code == 422
    bad_date = client.post("/api/articles", json=[{"text": "x", "published": "soon"}])
    assert bad_date.status_code == 422
    assert "published" in bad_date.json()["reason"]


@pytest.mark.slow
def test_upload_runs_the_real_pipeline(client: TestClient) -> None:
    """A seed report goes through ingest, clustering and briefing, and is then
    listed, searchable and part of a story with a brief."""
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is absent: this test uploads a shared seed report")
    seed = sorted(SEEDS.glob("002_*"))[0]
    response = client.post("/api/uploads", files={"files": (seed.name, seed.read_bytes())})
    assert response.status_code == 202, response.text  # stored and queued
    assert client.app.state.backend.wait_idle()  # type: ignore[attr-defined]
    body = response.json()
    (new_id,) = body["files"][0]["new_articles"]
    assert client.get(f"/api/articles/{new_id}").json()["origin"] == seed.name
    assert new_id in {
        a["id"] for a in client.get("/api/articles/search", params={"q": "Palmyra"}).json()["items"]
    }
    stories = client.get("/api/stories", params={"limit": 200}).json()["items"]
    (home,) = [s for s in stories if new_id in s["article_ids"]]
    assert home["analysed"] is True
    assert client.get(f"/api/stories/{home['id']}/brief").status_code == 200


@pytest.mark.slow
def test_json_articles_go_through_the_jsonl_reader(client: TestClient) -> None:
    article = {
        "text": "Rescue teams reached the flooded village of Orlen on Monday, officials said. "
        "Two people were missing, the mayor told reporters.",
        "title": "Floods reach Orlen",
        "outlet": "Valley Post",
        "published": "2026-04-02",
    }
    response = client.post("/api/articles", json=[article])
    assert response.status_code == 202, response.text
    (new_id,) = response.json()["files"][0]["new_articles"]
    stored = client.get(f"/api/articles/{new_id}").json()
    assert (stored["title"], stored["outlet"], stored["published"]) == (
        "Floods reach Orlen",
        "Valley Post",
        "2026-04-02",
    )


def test_without_a_token_the_server_listens_on_loopback_only() -> None:
    from storyline.web.app import bind_address, is_loopback

    host, notice = bind_address("0.0.0.0", None)
    assert host == "127.0.0.1"
    assert notice is not None and "0.0.0.0" in notice and "127.0.0.1 only" in notice
    assert bind_address("0.0.0.0", "s3cret") == ("0.0.0.0", None)
    host, notice = bind_address("::1", None)
    assert host == "::1" and notice is not None and "this machine only" in notice
    assert is_loopback("localhost") and is_loopback("127.0.0.5") and is_loopback("::1")
    assert not is_loopback("192.168.1.4") and not is_loopback("testclient")


def test_claim_groups_follow_the_one_ledger_order(client: TestClient) -> None:
    """The API lists the ledger in the order every rendering uses: by status,
    then the more independent sources first, then by id."""
    from storyline.render.views import ledger_order, story_page
    from tests.conftest_web import build_brief

    brief, story, _ = build_brief()
    expected = [g.id for g in ledger_order(brief.claim_groups)]
    body = client.get("/api/stories/st-port-fire/claim-groups").json()
    assert [g["id"] for g in body["items"]] == expected
    assert expected[:4] == ["g-evacuated", "g-injured-12", "g-injured-3", "g-trapped"]
    page = [g.group.id for g in story_page(brief, story).ledger]
    assert page == [g for g in expected if g in page]
