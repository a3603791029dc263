"""What stands between the server and a hostile web page.

Three ASGI middlewares and one validator, each against one attack:

* :class:`SecurityHeaders` -- a Content-Security-Policy on every response
  (scripts and styles from this server only, no frames, no plugins, no
  remote anything), ``X-Content-Type-Options``, ``Referrer-Policy`` and
  ``X-Frame-Options``: a report that smuggles markup past the escaping
  still cannot run a script, load a resource or frame the page.
* :class:`HostCheck` -- DNS rebinding: a page on ``evil.example`` whose name
  its owner points at 127.0.0.1 reaches the loopback server as same-origin.
  The browser still sends ``Host: evil.example``, so requests are answered
  only for the names the server is known by: IP addresses (an address
  names itself; no DNS answer can rebind it), ``localhost`` and its
  subdomains (resolved on the machine itself), the name it was bound to, and
  the names given with ``--allowed-host``.
* :class:`WriteOrigin` -- cross-site writes: without a token, the loopback
  server accepts writes from this machine, and a page in the user's browser
  *is* on this machine.  A browser names the page behind every write in
  ``Origin`` (and ``Sec-Fetch-Site``), so a write from another origin is
  refused.  With a token this adds nothing (a page elsewhere cannot read the
  token) and is not applied.
* :func:`no_lone_surrogates` -- a JSON string may hold an unpaired UTF-16
  escape (``"\\ud800"``) that no UTF-8 store can keep: refused as invalid
  input (422), not left to fail as a 500 on the way to SQLite.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi.responses import JSONResponse
from pydantic import BeforeValidator

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The served pages: their script and stylesheet come from ``/static``, the
#: upload page posts to ``/api/uploads``; the map is inline SVG (no images).
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
#: Everything that is not a page (JSON, Markdown, the OpenAPI schema): nothing.
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"

#: Headers every response carries (a route's own value wins).
COMMON_HEADERS = (
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
)

#: Methods that change the store.
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _error(status: int, reason: str) -> JSONResponse:
    return JSONResponse({"status": status, "reason": reason}, status_code=status)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


class SecurityHeaders:
    """ASGI middleware: the security headers on every HTTP response.

    ``brief_policy`` is the policy of the self-contained brief served as
    HTML (``.../brief.html``): it carries its stylesheet inline, so its
    policy allows that one stylesheet by its hash and nothing else.
    """

    def __init__(self, app: ASGIApp, brief_policy: str) -> None:
        self.app = app
        self.brief_policy = brief_policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {bytes(k).lower() for k, _ in headers}
                kind = next(
                    (bytes(v).decode("latin-1") for k, v in headers if k == b"content-type"), ""
                )
                if b"content-security-policy" not in present:
                    if not kind.startswith("text/html"):
                        policy = DATA_POLICY
                    elif path.endswith("/brief.html"):
                        policy = self.brief_policy
                    else:
                        policy = PAGE_POLICY
                    headers.append((b"content-security-policy", policy.encode()))
                for name, value in COMMON_HEADERS:
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


# ---------------------------------------------------------------- Host


def host_name(host: str) -> str:
    """The name in a ``Host`` header or a URL's authority, without the port,
    brackets or a trailing dot, lower case (``[::1]:8000`` -> ``::1``)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host[1:]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


_NAME = re.compile(r"^(?:\*|\.?[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?|[0-9a-f:.]+)$")


def check_allowed_host(value: str) -> str:
    """One ``--allowed-host`` value, normalised; ValueError when it is not a
    host name (``example.org``), a domain with its subdomains
    (``.example.org``), an IP address or ``*`` (any host: no check)."""
    name = host_name(value) if not value.strip().startswith(".") else value.strip().lower()
    if not name or not _NAME.match(name):
        raise ValueError(f"not a host name: {value!r}")
    return name


class HostPolicy:
    """The host names a server answers to (see the module docstring)."""

    def __init__(self, bound: str | None = None, extra: Iterable[str] = ()) -> None:
        self.names = {check_allowed_host(v) for v in extra}
        if bound and not is_ip(host_name(bound)) and host_name(bound) not in ("", "0.0.0.0"):
            self.names.add(host_name(bound))
        self.any = "*" in self.names

    @property
    def explicit(self) -> frozenset[str]:
        return frozenset(self.names)

    def allows(self, host: str) -> bool:
        name = host_name(host)
        if self.any or is_ip(name) or name == "localhost" or name.endswith(".localhost"):
            return True
        if name in self.names:
            return True
        return any(n.startswith(".") and (name == n[1:] or name.endswith(n)) for n in self.names)


class HostCheck:
    """ASGI middleware: answer 400 to a request whose ``Host`` the server is
    not known by (DNS rebinding).  A request with no ``Host`` (HTTP/1.0) passes."""

    def __init__(self, app: ASGIApp, policy: HostPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = _header(scope, b"host")
            if host is not None and not self.policy.allows(host):
                shown = host_name(host)[:100]
                response = _error(
                    400,
                    f"this server does not answer to the host name {shown!r}; if that is "
                    f"its name, start it with --allowed-host {shown}",
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


# ---------------------------------------------------------------- Origin


def cross_origin_reason(scope: Scope, policy: HostPolicy) -> str | None:
    """Why a write request comes from a page on another origin, or None."""
    origin = _header(scope, b"origin")
    host = _header(scope, b"host") or ""
    if origin is None:
        site = _header(scope, b"sec-fetch-site")
        if site in ("cross-site", "same-site"):
            return f"a {site} write (Sec-Fetch-Site) without a token"
        return None  # not sent by a browser page (curl, scripts, the CLI)
    parts = urlsplit(origin.strip())
    if origin.strip() == "null" or parts.scheme not in ("http", "https") or not parts.netloc:
        return f"a write from an opaque origin ({origin[:100]!r}) without a token"
    if parts.netloc.lower() == host.strip().lower():
        return None
    name = host_name(parts.netloc)
    if name in policy.explicit:  # a name the operator vouched for (e.g. behind a proxy)
        return None
    return f"a write from another origin ({origin[:100]}) without a token"


class WriteOrigin:
    """ASGI middleware, used when the server has no token: refuse (403)
    writes that a browser sent from a page on another origin."""

    def __init__(self, app: ASGIApp, policy: HostPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") in WRITE_METHODS:
            reason = cross_origin_reason(scope, self.policy)
            if reason is not None:
                response = _error(
                    403,
                    f"refused {reason}: this server has no token, so it takes writes only "
                    "from its own pages and from programs on this machine",
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


# ---------------------------------------------------------------- validation

_SURROGATE = re.compile("[\ud800-\udfff]")


def no_lone_surrogates(value: str) -> str:
    """Pydantic validator: refuse a string holding a lone UTF-16 surrogate."""
    found = _SURROGATE.search(value)
    if found is not None:
        code = f"\\u{ord(found.group()):04x}"
        raise ValueError(
            f"holds a lone surrogate escape ({code} at character {found.start()}): not a "
            "character, and escapes must come in pairs"
        )
    return value


def _checked(value: object) -> object:
    return no_lone_surrogates(value) if isinstance(value, str) else value


#: A string that UTF-8 (and so the store) can hold.  Checked before pydantic's
#: own string checks, which refuse such a string with a reason nobody can act
#: on ("unable to parse raw data as a unicode string") once a length limit
#: applies.
Text = Annotated[str, BeforeValidator(_checked)]


__all__ = [
    "DATA_POLICY",
    "PAGE_POLICY",
    "HostCheck",
    "HostPolicy",
    "SecurityHeaders",
    "Text",
    "WriteOrigin",
    "check_allowed_host",
    "host_name",
    "no_lone_surrogates",
]
