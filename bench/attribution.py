"""Attribution benchmark on PolNeAR: source, cue and content spans.

Run: ``.venv/bin/python bench/attribution.py [--limit N] [--tuning-every K]``.

Two parts, reported apart.  The rules of :mod:`storyline.claims.attribution`
are studied and tuned on PolNeAR **train** (840 articles); the *tuning part*
reported here is every ``K``-th train article in name order (``K`` = 4 by
default: 210 articles, to keep the spaCy parse to a few minutes; ``K`` = 1
scores all of train).  The *untouched part* is PolNeAR **dev** (84 articles),
which no rule was studied on.  Speed: the spaCy parse is timed apart, and the
attribution rules alone are reported in articles per second beside each
figure.

Scoring is PARC-style, per component: every predicted span of a role (source,
cue, content) is matched one-to-one against the gold spans of that role in the
same article.  *Exact* requires identical boundaries after stripping
whitespace and edge punctuation (quotation marks are kept); *overlap* accepts
any shared character, pairing the largest overlaps first.  A discontinuous
gold span (a split quote) is scored as its extent, first piece to last, which
is also how :func:`storyline.claims.ledger.attributions` reports it.

PolNeAR has two annotators on some articles; the first annotation file in
name order is used.  textacy's ``direct_quotations`` runs on the same spaCy
docs side by side (it only finds direct quotes, so its recall is bounded by
the share of quoted content).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Span = tuple[int, int]
ROLES = ("source", "cue", "content")
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear-dev" / "data"
RESULTS = Path(__file__).resolve().parent / "results" / "attribution.json"
_EDGE = ",.;:—–-…"


@dataclass
class Triple:
    source: Span | None
    cue: Span | None
    content: Span | None


@dataclass
class Counts:
    pred: int = 0
    gold: int = 0
    exact: int = 0
    overlap: int = 0

    def add(self, other: Counts) -> None:
        self.pred += other.pred
        self.gold += other.gold
        self.exact += other.exact
        self.overlap += other.overlap


@dataclass
class Scores:
    counts: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})


def read_gold(path: Path) -> list[Triple]:
    """Attribution relations (``E`` lines) of one brat standoff file."""
    spans: dict[str, Span] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[0].startswith("T") and len(parts) >= 2:
            label_and_span = parts[1].split(" ", 1)
            if len(label_and_span) < 2:
                continue
            pieces = [p.split() for p in label_and_span[1].split(";")]
            starts = [int(p[0]) for p in pieces]
            ends = [int(p[1]) for p in pieces]
            spans[parts[0]] = (min(starts), max(ends))
        elif parts[0].startswith("E") and len(parts) >= 2:
            rel: dict[str, str] = {}
            for arg in parts[1].split()[1:]:
                role, _, tid = arg.partition(":")
                rel[role.lower()] = tid
            relations.append(rel)
    out = []
    for rel in relations:
        out.append(
            Triple(
                source=spans.get(rel.get("source", "")),
                cue=spans.get(rel.get("cue", "")),
                content=spans.get(rel.get("content", "")),
            )
        )
    return out


def norm(text: str, span: Span) -> Span:
    start, end = span
    while start < end and (text[start] in _EDGE or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _EDGE or text[end - 1].isspace()):
        end -= 1
    return (start, end)


def score(text: str, pred: list[Triple], gold: list[Triple]) -> Scores:
    scores = Scores()
    for role in ROLES:
        p = sorted({norm(text, s) for t in pred if (s := getattr(t, role)) is not None})
        g = [norm(text, s) for t in gold if (s := getattr(t, role)) is not None]
        c = scores.counts[role]
        c.pred, c.gold = len(p), len(g)
        exact_left = list(g)
        for s in p:
            if s in exact_left:
                exact_left.remove(s)
                c.exact += 1
        pairs = []
        for i, s in enumerate(p):
            for j, t in enumerate(g):
                ov = min(s[1], t[1]) - max(s[0], t[0])
                if ov > 0:
                    pairs.append((ov, i, j))
        used_p: set[int] = set()
        used_g: set[int] = set()
        for _ov, i, j in sorted(pairs, reverse=True):
            if i not in used_p and j not in used_g:
                used_p.add(i)
                used_g.add(j)
        c.overlap = len(used_p)
    return scores


def prf(c: Counts, kind: str) -> dict[str, float]:
    hit = c.exact if kind == "exact" else c.overlap
    p = hit / c.pred if c.pred else 0.0
    r = hit / c.gold if c.gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3)}


def textacy_triples(doc: Any) -> list[Triple]:
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        quotes = list(direct_quotations(doc))
    except (ValueError, IndexError, KeyError):  # textacy fails on odd quote layouts
        return []
    for q in quotes:
        speaker = (
            (min(t.idx for t in q.speaker), max(t.idx + len(t.text) for t in q.speaker))
            if q.speaker
            else None
        )
        cue = (
            (min(t.idx for t in q.cue), max(t.idx + len(t.text) for t in q.cue)) if q.cue else None
        )
        content = (q.content.start_char, q.content.end_char)
        out.append(Triple(speaker, cue, content))
    return out


def articles(split: str, limit: int | None) -> list[tuple[str, str, Path]]:
    base = DATA / split
    seen: set[str] = set()
    out = []
    for ann in sorted((base / "attributions").glob("*.ann")):
        stem = re.sub(r"_[^_]*$", "", ann.stem)
        if stem in seen:
            continue
        txt = base / "text" / f"{stem}.txt"
        if not txt.exists():
            continue
        seen.add(stem)
        out.append((stem, txt.read_text(encoding="utf-8"), ann))
        if limit is not None and len(out) >= limit:
            break
    return out


def storyline_triples(doc: Any) -> list[Triple]:
    """storyline's attributions of one parsed article, as spans."""
    from storyline.claims.attribution import find_attributions
    from storyline.claims.quotes import as_records

    return [Triple(a.source, a.cue, a.content) for a in as_records(find_attributions(doc))]


#: Articles of the dev split the quality gate scores (the first in name order).
GATE_ARTICLES = 20


def gate_figures() -> dict[str, float]:
    """The quality gate's figures (bench/gate.py): storyline's exact and
    overlap F1 of source, cue and content on the first 20 PolNeAR dev
    articles in name order (:data:`GATE_ARTICLES`; about 5 s, most of it the
    spaCy parse)."""
    from storyline.analysis.nlp import analyze_texts
    from storyline.claims.ledger import analysis_nlp

    docs = articles("dev", GATE_ARTICLES)
    analyzed = analyze_texts([t for _, t, _ in docs], nlp=analysis_nlp())
    total = Scores()
    for (_stem, text, ann), item in zip(docs, analyzed, strict=True):
        scored = score(text, storyline_triples(item.doc), read_gold(ann))
        for role in ROLES:
            total.counts[role].add(scored.counts[role])
    return {
        f"{role}_{kind}_f1": 100 * prf(total.counts[role], kind)["f1"]
        for role in ROLES
        for kind in ("exact", "overlap")
    }


def score_part(docs: list[tuple[str, str, Path]]) -> dict[str, Any]:
    """Parse one part's articles, run storyline and textacy, score both."""
    from storyline.analysis.nlp import analyze_texts
    from storyline.claims.ledger import analysis_nlp

    t0 = time.perf_counter()
    analyzed = analyze_texts([t for _, t, _ in docs], nlp=analysis_nlp())
    parse_s = time.perf_counter() - t0
    systems: dict[str, Scores] = {"storyline": Scores(), "textacy": Scores()}
    timing = {"storyline": 0.0, "textacy": 0.0}
    for (_stem, text, ann), item in zip(docs, analyzed, strict=True):
        gold = read_gold(ann)
        t1 = time.perf_counter()
        ours = storyline_triples(item.doc)
        timing["storyline"] += time.perf_counter() - t1
        t1 = time.perf_counter()
        theirs = textacy_triples(item.doc)
        timing["textacy"] += time.perf_counter() - t1
        for name, pred in (("storyline", ours), ("textacy", theirs)):
            s = score(text, pred, gold)
            for role in ROLES:
                systems[name].counts[role].add(s.counts[role])
    report: dict[str, Any] = {
        "articles": len(docs),
        "parse_seconds": round(parse_s, 1),
        "parse_articles_per_second": round(len(docs) / parse_s, 2) if parse_s else None,
        "systems": {},
    }
    for name, sc in systems.items():
        rows: dict[str, Any] = {
            "seconds": round(timing[name], 2),
            "articles_per_second": round(len(docs) / timing[name], 1) if timing[name] else None,
        }
        for role in ROLES:
            c = sc.counts[role]
            for kind in ("exact", "overlap"):
                rows[f"{role}_{kind}"] = prf(c, kind) | {"pred": c.pred, "gold": c.gold}
        report["systems"][name] = rows
    return report


def print_part(name: str, part: dict[str, Any]) -> None:
    header = f"{'system':<10} {'role':<8} {'match':<8} {'P':>6} {'R':>6} {'F1':>6}  pred/gold"
    print()
    print(
        f"{name}: {part['articles']} articles (spaCy parse {part['parse_seconds']}s, "
        f"{part['parse_articles_per_second']} articles/s)"
    )
    print(header)
    print("-" * len(header))
    for system, rows in part["systems"].items():
        for role in ROLES:
            for kind in ("exact", "overlap"):
                m = rows[f"{role}_{kind}"]
                print(
                    f"{system:<10} {role:<8} {kind:<8} {m['p']:>6.3f} {m['r']:>6.3f} "
                    f"{m['f1']:>6.3f}  {m['pred']}/{m['gold']}"
                )
        print(f"{system:<10} rules alone: {rows['articles_per_second']} articles/s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N articles of each part")
    parser.add_argument(
        "--tuning-every", type=int, default=4, help="score every K-th train article (1: all)"
    )
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"PolNeAR not found at {DATA}", file=sys.stderr)
        return 2

    train = articles("train", None)[:: args.tuning_every]
    parts = {
        f"tuning (PolNeAR train, every {args.tuning_every}th article)": train[: args.limit],
        "untouched (PolNeAR dev)": articles("dev", args.limit),
    }
    report: dict[str, Any] = {
        "data": "PolNeAR: rules studied on train, dev untouched",
        "limit": args.limit,
        "tuning_every": args.tuning_every,
        "parts": {},
    }
    for name, docs in parts.items():
        part = score_part(docs)
        print_part(name, part)
        report["parts"][name] = part
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
