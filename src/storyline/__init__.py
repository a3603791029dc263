"""storyline: turn a pile of news reports about the same events into an attributed event brief.

The public surface is :mod:`storyline.api` re-exported here with the records
it returns (pinned by ``tests/test_public_api.py``)::

    brief(paths) -> Brief
    summarize(documents, words) -> [SummarySentence]
    time_expressions(text, anchor) -> [TimeRef]
    attributions(text) -> [Attribution]
    stance(claim, text) -> "agree" | "disagree" | "discuss" | "unrelated"
    cluster(documents) -> [story id per document]
    resolve(documents, mentions) -> [cluster id per mention]
    same_fact(a, b) -> do two news sentences assert the same fact?
"""

from __future__ import annotations

from storyline.api import (
    attributions,
    brief,
    cluster,
    resolve,
    same_fact,
    stance,
    summarize,
    time_expressions,
)
from storyline.errors import InputError, ModelMissingError, StorylineError
from storyline.records import (
    Attribution,
    Brief,
    Claim,
    ClaimGroup,
    Entity,
    Story,
    SummarySentence,
    TimelineEvent,
    TimeRef,
)
from storyline.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Attribution",
    "Brief",
    "Claim",
    "ClaimGroup",
    "Entity",
    "InputError",
    "ModelMissingError",
    "Settings",
    "Story",
    "StorylineError",
    "SummarySentence",
    "TimeRef",
    "TimelineEvent",
    "__version__",
    "attributions",
    "brief",
    "cluster",
    "resolve",
    "same_fact",
    "stance",
    "summarize",
    "time_expressions",
]
