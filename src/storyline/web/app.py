"""The application factory: one FastAPI app serving the HTTP API and the web UI.

Why one process for both: a journalist on a laptop runs ``storyline serve``
and gets the pages and the API from the same store, with nothing else to
start.  Everything the pages need (CSS, JavaScript, the map) is served by the
app itself, so it works with the network cable pulled.  The interactive
Swagger UI FastAPI ships loads its scripts from a CDN, so it is switched off;
``/docs`` is our own page rendered from the same OpenAPI schema that
``/openapi.json`` serves.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping, Sequence
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyline.web.backend import Backend, StoreBackend
from storyline.web.security import HostCheck, HostPolicy, SecurityHeaders, WriteOrigin

#: Default ceiling on one upload request.  A long news report is ~50 kB and a
#: big mailing-list digest a few MB; 25 MB lets a folder of reports go up in one
#: drag and drop while keeping a mis-dropped video from filling the disk.
DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024

#: Paths whose request bodies are counted against the upload limit.
WRITE_PATHS = ("/api/uploads", "/api/articles")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class UploadTooLarge(HTTPException):
    """Raised while the body streams in, so an oversized upload is cut off
    before it is buffered.  It is an HTTPException so that FastAPI's form
    parsing passes it through instead of turning it into a generic 400."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"upload larger than the limit of {limit} bytes")


class BodyLimit:
    """ASGI middleware: refuse write requests whose body exceeds ``limit``.

    A declared Content-Length over the limit is refused before reading; a
    chunked body is counted as it arrives.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(WRITE_PATHS):
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                response = _error(413, f"upload larger than the limit of {self.limit} bytes")
                await response(scope, receive, send)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise UploadTooLarge(self.limit)
            return message

        await self.app(scope, counted, send)


def _error(status: int, reason: str, **extra: Any) -> JSONResponse:
    """Every API error has the same shape: the status and a reason a person can act on."""
    return JSONResponse({"status": status, "reason": reason, **extra}, status_code=status)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WriteGuard:
    """Who may write.  With a token: whoever presents it.  Without one: only
    clients on this machine, which is also the only place ``serve`` listens."""

    def __init__(self, token: str | None) -> None:
        self.token = token

    def check(self, request: Request) -> None:
        if self.token is None:
            host = request.client.host if request.client else ""
            if not is_loopback(host):
                raise HTTPException(
                    403, "no token is configured, so writes are accepted from loopback only"
                )
            return
        header = request.headers.get("authorization", "")
        given = header[7:].strip() if header.lower().startswith("bearer ") else ""
        given = given or request.headers.get("x-storyline-token", "")
        if not given:
            raise HTTPException(
                401,
                "this endpoint needs the server's token: send 'Authorization: Bearer <token>'",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            raise HTTPException(403, "the token is not valid for this server")


def make_app(
    backend: Backend,
    *,
    token: str | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    allowed_hosts: Sequence[str] = (),
    bound_host: str | None = None,
) -> FastAPI:
    """Build the app over any :class:`Backend` (the tests and the benchmark
    use the real store; the seam exists so the web layer has one dependency).

    The app answers only to IP addresses, ``localhost``, ``bound_host`` and
    ``allowed_hosts`` (:mod:`storyline.web.security`); without a token it
    refuses writes sent by a page on another origin."""
    from storyline.render.html import STATIC, brief_policy
    from storyline.web import api, ui

    if max_upload_bytes <= 0:
        raise ValueError("max_upload_bytes must be positive")
    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        # the background worker ends with the app (its store connection too)
        stop = getattr(backend, "stop_worker", None)
        if stop is not None:
            stop()

    app = FastAPI(
        lifespan=lifespan,
        title="storyline",
        summary="Attributed event briefs from piles of news reports.",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.backend = backend
    app.state.guard = WriteGuard(token)
    app.state.max_upload_bytes = max_upload_bytes
    hosts = HostPolicy(bound_host, allowed_hosts)
    app.state.hosts = hosts
    app.add_middleware(BodyLimit, limit=max_upload_bytes)
    if token is None:
        app.add_middleware(WriteOrigin, policy=hosts)
    app.add_middleware(HostCheck, policy=hosts)
    # outermost, so the refusals above carry the headers too
    app.add_middleware(SecurityHeaders, brief_policy=brief_policy() + "; frame-ancestors 'none'")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(ui.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc, api.StoryMoved):
            # a merged story's old link keeps working: to the story that absorbed it
            return RedirectResponse(exc.location(request.url.path), status_code=308)
        headers = getattr(exc, "headers", None)
        if _wants_html(request):
            return ui.error_page(request, exc.status_code, str(exc.detail))
        response = _error(exc.status_code, str(exc.detail))
        if headers:
            response.headers.update(headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}"
            for e in exc.errors()
        ]
        reason = "invalid request: " + "; ".join(problems)
        if _wants_html(request):
            return ui.error_page(request, 422, reason)
        return _error(422, reason, problems=problems)

    return app


def _wants_html(request: Request) -> bool:
    """UI pages answer errors with a page; everything else with JSON."""
    path = request.url.path
    return not (path.startswith(("/api/", "/openapi", "/static/")))


def create_app(
    store_path: str,
    *,
    token: str | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    allowed_hosts: Sequence[str] = (),
    bound_host: str | None = None,
) -> FastAPI:
    """The app over the SQLite store at ``store_path`` (created if missing)."""
    return make_app(
        StoreBackend(store_path),
        token=token,
        max_upload_bytes=max_upload_bytes,
        allowed_hosts=allowed_hosts,
        bound_host=bound_host,
    )


def bind_address(host: str, token: str | None) -> tuple[str, str | None]:
    """Where to listen, and what to tell the user about it.

    Without a token, anyone who can reach the port could upload, so the
    server listens on 127.0.0.1 whatever host was asked for.
    """
    if token is not None:
        return host, None
    if not is_loopback(host):
        return "127.0.0.1", (
            "no token configured (--token or STORYLINE_TOKEN), so listening on "
            f"127.0.0.1 only instead of {host}"
        )
    return host, "no token configured; uploads are accepted from this machine only"


def serve(
    db: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    allowed_hosts: Sequence[str] = (),
) -> None:
    """Run the API and UI with uvicorn until interrupted.

    The token comes from the argument or ``STORYLINE_TOKEN``.  Without one,
    anyone who can reach the port could upload, so the server listens on
    127.0.0.1 whatever ``host`` asked for, and says so.  ``allowed_hosts``:
    the names (besides IP addresses and localhost) the server answers to.
    """
    import uvicorn

    token = token or os.environ.get("STORYLINE_TOKEN") or None
    host, notice = bind_address(host, token)
    if notice:
        print(f"storyline serve: {notice}", file=sys.stderr)
    app = create_app(db, token=token, allowed_hosts=allowed_hosts, bound_host=host)
    print(f"storyline serve: http://{host}:{port}/  (API docs at /docs)", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning")


__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "bind_address", "create_app", "make_app", "serve"]
