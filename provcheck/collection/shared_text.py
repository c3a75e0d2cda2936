"""``check``'s candidates by shared text: the scan's 3-gram rule asked of the index.

A scan sees the whole collection and counts every word 3-gram it shares
(:func:`provcheck.collection.candidates.text_partners`); ``check`` sees one new article
and an index, so the index stores each document's word 3-grams (``grams``, one in
``gram_mod`` kept by key: :func:`provcheck.collection.documents.text_grams`) and
:func:`shared_text_in_index` asks them with the same rule. An article that takes a
sentence or two from each of several texts shares too few sampled 5-gram shingles
with any one of them to be the index's candidate; it shares 3-grams.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..calibration import Calibration
from ..models import Document
from .documents import gram_hits, gram_sizes, text_grams
from .store import store_error

if TYPE_CHECKING:
    from .index import Index

__all__ = ["has_grams", "shared_text_in_index"]


def has_grams(index: Index) -> bool:
    """Whether the index has its ``grams`` table (not one from before it)."""
    index.trust()
    try:
        return index.db.execute("SELECT 1 FROM sqlite_master WHERE type='table' "
                                "AND name='grams'").fetchone() is not None
    except sqlite3.DatabaseError as exc:
        raise store_error(index.path, exc) from None


def shared_text_in_index(index: Index, doc: Document, cal: Calibration,
                         exclude: Iterable[int] = ()) -> list[int]:
    """Indexed documents sharing word 3-grams with ``doc`` by the scan's rule, asked of
    the stored 3-grams (one in ``gram_mod``, the same ones in every document, so a
    share keeps its scale): ``gram_min_shared`` kept 3-grams held by at most
    ``max_df`` documents, making ``text_min_share`` or more of the shorter side's
    kept 3-grams; the ``text_partners`` sharing the most, the most first. An index
    from before the ``grams`` table gives none (its first writer fills the table)."""
    if not has_grams(index):
        return []
    keys = text_grams(doc, index.calibration)  # cut as the index cut its documents
    try:
        hits = gram_hits(index.db, keys, cal.max_df, set(exclude))
        near = sorted(d for d, n in hits.items() if n >= cal.gram_min_shared)
        sizes = gram_sizes(index.db, near)
    except sqlite3.DatabaseError as exc:
        raise store_error(index.path, exc) from None
    scored = [(hits[d] / max(1, min(len(keys), sizes.get(d, 0))), d) for d in near]
    kept = sorted(((s, d) for s, d in scored if s >= cal.text_min_share),
                  key=lambda t: (-t[0], t[1]))
    return [d for _, d in kept[: cal.text_partners]]
