"""What keeps the server safe to leave running: the address guard on URLs it fetches,
the bearer token writes need, the request size limit and errors as JSON statuses.

**Address guard.** A URL given to the server is fetched with the CLI's limits
(:class:`provcheck.ingest.fetch.FetchOptions`) and, unless its host is allowed
(``--allow-host``), never from a loopback, private, link-local, multicast, reserved
or unspecified address: the host is resolved before each request (the first and every
redirect's) and refused when any of its addresses is one of those. What is left: a
name that resolves to a public address here and to a private one a moment later (DNS
rebinding) between the check and the connection.

**Statuses.** The exit classes of :mod:`provcheck.errors` map onto HTTP statuses
(:func:`status_of`): bad input 400, 413 (over the size limit), 415 (not text or HTML),
422 (text that cannot be read as an article; a URL refused); not found 404; the index
refused 409 (locked, read-only) or 500 (missing, damaged); a fetch that failed 502
(504 when it timed out).
"""

from __future__ import annotations

import hmac
import ipaddress
import socket
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from ..errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    FetchError,
    FetchTimeoutError,
    IndexStoreError,
    InputTooLargeError,
    ProvcheckError,
    UnsupportedURLError,
    UsageError,
)


class NotFoundError(ProvcheckError):
    """A document or a result the request names is not held (404)."""

    exit_code = 2


class ForbiddenError(ProvcheckError):
    """A write without the token, or with writes off (401 / 403)."""

    exit_code = 2

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class BusyError(ProvcheckError):
    """Every worker is busy (503): try again shortly."""


class TimedOutError(ProvcheckError):
    """The work took longer than the request may wait (504); it goes on."""


#: The status of each exception class, the most specific first.
_STATUSES: tuple[tuple[type[Exception], int], ...] = (
    (NotFoundError, 404),
    (BusyError, 503),
    (TimedOutError, 504),
    (InputTooLargeError, 413),  # a fetched body over the limit too
    (BinaryInputError, 415),  # a fetched PDF or image too
    (UnsupportedURLError, 422),  # not http(s), or an address the guard refuses
    (FetchTimeoutError, 504),
    (FetchError, 502),
    (DecodeError, 422),
    (EmptyInputError, 422),
    (UsageError, 400),
    (IndexStoreError, 500),
)


def status_of(exc: Exception) -> int:
    """The HTTP status an error is answered with (500 for anything unforeseen)."""
    if isinstance(exc, ForbiddenError):
        return exc.status
    if isinstance(exc, IndexStoreError):
        text = str(exc)
        return 409 if "locked" in text or "read-only" in text else 500
    for cls, status in _STATUSES:
        if isinstance(exc, cls):
            return status
    return 400 if isinstance(exc, ProvcheckError) and exc.exit_code in (2, 3) else 500


def error_body(exc: Exception, status: int) -> dict[str, Any]:
    """The JSON an error is answered with: its status, class, message and the exit code
    the CLI gives the same error."""
    if not isinstance(exc, ProvcheckError):
        return {"error": {"status": status, "type": "InternalError",
                          "message": "internal error (a bug: please report it)",
                          "exit_code": 1}}
    return {"error": {"status": status, "type": type(exc).__name__, "message": str(exc),
                      "exit_code": exc.exit_code}}


# ------------------------------------------------------------------ address guard

def _refused_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """What kind of address ``ip`` is when the guard refuses it, else None."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, hit in (("loopback", ip.is_loopback), ("link-local", ip.is_link_local),
                      ("private", ip.is_private), ("multicast", ip.is_multicast),
                      ("unspecified", ip.is_unspecified), ("reserved", ip.is_reserved)):
        if hit:
            return kind
    return None


def address_guard(allow: tuple[str, ...] = ()) -> Callable[[str], None]:
    """The guard :class:`~provcheck.ingest.fetch.FetchOptions` calls before each request:
    it raises :class:`UnsupportedURLError` for a URL whose host resolves to an address
    that is not public, unless the host (as written, or one of its addresses) is in
    ``allow``. A name that does not resolve is let through: the fetch names the
    failure."""
    from ..ingest.fetch import redact

    allowed = {h.lower().strip("[]") for h in allow}

    def guard(url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        if not host or host in allowed:
            return
        try:
            infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            return
        for info in infos:
            address = str(info[4][0]).split("%", 1)[0]
            if address in allowed:
                continue
            kind = _refused_kind(ipaddress.ip_address(address))
            if kind is not None:
                raise UnsupportedURLError(
                    redact(url), f"{host} is a {kind} address ({address}); the server "
                    "fetches public addresses only (--allow-host lets a host through)")

    return guard


# ------------------------------------------------------------------ token

def authorized(header: str | None, token: str | None) -> bool:
    """Whether an ``Authorization`` header (or a form's token, given as
    ``Bearer TOKEN``) carries ``token``; compared in constant time."""
    if token is None or not header:
        return False
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode())


def require_token(header: str | None, token: str | None) -> None:
    """Raise :class:`ForbiddenError` unless a write may go on: 403 with writes off, 401
    without the token."""
    if token is None:
        raise ForbiddenError("writes are off: start the server with --token-file FILE to "
                             "add and remove documents", status=403)
    if not authorized(header, token):
        raise ForbiddenError("a write needs the server's token: Authorization: Bearer "
                             "TOKEN", status=401)


# ------------------------------------------------------------------ request size

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyLimit:
    """ASGI middleware: a request body over ``max_bytes`` is answered 413 (by its
    ``Content-Length`` before it is read, else as it streams in)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise InputTooLargeError(self._why())
            return message

        await self.app(scope, limited, send)

    def _why(self) -> str:
        return f"request: larger than the {self.max_bytes // 2**20} MiB limit"

    async def _refuse(self, send: Send) -> None:
        import json

        body = json.dumps(error_body(InputTooLargeError(self._why()), 413)).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
