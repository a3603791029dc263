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

from storyline import lexicons

#: Month names and abbreviations in the languages of the lists and outlets we
#: expect (English, Dutch, German, French, Spanish, Italian, Portuguese).
_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    int(number): tuple(names.split())
    for number, names in lexicons.mapping("ingest/month_names").items()
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
#: Wire services and broadcasters that sign datelines and bylines.
WIRE_AGENCIES = lexicons.phrases("ingest/wire_agencies")
#: Wire datelines: "BEIRUT (Reuters) - ", "GENEVA, May 21 (AFP) —".
WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Za-z0-9 .,'’-]{1,60}?\s*\((?P<agency>" + "|".join(WIRE_AGENCIES) + r")\)\s*[-—–―]"
)


#: Words a title-case headline has and a personal name does not.
_NOT_IN_NAMES = lexicons.words("ingest/not_in_names")


#: A dateline opening a body: "BEIRUT, Lebanon — ", "FLINT, Mich., Oct. 4 (UPI) — ",
#: "WASHINGTON (AP) — ", "LONDON -- ".  The place is in capitals.
DATELINE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+)*(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)*"
    r"(?:,?\s+[A-Z][a-z]{2,4}\.?\s+\d{1,2})?\s*(?:\([^)]{2,30}\))?\s*(?:—|–|―|--| - )\s*\S"
)


#: Words that name a news organisation's kind ("Harbour *Times*", "Meridian
#: *Press*", "Seafarers *Bulletin*"), in the languages of the month table.
_OUTLET_WORDS = lexicons.words("ingest/outlet_words")
#: A leading article is a title's, not a person's: "The Island Post", "Le Monde".
_ARTICLES = lexicons.words("ingest/title_articles")
#: Words of a job title.  After a byline's comma they make the rest a role,
#: not an outlet: "Jane Doe, Staff Writer", "Associated Press Writer",
#: "BBC Home Affairs correspondent" (a Multi-News byline).
_ROLE_WORDS = lexicons.words("ingest/role_words")
#: Lower-case words allowed inside an organisation's name.
_NAME_LINKS = lexicons.words("ingest/name_links")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|news|info|eu|[a-z]{2})$", re.I)


def _proper_phrase(text: str) -> bool:
    """A short capitalised phrase: "Harbour Times", "BBC", "Channel 4 News"."""
    words = text.split()
    if not 1 <= len(words) <= 6 or not text[0].isupper() or len(text) > 60 or ":" in text:
        return False
    if text.endswith((".", "!", "?", ":", ";")) and not _DOMAIN.match(text):
        return False
    return all(
        w[0].isupper() or w[0].isdigit() or w.lower() in _NAME_LINKS or _DOMAIN.match(w)
        for w in words
    )


def _is_person(text: str) -> bool:
    """Shaped like a personal name and with no word of a job title in it."""
    return bool(_LONE_NAME.match(text)) and not any(
        w.lower().strip("'’.,") in _ROLE_WORDS for w in text.split()
    )


def looks_like_outlet(text: str, *, loose: bool) -> bool:
    """Whether ``text`` names a news outlet rather than a person, a role or a place.

    Evidence for an outlet: a word of the trade ("Press", "Times", "Herald", ...),
    a wire agency, a leading article ("The Island Post"), a web domain.  A
    phrase shaped like a personal name ("Tomas Brandt") without such evidence
    is a person; any word of a job title makes it a role.  Other capitalised
    phrases ("Bellingcat", "Kathimerini") count only when ``loose``: the caller
    knows the slot holds an organisation or a person, not a place.

    Run over the 1,619 Multi-News dev, PolNeAR and seed documents, the head
    rules built on this change one article: "By Jennifer Froetschel, DS Public
    Affairs" now gives the outlet "DS Public Affairs".
    """
    text = text.strip().strip("*_").strip()
    if not text or not _proper_phrase(text):
        return False
    words = [w.lower().strip("'’.,") for w in text.split()]
    if any(w in _ROLE_WORDS for w in words):
        return False
    if (
        any(w in _OUTLET_WORDS for w in words)
        or any(text.lower() == a.lower() for a in WIRE_AGENCIES)
        or (len(words) > 1 and words[0] in _ARTICLES)
        or _DOMAIN.match(text)
    ):
        return True
    if len(words) > 1 and _LONE_NAME.match(text):
        return False
    return loose


@dataclass(frozen=True, slots=True)
class Byline:
    """Who wrote a report and, when the byline says so, for which outlet."""

    name: str
    outlet: str | None = None


#: After the name: "By X, Org", "By X | Org", "By X - Org" (not "By X/Agency", a
#: photo credit).
_BYLINE_TAIL = re.compile(r"\s*[|,;]\s*|\s+[-—–]\s+")


def byline_parts(line: str, *, allow_lone_name: bool) -> Byline | None:
    """The author(s) and outlet a byline names.

    "By Anna Leclerc, Meridian Press" -> ("Anna Leclerc", "Meridian Press");
    "By Jane Doe, Staff Writer" -> ("Jane Doe", None);
    "By Lena Varga, Tomas Brandt" -> ("Lena Varga, Tomas Brandt", None).
    A line that is only a name ("Michael Weiss") counts when ``allow_lone_name``
    (the caller knows it sits in the head, after the title).
    """
    text = line.strip().strip("*_").strip()
    if len(text) > 120:
        return None
    match = _BY.match(text)
    if match:
        value = match.group("name").strip().rstrip(".")
        cut = _BYLINE_TAIL.search(value)
        name, rest = (value[: cut.start()], value[cut.end() :]) if cut else (value, "")
        # "By Thursday night, several dozen..." is a sentence, not a byline.
        if not (_LONE_NAME.match(name) or re.fullmatch(r"[A-Z][A-Z .'’-]{3,60}", name)):
            return None
        rest = rest.strip().rstrip(".")
        if rest and not re.fullmatch(r"[A-Z][\w .&'’-]*", rest):
            return None  # "By Early Tuesday, officials had ..." goes on as a sentence
        if rest and looks_like_outlet(rest, loose=True):
            return Byline(name, rest)
        if rest and _is_person(rest) and not _BYLINE_TAIL.search(rest):
            return Byline(f"{name}, {rest}")  # a second author
        return Byline(name)
    if (
        allow_lone_name
        and _LONE_NAME.match(text)
        and len(text.split()) <= 12
        and not any(word.lower() in _NOT_IN_NAMES for word in text.split())
    ):
        return Byline(text)
    return None


def byline_of(line: str, *, allow_lone_name: bool) -> str | None:
    """The author(s) a byline names: "By Anne Barnard" -> "Anne Barnard"."""
    found = byline_parts(line, allow_lone_name=allow_lone_name)
    return found.name if found else None


def outlet_of(line: str) -> str | None:
    """The outlet a "Source: X" / "Originally published by X" line names."""
    match = _OUTLET.match(line.strip())
    return match.group("outlet").strip() if match else None


@dataclass(frozen=True, slots=True)
class SourceDate:
    """A head line naming a source and a date: "Island Herald - September 11, 2024".

    ``outlet`` or ``person`` is set when the name is one (a place, as in
    "LONDON, 12 March 2024", gives neither).
    """

    date: DateLine
    outlet: str | None = None
    person: str | None = None


#: "Sunday, July 31, 2011" is a date line whose weekday is not a source.
_WEEKDAY = re.compile(
    r"^(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?$", re.IGNORECASE
)
#: Between the name and the date: a spaced dash, a bar or a middle dot
#: (spaced or not), or a comma.
_SOURCE_DATE_SEP = re.compile(r"\s+[-—–/]\s+|\s*[|·•]\s*|,\s+")


def source_date_of(line: str) -> SourceDate | None:
    """ "<Outlet> - <date>", "<Outlet>, <date>", "<date> | <Outlet>" and the like.

    After a comma the name is often a place ("Athens, Sept. 11, 2024"), so there
    an outlet needs evidence (:func:`looks_like_outlet` without ``loose``);
    after a dash or bar a capitalised name that is not a person's is the outlet.
    """
    text = line.strip().strip("*_").strip()
    if len(text) > 120 or not any(ch.isdigit() for ch in text):
        return None
    for sep in _SOURCE_DATE_SEP.finditer(text):
        left, right = text[: sep.start()].strip(), text[sep.end() :].strip()
        for name, when in ((left, right), (right, left)):
            if not name or not _proper_phrase(name) or _WEEKDAY.match(name):
                continue
            parsed = parse_date_line(when)
            if parsed is None:
                continue
            loose = "," not in sep.group()
            if looks_like_outlet(name, loose=loose):
                return SourceDate(parsed, outlet=name)
            if len(name.split()) > 1 and _is_person(name):
                return SourceDate(parsed, person=name)
            return SourceDate(parsed)
    return None


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def author_name(value: str | None) -> str | None:
    """A person's name from an author field: RSS's "desk@x.example (Anna Leclerc)",
    "Anna Leclerc <anna@x.example>", "By Anna Leclerc"; None for a bare address."""
    if value is None:
        return None
    text = " ".join(value.split())
    if _EMAIL.search(text):
        inside = re.search(r"\(([^()]*)\)", text)
        if inside and not _EMAIL.search(inside.group(1)):
            text = inside.group(1)
        else:
            text = re.sub(r"<[^<>]*>|\([^()]*\)", " ", text)
            text = _EMAIL.sub(" ", text)
        text = " ".join(text.split()).strip(" ,;:<>()\"'")
    if not text:
        return None
    found = byline_parts(text, allow_lone_name=False) if _BY.match(text) else None
    return found.name if found else text


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
