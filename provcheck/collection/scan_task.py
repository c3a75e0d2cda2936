"""The tasks of ``provcheck scan``: plan the pairs, then compare them, cheap before dear.

A scan runs in three stages, each narrower than the last:

1. **Candidates** (:func:`plan`): every indexed document's candidates from the index
   (shared rare shingles, document vectors: the search ``check`` runs) and the
   documents it shares word 3-grams with (:mod:`provcheck.collection.candidates`, every
   3-gram of the collection, which the sampled shingles miss). The pairs are
   their union, each unordered pair once, handed to the task of its document with the
   lower id among those not yet scanned (a resumed or incremental scan compares a pair
   once, in the first task that still runs).
2. **Pre-filter** (:func:`prefilter`): a pair neither of whose articles has
   ``min_own_reuse`` of its own (unquoted) word 3-grams in the other cannot be derived:
   the full comparison would answer "not derived" by that very rule
   (:func:`provcheck.verdict.classify.derivation`), so it is not run. Such a pair is still
   judged same story or not (:func:`provcheck.verdict.story.judge`, what the full comparison
   would say of it), so the report's story clusters are unchanged. Articles both under
   ``sentence_words`` words are never pre-filtered (the sentence model has no such
   rule). The pre-filter is exact: it loses no derived pair.
3. **Full comparison** (:func:`provcheck.pipeline.compare`) of the rest, with the fact
   diff, quotations and added claims only for derived pairs (what the scan keeps).

Every engine runs :func:`scan_document` (the local one in this process or in worker
processes, :mod:`provcheck.collection.scan`; the Spark one on executors,
:mod:`provcheck.collection.spark_engine`), so the pairs do not depend on the engine. Workers
rebuild the scan's settings from its mode and calibration with
:func:`worker_settings` (the model itself does not travel between processes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..calibration import Calibration, Mode
from ..language.identify import UNDETERMINED
from ..models import Document
from ..pipeline import compare
from ..verdict.crosslingual import collection_partners, crosses
from ..verdict.evidence import own_containments
from ..verdict.settings import Settings
from ..verdict.story import judge
from .candidates import TextGrams, indexed_languages, text_partners
from .index import Index
from .records import Divergences
from .rows import PairRow

__all__ = ["PairRow", "Plan", "StageCounts", "candidate_ids", "plan", "prefilter",
           "scan_document", "translated_pairs", "worker_settings"]


@dataclass(frozen=True)
class StageCounts:
    """Pairs per stage of one task (or, summed, of a scan)."""

    pruned: int = 0
    """Pairs the pre-filter settled (not derived by the reuse rule)."""
    compared: int = 0
    """Pairs that ran the full comparison."""

    def __add__(self, other: StageCounts) -> StageCounts:
        return StageCounts(self.pruned + other.pruned, self.compared + other.compared)


@dataclass(frozen=True)
class Plan:
    """Who compares what: each task's partners (higher ids first come later)."""

    partners: dict[int, list[int]]
    candidates: int
    """Unordered candidate pairs found (before the ones both of whose documents were
    already scanned are left out)."""

    @property
    def pairs(self) -> int:
        return sum(len(p) for p in self.partners.values())


def candidate_ids(index: Index, doc_id: int, settings: Settings) -> list[int]:
    """One indexed document's candidates (the index's search, as ``check`` runs it)."""
    doc = index.load(doc_id)
    return [c.id for c in index.candidates(doc, settings.embedder, exclude=[doc_id],
                                           calibration=settings.calibration)]


def plan(index: Index, ids: Sequence[int], done: Iterable[int], settings: Settings,
         found: Iterable[tuple[int, list[int]]] | None = None) -> Plan:
    """Stage 1: the candidate pairs of the indexed documents ``ids``, each pair in the
    task of its lower-id document not in ``done`` (pairs of two done documents are
    left out). ``found``: each document's :func:`candidate_ids`, when they were
    searched elsewhere (worker processes); else they are searched here."""
    finished = set(done)
    pairs: set[tuple[int, int]] = set()
    if found is None:
        found = ((doc_id, candidate_ids(index, doc_id, settings)) for doc_id in ids)
    for doc_id, cands in found:
        for other in cands:
            pairs.add((min(doc_id, other), max(doc_id, other)))
    grams = TextGrams.of((i, index.load(i)) for i in ids)
    for doc_id, others in text_partners(grams, settings.calibration).items():
        for other in others:
            pairs.add((min(doc_id, other), max(doc_id, other)))
    for doc_id, others in translated_pairs(index, ids, settings).items():
        for other in others:
            pairs.add((min(doc_id, other), max(doc_id, other)))
    partners: dict[int, list[int]] = {i: [] for i in ids if i not in finished}
    for a, b in sorted(pairs):
        owner = next((x for x in (a, b) if x not in finished), None)
        if owner is not None and owner in partners:
            partners[owner].append(b if owner == a else a)
    return Plan(partners, len(pairs))


def translated_pairs(index: Index, ids: Sequence[int], settings: Settings
                     ) -> dict[int, list[int]]:
    """Stage 1 across languages: the documents in other languages the multilingual
    model finds close (:func:`provcheck.verdict.crosslingual.collection_partners`). A
    collection in one language (or a fast scan) loads nothing more and never the
    model."""
    if settings.fast:
        return {}
    wanted = set(ids)
    stored = {i: lang for i, lang in indexed_languages(index).items()
              if i in wanted and lang not in (None, UNDETERMINED)}
    if len(set(stored.values())) < 2:
        return {}
    return collection_partners({i: index.load(i) for i in sorted(stored)},
                               settings.calibration)


def prefilter(a: Document, b: Document, cal: Calibration) -> bool:
    """Stage 2: True when the pair cannot be derived (see the module notes)."""
    found = own_containments(a, b)
    if found is None:
        return False  # a document too long to keep its n-grams: compare in full
    (cont_a, words_a), (cont_b, words_b) = found
    return (max(cont_a, cont_b) < cal.min_own_reuse
            and max(words_a, words_b) >= cal.sentence_words)


def scan_document(index: Index, doc_id: int, settings: Settings,
                  partners: Sequence[int] | None = None, *,
                  prefiltered: bool = True) -> tuple[list[PairRow], StageCounts]:
    """The pairs of one indexed document with ``partners`` (default: its candidates)
    whose relation is not unrelated, the older document (lower id) as ``a``, sorted,
    and the task's :class:`StageCounts`. With ``prefiltered=False`` every pair is
    compared in full (to check the pre-filter)."""
    doc = index.load(doc_id)
    if partners is None:
        partners = candidate_ids(index, doc_id, settings)
    out: list[PairRow] = []
    pruned = compared = 0
    for other_id in partners:
        a, b = sorted((doc_id, other_id))
        other = index.load(other_id)
        first, second = (doc, other) if a == doc_id else (other, doc)
        across = not settings.fast and crosses(first, second)  # no shared word tells
        if prefiltered and not across and prefilter(first, second, settings.calibration):
            pruned += 1
            story = judge(first, second, settings.calibration)
            if story.same:
                result: dict[str, Any] = {"reasons": [
                    "not derived: under the least reuse of own word 3-grams either way "
                    "(pre-filtered, not compared in full)", story.reason]}
                out.append(PairRow(a, b, "related", "unknown", 0.0, result))
            continue
        compared += 1
        c = compare(first, second, settings=settings, facts="derived")
        if c.relation == "unrelated":
            continue
        result = {"reasons": list(c.reasons)}
        if c.verdict.derived:
            result["facts"] = {"dropped": len(c.facts.dropped), "added": len(c.facts.added),
                               "changed": len(c.facts.changed)}
            # kept once here, so that a report reads them rather than compares again
            result["divergences"] = {**Divergences.of(c, c.source_side).to_dict(),
                                     "source": c.source_side}
        out.append(PairRow(a, b, c.relation, c.direction, round(c.score, 4), result))
    # one row per partner: (a, b) orders them
    return sorted(out, key=lambda r: (r.a, r.b)), StageCounts(pruned, compared)


def worker_settings(mode: Mode, calibration: Calibration) -> Settings:
    """A worker's settings: the scan's mode and calibration, the model loaded here."""
    return Settings.of(fast=mode == "fast", calibration=calibration)
