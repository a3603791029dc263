"""Assemble a :class:`~storyline.records.Brief` from analysed articles.

The order matters: document dates are inferred first (the timeline, the
stories and the summary's chronology all need them), entities before claims
(speakers link to entities), and everything before the stories.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from storyline.records import AnalyzedArticle, Brief, Story, SummarySentence
from storyline.settings import DEFAULT, Settings

Step = Callable[[str], None]


def assemble(
    analyzed: Sequence[AnalyzedArticle],
    *,
    settings: Settings = DEFAULT,
    stories: Sequence[Story] | None = None,
    warnings: Sequence[str] = (),
    step: Step | None = None,
) -> Brief:
    """Run the stages over analysed articles and put their outputs together.

    ``stories``: the story partition when the caller already clustered the
    input (the pipeline clusters the whole input once, then briefs each arc);
    otherwise the articles are clustered here.
    """
    import storyline.summary.extract as summarizing
    from storyline.claims import ledger as claims
    from storyline.entities import table as entities
    from storyline.stories import arcs as clustering
    from storyline.timeline import events as timeline

    def _step(name: str) -> None:
        if step is not None:
            step(name)

    if not all(a.dates_inferred for a in analyzed):
        # callers that analysed the whole pile inferred its dates already
        _step("document dates")
        analyzed = timeline.infer_dates(analyzed)
    if stories is None:
        _step("stories")
        stories = clustering.build_stories(analyzed, params=settings.stories)
    _step("entities")
    resolved = entities.resolve_entities(analyzed)
    _step("timeline")
    events = timeline.build_timeline(analyzed, params=settings.timeline)
    _step("claims")
    ledger = claims.extract_claims(
        analyzed, resolved.entities, resolved.mentions, stories=stories, params=settings.claims
    )
    _step("summary")
    summary = summarizing.summarize_articles(
        analyzed, settings.summary_words, algorithm=settings.summarizer, params=settings.summary
    )
    if settings.rewrite_url is not None:
        _step("rewrite")
        summary, notes = _rewrite(summary, analyzed, settings)
        warnings = (*warnings, *notes)
    return Brief(
        articles=tuple(a.article for a in analyzed),
        sentences=tuple(s for a in analyzed for s in a.sentences),
        stories=tuple(stories),
        summary=tuple(summary),
        timeline=tuple(events),
        entities=tuple(resolved.entities),
        claims=tuple(ledger.claims),
        claim_groups=tuple(ledger.groups),
        warnings=tuple(warnings),
    )


def _rewrite(
    summary: Sequence[SummarySentence], analyzed: Sequence[AnalyzedArticle], settings: Settings
) -> tuple[list[SummarySentence], list[str]]:
    """The optional abstractive rewrite: each sentence kept only when its sources support it."""
    from storyline.errors import DependencyMissingError
    from storyline.summary.rewrite import Endpoint, rewrite_summary

    try:
        import httpx  # noqa: F401
    except ImportError as exc:
        raise DependencyMissingError("the summary rewrite", "'storyline[rewrite]'") from exc
    assert settings.rewrite_url is not None and settings.rewrite_model is not None
    endpoint = Endpoint(
        url=settings.rewrite_url, model=settings.rewrite_model, api_key=settings.rewrite_api_key
    )
    texts = {s.id: s.text for a in analyzed for s in a.sentences}
    return rewrite_summary(summary, texts, endpoint)
