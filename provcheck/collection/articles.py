"""A collection of articles: find the files, read them, and learn its boilerplate.

Folders are walked in sorted order (hidden files and folders skipped, symlinks to
folders not followed). A document's id is its path as given on the command line or
as found under a folder. Lines that recur word for word across several articles of
the same outlet (a comment policy, a newsletter box) are that outlet's furniture:
:func:`strip_outlet_boilerplate` removes them before any comparison, so they never
count as reuse.

:class:`Articles` reads what a command was given under the one skip policy of every
command (``report``, ``index add``, ``check``): a file named on the command line
that cannot be read is an error (exit 3); a file found inside a folder that cannot be
read is skipped, with a warning. An http(s) URL is accepted wherever a file is (fetched
by :mod:`provcheck.ingest.fetch`; its document id is the URL, credentials stripped), and a list
of URLs (:func:`read_url_list`, ``--urls FILE``) is read like a folder: the URLs are
fetched a few at a time (:data:`provcheck.ingest.fetch.FETCH_WORKERS`) and one that cannot be
fetched is skipped with a warning while the rest go on. A URL named on the command line
that cannot be fetched is an error, as a named file is.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..calibration import CALIBRATION, Calibration
from ..errors import EmptyInputError, InputError, MissingInputError
from ..ingest.boilerplate import remove_outlet_furniture
from ..ingest.normalize import normalize
from ..models import Document, Paragraph

if TYPE_CHECKING:
    from ..ingest.fetch import FetchOptions
    from .records import Progress


def _is_url(arg: str) -> bool:
    if "://" not in arg:
        return False
    from ..ingest.fetch import is_url

    return is_url(arg)


def read_list(source: str, what: str = "URL list") -> list[str]:
    """The lines of a list file (``-``: stdin), one item a line (``what`` names the list
    in errors: ``URL list``, ``list of files``); blank lines and lines starting with
    ``#`` are ignored. A list that cannot be read is an InputError (exit 3)."""
    try:
        text = (sys.stdin.read() if source == "-"
                else Path(source).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise MissingInputError(f"{source}: no such {what}") from None
    except IsADirectoryError:
        raise MissingInputError(f"{source}: a folder, not a {what}") from None
    except UnicodeDecodeError:
        raise InputError(f"{source}: a {what} must be UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot read the {what} ({exc.strerror})") from None
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def read_url_list(source: str) -> list[str]:
    """The URLs in a list file (:func:`read_list`)."""
    return read_list(source, "URL list")


def find_files(paths: Sequence[str]) -> list[str]:
    """Files named, and files under folders named, in a stable order, without repeats."""
    out: list[str] = []
    seen: set[str] = set()
    for arg in paths:
        p = Path(arg)
        if _is_url(arg):
            candidates = [arg]
        elif p.is_dir():
            found: list[str] = []
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [os.path.join(root, f) for f in files if not f.startswith(".")]
            candidates = sorted(found)
        elif p.exists() or p.is_symlink():
            candidates = [arg]
        else:
            raise MissingInputError(f"{arg}: no such file or folder")
        for c in candidates:
            key = c if _is_url(c) else os.path.realpath(c)
            if key not in seen:
                seen.add(key)
                out.append(c)
    return out


class Articles:
    """The articles a command was given (files, URLs, folders to walk, and a list of
    URLs), read under the skip policy.

    A file or URL named in ``paths`` that cannot be read raises its
    :class:`InputError`; a file found inside a folder, or a URL of ``urls`` (a list
    file's), that cannot be read is skipped: listed in :attr:`skipped` as ``(path,
    reason)`` and handed to ``on_skip`` (the CLI prints a warning). A name that does
    not exist raises :class:`MissingInputError` at once. URLs are fetched all together,
    a few at a time, on the first call of :meth:`fetch` or :meth:`documents`.
    """

    def __init__(
        self,
        paths: Sequence[str],
        *,
        urls: Sequence[str] = (),
        on_skip: Callable[[str, InputError], None] | None = None,
        fetching: FetchOptions | None = None,
        skip_empty: bool = False,
    ) -> None:
        self.files = find_files(paths)
        #: an empty file (no article text) is skipped even when named, not an error
        self.skip_empty = skip_empty
        self.fetching = fetching
        listed = [u for u in dict.fromkeys(urls) if u not in set(self.files)]
        self.files += listed
        self.urls = [f for f in self.files if _is_url(f)] + [u for u in listed if not _is_url(u)]
        self.named = {p for p in paths if not Path(p).is_dir()}
        self.on_skip = on_skip
        self.skipped: list[tuple[str, str]] = []
        self._fetched: dict[str, Document | InputError] | None = None

    def fetch(self, progress: Progress | None = None) -> None:
        """Fetch every URL (once; :func:`provcheck.ingest.fetch.fetch_documents`)."""
        if self._fetched is None:
            from ..ingest.fetch import fetch_documents

            pages = (fetch_documents(self.urls, options=self.fetching, progress=progress)
                     if self.urls else [])
            self._fetched = dict(zip(self.urls, pages, strict=True))

    def documents(self, progress: Progress | None = None) -> Iterator[Document]:
        """Each readable article, normalised, in the order of :attr:`files`."""
        self.fetch()
        fetched = self._fetched or {}
        for k, f in enumerate(self.files):
            try:
                got = fetched.get(f)
                if isinstance(got, InputError):
                    raise got
                doc = got if got is not None else normalize(Path(f), label=f)
            except InputError as exc:
                if f in self.named and not (self.skip_empty
                                            and isinstance(exc, EmptyInputError)):
                    raise
                shown = f
                if f in fetched:
                    from ..ingest.fetch import redact

                    shown = redact(f)
                self.skipped.append((shown, str(exc)))
                if self.on_skip is not None:
                    self.on_skip(shown, exc)
            else:
                yield doc
            if progress:
                progress(k + 1, len(self.files))

    def read(self, progress: Progress | None = None) -> list[Document]:
        """Every readable article, normalised."""
        return list(self.documents(progress))


def load(
    paths: Sequence[str],
    *,
    on_error: Callable[[str, InputError], None] | None = None,
    progress: Progress | None = None,
) -> list[Document]:
    """Normalise every file; unreadable ones go to ``on_error`` (or raise without it).

    Commands read through :class:`Articles` instead, which applies the skip policy.
    """
    files = find_files(paths)
    docs: list[Document] = []
    for k, f in enumerate(files):
        try:
            docs.append(normalize(Path(f), label=f))
        except InputError as exc:
            if on_error is None:
                raise
            on_error(f, exc)
        if progress:
            progress(k + 1, len(files))
    return docs


def strip_outlet_boilerplate(
    docs: Iterable[Document], calibration: Calibration = CALIBRATION
) -> list[Document]:
    """Remove paragraphs that recur across articles of the same outlet.

    A paragraph in ``outlet_repeats`` or more articles of one outlet is its furniture,
    removed by :func:`provcheck.ingest.boilerplate.remove_outlet_furniture` (which keeps an
    article whole when more than ``max_furniture_share`` of it would go).
    """
    docs = list(docs)
    counts: Counter[tuple[str, str]] = Counter()
    for d in docs:
        if d.outlet:
            for canon in {p.canon for p in d.paragraphs}:
                counts[(d.outlet.lower(), canon)] += 1
    out = []
    for d in docs:
        if not d.outlet:
            out.append(d)
            continue
        outlet = d.outlet.lower()

        def repeated(p: Paragraph, outlet: str = outlet) -> bool:
            return counts[(outlet, p.canon)] >= calibration.outlet_repeats

        n = max((counts[(outlet, p.canon)] for p in d.paragraphs if repeated(p)), default=0)
        out.append(remove_outlet_furniture(
            d, repeated, f"recurs in {n} articles of {d.outlet} in this collection",
            calibration.max_furniture_share,
        ))
    return out


# ---------------------------------------------------------------- not an article

_CODE_LINE = re.compile(
    r"""^\s*(?:(?:def|class|import|from|return|if|elif|else|for|while|try|except|with|
    function|var|let|const|public|private|static|package|\#include|\#!|using|namespace|
    fn|pub|use|mod|impl|struct|enum|interface|type|func|SELECT|INSERT|CREATE)\b
    |[{}\[\])]|//|/\*|\*/|\#\s|\#\#|<\?|[\w.]+\s*(?:=|:=|\+=|->|=>)\s*\S)
    |[;{}(\[:]\s*$""", re.VERBOSE)


def raw_text(doc: Document) -> str | None:
    """The decoded text of a local file's document (what its paragraph offsets count
    in), or ``None`` (a URL, stdin, a file no longer readable)."""
    from ..ingest.decode import decode
    from ..ingest.normalize import read_bytes

    path = doc.path or ""
    if not path or path == "-" or _is_url(path):
        return None
    try:
        data, _ = read_bytes(path)
        text = decode(data, path)[0]
    except (InputError, OSError):
        return None
    # the file the document was read from, not another one of that name since
    ends = [p.end for p in doc.paragraphs if p.end is not None]
    return text if not ends or max(ends) <= len(text) else None


def _data_kind(text: str, cal: Calibration) -> str | None:
    """``"JSON"``, a table or ``"code"`` when ``text`` is laid out as data rather than
    prose, else ``None`` (``data_lines``, ``data_share``, ``code_share``)."""
    import json

    stripped = text.strip()
    if stripped[:1] in "{[":
        try:
            json.loads(stripped)
            return "JSON"
        except ValueError:
            pass
    lines = [line.strip() for line in stripped.splitlines() if line.strip()]
    if len(lines) < cal.data_lines:
        return None
    most = cal.data_share * len(lines)
    if sum(line[:1] == "{" and line[-1:] == "}" for line in lines) >= most:
        return "JSON lines"
    for sep, name in ((",", "CSV"), ("\t", "TSV"), (";", "CSV"), ("|", "table")):
        n, hits = Counter(line.count(sep) for line in lines).most_common(1)[0]
        if n >= 1 and hits >= most and lines[0].count(sep) == n:
            fields = [f for line in lines for f in line.split(sep)]
            if sum(len(f.split()) <= 4 for f in fields) >= cal.data_share * len(fields):
                return f"a table ({name})"
    if len(lines) >= cal.data_lines + 2:
        code = sum(len(line) for line in lines if _CODE_LINE.search(line))
        if code >= cal.code_share * sum(len(line) for line in lines):
            return "code"
    return None


def not_an_article(doc: Document, calibration: Calibration = CALIBRATION,
                   text: str | None = None) -> str | None:
    """Why ``doc`` is not an article to judge or index, or ``None`` when it is one.

    Under the least evidence a derivation needs (``min_evidence_words``, counted as
    the verdict counts a text's words: :func:`provcheck.verdict.evidence.own_containments`;
    no comparison can call it derived, so neither does ``check``), or laid out as data
    (JSON, a CSV or TSV table, code: :func:`_data_kind`, read from ``text``, the file
    as decoded, else the body; an HTML page is prose). Empty files never get here
    (:class:`provcheck.errors.EmptyInputError`)."""
    from ..verdict.evidence import own_containments

    if doc.source_format != "html":
        body = text if text is not None else "\n".join(p.text for p in doc.paragraphs)
        kind = _data_kind(body, calibration)
        if kind:
            return f"data, not an article ({kind})"
    counted = own_containments(doc, doc)
    if counted is not None and counted[0][1] < calibration.min_evidence_words:
        return (f"too short to judge ({plural_words(counted[0][1])}; an article needs "
                f"{calibration.min_evidence_words} or more)")
    return None


def plural_words(n: int) -> str:
    return f"{n} word" if n == 1 else f"{n} words"
