"""storyline: turn a pile of news reports about the same events into an attributed event brief.

The public surface (pinned by ``tests/test_public_api.py``)::

    brief(paths) -> Brief                  the main job, as a library call
    summarize(documents, words) -> [SummarySentence]
    time_expressions(text, anchor) -> [TimeRef]
    attributions(text) -> [Attribution]
    stance(claim, text) -> "agree" | "disagree" | "discuss" | "unrelated"
    cluster(documents) -> [story id per document]
    resolve(documents, mentions) -> [cluster id per mention]
"""

from __future__ import annotations

import datetime as _dt
import importlib
import sys
import types
from collections.abc import Sequence
from typing import Any

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


def _stage(name: str) -> Any:
    """The stage module ``storyline.<name>`` (never the function of that name)."""
    return importlib.import_module(f"storyline.{name}")


def brief(
    paths: str | Sequence[str],
    *,
    settings: Settings | None = None,
    db: str = ":memory:",
) -> Brief:
    """Brief the reports at ``paths`` (files, folders, globs) as one pile.

    The stories found in the pile are listed in ``Brief.stories``; raw bytes
    go to the store at ``db`` (in memory unless given).  Inputs that cannot
    be read are named in ``Brief.warnings``.
    """
    from storyline import pipeline
    from storyline.store import Store

    settings = settings or Settings()
    store = Store(db)
    report = pipeline.ingest_paths(
        store, [paths] if isinstance(paths, str) else list(paths), settings=settings
    )
    articles = pipeline.articles_of(store, report)
    if not articles:
        reasons = "; ".join(pipeline.error_warnings(report.errors)) or "no input"
        raise StorylineError(f"no article could be read ({reasons})")
    analyzed = pipeline.analyze_articles(articles, settings=settings)
    return pipeline.brief_all(
        analyzed, settings=settings, warnings=pipeline.error_warnings(report.errors)
    )


def summarize(documents: list[str], words: int = 250) -> list[SummarySentence]:
    """Extractive multi-document summary of raw strings; ``.sources`` are sentence ids."""
    return _stage("summarize").summarize(documents, words)


def time_expressions(text: str, anchor: _dt.date | None) -> list[TimeRef]:
    """Time expressions in ``text`` as TIMEX3 values; relative ones resolved against ``anchor``."""
    from storyline import timeline

    return timeline.time_expressions(text, anchor)


def attributions(text: str) -> list[Attribution]:
    """Attributed statements in ``text``: source, cue and content spans."""
    from storyline import claims

    return claims.attributions(text)


def stance(claim: str, text: str) -> str:
    """How ``text`` treats ``claim``: agree, disagree, discuss or unrelated."""
    return _stage("stance").stance(claim, text)


def cluster(documents: list[dict[str, Any]]) -> list[int]:
    """A story id per document (dicts with ``text`` and optional ``title``, ``published``)."""
    return _stage("cluster").cluster(documents)


def resolve(documents: list[str], mentions: list[tuple[int, int, int]]) -> list[int]:
    """Cross-document coreference: a cluster id per ``(document, start, end)`` mention."""
    from storyline import entities

    return entities.resolve(documents, mentions)


def _bind_stage_modules() -> None:
    """``storyline.brief``, ``storyline.summarize`` etc. name both a public
    function and a stage module.  Importing ``storyline.summarize`` binds the
    module as this package's attribute, replacing the function; the package's
    own ``__setattr__`` catches that moment and makes the module callable as
    the function (see :mod:`storyline._callable`).  Nothing is imported
    early, so one stage cannot break the import of another."""
    from storyline._callable import make_callable

    functions = {f.__name__: f for f in (brief, summarize, stance, cluster)}

    class _Package(types.ModuleType):
        def __setattr__(self, name: str, value: Any) -> None:
            if name in functions and isinstance(value, types.ModuleType):
                make_callable(value.__name__, functions[name])
            super().__setattr__(name, value)

    sys.modules[__name__].__class__ = _Package


_bind_stage_modules()

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
    "stance",
    "summarize",
    "time_expressions",
]
