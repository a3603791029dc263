"""Metadata lines of plain text: dates, bylines, outlets, and the language.

A *date line* is a line that is nothing but a date (with an optional label
such as "Published:" and an optional time and zone): "21/05/2015",
"05.21.15 5:25 AM ET", "MAY 21, 2015", "Thursday 21 May 2015", or a mail
header date in the list's language, "Vr mei 22 16:39:47 CEST 2015".  A date
inside a sentence is not a date line; that is the timeline stage's business.

Numeric dates: when one field is above 12 the order is certain (21/05 is
day-first, 05.21 month-first).  When both fields could be the month the date
is read day-first, the order used by most of the world's press, and the
article gets a warning saying so.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass

#: Month names and abbreviations in the languages of the lists and outlets we
#: expect (English, Dutch, German, French, Spanish, Italian, Portuguese).
_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: (
        "january",
        "jan",
        "januari",
        "januar",
        "janvier",
        "janv",
        "enero",
        "ene",
        "gennaio",
        "gen",
        "janeiro",
    ),
    2: (
        "february",
        "feb",
        "februari",
        "februar",
        "février",
        "fevrier",
        "févr",
        "fev",
        "febrero",
        "febbraio",
        "fevereiro",
    ),
    3: ("march", "mar", "maart", "mrt", "märz", "maerz", "mär", "mars", "marzo", "março", "marco"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    5: ("may", "mei", "mai", "mayo", "maggio", "mag", "maio"),
    6: ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho"),
    8: ("august", "aug", "augustus", "août", "aout", "agosto", "ago"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "set", "settembre", "setembro"),
    10: (
        "october",
        "oct",
        "oktober",
        "okt",
        "octobre",
        "octubre",
        "ottobre",
        "ott",
        "outubro",
        "out",
    ),
    11: ("november", "nov", "novembre", "noviembre", "novembro"),
    12: (
        "december",
        "dec",
        "dez",
        "dezember",
        "décembre",
        "decembre",
        "déc",
        "diciembre",
        "dic",
        "dicembre",
        "dezembro",
    ),
}
MONTHS: dict[str, int] = {name: num for num, names in _MONTH_NAMES.items() for name in names}

_MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
_DOW = r"(?:[^\W\d_]{2,10}\.?,?\s+)"
_TIME = (
    r"(?:\s*(?:,|at|om|um|à|a\s+las|-|—|–|\|)?\s*\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?"
    r"\s*(?:[AaPp]\.?\s?[Mm]\.?)?\s*(?:[A-Z]{2,5}|GMT[+-]?\d*|UTC[+-]?\d*|[+-]\d{2}:?\d{2})?)?"
)
_LABEL = re.compile(
    r"^(?:(?:first\s+)?published(?:\s+on)?|updated(?:\s+on)?|last\s+updated|posted(?:\s+on)?|"
    r"date|dated|datum|fecha|data|gepubliceerd(?:\s+op)?|veröffentlicht(?:\s+am)?|"
    r"publié\s+le|publicado(?:\s+el)?|pubblicato(?:\s+il)?)\s*:?\s+"
    # "Last updated at 6:04 PM on 20th October 2011"
    r"(?:at\s+\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:[A-Z]{2,5}\s+)?on\s+)?",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    rf"^(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}}){_TIME}$"
)
_ISO = re.compile(
    rf"^(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?:T[\d:.]+(?:Z|[+-][\d:]+)?)?{_TIME}$"
)
_MONTH_FIRST = re.compile(
    rf"^{_DOW}?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_TIME}$"
)
_DAY_FIRST = re.compile(
    rf"^{_DOW}?(?P<day>\d{{1,2}})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?(?P<y>\d{{4}}){_TIME}$"
)
#: ``asctime`` layout as pipermail prints it, weekday and month in the list's language.
_ASCTIME = re.compile(
    rf"^[^\W\d_]{{2,4}}\.?\s+{_MONTH}\s+(?P<day>\d{{1,2}})\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?"
    r"\s+(?:[A-Z]{2,5}\s+)?(?P<y>\d{4})$"
)
_RFC2822 = re.compile(r"^(?:\w{3},\s+)?\d{1,2}\s+\w{3}\s+\d{4}\s+\d{1,2}:\d{2}")


@dataclass(frozen=True, slots=True)
class DateLine:
    date: dt.date
    mail_header: bool = False
    warning: str | None = None


def _valid(year: int, month: int, day: int) -> dt.date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:
        # Two-digit years: news archives reach back to the 1990s at most.
        return 2000 + value if value < 70 else 1900 + value
    return value


def _month(name: str) -> int | None:
    key = name.lower().rstrip(".")
    if key in MONTHS:
        return MONTHS[key]
    # Abbreviations that are prefixes of a full name ("Sept", "Dez.", "juil").
    for full, num in MONTHS.items():
        if len(key) >= 3 and len(full) > 4 and full.startswith(key):
            return num
    return None


def parse_date_line(line: str) -> DateLine | None:
    """The date a date line states, or None when the line is not only a date."""
    text = line.strip().strip("*_").strip()
    if not text or len(text) > 60 or not any(ch.isdigit() for ch in text):
        return None
    text = _LABEL.sub("", text).strip()

    match = _ASCTIME.match(text)
    if match:
        month = _month(match.group("month"))
        if month:
            found = _valid(int(match.group("y")), month, int(match.group("day")))
            return DateLine(found, mail_header=True) if found else None

    if _RFC2822.match(text):
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            parsed = None
        if parsed is not None:
            return DateLine(parsed.date(), mail_header=True)

    match = _ISO.match(text)
    if match:
        found = _valid(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        return DateLine(found) if found else None

    match = _NUMERIC.match(text)
    if match:
        a, b, year = int(match.group("a")), int(match.group("b")), _year(match.group("y"))
        if a > 12 >= b:
            found = _valid(year, b, a)
            return DateLine(found) if found else None
        if b > 12 >= a:
            found = _valid(year, a, b)
            return DateLine(found) if found else None
        found = _valid(year, b, a)
        if found is None:
            return None
        warning = None
        if a != b:
            warning = f"ambiguous date {text!r} read day-first as {found.isoformat()}"
        return DateLine(found, warning=warning)

    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        match = pattern.match(text)
        if match:
            month = _month(match.group("month"))
            if month is None:
                continue
            found = _valid(int(match.group("y")), month, int(match.group("day")))
            if found:
                return DateLine(found)
    return None


def parse_date_value(value: str) -> dt.date | None:
    """A date from a metadata value (feed, JSONL, HTML): ISO, RFC 2822 or a date line."""
    value = value.strip()
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    found = parse_date_line(value)
    return found.date if found else None


# --- bylines and outlets -------------------------------------------------------------

_BY = re.compile(r"^(?:by|door|von|par|por|di|da|av|af)\s+(?P<name>[^\W\d_].{1,100})$", re.I)
_NAME_TOKEN = r"(?:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]+|[A-ZÀ-ÖØ-Þ]\.)"
_PARTICLE = r"(?:van|von|de|der|den|del|della|di|da|du|la|le|bin|ibn|al|el|ben|ter|ten)"
_NAME = rf"{_NAME_TOKEN}(?:\s+(?:{_PARTICLE}\s+)?(?:(?:al|el)-)?{_NAME_TOKEN}){{1,3}}"
_LONE_NAME = re.compile(rf"^{_NAME}(?:\s*(?:,|and|&|en|und|et|y|e)\s+{_NAME})*$")
_OUTLET = re.compile(
    r"^(?:source|bron|quelle|fuente|fonte|published\s+by|originally\s+published\s+(?:by|in|at|on)"
    r"|first\s+published\s+(?:by|in|at|on)|reprinted\s+from)\s*:?\s+(?P<outlet>.{2,80}?)\.?$",
    re.IGNORECASE,
)
#: Wire datelines: "BEIRUT (Reuters) - ", "GENEVA, May 21 (AFP) —".
WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Za-z0-9 .,'’-]{1,60}?\s*\((?P<agency>Reuters|AP|AFP|dpa|UPI|Bloomberg|Xinhua|"
    r"EFE|ANSA|Anadolu|TASS|AAP|PTI|CNN|BBC|Al Jazeera)\)\s*[-—–―]"
)


#: Words a title-case headline has and a personal name does not.
_NOT_IN_NAMES = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "as",
        "at",
        "by",
        "from",
        "after",
        "over",
        "into",
        "why",
        "how",
        "what",
        "who",
        "when",
        "where",
        "is",
        "are",
        "was",
        "were",
        "be",
        "has",
        "have",
        "will",
        "can",
        "says",
        "say",
        "keeps",
        "gets",
        "new",
        "more",
    ]
)


#: A dateline opening a body: "BEIRUT, Lebanon — ", "FLINT, Mich., Oct. 4 (UPI) — ",
#: "WASHINGTON (AP) — ", "LONDON -- ".  The place is in capitals.
DATELINE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+)*(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)*"
    r"(?:,?\s+[A-Z][a-z]{2,4}\.?\s+\d{1,2})?\s*(?:\([^)]{2,30}\))?\s*(?:—|–|―|--| - )\s*\S"
)


def byline_of(line: str, *, allow_lone_name: bool) -> str | None:
    """The author(s) a byline names: "By Anne Barnard" -> "Anne Barnard".

    A line that is only a name ("Michael Weiss") counts when ``allow_lone_name``
    (the caller knows it sits in the head, after the title).
    """
    text = line.strip().strip("*_").strip()
    if len(text) > 120:
        return None
    match = _BY.match(text)
    if match:
        name = match.group("name").strip().rstrip(".")
        # "By Thursday night, several dozen..." is a sentence, not a byline.
        name = re.split(r"\s*[|,;]\s*(?=[A-Z][\w ]*$)|\s+[-—–]\s+", name)[0]
        if _LONE_NAME.match(name) or re.fullmatch(r"[A-Z][A-Z .'’-]{3,60}", name):
            return name
        return None
    if (
        allow_lone_name
        and _LONE_NAME.match(text)
        and len(text.split()) <= 12
        and not any(word.lower() in _NOT_IN_NAMES for word in text.split())
    ):
        return text
    return None


def outlet_of(line: str) -> str | None:
    """The outlet a "Source: X" / "Originally published by X" line names."""
    match = _OUTLET.match(line.strip())
    return match.group("outlet").strip() if match else None


# --- language --------------------------------------------------------------------------

#: Below this many words langdetect's answer is unreliable.  Measured on 400
#: random English snippets of Multi-News dev documents each: 5-word snippets
#: come back as another language 6.5 % of the time, 10-word 0.3 %, 20-word
#: 0 %.  English is the easy case (nl/af or es/pt confuse sooner), hence 20.
MIN_LANGUAGE_WORDS = 20
#: langdetect costs time linear in its input (77 ms for 3,000 characters on
#: the shared CI machine, most of ingest's time); 600 characters (~100 words)
#: is five times the word floor above and cuts the cost five-fold.
_LANGUAGE_CHARS = 600


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` (deterministic: langdetect seeded), None when too short."""
    if len(text.split()) < MIN_LANGUAGE_WORDS:
        return None
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        sample = text[:_LANGUAGE_CHARS]
        if len(text) > _LANGUAGE_CHARS and " " in sample:
            sample = sample.rsplit(" ", 1)[0]
        return str(detect(sample))
    except LangDetectException:
        return None
