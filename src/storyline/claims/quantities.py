"""Quantities in claims, normalised to ranges so that wordings can be compared.

"some 50,000 residents" and "more than fifty thousand people" agree; "in the
hundreds" and "maybe 1,000 men" do not.  Each quantity becomes a closed range
``[low, high]`` from its number (digits or words) and its modifier, with the
head noun it counts (``unit``) so that only like is compared with like.

Ranges (the lexicon, documented here because it decides what conflicts):

* an exact figure ``n`` is ``[n, n]``;
* approximators (about, around, some, roughly, approximately, an estimated,
  maybe, perhaps, nearly, almost) allow 10% either way -- wire style rounds to
  the nearest round figure, and 10% keeps "about 50,000" apart from
  "about 40,000";
* "more than / over / at least n" is ``[n, 1.5n]``; "up to / fewer than / less
  than / under n" is ``[0, n]``;
* vague plurals cover what writers use them for: "dozens" 24-89,
  "hundreds" 200-899, "thousands" 2,000-8,999, "tens of thousands"
  20,000-89,999 -- a count of about a thousand is written "nearly a thousand",
  not "hundreds";
* "a few" 2-5, "several" 3-9, "a handful" 2-6, "a dozen" 12, "scores" 40-99.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from storyline import lexicons
from storyline.text.docs import doc_text
from storyline.text.numbers import CARDINALS

_UNITS = {"zero": 0, **CARDINALS}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE = {
    "dozens": (24, 89),
    "scores": (40, 99),
    "hundreds": (200, 899),
    "thousands": (2_000, 8_999),
    "millions": (2_000_000, 8_999_999),
}
_FEW = {"few": (2, 5), "several": (3, 9), "handful": (2, 6), "dozen": (12, 12)}
#: approximators: the figure is rounded
_APPROX = lexicons.words("claims/approximators")
_ABOVE = lexicons.phrases("claims/above_phrases")
_BELOW = lexicons.phrases("claims/below_phrases")
#: years and clock times are not counts of anything
_NOT_COUNTS = frozenset(("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL"))


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as a range, with the noun it counts (lemma) when there is one."""

    low: float
    high: float
    unit: str | None
    text: str

    def overlaps(self, other: Quantity) -> bool:
        return self.low <= other.high and other.low <= self.high

    def label(self) -> str:
        lo, hi = _fmt(self.low), _fmt(self.high)
        value = lo if lo == hi else f"{lo}-{hi}"
        return f"{value} {self.unit}" if self.unit else value


def _fmt(x: float) -> str:
    return str(round(x))


def _word_number(words: list[str]) -> float | None:
    """'fifty thousand' -> 50000, 'two hundred and five' -> 205."""
    total = 0.0
    current = 0.0
    seen = False
    for raw in words:
        w = raw.lower().strip(",")
        if w in ("and", "a", "an", "-"):
            if w in ("a", "an"):
                current = max(current, 1)
            continue
        if w in _UNITS:
            current += _UNITS[w]
            seen = True
        elif "-" in w and all(p in _UNITS for p in w.split("-")):
            current += sum(_UNITS[p] for p in w.split("-"))
            seen = True
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total += current
                current = 0
            seen = True
        else:
            num = _digits(w)
            if num is None:
                return None
            current += num
            seen = True
    return total + current if seen else None


def _digits(text: str) -> float | None:
    cleaned = text.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        return float(cleaned)
    return None


def _unit_of(token: Any) -> str | None:
    """The noun a number counts: its head ('1,000 men') or, for 'hundreds of
    statues', the object of 'of'."""
    if token.dep_ == "nummod" and token.head.pos_ in ("NOUN", "PROPN"):
        return str(token.head.lemma_.lower())
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in ("NOUN", "PROPN", "PRON"):
                return str(pobj.lemma_.lower())
    if token.pos_ == "NOUN" and token.lower_ not in _VAGUE and token.lower_ not in _FEW:
        return str(token.lemma_.lower())
    return None


def quantities(span: Any) -> list[Quantity]:
    """Counts in a spaCy span (a claim's content), in text order."""
    out: list[Quantity] = []
    tokens = list(span)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        low_text = tok.lower_
        if tok.ent_type_ in _NOT_COUNTS or (
            tok.like_num and re.fullmatch(r"1[89]\d\d|20\d\d", tok.text)
        ):
            i += 1
            continue
        run: list[Any] = []
        j = i
        while j < len(tokens) and (
            tokens[j].like_num
            or tokens[j].lower_ in _UNITS
            or tokens[j].lower_ in _SCALES
            or (
                run
                and tokens[j].lower_ in ("and", "-")
                and j + 1 < len(tokens)
                and (tokens[j + 1].like_num or tokens[j + 1].lower_ in _UNITS)
            )
        ):
            run.append(tokens[j])
            j += 1
        value_range: tuple[float, float] | None = None
        last = tok
        if run:
            value = _word_number([t.text for t in run])
            last = run[-1]
            if value is not None:
                value_range = (value, value)
        elif low_text in _VAGUE:
            value_range = _VAGUE[low_text]
            prev = tokens[i - 1].lower_ if i > 0 else ""
            prev2 = tokens[i - 2].lower_ if i > 1 else ""
            if low_text == "thousands" and prev == "of" and prev2 == "tens":
                value_range = (20_000, 89_999)
            j = i + 1
        elif low_text in _FEW and not (low_text == "few" and i > 0 and tokens[i - 1].lower_ != "a"):
            value_range = _FEW[low_text]
            nxt = tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
            if (
                nxt in _SCALES or nxt in _VAGUE or nxt == "dozen"
            ):  # "a few hundred", "several dozen"
                scale = _SCALES.get(nxt, 12 if nxt == "dozen" else 1)
                if nxt in _VAGUE:
                    scale = {"dozens": 12, "hundreds": 100, "thousands": 1000}.get(nxt, 1)
                value_range = (value_range[0] * scale, value_range[1] * scale)
                last = tokens[i + 1]
                j = i + 2
            else:
                j = i + 1
        if value_range is None:
            i += 1
            continue
        before = " ".join(t.lower_ for t in tokens[max(0, i - 3) : i])
        lo, hi = value_range
        if run:
            if any(before.endswith(m) for m in _ABOVE):
                hi = lo * 1.5
            elif any(before.endswith(m) for m in _BELOW):
                lo = 0
            elif i > 0 and tokens[i - 1].lower_ in _APPROX:
                lo, hi = lo * 0.9, hi * 1.1
        text = doc_text(span.doc)[tok.idx : last.idx + len(last.text)]
        out.append(Quantity(lo, hi, _unit_of(last), text))
        i = max(j, i + 1)
    return out
