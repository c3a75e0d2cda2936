"""Command inputs and outputs: articles from files, URLs or stdin; text to stdout or a file."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import InputError, MissingInputError, UsageError
from ..models import Document

if TYPE_CHECKING:
    from ..collection.articles import Articles
    from ..ingest.fetch import FetchOptions


def warn_skipped(path: str, exc: InputError) -> None:
    """The ``on_skip`` of a folder walk or URL list: one warning line on stderr."""
    typer.echo(f"provcheck: warning: skipped {exc}", err=True)


def no_empty_path(paths: Sequence[str]) -> None:
    """Refuse an empty path before it is taken for the current folder."""
    if "" in paths:
        raise MissingInputError('an empty path (""), not a file or folder')


def url_list(urls: str | None) -> list[str]:
    """The URLs of a --urls FILE (- for stdin); none without the option."""
    if urls is None:
        return []
    from ..collection.articles import read_url_list

    return read_url_list(urls)


def articles_of(paths: Sequence[str], urls: str | None, snapshots: Path | None,
                offline: bool, timeout: str, *, skip_empty: bool = False) -> Articles:
    """The articles of PATHs and --urls, not read yet; those that cannot be read, in a
    folder or a --urls list, are skipped with a warning (with ``skip_empty``, so is an
    empty file named: no article, no error)."""
    from ..collection.articles import Articles

    no_empty_path(paths)
    return Articles(paths, urls=url_list(urls), on_skip=warn_skipped,
                    fetching=fetching(snapshots, offline, timeout), skip_empty=skip_empty)


def fetching(snapshots: Path | None, offline: bool, timeout: str) -> FetchOptions:
    """The fetch options of a command's --snapshots, --offline and --timeout."""
    from ..ingest.fetch import FetchOptions
    from ..ingest.snapshot import default_dir

    try:
        seconds = float(timeout)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise UsageError(f"--timeout {timeout!r}: a number of seconds, above 0 and at "
                         "most 3600")
    folder = snapshots if snapshots is not None else default_dir()
    return FetchOptions(timeout=seconds, connect_timeout=min(10.0, seconds),
                        snapshots=str(folder), offline=offline)


def read(arg: str, options: FetchOptions | None = None) -> Document:
    """One article: ``-`` for stdin, an http(s) URL to fetch, else a file."""
    from ..ingest.normalize import normalize, read_bytes

    if arg == "-":
        data, _ = read_bytes("-")
        return normalize(data, label="-")
    if "://" in arg:
        from ..ingest.fetch import fetch_document, is_url

        if is_url(arg):
            return fetch_document(arg, options=options)
    no_empty_path([arg])
    return normalize(Path(arg))


def index_path(db: Path | None) -> Path:
    """The index file of --db, else the configured one."""
    from ..collection.config import resolve

    return resolve(db=db).db


def emit(text: str, output: Path | None, *, append: bool = False) -> None:
    """Write ``text`` to stdout, or to ``output`` (``append``: at its end; unwritable: a
    usage error)."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        with output.open("a" if append else "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from None


def writable(output: Path | None) -> None:
    """Refuse, before any work, an output file that cannot be written: a folder, or
    one in a folder that does not exist."""
    if output is None:
        return
    if output.is_dir():
        raise UsageError(f"cannot write {output}: a folder")
    if not output.parent.is_dir() and str(output.parent):
        raise UsageError(f"cannot write {output}: no folder {output.parent}")


def path_list(source: str) -> list[str]:
    """The paths listed in a --files-from FILE (``-``: stdin), one a line; blank lines
    and ``#`` comments ignored; a list that cannot be read is an InputError (exit 3)."""
    from ..collection.articles import read_list

    return read_list(source, "list of files")


def use_color(color: bool | None, output: Path | None) -> bool:
    """--color/--no-color, else colour on a terminal without NO_COLOR."""
    if color is not None:
        return color
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
