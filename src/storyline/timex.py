"""Time expressions: find them in plain text and normalise them to TIMEX3 values.

Rule-based, in the spirit of HeidelTime: each rule is a regular expression over
the raw text with a normaliser.  Rules overlap; the longest match wins.  This
module needs nothing but the standard library, so it runs fast on plain text
(the timeline stage and the benchmark call it thousands of times).

Relative expressions are resolved against an *anchor* (the article's date) or,
for "the next day", "two days later" and the like, against the last day-level
date the text itself mentioned.  Where the calendar cannot decide (a bare
weekday or month name), the tense of the surrounding words does: past tense
looks back from the anchor, future looks forward, and a weekday equal to the
anchor's weekday is the anchor's own day ("on Thursday" in a Thursday report).

Values follow TIMEX3 (TimeML 1.2): ``2015-05-20``, ``2015-05``, ``2015``,
``2015-W21``, ``2015-Q2``, ``2015-SU``, ``201`` (a decade), ``P9M``,
``PT24H``, ``PRESENT_REF``, ``2015-05-20TEV``, ``XXXX-05-20`` when the year
is unknown.  :mod:`storyline.timex_lexicon` holds the word lists.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from storyline.records import TimeRef, TimexType
from storyline.timex_lexicon import (
    DAYPART,
    DAYPART_RE,
    MONTH_RE,
    MONTHS,
    NUMBER_RE,
    SEASON_RE,
    SEASONS,
    UNIT_RE,
    WEEKDAY_RE,
    WEEKDAYS,
    Tense,
    number_value,
    tense_at,
    unit_code,
)

__all__ = ["find_timexes", "resolve_month", "resolve_weekday", "shift"]


@dataclass(slots=True)
class _Ctx:
    """What a normaliser may look at: the text, the anchor and the narrative."""

    text: str
    anchor: dt.date | None
    last_day: dt.date | None  # last day-level date mentioned so far
    last_quarter: tuple[int, int] | None  # last (year, quarter) mentioned so far

    def tense(self, start: int, end: int) -> Tense:
        while end > start and self.text[end - 1] in ".,;:":
            end -= 1  # a full stop inside the match still ends the sentence
        return tense_at(self.text, start, end)


Result = tuple[TimexType, str] | None
Handler = Callable[[re.Match[str], _Ctx], Result]


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
#: when a past-tense verb is nearby (the tense guess is a cheap one).  60 days
#: measured on TimeBank: 0 -> value accuracy -1.3 points, 30..90 flat.
PAST_SLACK_DAYS = 60
#: With no tense to go by, a month more than this many days behind the anchor
#: is taken to be next year's ("in January" in an October report).
NEAREST_DAYS = 240


def resolve_month(month: int, anchor: dt.date, tense: Tense) -> int:
    """The year of a bare month name seen from ``anchor`` given the tense."""
    return _resolve_monthday(month, 1, anchor, tense, month_only=True)


def _resolve_monthday(
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
    if tense is None and ahead < -NEAREST_DAYS:
        return anchor.year + 1
    return anchor.year


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _year_of(token: str) -> int | None:
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

_RULES: list[tuple[re.Pattern[str], Handler, TimexType | None]] = []


def _rule(pattern: str, *, flags: int = re.IGNORECASE) -> Callable[[Handler], Handler]:
    compiled = re.compile(pattern, flags | re.VERBOSE)

    def register(handler: Handler) -> Handler:
        _RULES.append((compiled, handler, None))
        return handler

    return register


_B = r"(?<![\w$£€])"  # left word boundary that also refuses currency
_E = r"(?![\w%])"  # right word boundary that refuses percentages
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_DAYNUM = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
_MOD = (
    r"(?:(?:nearly|almost|about|around|roughly|approximately|some|just|only|"
    r"(?:no\s+)?(?:more|less|fewer)\s+than|at\s+least|at\s+most|up\s+to|over|under|"
    r"within|barely|well\s+over)\s+)"
)
_EL_WORDS = (
    r"(?:early|late|mid|the\s+middle\s+of|the\s+end\s+of|the\s+beginning\s+of|"
    r"the\s+start\s+of|end\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of)"
)
_EARLYLATE = rf"(?:{_EL_WORDS}[\s-]+)"


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _cap_ok(word: str) -> bool:
    """Month and weekday names must be capitalised unless unambiguous: "may",
    "march", "sun" and friends are ordinary words in lower case."""
    return word[:1].isupper()


@_rule(rf"{_B}(?P<y>\d{{4}})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:T(?P<h>[0-2]\d):(?P<mi>[0-5]\d))?{_E}")
def _iso(m: re.Match[str], ctx: _Ctx) -> Result:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not _valid(y, mo, d):
        return None
    if m["h"]:
        return "TIME", f"{y:04d}-{mo:02d}-{d:02d}T{m['h']}:{m['mi']}"
    return "DATE", f"{y:04d}-{mo:02d}-{d:02d}"


@_rule(
    rf"{_B}(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>\d{{4}}|\d{{2}}){_E}(?!\.\d)"
)
def _numeric(m: re.Match[str], ctx: _Ctx) -> Result:
    a, b = int(m["a"]), int(m["b"])
    year = _year_of(m["y"])
    if year is None:
        return None
    # month first (US) unless that is impossible; 21/05/2015 is day first
    month, day = (a, b) if a <= 12 else (b, a)
    if not _valid(year, month, day):
        return None
    return "DATE", f"{year:04d}-{month:02d}-{day:02d}"


_MONTHDAY = rf"""
    (?:(?P<wd>{WEEKDAY_RE})\.?,?\s+)?
    (?:
      (?P<mon>{MONTH_RE})\.?\s+(?P<day>{_DAYNUM})(?:,?\s+(?P<year>{_YEAR}))?
    | (?:the\s+)?(?P<day2>{_DAYNUM})(?:\s+of)?\s+(?P<mon2>{MONTH_RE})\.?(?:,?\s+(?P<year2>{_YEAR}))?
    )
"""


@_rule(rf"{_B}{_EARLYLATE}?{_MONTHDAY}{_E}")
def _month_day(m: re.Match[str], ctx: _Ctx) -> Result:
    mon = m["mon"] or m["mon2"]
    if not _cap_ok(mon):
        return None
    month = _month(mon)
    day = int(re.sub(r"\D", "", m["day"] or m["day2"]))
    year_s = m["year"] or m["year2"]
    if year_s:
        year = int(year_s)
    elif ctx.anchor is not None:
        year = _resolve_monthday(month, day, ctx.anchor, ctx.tense(m.start(), m.end()))
    else:
        return ("DATE", f"XXXX-{month:02d}-{day:02d}") if 1 <= day <= 31 else None
    if not _valid(year, month, day):
        return None
    return "DATE", f"{year:04d}-{month:02d}-{day:02d}"


@_rule(
    rf"{_B}(?P<pre>(?:last|next|this|that|(?:the\s+)?(?:past|previous|coming|following)|{_EL_WORDS})[\s-]+)?"
    rf"(?P<mon>{MONTH_RE})\.?(?:,?\s+(?:of\s+)?(?P<year>{_YEAR}|'\d\d))?{_E}"
)
def _month_year(m: re.Match[str], ctx: _Ctx) -> Result:
    word = m["mon"]
    if not _cap_ok(word):
        return None
    month = _month(word)
    pre = (m["pre"] or "").strip().lower()
    if word.lower() in ("may", "march") and not (m["year"] or pre):
        # "May" is a modal and "March" a verb/noun at a sentence start; keep
        # them only where the neighbours say month ("in May", "May 2015").
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if not re.search(
            r"\b(in|since|until|till|by|from|of|early|late|mid|last|next|this|through|to|before|after|during)\s+$",
            before,
        ):
            return None
    if m["year"]:
        year = _year_of(m["year"])
        assert year is not None
        return "DATE", f"{year:04d}-{month:02d}"
    if ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}"
    tense: Tense = ctx.tense(m.start(), m.end())
    if pre.startswith("last") or "past" in pre or "previous" in pre:
        tense = "past"
        year = ctx.anchor.year - 1 if month >= ctx.anchor.month else ctx.anchor.year
        return "DATE", f"{year:04d}-{month:02d}"
    if pre.startswith("next") or "coming" in pre or "following" in pre:
        year = ctx.anchor.year + 1 if month <= ctx.anchor.month else ctx.anchor.year
        return "DATE", f"{year:04d}-{month:02d}"
    if pre == "this":
        return "DATE", f"{ctx.anchor.year:04d}-{month:02d}"
    return "DATE", f"{resolve_month(month, ctx.anchor, tense):04d}-{month:02d}"


@_rule(
    rf"{_B}(?:(?P<pre>{_EL_WORDS}|fiscal|calendar|the\s+year|(?:the\s+)?(?:fiscal|calendar)\s+year)[\s-]+)?"
    rf"(?P<year>{_YEAR}){_E}(?!\s*(?:%|percent|per\s*cent|people|persons|men|women|troops|soldiers|dollars|euros|pounds|tons|tonnes|metres|meters|feet|miles|km|kilometers|kilometres|acres|votes|seats|units|shares|cars|\.\d|,\d))"
)
def _year(m: re.Match[str], ctx: _Ctx) -> Result:
    year = int(m["year"])
    before = ctx.text[max(0, m.start() - 2) : m.start()]
    if re.search(r"[\d,.:]\s?$", before) and not before.endswith(", "):
        return None  # part of a larger number, a ratio or a time
    if ctx.text[m.start() - 1 : m.start()] in ("#", "-", "/"):
        return None
    return "DATE", f"{year:04d}"


@_rule(
    rf"{_B}(?:the\s+)?(?:(?P<pre>early|late|mid|middle)[\s-]+)?(?P<y>1[5-9]\d|20\d)0'?s{_E}|{_B}(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?['’](?P<yy>\d)0s{_E}"
)
def _decade(m: re.Match[str], ctx: _Ctx) -> Result:
    if m["y"]:
        return "DATE", m["y"]
    return "DATE", f"19{m['yy']}"


_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


@_rule(
    r"\b(?:the\s+)?(?P<ord>(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
    r"eighteenth|nineteenth|twentieth|twenty-first))\s+century\b"
)
def _century(m: re.Match[str], ctx: _Ctx) -> Result:
    words = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
        "twenty-first",
    ]
    o = m["ord"].lower()
    n = int(re.sub(r"\D", "", o)) if o[0].isdigit() else words.index(o) + 1
    return "DATE", f"{n - 1:02d}"


@_rule(
    rf"{_B}(?:(?:(?P<pt1>\d{{1,2}}(?::\d\d)?\s*(?:[ap]\.?m\b\.?)|noon|midnight|midday)\s+(?:\w{{2,4}}\s+)?(?:on\s+)?)?)"
    rf"(?P<pre>(?:last|next|this|that|(?:the\s+)?(?:previous|following|coming|past))\s+)?"
    rf"(?:(?P<el>early|late|mid)[\s-]+)?"
    rf"(?P<wd>{WEEKDAY_RE})\.?"
    rf"(?:\s+(?P<dp>{DAYPART_RE})|,?\s+(?:at\s+)?(?P<pt2>\d{{1,2}}(?::\d\d)?\s*(?:[ap]\.?m\b\.?)|noon|midnight))?"
    rf"(?P<plural>s)?{_E}"
)
def _weekday(m: re.Match[str], ctx: _Ctx) -> Result:
    word = m["wd"]
    if not _cap_ok(word):
        return None
    wd = WEEKDAYS[word.lower().rstrip(".")]
    part = DAYPART.get((m["dp"] or "").lower(), "")
    if m["plural"] or ctx.text[max(0, m.start() - 6) : m.start()].lower().strip() in (
        "every",
        "each",
    ):
        return "SET", f"XXXX-WXX-{wd + 1}{'T' + part if part else ''}"
    clock = _clock(m["pt1"] or m["pt2"] or "")
    if ctx.anchor is None:
        base = f"XXXX-WXX-{wd + 1}"
        return ("TIME", f"{base}T{clock}") if clock else ("DATE", base)
    pre = (m["pre"] or "").strip().lower()
    if pre.startswith("last") or "previous" in pre or "past" in pre:
        day = ctx.anchor - dt.timedelta(days=(ctx.anchor.weekday() - wd - 1) % 7 + 1)
    elif pre.startswith("next") or "following" in pre or "coming" in pre:
        day = ctx.anchor + dt.timedelta(days=(wd - ctx.anchor.weekday() - 1) % 7 + 1)
    else:
        day = resolve_weekday(wd, ctx.anchor, ctx.tense(m.start(), m.end()))
    if clock:
        return "TIME", f"{day.isoformat()}T{clock}"
    if part:
        # TimeBank types "Wednesday night" DATE (6 of 6), keeping the part code
        return "DATE", f"{day.isoformat()}T{part}"
    return "DATE", day.isoformat()


def _clock(s: str) -> str:
    s = s.lower().strip()
    if not s:
        return ""
    if s in ("noon", "midday"):
        return "12:00"
    if s == "midnight":
        return "24:00"
    mm = re.match(r"(\d{1,2})(?::(\d\d))?\s*([ap])", s)
    if not mm:
        return ""
    hour = int(mm[1]) % 12 + (12 if mm[3] == "p" else 0)
    return f"{hour:02d}:{mm[2] or '00'}"


@_rule(
    rf"{_B}(?:(?:about|around|approximately)\s+)?(?P<t>\d{{1,2}}(?::\d\d)?\s*[ap]\.?m\b\.?|\d{{1,2}}:\d\d|noon|midnight|midday)"
    rf"(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|local\s+time))?"
    rf"(?:,?\s+(?P<when>today|yesterday|tomorrow|tonight))?"
)
def _time(m: re.Match[str], ctx: _Ctx) -> Result:
    clock = _clock(m["t"]) or m["t"]
    if not re.fullmatch(r"[0-2]\d:[0-5]\d", clock):
        return None
    if ctx.anchor is None:
        return "TIME", f"T{clock}"
    day = ctx.anchor + dt.timedelta(
        days={"yesterday": -1, "tomorrow": 1}.get((m["when"] or "").lower(), 0)
    )
    return "TIME", f"{day.isoformat()}T{clock}"


_DEICTIC = {
    "today": "D0",
    "tonight": "D0NI",
    "yesterday": "D-1",
    "tomorrow": "D1",
    "now": "PRESENT_REF",
    "right now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "current": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "presently": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "so far": None,
    "recently": "PAST_REF",
    "recent": "PAST_REF",
    "lately": "PAST_REF",
    "once": None,
    "the past": "PAST_REF",
    "recent years": "PXY",
    "recent days": "PXD",
    "recent weeks": "PXW",
    "recent months": "PXM",
    "the future": "FUTURE_REF",
    "soon": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "the short term": "FUTURE_REF",
    "the long term": "FUTURE_REF",
    "shortly": "FUTURE_REF",
    "the near term": "FUTURE_REF",
    "coming days": "PXD",
    "coming weeks": "PXW",
    "coming months": "PXM",
    "coming years": "PXY",
    "the coming days": "PXD",
    "the coming weeks": "PXW",
    "the coming months": "PXM",
    "the coming years": "PXY",
}


@_rule(
    r"\b(?:(?P<dp1>this|yesterday|tomorrow|last)\s+(?P<part>morning|afternoon|evening|night)|"
    r"(?P<w>right\s+now|now|today|tonight|yesterday|tomorrow|currently|current|at\s+present|"
    r"presently|these\s+days|nowadays|recently|recent\s+(?:years|days|weeks|months)|recent|lately|"
    r"the\s+past|the\s+near\s+future|the\s+future|the\s+(?:short|near|long)\s+term|soon|shortly|"
    r"(?:the\s+)?coming\s+(?:days|weeks|months|years)))"
    r"(?P<poss>['’]s)?\b"
)
def _deictic(m: re.Match[str], ctx: _Ctx) -> Result:
    if m["part"]:
        shift_days = {"this": 0, "yesterday": -1, "tomorrow": 1, "last": -1}[m["dp1"].lower()]
        code = DAYPART[m["part"].lower()]
        if m["dp1"].lower() == "last" and code != "NI":
            return None
        if ctx.anchor is None:
            return "TIME", f"XXXX-XX-XXT{code}"
        return "TIME", f"{(ctx.anchor + dt.timedelta(days=shift_days)).isoformat()}T{code}"
    word = re.sub(r"\s+", " ", m["w"].lower())
    code = _DEICTIC.get(word)
    if code is None:
        return None
    if m["w"][0].isupper() and re.search(
        r"\b[A-Z][\w.]*\s+$", ctx.text[max(0, m.start() - 20) : m.start()]
    ):
        before = ctx.text[max(0, m.start() - 3) : m.start()]
        if not re.search(r"[.!?\"“]\s*$", before):
            return None  # part of a name: "USA Today", "Russia Today"
    if word == "tomorrow" and re.match(
        r"\s+(?:holds|brings|will\s+bring|may\s+bring)\b", ctx.text[m.end() : m.end() + 16]
    ):
        return None  # "what tomorrow holds": the future in general, not a day
    if word in ("current", "recent"):
        # adjectives TimeBank marks ("current prices", "recent gains"), but not
        # "current account", "futures" or a "recent" that is part of a name
        after = ctx.text[m.end() : m.end() + 12].lower()
        if re.match(r"(?:s\b|ly\b|\s+(?:account|affairs|events?|generation|tense))", after):
            return None
    if code.startswith("PX"):
        return "DURATION", code
    if code.startswith("D"):
        if ctx.anchor is None:
            return "DATE", "XXXX-XX-XX"
        night = code.endswith("NI")
        day = ctx.anchor + dt.timedelta(days=int(code[1:].replace("NI", "")))
        return ("TIME", f"{day.isoformat()}TNI") if night else ("DATE", day.isoformat())
    return "DATE", code


_REL_UNITS = r"(?P<unit>week(?:end)?|month|year|quarter|decade|century|fortnight|day)"


@_rule(
    rf"\b(?:(?P<el>early|late|earlier|later|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
    rf"the\s+middle\s+of|end\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of|the\s+rest\s+of|the\s+remainder\s+of)[\s-]+)?"
    rf"(?P<rel>last|next|this|the\s+past|the\s+previous|the\s+current|the\s+coming|the\s+following|the\s+same|that|the)"
    rf"(?:\s+(?P<fiscal>fiscal|calendar))?\s+{_REL_UNITS}(?P<poss>['’]s)?\b(?!-)"
)
def _relative_unit(m: re.Match[str], ctx: _Ctx) -> Result:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = unit_code(m["unit"])
    el = (m["el"] or "").lower()
    if rel == "the" and unit in ("D", "C", "E", "F"):
        return None
    if rel in ("the past", "the coming") and not el:
        # "the past year" is a span of time reaching now: TimeBank marks it a duration
        return "DURATION", f"P1{unit if unit != 'F' else 'W'}" if unit not in ("E", "C") else (
            "P10Y" if unit == "E" else "P100Y"
        )
    if unit == "F":
        unit, n = "W", 2
    else:
        n = 1
    step = {"last": -1, "the previous": -1, "next": 1, "the coming": 1, "the following": 1}.get(
        rel, 0
    )
    if el in ("earlier", "later") and rel not in ("this", "the"):
        pass
    if rel in ("the following", "the previous", "the same", "that") and ctx.last_day is not None:
        base = ctx.last_day
    elif ctx.anchor is not None:
        base = ctx.anchor
    else:
        return "DATE", {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Q": "XXXX-QX"}.get(
            unit, "XXXX"
        )
    if unit == "Q" and rel == "the" and ctx.last_quarter is not None:
        y, q = ctx.last_quarter
        return "DATE", f"{y:04d}-Q{q}"
    if unit == "Q" and rel == "the" and base.month <= 3:
        step = -1  # "the quarter" in a report is the last one finished
    elif unit == "Q" and rel == "the":
        step = -1
    if rel == "the" and unit == "Y" and not el:
        # "the year" / "the fiscal year" in a report is mostly the span (TimeBank: 8 of 12)
        return "DURATION", "P1Y"
    if m["unit"].lower() == "weekend" and step == 0:
        # the weekend just past, or the coming one when the verb says future
        back = ctx.tense(m.start(), m.end()) != "future" and base.weekday() < 5
        day = base - dt.timedelta(days=7) if back else base
        iso = day.isocalendar()
        return "DATE", f"{iso[0]:04d}-W{iso[1]:02d}-WE"
    day = shift(base, unit, step * n)
    if m["unit"].lower() == "weekend":
        iso = day.isocalendar()
        return "DATE", f"{iso[0]:04d}-W{iso[1]:02d}-WE"
    value = fmt(day, unit)
    if "first half" in el:
        value = f"{day.year:04d}-H1" if unit == "Y" else value
    elif "second half" in el:
        value = f"{day.year:04d}-H2" if unit == "Y" else value
    return "DATE", value


@_rule(
    rf"{_B}(?:the\s+)?(?:(?P<mod>this|last|next|fiscal|(?:this|last|next)\s+year['’]s|(?P<qy>{_YEAR})(?:['’]s)?|"
    rf"the\s+latest|latest|the\s+current|current|the\s+previous|previous|the\s+same|the\s+year-(?:earlier|ago)|year-(?:earlier|ago))"
    rf"[\s-]+)?(?:fiscal[\s-]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?quarter"
    rf"(?:\s+(?:of\s+)?(?:(?P<year>{_YEAR})|(?P<rel>this|last|next)\s+year))?{_E}"
)
def _quarter(m: re.Match[str], ctx: _Ctx) -> Result:
    q = _ORD[m["ord"].lower()]
    mod = (m["mod"] or "").lower()
    if m["year"] or m["qy"]:
        year = int(m["year"] or m["qy"])
    elif ctx.anchor is None:
        return "DATE", f"XXXX-Q{q}"
    else:
        cq = (ctx.anchor.month - 1) // 3 + 1
        rel = (m["rel"] or "").lower() or mod.split()[0] if mod else (m["rel"] or "").lower()
        if rel.startswith("last") or "year-" in mod:
            year = ctx.anchor.year - 1
        elif rel.startswith("next"):
            year = ctx.anchor.year + 1
        elif rel.startswith("this"):
            year = ctx.anchor.year
        else:
            tense = ctx.tense(m.start(), m.end())
            year = ctx.anchor.year
            if q > cq and tense != "future":
                year -= 1
            elif q == cq and tense == "past" and ctx.anchor.month % 3 == 1 and ctx.anchor.day < 20:
                year -= 1
    if "year-" not in mod:
        ctx.last_quarter = (year, q)
    return "DATE", f"{year:04d}-Q{q}"


@_rule(
    r"\b(?:the\s+)?(?:(?P<which>latest|current|most\s+recent|previous|prior|comparable|corresponding|same|"
    r"year[\s-]+(?:earlier|ago)|year-(?:earlier|ago)|(?:comparable|corresponding|same)\s+year-(?:earlier|ago))\s+)"
    r"(?P<what>quarter|period|three\s+months)(?P<tail>\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year|of\s+last\s+year))?\b"
)
def _named_quarter(m: re.Match[str], ctx: _Ctx) -> Result:
    which = re.sub(r"\s+", " ", m["which"].lower())
    back = 1 if ("year" in which or m["tail"]) else 0
    if m["what"].lower() == "period" and ctx.last_quarter is None:
        return None
    if ctx.last_quarter is not None:
        y, q = ctx.last_quarter
    elif ctx.anchor is not None:
        prev = shift(ctx.anchor, "Q", -1)
        y, q = prev.year, (prev.month - 1) // 3 + 1
    else:
        return "DATE", "XXXX-QX"
    if which in ("previous", "prior"):
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    return "DATE", f"{y - back:04d}-Q{q}"


@_rule(r"\b(?P<w>year[\s-]+(?:earlier|ago))\b(?!\s+(?:quarter|period|three))")
def _year_ago_adj(m: re.Match[str], ctx: _Ctx) -> Result:
    before = ctx.text[max(0, m.start() - 3) : m.start()].lower()
    if before.endswith("a ") or before.endswith("a"):
        return None
    if ctx.last_quarter is not None:
        return "DATE", f"{ctx.last_quarter[0] - 1:04d}-Q{ctx.last_quarter[1]}"
    if ctx.anchor is None:
        return "DATE", "XXXX"
    return "DATE", f"{ctx.anchor.year - 1:04d}"


@_rule(
    r"\b(?:(?:at|around|by|near)\s+)?(?P<w>year[\s-]end|year['’]s\s+end|the\s+end\s+of\s+the\s+year|the\s+full\s+year)\b"
)
def _year_end(m: re.Match[str], ctx: _Ctx) -> Result:
    if ctx.anchor is None:
        return "DATE", "XXXX"
    return "DATE", f"{ctx.anchor.year:04d}"


_SPELLED_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_SPELLED_TENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}


@_rule(
    r"\b(?:the\s+year\s+)?(?P<c>nineteen|eighteen|twenty)[\s-]+(?P<t>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?P<u>one|two|three|four|five|six|seven|eight|nine))?\b"
    r"|\b(?:the\s+year\s+)?(?P<tt>two\s+thousand)(?:(?:\s+and)?[\s-]+(?P<u2>one|two|three|four|five|six|seven|eight|nine|ten))?\b"
)
def _spelled_year(m: re.Match[str], ctx: _Ctx) -> Result:
    if m["tt"]:
        if not m[0].lower().startswith("the year") and not m["u2"]:
            return None
        return (
            "DATE",
            f"{2000 + _SPELLED_UNITS.get((m['u2'] or '').lower(), 0 if not m['u2'] else 10):04d}",
        )
    century = _SPELLED_TENS[m["c"].lower()]
    return (
        "DATE",
        f"{century * 100 + _SPELLED_TENS[m['t'].lower()] + _SPELLED_UNITS.get((m['u'] or '').lower(), 0):04d}",
    )


@_rule(
    rf"{_B}(?:the\s+)?(?P<ord>first|second|last)\s+half(?:\s+of\s+(?:(?P<year>{_YEAR})|(?P<rel>this|last|next)\s+year|the\s+year))?\b"
)
def _half(m: re.Match[str], ctx: _Ctx) -> Result:
    h = 1 if m["ord"].lower() == "first" else 2
    if m["year"]:
        year = int(m["year"])
    elif ctx.anchor is None:
        return "DATE", f"XXXX-H{h}"
    else:
        year = ctx.anchor.year + {"last": -1, "next": 1}.get((m["rel"] or "").lower(), 0)
    return "DATE", f"{year:04d}-H{h}"


@_rule(
    rf"\b(?:(?P<pre>last|next|this|this\s+past|this\s+coming|the|early|late|mid|(?:the\s+)?(?:early|late))[\s-]+)?"
    rf"(?P<season>{SEASON_RE})(?:\s+(?:of\s+)?(?P<year>{_YEAR}))?\b"
)
def _season(m: re.Match[str], ctx: _Ctx) -> Result:
    code = SEASONS[m["season"].lower()]
    pre = (m["pre"] or "").lower()
    if m["season"].lower() == "fall" and not (pre or m["year"]):
        return None  # the verb
    if m["year"]:
        return "DATE", f"{m['year']}-{code}"
    if ctx.anchor is None:
        return "DATE", f"XXXX-{code}"
    year = ctx.anchor.year
    order = ["SP", "SU", "FA", "WI"]
    now = order[((ctx.anchor.month - 3) % 12) // 3]
    past = pre.startswith("last") or "past" in pre
    if past and order.index(code) >= order.index(now):
        year -= 1
    elif pre.startswith("next") and order.index(code) <= order.index(now):
        year += 1
    elif not pre.startswith("this") and not past and not pre.startswith("next"):
        tense = ctx.tense(m.start(), m.end())
        if tense == "past" and order.index(code) > order.index(now):
            year -= 1
    return "DATE", f"{year:04d}-{code}"


@_rule(
    rf"{_B}{_MOD}?(?:the\s+|an?\s+(?!\d))?(?:(?:past|last|next|first|latest|coming|previous|following|final|remaining|initial|other)\s+)?(?P<num>{NUMBER_RE})[\s-]+(?:(?:more|other|full|long|straight|consecutive|additional)\s+)?{UNIT_RE}"
    rf"(?:\s+(?:or\s+so\s+)?(?P<dir>ago|earlier|later|before|after|hence|from\s+now|since)\b(?!\s+(?:the|a|an|he|she|it|they|we|his|her|its|their)\b))?"
    rf"(?P<old>-old)?"
)
def _duration(m: re.Match[str], ctx: _Ctx) -> Result:
    if m["old"] or re.match(r"[\s-]+old\b", ctx.text[m.end() : m.end() + 5]):
        return None  # an age ("a 6-year-old"): TimeBank leaves ages untagged
    unit = unit_code(m["unit"])
    n = number_value(m["num"])
    text = m[0].lower()
    if n == 0 or (n is not None and n >= 1000 and unit != "Y"):
        return None
    if unit == "Q" and re.search(r"(?:three|two|one|a)[\s-]+quarters?\s*$", text) and not m["dir"]:
        # "three-quarters of", "a quarter of the vote": fractions, not time
        following = ctx.text[m.end() : m.end() + 4].lower()
        if "-" in text or following.startswith(" of") or text.startswith(("a ", "an ")):
            return None
    if (
        n == 1
        and not m["dir"]
        and re.match(r"(?:a|an|per)\b", text)
        and re.search(
            r"(?:\d|million|billion|times|twice|once|thrice|dollars?|cents?|percent|%)\s*$",
            ctx.text[max(0, m.start() - 25) : m.start()].lower(),
        )
    ):
        return None  # a rate ("$5 a year"): the set rule takes it
    if unit == "F":
        unit, n = "W", (2 * n if n else None)
    direction = (m["dir"] or "").lower()
    if direction and direction not in ("since",):
        if direction in ("before", "after") and not re.match(
            r"\s*[,.;)]", ctx.text[m.end() : m.end() + 2] + " "
        ):
            direction = ""
    if direction and direction != "since":
        sign = -1 if direction in ("ago", "earlier", "before") else 1
        base = (
            ctx.anchor
            if direction in ("ago", "hence", "from now")
            else (ctx.last_day or ctx.anchor)
        )
        if base is None:
            return "DATE", "XXXX-XX-XX"
        if n is None:
            return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
        gran = {"H": "D", "S": "D", "T": "D"}.get(unit, unit)
        if unit in ("H", "S", "T"):
            return "DATE", base.isoformat()
        if (
            gran == "Y"
            and ctx.last_quarter is not None
            and re.search(r"quarter|period", ctx.text[max(0, m.start() - 150) : m.end() + 60], re.I)
        ):
            y, q = ctx.last_quarter
            return "DATE", f"{y - n:04d}-Q{q}"
        return "DATE", fmt(shift(base, gran, sign * n), gran)
    if re.search(
        r"\b(?:a|an|per|each|every)\s*$", ctx.text[max(0, m.start() - 6) : m.start()].lower()
    ):
        pass
    amount = "X" if n is None else _num(n)
    if unit in ("H", "T", "S"):
        return "DURATION", f"PT{amount}{'M' if unit == 'T' else unit}"
    if unit == "E":
        return "DURATION", f"P{'X' if n is None else _num(n * 10)}Y"
    if unit == "C":
        return "DURATION", f"P{'X' if n is None else _num(n * 100)}Y"
    if "weekend" in text:
        return "DURATION", f"P{amount}WE"
    return "DURATION", f"P{amount}{unit}"


def _num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


@_rule(
    rf"\b(?P<plural>years|months|weeks|days|hours|minutes|decades|centuries)\b(?!\s+(?:of\s+)?(?:old|ago))"
)
def _bare_plural(m: re.Match[str], ctx: _Ctx) -> Result:
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    if not re.search(
        r"\b(?:for|in|over|within|after|took|take|takes|last|lasted|past|few|many|several|recent)\s+$",
        before,
    ):
        return None
    unit = unit_code(m["plural"])
    if unit in ("H", "T"):
        return "DURATION", f"PTX{'M' if unit == 'T' else 'H'}"
    if unit == "E":
        return "DURATION", "PXE"
    if unit == "C":
        return "DURATION", "PXC"
    return "DURATION", f"PX{unit}"


@_rule(
    r"\b(?:(?P<adv>daily|nightly|weekly|monthly|annually|yearly|hourly)|"
    r"(?:every|each|per|a)\s+(?:(?P<n>other|two|three|four|five|six|\d+)\s+)?(?P<unit>second|minute|hour|day|night|week|month|quarter|year|decade|"
    r"morning|afternoon|evening|weekend|summer|winter|spring|fall|autumn))\b"
)
def _set(m: re.Match[str], ctx: _Ctx) -> Result:
    adv = (m["adv"] or "").lower()
    if adv:
        if adv in ("daily", "weekly", "monthly", "quarterly", "yearly") and re.match(
            r"\s+(?:newspaper|paper|magazine|mail|news|telegraph|star|express|beast|show|program)",
            ctx.text[m.end() : m.end() + 14],
            re.I,
        ):
            return None
        code = {
            "daily": "P1D",
            "nightly": "P1D",
            "weekly": "P1W",
            "monthly": "P1M",
            "quarterly": "P1Q",
            "annually": "P1Y",
            "yearly": "P1Y",
            "hourly": "PT1H",
        }[adv]
        return "SET", code
    word = m[0].split()[0].lower()
    unit_word = m["unit"].lower()
    if word == "a" or word == "per":
        # "$5 a year", "twice a week": a rate; "a year" alone is a duration
        before = ctx.text[max(0, m.start() - 25) : m.start()].lower()
        if not re.search(
            r"(?:\d|million|billion|times|twice|once|thrice|dollars?|cents?|percent|%)\s*$", before
        ):
            return None
    if unit_word in ("morning", "afternoon", "evening"):
        return "SET", f"XXXX-XX-XXT{DAYPART[unit_word]}"
    if unit_word in SEASONS:
        return "SET", f"XXXX-{SEASONS[unit_word]}"
    unit = unit_code(unit_word)
    n = {"other": 2, None: 1}.get(m["n"], None) if not (m["n"] or "").isdigit() else int(m["n"])
    if n is None:
        n = int(number_value(m["n"]) or 1)
    if unit in ("H", "T", "S"):
        return "SET", f"PT{n}{'M' if unit == 'T' else unit}"
    if unit_word == "night":
        return "SET", f"P{n}D"
    if unit_word == "weekend":
        return "SET", "XXXX-WXX-WE"
    return "SET", f"P{n}{unit}"


_HOLIDAYS = {
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "christmas": (12, 25),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "independence day": (7, 4),
    "halloween": (10, 31),
    "valentine's day": (2, 14),
    "boxing day": (12, 26),
    "bastille day": (7, 14),
    "may day": (5, 1),
}


@_rule(
    r"\b(?:(?P<pre>last|next|this)\s+)?(?P<h>Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s(?:\s+(?:Day|Eve))|Independence\s+Day|Halloween|Valentine['’]s\s+Day|Boxing\s+Day|Bastille\s+Day|Thanksgiving(?:\s+Day)?)\b",
    flags=0,
)
def _holiday(m: re.Match[str], ctx: _Ctx) -> Result:
    name = re.sub(r"\s+", " ", m["h"].lower()).replace("’", "'")
    pre = (m["pre"] or "").lower()
    if ctx.anchor is None:
        if name.startswith("thanksgiving"):
            return "DATE", "XXXX-11-XX"
        month, day = _HOLIDAYS[name]
        return "DATE", f"XXXX-{month:02d}-{day:02d}"
    year = ctx.anchor.year + {"last": -1, "next": 1}.get(pre, 0)

    def date_in(y: int) -> dt.date:
        if name.startswith("thanksgiving"):  # fourth Thursday of November (US)
            first = dt.date(y, 11, 1)
            return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
        month, day = _HOLIDAYS[name]
        return dt.date(y, month, day)

    day = date_in(year)
    if not pre and ctx.tense(m.start(), m.end()) == "past" and day > ctx.anchor:
        day = date_in(year - 1)
    return "DATE", day.isoformat()


# --------------------------------------------------------------------------
# driver


def find_timexes(text: str, anchor: dt.date | None) -> list[TimeRef]:
    """All time expressions in ``text``, left to right, without overlaps."""
    spans: list[tuple[int, int, int]] = []
    for index, (pattern, _handler, _t) in enumerate(_RULES):
        for m in pattern.finditer(text):
            if m.end() > m.start():
                spans.append((m.start(), m.end(), index))
    # longest first, then earliest; a rule's normaliser may still refuse
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0], s[2]))
    chosen: list[tuple[int, int, int]] = []
    taken = bytearray(len(text) + 1)
    for start, end, index in spans:
        if any(taken[start:end]):
            continue
        chosen.append((start, end, index))
        for i in range(start, end):
            taken[i] = 1
    chosen.sort()
    # normalise left to right so the narrative (last date, last quarter) is known
    ctx = _Ctx(text=text, anchor=anchor, last_day=None, last_quarter=None)
    out: list[TimeRef] = []
    anchor_s = anchor.isoformat() if anchor else None
    for start, end, index in chosen:
        pattern, handler, _ = _RULES[index]
        m = pattern.match(text, start, end)
        if m is None or m.end() != end:
            continue
        result = handler(m, ctx)
        if result is None:
            result = _retry_shorter(text, start, end, index, ctx)
            if result is None:
                continue
            start, end, result = result  # type: ignore[assignment]
        ttype, value = result  # type: ignore[misc]
        end = _trim_end(text, start, end)
        out.append(TimeRef(start, end, text[start:end], ttype, value, anchor_s))
        _remember(ctx, value)
    return _merge_clock_and_day(text, out)


_ABBREV_END = re.compile(
    r"(?:\b[ap]\.m\.|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mon|Tues?|Wed|Thur?s?|Fri|Sat|Sun)\.)$"
)


def _trim_end(text: str, start: int, end: int) -> int:
    """Drop a trailing comma, possessive or sentence full stop from a span."""
    while end > start:
        span = text[start:end]
        if span[-1] in ",;: ":
            end -= 1
        elif span.endswith(("'s", "’s")):
            end -= 2
        elif span.endswith(".") and not _ABBREV_END.search(span):
            end -= 1
        else:
            break
    return end


def _merge_clock_and_day(text: str, refs: list[TimeRef]) -> list[TimeRef]:
    """ "5 p.m. EST Nov. 9" and "noon Thursday" are one TIME: a clock time
    followed closely by a day-level date takes that date."""
    out: list[TimeRef] = []
    i = 0
    while i < len(refs):
        ref = refs[i]
        nxt = refs[i + 1] if i + 1 < len(refs) else None
        clock = re.search(r"T(\d\d:\d\d)$", ref.value)
        if (
            nxt is not None
            and ref.type == "TIME"
            and clock
            and re.fullmatch(r"\d{4}-\d\d-\d\d", nxt.value)
            and re.fullmatch(r",?\s*(?:(?:on|of)\s+)?", text[ref.end : nxt.start])
        ):
            value = f"{nxt.value}T{clock[1]}"
            out.append(
                TimeRef(ref.start, nxt.end, text[ref.start : nxt.end], "TIME", value, ref.anchor)
            )
            i += 2
            continue
        out.append(ref)
        i += 1
    return out


def _retry_shorter(
    text: str, start: int, end: int, skip: int, ctx: _Ctx
) -> tuple[int, int, tuple[TimexType, str]] | None:
    """When the longest match is refused, let another rule try inside it."""
    best: tuple[int, int, tuple[TimexType, str]] | None = None
    for index, (pattern, handler, _) in enumerate(_RULES):
        if index == skip:
            continue
        for m in pattern.finditer(text, start, end):
            if m.end() <= m.start():
                continue
            result = handler(m, ctx)
            if result is not None and (best is None or m.end() - m.start() > best[1] - best[0]):
                best = (m.start(), m.end(), result)
    return best


def _remember(ctx: _Ctx, value: str) -> None:
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        ctx.last_day = dt.date.fromisoformat(value)
