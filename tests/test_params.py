"""The stages' tunable numbers: frozen parameter objects, checked once, carried
by Settings to every stage the pipeline runs (never set on a module)."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest

from storyline.analysis.params import DedupeParams
from storyline.claims.params import ClaimParams
from storyline.errors import StorylineError
from storyline.settings import Settings
from storyline.stories.params import ClusterParams
from storyline.summary.params import RankerParams
from storyline.timeline.params import TimelineParams

PARAMS = (DedupeParams, ClusterParams, TimelineParams, ClaimParams, RankerParams)


def test_a_setting_is_an_object_built_once_and_frozen() -> None:
    settings = Settings(summary=RankerParams(lead_weight=0.2))
    assert settings.summary.lead_weight == 0.2
    assert settings.summary.length_penalty == RankerParams().length_penalty
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.summary.lead_weight = 0.3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.summary = RankerParams()  # type: ignore[misc]
    assert hash(settings) == hash(Settings(summary=RankerParams(lead_weight=0.2)))


def test_settings_refuse_the_wrong_parameters() -> None:
    with pytest.raises(StorylineError, match="summary must be a RankerParams"):
        Settings(summary=ClusterParams())  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", PARAMS)
def test_every_parameter_object_checks_its_numbers(kind: Any) -> None:
    kind()  # the shipped values pass
    number = next(
        f.name for f in dataclasses.fields(kind) if isinstance(getattr(kind(), f.name), float)
    )
    with pytest.raises(StorylineError, match="finite"):
        kind(**{number: math.nan})


def test_shares_and_counts_are_checked() -> None:
    with pytest.raises(StorylineError, match="between 0 and 1"):
        RankerParams(same_fact=1.5)
    with pytest.raises(StorylineError, match="whole number"):
        ClusterParams(split_min=0)
    with pytest.raises(StorylineError, match="whole number"):
        TimelineParams(merge_shared=1.5)  # type: ignore[arg-type]


def test_the_pipeline_hands_each_stage_its_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings reach the stages through their ``params`` keyword."""
    from storyline.analysis import dedupe
    from storyline.analysis.nlp import analyze_texts, load_sentence_nlp
    from storyline.claims import ledger
    from storyline.pipeline import run
    from storyline.pipeline.assemble import assemble
    from storyline.stories import arcs
    from storyline.summary import extract
    from storyline.timeline import events

    seen: dict[str, Any] = {}

    def spy(name: str, fn: Any) -> Any:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            seen[name] = kwargs.get("params")
            return fn(*args, **kwargs)

        return wrapped

    for name, module, attr in (
        ("dedupe", dedupe, "mark_duplicates"),
        ("stories", arcs, "build_stories"),
        ("timeline", events, "build_timeline"),
        ("claims", ledger, "extract_claims"),
        ("summary", extract, "summarize_articles"),
    ):
        monkeypatch.setattr(module, attr, spy(name, getattr(module, attr)))
    settings = Settings(
        dedupe=DedupeParams(min_words=40),
        stories=ClusterParams(join_threshold=0.2),
        timeline=TimelineParams(background_days=60),
        claims=ClaimParams(linkage=0.6),
        summary=RankerParams(lead_weight=0.2),
    )
    texts = [
        "The ferry caught fire off Crete on Monday, the coast guard said.",
        "A ferry with 312 passengers caught fire off Crete on Monday.",
    ]
    analyzed = analyze_texts(texts, nlp=load_sentence_nlp())
    run.analyze_articles([a.article for a in analyzed], settings=settings)
    assemble(analyzed, settings=settings)
    assert seen == {
        "dedupe": settings.dedupe,
        "stories": settings.stories,
        "timeline": settings.timeline,
        "claims": settings.claims,
        "summary": settings.summary,
    }
