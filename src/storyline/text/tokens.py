"""Word tokenisers over plain text (no parse), one module for every stage.

The stages that compare texts without the spaCy parse (the summary's fast
path, the story index, the timeline's event merging, the date inference,
stance and duplicates) each read words their own way, and their thresholds
were measured with that reading.  The variants are kept, named for what they
keep, so the differences are visible here; the two pairs that were the same
pattern twice are one each now (:data:`LETTERS`, :func:`ascii_words`).

* :data:`WORDS_AND_NUMBERS` -- letters joined by single apostrophes or
  hyphens; digits with inner commas and points.  Summary features (terms,
  bigrams, names).
* :data:`COUNT_TOKENS` -- the same, a number may end in "%", and clause
  punctuation and currency signs are tokens too.  Summary counts.
* :data:`LETTERS` -- a run of letters.  Summary evidence and speakers.
* :data:`STORY_TOKENS` -- a Latin-1 letter then word characters, apostrophes
  and hyphens; digits with inner commas and points.  The story index.
* :data:`LOWER_WORDS` -- a lower-case ASCII word of two or more letters.  The
  story index (which sentence openers are common words).
* :func:`ascii_words` -- two or more ASCII letters, apostrophes and hyphens,
  lower-cased, possessive dropped.  Timeline event merging, date inference.
* :func:`stance_tokens` -- lower-case ASCII letters, or digits; possessive
  dropped, "n't" a token of its own.  Stance and claim comparison.
* :func:`folded_words` -- a run of word characters after NFKC and case
  folding.  Duplicates (word shingles).

Each stage keeps its own stop list (:mod:`storyline.text.stopwords`) and
stemmer (:mod:`storyline.text.stems`).  Name keys have their own word pattern
in :mod:`storyline.text.names`.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "COUNT_TOKENS",
    "LETTERS",
    "LOWER_WORDS",
    "STORY_TOKENS",
    "WORDS_AND_NUMBERS",
    "ascii_words",
    "folded_words",
    "stance_tokens",
]

#: Words (letters, joined by single apostrophes or hyphens) and numbers.
#: Written without a lookahead: the same tokens on all 22,747 multinews-dev
#: sentences, a third faster.
WORDS_AND_NUMBERS = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d(?:[\d,.]*\d)?")
#: :data:`WORDS_AND_NUMBERS` with "%" kept on a number, and clause punctuation
#: and currency signs as tokens: what the count reader steps through.
COUNT_TOKENS = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d(?:[\d,.]*\d)?%?|[;:,.!?()\"“”—$€£]")
#: Runs of letters.
LETTERS = re.compile(r"[^\W\d_]+")
#: Story index tokens: a letter then word characters, apostrophes and hyphens;
#: numbers with separators.
STORY_TOKENS = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'’\-]*|\d[\d,.]*\d|\d")
#: Lower-case words: a capitalised sentence opener that also appears in lower
#: case in the same report is a common word ("Police" / "police").
LOWER_WORDS = re.compile(r"\b[a-z][a-z'\-]+\b")

_ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


def ascii_words(text: str) -> list[str]:
    """Lower-cased words of two or more ASCII letters (apostrophes and hyphens
    inside), typographic apostrophes straightened and a possessive 's dropped."""
    return [raw.replace("’", "'").removesuffix("'s") for raw in _ASCII_WORD.findall(text.lower())]


_STANCE_TOKEN = re.compile(r"n't|\d+(?:[.,]\d+)*|[a-z]+")
_NT = re.compile(r"n't\b")
_POSSESSIVE = re.compile(r"'s\b")


def stance_tokens(text: str) -> list[str]:
    """Lower-case word and number tokens; "didn't" gives "did" + "n't"."""
    low = text.lower().replace("’", "'").replace("‘", "'")
    low = _POSSESSIVE.sub("", low)
    low = _NT.sub(" n't", low)
    return _STANCE_TOKEN.findall(low)


_WORD_CHARACTERS = re.compile(r"\w+", re.UNICODE)


def folded_words(text: str) -> list[str]:
    """Runs of word characters of the NFKC-normalised, case-folded text."""
    return _WORD_CHARACTERS.findall(unicodedata.normalize("NFKC", text).casefold())
