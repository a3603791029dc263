"""The optional summary rewrite, end to end through `storyline brief`, against a
loopback HTTP server that answers like an OpenAI-compatible chat endpoint."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.text.datelines import without_dateline
from tests.conftest import DEMO_REPORTS

Answer = Callable[[list[str]], str]


@pytest.fixture
def endpoint() -> Iterator[tuple[str, list[dict], list[Answer]]]:
    """A chat server on 127.0.0.1; ``answer[0]`` turns the source lines into the reply."""
    seen: list[dict] = []
    answer: list[Answer] = [lambda lines: lines[0]]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
            lines = [x.removeprefix("- ") for x in body["messages"][-1]["content"].split("\n")]
            reply = {"choices": [{"message": {"role": "assistant", "content": answer[0](lines)}}]}
            data = json.dumps(reply).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v1", seen, answer
    finally:
        server.shutdown()
        server.server_close()


def _brief(tmp_path: Path, url: str, *extra: str) -> dict:
    result = CliRunner(env={"STORYLINE_REWRITE_KEY": "sekret"}).invoke(
        main,
        [
            "brief",
            "--db",
            str(tmp_path / "s.db"),
            "--one",
            "--format",
            "json",
            "--no-progress",
            "--rewrite-url",
            url,
            *extra,
            str(DEMO_REPORTS / "01-meridian-wire.txt"),
            str(DEMO_REPORTS / "02-pontic-news.md"),
        ],
    )
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def test_supported_rewrites_replace_the_extracted_text(tmp_path: Path, endpoint) -> None:  # type: ignore[no-untyped-def]
    url, seen, answer = endpoint
    # a faithful model: the first source sentence, without what follows its last comma
    answer[0] = lambda lines: lines[0].rsplit(",", 1)[0].rstrip(".") + "."
    brief = _brief(tmp_path, url, "--rewrite-model", "tiny")
    assert seen, "the endpoint was never called"
    assert {r["path"] for r in seen} == {"/v1/chat/completions"}
    assert {r["model"] for r in seen} == {"tiny"}
    assert {r["auth"] for r in seen} == {"Bearer sekret"}
    assert len(seen) == len(brief["summary"])
    texts = {s["id"]: s["text"] for s in brief["sentences"]}
    rewritten = [s for s in brief["summary"] if s["text"] not in texts.values()]
    assert rewritten, "no supported rewrite was kept"
    for item in rewritten:
        first = texts[item["sources"][0]]
        assert first.startswith(item["text"][:-1]), (item["text"], first)


def test_unsupported_rewrites_are_dropped_and_said(tmp_path: Path, endpoint) -> None:  # type: ignore[no-untyped-def]
    url, seen, answer = endpoint
    # a model that adds a number the sources never gave
    answer[0] = lambda lines: lines[0].rstrip(".") + ", and 9,731 people were hurt."
    brief = _brief(tmp_path, url, "--rewrite-model", "tiny")
    # the extracted text, less a dateline ("HERAKLION, Greece — A fire ...")
    texts = {without_dateline(s["text"]) for s in brief["sentences"]}
    assert brief["summary"] and all(s["text"] in texts for s in brief["summary"])
    dropped = [w for w in brief["warnings"] if "rewrite dropped" in w]
    assert len(dropped) == len(brief["summary"]) == len(seen)
    assert all("number not in the sources: 9731" in w for w in dropped), dropped


def test_rewrite_needs_a_model_and_an_http_url(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["brief", "--db", str(tmp_path / "s.db"), str(DEMO_REPORTS / "01-meridian-wire.txt")]
    no_model = runner.invoke(main, [*args, "--rewrite-url", "http://127.0.0.1:9/v1"])
    assert no_model.exit_code == 2 and "rewrite_model" in no_model.output
    bad_url = runner.invoke(main, [*args, "--rewrite-url", "ftp://x", "--rewrite-model", "m"])
    assert bad_url.exit_code == 2 and "http(s) URL" in bad_url.output
