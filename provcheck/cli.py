"""The ``provcheck`` command: parses, calls the library, prints, exits. Nothing else.

Exit codes (a contract CI scripts rely on):

- 0: done, whatever the relation found;
- 1: an internal error (a bug: please report it);
- 2: usage error (unknown option, bad format name, unwritable output);
- 3: unreadable or empty input (missing file, directory, binary data,
  undecodable bytes, empty text, HTML with no article text, over the size limit).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from . import __version__
from .errors import ProvcheckError, UsageError
from .models import Document

app = typer.Typer(
    name="provcheck",
    help=(
        "Tell where a news article came from: is one article a reprint or a rewrite of "
        "another, which way, and what changed.\n\n"
        "Exit codes: 0 done (whatever the relation), 2 usage error, "
        "3 unreadable or empty input."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class CompareFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"


class DocFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"provcheck: error: {message}", err=True)
    raise typer.Exit(code)


def _read(arg: str) -> Document:
    from .normalize import normalize, read_bytes

    if arg == "-":
        data, _ = read_bytes("-")
        return normalize(data, label="-")
    return normalize(Path(arg))


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from None


def _use_color(color: bool | None, output: Path | None) -> bool:
    if color is not None:
        return color
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _run(fn: Callable[[], None]) -> None:
    try:
        return fn()
    except ProvcheckError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except typer.Exit:
        raise
    except Exception as exc:
        _fail(f"internal error ({type(exc).__name__}: {exc}); please report it", 1)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"provcheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """provcheck: text reuse and provenance for news articles."""


@app.command()
def compare(
    a: Annotated[
        str, typer.Argument(help="First article: a text or HTML file, .gz, or - for stdin.")
    ],
    b: Annotated[str, typer.Argument(help="Second article, as for A.")],
    fmt: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CompareFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")
    ] = None,
    fast: Annotated[
        bool,
        typer.Option("--fast", help="Lexical evidence only: no embedding model, quicker."),
    ] = False,
    color: Annotated[
        bool | None,
        typer.Option("--color/--no-color", help="Colour the word diff (default: on a terminal)."),
    ] = None,
) -> None:
    """Compare two articles: is one a reprint or rewrite of the other, which way, what changed.

    Relations: reprint (verbatim, maybe trimmed), edited (light edits), rewrite
    (paraphrased), partial (a derived part inside independent writing), related (same
    story, nothing derived), unrelated. Direction a->b means b derives from a.

    Examples:

      provcheck compare original.txt copy.html

      provcheck compare a.txt b.txt --format json --output result.json

      curl -s URL | provcheck compare - mine.txt --fast
    """

    def go() -> None:
        if a == "-" and b == "-":
            raise UsageError("only one of A and B can be - (stdin)")
        from .pipeline import compare as run_compare
        from .render import render

        doc_a, doc_b = _read(a), _read(b)
        result = run_compare(doc_a, doc_b, fast=fast)
        _emit(render(result, fmt.value, color=_use_color(color, output)), output)

    _run(go)


@app.command()
def normalize(
    file: Annotated[str, typer.Argument(help="A text or HTML file, .gz, or - for stdin.")],
    fmt: Annotated[
        DocFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: body paragraphs only, one blank line apart; json: with metadata, "
            "offsets in the input and the boilerplate removed.",
        ),
    ] = DocFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")
    ] = None,
) -> None:
    """Extract an article's body: decode, strip site furniture, split paragraphs.

    Example: provcheck normalize page.html.gz --format json
    """

    def go() -> None:
        from .render import render_document

        _emit(render_document(_read(file), fmt.value), output)

    _run(go)


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    run()
