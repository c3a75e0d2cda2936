"""Candidate pairs from shared text: every word 3-gram of a collection, held in memory.

The index's own search (:meth:`provcheck.collection.index.Index.candidates`) keeps one
word 5-gram in ``shingle_mod`` and asks for ``min_shared`` of them: an article that
takes a few sentences from each of several wire takes (METER: 13 takes of one story
is common) shares too few sampled 5-grams with any one take, and the pair is never
compared. A scan sees the whole collection at once, so it can afford every word
3-gram, the unit the reuse measures count (:func:`provcheck.verdict.evidence.own_containments`):
two documents are partners when they share ``text_min_shared`` 3-grams held by at
most ``max_df`` documents, and those make ``text_min_share`` or more of the shorter
side's 3-grams. Each document keeps its ``text_partners`` partners sharing the most
(the budget per document). What is found here goes through the reuse pre-filter
like any other candidate, so a pair that shares little costs the pre-filter's
look-ups, never a full comparison.

Memory is bounded: past ``max_rows`` (3-gram, document) rows, one 3-gram in ``k`` is
kept, the same ones in every document (by key). The work is a sort of those rows
and, per 3-gram held by two to ``max_df`` documents, its document pairs, counted
with numpy: no Python loop per 3-gram.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..calibration import Calibration
from ..language.identify import UNDETERMINED
from ..language.text import words
from ..models import Document
from ..verdict.crosslingual import document_language, translation_partners
from .store import document_languages, store_error
from .vectors import read_once

if TYPE_CHECKING:
    from ..verdict.settings import Settings
    from .index import Index

__all__ = ["TextGrams", "gram_keys", "indexed_languages", "text_partners",
           "translated_in_index"]


def gram_keys(doc: Document, n: int = 3) -> np.ndarray:
    """The distinct word n-grams of the document's body, as 64-bit keys (stable within
    a process: they are only compared with keys made by the same process)."""
    ws = words(doc.body)
    if len(ws) < n:
        return np.unique(np.asarray([hash(" ".join(ws))] if ws else [], dtype=np.int64))
    keys = [hash(" ".join(ws[i : i + n])) for i in range(len(ws) - n + 1)]
    return np.unique(np.asarray(keys, dtype=np.int64))


@dataclass(frozen=True)
class TextGrams:
    """Each document's distinct 3-gram keys, by document id."""

    keys: Mapping[int, np.ndarray]

    @classmethod
    def of(cls, docs: Iterable[tuple[int, Document]]) -> TextGrams:
        return cls({doc_id: gram_keys(doc) for doc_id, doc in docs})


def _pair_counts(ids: np.ndarray, grams: np.ndarray, max_df: int
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first, second, shared): each pair of row positions sharing a 3-gram held by two
    to ``max_df`` documents, and how many such 3-grams they share."""
    order = np.argsort(grams, kind="stable")
    g, d = grams[order], ids[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    sizes = np.diff(np.r_[starts, len(g)])
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    for size in range(2, max_df + 1):
        at = starts[sizes == size]
        if not len(at):
            continue
        block = d[at[:, None] + np.arange(size)[None, :]]
        i, j = np.triu_indices(size, 1)
        firsts.append(block[:, i].ravel())
        seconds.append(block[:, j].ravel())
    if not firsts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    x, y = np.concatenate(firsts), np.concatenate(seconds)
    lo, hi = np.minimum(x, y), np.maximum(x, y)
    span = int(hi.max()) + 1
    pairs, shared = np.unique(lo.astype(np.int64) * span + hi, return_counts=True)
    return pairs // span, pairs % span, shared


def text_partners(grams: TextGrams, cal: Calibration, *, max_rows: int = 20_000_000
                  ) -> dict[int, list[int]]:
    """Each document's partners by shared 3-grams (see the module notes), the most
    shared first; documents with none are left out.

    ``max_rows`` bounds memory, it is not a tuned number: past that many (3-gram,
    document) rows (12 bytes each, a few copies while sorting) one 3-gram in ``k`` is
    kept (by key), ``k`` the least that fits, and shares are counted on what is kept."""
    doc_ids = list(grams.keys)
    if len(doc_ids) < 2:
        return {}
    keys = [grams.keys[i] for i in doc_ids]
    total = sum(len(k) for k in keys)
    if total > max_rows:  # one 3-gram in `every`, the same ones in every document
        every = -(-total // max_rows)
        keys = [k[k % every == 0] for k in keys]
    sizes = np.asarray([len(k) for k in keys], dtype=np.int64)
    rows = np.repeat(np.arange(len(doc_ids), dtype=np.int64), sizes)
    allg = np.concatenate(keys) if sizes.sum() else np.zeros(0, dtype=np.int64)
    x, y, shared = _pair_counts(rows, allg, cal.max_df)
    if not len(x):
        return {}
    shorter = np.minimum(sizes[x], sizes[y]).clip(min=1)
    share = shared / shorter
    keep = (shared >= cal.text_min_shared) & (share >= cal.text_min_share)
    x, y, share = x[keep], y[keep], share[keep]
    found: dict[int, list[tuple[float, int]]] = {}
    for a, b, s in zip(x.tolist(), y.tolist(), share.tolist(), strict=True):
        found.setdefault(doc_ids[a], []).append((s, doc_ids[b]))
        found.setdefault(doc_ids[b], []).append((s, doc_ids[a]))
    budget = cal.text_partners
    return {d: [o for _, o in sorted(ps, key=lambda t: (-t[0], t[1]))[:budget]]
            for d, ps in found.items()}


#: Per open index, the documents :func:`translated_in_index` loaded (their paragraph
#: vectors stay with them, ``Document.memo``), so that a check of many articles encodes
#: each indexed one once.
_POOLS: weakref.WeakKeyDictionary[Index, dict[int, Document]] = weakref.WeakKeyDictionary()


def indexed_languages(index: Index) -> dict[int, str | None]:
    """Each indexed document's language as stored (``None``: indexed before languages
    were identified), without loading the documents: read once per open index, and
    again only after a change (a check of many articles, or a server's many checks,
    reads the documents' JSON once)."""
    index.trust()
    try:
        return read_once(index, index.db, "languages", lambda: document_languages(index.db))
    except sqlite3.DatabaseError as exc:
        raise store_error(index.path, exc) from None


def _by_language(stored: dict[int, str | None]) -> dict[str, list[int]]:
    """The documents of each stored language (those stored without one left out)."""
    out: dict[str, list[int]] = {}
    for i, lang in stored.items():
        if lang is not None:
            out.setdefault(lang, []).append(i)
    return out


def translated_in_index(index: Index, doc: Document, settings: Settings,
                        exclude: Iterable[int] = ()) -> list[int]:
    """Indexed documents in another language than ``doc`` that may translate it or be
    its source (:func:`provcheck.verdict.crosslingual.translation_partners`). Nothing
    is loaded, the multilingual model least of all, when ``doc``'s language is the
    only one the index holds (or in fast mode, which does not look across languages)."""
    if settings.fast:
        return []
    mine = document_language(doc)
    if mine == UNDETERMINED:
        return []
    stored = indexed_languages(index)
    # grouped once per change of the index (a pass over 100,000 languages takes 10 ms);
    # a document indexed before languages were identified (None) is not known to be in
    # another language: it is not loaded and encoded on every check
    by_language = read_once(index, index.db, "by language", lambda: _by_language(stored))
    skip = set(exclude)
    others = sorted(i for lang, ids in by_language.items()
                    if lang not in (mine, UNDETERMINED) for i in ids if i not in skip)
    if not others:
        return []
    pool = _POOLS.setdefault(index, {})
    for i in others:
        if i not in pool:
            pool[i] = index.load(i)
    found = translation_partners({-1: doc}, {i: pool[i] for i in others},
                                 settings.calibration)
    return found.get(-1, [])
