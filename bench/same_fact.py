"""Benchmark the same-fact test (``storyline.same_fact``) on MSRP.

Data: ../shared/data/msrp-train/msr_paraphrase_train.txt, the Microsoft
Research Paraphrase Corpus train split (Dolan & Brockett 2005): 4,076 pairs of
news sentences, labelled semantically equivalent (1) or not (0).

Parts: a pair belongs to the *tuning* part when the SHA-1 of its two sentence
ids is even, else to the *untouched* part (2,015 / 2,061 pairs).  Everything
that was fitted or chosen (the logistic weights, the threshold, the clashes
and the word-match cosine of :class:`storyline.facts.params.FactParams`) was
fitted or chosen on the tuning part only; the untouched part is reported apart.

Systems, all scored by accuracy and F1 of the "equivalent" class:

* **always same** - every pair equivalent;
* **word Dice** - Dice of lower-case content-word stems, threshold tuned on the
  tuning part (the usual lexical baseline);
* **meaning cosine** - the cosine of the shipped meaning vectors
  (:mod:`storyline.text.meaning`), threshold tuned on the tuning part;
* **storyline** - :func:`storyline.facts.compare.same_fact` as shipped, and
  without its clashes (score alone).

Published unsupervised figures on the MSRP *test* split (not these pairs):
Mihalcea et al. 2006 70.3 / 81.3, Islam & Inkpen 2008 72.6 / 81.3, Fernando &
Stevenson 2008 74.1 / 82.4 (accuracy / F1); always-equivalent 66.5 / 79.9.

Run: ``.venv/bin/python bench/same_fact.py`` (prints a table, writes
``bench/results/same_fact.json``); ``--fit`` cross-validates the penalty and
the threshold on the tuning part, refits the logistic model on it and prints
the parameters to ship in :class:`storyline.facts.params.FactParams` (about a
minute).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MSRP = ROOT.parent / "shared" / "data" / "msrp-train" / "msr_paraphrase_train.txt"
RESULTS = ROOT / "bench" / "results" / "same_fact.json"

PUBLISHED = {
    "always equivalent (test split)": (66.5, 79.9),
    "Mihalcea et al. 2006 (test split)": (70.3, 81.3),
    "Islam & Inkpen 2008 (test split)": (72.6, 81.3),
    "Fernando & Stevenson 2008 (test split)": (74.1, 82.4),
}


def load_pairs() -> list[tuple[int, str, str, int]]:
    """(label, sentence 1, sentence 2, part) for every MSRP train pair; part
    0 = tuning, 1 = untouched."""
    csv.field_size_limit(sys.maxsize)
    out: list[tuple[int, str, str, int]] = []
    with MSRP.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for row in reader:
            digest = hashlib.sha1(f"{row[1]}|{row[2]}".encode()).hexdigest()
            out.append((int(row[0]), row[3], row[4], int(digest, 16) % 2))
    return out


def scores(labels: Sequence[int], predicted: Sequence[bool]) -> dict[str, float]:
    y = np.asarray(labels, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    tp = int((y & p).sum())
    precision = tp / max(1, int(p.sum()))
    recall = tp / max(1, int(y.sum()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "accuracy": 100.0 * float((y == p).mean()),
        "f1": 100.0 * f1,
        "precision": 100.0 * precision,
        "recall": 100.0 * recall,
        "pairs": len(y),
    }


def tuned_threshold(values: np.ndarray, labels: np.ndarray) -> float:
    """The threshold of best accuracy on the given (tuning) pairs."""
    grid = np.unique(np.round(values, 3))
    best = max(grid, key=lambda t: (float(((values >= t) == labels).mean()), -t))
    return float(best)


def dice(a: str, b: str) -> float:
    from storyline.facts.compare import read

    x = {s for _, s in read(a).content}
    y = {s for _, s in read(b).content}
    return 2 * len(x & y) / max(1, len(x) + len(y))


def measure(pairs: Sequence[tuple[int, str, str, int]]) -> dict[str, Any]:
    """Features, scores, clashes and decisions of every pair."""
    from storyline.facts import compare

    t0 = time.perf_counter()
    decisions = [compare.same_fact(a, b) for _, a, b, _ in pairs]
    seconds = time.perf_counter() - t0
    readings = [(compare.read(a), compare.read(b)) for _, a, b, _ in pairs]
    return {
        "decisions": decisions,
        "features": np.vstack([compare.features(x, y) for x, y in readings]),
        "score": np.array([compare.score(x, y) for x, y in readings]),
        "clash": [compare.clash(x, y) for x, y in readings],
        "cosine": np.array([float(x.vector @ y.vector) for x, y in readings]),
        "dice": np.array([dice(a, b) for _, a, b, _ in pairs]),
        "seconds": seconds,
    }


#: The sign a measure's weight must have (0: free): the meaning cosine, word
#: alignment, Dice and char overlap can only make two sentences more alike;
#: names, numbers, a denial, length and unmatched information apart only
#: less.  Unconstrained, the logistic fit on MSRP gave some of these the sign
#: of their neighbours' residue (8 names apart *raised* the score), which
#: extrapolates badly to pairs unlike MSRP's: two sentences of the demo
#: corpus that share its vocabulary and tell different facts scored 0.71.
#: The n-gram and unmatched-share measures, bounded in [0, 1] and collinear,
#: stay free.  Constraining all of them cost 1.7 points of tuning accuracy.
SIGNS = {
    "cosine": 1, "alignment": 1, "alignment_min": 1, "unmatched_share": 0,
    "unmatched_bits": -1, "dice": 1, "ngram1_min": 0, "ngram1_max": 0, "ngram2_min": 0,
    "ngram2_max": 0, "ngram3_min": 0, "ngram3_max": 0, "ngram4_min": 0, "ngram4_max": 0,
    "length_difference": -1, "same_numbers": 1, "numbers_differ": -1, "names_differ": -1,
    "negation_differs": -1, "char3_dice": 1, "char4_dice": 0, "unmatched_loose_min": 0,
    "unmatched_loose_max": 0, "unmatched_close_min": 0, "unmatched_close_max": 0,
    "unmatched_same_min": 0, "unmatched_same_max": 0, "names_apart": -1, "no_name_shared": -1,
    "numbers_apart": -1, "word_edits": -1, "one_to_one": 1,
}  # fmt: skip


#: The bounds of a weight by its sign in :data:`SIGNS` (0: free; the fit
#: before this held free weights <= 0, which zeroed most of them).
_BOUNDS: dict[int, tuple[float | None, float | None]] = {
    1: (0.0, None),
    -1: (None, 0.0),
    0: (None, None),
}


def fit(features: np.ndarray, labels: np.ndarray, c: float = 0.3) -> dict[str, Any]:
    """Logistic regression on standardised measures, L2 penalty 1 / (2C) as
    scikit-learn's, each weight held to the sign of :data:`SIGNS` (L-BFGS-B
    with bounds).  C is chosen by :func:`refit`'s cross-validation on the
    tuning part."""
    from scipy.optimize import minimize

    from storyline.facts.params import FEATURES

    means = features.mean(axis=0)
    scales = features.std(axis=0)
    scales[scales == 0] = 1.0
    x = (features - means) / scales
    y = labels.astype(np.float64)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        z = x @ w + b
        p = 1.0 / (1.0 + np.exp(-z))
        eps = 1e-12
        value = -float(np.sum(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)))
        value += float(w @ w) / (2 * c)
        grad_w = x.T @ (p - y) + w / c
        grad_b = float(np.sum(p - y))
        return value, np.append(grad_w, grad_b)

    bounds = [_BOUNDS[SIGNS[n]] for n in FEATURES] + [(None, None)]
    result = minimize(
        loss, np.zeros(len(FEATURES) + 1), jac=True, method="L-BFGS-B", bounds=bounds
    )
    w, b = result.x[:-1], result.x[-1]
    return {
        "means": tuple(round(float(v), 4) for v in means),
        "scales": tuple(round(float(v), 4) for v in scales),
        "weights": tuple(round(float(v), 4) for v in w),
        "intercept": round(float(b), 4),
    }


#: The penalties and thresholds ``--fit`` cross-validates on the tuning part.
C_GRID = (0.1, 0.3, 1.0)
THRESHOLDS = (0.4, 0.45, 0.5, 0.55)
#: Folds and repeats (shuffles) of the cross-validation.
FOLDS, REPEATS = 5, 4


def _decisions(pairs: Sequence[tuple[int, str, str, int]], params: Any) -> np.ndarray:
    """The shipped test's decisions with other parameters (clashes, the
    shared-word and cosine gates, other evidence)."""
    from storyline.facts import compare

    return np.array(
        [
            compare.decide(compare.read(a), compare.read(b), compare.NO_CONTEXT, params)
            for _, a, b, _ in pairs
        ]
    )


def refit(
    pairs: Sequence[tuple[int, str, str, int]],
    out: dict[str, Any],
    labels: np.ndarray,
    tune: np.ndarray,
) -> None:
    """Cross-validate the penalty C and the threshold on the tuning part
    (the whole test decides each held fold, fitted on the other folds' pairs
    without a clash), then fit on the whole tuning part with the best (the
    highest accuracy + F1) and print the parameters to ship.  The untouched part is not read."""
    from dataclasses import replace

    from storyline.facts.params import DEFAULT_FACT_PARAMS, FEATURES

    free = np.array([c is None for c in out["clash"]])
    index = np.flatnonzero(tune)
    rng = np.random.default_rng(0)
    cv: dict[tuple[float, float], list[np.ndarray]] = {}
    for _ in range(REPEATS):
        folds = np.array_split(rng.permutation(index), FOLDS)
        predicted = {key: np.zeros(len(pairs), dtype=bool) for key in _grid()}
        for k, held_fold in enumerate(folds):
            train = np.concatenate([f for j, f in enumerate(folds) if j != k])
            train = train[free[train]]
            subset = [pairs[i] for i in held_fold]
            for c in C_GRID:
                fitted = fit(out["features"][train], labels[train], c)
                for t in THRESHOLDS:
                    params = replace(DEFAULT_FACT_PARAMS, **fitted, threshold=t)
                    predicted[c, t][held_fold] = _decisions(subset, params)
        for key, p in predicted.items():
            cv.setdefault(key, []).append(p[index])
    print(f"{FOLDS}-fold cross-validation on the tuning part, {REPEATS} shuffles:")
    best = None
    for (c, t), runs in cv.items():
        rows = [scores(labels[index], p) for p in runs]
        acc = float(np.mean([r["accuracy"] for r in rows]))
        f1 = float(np.mean([r["f1"] for r in rows]))
        print(f"  C {c:<4} threshold {t:<5} accuracy {acc:.2f} F1 {f1:.2f}")
        # both figures are targets (issue 14: accuracy 76, F1 83): their sum
        if best is None or acc + f1 > best[0]:
            best = (acc + f1, c, t)
    assert best is not None
    _, c, t = best
    fitted = fit(out["features"][tune & free], labels[tune & free], c)
    params = replace(DEFAULT_FACT_PARAMS, **fitted, threshold=t)
    row = scores(labels[tune], _decisions([pairs[i] for i in index], params))
    print(f"chosen C {c}, threshold {t}: tuning accuracy {row['accuracy']:.2f} F1 {row['f1']:.2f}")
    for name, value in fitted.items():
        print(f"{name} = {value}")
    for name, w in zip(FEATURES, fitted["weights"], strict=True):
        print(f"  {name:20s} {w:+.3f}")


def _grid() -> list[tuple[float, float]]:
    return [(c, t) for c in C_GRID for t in THRESHOLDS]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="refit on the tuning part and print")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if not MSRP.exists():
        print(f"missing {MSRP}; nothing to measure", file=sys.stderr)
        return 2
    from storyline.facts.params import DEFAULT_FACT_PARAMS

    pairs = load_pairs()
    labels = np.array([y for y, _, _, _ in pairs])
    part = np.array([p for _, _, _, p in pairs])
    tune, held = part == 0, part == 1
    out = measure(pairs)
    if args.fit:
        refit(pairs, out, labels, tune)
        return 0

    table: dict[str, dict[str, dict[str, float]]] = {}

    def add(name: str, predicted: np.ndarray | Sequence[bool]) -> None:
        p = np.asarray(predicted, dtype=bool)
        table[name] = {
            "tuning": scores(labels[tune], p[tune]),
            "untouched": scores(labels[held], p[held]),
        }

    add("always same", np.ones(len(pairs), dtype=bool))
    t_dice = tuned_threshold(out["dice"][tune], labels[tune])
    add(f"word Dice >= {t_dice:.3f}", out["dice"] >= t_dice)
    t_cos = tuned_threshold(out["cosine"][tune], labels[tune])
    add(f"meaning cosine >= {t_cos:.3f}", out["cosine"] >= t_cos)
    add("storyline score alone", out["score"] >= DEFAULT_FACT_PARAMS.threshold)
    add("storyline same_fact", out["decisions"])

    clashes: dict[str, dict[str, float]] = {}
    for kind in sorted({c for c in out["clash"] if c}):
        fired = np.array([c == kind for c in out["clash"]])
        for name, mask in (("tuning", tune), ("untouched", held)):
            n = int((fired & mask).sum())
            clashes.setdefault(kind, {})[f"{name}_pairs"] = n
            clashes[kind][f"{name}_not_equivalent_share"] = (
                100.0 * float((labels[fired & mask] == 0).mean()) if n else 0.0
            )

    print(f"MSRP train, {tune.sum()} tuning / {held.sum()} untouched pairs")
    print(f"{'system':34} {'tune acc':>9} {'tune F1':>8} {'untouched acc':>14} {'F1':>6}")
    for name, row in table.items():
        print(
            f"{name:34} {row['tuning']['accuracy']:9.2f} {row['tuning']['f1']:8.2f} "
            f"{row['untouched']['accuracy']:14.2f} {row['untouched']['f1']:6.2f}"
        )
    for name, (acc, f1) in PUBLISHED.items():
        print(f"{name:34} {'':>9} {'':>8} {acc:14.1f} {f1:6.1f}")
    print("clashes (pairs, share not equivalent):")
    for kind, row in clashes.items():
        tuning = f"{row['tuning_pairs']:4d} {row['tuning_not_equivalent_share']:5.1f}%"
        held_out = f"{row['untouched_pairs']:4d} {row['untouched_not_equivalent_share']:5.1f}%"
        print(f"  {kind:10} tuning {tuning}  untouched {held_out}")
    per_pair = out["seconds"] / len(pairs)
    print(f"speed: {1.0 / per_pair:,.0f} pairs/s (first reading of every sentence included)")
    if not args.no_write:
        payload = {
            "data": "msrp-train",
            "parts": {"tuning": int(tune.sum()), "untouched": int(held.sum())},
            "split": "SHA-1 of '<id 1>|<id 2>' even = tuning, odd = untouched",
            "systems": table,
            "clashes": clashes,
            "published_test_split": {
                k: {"accuracy": a, "f1": f} for k, (a, f) in PUBLISHED.items()
            },
            "pairs_per_second": 1.0 / per_pair,
            "model": "storyline.text.meaning (static all-MiniLM-L6-v2)",
        }
        RESULTS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


#: The quality gate's subset (bench/gate.py): the first 600 untouched pairs.
GATE_PAIRS = 600


def gate_figures() -> dict[str, float]:
    """The quality gate's figures (bench/gate.py): accuracy and F1 of
    ``same_fact`` on the first :data:`GATE_PAIRS` pairs of the untouched part
    (about 2 s)."""
    from storyline.facts.compare import same_fact

    pairs = [p for p in load_pairs() if p[3] == 1][:GATE_PAIRS]
    row = scores([y for y, _, _, _ in pairs], [same_fact(a, b) for _, a, b, _ in pairs])
    return {"accuracy": row["accuracy"], "f1": row["f1"]}


if __name__ == "__main__":
    raise SystemExit(main())
