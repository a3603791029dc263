"""The article page's view model: a report's text with its sentences anchored
(``#s-4``, where source chips lead) and its entities and claims marked.

Nothing here builds HTML: the Jinja2 environment escapes every string.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from storyline.records import Article, Brief, Claim, Entity, Sentence, Story
from storyline.render.views import sentence_anchor


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of sentence text with the marks that cover it."""

    text: str
    classes: tuple[str, ...] = ()
    title: str = ""


@dataclass(frozen=True, slots=True)
class MarkedSentence:
    sentence: Sentence
    anchor: str
    pieces: tuple[Piece, ...]
    claims: tuple[Claim, ...]
    paragraph_break: bool = False


@dataclass(frozen=True, slots=True)
class ArticlePage:
    article: Article
    sentences: tuple[MarkedSentence, ...]
    paragraphs: tuple[str, ...]
    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
    story_id: str | None = None
    story_title: str | None = None
    notes: tuple[str, ...] = field(default=())


def _span_in(span: tuple[int, int] | None, sentence: Sentence) -> tuple[int, int] | None:
    """An article-offset span clipped to the sentence, as sentence-relative offsets."""
    if span is None:
        return None
    start, end = max(span[0], sentence.start), min(span[1], sentence.end)
    if start >= end:
        return None
    return start - sentence.start, end - sentence.start


def _find(needle: str, haystack: str) -> tuple[int, int] | None:
    if not needle:
        return None
    index = haystack.find(needle)
    return None if index < 0 else (index, index + len(needle))


def _alias_pattern(entities: Sequence[Entity]) -> tuple[re.Pattern[str] | None, dict[str, Entity]]:
    """One regex over every name and alias, longest first so "Islamic State"
    wins over "State"; matched on word boundaries."""
    names: dict[str, Entity] = {}
    for entity in entities:
        for name in (entity.name, *entity.aliases):
            if len(name) >= 2 and name not in names:
                names[name] = entity
    if not names:
        return None, names
    alternatives = sorted(names, key=len, reverse=True)
    # a hyphen continues a name ("Papa-Dimitriou" is not "Papa" plus more)
    pattern = r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in alternatives) + r")(?![\w-])"
    return re.compile(pattern), names


def _pieces(text: str, marks: list[tuple[int, int, str, str]]) -> tuple[Piece, ...]:
    """Cut ``text`` at every mark boundary; each run carries the marks over it."""
    cuts = {0, len(text)}
    for start, end, _, _ in marks:
        cuts.update((start, end))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    pieces = []
    for start, end in pairwise(points):
        covering = [m for m in marks if m[0] <= start and end <= m[1]]
        classes = tuple(dict.fromkeys(m[2] for m in covering))
        title = "; ".join(dict.fromkeys(m[3] for m in covering if m[3]))
        pieces.append(Piece(text[start:end], classes, title))
    return tuple(pieces)


def mark_sentence(
    sentence: Sentence,
    claims: Sequence[Claim],
    pattern: re.Pattern[str] | None,
    names: Mapping[str, Entity],
) -> tuple[Piece, ...]:
    """Entity mentions and claim speaker / cue / content marked within one sentence."""
    marks: list[tuple[int, int, str, str]] = []
    for claim in claims:
        speaker = claim.speaker or "unattributed"
        for span, text, css in (
            (claim.content_span, claim.content, "claim-content"),
            (claim.speaker_span, claim.speaker, "claim-speaker"),
            (claim.cue_span, claim.cue, "claim-cue"),
        ):
            local = _span_in(span, sentence) or _find(text or "", sentence.text)
            if local:
                marks.append((*local, css, f"claim by {speaker} ({claim.speaker_type})"))
    if pattern is not None:
        for match in pattern.finditer(sentence.text):
            entity = names[match.group(0)]
            marks.append((match.start(), match.end(), "entity", f"{entity.name} · {entity.type}"))
    return _pieces(sentence.text, marks)


def article_page(
    article: Article,
    brief: Brief | None,
    story: Story | None = None,
) -> ArticlePage:
    """An article with its sentences anchored (``#s-4``) and marked.

    Without a brief (not yet analysed) the page still shows the text, by
    paragraph, so a freshly uploaded report is readable at once.
    """
    if brief is None:
        paragraphs = tuple(p.strip() for p in article.text.split("\n\n") if p.strip())
        return ArticlePage(
            article,
            (),
            paragraphs,
            (),
            (),
            story.id if story else None,
            story.title if story else None,
            ("This report has not been analysed into a brief yet.",),
        )
    sentences = sorted(
        (s for s in brief.sentences if s.article_id == article.id), key=lambda s: s.index
    )
    entities = tuple(
        sorted((e for e in brief.entities if article.id in e.articles), key=lambda e: -e.salience)
    )
    claims = tuple(c for c in brief.claims if c.article_id == article.id)
    by_sentence: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_sentence[claim.sentence_id].append(claim)
    pattern, names = _alias_pattern(entities)
    marked = []
    previous_end = 0
    for sentence in sentences:
        gap = article.text[previous_end : sentence.start]
        previous_end = sentence.end
        own = by_sentence.get(sentence.id, [])
        marked.append(
            MarkedSentence(
                sentence,
                sentence_anchor(sentence.id),
                mark_sentence(sentence, own, pattern, names),
                tuple(own),
                paragraph_break="\n\n" in gap,
            )
        )
    return ArticlePage(
        article,
        tuple(marked),
        (),
        entities,
        claims,
        story.id if story else None,
        story.title if story else None,
    )
