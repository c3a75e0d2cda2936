"""Which kept facts moved: the sentence around a fact, how much of it a copy kept, and
kept facts that traded places (:func:`order_flips`)."""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Callable, Sequence

from ..language.text import sentences
from ..models import Document, Fact
from ..verdict.similarity import content_words


def sentence_overlap(
    doc_s: Document, s: Fact, doc_d: Document, d: Fact
) -> float:
    ws = set(content_words(sentence_at(doc_s.paragraph(s.paragraph).canon, s.span[0])))
    wd = set(content_words(sentence_at(doc_d.paragraph(d.paragraph).canon, d.span[0])))
    if not ws or not wd:
        return 0.0
    return 2 * len(ws & wd) / (len(ws) + len(wd))


@functools.lru_cache(maxsize=4096)
def _sentence_spans(canon: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, sentence) of a paragraph's sentences, split once per paragraph."""
    out = []
    start = 0
    for sent in sentences(canon):
        found = canon.find(sent, start)
        out.append((found, found + len(sent), sent))
        start = max(start, found + len(sent)) if found >= 0 else start
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def _sentence_starts(canon: str) -> list[int] | None:
    """The starts of :func:`_sentence_spans`, or None where they do not ascend (a
    sentence not found again in the paragraph)."""
    starts = [found for found, _, _ in _sentence_spans(canon)]
    return starts if all(x <= y for x, y in itertools.pairwise(starts)) and (
        not starts or starts[0] >= 0) else None


def _span_at(canon: str, pos: int) -> tuple[int, int, str] | None:
    """The first (start, end, sentence) of ``canon`` holding character ``pos``, found by
    bisection where the starts ascend (a paragraph of many sentences is not walked once
    per fact)."""
    spans = _sentence_spans(canon)
    starts = _sentence_starts(canon)
    if starts is None:
        return next((sp for sp in spans if sp[0] <= pos < sp[1]), None)
    k = bisect.bisect_right(starts, pos) - 1
    # sentences may share a start (an empty one): the first of them that holds pos
    while k > 0 and starts[k - 1] == starts[k]:
        k -= 1
    for sp in spans[max(k, 0):]:
        if sp[0] > pos:
            break
        if sp[0] <= pos < sp[1]:
            return sp
    return None


def sentence_start(canon: str, pos: int) -> int:
    """Where the sentence of ``canon`` holding character ``pos`` starts (-1: none)."""
    span = _span_at(canon, pos)
    return span[0] if span is not None else -1


def sentence_at(canon: str, pos: int) -> str:
    """The sentence of ``canon`` holding character ``pos`` (the paragraph when none does)."""
    span = _span_at(canon, pos)
    return span[2] if span is not None else canon


def order_flips(pairs: Sequence[tuple[Fact, Fact]], close: Callable[[Fact, Fact], bool],
                 sentences_of: Callable[[Fact, Fact], tuple[int, int, bool]] | None = None,
                 ) -> list[tuple[Fact, Fact]]:
    """Kept pairs that traded places with another kept pair of the same kind.

    "born in Gloucester ... died in Boston" against "born in Boston ... died in
    Gloucester": both names are kept, but their order flips; "announced in 1998 and
    published in 2001" against "published in 1998 and announced in 2001": the order
    holds, but the words before them swapped. Only pairs
    inside sentences that kept their words count. Whole sentences that only changed
    places ("A. B." against "B. A.") move no fact to another role: two facts in two
    sentences on each side whose sentences came over with all their content words
    (``sentences_of``: where a kept pair's sentences start, source and copy, and
    whether the copy's holds the source's content words, no more, no less) are no flip.
    Of two facts whose order flips, one whose rank among the paragraph's kept facts of
    its kind is the same on both sides is not moved (two facts that trade places across
    a third do not move the third). (Requiring an exact
    exchange of ranks, so that a clause moved with its facts is not a flip, was
    measured on PAWS dev: label-1 clean +2 points, label-0 caught -6.5 points; not
    kept.)
    """
    flips: list[tuple[Fact, Fact]] = []
    usable = [(s, d) for s, d in pairs if close(s, d)]
    where = {(id(s), id(d)): sentences_of(s, d) if sentences_of is not None else None
             for s, d in usable}
    shifted = _shifted(usable)
    for (s1, d1), (s2, d2) in itertools.combinations(usable, 2):
        if s1.kind != s2.kind or s1.paragraph != s2.paragraph or d1.paragraph != d2.paragraph:
            continue
        w1, w2 = where[id(s1), id(d1)], where[id(s2), id(d2)]
        if (w1 is not None and w2 is not None and w1[0] != w2[0] and w1[1] != w2[1]
                and w1[2] and w2[2]):
            continue  # two whole sentences that changed places
        if s1.value == s2.value or d1 is d2 or d1.span == d2.span:
            continue
        left = 0  # context slot 0: the nearest content word on the left
        swapped_anchors = (
            s1.context[left] != d1.context[left]
            and s1.context[left] == d2.context[left] != ""
            and s2.context[left] == d1.context[left] != ""
        )
        if swapped_anchors:
            found = [(s1, d1), (s2, d2)]
        elif (s1.span < s2.span) != (d1.span < d2.span):
            found = [pair for pair in ((s1, d1), (s2, d2)) if shifted[id(pair[0]), id(pair[1])]]
        else:
            found = []
        for pair in found:
            if pair not in flips:
                flips.append(pair)
    return flips


def _shifted(pairs: Sequence[tuple[Fact, Fact]]) -> dict[tuple[int, int], bool]:
    """For each pair (by the ids of its facts): whether its rank among the pairs of its
    kind and paragraphs differs between the two sides, in text order."""
    groups: dict[tuple[str, str, str], list[tuple[Fact, Fact]]] = {}
    for s, d in pairs:
        groups.setdefault((s.kind, s.paragraph, d.paragraph), []).append((s, d))
    out: dict[tuple[int, int], bool] = {}
    for members in groups.values():
        by_source = sorted(members, key=lambda p: p[0].span)
        by_copy = sorted(members, key=lambda p: p[1].span)
        rank = {(id(s), id(d)): k for k, (s, d) in enumerate(by_copy)}
        for k, (s, d) in enumerate(by_source):
            out[id(s), id(d)] = rank[id(s), id(d)] != k
    return out
