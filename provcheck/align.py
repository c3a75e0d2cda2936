"""(Document, Document) -> paragraph alignments, with scores and word diffs.

Paragraphs are aligned through their sentences: every sentence of one side is linked
to its most similar sentence on the other side when the similarity clears a
threshold; two paragraphs are joined when their linked sentences cover enough of
the shorter one; each connected group of joined paragraphs is one alignment. Merged
and split paragraphs (one-to-many, many-to-one), reordering, insertions and
deletions all fall out of that graph.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .models import Alignment, AlignmentKind, Document
from .similarity import (
    Embedder,
    combine,
    content_words,
    cosine_matrix,
    overlap_matrices,
)
from .text import canonical, sentences, words
from .worddiff import kept_ratio, word_diff

#: Minimum similarity for two sentences to be linked as evidence of reuse, per mode
#: (calibrated on ../shared/eval/dev: benchmarks/tune_thresholds.py).
LINK_THRESHOLD = {"semantic": 0.65, "fast": 0.5}
#: A weaker best match joins paragraphs (never counts as evidence) when it sits next
#: to a strong link: rewrites keep the source's order, so a merged or split sentence
#: lands beside its kin.
WEAK_LINK_THRESHOLD = {"semantic": 0.45, "fast": 0.35}
#: Linked sentences must cover this share of the shorter paragraph's words to join them.
PARAGRAPH_COVER = 0.3
#: An alignment whose word diff keeps this share of words is ``edited``, else ``paraphrase``.
EDITED_KEPT = 0.6


@dataclass(frozen=True)
class Sentence:
    para: int
    text: str
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class SentenceLinks:
    """Sentence-level evidence shared by the aligner and the classifier."""

    a: tuple[Sentence, ...]
    b: tuple[Sentence, ...]
    sim: np.ndarray
    """Combined similarity, a-sentences by b-sentences."""
    lexical: np.ndarray
    semantic: np.ndarray | None
    links: tuple[tuple[int, int, float], ...]
    """(a sentence, b sentence, similarity) for every strong link: evidence of reuse."""
    weak: tuple[tuple[int, int, float], ...] = ()
    """Weaker links beside strong ones: they join paragraphs but are not evidence."""
    vectors_a: np.ndarray | None = None
    """Sentence embeddings of a (semantic mode), for later stages to reuse."""
    vectors_b: np.ndarray | None = None


def split_sentences(doc: Document) -> tuple[Sentence, ...]:
    out = []
    for i, p in enumerate(doc.paragraphs):
        for s in sentences(p.canon) or [p.canon]:
            # a sentence of function words only still needs tokens to be matched by
            out.append(Sentence(i, s, tuple(content_words(s) or words(s))))
    return tuple(out)


def link_sentences(a: Document, b: Document, embedder: Embedder | None) -> SentenceLinks:
    """Score every sentence pair and keep each sentence's best partner above threshold."""
    sa, sb = split_sentences(a), split_sentences(b)
    dice, _, _ = overlap_matrices([s.tokens for s in sa], [s.tokens for s in sb])
    semantic = None
    vecs = None
    if embedder is not None and sa and sb:
        vecs = embedder.encode([s.text for s in sa] + [s.text for s in sb])
        semantic = cosine_matrix(vecs[: len(sa)], vecs[len(sa) :])
    sim = np.asarray(combine(dice, semantic))
    mode = "fast" if semantic is None else "semantic"
    strong_t, weak_t = LINK_THRESHOLD[mode], WEAK_LINK_THRESHOLD[mode]
    links: dict[tuple[int, int], float] = {}
    weak: dict[tuple[int, int], float] = {}
    if sim.size:
        # ties (sentences whose words are the same set) go to the identical sentence
        same = np.array([[x.text == y.text for y in sb] for x in sa], dtype=np.float64)
        ranked = sim + 1e-6 * same
        best_a = ranked.argmax(axis=0)  # for each b sentence, its best a sentence
        best_b = ranked.argmax(axis=1)
        candidates = {(int(best_a[j]), j) for j in range(sim.shape[1])}
        candidates |= {(i, int(best_b[i])) for i in range(sim.shape[0])}
        for i, j in candidates:
            if sim[i, j] >= strong_t:
                links[(i, j)] = float(sim[i, j])
        strong = {(sa[i].para, sb[j].para) for i, j in links}
        for i, j in sorted(candidates):
            if (i, j) in links or sim[i, j] < weak_t:
                continue
            pa, pb = sa[i].para, sb[j].para
            if any(abs(pa - x) <= 1 and abs(pb - y) <= 1 for x, y in strong):
                weak[(i, j)] = float(sim[i, j])
    return SentenceLinks(
        sa,
        sb,
        sim,
        dice,
        semantic,
        tuple((i, j, s) for (i, j), s in sorted(links.items())),
        tuple((i, j, s) for (i, j), s in sorted(weak.items())),
        None if vecs is None else vecs[: len(sa)],
        None if vecs is None else vecs[len(sa) :],
    )


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


def _kind(text_a: str, text_b: str, kept: float) -> AlignmentKind:
    if text_a == text_b:
        return "identical"
    return "edited" if kept >= EDITED_KEPT else "paraphrase"


def align(
    a: Document, b: Document, embedder: Embedder | None, links: SentenceLinks | None = None
) -> tuple[tuple[Alignment, ...], tuple[str, ...], tuple[str, ...], SentenceLinks]:
    """Align the paragraphs of ``a`` and ``b``.

    Returns ``(alignments, unmatched a ids, unmatched b ids, sentence links)``.
    """
    links = links or link_sentences(a, b, embedder)
    # words of paragraph pairs covered by linked sentences
    cover: dict[tuple[int, int], float] = {}
    for i, j, _ in links.links + links.weak:
        sa, sb = links.a[i], links.b[j]
        key = (sa.para, sb.para)
        cover[key] = cover.get(key, 0.0) + min(len(sa.tokens), len(sb.tokens))
    size_a = [sum(len(s.tokens) for s in links.a if s.para == k) for k in range(len(a.paragraphs))]
    size_b = [sum(len(s.tokens) for s in links.b if s.para == k) for k in range(len(b.paragraphs))]
    edges = {
        (pa, pb)
        for (pa, pb), words_ in cover.items()
        if words_ >= PARAGRAPH_COVER * max(1, min(size_a[pa], size_b[pb]))
    }
    groups = sorted(_components(edges), key=lambda g: (min(g[1]), min(g[0])))
    texts_a = [" ".join(a.paragraphs[i].canon for i in ga) for ga, _ in groups]
    texts_b = [" ".join(b.paragraphs[j].canon for j in gb) for _, gb in groups]
    lex_m, _, _ = overlap_matrices(
        [content_words(t) for t in texts_a], [content_words(t) for t in texts_b]
    )
    lexical = np.diag(lex_m) if groups else np.zeros(0)
    semantic: np.ndarray | None = None
    if embedder is not None and groups:
        va, vb = embedder.encode(texts_a), embedder.encode(texts_b)
        semantic = np.clip((va * vb).sum(axis=1), 0.0, 1.0)
    alignments = []
    for k, (ga, gb) in enumerate(groups):
        disp_a = " ".join(a.paragraphs[i].text for i in ga)
        disp_b = " ".join(b.paragraphs[j].text for j in gb)
        pieces = word_diff(disp_a, disp_b)
        kept = kept_ratio(pieces)
        lex = float(lexical[k])
        sem = None if semantic is None else float(semantic[k])
        sim = float(combine(lex, sem))
        kind = _kind(canonical(texts_a[k]), canonical(texts_b[k]), kept)
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
    return tuple(alignments), unmatched_a, unmatched_b, links
