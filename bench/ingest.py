"""Ingest + analysis throughput on a corpus built from Multi-News dev documents.

The 250 Multi-News dev clusters hold about 700 articles; the corpus is made
to the requested size by writing each article out again in other shapes real
piles have — plain text with a title and date line, hard-wrapped text, HTML
pages and JSONL lines — so that every reader is exercised and no two files
share bytes (identical bytes would be skipped by the content-hash store, which
would flatter the figure).

Prints articles/second for ingest alone and for ingest + spaCy analysis, and
the peak resident memory of the process; writes bench/results/ingest.json.

    python bench/ingest.py [--articles 2000] [--n-process 1]
"""

from __future__ import annotations

import argparse
import ast
import csv
import datetime as dt
import html
import json
import resource
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "multinews-dev" / "sample_validation.csv"
RESULTS = ROOT / "bench" / "results" / "ingest.json"


def load_documents() -> list[str]:
    csv.field_size_limit(sys.maxsize)
    docs: list[str] = []
    with DATA.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for doc in ast.literal_eval(row["documents"]):
                text = " ".join(doc.replace("\n", " ").split())
                if len(text.split()) >= 40:
                    docs.append(text)
    return docs


def _paragraphs(text: str, size: int = 60) -> list[str]:
    words = text.split()
    return [" ".join(words[i : i + size]) for i in range(0, len(words), size)]


def write_corpus(folder: Path, docs: list[str], n: int) -> int:
    """Write ``n`` articles into ``folder`` in four shapes; returns files written."""
    files = 0
    jsonl: list[str] = []
    day = dt.date(2016, 1, 1)
    for i in range(n):
        doc = docs[i % len(docs)]
        variant = i // len(docs)
        title = " ".join(doc.split()[:8]).rstrip(".,;:") + f" ({variant})"
        date = day + dt.timedelta(days=i % 365)
        paras = _paragraphs(doc)
        shape = i % 4
        if shape == 0:
            body = "\n\n".join(paras)
            (folder / f"{i:05d}.txt").write_text(f"{title}\n\n{date:%B %d, %Y}\n\n{body}\n")
        elif shape == 1:
            body = "\n\n".join(textwrap.fill(p, 74) for p in paras)
            (folder / f"{i:05d}.txt").write_text(f"{title}\nBy Staff Writer\n\n{body}\n")
        elif shape == 2:
            body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
            page = (
                f"<html><head><title>{html.escape(title)}</title>"
                f'<meta property="og:site_name" content="Outlet {i % 37}">'
                f'<meta property="article:published_time" content="{date}"></head>'
                f"<body><nav>Home | World</nav><article><h1>{html.escape(title)}</h1>"
                f"{body}</article><footer>All rights reserved</footer></body></html>"
            )
            (folder / f"{i:05d}.html").write_text(page)
        else:
            jsonl.append(
                json.dumps(
                    {
                        "title": title,
                        "text": "\n\n".join(paras),
                        "outlet": f"Outlet {i % 37}",
                        "published": date.isoformat(),
                    }
                )
            )
            continue
        files += 1
    for start in range(0, len(jsonl), 100):
        (folder / f"batch-{start:05d}.jsonl").write_text(
            "\n".join(jsonl[start : start + 100]) + "\n"
        )
        files += 1
    return files


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


#: Articles the quality gate writes and reads back (about 3 s, no analysis).
GATE_ARTICLES = 400


def gate_figures() -> dict[str, float]:
    """The quality gate's figures (bench/gate.py): of 400 articles
    (:data:`GATE_ARTICLES`) written in the four shapes, the share read back
    as articles (two of them repeat another's text word for word and are
    kept once) and the share of files read without an ingest error; about
    2 s.  Coverage of the readers, not speed."""
    from storyline.pipeline import run as pipeline
    from storyline.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        files = write_corpus(folder, load_documents(), GATE_ARTICLES)
        with Store(Path(tmp) / "gate.db") as store:
            report = pipeline.ingest_paths(store, [str(folder)])
    return {
        "articles_read_share": 100 * len(report.articles) / GATE_ARTICLES,
        "files_without_error_share": 100 * (1 - len(report.errors) / files),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--n-process", type=int, default=1, help="spaCy worker processes")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: this benchmark needs ../shared/data/multinews-dev")

    from storyline.analysis.nlp import load_nlp
    from storyline.pipeline import run as pipeline
    from storyline.settings import Settings
    from storyline.store import Store

    docs = load_documents()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        files = write_corpus(folder, docs, args.articles)
        words = sum(len(docs[i % len(docs)].split()) for i in range(args.articles))
        store = Store(Path(tmp) / "bench.db")
        load_nlp()  # model load is a one-off cost, not per article
        rss_before = peak_rss_mb()

        t0 = time.perf_counter()
        report = pipeline.ingest_paths(store, [str(folder)])
        t_ingest = time.perf_counter() - t0
        articles = report.articles
        t1 = time.perf_counter()
        analyzed = pipeline.analyze_articles(articles, settings=Settings(n_process=args.n_process))
        t_analyze = time.perf_counter() - t1
        sentences = sum(len(a.sentences) for a in analyzed)

    result = {
        "corpus": {
            "articles_requested": args.articles,
            "files": files,
            "words": words,
            "source": "multinews-dev documents in 4 shapes (txt, wrapped txt, html, jsonl)",
        },
        "articles_ingested": len(articles),
        "ingest_errors": len(report.errors),
        "sentences": sentences,
        "ingest_seconds": round(t_ingest, 2),
        "analyze_seconds": round(t_analyze, 2),
        "ingest_articles_per_second": round(len(articles) / t_ingest, 1),
        "ingest_plus_analysis_articles_per_second": round(
            len(articles) / (t_ingest + t_analyze), 1
        ),
        "words_per_second_analysis": round(words / t_analyze, 0),
        "n_process": args.n_process,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_after_model_load_mb": round(rss_before, 1),
    }
    print(f"{'articles':>28}: {len(articles)} ({files} files, {words:,} words)")
    for key in (
        "ingest_articles_per_second",
        "ingest_plus_analysis_articles_per_second",
        "words_per_second_analysis",
        "peak_rss_mb",
        "ingest_errors",
    ):
        print(f"{key:>28}: {result[key]}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
