"""WARC input: one article per HTML response record; a note per record that is not one."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

warcio = pytest.importorskip("warcio", reason="warcio is part of the plain install")

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from storyline import ingest  # noqa: E402
from storyline.records import IngestError, RawDocument  # noqa: E402

PAGE = """<!doctype html><html><head><title>Harbour cranes stop after storm damage</title>
<meta property="article:published_time" content="2026-03-04T08:00:00Z"></head><body>
<article><h1>Harbour cranes stop after storm damage</h1>
<p>Container cranes at the northern harbour stood still on Tuesday after overnight gusts
tore cladding from two of them, the port authority said in a statement.</p>
<p>Engineers were inspecting the rails and the control cabins, and a spokesman said work
could resume by Thursday if no structural damage was found.</p>
<p>Shipping lines diverted three vessels to the southern terminal while the checks went on,
according to the harbour master's office.</p></article></body></html>"""


def _response(writer: WARCWriter, uri: str, body: bytes, content_type: str) -> None:
    http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": "2026-03-05T10:11:12Z"},
    )
    writer.write_record(record)


def _crawl(path: Path) -> Path:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        request = writer.create_warc_record(
            "https://news.example/cranes",
            "request",
            payload=io.BytesIO(b"GET /cranes HTTP/1.1\r\nHost: news.example\r\n\r\n"),
        )
        writer.write_record(request)
        _response(writer, "https://news.example/cranes", PAGE.encode(), "text/html; charset=utf-8")
        _response(writer, "https://news.example/report.pdf", b"%PDF-1.4 ...", "application/pdf")
        revisit = writer.create_revisit_record(
            "https://news.example/cranes",
            digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            refers_to_uri="https://news.example/cranes",
            refers_to_date="2026-03-05T10:11:12Z",
        )
        writer.write_record(revisit)
    return path


def test_one_article_per_html_response_and_a_note_per_other_record(tmp_path: Path) -> None:
    crawl = _crawl(tmp_path / "crawl.warc.gz")
    items = list(ingest.iter_sources([str(crawl)]))
    docs = [i for i in items if isinstance(i, RawDocument)]
    notes = [i for i in items if isinstance(i, IngestError)]
    assert len(docs) == 1
    assert sorted(n.reason.split(" ")[0] for n in notes) == ["not", "revisit"]
    assert any("application/pdf" in n.reason for n in notes)
    (doc,) = docs
    assert doc.received_at == "2026-03-05T10:11:12Z"  # WARC-Date is the fetch date
    assert doc.origin.endswith("#https://news.example/cranes")
    (article,) = ingest.parse(doc)
    assert article.url == "https://news.example/cranes"  # from WARC-Target-URI
    assert article.title == "Harbour cranes stop after storm damage"
    assert str(article.published) == "2026-03-04"  # the page's metadata, not the fetch
    assert "gusts tore cladding" in article.text


def test_a_stored_record_parses_again_alone(tmp_path: Path) -> None:
    (doc,) = [i for i in ingest.iter_sources([str(_crawl(tmp_path / "c.warc.gz"))])
              if isinstance(i, RawDocument)]
    again = ingest.raw_document(doc.data, "stored")
    assert again.id == doc.id
    assert ingest.parse(again)[0].title == "Harbour cranes stop after storm damage"


def test_a_truncated_gzip_member_keeps_the_records_before_it(tmp_path: Path) -> None:
    crawl = _crawl(tmp_path / "full.warc.gz")
    data = crawl.read_bytes()
    good = tmp_path / "cut.warc.gz"
    # a second copy of the crawl, cut in the middle of its page record
    good.write_bytes(data + data[: len(data) // 2])
    items = list(ingest.iter_sources([str(good)]))
    docs = [i for i in items if isinstance(i, RawDocument)]
    notes = [i for i in items if isinstance(i, IngestError)]
    assert len(docs) >= 1  # the first copy's page
    assert notes[-1].reason.startswith("truncated WARC record"), notes


def test_a_file_named_warc_that_is_not_one_is_one_note(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.warc"
    bogus.write_bytes(b"hello, this is not a crawl\n" * 3)
    items = list(ingest.iter_sources([str(bogus)]))
    assert len(items) == 1 and isinstance(items[0], IngestError)
    assert str(bogus) in items[0].origin
