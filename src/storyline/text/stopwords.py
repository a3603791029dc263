"""Stop lists: the words each stage leaves out when it compares texts.

Five lists, kept apart because each stage's thresholds were measured with its
own (merging two would change what a stage matches).  Their words are data
(``storyline/lexicons/stopwords/*.txt``, each with its provenance); the
differences, in one place:

* :func:`summary` -- spaCy's English stop list (326 words) plus
  ``stopwords/summary_news``, which adds 11: reporting verbs and the words of
  attribution ("said", "told", "according", "statement", "reports" ...),
  "like", "new".  The summary's terms and names (:mod:`storyline.summary`).
* :func:`stories` -- spaCy's list plus ``stopwords/stories_news``, which adds
  43: reporting verbs, units of time, weekday and month names, titles ("mr",
  "dr"), "people", "percent", "including".  The story index's term counts
  (:mod:`storyline.stories`).
* :data:`TIMELINE` -- its own list of 120 words, no spaCy: function words,
  reporting verbs, "one" to "three", weekdays, "today", "year", "month" ...
  Event merging (:mod:`storyline.timeline.events`).
* :data:`DATES` -- its own list of 65 words, no spaCy: fewer function words
  than :data:`TIMELINE`, and "back", "late", "early", "morning", "evening",
  "night".  Date inference (:mod:`storyline.analysis.dates`).
* :data:`STANCE` -- its own list of 110 words, no spaCy: the function words
  the Zipf ceiling of :func:`storyline.stances.contradiction.word_weight` does
  not zero (more pronouns than :data:`TIMELINE`, no calendar words), and
  "said", "says", "say", "told", "tells", "according", "new".  Stance and
  claim comparison (:mod:`storyline.stances`).

The two lists built on spaCy's are functions, read once: importing spaCy
costs half a second, which the stages that do not parse (the story index)
do not pay at import.
"""

from __future__ import annotations

import functools

from storyline import lexicons

__all__ = ["DATES", "STANCE", "TIMELINE", "spacy_english", "stories", "summary"]

#: The timeline's stop list (event merging).
TIMELINE: frozenset[str] = lexicons.words("stopwords/timeline")
#: The date inference's stop list.
DATES: frozenset[str] = lexicons.words("stopwords/dates")
#: Stance and claim comparison: weight 0 whatever their frequency.
STANCE: frozenset[str] = lexicons.words("stopwords/stance")


@functools.cache
def spacy_english() -> frozenset[str]:
    """spaCy's English stop words, lower-cased."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(w.lower() for w in STOP_WORDS)


@functools.cache
def summary() -> frozenset[str]:
    """spaCy's list plus reporting and attribution words (the summary's)."""
    return spacy_english() | lexicons.words("stopwords/summary_news")


@functools.cache
def stories() -> frozenset[str]:
    """spaCy's list plus news furniture that says nothing about a story."""
    return spacy_english() | lexicons.words("stopwords/stories_news")
