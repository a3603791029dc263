"""Follow a stream: Reuters-21578 replayed through the path ``watch`` takes.

The 21,578 Reuters wire items of 1987 (``../shared/data/reuters21578``, SGML,
Latin-1) are read in time order and replayed in batches of 50 through
:func:`storyline.pipeline.stream.submit` and the stream's
:class:`~storyline.pipeline.stream.Worker` (what a ``watch`` poll runs).  Each
item becomes one JSONL report (title, dateline date, body, outlet Reuters).

Recorded (``bench/results/stream.json``):

* latency from a batch's arrival to its stories' updated briefs, p50 and p95
  over the 10 batches ending at 1k, 5k and 10k stored, with the analysis time
  split out (``analyse``) so the figures can be recomputed when analysis gets
  faster (issue 12, point 7: another branch);
* peak RSS of the replay process; articles/s overall;
* a single report uploaded through ``POST /api/uploads`` (the web app and its
  worker thread) until its story's brief is rebuilt, at 1k and 10k stored;
* side by side, today's full rebuild (:func:`storyline.pipeline.run.update_briefs`,
  what every upload and watch poll ran before) over the first 1,000 items, in a
  child process (its peak memory apart): the latency one batch had then.

    python bench/stream.py              # the full run: 10,000 items (hours here)
    python bench/stream.py --limit 600  # a quick look (milestones scale down)
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "reuters21578" / "sgm-data"
RESULTS = ROOT / "bench" / "results" / "stream.json"
BATCH = 50
#: Batches per latency window (the 10 batches ending at a milestone).
WINDOW = 10

_ITEM = re.compile(r"<REUTERS\b.*?</REUTERS>", re.DOTALL)


#: the web app answers to the names it is known by (not TestClient's "testserver")
BASE = "http://127.0.0.1:8000"
LOCAL = ("127.0.0.1", 50000)

def _field(name: str, item: str) -> str | None:
    found = re.search(rf"<{name}>(.*?)</{name}>", item, re.DOTALL)
    return html.unescape(found.group(1)).strip() if found else None


def read_reuters(limit: int | None = None) -> list[dict[str, str]]:
    """Items with a body, in time order: title, published (ISO date), text."""
    items: list[tuple[dt.datetime, int, dict[str, str]]] = []
    for path in sorted(DATA.glob("reut2-*.sgm")):
        raw = path.read_bytes().decode("latin-1")
        for match in _ITEM.finditer(raw):
            item = match.group(0)
            body = _field("BODY", item)
            date = _field("DATE", item)
            if not body or not date:
                continue
            try:
                when = dt.datetime.strptime(date.split(".")[0], "%d-%b-%Y %H:%M:%S")
            except ValueError:
                continue
            newid = int(re.search(r'NEWID="(\d+)"', item).group(1))  # type: ignore[union-attr]
            text = body.replace("\x03", "").replace("Reuter\n", "").strip()
            # the wire hard-wraps lines and indents paragraphs: keep paragraphs
            paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s{3,}", text)]
            record = {
                "title": " ".join((_field("TITLE", item) or "").split()).title() or "",
                "published": when.date().isoformat(),
                "text": "\n\n".join(p for p in paragraphs if p),
                "outlet": "Reuters",
                "id": f"reuters-{newid}",
            }
            items.append((when, newid, record))
    items.sort(key=lambda x: (x[0], x[1]))
    out = [r for _, _, r in items]
    return out[:limit] if limit else out


def as_raw(item: dict[str, str]) -> object:
    from storyline import ingest

    line = json.dumps({k: v for k, v in item.items() if k != "id" and v}, ensure_ascii=False)
    return ingest.raw_document((line + "\n").encode("utf-8"), f"{item['id']}.jsonl")


def current_rss_mb() -> float:
    """Resident memory now (not the peak): the replay's growth batch by batch."""
    with open("/proc/self/statm") as stat:
        return int(stat.read().split()[1]) * resource.getpagesize() / 2**20


def rss_mb() -> float:
    """This process's peak resident memory (``VmHWM``): ``ru_maxrss`` of a
    child started by ``subprocess`` also counts its parent's peak at the fork
    (the old path's figure was the replay's)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered), 3), "p95": round(p95, 3), "n": len(ordered)}


def single_report(db: str, item: dict[str, str]) -> dict[str, float]:
    """POST one report to the web app; seconds until its story's brief is rebuilt."""
    from fastapi.testclient import TestClient

    from storyline.web.app import make_app
    from storyline.web.backend import StoreBackend

    backend = StoreBackend(db)
    backend.ready.wait(600)  # the worker has loaded the index and the model
    app = make_app(backend)
    line = json.dumps({k: v for k, v in item.items() if k != "id" and v}) + "\n"
    try:
        with TestClient(app, client=LOCAL, base_url=BASE) as client:
            started = time.perf_counter()
            response = client.post(
                "/api/uploads", files={"files": (f"{item['id']}.jsonl", line.encode())}
            )
            posted = time.perf_counter() - started
            assert response.status_code == 202, response.text
            (article_id,) = response.json()["files"][0]["new_articles"]
            while True:
                story = backend.story_of_article(article_id)
                if story is not None:
                    rows = backend.story_rows(1, 0, [story.id])
                    status = rows[0][1]
                    if not status.updating and status.brief_updated_at:
                        break
                time.sleep(0.02)
            total = time.perf_counter() - started
            return {
                "post_s": round(posted, 3),
                "to_brief_s": round(total, 3),
                "story_size": status.size,
            }
    finally:
        backend.stop_worker()
        backend.store.close()


def old_path(count: int) -> dict[str, float]:
    """Today's full rebuild over the first ``count`` items (run in a child process)."""
    from storyline.pipeline import run as pipeline
    from storyline.store import Store

    items = read_reuters(count)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "old.db"))
        for item in items:
            pipeline.ingest_raw(store, as_raw(item))  # type: ignore[arg-type]
        started = time.perf_counter()
        stories = pipeline.update_briefs(store)
        seconds = time.perf_counter() - started
        store.close()
    return {
        "articles": len(items),
        "update_briefs_s": round(seconds, 2),
        "stories": len(stories),
        "peak_rss_mb": round(rss_mb(), 1),
        "note": "one update_briefs over the stored articles: what one batch (or one "
        "upload) cost at this size before the stream; the cost of the n-th batch grew with n",
    }


def pile_brief(count: int) -> dict[str, object]:
    """``storyline brief`` over ``count`` items in a child process: its peak RSS
    and wall time (issue 12: under 2 GB at 10,000)."""
    items = read_reuters(count)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pile"
        folder.mkdir()
        for item in items:
            raw = as_raw(item)
            (folder / raw.origin).write_bytes(raw.data)  # type: ignore[attr-defined]
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "storyline.cli", "brief", str(folder), "--db",
             str(Path(tmp) / "pile.db"), "--format", "json", "--no-progress"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode not in (0, 1):
        raise SystemExit(f"storyline brief failed: {done.stderr.decode()[-2000:]}")
    return {
        "articles": len(items),
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(max(peak, before) / 1024, 1),
        "note": "peak RSS of the child process (the largest child so far, so run first)",
    }


def replay(limit: int, milestones: list[int], singles: list[int], db: str) -> dict[str, object]:
    from storyline.pipeline import stream
    from storyline.store import Store

    items = read_reuters(limit + len(singles))
    replayed, spare = items[:limit], items[limit:]
    store = Store(db)
    worker = stream.Worker(store)
    _ = worker.nlp  # the model loads once, before the clock
    batches: list[dict[str, float]] = []
    single: dict[str, object] = {}
    started = time.perf_counter()
    analyse_total = 0.0
    for number in range(0, len(replayed), BATCH):
        chunk = replayed[number : number + BATCH]
        arrived = time.perf_counter()
        for item in chunk:
            stream.submit(store, as_raw(item))  # type: ignore[arg-type]
        report = worker.drain(limit=BATCH)
        seconds = time.perf_counter() - arrived
        analyse = report.seconds.get("analyse", 0.0)
        analyse_total += analyse
        stored = number + len(chunk)
        batches.append(
            {
                "stored": stored,
                "seconds": round(seconds, 3),
                "analyse_s": round(analyse, 3),
                "cluster_s": round(report.seconds.get("cluster", 0.0), 3),
                "brief_s": round(report.seconds.get("brief", 0.0), 3),
                "briefs": report.briefs,
                "rss_mb": round(current_rss_mb()),
            }
        )
        print(
            f"{stored:6d} stored  batch {seconds:6.2f} s (analyse {analyse:5.2f} s, "
            f"{report.briefs} briefs)  rss {rss_mb():.0f} MB",
            file=sys.stderr,
            flush=True,
        )
        watch_peak = rss_mb()  # the replay's own peak, before a web app joins below
        for at in singles:
            if stored == at and spare:
                single[str(at)] = single_report(db, spare.pop(0))
                worker.reload()  # the web app's worker added a report
                print(f"single report at {at}: {single[str(at)]}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    windows = {}
    for at in milestones:
        window = [b for b in batches if at - WINDOW * BATCH < b["stored"] <= at]
        windows[str(at)] = {
            "latency_s": percentiles([b["seconds"] for b in window]),
            "without_analysis_s": percentiles([b["seconds"] - b["analyse_s"] for b in window]),
            "analysis_s": percentiles([b["analyse_s"] for b in window]),
        }
    stories = store.count_stories()
    store.close()
    return {
        "articles": len(replayed),
        "stories": stories,
        "seconds": round(elapsed, 1),
        "articles_per_s": round(len(replayed) / elapsed, 2),
        "analysis_share": round(analyse_total / elapsed, 3),
        "peak_rss_mb": round(rss_mb(), 1),
        "watch_peak_rss_mb": round(watch_peak, 1),
        "peak_rss_note": "watch_peak_rss_mb: the replay (the watch path) alone; peak_rss_mb "
        "also counts the in-process web app of the single-report timings",
        "latency_at": windows,
        "all_batches": percentiles([b["seconds"] for b in batches]),
        "single_report": single,
        "batches": batches,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=10_000, help="items replayed")
    parser.add_argument("--old", type=int, default=1000, help="items for the full rebuild")
    parser.add_argument("--no-old", action="store_true", help="skip the full rebuild")
    parser.add_argument("--old-only", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--keep-db", help="keep the replayed store here (bench/scale.py reads it)")
    parser.add_argument(
        "--pile", type=int, default=10_000, help="items for the `storyline brief` run (0: skip)"
    )
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"bench/stream.py: {DATA} is absent (see ../shared/data/README)")
    if args.old_only:
        print(json.dumps(old_path(args.old_only)))
        return
    scale = [1000, 5000, 10_000]
    milestones = [m for m in scale if m <= args.limit] or [args.limit - args.limit % BATCH]
    singles = [m for m in (1000, 10_000) if m <= args.limit] or [milestones[-1]]
    pile = pile_brief(args.pile) if args.pile else {}
    if pile:
        print(f"storyline brief on {pile['articles']} items: {pile}", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep_db or str(Path(tmp) / "stream.db")
        if args.keep_db and Path(db).exists():
            Path(db).unlink()
        result = replay(args.limit, milestones, singles, db)
    result["pile_brief"] = pile
    old: dict[str, object] = {}
    if not args.no_old:
        count = min(args.old, args.limit)
        child = subprocess.run(
            [sys.executable, __file__, "--old-only", str(count)],
            capture_output=True,
            text=True,
            check=True,
        )
        old = json.loads(child.stdout.strip().splitlines()[-1])
    result["update_briefs_first"] = old
    at = milestones[0]
    stream_at = result["latency_at"][str(at)]["latency_s"]  # type: ignore[index]
    print()
    print(
        f"replayed {result['articles']} Reuters items in batches of {BATCH}: "
        f"{result['articles_per_s']} articles/s, peak RSS {result['watch_peak_rss_mb']} MB "
        f"({result['peak_rss_mb']} MB with the single-report web app)"
    )
    print(f"{'stored':>8} {'p50 s':>8} {'p95 s':>8} {'p50 w/o analysis':>18} {'p95 w/o':>8}")
    for key, window in result["latency_at"].items():  # type: ignore[union-attr]
        lat, rest = window["latency_s"], window["without_analysis_s"]
        print(
            f"{key:>8} {lat.get('p50', 0):8.2f} {lat.get('p95', 0):8.2f} "
            f"{rest.get('p50', 0):18.2f} {rest.get('p95', 0):8.2f}"
        )
    for key, value in result["single_report"].items():  # type: ignore[union-attr]
        print(f"single report POST -> brief at {key} stored: {value['to_brief_s']} s")
    if old:
        print(
            f"today's update_briefs at {old['articles']} stored: {old['update_briefs_s']} s "
            f"per batch (stream p50 at {at}: {stream_at.get('p50')} s); "
            f"peak RSS {old['peak_rss_mb']} MB"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
