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
    storyline's rankers, the shipped ones when None.

    Every system is timed end to end, from the raw documents to its summary:
    the peers' time is the spaCy sentence-only split plus their ranking;
    storyline's is one call of ``storyline.summarize(documents)`` (its own
    rule-based split included).  The peers are also shown on storyline's
    split (``... rule split``): the same ranking, fed faster sentences."""
    from rouge_score import rouge_scorer

    from storyline.analysis.nlp import analyze_texts, load_sentence_nlp
    from storyline.summary.extract import summarize
    from storyline.summary.params import DEFAULT_RANKER_PARAMS
    from storyline.summary.split import split_sentences

    ranker_params = DEFAULT_RANKER_PARAMS if params is None else params

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    nlp = load_sentence_nlp() if peers else None
    peer_systems: dict[str, Callable[[Sequence[Sequence[str]]], str]] = {}
    if peers:
        peer_systems["Lead"] = lead
        for name in ("LexRank", "TextRank"):
            peer_systems[name] = sumy_system(name)

    per: dict[str, list[dict[str, float]]] = {}
    if clusters:
        # once per process, untimed: loading the meaning vectors and the
        # lexicons (a user's first call pays it once; every cluster after not)
        summarize(clusters[0][0], WORDS, params=ranker_params)
    for documents, reference in clusters:
        t0 = time.perf_counter()
        rule = [[s.text for s in split_sentences(d, "d")] for d in documents]
        rule_split = time.perf_counter() - t0
        if peers:
            t0 = time.perf_counter()
            analyzed = analyze_texts(documents, nlp=nlp)
            split = time.perf_counter() - t0
            sentences = [[s.text for s in a.sentences] for a in analyzed]
            for name, system in peer_systems.items():
                for label, sents, split_time in (
                    (name, sentences, split),
                    (f"{name} rule split", rule, rule_split),
                ):
                    t0 = time.perf_counter()
                    text = system(sents)
                    rank = time.perf_counter() - t0
                    row = score(scorer, reference, text)
                    row.update(split_seconds=split_time, rank_seconds=rank)
                    row["total_seconds"] = split_time + rank
                    per.setdefault(label, []).append(row)
        for algorithm in algorithms:
            t0 = time.perf_counter()
            out = summarize(documents, WORDS, algorithm=algorithm, params=ranker_params)
            total = time.perf_counter() - t0
            row = score(scorer, reference, " ".join(s.text for s in out))
            row.update(
                split_seconds=rule_split, rank_seconds=total - rule_split, total_seconds=total
            )
            per.setdefault(f"storyline {algorithm}", []).append(row)
    return {"per_cluster": per}


def summarise_rows(rows: Sequence[dict[str, float]]) -> dict[str, float]:
    return {
        key: statistics.fmean(r[key] for r in rows)
        for key in ("rouge1", "rouge2", "rougeL", "split_seconds", "rank_seconds", "total_seconds")
    }


def table(title: str, results: dict[str, dict[str, float]]) -> str:
    lines = [
        title,
        f"{'system':38} {'R-1':>6} {'R-2':>6} {'R-L':>6} "
        f"{'split s':>8} {'rank s':>8} {'total s':>8}",
    ]
    for name, r in results.items():
        lines.append(
            f"{name:38} {r['rouge1']:6.2f} {r['rouge2']:6.2f} {r['rougeL']:6.2f} "
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


#: Ridge penalty of the centroid.v3 fit (on standardised traits).
RIDGE = 1.0


def _cluster_of(documents: Sequence[str]) -> Any:
    """The summary's cluster of raw documents, as ``summarize`` builds it."""
    from storyline.analysis.nlp import text_article
    from storyline.records import AnalyzedArticle
    from storyline.summary.extract import build_cluster
    from storyline.summary.split import split_sentences

    analyzed = []
    for index, text in enumerate(documents):
        article = text_article(text, index)
        analyzed.append(AnalyzedArticle(article, split_sentences(text, article.id), None))
    return build_cluster(analyzed)


def trait_data(clusters: Sequence[tuple[list[str], str]]) -> list[tuple[Any, Any]]:
    """Per cluster: the traits of its candidate sentences
    (:func:`storyline.summary.rankers.traits`) and the share of each one's
    word pairs (ROUGE-2's tokens, Porter stemmer) that are in the reference."""
    import numpy as np
    from rouge_score import rouge_scorer

    from storyline.summary.rankers import traits

    tokenizer = rouge_scorer.RougeScorer(["rouge2"], use_stemmer=True)._tokenizer

    def pairs(text: str) -> set[tuple[str, str]]:
        words = tokenizer.tokenize(text)
        return set(itertools.pairwise(words))

    out = []
    for documents, reference in clusters:
        cluster = _cluster_of(documents)
        candidates = cluster.candidates()
        wanted = pairs(reference)
        x = traits(cluster)[candidates]
        y = []
        for i in candidates:
            mine = pairs(cluster.units[i].sentence.text)
            y.append(len(mine & wanted) / max(1, len(mine)))
        out.append((x, np.asarray(y, dtype=np.float64)))
    return out


def fit_traits(data: Sequence[tuple[Any, Any]]) -> dict[str, Any]:
    """Ridge regression (:data:`RIDGE`) of the reference word-pair share on
    the standardised traits: centroid.v3's parameters."""
    import numpy as np

    x = np.vstack([d[0] for d in data if len(d[1])])
    y = np.concatenate([d[1] for d in data if len(d[1])])
    means, scales = x.mean(axis=0), x.std(axis=0)
    scales[scales == 0] = 1.0
    z = (x - means) / scales
    w = np.linalg.solve(z.T @ z + RIDGE * np.eye(z.shape[1]), z.T @ (y - y.mean()))
    return {
        "trait_means": tuple(round(float(v), 4) for v in means),
        "trait_scales": tuple(round(float(v), 4) for v in scales),
        "trait_weights": tuple(round(float(v), 5) for v in w),
        "trait_intercept": round(float(y.mean()), 5),
    }


def refit(clusters: Sequence[tuple[list[str], str]]) -> None:
    """Fit centroid.v3 on the given (tuning) clusters and print its
    parameters; first, 2-fold cross-validation on them (fit on the even
    clusters, score ROUGE-2 on the odd ones, and back) against centroid.v2
    on the same clusters."""
    from dataclasses import replace

    from storyline.summary.params import DEFAULT_RANKER_PARAMS, TRAITS

    data = trait_data(clusters)
    halves = [list(range(0, len(clusters), 2)), list(range(1, len(clusters), 2))]
    for k, held in enumerate(halves):
        params = replace(DEFAULT_RANKER_PARAMS, **fit_traits([data[i] for i in halves[1 - k]]))
        subset = [clusters[i] for i in held]
        row = {}
        for algorithm in ("summarize.centroid.v2", "summarize.centroid.v3"):
            out = evaluate(subset, [algorithm], peers=False, params=params)
            row[algorithm] = summarise_rows(out["per_cluster"][f"storyline {algorithm}"])["rouge2"]
        print(
            f"fold {k}: R-2 centroid.v2 {row['summarize.centroid.v2']:.2f}, "
            f"centroid.v3 {row['summarize.centroid.v3']:.2f} ({len(held)} clusters)"
        )
    fitted = fit_traits(data)
    for name, value in fitted.items():
        print(f"{name} = {value}")
    for name, w in zip(TRAITS, fitted["trait_weights"], strict=True):
        print(f"  {name:18s} {w:+.5f}")


#: The quality gate's subset (bench/gate.py): the first 40 clusters of the
#: held-out half, default algorithm only, no peers (about 5 s).
GATE_START, GATE_CLUSTERS = TUNE_HALF, 40


def gate_figures() -> dict[str, float]:
    """The quality gate's figures (bench/gate.py): ROUGE-1/2/L F1 of the
    default algorithm on Multi-News dev clusters 125-164, the first 40 of the
    held-out half (:data:`GATE_START`, :data:`GATE_CLUSTERS`); about 5 s."""
    from storyline.summary.extract import DEFAULT_ALGORITHM

    out = evaluate(load_clusters(GATE_CLUSTERS, GATE_START), [DEFAULT_ALGORITHM], peers=False)
    row = summarise_rows(out["per_cluster"][f"storyline {DEFAULT_ALGORITHM}"])
    return {name: row[name] for name in ("rouge1", "rouge2", "rougeL")}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N clusters only")
    parser.add_argument("--start", type=int, default=0, help="skip the first N clusters")
    parser.add_argument("--tune", action="store_true", help="sweep knobs on clusters 0-124")
    parser.add_argument(
        "--fit", action="store_true", help="fit centroid.v3 on clusters 0-124 and print"
    )
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
    if args.fit:
        refit(load_clusters(TUNE_HALF))
        return 0
    # The default first: on each cluster it pays for reading that cluster's
    # new words into the token cache, which the other algorithms then reuse.
    chosen = args.algorithms.split(",") if args.algorithms else list(ALGORITHMS)
    algorithms = sorted(chosen, key=lambda a: (a != DEFAULT_ALGORITHM, a))
    clusters = load_clusters(args.limit, args.start)
    out = evaluate(clusters, algorithms)
    per = out["per_cluster"]
    parts = {
        "tuning": [i for i in range(len(clusters)) if args.start + i < TUNE_HALF],
        "untouched": [i for i in range(len(clusters)) if args.start + i >= TUNE_HALF],
    }
    results: dict[str, dict[str, dict[str, float]]] = {
        "all": {name: summarise_rows(rows) for name, rows in per.items()}
    }
    for part, idx in parts.items():
        if idx:
            results[part] = {
                name: summarise_rows([rows[i] for i in idx]) for name, rows in per.items()
            }
    titles = {
        "all": f"Multi-News dev, {len(clusters)} clusters, {WORDS} words",
        "tuning": f"tuning part (clusters 0-{TUNE_HALF - 1})",
        "untouched": f"untouched part (clusters {TUNE_HALF}-249)",
    }
    verdicts: dict[str, dict[str, float]] = {}
    for part, rows in results.items():
        print(table(f"{titles[part]}, {len(parts.get(part, clusters))} clusters", rows))
        mine = rows[f"storyline {DEFAULT_ALGORITHM}"]
        best = max(("Lead", "LexRank", "TextRank"), key=lambda p: rows[p]["rouge2"])
        lexrank = rows["LexRank"]
        verdicts[part] = {
            "rouge2_over_best_peer": mine["rouge2"] - rows[best]["rouge2"],
            "speedup_vs_lexrank_end_to_end": lexrank["total_seconds"] / mine["total_seconds"],
            "speedup_vs_lexrank_on_rule_split": rows["LexRank rule split"]["total_seconds"]
            / mine["total_seconds"],
        }
        print(
            f"default {DEFAULT_ALGORITHM}: R-2 {verdicts[part]['rouge2_over_best_peer']:+.2f} "
            f"vs the best peer ({best}); end to end "
            f"{verdicts[part]['speedup_vs_lexrank_end_to_end']:.1f}x faster than LexRank "
            f"(spaCy split), {verdicts[part]['speedup_vs_lexrank_on_rule_split']:.1f}x than "
            f"LexRank on the rule split\n"
        )
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "data": "multinews-dev",
            "clusters": len(clusters),
            "start": args.start,
            "words": WORDS,
            "default": DEFAULT_ALGORITHM,
            "timing": "seconds per cluster, end to end from the raw documents "
            "(peers: spaCy sentence-only split + ranking; storyline: summarize(documents))",
            "verdicts": verdicts,
            **results,
        }
        RESULTS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
