"""Rules for deictic and relative expressions ("now", "last week", "the third
quarter", "a year ago"), seasons and halves, durations ("nine months") and
sets ("daily", "every week").  Registered on import, after the calendar rules.
"""

from __future__ import annotations

import datetime as dt
import re

from storyline.timeline.timex.base import MOD as _MOD
from storyline.timeline.timex.base import SPELLED_YEAR, Result, fmt, shift, spelled_year
from storyline.timeline.timex.base import YEAR as _YEAR
from storyline.timeline.timex.base import B as _B
from storyline.timeline.timex.base import Ctx as _Ctx
from storyline.timeline.timex.base import E as _E
from storyline.timeline.timex.base import rule as _rule
from storyline.timeline.timex.lexicon import (
    DAYPART,
    NUMBER_RE,
    SEASON_RE,
    SEASONS,
    UNIT_RE,
    Tense,
    number_value,
    unit_code,
)

_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


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
    "the near future": "FUTURE_REF",
    "the short term": "FUTURE_REF",
    "the long term": "FUTURE_REF",
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
    r"the\s+past|the\s+near\s+future|the\s+future|the\s+(?:short|near|long)\s+term|"
    r"(?:the\s+)?coming\s+(?:days|weeks|months|years)))"
    r"(?P<poss>['’]s)?\b"
)
def _deictic(m: re.Match[str], ctx: _Ctx) -> Result:
    if m["part"]:
        shift_days = {"this": 0, "yesterday": -1, "tomorrow": 1, "last": -1}[m["dp1"].lower()]
        part = DAYPART[m["part"].lower()]
        if m["dp1"].lower() == "last" and part != "NI":
            return None
        if ctx.anchor is None:
            return "TIME", f"XXXX-XX-XXT{part}"
        return "TIME", f"{(ctx.anchor + dt.timedelta(days=shift_days)).isoformat()}T{part}"
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


@_rule(
    r"\b(?:(?:early|late)\s+)?(?P<mid>mid[\s-]?)?(?P<part>morning|afternoon|evening)"
    r"(?:\s+(?P<day>yesterday|today|tomorrow))?\b"
)
def _part_of_day(m: re.Match[str], ctx: _Ctx) -> Result:
    """ "mid-afternoon yesterday", "late morning today"; a bare "mid afternoon"
    is the report's own day ("By mid afternoon, the operation was over")."""
    if not (m["day"] or m["mid"]):
        return None  # a bare "morning" is vague; the weekday and deictic rules have the rest
    part = DAYPART[m["part"].lower()]
    if ctx.anchor is None:
        return "TIME", f"XXXX-XX-XXT{part}"
    shift_days = {"yesterday": -1, "tomorrow": 1}.get((m["day"] or "").lower(), 0)
    return "TIME", f"{(ctx.anchor + dt.timedelta(days=shift_days)).isoformat()}T{part}"


@_rule(
    r"\b(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?(?:\s+o['’]clock)?\s+in\s+the\s+"
    r"(?P<part>morning|afternoon|evening|night)\b"
)
def _hour_in_the_part(m: re.Match[str], ctx: _Ctx) -> Result:
    """ "4 in the morning" is 04:00, "8 in the evening" 20:00."""
    hour, part = int(m["h"]) % 12, m["part"].lower()
    if part in ("afternoon", "evening") or (part == "night" and hour >= 6):
        hour += 12
    clock = f"{hour:02d}:{m['mi'] or '00'}"
    return "TIME", f"{ctx.anchor.isoformat()}T{clock}" if ctx.anchor else f"T{clock}"


_REL_UNITS = r"(?P<unit>week(?:end)?|month|year|quarter|decade|century|fortnight|day|morning)"
_STEPS = {
    "last": -1, "the previous": -1, "the prior": -1, "next": 1, "the next": 1,
    "the coming": 1, "the following": 1,
}  # fmt: skip
#: Relations that count from the last date the text itself gave, not from the
#: report's date: "the following day", "that week".
_NARRATIVE = ("the following", "the previous", "the prior", "the same", "that", "the next")


@_rule(
    rf"\b(?:(?P<el>early|late|earlier|later|mid|the\s+end\s+of|the\s+beginning\s+of|"
    rf"the\s+start\s+of|the\s+middle\s+of|end\s+of|the\s+first\s+half\s+of|"
    rf"the\s+second\s+half\s+of|the\s+rest\s+of|the\s+remainder\s+of)[\s-]+)?"
    rf"(?P<rel>last|next|this|the\s+past|the\s+previous|the\s+prior|the\s+current|the\s+coming|"
    rf"the\s+following|the\s+next|(?:that\s+|the\s+)?same|that|the)"
    rf"(?:\s+(?P<fiscal>fiscal|calendar))?\s+{_REL_UNITS}(?P<poss>['’]s)?\b(?!-)"
)
def _relative_unit(m: re.Match[str], ctx: _Ctx) -> Result:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    if rel.endswith("same"):
        rel = "the same"
    word = m["unit"].lower()
    unit = "D" if word == "morning" else unit_code(word)
    el = (m["el"] or "").lower()
    if word == "morning" and rel not in ("the next", "the following", "the same", "that"):
        return None  # "this morning" is the deictic rule's; "the morning" is vague
    if rel == "the" and unit in ("D", "C", "E", "F"):
        return None
    if rel in ("the past", "the coming") and not el:
        # "the past year" is a span reaching now: TimeBank marks it a duration
        amount = {"E": "P10Y", "C": "P100Y", "F": "P2W"}.get(unit, f"P1{unit}")
        return "DURATION", amount
    if rel == "the" and unit == "Y" and not el and _year_span(ctx.text, m.start(), m.end()):
        return "DURATION", "P1Y"
    unit, n = ("W", 2) if unit == "F" else (unit, 1)
    step = _STEPS.get(rel, 0)
    narrative = ctx.narrative_base(unit) if rel in _NARRATIVE else None
    if narrative is not None:
        base = narrative
    elif ctx.anchor is not None:
        base = ctx.anchor
    else:
        unknown = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Q": "XXXX-QX"}
        return "DATE", unknown.get(unit, "XXXX")
    if unit == "Q" and rel == "the":
        if ctx.last_quarter is not None:
            return "DATE", f"{ctx.last_quarter[0]:04d}-Q{ctx.last_quarter[1]}"
        step = -1  # "the quarter" in a report is the last one finished
    if word == "weekend" and step == 0:
        # the weekend just past, or the coming one when the verb says future
        back = ctx.tense(m.start(), m.end()) != "future" and base.weekday() < 5
        day = base - dt.timedelta(days=7) if back else base
        iso = day.isocalendar()
        return "DATE", f"{iso[0]:04d}-W{iso[1]:02d}-WE"
    day = shift(base, unit, step * n)
    if word == "weekend":
        iso = day.isocalendar()
        return "DATE", f"{iso[0]:04d}-W{iso[1]:02d}-WE"
    if word == "morning":
        return "TIME", f"{day.isoformat()}TMO"
    value = fmt(day, unit)
    if unit == "Y" and "first half" in el:
        value = f"{day.year:04d}-H1"
    elif unit == "Y" and "second half" in el:
        value = f"{day.year:04d}-H2"
    return "DATE", value


#: "the (fiscal) year ended Sept. 30", "throughout the year": a twelve-month
#: span (DURATION).  Any other "the year" ("for the year", "a high for the
#: year", "earlier in the year") is the report's own year, a DATE.  TimeBank
#: (AQUAINT has none): the span reading holds for 8 of 9 "the year
#: ended/ending", "throughout the year", the year for all 5 others; the old
#: rule (always a span) got 8 of 14.  Value F1 TimeBank 80.8 -> 81.2.
_YEAR_SPAN_AFTER = re.compile(r"\s+(?:that\s+)?(?:ended|ending|ends|to\s+date|through)\b", re.I)
_YEAR_SPAN_BEFORE = re.compile(r"\b(?:throughout|over|within|all(?:\s+of)?)\s+$", re.I)


def _year_span(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 20) : start]
    return bool(_YEAR_SPAN_AFTER.match(text, end) or _YEAR_SPAN_BEFORE.search(before))


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
            if (q > cq and tense != "future") or (
                q == cq and tense == "past" and ctx.anchor.month % 3 == 1 and ctx.anchor.day < 20
            ):
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
    if before.endswith(("a ", "a")):
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


@_rule(
    rf"{_B}(?:the\s+)?(?P<ord>first|second|last)\s+half(?:\s+of\s+(?:(?P<year>{_YEAR})|(?P<rel>this|last|next)\s+year|the\s+year|"
    rf"the\s+(?:(?P<dc>1[5-9]\d|20\d)0|['’](?P<dd>\d)0)['’]?s))?(?!\w)"
)
def _half(m: re.Match[str], ctx: _Ctx) -> Result:
    if m["dc"] or m["dd"]:
        # "the last half of the '80s": TIMEX3 has no half decades; the decade
        return "DATE", m["dc"] or f"19{m['dd']}"
    h = 1 if m["ord"].lower() == "first" else 2
    if m["year"]:
        year = int(m["year"])
    elif ctx.anchor is None:
        return "DATE", f"XXXX-H{h}"
    else:
        year = ctx.anchor.year + {"last": -1, "next": 1}.get((m["rel"] or "").lower(), 0)
    return "DATE", f"{year:04d}-H{h}"


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season_year(code: str, pre: str, anchor: dt.date, tense: Tense) -> int:
    """The year of a season named relative to ``anchor`` (winter is the year of
    its December): "last fall" in February 1998 is 1997-FA, "this summer" 1998-SU."""
    month = _SEASON_START[code]
    starts = [dt.date(y, month, 1) for y in range(anchor.year - 2, anchor.year + 2)]
    begun = [d for d in starts if d <= anchor]
    current = max(begun)  # the latest start of this season not after the anchor
    in_it = (anchor - current).days < 91
    if pre.startswith("last") or "past" in pre:
        return current.year - 1 if in_it else current.year
    if pre.startswith("next") or "coming" in pre:
        return current.year + 1
    if pre.startswith("this") or not pre:
        if in_it:
            return current.year
        if tense == "past" or (pre == "" and tense != "future" and current.year == anchor.year):
            return current.year
        return current.year + 1
    return current.year if tense == "past" else anchor.year


@_rule(
    rf"\b(?:(?P<pre>last|next|this|this\s+past|this\s+coming|the|early|late|mid|(?:the\s+)?(?:early|late))[\s-]+)?"
    rf"(?P<season>{SEASON_RE})(?:\s+(?:of\s+)?(?:(?P<year>{_YEAR})|(?P<syear>{SPELLED_YEAR})))?\b"
)
def _season(m: re.Match[str], ctx: _Ctx) -> Result:
    code = SEASONS[m["season"].lower()]
    pre = (m["pre"] or "").lower()
    if m["season"].lower() == "fall" and not (pre or m["year"] or m["syear"]):
        return None  # the verb
    if m["year"]:
        return "DATE", f"{m['year']}-{code}"
    if m["syear"]:
        return "DATE", f"{spelled_year(m['syear']):04d}-{code}"
    if ctx.anchor is None:
        return "DATE", f"XXXX-{code}"
    year = _season_year(code, pre, ctx.anchor, ctx.tense(m.start(), m.end()))
    return "DATE", f"{year:04d}-{code}"


@_rule(
    rf"{_B}{_MOD}?(?:the\s+|an?\s+(?!\d))?(?:(?:past|last|next|first|latest|coming|previous|following|final|remaining|initial|other)\s+)?(?P<num>{NUMBER_RE})(?P<half1>\s+and\s+a\s+half)?[\s-]+(?:(?:more|other|full|long|straight|consecutive|additional|trading|business|working)\s+)?{UNIT_RE}"
    rf"(?P<half2>\s+and\s+a\s+half\b)?"
    rf"(?:\s+(?:or\s+so\s+)?(?P<dir>ago|earlier|later|before|after|hence|from\s+now|since)\b(?!\s+(?:the|a|an|he|she|it|they|we|his|her|its|their)\b))?"
    rf"(?P<old>-old)?"
)
def _duration(m: re.Match[str], ctx: _Ctx) -> Result:
    if m["old"] or re.match(r"[\s-]+old\b", ctx.text[m.end() : m.end() + 5]):
        return None  # an age ("a 6-year-old"): TimeBank leaves ages untagged
    unit = unit_code(m["unit"])
    n = number_value(m["num"])
    if n is not None and (m["half1"] or m["half2"]):
        n += 0.5  # "two and a half years", "a minute and a half"
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
    if direction in ("before", "after") and not re.match(
        r"\s*[,.;)]", ctx.text[m.end() : m.end() + 2] + " "
    ):
        direction = ""  # "two days after the vote": a duration before its event
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
        if gran == "Y" and n == 1 and ctx.last_quarter is not None:
            # in a report about quarters, "a year ago" is that quarter a year back
            y, q = ctx.last_quarter
            return "DATE", f"{y - 1:04d}-Q{q}"
        return "DATE", fmt(shift(base, gran, sign * n), gran)
    if n is None:
        return "DURATION", _duration_value("X", unit, "weekend" in text)
    return "DURATION", _duration_value(n, unit, "weekend" in text)


#: Smaller unit (letter, how many per unit, time part?) for fractional amounts:
#: "5 1/2 hours" is PT5H30M, "2 1/2 years" P2Y6M.
_SPLIT = {"Y": ("M", 12, False), "M": ("D", 30, False), "W": ("D", 7, False),
          "D": ("H", 24, True), "H": ("M", 60, True), "T": ("S", 60, True)}  # fmt: skip


def _duration_value(n: float | str, unit: str, weekend: bool = False) -> str:
    """TIMEX3 duration: P9M, PT24H, P10Y for a decade, P2Y6M for 2 1/2 years."""
    if isinstance(n, str):
        if unit in ("H", "T", "S"):
            return f"PT{n}{'M' if unit == 'T' else unit}"
        return {"E": "PXE", "C": "PXC"}.get(unit, f"P{n}{'WE' if weekend else unit}")
    if unit in ("E", "C"):
        return f"P{_num(n * (10 if unit == 'E' else 100))}Y"
    whole, part = int(n), n - int(n)
    letter = "M" if unit == "T" else unit
    time = unit in ("H", "T", "S")
    head = f"{'PT' if time else 'P'}{whole}{letter}" if whole else ("PT" if time else "P")
    if not part:
        return f"P{whole}WE" if weekend else head
    small, per, small_time = _SPLIT.get(unit, ("", 0, False))
    if not per:
        return f"{'PT' if time else 'P'}{_num(n)}{letter}"
    sep = "T" if small_time and not time else ""
    return f"{head}{sep}{_num(part * per)}{small}"


def _num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


@_rule(
    r"\b(?P<plural>years|months|weeks|days|hours|minutes|decades|centuries)\b(?!\s+(?:of\s+)?(?:old|ago))"
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
    r"\bthe\s+(?P<p>days|weeks|months|years|decades)\s+ahead\b|"
    r"(?:(?<=\bover\s)|(?<=\bthrough\s)|(?<=\bthroughout\s))the\s+(?P<q>years|decades|centuries)\b"
)
def _vague_span(m: re.Match[str], ctx: _Ctx) -> Result:
    """ "the weeks ahead", "over the years": spans of unstated length."""
    return "DURATION", f"PX{unit_code(m['p'] or m['q'])}"


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
    if word in {"a", "per"}:
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
    n = {"other": 2, None: 1}.get(m["n"]) if not (m["n"] or "").isdigit() else int(m["n"])
    if n is None:
        n = int(number_value(m["n"]) or 1)
    if unit in ("H", "T", "S"):
        return "SET", f"PT{n}{'M' if unit == 'T' else unit}"
    if unit_word == "night":
        return "SET", f"P{n}D"
    if unit_word == "weekend":
        return "SET", "XXXX-WXX-WE"
    return "SET", f"P{n}{unit}"
