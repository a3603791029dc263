"""Done-when checks of the foundation issue on the five seed reports in ../shared/seeds."""

from __future__ import annotations

import datetime as dt

import jsonschema

from storyline.schema import brief_schema

RESIDUE = [
    "](#)",
    "Meer informatie",
    "maillijst",
    "Leave a Reply",
    "Required fields",
    "Sputnik via AP",
    "News & Politics",
    "CEST 2015",
    "xs4all",
]


def test_six_articles_with_titles_and_dates(seed_brief) -> None:  # type: ignore[no-untyped-def]
    articles = seed_brief.articles
    assert len(articles) == 6, [a.title for a in articles]
    by_title = {a.title: a for a in articles}
    palmyra = by_title["ISIS Strengthens Its Grip on Ancient Syrian City of Palmyra"]
    assert palmyra.published == dt.date(2015, 5, 21)
    digest = [a for a in articles if a.origin.endswith("001_9c8f2d7fbc89cf5c.txt")]
    assert len(digest) == 2
    assert {a.title for a in digest} == {
        "Inside Palmyra, the Ancient City ISIS Just Sacked",
        "Frantic Message as Palmyra, Syria, Fell: ‘We’re Finished’",
    }
    assert all(a.published == dt.date(2015, 5, 21) for a in digest)
    assert any("Michael Weiss" in (a.byline or "") for a in digest)
    # no date line: inferred by the timeline stage with its evidence stated, or unknown
    how = {"002_": "inferred", "003_": "unknown", "004_": "inferred"}
    for name, published_from in how.items():
        (article,) = [a for a in articles if name in a.origin]
        assert article.published_from == published_from, (name, article.warnings)
        if published_from == "inferred":
            assert article.published is not None
            assert any("inferred" in w for w in article.warnings), article.warnings
        else:
            assert article.published is None, article


def test_ingest_alone_never_guesses_dates(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    from storyline import ingest

    undated = []
    for item in ingest.iter_sources([str(seeds_dir)]):
        assert not isinstance(item, Exception) and hasattr(item, "data"), item
        for article in ingest.parse(item):  # type: ignore[arg-type]
            if any(n in article.origin for n in ("002_", "003_", "004_")):
                undated.append(article)
                assert article.published is None and article.published_from == "unknown"
    assert len(undated) == 3, [a.origin for a in undated]


def test_no_residue_in_any_sentence(seed_brief) -> None:  # type: ignore[no-untyped-def]
    for sentence in seed_brief.sentences:
        for junk in RESIDUE:
            assert junk not in sentence.text, (junk, sentence.id, sentence.text)


def test_sentences_point_into_their_articles(seed_brief) -> None:  # type: ignore[no-untyped-def]
    texts = {a.id: a.text for a in seed_brief.articles}
    for s in seed_brief.sentences:
        assert texts[s.article_id][s.start : s.end] == s.text


def test_seed_brief_validates(seed_brief) -> None:  # type: ignore[no-untyped-def]
    import json

    jsonschema.validate(json.loads(seed_brief.to_json()), brief_schema())


def test_header_does_not_count_unnamed_outlets_as_one(seed_brief) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from storyline.render import to_markdown
    from storyline.render.views import BriefView

    # the seeds name no outlet: six unnamed articles are not "1 outlet"
    assert all(not a.outlet for a in seed_brief.articles)
    assert BriefView(seed_brief).coverage() == "6 articles, no outlet named"
    assert "no outlet named" in to_markdown(seed_brief).splitlines()[2]
    named = [dataclasses.replace(a, outlet="Reuters") for a in seed_brief.articles[:2]]
    mixed = dataclasses.replace(seed_brief, articles=named + list(seed_brief.articles[2:]))
    assert BriefView(mixed).coverage() == "6 articles from 1 outlet (4 without a named outlet)"


def test_the_wednesday_capture_cites_all_four_2015_reports(seed_brief) -> None:  # type: ignore[no-untyped-def]
    """Issue 14: the summary line of the capture of Palmyra names every 2015
    report that tells it, each in its own words: "The rout on Wednesday in
    Palmyra ...", "... the regime withdrew or evacuated its forces on
    Wednesday ...", "... during Wednesday's rout", "ISIS militants stormed
    ... Palmyra Wednesday ..."."""
    reports_2015 = {a.id for a in seed_brief.articles if a.published == dt.date(2015, 5, 21)}
    assert len(reports_2015) == 4, [(a.id, a.published) for a in seed_brief.articles]
    lines = [s for s in seed_brief.summary if "stormed the Syrian city of Palmyra" in s.text]
    assert len(lines) == 1, [s.text for s in seed_brief.summary]
    cited = {source.rsplit("/", 1)[0] for source in lines[0].sources}
    assert cited == reports_2015, lines[0].sources
