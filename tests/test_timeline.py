"""infer_dates and build_timeline: on hand-made articles and on the seed reports."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from storyline.records import AnalyzedArticle, Article, Sentence
from storyline.timeline.events import build_timeline, infer_dates

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def article(aid: str, text: str, published: dt.date | None = None) -> AnalyzedArticle:
    """An analysed article without spaCy: sentences split at full stops."""
    sentences = []
    for i, m in enumerate(re.finditer(r"[^.!?]+[.!?]?", text)):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        sentences.append(Sentence(f"{aid}/s{i}", aid, i, start, end, text[start:end]))
    art = Article(
        id=aid,
        raw_id=aid,
        origin=f"<{aid}>",
        text=text,
        published=published,
        published_from="dateline" if published else "unknown",
    )
    return AnalyzedArticle(art, tuple(sentences))


def test_duration_chain_gives_the_month() -> None:
    item = article(
        "a",
        "Six months after the floods of April 2010, the town has rebuilt its bridge. "
        "Residents said the water rose within hours.",
    )
    (out,) = infer_dates([item])
    assert out.article.published == dt.date(2010, 10, 1)
    assert out.article.published_from == "inferred"
    assert any("month precision" in w and "Six months after" in w for w in out.article.warnings)
    assert out.sentences == item.sentences


def test_chain_to_a_month_without_year_uses_the_years_the_article_names() -> None:
    item = article(
        "a",
        "Nine months after the rebels were driven out of Hama, they have fought their way back. "
        "The army's recapture of Hama in March was hailed in the capital. "
        "The rebels first overran the city in May of 2015.",
    )
    (out,) = infer_dates([item])
    assert out.article.published == dt.date(2016, 12, 1)


def test_a_chain_in_the_narrative_does_not_date_the_report() -> None:
    item = article(
        "a",
        "Police gave details of the case on the radio. The suspect had been seen in Lyon. "
        "Three days after the raid of March 2019, officers arrested him at a station.",
    )
    (out,) = infer_dates([item])
    assert out.article.published is None


def test_no_evidence_leaves_the_date_unknown() -> None:
    item = article(
        "a", "The regime has been propped up by foreign fighters since 2013. It is weaker now."
    )
    (out,) = infer_dates([item])
    assert out.article is item.article  # unchanged: no date, no warning
    assert out.dates_inferred  # and not inferred again by the assembler
    assert out.article.published is None and out.article.published_from == "unknown"


def test_weekdays_are_read_against_the_story() -> None:
    dated = article(
        "d",
        "Rebels of the Northern Front seized Aleppo airport on Wednesday, "
        "the Observatory said, and Damascus sent reinforcements.",
        dt.date(2020, 3, 12),  # a Thursday
    )
    undated = article(
        "u",
        "The Northern Front stormed Aleppo airport Wednesday. The Observatory said Damascus "
        "had sent troops.",
    )
    stranger = article("x", "A bakery in Lyon opened on Wednesday, its owner said.")
    out = infer_dates([dated, undated, stranger])
    assert out[0].article is dated.article
    assert out[1].article.published == dt.date(2020, 3, 12)
    assert out[1].article.published_from == "inferred"
    assert "2020-03-11" in out[1].article.warnings[-1]
    assert out[2].article.published is None  # shares no names with the dated report


def test_weekdays_need_an_event_the_story_tells_that_day() -> None:
    dated = article(
        "d",
        "Rebels of the Northern Front seized Aleppo airport on Wednesday, "
        "the Observatory said, and Damascus sent reinforcements.",
        dt.date(2020, 3, 12),
    )
    other_week = article(
        "u",
        "The Northern Front holds Aleppo airport, the Observatory says. "
        "Bakers in Damascus raised bread prices on Wednesday.",
    )
    (_, out) = infer_dates([dated, other_week])
    assert out.article.published is None


def test_timeline_merges_one_event_told_twice_and_flags_history() -> None:
    a = article(
        "a",
        "Rebels stormed the town of Qusair on Wednesday, seizing the army base. "
        "The town was first shelled in 1982.",
        dt.date(2020, 3, 12),
    )
    b = article(
        "b",
        "On Wednesday rebels stormed Qusair and took its army base, witnesses said. "
        "Talks will resume on Friday.",
        dt.date(2020, 3, 12),
    )
    timeline = build_timeline([a, b])
    dates = [e.date for e in timeline]
    assert dates == sorted(dates)
    (storm,) = [e for e in timeline if e.date == "2020-03-11"]
    assert set(storm.sources) == {"a/s0", "b/s0"}
    assert storm.granularity == "day" and not storm.background
    (history,) = [e for e in timeline if e.date == "1982"]
    assert history.background and history.granularity == "year"
    assert "2020-03-13" in dates  # "Talks will resume on Friday": the future looks forward


def test_background_is_history_outside_every_story_window() -> None:
    early = article("a", "Rebels took Qusair on Wednesday.", dt.date(2020, 3, 12))
    late = article(
        "b",
        "Rebels lost Qusair again on Monday. They had first shelled it in August 2020. "
        "Elections will be held in 2023.",
        dt.date(2021, 6, 10),
    )
    by_date = {e.date: e for e in build_timeline([early, late])}
    assert not by_date["2020-03-11"].background and not by_date["2021-06-07"].background
    assert by_date["2020-08"].background  # after one report, long before the other
    assert not by_date["2023"].background  # the future is not history


def test_durations_and_present_only_sentences_make_no_event() -> None:
    a = article("a", "The siege lasted nine months. Now the roads are shut.", dt.date(2020, 3, 12))
    assert build_timeline([a]) == []


def test_event_text_leaves_the_wire_dateline_out() -> None:
    a = article(
        "a",
        "HERAKLION, Greece — A fire broke out aboard the ferry Lastivka early on Tuesday. "
        "LONDON (Reuters) - The operator said on Wednesday that all passengers were safe.",
        dt.date(2024, 9, 12),
    )
    by_date = {e.date: e for e in build_timeline([a])}
    fire, safe = by_date["2024-09-10"], by_date["2024-09-11"]
    assert fire.text.startswith("A fire broke out") and "HERAKLION" not in fire.text
    assert safe.text.startswith("The operator said on Wednesday"), safe.text
    # the sources still point at the sentences as written, dateline and all
    assert fire.sources == ("a/s0",) and safe.sources == ("a/s1",)
    assert a.sentences[0].text.startswith("HERAKLION, Greece — ")


def test_a_day_named_with_last_year_joins_that_day() -> None:
    # the demo's report 8, dated 2025-02-12, looks back at the fire of 2024-09-10
    early = article(
        "a", "A fire broke out aboard the ferry Lastivka on Tuesday.", dt.date(2024, 9, 11)
    )
    late = article(
        "b",
        "The ferry Lastivka caught fire on Sept. 10 last year with 312 passengers on board.",
        dt.date(2025, 2, 12),
    )
    timeline = build_timeline([early, late])
    assert [(e.date, e.granularity, e.sources) for e in timeline] == [
        ("2024-09-10", "day", ("a/s0", "b/s0"))
    ]


# --------------------------------------------------------------------------
# the seed reports


@pytest.fixture(scope="module")
def seeds() -> list[AnalyzedArticle]:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent: the seed reports live in ../shared beside the repo")
    from storyline import ingest
    from storyline.analysis.nlp import analyze, load_nlp

    articles: list[Article] = []
    for raw in ingest.iter_sources([str(SEEDS)]):
        articles.extend(ingest.parse(raw))  # type: ignore[arg-type]
    # the timeline needs parses, not the entity ruler of another stage
    return analyze(articles, nlp=load_nlp(with_ruler=False))


def _by_seed(items: list[AnalyzedArticle], prefix: str) -> list[AnalyzedArticle]:
    return [a for a in items if Path(a.article.origin).name.startswith(prefix)]


def test_seed_document_dates(seeds: list[AnalyzedArticle]) -> None:
    dated = infer_dates(seeds)
    assert [a.article.id for a in dated] == [a.article.id for a in seeds]
    for before, after in zip(seeds, dated, strict=True):
        assert after.sentences == before.sentences and after.doc is before.doc
        if before.article.published is not None:
            assert after.article == before.article  # stated dates are never touched
    (recapture,) = _by_seed(dated, "004_")
    # "Nine months after ... the recapture of Palmyra in March" (2016)
    assert recapture.article.published is not None, recapture.article.warnings
    assert recapture.article.published_from == "inferred"
    assert recapture.article.published.strftime("%Y-%m") == "2016-12"
    (blog,) = _by_seed(dated, "003_")
    assert blog.article.published is None  # no evidence in it


def test_seed_timeline(seeds: list[AnalyzedArticle]) -> None:
    timeline = build_timeline(infer_dates(seeds))
    ids = {s.id for a in seeds for s in a.sentences}
    for event in timeline:
        assert event.sources and set(event.sources) <= ids
        assert event.granularity in ("day", "month", "year")
        assert event.text.count("“") == event.text.count("”"), event.text  # quotes pair up
        assert 0 < len(event.text.split()) <= 32, event.text  # a timeline line, not a paragraph
        assert not re.match(r"[A-Z]{3,}[^a-z]*[—–-]", event.text), event.text  # no dateline
    storm = [e for e in timeline if e.date == "2015-05-20"]
    assert storm, "no entry for 2015-05-20"
    widest = max(storm, key=lambda e: len({s.rsplit("/", 1)[0] for s in e.sources}))
    assert len({s.rsplit("/", 1)[0] for s in widest.sources}) >= 3, widest
    assert re.search(r"Palmyra|storm|withdr|rout", widest.text), widest.text
    assert not widest.background
    assert any(e.date == "2015-05-21" for e in timeline)
    (recapture,) = _by_seed(seeds, "004_")
    back = [e for e in timeline if e.date.startswith("2016-12")]
    assert any(s.startswith(recapture.article.id + "/") for e in back for s in e.sources)
    assert all(e.background for e in timeline if e.date in ("1982", "2013"))


def test_inferred_dates_are_never_stated(seeds: list[AnalyzedArticle]) -> None:
    undated = [a for a in seeds if a.article.published is None]
    inferred = [
        item.article
        for item in infer_dates(undated + [a for a in seeds if a.article.published])
        if item.article.published_from == "inferred"
    ]
    assert len(inferred) == 2, inferred  # the storm report (002) and the recapture (004)
    for art in inferred:
        assert art.published is not None
        assert any("inferred" in w for w in art.warnings), art.warnings
    # an article alone, with only weekdays, has no evidence: stays unknown
    (storm_report,) = _by_seed(seeds, "002_")
    (alone,) = infer_dates([dataclasses.replace(storm_report)])
    assert alone.article.published is None
