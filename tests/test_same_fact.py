"""The one same-fact test (storyline.same_fact, storyline.facts.compare)."""

from __future__ import annotations

import datetime as dt

import pytest

import storyline
from storyline.facts.compare import Context, anchored, clash, decide, read

WEDNESDAY = dt.date(2015, 5, 21)  # the reports' date: "Wednesday" is May 20


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Amrozi accused his brother, whom he called the witness, of deliberately "
            "distorting his evidence.",
            "Referring to him as only the witness, Amrozi accused his brother of "
            "deliberately distorting his evidence.",
        ),
        (
            "The ferry caught fire off Kythira on Monday with 312 passengers on board.",
            "A fire broke out on the ferry near Kythira on Monday; it carried 312 passengers.",
        ),
    ],
)
def test_the_same_fact_in_other_words(a: str, b: str) -> None:
    assert storyline.same_fact(a, b)
    assert storyline.same_fact(b, a)


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        (
            "The storm killed 14 people in Riverton on Tuesday.",
            "The storm killed 41 people in Riverton on Tuesday.",
            "numbers",
        ),
        (
            "Chapman was arrested and is expected to appear in court on Thursday.",
            "Chapman was not arrested and is expected to appear in court on Thursday.",
            "negation",
        ),
        (
            "Rebels seized the airport on Wednesday, the monitor said.",
            "Rebels seized the airport on Friday, the monitor said.",
            "dates",
        ),
        (
            "Edward Skyler, a spokesman for the mayor, said the comptroller's statements "
            "bear no relation to the facts.",
            "Jordan Barowitz, a spokesman for the governor, said the comptroller's statements "
            "bear no relation to the facts.",
            "speakers",
        ),
    ],
)
def test_numbers_denials_days_and_speakers_keep_sentences_apart(a: str, b: str, why: str) -> None:
    assert clash(read(a), read(b)) == why
    assert not storyline.same_fact(a, b)


def test_a_day_resolved_against_each_article_date() -> None:
    # "Wednesday" in a report of Thursday 21 May and "May 20" are one day ...
    a = read("Militants stormed Palmyra on Wednesday and seized the city, residents said.")
    b = read("The militants seized the city of Palmyra on May 20 after days of fighting.")
    assert clash(a, b, Context(anchors=(WEDNESDAY, WEDNESDAY))) is None
    # ... and "Tuesday" is not.
    c = read("Militants stormed Palmyra on Tuesday and seized the city, residents said.")
    assert clash(c, b, Context(anchors=(WEDNESDAY, WEDNESDAY))) == "dates"


def test_a_retelling_on_the_same_day_in_its_own_words_is_anchored() -> None:
    # The seeds' Wednesday capture: few shared words, but the same calendar
    # day in two dated reports.
    stormed = read(
        "ISIS militants stormed the Syrian city of Palmyra Wednesday, seizing it from "
        "government forces in fierce fighting."
    )
    rout = read(
        "The rout on Wednesday in Palmyra came just five days after the militants seized "
        "the much larger city of Ramadi in Iraq."
    )
    dated = Context(anchors=(WEDNESDAY, WEDNESDAY))
    assert anchored(stormed, rout, dated)
    assert decide(stormed, rout, dated)
    # Undated, or a day apart, they are not one fact.
    assert not decide(stormed, rout)
    assert not anchored(stormed, rout, Context(anchors=(WEDNESDAY, WEDNESDAY.replace(day=28))))


def test_one_statement_relayed_through_two_agencies() -> None:
    a = (
        "Port official Nikos Petrou told AFP that all the lifeboats had been lowered within "
        "twenty minutes of the alarm."
    )
    b = (
        "Nikos Petrou, a spokesman for the port authority, told Reuters the crew lowered "
        "every lifeboat soon after the alarm sounded."
    )
    assert storyline.same_fact(a, b)
    assert not storyline.same_fact(a, b.replace("Nikos Petrou", "Maria Kosta"))


def test_unrelated_sentences_are_not_one_fact() -> None:
    assert not storyline.same_fact(
        "The ferry caught fire off Kythira on Monday.",
        "Bread prices rose in the markets of Athens last month.",
    )
