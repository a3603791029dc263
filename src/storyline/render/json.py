"""The JSON form of a brief (``storyline.brief/1``, see ``schema/brief.schema.json``).

Article bodies are not repeated in the JSON: the ``sentences`` list carries
every sentence with its character offsets, and :func:`brief_from_dict`
rebuilds each article's text from them.
"""

from __future__ import annotations

import json
from typing import Any

from storyline.codec import from_dict, to_jsonable
from storyline.records import (
    SCHEMA_ID,
    Article,
    Brief,
    Claim,
    ClaimGroup,
    Entity,
    Sentence,
    Story,
    SummarySentence,
    TimelineEvent,
)

#: Article fields left out of the brief JSON (the text is in ``sentences``).
ARTICLE_OMIT = ("text",)


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    data: dict[str, Any] = {"schema": brief.schema}
    data["articles"] = [
        {k: v for k, v in to_jsonable(a).items() if k not in ARTICLE_OMIT} for a in brief.articles
    ]
    for key in (
        "sentences",
        "stories",
        "summary",
        "timeline",
        "entities",
        "claims",
        "claim_groups",
        "warnings",
    ):
        data[key] = to_jsonable(getattr(brief, key))
    return data


def brief_to_json(brief: Brief, *, indent: int | None = 2) -> str:
    return json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=indent)


def _rebuild_text(sentences: list[Sentence]) -> str:
    """An article body from its sentences, each placed at its offsets (the
    gaps between sentences, paragraph breaks included, become spaces)."""
    parts: list[str] = []
    pos = 0
    for s in sorted(sentences, key=lambda s: s.start):
        if s.start > pos:
            parts.append(" " * (s.start - pos))
        parts.append(s.text)
        pos = s.end
    return "".join(parts)


def brief_from_dict(data: dict[str, Any]) -> Brief:
    """Load a brief from its JSON form."""
    sentences = [from_dict(Sentence, s) for s in data.get("sentences", [])]
    by_article: dict[str, list[Sentence]] = {}
    for s in sentences:
        by_article.setdefault(s.article_id, []).append(s)
    articles = []
    for item in data.get("articles", []):
        fields = {"text": _rebuild_text(by_article.get(item["id"], [])), **item}
        articles.append(from_dict(Article, fields))
    return Brief(
        articles=tuple(articles),
        sentences=tuple(sentences),
        stories=tuple(from_dict(Story, s) for s in data.get("stories", [])),
        summary=tuple(from_dict(SummarySentence, s) for s in data.get("summary", [])),
        timeline=tuple(from_dict(TimelineEvent, s) for s in data.get("timeline", [])),
        entities=tuple(from_dict(Entity, s) for s in data.get("entities", [])),
        claims=tuple(from_dict(Claim, s) for s in data.get("claims", [])),
        claim_groups=tuple(from_dict(ClaimGroup, s) for s in data.get("claim_groups", [])),
        warnings=tuple(data.get("warnings", [])),
        schema=data.get("schema", SCHEMA_ID),
    )
