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
read is skipped, with a warning.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from .boilerplate import remove_outlet_furniture
from .calibration import CALIBRATION, Calibration
from .errors import InputError, MissingInputError
from .models import Document, Paragraph
from .normalize import normalize

Progress = Callable[[int, int], None]


def find_files(paths: Sequence[str]) -> list[str]:
    """Files named, and files under folders named, in a stable order, without repeats."""
    out: list[str] = []
    seen: set[str] = set()
    for arg in paths:
        p = Path(arg)
        if p.is_dir():
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
            key = os.path.realpath(c)
            if key not in seen:
                seen.add(key)
                out.append(c)
    return out


class Articles:
    """The articles a command was given (files, and folders to walk), read under the
    skip policy.

    A file named in ``paths`` that cannot be read raises its :class:`InputError`; a
    file found inside a folder that cannot be read is skipped: listed in
    :attr:`skipped` as ``(path, reason)`` and handed to ``on_skip`` (the CLI prints a
    warning). A name that does not exist raises :class:`MissingInputError` at once.
    """

    def __init__(
        self,
        paths: Sequence[str],
        *,
        on_skip: Callable[[str, InputError], None] | None = None,
    ) -> None:
        self.files = find_files(paths)
        self.named = {p for p in paths if not Path(p).is_dir()}
        self.on_skip = on_skip
        self.skipped: list[tuple[str, str]] = []

    def documents(self, progress: Progress | None = None) -> Iterator[Document]:
        """Each readable article, normalised, in the order of :attr:`files`."""
        for k, f in enumerate(self.files):
            try:
                doc = normalize(Path(f), label=f)
            except InputError as exc:
                if f in self.named:
                    raise
                self.skipped.append((f, str(exc)))
                if self.on_skip is not None:
                    self.on_skip(f, exc)
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
    removed by :func:`provcheck.boilerplate.remove_outlet_furniture` (which keeps an
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
