"""The ``provcheck`` command: parses, calls the library, prints, exits. Nothing else.

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

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from ..errors import InputError, MissingInputError, ProvcheckError, UsageError
from ..models import DERIVED_RELATIONS, Document
from ..render import formats
from ..render.check_formats import check_formats
from ..render.listing import LISTING_FORMATS
from ..render.summary import plural
from ..version import __version__

if TYPE_CHECKING:
    from ..ingest.fetch import FetchOptions


def _plain(annotation: Any) -> Callable[[Any], Any] | None:
    """How to turn a command-line value into ``annotation`` without pydantic, for the
    plain types provcheck's options use (None: any other type)."""
    if annotation is str:
        return str
    if annotation is Path:
        return Path
    if annotation is bool:
        return lambda v: v if isinstance(v, bool) else None
    if annotation == list[str]:
        return lambda v: [str(x) for x in v]
    return None


def _plain_coercion(params: Sequence[Any]) -> None:
    """Give typer's parameters of plain types (str, Path, bool, list[str]) a coercion
    that does not import pydantic: typer (0.16 on) validates every value through a
    pydantic TypeAdapter, and importing pydantic costs about 55 ms of a fresh
    ``provcheck check`` (docs/performance.md). A typer without this hook (or any other
    type) keeps typer's own coercion."""
    try:
        from typer._coercion import RuntimeParam
    except ImportError:  # pragma: no cover - an older or newer typer
        return

    class Plain(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            out = convert(value) if (convert := _plain(self.annotation)) else None
            if out is None:
                raise typer.BadParameter(f"{value!r} is not valid here", ctx=ctx, param=param)
            return out

    for param in params:
        desc = getattr(param, "type_descriptor", None)
        if (desc is None or getattr(desc, "file_annotation", None) is not None
                or not hasattr(param, "_runtime_param") or _plain(desc.annotation) is None):
            continue
        param._runtime_param = Plain(parameter_info=desc.parameter_info,
                                     annotation=desc.annotation)


class _Plain:
    """Options parsed without pydantic (:func:`_plain_coercion`), help option included."""

    params: list[Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _plain_coercion(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        _plain_coercion([option] if option is not None else [])
        return option


class _Command(_Plain, TyperCommand):
    """Usage lines and argument lists as people write them (``compare [OPTIONS] A B``,
    ``check [OPTIONS] NEW...``), not in typer's notation (``{a} {b}``, ``<str>``);
    plain values parsed without pydantic."""

    @staticmethod
    def _name(param: Any) -> str:
        name = str(param.metavar or (param.name or "").upper())
        if param.nargs != 1 and not name.endswith("..."):
            name += "..."
        return name

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = self._name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args, opts = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                args.append((self._name(param), record[1]))
            else:
                opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class _Group(_Plain, TyperGroup):
    """The command groups (``provcheck``, ``provcheck index``), their options parsed
    without pydantic as the commands' are."""


app = typer.Typer(
    name="provcheck",
    cls=_Group,
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


def _choice(*choices: str) -> Callable[[typer.CallbackParam, str | None], str | None]:
    """A parameter callback: the value if it is one of ``choices``, else one line on
    stderr naming them, exit 2."""

    def check(param: typer.CallbackParam, value: str | None) -> str | None:
        if value is not None and value not in choices:
            name = max(param.opts, key=len) if param.opts else param.name
            _fail(f"{name} {value!r}: choose one of {', '.join(choices)}",
                  UsageError.exit_code)
        return value

    return check


def _formats_option(choices: Sequence[str], help_text: str) -> Any:
    return typer.Option("--format", "-f", metavar=f"[{'|'.join(choices)}]",
                        callback=_choice(*choices), help=help_text)


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


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"provcheck: error: {message}", err=True)
    raise typer.Exit(code)


def _warn_skipped(path: str, exc: InputError) -> None:
    typer.echo(f"provcheck: warning: skipped {exc}", err=True)


def _no_empty_path(paths: Sequence[str]) -> None:
    """Refuse an empty path before it is taken for the current folder."""
    if "" in paths:
        raise MissingInputError('an empty path (""), not a file or folder')


def _url_list(urls: str | None) -> list[str]:
    if urls is None:
        return []
    from ..collection.articles import read_url_list

    return read_url_list(urls)


def _fetching(snapshots: Path | None, offline: bool, timeout: str) -> FetchOptions:
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


def _read(arg: str, fetching: FetchOptions | None = None) -> Document:
    from ..ingest.normalize import normalize, read_bytes

    if arg == "-":
        data, _ = read_bytes("-")
        return normalize(data, label="-")
    if "://" in arg:
        from ..ingest.fetch import fetch_document, is_url

        if is_url(arg):
            return fetch_document(arg, options=fetching)
    _no_empty_path([arg])
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
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is not None and isinstance(exc, sqlite3.DatabaseError):
            # the index module turns these into IndexStoreError; never an exit 1
            _fail(f"index error ({exc})", 4)
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


@app.command(cls=_Command)
def compare(
    a: Annotated[
        str, typer.Argument(metavar="A",
                            help="First article: a text or HTML file, .gz, an http(s) "
                            "URL to fetch, or - for stdin.")
    ],
    b: Annotated[str, typer.Argument(metavar="B", help="Second article, as for A.")],
    fmt: Annotated[str, _formats_option(formats(), "Output format.")] = "text",
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
        fetching = _fetching(snapshots, offline, timeout)
        doc_a, doc_b = _read(a, fetching), _read(b, fetching)
        result = run_compare(doc_a, doc_b, fast=opts.fast)
        _emit(render(result, fmt, color=_use_color(color, output)), output)

    _run(go)


@app.command(cls=_Command)
def normalize(
    file: Annotated[str, typer.Argument(metavar="FILE",
                                        help="A text or HTML file, .gz, an http(s) URL "
                                        "to fetch, or - for stdin.")],
    fmt: Annotated[
        str,
        _formats_option(formats(documents=True),
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

        fetching = _fetching(snapshots, offline, timeout)
        _emit(render_document(_read(file, fetching), fmt), output)

    _run(go)


@app.command(cls=_Command)
def report(
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="PATH...",
                       help="Articles (files or http(s) URLs), or folders to walk for "
                       "articles (hidden files skipped)."),
    ] = None,
    urls: UrlsOption = None,
    db: Annotated[
        Path | None,
        typer.Option("--db", metavar="FILE",
                     help="Render the pairs 'provcheck scan' stored in this index instead "
                     "of comparing PATHs (read only: the file is not changed)."),
    ] = None,
    fmt: Annotated[str, _formats_option(formats(reports=True), "Output format.")] = "md",
    output: OutputOption = None,
    fast: FastOption = False,
    progress: ProgressOption = None,
    all_facts: Annotated[
        bool,
        typer.Option("--all-facts", help="Show every fact slot of a story's fact table, "
                     "those whose values agree too (default: only slots whose values or "
                     "hedges differ)."),
    ] = False,
    snapshots: SnapshotsOption = None,
    offline: OfflineOption = False,
    timeout: TimeoutOption = "30",
) -> None:
    """Provenance report for a collection: who derived from whom, which facts disagree.

    Compares every pair of articles that could be related, groups articles on the same
    story into clusters, names each story's root source and its derivation chains
    (A -> B -> C), lists the derivations (source, derived, relation, direction, score)
    with what each derived article dropped or changed of its source's numbers and
    dates, the quotations it altered or dropped and the claims it added, and, per
    story, a fact table: one row per fact slot whose values or hedges differ (all
    slots with --all-facts), one column per article, divergent values marked. With
    --db, the derivations are compared again, one pair at a time, for what they
    changed (the index keeps verdicts only). Lines that recur across
    articles of one outlet are that outlet's furniture and never count as reuse.
    Unreadable files found in a folder, and URLs of a --urls list that cannot be
    fetched, are listed as skipped; a named file or URL that cannot be read is an
    error (exit 3).

    Examples:

      provcheck report seeds/

      provcheck report --urls links.txt mine.txt

      provcheck report seeds/ --format json --output report.json

      provcheck report --db provcheck.db      (after provcheck scan)
    """

    def go() -> None:
        from ..collection.articles import Articles, strip_outlet_boilerplate
        from ..collection.config import resolve
        from ..collection.report import build_report, report_from_index
        from ..render import render_report
        from ..verdict.settings import Settings

        opts = resolve(fast=fast)
        if db is not None:
            if paths or urls is not None:
                raise UsageError("give either PATHs (or --urls) or --db, not both")
            from ..collection.index import open_index
            from ..collection.scan import recorded_settings

            with open_index(db, readonly=True) as index:
                # the mode the index was scanned in; --fast only for one never scanned
                settings = recorded_settings(index, fast=opts.fast)
                with _progress(_show(progress)) as bar:
                    result = report_from_index(index, settings=settings,
                                               compare_edges=fmt == "html",
                                               all_facts=all_facts, divergences=True,
                                               progress=bar("derivations"))
                _emit(render_report(result, fmt), output)
            return
        if not paths and urls is None:
            raise UsageError("give PATHs to compare (or --urls FILE), or --db FILE after "
                             "provcheck scan")
        paths_given = paths or []
        _no_empty_path(paths_given)
        articles = Articles(paths_given, urls=_url_list(urls), on_skip=_warn_skipped,
                            fetching=_fetching(snapshots, offline, timeout))
        with _progress(_show(progress)) as bar:
            if articles.urls:
                articles.fetch(progress=bar("fetching"))
            docs = articles.read(progress=bar("reading"))
            if not docs:
                raise InputError("no readable article in the paths given")
            # the skipped list shows each path once: its reason without the path
            skipped = [(p, why[len(p) + 2:] if why.startswith(f"{p}: ") else why)
                       for p, why in articles.skipped]
            result = build_report(strip_outlet_boilerplate(docs),
                                  settings=Settings.of(fast=opts.fast),
                                  progress=bar("comparing"), skipped=skipped,
                                  all_facts=all_facts)
        _emit(render_report(result, fmt), output)

    _run(go)


index_app = typer.Typer(
    cls=_Group,
    help="The collection's index: one SQLite file (default provcheck.db, or db in "
    "[tool.provcheck] of pyproject.toml / provcheck.toml) and its vector file.",
    no_args_is_help=True,
)
app.add_typer(index_app, name="index")

DbOption = Annotated[
    Path | None,
    typer.Option("--db", metavar="FILE",
                 help="The index file (default: from [tool.provcheck], else provcheck.db)."),
]


def _db(db: Path | None) -> Path:
    from ..collection.config import resolve

    return resolve(db=db).db


@index_app.command("add", cls=_Command)
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

    Unreadable files found in a folder, and URLs of a --urls list that cannot be
    fetched, are skipped with a warning; a named file or URL that cannot be read is
    an error (exit 3). A fetched page is indexed under its URL. Also brings the
    index's vector file up to date.
    """

    def go() -> None:
        from ..collection.articles import Articles
        from ..collection.index import open_index
        from ..verdict.similarity import default_embedder

        path = _db(db)
        if not paths and urls is None:
            raise UsageError("give PATHs to add, or --urls FILE")
        _no_empty_path(paths or [])
        articles = Articles(paths or [], urls=_url_list(urls), on_skip=_warn_skipped,
                            fetching=_fetching(snapshots, offline, timeout))
        embedder = default_embedder()
        with open_index(path) as index, _progress(_show(progress)) as bar:
            if articles.urls:
                articles.fetch(progress=bar("fetching"))
            results = index.add_all(articles.documents(progress=bar("indexing")), embedder)
            total = index.count()
        added = sum(r.added for r in results)
        held = len(results) - added
        typer.echo(f"added {added}, already held {held}; {plural(total, 'document')} in {path}")

    _run(go)


@index_app.command("remove", cls=_Command)
def index_remove(
    items: Annotated[list[str], typer.Argument(metavar="PATH|#ID...",
                                               help="Paths as indexed, or #ID.")],
    db: DbOption = None,
) -> None:
    """Remove documents from the index, by path as indexed or by #ID: all of them or,
    when one is not in the index, none (exit 2, naming it).
    """

    def go() -> None:
        from ..collection.index import open_index

        path = _db(db)
        with open_index(path, create=False) as index:
            held = index.documents()
            ids: list[int] = []
            missing = []
            for item in items:
                found = [h.id for h in held if item in (h.path, f"#{h.id}")]
                ids += found
                if not found:
                    missing.append(item)
            if missing:
                raise UsageError(f"not in the index: {', '.join(missing)}; nothing was removed")
            removed = index.remove_all(ids)
        typer.echo(f"removed {plural(removed, 'document')} from {path}")

    _run(go)


@index_app.command("list", cls=_Command)
def index_list(
    db: DbOption = None,
    fmt: Annotated[
        str,
        _formats_option(LISTING_FORMATS, "md: a table (id, path, outlet, date, title); "
                        "json: a list of the documents with their content hashes."),
    ] = "md",
) -> None:
    """List the indexed documents (read only: the file is not changed)."""

    def go() -> None:
        from ..collection.index import open_index
        from ..render.listing import render_listing

        with open_index(_db(db), readonly=True) as index:
            held = index.documents()
        typer.echo(render_listing(held, fmt), nl=False)

    _run(go)


@index_app.command("stats", cls=_Command)
def index_stats(db: DbOption = None) -> None:
    """Counts and size of the index (read only: the file is not changed)."""

    def go() -> None:
        import json

        from ..collection.index import open_index

        with open_index(_db(db), readonly=True) as index:
            typer.echo(json.dumps(index.stats(), indent=2))

    _run(go)


@app.command(cls=_Command)
def check(
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="NEW...", help="New articles (files or http(s) URLs), or folders of them.")
    ] = None,
    db: DbOption = None,
    urls: UrlsOption = None,
    fail_on: Annotated[
        str | None,
        typer.Option("--fail-on", metavar=f"[{'|'.join(DERIVED_RELATIONS)}]",
                     callback=_choice(*DERIVED_RELATIONS),
                     help="Fail at this level of copying or a stronger one "
                     f"({' > '.join(DERIVED_RELATIONS)}; default rewrite)."),
    ] = None,
    fail_on_divergence: Annotated[
        bool | None,
        typer.Option("--fail-on-divergence/--no-fail-on-divergence",
                     help="Also fail when a fact on the same story changed value."),
    ] = None,
    fail_on_reverse: Annotated[
        bool | None,
        typer.Option("--fail-on-reverse/--no-fail-on-reverse",
                     help="Also fail when an indexed article derives from the new one "
                     "(default: reported, not failed; an unknown direction always counts "
                     "as a copy)."),
    ] = None,
    add: Annotated[bool, typer.Option("--add", help="Index the articles that passed.")] = False,
    fmt: Annotated[str, _formats_option(check_formats(), "Output format.")] = "text",
    output: OutputOption = None,
    fast: Annotated[bool, typer.Option("--fast", help="Lexical evidence only.")] = False,
    progress: ProgressOption = None,
    snapshots: SnapshotsOption = None,
    offline: OfflineOption = False,
    timeout: TimeoutOption = "30",
) -> None:
    """CI check: does a new article copy or rewrite one the collection holds?

    Every readable article is checked and printed; each one that cannot be read (a
    URL that cannot be fetched, named or in the --urls list, included) is named on
    stderr. Exit codes, the first that applies: 4 no usable index (nothing
    is checked); 3 an article named could not be read; 1 an article derives from an
    indexed one at --fail-on or a stronger level (or, with --fail-on-divergence,
    contradicts an indexed fact on the same story); 0 every article passed. 2: usage
    error. Without --add the index is only read (the file is not changed).

    Examples:

      provcheck check new/article.txt --db provcheck.db

      provcheck check new/ --fail-on edited --format junit -o provcheck.xml

      provcheck check --urls links.txt --db provcheck.db
    """

    def go() -> None:
        # one query at a time: a second BLAS thread only adds overhead (docs/vector-backends.md)
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        from ..collection.config import resolve
        from ..collection.index import open_index

        if not paths and urls is None:
            raise UsageError("give NEW articles to check, or --urls FILE")
        opts = resolve(db=db, fast=fast, fail_on=fail_on,
                       fail_on_divergence=fail_on_divergence, fail_on_reverse=fail_on_reverse)
        fetching = _fetching(snapshots, offline, timeout)
        with open_index(opts.db, create=False, readonly=not add) as index:
            # the file is verified in a thread while the rest loads (docs/performance.md)
            sound = index.verify_in_background()
            from ..collection.check import check as run_check
            from ..collection.check import read_new
            from ..render.check_formats import render_check

            with _progress(_show(progress)) as bar:
                docs, unreadable = read_new(paths or [], urls=_url_list(urls),
                                            fetching=fetching, on_skip=_warn_skipped,
                                            progress=bar("fetching"))
            if not docs and not unreadable:
                raise UsageError("no article to check")
            embedder = None
            if add or not opts.fast:
                from ..verdict.similarity import default_embedder

                embedder = default_embedder()
            if add:
                sound()  # nothing is added to a damaged index
            result = run_check(
                index,
                docs,
                fail_on=opts.fail_on,
                fail_on_divergence=opts.fail_on_divergence,
                fast=opts.fast,
                embedder=embedder,
                add=add,
                unreadable=unreadable,
                fail_on_reverse=opts.fail_on_reverse,
            )
            sound()  # a damaged index decides nothing: exit 4 before any result
        _emit(render_check(result, fmt), output)
        for path, why in result.unreadable:
            typer.echo(f"provcheck: error: {path}: {why}", err=True)
        if result.exit_code:
            raise typer.Exit(result.exit_code)

    _run(go)


@app.command(cls=_Command)
def scan(
    db: DbOption = None,
    engine: Annotated[str, typer.Option(
        "--engine", metavar="[local|spark]", callback=_choice("local", "spark"),
        help="local (default) or spark (pip install 'provcheck[spark]').")] = "local",
    workers: Annotated[str | None, typer.Option(
        "--workers", metavar="INTEGER", callback=lambda v: v and _count("--workers", v),
        help="Processes for the local engine (default: one per CPU core; one for a "
        "small scan).")] = None,
    fast: Annotated[bool, typer.Option("--fast", help="Lexical evidence only.")] = False,
    progress: ProgressOption = None,
    no_prefilter: Annotated[bool, typer.Option(
        "--no-prefilter", help="Compare every candidate pair in full, even those the "
        "reuse pre-filter settles as not derived (slower; the same pairs).")] = False,
) -> None:
    """Find every derived pair in the indexed collection; resumable after a kill.

    Three stages, cheap before dear: the index proposes candidate pairs (shared rare
    word shingles, document vectors); a pair neither of whose articles has enough of
    its own word 3-grams in the other cannot be derived and is only judged same story
    or not; the rest are compared in full. Results go into the index; render them
    with: provcheck report --db FILE.
    """

    def go() -> None:
        from ..collection.config import resolve
        from ..collection.scan import scan as run_scan

        opts = resolve(db=db, fast=fast)
        with _progress(_show(progress)) as bar:
            s = run_scan(opts.db, engine=engine,
                         workers=int(workers) if workers else None, fast=opts.fast,
                         progress=bar("scanning"), prefiltered=not no_prefilter)
        typer.echo(
            f"scanned {plural(s.scanned_now, 'document')} ({s.already_done} done before) of "
            f"{s.documents}; {plural(s.pairs_found, 'related or derived pair')} in the index"
        )
        if s.planned_pairs:
            typer.echo(
                f"pairs: {s.candidate_pairs} candidates, {s.planned_pairs} to settle, "
                f"{s.pruned_pairs} settled by the reuse pre-filter (not derived), "
                f"{s.compared_pairs} compared in full"
            )

    _run(go)


def _count(name: str, value: str) -> str:
    """``value`` if it is a whole number of at least 1, else one line and exit 2."""
    if not value.isdigit() or int(value) < 1:
        _fail(f"{name} {value!r}: give a whole number, 1 or more", UsageError.exit_code)
    return value


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
