"""Document dates and the story timeline (time expressions live in timex.py)."""

from __future__ import annotations

import datetime as dt

from storyline.records import TimeRef
from storyline.timex import find_timexes


def time_expressions(text: str, anchor: dt.date | None) -> list[TimeRef]:
    """Time expressions in ``text`` with TIMEX3 type and value, relative ones
    resolved against ``anchor`` (the article's date) when given."""
    return find_timexes(text, anchor)
