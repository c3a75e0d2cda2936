"""A collection of articles: find the files, read them, and learn its boilerplate.

Folders are walked in sorted order (hidden files and folders skipped, symlinks to
folders not followed). A document's id is its path as given on the command line or
as found under a folder. Lines that recur word for word across several articles of
the same outlet (a comment policy, a newsletter box) are that outlet's furniture:
:func:`strip_outlet_boilerplate` removes them before any comparison, so they never
count as reuse.
"""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .errors import InputError, MissingInputError
from .models import Boilerplate, Document
from .normalize import normalize

#: A paragraph found in at least this many articles of one outlet is its furniture.
OUTLET_REPEATS = 2
#: ... unless removing it would take more than this share of an article (then the
#: articles are copies of each other, not furniture).
MAX_FURNITURE_SHARE = 0.5


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


def load(
    paths: Sequence[str],
    *,
    on_error: Callable[[str, InputError], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Document]:
    """Normalise every file; unreadable ones go to ``on_error`` (or raise without it)."""
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


def strip_outlet_boilerplate(docs: Iterable[Document]) -> list[Document]:
    """Remove paragraphs that recur across articles of the same outlet."""
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
        repeated = [p for p in d.paragraphs if counts[(outlet, p.canon)] >= OUTLET_REPEATS]
        if not repeated or len(repeated) > MAX_FURNITURE_SHARE * len(d.paragraphs):
            out.append(d)
            continue
        n = max(counts[(outlet, p.canon)] for p in repeated)
        reason = f"recurs in {n} articles of {d.outlet} in this collection"
        out.append(
            dataclasses.replace(
                d,
                paragraphs=tuple(p for p in d.paragraphs if p not in repeated),
                boilerplate=d.boilerplate + tuple(Boilerplate(p.text, reason) for p in repeated),
            )
        )
    return out
