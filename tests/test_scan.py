"""``provcheck scan`` over the index (workers, resuming after a kill) and ``report --db``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provcheck.collection.index import open_index
from provcheck.collection.scan import scan
from tests.conftest import seed
from tests.indexutil import cli as _cli


def test_scan_then_report_from_the_index(db: Path) -> None:
    assert _cli("index", "add", str(seed("000")), "--db", str(db)).exit_code == 0
    summary = scan(db)
    assert summary.scanned_now == 5
    again = scan(db)
    assert again.scanned_now == 0 and again.pairs_found == summary.pairs_found
    r = _cli("report", "--db", str(db), "-f", "json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    [edge] = doc["edges"]
    assert Path(edge["a"]).name.startswith("001") and Path(edge["b"]).name.startswith("000")


def test_scan_with_workers_gives_the_same_pairs(db: Path, tmp_path: Path) -> None:
    assert _cli("index", "add", str(seed("000")), "--db", str(db)).exit_code == 0
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    scan(db, workers=1)
    scan(copy, workers=2)
    with open_index(db) as x, open_index(copy) as y:
        assert list(x.pairs()) == list(y.pairs())


def test_scan_resumes_after_an_interruption(db: Path) -> None:
    assert _cli("index", "add", str(seed("000")), "--db", str(db)).exit_code == 0

    class Killed(Exception):
        pass

    def die_after_two(done: int, total: int) -> None:
        if done == 2:
            raise Killed

    with pytest.raises(Killed):
        scan(db, progress=die_after_two)
    with open_index(db) as index:
        assert len(index.scanned()) == 2  # each document's pairs land with its mark
        assert index.integrity() == "ok"
    resumed = scan(db)
    assert (resumed.already_done, resumed.scanned_now) == (2, 3)
    fresh = db.with_name("fresh.db")
    fresh.write_bytes(db.read_bytes())
    with open_index(fresh) as index:
        index.db.execute("DELETE FROM scan_done")
        index.db.execute("DELETE FROM pairs")
    scan(fresh)
    with open_index(db) as x, open_index(fresh) as y:
        assert list(x.pairs()) == list(y.pairs())


def test_the_report_reads_the_divergences_the_scan_kept(db: Path) -> None:
    from provcheck.collection.report import report_from_index
    from provcheck.verdict.settings import Settings

    assert _cli("index", "add", str(seed("000")), "--db", str(db)).exit_code == 0
    scan(db)
    settings = Settings.of()
    with open_index(db) as index:
        kept = report_from_index(index, settings=settings, divergences=True)
        [(a, b, *_)] = [p for p in index.pairs() if p[2] == "rewrite"]
        stored = index.pair_result(a, b)
        assert stored is not None and stored["divergences"]["source"] in ("a", "b")
        # an index scanned before divergences were kept: compared again, the same
        index.db.execute("UPDATE pairs SET result = '{}'")
        again = report_from_index(index, settings=settings, divergences=True)
    [edge] = kept.edges
    [fresh] = again.edges
    assert edge.divergences.to_dict() == fresh.divergences.to_dict()
    assert any(f.value == "2500" for f in edge.divergences.dropped)
