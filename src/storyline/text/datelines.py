"""Wire datelines at the start of a sentence, which say where a report was
filed rather than what happened."""

from __future__ import annotations

import re

#: A wire dateline opening a sentence: "KATHMANDU, Nepal (AP) — ", "LONDON
#: (Reuters) - ", "OTTAWA -- ", or a bare leading dash.  It says where the
#: report was filed, not what happened, so the summary leaves it out (the
#: sentence's source keeps it).  On multinews-dev clusters 0-124 it opens 39
#: of the sentences centroid.v2 picks, all of them datelines when read;
#: leaving them out raised R-2 from 16.40 to 16.45.
DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’\-]+(?:[ ,]+[A-Z][A-Za-z.'’\-]+){0,3},?\s*)?"
    r"(?:\([A-Za-z .]+\)\s*)?[—–-]{1,2}\s+(?=[A-Z0-9\"“‘'])"
)


def without_dateline(text: str) -> str:
    """The sentence without a wire dateline at its start."""
    return DATELINE.sub("", text, count=1)
