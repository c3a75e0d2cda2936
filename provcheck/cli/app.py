"""The ``provcheck`` command: parses, calls the library, prints, exits. Nothing else.

This module builds the typer application from the commands of ``compare_cmd``,
``collection_cmd`` and ``index_cmd``; ``exits`` turns errors into the exit codes below.

Exit codes (a contract CI scripts rely on):

- 0: done, whatever the relation found (``check``: every new article passed);
- 1: ``check`` found a copy (see its help), or an internal error (a bug: please
  report it);
- 2: usage error (unknown option, bad choice, unwritable output; ``index remove``
  of a path not indexed);
- 3: unreadable or empty input (missing file, directory, empty path, binary data
  such as a PDF or an office document, undecodable bytes, empty text, HTML with no
  article text, over the size limit, a URL that cannot be fetched);
- 4: no usable index (missing, not a provcheck index, damaged, locked too long).

``check`` checks every readable input and exits with the highest-ranked outcome:
4 (no usable index: nothing is checked) > 3 (an input could not be read; the others
were checked and printed) > 1 (an article copies an indexed one) > 0.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..version import __version__
from . import collection_cmd, compare_cmd, index_cmd, serve_cmd
from .startup import Command, Group

app = typer.Typer(
    name="provcheck",
    cls=Group,
    help=(
        "Tell where a news article came from: is one article a reprint or a rewrite of "
        "another, which way, and what changed.\n\n"
        "Exit codes: 0 done (whatever the relation), 1 check found a copy, 2 usage error, "
        "3 unreadable or empty input, 4 no usable index."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


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


app.command(cls=Command)(compare_cmd.compare)
app.command(cls=Command)(compare_cmd.normalize)
app.command(cls=Command)(collection_cmd.report)

index_app = typer.Typer(cls=Group, help=index_cmd.INDEX_HELP, no_args_is_help=True)
app.add_typer(index_app, name="index")
index_app.command("add", cls=Command)(index_cmd.index_add)
index_app.command("remove", cls=Command)(index_cmd.index_remove)
index_app.command("list", cls=Command)(index_cmd.index_list)
index_app.command("stats", cls=Command)(index_cmd.index_stats)

app.command(cls=Command)(collection_cmd.check)
app.command(cls=Command)(collection_cmd.scan)
app.command(cls=Command)(serve_cmd.serve)


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    run()
