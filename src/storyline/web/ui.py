"""Server-rendered pages: story list, story, article, upload, API docs.

Pages are plain HTML from Jinja2 with autoescaping forced on for every
template, whatever its file name: report text is hostile input (a report may
contain ``<script>``), and the only markup we mark safe is SVG this package
generates itself, with every label escaped on the way in.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from storyline.records import Entity
from storyline.web import views
from storyline.web.api import MAX_LIMIT, backend_of, find_story, matching_stories

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 25
#: Rendered story pages, keyed by the digest of the brief they show (so a
#: rebuilt brief is never served stale).  Rendering a 50-article story's page
#: costs ~0.2 s of CPU; serving it from here costs a dictionary lookup.
PAGE_CACHE = 64
_pages: dict[tuple[Any, ...], str] = {}
_pages_lock = threading.Lock()

environment = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.filters["anchor"] = views.sentence_anchor
environment.filters["unquote"] = views.unquote
templates = Jinja2Templates(env=environment)
router = APIRouter(include_in_schema=False)


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("token_required", request.app.state.guard.token is not None)
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, reason: str) -> HTMLResponse:
    return page(request, "error.html", status=status, status_code=status, reason=reason)


# ---------------------------------------------------------------- the map


def _fallback_map(places: Sequence[Entity]) -> Markup:
    """Markers on a plain latitude/longitude grid, for when the basemap
    renderer (``storyline.render.map``) is not installed: the places stay
    visible relative to each other, and the page says there is no basemap."""
    lats = [e.place.lat for e in places if e.place]
    lons = [e.place.lon for e in places if e.place]
    pad = 2.0
    south, north = min(lats) - pad, max(lats) + pad
    west, east = min(lons) - pad, max(lons) + pad
    width, height = 600.0, 360.0
    sx, sy = width / max(east - west, 1.0), height / max(north - south, 1.0)
    scale = min(sx, sy)

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (lon - west) * scale, (north - lat) * scale

    parts = [
        f'<svg class="map fallback" viewBox="0 0 {(east - west) * scale:.0f} '
        f'{(north - south) * scale:.0f}" role="img" aria-label="places (no basemap)">'
    ]
    for degree in range(int(west) - 1, int(east) + 2):
        x, _ = xy(0, degree)
        parts.append(f'<line class="grid" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="100%"/>')
    for degree in range(int(south) - 1, int(north) + 2):
        _, y = xy(degree, 0)
        parts.append(f'<line class="grid" x1="0" y1="{y:.1f}" x2="100%" y2="{y:.1f}"/>')
    for entity in places:
        assert entity.place is not None
        x, y = xy(entity.place.lat, entity.place.lon)
        name = escape(entity.name)
        parts.append(
            f'<g class="marker" data-name="{name}"><circle cx="{x:.1f}" cy="{y:.1f}" r="5"/>'
            f"<title>{name} ({escape(entity.place.precision)})</title>"
            f'<text x="{x + 7:.1f}" y="{y + 4:.1f}">{name}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def map_svg(places: Sequence[Entity]) -> Markup | None:
    """The offline SVG map of a story's places, or None when there are none."""
    if not places:
        return None
    try:
        from storyline.render.map import render_map_svg
    except ImportError:
        return _fallback_map(places)
    return Markup(render_map_svg(list(places)))


# ---------------------------------------------------------------- pages


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request,
    q: Annotated[str | None, Query(max_length=200)] = None,
    page_no: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    backend = backend_of(request)
    stories = sorted(backend.stories(), key=views.story_sort_key)
    query = (q or "").strip()
    if query:
        stories = matching_stories(backend, stories, query)
    start = (page_no - 1) * PAGE_SIZE
    shown = stories[start : start + PAGE_SIZE]
    articles = {a.id: a for a in backend.articles()}
    rows = [views.story_row(s, articles, backend.brief(s.id)) for s in shown]
    return page(
        request,
        "index.html",
        rows=rows,
        query=query,
        page_no=page_no,
        total=len(stories),
        has_next=start + PAGE_SIZE < len(stories),
        articles_total=len(articles),
        unclustered=max(0, len(articles) - len({a for s in stories for a in s.article_ids}))
        if not query
        else 0,
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
    key = (version, found, token_required)
    with _pages_lock:
        html = _pages.get(key)
    if html is None:
        view = views.story_page(brief, found)
        context = {"view": view, "map": map_svg(view.places), "story_id": story_id}
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
    stories = backend.stories()
    chosen = next((s for s in stories if s.id == story and article_id in s.article_ids), None)
    chosen = chosen or next((s for s in stories if article_id in s.article_ids), None)
    brief = backend.brief(chosen.id) if chosen else None
    if brief is not None and not any(a.id == article_id for a in brief.articles):
        brief = None
    return page(request, "article.html", view=views.article_page(found, brief, chosen))


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


__all__ = ["MAX_LIMIT", "error_page", "map_svg", "router"]
