"""Word lists and small helpers for :mod:`storyline.timeline.timex.finder`.

Kept apart so the rules read as rules: month and weekday names, number words,
units, parts of the day and seasons, and a cheap tense guess over plain text
(no parser: the benchmark and the timeline call it for every expression).
"""

from __future__ import annotations

import re
from typing import Literal

from storyline import lexicons
from storyline.text.numbers import CARDINALS

Tense = Literal["past", "future", "present"] | None

MONTHS: dict[str, int] = {}
for _i, _name in enumerate(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
    start=1,
):
    MONTHS[_name] = _i
    MONTHS[_name[:3]] = _i
MONTHS["sept"] = 9
# "mar", "may", "jun", "jul" without a period collide with words; the month
# rule only accepts capitalised names, and short forms need the period below.
MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.|"
    r"Jan|Feb|Aug|Sept|Oct|Nov|Dec)"
)

WEEKDAYS: dict[str, int] = {}
for _i, _name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
):
    WEEKDAYS[_name] = _i
    WEEKDAYS[_name[:3]] = _i
WEEKDAYS["tues"] = 1
WEEKDAYS["thur"] = 3
WEEKDAYS["thurs"] = 3
WEEKDAY_RE = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"Mon\.|Tues?\.|Wed\.|Thur?s?\.|Fri\.|Sat\.|Sun\.)"
)

#: TIMEX3 codes for parts of the day.
DAYPART: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
    "midday": "MI",
    "mid-afternoon": "AF",
    "mid-morning": "MO",
}
DAYPART_RE = r"(?:morning|afternoon|evening|night|overnight|mid-afternoon|mid-morning)"

SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
}
SEASON_RE = r"(?:spring|summer|fall|autumn|winter)"

_SMALL = {"a": 1, "an": 1, **CARDINALS, "hundred": 100}
_VAGUE = {
    "several",
    "few",
    "a few",
    "some",
    "many",
    "numerous",
    "the",
    "dozens of",
    "hundreds of",
    "thousands of",
}
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
NUMBER_RE = (
    r"(?P<num_inner>\d+(?:\.\d+)?(?:\s+1/2)?|"
    rf"{_TENS}(?:[\s-]{_ONES})?|"
    r"a\s+couple\s+of|a\s+couple|couple\s+of|a\s+few|a\s+dozen|a\s+hundred|one\s+hundred|a\s+thousand|half\s+a|"
    r"dozens\s+of|hundreds\s+of|thousands\s+of|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|hundred|thousand|several|few|many|"
    r"a|an|couple|dozen|single)"
)

UNIT_RE = (
    r"(?P<unit>seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|"
    r"quarters?|years?|decades?|century|centuries|millenni(?:um|a))"
)


def number_value(text: str | None) -> float | None:
    """The value of a number phrase, or None for vague ones ("several")."""
    if not text:
        return None
    t = re.sub(r"[\s-]+", " ", text.lower().strip())
    if t in _VAGUE:
        return None
    if t in _SMALL:
        return _SMALL[t]
    half = t.endswith(" 1/2")
    t = t.removesuffix(" 1/2")
    try:
        return float(t) + (0.5 if half else 0)
    except ValueError:
        pass
    parts = t.split()
    if len(parts) == 2 and parts[0] in _SMALL and parts[1] in _SMALL:
        return _SMALL[parts[0]] + _SMALL[parts[1]]
    return None


def unit_code(word: str) -> str:
    """TIMEX3 unit letter of a unit word: D W M Q Y; E=decade, C=century,
    F=fortnight, H hour, T minute, S second."""
    w = word.lower().rstrip("s")
    if w.startswith("centur"):
        return "C"
    if w.startswith("millenni"):
        return "L"
    return {
        "second": "S",
        "minute": "T",
        "hour": "H",
        "day": "D",
        "night": "D",
        "week": "W",
        "weekend": "W",
        "fortnight": "F",
        "month": "M",
        "quarter": "Q",
        "year": "Y",
        "decade": "E",
    }.get(w, "D")


_FUTURE = re.compile(
    r"\b(?:will|shall|won['’]t|wo\s+n't|['’]ll|going\s+to|(?:is|are|am)\s+(?:expected|scheduled|due|set|slated|planning|likely)\s+to|"
    r"(?:plans?|planned|planning|scheduled|set|due|expected|intends?|intended|hopes?|hoped|aims?|aimed|"
    r"promised|vowed|threatened|ready)\s+to|would|upcoming|"
    r"as\s+(?:soon|early)\s+as|(?:has|have|had|was|were|is|are)\s+(?:scheduled|planned|slated)|"
    r"(?:is|are)\s+to)\b",
    re.IGNORECASE,
)
_IRREGULAR_PAST = (
    "was|were|had|did|said|told|made|took|came|went|got|gave|saw|found|thought|"
    "left|felt|kept|held|brought|began|ran|stood|heard|met|paid|sent|built|fell|"
    "lost|spent|won|led|fought|caught|sold|bought|rose|drove|broke|spoke|wrote|"
    "became|knew|grew|chose|seized|put|set|cut|hit|hurt|shut|quit|struck|fled|"
    "shot|withdrew|overran|swept|stole|threw|forgot|ago|yesterday|last|earlier|"
    "previously|reported|announced|declared"
)
_PAST = re.compile(
    r"\b(?:has|have)\s+(?:not\s+|already\s+|just\s+|been\s+)?[a-z]{3,}(?:ed|en)\b|"  # perfect
    r"(?<!\bbe )(?<!\bbeen )(?<!\bbeing )(?<!\bis )(?<!\bare )(?<!\bhave )(?<!\bhas )"
    r"(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bits )(?<!\btheir )(?<!\bhis )(?<!\bher )"  # adjectives
    rf"\b(?:{_IRREGULAR_PAST}|[a-z]{{3,}}(?<!unit)(?<!limit)ed"
    r"(?<!feed)(?<!seed)(?<!speed)(?<!breed)(?<!indeed)(?<!hundred)(?<!proceed)(?<!exceed)"
    r"(?<!succeed))\b",
    re.IGNORECASE,  # "United", "Limited" are names; "-eed" words ("succeed") no past
)
#: "since (shortly after) the Oct. 23 slaying": the expression is in the past.
_SINCE = re.compile(r"\bsince\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)
_REPORTING = lexicons.words("timex/reporting_past")
_PRESENT = re.compile(r"\b(?:is|are|am|says|say|has|have)\b", re.IGNORECASE)
_SENT_END = re.compile(r"[.!?][\"”’)]?\s+(?=[A-Z\"“])|\n\s*\n")

#: Characters looked at on each side when guessing the tense: about one
#: clause.  Value F1 TimeBank/AQUAINT: 40 -> 80.3/72.2, 80 -> 80.0/73.9,
#: 120 -> 80.1/73.9, 200 -> 80.1/74.0 (the sentence boundary cuts first).
TENSE_WINDOW = 120
#: Markers after the expression count as this much farther away than those
#: before it: English puts the governing verb first ("will double its flights
#: by August"), and what follows is often a participle ("untouched by ...").
#: TimeBank/AQUAINT value F1: 1.0 -> 80.5/76.2, 2.0 and 3.0 -> 80.6/76.2.
AFTER_WEIGHT = 2.0


#: A full stop after these ends an abbreviation, not a sentence: titles
#: ("Gen. Schwarzkopf", "Roe vs. Wade") and initials ("U.S. officials").
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|vs|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Adm|Prof|Rev|Jr|Sr|Ft|Mt)|"
    r"(?:^|[\s.(])[A-Z])$"
)


def _sentence_ends(segment: str) -> list[re.Match[str]]:
    return [
        m
        for m in _SENT_END.finditer(segment)
        if not (segment[m.start()] == "." and _ABBREVIATION.search(segment, 0, m.start()))
    ]


def tense_at(text: str, start: int, end: int) -> Tense:
    """Past, future or present, judged by the nearest tense marker around
    ``text[start:end]`` within its sentence; None when there is none."""
    lo = max(0, start - TENSE_WINDOW)
    hi = min(len(text), end + TENSE_WINDOW)
    before = text[lo:start]
    after = text[end:hi]
    cut = _sentence_ends(before)
    if cut:
        before = before[cut[-1].end() :]
        lo = start - len(before)
    ends = _sentence_ends(after)
    if ends:
        after = after[: ends[0].start() + 1]
    if _SINCE.search(before):
        return "past"
    best: tuple[float, Tense] | None = None
    markers: tuple[tuple[Tense, re.Pattern[str]], ...] = (
        ("future", _FUTURE),
        ("past", _PAST),
        ("present", _PRESENT),
    )
    for kind, pattern in markers:
        for m in pattern.finditer(before):
            distance = float(len(before) - m.end())
            if best is None or distance < best[0]:
                best = (distance, _unless_pluperfect(kind, before, m))
        for m in pattern.finditer(after):
            if kind == "past" and m.group().lower() in _REPORTING:
                continue  # "... leave on Tuesday, Castro said": the report, not the event
            distance = m.start() * AFTER_WEIGHT
            if best is None or distance < best[0]:
                best = (distance, _unless_pluperfect(kind, after, m))
    return None if best is None else best[1]


#: "had been due to", "had been scheduled to": a plan seen from the past, so
#: the time it names is behind the report ("The offer had been due to expire
#: Friday evening" in a Monday report is the Friday just gone).
_PLUPERFECT = re.compile(r"\bhad\s+(?:not\s+)?(?:been\s+)?$", re.IGNORECASE)


def _unless_pluperfect(kind: Tense, segment: str, m: re.Match[str]) -> Tense:
    if kind == "future" and (
        m.group().lower().startswith("had") or _PLUPERFECT.search(segment, 0, m.start())
    ):
        return "past"
    return kind
