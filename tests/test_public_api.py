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
    "same_fact",
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
    assert _params(storyline.same_fact) == ["a", "b"]


def test_public_functions_are_plain_functions() -> None:
    """Each public function is a plain function of :mod:`storyline.api`, its
    identity fixed whatever is imported first, and it can be pickled (process
    pools and distributed engines send functions by reference)."""
    import importlib
    import pickle
    import types

    from storyline import api

    for name in ("brief", "summarize", "time_expressions", "attributions", "stance",
                 "cluster", "resolve", "same_fact"):
        fn = getattr(storyline, name)
        assert isinstance(fn, types.FunctionType), name
        assert fn is getattr(api, name), name
        assert pickle.loads(pickle.dumps(fn)) is fn, name
    for module in ("summary.extract", "stances.classify", "stories.index", "pipeline.assemble"):
        importlib.import_module(f"storyline.{module}")
    assert storyline.summarize is api.summarize


def test_no_module_is_named_like_a_public_function() -> None:
    import pkgutil

    names = {m.name.rsplit(".", 1)[-1] for m in pkgutil.walk_packages(
        storyline.__path__, "storyline.")}
    public = {n for n in storyline.__all__ if n[0].islower() and not n.startswith("__")}
    assert not names & public
