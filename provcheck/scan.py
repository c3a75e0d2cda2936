"""``provcheck scan``: every derived pair in an indexed collection, resumable.

One task per indexed document: its candidates from the index (the same search as
``check``), then ``compare`` with each candidate, the older document (lower id) as
``a``. A pair found from both sides is stored once. The task's pairs and the mark
that the document is done are written in one transaction, so a killed scan resumes
where it stopped and never stores half a document's pairs.

Engines run the same task function (:func:`scan_document`); only the way tasks are
spread differs:

* ``local`` (default): this process, or ``workers`` processes (multiprocessing);
* ``spark``: ``mapInPandas`` over the document ids, each executor opening the index
  read-only (shipped with ``SparkContext.addFile``); see :mod:`provcheck.spark_engine`.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .index import Index, open_index
from .pipeline import compare
from .similarity import Embedder, default_embedder

PairRow = tuple[int, int, str, str, float, dict[str, Any]]


@dataclass(frozen=True)
class ScanSummary:
    documents: int
    scanned_now: int
    already_done: int
    pairs_found: int


def scan_document(
    index: Index, doc_id: int, *, fast: bool, embedder: Embedder | None
) -> list[PairRow]:
    """The pairs of one indexed document with its candidates (relation not unrelated)."""
    doc = index.load(doc_id)
    model = None if fast else embedder
    out: list[PairRow] = []
    for cand in index.candidates(doc, model, exclude=[doc_id]):
        a, b = sorted((doc_id, cand.id))
        other = index.load(cand.id)
        first, second = (doc, other) if a == doc_id else (other, doc)
        c = compare(first, second, fast=fast, embedder=model)
        if c.relation == "unrelated":
            continue
        result = {
            "reasons": list(c.reasons),
            "facts": {"dropped": len(c.facts.dropped), "added": len(c.facts.added),
                      "changed": len(c.facts.changed)},
        }
        out.append((a, b, c.relation, c.direction, round(c.score, 4), result))
    return sorted(out)


def _store(index: Index, doc_id: int, rows: Sequence[PairRow]) -> None:
    with index._write():
        for a, b, relation, direction, score, result in rows:
            index.save_pair(a, b, relation, direction, score, result)
        index.db.execute("INSERT OR IGNORE INTO scan_done VALUES (?)", (doc_id,))


# ------------------------------------------------------------------ local workers

_WORKER: dict[str, Any] = {}


def _init_worker(path: str, fast: bool) -> None:
    _WORKER["index"] = open_index(path, create=False)
    _WORKER["fast"] = fast
    _WORKER["embedder"] = None if fast else default_embedder()


def _task(doc_id: int) -> tuple[int, list[PairRow]]:
    return doc_id, scan_document(
        _WORKER["index"], doc_id, fast=_WORKER["fast"], embedder=_WORKER["embedder"]
    )


def _local_results(
    path: Path, todo: Sequence[int], *, fast: bool, workers: int
) -> Iterator[tuple[int, list[PairRow]]]:
    if workers <= 1:
        _init_worker(str(path), fast)
        for doc_id in todo:
            yield _task(doc_id)
        return
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(str(path), fast)) as pool:
        yield from pool.imap_unordered(_task, todo, chunksize=8)


def scan(
    path: str | Path,
    *,
    engine: str = "local",
    workers: int = 1,
    fast: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ScanSummary:
    """Scan the index at ``path``; already scanned documents are skipped."""
    path = Path(path)
    with open_index(path, create=False) as index:
        ids = [d.id for d in index.documents()]
        done = index.scanned()
        todo = [i for i in ids if i not in done]
        if engine == "spark":
            from .spark_engine import spark_results

            index.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # ship one complete file
            results: Iterator[tuple[int, list[PairRow]]] = spark_results(path, todo, fast=fast)
        else:
            results = _local_results(path, todo, fast=fast, workers=workers)
        for k, (doc_id, rows) in enumerate(results):
            _store(index, doc_id, rows)
            if progress:
                progress(k + 1, len(todo))
        total_pairs = sum(1 for _ in index.pairs())
    return ScanSummary(len(ids), len(todo), len(done), total_pairs)
