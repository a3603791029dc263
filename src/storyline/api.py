"""The public functions of storyline, as plain functions.

Each one is a thin, documented entry into a stage; the stages live in their
own packages and never share a name with these functions::

    brief(paths) -> Brief                  the main job, as a library call
    summarize(documents, words) -> [SummarySentence]
    time_expressions(text, anchor) -> [TimeRef]
    attributions(text) -> [Attribution]
    stance(claim, text) -> "agree" | "disagree" | "discuss" | "unrelated"
    cluster(documents) -> [story id per document]
    resolve(documents, mentions) -> [cluster id per mention]
    same_fact(a, b) -> do two news sentences assert the same fact?

Heavy stages are imported inside the function that needs them, so importing
:mod:`storyline` stays cheap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from storyline.errors import StorylineError
from storyline.records import Attribution, Brief, SummarySentence, TimeRef
from storyline.settings import Settings


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
    from storyline.pipeline import run
    from storyline.store import Store

    settings = settings or Settings()
    store = Store(db)
    report = run.ingest_paths(
        store, [paths] if isinstance(paths, str) else list(paths), settings=settings
    )
    articles = run.articles_of(store, report)
    if not articles:
        reasons = "; ".join(run.error_warnings(report.errors)) or "no input"
        raise StorylineError(f"no article could be read ({reasons})")
    held: list[str] = []
    light = run.analyse_pile(
        store, articles, settings=settings, on_failure=run.quarantining(store, held.append)
    )
    if not light:
        raise StorylineError(f"no article could be analysed ({'; '.join(held)})")
    warnings = run.error_warnings(report.errors) + held
    return run.brief_all(run.with_docs(store, light), settings=settings, warnings=warnings)


def summarize(documents: list[str], words: int = 250) -> list[SummarySentence]:
    """Extractive multi-document summary of raw strings; ``.sources`` are sentence ids."""
    from storyline.summary import extract

    return extract.summarize(documents, words)


def time_expressions(text: str, anchor: dt.date | None) -> list[TimeRef]:
    """Time expressions in ``text`` as TIMEX3 values; relative ones resolved against ``anchor``."""
    from storyline.timeline import events

    return events.time_expressions(text, anchor)


def attributions(text: str) -> list[Attribution]:
    """Attributed statements in ``text``: source, cue and content spans."""
    from storyline.claims import ledger

    return ledger.attributions(text)


def stance(claim: str, text: str) -> str:
    """How ``text`` treats ``claim``: agree, disagree, discuss or unrelated."""
    from storyline.stances import classify

    return classify.stance(claim, text)


def cluster(documents: list[dict[str, Any]]) -> list[int]:
    """A story id per document (dicts with ``text`` and optional ``title``, ``published``)."""
    from storyline.stories import index

    return index.cluster(documents)


def resolve(documents: list[str], mentions: list[tuple[int, int, int]]) -> list[int]:
    """Cross-document coreference: a cluster id per ``(document, start, end)`` mention."""
    from storyline.analysis.nlp import analyze_texts
    from storyline.entities.coref import cluster_spans

    if not mentions:
        return []
    return cluster_spans(analyze_texts(documents), mentions)


def same_fact(a: str, b: str) -> bool:
    """Do the news sentences ``a`` and ``b`` assert the same fact, in any words?

    Numbers, a denial, other days and other named speakers keep two sentences
    apart; otherwise their wording and word meaning decide
    (:mod:`storyline.facts.compare`, the test the summary, the claim groups
    and the timeline share).
    """
    from storyline.facts import compare

    return compare.same_fact(a, b)
