"""compare(): the one place where the stages are wired together."""

from __future__ import annotations

from pathlib import Path

from .align import align
from .classify import classify
from .models import Comparison, Document
from .normalize import normalize
from .similarity import Embedder, default_embedder

Input = str | bytes | Path | Document


def _document(x: Input, label: str | None) -> Document:
    if isinstance(x, Document):
        return x
    return normalize(x, label=label)


def compare(
    a: Input,
    b: Input,
    *,
    fast: bool = False,
    embedder: Embedder | None = None,
) -> Comparison:
    """Compare two articles.

    ``a`` and ``b`` are article content (``str`` of text or HTML, or ``bytes``), a
    ``pathlib.Path`` to read, or an already normalised ``Document``. ``fast`` skips the
    semantic model and decides from word overlap alone.
    """
    doc_a = _document(a, None)
    doc_b = _document(b, None)
    model = None if fast else (embedder or default_embedder())
    alignments, unmatched_a, unmatched_b, links = align(doc_a, doc_b, model)
    verdict = classify(doc_a, doc_b, alignments, links, model)
    return Comparison(
        a=doc_a,
        b=doc_b,
        alignments=alignments,
        unmatched_a=unmatched_a,
        unmatched_b=unmatched_b,
        verdict=verdict,
        mode="fast" if fast else "semantic",
    )
