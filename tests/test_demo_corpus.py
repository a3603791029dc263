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
        if "published_month" in want:
            if article.published is None:  # not inferred: then it must say unknown
                assert article.published_from == "unknown", title
            else:
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


def _story_of(brief: Any, title: str) -> Any:
    article_id = _by_title(brief)[title].id
    return next(s for s in brief.stories if article_id in s.article_ids)


def test_side_report_joins_the_september_story(demo_brief: Any) -> None:
    """The fishermen's report shares few words with the others but names the ship on the day."""
    september, february = EXPECTED["stories"]["groups"]
    story = _story_of(demo_brief, september[0])
    assert _by_title(demo_brief)["Fishermen were first to reach burning ferry"].id in (
        story.article_ids
    )
    later = _story_of(demo_brief, february[0])
    assert later.id != story.id
    assert later.arc_id is not None and later.arc_id == story.arc_id


@pytest.mark.xfail(
    strict=True,
    reason="known gap (issue 8): the undated blog ('What the Lastivka fire tells us') is as "
    "close to the February follow-ups (average link 0.204) as to the September story (0.184) "
    "and joins February; nothing in it dates it (its latest year is 2016, background)",
)
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


CLAIMS = EXPECTED["claims"]


def _claims(brief: Any) -> dict[str, Any]:
    return {c.id: c for c in brief.claims}


def test_claims_corroborated_across_independent_outlets(demo_brief: Any) -> None:
    spec = CLAIMS["corroborated"]
    claims = _claims(demo_brief)
    best = max(
        _groups_where(demo_brief, spec["content_contains"]), key=lambda g: g.independent_sources
    )
    assert best.independent_sources >= spec["min_independent_sources"]
    assert best.status in ("corroborated", "contested")
    speakers = [claims[c].speaker or "" for c in best.claim_ids]
    assert any(spec["speaker_contains"] in s for s in speakers), speakers
    # the syndicated copy of the wire story is not a second source
    outlets = [o for o in best.outlets if o in spec["outlets_not_counted_twice"]]
    assert best.independent_sources <= len(best.outlets) - max(0, len(outlets) - 1)


def _linked(brief: Any, side_a_text: str, side_b_text: str) -> bool:
    side_a = _groups_where(brief, side_a_text)
    side_b = {g.id for g in _groups_where(brief, side_b_text)}
    return any(set(g.conflicts_with) & side_b for g in side_a)


def test_claims_evacuated_vs_could_not_leave(demo_brief: Any) -> None:
    pair = CLAIMS["contested_pair"]
    assert _linked(demo_brief, pair["side_a_contains"], pair["side_b_contains"])


def test_claims_passenger_numbers_conflict(demo_brief: Any) -> None:
    numbers = CLAIMS["contested_numbers"]
    assert _linked(demo_brief, numbers["side_a_contains"], numbers["side_b_contains"])


def test_claims_unconfirmed(demo_brief: Any) -> None:
    groups = _groups_where(demo_brief, CLAIMS["unconfirmed"]["content_contains"])
    assert any(g.status == "unconfirmed" for g in groups), groups


def test_claims_single_source_witness(demo_brief: Any) -> None:
    single = CLAIMS["single_source"]
    claims = _claims(demo_brief)
    groups = _groups_where(demo_brief, single["content_contains"])
    assert groups and groups[0].status == "single_source"
    speakers = [claims[c] for c in groups[0].claim_ids]
    assert any(single["speaker_contains"] in (c.speaker or "") for c in speakers)
    assert any(c.speaker_type == single["speaker_type"] for c in speakers), speakers


def test_summary(demo_brief: Any) -> None:
    spec = EXPECTED["summary"]
    words = sum(len(s.text.split()) for s in demo_brief.summary)
    assert 0 < words <= spec["words_at_most"] + 40  # the budget may end inside a sentence
    multi = [s for s in demo_brief.summary if len({x.split("/")[0] for x in s.sources}) >= 2]
    assert len(multi) >= spec["min_sentences_with_sources_in_two_articles"]


def test_summary_tells_the_engine_room_fact_once(demo_brief: Any) -> None:
    # The coast guard's "the fire began in the engine room" is told by five
    # reports, by name ("Eleni Papadimitriou ... told Meridian Press") or by
    # role ("a spokeswoman for the Hellenic Coast Guard"): one summary line.
    engine = [s for s in demo_brief.summary if "engine room" in s.text and "Tuesday" in s.text]
    engine += [s for s in demo_brief.summary if s.text.startswith("The fire started in the engine")]
    assert len(engine) == 1, [s.text for s in demo_brief.summary]
    assert len({x.split("/")[0] for x in engine[0].sources}) >= 3


def test_summary_tells_the_company_passenger_count_once(demo_brief: Any) -> None:
    # "carrying 312 passengers and 41 crew members ..., according to the
    # company", "Aegean Star Lines has said the ship carried 312 passengers",
    # "with 312 passengers on board, according to the company": one count,
    # one line, with the sources of all three.
    count = [s for s in demo_brief.summary if "312 passengers" in s.text]
    assert len(count) == 1, [s.text for s in demo_brief.summary]
    assert len({x.split("/")[0] for x in count[0].sources}) >= 3
    # The union's "more than 450 people" is another figure: it stays apart.
    union = [s for s in demo_brief.summary if "450" in s.text]
    assert union and all("312 passengers" not in s.text for s in union)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_renders_mention_the_ledger(demo_brief: Any, fmt: str) -> None:
    from storyline.render import to_html, to_markdown

    text = to_markdown(demo_brief) if fmt == "md" else to_html(demo_brief)
    assert "Corroborated" in text  # the engine-room claim, four independent sources
    assert "Lastivka" in text


def test_summary_cites_the_engine_room_finding_in_all_its_wordings(demo_brief: Any) -> None:
    """Issue 14: the coast guard's finding is told as "began in the ship's
    engine room", "broke out in the engine room", "had started in the engine
    room" and "started in the engine room"; the one summary line that tells
    it cites a sentence of each wording."""
    text = {s.id: s.text for s in demo_brief.sentences}
    lines = [
        s for s in demo_brief.summary if "engine room" in s.text and "leaking" not in s.text
    ]
    assert len(lines) == 1, [s.text for s in demo_brief.summary]
    cited = " ".join(text[x] for x in lines[0].sources)
    for wording in (
        "began in the ship's engine room",
        "broke out in the engine room",
        "had started in the engine room",
        "The fire started in the engine room",
    ):
        assert wording in cited, (wording, lines[0].sources)
