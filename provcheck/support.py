"""Sentences of a copy that nothing in the source supports.

Every sentence of the copy is cut into
clauses (at commas, semicolons and "while", "but", "although", ...; fragments of
fewer than ``calibration.min_clause_words`` content words join their neighbour), and each
clause is scored against every source sentence: the share of its content words the
source sentence holds, averaged with their embedding cosine in semantic mode. A
clause below ``calibration.support_threshold`` is an unsupported claim; the sentence is
listed with those claims.

The threshold is calibrated on MSRP dev paraphrase pairs (label 1), where every
clause is supported by construction: it is the score that 95% of their clauses clear
(``benchmarks/facts_eval.py --calibrate``).
"""

from __future__ import annotations

import re

import numpy as np

from .calibration import CALIBRATION, Settings
from .models import Unsupported
from .orient import Oriented
from .similarity import Embedder, content_words, cosine_matrix

_CLAUSE_BREAK = re.compile(
    r"\s*[,;:]\s+|\s+(?=(?:while|whereas|although|though|but|however)\b)", re.I
)


def clauses(sentence: str, min_words: int = CALIBRATION.min_clause_words) -> list[str]:
    """Cut a sentence into clauses that each carry at least a few content words."""
    parts = [p for p in _CLAUSE_BREAK.split(sentence) if p and p.strip()]
    out: list[str] = []
    pending = ""
    for part in parts:
        pending = f"{pending} {part}".strip() if pending else part.strip()
        if len(content_words(pending)) >= min_words:
            out.append(pending)
            pending = ""
    if pending:
        if out and len(content_words(pending)) < min_words:
            out[-1] = f"{out[-1]} {pending}"
        else:
            out.append(pending)
    return out


def clause_support(
    claims: list[str],
    source_sentences: list[str],
    embedder: Embedder | None,
    source_vectors: np.ndarray | None = None,
) -> np.ndarray:
    """Best support of each clause by any source sentence, in [0, 1].

    ``source_vectors`` are the source sentences' embeddings when already computed.
    """
    if not claims or not source_sentences:
        return np.zeros(len(claims))
    cw = [set(content_words(c)) for c in claims]
    sw = [set(content_words(s)) for s in source_sentences]
    contain = np.array(
        [[len(c & s) / len(c) if c else 0.0 for s in sw] for c in cw], dtype=np.float32
    )
    if embedder is None:
        return np.asarray(contain.max(axis=1))
    if source_vectors is None:
        source_vectors = embedder.encode(source_sentences)
    sem = np.clip(cosine_matrix(embedder.encode(claims), source_vectors), 0.0, 1.0)
    return np.asarray((0.5 * contain + 0.5 * sem).max(axis=1))


def find_unsupported(view: Oriented, settings: Settings) -> tuple[Unsupported, ...]:
    """Sentences of the view's copy with claims no source sentence supports.

    Only a copy that derives from its source is read (between independent texts
    every sentence is "unsupported"). Answers with the copy's paragraphs; the side is
    set when the pipeline turns results back to a/b.
    """
    if not view.derived:
        return ()
    links, copy = view.links, view.copy
    min_words = settings.calibration.min_clause_words
    threshold = settings.calibration.support_threshold[settings.mode]
    source_sentences = [s.text for s in links.a]
    candidates = list(enumerate(links.b))
    pieces = [(k, c) for k, s in candidates for c in clauses(s.text, min_words)]
    scores = clause_support(
        [c for _, c in pieces], source_sentences, settings.embedder, links.vectors_a
    )
    out: list[Unsupported] = []
    for k, s in candidates:
        weak = [
            (c, float(sc))
            for (kk, c), sc in zip(pieces, scores, strict=True)
            if kk == k and sc < threshold and len(content_words(c)) >= min_words
        ]
        if weak:
            out.append(
                Unsupported(
                    side="b",
                    paragraph=copy.paragraphs[s.para].id,
                    sentence=s.text,
                    claims=tuple(c for c, _ in weak),
                    support=max(sc for _, sc in weak),
                )
            )
    return tuple(out)
