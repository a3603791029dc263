"""The timeline's tunable numbers (:class:`TimelineParams`)."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.facts.params import DEFAULT_FACT_PARAMS, FactParams
from storyline.params import check_numbers

__all__ = ["DEFAULT_TIMELINE_PARAMS", "TimelineParams"]


@dataclass(frozen=True, slots=True)
class TimelineParams:
    """When two dated sentences are one event, and what is background history
    (:func:`storyline.timeline.events.build_timeline`).  The defaults are the
    shipped values."""

    #: Two event texts of different articles on the same date are one event when
    #: the same-fact test says so (:func:`storyline.facts.compare.decide`), or
    #: when they share at least ``merge_shared`` content words and those are at least
    #: ``merge_overlap`` of the shorter text's words.  Measured on ECB+ (bench/timex.py:
    #: 30,768 cross-document sentence pairs of one topic, gold = they tell a
    #: coreferent action): 2 words and 0.10 give pair F1 60.6 (P 50.4, R 75.9), the
    #: best of shared 1-4 x overlap 0.05-0.40; the timeline adds the same-date
    #: condition, so its precision is higher.  On the seeds this merges the "ISIS
    #: storms Palmyra / forces withdraw" sentences of 000, 001 and 002.
    merge_shared: int = 2
    merge_overlap: float = 0.1
    #: Sentences of the same article need ``same_article_shared`` words and
    #: ``same_article_overlap``: on ECB+ same-document pairs that is precision 88
    #: (recall 33); an outlet's two lines about one day are kept apart unless
    #: they clearly repeat each other.
    same_article_shared: int = 3
    same_article_overlap: float = 0.5
    #: An event more than this many days before every article date is background
    #: history.  The seed stories span one to three days; 30 keeps "last week" and
    #: "earlier this month" in the story and sends "last year", 2013 and 1982 to
    #: the background (DESIGN: history kept apart from the story's own days).
    background_days: int = 30
    #: A report's story window reaches this many days past its date ("on
    #: Saturday" the day after): later events are what is announced, and an
    #: event after one report but long before another (August 2015 in a
    #: December 2016 report, with May 2015 reports in the same input) is history.
    ahead_days: int = 7
    #: The same-fact test the merge asks (:mod:`storyline.facts.compare`); the
    #: merge thresholds above are its anchored evidence here.
    facts: FactParams = DEFAULT_FACT_PARAMS

    def __post_init__(self) -> None:
        check_numbers(
            self,
            shares=("merge_overlap", "same_article_overlap"),
            counts=("merge_shared", "same_article_shared"),
        )


#: The shipped parameters.
DEFAULT_TIMELINE_PARAMS = TimelineParams()
