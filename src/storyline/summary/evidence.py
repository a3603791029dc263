"""Evidence, beyond shared words, that two sentences of different articles
tell the same fact: the same day, the same named participant, the same event.

Outlets retell a fact in their own words ("ISIS militants stormed the Syrian
city of Palmyra Wednesday" / "The rout on Wednesday in Palmyra ..."), so the
lexical overlap of a paraphrase is low, and a low overlap alone also admits
sentences that merely share the story's topic.  A paraphrase is accepted on
a lower overlap only when three independent signals agree:

* **date** - both sentences name the same calendar day (TIMEX3 ``DATE``
  values at day granularity, relative expressions resolved against each
  article's publication date; an undated article gives no date evidence);
* **participant** - they share a named entity other than the story's most
  common one (every sentence of a story about Palmyra names Palmyra);
* **event** - they share the predicate: the lemma of the sentence root, or
  another content verb (reporting verbs excluded).

Names, lemmas and roots come from the spaCy ``Doc`` of the analysed article
when it was parsed; without a parse (the fast sentence-only pipeline of the
evaluation API) names are capitalised word sequences and the event signal is
a shared content word that is not a name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from storyline import lexicons
from storyline.summary.features import stem
from storyline.text.tokens import LETTERS
from storyline.timeline.timex.lexicon import MONTHS, WEEKDAYS

#: Entity labels that name a participant, place or event of a fact.
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
#: Verbs of saying and of being: every outlet "said" or "was" something.
_LIGHT_VERBS = lexicons.words("summary/light_verbs")
_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
#: Weekdays and months, and their abbreviations: capitalised, but not names.
_CALENDAR = frozenset(MONTHS) | frozenset(WEEKDAYS)
_CAPITALISED = re.compile(r"\b[A-Z][\w’'\-]*(?:\s+(?:of\s+|al-)?[A-Z][\w’'\-]*)*")
_WORD = LETTERS
#: Links and handles: their letters are addresses, not words of the sentence.
_ADDRESS = re.compile(r"\S*(?:https?://|www\.|\.com\b|[@#]\w)\S*")


@dataclass(frozen=True, slots=True)
class FactEvidence:
    """What one sentence says about when, who and what happened."""

    days: frozenset[str]
    names: frozenset[str]
    predicates: frozenset[str]


def normalise_name(text: str) -> str:
    """Lower case, no leading article, no possessive: 'the Syrian Army's' -> 'syrian army'."""
    name = " ".join(text.replace("’", "'").split()).lower().removeprefix("the ")
    return name.removesuffix("'s").strip(" '\"-")


#: A sentence names a day only if it holds one of these: a digit, a month or
#: weekday, a relative day word, a part of the day or a holiday.  Reading time
#: expressions costs 0.6 ms a sentence; on multinews-dev (22,747 sentences,
#: anchored on one date) this lets 31% through, and all 1,883 distinct
#: sentences that name a day are among them.
_MAY_NAME_A_DAY = re.compile(
    r"\d|\b(?:"
    + "|".join(sorted((re.escape(w) for w in (*MONTHS, *WEEKDAYS)), key=len, reverse=True))
    + r")\b|today|tonight|yesterday|tomorrow|\bday|\bago\b|\bnight|\bhours?\b|morning|"
    r"afternoon|evening|noon|midnight|dawn|dusk|\beve\b|christmas|easter|thanksgiving|"
    r"halloween|valentine|new year",
    re.IGNORECASE,
)


def days(text: str, anchor: dt.date | None) -> frozenset[str]:
    """Calendar days (YYYY-MM-DD) the sentence refers to; relative ones only
    when ``anchor`` resolves them."""
    if not _MAY_NAME_A_DAY.search(text):
        return frozenset()
    from storyline.timeline.events import time_expressions

    return frozenset(
        ref.value
        for ref in time_expressions(text, anchor=anchor)
        if ref.type == "DATE" and _DAY.match(ref.value)
    )


def _span(doc: Any, start: int, end: int) -> Any:
    return doc.char_span(start, end, alignment_mode="expand") if doc is not None else None


def names_of(text: str, doc: Any = None, start: int = 0, end: int = 0) -> frozenset[str]:
    """Named entities of the sentence ``text`` (at ``start``..``end`` of ``doc``),
    normalised; capitalised word sequences that do not open the sentence when
    the doc has no entity annotation."""
    if doc is not None and doc.has_annotation("ENT_IOB"):
        return frozenset(
            name
            for ent in doc.ents
            if ent.start_char >= start and ent.end_char <= end and ent.label_ in _NAME_LABELS
            for name in [normalise_name(ent.text)]
            if name
        )
    out: set[str] = set()
    for match in _CAPITALISED.finditer(text):
        found = match.group()
        if not text[: match.start()].strip(" \"“‘'("):
            # The sentence's first word is capitalised anyway.
            found = found.split(maxsplit=1)[1] if " " in found else ""
        name = normalise_name(found).removesuffix(".")
        if name and name.split()[0] not in _CALENDAR:
            out.add(name)
    return frozenset(out)


def predicates_of(text: str, doc: Any = None, start: int = 0, end: int = 0) -> frozenset[str]:
    """Event words of the sentence: root and content verb lemmas from a parse
    (light and reporting verbs left out), or, without one, the stems of its
    lower-case content words."""
    span = _span(doc, start, end)
    if span is not None and doc.has_annotation("LEMMA") and doc.has_annotation("POS"):
        found = {
            t.lemma_.lower()
            for t in span
            if t.pos_ == "VERB" or (t.dep_ == "ROOT" and t.pos_ in {"VERB", "NOUN"})
        }
        return frozenset(w for w in found if w.isalpha() and w not in _LIGHT_VERBS)
    from storyline.summary.features import STOPWORDS  # the comparison's stop list

    return frozenset(
        stem(w)
        for w in _WORD.findall(_ADDRESS.sub(" ", text))
        if w[0].islower() and len(w) > 2 and w not in STOPWORDS and w not in _LIGHT_VERBS
    )


def evidence(
    text: str, published: dt.date | None, doc: Any = None, start: int = 0, end: int = 0
) -> FactEvidence:
    """Date, name and event evidence of one sentence."""
    return FactEvidence(
        days=days(text, published),
        names=names_of(text, doc, start, end),
        predicates=predicates_of(text, doc, start, end),
    )


def corroborates(a: FactEvidence, b: FactEvidence, common: frozenset[str]) -> bool:
    """Same day, a shared name other than the story's ``common`` ones (stems,
    see :func:`shares_name`), and a shared event word."""
    if not (a.days & b.days) or not (a.predicates & b.predicates):
        return False
    return shares_name(a.names, b.names, common)


def shares_name(a: frozenset[str], b: frozenset[str], common: frozenset[str]) -> bool:
    """A name of ``a`` is a name of ``b`` and not one of the ``common`` ones
    (given as stems of a name's last word: "palmyra", "trump")."""
    return any(
        same_name(x, y) and stem(x.rsplit(maxsplit=1)[-1]) not in common for x in a for y in b
    )


def same_name(a: str, b: str) -> bool:
    """Equal, or one ends with the other as whole words ('ana ruiz' / 'ruiz')."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return long.endswith(" " + short)
