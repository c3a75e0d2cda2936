"""The one task of ``provcheck scan``: one indexed document against its candidates.

Every engine runs :func:`scan_document` (the local one in this process or in worker
processes, :mod:`provcheck.scan`; the Spark one on executors,
:mod:`provcheck.spark_engine`), so the pairs do not depend on the engine. Workers
rebuild the scan's settings from its mode and calibration with
:func:`worker_settings` (the model itself does not travel between processes).
"""

from __future__ import annotations

from typing import Any

from .calibration import Calibration, Mode, Settings
from .index import Index, PairRow
from .pipeline import compare
from .report import Divergences

__all__ = ["PairRow", "scan_document", "worker_settings"]


def scan_document(index: Index, doc_id: int, settings: Settings) -> list[PairRow]:
    """The pairs of one indexed document with its candidates (relation not unrelated),
    the older document (lower id) as ``a``, sorted."""
    doc = index.load(doc_id)
    out: list[PairRow] = []
    for cand in index.candidates(doc, settings.embedder, exclude=[doc_id],
                                 calibration=settings.calibration):
        a, b = sorted((doc_id, cand.id))
        other = index.load(cand.id)
        first, second = (doc, other) if a == doc_id else (other, doc)
        c = compare(first, second, settings=settings)
        if c.relation == "unrelated":
            continue
        result: dict[str, Any] = {
            "reasons": list(c.reasons),
            "facts": {"dropped": len(c.facts.dropped), "added": len(c.facts.added),
                      "changed": len(c.facts.changed)},
        }
        if c.verdict.derived:
            # kept once here, so that a report reads them rather than compares again
            result["divergences"] = {**Divergences.of(c, c.source_side).to_dict(),
                                     "source": c.source_side}
        out.append((a, b, c.relation, c.direction, round(c.score, 4), result))
    return sorted(out)


def worker_settings(mode: Mode, calibration: Calibration) -> Settings:
    """A worker's settings: the scan's mode and calibration, the model loaded here."""
    return Settings.of(fast=mode == "fast", calibration=calibration)
