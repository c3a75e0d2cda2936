"""Reuse evidence beyond sentence links: what a learned decision reads.

Two reporters at one hearing quote the same words; a copy shares the reporter's own
sentences. So the word n-grams here are counted *outside quotation marks* on the side
whose reuse is measured, and long shared runs (``run_n`` words and more) are told apart
from the short ones that stock phrases and names make.

Direction evidence reads linked sentence pairs: an editor shortens wire sentences and
seldom adds words inside them, so the copy's sentence is mostly contained in the
source's and not the other way round.

Every measure here is linear in the texts (integer n-gram keys, sorted arrays).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..language.text import iter_words, quote_spans
from ..models import MEMO_WORDS, Document
from .links import SentenceLinks


def segments(doc: Document, *, quoted: bool) -> Iterator[tuple[str, bool]]:
    """The document's text in runs, each with whether it is inside quotation marks.

    With ``quoted=False`` the quoted runs are left out. Paragraphs are separate runs,
    so no n-gram spans two paragraphs.
    """
    for p in doc.paragraphs:
        text = p.canon
        pos = 0
        for s, e in quote_spans(text):
            if s > pos:
                yield text[pos:s], False
            if quoted:
                yield text[s:e], True
            pos = e
        if pos < len(text):
            yield text[pos:], False


class _Vocab:
    """Word -> integer id, shared by both sides of one comparison."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def encode(self, text: str) -> np.ndarray:
        ids = self.ids
        return np.fromiter((ids.setdefault(w, len(ids)) for w in iter_words(text)), np.int64)


def _keys(runs: list[np.ndarray], n: int, base: int) -> tuple[np.ndarray, np.ndarray]:
    """The n-gram keys of each run, concatenated, and each key's run-local start offset
    into the concatenation of the runs' tokens."""
    keys, starts = [], []
    offset = 0
    for ids in runs:
        m = len(ids) - n + 1
        if m > 0:
            key = np.zeros(m, dtype=np.int64)
            for k in range(n):
                key = key * base + ids[k : k + m]
            keys.append(key)
            starts.append(np.arange(offset, offset + m))
        offset += len(ids)
    if not keys:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(keys), np.concatenate(starts)


def _longest_streak(starts: np.ndarray) -> int:
    """The most consecutive integers in sorted ``starts``."""
    if not len(starts):
        return 0
    breaks = np.flatnonzero(np.diff(starts) != 1)
    edges = np.concatenate(([-1], breaks, [len(starts) - 1]))
    return int(np.diff(edges).max())


@dataclass(frozen=True)
class Reuse:
    """How much of one side's own (unquoted) text the other side holds."""

    words: int
    """Words outside quotations."""
    all_words: int
    """Words in all."""
    quoted_share: float
    """Share of all its words inside quotation marks."""
    containment: float
    """Share of its unquoted word 3-grams found anywhere in the other text."""
    run_share: float
    """Share of its unquoted words inside shared runs of ``run_n`` words or more."""
    longest_run: int
    """Words in its longest unquoted run found in the other text (0: none of n words)."""


@dataclass(frozen=True)
class _Grams:
    """One document's n-grams, as :func:`reuse` reads them."""

    own: tuple[tuple[str, ...], ...]
    """Its unquoted n-grams, run by run, in order (a run is a paragraph's stretch
    outside quotation marks; no n-gram spans two runs)."""
    starts: tuple[int, ...]
    """Each unquoted n-gram's start in the concatenation of the unquoted runs' words."""
    every: frozenset[tuple[str, ...]]
    """Every n-gram of every run, quoted or not: what the other side is looked up in."""
    unique: frozenset[tuple[str, ...]]
    """The distinct unquoted n-grams (what containment counts)."""


@dataclass(frozen=True)
class _Runs:
    words: int
    quoted: int
    short: _Grams
    long: _Grams


def _grams(runs: list[tuple[list[str], bool]], n: int) -> _Grams:
    own: list[tuple[str, ...]] = []
    starts: list[int] = []
    every: set[tuple[str, ...]] = set()
    offset = 0
    for tokens, inside in runs:
        grams = [tuple(tokens[k : k + n]) for k in range(len(tokens) - n + 1)]
        every.update(grams)
        if not inside:
            own += grams
            starts += range(offset, offset + len(grams))
            offset += len(tokens)
    return _Grams(tuple(own), tuple(starts), frozenset(every), frozenset(own))


def _runs(doc: Document, n: int, run_n: int) -> _Runs | None:
    """``doc``'s runs measured once and kept with it; None for a long document."""

    def make() -> _Runs | None:
        if len(doc.body) > 12 * MEMO_WORDS:
            return None
        runs = [(list(iter_words(text)), inside) for text, inside in
                segments(doc, quoted=True)]
        total = sum(len(t) for t, _ in runs)
        if total > MEMO_WORDS:
            return None
        quoted = sum(len(t) for t, inside in runs if inside)
        return _Runs(total - quoted, quoted, _grams(runs, n), _grams(runs, run_n))

    return doc.remember(("reuse_runs", n, run_n), make)


def _longest_consecutive(starts: list[int]) -> int:
    best = run = 0
    prev = None
    for s in starts:
        run = run + 1 if prev is not None and s == prev + 1 else 1
        best = max(best, run)
        prev = s
    return best


def _containment(me: _Runs, other: _Runs) -> float:
    unique, theirs = me.short.unique, other.short.every
    return sum(1 for g in unique if g in theirs) / len(unique) if unique else 0.0


def _reuse_of(me: _Runs, other: _Runs, n: int, run_n: int) -> Reuse:
    total = me.words
    all_words = total + me.quoted
    quoted_share = me.quoted / all_words if all_words else 0.0
    theirs = other.short.every
    cont = _containment(me, other)
    hits = [s for g, s in zip(me.short.own, me.short.starts, strict=True) if g in theirs]
    longest = _longest_consecutive(hits)
    longest = longest + n - 1 if longest else 0
    covered = 0
    if me.long.own and total:
        long_theirs = other.long.every
        mark = [False] * total
        for g, s in zip(me.long.own, me.long.starts, strict=True):
            if g in long_theirs:
                mark[s : s + run_n] = [True] * run_n
        covered = sum(mark[:total])
    return Reuse(total, all_words, quoted_share, cont, covered / total if total else 0.0,
                 longest)


def own_containments(x: Document, y: Document, *, n: int = 3
                     ) -> tuple[tuple[float, int], tuple[float, int]] | None:
    """:func:`reuse`'s ``containment`` and ``all_words`` of each side (x's unquoted
    n-grams found in y, and y's in x), from what the documents keep, at the cost of
    the look-ups alone; None when one is too long to keep."""
    rx, ry = _runs(x, n, 8), _runs(y, n, 8)
    if rx is None or ry is None:
        return None
    return ((_containment(rx, ry), rx.words + rx.quoted),
            (_containment(ry, rx), ry.words + ry.quoted))


def reuse(x: Document, y: Document, *, n: int = 3, run_n: int = 8) -> tuple[Reuse, Reuse]:
    """:class:`Reuse` of ``x`` in ``y`` and of ``y`` in ``x``."""
    rx, ry = _runs(x, n, run_n), _runs(y, n, run_n)
    if rx is not None and ry is not None:
        return _reuse_of(rx, ry, n, run_n), _reuse_of(ry, rx, n, run_n)
    return _reuse_arrays(x, y, n=n, run_n=run_n)


def _reuse_arrays(x: Document, y: Document, *, n: int, run_n: int) -> tuple[Reuse, Reuse]:
    """:func:`reuse` in integer arrays, for documents too long to keep their n-grams."""
    vocab = _Vocab()
    runs: dict[str, list[np.ndarray]] = {}
    quoted_words: dict[str, int] = {}
    for name, doc in (("x", x), ("y", y)):
        own, q = [], 0
        for text, inside in segments(doc, quoted=True):
            ids = vocab.encode(text)
            if inside:
                q += len(ids)
            own.append((ids, inside))
        runs[name] = [ids for ids, inside in own if not inside]
        runs[name + "_all"] = [ids for ids, _ in own]
        quoted_words[name] = q
    base = len(vocab.ids) + 1
    if base ** max(n, run_n) >= 2**62:
        # ids that would overflow: hash the keys instead (collisions are negligible)
        base = 1_000_003
    out = []
    for me, other in (("x", "y"), ("y", "x")):
        mine = runs[me]
        total = sum(len(r) for r in mine)
        all_words = total + quoted_words[me]
        quoted_share = quoted_words[me] / all_words if all_words else 0.0
        theirs_short = _keys(runs[other + "_all"], n, base)[0]
        short_keys, short_starts = _keys(mine, n, base)
        my_short = np.unique(short_keys)
        cont = (float(np.isin(my_short, theirs_short).mean()) if len(my_short) else 0.0)
        longest = _longest_streak(short_starts[np.isin(short_keys, theirs_short)])
        longest = longest + n - 1 if longest else 0
        theirs_long = _keys(runs[other + "_all"], run_n, base)[0]
        my_long, starts = _keys(mine, run_n, base)
        covered = 0
        if len(my_long) and total:
            hit = starts[np.isin(my_long, theirs_long)]
            mark = np.zeros(total + 1, dtype=np.int64)
            np.add.at(mark, hit, 1)
            np.add.at(mark, hit + run_n, -1)
            covered = int((np.cumsum(mark)[:total] > 0).sum())
        out.append(Reuse(total, all_words, quoted_share, cont, covered / total if total else 0.0,
                         longest))
    return out[0], out[1]


@dataclass(frozen=True)
class Trim:
    """Inside linked sentence pairs: how much of each side's words the other keeps."""

    kept_a: float
    """Share of a's words (in linked sentences) present in its linked b sentence."""
    kept_b: float
    """Share of b's words present in its linked a sentence."""
    pairs: int


def trim(links: SentenceLinks) -> Trim:
    """Who shortened whom: a copy editor cuts words from wire sentences and adds few,
    so the source keeps less of its words in the copy (``kept``) than the copy keeps of
    its own in the source."""
    kept_a = kept_b = 0.0
    size_a = size_b = 0
    for i, j, _ in links.links:
        ta, tb = links.a[i].tokens, links.b[j].tokens
        sa, sb = set(ta), set(tb)
        kept_a += sum(1 for t in ta if t in sb)
        kept_b += sum(1 for t in tb if t in sa)
        size_a += len(ta)
        size_b += len(tb)
    return Trim(kept_a / size_a if size_a else 0.0, kept_b / size_b if size_b else 0.0,
                len(links.links))
