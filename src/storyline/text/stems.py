"""Suffix strippers: the stems stages compare words by, one module for all.

Each stage that compares words across texts without a parse strips suffixes
its own way, and the stages' thresholds were measured with their own
stemmer.  They are kept apart here, named for what they do, so the
differences are visible in one place (merging two would change what a stage
matches, and the figures measured with it):

* :func:`light_stem` -- plural, -ed, -ing, possessive, a final e, a doubled
  consonant ("seized" / "seizes" -> "seiz", "stopped" -> "stop"); the summary
  (terms, bigrams, counts, speakers, evidence).
* :func:`inflection_stem` -- irregular verbs first ("rose" -> "rise"), then
  its own rules for the same endings, -ly, and a final y as i
  ("died" / "dies" / "die" meet); stance and claim comparison
  (:mod:`storyline.stances.contradiction`).
* :func:`crude_stem` -- the first of -ing, -ed, -es, -s, -al that leaves four
  letters ("withdrawal" / "withdrawing" -> "withdraw"); no lower-casing (the
  words come lower-cased); timeline event merging (:mod:`storyline.timeline.events`).
* :func:`singular` -- lower case, possessive and plural only ("troops" ->
  "troop"); the story index's term counts (:mod:`storyline.stories.features`).

Why home-made: the stages compare words across outlets ("seized" / "seizes",
"militants" / "militant"); a light suffix stripper conflates the inflections
that matter for that and keeps NLTK out of the runtime dependencies.  The
stems are never shown.
"""

from __future__ import annotations

import functools

from storyline import lexicons

__all__ = ["IRREGULAR_FORMS", "crude_stem", "inflection_stem", "light_stem", "singular"]


@functools.lru_cache(maxsize=65536)
def light_stem(word: str) -> str:
    """A light English suffix stripper (plural, -ed, -ing, possessive)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'-")
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]  # "stopped" -> "stopp" -> "stop"
    return w.removesuffix("e")  # "seize"/"seized" -> "seiz"


#: Irregular verb forms mapped to the base form before :func:`inflection_stem`
#: strips suffixes, so that "rose" meets "rise" and "fell" meets "fall".
IRREGULAR_FORMS: dict[str, str] = lexicons.mapping("text/irregular_forms")
_VOWELS = frozenset("aeiouy")


@functools.lru_cache(maxsize=200_000)
def inflection_stem(word: str) -> str:
    """A light suffix stripper: inflections of one (lower-case) word share a stem.

    Cruder than Porter's, on purpose: we only need "killed"/"kills"/"killing"
    and "died"/"dies"/"die" to meet, and the stems are never shown.
    """
    w = IRREGULAR_FORMS.get(word, word)
    if len(w) <= 2 or not w.isalpha():
        return w
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "i"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ing") and len(w) >= 6:
        w = w[:-3]
    elif (w.endswith("ed") and len(w) >= 4) or (
        w.endswith("es") and len(w) >= 5 and w[-3] in "sxzh"
    ):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) >= 4:
        w = w[:-1]
    if w.endswith("ly") and len(w) >= 6:
        w = w[:-2]
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "lsz" and w[-1] not in _VOWELS:
        w = w[:-1]
    if w.endswith("e") and len(w) >= 3:
        w = w[:-1]
    if w.endswith("y") and len(w) >= 3:
        w = w[:-1] + "i"
    return w


def crude_stem(word: str) -> str:
    """A crude suffix strip so "withdrew/withdrawal/withdrawing" and
    "forces/force" meet; good enough for overlap between news sentences."""
    for suffix in ("ing", "ed", "es", "s", "al"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def singular(word: str) -> str:
    """Lower-case, drop possessives and crude plural endings ("troops" ~ "troop")."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'-")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w
