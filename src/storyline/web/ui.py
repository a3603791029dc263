"""Server-rendered pages: story list, story, article, upload, API docs.

Pages are plain HTML from the one Jinja2 template set and environment of
:mod:`storyline.render.html` (autoescaping forced on for every template), over
the view models of :mod:`storyline.render.views` and
:mod:`storyline.render.article`: the story page and the self-contained brief
share their sections.
"""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from storyline.render import views
from storyline.render.article import article_page
from storyline.render.html import environment, map_svg
from storyline.web.api import (
    MAX_LIMIT,
    MAX_SEARCH_STORIES,
    backend_of,
    find_story,
    matching_stories,
)

PAGE_SIZE = 25
#: Rendered story pages, keyed by the digest of the brief they show (so a
#: rebuilt brief is never served stale).  Rendering a 50-article story's page
#: costs ~0.2 s of CPU; serving it from here costs a dictionary lookup.
PAGE_CACHE = 64
_pages: dict[tuple[Any, ...], str] = {}
_pages_lock = threading.Lock()

templates = Jinja2Templates(env=environment)
router = APIRouter(include_in_schema=False)


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("token_required", request.app.state.guard.token is not None)
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, reason: str) -> HTMLResponse:
    return page(request, "error.html", status=status, status_code=status, reason=reason)


# ---------------------------------------------------------------- pages


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request,
    q: Annotated[str | None, Query(max_length=200)] = None,
    page_no: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    backend = backend_of(request)
    query = (q or "").strip()
    start = (page_no - 1) * PAGE_SIZE
    if query:
        ids = matching_stories(backend, query, MAX_SEARCH_STORIES)
        found = sorted(
            backend.story_rows(len(ids), 0, ids), key=lambda r: views.story_sort_key(r[0])
        )
        total = len(found)
        shown = found[start : start + PAGE_SIZE]
    else:
        shown = backend.story_rows(PAGE_SIZE, start)
        total = backend.count_stories()
    rows = [views.story_row_of(s, c) for s, c in shown]
    articles_total, clustered, waiting = backend.counts()
    return page(
        request,
        "index.html",
        rows=rows,
        query=query,
        page_no=page_no,
        total=total,
        has_next=start + PAGE_SIZE < total,
        articles_total=articles_total,
        unclustered=max(0, articles_total - clustered) if not query else 0,
        waiting=waiting,
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str) -> HTMLResponse:
    backend = backend_of(request)
    found = find_story(backend, story_id)
    entry = backend.brief_entry(story_id)
    if entry is None:
        articles = [a for a in (backend.article(i) for i in found.article_ids) if a]
        return page(request, "story_pending.html", story=found, articles=articles)
    version, brief = entry
    token_required = request.app.state.guard.token is not None
    rows = backend.story_rows(1, 0, [found.id])
    status = rows[0][1] if rows else None
    key = (version, found, token_required, status)
    with _pages_lock:
        html = _pages.get(key)
    if html is None:
        view = views.story_page(brief, found)
        context = {
            "view": view,
            "map": map_svg(view.places),
            "story_id": story_id,
            "status": status,
        }
        html = environment.get_template("story.html").render(
            request=request, token_required=token_required, **context
        )
        with _pages_lock:
            _pages[key] = html
            while len(_pages) > PAGE_CACHE:
                _pages.pop(next(iter(_pages)))
    return HTMLResponse(html)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(
    request: Request,
    article_id: str,
    story: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    backend = backend_of(request)
    found = backend.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    asked = backend.story(story) if story else None
    chosen = asked if asked is not None and article_id in asked.article_ids else None
    chosen = chosen or backend.story_of_article(article_id)
    brief = backend.brief(chosen.id) if chosen else None
    if brief is not None and not any(a.id == article_id for a in brief.articles):
        brief = None
    return page(request, "article.html", view=article_page(found, brief, chosen))


@router.get("/upload", response_class=HTMLResponse)
def upload(request: Request) -> HTMLResponse:
    limit = request.app.state.max_upload_bytes
    errors = backend_of(request).errors()[-20:]
    return page(request, "upload.html", limit=limit, errors=list(reversed(errors)))


def _parameter(spec: dict[str, Any]) -> dict[str, str | bool]:
    """One OpenAPI parameter flattened to what the docs table shows."""
    schema = spec.get("schema", {})
    kinds = [schema.get("type")] + [s.get("type") for s in schema.get("anyOf", [])]
    notes = [spec.get("description") or schema.get("description") or ""]
    for key, label in (
        ("default", "default"),
        ("minimum", "min"),
        ("maximum", "max"),
        ("maxLength", "max length"),
        ("enum", "one of"),
    ):
        if schema.get(key) is not None:
            notes.append(f"{label} {schema[key]}")
    return {
        "name": str(spec.get("name", "")),
        "in": str(spec.get("in", "")),
        "required": bool(spec.get("required")),
        "type": " | ".join(k for k in kinds if k) or "any",
        "notes": "; ".join(n for n in notes if n),
    }


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """The API reference, rendered here from the OpenAPI schema (no CDN)."""
    schema = request.app.openapi()
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {})
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [_parameter(p) for p in op.get("parameters", [])],
                    "body": ", ".join(body),
                    "responses": sorted(op.get("responses", {}).items()),
                    "secured": bool(op.get("security")),
                }
            )
    return page(request, "docs.html", operations=operations, info=schema.get("info", {}))


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


__all__ = ["MAX_LIMIT", "error_page", "router"]
