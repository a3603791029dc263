"""Exact / near duplicates and syndication groups.

The thresholds (storyline.analysis.params.DedupeParams) were measured on Multi-News
dev documents (see its docstring); the last test re-checks the two ends
of that measurement on the real data when it is present.
"""

from __future__ import annotations

import ast
import csv
import random
from pathlib import Path

import pytest

from storyline.analysis.dedupe import mark_duplicates, similarity
from storyline.records import Article

MULTINEWS = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "multinews-dev"
    / "sample_validation.csv"
)

WIRE = (
    "Floodwater broke through the river wall at Eldermere early on Tuesday, forcing about 300 "
    "families from their homes, the regional fire service said. The mayor, Ruth Okafor, told "
    "reporters that two pumping stations had failed overnight and that engineers were working "
    "to restore power to the northern district. A spokesman for the national weather office "
    "said more rain was expected until Thursday and urged residents near the embankment to "
    "stay with relatives if they could. Volunteers filled sandbags outside the town hall "
    "through the afternoon, and the local school opened its gym as a shelter for those who had "
    "nowhere else to go. The army said it had sent two trucks and a rescue boat to the valley."
)

OTHER = (
    "The central bank left its main interest rate unchanged on Thursday, saying inflation had "
    "eased for a third month but wages were still rising faster than it would like. Its "
    "governor told a news conference that the board had discussed a cut but decided to wait "
    "for figures on spending over the holiday season. Markets had expected the decision, and "
    "the currency barely moved. Economists said a cut in the spring was now likely, although "
    "the board gave no firm guidance about the path of rates for the rest of next year."
)


def article(ident: str, text: str, outlet: str | None = None) -> Article:
    return Article(id=ident, raw_id=ident * 4, origin=f"{ident}.txt", text=text, outlet=outlet)


def test_syndicated_copy_across_two_outlets_shares_a_group() -> None:
    courier = article("a1", WIRE, "Valley Courier")
    # Another outlet runs the same wire story with its own lead, a trimmed
    # ending and a couple of words changed.
    edited = "ELDERMERE (Northern Wire) — " + WIRE.replace("about 300", "some 300").replace(
        "told reporters", "said"
    ).replace(" The army said it had sent two trucks and a rescue boat to the valley.", "")
    wire = article("b2", edited, "Northern Wire")
    unrelated = article("c3", OTHER, "Money Daily")
    out = mark_duplicates([courier, unrelated, wire])
    assert [a.id for a in out] == ["a1", "c3", "b2"]  # order kept
    assert out[0].syndication_group == out[2].syndication_group == "syn-a1"
    assert out[1] == unrelated  # untouched
    jaccard, _ = similarity(WIRE, edited)
    # Lightly edited: same group; whether it is a near duplicate follows the threshold.
    assert (out[2].duplicate_of == "a1") == (jaccard >= 0.60)
    assert out[0].duplicate_of is None


def test_exact_duplicate_points_at_the_first_copy() -> None:
    first = article("a1", WIRE)
    # Same text, different whitespace, case and punctuation.
    copy = article("b2", WIRE.upper().replace(". ", ".\n\n").replace(",", ""))
    out = mark_duplicates([first, copy])
    assert out[1].duplicate_of == "a1" and out[0].duplicate_of is None
    assert out[0].syndication_group == out[1].syndication_group == "syn-a1"


def test_partial_reprint_is_syndicated_by_containment() -> None:
    first_half = WIRE[: WIRE.index(" A spokesman")]  # two of five sentences
    out = mark_duplicates([article("a1", WIRE), article("b2", first_half)])
    assert out[1].syndication_group == "syn-a1"
    assert out[1].duplicate_of is None  # part of a story is not a near-identical copy


def test_distinct_stories_are_not_grouped() -> None:
    out = mark_duplicates([article("a1", WIRE), article("b2", OTHER)])
    assert all(a.syndication_group is None and a.duplicate_of is None for a in out)


def test_same_event_different_reporting_is_not_grouped() -> None:
    rewrite = (
        "Hundreds of residents of Eldermere spent Tuesday night in a school gym after the river "
        "wall collapsed before dawn. Firefighters went door to door in the lower streets, and "
        "the mayor blamed the failure of two pumping stations. Forecasters warned that the rain "
        "would not stop before Thursday, and soldiers arrived with trucks and a boat to help."
    )
    out = mark_duplicates([article("a1", WIRE), article("b2", rewrite)])
    assert all(a.syndication_group is None for a in out)


def test_short_texts_are_only_compared_exactly() -> None:
    out = mark_duplicates([article("a1", "Rain again."), article("b2", "Rain again today.")])
    assert all(a.syndication_group is None for a in out)
    out = mark_duplicates([article("a1", "Rain again."), article("b2", "rain AGAIN")])
    assert out[1].duplicate_of == "a1"


def test_stale_marks_are_cleared() -> None:
    import dataclasses

    stale = dataclasses.replace(article("a1", WIRE), duplicate_of="zz", syndication_group="syn-zz")
    out = mark_duplicates([stale, article("b2", OTHER)])
    assert out[0].duplicate_of is None and out[0].syndication_group is None


def test_empty_and_single_inputs() -> None:
    assert mark_duplicates([]) == []
    only = article("a1", WIRE)
    assert mark_duplicates([only]) == [only]


def test_chain_of_copies_has_one_canonical() -> None:
    copies = [article(f"x{i}", WIRE + " " + "Update." * i) for i in range(4)]
    out = mark_duplicates(copies)
    assert {a.syndication_group for a in out} == {"syn-x0"}
    assert [a.duplicate_of for a in out] == [None, "x0", "x0", "x0"]


@pytest.mark.skipif(not MULTINEWS.is_file(), reason=f"Multi-News dev not found at {MULTINEWS}")
def test_thresholds_hold_on_multinews_documents() -> None:
    csv.field_size_limit(10**9)
    with MULTINEWS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:40]
    rng = random.Random(5)
    articles: list[Article] = []
    edited_pairs: list[tuple[str, str]] = []
    for number, row in enumerate(rows):
        docs = [d for d in ast.literal_eval(row["documents"]) if len(d.split()) >= 150]
        if not docs:
            continue
        doc = docs[0]
        words = doc.split()
        for _ in range(len(words) // 40):  # 2.5 % of words replaced
            words[rng.randrange(len(words))] = "edited"
        copy = "An outlet's own first sentence. " + " ".join(words)
        articles.append(article(f"o{number}", doc))
        articles.append(article(f"e{number}", copy))
        edited_pairs.append((f"o{number}", f"e{number}"))
    out = {a.id: a for a in mark_duplicates(articles)}
    grouped = sum(
        1
        for o, e in edited_pairs
        if out[o].syndication_group is not None
        and out[e].syndication_group == out[o].syndication_group
    )
    assert grouped == len(edited_pairs)
    # Distinct documents (different clusters) never share a group.
    groups = {a.syndication_group for a in out.values() if a.id.startswith("o")}
    assert len(groups) == len(edited_pairs)
