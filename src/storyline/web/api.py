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
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Body, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field, PlainSerializer, WithJsonSchema

from storyline import codec
from storyline.errors import StorylineError
from storyline.records import Article, Brief, Entity, IngestError, Story
from storyline.render.views import (
    GroupedClaims,
    StoryRow,
    grouped_claims,
    ledger_order,
    story_row_of,
    story_sort_key,
)
from storyline.web.backend import Backend, FileResult
from storyline.web.security import Text

T = TypeVar("T")

router = APIRouter(prefix="/api", tags=["api"])

#: Documented only: the guard itself reads the header so that it can also take
#: ``X-Storyline-Token`` and answer with the API's error shape.
bearer = HTTPBearer(auto_error=False, description="the server's token (--token / STORYLINE_TOKEN)")

MAX_LIMIT = 200
#: Stories a full-text filter of the story list can match at most.
MAX_SEARCH_STORIES = 1000
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


class Page(BaseModel, Generic[T]):
    """One page of a list: its items, how many there are in all, where the page starts."""

    items: list[T]
    total: int
    limit: int
    offset: int


def _listed_article_schema() -> dict[str, Any]:
    """The article record's own schema, with its body null."""
    schema = codec.json_schema(Article)
    assert "$defs" not in schema  # inlined below, so it must stand alone
    schema["title"] = "ListedArticle"
    schema["properties"]["text"] = {
        "type": "null",
        "title": "Text",
        "description": "the cleaned body; only on single-article requests",
    }
    return schema


#: An article in a list: the record, its body left out (``text`` is null;
#: ``GET /api/articles/{id}`` has it).  Serialised and described through the
#: record's own adapter, so the two cannot drift apart.
ListedArticle = Annotated[
    Article,
    PlainSerializer(lambda article: {**codec.to_jsonable(article), "text": None}),
    WithJsonSchema(_listed_article_schema(), mode="serialization"),
]


class StoriesOut(Page[StoryRow]):
    pass


class ArticlesOut(Page[ListedArticle]):
    pass


class EntitiesOut(Page[Entity]):
    pass


class ClaimGroupsOut(Page[GroupedClaims]):
    pass


class SearchOut(BaseModel):
    query: str
    items: list[ListedArticle]
    limit: int
    offset: int
    has_more: bool


class FileOut(BaseModel):
    name: str
    size: int
    status: Literal["ok", "partial", "unchanged", "error"]
    new_articles: list[str]
    errors: list[IngestError]


class UploadOut(BaseModel):
    files: list[FileOut]
    new_articles: int
    stories: list[str] = Field(
        description="ids of the stories already holding these articles (none for new "
        "articles: the worker clusters them in the background)"
    )
    reason: str | None = None


class ArticleIn(BaseModel):
    """One article as JSON; the same fields the JSONL reader takes.  Strings
    must be characters UTF-8 can hold (no lone surrogate escape)."""

    text: Text = Field(min_length=1, max_length=2_000_000)
    title: Text | None = None
    url: Text | None = None
    outlet: Text | None = None
    byline: Text | None = None
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
    """The story with this id; an id a merge retired redirects (308) to the
    story that absorbed it."""
    story = backend.story(story_id)
    if story is not None:
        return story
    survivor = backend.redirect(story_id)
    if survivor is not None:
        raise StoryMoved(story_id, survivor)
    raise HTTPException(404, f"no story with id {story_id!r}")


class StoryMoved(HTTPException):
    """A story id that a merge retired: answered with a 308 to the survivor."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__(308, f"story {old!r} was merged into {new!r}")
        self.old, self.new = old, new

    def location(self, path: str) -> str:
        """The same path with the survivor's id in place of the retired one."""
        return path.replace(f"/{self.old}", f"/{self.new}", 1)


def story_brief(backend: Backend, story_id: str) -> tuple[Story, Brief]:
    story = find_story(backend, story_id)
    brief = backend.brief(story_id)
    if brief is None:
        raise HTTPException(404, f"story {story_id!r} has no brief yet (it is still being built)")
    return story, brief


def search(backend: Backend, query: str, limit: int, offset: int) -> tuple[list[Article], bool]:
    """Full-text search through the store; a query the store cannot parse is
    the client's mistake (422), not a server error."""
    try:
        page = backend.search_articles(query, limit, offset)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    return list(page.articles), page.has_more


def rendered(fmt: Literal["md", "html"], brief: Brief) -> str:
    """Run a brief renderer; one whose module is not installed yet (renderers
    are optional parts of the package) is a 503 with the reason, not a crash."""
    try:
        from storyline import render

        return render.to_markdown(brief) if fmt == "md" else render.to_html(brief)
    except ImportError as exc:
        raise HTTPException(503, f"this format cannot be rendered here: {exc}") from exc


def matching_stories(backend: Backend, query: str, limit: int) -> list[str]:
    """Ids of stories whose title matches, or that hold an article the full-text
    search finds (indexed queries)."""
    hits, _ = search(backend, query, MAX_LIMIT, 0)
    return backend.story_ids_matching(query, [a.id for a in hits], limit)


# ---------------------------------------------------------------- read endpoints


@router.get("/health", response_model=HealthOut, summary="Liveness and write policy")
def health(request: Request) -> HealthOut:
    token = request.app.state.guard.token
    return HealthOut(
        status="ok",
        stories=backend_of(request).count_stories(),
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
    if q and q.strip():
        ids = matching_stories(backend, q.strip(), MAX_SEARCH_STORIES)
        rows = backend.story_rows(len(ids), 0, ids)
        rows.sort(key=lambda r: story_sort_key(r[0]))
        total = len(rows)
        rows = rows[offset : offset + limit]
    else:
        rows = backend.story_rows(limit, offset)
        total = backend.count_stories()
    items = [story_row_of(s, c) for s, c in rows]
    return StoriesOut(items=items, total=total, limit=limit, offset=offset)


@router.get("/stories/{story_id}", response_model=StoryRow, responses=ERRORS, summary="One story")
def get_story(request: Request, story_id: str) -> StoryRow:
    backend = backend_of(request)
    story = find_story(backend, story_id)
    return story_row_of(*backend.story_rows(1, 0, [story.id])[0])


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
    return EntitiesOut(items=page, total=len(entities), limit=limit, offset=offset)


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
    _, brief = story_brief(backend_of(request), story_id)
    groups = ledger_order(brief.claim_groups)
    if status:
        groups = [g for g in groups if g.status == status]
    page = groups[offset : offset + limit]
    return ClaimGroupsOut(
        items=grouped_claims(brief, page),
        total=len(groups),
        limit=limit,
        offset=offset,
    )


@router.get("/articles", response_model=ArticlesOut, responses=ERRORS, summary="List articles")
def list_articles(request: Request, limit: Limit = 20, offset: Offset = 0) -> ArticlesOut:
    """Newest publication date first; undated reports last."""
    page, total = backend_of(request).article_page(limit, offset)
    return ArticlesOut(items=page, total=total, limit=limit, offset=offset)


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
    return SearchOut(query=q, items=hits, limit=limit, offset=offset, has_more=more)


@router.get(
    "/articles/{article_id}", response_model=Article, responses=ERRORS, summary="One article"
)
def get_article(request: Request, article_id: str) -> Article:
    article = backend_of(request).article(article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return article


# ---------------------------------------------------------------- write endpoints


def _finish(request: Request, results: list[FileResult]) -> JSONResponse:
    """Report per file what was stored; the worker updates the stories.

    202 when something new was stored and queued (the worker analyses it,
    clusters it and re-briefs its story in the background), 200 when
    everything was already there, 422 when no file could be read (the body
    still says why, file by file).
    """
    backend = backend_of(request)
    new = sum(len(r.new_articles) for r in results)
    reason = None
    if new:
        backend.refresh()
    # new articles have no story until the worker clusters them; known ones do
    stories: list[str] = []
    for r in results:
        for article_id in r.known_articles:
            found = backend.story_of_article(article_id)
            if found is not None and found.id not in stories:
                stories.append(found.id)
    failed = bool(results) and all(r.status == "error" for r in results)
    body = UploadOut(
        files=[
            FileOut(
                name=r.name,
                size=r.size,
                status=r.status,  # type: ignore[arg-type]
                new_articles=list(r.new_articles),
                errors=list(r.errors),
            )
            for r in results
        ],
        new_articles=new,
        stories=stories,
        reason="no file could be ingested" if failed else reason,
    )
    code = 422 if failed else 202 if new else 200
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
    202: {
        "model": UploadOut,
        "description": "new articles stored and queued; the worker updates their stories "
        "and briefs in the background (a story being updated says so)",
    },
    422: {
        "model": UploadOut | ErrorOut,
        "description": "no file could be ingested, or bad request",
    },
}


@router.post(
    "/uploads",
    responses=UPLOAD_RESPONSES,
    status_code=202,
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
    status_code=202,
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
