"""The collection commands: ``report`` on articles or an index, ``check`` and ``scan``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import InputError, UsageError
from ..models import DERIVED_RELATIONS
from ..render import formats
from ..render.check_formats import check_formats
from ..render.summary import plural
from .exits import guarded
from .inout import articles_of, emit, fetching, path_list, url_list, warn_skipped, writable
from .options import (
    DbOption,
    FastOption,
    OfflineOption,
    OutputOption,
    ProgressOption,
    SnapshotsOption,
    TimeoutOption,
    UrlsOption,
    choice,
    count,
    formats_option,
)
from .progress import Bars, bars

if TYPE_CHECKING:
    from ..collection.articles import Articles
    from ..collection.check import CheckRun
    from ..collection.config import Config
    from ..collection.index import Index
    from ..collection.records import Report
    from ..ingest.fetch import FetchOptions
    from ..verdict.similarity import Embedder


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
    fmt: Annotated[str, formats_option(formats(reports=True), "Output format.")] = "md",
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
    workers: Annotated[str | None, typer.Option(
        "--workers", metavar="INTEGER", callback=lambda v: v and count("--workers", v),
        help="With --db: processes that build the stories' fact tables (default: one "
        "per CPU core; one for a small index).")] = None,
) -> None:
    """Provenance report for a collection: who derived from whom, which facts disagree.

    Compares every pair of articles that could be related, groups articles on the same
    story into clusters, names each story's root source and its derivation chains
    (A -> B -> C), lists the derivations (source, derived, relation, direction, score)
    with what each derived article dropped or changed of its source's numbers and
    dates, the quotations it altered or dropped and the claims it added, and, per
    story, a fact table: one row per fact slot whose values or hedges differ (all
    slots with --all-facts), one column per article, divergent values marked. With
    --db, what each derivation changed is read from the index (an index scanned by an
    older version: its derivations are compared again, one pair at a time), and the
    fact tables are built by --workers processes. Lines that recur across
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
        from ..collection.config import resolve
        from ..render import render_report

        opts = resolve(fast=fast)
        if db is not None:
            if paths or urls is not None:
                raise UsageError("give either PATHs (or --urls) or --db, not both")
            _report_from_index(db, fast=opts.fast, fmt=fmt, output=output,
                               all_facts=all_facts, progress=progress,
                               workers=int(workers) if workers else None)
            return
        if not paths and urls is None:
            raise UsageError("give PATHs to compare (or --urls FILE), or --db FILE after "
                             "provcheck scan")
        articles = articles_of(paths or [], urls, snapshots, offline, timeout)
        with bars(progress) as bar:
            result = _report_of(articles, bar, fast=opts.fast, all_facts=all_facts)
        emit(render_report(result, fmt), output)

    guarded(go)


def _report_from_index(db: Path, *, fast: bool, fmt: str, output: Path | None,
                       all_facts: bool, progress: bool | None, workers: int | None) -> None:
    """``report --db``: the pairs a scan stored, rendered while the index is open."""
    from ..collection.index import open_index
    from ..collection.report import report_from_index
    from ..collection.scan import recorded_settings
    from ..render import render_report

    with open_index(db, readonly=True) as index:
        # the mode the index was scanned in; --fast only for one never scanned
        settings = recorded_settings(index, fast=fast)
        with bars(progress) as bar:
            result = report_from_index(index, settings=settings,
                                       compare_edges=fmt == "html",
                                       all_facts=all_facts, divergences=True,
                                       progress=bar("derivations"), workers=workers)
        emit(render_report(result, fmt), output)


def _report_of(articles: Articles, bar: Bars, *, fast: bool, all_facts: bool) -> Report:
    """``report PATH...``: the articles fetched, read and compared, pair by pair."""
    from ..collection.articles import strip_outlet_boilerplate
    from ..collection.report import build_report
    from ..verdict.settings import Settings

    if articles.urls:
        articles.fetch(progress=bar("fetching"))
    docs = articles.read(progress=bar("reading"))
    if not docs:
        raise InputError("no readable article in the paths given")
    # the skipped list shows each path once: its reason without the path
    skipped = [(p, why[len(p) + 2:] if why.startswith(f"{p}: ") else why)
               for p, why in articles.skipped]
    settings = Settings.of(fast=fast)
    return build_report(strip_outlet_boilerplate(docs, settings.calibration), settings=settings,
                        progress=bar("comparing"), skipped=skipped, all_facts=all_facts)


def check(
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="NEW...", help="New articles (files or http(s) URLs), or folders of them.")
    ] = None,
    db: DbOption = None,
    urls: UrlsOption = None,
    fail_on: Annotated[
        str | None,
        typer.Option("--fail-on", metavar=f"[{'|'.join(DERIVED_RELATIONS)}]",
                     callback=choice(*DERIVED_RELATIONS),
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
    add: Annotated[bool, typer.Option(
        "--add", help="Index the articles that passed (and new versions), once all are "
        "checked: the result is the same as without --add.")] = False,
    files_from: Annotated[str | None, typer.Option(
        "--files-from", metavar="FILE",
        help="Also check the paths listed in FILE (- for stdin), one a line; blank lines "
        "and # comments ignored (for a CI job's list of changed files: no xargs).")] = None,
    fmt: Annotated[str, formats_option(check_formats(), "Output format (stdout, or "
                                       "--output).")] = "text",
    output: OutputOption = None,
    output_junit: Annotated[Path | None, typer.Option(
        "--output-junit", metavar="FILE",
        help="Also write the junit report to FILE (from the same run).")] = None,
    output_json: Annotated[Path | None, typer.Option(
        "--output-json", metavar="FILE",
        help="Also write the json report to FILE (from the same run).")] = None,
    summary: Annotated[Path | None, typer.Option(
        "--summary", metavar="FILE",
        help="Append a Markdown summary to FILE (e.g. \"$GITHUB_STEP_SUMMARY\").")] = None,
    fast: Annotated[bool, typer.Option("--fast", help="Lexical evidence only.")] = False,
    progress: ProgressOption = None,
    snapshots: SnapshotsOption = None,
    offline: OfflineOption = False,
    timeout: TimeoutOption = "30",
) -> None:
    """CI check: does a new article copy or rewrite one the collection holds?

    The new articles are checked against the index and against each other (the
    second of two near-copies is named as copying the first); a changed file at an
    indexed path is an update of it, never a copy. Every readable article is checked
    and printed; each one that cannot be read (a URL that cannot be fetched, named or
    in the --urls list, included) is named on stderr. A file that is no article
    (empty, under 8 words, data such as CSV, JSON or code) is skipped with a notice
    on stderr and never indexed. Exit codes, the first that applies: 4 no usable index (nothing
    is checked); 3 an article named could not be read; 1 an article derives from an
    indexed one at --fail-on or a stronger level (or, with --fail-on-divergence,
    contradicts an indexed fact on the same story); 0 every article passed. 2: usage
    error. Without --add the index is only read (the file is not changed).

    Examples:

      provcheck check new/article.txt --db provcheck.db

      provcheck check new/ --fail-on edited --format junit -o provcheck.xml

      provcheck check --urls links.txt --db provcheck.db

      provcheck check --files-from new.txt --format github --output-junit provcheck.xml
      --summary "$GITHUB_STEP_SUMMARY"
    """

    def go() -> None:
        # one query at a time: a second BLAS thread only adds overhead (docs/vector-backends.md)
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        from ..collection.config import resolve
        from ..collection.index import open_index
        from ..render.check_formats import render_check

        listed = path_list(files_from) if files_from is not None else []
        if not paths and urls is None and files_from is None:
            raise UsageError("give NEW articles to check, or --urls FILE, or --files-from "
                             "FILE")
        opts = resolve(db=db, fast=fast, fail_on=fail_on,
                       fail_on_divergence=fail_on_divergence, fail_on_reverse=fail_on_reverse)
        options = fetching(snapshots, offline, timeout)
        for target in (output_junit, output_json, summary):
            writable(target)
        with open_index(opts.db, create=False, readonly=not add) as index:
            result = _checked(index, opts, [*(paths or []), *listed], urls, options,
                              add=add, progress=progress, listed=files_from is not None)
        emit(render_check(result, fmt), output)
        for target, also in ((output_junit, "junit"), (output_json, "json")):
            if target is not None:
                emit(render_check(result, also), target)
        if summary is not None:
            emit(render_check(result, "md"), summary, append=True)
        for path, why in result.skipped:
            typer.echo(f"provcheck: notice: skipped {path}: {why}", err=True)
        for path, why in result.unreadable:
            typer.echo(f"provcheck: error: {path}: {why}", err=True)
        if result.exit_code:
            raise typer.Exit(result.exit_code)

    guarded(go)


def _checked(index: Index, opts: Config, paths: list[str], urls: str | None,
             options: FetchOptions, *, add: bool, progress: bool | None,
             listed: bool = False) -> CheckRun:
    """The new articles read and checked against ``index`` (added if they pass, with
    ``add``); exit 4 before any result if the index is damaged."""
    # the file is verified in a thread while the rest loads (docs/performance.md)
    sound = index.verify_in_background()
    from ..collection.check import check as run_check
    from ..collection.check import read_new

    empty: list[tuple[str, str]] = []
    with bars(progress) as bar:
        docs, unreadable = read_new(paths, urls=url_list(urls), fetching=options,
                                    on_skip=warn_skipped, progress=bar("fetching"),
                                    empty=empty)
    if not docs and not unreadable and not empty and not listed:
        raise UsageError("no article to check")
    embedder = _embedder() if add or not opts.fast else None
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
        skipped=empty,
    )
    sound()  # a damaged index decides nothing: exit 4 before any result
    return result


def _embedder() -> Embedder:
    from ..verdict.similarity import default_embedder

    return default_embedder()


def scan(
    db: DbOption = None,
    engine: Annotated[str, typer.Option(
        "--engine", metavar="[local|spark]", callback=choice("local", "spark"),
        help="local (default) or spark (pip install 'provcheck[spark]').")] = "local",
    workers: Annotated[str | None, typer.Option(
        "--workers", metavar="INTEGER", callback=lambda v: v and count("--workers", v),
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
        with bars(progress) as bar:
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

    guarded(go)
