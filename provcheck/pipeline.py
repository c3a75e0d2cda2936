"""compare(): the one place where the stages are wired together.

``Document -> sentence links -> alignments -> Verdict``, then the verdict's source is
settled once (:mod:`provcheck.verdict.orient`) and the fact diff, quotation check and support
read a source/copy view; their answers are turned back to a/b once, here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from .errors import InputError
from .facts.diff import diff_facts
from .facts.quotes import check_quotes
from .facts.support import find_unsupported
from .ingest.normalize import normalize
from .models import Comparison, Document, FactDiff, QuoteCheck, Unsupported
from .verdict.align import align
from .verdict.classify import classify
from .verdict.crosslingual import Judged, across_languages
from .verdict.links import link_sentences
from .verdict.orient import Orientation, source_side
from .verdict.settings import Settings
from .verdict.similarity import Embedder

Input = str | bytes | Path | Document
"""What ``compare`` takes for each side: ``str`` is article text (or HTML), ``bytes``
(or ``bytearray``, ``memoryview``) its encoded form, a ``pathlib.Path`` (any
``os.PathLike``) a file to read, a ``Document`` one already normalised."""


def _document(x: object, side: str) -> Document:
    """Side ``side``'s input as a Document; a wrong type is a ``TypeError`` naming the
    side, and an input error about in-memory text says which side it is about."""
    if isinstance(x, Document):
        return x
    if isinstance(x, bytearray | memoryview):
        x = bytes(x)
    elif isinstance(x, os.PathLike) and not isinstance(x, Path):
        x = Path(os.fspath(x))
    if not isinstance(x, str | bytes | Path):
        raise TypeError(
            f"compare() argument {side} must be str (article text), bytes, a path "
            f"(pathlib.Path) or a Document, not {type(x).__name__}")
    try:
        return normalize(x)
    except InputError as exc:
        if isinstance(x, Path) or not str(exc).startswith("input: "):
            raise
        raise type(exc)(f"{side}: {exc.reason('input')}") from exc


def compare(
    a: Input,
    b: Input,
    *,
    fast: bool = False,
    embedder: Embedder | None = None,
    facts: bool | Literal["derived", "related", "partial"] = True,
    settings: Settings | None = None,
) -> Comparison:
    """Compare two articles.

    ``a`` and ``b`` are article content (``str`` of text or HTML, or ``bytes``), a
    ``pathlib.Path`` to read, or an already normalised ``Document``. ``fast`` skips the
    semantic model and decides from word overlap alone (``settings``, when given,
    carries the mode, calibration and model instead). ``facts=False`` skips the fact
    diff, quotation fidelity and unsupported sentences; ``facts="derived"`` runs them
    only when one article derives from the other (what a collection scan keeps), and
    ``facts="related"`` unless the two are unrelated (what ``check`` reports);
    ``facts="partial"`` as ``"derived"``, read as a partial copy's whatever the
    relation (only what the copy took: a collection reads an article against the union
    of its takes so, each take's edge being partial).

    The side treated as the source is ``a`` unless the verdict's direction is
    ``b->a``; with no direction known, ``a`` is the reference.
    """
    settings = settings or Settings.of(fast=fast, embedder=embedder)
    doc_a, doc_b = _document(a, "a"), _document(b, "b")
    links = link_sentences(doc_a, doc_b, settings)
    alignments, unmatched_a, unmatched_b = align(doc_a, doc_b, links, settings)
    verdict = classify(doc_a, doc_b, alignments, links, settings)
    judged = across_languages(doc_a, doc_b, links, settings,
                              Judged(verdict, alignments, unmatched_a, unmatched_b))
    verdict, alignments = judged.verdict, judged.alignments
    unmatched_a, unmatched_b = judged.unmatched_a, judged.unmatched_b
    orientation = Orientation(source_side(verdict))
    fact_diff = FactDiff()
    quotes: tuple[QuoteCheck, ...] = ()
    unsupported: tuple[Unsupported, ...] = ()
    if judged.translation is None and (
            facts is True or (facts in ("derived", "partial") and verdict.derived)
            or (facts == "related" and verdict.relation != "unrelated")):
        whole = verdict.derived and verdict.relation != "partial" and facts != "partial"
        view = orientation.view(doc_a, doc_b, alignments, unmatched_a, unmatched_b, links,
                                derived=verdict.derived, whole=whole)
        fact_diff = orientation.facts(diff_facts(view, settings.calibration), doc_a, doc_b)
        quotes = orientation.quotes(check_quotes(view, settings.calibration))
        unsupported = orientation.unsupported(find_unsupported(view, settings))
    elif facts is not False and judged.numbers is not None:
        fact_diff = judged.numbers  # across languages: the numbers in digits only
    return Comparison(
        a=doc_a,
        b=doc_b,
        alignments=alignments,
        unmatched_a=unmatched_a,
        unmatched_b=unmatched_b,
        verdict=verdict,
        mode=settings.mode,
        facts=fact_diff,
        quotes=quotes,
        unsupported=unsupported,
        source_side=orientation.source,
        translation=judged.translation,
    )
