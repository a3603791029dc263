"""Assemble a :class:`~storyline.records.Brief` from analysed articles.

The order matters: document dates are inferred first (the timeline, the
stories and the summary's chronology all need them), entities before claims
(speakers link to entities), and everything before the stories.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from storyline.records import AnalyzedArticle, Brief, Story
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
    import storyline.cluster as clustering
    import storyline.summarize as summarizing
    from storyline import claims, entities, timeline

    def _step(name: str) -> None:
        if step is not None:
            step(name)

    _step("document dates")
    analyzed = timeline.infer_dates(analyzed)
    if stories is None:
        _step("stories")
        stories = clustering.build_stories(analyzed)
    _step("entities")
    resolved = entities.resolve_entities(analyzed)
    _step("timeline")
    events = timeline.build_timeline(analyzed)
    _step("claims")
    ledger = claims.extract_claims(analyzed, resolved.entities, resolved.mentions, stories=stories)
    _step("summary")
    summary = summarizing.summarize_articles(
        analyzed, settings.summary_words, algorithm=settings.summarizer
    )
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
