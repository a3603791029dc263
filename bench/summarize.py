"""Benchmark the multi-document summary on Multi-News (development sample).

Data: ../shared/data/multinews-dev/sample_validation.csv (250 clusters).  The
reference is the ``summary`` column with its leading "– " removed.  Every
system's output is cut to the first 250 words, and scored with ROUGE-1/2/L F1
(``rouge-score``, Porter stemming), averaged over clusters.

Systems, all in this process and all fed the *same sentences*:

* **Lead** - round-robin first sentences of the articles (1st of each, then 2nd ...).
* **LexRank**, **TextRank** - ``sumy`` 0.13 (its own word tokenisation on our
  sentences, Snowball stemmer, its English stop words).  sumy's own sentence
  splitter needs NLTK's punkt data, which is not installed (and cannot be
  downloaded here); sumy's tokenizer is given the spaCy sentence splits and a
  regular expression for words in place of ``nltk.word_tokenize`` (which also
  needs punkt).  The algorithms are sumy's, unchanged.
* **storyline** - ``storyline.summary.extract.summarize_articles`` with each
  registered algorithm.

Timing, in seconds per cluster: ``split`` is the spaCy sentence-only pipeline
(``load_sentence_nlp``), the same for all systems and shown once; ``rank`` is
everything each system does from those sentences to its summary (its own word
tokenisation, stemming, scoring, selection; for storyline also the filters,
the cross-outlet collapse and ordering); ``total`` = split + rank.  The speed
target (10x LexRank) is read on ``rank``; ``total`` is shown as well.  The
default algorithm runs first of storyline's on every cluster, so it is the one
that pays for the cluster's words not yet in the token cache.

Halves: knobs were tuned on clusters 0-124 (``--tune``); the table gives all
250 clusters and the held-out half 125-249 separately.

Run: ``.venv/bin/python bench/summarize.py [--limit N] [--tune]``.
Prints a table and writes ``bench/results/summarize.json``.
"""

from __future__ import annotations

import argparse
import ast
import csv
import itertools
import json
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MULTINEWS_CSV = SHARED / "data" / "multinews-dev" / "sample_validation.csv"
RESULTS = ROOT / "bench" / "results" / "summarize.json"
WORDS = 250
TUNE_HALF = 125  # clusters [0, 125) tune, [125, 250) held out

_SUMY_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*|\d+(?:[.,]\d+)*")


def load_clusters(limit: int | None = None, start: int = 0) -> list[tuple[list[str], str]]:
    """(documents, reference) pairs from the Multi-News dev sample."""
    csv.field_size_limit(sys.maxsize)
    out: list[tuple[list[str], str]] = []
    with MULTINEWS_CSV.open(newline="", encoding="utf-8") as fh:
        for row in itertools.islice(csv.DictReader(fh), start, None):
            documents = [str(d) for d in ast.literal_eval(row["documents"])]
            reference = row["summary"].strip().removeprefix("–").strip()
            out.append((documents, reference))
            if limit is not None and len(out) >= limit:
                break
    return out


def truncate(text: str, words: int = WORDS) -> str:
    return " ".join(text.split()[:words])


class SumyTokenizer:
    """sumy's tokenizer interface over sentences we already split."""

    language = "english"

    @staticmethod
    def to_words(sentence: str) -> tuple[str, ...]:
        return tuple(_SUMY_WORD.findall(sentence))

    @staticmethod
    def to_sentences(paragraph: str) -> tuple[str, ...]:  # pragma: no cover - unused
        raise NotImplementedError("sentences are given, not split by sumy")


def lead(sentences: Sequence[Sequence[str]], words: int = WORDS) -> str:
    """Round-robin first sentences until the budget is reached."""
    out: list[str] = []
    total = 0
    for rank in range(max((len(s) for s in sentences), default=0)):
        for doc in sentences:
            if rank < len(doc) and total < words:
                out.append(doc[rank])
                total += len(doc[rank].split())
    return " ".join(out)


def sumy_system(name: str) -> Callable[[Sequence[Sequence[str]]], str]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    cls = {"LexRank": LexRankSummarizer, "TextRank": TextRankSummarizer}[name]
    summarizer = cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = SumyTokenizer()

    def run(sentences: Sequence[Sequence[str]]) -> str:
        document = ObjectDocumentModel(
            [Paragraph([Sentence(s, tokenizer) for s in doc]) for doc in sentences if doc]
        )

        def budget(infos: Sequence[Any]) -> list[Any]:
            # sumy hands the sentences best-rated first; keep them until 250 words.
            kept: list[Any] = []
            total = 0
            for info in infos:
                if total >= WORDS:
                    break
                kept.append(info)
                total += len(str(info.sentence).split())
            return kept

        return " ".join(str(s) for s in summarizer(document, budget))

    return run


def score(scorer: Any, reference: str, candidate: str) -> dict[str, float]:
    result = scorer.score(reference, truncate(candidate))
    return {k: 100.0 * v.fmeasure for k, v in result.items()}


def evaluate(
    clusters: Sequence[tuple[list[str], str]],
    algorithms: Sequence[str],
    peers: bool = True,
    params: Any = None,
) -> dict[str, Any]:
    """Score the systems on the clusters; ``params`` (a RankerParams) for
    storyline's rankers, the shipped ones when None."""
    from rouge_score import rouge_scorer

    from storyline.analysis.nlp import analyze_texts, load_sentence_nlp
    from storyline.summary.extract import summarize_articles
    from storyline.summary.params import DEFAULT_RANKER_PARAMS

    ranker_params = DEFAULT_RANKER_PARAMS if params is None else params

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    nlp = load_sentence_nlp()
    systems: dict[str, Callable[[Any, Sequence[Sequence[str]]], str]] = {}
    if peers:
        systems["Lead"] = lambda analyzed, sents: lead(sents)
        for name in ("LexRank", "TextRank"):
            run = sumy_system(name)
            systems[name] = lambda analyzed, sents, run=run: run(sents)
    for algorithm in algorithms:
        systems[f"storyline {algorithm}"] = lambda analyzed, sents, a=algorithm: " ".join(
            s.text for s in summarize_articles(analyzed, WORDS, algorithm=a, params=ranker_params)
        )

    per: dict[str, list[dict[str, float]]] = {name: [] for name in systems}
    split_seconds: list[float] = []
    for documents, reference in clusters:
        t0 = time.perf_counter()
        analyzed = analyze_texts(documents, nlp=nlp)
        split_seconds.append(time.perf_counter() - t0)
        sentences = [[s.text for s in a.sentences] for a in analyzed]
        for name, system in systems.items():
            t0 = time.perf_counter()
            text = system(analyzed, sentences)
            seconds = time.perf_counter() - t0
            row = score(scorer, reference, text)
            row["rank_seconds"] = seconds
            per[name].append(row)
    return {"per_cluster": per, "split_seconds": split_seconds}


def summarise_rows(rows: Sequence[dict[str, float]], split: Sequence[float]) -> dict[str, float]:
    rank = statistics.fmean(r["rank_seconds"] for r in rows)
    split_mean = statistics.fmean(split)
    return {
        "rouge1": statistics.fmean(r["rouge1"] for r in rows),
        "rouge2": statistics.fmean(r["rouge2"] for r in rows),
        "rougeL": statistics.fmean(r["rougeL"] for r in rows),
        "split_seconds": split_mean,
        "rank_seconds": rank,
        "total_seconds": split_mean + rank,
    }


def table(title: str, results: dict[str, dict[str, float]]) -> str:
    lines = [
        title,
        f"{'system':34} {'R-1':>6} {'R-2':>6} {'R-L':>6} "
        f"{'split s':>8} {'rank s':>8} {'total s':>8}",
    ]
    for name, r in results.items():
        lines.append(
            f"{name:34} {r['rouge1']:6.2f} {r['rouge2']:6.2f} {r['rougeL']:6.2f} "
            f"{r['split_seconds']:8.4f} {r['rank_seconds']:8.4f} {r['total_seconds']:8.4f}"
        )
    return "\n".join(lines)


def tune(clusters: Sequence[tuple[list[str], str]]) -> None:
    """Sweep the default ranker's knobs (centroid.v2), one at a time around
    the shipped values, on the given (tuning) clusters; prints R-1/R-2.  Each
    point is a RankerParams built from the shipped one with one field changed."""
    from dataclasses import replace

    from storyline.summary.params import DEFAULT_RANKER_PARAMS

    sweeps = {
        "lead_weight": [0.0, 0.05, 0.1, 0.2, 0.3, 0.5],
        "length_penalty": [0.0, 0.3, 0.4, 0.5],
        "support_weight_v2": [0.0, 0.3, 0.45, 0.6, 0.9],
        "centroid_decay": [0.25, 0.5, 0.75],
        "redundant": [0.3, 0.4, 0.5],
    }
    for knob, values in sweeps.items():
        for value in values:
            params = replace(DEFAULT_RANKER_PARAMS, **{knob: value})
            out = evaluate(clusters, ["summarize.centroid.v2"], peers=False, params=params)
            rows = out["per_cluster"]["storyline summarize.centroid.v2"]
            r1 = statistics.fmean(r["rouge1"] for r in rows)
            r2 = statistics.fmean(r["rouge2"] for r in rows)
            print(f"{knob}={value}: R-1 {r1:.2f} R-2 {r2:.2f}", flush=True)


#: The quality gate's subset (bench/gate.py): the first 40 clusters of the
#: held-out half, default algorithm only, no peers (about 5 s).
GATE_START, GATE_CLUSTERS = TUNE_HALF, 40


def gate_figures() -> dict[str, float]:
    """The quality gate's figures (bench/gate.py): ROUGE-1/2/L F1 of the
    default algorithm on Multi-News dev clusters 125-164, the first 40 of the
    held-out half (:data:`GATE_START`, :data:`GATE_CLUSTERS`); about 5 s."""
    from storyline.summary.extract import DEFAULT_ALGORITHM

    out = evaluate(load_clusters(GATE_CLUSTERS, GATE_START), [DEFAULT_ALGORITHM], peers=False)
    rows = out["per_cluster"][f"storyline {DEFAULT_ALGORITHM}"]
    row = summarise_rows(rows, out["split_seconds"])
    return {name: row[name] for name in ("rouge1", "rouge2", "rougeL")}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N clusters only")
    parser.add_argument("--start", type=int, default=0, help="skip the first N clusters")
    parser.add_argument("--tune", action="store_true", help="sweep knobs on clusters 0-124")
    parser.add_argument("--algorithms", default=None, help="comma-separated; default: all")
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON")
    args = parser.parse_args(argv)
    if not MULTINEWS_CSV.exists():
        print(f"missing {MULTINEWS_CSV}; nothing to measure", file=sys.stderr)
        return 2

    from storyline.summary.extract import ALGORITHMS, DEFAULT_ALGORITHM

    if args.tune:
        tune(load_clusters(args.limit or TUNE_HALF))
        return 0
    # The default first: on each cluster it pays for reading that cluster's
    # new words into the token cache, which the other algorithms then reuse.
    chosen = args.algorithms.split(",") if args.algorithms else list(ALGORITHMS)
    algorithms = sorted(chosen, key=lambda a: (a != DEFAULT_ALGORITHM, a))
    clusters = load_clusters(args.limit, args.start)
    out = evaluate(clusters, algorithms)
    per, split = out["per_cluster"], out["split_seconds"]
    all_results = {name: summarise_rows(rows, split) for name, rows in per.items()}
    print(table(f"Multi-News dev, {len(clusters)} clusters, {WORDS} words", all_results))
    held: dict[str, dict[str, float]] = {}
    first = args.start
    held_idx = [i for i in range(len(clusters)) if first + i >= TUNE_HALF]
    if held_idx and len(held_idx) < len(clusters):
        held = {
            name: summarise_rows([rows[i] for i in held_idx], [split[i] for i in held_idx])
            for name, rows in per.items()
        }
        print()
        print(table(f"held-out half (clusters {TUNE_HALF}-249), {len(held_idx)} clusters", held))
    best_peer = max(
        (all_results[p] for p in ("Lead", "LexRank", "TextRank")), key=lambda r: r["rouge2"]
    )
    mine = all_results[f"storyline {DEFAULT_ALGORITHM}"]
    lexrank = all_results["LexRank"]
    print()
    print(
        f"default {DEFAULT_ALGORITHM}: "
        f"R-2 {mine['rouge2'] - best_peer['rouge2']:+.2f} vs the best peer; "
        f"rank {lexrank['rank_seconds'] / mine['rank_seconds']:.1f}x faster than LexRank, "
        f"total {lexrank['total_seconds'] / mine['total_seconds']:.2f}x"
    )
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "data": "multinews-dev",
            "clusters": len(clusters),
            "start": args.start,
            "words": WORDS,
            "default": DEFAULT_ALGORITHM,
            "all": all_results,
            "held_out": held,
        }
        RESULTS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
