"""The small model's entity spans, read and repaired before they become mentions.

:func:`model_spans` reads the model's named entities with two repairs that both
the entities table and :mod:`storyline.entities.coref` want (a surname the gazetteer
ruler took for a town, a facility named after its town).
:func:`repaired_spans` applies the further repairs that only the entities
table uses (:mod:`storyline.entities.table`): datelines, names cut short, credit
lines, "the village of X", job-title appositions, sect words, ships.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from storyline import lexicons
from storyline.text.docs import doc_text
from storyline.text.names import TITLES

LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@functools.lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """English verbs, adjectives and adverbs (WordNet lists shipped with the
    model's lemmatizer); a town called Police, Mobile or Nice must not turn
    the capitalised word at a sentence start into a GPE."""
    return _wordnet_words(("verb", "adj", "adv"))


@functools.lru_cache(maxsize=1)
def _common_nouns() -> frozenset[str]:
    """English common nouns (the same WordNet lists)."""
    return _wordnet_words(("noun",))


@functools.lru_cache(maxsize=2)
def _wordnet_words(parts_of_speech: tuple[str, ...]) -> frozenset[str]:
    import importlib

    from spacy.lookups import Lookups

    from storyline.analysis.model import MODEL_NAME

    try:
        module = importlib.import_module(MODEL_NAME)
    except ImportError:
        return frozenset()
    base = Path(module.__file__ or "").parent
    found = list(base.glob("*/lemmatizer/lookups/lookups.bin"))
    if not found:
        return frozenset()
    lookups = Lookups().from_disk(found[0].parent)
    index = lookups.get_table("lemma_index")
    words: set[str] = set()
    for pos in parts_of_speech:
        words.update(index.get(pos, ()))
    return frozenset(words)


#: Head nouns of facility names: "Tadmur Prison", "Abu Ghraib Prison",
#: "Damascus International Airport".  The gazetteer ruler tags the town and
#: the model then leaves the head noun out; a name ending in one of these
#: words becomes a FAC span.
FACILITY_HEADS = lexicons.words("entities/facility_heads")


def _facility_spans(doc: Any) -> list[tuple[int, int]]:
    """Title-case proper-noun runs ending in a facility head noun."""
    out = []
    for token in doc:
        if not (token.is_title and token.lower_ in FACILITY_HEADS and token.i > 0):
            continue
        start = token.i
        while start > 0:
            prev = doc[start - 1]
            if prev.is_sent_end or not (prev.is_title or prev.is_upper):
                break
            if prev.pos_ not in ("PROPN", "ADJ") or prev.ent_type_ in ("PERSON", "ORG"):
                break
            start -= 1
        if start < token.i:
            out.append((start, token.i + 1))
    return out


def model_spans(doc: Any) -> list[tuple[int, int, str]]:
    """(start token, end token, label) of named entities, with two repairs.

    * A one-word toponym right after a first name is a surname, not a place
      ("Michael Jordan", "Paris Hilton"): the gazetteer ruler runs before the
      model, so the model can no longer say so; the span becomes a PERSON.
    * A town followed by a facility head noun is a facility ("Tadmur
      Prison"), see :data:`FACILITY_HEADS`.
    """
    spans: list[tuple[int, int, str]] = []
    ents = list(doc.ents)
    for i, ent in enumerate(ents):
        start, end, label = ent.start, ent.end, ent.label_
        if label in ("GPE", "LOC") and end - start == 1 and start > 0:
            prev = doc[start - 1]
            prev_ent = ents[i - 1] if i > 0 and ents[i - 1].end == start else None
            if prev_ent is not None and prev_ent.label_ == "PERSON" and spans:
                spans[-1] = (prev_ent.start, end, "PERSON")
                continue
            if (
                prev_ent is None
                and prev.pos_ == "PROPN"
                and prev.is_title
                and prev.lower_ not in TITLES
                and not prev.ent_type_
            ):
                spans.append((start - 1, end, "PERSON"))
                continue
        if label in LABELS:
            spans.append((start, end, label))
    facilities = _facility_spans(doc)
    if facilities:
        kept = [
            sp
            for sp in spans
            if not any(fs < sp[1] and sp[0] < fe for fs, fe in facilities)
            or sp[2] in ("PERSON", "ORG")
        ]
        taken = [(sp[0], sp[1]) for sp in kept]
        for fs, fe in facilities:
            if not any(ts < fe and fs < te for ts, te in taken):
                kept.append((fs, fe, "FAC"))
        spans = sorted(kept)
    return spans


# --- Repairs of the model's name spans before they become mentions --------
#
# The small model cuts names, types a dateline city as an organisation, and
# tags capitalised common words and group adjectives as people.  Each rule
# below reads a cue any news text carries (a dateline, a preposition left at
# the end of a span, "the village of", an appositive job title, a credit
# line); none lists a story's names.  They run on the entities table only
# (:func:`_mentions_of`), not on the spans :mod:`storyline.entities.coref` scores.

#: Words that open a photo or source credit line ("Via Arutz Sheva:",
#: "Photo: Reuters"); the names on such a line credit a source, they are not
#: what the report is about.
CREDIT_WORDS = lexicons.words("entities/credit_words")
#: A credit line is short: "Via Arutz Sheva:" has 3 words; the seeds' and
#: demo's captions with credits have at most 6.  A body sentence opening
#: with "Via" runs longer.
CREDIT_MAX_WORDS = 8
#: Name particles a personal or place name never ends with ("Abu Ghraib",
#: "Ibn Saud", "van Gogh"): a span cut after one continues.
NAME_PARTICLES = lexicons.words("entities/name_particles")
#: Settlement nouns of "the village of X", "the town of X".
SETTLEMENT_NOUNS = lexicons.words("entities/settlement_nouns")
#: Nouns after a group name ("the Alawite community", "the Shueitat tribe").
GROUP_NOUNS = lexicons.words("entities/group_nouns")
#: Endings of words for followers of a faith, sect or creed (Alawite,
#: Maronite, Islamist, Salafists).  Six letters at least, so that "White" or
#: "Twist" are not taken.
GROUP_SUFFIXES = ("ite", "ites", "ist", "ists")
GROUP_MIN_LENGTH = 6
#: Endings of demonyms ("the Cretan port"): a one-word "place" with one of
#: these, modifying a noun, and unknown to the gazetteer names a people.
DEMONYM_SUFFIXES = ("an", "ian", "ese", "ish")
#: Job titles and roles: a name given one as an apposition ("Irina Bokova,
#: the director-general of UNESCO") or in front ("UNESCO chief X") is a person.
ROLE_NOUNS = lexicons.words("entities/role_nouns")
#: Names of God: capitalised, often in the gazetteer (a town called God),
#: never a place or a person of the story.
DEITY_NAMES = frozenset({"god", "gods", "allah", "yahweh"})
DIRECTION_WORDS = lexicons.words("entities/direction_words")
_TRAILING_JUNK = frozenset({"-", "–", "&", "/", ","})
#: A span cut after one of these continues through the proper nouns after it
#: ("the Gulf of" + "Aden", "the AMA Council on Ethical and" + "Judicial
#: Affairs"); after any other preposition it is cut back ("Lastivka off").
_JOINING_WORDS = frozenset({"of", "and", "&", "for", "de"})
_OPENING_QUOTES = frozenset({'"', "“", "‘", "'", "«"})


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return a, (len(text) if b < 0 else b)


def _on_credit_line(doc: Any, start: int, end: int) -> bool:
    """Is doc[start:end] on a short line that opens with a credit word?"""
    text = doc_text(doc)
    a, b = _line_bounds(text, doc[start].idx, doc[end - 1].idx)
    line = text[a:b]
    words = re.findall(r"[^\W\d_]+", line)
    if not words or words[0].casefold() not in CREDIT_WORDS:
        return False
    return len(words) <= CREDIT_MAX_WORDS


def _is_dateline(doc: Any, start: int, end: int) -> bool:
    """An all-capitals name opening the text, followed by a comma, a dash or a
    parenthesis: "BEIRUT, Lebanon —", "HERAKLION —", "LONDON (Reuters) -"."""
    span = doc[start:end]
    if not any(c.isalpha() for c in span.text) or span.text.upper() != span.text:
        return False
    if doc_text(doc)[: doc[start].idx].strip():
        return False
    return end < len(doc) and doc[end].text in (",", "—", "–", "-", "(")


def _proper_run(doc: Any, i: int) -> int:
    """End of the run of title-case proper nouns starting at token ``i``."""
    j = i
    while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
        if j > i and not doc[j - 1].whitespace_:
            break
        j += 1
    return j


def _has_role(tokens: Any) -> bool:
    for t in tokens:
        for part in t.lower_.split("-"):
            if part in ROLE_NOUNS:
                return True
    return False


def _person_cue(doc: Any, start: int, end: int) -> bool:
    """The span is given a job title: an appositive noun phrase headed by one
    ("X, the director-general of UNESCO") or a title noun in front of it in
    its noun phrase ("UNESCO chief X")."""
    root = doc[start:end].root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= end and not child.ent_type_:
            head_words = [child, *[c for c in child.children if c.dep_ == "compound"]]
            if _has_role(head_words):
                return True
    if start > 0:
        prev = doc[start - 1]
        if prev.pos_ == "NOUN" and prev.head.i in range(start, end) and _has_role([prev]):
            return True
    return False


def _settlement_cue(doc: Any, start: int) -> bool:
    """ "the village of X", "the town of X": X is a place."""
    return (
        start >= 2
        and doc[start - 1].lower_ == "of"
        and doc[start - 2].is_lower
        and doc[start - 2].text in SETTLEMENT_NOUNS
    )


def _group_word(token: Any) -> bool:
    word = token.text
    return (
        len(word) >= GROUP_MIN_LENGTH
        and word[:1].isupper()
        and not word.isupper()
        and word.isalpha()
        and word.lower().endswith(GROUP_SUFFIXES)
    )


def _repair_span(doc: Any, start: int, end: int, label: str) -> tuple[int, int, str, str] | None:
    """One span, repaired: (start, end, label, cue) or None to drop it.

    ``cue`` names a strong type cue ("place", "group", "person") that the
    pile-wide pass spreads to other mentions of the same name, or "".
    """
    if _on_credit_line(doc, start, end):
        return None
    # A name never ends in a preposition, a conjunction or a hyphen
    # ("Roman Theater of", "rank &", "non-"): "of" followed by a proper
    # noun takes it in ("the Roman Theater of Palmyra"); anything else is cut.
    while end > start and (
        doc[end - 1].pos_ in ("ADP", "CCONJ") or doc[end - 1].text in _TRAILING_JUNK
    ):
        last = doc[end - 1]
        if last.lower_ in _JOINING_WORDS and end < len(doc) and last.whitespace_:
            run = _proper_run(doc, end)
            if run > end:
                head = doc[end - 2] if end - 2 >= start else None
                end = run
                if last.lower_ == "of" and head is not None and head.lower_ in _FAC_HEADS:
                    label = "FAC"
                break
        capitalised = doc[start].text[:1].isupper()
        if last.text in ("-", "–") and not last.whitespace_ and capitalised and end < len(doc):
            run = _proper_run(doc, end)  # "Winston-" + "Salem"
            if run > end:
                end = run
                break
        end -= 1
    if end <= start:
        return None
    span = doc[start:end]
    text = span.text
    if not any(c.isupper() for c in text):
        return None  # "god", "jihadist", "rank & file": common words
    words = [t.lower_ for t in span if t.is_alpha]
    if len(words) == 1 and words[0] in DEITY_NAMES:
        return None
    if "/" in text and words and all(w in DIRECTION_WORDS for w in words):
        return None  # "the South/North"
    if label in ("GPE", "LOC") and any(c.isdigit() for c in text):
        return None  # "the M3 highway": a road number, not a place
    # "Abu" + "Ghraib": a span cut after a name particle continues.
    if doc[end - 1].lower_ in NAME_PARTICLES and end < len(doc) and doc[end - 1].whitespace_:
        run = _proper_run(doc, end)
        if run > end:
            end = run
            span = doc[start:end]
    if _is_dateline(doc, start, end):
        return start, end, "GPE", "place"
    if label in ("GPE", "LOC") and end - start == 1:
        surname_end = _surname_after_town(doc, start, end)
        if surname_end < 0:
            return start, -surname_end, label, ""  # the town's name goes on
        if surname_end:
            return start, surname_end, "PERSON", ""  # "Tyler Hansbrough", "Bara Sarraj"
    if label == "NORP" and end < len(doc) and doc[end].lower_ in LANGUAGE_NOUNS:
        return None  # "the Arabic word for ISIS": a language, not a group
    if label in ("ORG", "PERSON", "GPE", "LOC", "NORP") and _vessel_before(doc, start, end):
        return start, end, "PRODUCT", "vessel"  # "the ferry Lastivka"
    if label in ("PERSON", "ORG", "NORP") and _settlement_cue(doc, start):
        return start, end, "GPE", "place"
    one = end - start == 1
    token = doc[start]
    if one and label in ("PERSON", "ORG", "GPE", "LOC"):
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and nxt.lower_ in GROUP_NOUNS:
            return start, end, "NORP", "group"
        if _group_word(token) and (
            token.dep_ in ("compound", "amod") or token.lower_.endswith("s")
        ):
            return start, end, "NORP", "group"
    if label == "ORG" and not text.isupper() and _person_cue(doc, start, end):
        return start, end, "PERSON", "person"
    if one and label == "PERSON":
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and nxt.is_lower and nxt.lower_ in FACILITY_HEADS:
            return start, end + 1, "FAC", ""  # "(remember Taqba airbase)"
        prev = doc[start - 1] if start > 0 else None
        if (
            prev is not None
            and prev.text in _OPENING_QUOTES
            and nxt is not None
            and nxt.is_punct
            and token.lower_ in _common_nouns()
        ):
            return None  # “Treason,” he called it.
    if (
        one
        and label in ("GPE", "LOC")
        and token.dep_ in ("compound", "amod")
        and _demonym_of_place(token.text)
    ):
        return start, end, "NORP", ""  # "the Cretan port"
    return start, end, label, ""


#: Heads of venue names that are facilities ("the Roman Theater of Palmyra").
VENUE_HEADS = lexicons.words("entities/venue_heads")
_FAC_HEADS = FACILITY_HEADS | VENUE_HEADS


#: Nouns after a language name ("the Arabic word for", "its Greek acronym").
LANGUAGE_NOUNS = lexicons.words("entities/language_nouns")
#: Nouns in front of a ship's name ("the passenger ferry Lastivka"): a ship is
#: a PRODUCT (OntoNotes types vehicles so), not an organisation or a person.
VESSEL_NOUNS = lexicons.words("entities/vessel_nouns")
#: Words that open a place name, not a given name ("San Francisco", "New York").
_TOWN_NAME_OPENERS = lexicons.words("entities/town_name_openers")


def _surname_after_town(doc: Any, start: int, end: int) -> int:
    """End of a person's name that the gazetteer ruler cut after a given name
    which is also a town ("Tyler Hansbrough", "Vincent Jackson", "Regina
    Benjamin"), or 0; minus the end when the two words are a longer place
    name.  The next word must be a lone singular proper noun that
    is no English word (so not "Tampa Bay", "Missouri Valley", "Wayne State",
    "Russia Today", "Seattle Seahawks"), untagged or a one-word name, and the
    town must not open a longer name ("New York Giants") or be a place-name
    opener itself ("San Gennaro").  On 110 unseen ECB+ documents (the first
    ten of topics 25-35) it makes 55 such spans PERSON: 54 are people, one a
    team (Seattle Seahawks, a GPE before); a surname that is also an English
    plural ("Gary Stills") is left as it was.  Two words the gazetteer holds
    as one name ("Bandar Abbas", found on topics 1-24) are one place."""
    token = doc[start]
    if token.lower_ in _TOWN_NAME_OPENERS or not token.whitespace_ or end >= len(doc):
        return 0
    if start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper():
        return 0
    nxt = doc[end]
    if nxt.text.istitle() and nxt.text.isalpha():
        from storyline.places.gazetteer import load_gazetteer

        if load_gazetteer().candidates(f"{token.text} {nxt.text}"):
            return -(end + 1)  # "Bandar Abbas" is a city (exact gazetteer name)
    if not (
        nxt.tag_ == "NNP"
        and nxt.text[:1].isupper()
        and not nxt.is_upper
        and nxt.text.isalpha()
        and nxt.ent_type_ in ("", "PERSON", "GPE")
        and nxt.lower_ not in _common_nouns()
        and nxt.lower_ not in common_words()
    ):
        return 0
    lower = nxt.lower_
    if lower.endswith("s") and (lower[:-1] in _common_nouns() or lower[:-1] in common_words()):
        return 0  # "Philadelphia Eagles", "Cleveland Browns": a team
    if nxt.ent_type_ and end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        return 0  # the next word starts a longer name of its own
    after = doc[end + 1] if end + 1 < len(doc) else None
    if after is not None and after.pos_ == "PROPN" and after.text[:1].isupper():
        return 0
    if after is not None and after.is_lower and after.pos_ == "NOUN" and nxt.dep_ == "compound":
        return 0  # "the Porta Nuova area": the name of a thing, whatever it is named after
    if _settlement_cue(doc, start):
        return 0  # "the district of Porta Nuova"
    return end + 1


def _vessel_before(doc: Any, start: int, end: int) -> bool:
    """Is the span a ship's name, right after a vessel noun ("the ferry X")?"""
    if start == 0:
        return False
    prev = doc[start - 1]
    return prev.is_lower and prev.lemma_ in VESSEL_NOUNS and prev.head.i in range(start, end)


def _demonym_of_place(word: str) -> bool:
    """Is ``word`` the adjective of a country or region the gazetteer knows,
    and no place itself?  Cretan -> Crete, Syrian -> Syria, Italian -> Italy;
    not Mediterranean (no place "Mediterrane(a)"), and not a surname such as
    Lohan that happens to end like one (its stems are at most towns)."""
    if not word.isalpha() or _is_place_name(word):
        return False
    from storyline.places.toponyms import resolve_place

    for suffix in DEMONYM_SUFFIXES:
        stem = word[: -len(suffix)]
        if not word.lower().endswith(suffix) or len(stem) < 3:
            continue
        for ending in ("", "a", "e", "o", "y"):
            place = resolve_place(stem + ending).place
            if place is not None and place.precision in ("country", "region"):
                return True
    return False


def _is_place_name(name: str) -> bool:
    from storyline.places.toponyms import resolve_place

    resolution = resolve_place(name)
    return resolution.place is not None or resolution.ambiguous


def repaired_spans(doc: Any) -> list[tuple[int, int, str, str]]:
    """:func:`model_spans` with :func:`_repair_span` applied; a span that a
    repair made overlap the next one absorbs it."""
    out: list[tuple[int, int, str, str]] = []
    for start, end, label in model_spans(doc):
        if out and start < out[-1][1]:
            continue  # taken in by the previous span's repair
        fixed = _repair_span(doc, start, end, label)
        if fixed is not None:
            out.append(fixed)
    return out
