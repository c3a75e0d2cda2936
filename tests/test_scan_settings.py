"""A scan records its settings in the index and refuses to resume under others;
``report --db`` reads the mode the index was scanned in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provcheck.collection.index import open_index
from provcheck.collection.scan import ScanSettingsError, recorded_settings, scan
from provcheck.errors import UsageError
from provcheck.verdict.settings import Settings
from tests.conftest import seed
from tests.indexutil import cli


class Killed(Exception):
    pass


def _die_after_one(done: int, total: int) -> None:
    if done == 1:
        raise Killed


def test_first_scan_records_its_settings(db: Path) -> None:
    scan(db, fast=True)
    with open_index(db) as index:
        assert index.scan_settings() == Settings.of(fast=True).record()
        assert recorded_settings(index).mode == "fast"  # whatever the flag says


def test_resumed_scan_in_another_mode_exits_with_one_line(db: Path) -> None:
    with pytest.raises(Killed):
        scan(db, fast=True, progress=_die_after_one)
    with open_index(db) as index:
        before = (index.scanned(), list(index.pairs()))
    r = cli("scan", "--db", str(db))  # semantic mode: not what the index was scanned in
    assert r.exit_code == UsageError.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.output
    assert lines[0].startswith(f"provcheck: error: {db} was scanned in fast mode; ")
    assert "rerun with --fast" in lines[0]
    with open_index(db) as index:  # nothing was scanned, nothing changed
        assert (index.scanned(), list(index.pairs())) == before
    r = cli("scan", "--db", str(db), "--fast")  # the same mode resumes
    assert r.exit_code == 0, r.output
    assert "(1 done before) of 4" in r.stdout


def test_semantic_scan_refuses_fast_resume(db: Path) -> None:
    with pytest.raises(Killed):
        scan(db, progress=_die_after_one)
    with pytest.raises(ScanSettingsError, match="scanned in semantic mode; rerun without --fast"):
        scan(db, fast=True)


def test_other_calibration_is_refused(db: Path) -> None:
    import dataclasses

    scan(db, fast=True)
    other = dataclasses.replace(Settings.of(fast=True).calibration, min_evidence_words=9)
    with pytest.raises(ScanSettingsError, match="calibration"):
        scan(db, settings=Settings.of(fast=True, calibration=other))


def test_settings_of_an_index_with_nothing_scanned_are_replaced(tmp_path: Path) -> None:
    # settings recorded by a scan that stored nothing: another mode may start over
    path = tmp_path / "fresh.db"
    assert cli("index", "add", str(seed("001")), "--db", str(path)).exit_code == 0
    with open_index(path) as index:
        index.save_scan_settings(Settings.of(fast=True).record())
        assert not index.scanned()
    assert scan(path).scanned_now == 1
    with open_index(path) as index:
        assert index.scan_settings() == Settings.of().record()


def test_report_db_reads_the_mode_from_the_index(db: Path) -> None:
    r = cli("report", "--db", str(db), "-f", "json", "--fast")
    assert json.loads(r.stdout)["mode"] == "fast"  # never scanned: the flag decides
    scan(db, fast=True)
    r = cli("report", "--db", str(db), "-f", "json")  # no --fast: the index says fast
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["mode"] == "fast"
