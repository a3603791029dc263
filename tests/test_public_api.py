"""The public surface is a contract: names and signatures are pinned here."""

from __future__ import annotations

import inspect

import storyline

EXPECTED = [
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
    "stance",
    "summarize",
    "time_expressions",
]


def test_all_is_sorted_and_complete() -> None:
    assert storyline.__all__ == sorted(storyline.__all__)
    assert storyline.__all__ == EXPECTED
    for name in EXPECTED:
        assert hasattr(storyline, name), name


def _params(fn: object) -> list[str]:
    return list(inspect.signature(fn).parameters)  # type: ignore[arg-type]


def test_signatures() -> None:
    assert _params(storyline.brief)[0] == "paths"
    assert _params(storyline.summarize) == ["documents", "words"]
    assert inspect.signature(storyline.summarize).parameters["words"].default == 250
    assert _params(storyline.time_expressions) == ["text", "anchor"]
    assert _params(storyline.attributions) == ["text"]
    assert _params(storyline.stance) == ["claim", "text"]
    assert _params(storyline.cluster) == ["documents"]
    assert _params(storyline.resolve) == ["documents", "mentions"]


def test_stage_modules_do_not_shadow_the_functions() -> None:
    """Importing a stage module named like a public function must not break the call."""
    import importlib

    for name in ("brief", "summarize", "stance", "cluster"):
        importlib.import_module(f"storyline.{name}")
        assert callable(getattr(storyline, name)), name
