"""Story features: the raw term counts and dates :mod:`storyline.stories.index` weighs.

One regular-expression pass over a report (no parse): entity-like terms
(``E:``), content words (``W:``), numbers (``N:``) and years (``Y:``), title
terms counted extra; and the dates a report names (:func:`content_date`) or
carries (:func:`as_date`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from sys import intern

from storyline import lexicons
from storyline.stories.params import DEFAULT_CLUSTER_PARAMS
from storyline.text import stopwords
from storyline.text.stems import singular
from storyline.text.tokens import LOWER_WORDS, STORY_TOKENS

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+|\n\s*\n")
_YEAR = re.compile(r"^(19|20)\d\d$")
_URL = re.compile(r"https?://\S+")
_URL_NOISE = lexicons.words("stories/url_noise")


def _url_words(match: re.Match[str]) -> str:
    """The path of a URL as words: its slug names the story, a /2013/ its year.

    The host is dropped: it names the outlet, which says nothing about the story.
    """
    path = match.group(0).split("//", 1)[-1].partition("/")[2]
    words = [
        w for w in re.split(r"[/\-_.?=&+]+", path) if (w and not w.isdigit()) or _YEAR.match(w)
    ]
    return " " + " ".join(w.lower() for w in words if w.lower() not in _URL_NOISE) + " . "


def _is_capitalised(token: str) -> bool:
    """ "Palmyra", "al-Assad"; not SHOUTED words of six letters or more (headline style)."""
    if token.isupper() and len(token) > 5:
        return False
    if token[0].isupper():
        return True
    head, _, tail = token.partition("-")
    return bool(tail) and len(head) <= 3 and tail[:1].isupper()


def features(
    text: str, title: str | None = None, *, title_repeat: int = DEFAULT_CLUSTER_PARAMS.title_repeat
) -> Counter[str]:
    """Raw term counts of one document (before TF-IDF weighting).

    A capitalised body word counts as entity-like (``E:``) unless it opens a
    sentence and also appears lower-case in the document ("Police" / "police");
    adjacent entity words also give a pair term.  Titles are often Title Cased,
    so a title word is entity-like only when the body treats it as one.
    """
    counts: Counter[str] = Counter()
    text = _URL.sub(_url_words, text)
    if title:
        title = _URL.sub(_url_words, title)
    stops = stopwords.stories()
    lower_seen = set(LOWER_WORDS.findall(text))
    sentences = [
        [m.group(0) for m in STORY_TOKENS.finditer(s)] for s in _SENTENCE_SPLIT.split(text)
    ]
    body_caps = {
        t.lower()
        for s in sentences
        for i, t in enumerate(s)
        if t[0].isalpha() and _is_capitalised(t) and not (i == 0 and t.lower() in lower_seen)
    }
    title_tokens = [m.group(0) for m in STORY_TOKENS.finditer(title)] if title else []
    streams: list[tuple[list[str], int, bool]] = [(title_tokens, title_repeat, True)]
    streams += [(s, 1, False) for s in sentences]
    for tokens, repeat, is_title in streams:
        previous: str | None = None
        for index, token in enumerate(tokens):
            if token[0].isdigit():
                digits = token.replace(",", "").rstrip(".")
                key = f"Y:{digits}" if _YEAR.match(digits) else f"N:{digits}"
                counts[key] += repeat
                previous = None
                continue
            word = singular(token)
            if len(word) < 2 or word in stops:
                previous = None
                continue
            if is_title:
                capital = token.lower() in body_caps
            else:
                capital = _is_capitalised(token) and not (
                    index == 0 and token.lower() in lower_seen
                )
            if capital:
                counts[f"E:{word}"] += repeat
                if previous is not None:
                    counts[f"E:{previous}_{word}"] += repeat
                previous = word
            else:
                if len(word) > 2:
                    counts[f"W:{word}"] += repeat
                previous = None
    # one string object per term across all documents: the index keeps many
    # dicts over the same vocabulary (about a third of its memory at 10,000 reports)
    return Counter({intern(term): n for term, n in counts.items()})


_MONTHS = {
    name: number
    for number, name in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"),
        start=1,
    )
}  # fmt: skip
_MONTH_YEAR = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+\d{1,2},?)?\s+(?:of\s+)?((?:19|20)\d\d)\b"
)
_BARE_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def content_date(text: str, *, latest: int | None = None) -> dt.date | None:
    """The latest month (or year) a text names: a lower bound for when it was written.

    "in May of 2015" -> 2015-05-01; a bare "2014" -> 2014-01-01.  Years after
    ``latest`` (default: next year) are ignored (projections, not dates).
    """
    latest = latest if latest is not None else dt.date.today().year + 1
    best: dt.date | None = None
    for match in _MONTH_YEAR.finditer(text):
        year = int(match.group(2))
        if year <= latest:
            day = dt.date(year, _MONTHS[match.group(1).lower()], 1)
            best = day if best is None or day > best else best
    for match in _BARE_YEAR.finditer(text):
        year = int(match.group(1))
        if year <= latest:
            day = dt.date(year, 1, 1)
            best = day if best is None or day > best else best
    return best


def as_date(value: object) -> dt.date | None:
    """An ISO string, date or datetime as a date; anything else as None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None
