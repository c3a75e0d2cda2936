"""Versions of an indexed document: a changed file at an indexed path (or a page at the
same canonical URL) is a new version of that document, never a copy of it.

The ``versions`` table (:mod:`provcheck.collection.store`) lists every version the
index was given, with its content hash and when it was added; the ``documents`` table
holds the latest. An index from before the table is read without it: each document is
then its own first version.
"""

from __future__ import annotations

import os
import sqlite3

from ..models import Document
from .rows import Held, Version

_HELD = "SELECT id, path, hash, title, date, outlet FROM documents"


def has_versions(db: sqlite3.Connection) -> bool:
    """Whether the index has its ``versions`` table (not one from before it)."""
    row = db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='versions'")
    return row.fetchone() is not None


def path_forms(path: str) -> list[str]:
    """The ways one file's path may have been stored: as given, normalised, with
    ``./`` and absolute (a URL only as it is)."""
    if not path or "://" in path:
        return [path] if path else []
    plain = os.path.normpath(path)
    return list(dict.fromkeys([path, plain, f"./{plain}", os.path.abspath(path)]))


def previous_version(db: sqlite3.Connection, doc: Document, content: str) -> Held | None:
    """The indexed document that ``doc`` (content hash ``content``) is a new version of:
    one held at the same path, or whose versions carry the same canonical URL, with
    other content. ``None`` when there is none."""
    forms = path_forms(doc.path or "")
    if forms:
        marks = ",".join("?" * len(forms))
        row = db.execute(f"{_HELD} WHERE path IN ({marks}) AND hash != ? ORDER BY id DESC",
                         (*forms, content)).fetchone()
        if row is not None:
            return Held(*row)
    if doc.url and has_versions(db):
        row = db.execute(
            f"{_HELD} WHERE path IN (SELECT path FROM versions WHERE url = ?) AND hash != ? "
            "ORDER BY id DESC", (doc.url, content)).fetchone()
        if row is not None:
            return Held(*row)
    return None


def version_of(db: sqlite3.Connection, content: str) -> Version | None:
    """The version of an indexed path whose content hash is ``content`` (the latest
    such), with how many versions that path (or its canonical URL) has; ``None`` when
    no version has it."""
    if not has_versions(db):
        return None
    row = db.execute("SELECT path, n, added, url FROM versions WHERE hash = ? "
                     "ORDER BY n DESC", (content,)).fetchone()
    if row is None:
        return None
    count = db.execute("SELECT MAX(n) FROM versions WHERE path = ? OR url = ?",
                       (row[0], row[3])).fetchone()[0]
    return Version(str(row[0]), int(row[1]), int(count), float(row[2]), content)


def versions(db: sqlite3.Connection, path: str) -> list[Version]:
    """Every version of ``path`` the index was given, first first."""
    if not has_versions(db):
        return []
    rows = db.execute("SELECT path, n, added, hash FROM versions WHERE path = ? ORDER BY n",
                      (path,)).fetchall()
    return [Version(str(p), int(n), len(rows), float(a), str(h)) for p, n, a, h in rows]
