"""Sentences of plain text by rule, for the summary of raw documents.

:func:`storyline.summary.extract.summarize` takes raw strings, and the time a
user waits for it includes finding their sentences.  spaCy's sentence-only
pipeline (``tok2vec`` + ``senter``) does that at about 16,000 words a second
here, which is most of the time of a summary; the summary needs sentence
boundaries and nothing else of the parse (its rankers and the same-fact test
read text).  This splitter reads the text once with one regular expression
and runs at over a million words a second.

A sentence ends at ``.``, ``!`` or ``?`` (and the closing quotes or brackets
after it) followed by white space and a capital letter, a digit or an opening
quote or bracket, except after an abbreviation that goes before a name ("Mr.", "Gen.":
``lexicons/summary/name_abbreviations.txt``), one that goes before a number
when a digit follows ("Sept. 10", "No. 3": ``number_abbreviations.txt``), a
single initial ("J. K. Rowling"), or a dotted abbreviation unless a common
sentence opener follows ("the U.S. Army" / "in the U.S. The company":
``sentence_openers.txt``).  A blank line always ends one
(headlines, captions and list items stand alone, as the spaCy pipeline's
``storyline_paragraphs`` component makes them).

Measured against the spaCy pipeline on multinews-dev (bench/summarize.py
prints both): see bench/results/summarize.json.
"""

from __future__ import annotations

import re

from storyline import lexicons
from storyline.records import Sentence

__all__ = ["split_sentences"]

_BEFORE_NAMES = lexicons.words("summary/name_abbreviations")
_BEFORE_NUMBERS = lexicons.words("summary/number_abbreviations")
_OPENERS = lexicons.words("summary/sentence_openers")
#: A candidate end: terminal punctuation, closers, white space, then what may
#: open a sentence.
_END = re.compile(
    r"(?:[.!?…]+[\"'”’)\]]*(?=\s+(?:[—–]\s*)?[\"'“‘(\[]*[A-Z0-9])"
    # a full stop with no space after it, between a lower-case word and a
    # capitalised one ("procedures.The individual"): pages pasted without
    # their line breaks; a dotted abbreviation has no lower-case word before
    r"|(?<=[a-z]{2})[.!?][\"'”’)\]]*(?=[\"'“‘]?[A-Z][a-z]))"
)
#: A line break after a short line with no final punctuation (a headline, a
#: label, a credit) before a capital: spaCy's sentence splitter ends a
#: sentence there too.
_SHORT_LINE = re.compile(r"(?<=[^.!?\"'”’:;,\s])[ \t]*\n\s*(?=[\"'“‘(\[]*[A-Z0-9])")
#: The longest line, in words, that a line break ends without punctuation.
_SHORT_WORDS = 15
_BLANK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_NEXT = re.compile(r"\s+[\"'“‘(\[]*([\w]+)")


def _ends_here(text: str, end: int) -> bool:
    """Is the full stop before ``end`` the end of a sentence?"""
    if text[end - 1] != "." and "." not in text[max(0, end - 3) : end]:
        return True  # "!" or "?", or a closer after one
    stop = text.rfind(".", 0, end) + 1
    found = _LAST_WORD.search(text, max(0, stop - 40), stop)
    if found is None:
        return True
    word = found.group(1)
    low = word.lower()
    after = _NEXT.match(text, end)
    following = after.group(1) if after else ""
    if len(word) == 1 and word.isupper():
        return False  # an initial: "J. K. Rowling"
    if low in _BEFORE_NAMES:
        return False
    if low in _BEFORE_NUMBERS:
        return not following[:1].isdigit()
    if "." in word:  # a dotted abbreviation: "U.S.", "a.m."
        return following.lower() in _OPENERS
    return True


def split_sentences(text: str, article_id: str) -> tuple[Sentence, ...]:
    """Sentences of ``text`` with character offsets and ids ``<article>/s<n>``."""
    spans: list[tuple[int, int]] = []
    for block in _blocks(text):
        start = block[0]
        ends = [
            m.end() for m in _END.finditer(text, block[0], block[1]) if _ends_here(text, m.end())
        ]
        for match in _SHORT_LINE.finditer(text, block[0], block[1]):
            line_start = text.rfind("\n", block[0], match.start()) + 1
            if len(text[max(line_start, block[0]) : match.start()].split()) <= _SHORT_WORDS:
                ends.append(match.start())
        for end in sorted(set(ends)):
            if end > start:
                spans.append((start, end))
                start = end
        spans.append((start, block[1]))
    out: list[Sentence] = []
    for first, last in spans:
        start, end = first, last
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(
                Sentence(
                    id=f"{article_id}/s{len(out)}",
                    article_id=article_id,
                    index=len(out),
                    start=start,
                    end=end,
                    text=text[start:end],
                )
            )
    return tuple(out)


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of the text between blank lines."""
    out: list[tuple[int, int]] = []
    start = 0
    for match in _BLANK.finditer(text):
        out.append((start, match.start()))
        start = match.end()
    out.append((start, len(text)))
    return out
