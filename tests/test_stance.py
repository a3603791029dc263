"""Stance (claim vs report) and claim comparison on small texts written for these tests.

Quality on real data is measured by bench/stance.py, never asserted here; these
cases pin the behaviour each rule is meant to have.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from storyline.stances import contradiction as cx
from storyline.stances.classify import (
    DEFAULT_THRESHOLDS,
    compare,
    decide,
    stance,
    stance_features,
)
from storyline.text.stems import inflection_stem as stem
from storyline.text.tokens import stance_tokens

SHARED = Path(__file__).resolve().parents[2] / "shared"

CLAIM = "Militants destroyed the ancient temple of Baalshamin in Palmyra"

AGREE_BODY = (
    "Militants destroyed the ancient temple of Baalshamin in Palmyra on Sunday.\n\n"
    "The head of Syria's antiquities department confirmed the destruction of the "
    "temple, which had stood for nearly two thousand years. Satellite images "
    "published on Monday showed the site reduced to rubble."
)

DISAGREE_BODY = (
    "Photos said to show the ancient temple of Baalshamin in Palmyra destroyed by "
    "militants are fake, the antiquities department said.\n\n"
    "The images were doctored, and the temple is standing, officials denied any "
    "damage. Experts debunked the pictures within hours."
)

DISCUSS_BODY = (
    "Militants have reportedly destroyed the ancient temple of Baalshamin in Palmyra, "
    "according to activists.\n\n"
    "The claims could not be verified independently. Residents said they heard "
    "explosions near the ruins, but it is unclear whether the temple was hit."
)

UNRELATED_BODY = (
    "The central bank raised interest rates by a quarter point on Wednesday, citing "
    "persistent inflation in housing and energy prices. Markets had expected the move."
)


def test_stance_four_cases() -> None:
    assert stance(CLAIM, AGREE_BODY) == "agree"
    assert stance(CLAIM, DISAGREE_BODY) == "disagree"
    assert stance(CLAIM, DISCUSS_BODY) == "discuss"
    assert stance(CLAIM, UNRELATED_BODY) == "unrelated"


def test_a_denial_claim_meets_a_debunking_report_in_agreement() -> None:
    claim = "Photos of the destroyed Baalshamin temple in Palmyra are a hoax"
    assert stance(claim, DISAGREE_BODY) == "agree"


def test_a_claim_reporting_a_denial_agrees_with_a_report_of_that_denial() -> None:
    claim = "Surgeon denies taking a selfie during the operation"
    body = (
        "The surgeon denied on Tuesday that she had taken a selfie during the operation, "
        "her lawyer said.\n\nThe surgeon has denied every allegation made by the former "
        "assistant. She denied taking any photograph in the operating room."
    )
    assert stance_features(claim, body).claim_denies
    assert stance(claim, body) == "agree"


def test_a_negated_claim_met_by_a_plain_report_disagrees() -> None:
    claim = "Militants did not destroy the ancient temple of Baalshamin in Palmyra"
    assert stance(claim, AGREE_BODY) == "disagree"


def test_empty_inputs_are_unrelated() -> None:
    assert stance("", AGREE_BODY) == "unrelated"
    assert stance(CLAIM, "") == "unrelated"
    assert stance("the of and", AGREE_BODY) == "unrelated"


def test_features_reflect_the_cues() -> None:
    agree = stance_features(CLAIM, AGREE_BODY)
    disagree = stance_features(CLAIM, DISAGREE_BODY)
    discuss = stance_features(CLAIM, DISCUSS_BODY)
    unrelated = stance_features(CLAIM, UNRELATED_BODY)
    assert agree.coverage == pytest.approx(1.0)
    assert unrelated.coverage < 0.2
    assert disagree.refute_near > agree.refute_near
    assert discuss.hedge_near > agree.hedge_near
    assert decide(unrelated, DEFAULT_THRESHOLDS) == "unrelated"


def test_a_hedged_or_question_claim_is_discussed_not_agreed() -> None:
    assert stance("Did militants destroy the temple of Baalshamin in Palmyra?", AGREE_BODY) == (
        "discuss"
    )


# --- compare -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            "Government troops entered Palmyra",
            "Government troops entered Palmyra on Friday",
            "agree",
        ),
        (
            "Government troops entered Palmyra",
            "Government troops did not enter Palmyra",
            "disagree",
        ),
        ("The army denied that troops entered Palmyra", "Troops entered Palmyra", "disagree"),
        ("Oil prices rose sharply on Monday", "Oil prices fell sharply on Monday", "disagree"),
        ("Oil prices rose on Monday", "Oil prices did not fall on Monday", "agree"),
        (
            "Civilians were evacuated from the old city",
            "Civilians were trapped in the old city",
            "disagree",
        ),
        ("The president visited Paris", "Apple released a new iPhone", "unrelated"),
        (
            "Civilians were evacuated from Palmyra",
            "Residents were unable to leave Palmyra",
            "disagree",
        ),
        ("ISIS seized the city", "ISIS captured the city", "agree"),
    ],
)
def test_compare_predicates(a: str, b: str, expected: str) -> None:
    assert compare(a, b) == expected
    assert compare(b, a) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            "Some 50,000 people fled the city",
            "More than fifty thousand people fled the city",
            "agree",
        ),
        ("Some 50,000 people fled the city", "Hundreds of people fled the city", "disagree"),
        ("Hundreds of fighters were captured", "Maybe 1,000 fighters were captured", "disagree"),
        (
            "Five soldiers were killed in the attack",
            "Twelve soldiers were killed in the attack",
            "disagree",
        ),
        (
            "At least 40 soldiers were killed in the attack",
            "52 soldiers were killed in the attack",
            "agree",
        ),
        ("Dozens of houses burned in the fire", "About 60 houses burned in the fire", "agree"),
        ("Twelve soldiers were killed", "Fifteen troops died", "disagree"),
        ("12 soldiers were killed", "12 troops died", "agree"),
    ],
)
def test_compare_numbers(a: str, b: str, expected: str) -> None:
    assert compare(a, b) == expected
    assert compare(b, a) == expected


def test_quantities_read_ranges() -> None:
    q = cx.quantities("Some 50,000 people fled; more than 40 died; tens of thousands of troops")
    assert [x.text for x in q] == ["50,000", "40", "tens of thousands"]
    assert q[0].low < 50_000 < q[0].high
    assert q[1].low == 40 and math.isinf(q[1].high)
    assert q[2].low >= 10_000 and q[2].high < 100_000
    assert q[0].unit == stem("people")


def test_years_are_not_counts() -> None:
    assert cx.quantities("In 2015 the city fell") == []


def test_tokens_split_contractions_and_stems_meet() -> None:
    assert stance_tokens("They didn't leave Raqqa’s centre") == [
        "they",
        "did",
        "n't",
        "leave",
        "raqqa",
        "centre",
    ]
    assert stem("killed") == stem("kills") == stem("killing") == stem("kill")
    assert stem("died") == stem("dies") == stem("die")
    assert stem("rose") == stem("rise")


def test_negated_counts_flips() -> None:
    assert cx.negated(stance_tokens("The troops did not withdraw"))
    assert cx.negated(stance_tokens("The ministry denied the troops withdrew"))
    assert not cx.negated(stance_tokens("The ministry did not deny the troops withdrew"))


def test_word_weight_prefers_rare_words() -> None:
    assert cx.word_weight("the") == 0.0
    assert cx.word_weight("palmyra") > cx.word_weight("city") > 0.0


def test_stance_on_seed_reports() -> None:
    """The statues-moved story is told by AFP (001) and Reuters (002): related."""
    seeds = sorted((SHARED / "seeds").glob("00[12]_*.txt"))
    if len(seeds) < 2:
        pytest.skip(f"seed reports not found under {SHARED / 'seeds'}")
    text = seeds[1].read_text(encoding="utf-8")
    assert stance("ISIS captured the ancient city of Palmyra", text) != "unrelated"
    assert stance("The central bank raised interest rates", text) == "unrelated"


def test_top_level_api_reaches_the_stage() -> None:
    import storyline

    assert storyline.stance(CLAIM, UNRELATED_BODY) == "unrelated"
    assert storyline.stance(CLAIM, AGREE_BODY) == "agree"
