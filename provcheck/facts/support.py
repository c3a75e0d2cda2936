"""Sentences of a copy that nothing in the source supports.

Every sentence of the copy is cut into
clauses (at commas, semicolons and "while", "but", "although", ...; fragments of
fewer than ``calibration.min_clause_words`` content words join their neighbour), and each
clause is scored against every source sentence: the share of its content words the
source sentence holds, averaged with their embedding cosine in semantic mode. A
clause below ``calibration.support_threshold`` is an unsupported claim; the sentence is
listed with those claims. A claim is the copy's own text, punctuation kept: neighbouring
unsupported clauses make one claim, and a sentence whose every clause is unsupported
is one claim, the sentence itself. Each claim carries its span in the paragraph's
canonical text, so that it can be quoted exactly.

The threshold is calibrated on MSRP dev paraphrase pairs (label 1), where every
clause is supported by construction: it is the score that 95% of their clauses clear
(``benchmarks/facts_eval.py --calibrate``).
"""

from __future__ import annotations

import re

import numpy as np

from ..models import Unsupported
from ..verdict.links import DENSE_PAIRS, candidate_pairs, scoring_embedder
from ..verdict.orient import Oriented
from ..verdict.settings import Settings
from ..verdict.similarity import (
    Embedder,
    content_words,
    cosine_matrix,
    overlap_matrices,
    pair_cosines,
)

_CLAUSE_BREAK = re.compile(
    r"\s*[,;:]\s+|\s+(?=(?:while|whereas|although|though|but|however)\b)", re.I
)


def clause_spans(
    sentence: str, min_words: int
) -> list[tuple[int, int]]:
    """``(start, end)`` in ``sentence`` of each clause: pieces cut at commas, semicolons,
    colons and "while", "but", ...; a piece of fewer than ``min_words`` content words
    joins its neighbour (the span then runs over the punctuation between them)."""
    pieces: list[tuple[int, int]] = []
    pos = 0
    for m in [*_CLAUSE_BREAK.finditer(sentence), None]:
        end = m.start() if m else len(sentence)
        if sentence[pos:end].strip():
            lead = len(sentence[pos:end]) - len(sentence[pos:end].lstrip())
            pieces.append((pos + lead, len(sentence[:end].rstrip())))
        if m:
            pos = m.end()
    out: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None
    for s, e in pieces:
        pending = (pending[0], e) if pending else (s, e)
        if len(content_words(sentence[pending[0] : pending[1]])) >= min_words:
            out.append(pending)
            pending = None
    if pending:
        if out and len(content_words(sentence[pending[0] : pending[1]])) < min_words:
            out[-1] = (out[-1][0], pending[1])
        else:
            out.append(pending)
    return out


def clauses(sentence: str, min_words: int) -> list[str]:
    """Cut a sentence into clauses that each carry at least a few content words; each
    clause is the sentence's own text (:func:`clause_spans`), punctuation kept."""
    return [sentence[s:e] for s, e in clause_spans(sentence, min_words)]


def _claim_spans(
    sentence: str, spans: list[tuple[int, int]], weak: list[int]
) -> list[tuple[int, int]]:
    """The spans of the weak clauses, neighbours merged into one span (only
    punctuation between them), the whole sentence when every clause is weak."""
    if len(weak) == len(spans):
        return [(0, len(sentence))]
    out: list[tuple[int, int]] = []
    last = -2
    for i in weak:
        if i == last + 1 and out:
            out[-1] = (out[-1][0], spans[i][1])
        else:
            out.append(spans[i])
        last = i
    return out


#: Beyond the dense bound, a clause is scored against every sentence of the source
#: paragraphs aligned with its own when they are at most this many (a resource bound).
GROUP_SENTENCES = 30


def clause_support(
    claims: list[str],
    source_sentences: list[str],
    embedder: Embedder | None,
    source_vectors: np.ndarray | None = None,
) -> np.ndarray:
    """Best support of each clause by any source sentence, in [0, 1].

    ``source_vectors`` are the source sentences' embeddings when already computed.
    Every pair is scored: the caller bounds ``len(claims) * len(source_sentences)``.
    """
    if not claims or not source_sentences:
        return np.zeros(len(claims))
    cw = [content_words(c) for c in claims]
    _, contain, _ = overlap_matrices(cw, [content_words(s) for s in source_sentences])
    contain = np.asarray(contain, dtype=np.float32)
    if embedder is None:
        return np.asarray(contain.max(axis=1))
    if source_vectors is None:
        source_vectors = embedder.encode(source_sentences)
    sem = np.clip(cosine_matrix(embedder.encode(claims), source_vectors), 0.0, 1.0)
    return np.asarray((0.5 * contain + 0.5 * sem).max(axis=1))


def _candidate_support(
    claims: list[str],
    owners: list[int],
    view: Oriented,
    embedder: Embedder | None,
) -> np.ndarray:
    """Best support of each clause among its candidate source sentences.

    For inputs too long to score every pair: a clause's candidates are the source
    sentences its own sentence is linked to, those of the source paragraphs aligned
    with its paragraph (when they hold at most :data:`GROUP_SENTENCES`), and those
    sharing a rare word with it (:func:`provcheck.verdict.links.candidate_pairs`).
    """
    links = view.links
    source = links.a
    by_para: dict[int, list[int]] = {}
    for i, s in enumerate(source):
        by_para.setdefault(s.para, []).append(i)
    order_s = {p.id: k for k, p in enumerate(view.source.paragraphs)}
    order_c = {p.id: k for k, p in enumerate(view.copy.paragraphs)}
    group_of: dict[int, list[int]] = {}
    for src_ids, copy_ids in view.groups:
        sents = [i for pid in src_ids for i in by_para.get(order_s[pid], [])]
        if len(sents) <= GROUP_SENTENCES:
            for pid in copy_ids:
                group_of[order_c[pid]] = sents
    partners: dict[int, set[int]] = {}
    for i, j, _ in links.links + links.weak:
        partners.setdefault(j, set()).add(i)
    extra = [(c, i) for c, k in enumerate(owners)
             for i in partners.get(k, set()) | set(group_of.get(links.b[k].para, ()))]
    cw = [frozenset(content_words(c)) for c in claims]
    sw = [frozenset(content_words(s.text)) for s in source]
    pc, ps = candidate_pairs(cw, sw, extra)
    contain = np.asarray(
        [len(cw[c] & sw[i]) / len(cw[c]) if cw[c] else 0.0 for c, i in zip(pc, ps, strict=True)],
        dtype=np.float32,
    )
    score: np.ndarray = contain
    if embedder is not None and links.vectors_a is not None and len(pc):
        vc = embedder.encode(claims)
        sem = pair_cosines(vc, links.vectors_a, pc, ps)
        score = 0.5 * contain + 0.5 * sem
    best = np.zeros(len(claims), dtype=score.dtype)
    np.maximum.at(best, pc, score)
    return best


def find_unsupported(view: Oriented, settings: Settings) -> tuple[Unsupported, ...]:
    """Sentences of the view's copy with claims no source sentence supports.

    Only a copy that derives from its source is read (between independent texts
    every sentence is "unsupported"). Answers with the copy's paragraphs; the side is
    set when the pipeline turns results back to a/b. Up to
    :data:`provcheck.verdict.links.DENSE_PAIRS` (clause, source sentence) pairs every pair is
    scored; beyond it, each clause's candidate sentences only.
    """
    if not view.derived:
        return ()
    links, copy = view.links, view.copy
    min_words = settings.calibration.min_clause_words
    embedder = scoring_embedder(settings, links)  # none where the model cannot read it
    threshold = settings.calibration.support_threshold["fast" if embedder is None else "semantic"]
    source_sentences = [s.text for s in links.a]
    owners: list[int] = []
    nth: list[int] = []  # the clause's index in its sentence
    claims: list[str] = []
    spans_of: dict[int, list[tuple[int, int]]] = {}
    # beside a partial reuse, the copy's own writing is not read as claims
    read = None if view.whole else {k for k, p in enumerate(copy.paragraphs)
                                    if p.id in view.aligned_copy}
    for k, s in enumerate(links.b):
        if read is not None and s.para not in read:
            continue
        spans_of[k] = clause_spans(s.text, min_words)
        for i, (a, b) in enumerate(spans_of[k]):
            owners.append(k)
            nth.append(i)
            claims.append(s.text[a:b])
    if len(claims) * len(source_sentences) <= DENSE_PAIRS:
        scores = clause_support(claims, source_sentences, embedder, links.vectors_a)
    else:
        scores = _candidate_support(claims, owners, view, embedder)
    weak_of: dict[int, list[tuple[int, float]]] = {}
    for k, i, c, sc in zip(owners, nth, claims, scores, strict=True):
        if sc < threshold and len(content_words(c)) >= min_words:
            weak_of.setdefault(k, []).append((i, float(sc)))
    out: list[Unsupported] = []
    offsets = _sentence_offsets(view)
    for k, weak in sorted(weak_of.items()):
        s = links.b[k]
        spans = _claim_spans(s.text, spans_of[k], [i for i, _ in weak])
        at = offsets.get(k)
        out.append(
            Unsupported(
                side="b",
                paragraph=copy.paragraphs[s.para].id,
                sentence=s.text,
                claims=tuple(s.text[a:b] for a, b in spans),
                support=max(sc for _, sc in weak),
                span=None if at is None else (at, at + len(s.text)),
                claim_spans=() if at is None else tuple((at + a, at + b) for a, b in spans),
            )
        )
    return tuple(out)


def _sentence_offsets(view: Oriented) -> dict[int, int]:
    """Where each sentence of the copy starts in its paragraph's canonical text."""
    out: dict[int, int] = {}
    cursor: dict[int, int] = {}
    for k, s in enumerate(view.links.b):
        canon = view.copy.paragraphs[s.para].canon
        pos = canon.find(s.text, cursor.get(s.para, 0))
        if pos >= 0:
            out[k] = pos
            cursor[s.para] = pos + len(s.text)
    return out
