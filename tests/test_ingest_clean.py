"""The clean-up and metadata rules one by one, with the cases they must not catch."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.ingest.clean import (
    finish,
    is_boilerplate,
    is_caption,
    is_list_footer,
    is_rule,
    normalise_whitespace,
    strip_markdown,
    strip_trailing_footer,
    unwrap_block,
)
from storyline.ingest.encoding import binary_kind, decode
from storyline.ingest.meta import byline_of, outlet_of, parse_date_line, parse_date_value
from storyline.ingest.sniff import sniff
from storyline.ingest.text import drafts_from_text, split_articles, strip_list_header

# --- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("21/05/2015", dt.date(2015, 5, 21)),
        ("05.21.15 5:25 AM ET", dt.date(2015, 5, 21)),
        ("MAY 21, 2015", dt.date(2015, 5, 21)),
        ("Vr mei 22 16:39:47 CEST 2015", dt.date(2015, 5, 22)),
        ("Thu May 21 09:12:01 EDT 2015", dt.date(2015, 5, 21)),
        ("Thursday, May 21, 2015", dt.date(2015, 5, 21)),
        ("21 mei 2015", dt.date(2015, 5, 21)),
        ("21. Mai 2015", dt.date(2015, 5, 21)),
        ("21 de mayo de 2015", dt.date(2015, 5, 21)),
        ("2015-05-21", dt.date(2015, 5, 21)),
        ("Published: 21 May 2015 10:00 BST", dt.date(2015, 5, 21)),
        ("Updated May 21st, 2015 at 4:30 p.m.", dt.date(2015, 5, 21)),
        ("Thu, 21 May 2015 16:39:47 +0200", dt.date(2015, 5, 21)),
        ("Sept. 3, 2016", dt.date(2016, 9, 3)),
    ],
)
def test_date_lines(line: str, expected: dt.date) -> None:
    found = parse_date_line(line)
    assert found is not None and found.date == expected


def test_mail_header_dates_are_marked() -> None:
    found = parse_date_line("Vr mei 22 16:39:47 CEST 2015")
    assert found is not None and found.mail_header
    found = parse_date_line("MAY 21, 2015")
    assert found is not None and not found.mail_header


def test_ambiguous_numeric_dates_are_read_day_first_with_a_warning() -> None:
    found = parse_date_line("03/04/2015")
    assert found is not None and found.date == dt.date(2015, 4, 3)
    assert found.warning and "day-first" in found.warning
    same = parse_date_line("04/04/2015")
    assert same is not None and same.warning is None


@pytest.mark.parametrize(
    "line",
    [
        "Michael Weiss",
        "In May 2015 the city fell to the militants.",
        "By Thursday night, several dozen people had been publicly executed,",
        "31/02/2015",
        "Room 101",
        "1,000 men",
        "",
    ],
)
def test_not_date_lines(line: str) -> None:
    assert parse_date_line(line) is None


def test_metadata_date_values() -> None:
    assert parse_date_value("2024-03-12T08:15:00+00:00") == dt.date(2024, 3, 12)
    assert parse_date_value("Tue, 12 Mar 2024 08:15:00 GMT") == dt.date(2024, 3, 12)
    assert parse_date_value("12 March 2024") == dt.date(2024, 3, 12)
    assert parse_date_value("soon") is None


# --- bylines and outlets --------------------------------------------------------------


def test_bylines() -> None:
    assert byline_of("By Anne Barnard", allow_lone_name=False) == "Anne Barnard"
    assert byline_of("BY HWAIDA SAAD", allow_lone_name=False) == "HWAIDA SAAD"
    assert byline_of("By Lena Varga and Tomas Brandt", allow_lone_name=False) == (
        "Lena Varga and Tomas Brandt"
    )
    assert byline_of("Michael Weiss", allow_lone_name=True) == "Michael Weiss"
    assert byline_of("Michael Weiss", allow_lone_name=False) is None
    assert byline_of("Why Eldermere Keeps Flooding", allow_lone_name=True) is None
    assert byline_of("By Thursday night, dozens had fled", allow_lone_name=False) is None
    assert byline_of("News & Politics", allow_lone_name=True) is None


def test_outlet_lines() -> None:
    assert outlet_of("Source: Reuters") == "Reuters"
    assert outlet_of("Originally published by The Daily Star.") == "The Daily Star"
    assert outlet_of("The source said nothing.") is None


# --- markdown, wrapping, whitespace ---------------------------------------------------


def test_markdown_residue() -> None:
    assert strip_markdown("the [ISIS](#) militants") == "the ISIS militants"
    assert strip_markdown("see [the report](https://x.example/a_(b)) now") == "see the report now"
    assert strip_markdown('a [link](http://x.example "Title") here') == "a link here"
    assert strip_markdown("![a photo](img.png)Text") == "Text"
    assert strip_markdown("**bold** claim") == "bold claim"
    # An editor's insertion in a quote is text.
    assert strip_markdown("“Praise God, [Palmyra] has been liberated”") == (
        "“Praise God, [Palmyra] has been liberated”"
    )


def test_unwrap_joins_wrapped_lines_but_not_items_or_short_endings() -> None:
    block = [
        "Hours after the terror group grabbed its second city in a week, Palmyra was ",
        "pitch-black and silent. But residents are bracing for bloody reprisals and ",
        "the destruction of historic sites.",
        "- a list item that stays on its own",
        "- another item",
    ]
    assert unwrap_block(block) == [
        "Hours after the terror group grabbed its second city in a week, Palmyra was "
        "pitch-black and silent. But residents are bracing for bloody reprisals and "
        "the destruction of historic sites.",
        "- a list item that stays on its own",
        "- another item",
    ]
    block = [
        "A line that is long enough to have been wrapped by a mail client at war-",
        "torn places, and a second paragraph line.",
    ]
    assert unwrap_block(block) == [
        "A line that is long enough to have been wrapped by a mail client at war-torn places, "
        "and a second paragraph line."
    ]
    short = ["The wall broke on Tuesday morning.", "Nobody was hurt."]
    assert unwrap_block(short) == short


def test_whitespace() -> None:
    assert normalise_whitespace("a\u00a0b\u200b c  d \r\nx\t y ") == "a b c d\nx y"


def test_finish_separates_paragraphs_by_one_blank_line() -> None:
    text, _ = finish(["  First.  ", "", "---", "Second."])
    assert text == "First.\n\nSecond."


# --- captions and boilerplate ----------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "A soldier in the historical part of Palmyra (Maksim Blinov/Sputnik via AP)",
        "Smoke rises over the town (AP Photo/Hussein Malla)",
        "Photo: Jan Holm/Valley Courier",
        "Residents wade through water in the old town. (Getty Images)",
        "The ruins at dusk | Getty Images",
    ],
)
def test_captions(line: str) -> None:
    assert is_caption(line)


@pytest.mark.parametrize(
    "line",
    [
        "As for the soldier, he had lived through bloody battles. (Thirty-five soldiers were "
        "buried in Homs on Thursday alone, a resident said.)",
        "1. The area has been bombarded for years (before ISIS was even in the picture)",
        "Palmyra (aka Tadmor) has been talked about more in the past few days than ever.",
        "He spoke to reporters (via Skype) on Wednesday",
    ],
)
def test_not_captions(line: str) -> None:
    assert not is_caption(line)


@pytest.mark.parametrize(
    "line",
    [
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Share this:",
        "Related",
        "12 Comments",
        "Sign up for our daily newsletter",
        "© 2024 Valley Courier. All rights reserved.",
    ],
)
def test_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


def test_not_boilerplate() -> None:
    assert not is_boilerplate("He declined to comment on the reports of executions.")
    assert not is_boilerplate("Related groups have also claimed the attack, officials said.")


def test_comment_section_is_cut_at_the_end_only() -> None:
    body = [f"Paragraph {i} of the report says something." for i in range(6)]
    text, warnings = finish([*body, "Comments", "Great article!", "I disagree."])
    assert text.endswith("Paragraph 5 of the report says something.")
    assert any("comment section" in w for w in warnings)


# --- mailing lists ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Meer informatie over de Midden-Oosten maillijst",
        "More information about the Valley-News mailing list",
        "Mehr Informationen über die Mailingliste Nahost",
        "Plus d'informations sur la liste de diffusion Proche-Orient",
        "https://lists.example.org/mailman/listinfo/valley-news",
        "To unsubscribe, send a blank message to news-off@example.org",
        "Valley-News mailing list",
        "[ date ] [ thread ] [ subject ] [ author ]",
    ],
)
def test_list_footers(line: str) -> None:
    assert is_list_footer(line)


def test_not_list_footers() -> None:
    assert not is_list_footer("Officials said more information about the list would follow.")
    assert not is_list_footer("The list of the dead has not been published yet, he said.")


def test_trailing_footer_is_removed_back_to_the_body() -> None:
    lines = ["Body text ends here.", "", "_" * 40, "News mailing list", "news@example.org", ""]
    kept, removed = strip_trailing_footer(lines)
    assert kept == ["Body text ends here."] and removed == 3


def test_pipermail_header() -> None:
    lines = ["[Lista] Re: Noticias", "", "Ana at example.org", "Wed Mar 13 19:02:11 CET 2024", ""]
    rest, header = strip_list_header([*lines, "Body"])
    assert rest == ["", "Body"]
    assert header is not None and header.list_name == "Lista" and header.subject == "Noticias"
    assert header.date == dt.date(2024, 3, 13)
    # A bracketed first line without sender or date is not a list header.
    assert strip_list_header(["[Update] Something happened", "", "Body"])[1] is None


def test_split_needs_a_fresh_head_after_blank_lines() -> None:
    text = (
        "First Story Title\nMarch 1, 2024\n\n"
        + "A first body paragraph that is long enough to be body text for sure, yes.\n\n\n"
        + "Second Story Title\nBy Jane Roe\n\n"
        + "A second body paragraph that is long enough to be body text for sure, yes.\n\n\n"
        + "Just a closing line after two blank lines.\n"
    )
    lines = text.split("\n")
    assert len(split_articles(lines)) == 2
    drafts, _ = drafts_from_text(text)
    assert [d.title for d in drafts] == ["First Story Title", "Second Story Title"]
    assert drafts[1].byline == "Jane Roe" and drafts[1].published is None


# --- sniffing and encoding -----------------------------------------------------------------


def test_sniffing() -> None:
    assert sniff(b"<?xml version='1.0'?><rss version='2.0'></rss>") == "application/rss+xml"
    assert sniff(b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>') == "application/atom+xml"
    assert sniff(b"<html><body>x</body></html>", "a.txt") == "text/html"
    assert sniff(b"From: a@b.c\nSubject: x\n\nbody") == "message/rfc822"
    assert sniff(b"From a@b.c Thu Mar 14 10:30:00 2024\nSubject: x\n\nb") == "application/mbox"
    assert sniff(b'{"text": "a"}\n{"text": "b"}\n') == "application/x-ndjson"
    assert sniff(b"[List] Subject line\n\nBody") == "text/plain"
    assert sniff(b"%PDF-1.7 ...") == "application/octet-stream"


def test_binary_kinds() -> None:
    assert binary_kind(b"%PDF-1.4\n") == "PDF document"
    assert binary_kind(b"PK\x03\x04rest") == "ZIP archive (or DOCX/XLSX/EPUB)"
    assert binary_kind(b"\x1f\x8b\x08\x00") == "gzip-compressed data"
    assert binary_kind(b"MZ is a plain-text abbreviation") is None
    assert binary_kind("UTF-16 text".encode("utf-16")) is None


def test_declared_charset_is_used_when_utf8_fails() -> None:
    markup = '<html><head><meta charset="iso-8859-7"></head><body>Αθήνα</body></html>'
    decoded = decode(markup.encode("iso-8859-7"), "x.html")
    assert "Αθήνα" in decoded.text and decoded.encoding == "iso8859-7"


def test_separator_rules() -> None:
    for line in ("---", "* * *", "=====", "-------------- next part --------------"):
        assert is_rule(line), line
    for line in ("- item", "--", "A sentence - with a dash - in it."):
        assert not is_rule(line), line


def test_credit_lines_and_popular_lists_seen_in_real_pages() -> None:
    assert is_caption("Photo illustration by Slate. Photo by Ethan Miller/Getty Images.")
    assert is_caption("Black leopard near a road in the forest corridor. Photo by: William Yap.")
    assert not is_caption("He said the photo by the agency was fake and had been taken years ago.")
    assert is_boilerplate("Most Popular Stories this week")
    assert is_boilerplate("Read More")
    assert not is_boilerplate("Most Popular Month to Get Engaged: December (16%)")


def test_a_head_without_body_does_not_start_an_article() -> None:
    # Title, then a byline and an "updated" line in separate blocks (a common
    # page-to-text layout): one article, not an empty one and a second.
    text = (
        "Couple Put On A Show Of Unity\n\n\n\nBy Sarah Finch\n\n\n\n"
        "Last updated at 6:04 PM on 20th October 2011\n\n"
        + "The couple were seen together at a dinner on Wednesday night in the city centre.\n"
    )
    drafts, _ = drafts_from_text(text)
    assert len(drafts) == 1
    assert drafts[0].title == "Couple Put On A Show Of Unity"
    assert drafts[0].byline == "Sarah Finch"
    assert drafts[0].published == dt.date(2011, 10, 20)


def test_web_player_furniture() -> None:
    assert is_boilerplate("Please enable Javascript to watch this video")
    assert is_boilerplate("Media playback is unsupported on your device")
    assert is_caption("Image copyright AFP Image caption The man was known to the police")


def test_headline_before_a_dateline_and_the_wire_as_outlet() -> None:
    text = (
        "Council says the river wall will be rebuilt by spring.\n\n"
        "ELDERMERE, Valeland, March 14 (Reuters) — The council said on Thursday that the "
        "river wall would be rebuilt before the spring floods, at a cost of 4 million euros.\n"
    )
    (draft,) = drafts_from_text(text)[0]
    assert draft.title == "Council says the river wall will be rebuilt by spring"
    assert draft.outlet == "Reuters"
    assert draft.paragraphs[0].startswith("ELDERMERE, Valeland, March 14 (Reuters) — The council")
    # Without a dateline a short first sentence stays body text.
    (plain,) = drafts_from_text(text.replace("ELDERMERE, Valeland, March 14 (Reuters) — ", ""))[0]
    assert plain.title is None
    assert plain.paragraphs[0] == "Council says the river wall will be rebuilt by spring."
