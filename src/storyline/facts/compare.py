"""Do two news sentences assert the same fact?  The one test behind the
summary's collapse across outlets, claim grouping and the timeline's merge
(and ``storyline.same_fact``).

A sentence is read once (:func:`read`, cached per text) into its words,
content stems, numbers, names, denials, named speakers and the days it may
name; its meaning vector (:mod:`storyline.text.meaning`), n-grams and the
rest are computed on first use.  A pair is then decided (:func:`decide`):

1. **Clashes keep two sentences apart** whatever their wording
   (:func:`clash`): both give numbers and share none ("a loss of $2.08 a
   share" / "$2.75"); one denies what the other asserts ("was not arrested"
   / "was arrested"); both name a day and the days differ ("Friday" /
   "Thursday", or calendar days when the articles are dated); both name the
   people speaking in full and they are other people ("Edward Skyler ...
   said" / "Jordan Barowitz ... said").
2. **The wording decides** (:func:`score`): a logistic model over measures
   of how much of each sentence the other says, in its words and in other
   words: the cosine of their meaning vectors, a soft alignment of their
   content words by word meaning (weighted by how informative a word is,
   from ``wordfreq``), what each says that the other does not, word Dice,
   n-gram and character n-gram overlap, length, names and numbers apart.
   Fitted on one fixed part of the MSRP train split and checked on the other
   (``bench/same_fact.py``, :class:`storyline.facts.params.FactParams`).
3. **Or other evidence**, unless the caller's :class:`Context` turns it off:
   one named speaker's statement relayed in other words (:func:`one_statement`),
   one specific count of one thing (:func:`one_count`), and, when the
   context dates both articles, the same calendar day told with shared words
   (:func:`anchored`, the timeline's measured merge rule).

The stages say what they know in a :class:`Context`: the summary the
articles' dates, how often each speaker speaks and the story's common
words; the timeline that both sentences name one date; the claim groups ask
the wording only.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from storyline import lexicons
from storyline.facts.params import DEFAULT_FACT_PARAMS, FactParams
from storyline.summary.counts import Count, compatible_speakers, counts, same_count, speaker_heads
from storyline.summary.speakers import (
    Attributed,
    Speaker,
    attributed,
    same_statement,
)
from storyline.text import meaning, stopwords
from storyline.text.memo import Memo
from storyline.text.names import name_tokens, skeleton
from storyline.text.stems import crude_stem, light_stem
from storyline.text.tokens import COUNT_TOKENS, ascii_words
from storyline.timeline.timex.lexicon import MONTHS

__all__ = [
    "NO_CONTEXT",
    "Context",
    "Reading",
    "anchored",
    "calendar_days",
    "clash",
    "decide",
    "event_words",
    "features",
    "one_count",
    "one_statement",
    "read",
    "same_fact",
    "score",
]

#: Function words and verbs of saying: they differ between two tellings of one
#: fact and say nothing of it (the summary's stop list, spaCy's plus reporting
#: verbs).
_STOP = stopwords.summary()
_NEGATIONS = lexicons.words("facts/negations")
#: The negations that deny a verb (the rest deny a thing: "no details").
_VERB_NEGATIONS = frozenset(("not", "never", "cannot"))
#: "n't" written without its apostrophe.
_CONTRACTED = frozenset(("dont", "doesnt", "didnt", "wont", "cant", "isnt", "wasnt", "arent"))
_NUMBER_WORDS = lexicons.mapping("summary/number_words")
#: Words skipped between a number and its unit ("$2.3 billion in", "9 per cent").
_SCALES = lexicons.words("facts/number_scales")
#: Weekdays, and the months as they name a day ("May 20").
_WEEKDAYS = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)
_DAY_WORDS = frozenset((*_WEEKDAYS, "today", "yesterday", "tomorrow", "tonight"))
_MONTHS = frozenset(m.lower().rstrip(".") for m in MONTHS)
#: A word at least this common (Zipf scale of wordfreq: 7 = once in 10^7 ... no,
#: log10 of occurrences per billion words) weighs the least; rarer words weigh
#: more (information = 8 - Zipf, at least ``_MIN_INFO``).
_MIN_INFO = 0.5
#: A person's full name (two or more capitalised words) next to a reporting
#: cue: "Edward Skyler, a spokesman for the mayor, said", "said Jim Walton".
_NAME = r"[A-Z][a-z][\w'’\-]*(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z][\w'’\-]*)+"
_SPEAKER = re.compile(
    rf"({_NAME})(?:,\s+[^,;]{{1,80}},)?,?\s+(?:has\s+|had\s+)?(?:said|says|told|tells|added|wrote)\b"
    rf"|\b(?:said|says|added|according\s+to)\s+({_NAME})"
)
#: How far after a negation the word it denies may stand ("did not
#: immediately respond": three words on).
_NEGATION_REACH = 3


@dataclass(frozen=True)
class Reading:
    """What the test needs of one sentence (see :func:`read`).  The fields
    are read with the sentence; the properties on first use (a stage asks
    most sentences for a clash or two and few for a score)."""

    text: str
    #: Lower-case word and number tokens, in order.
    words: tuple[str, ...]
    #: Content words (lower case) with their stems, in order; no numbers.
    content: tuple[tuple[str, str], ...]
    numbers: frozenset[str]
    #: The numbers by unit: the stem of the word that follows a number
    #: (magnitudes and "per" skipped), "$" before it for money, "percent" for
    #: "%", "percent" and "per cent"; "" when no word follows ("rose to 12.").
    units: Mapping[str, frozenset[str]] = field(compare=False)
    #: Stems of capitalised words that do not open the sentence.
    names: frozenset[str]
    negations: int
    #: Stems of the content words a negation denies ("was not arrested" -> arrest).
    denied: frozenset[str]
    #: Full names of the people named as speaking, as name keys per word
    #: (:func:`storyline.text.names.skeleton`: "abdulkarim" = "abdul-karim").
    speakers: tuple[tuple[str, ...], ...]
    #: Weekday and relative-day words named ("wednesday", "yesterday").
    day_words: frozenset[str]
    #: Whether the sentence may name a day (a day word, or a month and a number).
    dated: bool

    @functools.cached_property
    def vector(self) -> np.ndarray:
        """The sentence's meaning vector (:mod:`storyline.text.meaning`)."""
        return meaning.vector(self.text)

    @functools.cached_property
    def event_words(self) -> frozenset[str]:
        """Content words as the anchored evidence counts them (:func:`event_words`)."""
        return event_words(self.text)

    @functools.cached_property
    def attributed(self) -> Attributed:
        """Speakers and the words they say (:mod:`storyline.summary.speakers`)."""
        return attributed(self.text)

    @functools.cached_property
    def counts(self) -> frozenset[Count]:
        """Specific counts stated (:mod:`storyline.summary.counts`)."""
        return counts(self.text) if self.numbers else frozenset()

    @functools.cached_property
    def heads(self) -> frozenset[str]:
        """Lower-case speaker descriptions ("the company")."""
        return speaker_heads(self.text)

    @functools.cached_property
    def stems(self) -> frozenset[str]:
        return frozenset(s for _, s in self.content)

    @functools.cached_property
    def ngrams(self) -> tuple[Counter[tuple[str, ...]], ...]:
        """Word 1- to 4-grams."""
        return tuple(_ngrams(self.words, n) for n in (1, 2, 3, 4))

    @functools.cached_property
    def chars(self) -> tuple[Counter[str], Counter[str]]:
        """Character 3- and 4-grams of the lower-cased text."""
        return _chars(self.text, 3), _chars(self.text, 4)

    @functools.cached_property
    def aligned(self) -> tuple[np.ndarray, np.ndarray]:
        """Meaning vectors and information weights of the content words."""
        words = [w for w, _ in self.content]
        return meaning.model().vectors(words), np.array([_info(w) for w in words])


@dataclass(frozen=True, slots=True)
class Context:
    """What a stage knows beyond the two texts."""

    #: Publication dates of the two sentences' articles, to read "Wednesday"
    #: as a calendar day (None: unknown).
    anchors: tuple[dt.date | None, dt.date | None] = (None, None)
    #: The two sentences are of one article: an outlet's two lines about one
    #: day are often two happenings, so the anchored evidence asks more.
    same_article: bool = False
    #: Whether evidence beyond the wording may join the two (one statement,
    #: one count, the same day: :func:`decide`).  The claim groups ask without
    #: it: a group is corroboration, and those paths join retellings around a
    #: fact as well as the fact itself (a count told as the background of
    #: another statement, an outbreak and its end on one day).
    other_evidence: bool = True
    #: Event words (:func:`event_words`) common in the story at hand: two
    #: retellings of one day share them whatever they tell ("fire", "ferry"
    #: in a story of a ferry fire), so the anchored evidence needs a shared
    #: word outside them too ("rout", "seized").
    common_words: frozenset[str] = frozenset()
    #: The caller has found that both sentences name one date (the timeline
    #: groups its events by date): the anchored evidence needs only the
    #: shared words.
    same_date: bool = False
    #: In how many sentences of each article each speaker (transliteration
    #: key of the last name) speaks: a speaker quoted often shares words with
    #: himself by chance (:func:`storyline.summary.speakers.same_statement`).
    #: Unknown speakers count once.
    statements: tuple[Mapping[str, int], Mapping[str, int]] = ({}, {})
    #: Stems of the story's most common names ("palmyra"), which every
    #: retelling shares and which are therefore no evidence of one speaker.
    common_names: frozenset[str] = frozenset()
    #: Stems the story also writes in lower case ("police"): a one-word
    #: speaker opening a sentence may be such a common noun.
    common_nouns: frozenset[str] = frozenset()


NO_CONTEXT = Context()

#: Readings by text, the most recent kept: a brief compares its few hundred
#: claims and candidate sentences many times over, then moves on (a reading
#: whose n-grams and vectors were computed is 100-170 KB).
_READINGS: Memo[str, Reading] = Memo(4096)
_INFO: dict[str, float] = {}


def _info(word: str) -> float:
    """How informative a word is: 8 - its Zipf frequency in general English
    (wordfreq), at least :data:`_MIN_INFO` ("the" 0.5, "said" 1.3, "rout" 4.4)."""
    found = _INFO.get(word)
    if found is None:
        from wordfreq import zipf_frequency

        found = _INFO[word] = max(_MIN_INFO, 8.0 - zipf_frequency(word, "en"))
    return found


def _number(token: str) -> str | None:
    if token[0].isdigit():
        return token.replace(",", "").rstrip(".%")
    return _NUMBER_WORDS.get(token.lower())


def _unit(tokens: list[str], k: int) -> str:
    """The unit of the number ``tokens[k]``: the stem of the next word past
    magnitudes ("2.3 billion dollars" -> "dollar"), "$" prefixed for money,
    "percent" for "%" and "per cent"; "" when no word follows."""
    token = tokens[k]
    if token.endswith("%"):
        return "percent"
    j = k + 1
    skipped: list[str] = []
    while j < len(tokens) and tokens[j].lower() in _SCALES:
        skipped.append(tokens[j].lower())
        j += 1
    unit = light_stem(tokens[j].lower()) if j < len(tokens) and tokens[j][0].isalpha() else ""
    if unit.startswith("cent") and "per" in skipped:
        unit = "percent"
    if k and tokens[k - 1] in _CURRENCY:
        unit = "$" + unit
    return unit


#: Currency signs as COUNT_TOKENS reads them.
_CURRENCY = frozenset("$€£")


def read(text: str) -> Reading:
    """Read one sentence (cached per text: stages compare a sentence often)."""
    found = _READINGS.get(text)
    if found is not None:
        return found
    tokens = COUNT_TOKENS.findall(text)
    words: list[str] = []
    content: list[tuple[str, str]] = []
    numbers: set[str] = set()
    units: dict[str, set[str]] = {}
    names: set[str] = set()
    negations = 0
    denied: set[str] = set()
    reach = 0
    for k, token in enumerate(tokens):
        if not token[0].isalnum():
            reach = 0  # a clause ends: the negation denies nothing past it
            continue
        low = token.lower()
        words.append(low)
        number = _number(token)
        if number is not None:
            numbers.add(number)
            units.setdefault(_unit(tokens, k), set()).add(number)
            continue
        if low in _NEGATIONS or low.endswith(("n't", "n’t")) or low in _CONTRACTED:
            negations += 1
            if low in _VERB_NEGATIONS or not low.isalpha() or low in _CONTRACTED:
                # "not", "never", "didn't" deny a verb; "no", "none", "without"
                # a thing, which another telling may leave out
                reach = 0 if token[0].isupper() and k else _NEGATION_REACH  # "Do Not Call"
            continue
        if low in _STOP or len(low) < 2:
            reach = max(0, reach - 1)
            continue
        key = light_stem(low)
        if reach:
            denied.add(key)
            reach = 0
        content.append((low, key))
        if k and token[0].isupper():
            names.add(key)
    speakers = tuple(
        tuple(skeleton(w) for w in name_tokens(m.group(1) or m.group(2)))
        for m in _SPEAKER.finditer(text)
    )
    # "Wednesday's rout" names Wednesday
    day_words = frozenset(
        w.removesuffix("'s").removesuffix("’s")
        for w in words
        if w.removesuffix("'s").removesuffix("’s") in _DAY_WORDS
    )
    found = Reading(
        text=text,
        speakers=tuple(n for n in speakers if len(n) > 1),
        words=tuple(words),
        content=tuple(content),
        numbers=frozenset(numbers),
        units={unit: frozenset(values) for unit, values in units.items()},
        names=frozenset(names),
        negations=negations,
        denied=frozenset(denied),
        day_words=day_words,
        dated=bool(day_words) or bool(numbers and not _MONTHS.isdisjoint(words)),
    )
    _READINGS.put(text, found)
    return found


# --- the measures -----------------------------------------------------------


def _ngrams(words: tuple[str, ...], n: int) -> Counter[tuple[str, ...]]:
    return Counter(words[i : i + n] for i in range(len(words) - n + 1))


def _precisions(
    ga: Counter[tuple[str, ...]], gb: Counter[tuple[str, ...]]
) -> tuple[float, float]:
    """Shared n-grams over each side's n-grams: (the smaller, the larger)."""
    shared = _shared(ga, gb)
    pa = shared / max(1, sum(ga.values()))
    pb = shared / max(1, sum(gb.values()))
    return min(pa, pb), max(pa, pb)


#: The levels at which a word counts as said by the other sentence: a
#: loose match (a related word), a close one (a synonym), and the same stem.
_LEVELS = (0.5, 0.75, 0.95)


def _alignment(a: Reading, b: Reading, matched: float) -> list[float]:
    """Soft alignment of content words by word meaning: each word's best
    cosine to a word of the other sentence (1 for the same stem), weighted by
    information.  Gives the mean and the smaller of the two sides' weighted
    means; the larger side's unmatched information (best match under
    ``matched``) as a share and in bits; and, at each of :data:`_LEVELS`, the
    smaller and the larger side's share of information left unmatched."""
    if not a.content or not b.content:
        return [0.0, 0.0, 1.0, 0.0, *([1.0] * (2 * len(_LEVELS)))]
    va, wa = a.aligned
    vb, wb = b.aligned
    sim = _word_similarities(a, b, va @ vb.T)
    best_a, best_b = sim.max(axis=1), sim.max(axis=0)
    total_a, total_b = float(wa.sum()), float(wb.sum())
    sa = float((best_a * wa).sum()) / total_a
    sb = float((best_b * wb).sum()) / total_b
    ua = float((wa * (best_a < matched)).sum())
    ub = float((wb * (best_b < matched)).sum())
    out = [(sa + sb) / 2, min(sa, sb), max(ua / total_a, ub / total_b), math.log1p(max(ua, ub))]
    for level in _LEVELS:
        la = float((wa * (best_a < level)).sum()) / total_a
        lb = float((wb * (best_b < level)).sum()) / total_b
        out.extend((min(la, lb), max(la, lb)))
    return out


def _chars(text: str, n: int) -> Counter[str]:
    flat = " ".join(text.lower().split())
    return Counter(flat[i : i + n] for i in range(len(flat) - n + 1))


def _shared(ga: Counter[Any], gb: Counter[Any]) -> int:
    """The size of the multiset intersection (``sum((ga & gb).values())``,
    without building it: 4x faster on a sentence's n-grams)."""
    if len(ga) > len(gb):
        ga, gb = gb, ga
    return sum(min(count, gb[key]) for key, count in ga.items() if key in gb)


def _char_dice(ga: Counter[str], gb: Counter[str]) -> float:
    return 2 * _shared(ga, gb) / max(1, sum(ga.values()) + sum(gb.values()))


def features(a: Reading, b: Reading, params: FactParams = DEFAULT_FACT_PARAMS) -> np.ndarray:
    """The measures of a pair, in the order of :data:`FEATURES`."""
    stems_a = {s for _, s in a.content}
    stems_b = {s for _, s in b.content}
    dice = 2 * len(stems_a & stems_b) / max(1, len(stems_a) + len(stems_b))
    aligned = _alignment(a, b, params.matched_word)
    out = [float(a.vector @ b.vector), *aligned[:4], dice]
    for ga, gb in zip(a.ngrams, b.ngrams, strict=True):
        out.extend(_precisions(ga, gb))
    la, lb = len(a.words), len(b.words)
    out.append(abs(la - lb) / max(1, la, lb))
    out.append(float(bool(a.numbers or b.numbers) and a.numbers == b.numbers))
    out.append(float(bool(a.numbers ^ b.numbers)))
    union = a.names | b.names
    out.append(len(a.names ^ b.names) / len(union) if union else 0.0)
    out.append(float((a.negations > 0) != (b.negations > 0)))
    out.extend(_char_dice(ga, gb) for ga, gb in zip(a.chars, b.chars, strict=True))
    out.extend(aligned[4:])
    out.append(float(len(a.names ^ b.names)))
    out.append(float(bool(a.names and b.names and not a.names & b.names)))
    out.append(float(len(a.numbers ^ b.numbers)))
    out.append(_edits(a.words, b.words) / max(1, la, lb))
    out.append(_one_to_one(a, b))
    return np.asarray(out, dtype=np.float64)


#: A word pair under this cosine is no match for the one-to-one alignment
#: (:func:`_one_to_one`): words of one story that say other things ("seized"
#: / "called" 0.15) lie below it.
_PAIRED = 0.3


def _one_to_one(a: Reading, b: Reading) -> float:
    """Greedy one-to-one alignment of content words: the closest pair first
    (1 for the same stem), each word used once, pairs under :data:`_PAIRED`
    left out; the aligned information (a pair weighs the mean of its words'
    information, times its cosine) as a share of the *smaller* side's, i.e.
    the larger share.  Unlike the best-match alignment, a word of one
    sentence cannot stand for two of the other ("said ... said")."""
    if not a.content or not b.content:
        return 0.0
    va, wa = a.aligned
    vb, wb = b.aligned
    sim = _word_similarities(a, b, va @ vb.T)
    flat = sim.ravel()
    close = np.flatnonzero(flat >= _PAIRED)
    used_a: set[int] = set()
    used_b: set[int] = set()
    total = 0.0
    width = sim.shape[1]
    for k in close[np.argsort(-flat[close], kind="stable")]:
        i, j = divmod(int(k), width)
        value = float(flat[k])
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        total += value * float(wa[i] + wb[j]) / 2
    return total / min(float(wa.sum()), float(wb.sum()))


def _word_similarities(a: Reading, b: Reading, sim: np.ndarray) -> np.ndarray:
    """The content words' cosines ``sim`` with 1 where the stems are one."""
    if not a.stems.isdisjoint(b.stems):
        stems_b = [s for _, s in b.content]
        for i, (_, stem) in enumerate(a.content):
            if stem in b.stems:
                for j, other in enumerate(stems_b):
                    if stem == other:
                        sim[i, j] = 1.0
    return sim


def score(a: Reading, b: Reading, params: FactParams = DEFAULT_FACT_PARAMS) -> float:
    """Probability that the two sentences say the same thing (the logistic
    model of :class:`FactParams`), before clashes."""
    if b.text < a.text:
        a, b = b, a  # the measures are symmetric: one computation per pair
    key = (a.text, b.text, params)
    found = _SCORES.get(key)
    if found is None:
        x = (features(a, b, params) - np.asarray(params.means)) / np.asarray(params.scales)
        z = params.intercept + float(np.asarray(params.weights) @ x)
        found = 1.0 / (1.0 + math.exp(-z))
        _SCORES.put(key, found)
    return found


#: Scores by (text, text, parameters): a stage asks a pair more than once.
_SCORES: Memo[tuple[str, str, FactParams], float] = Memo(65536)


def clash(a: Reading, b: Reading, context: Context = NO_CONTEXT) -> str | None:
    """Why two sentences cannot tell one fact, or None.

    * ``numbers``: both give numbers of one unit and share none of that
      unit ("$2.08 a share" / "$2.75 a share", "12 people" / "15 people"),
      or one gives a number with no unit ("rose to 12.") and no number of
      the other is one of its own.  Numbers of other units ("90 miles" /
      "150 kilometres", "two years later" / "Mallard, 27,") do not clash;
    * ``negation``: one denies what the other asserts (a word a negation
      governs in one is in the other, not denied there);
    * ``dates``: both name a day and the days differ (weekdays as written,
      or calendar days when the context gives the articles' dates);
    * ``speakers``: both name the people speaking in full ("Edward Skyler,
      a spokesman, said") and they are other people (no name word shared,
      last names more than two letters apart).
    """
    if a.numbers and b.numbers and not a.numbers & b.numbers and _numbers_clash(a, b):
        return "numbers"
    if _denies(a, b) or _denies(b, a):
        return "negation"
    if _other_days(a, b, context):
        return "dates"
    if _other_speakers(a, b):
        return "speakers"
    return None


def _numbers_clash(a: Reading, b: Reading) -> bool:
    """Of two sentences whose numbers are all apart: whether they measure one
    thing.  On the MSRP tuning part, "no number shared" set 167 pairs apart
    (56 of them equivalent); by unit 147 (46), and accuracy 75.7 -> 75.9;
    ignoring unit-less numbers gave 76.0 but lets "the toll rose to 12." and
    "15 people died" pass (bench/same_fact.py)."""
    if "" in a.units or "" in b.units:
        return True
    return any(a.units[u].isdisjoint(b.units[u]) for u in a.units.keys() & b.units.keys())


def _other_speakers(a: Reading, b: Reading) -> bool:
    """Both name the people speaking in full, and no person of one is a
    person of the other: no word of their names in common (as name keys), no
    last names one or two letters apart ("Barbakow" / "Brabakow"), and no
    word of one's names anywhere in the other sentence."""
    if not a.speakers or not b.speakers:
        return False
    if any(_same_person(x, y) for x in a.speakers for y in b.speakers):
        return False
    # a name one sentence gives is a word of the other ("The Hellenic Coast
    # Guard said" / "the coast guard's spokeswoman"): maybe the same speaker
    words_a = {skeleton(w) for w in a.words}
    words_b = {skeleton(w) for w in b.words}
    return not any(set(x) & words_b for x in a.speakers) and not any(
        set(y) & words_a for y in b.speakers
    )


def _same_person(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    if set(x) & set(y):
        return True
    return _edits(x[-1], y[-1]) <= 2


def _edits(a: Sequence[str], b: Sequence[str]) -> int:
    """Levenshtein distance of two strings (names) or of two word sequences:
    Myers's bit-parallel algorithm (Hyyrö's formulation), one column of the
    table per element of ``b`` as bits of a Python integer (ten times the
    speed of the table on sentences)."""
    m = len(a)
    if not m or not b:
        return max(m, len(b))
    match: dict[str, int] = {}
    for i, item in enumerate(a):
        match[item] = match.get(item, 0) | (1 << i)
    full = (1 << m) - 1
    top = 1 << (m - 1)
    plus, minus, distance = full, 0, m
    for item in b:
        eq = match.get(item, 0)
        xv = eq | minus
        xh = (((eq & plus) + plus) ^ plus) | eq
        hp = (minus | ~(xh | plus)) & full
        hm = plus & xh
        if hp & top:
            distance += 1
        elif hm & top:
            distance -= 1
        hp = ((hp << 1) | 1) & full
        hm = (hm << 1) & full
        plus = (hm | ~(xv | hp)) & full
        minus = hp & xv
    return distance


def _denies(a: Reading, b: Reading) -> bool:
    # the other sentence denies nothing at all: "no comment" / "did not
    # comment", "without" / "does not have" are one denial in other words
    if not a.denied or b.negations:
        return False
    return not a.denied.isdisjoint(s for _, s in b.content)


def _other_days(a: Reading, b: Reading, context: Context) -> bool:
    """Both name a day and no day is the same: calendar days when the
    context dates both articles; else weekdays with weekdays and month-days
    with month-days ("Friday" / "Thursday", "April 9" / "April 2")."""
    if not a.dated or not b.dated:
        return False
    first, second = context.anchors
    if first is not None and second is not None:
        days_a, days_b = calendar_days(a, first), calendar_days(b, second)
        return bool(days_a and days_b and days_a.isdisjoint(days_b))
    values_a, values_b = calendar_days(a, None), calendar_days(b, None)
    for kind in ("W", "-"):
        mine = {v[-5:] for v in values_a if (v[5] == "W") == (kind == "W")}
        theirs = {v[-5:] for v in values_b if (v[5] == "W") == (kind == "W")}
        if mine and theirs and mine.isdisjoint(theirs):
            return True
    return False


def event_words(text: str) -> frozenset[str]:
    """Content words as the anchored evidence counts them: ASCII words of
    three letters or more, the timeline's stop list (function words and the
    words of dates: "year", "ago", "Thursday") left out, crudely stemmed.
    The reading the evidence's thresholds were measured with on ECB+."""
    return frozenset(
        crude_stem(w) for w in ascii_words(text) if w not in stopwords.TIMELINE and len(w) > 2
    )


def calendar_days(r: Reading, anchor: dt.date | None) -> frozenset[str]:
    """The days a sentence names: YYYY-MM-DD read against its article's date
    ``anchor``; without one, the weekdays and month-days as written
    ("XXXX-WXX-3", "XXXX-04-09").  Cached per text and date (reading time
    expressions costs 0.6 ms)."""
    key = (r.text, anchor)
    found = _DAYS.get(key)
    if found is None:
        from storyline.timeline.timex.finder import find_timexes

        pattern = _ISO_DAY if anchor is not None else _WRITTEN_DAY
        found = frozenset(
            ref.value[:10]
            for ref in find_timexes(r.text, anchor)
            if ref.type == "DATE" and pattern.match(ref.value)
        )
        _DAYS.put(key, found)
    return found


_DAYS: Memo[tuple[str, dt.date | None], frozenset[str]] = Memo(16384)
_ISO_DAY = re.compile(r"^\d{4}-\d\d-\d\d")
#: A day as written, without the year: a weekday or a month and day.
_WRITTEN_DAY = re.compile(r"^(?:\d{4}|XXXX)-(?:WXX-\d|\d\d-\d\d)$")


def decide(
    a: Reading,
    b: Reading,
    context: Context = NO_CONTEXT,
    params: FactParams = DEFAULT_FACT_PARAMS,
) -> bool:
    """The test: no clash, and either a score of at least ``params.threshold``
    (for sentences sharing two content words), or, unless the context says
    otherwise, other evidence: one named speaker's statement
    (:func:`one_statement`), one specific count (:func:`one_count`), or,
    when the context dates both articles, the same calendar day told in
    shared words (:func:`anchored`); within one article only the last."""
    if a.text == b.text:
        return True
    if clash(a, b, context) is not None:
        return False
    if (
        _shares_content(a, b)
        and float(a.vector @ b.vector) >= params.min_cosine
        and score(a, b, params) >= params.threshold
    ):
        return True
    if not context.other_evidence:
        return False
    if context.same_article:
        return anchored(a, b, context, params)
    return (
        one_statement(a, b, context) or one_count(a, b) or anchored(a, b, context, params)
    )


def _shares_content(a: Reading, b: Reading) -> bool:
    """Two content words in common (all of the shorter one's, if it has
    fewer): the score, fitted on MSRP's long sentences, reads n-grams of
    function words as overlap in short ones ("This is the army's fault" /
    "This is the entire world's battle").  On MSRP train 13 of 4,076 pairs
    share fewer (5 equivalent)."""
    stems_a = {s for _, s in a.content}
    stems_b = {s for _, s in b.content}
    return len(stems_a & stems_b) >= min(2, len(stems_a), len(stems_b))


def one_statement(a: Reading, b: Reading, context: Context = NO_CONTEXT) -> bool:
    """One named speaker saying the same thing in other words, through two
    channels ("Petrou told AFP that all the lifeboats had been lowered" /
    "Nikos Petrou ... told Reuters the crew lowered every lifeboat"): the
    test of :func:`storyline.summary.speakers.same_statement`."""
    if not a.attributed.speakers or not b.attributed.speakers:
        return False
    first, second = context.statements

    def statements(mine: Speaker, theirs: Speaker) -> tuple[int, int]:
        return first.get(mine.key, 1), second.get(theirs.key, 1)

    return same_statement(
        a.attributed,
        b.attributed,
        statements,
        context.common_names,
        lambda: context.common_nouns,
    )


def one_count(a: Reading, b: Reading) -> bool:
    """One specific count of one thing ("carried 312 passengers" / "with 312
    passengers on board") from compatible speakers
    (:mod:`storyline.summary.counts`)."""
    if not a.counts or not b.counts or not same_count(a.counts, b.counts):
        return False
    return compatible_speakers(a.attributed, b.attributed, a.heads, b.heads)


def anchored(
    a: Reading, b: Reading, context: Context, params: FactParams = DEFAULT_FACT_PARAMS
) -> bool:
    """The same calendar day, read against each article's date, told with at
    least ``anchored_shared`` shared content words that are at least
    ``anchored_overlap`` of the shorter sentence's (stricter within one
    article): the evidence an outlet's retelling gives when its words are
    its own ("ISIS militants stormed ... Palmyra Wednesday" / "The rout on
    Wednesday in Palmyra ... the militants seized ...")."""
    first, second = context.anchors
    if not context.same_date and (first is None or second is None or not a.dated):
        return False
    stems_a, stems_b = a.event_words, b.event_words
    shared = len(stems_a & stems_b)
    need, share = (
        (params.same_article_shared, params.same_article_overlap)
        if context.same_article
        else (params.anchored_shared, params.anchored_overlap)
    )
    if shared < need or shared < share * min(len(stems_a), len(stems_b)):
        return False
    if context.common_words and stems_a & stems_b <= context.common_words:
        return False
    if context.same_date:
        return True
    assert first is not None and second is not None
    days = calendar_days(a, first)
    return bool(days) and not days.isdisjoint(calendar_days(b, second))


def same_fact(a: str, b: str, *, params: FactParams = DEFAULT_FACT_PARAMS) -> bool:
    """Do the news sentences ``a`` and ``b`` assert the same fact?"""
    return decide(read(a), read(b), NO_CONTEXT, params)
