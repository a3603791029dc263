"""Settings in one object, checked once at construction.

Besides the run's options, ``Settings`` holds each stage's tunable numbers as
one frozen parameters object (:mod:`storyline.params` lists them), the shipped
values unless given::

    Settings(summary=RankerParams(lead_weight=0.2))
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.analysis.params import DEFAULT_DEDUPE_PARAMS, DedupeParams
from storyline.claims.params import DEFAULT_CLAIM_PARAMS, ClaimParams
from storyline.errors import StorylineError
from storyline.stories.params import DEFAULT_CLUSTER_PARAMS, ClusterParams
from storyline.summary.params import DEFAULT_RANKER_PARAMS, RankerParams
from storyline.timeline.params import DEFAULT_TIMELINE_PARAMS, TimelineParams

#: Inputs above this size are refused before they are read: no news report
#: is 50 MB, and a mis-pointed path at a disk image should not eat the RAM.
MAX_INPUT_BYTES = 50 * 1024 * 1024
#: The longest article text ingest accepts, in characters: the most the
#: language model is set to read at once (spaCy refuses longer texts, and its
#: parser needs memory in proportion).  The longest report in the shared data
#: is 47,844 characters (Multi-News dev; PolNeAR's longest is 34 kB): a text
#: 40 times that is a book or a dump, and is refused with this limit named.
MAX_ARTICLE_CHARS = 2_000_000
#: Seconds a whole feed fetch of ``watch`` may take, redirects and body
#: included: a slow feed must not stall the others (before this, one sending
#: a byte every 5 s held the watcher 143 s under the per-read timeout alone).
#: A 5 MB feed needs about 4 s at 10 Mbit/s.
FETCH_DEADLINE = 30.0
#: Bytes a feed may send.  Feeds carry their latest 10-100 entries; 100
#: full-text entries as long as the longest report in the shared data
#: (48,000 characters) are under 5 MB.
FETCH_MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    summary_words: int = 250
    max_input_bytes: int = MAX_INPUT_BYTES
    #: ``watch``: the deadline of one whole feed fetch, and its size cap
    fetch_deadline: float = FETCH_DEADLINE
    fetch_max_bytes: int = FETCH_MAX_BYTES
    batch_size: int = 32
    n_process: int = 1
    #: The most reports a brief of the stream reads (pipeline.stream): a bigger
    #: arc is briefed from the most recent and the most central ones, and the
    #: brief says so.  Chosen against the latency targets (bench/stream.py).
    brief_members: int = 40
    #: The most reports a brief of a pile (``storyline brief``) reads per arc:
    #: memory and time are bounded by the biggest arc read, about 1 MB of
    #: parse per report; a bigger arc is briefed from its most recent and
    #: most central reports, and the brief says so.
    pile_members: int = 300
    summarizer: str = "summarize.centroid.v3"  # = storyline.summary.extract.DEFAULT_ALGORITHM
    #: Optional abstractive rewrite of the summary (summary/rewrite.py): an
    #: OpenAI-compatible endpoint the user runs; off (None) unless set.
    rewrite_url: str | None = None
    rewrite_model: str | None = None
    rewrite_api_key: str | None = None
    #: The stages' tunable numbers (each checked by its own class when built).
    dedupe: DedupeParams = DEFAULT_DEDUPE_PARAMS
    stories: ClusterParams = DEFAULT_CLUSTER_PARAMS
    timeline: TimelineParams = DEFAULT_TIMELINE_PARAMS
    claims: ClaimParams = DEFAULT_CLAIM_PARAMS
    summary: RankerParams = DEFAULT_RANKER_PARAMS

    def __post_init__(self) -> None:
        for name, kind in _PARAMS:
            value = getattr(self, name)
            if not isinstance(value, kind):
                raise StorylineError(
                    f"{name} must be a {kind.__name__}, got {type(value).__name__}"
                )
        if self.summary_words <= 0:
            raise StorylineError(f"summary_words must be positive, got {self.summary_words}")
        if self.max_input_bytes <= 0:
            raise StorylineError("max_input_bytes must be positive")
        if self.fetch_deadline <= 0 or self.fetch_max_bytes <= 0:
            raise StorylineError("fetch_deadline and fetch_max_bytes must be positive")
        if self.brief_members <= 0 or self.pile_members <= 0:
            raise StorylineError("brief_members and pile_members must be positive")
        if self.batch_size <= 0 or self.n_process <= 0:
            raise StorylineError("batch_size and n_process must be positive")
        if self.rewrite_url is not None:
            if not self.rewrite_url.startswith(("http://", "https://")):
                raise StorylineError(
                    f"rewrite_url must be an http(s) URL, got {self.rewrite_url!r}"
                )
            if not self.rewrite_model:
                raise StorylineError(
                    "rewrite_url needs rewrite_model too (the model name the endpoint serves)"
                )


#: Settings fields that hold a stage's parameters, and their classes.
_PARAMS: tuple[tuple[str, type], ...] = (
    ("dedupe", DedupeParams),
    ("stories", ClusterParams),
    ("timeline", TimelineParams),
    ("claims", ClaimParams),
    ("summary", RankerParams),
)

DEFAULT = Settings()
