"""English number words, shared by every stage that reads numbers written out
(time expressions, quantities in claims, stance)."""

from __future__ import annotations

_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = (
    "ten", "eleven", "twelve", "thirteen", "fourteen",
    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

#: one..nineteen and the tens up to ninety: the words from which every
#: cardinal below a hundred is written ("twenty-one" = twenty + one).
CARDINALS: dict[str, int] = {
    **{w: i for i, w in enumerate(_ONES, start=1)},
    **{w: i for i, w in enumerate(_TEENS, start=10)},
    **{w: 10 * i for i, w in enumerate(_TENS, start=2)},
}
