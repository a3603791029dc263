"""The claim grouping's tunable numbers (:class:`ClaimParams`)."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.params import check_numbers

__all__ = ["DEFAULT_CLAIM_PARAMS", "ClaimParams"]


@dataclass(frozen=True, slots=True)
class ClaimParams:
    """When two claims assert the same thing (:mod:`storyline.claims.conflicts`)
    and how claims are grouped (:mod:`storyline.claims.groups`).  The defaults
    are the shipped values, read off the seed reports and the demo corpus."""

    #: Content-word overlap (shared / smaller set) above which two claims are read
    #: as the same assertion even without a shared predicate class.  On the seed
    #: reports, paraphrases of one fact share 60-80% of the smaller claim's words
    #: and different facts about the same town share under 40%.
    same_words: float = 0.6
    #: The same test over all content words, common ones included, at a stricter
    #: share: in a pile about one event the most widely reported fact is told in
    #: the pile's most common words ("the fire started in the engine room", told
    #: by four outlets of the demo corpus), so dropping them would keep the best
    #: corroborated fact from ever being grouped.  At 0.75 the demo's four
    #: engine-room claims join (3 of 4 words shared) while its other claims, which
    #: share at most half their words, stay apart; the seed groups are unchanged.
    same_words_all: float = 0.75
    #: Either word test also needs the shared words to be this share of the
    #: longer claim: "killed" and "wounded" are most of "Most of the fighters
    #: killed were Turkish" but a fifth of an air-strike claim (seeds: 0.20, not
    #: the same assertion); three words of the pile's vocabulary ("ISIS", "control",
    #: "city") are all of "ISIS had seized almost all of the city" but a fifth of
    #: a fifteen-word quote about the desert around it (seeds: 0.20, not the same
    #: assertion); the demo's engine-room paraphrases share 0.30-0.33 of the longer.
    all_larger_share: float = 0.25
    #: Fewest content words a claim needs before word overlap alone may group it
    #: (also the floor of the shared-words test that relates two counts in
    #: :func:`storyline.claims.conflicts.numbers_conflict`).
    min_words: int = 3
    #: A word in more than this share of the claims at hand is too common to show
    #: that two claims say the same thing (on the seed reports: "Palmyra",
    #: "city", "ISIS", "forces" sit above 10%; content words of one fact below 5%).
    common_share: float = 0.08
    #: Average-linkage threshold: two groups merge when at least this share of
    #: their claim pairs assert the same thing (and none contradict).  Half keeps
    #: one loose match from chaining unrelated claims while letting a paraphrase
    #: that matches most of a group join it; on the seed reports 0.34-0.6 give the
    #: same groups, 0.67 splits the state-media evacuation claims.
    linkage: float = 0.5
    #: How far back a rival account ("Residents offered a different account")
    #: looks for the claim it disputes, in sentences.
    rival_reach: int = 3

    def __post_init__(self) -> None:
        check_numbers(
            self,
            shares=("same_words", "same_words_all", "all_larger_share", "common_share", "linkage"),
            counts=("min_words",),
        )


#: The shipped parameters.
DEFAULT_CLAIM_PARAMS = ClaimParams()
