"""Readers by format and the bad-input errors, on the fixtures in tests/fixtures/ingest."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.ingest import parse, raw_document
from storyline.records import Article

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"


def load(name: str) -> list[Article]:
    path = FIXTURES / name
    return parse(raw_document(path.read_bytes(), str(path), name=name))


def refused(name: str) -> str:
    with pytest.raises(InputError) as info:
        load(name)
    assert info.value.origin == str(FIXTURES / name)
    return info.value.reason


# --- bad input ---------------------------------------------------------------------


def test_binary_files_say_what_they_look_like() -> None:
    assert refused("image.png") == "binary file (looks like PNG image)"
    # The extension does not fool the sniffing.
    assert refused("image_named.txt") == "binary file (looks like PNG image)"
    assert refused("nul_bytes.dat") == "binary file (contains NUL bytes, not text)"


def test_empty_files() -> None:
    assert refused("empty.txt") == "empty file"
    assert refused("blank.txt").startswith("empty file")


def test_undecodable_text_is_refused() -> None:
    # Latin-1 decoding of bytes that are mostly C1 controls is not text.
    raw = raw_document(bytes(range(0x80, 0xA0)) * 20 + b" some words", "x.txt")
    with pytest.raises(InputError, match="not valid UTF-8/cp1252"):
        parse(raw)


def test_malformed_feed_and_non_feed_xml() -> None:
    assert refused("broken_feed.xml").startswith("malformed feed:")
    assert refused("not_a_feed.xml") == "XML document that is not an RSS or Atom feed"


def test_html_without_article_text() -> None:
    assert refused("no_text.html") == "HTML page with no article text"


# --- encodings -----------------------------------------------------------------------


def test_cp1252_is_decoded_with_a_warning() -> None:
    (article,) = load("cp1252.txt")
    assert "« Nous avons perdu trois jours »" in article.text
    assert "l’inondation" in article.text  # 0x92 is cp1252's right quote
    assert any("decoded as cp1252" in w for w in article.warnings)
    assert article.language == "fr"


def test_latin1_is_decoded_with_a_warning() -> None:
    (article,) = load("latin1.txt")
    assert article.title == "Geschäfte öffnen wieder"
    assert "Bäckerei" in article.text
    assert any("latin-1" in w for w in article.warnings)


@pytest.mark.parametrize("name", ["utf16_bom.txt", "utf16be_bom.txt", "utf8_bom.txt"])
def test_byte_order_marks(name: str) -> None:
    (article,) = load(name)
    assert article.title == "River wall gives way in Eldermere"
    assert article.text.startswith("Floodwater broke through")
    assert "\ufeff" not in article.text


def test_utf16_without_bom() -> None:
    text = "Heading\n\nThe council said the river had risen by a metre overnight in the town."
    (article,) = parse(raw_document(text.encode("utf-16-le"), "x.txt"))
    assert article.title == "Heading" and "risen by a metre" in article.text
    assert any("no byte-order mark" in w for w in article.warnings)


# --- HTML ------------------------------------------------------------------------------


def test_html_page_metadata_and_body() -> None:
    (article,) = load("page.html")
    assert article.title == "River wall gives way in Eldermere"
    assert article.byline == "Tomas Brandt"
    assert article.outlet == "Valley Courier"
    assert article.url == "https://valleycourier.example/news/eldermere-flood"
    assert article.published == dt.date(2024, 3, 12)
    assert article.published_from == "metadata"
    assert article.text.startswith("Floodwater broke through the river wall")
    assert "gym as a shelter" in article.text


def test_hostile_markup_never_reaches_the_text() -> None:
    for name in ("page.html", "truncated.html", "feed.rss"):
        articles = load(name)
        assert articles, name  # the text around the markup is still read
        for article in articles:
            for marker in ("SCRIPT", "INJECTED", "ONERROR", "IFRAME", "FORM-TEXT", "alert(", "<"):
                assert marker not in article.text, (name, marker)
            assert "Leave a Reply" not in article.text
            assert "All rights reserved" not in article.text


def test_section_labels_and_the_title_above_an_html_body_are_removed() -> None:
    prose = "<p>The river rose by a metre overnight and the council opened two shelters.</p>"
    head = "<p class='section'>World &middot; Europe</p><h1>Flood in Eldermere</h1>"
    page = f"<html><head><title>Flood in Eldermere</title></head><body><article>{head}"
    page += f"{prose * 3}<p>Roads &amp; bridges</p>{prose}</article></body></html>"
    (article,) = parse(raw_document(page.encode(), "x.html"))
    assert article.title == "Flood in Eldermere"
    assert article.text.startswith("The river rose"), article.text[:80]
    assert "Roads & bridges" in article.text  # a short line further down is no head
    assert any("'World · Europe'" in w for w in article.warnings), article.warnings


def test_a_date_in_the_body_text_is_not_page_metadata() -> None:
    paragraph = "<p>The river rose by a metre overnight and the council opened two shelters.</p>"
    page = f"<html><head><title>Flood</title></head><body><article><h1>Flood</h1>{paragraph * 3}"
    page += "<p>On 3 March 2019 the same street had flooded.</p></article></body></html>"
    (article,) = parse(raw_document(page.encode(), "x.html"))
    assert article.published is None and article.published_from == "unknown"


def test_truncated_html_keeps_what_is_there() -> None:
    (article,) = load("truncated.html")
    assert "pumping stations had failed" in article.text
    assert any("truncated" in w for w in article.warnings)


def test_malformed_html_is_read_leniently() -> None:
    (article,) = load("malformed.html")
    assert "Rescue teams reached the flooded villages" in article.text
    assert "water level had fallen" in article.text


# --- feeds -----------------------------------------------------------------------------


def test_rss_one_article_per_item() -> None:
    first, second = load("feed.rss")
    assert (first.part, second.part) == (1, 2)
    assert first.id.endswith(".1") and second.id.endswith(".2")
    assert first.title == "River wall gives way in Eldermere"
    assert first.outlet == "Valley Courier: News"
    assert first.byline == "Tomas Brandt"
    assert (first.published, first.published_from) == (dt.date(2024, 3, 12), "metadata")
    assert second.url == "https://valleycourier.example/news/shelters"
    assert second.text.split("\n\n") == [
        "The school gym and two church halls in Eldermere took in 140 people on Tuesday night, "
        "the council said.",
        "Forecasters expect the rain to ease by Friday.",
    ]


def test_atom_content_and_summary() -> None:
    first, second = load("feed.atom")
    assert first.byline == "Lena Varga" and first.outlet == "Northern Wire"
    assert first.published == dt.date(2024, 3, 12)
    assert len(first.text.split("\n\n")) == 2
    assert second.published == dt.date(2024, 3, 13)
    assert second.text.startswith("Both pumping stations")


# --- mail ------------------------------------------------------------------------------


def test_eml_list_message() -> None:
    (article,) = load("message.eml")
    assert article.title == "Council opens third shelter as Eldermere river keeps rising"
    assert (article.published, article.published_from) == (dt.date(2024, 3, 13), "header")
    assert article.text.startswith("The council in Eldermere opened a third emergency shelter")
    for residue in ("mailing list", "listinfo", "valley-news@", "Bob wrote", "Any news", "Ana"):
        assert residue not in article.text
    assert len(article.text.split("\n\n")) == 2


def test_eml_without_headers_is_read_as_text() -> None:
    body = (
        b"Shelters open\n\nThe school gym took in 140 people on Tuesday night, the council said.\n"
    )
    (article,) = parse(raw_document(body, "saved.eml"))
    assert article.title == "Shelters open" and article.text.startswith("The school gym")
    assert "no mail headers; read as plain text" in article.warnings


def test_mbox_messages() -> None:
    first, second = load("list.mbox")
    assert first.title == "Eldermere: roads reopen"
    assert second.title == "Eldermere: roads reopen"  # "Re:" dropped
    assert first.published == dt.date(2024, 3, 14) and first.published_from == "header"
    # An mbox-escaped ">From" line is the body's text, not a quote.
    assert "From the office's statement" in second.text


# --- JSON Lines ----------------------------------------------------------------------


def test_jsonl_bad_lines_are_warnings_with_line_numbers() -> None:
    first, second = load("articles.jsonl")
    assert first.title == "River wall gives way" and first.outlet == "Valley Courier"
    assert first.published == dt.date(2024, 3, 12) and first.published_from == "metadata"
    assert second.title == "Shelters open" and second.outlet == "Northern Wire"
    assert second.published == dt.date(2024, 3, 13)
    assert any(w.startswith("line 2: not valid JSON") for w in first.warnings)
    assert any(w.startswith("line 3: no text field") for w in first.warnings)


def test_pretty_printed_json() -> None:
    record = {
        "title": "Shelters open",
        "text": "The school gym took in 140 people, the council said.",
    }
    data = json.dumps([record, {"no": "text"}], indent=2).encode()
    (article,) = parse(raw_document(data, "export"))  # no extension: the bytes decide
    assert article.title == "Shelters open"
    assert any(w.startswith("item 2: no text field") for w in article.warnings)
    # One pretty-printed object looks like JSON Lines at first; it is read whole.
    (single,) = parse(raw_document(json.dumps(record, indent=2).encode(), "export"))
    assert single.title == "Shelters open"


def test_jsonl_with_no_good_line_is_refused() -> None:
    raw = raw_document(b'{"title": "x"}\n{"broken\n', "bad.jsonl")
    with pytest.raises(InputError, match="JSON Lines file with no article"):
        parse(raw)


# --- plain text ------------------------------------------------------------------------


def test_digest_is_split_and_list_furniture_removed() -> None:
    first, second = load("digest.txt")
    assert first.title == "Eldermere River Wall Gives Way" and first.byline == "Tomas Brandt"
    assert (first.published, first.published_from) == (dt.date(2024, 3, 12), "dateline")
    assert second.title == "Army Sent To Help Evacuate Eldermere"
    assert second.published == dt.date(2024, 3, 13)
    assert "The mayor, Ruth Okafor, told reporters" in first.text  # link text kept
    joined = first.text + second.text
    for residue in ("](", "Photo:", "mailing list", "listinfo", "next part", "Valley-News"):
        assert residue not in joined
    assert second.text.endswith("a council spokeswoman said.")


def test_section_label_title_byline_and_list_items() -> None:
    (article,) = load("wrapped.txt")
    assert article.title == "Why Eldermere Keeps Flooding"
    assert article.byline == "Lena Varga and Tomas Brandt"
    assert (article.published, article.published_from) == (dt.date(2024, 3, 14), "dateline")
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("Every few years") and paragraphs[0].endswith("its budget.")
    assert paragraphs[2] == "- moving the pumping stations above the flood line"
    assert "Share this" not in article.text and "Related" not in article.text
    assert "Opinion" not in article.text


def test_short_text_has_no_language() -> None:
    (article,) = parse(raw_document(b"Title\n\nThe river rose a metre overnight in the town.", "x"))
    assert article.language is None


_PREFIXES = [
    b"",
    b"<rss version='2.0'><channel><item><title>",
    b"<html><body><p>",
    b"From a@b.example Thu Mar 14 10:30:00 2024\n",
    b"From: x@y.example\nSubject: y\n\n",
    b'{"text": "',
    b"\xff\xfe",
    b"[List] subject\n\nname at host.example\n",
]


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(_PREFIXES),
    st.binary(max_size=400),
    st.sampled_from(["fuzz", "a.html", "a.rss", "a.jsonl", "a.eml", "a.txt"]),
)
def test_arbitrary_bytes_give_articles_or_an_input_error(
    prefix: bytes, data: bytes, name: str
) -> None:
    try:
        articles = parse(raw_document(prefix + data, name))
    except InputError as exc:
        assert exc.reason
    else:
        assert all(a.text and a.origin == name for a in articles)


def test_garbled_feed_encoding_declaration() -> None:
    # Found by fuzzing: feedparser itself raised UnicodeDecodeError here.
    data = b'<?xml version="1.0" encoding="\x90tf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
    with pytest.raises(InputError, match="malformed feed"):
        parse(raw_document(data + b"<entry><title>x</title></entry></feed>", "x.atom"))


def test_characters_xml_refuses_do_not_break_html() -> None:
    # Found by fuzzing: a form feed made lxml raise while reading the page.
    page = "<html><body><p>Water\x0c rose again in the lower streets of the town overnight.</p>"
    (article,) = parse(raw_document(page.encode(), "ff.html"))
    assert "rose again in the lower streets" in article.text


def test_truncated_feed_with_entries_is_read_with_a_warning() -> None:
    data = (FIXTURES / "feed.rss").read_bytes()
    cut = data[: data.index(b"<item>", data.index(b"</item>"))] + b"<item><title>Half"
    articles = parse(raw_document(cut, "cut.rss"))
    assert len(articles) >= 1
    assert articles[0].title == "River wall gives way in Eldermere"
    assert any("not well-formed" in w for w in articles[0].warnings)


def test_list_header_date_is_used_when_the_article_has_none() -> None:
    text = (
        "[Valley-News] Shelters in Eldermere\n\n"
        "Ana Pereira at example.org\n"
        "Wed Mar 13 19:02:11 CET 2024\n\n\n"
        "The council in Eldermere opened a third emergency shelter on Wednesday evening after\n"
        "the river rose another twenty centimetres during the afternoon, a spokeswoman said.\n\n"
        "More information about the Valley-News mailing list\n"
    )
    (article,) = parse(raw_document(text.encode(), "archive.txt"))
    assert (article.published, article.published_from) == (dt.date(2024, 3, 13), "header")
    assert article.title == "Shelters in Eldermere"  # the subject, list tag removed
    assert "mailing list" not in article.text and "Pereira" not in article.text


def test_wire_copy_opening_with_a_company_in_angle_brackets_is_text() -> None:
    """Reuters writes companies as "<Video Shopping Mall Inc>": a report that
    opens with one is neither markup nor XML (two of the first 10,000
    Reuters-21578 items were refused as having no article text)."""
    body = (
        "<Video Shopping Mall Inc> said it signed WJTC-TV, Pensacola, Fla, to carry its "
        "self-improvement and specialized business opportunity programs. The station "
        "reaches about 120,000 households, <Video Shopping Mall Inc> said."
    )
    record = {"title": "Video Shopping Mall Adds Florida Station", "text": body}
    for raw in (
        raw_document(json.dumps(record).encode(), "wire.json"),
        raw_document(body.encode(), "wire.txt"),
        raw_document(body.encode(), "wire"),
    ):
        (article,) = parse(raw)
        assert "120,000 households" in article.text, raw.origin
    # markup in a text field is still read as markup, and real XML as XML
    more = "Fishing boats from Heraklion joined the coast guard in the search overnight."
    markup = f"<p>Rescuers pulled <b>27 people</b> from the sea.</p><p>{more}</p>"
    html = {"title": "t", "text": markup}
    (article,) = parse(raw_document(json.dumps(html).encode(), "page.json"))
    assert article.text.startswith("Rescuers pulled 27 people from the sea.")
    assert "<b>" not in article.text
    assert refused("not_a_feed.xml") == "XML document that is not an RSS or Atom feed"
