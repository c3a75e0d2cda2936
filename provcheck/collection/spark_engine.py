"""The Spark engine of ``provcheck scan`` (``pip install 'provcheck[spark]'``).

Spark only spreads the work: ``mapInPandas`` runs
:func:`provcheck.collection.scan_task.scan_document`, the very function the local engine runs,
with the scan's mode and calibration, over partitions of document ids. Each
executor opens the index read-only from the copy shipped with
``SparkContext.addFile``; results come back to the driver, which writes them to the
index as the local engine does. So the pairs are the same as with ``--engine local``
by construction.

``PYSPARK_PYTHON`` is set to the running interpreter when unset. Without a master
given (``PROVCHECK_SPARK_MASTER``, or ``spark-submit`` which starts the JVM and
sets it), Spark runs in ``local[2]``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError

if TYPE_CHECKING:
    from ..calibration import Calibration, Mode
    from ..verdict.settings import Settings
    from .rows import PairRow
    from .scan_task import StageCounts

#: Rows per Arrow batch handed to each mapInPandas call.
BATCH = 64


def _session() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise UsageError(
            "the spark engine needs pyspark: pip install 'provcheck[spark]'"
        ) from None
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("provcheck-scan")
    master = os.environ.get("PROVCHECK_SPARK_MASTER")
    if master:
        builder = builder.master(master)
    elif "PYSPARK_GATEWAY_PORT" not in os.environ:
        # not launched by spark-submit (which sets the master and starts the JVM)
        builder = builder.master("local[2]")
    builder = (
        builder.config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(BATCH))
    )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _as_list(row: PairRow) -> list[Any]:
    """A pair row as it travels back to the driver (a JSON array)."""
    return [row.a, row.b, row.relation, row.direction, row.score, row.result]


def _partition(
    batches: Iterator[Any], *, name: str, mode: Mode, calibration: Calibration,
    prefiltered: bool = True,
) -> Iterator[Any]:
    import pandas as pd
    from pyspark import SparkFiles

    from .index import open_index
    from .scan_task import scan_document, worker_settings

    index = open_index(SparkFiles.get(name), create=False)
    index.keep_loaded()
    settings = worker_settings(mode, calibration)
    for batch in batches:
        out = []
        for doc_id, partners in zip(batch["id"], batch["partners"], strict=True):
            rows, counts = scan_document(index, int(doc_id), settings,
                                         [int(x) for x in json.loads(partners)],
                                         prefiltered=prefiltered)
            out.append({"id": int(doc_id), "rows": json.dumps([_as_list(r) for r in rows]),
                        "pruned": counts.pruned, "compared": counts.compared})
        yield pd.DataFrame(out, columns=["id", "rows", "pruned", "compared"])


def spark_results(
    path: Path, todo: Sequence[tuple[int, list[int]]], settings: Settings, *,
    prefiltered: bool = True,
) -> Iterator[tuple[int, list[PairRow], StageCounts]]:
    """(document id, its pair rows, its stage counts) for every (id, partners) job in
    ``todo``, computed on Spark with the mode and calibration of ``settings`` (executors
    load the model themselves)."""
    from .rows import PairRow
    from .scan_task import StageCounts

    if not todo:
        return
    mode, calibration = settings.mode, settings.calibration
    spark = _session()
    try:
        spark.sparkContext.addFile(str(path.resolve()))
        name = path.name
        df = spark.createDataFrame([(int(i), json.dumps(p)) for i, p in todo],
                                   "id long, partners string")
        n = max(1, min(len(todo) // BATCH + 1, spark.sparkContext.defaultParallelism * 4))
        df = df.repartition(n)

        def run(batches: Iterator[Any]) -> Iterator[Any]:
            return _partition(batches, name=name, mode=mode, calibration=calibration,
                              prefiltered=prefiltered)

        result = df.mapInPandas(run, schema="id long, rows string, pruned long, compared long")
        for row in result.toLocalIterator():
            yield int(row["id"]), [
                PairRow(int(a), int(b), str(rel), str(d), float(s), dict(res))
                for a, b, rel, d, s, res in json.loads(row["rows"])
            ], StageCounts(int(row["pruned"]), int(row["compared"]))
    finally:
        spark.stop()
