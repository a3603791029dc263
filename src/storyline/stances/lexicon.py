"""Small, documented word lists for stance and contradiction detection.

Why lists and not a model: no natural-language-inference model is available
offline, and the few thousand labelled pairs we can measure on (FNC-1 dev) are
too few to learn reliable lexical weights without over-fitting to its topics.
The lists are written from general English usage (how news prose denies,
hedges and confirms), not mined from the evaluation data; each entry is a
lower-case token or a space-separated phrase matched on token boundaries.
They are data files (``storyline/lexicons/stances/*.txt``, each with its
provenance); this module names them for :mod:`storyline.stances.classify`,
:mod:`storyline.stances.contradiction` and :mod:`storyline.claims.ledger`.
"""

from __future__ import annotations

from storyline import lexicons
from storyline.text.numbers import CARDINALS

#: Words that flip the polarity of the predicate they govern.
NEGATIONS: frozenset[str] = lexicons.words("stances/negations")

#: Verdict cues: a report using these near the claim calls it false in its
#: own voice.
REFUTE_WORDS: frozenset[str] = lexicons.words("stances/refute_words")

#: Reported denials: someone in the report denies or rejects the claim (kept
#: apart from the verdicts: the report may relay a denial without siding with it).
DENIAL_WORDS: frozenset[str] = lexicons.words("stances/denial_words")

#: Multi-word verdict cues.
REFUTE_PHRASES: tuple[str, ...] = lexicons.phrases("stances/refute_phrases")

#: Hedging and reporting cues: the report relays the claim without vouching
#: for it.
HEDGE_WORDS: frozenset[str] = lexicons.words("stances/hedge_words")

#: Multi-word hedges.
HEDGE_PHRASES: tuple[str, ...] = lexicons.phrases("stances/hedge_phrases")

#: Weak hedges: modal and epistemic words.  They count in
#: :func:`storyline.stances.contradiction.hedge_count` but not in
#: :data:`REPORTING_WORDS`, the stronger sign of a report keeping its distance.
MODAL_HEDGES: frozenset[str] = lexicons.words("stances/modal_hedges")

#: Reporting-distance cues: the report attributes the claim to someone else
#: or marks it unverified ("reportedly", "allegedly", "claims", "sources").
REPORTING_WORDS: frozenset[str] = HEDGE_WORDS - MODAL_HEDGES

#: Assertive confirmation cues: the report vouches for the claim.
CONFIRM_WORDS: frozenset[str] = lexicons.words("stances/confirm_words")

#: Multi-word confirmations.
CONFIRM_PHRASES: tuple[str, ...] = lexicons.phrases("stances/confirm_phrases")

#: Antonymous predicate pairs (stems as produced by
#: :func:`storyline.text.stems.inflection_stem` are compared, so list base
#: forms).  Symmetric: each pair is used both ways.
ANTONYM_PAIRS: tuple[tuple[str, str], ...] = tuple(
    (a, b) for a, b in (line.split() for line in lexicons.phrases("stances/antonym_pairs"))
)

#: Number words, for reading quantities written out.
NUMBER_WORDS: dict[str, int] = {**CARDINALS, "dozen": 12}

#: Multipliers that scale the number before them ("fifty thousand", "2 million").
NUMBER_SCALES: dict[str, int] = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}

#: Vague plural quantities and the ranges news usage gives them: "hundreds" is
#: at least two hundred, and a count near a thousand is written "nearly a
#: thousand" or "about 1,000", so the range stops at eight hundred.
VAGUE_QUANTITIES: dict[str, tuple[float, float]] = {
    "dozens": (24.0, 144.0),
    "tens": (20.0, 90.0),
    "scores": (40.0, 200.0),
    "hundreds": (200.0, 800.0),
    "thousands": (2_000.0, 8_000.0),
    "millions": (2_000_000.0, 999_999_999.0),
    "several": (3.0, 9.0),
    "few": (2.0, 6.0),
    "handful": (2.0, 6.0),
}

#: Approximators: the number is a round estimate.  The tolerance is the
#: relative slack each side (``about 1,000`` covers 850-1,150); 15% is a
#: reading of "about" chosen by hand, not fitted to any data.
APPROXIMATORS: frozenset[str] = lexicons.words("stances/approximators")
APPROX_TOLERANCE = 0.15

#: Lower-bound cues ("more than 50,000", "at least 40", "over 300").
LOWER_BOUND_PHRASES: tuple[str, ...] = lexicons.phrases("stances/lower_bound_phrases")
#: Upper-bound cues ("fewer than 10", "up to 200", "under 5").
UPPER_BOUND_PHRASES: tuple[str, ...] = lexicons.phrases("stances/upper_bound_phrases")

#: Near-synonyms news reports use interchangeably for the same event or
#: participants; :func:`storyline.stances.contradiction.compare` maps each word to the
#: first of its set so "civilians were evacuated" meets "residents left".
SYNONYM_SETS: tuple[tuple[str, ...], ...] = tuple(
    tuple(line.split()) for line in lexicons.phrases("stances/synonym_sets")
)

#: Every single-word stance cue: what a sentence says about a claim's truth
#: rather than what the claim is about.
CUE_WORDS: frozenset[str] = REFUTE_WORDS | DENIAL_WORDS | HEDGE_WORDS | CONFIRM_WORDS
