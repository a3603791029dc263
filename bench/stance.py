"""Benchmark claim-vs-report stance on FNC-1 dev (../shared/data/fnc1-dev).

FNC-1 pairs a headline (the claim) with a report body; gold stance is
unrelated / discuss / agree / disagree.  Our dev half holds the even Body IDs.

Protocol (why: the thresholds of :mod:`storyline.stances.classify` are chosen on this
same data, so only figures on pairs they were not chosen on are honest):

* the pairs are split by **topic** into a *tuning part* (two thirds) and an
  *untouched part* (one third): a topic is a connected group of headlines and
  bodies linked by related pairs (one claim and the reports about it), and the
  topics are shuffled with a fixed seed.  Errors were studied on the tuning
  part only;
* thresholds are grid-searched for the **FNC-1 score** (the weighted metric:
  0.25 per right related/unrelated call, 0.75 more per right agree /
  disagree / discuss), among the settings whose disagree F1 is at least
  :data:`DISAGREE_FLOOR`: first the relatedness pair, then the cue thresholds,
  then the relatedness pair again with those cues;
* the tuning part is scored by body-disjoint cross-validation (``--folds``
  folds; each fold labelled with thresholds searched on the others), and the
  untouched part with the thresholds searched on the whole tuning part (those
  are :data:`storyline.stances.classify.DEFAULT_THRESHOLDS`).

Side by side in the same run, a TF-IDF cosine baseline (scikit-learn,
vectoriser fitted on the training texts, one cosine threshold chosen on them
for the FNC score, every related pair labelled discuss).

Scores: per-class precision / recall / F1, macro-F1 over the four classes, a
confusion matrix, accuracy, and the FNC-1 score (0.25 per correct
related/unrelated call, 0.75 more per correct agree/disagree/discuss among
gold-related pairs) as a share of the maximum; the features' pairs per second.

Run: ``.venv/bin/python bench/stance.py [--limit N] [--folds K]``.  Prints
tables and writes ``bench/results/stance.json``.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from storyline.stances.classify import (
    DEFAULT_THRESHOLDS,
    StanceFeatures,
    Thresholds,
    decide,
    stance_features,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "fnc1-dev"
RESULTS = ROOT / "bench" / "results" / "stance.json"
LABELS = ("agree", "disagree", "discuss", "unrelated")
SEED = 7

#: Grids searched for the thresholds (see storyline.stances.classify.Thresholds).
RELATED_GRID = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
RELATED_SENTENCE_GRID = (0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 1.01)
REFUTE_GRID = (-0.2, -0.1, 0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7)
#: Not below 0.5: a claim reporting a denial must meet a report of that denial
#: (see storyline.stances.classify.DEFAULT_THRESHOLDS).
DENIAL_WEIGHT_GRID = (0.5, 1.0)
COVERAGE_WEIGHT_GRID = (0.0, 0.2, 0.4)
HEDGE_GRID = (0.0, 0.2, 0.34, 0.5, 0.67, 1.0, 1.5)
HEDGE_BODY_GRID = (0.2, 0.3, 0.5, 0.75, 99.0)
BASELINE_GRID = tuple(round(0.02 * i, 2) for i in range(1, 26))


@dataclass(frozen=True, slots=True)
class Pair:
    """One FNC-1 headline/body pair with its gold label."""

    headline: str
    body_id: str
    body: str
    gold: str


def load(limit: int | None) -> list[Pair]:
    """FNC-1 dev pairs; with ``limit``, whole bodies (seeded) until ``limit`` pairs."""
    bodies_csv = DATA / "bodies.csv"
    stances_csv = DATA / "stances.csv"
    if not bodies_csv.exists():
        sys.exit(f"FNC-1 dev data not found at {DATA} (expected bodies.csv, stances.csv)")
    with bodies_csv.open(encoding="utf-8", newline="") as fh:
        bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(fh)}
    with stances_csv.open(encoding="utf-8", newline="") as fh:
        pairs = [
            Pair(r["Headline"], r["Body ID"], bodies[r["Body ID"]], r["Stance"])
            for r in csv.DictReader(fh)
        ]
    if limit is None or limit >= len(pairs):
        return pairs
    ids = sorted(bodies)
    random.Random(SEED).shuffle(ids)
    by_body: dict[str, list[Pair]] = {}
    for p in pairs:
        by_body.setdefault(p.body_id, []).append(p)
    out: list[Pair] = []
    for body_id in ids:
        out.extend(by_body.get(body_id, []))
        if len(out) >= limit:
            break
    return out


def body_folds(pairs: Sequence[Pair], k: int) -> list[int]:
    """Fold index of each pair, by a seeded shuffle of Body IDs (body-disjoint)."""
    ids = sorted({p.body_id for p in pairs})
    random.Random(SEED).shuffle(ids)
    fold_of = {b: i % k for i, b in enumerate(ids)}
    return [fold_of[p.body_id] for p in pairs]


#: Share of the topics held out as the untouched part.
UNTOUCHED_SHARE = 1 / 3


def topic_parts(pairs: Sequence[Pair]) -> list[bool]:
    """Whether each pair lies in the untouched part: topics (headlines and
    bodies linked by related pairs) are shuffled with :data:`SEED` and the
    first :data:`UNTOUCHED_SHARE` of them held out."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for p in pairs:
        if p.gold != "unrelated":
            parent[find("h:" + p.headline)] = find("b:" + p.body_id)
    topic = [find("b:" + p.body_id) for p in pairs]
    topics = sorted(set(topic))
    random.Random(SEED).shuffle(topics)
    held = set(topics[: round(len(topics) * UNTOUCHED_SHARE)])
    return [t in held for t in topic]


# --- scoring ---------------------------------------------------------------


def fnc_score(gold: Sequence[str], pred: Sequence[str]) -> float:
    """FNC-1 score as a share of the best possible."""
    score = best = 0.0
    for g, p in zip(gold, pred, strict=True):
        g_rel, p_rel = g != "unrelated", p != "unrelated"
        best += 1.0 if g_rel else 0.25
        if g_rel == p_rel:
            score += 0.25
            if g_rel and g == p:
                score += 0.75
    return score / best if best else 0.0


def scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Per-class P/R/F1, macro-F1, accuracy, confusion (rows gold, columns predicted)."""
    per: dict[str, dict[str, float]] = {}
    for lab in LABELS:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        n_pred = sum(p == lab for p in pred)
        n_gold = sum(g == lab for g in gold)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": n_gold}
    confusion = {g: dict.fromkeys(LABELS, 0) for g in LABELS}
    for g, p in zip(gold, pred, strict=True):
        confusion[g][p] += 1
    return {
        "per_class": per,
        "macro_f1": sum(per[lab]["f1"] for lab in LABELS) / len(LABELS),
        "accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / max(1, len(gold)),
        "fnc_score": fnc_score(gold, pred),
        "confusion": confusion,
    }


# --- threshold search --------------------------------------------------------


_CODE = {lab: i for i, lab in enumerate(LABELS)}


def feature_arrays(features: Sequence[StanceFeatures]) -> dict[str, Any]:
    """The features as numpy columns, for the vectorised grid search."""
    import numpy as np

    return {
        fld.name: np.array([getattr(f, fld.name) for f in features])
        for fld in fields(StanceFeatures)
    }


def decide_arrays(x: dict[str, Any], t: Thresholds) -> Any:
    """:func:`storyline.stances.classify.decide` over numpy columns, as label codes.

    Only a speed-up for the grid search; :func:`main` checks that it agrees
    with ``decide`` on every pair for the thresholds it reports.
    """
    import numpy as np

    related = (x["coverage"] >= t.related) | (x["best_sentence"] >= t.related_sentence)
    cues = x["refute_near"] + x["refute_body"] + t.denial_weight * x["denial_near"]
    any_cue = (x["refute_near"] + x["refute_body"] + x["denial_near"]) > 0.0
    score = np.where(cues > 0.0, cues - t.coverage_weight * x["coverage"], 0.0)
    body_denies = any_cue & (score >= t.refute)
    claim_denies = x["claim_denies"]
    out = np.full(len(related), _CODE["discuss"])
    plain = ~claim_denies & ~body_denies & ~x["claim_hedged"] & ~x["question_claim"]
    vouches = (x["hedge_near"] <= t.hedge) & (x["hedge_body"] <= t.hedge_body)
    out[plain & vouches] = _CODE["agree"]
    out[~claim_denies & body_denies] = _CODE["disagree"]
    out[claim_denies & body_denies] = _CODE["agree"]
    if t.denial_disagrees:
        out[claim_denies & ~body_denies & ~x["claim_hedged"]] = _CODE["disagree"]
    out[~related] = _CODE["unrelated"]
    return out


def macro_f1_codes(gold: Any, pred: Any) -> float:
    """Macro-F1 over label codes (numpy)."""
    total = 0.0
    for code in range(len(LABELS)):
        g, p = gold == code, pred == code
        tp = int((g & p).sum())
        if tp:
            total += 2 * tp / (int(g.sum()) + int(p.sum()))
    return total / len(LABELS)


#: Least disagree F1 a setting must reach on the pairs it is searched on: the
#: FNC score alone would trade the rare disagree class away for discuss.
DISAGREE_FLOOR = 0.30


def fnc_codes(gold: Any, pred: Any) -> float:
    """:func:`fnc_score` over label codes (numpy)."""
    unrelated = _CODE["unrelated"]
    g_rel, p_rel = gold != unrelated, pred != unrelated
    score = 0.25 * float((g_rel == p_rel).sum()) + 0.75 * float(((gold == pred) & g_rel).sum())
    best = float(g_rel.sum()) + 0.25 * float((~g_rel).sum())
    return score / best if best else 0.0


def class_f1(gold: Any, pred: Any, label: str) -> float:
    code = _CODE[label]
    tp = int(((gold == code) & (pred == code)).sum())
    return 2 * tp / max(1, int((gold == code).sum()) + int((pred == code).sum()))


def objective(gold: Any, pred: Any) -> float:
    """FNC score, for settings that keep disagree F1 at :data:`DISAGREE_FLOOR`."""
    if class_f1(gold, pred, "disagree") < DISAGREE_FLOOR:
        return -1.0 + fnc_codes(gold, pred)
    return fnc_codes(gold, pred)


def tune(x: dict[str, Any], gold: Any) -> Thresholds:
    """Grid-search thresholds on the given (training) pairs for :func:`objective`.

    The relatedness pair is searched with the other thresholds held, then the
    cue thresholds with relatedness held, then relatedness again.  Ties keep
    the first setting met in grid order.
    """

    def best_of(candidates: Any) -> Thresholds:
        best = (-9.0, DEFAULT_THRESHOLDS)
        for t in candidates:
            m = objective(gold, decide_arrays(x, t))
            if m > best[0]:
                best = (m, t)
        return best[1]

    def relatedness(base: Thresholds) -> Thresholds:
        return best_of(
            replace(base, related=rel, related_sentence=rel_sent)
            for rel, rel_sent in itertools.product(RELATED_GRID, RELATED_SENTENCE_GRID)
        )

    base = relatedness(DEFAULT_THRESHOLDS)
    base = best_of(
        replace(
            base,
            refute=refute,
            denial_weight=denial_weight,
            coverage_weight=coverage_weight,
            hedge=hedge,
            hedge_body=hedge_body,
            denial_disagrees=denial_disagrees,
        )
        for refute, denial_weight, coverage_weight, hedge, hedge_body, denial_disagrees in (
            itertools.product(
                REFUTE_GRID,
                DENIAL_WEIGHT_GRID,
                COVERAGE_WEIGHT_GRID,
                HEDGE_GRID,
                HEDGE_BODY_GRID,
                (True, False),
            )
        )
    )
    return relatedness(base)


def subset(x: dict[str, Any], idx: Sequence[int]) -> dict[str, Any]:
    """Rows ``idx`` of every column."""
    return {k: v[list(idx)] for k, v in x.items()}


# --- baseline ----------------------------------------------------------------


def baseline_cosines(pairs: Sequence[Pair], train_idx: Sequence[int]) -> list[float]:
    """TF-IDF cosine of headline and body, vectoriser fitted on the training pairs' texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = {pairs[i].body for i in train_idx} | {pairs[i].headline for i in train_idx}
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit(sorted(texts))
    heads = vec.transform([p.headline for p in pairs])
    bodies = vec.transform([p.body for p in pairs])
    # rows are L2-normalised, so the row-wise dot product is the cosine
    return [float(x) for x in heads.multiply(bodies).sum(axis=1).A1]


def baseline_label(cosine: float, threshold: float) -> str:
    """TF-IDF baseline: related pairs are all called "discuss"."""
    return "discuss" if cosine >= threshold else "unrelated"


# --- report --------------------------------------------------------------------


def table(name: str, s: dict[str, Any]) -> str:
    """A printable block: per-class scores, summary and confusion matrix."""
    lines = [f"== {name}", f"{'class':<10} {'P':>6} {'R':>6} {'F1':>6} {'n':>6}"]
    for lab in LABELS:
        c = s["per_class"][lab]
        lines.append(
            f"{lab:<10} {c['precision']:6.3f} {c['recall']:6.3f} {c['f1']:6.3f} {c['support']:6d}"
        )
    lines.append(
        f"macro-F1 {s['macro_f1']:.3f}   accuracy {s['accuracy']:.3f}   "
        f"FNC score {s['fnc_score']:.3f} of max"
    )
    lines.append("confusion (rows gold, columns predicted): " + " ".join(LABELS))
    for g in LABELS:
        lines.append(f"  {g:<10} " + " ".join(f"{s['confusion'][g][p]:>8d}" for p in LABELS))
    return "\n".join(lines)


def gate_figures() -> dict[str, float]:
    """The quality gate's figures (bench/gate.py): FNC score, macro-F1,
    accuracy and per-class F1 of the shipped DEFAULT_THRESHOLDS on all 13,305
    dev pairs (the features take under 2 s, so no subset is needed).
    Partly in-sample, since the thresholds were chosen on the tuning part of
    this data: a guard against regressions, not a claim of accuracy."""
    pairs = load(None)
    predicted = [decide(stance_features(p.headline, p.body)) for p in pairs]
    s = scores([p.gold for p in pairs], predicted)
    figures = {name: 100 * s[name] for name in ("fnc_score", "macro_f1", "accuracy")}
    figures |= {f"{label}_f1": 100 * s["per_class"][label]["f1"] for label in LABELS}
    return figures


def baseline_labels(
    pairs: Sequence[Pair], train: Sequence[int], test: Sequence[int]
) -> dict[int, str]:
    """TF-IDF baseline labels of ``test``, vectoriser and threshold from ``train``."""
    gold = [p.gold for p in pairs]
    cos = baseline_cosines(pairs, train)
    threshold = max(
        BASELINE_GRID,
        key=lambda th: fnc_score(
            [gold[i] for i in train], [baseline_label(cos[i], th) for i in train]
        ),
    )
    return {i: baseline_label(cos[i], threshold) for i in test}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the tables, write bench/results/stance.json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="about this many pairs (whole bodies)")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)

    import numpy as np

    pairs = load(args.limit)
    gold = [p.gold for p in pairs]
    held = topic_parts(pairs)
    tuning = [i for i, h in enumerate(held) if not h]
    untouched = [i for i, h in enumerate(held) if h]
    t0 = time.perf_counter()
    features = [stance_features(p.headline, p.body) for p in pairs]
    feature_seconds = time.perf_counter() - t0
    speed = len(pairs) / feature_seconds
    print(
        f"{len(pairs)} pairs, {len({p.body_id for p in pairs})} bodies; tuning part "
        f"{len(tuning)} pairs, untouched part {len(untouched)} pairs (topic-disjoint); "
        f"features in {feature_seconds:.1f}s ({speed:.0f} pairs/s)"
    )
    x = feature_arrays(features)
    gold_codes = np.array([_CODE[g] for g in gold])

    # the tuning part: body-disjoint cross-validation
    folds = body_folds([pairs[i] for i in tuning], args.folds)
    ours: dict[int, str] = {}
    base: dict[int, str] = {}
    fold_thresholds: list[dict[str, Any]] = []
    for k in range(args.folds):
        train = [tuning[n] for n, f in enumerate(folds) if f != k]
        test = [tuning[n] for n, f in enumerate(folds) if f == k]
        t = tune(subset(x, train), gold_codes[train])
        for i in test:
            ours[i] = decide(features[i], t)
        base |= baseline_labels(pairs, train, test)
        fold_thresholds.append({"fold": k, "storyline": asdict(t)})
        print(f"fold {k}: {asdict(t)}")
    # the untouched part: thresholds searched on the whole tuning part
    tuned = tune(subset(x, tuning), gold_codes[tuning])
    codes = decide_arrays(x, tuned)
    assert all(LABELS[codes[i]] == decide(features[i], tuned) for i in range(len(pairs))), (
        "decide_arrays disagrees with storyline.stances.classify.decide"
    )
    base_untouched = baseline_labels(pairs, tuning, untouched)
    shipped = [decide(f) for f in features]

    def part(idx: Sequence[int], labels: Any) -> dict[str, Any]:
        return scores([gold[i] for i in idx], [labels[i] for i in idx])

    blocks = {
        "tuning part, storyline (cross-validated)": part(tuning, ours),
        "tuning part, tfidf-cosine baseline (cross-validated)": part(tuning, base),
        "untouched part, storyline (thresholds from the tuning part)": part(
            untouched, [LABELS[c] for c in codes]
        ),
        "untouched part, tfidf-cosine baseline": part(untouched, base_untouched),
        "untouched part, storyline with the shipped DEFAULT_THRESHOLDS": part(untouched, shipped),
        "all pairs, shipped DEFAULT_THRESHOLDS (partly in-sample)": scores(gold, shipped),
    }
    for name, sc in blocks.items():
        print()
        print(table(name, sc))
    print(f"\nthresholds searched on the tuning part: {asdict(tuned)}")
    print(f"shipped DEFAULT_THRESHOLDS: {asdict(DEFAULT_THRESHOLDS)}")
    results: dict[str, Any] = {
        "data": "fnc1-dev (even Body IDs)",
        "pairs": len(pairs),
        "bodies": len({p.body_id for p in pairs}),
        "tuning_pairs": len(tuning),
        "untouched_pairs": len(untouched),
        "split": f"topic-disjoint, seed {SEED}, untouched share {UNTOUCHED_SHARE:.3f}",
        "objective": f"FNC score with disagree F1 >= {DISAGREE_FLOOR}",
        "folds": args.folds,
        "limit": args.limit,
        "feature_pairs_per_second": speed,
        "fold_thresholds": fold_thresholds,
        "thresholds_tuned_on_tuning_part": asdict(tuned),
        "shipped_thresholds": asdict(DEFAULT_THRESHOLDS),
        "scores": blocks,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
