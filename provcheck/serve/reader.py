"""A server thread's read-only handle on the index, which reads what describes the whole
index once per change of the file, not once per request: a ``COUNT(*)`` of 100,000
documents takes about 10 ms, and every check asks for the count (its JSON's
``index_size``)."""

from __future__ import annotations

from pathlib import Path

from ..collection.index import Index, open_index
from ..collection.store import guarded
from ..collection.vectors import read_once


class ReadIndex(Index):
    """An :class:`Index` opened read-only, its count kept until the file changes
    (:func:`provcheck.collection.vectors.read_once`)."""

    @guarded
    def count(self) -> int:
        return read_once(self, self.db, "count", super().count)


def open_reader(path: Path) -> ReadIndex:
    """The index at ``path``, read-only, refused as every command refuses it (no index
    there, a folder)."""
    if path.is_dir() or not path.exists():
        open_index(path, readonly=True)  # raises the command's own IndexStoreError
    return ReadIndex(path, readonly=True)
