"""The scan's stages: each pair once, the reuse pre-filter exact, counts per stage.

The METER test indexes a labelled sample (whole stories of ``derivation-labels.csv``:
their PA copy and newspaper articles, derived and not) and scans it twice, with and
without the pre-filter: the stored pairs must be the same, derived pairs included, so
the pruning costs no recall; it skips when ``../shared/eval`` is absent.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from provcheck.calibration import CALIBRATION
from provcheck.collection.index import open_index
from provcheck.collection.scan import scan
from provcheck.collection.scan_task import prefilter
from provcheck.ingest.normalize import normalize
from tests.conftest import seed
from tests.indexutil import cli

STORIES = ("burstein", "francis", "noye", "ruling", "posh")


def _pairs(db: Path) -> list[tuple[int, int, str, str, float]]:
    with open_index(db) as index:
        return list(index.pairs())


def _two_copies(db: Path, tmp_path: Path) -> tuple[Path, Path]:
    other = tmp_path / "full.db"
    shutil.copy(db, other)
    for suffix in (".vectors",):
        side = Path(f"{db}{suffix}")
        if side.exists():
            shutil.copy(side, Path(f"{other}{suffix}"))
    return db, other


def test_prefilter_settles_only_what_cannot_be_derived() -> None:
    rudaw, rewrite = normalize(seed("001")), normalize(seed("000"))
    others = [normalize(seed(p)) for p in ("002", "003", "004")]
    # the flagship rewrite shares its source's own words: never pre-filtered
    assert not prefilter(rudaw, rewrite, CALIBRATION)
    # independent reports of one story share names, not their own sentences
    assert any(prefilter(rudaw, o, CALIBRATION) for o in others)


def test_seed_scan_same_pairs_with_and_without_the_prefilter(db: Path, tmp_path: Path) -> None:
    assert cli("index", "add", str(seed("000")), "--db", str(db)).exit_code == 0
    pruned, full = _two_copies(db, tmp_path)
    s1 = scan(pruned)
    s2 = scan(full, prefiltered=False)
    derived = {p[:4] for p in _pairs(pruned) if p[2] != "related"}
    assert derived == {p[:4] for p in _pairs(full) if p[2] != "related"}
    assert {p[:3] for p in _pairs(pruned)} == {p[:3] for p in _pairs(full)}
    assert s1.candidate_pairs == s2.candidate_pairs == s1.planned_pairs
    assert s1.pruned_pairs + s1.compared_pairs == s1.planned_pairs
    assert s2.pruned_pairs == 0 and s2.compared_pairs == s2.planned_pairs
    assert s1.pruned_pairs > 0


def test_cli_prints_the_pairs_per_stage(db: Path) -> None:
    r = cli("scan", "--db", str(db), "--no-progress")
    assert r.exit_code == 0, r.output
    assert "candidates," in r.stdout and "compared in full" in r.stdout


def test_meter_sample_same_pairs_with_and_without_the_prefilter(eval_dev: Path,
                                                                tmp_path: Path) -> None:
    meter = eval_dev / "meter"
    rows = list(csv.DictReader((meter / "story_index.csv").open(encoding="utf-8")))
    files: set[str] = set()
    for row in rows:
        if row["catchline"] in STORIES:
            files.add(row["newspaper_file"])
            files.update(row["pa_source_files"].split(";"))
    folder = tmp_path / "texts"
    folder.mkdir()
    for name in sorted(files):
        (folder / name.replace("/", "__")).write_bytes((meter / name).read_bytes())
    db = tmp_path / "meter.db"
    r = cli("index", "add", str(folder), "--db", str(db), "--no-progress")
    assert r.exit_code == 0, r.output
    pruned, full = _two_copies(db, tmp_path)
    summary = scan(pruned, fast=True)
    scan(full, fast=True, prefiltered=False)
    got, want = _pairs(pruned), _pairs(full)
    # the same pairs and relations; derived pairs identical to the score
    assert {p[:3] for p in got} == {p[:3] for p in want}
    assert {p for p in got if p[2] != "related"} == {p for p in want if p[2] != "related"}
    assert summary.pruned_pairs > 0 and summary.compared_pairs > 0
