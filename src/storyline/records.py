"""Typed records that flow between the stages.

bytes -> RawDocument -> Article -> AnalyzedArticle -> (stages) -> Brief

Every record is a frozen dataclass.  Stages take records and return new ones
(``dataclasses.replace`` for amendments); nothing is mutated in place.  Derived
items (summary lines, timeline events, claims) carry the ids of the sentences
they came from, and sentences carry character offsets into ``Article.text``,
so a reader can always get back to who said what, where.

Records are data: the only storyline module imported here is the generic
:mod:`storyline.codec`, through which :meth:`Brief.to_json` and
:meth:`Brief.from_json` go (the store and the HTTP API use the same codec).
The JSON form of a :class:`Brief` is described by ``schema/brief.schema.json``
(``storyline.brief/1``), generated from these classes by
:mod:`storyline.schema`.  Renderers are functions of :mod:`storyline.render`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from storyline.codec import from_dict, to_jsonable

SCHEMA_ID = "storyline.brief/1"

#: How an article's publication date was found.
DateSource = Literal["metadata", "dateline", "header", "inferred", "unknown"]
#: TIMEX3 types.
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Granularity = Literal["day", "month", "year"]
#: ACLED-style geographic precision of a resolved place.
Precision = Literal["point", "city", "region", "country"]
SourceType = Literal[
    "official",
    "state_media",
    "military",
    "monitor",
    "activist",
    "international_body",
    "witness",
    "militant_group",
    "outlet",
    "expert",
    "unknown",
]
ClaimStatus = Literal["corroborated", "single_source", "contested", "unconfirmed"]
Stance = Literal["agree", "disagree", "discuss", "unrelated"]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Bytes exactly as received, identified by their SHA-256."""

    id: str
    origin: str
    media_type: str
    size: int
    received_at: str
    data: bytes = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Article:
    """One news report, cleaned.  ``text`` is the body only (no title, byline,
    date line, captions or list boilerplate); paragraphs are separated by a
    blank line and sentence offsets point into it."""

    id: str
    raw_id: str
    origin: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    published_from: DateSource = "unknown"
    language: str | None = None
    part: int = 0
    warnings: tuple[str, ...] = ()
    duplicate_of: str | None = None
    syndication_group: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    id: str
    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class AnalyzedArticle:
    """An article with its sentences and the spaCy ``Doc`` over ``article.text``.

    ``doc`` is an in-memory handle for the stages; it is never serialised.
    ``timexes`` holds the article's time expressions, found once per anchor
    date and shared by every stage that reads them (document dates, the
    timeline): the key is the anchor (``None`` for expressions read without
    one, as date inference needs), the value what
    :func:`storyline.timeline.timex.finder.article_timexes` found.  An
    inferred date changes the anchor, so the expressions are read once more
    for it; the unanchored ones stay.  The text never changes, so a record
    amended with ``dataclasses.replace`` shares its cache.
    """

    article: Article
    sentences: tuple[Sentence, ...]
    doc: Any = field(default=None, repr=False, compare=False)
    timexes: dict[dt.date | None, tuple[TimeRef, ...]] = field(
        default_factory=dict, repr=False, compare=False, metadata={"json": False}
    )
    #: whether document dates were inferred over the pile this record came from
    dates_inferred: bool = field(default=False, compare=False)

    @property
    def id(self) -> str:
        return self.article.id

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains character ``offset`` of the article text."""
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression: span in the text it was found in, TIMEX3 type and value."""

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    anchor: str | None = None
    sentence_id: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    date: str
    granularity: Granularity
    text: str
    sources: tuple[str, ...]
    background: bool = False


@dataclass(frozen=True, slots=True)
class Place:
    lat: float
    lon: float
    country: str | None
    precision: Precision
    geonameid: int | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    article_id: str
    sentence_id: str | None
    start: int
    end: int
    text: str
    label: str
    entity_id: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: int
    articles: tuple[str, ...]
    salience: float
    place: Place | None = None
    ambiguous: bool = False


@dataclass(frozen=True, slots=True)
class Attribution:
    """Spans of one attributed statement within a text: ``(start, end)`` or None."""

    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    content: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    speaker: str | None
    speaker_entity: str | None
    speaker_type: SourceType
    cue: str | None
    content: str
    hedged: bool
    sentence_id: str
    article_id: str
    group_id: str | None = None
    hedges: tuple[str, ...] = ()
    speaker_span: tuple[int, int] | None = None
    cue_span: tuple[int, int] | None = None
    content_span: tuple[int, int] | None = None
    via: str | None = None
    numbers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    id: str
    statement: str
    claim_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    independent_sources: int
    status: ClaimStatus
    conflicts_with: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SummarySentence:
    text: str
    sources: tuple[str, ...]
    outlets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    article_ids: tuple[str, ...]
    start: dt.date | None = None
    end: dt.date | None = None
    arc_id: str | None = None
    earlier: tuple[str, ...] = ()
    later: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoredAnalysis:
    """One article's analysis as the store keeps it: the spaCy ``Doc`` as bytes
    (``Doc.to_bytes``) and its sentence offsets, made by the pipeline named by
    ``version`` (a digest of the model package, the pipeline's components and
    the rules; :func:`storyline.analysis.stored.analysis_version`)."""

    article_id: str
    version: str
    doc: bytes = field(repr=False)
    sentences: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class StoryColumns:
    """What the story list shows, kept with the story so a list is one query."""

    size: int
    outlets: tuple[str, ...]
    contested: int = 0
    claim_groups: int = 0
    analysed: bool = False
    #: new articles wait for the story's brief to be rebuilt
    updating: bool = False
    brief_updated_at: str | None = None


@dataclass(frozen=True, slots=True)
class IngestError:
    """An input that could not be turned into articles, and why."""

    origin: str
    reason: str
    raw_id: str | None = None


#: Article fields left out of a brief's JSON (the body is in ``sentences``).
ARTICLE_OMIT = ("text",)


@dataclass(frozen=True, slots=True)
class Brief:
    """The attributed event brief: everything storyline knows about a pile of reports."""

    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]
    stories: tuple[Story, ...] = ()
    summary: tuple[SummarySentence, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = ()
    claim_groups: tuple[ClaimGroup, ...] = ()
    warnings: tuple[str, ...] = ()
    schema: str = SCHEMA_ID

    def to_dict(self) -> dict[str, Any]:
        """The brief's JSON form (``storyline.brief/1``): ``schema`` first,
        article bodies left out (``sentences`` carry them, with offsets)."""
        data = to_jsonable(self, exclude={"articles": {"__all__": set(ARTICLE_OMIT)}})
        return {"schema": data.pop("schema"), **data}

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Brief:
        """Load a brief from its JSON form, each article's body rebuilt from
        its sentences (see :func:`rebuild_text`)."""
        sentences = data.get("sentences", [])
        by_article: dict[str, list[dict[str, Any]]] = {}
        for s in sentences:
            by_article.setdefault(s["article_id"], []).append(s)
        articles = [
            {"text": rebuild_text(by_article.get(a["id"], [])), **a}
            for a in data.get("articles", [])
        ]
        return from_dict(cls, {**data, "articles": articles, "sentences": sentences})

    @classmethod
    def from_json(cls, text: str | bytes) -> Brief:
        return cls.from_dict(json.loads(text))


def rebuild_text(sentences: list[dict[str, Any]]) -> str:
    """An article body from its sentences' JSON, each placed at its offsets
    (the gaps between sentences, paragraph breaks included, become spaces)."""
    parts: list[str] = []
    pos = 0
    for s in sorted(sentences, key=lambda s: s["start"]):
        if s["start"] > pos:
            parts.append(" " * (s["start"] - pos))
        parts.append(s["text"])
        pos = s["end"]
    return "".join(parts)
