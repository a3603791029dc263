"""Small, documented word lists for stance and contradiction detection.

Why lists and not a model: no natural-language-inference model is available
offline, and the few thousand labelled pairs we can measure on (FNC-1 dev) are
too few to learn reliable lexical weights without over-fitting to its topics.
The lists below are written from general English usage (how news prose
denies, hedges and confirms), not mined from the evaluation data; each entry
is a lower-case token or a space-separated phrase matched on token
boundaries.  :mod:`storyline.stances.classify` and :mod:`storyline.stances.contradiction` use
them; :mod:`storyline.claims.ledger` may import them too.
"""

from __future__ import annotations

from storyline.text.numbers import CARDINALS

#: Words that flip the polarity of the predicate they govern.
NEGATIONS: frozenset[str] = frozenset(
    {
        "not",
        "no",
        "never",
        "n't",
        "nothing",
        "neither",
        "nor",
        "none",
        "nobody",
        "cannot",
        "without",
    }
)

#: Verdict cues: a report using these near the claim calls it false in its
#: own voice.  Polysemous words are left out ("lies" is also "is located",
#: "wrong" is also "what went wrong").
REFUTE_WORDS: frozenset[str] = frozenset(
    {
        "fake",
        "fakes",
        "faked",
        "hoax",
        "hoaxes",
        "false",
        "falsely",
        "untrue",
        "debunk",
        "debunked",
        "debunks",
        "debunking",
        "fabricated",
        "fabrication",
        "satire",
        "satirical",
        "bogus",
        "phony",
        "phoney",
        "prank",
        "doctored",
        "photoshopped",
        "misleading",
        "baseless",
        "unfounded",
        "retracted",
        "retraction",
        "scam",
        "myth",
        "spoof",
        "parody",
        "nonsense",
        "rubbish",
        "erroneous",
        "inaccurate",
        "incorrect",
        "hoaxer",
        "fiction",
        "fictional",
    }
)

#: Reported denials: someone in the report denies or rejects the claim.  The
#: report may relay the denial without siding with it, so these are kept apart
#: from the verdicts above.
DENIAL_WORDS: frozenset[str] = frozenset(
    {
        "deny",
        "denied",
        "denies",
        "denying",
        "denial",
        "refute",
        "refuted",
        "refutes",
        "dismissed",
        "disputed",
        "disputes",
        "rejected",
        "rejects",
    }
)

#: Multi-word verdict cues.
REFUTE_PHRASES: tuple[str, ...] = (
    "not true",
    "no evidence",
    "made up",
    "no truth",
    "not real",
    "turned out to be",
    "turns out",
    "fact check",
    "there is no",
    "did not happen",
    "never happened",
    "not the case",
    "no such",
    "no plans",
    "no intention",
    "nothing to do with",
    "too good to be true",
    "april fools",
)

#: Hedging and reporting cues: the report relays the claim without vouching
#: for it.
HEDGE_WORDS: frozenset[str] = frozenset(
    {
        "reportedly",
        "allegedly",
        "alleged",
        "alleges",
        "claim",
        "claims",
        "claimed",
        "claiming",
        "purported",
        "purportedly",
        "unconfirmed",
        "unverified",
        "rumor",
        "rumors",
        "rumour",
        "rumours",
        "rumored",
        "rumoured",
        "apparently",
        "appears",
        "appear",
        "seems",
        "may",
        "might",
        "could",
        "possibly",
        "possible",
        "perhaps",
        "speculation",
        "speculate",
        "speculated",
        "suggest",
        "suggests",
        "suggested",
        "unclear",
        "believed",
        "supposedly",
        "report",
        "reports",
        "reported",
        "according",
        "sources",
        "if",
        "whether",
    }
)

#: Multi-word hedges.
HEDGE_PHRASES: tuple[str, ...] = (
    "according to",
    "is said to",
    "are said to",
    "was said to",
    "could not be verified",
    "could not be confirmed",
    "not yet confirmed",
    "has not been confirmed",
    "it is not clear",
    "not clear",
    "if true",
    "declined to confirm",
    "did not confirm",
    "unable to confirm",
    "yet to confirm",
    "no confirmation",
    "is believed to",
)

#: Weak hedges: modal and epistemic words.  News prose uses them for
#: consequences and speculation around a fact as much as for the fact itself,
#: so they count in :func:`storyline.stances.contradiction.hedge_count` but not in
#: :data:`REPORTING_WORDS`, the stronger sign of a report keeping its distance.
MODAL_HEDGES: frozenset[str] = frozenset(
    {
        "may",
        "might",
        "could",
        "possibly",
        "possible",
        "perhaps",
        "apparently",
        "appears",
        "appear",
        "seems",
        "if",
        "whether",
        "suggest",
        "suggests",
        "suggested",
        "unclear",
    }
)

#: Reporting-distance cues: the report attributes the claim to someone else
#: or marks it unverified ("reportedly", "allegedly", "claims", "sources").
REPORTING_WORDS: frozenset[str] = HEDGE_WORDS - MODAL_HEDGES

#: Assertive confirmation cues: the report vouches for the claim.
CONFIRM_WORDS: frozenset[str] = frozenset(
    {
        "confirmed",
        "confirms",
        "announced",
        "announces",
        "officially",
        "verified",
        "revealed",
        "reveals",
        "proved",
        "proven",
        "indeed",
        "definitely",
        "actually",
        "official",
        "admitted",
        "admits",
        "acknowledged",
    }
)

#: Multi-word confirmations.
CONFIRM_PHRASES: tuple[str, ...] = (
    "has been",
    "have been",
    "it is true",
    "is true",
    "in fact",
    "told reporters",
)

#: Antonymous predicate pairs (stems as produced by :func:`storyline.stances.contradiction.stem`
#: are compared, so list base forms).  Symmetric: each pair is used both ways.
ANTONYM_PAIRS: tuple[tuple[str, str], ...] = (
    ("rise", "fall"),
    ("increase", "decrease"),
    ("increase", "fall"),
    ("rise", "drop"),
    ("gain", "lose"),
    ("win", "lose"),
    ("open", "close"),
    ("alive", "dead"),
    ("live", "die"),
    ("survive", "die"),
    ("survive", "kill"),
    ("accept", "reject"),
    ("approve", "reject"),
    ("confirm", "deny"),
    ("admit", "deny"),
    ("support", "oppose"),
    ("guilty", "innocent"),
    ("true", "false"),
    ("real", "fake"),
    ("allow", "ban"),
    ("allow", "forbid"),
    ("permit", "ban"),
    ("legalize", "ban"),
    ("impose", "lift"),
    ("advance", "retreat"),
    ("arrest", "release"),
    ("capture", "free"),
    ("capture", "release"),
    ("attack", "defend"),
    ("enter", "leave"),
    ("arrive", "depart"),
    ("start", "stop"),
    ("begin", "end"),
    ("resume", "suspend"),
    ("join", "leave"),
    ("join", "quit"),
    ("hire", "fire"),
    ("succeed", "fail"),
    ("found", "missing"),
    ("present", "absent"),
    ("evacuate", "trap"),
    ("escape", "trap"),
    ("control", "lose"),
    ("hold", "lose"),
    ("take", "lose"),
    ("seize", "lose"),
    ("agree", "disagree"),
    ("agree", "refuse"),
    ("accept", "refuse"),
    ("safe", "dead"),
    ("safe", "injured"),
    ("victory", "defeat"),
    ("increase", "cut"),
    ("raise", "cut"),
    ("raise", "lower"),
    ("up", "down"),
    ("more", "less"),
    ("more", "fewer"),
    ("higher", "lower"),
    ("legal", "illegal"),
    ("peaceful", "violent"),
)

#: Number words, for reading quantities written out.
NUMBER_WORDS: dict[str, int] = {**CARDINALS, "dozen": 12}

#: Multipliers that scale the number before them ("fifty thousand", "2 million").
NUMBER_SCALES: dict[str, int] = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}

#: Vague plural quantities and the ranges news usage gives them: "hundreds" is
#: at least two hundred, and a count near a thousand is written "nearly a
#: thousand" or "about 1,000", so the range stops at eight hundred.
VAGUE_QUANTITIES: dict[str, tuple[float, float]] = {
    "dozens": (24.0, 144.0),
    "tens": (20.0, 90.0),
    "scores": (40.0, 200.0),
    "hundreds": (200.0, 800.0),
    "thousands": (2_000.0, 8_000.0),
    "millions": (2_000_000.0, 999_999_999.0),
    "several": (3.0, 9.0),
    "few": (2.0, 6.0),
    "handful": (2.0, 6.0),
}

#: Approximators: the number is a round estimate.  The tolerance is the
#: relative slack each side (``about 1,000`` covers 850-1,150); 15% is a
#: reading of "about" chosen by hand, not fitted to any data.
APPROXIMATORS: frozenset[str] = frozenset(
    {
        "about",
        "around",
        "some",
        "approximately",
        "roughly",
        "maybe",
        "perhaps",
        "estimated",
        "circa",
        "reportedly",
    }
)
APPROX_TOLERANCE = 0.15

#: Lower-bound cues ("more than 50,000", "at least 40", "over 300").
LOWER_BOUND_PHRASES: tuple[str, ...] = ("more than", "at least", "over", "above", "exceeding")
#: Upper-bound cues ("fewer than 10", "up to 200", "under 5").
UPPER_BOUND_PHRASES: tuple[str, ...] = (
    "less than",
    "fewer than",
    "up to",
    "at most",
    "under",
    "below",
    "nearly",
    "almost",
)

#: Irregular verb forms mapped to the base form before stemming, so that
#: "rose" meets "rise" and "fell" meets "fall".
IRREGULAR_FORMS: dict[str, str] = {
    "rose": "rise",
    "risen": "rise",
    "fell": "fall",
    "fallen": "fall",
    "won": "win",
    "lost": "lose",
    "began": "begin",
    "begun": "begin",
    "held": "hold",
    "took": "take",
    "taken": "take",
    "left": "leave",
    "fled": "flee",
    "fought": "fight",
    "caught": "catch",
    "seized": "seize",
    "shot": "shoot",
    "hit": "hit",
    "struck": "strike",
    "gave": "give",
    "given": "give",
    "went": "go",
    "gone": "go",
    "came": "come",
    "saw": "see",
    "seen": "see",
    "said": "say",
    "told": "tell",
    "found": "find",
    "made": "make",
    "kept": "keep",
    "sold": "sell",
    "bought": "buy",
    "ran": "run",
    "spoke": "speak",
    "spoken": "speak",
    "wrote": "write",
    "written": "write",
    "became": "become",
    "got": "get",
    "gotten": "get",
    "led": "lead",
    "met": "meet",
    "paid": "pay",
    "sent": "send",
    "built": "build",
    "brought": "bring",
    "thought": "think",
    "stood": "stand",
    "dead": "die",
}

#: Near-synonyms news reports use interchangeably for the same event or
#: participants; :func:`storyline.stances.contradiction.compare` maps each word to the
#: first of its set so "civilians were evacuated" meets "residents left".
#: Kept small and literal: only substitutions that do not change who did what.
SYNONYM_SETS: tuple[tuple[str, ...], ...] = (
    ("leave", "evacuate", "flee", "escape", "exit", "depart"),
    ("civilian", "resident", "inhabitant", "population", "people", "locals"),
    ("kill", "die", "dead", "slay", "murder"),
    ("capture", "seize", "take", "overrun", "storm", "grab"),
    ("soldier", "troop", "army", "force"),
    ("militant", "fighter", "jihadist", "insurgent", "gunman", "gunmen"),
    ("destroy", "demolish", "raze", "wreck"),
    ("move", "relocate", "transfer", "shift"),
    ("withdraw", "retreat"),
    ("wound", "injure", "hurt"),
    ("city", "town"),
    ("attack", "assault", "offensive", "strike"),
)

#: Every single-word stance cue: what a sentence says about a claim's truth
#: rather than what the claim is about.
CUE_WORDS: frozenset[str] = REFUTE_WORDS | DENIAL_WORDS | HEDGE_WORDS | CONFIRM_WORDS
