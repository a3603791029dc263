"""Outlets and authors named in a report's head, feed authors and share bars.

Regression tests for four defects the demo corpus showed: an "<Outlet> - <date>"
line under a title, a "By <name>, <Outlet>" byline, a share bar at the end of a
post and an RSS author in its "address (Name)" form.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storyline.ingest import parse, raw_document
from storyline.ingest.clean import finish, is_boilerplate, is_share_bar
from storyline.ingest.meta import (
    author_name,
    byline_parts,
    looks_like_outlet,
    source_date_of,
)
from storyline.ingest.text import drafts_from_text
from storyline.records import Article
from tests.conftest import DEMO_REPORTS

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"


def load(path: Path) -> list[Article]:
    return parse(raw_document(path.read_bytes(), str(path), name=path.name))


# --- "<Outlet> - <date>" head lines -------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "outlet", "date"),
    [
        ("Valley Courier - March 14, 2024", "Valley Courier", dt.date(2024, 3, 14)),
        ("Valley Courier, March 14, 2024", "Valley Courier", dt.date(2024, 3, 14)),
        ("Valley Courier — 14 March 2024", "Valley Courier", dt.date(2024, 3, 14)),
        ("March 14, 2024 | Valley Courier", "Valley Courier", dt.date(2024, 3, 14)),
        ("The Eldermere Gazette · 14.03.2024", "The Eldermere Gazette", dt.date(2024, 3, 14)),
        ("Reuters, 14 March 2024", "Reuters", dt.date(2024, 3, 14)),
        # After a dash a proper name that is not a person's is the outlet.
        ("Kathimerini - 14 March 2024", "Kathimerini", dt.date(2024, 3, 14)),
        ("Northern Wire - March 14, 2024 - 10:30 GMT", "Northern Wire", dt.date(2024, 3, 14)),
    ],
)
def test_outlet_and_date_lines(line: str, outlet: str, date: dt.date) -> None:
    found = source_date_of(line)
    assert found is not None and found.outlet == outlet and found.date.date == date


def test_place_person_and_weekday_date_lines_name_no_outlet() -> None:
    # After a comma a lone name is more often a place than an outlet.
    for line in ("LONDON, 14 March 2024", "Eldermere, March 14, 2024"):
        found = source_date_of(line)
        assert found is not None and found.outlet is None and found.person is None, line
        assert found.date.date == dt.date(2024, 3, 14)
    person = source_date_of("Lena Varga - 14 March 2024")
    assert person is not None and person.outlet is None and person.person == "Lena Varga"
    assert source_date_of("Thursday - March 14, 2024") is None
    role = source_date_of("Staff Writer - March 14, 2024")
    assert role is not None and role.person is None and role.outlet is None
    # Sentences and plain titles are not such lines.
    assert source_date_of("The council said on March 14, 2024 that the wall held") is None
    assert source_date_of("Volunteers fill sandbags along the canal") is None


def test_title_over_an_outlet_date_line() -> None:
    text = (
        "Volunteers fill sandbags along the canal\n"
        "Valley Courier - March 14, 2024\n\n"
        "Around two hundred volunteers spent Thursday filling sandbags along the canal, "
        "where the water rose again after a night of rain.\n"
    )
    (draft,) = drafts_from_text(text)[0]
    assert draft.title == "Volunteers fill sandbags along the canal"
    assert draft.outlet == "Valley Courier"
    assert (draft.published, draft.published_from) == (dt.date(2024, 3, 14), "dateline")
    assert draft.paragraphs[0].startswith("Around two hundred volunteers")


# --- "By <name>, <Outlet>" bylines ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name", "outlet"),
    [
        ("By Lena Varga, Northern Wire", "Lena Varga", "Northern Wire"),
        ("By Lena Varga | The Eldermere Gazette", "Lena Varga", "The Eldermere Gazette"),
        ("By LENA VARGA, ASSOCIATED PRESS", "LENA VARGA", "ASSOCIATED PRESS"),
        ("By Lena Varga - Reuters", "Lena Varga", "Reuters"),
        ("By Lena Varga, Bellingcat", "Lena Varga", "Bellingcat"),
        # Roles are not outlets.
        ("By Tomas Brandt, Staff Writer", "Tomas Brandt", None),
        ("By Tomas Brandt, Associated Press Writer", "Tomas Brandt", None),
        ("By Tomas Brandt, Valley Courier correspondent", "Tomas Brandt", None),
        ("By Tomas Brandt, Special to The Eldermere Gazette", "Tomas Brandt", None),
        # A second person is a co-author.
        ("By Lena Varga, Tomas Brandt", "Lena Varga, Tomas Brandt", None),
        ("By Tomas Brandt", "Tomas Brandt", None),
    ],
)
def test_byline_with_an_outlet(line: str, name: str, outlet: str | None) -> None:
    found = byline_parts(line, allow_lone_name=False)
    assert found is not None and (found.name, found.outlet) == (name, outlet)


def test_sentences_opening_with_by_are_not_bylines() -> None:
    assert (
        byline_parts("By Early Tuesday, officials had left the town", allow_lone_name=False) is None
    )
    assert byline_parts("By Thursday night, dozens had fled", allow_lone_name=False) is None
    # "By X/Agency" is a photo credit: the agency is not a second author.
    credit = byline_parts("By Jan Holm/Valley Courier.", allow_lone_name=False)
    assert credit is None


def test_outlet_names() -> None:
    assert looks_like_outlet("Valley Courier", loose=False)
    assert looks_like_outlet("The Eldermere Gazette", loose=False)
    assert looks_like_outlet("AFP", loose=False)
    assert not looks_like_outlet("Lena Varga", loose=True)
    assert not looks_like_outlet("Senior Editor", loose=True)
    assert not looks_like_outlet("Eldermere", loose=False)
    assert looks_like_outlet("Eldermere", loose=True)
    assert not looks_like_outlet("the council said", loose=True)


# --- the three articles of a list page, with both kinds of head --------------------------


def test_digest_heads_give_outlets_bylines_and_dates() -> None:
    first, second, third = load(FIXTURES / "head_lines.txt")
    assert first.title == "Volunteers fill sandbags along the Eldermere canal"
    assert (first.outlet, first.byline) == ("Valley Courier", None)
    assert (first.published, first.published_from) == (dt.date(2024, 3, 14), "dateline")
    assert first.text.startswith("Around two hundred volunteers")
    assert "Valley Courier" not in first.text

    assert second.title == "Pumping stations back in service after two days"
    assert (second.outlet, second.byline) == ("Northern Wire", "Lena Varga")
    assert second.published == dt.date(2024, 3, 15)

    assert third.title == "Mayor asks for emergency funds"
    assert (third.outlet, third.byline) == ("The Eldermere Gazette", "Tomas Brandt")
    assert (third.published, third.published_from) == (dt.date(2024, 3, 16), "dateline")
    assert not third.text.startswith(("March", "By"))


# --- share bars --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Share this post: Facebook | Twitter | Email",
        "Share this: Twitter · Facebook · WhatsApp · Email",
        "Share: Facebook, X, Copy link",
        "Follow us: Facebook | Instagram | YouTube",
        "Facebook Twitter Pinterest",
        "Print | Email",
    ],
)
def test_share_bars(line: str) -> None:
    assert is_share_bar(line) and is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Facebook and Twitter removed the posts on Tuesday.",
        "Share your photos of the flood: email us at tips@valleycourier.example",
        "Email",  # one word alone is left to the other rules
        "Follow the canal path to the mill.",
    ],
)
def test_not_share_bars(line: str) -> None:
    assert not is_share_bar(line)


def test_trailing_share_bar_is_dropped() -> None:
    (article,) = load(FIXTURES / "share_bar.txt")
    assert article.text.endswith(
        "The council's text alerts came about an hour after the water did."
    )
    assert "Share this" not in article.text and "WhatsApp" not in article.text
    assert "dropped 1 boilerplate line(s)" in article.warnings
    text, _ = finish(["A paragraph of body text.", "Share this post: Facebook | Twitter | Email"])
    assert text == "A paragraph of body text."


# --- feed authors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("newsdesk@northernwire.example (Lena Varga)", "Lena Varga"),
        ("Lena Varga <lena@northernwire.example>", "Lena Varga"),
        ("Lena Varga (lena@northernwire.example)", "Lena Varga"),
        ("newsdesk@northernwire.example", None),
        ("<newsdesk@northernwire.example>", None),
        ("Lena Varga", "Lena Varga"),
        ("By Lena Varga", "Lena Varga"),
        (None, None),
    ],
)
def test_author_names(value: str | None, name: str | None) -> None:
    assert author_name(value) == name


def test_rss_author_address_and_name() -> None:
    named, bare = load(FIXTURES / "feed_authors.rss")
    assert named.byline == "Lena Varga"
    assert bare.byline is None
    assert named.outlet == bare.outlet == "Northern Wire"


# --- the demo corpus ---------------------------------------------------------------------


def test_demo_reports_heads() -> None:
    (wire,) = load(DEMO_REPORTS / "01-meridian-wire.txt")
    assert (wire.byline, wire.outlet) == ("Anna Leclerc", "Meridian Press")

    survivors, fishermen = load(DEMO_REPORTS / "03-kreta-digest.txt")
    assert survivors.title == "Lastivka survivors describe hour of confusion on deck"
    assert survivors.outlet == "Island Herald"
    assert (survivors.published, survivors.published_from) == (
        dt.date(2024, 9, 11),
        "dateline",
    )
    assert survivors.text.startswith("Survivors of the Lastivka fire")
    assert (fishermen.byline, fishermen.outlet) == ("Nikos Vlachos", "Harbour Times")

    (blog,) = load(DEMO_REPORTS / "06-harbour-blog.txt")
    assert "Share this post" not in blog.text

    (feed,) = load(DEMO_REPORTS / "07-investigation-feed.xml")
    assert feed.byline == "Anna Leclerc"
