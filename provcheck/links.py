"""Sentence linking: the stage every later one reads.

Each document is split into sentences (with their content words); every sentence of
one side is scored against every sentence of the other (word overlap, plus embedding
cosine in semantic mode), and each sentence's best partner becomes a **link** when the
similarity clears ``calibration.link_threshold``: evidence of reuse. A weaker best
match (``calibration.weak_link_threshold``) sitting next to a strong link is kept as a
**weak** link: rewrites keep the source's order, so a merged or split sentence lands
beside its kin. Weak links join paragraphs in the aligner but are never evidence.

:mod:`provcheck.align`, :mod:`provcheck.classify`, :mod:`provcheck.quotes` and
:mod:`provcheck.support` read the :class:`SentenceLinks` made here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .calibration import Settings
from .models import Document
from .similarity import combine, content_words, cosine_matrix, overlap_matrices
from .text import sentences, words


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document."""

    para: int
    """Index of its paragraph in the document."""
    text: str
    tokens: tuple[str, ...]
    """Its content words (all its words when it has no content word)."""


Link = tuple[int, int, float]


@dataclass(frozen=True)
class SentenceLinks:
    """Sentence-level evidence shared by the aligner, the classifier and the fact stages."""

    a: tuple[Sentence, ...]
    b: tuple[Sentence, ...]
    sim: np.ndarray
    """Combined similarity, a-sentences by b-sentences."""
    lexical: np.ndarray
    semantic: np.ndarray | None
    links: tuple[Link, ...]
    """(a sentence, b sentence, similarity) for every strong link: evidence of reuse."""
    weak: tuple[Link, ...] = ()
    """Weaker links beside strong ones: they join paragraphs but are not evidence."""
    vectors_a: np.ndarray | None = None
    """Sentence embeddings of a (semantic mode), for later stages to reuse."""
    vectors_b: np.ndarray | None = None

    def flipped(self) -> SentenceLinks:
        """The same links seen from the other side (b's sentences first)."""

        def swap(items: tuple[Link, ...]) -> tuple[Link, ...]:
            return tuple(sorted((j, i, s) for i, j, s in items))

        return SentenceLinks(
            self.b,
            self.a,
            self.sim.T,
            self.lexical.T,
            None if self.semantic is None else self.semantic.T,
            swap(self.links),
            swap(self.weak),
            self.vectors_b,
            self.vectors_a,
        )


def split_sentences(doc: Document) -> tuple[Sentence, ...]:
    """The sentences of a document, paragraph by paragraph."""
    out = []
    for i, p in enumerate(doc.paragraphs):
        for s in sentences(p.canon) or [p.canon]:
            # a sentence of function words only still needs tokens to be matched by
            out.append(Sentence(i, s, tuple(content_words(s) or words(s))))
    return tuple(out)


def link_sentences(a: Document, b: Document, settings: Settings) -> SentenceLinks:
    """Score every sentence pair and keep each sentence's best partner above threshold."""
    cal = settings.calibration
    sa, sb = split_sentences(a), split_sentences(b)
    dice, _, _ = overlap_matrices([s.tokens for s in sa], [s.tokens for s in sb])
    semantic = None
    vecs = None
    if settings.embedder is not None and sa and sb:
        vecs = settings.embedder.encode([s.text for s in sa] + [s.text for s in sb])
        semantic = cosine_matrix(vecs[: len(sa)], vecs[len(sa) :])
    sim = np.asarray(combine(dice, semantic, cal.semantic_weight))
    # an empty side has no semantic matrix: it is scored as fast mode is
    mode = settings.mode if semantic is not None else "fast"
    strong_t, weak_t = cal.link_threshold[mode], cal.weak_link_threshold[mode]
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
