"""The Starlette application of ``provcheck serve`` and the uvicorn server that runs it.

Why Starlette and uvicorn (measured on this machine; ``docs/api.md``): importing
Starlette and uvicorn takes about 0.24 s and 274 modules, FastAPI and uvicorn about
0.67 s and 440 (FastAPI brings pydantic, 9.6 MB, to describe an API whose JSON
schemas ship with the package already).

:func:`create_app` builds the application over a :class:`~.config.ServeConfig`; the
model and the index load once, when the application starts (its lifespan), and are
closed when it stops. :func:`serve` loads them first, then runs it until interrupted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import socket
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from ..errors import ProvcheckError, UsageError
from .config import ServeConfig, check_start
from .guard import BodyLimit, error_body, status_of
from .state import IndexPool, Kept, Limiter, Served

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from ..collection.check import CheckRun
    from ..collection.index import Index
    from ..models import Comparison

LOG = logging.getLogger("uvicorn.error")


def load(config: ServeConfig) -> Served:
    """The model and the index, loaded and verified (the server's start)."""
    from ..ingest.fetch import FetchOptions
    from ..verdict.settings import Settings
    from ..verdict.similarity import default_embedder
    from .guard import address_guard

    pool = IndexPool(config.db, readers=config.workers, writes=config.writes)
    semantic = Settings.of(fast=False, embedder=default_embedder())

    def warm_up(index: Index) -> None:
        # a search by vector loads the document vectors this reader keeps
        from ..ingest.normalize import normalize

        index.candidates(normalize("The server warms up its search of the index.",
                                   label="warm-up"), semantic.embedder)

    try:
        pool.open(warm_up)
    except BaseException:
        pool.close()
        raise
    fetching = FetchOptions(timeout=config.fetch_timeout,
                            connect_timeout=min(10.0, config.fetch_timeout),
                            snapshots=config.snapshots, guard=address_guard(config.allow_hosts))
    return Served(config, pool, Limiter(config.workers, config.request_timeout, config.queue),
                  Kept(config.kept_results, config.kept_bytes, _text_of),
                  Kept(config.kept_results, config.kept_bytes, _texts_of),
                  Kept(8, config.kept_bytes, len), fetching,
                  semantic, Settings.of(fast=True))


def _text_of(c: Comparison) -> int:
    """What a kept comparison weighs: the text of its two articles."""
    return len(c.a.body) + len(c.b.body)


def _texts_of(run: CheckRun) -> int:
    """What a kept check weighs: the text of the comparisons it holds."""
    return sum(_text_of(f.comparison) for r in run.results for f in r.findings
               if f.comparison is not None)


async def _error(request: Request, exc: Exception) -> Response:
    from starlette.exceptions import HTTPException
    from starlette.responses import JSONResponse

    if isinstance(exc, HTTPException):
        status = exc.status_code
        body = {"error": {"status": status, "type": "HTTPError", "message": exc.detail,
                          "exit_code": 2}}
    else:
        status = status_of(exc)
        body = error_body(exc, status)
        if status >= 500 and not isinstance(exc, ProvcheckError):
            LOG.error("internal error on %s %s", request.method, request.url.path,
                      exc_info=exc)
    if request.url.path.startswith("/api/") or "html" not in request.headers.get("accept", ""):
        return JSONResponse(body, status_code=status)
    from .pages import error_page

    return error_page(body["error"], status)


def create_app(config: ServeConfig, state: Served | None = None) -> Starlette:
    """The application over ``config``'s index. The model and the index load when it
    starts (a test client's ``with``, or uvicorn's start-up), unless ``state`` holds
    them loaded already (:func:`load`); they are closed when it stops."""
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException

    from . import api, pages

    check_start(config)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        import asyncio

        loop = asyncio.get_running_loop()
        warm = state if state is not None else await loop.run_in_executor(None, load, config)
        app.state.served = warm
        host = f"[{config.host}]" if ":" in config.host else config.host
        LOG.info("provcheck serve: http://%s:%d/ on %s (%d documents), writes %s", host,
                 config.port, config.db, await api.document_count(warm),
                 "on (token)" if config.writes else "off")
        try:
            yield
        finally:
            await loop.run_in_executor(None, warm.pool.close)

    return Starlette(
        routes=[*api.routes(), *pages.routes()],
        exception_handlers={Exception: _error, HTTPException: _error,
                            ProvcheckError: _error},
        lifespan=lifespan,
    )


def limited(app: Any) -> Any:
    """``app`` behind the request size limit (two articles at the input limit,
    ``MAX_INPUT_BYTES`` each, and a form's fields), each answer saying how long the
    server took (``Server-Timing: app;dur=MS``, from the request's arrival to the
    answer's start)."""
    from ..ingest.normalize import MAX_INPUT_BYTES

    return _timed(BodyLimit(app, 2 * MAX_INPUT_BYTES + 2**16))


def _timed(app: Any) -> Any:
    import time

    async def timed(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        start = time.perf_counter()

        async def stamped(message: Any) -> None:
            if message["type"] == "http.response.start":
                took = 1000 * (time.perf_counter() - start)
                message["headers"] = [*message.get("headers", []),
                                      (b"server-timing", f"app;dur={took:.1f}".encode())]
            await send(message)

        await app(scope, receive, stamped)

    return timed


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (0: a free port), else a :class:`UsageError`."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto TCP named: asyncio sets TCP_NODELAY only on sockets that say so, and
    # without it an answer's head and body wait on the client's delayed ACK (40 ms)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror})") from None
    sock.set_inheritable(True)
    return sock


def serve(config: ServeConfig, *, log_level: str = "info") -> None:
    """Load the model and the index (a clear error, before anything listens, when the
    index cannot be used), then serve on ``config.host:config.port`` until
    interrupted."""
    import uvicorn
    from threadpoolctl import threadpool_limits

    check_start(config)
    # one BLAS thread for each piece of work: the workers are threads already (one per
    # core), and OpenBLAS's own threads beside them slowed the checks once other work
    # shared the cores (at 100k documents and a load of 6 on 2 cores, in-process p95
    # 64-75 ms against 116-136 for controls; docs/api.md)
    threadpool_limits(limits=1, user_api="blas")
    sock = listen(config.host, config.port)
    config = dataclasses.replace(config, port=int(sock.getsockname()[1]))  # 0: the one found
    try:
        state = load(config)
        app = limited(create_app(config, state))
        server = uvicorn.Server(uvicorn.Config(
            app, log_level=log_level, timeout_keep_alive=5, timeout_graceful_shutdown=30,
            lifespan="on", server_header=False,
            # connections and requests at once beyond the work's own bound: 503
            limit_concurrency=4 * (config.workers + config.queue)))
        server.run(sockets=[sock])
    finally:
        sock.close()
