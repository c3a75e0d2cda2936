"""The ``index`` commands: add, remove, list and stats of the collection's index."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UsageError
from ..render.listing import LISTING_FORMATS
from ..render.summary import plural
from .exits import guarded
from .inout import articles_of, index_path
from .options import (
    DbOption,
    OfflineOption,
    ProgressOption,
    SnapshotsOption,
    TimeoutOption,
    UrlsOption,
    formats_option,
)
from .progress import bars

if TYPE_CHECKING:
    from ..collection.rows import Held
    from ..models import Document

INDEX_HELP = (
    "The collection's index: one SQLite file (default provcheck.db, or db in "
    "[tool.provcheck] of pyproject.toml / provcheck.toml) and its vector file."
)


def index_add(
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="PATH...", help="Articles (files or http(s) URLs), or folders to walk.")] = None,
    db: DbOption = None,
    urls: UrlsOption = None,
    progress: ProgressOption = None,
    snapshots: SnapshotsOption = None,
    offline: OfflineOption = False,
    timeout: TimeoutOption = "30",
) -> None:
    """Add articles to the index (an article already held, same content, is skipped).

    A changed file at an indexed path (or a page at the same canonical URL) is a new
    version: it replaces the one held, whose hash and time stay in the index's
    history. Every file not added is named with why: already held (and under which
    indexed path), or not an article (empty, under 8 words, data such as CSV, JSON or
    code), never indexed. Unreadable files found in a folder, and URLs of a --urls
    list that cannot be fetched, are skipped with a warning; a named file or URL that
    cannot be read is an error (exit 3). A fetched page is indexed under its URL.
    Also brings the index's vector file up to date.
    """

    def go() -> None:
        from ..collection.index import open_index
        from ..verdict.similarity import default_embedder

        path = index_path(db)
        if not paths and urls is None:
            raise UsageError("give PATHs to add, or --urls FILE")
        articles = articles_of(paths or [], urls, snapshots, offline, timeout,
                               skip_empty=True)
        embedder = default_embedder()
        skipped: list[tuple[str, str]] = []
        with open_index(path, verify=True) as index, index.writer_lock(), \
                bars(progress) as bar:
            if articles.urls:
                articles.fetch(progress=bar("fetching"))
            found = articles_only(articles.documents(progress=bar("indexing")), skipped)
            results = index.add_all(found, embedder)
            total = index.count()
        for given, why in skipped:
            typer.echo(f"not added: {given}: {why}")
        for r in results:
            if not r.added:
                where = "at this path" if r.path == r.given else f"as {r.path}"
                typer.echo(f"not added: {r.given}: already held {where} (#{r.id})")
            elif r.replaced is not None:
                typer.echo(f"updated: {r.given}: a new version, replaces #{r.replaced}")
        added = sum(r.added for r in results)
        held = len(results) - added
        updated = sum(r.replaced is not None for r in results)
        told = f" ({updated} of them new versions)" if updated else ""
        told += f", already held {held}"
        told += f", {len(skipped)} not articles" if skipped else ""
        typer.echo(f"added {added}{told}; {plural(total, 'document')} in {path}")

    guarded(go)


def articles_only(docs: Iterable[Document], skipped: list[tuple[str, str]]
                  ) -> Iterator[Document]:
    """The documents that are articles; the others go to ``skipped`` with why
    (:func:`provcheck.collection.articles.not_an_article`)."""
    from ..collection.articles import not_an_article, raw_text

    for doc in docs:
        why = not_an_article(doc, text=raw_text(doc))
        if why is None:
            yield doc
        else:
            skipped.append((doc.path or "-", why))


def _ids(items: Sequence[str], held: Sequence[Held], base: Path) -> list[int]:
    """The ids of ``items`` (paths naming an indexed file however they are typed, a
    stored relative path read from the current folder or ``base``, the index's; or
    '#ID'); a usage error naming those not in the index."""
    from ..collection.documents import paths_naming

    paths = [h.path for h in held]
    ids: list[int] = []
    missing = []
    for item in items:
        found = [h.id for h in held if item == f"#{h.id}"]
        found += [held[k].id for k in paths_naming(item, paths, base)]
        ids += found
        if not found:
            missing.append(item)
    if missing:
        raise UsageError(f"not in the index: {', '.join(missing)}; nothing was removed")
    return ids


def index_remove(
    items: Annotated[list[str] | None, typer.Argument(
        metavar="PATH|'#ID'...", show_default=False,
        help="Paths of indexed articles, as you type them (x, ./x, an absolute path or "
        "one relative to this folder: the same file counts), or '#ID' as index list "
        "shows it, quoted: an unquoted # starts a shell comment.")] = None,
    db: DbOption = None,
) -> None:
    """Remove documents from the index, by path or by '#ID' (quoted: an unquoted # starts
    a shell comment): all of them or, when one is not in the index, none (exit 2, naming
    it).

    Examples:

      provcheck index remove articles/old.txt

      provcheck index remove '#12' '#13'
    """

    def go() -> None:
        from ..collection.index import open_index

        if not items:
            raise UsageError("give PATHs or '#ID's to remove (quote '#ID': an unquoted # "
                             "starts a shell comment)")
        path = index_path(db)
        with open_index(path, create=False, verify=True) as index:
            removed = index.remove_all(_ids(items, index.documents(), path.parent))
        typer.echo(f"removed {plural(removed, 'document')} from {path}")

    guarded(go)


def index_list(
    db: DbOption = None,
    fmt: Annotated[
        str,
        formats_option(LISTING_FORMATS, "md: a table (id, path, outlet, date, title); "
                       "json: a list of the documents with their content hashes."),
    ] = "md",
) -> None:
    """List the indexed documents (read only: the file is not changed)."""

    def go() -> None:
        from ..collection.index import open_index
        from ..render.listing import render_listing

        with open_index(index_path(db), readonly=True, verify=True) as index:
            held = index.documents()
        typer.echo(render_listing(held, fmt), nl=False)

    guarded(go)


def index_stats(db: DbOption = None) -> None:
    """Counts and size of the index (read only: the file is not changed)."""

    def go() -> None:
        import json

        from ..collection.index import open_index

        with open_index(index_path(db), readonly=True, verify=True) as index:
            typer.echo(json.dumps(index.stats(), indent=2))

    guarded(go)
