"""The Spark engine gives the same pairs as the local one (local[2]; skipped without pyspark)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from provcheck.collection.index import open_index
from provcheck.collection.scan import scan
from provcheck.ingest.normalize import normalize
from provcheck.verdict.similarity import default_embedder
from tests.conftest import seed

pytestmark = pytest.mark.spark


def test_spark_engine_equals_local(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("no Java on this machine")
    local = tmp_path / "local.db"
    embedder = default_embedder()
    with open_index(local) as index:
        for p in ("000", "001", "002", "003", "004"):
            index.add(normalize(seed(p), label=f"seeds/{seed(p).name}"), embedder)
    spark = tmp_path / "spark.db"
    spark.write_bytes(local.read_bytes())
    scan(local, engine="local")
    scan(spark, engine="spark")
    with open_index(local) as x, open_index(spark) as y:
        pairs = list(x.pairs())
        assert pairs == list(y.pairs())
        assert y.scanned() == x.scanned()
    assert any(rel == "rewrite" for _, _, rel, _, _ in pairs)
