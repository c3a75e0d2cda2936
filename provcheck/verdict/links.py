"""Sentence linking: the stage every later one reads.

Each document is split into sentences (with their content words); every sentence of
one side is scored against every sentence of the other (word overlap, plus embedding
cosine in semantic mode), and each sentence's best partner becomes a **link** when the
similarity clears ``calibration.link_threshold``: evidence of reuse. A weaker best
match (``calibration.weak_link_threshold``) sitting next to a strong link is kept as a
**weak** link: rewrites keep the source's order, so a merged or split sentence lands
beside its kin. Weak links join paragraphs in the aligner but are never evidence.

In semantic mode the model's coverage of each side is measured from the same
tokenization that embeds its sentences (the share of its words the model knows, see
:class:`provcheck.verdict.similarity.StaticEmbedder`). When either side is below
``calibration.min_model_coverage`` (Arabic, Hebrew, Cyrillic... against an English
vocabulary, every sentence maps to nearly one vector), this comparison is scored from
word overlap alone, as in fast mode, and the links say so (``lexical_fallback``):
the aligner and the classifier read :func:`scoring_embedder` and drop the model too.
The comparison's ``mode`` stays the one asked for (``semantic``); its reasons say the
model was set aside, and why.

:mod:`provcheck.verdict.align`, :mod:`provcheck.verdict.classify`, :mod:`provcheck.facts.quotes` and
:mod:`provcheck.facts.support` read the :class:`SentenceLinks` made here.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..language.text import sentences, words
from ..models import Document
from .settings import Settings
from .similarity import (
    Embedder,
    combine,
    content_words,
    cosine_matrix,
    coverage_share,
    encode_counted,
    overlap_matrices,
    pair_cosines,
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a document."""

    para: int
    """Index of its paragraph in the document."""
    text: str
    tokens: tuple[str, ...]
    """Its content words (all its words when it has no content word)."""


Link = tuple[int, int, float]

#: Above this many sentence pairs, pairs are found before they are scored (see
#: :func:`_sparse_scores`); at or below it every pair is scored. A resource bound,
#: not a tuned number: about 6 float32 matrices of this many cells, 24 MB.
DENSE_PAIRS = 1_000_000
#: Beyond the dense bound, the postings of the rarest words are walked until this
#: many (sentence, sentence) hits have been counted (8 bytes each: 40 MB); more
#: common words are left out of candidate finding (they still count in each
#: candidate's score).
CANDIDATE_HITS = 5_000_000
#: ... and each sentence keeps at most this many candidates (those sharing the most
#: rare words), from either side.
CANDIDATES_PER_SENTENCE = 100
#: Texts encoded per call when vectors are kept in float16 (a resource bound).
HALF_BATCH = 16_384


@dataclass(frozen=True)
class SentenceLinks:
    """Sentence-level evidence shared by the aligner, the classifier and the fact stages."""

    a: tuple[Sentence, ...]
    b: tuple[Sentence, ...]
    links: tuple[Link, ...]
    """(a sentence, b sentence, similarity) for every strong link: evidence of reuse."""
    weak: tuple[Link, ...] = ()
    """Weaker links beside strong ones: they join paragraphs but are not evidence."""
    vectors_a: np.ndarray | None = None
    """Sentence embeddings of a (semantic mode), for later stages to reuse."""
    vectors_b: np.ndarray | None = None
    coverage: tuple[float, float] | None = None
    """Share of a's and of b's words the semantic model knows; ``None`` when not
    measured (fast mode, an empty side, an embedder that cannot tell)."""
    lexical_fallback: bool = False
    """Semantic mode, but scored from word overlap alone: the model covers too little
    of a side (``coverage`` under ``calibration.min_model_coverage``)."""

    def flipped(self) -> SentenceLinks:
        """The same links seen from the other side (b's sentences first)."""

        def swap(items: tuple[Link, ...]) -> tuple[Link, ...]:
            return tuple(sorted((j, i, s) for i, j, s in items))

        coverage = None if self.coverage is None else (self.coverage[1], self.coverage[0])
        return SentenceLinks(
            self.b, self.a, swap(self.links), swap(self.weak), self.vectors_b, self.vectors_a,
            coverage, self.lexical_fallback,
        )


def scoring_embedder(settings: Settings, links: SentenceLinks) -> Embedder | None:
    """The model the stages after linking score this comparison with: the settings'
    one, or none in fast mode and where the model does not cover the text."""
    return None if links.lexical_fallback else settings.embedder


def split_sentences(doc: Document) -> tuple[Sentence, ...]:
    """The sentences of a document, paragraph by paragraph (once per Document)."""
    return doc.remember("sentences", lambda: _split_sentences(doc))


#: A document's sentence vectors are kept with it (``Document.memo``) up to this many
#: sentences; a longer one is encoded for each comparison, in half precision (memory).
MEMO_SENTENCES = 4_096


def sentence_vectors(doc: Document, embedder: Embedder) -> tuple[np.ndarray, np.ndarray | None]:
    """The vectors of ``doc``'s sentences (float32) and their (known words, words), once
    per Document and model: a text's vector does not depend on the texts encoded with it."""
    return doc.remember(("sentence_vectors", embedder.name), lambda: encode_counted(
        embedder, [x.text for x in split_sentences(doc)]))


def document_vector(doc: Document, embedder: Embedder) -> np.ndarray:
    """The vector of ``doc``'s whole body, once per Document and model."""
    vector: np.ndarray = doc.remember(("document_vector", embedder.name),
                                      lambda: embedder.encode([doc.body])[0])
    return vector


def _split_sentences(doc: Document) -> tuple[Sentence, ...]:
    out = []
    for i, p in enumerate(doc.paragraphs):
        for s in sentences(p.canon) or [p.canon]:
            # a sentence of function words only still needs tokens to be matched by;
            # interned: a long text repeats its words, each is held once
            tokens = tuple(sys.intern(w) for w in (content_words(s) or words(s)))
            out.append(Sentence(i, s, tokens))
    return tuple(out)


def _same_text(sa: tuple[Sentence, ...], sb: tuple[Sentence, ...]) -> dict[int, list[int]]:
    """For each a sentence, the b sentences with exactly its text."""
    by_text: dict[str, list[int]] = {}
    for j, y in enumerate(sb):
        by_text.setdefault(y.text, []).append(j)
    return {i: by_text[x.text] for i, x in enumerate(sa) if x.text in by_text}


def _dense_scores(
    sa: tuple[Sentence, ...],
    sb: tuple[Sentence, ...],
    vecs: np.ndarray | None,
    weight: float,
    twins: dict[int, list[int]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair scored: (pairs i, pairs j, similarity), pairs in row-major order."""
    dice, _, _ = overlap_matrices([s.tokens for s in sa], [s.tokens for s in sb])
    semantic = None
    if vecs is not None:
        semantic = cosine_matrix(vecs[: len(sa)], vecs[len(sa) :])
    sim = np.asarray(combine(dice, semantic, weight))
    ii, jj = np.indices(sim.shape)
    return ii.ravel(), jj.ravel(), sim.ravel()


def candidate_pairs(
    left: Sequence[frozenset[str]],
    right: Sequence[frozenset[str]],
    extra: Sequence[tuple[int, int]] = (),
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of texts worth scoring, found without looking at every pair.

    A pair is a candidate when its texts share a rare word: the postings of the
    rarest shared words are walked until :data:`CANDIDATE_HITS` (left, right) hits have
    been counted, and each text keeps the :data:`CANDIDATES_PER_SENTENCE` partners it
    shares most of those words with (on either side). ``extra`` pairs are always
    candidates. Returns ``(left indices, right indices)`` sorted by (left, right).
    """
    post_l: dict[str, list[int]] = {}
    post_r: dict[str, list[int]] = {}
    for i, toks in enumerate(left):
        for t in toks:
            post_l.setdefault(t, []).append(i)
    for j, toks in enumerate(right):
        for t in toks:
            post_r.setdefault(t, []).append(j)
    shared = sorted((len(post_l[t]) * len(post_r[t]), t) for t in post_l if t in post_r)
    width = max(1, len(right))
    hits: list[np.ndarray] = []  # (left * width + right) of each hit
    spent = 0
    for cost, t in shared:
        if spent + cost > CANDIDATE_HITS:
            break
        spent += cost
        il = np.asarray(post_l[t], dtype=np.int64) * width
        hits.append((il[:, None] + np.asarray(post_r[t], dtype=np.int64)[None, :]).ravel())
    del post_l, post_r
    if hits:
        pairs, counts = np.unique(np.concatenate(hits), return_counts=True)
        del hits
        pi, pj = pairs // width, pairs % width
        keep = np.zeros(len(pairs), dtype=bool)
        for side in (pi, pj):  # each text's best-sharing partners, either side
            order = np.lexsort((-counts, side))
            first = np.searchsorted(side[order], side[order], side="left")
            keep[order[(np.arange(len(order)) - first) < CANDIDATES_PER_SENTENCE]] = True
        found = pairs[keep]
    else:
        found = np.zeros(0, dtype=np.int64)
    if extra:
        more = np.asarray([i * width + j for i, j in extra], dtype=np.int64)
        found = np.union1d(found, more)
    return found // width, found % width


def _sparse_scores(
    sa: tuple[Sentence, ...],
    sb: tuple[Sentence, ...],
    vecs: np.ndarray | None,
    weight: float,
    twins: dict[int, list[int]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs first, then their scores: (pairs i, pairs j, similarity).

    Candidates share a rare content word (:func:`candidate_pairs`) or have the same
    text (``twins``: for each a sentence, the b sentences with its text). Work and
    memory grow with the number of candidates, never with ``len(a) * len(b)``. A
    pair that shares no word cannot reach the strong link threshold in either mode
    (its combined similarity is at most the semantic weight), so strong links are
    found as in the dense path; only a weak link between sentences with no rare word
    in common can be missed.
    """
    sets_a = [frozenset(s.tokens) for s in sa]
    sets_b = [frozenset(s.tokens) for s in sb]
    same = [(i, j) for i, js in twins.items() for j in js[:CANDIDATES_PER_SENTENCE]]
    pi, pj = candidate_pairs(sets_a, sets_b, same)
    inter = np.asarray([len(sets_a[i] & sets_b[j]) for i, j in zip(pi, pj, strict=True)],
                       dtype=np.float32)
    na = np.asarray([len(sets_a[i]) for i in pi], dtype=np.float32)
    nb = np.asarray([len(sets_b[j]) for j in pj], dtype=np.float32)
    with np.errstate(divide="ignore", invalid="ignore"):
        dice = np.nan_to_num(2 * inter / (na + nb))
    semantic = None
    if vecs is not None:
        va, vb = vecs[: len(sa)], vecs[len(sa) :]
        semantic = pair_cosines(va, vb, pi, pj)
    return pi, pj, np.asarray(combine(dice, semantic, weight))


def _encode_half(settings: Settings, texts: list[str]) -> tuple[np.ndarray, np.ndarray | None]:
    """Sentence vectors of a long input, kept in float16 (half the memory; a pair's
    cosine is still computed in float32 by :func:`provcheck.verdict.similarity.pair_cosines`),
    and each text's (known words, words) when the model can tell."""
    assert settings.embedder is not None
    out: np.ndarray | None = None
    counts: np.ndarray | None = np.zeros((len(texts), 2), dtype=np.int64)
    for start in range(0, len(texts), HALF_BATCH):
        block, counted = encode_counted(settings.embedder, texts[start : start + HALF_BATCH])
        if out is None:
            out = np.empty((len(texts), block.shape[1]), dtype=np.float16)
        out[start : start + len(block)] = block
        if counts is not None and counted is not None:
            counts[start : start + len(block)] = counted
        else:
            counts = None
    assert out is not None
    return out, counts


def _best(keys: np.ndarray, ranked: np.ndarray, others: np.ndarray) -> dict[int, int]:
    """For each key, the ``others`` of its highest ``ranked`` pair (the first on ties)."""
    order = np.lexsort((others, -ranked, keys))
    k = keys[order]
    first = np.ones(len(k), dtype=bool)
    first[1:] = k[1:] != k[:-1]
    return dict(zip(k[first].tolist(), others[order][first].tolist(), strict=True))


def link_sentences(a: Document, b: Document, settings: Settings) -> SentenceLinks:
    """Score sentence pairs and keep each sentence's best partner above threshold.

    Up to :data:`DENSE_PAIRS` pairs every pair is scored; beyond it candidate pairs
    are found first (:func:`_sparse_scores`), so long inputs cost near-linear time and
    bounded memory.
    """
    cal = settings.calibration
    sa, sb = split_sentences(a), split_sentences(b)
    vecs = None
    coverage: tuple[float, float] | None = None
    fallback = False
    dense = len(sa) * len(sb) <= DENSE_PAIRS
    if settings.embedder is not None and sa and sb:
        if max(len(sa), len(sb)) <= MEMO_SENTENCES:
            (va, ca), (vb, cb) = (sentence_vectors(a, settings.embedder),
                                  sentence_vectors(b, settings.embedder))
            vecs = np.concatenate([va, vb])
            if not dense:
                vecs = vecs.astype(np.float16)
            counts = None if ca is None or cb is None else np.concatenate([ca, cb])
        elif dense:
            vecs, counts = encode_counted(settings.embedder, [s.text for s in (*sa, *sb)])
        else:
            vecs, counts = _encode_half(settings, [s.text for s in (*sa, *sb)])
        if counts is not None:
            coverage = (coverage_share(counts[: len(sa)]), coverage_share(counts[len(sa) :]))
            if min(coverage) < cal.min_model_coverage:
                # the model maps this text to (nearly) one vector: word overlap alone
                vecs, fallback = None, True
    # an empty side has no semantic score: it is scored as fast mode is
    mode = settings.mode if vecs is not None else "fast"
    strong_t, weak_t = cal.link_threshold[mode], cal.weak_link_threshold[mode]
    links: dict[tuple[int, int], float] = {}
    weak: dict[tuple[int, int], float] = {}
    if sa and sb:
        twins = _same_text(sa, sb)
        scores = _dense_scores if dense else _sparse_scores
        pi, pj, sim = scores(sa, sb, vecs, cal.semantic_weight, twins)
        # ties (sentences whose words are the same set) go to the identical sentence
        same = np.zeros(len(pi), dtype=bool)
        if twins:
            twin_keys = {i * len(sb) + j for i, js in twins.items() for j in js}
            same = np.isin(pi * len(sb) + pj, np.fromiter(twin_keys, dtype=np.int64))
        ranked = sim + 1e-6 * same
        best_a = _best(pj, ranked, pi)  # for each b sentence, its best a sentence
        best_b = _best(pi, ranked, pj)
        candidates = sorted({(i, j) for j, i in best_a.items()} | set(best_b.items()))
        ci = np.asarray([i for i, _ in candidates], dtype=np.int64)
        cj = np.asarray([j for _, j in candidates], dtype=np.int64)
        # pairs come sorted by (i, j) from both scorers: find each candidate's score
        csim = sim[np.searchsorted(pi * len(sb) + pj, ci * len(sb) + cj)]
        is_strong = csim >= strong_t  # compared in the scores' own precision
        is_weak = csim >= weak_t
        for k, (i, j) in enumerate(candidates):
            if is_strong[k]:
                links[(i, j)] = float(csim[k])
        strong = {(sa[i].para, sb[j].para) for i, j in links}
        near = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
        for k, (i, j) in enumerate(candidates):
            if is_strong[k] or not is_weak[k]:
                continue
            pa, pb = sa[i].para, sb[j].para
            if any((pa + dx, pb + dy) in strong for dx, dy in near):
                weak[(i, j)] = float(csim[k])
    return SentenceLinks(
        sa,
        sb,
        tuple((i, j, s) for (i, j), s in sorted(links.items())),
        tuple((i, j, s) for (i, j), s in sorted(weak.items())),
        None if vecs is None else vecs[: len(sa)],
        None if vecs is None else vecs[len(sa) :],
        coverage,
        fallback,
    )
