"""Publication dates for articles that state none, from the text's own evidence.

Used by :func:`storyline.timeline.events.infer_dates`.  Two kinds of evidence, tried
in this order; anything less leaves the date unknown (a guess presented as a
date would mislead every relative expression read against it):

1. **A duration chain.**  "Nine months after they were driven out of Palmyra,
   militants have fought their way back" counts from an event the article
   dates elsewhere ("the government's recapture of Palmyra in March").  The
   referent is the dated mention whose preceding words share the most content
   words with the "after ..." clause (a change-of-control verb on both sides
   counts once more).  A month named without a year is placed in the earliest
   year that puts the publication after every date the article gives with a
   year; and since news style names the year only when it is not the current
   one ("in May of 2015"), the publication year is also after those years.
2. **Weekdays read against the story.**  An article that names weekdays
   ("stormed Palmyra Wednesday") and shares its names with dated articles of
   the same input is read against their date: past-tense weekdays fix a
   window of at most a week, and the article is dated within it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline import lexicons
from storyline.records import AnalyzedArticle, TimeRef
from storyline.text import stopwords
from storyline.text.tokens import ascii_words
from storyline.timeline.timex.finder import article_timexes, resolve_weekday, shift
from storyline.timeline.timex.lexicon import WEEKDAYS, tense_at

__all__ = ["MONTH_MARK", "Inferred", "infer_one"]

#: Written into the warning of a month-precision date; the timeline reads it
#: to know that day-level relative expressions cannot be resolved.
MONTH_MARK = "month precision"

#: Words before a dated mention that are compared with the "after ..." clause.
REFERENT_WINDOW = 8
#: Distinct shared proper names for an undated article to count as the same
#: story as a dated one.  The seed reports of one story share 6-15 names
#: (Palmyra, ISIS, Syria, Assad, ...); 3 leaves room for short reports.
SAME_STORY_NAMES = 3

_CHANGE_OF_CONTROL = lexicons.words("analysis/change_of_control_words")
_STOP = stopwords.DATES


@dataclass(frozen=True, slots=True)
class Inferred:
    date: dt.date
    warning: str


def infer_one(
    item: AnalyzedArticle,
    others: Sequence[AnalyzedArticle],
) -> Inferred | None:
    """A publication date for ``item`` from its text, or None."""
    text = item.article.text
    refs = list(article_timexes(item, None))
    found = _from_chain(text, refs)
    if found is not None:
        return found
    return _from_story_weekdays(item, refs, others)


# --------------------------------------------------------------------------
# 1. duration chains


_AFTER = re.compile(r"\s+after\s+(?P<clause>[^.;:!?]{3,160}?)(?=[,.;:!?]|$)", re.IGNORECASE)
_DURATION = re.compile(r"^P(?P<n>\d+)(?P<u>[DWMY])$")


def _from_chain(text: str, refs: list[TimeRef]) -> Inferred | None:
    for ref in refs:
        dur = _DURATION.match(ref.value)
        if ref.type != "DURATION" or dur is None:
            continue
        after = _AFTER.match(text, ref.end)
        if after is None:
            continue
        clause = after["clause"]
        if not _about_now(text, ref.start, after.end()):
            continue  # "three days after the raid, police arrested ...": narrative time
        n, unit = int(dur["n"]), dur["u"]
        referent = _referent(text, refs, ref, clause, after.end())
        if referent is None:
            continue
        found = _count_from(text, refs, referent, n, unit)
        if found is None:
            continue
        when, precision, reason = found
        chain = f"“{ref.text} after {clause.strip()}”"
        ref_words = _snippet(text, referent)
        if precision == "month":
            warning = (
                f"publication date inferred as {when:%Y-%m} ({MONTH_MARK}; stored as the 1st): "
                f"{chain} counted from “{ref_words}”{reason}"
            )
        else:
            warning = (
                f"publication date inferred as {when.isoformat()}: {chain} counted from "
                f"“{ref_words}”{reason}"
            )
        return Inferred(when, warning)
    return None


_NOW_VERBS = re.compile(
    r"\b(?:has|have|is|are|remains?|continues?)\b|['’](?:s|re|ve)\b", re.IGNORECASE
)
#: Sentences of an article that count as its lede: a chain there dates the
#: report itself even in the past tense ("Nine months after ..., militants
#: fought their way back into Palmyra").
LEDE_SENTENCES = 2


def _about_now(text: str, start: int, clause_end: int) -> bool:
    """Whether "<duration> after <clause>, <main clause>" speaks of the time of
    the report: it opens the article, or its main clause is in the present or
    the present perfect ("militants have fought their way back")."""
    ends = [m.end() for m in re.finditer(r"[.!?][\"”’)]?(?:\s+|$)", text[:start])]
    if len(ends) < LEDE_SENTENCES:
        return True
    stop = re.search(r"[.!?](?:\s|$)", text[clause_end:])
    main = text[clause_end : clause_end + (stop.start() if stop else 200)]
    return bool(_NOW_VERBS.search(main))


def _words(text: str) -> set[str]:
    return {w for w in ascii_words(text) if w not in _STOP and len(w) > 2}


def _referent(
    text: str, refs: list[TimeRef], duration: TimeRef, clause: str, clause_end: int
) -> TimeRef | None:
    """The dated mention the "N units after <clause>" counts from."""
    # "nine months after March": the clause itself is the date
    direct = [r for r in refs if duration.end < r.start < clause_end and _datelike(r.value)]
    if direct:
        return direct[0]
    want = _words(clause)
    want_change = bool(want & _CHANGE_OF_CONTROL)
    best: tuple[int, int, TimeRef] | None = None
    for ref in refs:
        if (
            ref is duration
            or not _datelike(ref.value)
            or (ref.start < clause_end and ref.end > duration.start)
        ):
            continue
        start = _sentence_start(text, ref.start)
        before = text[start : ref.start].split()[-REFERENT_WINDOW:]
        window = _words(" ".join(before))
        score = len(want & window)
        if want_change and window & _CHANGE_OF_CONTROL:
            score += 1
        if score == 0:
            continue
        key = (score, -ref.start)
        if best is None or key > (best[0], best[1]):
            best = (score, -ref.start, ref)
    return None if best is None else best[2]


def _datelike(value: str) -> bool:
    return bool(re.fullmatch(r"(?:\d{4}|XXXX)-\d\d(?:-\d\d)?", value))


def _sentence_start(text: str, offset: int) -> int:
    cut = max(text.rfind(". ", 0, offset), text.rfind("\n", 0, offset))
    return cut + 1 if cut >= 0 else 0


def _snippet(text: str, ref: TimeRef) -> str:
    start = _sentence_start(text, ref.start)
    words = text[start : ref.end].split()
    return " ".join(words[-REFERENT_WINDOW - 2 :])


def _count_from(
    text: str, refs: list[TimeRef], referent: TimeRef, n: int, unit: str
) -> tuple[dt.date, str, str] | None:
    value = referent.value
    day_level = len(value) == 10
    month = int(value[5:7])
    day = int(value[8:10]) if day_level else 1
    precision = "day" if day_level and unit in ("D", "W") else "month"
    if not value.startswith("XXXX"):
        start = dt.date(int(value[:4]), month, day)
        when = shift(start, unit, n)
        return _at(when, precision), precision, ""
    # a month without a year: place it by the dates the article does give
    explicit = [
        r for r in refs if r.type == "DATE" and re.fullmatch(r"\d{4}(?:-\d\d(?:-\d\d)?)?", r.value)
    ]
    if not explicit:
        return None
    latest = max(_end_of(r.value) for r in explicit)
    named = [int(r.value[:4]) for r in explicit if len(r.value) >= 7]
    floor_year = max(named) + 1 if named else None
    for year in range(latest.year - 1, latest.year + 3):
        try:
            start = dt.date(year, month, day)
        except ValueError:
            continue
        when = shift(start, unit, n)
        if when <= latest or (floor_year is not None and when.year < floor_year):
            continue
        reason = (
            f" placed in {year}, the earliest year after the dates the article gives "
            f"(latest: {_latest_text(explicit)})"
        )
        if floor_year is not None:
            reason += f", and after {floor_year - 1}, which it names in full as a past year"
        return _at(when, precision), precision, reason
    return None


def _at(when: dt.date, precision: str) -> dt.date:
    return when.replace(day=1) if precision == "month" else when


def _end_of(value: str) -> dt.date:
    year = int(value[:4])
    if len(value) == 4:
        return dt.date(year, 12, 31)
    month = int(value[5:7])
    if len(value) == 7:
        return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date.fromisoformat(value)


def _latest_text(explicit: list[TimeRef]) -> str:
    ref = max(explicit, key=lambda r: _end_of(r.value))
    return f"“{ref.text}”"


# --------------------------------------------------------------------------
# 2. weekdays read against the other articles of the story


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z-]{2,}\b")


@functools.lru_cache(maxsize=4096)
def _names(text: str) -> frozenset[str]:
    """Capitalised words not opening a sentence: the names an article uses
    (cached: every undated article is compared with every dated one)."""
    return frozenset(m.group() for m in _NAME.finditer(text) if m.group().lower() not in WEEKDAYS)


def _from_story_weekdays(
    item: AnalyzedArticle, refs: list[TimeRef], others: Sequence[AnalyzedArticle]
) -> Inferred | None:
    text = item.article.text
    weekdays = [r for r in refs if re.fullmatch(r"XXXX-WXX-\d(?:T\w+)?", r.value)]
    if not weekdays:
        return None
    names = _names(text)
    story = [
        o
        for o in others
        if o.article.published is not None
        and o.article.published_from != "inferred"
        and len(names & _names(o.article.text)) >= SAME_STORY_NAMES
    ]
    if not story:
        return None
    reference = max(o.article.published for o in story if o.article.published is not None)
    # the article must not speak of dates after its story's days
    for ref in refs:
        absolute = re.fullmatch(r"\d{4}(?:-\d\d(?:-\d\d)?)?", ref.value) and ref.type == "DATE"
        if absolute and _start_of(ref.value) > reference + dt.timedelta(days=7):
            return None
    resolved: list[tuple[dt.date, TimeRef]] = []
    for ref in weekdays:
        tense = tense_at(text, ref.start, ref.end)
        if tense == "future":
            continue
        wd = int(ref.value[9])
        resolved.append((resolve_weekday(wd - 1, reference, tense), ref))
    if not resolved:
        return None
    told = [_told_by_story(item, day, ref, story) for day, ref in resolved]
    corroborated = [t for t in told if t is not None]
    if not corroborated:
        return None  # same names, but none of its days' events is in the dated reports
    low = max(day for day, _ in resolved)
    high = min(day for day, _ in resolved) + dt.timedelta(days=6)
    if low > high:
        return None
    when = reference if low <= reference <= high else low
    named = ", ".join(
        f"“{ref.text}” = {day.isoformat()}" for day, ref in sorted(resolved, key=lambda x: x[0])[:3]
    )
    dates = sorted({o.article.published.isoformat() for o in story if o.article.published})
    witness = corroborated[0]
    warning = (
        f"publication date inferred as {when.isoformat()}: the article names weekdays in the past "
        f"tense ({named}) and shares names with reports of the same story dated "
        f"{', '.join(dates)}; "
        f"read against them it was written between {low.isoformat()} and {high.isoformat()}; "
        f"{witness} tells the same event on the same day"
    )
    return Inferred(when, warning)


#: A weekday event of the undated article is told by a dated report when a
#: sentence of that report on the same day shares this many content words at
#: this overlap: the timeline's merge rule (measured on ECB+, bench/timex.py).
TOLD_SHARED = 2
TOLD_OVERLAP = 0.1


def _told_by_story(
    item: AnalyzedArticle, day: dt.date, ref: TimeRef, story: Sequence[AnalyzedArticle]
) -> str | None:
    """The id of a dated report's sentence telling, on ``day``, the event of the
    undated article's sentence around ``ref``; None when no report does."""
    sentence = item.sentence_at(ref.start)
    own = _words(sentence.text if sentence else item.article.text[ref.start - 200 : ref.end + 200])
    for other in story:
        for other_ref in article_timexes(other, other.article.published):
            if other_ref.value[:10] != day.isoformat():
                continue
            theirs = other.sentence_at(other_ref.start)
            if theirs is None:
                continue
            words = _words(theirs.text)
            shared = len(own & words)
            if shared >= TOLD_SHARED and shared / (min(len(own), len(words)) or 1) >= TOLD_OVERLAP:
                return theirs.id
    return None


def _start_of(value: str) -> dt.date:
    year = int(value[:4])
    month = int(value[5:7]) if len(value) >= 7 else 1
    day = int(value[8:10]) if len(value) == 10 else 1
    return dt.date(year, month, day)
