"""The options several commands share, and the callbacks that check option values."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import UsageError
from .exits import fail


def choice(*choices: str) -> Callable[[typer.CallbackParam, str | None], str | None]:
    """A parameter callback: the value if it is one of ``choices``, else one line on
    stderr naming them, exit 2."""

    def check(param: typer.CallbackParam, value: str | None) -> str | None:
        if value is not None and value not in choices:
            name = max(param.opts, key=len) if param.opts else param.name
            fail(f"{name} {value!r}: choose one of {', '.join(choices)}",
                 UsageError.exit_code)
        return value

    return check


def count(name: str, value: str) -> str:
    """``value`` if it is a whole number of at least 1, else one line and exit 2."""
    if not value.isdigit() or int(value) < 1:
        fail(f"{name} {value!r}: give a whole number, 1 or more", UsageError.exit_code)
    return value


def formats_option(choices: Sequence[str], help_text: str) -> Any:
    """``--format``/``-f``, one of ``choices``."""
    return typer.Option("--format", "-f", metavar=f"[{'|'.join(choices)}]",
                        callback=choice(*choices), help=help_text)


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
]
FastOption = Annotated[
    bool, typer.Option("--fast", help="Lexical evidence only: no embedding model, quicker.")
]
UrlsOption = Annotated[
    str | None,
    typer.Option("--urls", metavar="FILE",
                 help="Also fetch the http(s) URLs listed in FILE (- for stdin): one a "
                 "line, # comments and blank lines ignored; a few fetched at a time."),
]
SnapshotsOption = Annotated[
    Path | None,
    typer.Option("--snapshots", metavar="DIR",
                 help="Keep every fetched page as a WARC file in DIR, to cite and replay "
                 "(default: $PROVCHECK_SNAPSHOTS, else ~/.cache/provcheck/snapshots); "
                 "the JSON names each page's snapshot and SHA-256."),
]
OfflineOption = Annotated[
    bool,
    typer.Option("--offline", help="Fetch nothing: read each URL from its latest "
                 "snapshot (see --snapshots); a URL with none cannot be read (exit 3)."),
]
TimeoutOption = Annotated[
    str,
    typer.Option("--timeout", metavar="SECONDS",
                 help="Time allowed to fetch each page, redirects and retries included."),
]
ProgressOption = Annotated[
    bool | None,
    typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: on a "
                 "terminal)."),
]
DbOption = Annotated[
    Path | None,
    typer.Option("--db", metavar="FILE",
                 help="The index file (default: from [tool.provcheck], else provcheck.db)."),
]
