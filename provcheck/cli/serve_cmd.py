"""``provcheck serve``: parses its options and starts the server (:mod:`provcheck.serve`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .exits import guarded
from .options import DbOption, SnapshotsOption, TimeoutOption, count


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(
        "--host", metavar="ADDRESS",
        help="Address to listen on (default 127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[str, typer.Option(
        "--port", metavar="INTEGER", help="Port to listen on (default 8000; 0: a free one).",
    )] = "8000",
    token_file: Annotated[Path | None, typer.Option(
        "--token-file", metavar="FILE",
        help="Open writes (adding and removing documents) to requests that carry the "
        "token this file holds (Authorization: Bearer TOKEN); without it the server is "
        "read-only.")] = None,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", metavar="HOST",
        help="Let the server fetch URLs on this host although it is a loopback, private "
        "or link-local address (repeat for several).")] = None,
    workers: Annotated[str | None, typer.Option(
        "--workers", metavar="INTEGER",
        help="Comparisons and checks run at once (default: one per CPU core, at most 4); "
        "32 more requests wait, and one beyond is answered 503.")] = None,
    fast: Annotated[bool, typer.Option(
        "--fast", help="Lexical evidence only, unless a request asks otherwise.")] = False,
    snapshots: SnapshotsOption = None,
    timeout: TimeoutOption = "30",
) -> None:
    """Start a local web app and a REST API over the index.

    Pages to compare two articles (pasted, uploaded or fetched), to check an article
    against the index, the index's stories (who derived from whom, what each copy
    changed, the fact table) and a page per document; each result at a URL to share
    and to download as md, json or html. The same as JSON under /api (described at
    /api/openapi.json; docs/api.md). The model and the index load once, at start.
    Reads need nothing; writes need --token-file. URLs are fetched with the limits of
    the other commands and never from loopback, private or link-local addresses unless
    --allow-host names the host. Stop it with Ctrl-C.

    Examples:

      provcheck serve --db provcheck.db

      provcheck serve --db provcheck.db --token-file ~/.provcheck-token --port 8080
    """

    def go() -> None:
        # one query per thread: a second BLAS thread only adds overhead (as check)
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        from ..serve.app import serve as run
        from ..serve.config import ServeConfig, read_token
        from .inout import fetching, index_path

        try:
            port_number = int(port)
        except ValueError:
            raise UsageError(f"--port {port!r}: a port number from 0 to 65535") from None
        options = fetching(snapshots, False, timeout)
        config = ServeConfig(
            db=index_path(db), host=host, port=port_number,
            token=read_token(token_file) if token_file is not None else None,
            allow_hosts=tuple(allow_host or ()), snapshots=options.snapshots,
            fetch_timeout=options.timeout, fast=fast,
            workers=int(count("--workers", workers)) if workers is not None
            else min(4, os.cpu_count() or 1))
        try:
            run(config)
        except KeyboardInterrupt:
            return  # Ctrl-C is how a server stops: it has shut down cleanly by now

    guarded(go)
