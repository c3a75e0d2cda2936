"""The ``provcheck`` command: parses, calls the library, prints, exits. Nothing else.

Exit codes (a contract CI scripts rely on):

- 0: done, whatever the relation found (``check``: every new article passed);
- 1: ``check`` found a copy (see its help), or an internal error (a bug: please
  report it);
- 2: usage error (unknown option, bad format name, unwritable output);
- 3: unreadable or empty input (missing file, directory, binary data,
  undecodable bytes, empty text, HTML with no article text, over the size limit);
- 4: the index cannot be opened (missing, not an index, locked too long).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn, TypeAlias

import typer

from . import __version__
from .errors import InputError, ProvcheckError, UsageError
from .models import DERIVED_RELATIONS, Document
from .render import formats
from .render.check_formats import check_formats
from .render.listing import LISTING_FORMATS

app = typer.Typer(
    name="provcheck",
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

# The choices of --format and --fail-on, read from the registries and from the one list
# of relation levels (typer reads Literal choices; to a type checker they are strings).
if TYPE_CHECKING:
    CompareFormat: TypeAlias = str
    ReportFormat: TypeAlias = str
    DocFormat: TypeAlias = str
    CheckFormat: TypeAlias = str
    ListFormat: TypeAlias = str
    Level: TypeAlias = str
else:
    CompareFormat = Literal[tuple(formats())]
    ReportFormat = Literal[tuple(formats(reports=True))]
    DocFormat = Literal[tuple(formats(documents=True))]
    CheckFormat = Literal[tuple(check_formats())]
    ListFormat = Literal[LISTING_FORMATS]
    Level = Literal[DERIVED_RELATIONS]

OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")
]
FastOption = Annotated[
    bool, typer.Option("--fast", help="Lexical evidence only: no embedding model, quicker.")
]
ProgressOption = Annotated[
    bool | None,
    typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: on a "
                 "terminal)."),
]


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"provcheck: error: {message}", err=True)
    raise typer.Exit(code)


def _warn_skipped(path: str, exc: InputError) -> None:
    typer.echo(f"provcheck: warning: skipped {exc}", err=True)


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


def _show(progress: bool | None) -> bool:
    return sys.stderr.isatty() if progress is None else progress


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
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f", help="Output format.")] = "text",
    output: OutputOption = None,
    fast: FastOption = False,
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
        from .config import resolve
        from .pipeline import compare as run_compare
        from .render import render

        opts = resolve(fast=fast)
        doc_a, doc_b = _read(a), _read(b)
        result = run_compare(doc_a, doc_b, fast=opts.fast)
        _emit(render(result, fmt, color=_use_color(color, output)), output)

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
    ] = "text",
    output: OutputOption = None,
) -> None:
    """Extract an article's body: decode, strip site furniture, split paragraphs.

    Example: provcheck normalize page.html.gz --format json
    """

    def go() -> None:
        from .render import render_document

        _emit(render_document(_read(file), fmt), output)

    _run(go)


@app.command()
def report(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Articles, or folders to walk for articles (hidden files skipped)."),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Render the pairs 'provcheck scan' stored in this index "
                     "instead of comparing PATHs."),
    ] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = "md",
    output: OutputOption = None,
    fast: FastOption = False,
    progress: ProgressOption = None,
) -> None:
    """Provenance report for a collection: who derived from whom, which facts disagree.

    Compares every pair of articles that could be related, groups articles on the same
    story into clusters, lists the derivations (source, derived, relation, direction,
    score) and, per cluster, a fact table: one row per fact slot, one column per
    article, divergent values marked and listed first. Lines that recur across
    articles of one outlet are that outlet's furniture and never count as reuse.
    Unreadable files found in a folder are listed as skipped; a named file that
    cannot be read is an error (exit 3).

    Examples:

      provcheck report seeds/

      provcheck report seeds/ --format json --output report.json

      provcheck report --db provcheck.db      (after provcheck scan)
    """

    def go() -> None:
        from .calibration import Settings
        from .collection import Articles, strip_outlet_boilerplate
        from .config import resolve
        from .render import render_report
        from .report import build_report, report_from_index

        opts = resolve(fast=fast)
        if db is not None:
            if paths:
                raise UsageError("give either PATHs or --db, not both")
            from .index import open_index
            from .scan import recorded_settings

            with open_index(db, create=False) as index:
                # the mode the index was scanned in; --fast only for one never scanned
                settings = recorded_settings(index, fast=opts.fast)
                result = report_from_index(index, settings=settings,
                                           compare_edges=fmt == "html")
                _emit(render_report(result, fmt), output)
            return
        if not paths:
            raise UsageError("give PATHs to compare, or --db FILE after provcheck scan")
        articles = Articles(paths, on_skip=_warn_skipped)
        with _progress(_show(progress)) as bar:
            docs = articles.read(progress=bar("reading"))
            if not docs:
                raise InputError("no readable article in the paths given")
            result = build_report(strip_outlet_boilerplate(docs),
                                  settings=Settings.of(fast=opts.fast),
                                  progress=bar("comparing"), skipped=articles.skipped)
        _emit(render_report(result, fmt), output)

    _run(go)


index_app = typer.Typer(
    help="The collection's index: one SQLite file (default provcheck.db, or db in "
    "[tool.provcheck] of pyproject.toml / provcheck.toml).",
    no_args_is_help=True,
)
app.add_typer(index_app, name="index")

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="The index file (default: from [tool.provcheck], else "
                 "provcheck.db)."),
]


def _db(db: Path | None) -> Path:
    from .config import resolve

    return resolve(db=db).db


@index_app.command("add")
def index_add(
    paths: Annotated[list[str], typer.Argument(help="Articles, or folders to walk.")],
    db: DbOption = None,
    progress: ProgressOption = None,
) -> None:
    """Add articles to the index (an article already held, same content, is skipped).

    Unreadable files found in a folder are skipped with a warning; a named file that
    cannot be read is an error (exit 3).
    """

    def go() -> None:
        from .collection import Articles
        from .index import open_index
        from .similarity import default_embedder

        path = _db(db)
        articles = Articles(paths, on_skip=_warn_skipped)
        embedder = default_embedder()
        with open_index(path) as index, _progress(_show(progress)) as bar:
            results = index.add_all(articles.documents(progress=bar("indexing")), embedder)
            total = index.count()
        added = sum(r.added for r in results)
        held = len(results) - added
        typer.echo(f"added {added}, already held {held}; {total} documents in {path}")

    _run(go)


@index_app.command("remove")
def index_remove(
    items: Annotated[list[str], typer.Argument(help="Paths as indexed, or #ID.")],
    db: DbOption = None,
) -> None:
    """Remove documents from the index, by path as indexed or by #ID."""

    def go() -> None:
        from .index import open_index

        with open_index(_db(db), create=False) as index:
            held = index.documents()
            removed = 0
            for item in items:
                ids = [h.id for h in held if item in (h.path, f"#{h.id}")]
                if not ids:
                    raise UsageError(f"{item}: not in the index")
                removed += sum(index.remove(i) for i in ids)
        typer.echo(f"removed {removed}")

    _run(go)


@index_app.command("list")
def index_list(
    db: DbOption = None,
    fmt: Annotated[
        ListFormat,
        typer.Option("--format", "-f", help="md: a table (id, path, outlet, date, title); "
                     "json: a list of the documents with their content hashes."),
    ] = "md",
) -> None:
    """List the indexed documents."""

    def go() -> None:
        from .index import open_index
        from .render.listing import render_listing

        with open_index(_db(db), create=False) as index:
            held = index.documents()
        typer.echo(render_listing(held, fmt), nl=False)

    _run(go)


@index_app.command("stats")
def index_stats(db: DbOption = None) -> None:
    """Counts and size of the index."""

    def go() -> None:
        import json

        from .index import open_index

        with open_index(_db(db), create=False) as index:
            typer.echo(json.dumps(index.stats(), indent=2))

    _run(go)


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="New articles, or folders of them.")],
    db: DbOption = None,
    fail_on: Annotated[
        Level | None,
        typer.Option("--fail-on", help="Fail at this level of copying or a stronger one "
                     f"({' > '.join(DERIVED_RELATIONS)}; default rewrite)."),
    ] = None,
    fail_on_divergence: Annotated[
        bool | None,
        typer.Option("--fail-on-divergence/--no-fail-on-divergence",
                     help="Also fail when a fact on the same story changed value."),
    ] = None,
    add: Annotated[bool, typer.Option("--add", help="Index the articles that passed.")] = False,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = "text",
    output: OutputOption = None,
    fast: Annotated[bool, typer.Option("--fast", help="Lexical evidence only.")] = False,
) -> None:
    """CI check: does a new article copy or rewrite one the collection holds?

    Exit codes: 0 every article passed; 1 an article derives from an indexed one at
    --fail-on or a stronger level (or, with --fail-on-divergence, contradicts an
    indexed fact on the same story); 2 usage error; 3 unreadable input; 4 the index
    cannot be opened.

    Examples:

      provcheck check new/article.txt --db provcheck.db

      provcheck check new/ --fail-on edited --format junit -o provcheck.xml
    """

    def go() -> None:
        # one query at a time: a second BLAS thread only adds overhead (docs/vector-backends.md)
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        from .check import check as run_check
        from .collection import Articles
        from .config import resolve
        from .index import open_index
        from .render.check_formats import render_check
        from .similarity import default_embedder

        opts = resolve(db=db, fast=fast, fail_on=fail_on,
                       fail_on_divergence=fail_on_divergence)
        docs = Articles(paths, on_skip=_warn_skipped).read()
        if not docs:
            raise UsageError("no article to check")
        embedder = default_embedder()
        with open_index(opts.db, create=False) as index:
            result = run_check(
                index,
                docs,
                fail_on=opts.fail_on,
                fail_on_divergence=opts.fail_on_divergence,
                fast=opts.fast,
                embedder=embedder,
                add=add,
            )
        _emit(render_check(result, fmt), output)
        if result.failed:
            raise typer.Exit(1)

    _run(go)


class Engine(str, Enum):
    local = "local"
    spark = "spark"


@app.command()
def scan(
    db: DbOption = None,
    engine: Annotated[Engine, typer.Option("--engine", help="local (default) or spark "
                                           "(pip install 'provcheck[spark]').")] = Engine.local,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Processes for the local "
                                         "engine.")] = 1,
    fast: Annotated[bool, typer.Option("--fast", help="Lexical evidence only.")] = False,
    progress: ProgressOption = None,
) -> None:
    """Find every derived pair in the indexed collection; resumable after a kill.

    Results go into the index; render them with: provcheck report --db FILE.
    """

    def go() -> None:
        from .config import resolve
        from .scan import scan as run_scan

        opts = resolve(db=db, fast=fast)
        with _progress(_show(progress)) as bar:
            s = run_scan(opts.db, engine=engine.value, workers=workers, fast=opts.fast,
                         progress=bar("scanning"))
        typer.echo(
            f"scanned {s.scanned_now} documents ({s.already_done} done before) of "
            f"{s.documents}; {s.pairs_found} related or derived pairs in the index"
        )

    _run(go)


class _Bars:
    """Rich progress bars on stderr, one task per phase; silent when disabled."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.progress: Any = None

    def __enter__(self) -> _Bars:
        if self.show:
            from rich.console import Console
            from rich.progress import Progress

            self.progress = Progress(console=Console(stderr=True), transient=True)
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, label: str) -> Callable[[int, int], None] | None:
        if self.progress is None:
            return None
        task = self.progress.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            self.progress.update(task, completed=done, total=total)

        return update


def _progress(show: bool) -> _Bars:
    return _Bars(show)


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    run()
