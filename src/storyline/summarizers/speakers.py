"""Evidence that two sentences of different articles report one statement:
the same named speaker, saying the same thing in other words.

Outlets relay a statement each in their own words and through their own
channel ("Mamoun Abdulkarim told AFP that many statues ... been relocated" /
"Mamoun Abdul-Karim told Reuters that hundreds of statues had been moved"):
the shared words are few, and the names in them are the story's topic, which
every sentence shares.  What is specific is who speaks and the lower-case
words of what they say.  So a sentence is read, from its text alone (the same
for a full parse and the sentence-only pipeline), as:

* **speakers** - names next to a reporting cue ("X said", "X, the ..., told",
  "said X.", "according to X"), as transliteration keys of the last name
  (:func:`storyline.names.name_key`: Abdulkarim = Abdul-Karim);
* **said** - stems of the lower-case content words outside the attribution
  (the speaker, the speaker's description and the cue are cut out).

Two sentences tell the same statement when they share a speaker and the
speaker's words share more stems than the speaker has statements in either
article (:func:`same_statement`): a speaker quoted once per article needs two
shared words, one quoted five times needs six, since every further statement
is one more chance to share a word by accident.

Measured on multinews-dev (sentence-only pipeline, read by hand): of the
cross-article sentence pairs below the lexical same-fact threshold (Dice
0.2-0.5, numbers and names compatible), 3,124 in clusters 0-124 and 3,902 in
the held-out 125-249, the test admits 7 and 7.  Tuning half: 5 the same
statement, 2 not (one speaker "answering questions" in two statements; an
"ongoing investigation" named in two).  Held-out half: 5 the same statement,
1 half the same (two remarks from one TV interview), 1 not (a run-together
line that names the speaker).  Requiring one more shared word (2 + statements)
kept 1 of those 3 wrong pairs out but lost 4 right ones and the seed reports'
"statues moved" pair, so the bound stays at 1 + statements.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from storyline.names import name_tokens, skeleton
from storyline.summarizers.features import _STOP, stem
from storyline.timex_lexicon import MONTHS, WEEKDAYS

_NAME = r"[A-Z][\w'’\-]*\.?(?:\s+(?:al-|bin\s+|de\s+|van\s+|von\s+)?[A-Z][\w'’\-]*)*"
_CUE = (
    r"(?:said|says|told|tells|added|adds|stated|explained|wrote|writes|noted|warned|"
    r"claimed|insisted|announced|confirmed|acknowledged|argued|testified|recalled)"
)
#: "NAME said", "NAME, the ministry's spokesman, told"; the description before
#: the name back to the clause boundary is part of the attribution.
_BEFORE = re.compile(rf"({_NAME})(?:,\s+[^,;]{{1,80}},)?,?\s+(?:has\s+|had\s+)?{_CUE}\b")
#: "..., said NAME." / "according to NAME, a spokesman for ...": the name must
#: end the clause, or it is the object of what is said ("says Obama was ...").
_AFTER = re.compile(rf"\b(?:{_CUE}|according to)\s+(?:the\s+)?({_NAME})(?=\s*(?:[,.;:!?\"”]|$))")
_BOUNDARY = re.compile(r"[,;:\"“”—(]")
_WORD = re.compile(r"[^\W\d_]+")
_CALENDAR = frozenset(w.lower() for w in (*MONTHS, *WEEKDAYS))
#: Capitalised words before a cue that are not a speaker's name.
_NOT_NAMES = (
    frozenset(
        [
            "he",
            "she",
            "they",
            "it",
            "we",
            "i",
            "you",
            "this",
            "that",
            "there",
            "these",
            "those",
            "but",
            "and",
            "or",
            "so",
            "the",
            "a",
            "an",
            "who",
            "which",
            "what",
            "when",
            "while",
        ]
    )
    | _CALENDAR
)
#: Verbs every statement has (saying, being): no evidence of what was said.
_LIGHT = frozenset(
    stem(w)
    for w in [
        "say",
        "tell",
        "report",
        "state",
        "add",
        "claim",
        "note",
        "be",
        "have",
        "do",
        "make",
        "get",
        "go",
        "come",
        "take",
        "give",
        "accord",
        "announce",
        "confirm",
        "describe",
        "explain",
        "insist",
        "quote",
        "write",
        "speak",
        "speaking",
        "statement",
    ]
)


@dataclass(frozen=True, slots=True)
class Speaker:
    """One speaker of a sentence."""

    #: Transliteration key of the last name ("abdulkarim").
    key: str
    #: Stem of the last name as it is written, to compare with the story's
    #: most common names (stems, see :meth:`Cluster.common_names`).
    stem: str
    #: True when the name is one capitalised word opening the sentence, which
    #: may be a common noun ("Police said ...").
    single_opening: bool


@dataclass(frozen=True, slots=True)
class Attributed:
    """Who a sentence says is speaking, and the words of what they say."""

    speakers: tuple[Speaker, ...]
    said: frozenset[str]

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(s.key for s in self.speakers)


NOBODY = Attributed(speakers=(), said=frozenset())


def _speaker(name: str, opening: bool) -> Speaker | None:
    tokens = name_tokens(name)
    if not tokens or tokens[-1] in _NOT_NAMES or tokens[0] in _NOT_NAMES:
        return None
    last = tokens[-1]
    return Speaker(key=skeleton(last), stem=stem(last), single_opening=opening and len(tokens) == 1)


def _clause_start(text: str, before: int) -> int:
    return max((m.end() for m in _BOUNDARY.finditer(text, 0, before)), default=0)


def _clause_end(text: str, after: int) -> int:
    found = _BOUNDARY.search(text, after)
    return found.start() if found else len(text)


def attributed(text: str) -> Attributed:
    """Speakers of the sentence and the stems of its lower-case content words
    outside the attributions (:data:`NOBODY` when no speaker is named)."""
    speakers: list[Speaker] = []
    cuts: list[tuple[int, int]] = []
    for match in _BEFORE.finditer(text):
        start = _clause_start(text, match.start(1))
        found = _speaker(match.group(1), opening=not text[: match.start(1)].strip(" \"“‘'("))
        if found is not None:
            speakers.append(found)
            cuts.append((start, match.end()))
    for match in _AFTER.finditer(text):
        found = _speaker(match.group(1), opening=False)
        if found is None:
            continue
        end = _clause_end(text, match.end(1))
        if end < len(text) and text[end] == ",":
            end = _clause_end(text, end + 1)  # ", a spokesman for the ministry,"
        speakers.append(found)
        cuts.append((match.start(), end))
    if not speakers:
        return NOBODY
    kept: list[str] = []
    position = 0
    for start, end in sorted(cuts):
        if start > position:
            kept.append(text[position:start])
        position = max(position, end)
    kept.append(text[position:])
    return Attributed(speakers=tuple(speakers), said=said_words(" ".join(kept)))


def said_words(text: str) -> frozenset[str]:
    """Stems of the lower-case content words of ``text`` (names, calendar
    words, stop words and verbs of saying left out)."""
    out: set[str] = set()
    for word in _WORD.findall(text):
        if not word[0].islower() or len(word) < 3 or word in _STOP or word in _CALENDAR:
            continue
        key = stem(word)
        if key not in _LIGHT:
            out.add(key)
    return frozenset(out)


def same_statement(
    a: Attributed,
    b: Attributed,
    statements: Callable[[Speaker], tuple[int, int]],
    common: frozenset[str],
    common_nouns: Callable[[], frozenset[str]],
) -> bool:
    """Do ``a`` and ``b`` report one statement of one speaker?

    ``statements(speaker)`` gives how many sentences of each of the two
    articles that speaker is named in as a speaker; ``common`` are the story's
    most common names (stems), which are no evidence; ``common_nouns()`` the
    stems the story also writes in lower case ("police", "officials"), which
    are not a speaker's name when they open a sentence alone.
    """
    shared = len(a.said & b.said)
    if shared < 2:  # the least any speaker needs (quoted once per article)
        return False
    for mine in a.speakers:
        for theirs in _matching(mine, b.speakers):
            if mine.stem in common or theirs.stem in common:
                continue
            if (mine.single_opening or theirs.single_opening) and (
                mine.stem in common_nouns() or theirs.stem in common_nouns()
            ):
                continue
            if shared >= 1 + max(statements(mine)):
                return True
    return False


def _matching(speaker: Speaker, others: Iterable[Speaker]) -> list[Speaker]:
    return [o for o in others if o.key == speaker.key]
