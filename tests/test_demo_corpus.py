"""The bundled demo corpus against its hand-written answers (examples/demo/expected.json)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import DEMO

EXPECTED: dict[str, Any] = json.loads((DEMO / "expected.json").read_text())


def _by_title(brief: Any) -> dict[str, Any]:
    return {a.title: a for a in brief.articles}


def _article_ids(brief: Any, titles: list[str]) -> set[str]:
    by_title = _by_title(brief)
    return {by_title[t].id for t in titles}


def test_articles(demo_brief: Any) -> None:
    spec = EXPECTED["articles"]
    by_title = _by_title(demo_brief)
    assert len(demo_brief.articles) == spec["count"], sorted(by_title, key=str)
    for title, want in spec["by_title"].items():
        assert title in by_title, (title, sorted(by_title, key=str))
        article = by_title[title]
        if "published" in want:
            got = article.published.isoformat() if article.published else None
            assert got == want["published"], (title, got)
        if "published_month" in want and article.published is not None:
            assert article.published.isoformat()[:7] == want["published_month"], title
        allowed = want["published_from"]
        allowed = allowed if isinstance(allowed, list) else [allowed]
        assert article.published_from in allowed, (title, article.published_from)
        if "outlet" in want:
            assert article.outlet == want["outlet"], (title, article.outlet)
        if "byline_contains" in want:
            assert want["byline_contains"] in (article.byline or ""), (title, article.byline)


def test_no_boilerplate_in_text(demo_brief: Any) -> None:
    for article in demo_brief.articles:
        for junk in EXPECTED["articles"]["never_in_text"]:
            assert junk not in article.text, (junk, article.title)
        assert "<" not in article.text or "<script" not in article.text


def test_syndicated_copy_is_marked(demo_brief: Any) -> None:
    a, b = (_by_title(demo_brief)[t] for t in EXPECTED["articles"]["syndicated_pair"])
    assert a.syndication_group is not None
    assert a.syndication_group == b.syndication_group


def test_stories_and_arc(demo_brief: Any) -> None:
    spec = EXPECTED["stories"]
    stories = demo_brief.stories
    assert len(stories) == spec["count"], [s.title for s in stories]
    groups = [set(s.article_ids) for s in stories]
    for titles in spec["groups"]:
        assert _article_ids(demo_brief, titles) in groups
    if spec["same_arc"]:
        assert len({s.arc_id for s in stories}) == 1 and stories[0].arc_id is not None


def test_timeline(demo_brief: Any) -> None:
    by_date: dict[str, set[str]] = {}
    for event in demo_brief.timeline:
        articles = {sid.split("/")[0] for sid in event.sources}
        by_date.setdefault(event.date, set()).update(articles)
    for want in EXPECTED["timeline"]:
        assert want["date"] in by_date, (want, sorted(by_date))
        assert len(by_date[want["date"]]) >= want["min_articles"], want
    background = {e.date[:4] for e in demo_brief.timeline if e.background}
    for year in EXPECTED["timeline_background_years"]:
        assert year in background, (year, background)


def test_entities_and_places(demo_brief: Any) -> None:
    for want in EXPECTED["entities"]:
        names = set(want["names"])
        matches = [e for e in demo_brief.entities if names <= {e.name, *e.aliases}]
        assert matches, (want, [(e.name, e.aliases) for e in demo_brief.entities])
        entity = matches[0]
        if "type" in want:
            assert entity.type == want["type"], entity
        if "place" in want:
            place = entity.place
            assert place is not None, entity
            assert abs(place.lat - want["place"]["lat"]) < 0.3
            assert abs(place.lon - want["place"]["lon"]) < 0.3
            assert place.country == want["place"]["country"]
    placed = {n: e.place for e in demo_brief.entities if e.place for n in (e.name, *e.aliases)}
    for name, country in EXPECTED["places_in_country"].items():
        assert name in placed, (name, sorted(placed))
        assert placed[name].country == country, (name, placed[name])


def _groups_where(brief: Any, text: str) -> list[Any]:
    claims = {c.id: c for c in brief.claims}
    return [g for g in brief.claim_groups if any(text in claims[c].content for c in g.claim_ids)]


def test_claims_ledger(demo_brief: Any) -> None:
    spec = EXPECTED["claims"]
    claims = {c.id: c for c in demo_brief.claims}

    corroborated = _groups_where(demo_brief, spec["corroborated"]["content_contains"])
    best = max(corroborated, key=lambda g: g.independent_sources)
    assert best.independent_sources >= spec["corroborated"]["min_independent_sources"]
    assert best.status in ("corroborated", "contested")
    assert any(
        spec["corroborated"]["speaker_contains"] in (claims[c].speaker or "")
        for c in best.claim_ids
    )

    pair = spec["contested_pair"]
    side_a = _groups_where(demo_brief, pair["side_a_contains"])
    side_b = {g.id for g in _groups_where(demo_brief, pair["side_b_contains"])}
    assert any(set(g.conflicts_with) & side_b for g in side_a), (
        "evacuated vs could-not-leave not linked"
    )
    assert all(g.status == "contested" for g in side_a if set(g.conflicts_with) & side_b)

    numbers = spec["contested_numbers"]
    side_a = _groups_where(demo_brief, numbers["side_a_contains"])
    side_b = {g.id for g in _groups_where(demo_brief, numbers["side_b_contains"])}
    assert any(set(g.conflicts_with) & side_b for g in side_a), "312 vs 450 not linked"

    unconfirmed = _groups_where(demo_brief, spec["unconfirmed"]["content_contains"])
    assert any(g.status == "unconfirmed" for g in unconfirmed), unconfirmed

    single = spec["single_source"]
    groups = _groups_where(demo_brief, single["content_contains"])
    assert groups and groups[0].status == "single_source"
    speakers = [claims[c] for c in groups[0].claim_ids]
    assert any(single["speaker_contains"] in (c.speaker or "") for c in speakers)
    assert any(c.speaker_type == single["speaker_type"] for c in speakers)


def test_summary(demo_brief: Any) -> None:
    spec = EXPECTED["summary"]
    words = sum(len(s.text.split()) for s in demo_brief.summary)
    assert 0 < words <= spec["words_at_most"] + 40  # the budget may end inside a sentence
    multi = [s for s in demo_brief.summary if len({x.split("/")[0] for x in s.sources}) >= 2]
    assert len(multi) >= spec["min_sentences_with_sources_in_two_articles"]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_renders_mention_the_ledger(demo_brief: Any, fmt: str) -> None:
    text = demo_brief.to_markdown() if fmt == "md" else demo_brief.to_html()
    assert "Contested" in text
    assert "Lastivka" in text
