"""time_expressions: spans, TIMEX3 types and values, relative resolution."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.timeline.events import time_expressions

THURSDAY = dt.date(2015, 5, 21)


def values(text: str, anchor: dt.date | None = THURSDAY) -> dict[str, tuple[str, str]]:
    return {r.text: (r.type, r.value) for r in time_expressions(text, anchor)}


def test_offsets_point_into_the_text() -> None:
    text = "The rout on Wednesday in Palmyra came five days after Ramadi fell in May 2015."
    refs = time_expressions(text, THURSDAY)
    assert refs, "no expressions found"
    for ref in refs:
        assert text[ref.start : ref.end] == ref.text
        assert ref.anchor == "2015-05-21"
    assert [r.text for r in refs] == ["Wednesday", "five days after", "May 2015"] or [
        r.text for r in refs
    ] == ["Wednesday", "five days", "May 2015"]


def test_same_weekday_is_the_anchor_day() -> None:
    assert values("The group declared on Thursday that it held the town.")["Thursday"] == (
        "DATE",
        "2015-05-21",
    )


def test_past_weekday_looks_back_and_future_looks_forward() -> None:
    assert values("Militants stormed the city Wednesday.")["Wednesday"][1] == "2015-05-20"
    assert values("The talks will resume on Monday.")["Monday"][1] == "2015-05-25"
    assert values("Rebels said they had withdrawn on Monday.")["Monday"][1] == "2015-05-18"


def test_last_and_next_weekday_skip_the_anchor_day() -> None:
    assert values("He arrived last Thursday.")["last Thursday"][1] == "2015-05-14"
    assert values("They meet next Thursday.")["next Thursday"][1] == "2015-05-28"


def test_weekday_with_part_of_day() -> None:
    found = values("Omran said Wednesday evening via Skype.")
    assert found["Wednesday evening"][1] == "2015-05-20TEV"
    assert values("fighters entered the city late Wednesday.")["late Wednesday"][1] == "2015-05-20"


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("It happened last week.", "last week", "2015-W20"),
        ("It happened earlier this month.", "earlier this month", "2015-05"),
        ("They visited a year ago.", "a year ago", "2014"),
        ("They visited two days ago.", "two days ago", "2015-05-19"),
        ("Prices rose this week.", "this week", "2015-W21"),
        ("The camp fell last month.", "last month", "2015-04"),
        ("He was elected last year.", "last year", "2014"),
        ("The vote is next year.", "next year", "2016"),
        ("They met yesterday.", "yesterday", "2015-05-20"),
        ("They meet tomorrow.", "tomorrow", "2015-05-22"),
        ("Airstrikes began in mid-2014.", "mid-2014", "2014"),
        ("The site was listed in 2013.", "2013", "2013"),
        ("An uprising in the 1980s was crushed.", "the 1980s", "198"),
        ("Sales fell in the first quarter.", "the first quarter", "2015-Q1"),
        ("Sales fell in the third quarter.", "the third quarter", "2014-Q3"),
        ("The offensive began last summer.", "last summer", "2014-SU"),
        ("It ended on May 20, 2015.", "May 20, 2015", "2015-05-20"),
        ("It ended on 21/05/2015.", "21/05/2015", "2015-05-21"),
    ],
)
def test_relative_and_absolute_dates(text: str, expression: str, value: str) -> None:
    found = values(text)
    assert expression in found, found
    assert found[expression] == ("DATE", value)


def test_bare_month_follows_tense() -> None:
    # in a May report, a past-tense "March" is this year's and a past-tense
    # "December" last year's; a future "January" is next year's
    assert values("The army recaptured the city in March.")["March"][1] == "2015-03"
    assert values("The army recaptured the city in December.")["December"][1] == "2014-12"
    assert values("Elections will be held in January.")["January"][1] == "2016-01"


def test_present_tense_month_is_the_nearest_one() -> None:
    # a present tense says nothing about past or future: the nearest month
    nov = dt.date(1989, 11, 2)
    assert values("The dividend is payable Jan. 2 to holders.", nov)["Jan. 2"][1] == "1990-01-02"
    jan = dt.date(1998, 1, 8)
    found = values("Her flats, worth $130 million in October, are worth half that now.", jan)
    assert found["October"][1] == "1997-10"
    # close months stay in the anchor's year
    assert values("The plan is due in March.", jan)["March"][1] == "1998-03"


def test_the_year_is_a_date_unless_it_is_a_span() -> None:
    nov = dt.date(1989, 11, 2)
    found = values("For the year, pet food volume was flat.", nov)
    assert found["the year"] == ("DATE", "1989")
    found = values("Herbicide use was delayed earlier in the year by rain.", nov)
    assert ("DATE", "1989") in found.values()
    found = values("Net income for the year ended Aug. 31 was C$2.7 million.", nov)
    assert found["the year"] == ("DURATION", "P1Y")
    assert values("Profit should rise throughout the year.", nov)["the year"] == ("DURATION", "P1Y")


def test_years_in_words_and_decade_words() -> None:
    feb98 = dt.date(1998, 2, 27)
    found = values("January nineteen ninety-seven. Atlanta again.", feb98)
    assert found["January nineteen ninety-seven"] == ("DATE", "1997-01")
    found = values("the level we saw in the winter of nineteen ninety-four", feb98)
    assert found["the winter of nineteen ninety-four"] == ("DATE", "1994-WI")
    assert values("numbers fell through the nineties", feb98)["the nineties"] == ("DATE", "199")
    # without a century, the latest such decade begun by the anchor
    assert values("a boom in the twenties", dt.date(2031, 1, 1))["the twenties"][1] == "202"
    assert values("a boom in the twenties", dt.date(2015, 1, 1))["the twenties"][1] == "192"
    assert values("highs in the sixties", feb98) == {}


def test_a_plan_told_in_the_pluperfect_is_past() -> None:
    monday = dt.date(1989, 10, 30)
    found = values("The offer had been due to expire Friday evening.", monday)
    assert found["Friday evening"][1] == "1989-10-27TEV"
    assert values("The offer is due to expire Friday.", monday)["Friday"][1] == "1989-11-03"


def test_capitalised_time_nouns_inside_a_sentence_are_names() -> None:
    found = values('Baker said on ABC\'s "This Week" that the talks had failed.')
    assert "This Week" not in found
    assert values("Gonzalez said on CBS's ''60 Minutes.''") == {}
    assert values("a picture of Gary Cooper from the film ``High Noon.''") == {}
    # at the start of a sentence a capital is only a capital; holidays are dates
    found = values("They left. Last week the talks failed. Now we wait until Christmas Day.")
    assert found["Last week"] == ("DATE", "2015-W20")
    assert found["Now"] == ("DATE", "PRESENT_REF")
    assert found["Christmas Day"][1] == "2015-12-25"
    # a headline capitalises every word: its times are still times
    found = values("Lindsay Lohan Checks Into Rehab, Checks Out Two Minutes Later\nThe judge said")
    assert any(text.startswith("Two Minutes") for text in found), found


def test_that_year_and_the_following_month_count_from_the_text() -> None:
    found = values("She fled to Florida in June 1998 and returned later that year.")
    assert found["later that year"] == ("DATE", "1998")
    found = values("The bid came in March 2014. The following month, the firm was sold.")
    assert found["The following month"] == ("DATE", "2014-04")
    # with no date in the text, the report's own date
    assert values("Sales rose that year.")["that year"] == ("DATE", "2015")


def test_tense_reads_past_abbreviations_and_eed_words() -> None:
    oct98 = dt.date(1998, 10, 25)
    text = "In January, a week after the 25th anniversary of Roe vs. Wade, a bomb killed a guard."
    assert values(text, oct98)["January"][1] == "1998-01"
    # "succeed" is no past tense: the future "will" governs the date
    text = "Mr. Schwarz will succeed Daniel P. Davison Feb. 1, the bank said."
    assert values(text, dt.date(1989, 10, 26))["Feb. 1"][1] == "1990-02-01"


def test_halves_weeks_of_a_day_and_clock_times_with_an_aside() -> None:
    oct89 = dt.date(1989, 10, 26)
    assert values("the second half of 1989", oct89)["the second half of 1989"][1] == "1989-H2"
    found = values("the trend of the last half of the '80s, with sales flat", oct89)
    assert found["the last half of the '80s"] == ("DATE", "198")
    found = values("a court hearing the week of March 6, he said", dt.date(2000, 2, 24))
    assert found["the week of March 6"] == ("DATE", "2000-W10")
    found = values("The blast came at about 10:35 a.m. (0735 GMT) Friday.", dt.date(1998, 8, 8))
    assert found["about 10:35 a.m."] == ("TIME", "1998-08-07T10:35")
    assert found["Friday"] == ("DATE", "1998-08-07")


def test_parts_of_a_day_and_hours_in_them() -> None:
    nov = dt.date(1989, 11, 2)
    found = values("Shares fell in mid-afternoon yesterday.", nov)
    assert found["mid-afternoon yesterday"] == ("TIME", "1989-11-01TAF")
    assert values("By mid afternoon, it was over.", nov)["mid afternoon"][1] == "1989-11-02TAF"
    assert values("at 8 in the evening", nov)["8 in the evening"][1] == "1989-11-02T20:00"
    assert "the morning" not in values("They met in the morning.", nov)
    found = values("He will leave at 4 in the morning (4 a.m. EDT Thursday).", dt.date(2000, 4, 5))
    assert found["4 in the morning"] == ("TIME", "2000-04-06T04:00")


def test_vague_spans_and_trading_days() -> None:
    assert values("to pay investors in the weeks ahead.")["the weeks ahead"] == ("DURATION", "PXW")
    assert values("over the years many patients died")["the years"] == ("DURATION", "PXY")
    assert "the years" not in values("the years 1990 and 1991 were hard")
    assert values("It took eight business days.")["eight business days"] == ("DURATION", "P8D")


def test_a_second_day_after_a_month_day() -> None:
    found = values("the summit on April 24 and 25.", dt.date(1999, 2, 10))
    assert found["April 24"][1] == "1999-04-24" and found["25"] == ("DATE", "1999-04-25")
    assert values("talks on May 20-21 in Geneva")["21"] == ("DATE", "2015-05-21")
    assert "4" not in values("rates rose on March 3 and 4 percent fell")
    assert "20" not in values("on May 5, 2015 and 20 people died")


def test_and_a_half() -> None:
    assert values("It took two and a half years.")["two and a half years"][1] == "P2Y6M"
    assert values("after an hour and a half of talks")["an hour and a half"][1] == "PT1H30M"


def test_durations() -> None:
    found = values("The siege lasted nine months and the fighting 24 hours; it took several weeks.")
    assert found["nine months"] == ("DURATION", "P9M")
    assert found["24 hours"] == ("DURATION", "PT24H")
    assert found["several weeks"] == ("DURATION", "PXW")
    assert ("DURATION", "P10M") in values("a 10-month occupation").values()
    assert values("for more than four years")["more than four years"] == ("DURATION", "P4Y")


def test_sets_and_present_reference() -> None:
    found = values("Convoys ran daily and patrols went out every week; now the roads are shut.")
    assert found["daily"] == ("SET", "P1D")
    assert found["every week"] == ("SET", "P1W")
    assert found["now"] == ("DATE", "PRESENT_REF")


def test_times() -> None:
    found = values("The curfew starts at 5 p.m. Thursday.")
    assert found["5 p.m. Thursday"] == ("TIME", "2015-05-21T17:00")


def test_without_anchor_relative_values_keep_placeholders() -> None:
    found = values("Militants stormed the city on Wednesday and again in March 2015.", None)
    assert found["Wednesday"] == ("DATE", "XXXX-WXX-3")
    assert found["March 2015"] == ("DATE", "2015-03")
    refs = time_expressions("on Wednesday", None)
    assert [r.text for r in refs] == ["Wednesday"]
    assert all(r.anchor is None for r in refs)


def test_words_that_only_look_like_dates_are_left_alone() -> None:
    found = values("You may march to the square; 2015 people came and paid $1990.")
    assert found == {}
    assert "Today" not in values("a military official quoted in Russia Today said so.")


_WORDS = [
    "on", "Wednesday", "last", "week", "May", "may", "2015", "21/05/2015", "a", "year", "ago",
    "nine", "months", "after", "March", "the", "third", "quarter", "daily", "5", "p.m.", "mid-2014",
    "since", "1980s", "late", "evening", "next", "said", "will", ",", ".", "Dec.", "10", "Today",
    "2", "1.5", "years", "quarter", "earlier", "later", "that", "day", "following", "1/2", "hours",
]  # fmt: skip


@given(
    st.lists(st.sampled_from(_WORDS), max_size=25),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
)
@settings(max_examples=200, deadline=None)
def test_any_word_salad_gives_consistent_spans(words: list[str], anchor: dt.date) -> None:
    text = " ".join(words)
    refs = time_expressions(text, anchor)
    last_end = -1
    for ref in refs:
        assert 0 <= ref.start < ref.end <= len(text)
        assert text[ref.start : ref.end] == ref.text
        assert ref.start >= last_end  # left to right, no overlaps
        last_end = ref.end
        assert ref.type in ("DATE", "TIME", "DURATION", "SET")
        assert ref.value


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_arbitrary_text_never_breaks(text: str) -> None:
    for ref in time_expressions(text, None):
        assert text[ref.start : ref.end] == ref.text


FEB_2025 = dt.date(2025, 2, 12)


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        # report 8 of the demo, dated 2025-02-12
        ("The ship caught fire on Sept. 10 last year with 312 on board.",
         "Sept. 10 last year", "2024-09-10"),
        ("The yard delivers it on March 3 next year.", "March 3 next year", "2026-03-03"),
        ("They met on 10 September last year.", "10 September last year", "2024-09-10"),
        ("It sank on September 10 of last year.", "September 10 of last year", "2024-09-10"),
        ("Fares rose in March last year.", "March last year", "2024-03"),
        ("March last year was the wettest on record.", "March last year", "2024-03"),
        ("Fares rose in March of last year.", "March of last year", "2024-03"),
        ("Talks resume in June this year.", "June this year", "2025-06"),
        ("It was refitted in the summer of last year.", "the summer of last year", "2024-SU"),
        ("It opened late May next year.", "late May next year", "2026-05"),
    ],
)  # fmt: skip
def test_a_month_with_the_year_named_after_it_is_one_date(
    text: str, expression: str, value: str
) -> None:
    found = values(text, FEB_2025)
    assert found.get(expression) == ("DATE", value), found
    assert "last year" not in found and "next year" not in found and "this year" not in found


def test_that_year_after_a_month_counts_from_the_year_before_it() -> None:
    text = "The ship was built in 1998. On March 3 that year it first sailed."
    assert values(text, FEB_2025)["March 3 that year"] == ("DATE", "1998-03-03")
    text = "The ship was built in 1998. It was sold in June the following year."
    assert values(text, FEB_2025)["June the following year"] == ("DATE", "1999-06")


def test_a_month_whose_year_is_given_elsewhere_stays_apart() -> None:
    # the possessive belongs to another noun; "last March 3" already names its year
    found = values("On June 5, last year's champion lost.", FEB_2025)
    assert found["June 5"][1] == "2024-06-05" and found["last year"] == ("DATE", "2024")
    assert values("He arrived last Sept. 10.", FEB_2025)["last Sept. 10"][1] == "2024-09-10"
    found = values("The strike of May 2015 last year's report said was short.", FEB_2025)
    assert found["May 2015"] == ("DATE", "2015-05")


def test_a_range_ending_in_a_month_of_last_year_starts_in_that_year() -> None:
    found = values("The ferry sailed from March to June last year.", FEB_2025)
    assert found["March"] == ("DATE", "2024-03") and found["June last year"] == ("DATE", "2024-06")
    found = values("Talks ran between Sept. 3 and Sept. 5 last year.", FEB_2025)
    assert found["Sept. 3"][1] == "2024-09-03" and found["Sept. 5 last year"][1] == "2024-09-05"
    # a range that runs over the new year keeps its first month apart
    found = values("Fares rose from November to March next year.", FEB_2025)
    assert found["March next year"][1] == "2026-03" and found["November"][1] != "2026-11"
