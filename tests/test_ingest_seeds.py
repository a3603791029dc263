"""The five seed reports (../shared/seeds): six articles, titles, dates, no residue."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from storyline.ingest import iter_sources, parse
from storyline.records import Article, RawDocument

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"seed reports not found at {SEEDS} (shared data absent)"
)

MAY_21 = dt.date(2015, 5, 21)


@pytest.fixture(scope="module")
def articles() -> dict[str, list[Article]]:
    out: dict[str, list[Article]] = {}
    for raw in iter_sources([str(SEEDS)]):
        assert isinstance(raw, RawDocument), raw
        out[Path(raw.origin).name[:3]] = parse(raw)
    return out


def test_six_articles_with_the_digest_split(articles: dict[str, list[Article]]) -> None:
    assert sorted(articles) == ["000", "001", "002", "003", "004"]
    assert [len(articles[k]) for k in sorted(articles)] == [1, 2, 1, 1, 1]
    first, second = articles["001"]
    assert first.id.endswith(".1") and second.id.endswith(".2")
    assert first.id[:12] == first.raw_id[:12] and (first.part, second.part) == (1, 2)
    assert articles["000"][0].id == articles["000"][0].raw_id[:12]
    assert articles["000"][0].part == 0


def test_titles(articles: dict[str, list[Article]]) -> None:
    assert articles["000"][0].title == "ISIS Strengthens Its Grip on Ancient Syrian City of Palmyra"
    assert articles["001"][0].title == "Inside Palmyra, the Ancient City ISIS Just Sacked"
    assert articles["001"][1].title == "Frantic Message as Palmyra, Syria, Fell: ‘We’re Finished’"
    assert articles["002"][0].title == "Damascus cedes Palmyra to ISIS"
    assert articles["003"][0].title == "ISIS Takeover of Palmyra"
    # "News & Politics" above it is a section label, not the title.
    assert (
        articles["004"][0].title == "ISIS Close to Recapturing the Ancient Syrian City of Palmyra"
    )


def test_dates_and_their_sources(articles: dict[str, list[Article]]) -> None:
    for article in (articles["000"][0], *articles["001"]):
        assert article.published == MAY_21
        # The articles' own date lines win over the digest header (22 May).
        assert article.published_from == "dateline"
    for key in ("002", "003", "004"):
        assert articles[key][0].published is None
        assert articles[key][0].published_from == "unknown"


def test_byline_under_the_title(articles: dict[str, list[Article]]) -> None:
    assert articles["001"][0].byline == "Michael Weiss"
    assert articles["001"][1].byline is None


def test_no_residue_in_any_text(articles: dict[str, list[Article]]) -> None:
    residue = [
        r"\]\(",  # markdown link
        r"Meer informatie",  # list footer
        r"maillijst",
        r"\[Midden-Oosten\]",  # list header
        r"xs4all",
        r"CEST 2015",
        r"Leave a Reply",
        r"email address will not be published",
        r"Sputnik via AP",  # photo credit
        r"^News & Politics$",  # section label
        r"05\.21\.15",  # date lines belong to metadata
        r"^MAY 21, 2015$",
        r"^Michael Weiss$",
    ]
    for key, items in articles.items():
        for article in items:
            for pattern in residue:
                assert not re.search(pattern, article.text, re.M), (key, pattern)
            assert article.text == article.text.strip()
            assert "\n\n\n" not in article.text
            assert "\u00a0" not in article.text
            assert all("\n" not in p for p in article.text.split("\n\n"))
            assert article.language == "en"


def test_link_text_and_wrapped_paragraphs_survive(articles: dict[str, list[Article]]) -> None:
    assert "the ISIS militants seized an entire city" in articles["000"][0].text
    weiss = articles["001"][0].text
    # Lines wrapped at 78 columns are one paragraph again.
    assert (
        "Palmyra was pitch-black and silent. But residents are bracing for bloody "
        "reprisals—and the destruction of historic sites." in weiss
    )
    # The dateline stays in the body.
    assert articles["001"][1].text.startswith("BEIRUT, Lebanon — The Syrian Army soldier")
    # List items stay apart, one per paragraph.
    items = [p for p in articles["003"][0].text.split("\n\n") if re.match(r"\d\. ", p)]
    assert len(items) == 7


def test_the_second_digest_article_ends_before_the_footer(
    articles: dict[str, list[Article]],
) -> None:
    last = articles["001"][1].text.split("\n\n")[-1]
    assert last == "Then he headed off to try once more to reach the front. He has not texted"
    assert any("cut off" in w for w in articles["001"][1].warnings)
