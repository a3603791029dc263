"""The HTTP API under ``/api``: stories, articles, briefs, entities, claims, uploads.

Every response has a declared model, so ``/openapi.json`` is an honest
contract (schemathesis checks the app against it).  Lists are paginated with
``limit``/``offset`` and say how many items exist; errors are JSON
``{"status", "reason"}``.  Uploads run through :meth:`Backend.ingest`, the
same function behind ``storyline ingest``, so a file that fails on the command
line fails the same way here, with the same reason.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field

from storyline.errors import StorylineError
from storyline.records import Article, Brief, Claim, ClaimGroup, Entity, IngestError, Story
from storyline.web.backend import Backend, FileResult
from storyline.web.views import outlet_label, story_row, story_sort_key

router = APIRouter(prefix="/api", tags=["api"])

#: Documented only: the guard itself reads the header so that it can also take
#: ``X-Storyline-Token`` and answer with the API's error shape.
bearer = HTTPBearer(auto_error=False, description="the server's token (--token / STORYLINE_TOKEN)")

MAX_LIMIT = 200
#: Large enough for any real store, small enough that SQLite never sees an
#: integer it cannot bind.
MAX_OFFSET = 1_000_000

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]


class ErrorOut(BaseModel):
    status: int
    reason: str
    problems: list[str] | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "no such item"},
    422: {"model": ErrorOut, "description": "invalid parameters"},
}
BRIEF_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    503: {"model": ErrorOut, "description": "the renderer for this format is not installed"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "the body could not be parsed"},
    401: {"model": ErrorOut, "description": "token missing"},
    403: {"model": ErrorOut, "description": "token wrong, or write from a non-loopback client"},
    413: {"model": ErrorOut, "description": "upload larger than the server's limit"},
    422: {"model": ErrorOut, "description": "invalid request, or no file could be ingested"},
}


class StoryOut(BaseModel):
    id: str
    title: str
    article_ids: list[str]
    start: dt.date | None
    end: dt.date | None
    arc_id: str | None
    earlier: list[str]
    later: list[str]
    outlets: list[str]
    articles: int
    contested: int = Field(description="claim groups whose sources conflict")
    claim_groups: int
    analysed: bool = Field(description="whether a brief exists for the story")


class StoriesOut(BaseModel):
    items: list[StoryOut]
    total: int
    limit: int
    offset: int


class ArticleOut(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    url: str | None
    byline: str | None
    published: dt.date | None
    published_from: str
    language: str | None
    origin: str
    duplicate_of: str | None
    syndication_group: str | None
    warnings: list[str]
    text: str | None = Field(None, description="the cleaned body; only on single-article requests")


class ArticlesOut(BaseModel):
    items: list[ArticleOut]
    total: int
    limit: int
    offset: int


class SearchOut(BaseModel):
    query: str
    items: list[ArticleOut]
    limit: int
    offset: int
    has_more: bool


class PlaceOut(BaseModel):
    lat: float
    lon: float
    country: str | None
    precision: str
    name: str | None


class EntityOut(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str]
    mentions: int
    articles: list[str]
    salience: float
    place: PlaceOut | None
    ambiguous: bool


class EntitiesOut(BaseModel):
    items: list[EntityOut]
    total: int
    limit: int
    offset: int


class ClaimOut(BaseModel):
    id: str
    speaker: str | None
    speaker_entity: str | None
    speaker_type: str
    cue: str | None
    content: str
    hedged: bool
    hedges: list[str]
    sentence_id: str
    article_id: str
    outlet: str
    group_id: str | None


class ClaimGroupOut(BaseModel):
    id: str
    statement: str
    status: str
    outlets: list[str]
    independent_sources: int
    conflicts_with: list[str]
    claims: list[ClaimOut]


class ClaimGroupsOut(BaseModel):
    items: list[ClaimGroupOut]
    total: int
    limit: int
    offset: int


class IngestErrorOut(BaseModel):
    origin: str
    reason: str


class FileOut(BaseModel):
    name: str
    size: int
    status: Literal["ok", "partial", "unchanged", "error"]
    new_articles: list[str]
    errors: list[IngestErrorOut]


class UploadOut(BaseModel):
    files: list[FileOut]
    new_articles: int
    stories: list[str] = Field(description="ids of the stories after re-clustering")
    reason: str | None = None


class ArticleIn(BaseModel):
    """One article as JSON; the same fields the JSONL reader takes."""

    text: str = Field(min_length=1, max_length=2_000_000)
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: dt.date | None = None


class HealthOut(BaseModel):
    status: str
    stories: int
    writes: str


# ---------------------------------------------------------------- helpers


def backend_of(request: Request) -> Backend:
    backend: Backend = request.app.state.backend
    return backend


def find_story(backend: Backend, story_id: str) -> Story:
    for story in backend.stories():
        if story.id == story_id:
            return story
    raise HTTPException(404, f"no story with id {story_id!r}")


def story_brief(backend: Backend, story_id: str) -> tuple[Story, Brief]:
    story = find_story(backend, story_id)
    brief = backend.brief(story_id)
    if brief is None:
        raise HTTPException(404, f"story {story_id!r} has no brief yet (it is still being built)")
    return story, brief


def story_out(story: Story, articles: dict[str, Article], brief: Brief | None) -> StoryOut:
    row = story_row(story, articles, brief)
    return StoryOut(
        id=story.id,
        title=story.title,
        article_ids=list(story.article_ids),
        start=story.start,
        end=story.end,
        arc_id=story.arc_id,
        earlier=list(story.earlier),
        later=list(story.later),
        outlets=list(row.outlets),
        articles=row.articles,
        contested=row.contested,
        claim_groups=row.groups,
        analysed=row.analysed,
    )


def article_out(article: Article, *, text: bool = False) -> ArticleOut:
    return ArticleOut(
        id=article.id,
        title=article.title,
        outlet=article.outlet,
        url=article.url,
        byline=article.byline,
        published=article.published,
        published_from=article.published_from,
        language=article.language,
        origin=article.origin,
        duplicate_of=article.duplicate_of,
        syndication_group=article.syndication_group,
        warnings=list(article.warnings),
        text=article.text if text else None,
    )


def entity_out(entity: Entity) -> EntityOut:
    place = entity.place
    return EntityOut(
        id=entity.id,
        name=entity.name,
        type=entity.type,
        aliases=list(entity.aliases),
        mentions=entity.mentions,
        articles=list(entity.articles),
        salience=entity.salience,
        place=PlaceOut(
            lat=place.lat,
            lon=place.lon,
            country=place.country,
            precision=place.precision,
            name=place.name,
        )
        if place
        else None,
        ambiguous=entity.ambiguous,
    )


def claim_out(claim: Claim, articles: dict[str, Article]) -> ClaimOut:
    return ClaimOut(
        id=claim.id,
        speaker=claim.speaker,
        speaker_entity=claim.speaker_entity,
        speaker_type=claim.speaker_type,
        cue=claim.cue,
        content=claim.content,
        hedged=claim.hedged,
        hedges=list(claim.hedges),
        sentence_id=claim.sentence_id,
        article_id=claim.article_id,
        outlet=outlet_label(articles.get(claim.article_id), claim.article_id),
        group_id=claim.group_id,
    )


def group_out(
    group: ClaimGroup, claims: dict[str, Claim], articles: dict[str, Article]
) -> ClaimGroupOut:
    return ClaimGroupOut(
        id=group.id,
        statement=group.statement,
        status=group.status,
        outlets=list(group.outlets),
        independent_sources=group.independent_sources,
        conflicts_with=list(group.conflicts_with),
        claims=[claim_out(claims[c], articles) for c in group.claim_ids if c in claims],
    )


def search(backend: Backend, query: str, limit: int, offset: int) -> tuple[list[Article], bool]:
    """FTS5 search through the store; a query FTS5 cannot parse is the
    client's mistake (422), not a server error."""
    try:
        page = backend.search_articles(query, limit, offset)
    except sqlite3.Error as exc:
        raise HTTPException(422, f"search query not understood: {exc}") from exc
    return list(page.articles), page.has_more


def rendered(fmt: Literal["md", "html"], brief: Brief) -> str:
    """Run a brief renderer; one whose module is not installed yet (renderers
    are optional parts of the package) is a 503 with the reason, not a crash."""
    try:
        from storyline import render

        return render.to_markdown(brief) if fmt == "md" else render.to_html(brief)
    except ImportError as exc:
        raise HTTPException(503, f"this format cannot be rendered here: {exc}") from exc


def matching_stories(backend: Backend, stories: list[Story], query: str) -> list[Story]:
    """Stories whose title matches, or that hold an article the full-text search finds."""
    hits, _ = search(backend, query, MAX_LIMIT, 0)
    ids = {a.id for a in hits}
    folded = query.casefold()
    return [s for s in stories if folded in s.title.casefold() or ids & set(s.article_ids)]


# ---------------------------------------------------------------- read endpoints


@router.get("/health", response_model=HealthOut, summary="Liveness and write policy")
def health(request: Request) -> HealthOut:
    token = request.app.state.guard.token
    return HealthOut(
        status="ok",
        stories=len(backend_of(request).stories()),
        writes="token" if token else "loopback-only",
    )


@router.get("/stories", response_model=StoriesOut, responses=ERRORS, summary="List stories")
def list_stories(
    request: Request,
    limit: Limit = 20,
    offset: Offset = 0,
    q: Annotated[str | None, Query(max_length=200, description="full-text filter")] = None,
) -> StoriesOut:
    """Newest first, then the most covered (most articles)."""
    backend = backend_of(request)
    stories = sorted(backend.stories(), key=story_sort_key)
    if q and q.strip():
        stories = matching_stories(backend, stories, q.strip())
    page = stories[offset : offset + limit]
    articles = {a.id: a for a in backend.articles()} if page else {}
    items = [story_out(s, articles, backend.brief(s.id)) for s in page]
    return StoriesOut(items=items, total=len(stories), limit=limit, offset=offset)


@router.get("/stories/{story_id}", response_model=StoryOut, responses=ERRORS, summary="One story")
def get_story(request: Request, story_id: str) -> StoryOut:
    backend = backend_of(request)
    story = find_story(backend, story_id)
    articles = {a.id: a for a in backend.articles()}
    return story_out(story, articles, backend.brief(story_id))


@router.get(
    "/stories/{story_id}/brief",
    responses={
        **BRIEF_ERRORS,
        200: {"content": {"application/json": {}}, "description": "the brief"},
    },
    summary="A story's brief as JSON (storyline.brief/1)",
)
def brief_json(request: Request, story_id: str) -> Response:
    backend = backend_of(request)
    find_story(backend, story_id)
    text = backend.brief_json(story_id)
    if text is None:
        raise HTTPException(404, f"story {story_id!r} has no brief yet (it is still being built)")
    return Response(text, media_type="application/json")


@router.get(
    "/stories/{story_id}/brief.md",
    responses={**BRIEF_ERRORS, 200: {"content": {"text/markdown": {}}, "description": "the brief"}},
    summary="A story's brief as Markdown",
)
def brief_markdown(request: Request, story_id: str) -> Response:
    _, brief = story_brief(backend_of(request), story_id)
    return Response(rendered("md", brief), media_type="text/markdown; charset=utf-8")


@router.get(
    "/stories/{story_id}/brief.html",
    responses={**BRIEF_ERRORS, 200: {"content": {"text/html": {}}, "description": "the brief"}},
    summary="A story's brief as one self-contained HTML file",
)
def brief_html(request: Request, story_id: str) -> Response:
    _, brief = story_brief(backend_of(request), story_id)
    return Response(rendered("html", brief), media_type="text/html; charset=utf-8")


@router.get(
    "/stories/{story_id}/entities",
    response_model=EntitiesOut,
    responses=ERRORS,
    summary="Entities of a story, most salient first",
)
def story_entities(
    request: Request,
    story_id: str,
    limit: Limit = 50,
    offset: Offset = 0,
    type: Annotated[
        str | None, Query(max_length=40, description="only this type, e.g. GPE")
    ] = None,
) -> EntitiesOut:
    _, brief = story_brief(backend_of(request), story_id)
    entities = sorted(brief.entities, key=lambda e: (-e.salience, e.name))
    if type:
        entities = [e for e in entities if e.type == type]
    page = entities[offset : offset + limit]
    return EntitiesOut(
        items=[entity_out(e) for e in page], total=len(entities), limit=limit, offset=offset
    )


@router.get(
    "/stories/{story_id}/claim-groups",
    response_model=ClaimGroupsOut,
    responses=ERRORS,
    summary="The claims ledger of a story: contested first",
)
def story_claim_groups(
    request: Request,
    story_id: str,
    limit: Limit = 50,
    offset: Offset = 0,
    status: Annotated[
        Literal["corroborated", "single_source", "contested", "unconfirmed"] | None, Query()
    ] = None,
) -> ClaimGroupsOut:
    from storyline.web.views import STATUS_ORDER

    _, brief = story_brief(backend_of(request), story_id)
    groups = sorted(brief.claim_groups, key=lambda g: (STATUS_ORDER.get(g.status, 9), g.id))
    if status:
        groups = [g for g in groups if g.status == status]
    claims = {c.id: c for c in brief.claims}
    articles = {a.id: a for a in brief.articles}
    page = groups[offset : offset + limit]
    return ClaimGroupsOut(
        items=[group_out(g, claims, articles) for g in page],
        total=len(groups),
        limit=limit,
        offset=offset,
    )


@router.get("/articles", response_model=ArticlesOut, responses=ERRORS, summary="List articles")
def list_articles(request: Request, limit: Limit = 20, offset: Offset = 0) -> ArticlesOut:
    """Newest publication date first; undated reports last."""
    articles = sorted(
        backend_of(request).articles(),
        key=lambda a: (-(a.published.toordinal() if a.published else 0), a.id),
    )
    page = articles[offset : offset + limit]
    return ArticlesOut(
        items=[article_out(a) for a in page], total=len(articles), limit=limit, offset=offset
    )


@router.get(
    "/articles/search",
    response_model=SearchOut,
    responses=ERRORS,
    summary="Full-text search over articles (SQLite FTS5)",
)
def search_articles(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200, description="FTS5 query")],
    limit: Limit = 20,
    offset: Offset = 0,
) -> SearchOut:
    hits, more = search(backend_of(request), q, limit, offset)
    return SearchOut(
        query=q, items=[article_out(a) for a in hits], limit=limit, offset=offset, has_more=more
    )


@router.get(
    "/articles/{article_id}", response_model=ArticleOut, responses=ERRORS, summary="One article"
)
def get_article(request: Request, article_id: str) -> ArticleOut:
    article = backend_of(request).article(article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return article_out(article, text=True)


# ---------------------------------------------------------------- write endpoints


def _finish(request: Request, results: list[FileResult]) -> JSONResponse:
    """Re-cluster and re-brief once for the whole upload, then report per file.

    201 when something new was stored, 200 when everything was already there,
    422 when no file could be read (the body still says why, file by file).
    """
    backend = backend_of(request)
    new = sum(len(r.new_articles) for r in results)
    reason = None
    try:
        stories = [s.id for s in backend.refresh()] if new else [s.id for s in backend.stories()]
    except StorylineError as exc:
        # The articles are stored (ingest committed them); only the rebuild
        # failed, e.g. a model package is missing.  Say so, keep the upload.
        stories = [s.id for s in backend.stories()]
        reason = f"stored, but the stories could not be rebuilt: {exc}"
    failed = bool(results) and all(r.status == "error" for r in results)
    body = UploadOut(
        files=[
            FileOut(
                name=r.name,
                size=r.size,
                status=r.status,  # type: ignore[arg-type]
                new_articles=list(r.new_articles),
                errors=[IngestErrorOut(origin=e.origin, reason=e.reason) for e in r.errors],
            )
            for r in results
        ],
        new_articles=new,
        stories=stories,
        reason="no file could be ingested" if failed else reason,
    )
    code = 422 if failed else 201 if new else 200
    return JSONResponse(body.model_dump(mode="json"), status_code=code)


def _ingest(backend: Backend, name: str, data: bytes) -> FileResult:
    try:
        return backend.ingest(name, data)
    except StorylineError as exc:
        reason = getattr(exc, "reason", None) or str(exc)
        return FileResult(name, len(data), (), (IngestError(origin=name, reason=reason),))


UPLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    **WRITE_ERRORS,
    200: {"model": UploadOut, "description": "nothing new: every file was already stored"},
    201: {"model": UploadOut, "description": "new articles stored; stories and briefs updated"},
    422: {
        "model": UploadOut | ErrorOut,
        "description": "no file could be ingested, or bad request",
    },
}


@router.post(
    "/uploads",
    responses=UPLOAD_RESPONSES,
    status_code=201,
    summary="Upload report files (text, HTML, mail, mbox, RSS/Atom, JSONL ...)",
    dependencies=[Depends(bearer)],
)
def upload_files(
    request: Request,
    files: Annotated[list[UploadFile], File(description="one or more report files")],
) -> JSONResponse:
    request.app.state.guard.check(request)
    backend = backend_of(request)
    results = []
    for upload in files:
        name = (upload.filename or "upload").replace("\\", "/").rsplit("/", 1)[-1] or "upload"
        results.append(_ingest(backend, name, upload.file.read()))
    return _finish(request, results)


@router.post(
    "/articles",
    responses=UPLOAD_RESPONSES,
    status_code=201,
    summary="Add articles given as JSON (the JSONL reader's fields)",
    dependencies=[Depends(bearer)],
)
def post_articles(
    request: Request,
    articles: Annotated[list[ArticleIn], Body(min_length=1, max_length=1000)],
) -> JSONResponse:
    request.app.state.guard.check(request)
    lines = [
        json.dumps(a.model_dump(mode="json", exclude_none=True), ensure_ascii=False)
        for a in articles
    ]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return _finish(request, [_ingest(backend_of(request), "articles.jsonl", data)])
