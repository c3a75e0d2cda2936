"""The commands on one or two articles: ``compare`` and ``normalize``."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import UsageError
from ..render import formats
from .exits import guarded
from .inout import emit, fetching, read, use_color
from .options import (
    FastOption,
    OfflineOption,
    OutputOption,
    SnapshotsOption,
    TimeoutOption,
    formats_option,
)


def compare(
    a: Annotated[
        str, typer.Argument(metavar="A",
                            help="First article: a text or HTML file, .gz, an http(s) "
                            "URL to fetch, or - for stdin.")
    ],
    b: Annotated[str, typer.Argument(metavar="B", help="Second article, as for A.")],
    fmt: Annotated[str, formats_option(formats(), "Output format.")] = "text",
    output: OutputOption = None,
    fast: FastOption = False,
    color: Annotated[
        bool | None,
        typer.Option("--color/--no-color", help="Colour the word diff (default: on a terminal)."),
    ] = None,
    snapshots: SnapshotsOption = None,
    offline: OfflineOption = False,
    timeout: TimeoutOption = "30",
) -> None:
    """Compare two articles: is one a reprint or rewrite of the other, which way, what changed.

    Relations: reprint (verbatim, maybe trimmed), edited (light edits), rewrite
    (paraphrased), partial (a derived part inside independent writing), related (same
    story, nothing derived), unrelated. Direction a->b means b derives from a.

    Examples:

      provcheck compare original.txt copy.html

      provcheck compare a.txt b.txt --format json --output result.json

      provcheck compare https://example.org/story.html mine.txt

      curl -s URL | provcheck compare - mine.txt --fast
    """

    def go() -> None:
        if a == "-" and b == "-":
            raise UsageError("only one of A and B can be - (stdin)")
        from ..collection.config import resolve
        from ..pipeline import compare as run_compare
        from ..render import render

        opts = resolve(fast=fast)
        options = fetching(snapshots, offline, timeout)
        doc_a, doc_b = read(a, options), read(b, options)
        result = run_compare(doc_a, doc_b, fast=opts.fast)
        emit(render(result, fmt, color=use_color(color, output)), output)

    guarded(go)


def normalize(
    file: Annotated[str, typer.Argument(metavar="FILE",
                                        help="A text or HTML file, .gz, an http(s) URL "
                                        "to fetch, or - for stdin.")],
    fmt: Annotated[
        str,
        formats_option(formats(documents=True),
                        "text: body paragraphs only, one blank line apart; json: with "
                        "metadata, offsets in the input and the boilerplate removed."),
    ] = "text",
    output: OutputOption = None,
    snapshots: SnapshotsOption = None,
    offline: OfflineOption = False,
    timeout: TimeoutOption = "30",
) -> None:
    """Extract an article's body: decode, strip site furniture, split paragraphs.

    Example: provcheck normalize page.html.gz --format json
    """

    def go() -> None:
        from ..render import render_document

        options = fetching(snapshots, offline, timeout)
        emit(render_document(read(file, options), fmt), output)

    guarded(go)
