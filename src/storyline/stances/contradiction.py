"""Lexical building blocks for comparing two statements, and :func:`compare`.

Why a lexical method: there is no natural-language-inference model offline,
and the conflicts a news brief must surface are mostly visible on the surface
-- a negated predicate ("has not been evacuated"), an opposing predicate
("rose" / "fell"), or numbers that cannot both be true ("hundreds" /
"some 5,000").  Everything here is plain Python over regex tokens, fast
enough to run on every pair of claims in a story.

Public helpers (also used by :mod:`storyline.stances.classify` and available to
:mod:`storyline.claims.ledger`):

* :func:`content_stems` -- the informative stems of tokens (the tokens of
  :func:`storyline.text.tokens.stance_tokens`, the stems of
  :func:`storyline.text.stems.inflection_stem`),
* :func:`word_weight` -- how informative a word is (general English
  frequencies from the ``wordfreq`` package),
* :func:`verdict_count` / :func:`denial_count` / :func:`hedge_count` /
  :func:`reporting_count` /
  :func:`confirm_count` -- cue counts from :mod:`storyline.stances.lexicon`,
* :func:`negated` -- the polarity of a short statement,
* :func:`quantities` / :func:`quantities_compatible` -- numbers as ranges,
* :func:`canonical` / :func:`canonical_stems` -- near-synonyms merged,
* :func:`antonym_flip` -- opposing predicates,
* :func:`compare` -- agree / disagree / unrelated for two short claims.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from storyline.errors import DependencyMissingError
from storyline.stances import lexicon as lexicons
from storyline.text import stopwords
from storyline.text.stems import inflection_stem
from storyline.text.tokens import stance_tokens

#: The general English frequency list behind :func:`word_weight` (its data
#: ships inside the package; nothing is downloaded).
WORDFREQ = "wordfreq==3.1.1"

Comparison = Literal["agree", "disagree", "unrelated"]


#: Words at least this common (Zipf scale of ``wordfreq``: 7 = once per 100
#: words) carry no topical weight.  7.0 puts "the", "of", "and" at zero and
#: "said" (6.0) at 1; chosen by reading the scale, not fitted.
ZIPF_CEILING = 7.0

#: Function words that are frequent enough to be noise in an overlap but not
#: frequent enough for the Zipf ceiling to zero them.
_STOP = stopwords.STANCE


@functools.lru_cache(maxsize=200_000)
def word_weight(word: str) -> float:
    """Informativeness of a lower-case word: ``ZIPF_CEILING - zipf``, floored at 0.

    A stand-in for inverse document frequency that needs no corpus at hand:
    -log of a word's general English frequency (``wordfreq``) is what an IDF
    estimates.  Numbers weigh like rare words.
    """
    if word in _STOP or word in lexicons.NEGATIONS:
        return 0.0
    if word[:1].isdigit():
        return 5.0
    return max(0.0, ZIPF_CEILING - _zipf(word))


@functools.lru_cache(maxsize=1)
def _zipf_lookup() -> Callable[[str, str], float]:
    try:
        from wordfreq import zipf_frequency
    except ImportError as exc:
        raise DependencyMissingError("word weighting (stance, claim comparison)", WORDFREQ) from exc
    return zipf_frequency


def _zipf(word: str) -> float:
    return float(_zipf_lookup()(word, "en"))


def content_stems(words: Iterable[str]) -> dict[str, float]:
    """Stems of the informative words, each with the largest weight seen."""
    out: dict[str, float] = {}
    for w in words:
        weight = word_weight(w)
        if weight <= 0.0 or len(w) < 2:
            continue
        s = inflection_stem(w)
        if weight > out.get(s, 0.0):
            out[s] = weight
    return out


def _phrase_count(words: Sequence[str], phrases: Iterable[str]) -> int:
    joined = " " + " ".join(words) + " "
    return sum(joined.count(" " + p + " ") for p in phrases)


def verdict_count(words: Sequence[str]) -> int:
    """How many cues calling something false in the writer's voice ("hoax", "not true")."""
    return sum(w in lexicons.REFUTE_WORDS for w in words) + _phrase_count(
        words, lexicons.REFUTE_PHRASES
    )


def denial_count(words: Sequence[str]) -> int:
    """How many reported-denial cues ("denied", "rejected") the tokens hold."""
    return sum(w in lexicons.DENIAL_WORDS for w in words)


def refute_count(words: Sequence[str]) -> int:
    """Verdicts and reported denials together: everything that says "not so"."""
    return verdict_count(words) + denial_count(words)


def hedge_count(words: Sequence[str]) -> int:
    """How many hedging/reporting cues the tokens hold."""
    return sum(w in lexicons.HEDGE_WORDS for w in words) + _phrase_count(
        words, lexicons.HEDGE_PHRASES
    )


def reporting_count(words: Sequence[str]) -> int:
    """How many reporting-distance cues (strong hedges, multi-word hedges) the tokens hold."""
    return sum(w in lexicons.REPORTING_WORDS for w in words) + _phrase_count(
        words, lexicons.HEDGE_PHRASES
    )


def confirm_count(words: Sequence[str]) -> int:
    """How many assertive confirmation cues the tokens hold."""
    return sum(w in lexicons.CONFIRM_WORDS for w in words) + _phrase_count(
        words, lexicons.CONFIRM_PHRASES
    )


def negated(words: Sequence[str]) -> bool:
    """Polarity of a short statement: an odd number of negators and denials.

    "was not killed" is negated, "denied he was killed" is negated, "did not
    deny he was killed" is not.
    """
    flips = sum(w in lexicons.NEGATIONS or w == "unable" for w in words)
    flips += refute_count(words)
    return flips % 2 == 1


@functools.lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in lexicons.SYNONYM_SETS:
        head = inflection_stem(group[0])
        for word in group:
            table.setdefault(inflection_stem(word), head)
    return table


def canonical(s: str) -> str:
    """The representative stem of ``s``'s synonym set (itself when it has none)."""
    return _synonyms().get(s, s)


def canonical_stems(weights: dict[str, float]) -> dict[str, float]:
    """:func:`content_stems` output with synonyms merged (largest weight kept)."""
    out: dict[str, float] = {}
    for s, w in weights.items():
        c = canonical(s)
        if w > out.get(c, 0.0):
            out[c] = w
    return out


@functools.lru_cache(maxsize=1)
def _antonyms() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for a, b in lexicons.ANTONYM_PAIRS:
        sa, sb = canonical(inflection_stem(a)), canonical(inflection_stem(b))
        if sa == sb:
            continue
        table.setdefault(sa, set()).add(sb)
        table.setdefault(sb, set()).add(sa)
    return {k: frozenset(v) for k, v in table.items()}


def antonym_flip(a_stems: Iterable[str], b_stems: Iterable[str]) -> bool:
    """True when one statement uses a predicate the other uses the opposite of.

    A pair only counts when each side lacks the other's word ("rose, then
    fell" vs "fell" is no flip).  Synonyms are merged first.
    """
    sa, sb = {canonical(s) for s in a_stems}, {canonical(s) for s in b_stems}
    table = _antonyms()
    for x in sa - sb:
        for y in table.get(x, ()):
            if y in sb and y not in sa:
                return True
    return False


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in text read as a range, with the word it counts (if any)."""

    low: float
    high: float
    unit: str | None
    text: str


def _number_value(tok: str) -> float | None:
    if tok[:1].isdigit():
        try:
            return float(tok.replace(",", ""))
        except ValueError:
            return None
    if tok in lexicons.NUMBER_WORDS:
        return float(lexicons.NUMBER_WORDS[tok])
    return None


_PLURAL_SCALES = {"hundreds": 100.0, "thousands": 1_000.0, "millions": 1_000_000.0}


def quantities(text: str) -> list[Quantity]:
    """Numbers in ``text`` as ranges: "some 50,000", "hundreds", "more than 40".

    Years standing alone (1900-2100 written as four digits) are skipped: they
    are dates, not counts.
    """
    words = stance_tokens(text)
    out: list[Quantity] = []
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        value = _number_value(w)
        start = i
        if value is None and w in lexicons.VAGUE_QUANTITIES:
            low, high = lexicons.VAGUE_QUANTITIES[w]
            j = i + 1
            # "tens of thousands", "hundreds of thousands": the range times the scale
            if j + 1 < n and words[j] == "of" and words[j + 1] in _PLURAL_SCALES:
                scale = _PLURAL_SCALES[words[j + 1]]
                low, high = low * scale, high * scale
                j += 2
            out.append(Quantity(low, high, _unit(words, j), " ".join(words[start:j])))
            i = j
            continue
        if value is None:
            i += 1
            continue
        j = i + 1
        # "fifty thousand", "2 million", "twenty five"
        while j < n:
            if words[j] in lexicons.NUMBER_SCALES:
                value *= lexicons.NUMBER_SCALES[words[j]]
            elif words[j] in lexicons.NUMBER_WORDS and value >= 20 and value % 10 == 0:
                value += lexicons.NUMBER_WORDS[words[j]]
            else:
                break
            j += 1
        is_year = j == i + 1 and w.isdigit() and len(w) == 4 and 1900 <= value <= 2100
        if is_year:
            i = j
            continue
        low, high = value, value
        before = " ".join(words[max(0, i - 2) : i])
        prev = words[i - 1] if i > 0 else ""
        if any(before.endswith(p) for p in lexicons.LOWER_BOUND_PHRASES):
            high = math.inf
        elif any(before.endswith(p) for p in lexicons.UPPER_BOUND_PHRASES):
            low = 0.0
        elif prev in lexicons.APPROXIMATORS or (w in lexicons.NUMBER_WORDS and value >= 100):
            low = value * (1 - lexicons.APPROX_TOLERANCE)
            high = value * (1 + lexicons.APPROX_TOLERANCE)
        out.append(Quantity(low, high, _unit(words, j), " ".join(words[start:j])))
        i = j
    return out


def _unit(words: Sequence[str], j: int) -> str | None:
    """The counted noun: the first informative word after the number."""
    for w in words[j : j + 3]:
        if w in ("of", "more", "other") or w in lexicons.VAGUE_QUANTITIES or w == "tens":
            continue
        if word_weight(w) > 0.0 and not w[:1].isdigit():
            return inflection_stem(w)
    return None


def quantities_compatible(a: Sequence[Quantity], b: Sequence[Quantity]) -> bool | None:
    """Whether the numbers of two statements can both be true.

    Only quantities counting the same thing are compared (same unit up to
    synonyms, or a single number on each side one of which has no unit).
    None when nothing is comparable.
    """
    verdict: bool | None = None
    for qa in a:
        for qb in b:
            same = (
                qa.unit is not None
                and qb.unit is not None
                and canonical(qa.unit) == canonical(qb.unit)
            )
            lone = len(a) == 1 and len(b) == 1 and (qa.unit is None or qb.unit is None)
            if not (same or lone):
                continue
            overlap = qa.low <= qb.high and qb.low <= qa.high
            if overlap:
                return True
            verdict = False
    return verdict


#: Share of the smaller statement's content weight that must be shared for two
#: short claims to be "about the same thing".  0.4 separates paraphrases
#: ("troops entered the city" / "the army's troops entered Palmyra city") from
#: topic neighbours in the hand-written cases of tests/test_stance.py; not
#: fitted to benchmark data (FNC-1 pairs are headline/body, not claim/claim).
COMPARE_MIN_OVERLAP = 0.4


def overlap_share(a: dict[str, float], b: dict[str, float]) -> float:
    """Weight of the shared stems over the lighter side's total weight."""
    if not a or not b:
        return 0.0
    shared = sum(min(a[s], b[s]) for s in a.keys() & b.keys())
    return shared / min(sum(a.values()), sum(b.values()))


def compare(a: str, b: str) -> Comparison:
    """Do two short claims agree, disagree, or talk about different things?

    Same subject matter (shared informative words, or an antonym pair plus
    shared arguments) is required for anything but "unrelated".  Then the
    claims disagree when their numbers for the same quantity cannot both be
    true, when exactly one of them is negated or denied, or when they use
    opposing predicates (an antonym flip combines with negation: "rose" vs
    "did not fall" agree).
    """
    wa, wb = stance_tokens(a), stance_tokens(b)
    ca, cb = canonical_stems(content_stems(wa)), canonical_stems(content_stems(wb))
    flip = antonym_flip(ca, cb)
    share = overlap_share(ca, cb)
    qa, qb = quantities(a), quantities(b)
    numbers = quantities_compatible(qa, qb)
    if share < COMPARE_MIN_OVERLAP and not (flip and share > 0.0):
        # Two lone numbers may carry the whole relation ("50,000 fled" vs
        # "hundreds fled"): those share their unit, which content_stems saw.
        return "unrelated"
    polarity_differs = negated(wa) != negated(wb)
    if flip:
        polarity_differs = not polarity_differs
    if numbers is False:
        return "disagree"
    return "disagree" if polarity_differs else "agree"
