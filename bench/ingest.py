"""Ingest + analysis throughput on a corpus built from Multi-News dev documents.

The 250 Multi-News dev clusters hold about 700 articles; the corpus is made
to the requested size by writing each article out again in other shapes real
piles have — plain text with a title and date line, hard-wrapped text, HTML
pages and JSONL lines — so that every reader is exercised and no two files
share bytes (identical bytes would be skipped by the content-hash store, which
would flatter the figure).

The analysis (dedupe, the spaCy pipeline, document dates: what
``pipeline.analyze_articles`` does) runs twice in the same process, side by
side: with the stock pipeline as it was built before issue 12
(``load_nlp(stock=True)``: spaCy's attribute ruler, lemmatizer and entity
ruler, thinc's blis matrix products) and with today's
(:func:`storyline.analysis.nlp.load_nlp`).  The spaCy pass alternates between
the two every :data:`CHUNK` articles (which goes first alternates too), so
that other work on the machine weighs on both alike, and checks that both
annotate every token the same.  Prints, for each, words/second of analysis,
articles/second of ingest + analysis, the memory their analyses hold, and the
ratio; the process's peak resident memory; writes bench/results/ingest.json.

The spaCy version is not compared within one process (a process holds one):
3.8.7, pinned in requirements.lock, runs this pipeline about 2x faster than
3.8.18 with the same annotation (see requirements.in), and the "stock" side
runs on 3.8.7 too.  To measure the version's share, run the bench once more on
the other release and compare the two files (the JSON records the version)::

    pip install --no-deps --target /tmp/spacy-3.8.18 spacy==3.8.18
    PYTHONPATH=/tmp/spacy-3.8.18 python bench/ingest.py --out /tmp/ingest-3.8.18.json

    python bench/ingest.py [--articles 2000] [--n-process 1] [--out FILE]
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
from typing import Any

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


#: Articles per turn of the alternating spaCy pass.
CHUNK = 50


def current_rss_mb() -> float:
    """Resident memory now (not the peak), after returning freed memory to the OS."""
    import contextlib
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError):  # not glibc: the figure keeps freed memory
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/statm", encoding="ascii") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _annotation(doc: Any) -> list[tuple[Any, ...]]:
    """What the stages read of a token, to check both pipelines agree."""
    return (
        [
            (t.tag_, t.pos_, t.morph.key, t.lemma_, t.dep_, t.head.i, t.ent_iob, t.ent_type_)
            for t in doc
        ]
        + [(e.start, e.end, e.label_) for e in doc.ents]
        + [(s.start, s.end) for s in doc.sents]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--n-process", type=int, default=1, help="spaCy worker processes")
    parser.add_argument(
        "--out", type=Path, default=RESULTS, help=f"result file (default {RESULTS.name})"
    )
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is absent: this benchmark needs ../shared/data/multinews-dev")

    import os

    import spacy

    from storyline.analysis import dedupe
    from storyline.analysis import nlp as analysis
    from storyline.pipeline import run as pipeline
    from storyline.settings import Settings
    from storyline.store import Store
    from storyline.timeline import events as timeline

    settings = Settings(n_process=args.n_process)
    docs = load_documents()
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        files = write_corpus(folder, docs, args.articles)
        words = sum(len(docs[i % len(docs)].split()) for i in range(args.articles))
        store = Store(Path(tmp) / "bench.db")
        # model loads are a one-off cost, not per article
        rss_start = current_rss_mb()
        sides = {"stock": analysis.load_nlp(stock=True), "today": analysis.load_nlp()}
        rss_models = current_rss_mb()

        t0 = time.perf_counter()
        report = pipeline.ingest_paths(store, [str(folder)])
        t_ingest = time.perf_counter() - t0
        articles = report.articles

        # pipeline.analyze_articles, step by step: dedupe (the same for both),
        # then spaCy for each side, alternating, then document dates for each.
        t0 = time.perf_counter()
        marked = dedupe.mark_duplicates(articles, params=settings.dedupe)
        t_dedupe = time.perf_counter() - t0
        seconds = dict.fromkeys(sides, 0.0)
        analyzed: dict[str, list[Any]] = {name: [] for name in sides}
        differing = 0
        order = list(sides)
        for turn, start in enumerate(range(0, len(marked), CHUNK)):
            chunk = marked[start : start + CHUNK]
            for name in order if turn % 2 == 0 else order[::-1]:
                t0 = time.perf_counter()
                analyzed[name] += analysis.analyze(
                    chunk,
                    batch_size=settings.batch_size,
                    n_process=settings.n_process,
                    nlp=sides[name],
                )
                seconds[name] += time.perf_counter() - t0
            differing += sum(
                _annotation(a.doc) != _annotation(b.doc)
                for a, b in zip(analyzed["stock"][start:], analyzed["today"][start:], strict=True)
            )
        dated: dict[str, Any] = {}
        dates_seconds = {}
        for name in sides:
            t0 = time.perf_counter()
            dated[name] = timeline.infer_dates(analyzed[name])
            dates_seconds[name] = time.perf_counter() - t0
            seconds[name] += t_dedupe + dates_seconds[name]
        sentences = sum(len(a.sentences) for a in dated["today"])
        # memory the analyses hold: drop one side, then the other
        rss_both = current_rss_mb()
        del dated["stock"], analyzed["stock"]
        rss_today = current_rss_mb()
        del dated["today"], analyzed["today"]
        rss_none = current_rss_mb()
    held = {"stock": rss_both - rss_today, "today": rss_today - rss_none}

    per_side = {
        name: {
            "analyze_seconds": round(seconds[name], 2),
            "spacy_seconds": round(seconds[name] - t_dedupe - dates_seconds[name], 2),
            "dates_seconds": round(dates_seconds[name], 2),
            "words_per_second_analysis": round(words / seconds[name], 0),
            "ingest_plus_analysis_articles_per_second": round(
                len(articles) / (t_ingest + seconds[name]), 1
            ),
            "analyses_held_mb": round(held[name], 1),
            "pipeline": list(sides[name].pipe_names),
        }
        for name in sides
    }
    ratio_words = seconds["stock"] / seconds["today"]
    ratio_articles = (t_ingest + seconds["stock"]) / (t_ingest + seconds["today"])
    result = {
        "corpus": {
            "articles_requested": args.articles,
            "files": files,
            "words": words,
            "source": "multinews-dev documents in 4 shapes (txt, wrapped txt, html, jsonl)",
            "distinct_texts": len({a.text for a in articles}),
        },
        "articles_ingested": len(articles),
        "ingest_errors": len(report.errors),
        "sentences": sentences,
        "ingest_seconds": round(t_ingest, 2),
        "dedupe_seconds": round(t_dedupe, 2),
        "ingest_articles_per_second": round(len(articles) / t_ingest, 1),
        # today's figures under the keys the earlier runs used
        "ingest_plus_analysis_articles_per_second": per_side["today"][
            "ingest_plus_analysis_articles_per_second"
        ],
        "words_per_second_analysis": per_side["today"]["words_per_second_analysis"],
        "stock": per_side["stock"],
        "today": per_side["today"],
        "ratio_analysis_words_per_second": round(ratio_words, 2),
        "ratio_ingest_plus_analysis_articles_per_second": round(ratio_articles, 2),
        "articles_annotated_differently": differing,
        "spacy": spacy.__version__,
        "n_process": args.n_process,
        "load_average_start_end": [round(load_start, 2), round(os.getloadavg()[0], 2)],
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_before_models_mb": round(rss_start, 1),
        "rss_after_models_mb": round(rss_models, 1),
    }
    print(f"{'articles':>44}: {len(articles)} ({files} files, {words:,} words)")
    print(f"{'ingest articles/s':>44}: {result['ingest_articles_per_second']}")
    print(f"{'':>44}  {'stock':>10} {'today':>10} {'ratio':>7}")
    for key, ratio in (
        ("words_per_second_analysis", ratio_words),
        ("ingest_plus_analysis_articles_per_second", ratio_articles),
        ("analyses_held_mb", None),
    ):
        a, b = per_side["stock"][key], per_side["today"][key]
        shown = f"{ratio:>6.2f}x" if ratio is not None else ""
        print(f"{key:>44}: {a:>10} {b:>10} {shown}")
    for key in ("articles_annotated_differently", "peak_rss_mb", "ingest_errors", "spacy"):
        print(f"{key:>44}: {result[key]}")
    print(f"{'load average (start, end)':>44}: {result['load_average_start_end']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
