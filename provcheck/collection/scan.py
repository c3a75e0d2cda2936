"""``provcheck scan``: every derived pair in an indexed collection, resumable.

One task per indexed document: its candidates from the index (the same search as
``check``), then ``compare`` with each candidate, the older document (lower id) as
``a``. A pair found from both sides is stored once. The task's pairs and the mark
that the document is done are written in one transaction (:meth:`Index.save_scan`),
so a killed scan resumes where it stopped and never stores half a document's pairs.

The settings a scan runs with (version, mode, model, calibration fingerprint:
:meth:`provcheck.verdict.settings.Settings.record`) are recorded in the index on its first
run; resuming under other settings is refused (:class:`ScanSettingsError`), so the
stored pairs never mix modes. ``report --db`` reads the mode back
(:func:`recorded_settings`).

Once the tasks are done, the collection's own view is settled over the stored pairs
(:func:`provcheck.collection.union.collection_pass`): two copies of one source are
not derived from each other, and an article not wholly derived from any one text is
compared with the union of the texts it shares words with. Each row it changes keeps
``compare``'s judgement of the pair as ``pairwise``.

Engines run the same task function (:func:`provcheck.collection.scan_task.scan_document`); only
the way tasks are spread differs:

* ``local`` (default): this process, or ``workers`` processes (multiprocessing);
* ``spark``: ``mapInPandas`` over the document ids, each executor opening the index
  read-only (shipped with ``SparkContext.addFile``); see :mod:`provcheck.collection.spark_engine`.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..calibration import Calibration, Mode, mode_of
from ..errors import ScanSettingsError
from ..verdict.settings import Settings
from .index import Index, open_index
from .rows import PairRow
from .scan_task import Plan, StageCounts, candidate_ids, plan, scan_document, worker_settings
from .union import Row, UnionJob, collection_pass, union_rows

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from .records import Progress

__all__ = ["PairRow", "ScanSettingsError", "ScanSummary", "recorded_settings", "scan",
           "scan_document"]


@dataclass(frozen=True)
class ScanSummary:
    documents: int
    scanned_now: int
    already_done: int
    pairs_found: int
    candidate_pairs: int = 0
    """Unordered pairs the index proposed (stage 1)."""
    planned_pairs: int = 0
    """Of those, the pairs this run had to settle (not both scanned before)."""
    pruned_pairs: int = 0
    """Settled by the pre-filter: not derived, only judged same story or not (stage 2)."""
    compared_pairs: int = 0
    """Compared in full (stage 3)."""


def _mismatch(path: Path, stored: dict[str, Any], mine: dict[str, Any]) -> str | None:
    """Why a scan recorded as ``stored`` cannot be resumed with ``mine`` (None: it can)."""
    fresh = "or index the articles into a new file to scan them"
    if stored.get("mode") != mine["mode"]:
        again = "rerun with --fast" if stored.get("mode") == "fast" else "rerun without --fast"
        return (f"{path} was scanned in {stored.get('mode')} mode; {again}, "
                f"{fresh} in {mine['mode']} mode")
    if stored.get("model") != mine["model"]:
        return (f"{path} was scanned with the model {stored.get('model')}, this run has "
                f"{mine['model']}; {fresh} with it")
    if stored.get("calibration") != mine["calibration"]:
        return (f"{path} was scanned with calibration {stored.get('calibration')}, this "
                f"provcheck has {mine['calibration']}; {fresh} with it")
    if stored.get("decisions") != mine["decisions"]:
        return (f"{path} was scanned with learned decisions {stored.get('decisions')}, this "
                f"provcheck has {mine['decisions']}; {fresh} with them")
    if stored.get("version") != mine["version"]:
        return (f"{path} was scanned by provcheck {stored.get('version')}, this is "
                f"{mine['version']}; {fresh} with this version")
    return None


def _settle(index: Index, path: Path, settings: Settings) -> None:
    """Record this run's settings on a first scan; refuse to resume under others."""
    mine = settings.record()
    stored = index.scan_settings()
    if stored is not None and index.scanned():
        why = _mismatch(path, stored, mine)
        if why:
            raise ScanSettingsError(why)
        return
    if stored != mine:
        index.save_scan_settings(mine)


def recorded_settings(index: Index, *, fast: bool = False) -> Settings:
    """Settings to read an index's scan results with: its recorded mode (and the shipped
    calibration and model); ``fast`` decides only for an index never scanned."""
    stored = index.scan_settings()
    mode: Mode = mode_of(fast)
    if stored is not None and stored.get("mode") in ("semantic", "fast"):
        mode = stored["mode"]
    return Settings.of(fast=mode == "fast")


# ------------------------------------------------------------------ local workers

_WORKER: dict[str, Any] = {}
#: Below this many documents to scan, worker processes cost more to start (each loads
#: the model and opens the index) than they save: not a tuned number.
POOL_MIN_DOCUMENTS = 64


def _init_worker(path: str, mode: Mode, calibration: Calibration, prefiltered: bool) -> None:
    _WORKER["index"] = open_index(path, create=False)
    _WORKER["index"].keep_loaded()
    _WORKER["settings"] = worker_settings(mode, calibration)
    _WORKER["prefiltered"] = prefiltered


Result = tuple[int, list[PairRow], StageCounts]


def _task(job: tuple[int, list[int]]) -> Result:
    doc_id, partners = job
    rows, counts = scan_document(_WORKER["index"], doc_id, _WORKER["settings"], partners,
                                 prefiltered=_WORKER["prefiltered"])
    return doc_id, rows, counts


def _candidates_task(doc_id: int) -> tuple[int, list[int]]:
    return doc_id, candidate_ids(_WORKER["index"], doc_id, _WORKER["settings"])


def _union_task(job: UnionJob) -> list[Row]:
    return union_rows(_WORKER["index"], job, _WORKER["settings"])


def _pool(path: Path, settings: Settings, workers: int, prefiltered: bool) -> Pool:
    ctx = multiprocessing.get_context("spawn")
    initargs = (str(path), settings.mode, settings.calibration, prefiltered)
    return ctx.Pool(workers, initializer=_init_worker, initargs=initargs)


def _local_results(
    path: Path, index: Index, ids: Sequence[int], done: set[int], settings: Settings, *,
    pool: Pool | None, prefiltered: bool = True, plans: list[Plan] | None = None,
) -> Iterator[Result]:
    """Plan the pairs (stage 1, into ``plans``), then run the tasks: in this process,
    or in the ``pool``'s processes, which search the candidates too."""
    todo = [i for i in ids if i not in done]
    if pool is None:
        planned = plan(index, ids, done, settings)
        if plans is not None:
            plans.append(planned)
        with open_index(path, create=False) as reader:
            reader.keep_loaded()
            for doc_id in todo:
                rows, counts = scan_document(reader, doc_id, settings,
                                             planned.partners[doc_id], prefiltered=prefiltered)
                yield doc_id, rows, counts
        return
    found = pool.imap(_candidates_task, ids, chunksize=32)
    planned = plan(index, ids, done, settings, found=found)
    if plans is not None:
        plans.append(planned)
    # consecutive documents (often one story) go to one worker, whose documents
    # keep what they computed (Index.keep_loaded, Document.memo)
    jobs = [(i, planned.partners[i]) for i in todo]
    yield from pool.imap_unordered(_task, jobs, chunksize=8)


def scan(
    path: str | Path,
    *,
    engine: str = "local",
    workers: int | None = 1,
    fast: bool = False,
    progress: Progress | None = None,
    settings: Settings | None = None,
    prefiltered: bool = True,
) -> ScanSummary:
    """Scan the index at ``path``; already scanned documents are skipped.

    ``workers`` processes run the local engine's tasks (None: one per CPU core, or
    this process alone for fewer than :data:`POOL_MIN_DOCUMENTS` documents to scan).
    ``prefiltered=False`` compares every candidate pair in full (the pre-filter of
    :mod:`provcheck.collection.scan_task` is exact; this checks it).

    ``settings`` (default: from ``fast``) must be those the index was first scanned
    with, else :class:`ScanSettingsError`.
    """
    path = Path(path)
    with open_index(path, create=False) as index:
        settings = settings or Settings.of(fast=fast)
        _settle(index, path, settings)
        ids = [d.id for d in index.documents()]
        done = index.scanned()
        todo = [i for i in ids if i not in done]
        plans: list[Plan] = []
        results: Iterator[Result] = iter(())
        if workers is None:
            workers = (os.cpu_count() or 1) if len(todo) >= POOL_MIN_DOCUMENTS else 1
        pool = (_pool(path, settings, workers, prefiltered)
                if todo and engine != "spark" and workers > 1 else None)
        if not todo:
            pass
        elif engine == "spark":
            from .spark_engine import spark_results

            plans.append(plan(index, ids, done, settings))
            jobs = [(i, plans[0].partners[i]) for i in todo]
            index.checkpoint()  # ship one complete file
            results = spark_results(path, jobs, settings, prefiltered=prefiltered)
        else:
            results = _local_results(path, index, ids, done, settings, pool=pool,
                                     prefiltered=prefiltered, plans=plans)
        with pool or contextlib.nullcontext():
            stages = StageCounts()
            for k, (doc_id, rows, counts) in enumerate(results):
                index.save_scan(doc_id, rows)
                stages += counts
                if progress:
                    progress(k + 1, len(todo))
            if todo:
                # the union comparisons, one per article, in the same worker processes
                collection_pass(index, settings, run=(
                    None if pool is None else partial(pool.imap, _union_task, chunksize=4)))
        total_pairs = sum(1 for _ in index.pairs())
    planned = plans[0] if plans else None
    return ScanSummary(len(ids), len(todo), len(done), total_pairs,
                       planned.candidates if planned else 0,
                       planned.pairs if planned else 0, stages.pruned, stages.compared)
