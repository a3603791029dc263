"""Latency of the web UI and API for a 50-article story under concurrent load.

The story is made of 50 real news articles (Multi-News dev documents, taken in
file order) ingested through the same path as an upload (JSONL through
``ingest_bytes``), analysed by spaCy and briefed by the real stages
(``brief.assemble``) as one story, so the page and the JSON carry a real
summary, timeline, entities and claims ledger of that size.  Multi-News
clusters are on different events; putting 50 of them in one story is what
makes the brief as large as a big developing story's.

The server is ``uvicorn`` in its own process on 127.0.0.1 (the client must not
share its interpreter); 20 clients send a bounded number of requests to the
story page and to the brief JSON, one endpoint after the other, after a
warm-up.  Prints p50/p95/p99 and throughput, writes bench/results/web.json.

    python bench/web.py [--requests 1000] [--clients 20] [--db PATH (reuse a built store)]
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import csv
import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "multinews-dev" / "sample_validation.csv"
RESULTS = ROOT / "bench" / "results" / "web.json"
STORY_ID = "bench-50"
SOLO_REQUESTS = 100
ARTICLES = 50


def load_articles(n: int) -> list[dict[str, str]]:
    """The first ``n`` Multi-News dev documents of at least 150 words, as JSONL fields."""
    csv.field_size_limit(sys.maxsize)
    out: list[dict[str, str]] = []
    day = dt.date(2016, 3, 1)
    with DATA.open(newline="", encoding="utf-8") as f:
        for cluster, row in enumerate(csv.DictReader(f)):
            for doc in ast.literal_eval(row["documents"]):
                paragraphs = [" ".join(p.split()) for p in doc.split("\n \n")]
                text = "\n\n".join(p for p in paragraphs if p)
                if len(text.split()) < 150:
                    continue
                out.append(
                    {
                        "text": text,
                        "title": paragraphs[0][:120] if paragraphs else "",
                        "outlet": f"Multi-News source {len(out) + 1}",
                        "published": (day + dt.timedelta(days=cluster % 20)).isoformat(),
                    }
                )
                if len(out) == n:
                    return out
    raise SystemExit(f"only {len(out)} usable documents in {DATA}")


def build_store(path: Path) -> dict[str, int]:
    """Ingest, analyse and brief 50 articles as one story; returns the brief's sizes."""
    from storyline.pipeline.assemble import assemble
    from storyline.pipeline.run import analyze_articles, ingest_bytes
    from storyline.records import Story
    from storyline.store import Store

    rows = load_articles(ARTICLES)
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    with Store(path) as store:
        report = ingest_bytes(store, "bench-50.jsonl", data)
        if report.errors:
            raise SystemExit(f"ingest failed: {report.errors}")
        articles = store.articles()
        started = time.perf_counter()
        analyzed = analyze_articles(articles)
        dates = [a.article.published for a in analyzed if a.article.published]
        story = Story(
            id=STORY_ID,
            title="Fifty reports (Multi-News dev) as one story",
            article_ids=tuple(a.id for a in analyzed),
            start=min(dates) if dates else None,
            end=max(dates) if dates else None,
        )
        brief = assemble(analyzed, stories=[story])
        print(f"built the brief in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        store.save_stories([story])
        store.save_brief(STORY_ID, brief)
        return {
            "articles": len(brief.articles),
            "sentences": len(brief.sentences),
            "summary": len(brief.summary),
            "timeline": len(brief.timeline),
            "entities": len(brief.entities),
            "claims": len(brief.claims),
            "claim_groups": len(brief.claim_groups),
        }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SERVER = """
import sys, uvicorn
from storyline.web import create_app
uvicorn.run(create_app(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning", access_log=False)
"""


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(port)])
    import httpx

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
        if server.poll() is not None:
            raise SystemExit("the server exited during start-up")
    server.terminate()
    raise SystemExit("the server did not start within 120 s")


async def load(url: str, requests: int, clients: int) -> dict[str, float]:
    """``clients`` concurrent loops share a budget of ``requests`` GETs of ``url``."""
    import httpx

    latencies: list[float] = []
    errors = 0
    size = 0
    budget = iter(range(requests))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors, size
        for _ in budget:
            started = time.perf_counter()
            response = await http.get(url)
            latencies.append(time.perf_counter() - started)
            size = len(response.content)
            errors += response.status_code != 200

    async with httpx.AsyncClient(limits=limits, timeout=120) as http:
        for _ in range(clients):  # warm-up: connections, caches, first render
            await http.get(url)
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        wall = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "errors": errors,
        "bytes": size,
        "p50_ms": round(cuts[49] * 1000, 1),
        "p95_ms": round(cuts[94] * 1000, 1),
        "p99_ms": round(cuts[98] * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
        "requests_per_s": round(len(latencies) / wall, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests per endpoint")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--db", type=Path, help="reuse (or build once into) this store")
    args = parser.parse_args()
    if not DATA.exists():
        raise SystemExit(f"{DATA} is absent: the benchmark reads the shared Multi-News dev set")

    folder = Path(tempfile.mkdtemp(prefix="storyline-web-bench-"))
    db = args.db or folder / "web.db"
    sizes: dict[str, int] = {}
    if not db.exists():
        sizes = build_store(db)
    else:
        from storyline.store import Store

        with Store(db) as store:
            brief = store.brief(STORY_ID)
        if brief is None:
            raise SystemExit(f"{db} has no story {STORY_ID!r}; remove it to rebuild")
        sizes = {
            "articles": len(brief.articles),
            "sentences": len(brief.sentences),
            "summary": len(brief.summary),
            "timeline": len(brief.timeline),
            "entities": len(brief.entities),
            "claims": len(brief.claims),
            "claim_groups": len(brief.claim_groups),
        }

    port = free_port()
    load_at_start = os.getloadavg()[0]
    server = start_server(db, port)
    try:
        endpoints = {
            "story page": f"http://127.0.0.1:{port}/stories/{STORY_ID}",
            "brief JSON": f"http://127.0.0.1:{port}/api/stories/{STORY_ID}/brief",
        }
        results = {
            name: asyncio.run(load(url, args.requests, args.clients))
            for name, url in endpoints.items()
        }
        # One client alone gives the service time without queueing, which is
        # what the concurrent figures divide among the clients.
        for name, url in endpoints.items():
            results[f"{name}, 1 client"] = asyncio.run(load(url, SOLO_REQUESTS, 1))
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(
        f"\n{sizes['articles']}-article story ({sizes['sentences']} sentences, "
        f"{sizes['claims']} claims, {sizes['entities']} entities); "
        f"{args.clients} clients, {args.requests} requests per endpoint, loopback\n"
    )
    header = ("endpoint", "p50 ms", "p95 ms", "p99 ms", "req/s", "KB", "errors")
    print("{:<22} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7}".format(*header))
    for name, r in results.items():
        print(
            f"{name:<22} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8} "
            f"{r['requests_per_s']:>8} {r['bytes'] / 1024:>7.0f} {r['errors']:>7}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "web",
                "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "story": sizes,
                "clients": args.clients,
                "requests_per_endpoint": args.requests,
                "cpus": os.cpu_count(),
                "load_average_at_start": load_at_start,
                "load_average_at_end": os.getloadavg()[0],
                "server": "uvicorn, 1 process, 127.0.0.1",
                "endpoints": results,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
