"""Rules for calendar expressions: ISO and numeric dates, month names with
or without day and year, years, decades, centuries, weekdays, clock times,
spelled-out years and fixed holidays.  Registered on import (see
:mod:`storyline.timeline.timex.base`); the order of registration breaks ties.
"""

from __future__ import annotations

import datetime as dt
import re

from storyline.timeline.timex.base import DAYNUM as _DAYNUM
from storyline.timeline.timex.base import EARLYLATE as _EARLYLATE
from storyline.timeline.timex.base import EL_WORDS as _EL_WORDS
from storyline.timeline.timex.base import SPELLED_YEAR as _SPELLED_YEAR
from storyline.timeline.timex.base import YEAR as _YEAR
from storyline.timeline.timex.base import B as _B
from storyline.timeline.timex.base import Ctx as _Ctx
from storyline.timeline.timex.base import E as _E
from storyline.timeline.timex.base import Result, resolve_month, resolve_weekday
from storyline.timeline.timex.base import cap_ok as _cap_ok
from storyline.timeline.timex.base import month_number as _month
from storyline.timeline.timex.base import resolve_monthday as _resolve_monthday
from storyline.timeline.timex.base import rule as _rule
from storyline.timeline.timex.base import spelled_year as _year_in_words
from storyline.timeline.timex.base import valid as _valid
from storyline.timeline.timex.base import year_of as _year_of
from storyline.timeline.timex.lexicon import (
    DAYPART,
    DAYPART_RE,
    MONTH_RE,
    WEEKDAY_RE,
    WEEKDAYS,
)


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
    (?:(?P<rel>last|next|this\s+past|this\s+coming)\s+)?
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
    if not 1 <= day <= 31:
        return None
    year_s = m["year"] or m["year2"]
    if year_s:
        year = int(year_s)
    elif ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}-{day:02d}"
    elif m["rel"]:
        # "last Oct. 23": the latest one before the anchor; "next ...": the first after
        later = (month, day) > (ctx.anchor.month, ctx.anchor.day)
        if "last" in m["rel"].lower() or "past" in m["rel"].lower():
            year = (
                ctx.anchor.year - 1
                if later or (month, day) == (ctx.anchor.month, ctx.anchor.day)
                else ctx.anchor.year
            )
        else:
            year = ctx.anchor.year if later else ctx.anchor.year + 1
    else:
        year = _resolve_monthday(month, day, ctx.anchor, ctx.tense(m.start(), m.end()))
    if not _valid(year, month, day):
        return None
    return "DATE", f"{year:04d}-{month:02d}-{day:02d}"


@_rule(
    rf"{_B}the\s+week\s+(?:of|beginning|starting)\s+(?P<mon>{MONTH_RE})\.?\s+(?P<day>{_DAYNUM})"
    rf"(?:,?\s+(?P<year>{_YEAR}))?{_E}"
)
def _week_of(m: re.Match[str], ctx: _Ctx) -> Result:
    """ "the week of March 6": the ISO week holding that day."""
    if not _cap_ok(m["mon"]):
        return None
    month, day = _month(m["mon"]), int(re.sub(r"\D", "", m["day"]))
    if m["year"]:
        year = int(m["year"])
    elif ctx.anchor is None:
        return "DATE", "XXXX-WXX"
    else:
        year = _resolve_monthday(month, min(day, 28), ctx.anchor, ctx.tense(m.start(), m.end()))
    if not _valid(year, month, day):
        return None
    iso = dt.date(year, month, day).isocalendar()
    return "DATE", f"{iso[0]:04d}-W{iso[1]:02d}"


@_rule(
    rf"{_B}(?P<pre>(?:last|next|this|that|(?:the\s+)?(?:past|previous|coming|following)|{_EL_WORDS})[\s-]+)?"
    rf"(?P<mon>{MONTH_RE})\.?(?:,?\s+(?:of\s+)?(?:(?P<year>{_YEAR}|'\d\d)|(?P<syear>{_SPELLED_YEAR})))?{_E}"
)
def _month_year(m: re.Match[str], ctx: _Ctx) -> Result:
    word = m["mon"]
    if not _cap_ok(word):
        return None
    month = _month(word)
    pre = (m["pre"] or "").strip().lower()
    has_year = bool(m["year"] or m["syear"])
    if word.lower() in ("jan", "feb", "aug", "sept", "oct", "nov", "dec") and not has_year:
        return None  # "Jan", "Dec" alone are names more often than months
    if word.lower() in ("may", "march") and not (has_year or pre):
        # "May" is a modal and "March" a verb/noun at a sentence start; keep
        # them only where the neighbours say month ("in May", "May 2015").
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        after = ctx.text[m.end() : m.end() + 20].lower()
        if not re.search(
            r"\b(in|since|until|till|by|from|of|early|late|mid|last|next|this|through|to|before|after|during|the)\s+$",
            before,
        ) and not re.match(r"\s+(?:of\s+)?(?:last|next|this|that)\s+year\b", after):
            return None
    if m["year"] or m["syear"]:
        year = _year_of(m["year"]) if m["year"] else _year_in_words(m["syear"])
        assert year is not None
        return "DATE", f"{year:04d}-{month:02d}"
    if ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}"
    if pre.startswith("last") or "past" in pre or "previous" in pre:
        year = ctx.anchor.year - 1 if month >= ctx.anchor.month else ctx.anchor.year
        return "DATE", f"{year:04d}-{month:02d}"
    if pre.startswith("next") or "coming" in pre or "following" in pre:
        year = ctx.anchor.year + 1 if month <= ctx.anchor.month else ctx.anchor.year
        return "DATE", f"{year:04d}-{month:02d}"
    if pre == "this":
        return "DATE", f"{ctx.anchor.year:04d}-{month:02d}"
    tense = ctx.tense(m.start(), m.end())
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
    before3 = ctx.text[max(0, m.start() - 5) : m.start()].lower()
    if ctx.text[m.start() - 1 : m.start()] in ("#", "/") or (
        before3.endswith("-") and not before3.endswith(("post-", "pre-", "mid-"))
    ):
        return None
    pre = re.sub(r"\s+", " ", (m["pre"] or "").lower())
    if pre.endswith(("first half of", "second half of")):
        return "DATE", f"{year:04d}-H{1 if 'first' in pre else 2}"
    return "DATE", f"{year:04d}"


@_rule(
    rf"{_B}(?:the\s+)?(?:(?P<pre>early|late|mid|middle)[\s-]+)?(?P<y>1[5-9]\d|20\d)0'?s{_E}|{_B}(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?['’](?P<yy>\d)0s{_E}"
)
def _decade(m: re.Match[str], ctx: _Ctx) -> Result:
    if m["y"]:
        return "DATE", m["y"]
    return "DATE", f"19{m['yy']}"


_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip


@_rule(
    r"\bthe\s+(?:(?:early|late|mid)[\s-]+)?(?:(?P<c>nineteen|eighteen)[\s-]+)?"
    r"(?P<d>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b"
)
def _decade_word(m: re.Match[str], ctx: _Ctx) -> Result:
    """ "the nineties", "the early eighties": without a century, the latest such
    decade that has begun by the anchor (the 20th century's without one).  Ages
    ("in their sixties") lack "the"; temperatures are refused by their words."""
    before = ctx.text[max(0, m.start() - 40) : m.start()]
    if re.search(r"(?:temperature|degree|high|low|fahrenheit)s?\b", before, re.I):
        return None
    tens = _DECADE_WORDS[m["d"].lower()]
    if m["c"]:
        century = 19 if m["c"].lower() == "nineteen" else 18
    elif ctx.anchor is None:
        century = 19
    else:
        century = ctx.anchor.year // 100
        if century * 100 + tens * 10 > ctx.anchor.year:
            century -= 1
    return "DATE", f"{century:02d}{tens}"


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
    year = _year_in_words(" ".join(w for w in (m["c"], m["t"], m["u"]) if w))
    return None if year is None else ("DATE", f"{year:04d}")


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
    r"\b(?:(?P<pre>last|next|this)\s+)?(?P<h>Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s(?:\s+(?:Day|Eve))|Independence\s+Day|Halloween|Valentine['’]s\s+Day|Boxing\s+Day|Bastille\s+Day|Thanksgiving(?:\s+Day)?|Election\s+Day)\b",
    flags=0,
)
def _holiday(m: re.Match[str], ctx: _Ctx) -> Result:
    name = re.sub(r"\s+", " ", m["h"].lower()).replace("’", "'")
    pre = (m["pre"] or "").lower()
    if ctx.anchor is None:
        if name.startswith("thanksgiving") or name == "election day":
            return "DATE", "XXXX-11-XX"
        month, day = _HOLIDAYS[name]
        return "DATE", f"XXXX-{month:02d}-{day:02d}"
    year = ctx.anchor.year + {"last": -1, "next": 1}.get(pre, 0)

    def date_in(y: int) -> dt.date:
        if name.startswith("thanksgiving"):  # fourth Thursday of November (US)
            first = dt.date(y, 11, 1)
            return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
        if name == "election day":  # US: the Tuesday after the first Monday of November
            first = dt.date(y, 11, 1)
            return first + dt.timedelta(days=(0 - first.weekday()) % 7 + 1)
        month, day = _HOLIDAYS[name]
        return dt.date(y, month, day)

    when = date_in(year)
    if not pre and ctx.tense(m.start(), m.end()) == "past" and when > ctx.anchor:
        when = date_in(year - 1)
    return "DATE", when.isoformat()
