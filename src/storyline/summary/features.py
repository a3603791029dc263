"""What a summary sentence is made of: content terms, numbers, names, and
whether it can stand alone.

Everything here reads the sentence *text* only (no parse), so it costs the
same whether the sentences come from the full pipeline of a brief or from the
fast sentence-only pipeline of the evaluation API, and it runs at tens of
thousands of sentences a second.

The words, stop list and stemmer are the summary's variants of the shared
text toolkit (:mod:`storyline.text.tokens`, :mod:`storyline.text.stopwords`,
:mod:`storyline.text.stems`, where the differences from the other stages'
are written down).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyline import lexicons
from storyline.text import stopwords
from storyline.text.stems import light_stem
from storyline.text.tokens import WORDS_AND_NUMBERS

#: Number words read as numbers ("five" = "5").
NUMBER_WORDS = lexicons.mapping("summary/number_words")
#: The summary's stop list: spaCy's English list plus reporting verbs and the
#: words of attribution, which differ between outlets telling the same fact
#: (:func:`storyline.text.stopwords.summary`).
STOPWORDS = stopwords.summary()
#: The summary's stemmer (plural, -ed, -ing, possessive).
stem = light_stem


@dataclass(frozen=True, slots=True)
class SentenceFeatures:
    """The comparable content of one sentence."""

    terms: frozenset[str]
    counts: tuple[tuple[str, int], ...]
    numbers: frozenset[str]
    names: frozenset[str]
    words: int


#: Token kinds.
_STOPWORD, _CONTENT, _NUMBER = 0, 1, 2


#: Token -> (key, kind, number value, capitalised content word).  A plain dict
#: rather than ``functools.lru_cache``: the lookup is the inner loop of
#: :func:`features` and a dict ``get`` costs a third of a cached call (news
#: reuses its words; a long-running process is bounded by :data:`_TOKENS_MAX`).
_TOKENS: dict[str, tuple[str, int, str | None, bool]] = {}
_TOKENS_MAX = 262144


def _token(token: str) -> tuple[str, int, str | None]:
    """(key, kind, number value) of a token."""
    key, kind, number, _ = _token_info(token)
    return key, kind, number


def _token_info(token: str) -> tuple[str, int, str | None, bool]:
    found = _TOKENS.get(token)
    if found is not None:
        return found
    if token[0].isdigit():
        value = token.replace(",", "").rstrip(".")
        found = (value, _NUMBER, value, False)
    else:
        lower = token.lower()
        number = NUMBER_WORDS.get(lower)
        if lower in STOPWORDS or len(lower) < 2:
            found = (lower, _STOPWORD, number, False)
        else:
            found = (stem(lower), _CONTENT, number, token[0].isupper())
    if len(_TOKENS) >= _TOKENS_MAX:
        _TOKENS.clear()
    _TOKENS[token] = found
    return found


def features(text: str) -> SentenceFeatures:
    """Content terms (stems of non-stop words), numbers and names of a sentence.

    A *name* is a capitalised word that is not the first of the sentence and
    not a stop word; a *number* is a digit string with separators removed, or
    a number word ("five" -> "5").
    """
    counts: dict[str, int] = {}
    numbers: set[str] = set()
    names: set[str] = set()
    cache = _TOKENS
    first = True
    for token in WORDS_AND_NUMBERS.findall(text):
        info = cache.get(token)
        if info is None:
            info = _token_info(token)
        key, kind, number, capitalised = info
        if number is not None:
            numbers.add(number)
        if kind != _STOPWORD:
            counts[key] = counts.get(key, 0) + 1
            if capitalised and not first:
                names.add(key)
        first = False
    return SentenceFeatures(
        terms=frozenset(counts),
        counts=tuple(counts.items()),
        numbers=frozenset(numbers),
        names=frozenset(names),
        words=len(text.split()),
    )


def bigrams(text: str) -> frozenset[tuple[str, str]]:
    """Adjacent word pairs (stemmed; stop words kept unless both words are
    stop words): the "concepts" of the coverage ranker, close to what ROUGE-2
    and a reader count as the same phrase."""
    out: set[tuple[str, str]] = set()
    previous: str | None = None
    previous_stop = True
    for token in WORDS_AND_NUMBERS.findall(text):
        key, kind, _ = _token(token)
        stop = kind == _STOPWORD
        if previous is not None and not (stop and previous_stop):
            out.add((previous, key))
        previous, previous_stop = key, stop
    return frozenset(out)


# --- standing alone -------------------------------------------------------

#: Fewer words than this is a label, a header or a fragment, not a statement of
#: fact.  Chosen by reading the multinews-dev sentences of 5-9 words: most are
#: boilerplate ("Enlarge this image", "Story highlights ..."), few carry a fact.
MIN_WORDS = 8
#: More words than this is almost always several sentences or a list run
#: together by a missing full stop (multinews-dev: sentences over 80 words were
#: lists, tables or transcripts in the ones read).
MAX_WORDS = 80

_FINAL = re.compile(r"[.!][\"”’')\]]*$")
_QUESTION = re.compile(r"\?[\"”’')\]]*$")
_PRONOUN_OPENERS = lexicons.words("summary/pronoun_openers")
#: Openers that continue the previous sentence ("But reports from residents...").
_CONNECTIVE_OPENERS = lexicons.words("summary/connective_openers")
_PRONOUN_ATTRIBUTION = re.compile(
    r"[,.!?][\"”’']*\s+(?:he|she|they|it|we|i)\s+"
    r"(?:said|says|added|adds|told|tells|explained|wrote|noted|insisted|continued|"
    r"confessed|reported|asked|recalled|warned)\b",
    re.IGNORECASE,
)
#: Lines that are not news: captions, credits, share bars, sign-up and legal
#: furniture.  Literal phrases, looked up with ``in`` on the lower-cased line
#: (a third of the cost of one alternation; the file says how it was measured);
#: the few patterns that are not literals are one small regular expression.
_BOILERPLATE_PHRASES = lexicons.phrases("summary/boilerplate_phrases")
_BOILERPLATE_PATTERN = re.compile(
    r"^\s*advertisement\b|copyright\s*(?:\(c\)|\d{4})|[@#]\w|"
    r"this (?:story|article) (?:has been|was) (?:updated|corrected)|"
    r"^\s*(?:watch|video|photos?|listen)\b\s*:"
)


#: A line can match :data:`_BOILERPLATE_PATTERN` only if it holds one of these.
_PATTERN_TRIGGERS = (
    "advertisement",
    "copyright",
    "@",
    "#",
    "this story",
    "this article",
    "watch",
    "video",
    "photo",
    "listen",
)


def boilerplate(text: str) -> bool:
    """Is the line a caption, credit, share bar or other page furniture?"""
    low = text.lower()
    for phrase in _BOILERPLATE_PHRASES:
        if phrase in low:
            return True
    for trigger in _PATTERN_TRIGGERS:
        if trigger in low:
            return bool(_BOILERPLATE_PATTERN.search(low))
    return False


#: A parenthesised credit at the end of a line: "(Maksim Blinov/Sputnik via AP)".
_CREDIT = re.compile(
    r"\([^()]*(?:/|\bvia\b|\bphoto\b|\bcredit\b)[^()]*\)\s*[.]?\s*$", re.IGNORECASE
)
_BYLINE = re.compile(r"^\s*(?:by|posted by|written by|updated|published)\b", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•·▪])\s")


#: Bytes that are not ASCII capitals / small letters, deleted to count the rest
#: (``bytes.translate`` counts in C; ``re.findall`` built a list of every letter).
_NOT_UPPER = bytes(b for b in range(256) if not 65 <= b <= 90)
_NOT_LOWER = bytes(b for b in range(256) if not 97 <= b <= 122)


def shouted(text: str) -> bool:
    """More ASCII capitals than small letters: a header or a label."""
    raw = text.encode("ascii", "ignore")
    return len(raw.translate(None, _NOT_UPPER)) > len(raw.translate(None, _NOT_LOWER))


def _first_word(text: str) -> str:
    match = WORDS_AND_NUMBERS.search(text)
    return match.group().lower() if match else ""


def unbalanced_quotes(text: str) -> bool:
    """True when the sentence opens or closes a quotation it does not finish."""
    if text.count("“") != text.count("”"):
        return True
    return text.count('"') % 2 == 1


def standalone_problem(text: str) -> str | None:
    """Why a sentence cannot stand alone in a summary, or None when it can.

    The reasons are the ones a reader of a summary trips on: a fragment
    (cut off, starting in lower case, half a quotation), a line that is not
    news (caption, credit, header, byline, list item, share links), a
    question, or a reference to something the summary does not show (a
    dangling pronoun or connective opener, a pronoun speaker).
    """
    words = text.split()
    stripped = " ".join(words)
    # Cheap tests first; the regular expressions run on the survivors only.
    if len(words) < MIN_WORDS:
        return "short"
    if len(words) > MAX_WORDS:
        return "long"
    if _QUESTION.search(stripped):
        return "question"
    if not _FINAL.search(stripped):
        return "no final punctuation"
    quoted = stripped[0] in "\"“‘'"
    first_char = stripped.lstrip("\"“‘'([").strip()[:1]
    if not first_char or first_char.islower() or stripped[0] in "([":
        return "fragment"
    if unbalanced_quotes(stripped):
        return "quotation fragment"
    first = _first_word(stripped)
    # Inside a quotation "we", "this" or "I" belong to the quoted speaker.
    if first in _PRONOUN_OPENERS and not quoted:
        return "pronoun opener"
    if first in _CONNECTIVE_OPENERS:
        return "connective opener"
    if _LIST_ITEM.match(stripped):
        return "list item"
    if _BYLINE.match(stripped):
        return "byline"
    if shouted(stripped):
        return "header"
    if _PRONOUN_ATTRIBUTION.search(stripped):
        return "pronoun speaker"
    if boilerplate(stripped):
        return "boilerplate"
    if _CREDIT.search(stripped):
        return "caption or credit"
    return None


# --- comparing sentences ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Overlap:
    """Terms of a set of sentences as arrays, and their pairwise overlap.

    ``rows``/``cols``/``counts`` list (sentence, term, count) for every term of
    every sentence; ``idf`` is indexed by term.  ``shared[i, j]`` is the summed
    idf of the terms sentences i and j share and ``weight[i]`` the summed idf
    of the terms of i, so ``shared[i, j] / weight[i]`` is how much of i is
    contained in j.
    """

    rows: np.ndarray
    cols: np.ndarray
    counts: np.ndarray
    idf: np.ndarray
    shared: np.ndarray
    weight: np.ndarray

    def dice(self) -> np.ndarray:
        """Symmetric overlap 2|A∩B| / (|A| + |B|) (idf-weighted), in [0, 1]."""
        total = self.weight[:, None] + self.weight[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(total > 0, 2.0 * self.shared / total, 0.0)
        return np.asarray(out, dtype=np.float64)


def overlap(feats: Sequence[SentenceFeatures], counted: Sequence[bool]) -> Overlap:
    """Term arrays and pairwise shared idf mass of the sentences.

    The idf is a smoothed inverse *sentence* frequency over the sentences
    marked ``counted`` (one copy of each report, so that copies do not make
    their own words look common).  The pairwise product is computed on the
    terms found in two or more sentences only: the others cannot be shared.
    """
    # Columns in order of first appearance; flat comprehensions rather than
    # appends in a nested loop (a third of this function's time before).
    vocabulary: dict[str, int] = {}
    put = vocabulary.setdefault
    cols = [put(term, len(vocabulary)) for f in feats for term, _ in f.counts]
    counts = [count for f in feats for _, count in f.counts]
    n, v = len(feats), len(vocabulary)
    r = np.repeat(np.arange(n, dtype=np.int64), [len(f.counts) for f in feats])
    c = np.asarray(cols, dtype=np.int64)
    mask = np.asarray(counted, dtype=bool)
    df_counted = np.bincount(c[mask[r]], minlength=v).astype(np.float64)
    idf = np.log((mask.sum() + 1.0) / (df_counted + 0.5))
    weight = np.bincount(r, weights=idf[c], minlength=n)
    df_all = np.bincount(c, minlength=v)
    # shared[i, j] sums, over each term that both i and j hold, its idf: every
    # pair of postings of one term adds that term's idf to its cell.  A term
    # with df postings makes df**2 pairs, a few ten thousand per Multi-News
    # cluster, summed by one bincount: 4x faster than the dense product of the
    # sentence-term matrix (einsum; BLAS matmul starts threads that cost more
    # than the product on a busy machine).
    keep = np.flatnonzero(df_all[c] > 1)
    by_term = keep[np.argsort(c[keep], kind="stable")]
    term_rows, term_cols = r[by_term], c[by_term]
    df = df_all[term_cols]
    first = np.searchsorted(term_cols, term_cols, side="left")
    left = np.repeat(np.arange(len(by_term)), df)
    right = first[left] + np.arange(len(left)) - np.repeat(np.cumsum(df) - df, df)
    cells = term_rows[left] * n + term_rows[right]
    shared = np.bincount(cells, weights=idf[term_cols[left]], minlength=n * n).reshape(n, n)
    return Overlap(
        rows=r,
        cols=c,
        counts=np.asarray(counts, dtype=np.float64),
        idf=idf,
        shared=shared,
        weight=weight,
    )


def compatible(a: SentenceFeatures, b: SentenceFeatures) -> bool:
    """False when two sentences cannot tell the same fact: both give numbers
    and share none, or both name someone or something and share no name."""
    if a.numbers and b.numbers and not (a.numbers & b.numbers):
        return False
    return not (a.names and b.names and not (a.names & b.names))
