"""A report's fact tables built in worker processes, cluster by cluster.

The fact table of one cluster (:func:`provcheck.collection.fact_table.fact_rows`) reads
only that cluster's documents, so the clusters of an indexed collection are independent
pieces of work: each worker process opens the index read only and builds the tables of
the clusters it is handed, in the order given back. The tables are those one process
builds (the same function, the same documents, the same settings).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..calibration import Calibration, Mode
from ..verdict.settings import Settings
from .fact_table import fact_rows
from .index import open_index
from .records import FactRow

__all__ = ["TableJob", "TableRunner", "tables_in_workers"]


@dataclass(frozen=True)
class TableJob:
    """One cluster whose fact table is to be built."""

    index: int
    """The cluster's place in the report."""
    cluster: tuple[str, ...]
    """Its documents' report ids, in order."""
    near: Mapping[str, set[str]]
    """The ids each of its documents is linked to."""
    root: str | None
    """The story's root source."""


#: Builds the fact tables of the jobs, one list of rows per job, in the jobs' order.
TableRunner = Callable[[Sequence[TableJob]], Iterable[list[FactRow]]]

_WORKER: dict[str, Any] = {}


def _init(path: str, ids: Mapping[str, int], mode: Mode, calibration: Calibration) -> None:
    _WORKER["index"] = open_index(path, readonly=True)
    _WORKER["ids"] = ids
    _WORKER["settings"] = Settings.of(fast=mode == "fast", calibration=calibration)


def _table(job: TableJob) -> list[FactRow]:
    index, ids = _WORKER["index"], _WORKER["ids"]
    return fact_rows(((x, index.load(ids[x])) for x in job.cluster), job.index,
                     _WORKER["settings"], job.near, root=job.root)


def tables_in_workers(path: Path, ids: Mapping[str, int], settings: Settings, workers: int,
                      jobs: Sequence[TableJob]) -> Iterator[list[FactRow]]:
    """The fact tables of ``jobs`` built by ``workers`` processes reading the index at
    ``path`` (``ids``: each report id's document id), in the jobs' order."""
    ctx = multiprocessing.get_context("spawn")
    initargs = (str(path), dict(ids), settings.mode, settings.calibration)
    with ctx.Pool(workers, initializer=_init, initargs=initargs) as pool:
        # small chunks: one large cluster does not hold back a whole chunk behind it
        yield from pool.imap(_table, jobs, chunksize=2)
