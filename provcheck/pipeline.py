"""compare(): the one place where the stages are wired together."""

from __future__ import annotations

from pathlib import Path

from .align import align
from .classify import classify
from .factdiff import diff_facts
from .models import Comparison, Document, FactDiff, QuoteCheck, Unsupported
from .normalize import normalize
from .quotes import check_quotes
from .similarity import Embedder, default_embedder
from .support import find_unsupported

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
    facts: bool = True,
) -> Comparison:
    """Compare two articles.

    ``a`` and ``b`` are article content (``str`` of text or HTML, or ``bytes``), a
    ``pathlib.Path`` to read, or an already normalised ``Document``. ``fast`` skips the
    semantic model and decides from word overlap alone. ``facts=False`` skips the
    fact diff, quotation fidelity and unsupported sentences.

    The side treated as the source is ``a`` unless the verdict's direction is
    ``b->a``; with no direction known, ``a`` is the reference.
    """
    doc_a = _document(a, None)
    doc_b = _document(b, None)
    model = None if fast else (embedder or default_embedder())
    alignments, unmatched_a, unmatched_b, links = align(doc_a, doc_b, model)
    verdict = classify(doc_a, doc_b, alignments, links, model)
    fact_diff = FactDiff()
    quotes: tuple[QuoteCheck, ...] = ()
    unsupported: tuple[Unsupported, ...] = ()
    if facts:
        source_is_a = verdict.direction != "b->a"
        src, cpy = (doc_a, doc_b) if source_is_a else (doc_b, doc_a)
        derived = verdict.derived
        fact_diff = diff_facts(
            src,
            cpy,
            alignments,
            source_side="a" if source_is_a else "b",
            # whole paragraphs only count as dropped or added between derived texts
            unmatched_source=(unmatched_a if source_is_a else unmatched_b) if derived else (),
            unmatched_copy=(unmatched_b if source_is_a else unmatched_a) if derived else (),
        )
        quotes = check_quotes(src, cpy, links, source_is_a=source_is_a)
        if not derived:  # independent coverage: only quotations both sides carry
            quotes = tuple(q for q in quotes if q.a is not None and q.b is not None)
        if derived:
            unsupported = find_unsupported(
                cpy, links, model, copy_side="b" if source_is_a else "a"
            )
    return Comparison(
        a=doc_a,
        b=doc_b,
        alignments=alignments,
        unmatched_a=unmatched_a,
        unmatched_b=unmatched_b,
        verdict=verdict,
        mode="fast" if fast else "semantic",
        facts=fact_diff,
        quotes=quotes,
        unsupported=unsupported,
    )
