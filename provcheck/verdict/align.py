"""(Document, Document, sentence links) -> paragraph alignments, scores and word diffs.

Paragraphs are aligned through their sentences, linked by :mod:`provcheck.verdict.links`
(every sentence of one side to its most similar sentence on the other side when the
similarity clears a threshold); two paragraphs are joined when their linked
sentences cover enough of the shorter one; each connected group of joined
paragraphs is one alignment. Merged and split paragraphs (one-to-many,
many-to-one), reordering, insertions and deletions all fall out of that graph.
"""

from __future__ import annotations

import time

import numpy as np

from ..language.text import canonical
from ..models import Alignment, AlignmentKind, Document
from .links import SentenceLinks, scoring_embedder
from .settings import Settings
from .similarity import combine, content_words, overlap_matrices
from .worddiff import kept_ratio, word_diff

#: Seconds all the word diffs of one comparison may take together (a resource bound:
#: past it each diff gets a hundredth of a second and comes out coarser).
DIFF_SECONDS = 5.0


def _components(edges: set[tuple[int, int]]) -> list[tuple[list[int], list[int]]]:
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in edges:
        parent[find(("a", i))] = find(("b", j))
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for node in list(parent):
        side, idx = node
        g = groups.setdefault(find(node), ([], []))
        (g[0] if side == "a" else g[1]).append(idx)
    return [(sorted(x), sorted(y)) for x, y in groups.values()]


def _kind(text_a: str, text_b: str, kept: float, edited_kept: float) -> AlignmentKind:
    if text_a == text_b:
        return "identical"
    return "edited" if kept >= edited_kept else "paraphrase"


def align(
    a: Document, b: Document, links: SentenceLinks, settings: Settings
) -> tuple[tuple[Alignment, ...], tuple[str, ...], tuple[str, ...]]:
    """Align the paragraphs of ``a`` and ``b`` from their sentence links.

    Returns ``(alignments, unmatched a ids, unmatched b ids)``.
    """
    cal = settings.calibration
    # words of paragraph pairs covered by linked sentences
    cover: dict[tuple[int, int], float] = {}
    for i, j, _ in links.links + links.weak:
        sa, sb = links.a[i], links.b[j]
        key = (sa.para, sb.para)
        cover[key] = cover.get(key, 0.0) + min(len(sa.tokens), len(sb.tokens))
    size_a = [0] * len(a.paragraphs)
    size_b = [0] * len(b.paragraphs)
    for s in links.a:
        size_a[s.para] += len(s.tokens)
    for s in links.b:
        size_b[s.para] += len(s.tokens)
    edges = {
        (pa, pb)
        for (pa, pb), words_ in cover.items()
        if words_ >= cal.paragraph_cover * max(1, min(size_a[pa], size_b[pb]))
    }
    groups = sorted(_components(edges), key=lambda g: (min(g[1]), min(g[0])))
    texts_a = [" ".join(a.paragraphs[i].canon for i in ga) for ga, _ in groups]
    texts_b = [" ".join(b.paragraphs[j].canon for j in gb) for _, gb in groups]
    # each group's own word overlap (never the groups-by-groups matrix)
    lexical = np.asarray(
        [overlap_matrices([content_words(x)], [content_words(y)])[0][0, 0]
         for x, y in zip(texts_a, texts_b, strict=True)],
        dtype=np.float32,
    )
    semantic: np.ndarray | None = None
    # no semantic score where the model does not cover the text (links.lexical_fallback)
    embedder = scoring_embedder(settings, links)
    if embedder is not None and groups:
        va, vb = embedder.encode(texts_a), embedder.encode(texts_b)
        semantic = np.clip((va * vb).sum(axis=1), 0.0, 1.0)
    alignments = []
    deadline = time.monotonic() + DIFF_SECONDS
    for k, (ga, gb) in enumerate(groups):
        disp_a = " ".join(a.paragraphs[i].text for i in ga)
        disp_b = " ".join(b.paragraphs[j].text for j in gb)
        # each diff may take a second; all of them together DIFF_SECONDS, after which
        # the rest come out coarser (diff-match-patch's own time-out), never wrong
        left = deadline - time.monotonic()
        pieces = word_diff(disp_a, disp_b, timeout=min(1.0, max(0.01, left)))
        kept = kept_ratio(pieces)
        lex = float(lexical[k])
        sem = None if semantic is None else float(semantic[k])
        sim = float(combine(lex, sem, cal.semantic_weight))
        kind = _kind(canonical(texts_a[k]), canonical(texts_b[k]), kept, cal.edited_kept)
        if kind == "identical":
            sim = 1.0
        alignments.append(
            Alignment(
                a=tuple(a.paragraphs[i].id for i in ga),
                b=tuple(b.paragraphs[j].id for j in gb),
                kind=kind,
                similarity=min(1.0, max(0.0, sim)),
                lexical=lex,
                semantic=sem,
                diff=pieces,
            )
        )
    used_a = {i for ga, _ in groups for i in ga}
    used_b = {j for _, gb in groups for j in gb}
    unmatched_a = tuple(p.id for i, p in enumerate(a.paragraphs) if i not in used_a)
    unmatched_b = tuple(p.id for j, p in enumerate(b.paragraphs) if j not in used_b)
    return tuple(alignments), unmatched_a, unmatched_b
