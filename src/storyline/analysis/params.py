"""The duplicate detector's tunable numbers (:class:`DedupeParams`)."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.params import check_numbers

__all__ = ["DEFAULT_DEDUPE_PARAMS", "DedupeParams"]


@dataclass(frozen=True, slots=True)
class DedupeParams:
    """Thresholds of :func:`storyline.analysis.dedupe.mark_duplicates` on the
    5-shingle Jaccard similarity (J) and containment (C) of two texts.

    Measured on the 690 Multi-News dev documents of 80+ words
    (../shared/data/multinews-dev): each document against an edited copy of
    itself, and every pair of documents from the same cluster (same event,
    different outlets).  Edited copies get an outlet lead sentence and a
    copyright line, random words replaced and paragraphs dropped.  5-shingle J
    and C, 5th / 50th percentile::

        1 % of words replaced                 J .73 / .86
        3 % replaced                          J .60 / .72   C .80 / .86
        5 % replaced, 1 paragraph dropped     J .40 / .57   C .62 / .74
        10 % replaced, 2 paragraphs dropped   J .21 / .36   C .42 / .56
        only the first half kept              J .47 / .50   C 1.0 / 1.0
        same-cluster pairs (651)              J 95th pct .057; above .30 only 7
                                              pairs, all genuine reprints (AP copy
                                              on a second site); C above .60 only 6,
                                              the same reprints.  Rewrites of one
                                              press release sit at J .13-.19,
                                              C .30-.51 and stay apart.
    """

    #: Near duplicate: J at or above this (95 % of 3 %-edited copies, every
    #: 1 %-edited one; a copy that also lost a paragraph is mostly not "near").
    near_duplicate: float = 0.60
    #: Same wire story: J at or above this (every 5 %-edited copy, half of the
    #: 10 %-edited ones) and above every same-event pair that is not a reprint.
    syndicated: float = 0.30
    #: ... or C at or above this: outlets that print only part of a wire story.
    contained: float = 0.60
    #: LSH candidate threshold: below the verification thresholds so that the
    #: sketch (estimate error ~0.09 at 128 permutations) does not drop true
    #: pairs, e.g. a 200-word trim of a 1,500-word story (J .13, C 1.0).
    candidate: float = 0.10
    #: Texts shorter than this many words are only compared for exact equality:
    #: a two-sentence brief shares most of its shingles with any longer report
    #: that quotes it.
    min_words: int = 30

    def __post_init__(self) -> None:
        check_numbers(
            self,
            shares=("near_duplicate", "syndicated", "contained", "candidate"),
            counts=("min_words",),
        )


#: The shipped parameters.
DEFAULT_DEDUPE_PARAMS = DedupeParams()
