"""The web UI in a real browser: headless Debian Chromium driven by Playwright.

The app runs under uvicorn on a free loopback port in a thread.  Browsers
cannot be downloaded here, so Playwright launches ``/usr/bin/chromium``
(``make test`` installs it); without it these tests skip and say why.
Screenshots go to ``bench/results/`` for the record -- look at them.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.web import create_app
from tests.conftest import DEMO_REPORTS
from tests.conftest_web import HOSTILE, fill_store

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: Screenshots for the record go to bench/results/ only when asked for
#: (STORYLINE_SCREENSHOTS=1), so a plain test run leaves the work tree clean.
RESULTS = (
    Path(__file__).resolve().parents[1] / "bench" / "results"
    if os.environ.get("STORYLINE_SCREENSHOTS")
    else Path(tempfile.gettempdir()) / "storyline-screenshots"
)
#: Generous for a machine shared by many jobs; a page itself renders in ms.
TIMEOUT_MS = 30_000

if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is absent: install Debian's chromium (make test does: "
        "apt-get install chromium chromium-driver) to run the browser tests",
        allow_module_level=True,
    )
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


class Server:
    """uvicorn serving one app on 127.0.0.1 in a daemon thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    path = tmp_path / "browser.db"
    fill_store(path).close()
    with Server(create_app(str(path))) as running:
        yield running


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("pageerror", lambda e: failed.append(f"script error: {e}"))
    yield page
    context.close()
    assert not failed, f"requests failed or scripts broke: {failed}"


def shot(page: Any, name: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)


def test_chip_opens_the_article_at_the_sentence_highlighted(server: Server, page: Any) -> None:
    page.goto(f"{server.url}/")
    shot(page, "web-index")
    page.click("a.story-link:has-text('Fire at a Gdańsk port warehouse')")
    page.wait_for_url(re.compile(r"/stories/st-port-fire$"))
    shot(page, "web-story")
    chip = page.locator("ol.summary li").first.locator("a.chip", has_text="Gdańsk Daily")
    sentence_id = chip.get_attribute("data-sentence")
    chip.click()
    page.wait_for_url(re.compile(r"/articles/c3c3c3c3c3c3\?story=st-port-fire#s-2$"))
    target = page.locator(f'.sentence[data-sentence="{sentence_id}"]')
    assert target.inner_text().startswith("Port officials said the fire started")
    # highlighted: the :target rule and the script's class both apply
    assert "highlight" in (target.get_attribute("class") or "")
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    other = page.locator('.sentence[data-sentence="c3c3c3c3c3c3/s0"]')
    assert other.evaluate("el => getComputedStyle(el).backgroundColor") != background
    assert target.is_visible()
    shot(page, "web-article")


def test_story_shows_map_markers_and_contested_claims(server: Server, page: Any) -> None:
    page.goto(f"{server.url}/stories/st-port-fire")
    markers = page.locator("#map figure svg .marker, #map figure svg circle")
    assert markers.count() >= 2
    names = page.locator("#map ul.places li strong").all_inner_texts()
    assert names == ["Gdańsk", "Gdynia"]
    contested = page.locator("#ledger article.status-contested")
    assert contested.count() == 2
    first = contested.first
    assert first.locator(".versus").is_visible()
    speakers = first.locator(".speaker").all_inner_texts()
    assert len(speakers) >= 2  # both sides carry their speakers
    assert page.locator("#ledger article.group").first.get_attribute("class") == (
        "group status-contested"
    )
    # hostile report text is shown as text, and no script of its ran
    assert HOSTILE in page.locator("#summary").inner_text()
    assert page.evaluate("document.querySelectorAll('script').length") == 1
    timeline = page.locator("#timeline svg.axis circle.tick")
    assert timeline.count() == 2


def test_upload_shows_per_file_errors(server: Server, page: Any, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    page.goto(f"{server.url}/upload")
    page.set_input_files("#files", [str(empty)])
    row = page.locator('#results tr[data-file="empty.txt"]')
    row.wait_for()
    assert row.locator("td").nth(1).inner_text() == "error"
    assert "empty file" in row.locator("td").nth(2).inner_text()
    assert page.locator("#progress").evaluate("el => el.value") == 100
    # the same through a drop on the drop zone, as a browser makes it
    dropped = page.evaluate_handle(
        """() => { const dt = new DataTransfer();
                   dt.items.add(new File([new Uint8Array([0, 1, 2, 0, 255])], "blob.bin"));
                   return dt; }"""
    )
    page.dispatch_event("#drop", "drop", {"dataTransfer": dropped})
    row = page.locator('#results tr[data-file="blob.bin"]')
    row.wait_for()
    assert row.locator("td").nth(1).inner_text() == "error"
    assert "binary" in row.locator("td").nth(2).inner_text()
    shot(page, "web-upload-error")


@pytest.mark.slow
def test_uploaded_report_appears_in_the_stories(server: Server, page: Any, tmp_path: Path) -> None:
    """Through the real pipeline: the file is ingested, stories are rebuilt,
    and the report can be found from the story list."""
    report = tmp_path / "harbour.txt"
    report.write_text(
        "Harbour cranes stopped in Gdynia\n\n"
        "Cranes at the container terminal in Gdynia stopped on Thursday after a power cut, "
        "the terminal operator said.\n\n"
        "Workers said the outage lasted four hours.\n",
        encoding="utf-8",
    )
    page.goto(f"{server.url}/upload")
    page.set_input_files("#files", [str(report)])
    row = page.locator('#results tr[data-file="harbour.txt"]')
    row.wait_for(timeout=300_000)  # the first upload loads spaCy and re-briefs the store
    assert row.locator("td").nth(1).inner_text() == "ok"
    shot(page, "web-upload")
    hits = page.request.get(f"{server.url}/api/articles/search?q=cranes").json()["items"]
    (article_id,) = [a["id"] for a in hits]
    page.goto(f"{server.url}/?q=cranes")
    page.locator("a.story-link").first.click()
    page.wait_for_url(re.compile(r"/stories/"))
    assert page.locator(f'#sources a[href^="/articles/{article_id}"]').count() == 1


@pytest.mark.slow
def test_demo_corpus_summary_leads_to_its_sources_in_two_clicks(
    browser: Any, tmp_path: Path
) -> None:
    """The issue's done-when: after ``make demo``, from the story list any
    summary sentence reaches its source sentence in two clicks."""
    if not DEMO_REPORTS.exists():
        pytest.skip(f"{DEMO_REPORTS} is absent")
    from storyline.pipeline.run import ingest_paths, update_briefs
    from storyline.store import Store

    path = tmp_path / "demo.db"
    with Store(path) as store:
        ingest_paths(store, [str(DEMO_REPORTS)])
        stories = update_briefs(store)
    assert stories
    biggest = max(stories, key=lambda s: len(s.article_ids))
    with Server(create_app(str(path))) as running:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{running.url}/")
        page.click(f'tr[data-story="{biggest.id}"] a.story-link')  # click 1
        page.wait_for_url(re.compile(rf"/stories/{re.escape(biggest.id)}$"))
        shot(page, "web-demo-story")
        lines = page.locator("ol.summary li")
        assert lines.count() > 0
        for index in range(lines.count()):
            assert lines.nth(index).locator("a.chip").count() > 0, "a summary line without sources"
        chip = lines.first.locator("a.chip").first
        sentence_id = chip.get_attribute("data-sentence")
        chip.click()  # click 2
        # the page has loaded (and its script has run) before the class is read
        page.wait_for_url(re.compile(r"/articles/[^/?#]+\?story=[^#]+#s-\d+$"))
        target = page.locator(f'.sentence[data-sentence="{sentence_id}"]')
        assert "highlight" in (target.get_attribute("class") or "")
        shot(page, "web-demo-article")
        context.close()
