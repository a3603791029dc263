"""Hedges and verification caveats.

News marks what it could not check: "reportedly", "claimed", "could not
immediately be confirmed independently", "conflicting reports".  A hedge can
sit in the statement itself ("MTV reportedly said ...") or in a sentence of
its own that qualifies what came before ("The report about the prison could
not immediately be confirmed independently.").  This module finds both kinds
of phrase; :mod:`storyline.claims.ledger` attaches them to the claims they qualify.

Each lexicon entry maps a label (what the ledger shows) to a pattern over the
lower-cased sentence.  The entries are the epistemic adverbs and verification
formulas of wire style (AP/Reuters/AFP stylebooks use the same few phrases),
not wording from any one report.
"""

from __future__ import annotations

import re

_VERIFY = r"(?:confirmed|verified|corroborated|substantiated)"
_ADV = r"(?:immediately|independently|yet|officially|readily|separately)"

#: Phrases that qualify the statement they occur in.
HEDGES: tuple[tuple[str, str], ...] = (
    ("reportedly", r"\breportedly\b"),
    ("allegedly", r"\ballegedly\b|\balleged\b"),
    ("purportedly", r"\bpurportedly\b|\bpurported\b"),
    ("apparently", r"\bapparently\b"),
    ("supposedly", r"\bsupposedly\b"),
    ("rumoured", r"\brumou?r(?:s|ed)?\b"),
    ("unverified", r"\bunverified\b|\bnot (?:been )?(?:independently )?verified\b"),
    ("unconfirmed", r"\bunconfirmed\b"),
    (
        "could not be confirmed",
        rf"\b(?:could|can|cannot|can't|could not|couldn't)(?: not)?(?: {_ADV})*"
        rf" be(?: {_ADV})* {_VERIFY}\b",
    ),
    (
        "could not be confirmed",
        rf"\b(?:was|were|has|have|had|is|are)(?: been)? not(?: {_ADV})*(?: been)? {_VERIFY}\b",
    ),
    ("hard to confirm", r"\b(?:hard|difficult|impossible|not possible) to (?:confirm|verify)\b"),
    ("no independent confirmation", r"\bno (?:independent )?(?:confirmation|verification)\b"),
    ("conflicting reports", r"\bconflicting (?:reports|accounts|claims|information)\b"),
    ("unclear", r"\bunclear\b|\bnot (?:immediately |yet )?clear\b"),
    ("claimed", r"\bclaim(?:s|ed|ing)?\b"),
    ("said to be", r"\b(?:is|are|was|were) said to\b"),
    ("believed", r"\b(?:is|are|was|were) (?:believed|thought|understood) to\b"),
)

#: Phrases that, in a sentence of their own, put the preceding report in doubt.
CAVEATS = frozenset(
    (
        "could not be confirmed",
        "hard to confirm",
        "no independent confirmation",
        "unverified",
        "unconfirmed",
        "conflicting reports",
    )
)

_COMPILED = tuple((label, re.compile(pattern)) for label, pattern in HEDGES)


def hedges_in(text: str) -> tuple[str, ...]:
    """Hedge labels found in ``text``, in lexicon order, each once."""
    lowered = text.lower().replace("’", "'")
    out: list[str] = []
    for label, pattern in _COMPILED:
        if label not in out and pattern.search(lowered):
            out.append(label)
    return tuple(out)


def caveats_in(text: str) -> tuple[str, ...]:
    """Verification caveats in ``text`` (the hedges that reach back)."""
    return tuple(h for h in hedges_in(text) if h in CAVEATS)
