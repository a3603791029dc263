"""Shared ground of the time-expression rules: the context a normaliser sees,
calendar arithmetic, the rule registry and the regex fragments the rules share.

Split from :mod:`storyline.timeline.timex.finder` to keep modules readable; the rules live in
:mod:`storyline.timeline.timex.dates` (calendar names and numbers) and
:mod:`storyline.timeline.timex.relative` (deictic, relative, durations and sets).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from storyline.records import TimexType
from storyline.text.numbers import CARDINALS
from storyline.timeline.timex.lexicon import MONTHS, Tense, tense_at

__all__ = [
    "DAYNUM",
    "EARLYLATE",
    "EL_WORDS",
    "MOD",
    "NEAREST_DAYS",
    "PAST_SLACK_DAYS",
    "RULES",
    "SPELLED_YEAR",
    "YEAR",
    "B",
    "Ctx",
    "E",
    "Handler",
    "Result",
    "cap_ok",
    "fmt",
    "month_number",
    "resolve_month",
    "resolve_monthday",
    "resolve_weekday",
    "rule",
    "shift",
    "spelled_year",
    "valid",
    "year_of",
]


@dataclass(slots=True)
class Ctx:
    """What a normaliser may look at: the text, the anchor and the narrative."""

    text: str
    anchor: dt.date | None
    last_day: dt.date | None  # last day-level date mentioned so far
    last_quarter: tuple[int, int] | None  # last (year, quarter) mentioned so far
    #: the last month and the last year the text named, at any finer grain
    #: too ("June 1998" sets both, "1998" only the year): what "that year",
    #: "the following month" count from
    last_month: dt.date | None = None
    last_year: int | None = None

    def narrative_base(self, unit: str) -> dt.date | None:
        """The last date the text gave that is fine enough for ``unit``."""
        if unit == "Y" and self.last_year is not None:
            return dt.date(self.last_year, 1, 1)
        if unit in ("Y", "M") and self.last_month is not None:
            return self.last_month
        return self.last_day

    def tense(self, start: int, end: int) -> Tense:
        while end > start and self.text[end - 1] in ".,;:":
            end -= 1  # a full stop inside the match still ends the sentence
        return tense_at(self.text, start, end)


Result = tuple[TimexType, str] | None
Handler = Callable[[re.Match[str], Ctx], Result]

# --------------------------------------------------------------------------
# calendar arithmetic


def shift(day: dt.date, unit: str, n: float) -> dt.date:
    """``day`` moved by ``n`` units (D, W, M, Q, Y, E=decade); months clamp."""
    try:
        if unit == "D":
            return day + dt.timedelta(days=round(n))
        if unit == "W":
            return day + dt.timedelta(days=round(7 * n))
    except OverflowError:
        return day
    months = {"M": 1, "Q": 3, "Y": 12, "E": 120, "C": 1200}.get(unit)
    if months is None:
        return day
    total = day.year * 12 + day.month - 1 + round(n * months)
    year, month = divmod(total, 12)
    month += 1
    year = max(1, min(9999, year))
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def fmt(day: dt.date, unit: str) -> str:
    """A date at the granularity of ``unit``, as a TIMEX3 value."""
    if unit in ("D", "H"):
        return day.isoformat()
    if unit == "W":
        iso = day.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if unit == "M":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "Q":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if unit == "E":
        return f"{day.year // 10:03d}"
    if unit == "C":
        return f"{day.year // 100:02d}"
    return f"{day.year:04d}"


def resolve_weekday(weekday: int, anchor: dt.date, tense: Tense) -> dt.date:
    """The date of a bare weekday name (Monday=0) seen from ``anchor``.

    Same weekday as the anchor -> the anchor itself; future tense looks
    forward, anything else looks back (news reports mostly tell the past).
    """
    if tense == "future":
        return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


#: A bare month (or month and day) later in the year than the anchor is read
#: as last year's only when the tense is past *and* it lies more than this many
#: days ahead: "Nov. 6" in a late-October report is next week's meeting even
#: when a past-tense verb is nearby (the tense guess is a cheap one).  Measured
#: on TimeBank value F1: 0 days 78.4, 30 days 79.6, 60 days 80.1, 120 days 80.0.
PAST_SLACK_DAYS = 60
#: With no tense to go by, or only a present tense ("is payable Jan. 2",
#: "worth $130 million in October"), a month or date is its nearest occurrence:
#: more than this many days behind the anchor it is next year's ("in January"
#: in an October report), more than this many ahead last year's.  Half a year
#: is the plain "nearest" reading.  Value F1 TimeBank/AQUAINT with present
#: tense included: 150-210 days 80.8/76.7, 240 80.7/76.7, 270 80.6/76.5
#: (present tense read as "this year", as before: 80.4/76.5 at 240).
NEAREST_DAYS = 183


def resolve_month(month: int, anchor: dt.date, tense: Tense) -> int:
    """The year of a bare month name seen from ``anchor`` given the tense."""
    return resolve_monthday(month, 1, anchor, tense, month_only=True)


def resolve_monthday(
    month: int, day: int, anchor: dt.date, tense: Tense, *, month_only: bool = False
) -> int:
    this_year = dt.date(anchor.year, month, min(day, 28))
    if month_only and month == anchor.month:
        return anchor.year
    ahead = (this_year - anchor).days
    if tense == "past" and ahead > PAST_SLACK_DAYS:
        return anchor.year - 1
    if tense == "future" and ahead < -PAST_SLACK_DAYS:
        return anchor.year + 1
    if tense in (None, "present") and ahead < -NEAREST_DAYS:
        return anchor.year + 1
    if tense in (None, "present") and ahead > NEAREST_DAYS:
        return anchor.year - 1
    return anchor.year


def valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def year_of(token: str) -> int | None:
    """A year written as 1998, '98 or 98 (two digits only after an apostrophe)."""
    token = token.strip().lstrip("'’")
    if not token.isdigit():
        return None
    value = int(token)
    if len(token) == 2:
        return 1900 + value if value > 30 else 2000 + value
    return value


# --------------------------------------------------------------------------
# rules

RULES: list[tuple[re.Pattern[str], Handler, TimexType | None]] = []


def rule(pattern: str, *, flags: int = re.IGNORECASE) -> Callable[[Handler], Handler]:
    compiled = re.compile(pattern, flags | re.VERBOSE)

    def register(handler: Handler) -> Handler:
        RULES.append((compiled, handler, None))
        return handler

    return register


B = r"(?<![\w$£€])"  # left word boundary that also refuses currency
E = r"(?![\w%])"  # right word boundary that refuses percentages
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
DAYNUM = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
MOD = (
    r"(?:(?:nearly|almost|about|around|roughly|approximately|some|just|only|"
    r"(?:no\s+)?(?:more|less|fewer)\s+than|at\s+least|at\s+most|up\s+to|over|under|"
    r"within|barely|well\s+over)\s+)"
)
EL_WORDS = (
    r"(?:early|late|mid|the\s+middle\s+of|the\s+end\s+of|the\s+beginning\s+of|"
    r"the\s+start\s+of|end\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of)"
)
EARLYLATE = rf"(?:{EL_WORDS}[\s-]+)"


#: A year said in words, as broadcast transcripts write it: "nineteen
#: ninety-four", "nineteen eighty".  Only the century-and-tens form: "two
#: thousand" alone is a number far more often than a year.
SPELLED_YEAR = (
    r"(?:nineteen|eighteen|twenty)[\s-]+(?:ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    r"ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?"
)


def spelled_year(words: str) -> int | None:
    """1994 for "nineteen ninety-four"; None when ``words`` is not such a year."""
    parts = re.split(r"[\s-]+", words.strip().lower())
    if len(parts) not in (2, 3) or any(p not in CARDINALS for p in parts):
        return None
    century, tens = CARDINALS[parts[0]], CARDINALS[parts[1]]
    ones = CARDINALS[parts[2]] if len(parts) == 3 else 0
    if not (10 <= century <= 20 and 10 <= tens <= 90 and ones < 10):
        return None
    return century * 100 + tens + ones


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def cap_ok(word: str) -> bool:
    """Month and weekday names must be capitalised unless unambiguous: "may",
    "march", "sun" and friends are ordinary words in lower case."""
    return word[:1].isupper()
