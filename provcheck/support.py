"""Sentences of a copy that nothing in the source supports.

Every sentence of the copy is cut into
clauses (at commas, semicolons and "while", "but", "although", ...; fragments of
fewer than :data:`MIN_CLAUSE_WORDS` content words join their neighbour), and each
clause is scored against every source sentence: the share of its content words the
source sentence holds, averaged with their embedding cosine in semantic mode. A
clause below :data:`SUPPORT_THRESHOLD` is an unsupported claim; the sentence is
listed with those claims.

The threshold is calibrated on MSRP dev paraphrase pairs (label 1), where every
clause is supported by construction: it is the score that 95% of their clauses clear
(``benchmarks/facts_eval.py --calibrate``).
"""

from __future__ import annotations

import re

import numpy as np

from .align import SentenceLinks
from .models import Document, Side, Unsupported
from .similarity import Embedder, content_words, cosine_matrix

#: Clause support below this is an unsupported claim, per mode (MSRP dev, label 1:
#: the 5th percentile of clause support; benchmarks/facts_eval.py --calibrate).
SUPPORT_THRESHOLD = {"semantic": 0.34, "fast": 0.25}
#: A clause needs this many content words to carry a claim of its own.
MIN_CLAUSE_WORDS = 3

_CLAUSE_BREAK = re.compile(
    r"\s*[,;:]\s+|\s+(?=(?:while|whereas|although|though|but|however)\b)", re.I
)


def clauses(sentence: str) -> list[str]:
    """Cut a sentence into clauses that each carry at least a few content words."""
    parts = [p for p in _CLAUSE_BREAK.split(sentence) if p and p.strip()]
    out: list[str] = []
    pending = ""
    for part in parts:
        pending = f"{pending} {part}".strip() if pending else part.strip()
        if len(content_words(pending)) >= MIN_CLAUSE_WORDS:
            out.append(pending)
            pending = ""
    if pending:
        if out and len(content_words(pending)) < MIN_CLAUSE_WORDS:
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


def find_unsupported(
    copy: Document,
    links: SentenceLinks,
    embedder: Embedder | None,
    *,
    copy_side: Side = "b",
) -> tuple[Unsupported, ...]:
    """Sentences of ``copy`` (side ``copy_side`` of ``links``) with unsupported claims."""
    mine, theirs = (links.b, links.a) if copy_side == "b" else (links.a, links.b)
    mode = "fast" if embedder is None else "semantic"
    threshold = SUPPORT_THRESHOLD[mode]
    source_sentences = [s.text for s in theirs]
    candidates = list(enumerate(mine))
    pieces = [(k, c) for k, s in candidates for c in clauses(s.text)]
    vectors = links.vectors_a if copy_side == "b" else links.vectors_b
    scores = clause_support([c for _, c in pieces], source_sentences, embedder, vectors)
    out: list[Unsupported] = []
    for k, s in candidates:
        weak = [
            (c, float(sc))
            for (kk, c), sc in zip(pieces, scores, strict=True)
            if kk == k and sc < threshold and len(content_words(c)) >= MIN_CLAUSE_WORDS
        ]
        if weak:
            out.append(
                Unsupported(
                    side=copy_side,
                    paragraph=copy.paragraphs[s.para].id,
                    sentence=s.text,
                    claims=tuple(c for c, _ in weak),
                    support=max(sc for _, sc in weak),
                )
            )
    return tuple(out)
