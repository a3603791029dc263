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
is unknown.

Modules: this one drives the rules (windows, longest match, left-to-right
normalisation); :mod:`storyline.timeline.timex.base` holds the context, calendar
arithmetic and the registry; the rules are in :mod:`storyline.timeline.timex.dates`
and :mod:`storyline.timeline.timex.relative`; :mod:`storyline.timeline.timex.lexicon` holds the
word lists and the tense guess.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from storyline import lexicons
from storyline.records import AnalyzedArticle, TimeRef, TimexType
from storyline.timeline.timex import dates as timex_dates
from storyline.timeline.timex import relative as timex_relative
from storyline.timeline.timex.base import RULES as _RULES
from storyline.timeline.timex.base import Ctx as _Ctx
from storyline.timeline.timex.base import (
    Handler,
    Result,
    resolve_month,
    resolve_weekday,
    shift,
    valid,
)

__all__ = ["article_timexes", "find_timexes", "resolve_month", "resolve_weekday", "shift"]

#: the rule modules register their rules on import; named here so that the
#: import is visibly needed
RULE_MODULES = (timex_dates, timex_relative)


# --------------------------------------------------------------------------
# driver


#: Every rule needs one of these somewhere in its match: a digit or a time
#: word.  The rules only run in windows around them: on the seed digest (15k
#: characters) the windows cover 45% of the text and the finder runs about
#: twice as fast; the benchmark figures are unchanged.
_TRIGGER = re.compile(
    r"\d|'\d|\b(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tues?|wed|thur?s?|fri|sat|sun|"
    r"today|tonight|yesterday|tomorrow|now|currently|current|recent|recently|lately|presently|"
    r"nowadays|past|future|term|week|weekend|month|year|quarter|decade|century|centuries|"
    r"millennium|millennia|day|night|morning|afternoon|evening|overnight|hour|minute|second|"
    r"spring|summer|fall|autumn|winter|christmas|thanksgiving|independence|halloween|"
    r"valentine|boxing|bastille|election|noon|midnight|midday|daily|nightly|weekly|monthly|"
    r"annually|yearly|hourly|ago|fortnight|half|eighteen|nineteen|twenty|thousand|period|"
    r"twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"
    r"(?:s|es|['’]s)?\b",
    re.IGNORECASE,
)
#: Characters around a trigger that a rule may still reach: the longest
#: left context is a modifier plus a relation ("at least the past 18
#: months"), the longest right one a full date with weekday and year.
_BEFORE, _AFTER = 60, 100


def _windows(text: str) -> list[tuple[int, int]]:
    """Merged stretches of ``text`` around trigger words."""
    out: list[tuple[int, int]] = []
    for m in _TRIGGER.finditer(text):
        lo, hi = max(0, m.start() - _BEFORE), min(len(text), m.end() + _AFTER)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def find_timexes(text: str, anchor: dt.date | None) -> list[TimeRef]:
    """All time expressions in ``text``, left to right, without overlaps."""
    spans: list[tuple[int, int, int]] = []
    windows = _windows(text)
    for index, (pattern, _handler, _t) in enumerate(_RULES):
        for lo, hi in windows:
            for m in pattern.finditer(text, lo, hi):
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
    before_last: tuple[dt.date | None, dt.date | None, int | None] | None = None
    for start, end, index in chosen:
        pattern, handler, _ = _RULES[index]
        match = pattern.match(text, start, end)
        if match is None or match.end() != end:
            continue
        joins = bool(out) and before_last is not None and _joins_year(text, out[-1], start, end)
        if joins and before_last is not None:
            # "that year" counts from what came before the month, not from it
            ctx.last_day, ctx.last_month, ctx.last_year = before_last
        result = _apply(handler, match, ctx)
        span = (start, end)
        if result is None:
            retry = _retry_shorter(text, start, end, index, ctx)
            if retry is None:
                continue
            span, result = (retry[0], retry[1]), retry[2]
        ttype, value = result
        stop = _trim_end(text, span[0], span[1])
        if _in_a_title(text, span[0], stop):
            continue
        ref = TimeRef(span[0], stop, text[span[0] : stop], ttype, value, anchor_s)
        if joins and (span[0], stop) == (start, end) and re.fullmatch(r"\d{4}", value):
            # "Sept. 10 last year", "June this year": one date in that year
            month = out.pop()
            value = value + month.value[4:]
            ref = TimeRef(month.start, stop, text[month.start : stop], "DATE", value, anchor_s)
            if out and (first := _range_start(text, out[-1], month)) is not None:
                # "from March to June last year": March of that year too
                out[-1] = dataclasses.replace(first, value=value[:4] + first.value[4:])
        before_last = (ctx.last_day, ctx.last_month, ctx.last_year)
        out.append(ref)
        _remember(ctx, value)
    return _second_days(text, _merge_clock_and_day(text, out))


#: A month, a month and day or a season with no year of its own, and the
#: words between it and a year that says which one: "Sept. 10 last year",
#: "June this year", "the summer of that year" (TimeBank marks "June last
#: year" and "January this year" as one expression).
_YEARLESS = re.compile(r"(?:XXXX|\d{4})-(?:\d\d(?:-\d\d)?|SP|SU|FA|WI)")
_HAS_YEAR = re.compile(
    r"\d{4}|['’]\d\d|\b(?:last|next|this|that|past|coming|previous|following)\b", re.I
)
_YEAR_WORDS = re.compile(
    r"(?:last|next|this|that|the\s+(?:previous|prior|following|next|same))\s+year", re.I
)


def _joins_year(text: str, month: TimeRef, start: int, end: int) -> bool:
    """Whether the expression at ``start..end`` names the year of ``month``,
    the expression just before it."""
    if month.type != "DATE" or not _YEARLESS.fullmatch(month.value):
        return False
    if _HAS_YEAR.search(month.text):
        return False  # "last March 3", "May 2015": the year is already said
    if not re.fullmatch(r"\s+(?:of\s+)?", text[month.end : start]):
        return False
    if not _YEAR_WORDS.fullmatch(text, start, end):
        return False
    return not re.match(r"['’]s\b", text[end : end + 3])  # "June last year's record"


_RANGE_WORDS = re.compile(r"\s*(?:-|–|—|to|through|till|until|and|or)\s*", re.I)


def _range_start(text: str, first: TimeRef, month: TimeRef) -> TimeRef | None:
    """``first`` when it opens a range ending in ``month`` ("March to June",
    "Sept. 3-5") with no year of its own and not later in the year."""
    if first.type != "DATE" or not _YEARLESS.fullmatch(first.value) or _HAS_YEAR.search(first.text):
        return None
    if not _RANGE_WORDS.fullmatch(text, first.end, month.start):
        return None
    same_grain = len(first.value) == len(month.value) and first.value[5:7].isdigit()
    return first if same_grain and first.value[5:] <= month.value[5:] else None


_ABBREV_END = re.compile(
    r"(?:\b[ap]\.m\.|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mon|Tues?|Wed|Thur?s?|Fri|Sat|Sun)\.)$"
)


#: Time words that are common nouns: written in lower case in running text,
#: so a capital one inside a sentence is part of a name or title ("ABC's This
#: Week", "60 Minutes", "High Noon", the "Spring of Life" protests).  "Day" is
#: left out: holidays ("Election Day") are dates.
_COMMON_TIME_WORDS = lexicons.words("timex/common_time_words")
_WORD = re.compile(r"[A-Za-z]+")
#: What may come right before the first word of a sentence (or a headline).
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*|[.!?:;][\"'”’)]+\s*|\n\s*|[.!?,]\s*(?:``|[\"“]))$")


def _in_a_title(text: str, start: int, end: int) -> bool:
    """A capitalised common time word that does not open a sentence, in
    running text (a headline capitalises every word: "Checks Out Two Minutes
    Later" is still a time)."""
    for m in _WORD.finditer(text, start, end):
        word = m.group()
        if word.lower() not in _COMMON_TIME_WORDS or not word[0].isupper() or word.isupper():
            continue
        if m.start() == start and _SENTENCE_START.search(text, max(0, start - 6), start):
            continue
        return not _headline_case(text, start, end)
    return False


def _headline_case(text: str, start: int, end: int) -> bool:
    """Most longer words on the same line around the span are capitalised."""
    lo = text.rfind("\n", max(0, start - 50), start) + 1 or max(0, start - 50)
    hi = text.find("\n", end, end + 50)
    hi = hi if hi >= 0 else min(len(text), end + 50)
    words = [w for w in _WORD.findall(text[lo:start] + " " + text[end:hi]) if len(w) >= 4]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _apply(handler: Handler, match: re.Match[str], ctx: _Ctx) -> Result:
    """A normaliser's result; None when the calendar arithmetic leaves the
    representable years (an anchor near year 1 or 9999)."""
    try:
        return handler(match, ctx)
    except (ValueError, OverflowError):
        return None


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
        if (
            nxt is not None
            and ref.type == "TIME"
            and clock
            and re.fullmatch(r"\d{4}-\d\d-\d\d", nxt.value)
            and re.fullmatch(
                r",?\s*\([^()]{1,25}\)\s*,?\s*(?:(?:on|of)\s+)?", text[ref.end : nxt.start]
            )
        ):
            # "10:35 a.m. (0735 GMT) Friday": the clock is on that day; the
            # aside keeps them two expressions
            ref = TimeRef(
                ref.start, ref.end, ref.text, "TIME", f"{nxt.value}T{clock[1]}", ref.anchor
            )
        elif (
            nxt is not None
            and ref.type == nxt.type == "TIME"
            and clock
            and re.fullmatch(rf"\d{{4}}-\d\d-\d\dT{clock[1]}", nxt.value)
            and re.fullmatch(r"\s*\(\s*", text[ref.end : nxt.start])
        ):
            # "4 in the morning (4 a.m. EDT Thursday)": the aside names the day
            ref = TimeRef(ref.start, ref.end, ref.text, "TIME", nxt.value, ref.anchor)
        out.append(ref)
        i += 1
    return out


_SECOND_DAY = re.compile(
    r"\s*(?:and|or|to|through|-|–)\s*(?P<d>[0-2]?\d|3[01])(?:st|nd|rd|th)?"
    r"(?![\w%.,]\d|\w|\s*(?:%|percent|per\s*cent|[ap]\.?m\b))"
)


def _second_days(text: str, refs: list[TimeRef]) -> list[TimeRef]:
    """ "April 24 and 25", "May 20-21": the bare second day is a date too,
    in the first one's month."""
    out: list[TimeRef] = []
    for i, ref in enumerate(refs):
        out.append(ref)
        day = re.fullmatch(r"(\d{4}|XXXX)-(\d\d)-\d\d", ref.value)
        if day is None or not re.search(r"[A-Za-z.]\s+\d{1,2}(?:st|nd|rd|th)?$", ref.text):
            continue
        m = _SECOND_DAY.match(text, ref.end)
        if m is None or (i + 1 < len(refs) and refs[i + 1].start < m.end()):
            continue
        d = int(m["d"])
        if day[1] != "XXXX" and not valid(int(day[1]), int(day[2]), d):
            continue
        value = f"{day[1]}-{day[2]}-{d:02d}"
        out.append(
            TimeRef(m.start("d"), m.end(), text[m.start("d") : m.end()], "DATE", value, ref.anchor)
        )
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
            result = _apply(handler, m, ctx)
            if result is not None and (best is None or m.end() - m.start() > best[1] - best[0]):
                best = (m.start(), m.end(), result)
    return best


def _remember(ctx: _Ctx, value: str) -> None:
    m = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", value)
    if m is None:
        return
    ctx.last_year = int(m[1])
    if m[2]:
        ctx.last_month = dt.date(int(m[1]), int(m[2]), 1)
    if m[3]:
        ctx.last_day = dt.date.fromisoformat(value)


def article_timexes(item: AnalyzedArticle, anchor: dt.date | None) -> tuple[TimeRef, ...]:
    """The time expressions of an analysed article's text read against
    ``anchor``, found once and kept on the record (see
    :class:`~storyline.records.AnalyzedArticle`)."""
    found = item.timexes.get(anchor)
    if found is None:
        found = item.timexes[anchor] = tuple(find_timexes(item.article.text, anchor))
    return found
