"""The story index's and the arcs' tunable numbers (:class:`ClusterParams`)."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.params import check_numbers

__all__ = ["DEFAULT_CLUSTER_PARAMS", "ClusterParams"]


@dataclass(frozen=True, slots=True)
class ClusterParams:
    """Weights and thresholds of :mod:`storyline.stories.index` (which report
    joins which story) and :mod:`storyline.stories.arcs` (which stories are
    parts of one arc).  The defaults are the shipped values; the sweeps below
    were run with ``bench/cluster.py`` on ECB+."""

    # --- features (storyline.stories.features) --------------------------------
    #: Title words counted this many times.  ECB+ sweep (bench/cluster.py, agglomerative
    #: on these features): 1x 0.881, 2x 0.880-0.887 best with E weight 1.5; 3x worse.
    title_repeat: int = 2

    # --- weighting ------------------------------------------------------------
    #: Kind multipliers on TF-IDF of entity-like (E), word (W), number (N) and
    #: year (Y) terms.  ECB+ sweep of E in {1, 1.5, 2} and N in {0.5, 1}:
    #: E 1.5 / N 1 was the best or tied at every threshold tried.
    entity_weight: float = 1.5
    word_weight: float = 1.0
    number_weight: float = 1.0
    year_weight: float = 1.0
    #: Views of a document, each a cosine of its own: (prefix, kinds, weight).  The
    #: similarity is their weighted mean.  ECB+ sweep with agglomerative clustering
    #: (sub-topic F1 at cosine distance 0.8): all terms alone 0.867; all+entities
    #: +numbers/years 1:1:1 0.893; 2:1:1 0.901; 2:2:1 0.906; 3:2:1 0.893.
    views: tuple[tuple[str, str, float], ...] = (
        ("", "EWNY", 2.0),
        ("e|", "E", 2.0),
        ("n|", "NY", 1.0),
    )
    #: Unseen background documents assumed to contain none of the terms (an IDF
    #: prior).  Without it, a handful of reports on one event gives the event's own
    #: words the lowest IDF and no two reports clear the threshold; with it, IDF of
    #: a small pile is close to flat (TF cosine) and a large pile is unaffected.
    #: ECB+ at threshold 0.15: 50 -> 0.904, 100 -> 0.905 (flat); 50 keeps small piles tighter.
    background_docs: int = 50
    #: Terms kept per document vector and view.  Long reports have 400+ distinct terms; the
    #: tail adds little to cosine and most of the memory (see bench speed table).
    vector_terms: int = 120
    #: Heaviest terms of a document that index its story and fetch candidates.
    key_terms: int = 25
    #: A key term whose posting list is longer than this fetches nothing: it is in
    #: too many stories to say which one a document belongs to.
    max_posting: int = 100
    #: Candidate stories scored in full per document.
    max_candidates: int = 20

    # --- joining a story --------------------------------------------------------
    #: Average-link similarity (weighted mean cosine to the story's members, times
    #: the date factor) needed to join a story or merge two.  ECB+ topics 1-35,
    #: sub-topic B-cubed F1, swept jointly with ``hint_factor`` (hint, threshold):
    #: (0.7, 0.15) 0.904, (0.7, 0.20) 0.896, (0.6, 0.15) 0.918, (0.5, 0.15) 0.920,
    #: (0.5, 0.13) 0.928, (0.5, 0.12) 0.911, (0.45, 0.12) 0.930, (0.4, 0.11) 0.927,
    #: (0.45, 0.15) 0.904.  A ridge: a lower threshold needs a stronger date cost.
    #: After moves were applied one at a time and 25 key terms: (0.45, 0.12) 0.927,
    #: (0.45, 0.13) 0.928, (0.4, 0.12) 0.927, (0.4, 0.13) 0.921, (0.5, 0.14) 0.930.
    join_threshold: float = 0.14
    #: Date factor: stories are events; a report dated months away from a story's
    #: reports is a later (or earlier) part of an arc, not the same story.  Within
    #: a month (``same_story_days``): no cost (follow-ups of one event run for
    #: weeks).  One to four months (``far_days``): ``near_factor``, so only a
    #: clearly similar report (cosine > 0.25) still joins.  Beyond: ``far_factor``,
    #: so not even a near copy (cosine 0.95) joins; the arc links them.
    #: Not fitted: ECB+ has no publication dates; the seeds and the demo corpus
    #: (a September fire and its February follow-ups) are the cases it must split.
    same_story_days: int = 30
    far_days: int = 120
    near_factor: float = 0.6
    far_factor: float = 0.1
    #: For undated reports the content date (latest month/year named) is only a
    #: lower bound, but in practice close to the year of writing: reports whose
    #: content years are more than a year apart rarely tell the same event.  The
    #: multiplier applies in proportion to the member pairs whose years differ,
    #: over *all* members: a member without a content date is no evidence either
    #: way (before, the share was over dated members only, so one background year
    #: in one report of fourteen could halve a link; see ``cohesion_ratio`` for the
    #: sweep that changed it).  ECB+ (all undated; the two events of a topic are
    #: years apart), old share, at threshold 0.15: 1.0 -> 0.873, 0.7 -> 0.904,
    #: 0.6 -> 0.918, 0.5 -> 0.920, 0.45 -> 0.904, 0.3 -> 0.846.
    hint_factor: float = 0.5
    #: A link (average similarity between a report or story and a story) must
    #: also reach this share of each story's *cohesion* (average similarity among
    #: its own members): two tight groups that merely share a topic (two DUI
    #: arrests of players of one team, two Paris jewellery heists) link at about
    #: 0.6 of their cohesion, fragments of one event at 0.8-1.0 (bench/cluster.py
    #: on ECB+, measured on the clusters the index had built).  ECB+ sub-topic
    #: B-cubed F1, chosen on the odd topics, even topics held out (all / odd / even):
    #: no guard 0.930 / 0.919 / 0.932 (with the old content-date share);
    #: 0.5 -> 0.921 / 0.896 / 0.937; 0.55 -> 0.927 / 0.928 / 0.935;
    #: 0.58 -> 0.930 / 0.942 / 0.940; 0.6 -> 0.944 / 0.940 / 0.942;
    #: 0.62 -> 0.944 / 0.940 / 0.938; 0.65 -> 0.936 / 0.930 / 0.929; 0.7 -> 0.912 / 0.905 / 0.912.
    #: Without the content-date share change the guard costs recall (0.6 -> 0.896).
    cohesion_ratio: float = 0.6
    #: The cohesion of a story this small is too noisy to hold a report off (two
    #: near copies have cohesion 0.9): a story below this size takes any report
    #: above the threshold.  ECB+ at ratio 0.6 (all / odd / even): 2 -> 0.940 /
    #: 0.935 / 0.936; 3 -> 0.944 / 0.940 / 0.942; 4 the same as 3; 5 -> 0.936 /
    #: 0.933 / 0.942; 8 -> 0.939 / 0.926 / 0.955; not at all -> 0.929 / 0.919 / 0.925.
    guard_min_members: int = 3
    #: Rare shared names in the same days: a report published within
    #: ``anchor_days`` of a story's dates that names a name among the heaviest
    #: ``anchor_names`` names of the report and of at least ``anchor_share`` of the
    #: story's members, and found in no more than ``anchor_df`` documents per member
    #: of the story (a ship's or a victim's name, not "Obama"), counts
    #: ``anchor_factor`` times as similar.  A side story (the fishermen who reached
    #: a burning ferry first) shares few words with the main reports but names the
    #: ship on the day; in the demo corpus its average link is 0.096 against a
    #: threshold of 0.14 and a cohesion bar of 0.6 x 0.33.  2.5 brings it to 0.24.
    #: No effect on ECB+ (undated).
    anchor_names: int = 20
    anchor_days: int = 3
    anchor_share: float = 2 / 3
    anchor_df: float = 2.0
    anchor_factor: float = 2.5
    #: A guard against chaining: reports of two events that arrive interleaved
    #: can form one story before either is big enough for the cohesion guard.
    #: Each refinement round splits a story in two (spherical 2-means) when the
    #: halves, each of ``split_min`` or more, link below this share of the smaller
    #: cohesion.  Two DUI arrests of one team's players, undated and interleaved
    #: (tests/test_cluster.py), split at 0.27.  On ECB+ the bisections of correct
    #: stories sat at 0.53 and above; 0.3 splits none of them (F1 unchanged at
    #: 0.944 / 0.940 / 0.942), 0.4 already splits one (0.939 on all).
    split_ratio: float = 0.3
    split_min: int = 3

    # --- arcs (storyline.stories.arcs) -----------------------------------------
    #: Entity-view cosine between two stories' summed vectors needed to call them
    #: parts of one arc.  Measured on ECB+ gold sub-topics (bench/cluster.py,
    #: ``arc_threshold_evidence`` in bench/results/cluster.json): the two halves of
    #: a topic (same kind of event, often the same actors, years apart) have a
    #: median of 0.253; pairs from different topics a 99th percentile of 0.060 (max
    #: 0.478, one outlier).  0.25 links pairs that share their main actors and
    #: places as much as a typical same-topic pair, and almost no look-alikes.
    arc_threshold: float = 0.25
    #: Two stories whose dated spans are closer than this are parallel stories, not
    #: parts of an arc (an arc's parts are weeks or months apart).
    arc_min_gap_days: int = 30
    #: Heaviest entity terms per story that fetch arc candidates (a pair is scored
    #: when their lists meet).  With 10, the demo corpus' September story and the
    #: February investigation (cosine 0.46) never met; 25 is still a short list.
    arc_key_terms: int = 25
    #: Terms of a story title generated from its top terms when no member has a title.
    title_terms: int = 6

    def __post_init__(self) -> None:
        check_numbers(
            self,
            shares=("cohesion_ratio", "anchor_share", "split_ratio"),
            counts=(
                "title_repeat",
                "vector_terms",
                "key_terms",
                "max_posting",
                "max_candidates",
                "split_min",
                "anchor_names",
                "arc_key_terms",
                "title_terms",
            ),
        )


#: The shipped parameters.
DEFAULT_CLUSTER_PARAMS = ClusterParams()
