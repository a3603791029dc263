"""The fact test's tunable numbers (:class:`FactParams`)."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.params import check_numbers

__all__ = ["DEFAULT_FACT_PARAMS", "FEATURES", "FactParams"]

#: The measures of a pair (:func:`storyline.facts.compare.features`), in order.
FEATURES: tuple[str, ...] = (
    "cosine",
    "alignment",
    "alignment_min",
    "unmatched_share",
    "unmatched_bits",
    "dice",
    "ngram1_min",
    "ngram1_max",
    "ngram2_min",
    "ngram2_max",
    "ngram3_min",
    "ngram3_max",
    "ngram4_min",
    "ngram4_max",
    "length_difference",
    "same_numbers",
    "numbers_differ",
    "names_differ",
    "negation_differs",
    "char3_dice",
    "char4_dice",
    "unmatched_loose_min",
    "unmatched_loose_max",
    "unmatched_close_min",
    "unmatched_close_max",
    "unmatched_same_min",
    "unmatched_same_max",
    "names_apart",
    "no_name_shared",
)


@dataclass(frozen=True, slots=True)
class FactParams:
    """The logistic model and threshold of the same-fact test."""

    #: Two words match when their meaning vectors' cosine reaches this.
    matched_word: float = 0.6
    #: Standardisation of each measure (mean, scale) and its weight.
    means: tuple[float, ...] = (
        0.8453, 0.7908, 0.7323, 0.3305, 2.4313, 0.6954, 0.6219, 0.7341, 0.4572, 0.5446, 0.3562,
        0.4282, 0.2841, 0.3452, 0.1505, 0.2196, 0.2256, 0.4048, 0.0498, 0.6665, 0.6246, 0.178,
        0.3167, 0.2059, 0.3448, 0.2198, 0.3573, 1.5214, 0.0493,
    )
    scales: tuple[float, ...] = (
        0.0979, 0.1191, 0.1371, 0.1651, 0.6494, 0.1497, 0.1367, 0.1455, 0.1795, 0.2064, 0.2002,
        0.2367, 0.2067, 0.249, 0.0996, 0.414, 0.418, 0.3711, 0.2176, 0.1349, 0.1473, 0.1514,
        0.165, 0.1565, 0.1642, 0.1576, 0.1627, 1.629, 0.2165,
    )
    weights: tuple[float, ...] = (
        0.2666, 0.6129, 0.1426, 0.1256, -0.5801, 0.2421, 0.7523, -0.2014, 0.2106, -0.3285,
        0.0077, -0.4735, 0.102, -0.2641, 0.0333, 0.0581, -0.2428, 0.0008, -0.2493, 0.7107,
        0.1785, -0.0169, 0.1509, 0.0604, 0.1126, 0.2124, 0.6309, 0.2748, -0.0129,
    )
    intercept: float = 1.3247
    threshold: float = 0.45
    #: Anchored evidence (:func:`storyline.facts.compare.anchored`): two
    #: sentences of different articles naming the same calendar day are one
    #: fact when they share this many content words, at least this share of
    #: the shorter sentence's.  The timeline's merge rule, measured on ECB+
    #: (bench/timex.py: 30,768 cross-document sentence pairs of one topic, gold
    #: = they tell a coreferent action): 2 words and 0.10 give pair F1 60.6
    #: (P 50.4, R 75.9), the best of shared 1-4 x overlap 0.05-0.40; the day
    #: condition makes it more precise.
    anchored_shared: int = 2
    anchored_overlap: float = 0.1
    #: Within one article: ECB+ same-document pairs, precision 88 (recall 33);
    #: an outlet's two lines about one day are kept apart unless they clearly
    #: repeat each other.
    same_article_shared: int = 3
    same_article_overlap: float = 0.5

    def __post_init__(self) -> None:
        check_numbers(
            self,
            shares=("matched_word", "threshold", "anchored_overlap", "same_article_overlap"),
            counts=("anchored_shared", "same_article_shared"),
        )
        for name in ("means", "scales", "weights"):
            if len(getattr(self, name)) != len(FEATURES):
                from storyline.errors import StorylineError

                raise StorylineError(f"FactParams.{name} needs {len(FEATURES)} numbers")


#: The shipped parameters.
DEFAULT_FACT_PARAMS = FactParams()
