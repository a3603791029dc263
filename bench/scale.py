"""Beyond one machine: SQLite vs PostgreSQL, one vs three writers, local vs Dask.

On Reuters-21578 (``../shared/data/reuters21578``, the items with a body, in
time order), written one report per file:

* **ingest** of ``--items`` reports (10,000 by default) through
  ``storyline ingest`` with 1 and with 3 concurrent writer processes (the
  files split in thirds), on SQLite and on PostgreSQL (a throwaway cluster);
  wall seconds and articles/s;
* **API latency**, p50/p95 over ``--requests`` requests each, for the story
  list (``/api/stories``), a story page (``/stories/{id}``) and a search
  (``/api/articles/search``), on a store of 10,000 reports with their stories
  and briefs: the store ``bench/stream.py --keep-db`` leaves, and the same
  store copied onto PostgreSQL (``Store.copy_into``);
* **analysis**, articles/s of the local engine and of a Dask ``LocalCluster``
  of 2 workers on ``--analyse`` reports (this machine has 2 vCPUs that behave
  like one core, so expect about 1x);
* a written **estimate** of the workers a million reports a day need, from the
  measured CPU seconds per report.

    python bench/scale.py --stream-db /tmp/storyline-stream.db

Results: ``bench/results/scale.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "scale.json"
sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]

import stream as stream_bench  # noqa: E402  (bench/stream.py: the Reuters reader)

STORYLINE = [sys.executable, "-m", "storyline.cli"]


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {}
    return {
        "p50": round(statistics.median(ordered) * 1000, 1),
        "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000, 1),
        "n": len(ordered),
    }


def write_items(folder: Path, items: list[dict[str, str]]) -> list[Path]:
    """One JSON report per file, as a newsroom's feed folder would hold them."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, item in enumerate(items):
        path = folder / f"reuters-{n:05d}.json"
        path.write_text(json.dumps(item), encoding="utf-8")
        paths.append(path)
    return paths


def ingest(target: str, parts: list[list[Path]], tmp: Path) -> dict[str, Any]:
    """``storyline ingest`` processes, one per part, all at once; wall time."""
    from storyline.store import Store

    Store(target).close()  # migrated before the clock
    lists = []
    for n, part in enumerate(parts):
        folder = tmp / f"part-{uuid.uuid4().hex[:6]}-{n}"
        folder.mkdir()
        for path in part:
            (folder / path.name).symlink_to(path)
        lists.append(folder)
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [*STORYLINE, "ingest", "--db", target, "--no-progress", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for folder in lists
    ]
    crashed = refused = 0
    for proc in procs:
        _, err = proc.communicate()
        # exit 1 is "some files refused" (each named on stderr); more is a crash
        crashed += proc.returncode not in (0, 1) or b"Traceback" in err
        refused += err.count(b"storyline: cannot read ")
    seconds = time.perf_counter() - started
    with Store(target) as store:
        stored = store.count_articles()
    total = sum(len(p) for p in parts)
    return {
        "writers": len(parts),
        "articles": stored,
        "expected": total,
        "seconds": round(seconds, 1),
        "articles_per_s": round(stored / seconds, 1),
        "crashed_processes": crashed,
        "refused_files": refused,
    }


def api_latency(target: str, requests: int, seed: int = 7) -> dict[str, Any]:
    """p50/p95 of the story list, a story page and a search, one client in process."""
    from fastapi.testclient import TestClient

    from storyline.store import Store
    from storyline.web.app import make_app
    from storyline.web.backend import StoreBackend

    rng = random.Random(seed)
    with Store(target) as store:
        rows = store.story_rows(limit=400, offset=0)
        ids = [s.id for s, _ in rows if store.brief_version(s.id)]
        stored = store.count_articles()
        words = [
            w.strip(".,\"'()").lower()
            for a in store.article_page(limit=200, offset=0)
            for w in (a.title or "").split()
            if len(w) > 5
        ]
    if not ids or not words:
        raise SystemExit(f"{target}: no briefed stories or titles (run bench/stream.py --keep-db)")
    app = make_app(StoreBackend(target, worker=False))
    timings: dict[str, list[float]] = {"story_list": [], "story_page": [], "search": []}
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        for n in range(requests):
            for name, url in (
                ("story_list", f"/api/stories?limit=20&offset={20 * (n % 10)}"),
                ("story_page", f"/stories/{rng.choice(ids)}"),
                ("search", f"/api/articles/search?q={rng.choice(words)}"),
            ):
                started = time.perf_counter()
                response = client.get(url)
                timings[name].append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code} {response.text[:200]}")
    return {"articles": stored, **{k: percentiles(v) for k, v in timings.items()}}


def analysis_rates(count: int) -> dict[str, Any]:
    """Articles/s of the local engine and of a 2-worker Dask LocalCluster."""
    from dask.distributed import LocalCluster

    from storyline import ingest as reader
    from storyline.analysis.nlp import load_nlp
    from storyline.pipeline.engines import analyse_into_store
    from storyline.store import Store

    items = stream_bench.read_reuters(count)
    load_nlp()  # the driver's model loads before the clock
    out: dict[str, Any] = {"articles": len(items)}
    with tempfile.TemporaryDirectory() as tmp:
        for engine in ("local", "dask"):
            store = Store(Path(tmp) / f"{engine}.db")
            articles = []
            for item in items:
                raw = reader.raw_document(json.dumps(item).encode(), "reuters.json")
                store.add_raw(raw)
                found = reader.parse(raw)
                store.add_articles(found)
                articles += found
            if engine == "dask":
                with LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cluster:
                    from dask.distributed import Client

                    warm = time.perf_counter()
                    with Client(cluster) as client:
                        client.run(load_nlp)  # each worker loads the model once
                    out["dask_start_s"] = round(time.perf_counter() - warm, 1)
                    started = time.perf_counter()
                    analyse_into_store(
                        store, articles, engine="dask", scheduler=cluster.scheduler_address
                    )
                    seconds = time.perf_counter() - started
            else:
                cpu = time.process_time()
                started = time.perf_counter()
                analyse_into_store(store, articles, engine="local")
                seconds = time.perf_counter() - started
                out["local_cpu_s_per_article"] = round((time.process_time() - cpu) / len(items), 4)
            out[f"{engine}_articles_per_s"] = round(len(articles) / seconds, 2)
            store.close()
    out["dask_vs_local"] = round(out["dask_articles_per_s"] / out["local_articles_per_s"], 2)
    return out


def estimate(cpu_per_article: float, stream_result: dict[str, Any] | None) -> dict[str, Any]:
    """Workers for a million reports a day, from CPU seconds per report."""
    other = 0.0
    if stream_result:
        batches = stream_result.get("batches", [])
        if batches:
            rest = sum(b["seconds"] - b["analyse_s"] for b in batches)
            other = rest / max(stream_result.get("articles", 1), 1)
    per_article = cpu_per_article + other
    per_day = 1_000_000 * per_article
    cores = per_day / 86_400
    return {
        "analysis_cpu_s_per_article": round(cpu_per_article, 4),
        "cluster_and_brief_s_per_article": round(other, 4),
        "cpu_s_per_article": round(per_article, 4),
        "cpu_s_per_day_at_1M": round(per_day),
        "cores_busy_around_the_clock": round(cores, 1),
        "workers_at_70pct": int(-(-cores // 0.7)),
        "note": (
            "analysis is spread over Dask workers (one process per core); clustering and "
            "briefing stay with the stream worker of each store, so at this rate they are "
            "the part to shard (by feed or language) before the analysis is"
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000, help="reports ingested")
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint")
    parser.add_argument("--analyse", type=int, default=400, help="reports for local vs Dask")
    parser.add_argument("--stream-db", help="the store bench/stream.py --keep-db left")
    parser.add_argument("--skip", default="", help="comma-separated: ingest,api,analysis")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    if not stream_bench.DATA.exists():
        sys.exit(f"bench/scale.py: {stream_bench.DATA} is absent (see ../shared/data/README)")
    sys.path.insert(0, str(ROOT / "tests"))
    import pgserver  # tests/pgserver.py: a throwaway PostgreSQL cluster

    result: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    with tempfile.TemporaryDirectory() as tmp_name, pgserver.cluster() as pg_url:
        tmp = Path(tmp_name)
        if "ingest" not in skip:
            items = stream_bench.read_reuters(args.items)
            paths = write_items(tmp / "items", items)
            thirds = [paths[n::3] for n in range(3)]
            rows = []
            for backend in ("sqlite", "postgresql"):
                for parts in ([paths], thirds):
                    target = (
                        str(tmp / f"ingest-{uuid.uuid4().hex[:6]}.db")
                        if backend == "sqlite"
                        else pgserver.fresh_database(pg_url, "i" + uuid.uuid4().hex[:10])
                    )
                    row = {"backend": backend, **ingest(target, parts, tmp)}
                    print(json.dumps(row), flush=True)
                    rows.append(row)
            result["ingest"] = rows
        if "api" not in skip:
            if not args.stream_db:
                sys.exit("bench/scale.py: --stream-db is needed for the API figures")
            from storyline.store import Store

            pg_target = pgserver.fresh_database(pg_url, "api" + uuid.uuid4().hex[:8])
            with Store(args.stream_db) as src, Store(pg_target) as dst:
                started = time.perf_counter()
                src.copy_into(dst)
                copy_s = time.perf_counter() - started
            result["api"] = {
                "sqlite": api_latency(args.stream_db, args.requests),
                "postgresql": api_latency(pg_target, args.requests),
                "copy_to_postgresql_s": round(copy_s, 1),
            }
            print(json.dumps(result["api"]), flush=True)
    if "analysis" not in skip:
        result["analysis"] = analysis_rates(args.analyse)
        print(json.dumps(result["analysis"]), flush=True)
    stream_result = None
    stream_json = ROOT / "bench" / "results" / "stream.json"
    if stream_json.exists():
        stream_result = json.loads(stream_json.read_text())
    if "analysis" in result:
        result["estimate"] = estimate(result["analysis"]["local_cpu_s_per_article"], stream_result)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["machine"] = f"{os.cpu_count()} vCPUs"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
