"""Server-rendered pages and their view models: order, provenance, escaping, offline assets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.records import Article, Sentence
from storyline.render.article import article_page
from storyline.render.views import sentence_anchor, source_rows, story_page
from storyline.web import create_app
from tests.conftest_web import BASE_URL, HOSTILE, build_brief, fill_store


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    path = str(tmp_path / "ui.db")
    fill_store(path).close()
    with TestClient(create_app(path), base_url=BASE_URL, client=("127.0.0.1", 50000)) as c:
        yield c


class Links(HTMLParser):
    """Every element's attributes, to check links and ids without regex soup."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))


def parse(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Links()
    parser.feed(html)
    return parser.elements


# ---------------------------------------------------------------- view models


def test_ledger_puts_contested_first_and_shows_each_conflict_once() -> None:
    brief, story, _ = build_brief()
    view = story_page(brief, story)
    statuses = [g.group.status for g in view.ledger]
    assert statuses[:2] == ["contested", "contested"]
    assert statuses[2:] == ["corroborated", "single_source", "unconfirmed"]
    pairs = {(g.group.id, tuple(o.group.id for o in g.conflicts)) for g in view.ledger[:2]}
    assert pairs == {("g-evacuated", ("g-trapped",)), ("g-injured-12", ("g-injured-3",))}
    shown = [g.group.id for g in view.ledger] + [
        o.group.id for g in view.ledger for o in g.conflicts
    ]
    assert sorted(shown) == sorted(g.id for g in brief.claim_groups)
    trapped = view.ledger[0].conflicts[0] if view.ledger[0].group.id == "g-evacuated" else None
    assert trapped is not None
    assert trapped.claims[0].claim.speaker == "Workers"
    assert trapped.claims[0].chip.href == "/articles/c3c3c3c3c3c3?story=st-port-fire#s-1"


def test_sources_tell_copies_from_independent_reports() -> None:
    brief, story, _ = build_brief()
    rows = {r.article.outlet: r for r in source_rows(brief.articles)}
    assert rows["Baltic Wire"].independent
    assert rows["Baltic Wire"].note == "wire story, republished by 1 more"
    assert not rows["Coastal Herald"].independent
    assert rows["Coastal Herald"].note == "copy of wire story (Baltic Wire)"
    assert rows["Gdańsk Daily"].independent
    assert story_page(brief, story).independent_outlets == 3


def test_duplicate_of_is_a_copy_even_without_a_group() -> None:
    original = Article("x1", "r1", "x1.txt", "Text.", outlet="Alpha")
    copy = Article("x2", "r2", "x2.txt", "Text.", outlet="Beta", duplicate_of="x1")
    rows = {r.article.id: r for r in source_rows([original, copy])}
    assert rows["x1"].independent
    assert (rows["x2"].independent, rows["x2"].note) == (False, "duplicate of Alpha")


def test_timeline_keeps_background_apart_and_spaces_days() -> None:
    brief, story, _ = build_brief()
    view = story_page(brief, story)
    assert [t.date for t in view.timeline] == ["2026-03-03", "2026-03-04"]
    assert [t.x for t in view.timeline] == [0.0, 1.0]
    assert [t.date for t in view.background] == ["1998", "2009"]


def test_summary_chips_lead_to_the_sentence() -> None:
    brief, story, _ = build_brief()
    first = story_page(brief, story).summary[0]
    assert [c.label for c in first.chips] == ["Baltic Wire", "Coastal Herald", "Gdańsk Daily"]
    assert first.chips[2].href == "/articles/c3c3c3c3c3c3?story=st-port-fire#s-2"
    assert first.chips[2].quote.startswith("Port officials said")


def test_sentence_anchor_is_css_safe() -> None:
    assert sentence_anchor("abc123def456.2/s17") == "s-17"
    assert re.fullmatch(r"s-[\w-]+", sentence_anchor("odd/id/with.dots"))


def test_article_marks_entities_and_claim_spans() -> None:
    brief, story, articles = build_brief()
    view = article_page(articles[0], brief, story)
    first = view.sentences[0]
    marked = {p.text: p.classes for p in first.pieces if p.classes}
    assert "entity" in marked["Gdańsk"]
    assert "claim-speaker" in marked["the port authority"]
    assert any("claim-content" in c for c in marked.values())
    assert "".join(p.text for p in first.pieces) == first.sentence.text
    fourth = view.sentences[3]
    assert "entity" in {c for p in fourth.pieces if "Jan Nowak" in p.text for c in p.classes}
    assert [s.paragraph_break for s in view.sentences] == [False, False, True, False]


def test_article_without_brief_shows_paragraphs() -> None:
    article = Article("z1", "r", "z.txt", "First paragraph.\n\nSecond one.")
    view = article_page(article, None)
    assert view.paragraphs == ("First paragraph.", "Second one.")
    assert view.notes


def test_marks_never_lose_text_when_spans_overlap() -> None:
    sentence = Sentence("a/s0", "a", 0, 10, 40, "Officials said the fire was out by noon.")
    brief, _, _ = build_brief()
    from storyline.render.article import mark_sentence

    pieces = mark_sentence(sentence, [], None, {})
    assert "".join(p.text for p in pieces) == sentence.text
    claims = [c for c in brief.claims if c.id == "c6"]
    local = Sentence("c3c3c3c3c3c3/s2", "c3c3c3c3c3c3", 2, 0, 73, claims[0].content)
    assert "".join(p.text for p in mark_sentence(local, claims, None, {})) == local.text


# ---------------------------------------------------------------- pages


def test_story_list_page(client: TestClient) -> None:
    html = client.get("/").text
    rows = re.findall(r'<tr class="story-row" data-story="([^"]+)"', html)
    assert rows == ["st-ferries", "st-port-fire"]
    assert "brief pending" in html
    assert '<span class="badge contested">4</span>' in html
    assert "Gdańsk Daily" in html
    search = client.get("/", params={"q": "dockworkers"}).text
    assert re.findall(r'data-story="([^"]+)"', search) == ["st-port-fire"]


def test_every_summary_chip_resolves_to_a_highlightable_sentence(client: TestClient) -> None:
    html = client.get("/stories/st-port-fire").text
    chips = [a for tag, a in parse(html) if tag == "a" and a.get("class") == "chip"]
    assert len(chips) >= 8
    for chip in chips[:6]:
        path, anchor = chip["href"].split("#")
        page = client.get(path)
        assert page.status_code == 200
        ids = {a.get("id") for _, a in parse(page.text)}
        assert anchor in ids, chip["href"]
        target = f'id="{anchor}" data-sentence="{chip["data-sentence"]}"'
        assert target in page.text


def test_story_page_sections(client: TestClient) -> None:
    html = client.get("/stories/st-port-fire").text
    for section in ("summary", "timeline", "map", "ledger", "entities", "sources"):
        assert f'id="{section}"' in html
    assert html.index("status-contested") < html.index("status-corroborated")
    assert html.count('class="versus"') == 2
    assert "copy of wire story (Baltic Wire)" in html
    assert '<span class="alias">Danzig</span>' in html
    figure = html[html.index('<figure class="map-figure">') : html.index("</figure>")]
    assert "<svg" in figure and "Gdańsk" in figure
    assert "Background (2)" in html


def test_hostile_text_is_escaped_everywhere(client: TestClient) -> None:
    pages = [
        "/",
        "/stories/st-port-fire",
        "/articles/d4d4d4d4d4d4",
        "/articles/d4d4d4d4d4d4?story=st-port-fire",
    ]
    for url in pages:
        html = client.get(url).text
        assert HOSTILE not in html, url
        assert "<img src=x" not in html, url
        assert "<b>Evil</b>" not in html, url
        assert "<script" not in html.replace('<script src="/static/app.js" defer></script>', "")
    assert (
        "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;"
        in client.get("/articles/d4d4d4d4d4d4").text
    )
    # hostile input in a URL lands in a page escaped too
    error = client.get("/stories/<script>x</script>")
    assert error.status_code == 404
    assert "<script>x" not in error.text


def test_pages_use_no_remote_assets(client: TestClient) -> None:
    for url in ("/", "/stories/st-port-fire", "/articles/a1a1a1a1a1a1", "/upload", "/docs"):
        assets = [
            (tag, attrs)
            for tag, attrs in parse(client.get(url).text)
            if tag in {"script", "link", "img", "iframe"}
        ]
        assert assets, f"{url}: no asset tags at all, nothing was checked"
        for tag, attrs in assets:
            for key in ("src", "href"):
                value = attrs.get(key, "")
                assert not re.match(r"(https?:)?//", value), (url, tag, value)
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    js = client.get("/static/app.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert "@import" not in css.text and "url(http" not in css.text


def test_article_page_marks_and_anchors(client: TestClient) -> None:
    html = client.get("/articles/c3c3c3c3c3c3", params={"story": "st-port-fire"}).text
    assert 'id="s-0"' in html and 'id="s-4"' in html
    assert 'class="claim-speaker" title="claim by Workers (witness)">Workers</span>' in html
    assert "hedged" in html
    assert '<a href="/stories/st-port-fire">' in html


def test_pending_story_and_unanalysed_article_are_still_readable(client: TestClient) -> None:
    story = client.get("/stories/st-ferries").text
    assert "has not been built yet" in story
    article = client.get("/articles/e5e5e5e5e5e5").text
    assert "Harbour ferries resumed service" in article
    assert "not been analysed" in article


def test_docs_page_lists_every_operation_offline(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    html = client.get("/docs").text
    assert schema["paths"]
    for path, methods in schema["paths"].items():
        for method in methods:
            assert f"<code>{path}</code>" in html, (method, path)
    assert "/openapi.json" in html
    assert "cdn" not in html.lower()


def test_unknown_pages_are_html_errors(client: TestClient) -> None:
    response = client.get("/articles/missing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no article with id" in response.text


def test_empty_store_is_useful(tmp_path: Path) -> None:
    app = create_app(str(tmp_path / "empty.db"))
    with TestClient(app, base_url=BASE_URL, client=("127.0.0.1", 1)) as c:
        assert "No stories yet" in c.get("/").text
        assert c.get("/upload").status_code == 200
        assert c.get("/api/stories").json()["total"] == 0


def test_cached_story_page_follows_a_rebuilt_brief(tmp_path: Path) -> None:
    """Pages and parsed briefs are cached under a digest of the stored brief,
    so a rebuild shows at once and never serves the old text."""
    from dataclasses import replace

    from storyline.records import SummarySentence
    from storyline.store import Store

    path = tmp_path / "cache.db"
    fill_store(path).close()
    with TestClient(create_app(str(path)), base_url=BASE_URL, client=("127.0.0.1", 1)) as c:
        before = c.get("/stories/st-port-fire").text
        assert before == c.get("/stories/st-port-fire").text
        brief, story, _ = build_brief()
        line = SummarySentence("Rebuilt: the port reopened on Friday.", (brief.sentences[0].id,))
        with Store(path) as store:
            store.save_brief(story.id, replace(brief, summary=(line,)))
        after = c.get("/stories/st-port-fire").text
        assert "Rebuilt: the port reopened on Friday." in after
        assert "Twelve dockworkers were treated" not in after.split('id="timeline"')[0]
        assert (
            c.get("/api/stories/st-port-fire/brief")
            .json()["summary"][0]["text"]
            .startswith("Rebuilt")
        )


def test_chip_labels_stay_short_without_an_outlet() -> None:
    from storyline.render.views import outlet_label

    long_title = Article(
        "a", "r", "a.txt", "x", title="Coast guard says engine room fire crippled ferry"
    )
    assert outlet_label(long_title, "a") == "Coast guard says engine room…"
    assert outlet_label(Article("b", "r", "b.txt", "x", title="Short"), "b") == "Short"
    assert outlet_label(None, "646170c2b519.1") == "report 646170c2"
    assert outlet_label(Article("c", "r", "c.txt", "x", outlet="AFP", title="T"), "c") == "AFP"


def test_ledger_names_outlets_like_its_chips_and_drops_doubled_quotes() -> None:
    from dataclasses import replace

    from storyline.render.views import unquote

    brief, story, _ = build_brief()
    groups = tuple(
        replace(g, outlets=("c3c3c3c3c3c3",)) if g.id == "g-trapped" else g
        for g in brief.claim_groups
    )
    view = story_page(replace(brief, claim_groups=groups), story)
    trapped = next(o for g in view.ledger for o in g.conflicts if o.group.id == "g-trapped")
    assert trapped.outlets == ("Gdańsk Daily",)
    assert unquote('"There were not enough lifeboats,"') == "There were not enough lifeboats"
    assert unquote("“All cargo was moved”") == "All cargo was moved"


def test_entity_marks_do_not_split_hyphenated_names() -> None:
    from storyline.records import Entity
    from storyline.render.article import _alias_pattern, mark_sentence

    papa = Entity("e1", "Eleni Papa", "PERSON", (), 1, ("a",), 0.5)
    pattern, names = _alias_pattern([papa])
    text = "Eleni Papa-Dimitriou told reporters; Eleni Papa agreed."
    sentence = Sentence("a/s0", "a", 0, 0, len(text), text)
    marked = [p.text for p in mark_sentence(sentence, [], pattern, names) if "entity" in p.classes]
    assert marked == ["Eleni Papa"]  # the second, standalone mention only


def test_self_contained_brief_shares_the_story_sections_and_links_within_itself() -> None:
    from storyline.render import to_html

    brief, _, _ = build_brief()
    html = to_html(brief)
    elements = parse(html)
    ids = {a["id"] for _, a in elements if "id" in a}
    assert {"summary", "timeline", "map", "ledger", "entities", "sources", "articles"} <= ids
    hrefs = [a["href"] for _, a in elements if "href" in a]
    assert hrefs and all(h.startswith("#") and h[1:] in ids for h in hrefs), hrefs
    assert not [t for t, _ in elements if t in {"script", "link", "img", "iframe"}]
    assert "<style>" in html and "<svg" in html
    assert HOSTILE not in html and "<b>Evil</b>" not in html
    chip = next(a for t, a in elements if t == "a" and a.get("class") == "chip")
    assert chip["href"] == f"#s-{chip['data-sentence']}"
