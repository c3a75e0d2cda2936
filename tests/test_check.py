"""``provcheck check``: new articles against the index, levels, formats, ``--add``."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from provcheck.collection.check import check, level_fails
from provcheck.collection.index import open_index
from provcheck.ingest.normalize import normalize_text
from tests.conftest import seed
from tests.indexutil import cli as _cli


def test_check_flags_the_rewrite_and_names_its_source(db: Path) -> None:
    r = _cli("check", str(seed("000")), "--db", str(db), "-f", "json")
    assert r.exit_code == 1, r.output
    doc = json.loads(r.stdout)
    [result] = doc["results"]
    assert result["status"] == "fail"
    first = result["findings"][0]
    assert Path(first["path"]).name.startswith("001")
    assert (first["relation"], first["direction"], first["fails"]) == ("rewrite", "a->b", True)


def test_independent_coverage_passes(tmp_path: Path) -> None:
    path = tmp_path / "i.db"
    assert _cli("index", "add", *(str(seed(p)) for p in ("001", "003", "004")),
                "--db", str(path)).exit_code == 0
    r = _cli("check", str(seed("002")), "--db", str(path))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("PASS")


def test_fail_on_levels(db: Path) -> None:
    # the flagship is a rewrite: it passes when only reprints and edited copies fail
    assert _cli("check", str(seed("000")), "--db", str(db), "--fail-on", "edited").exit_code == 0
    assert _cli("check", str(seed("000")), "--db", str(db), "--fail-on", "partial").exit_code == 1
    assert level_fails("reprint", "rewrite") and not level_fails("partial", "rewrite")
    assert not level_fails("related", "partial")


def test_exact_copy_under_another_name_is_a_reprint(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed("001").read_bytes())
    r = _cli("check", str(copy), "--db", str(db), "-f", "json")
    assert r.exit_code == 1
    assert json.loads(r.stdout)["results"][0]["findings"][0]["relation"] == "reprint"
    # the same file as indexed is simply held
    r = _cli("check", str(seed("001")), "--db", str(db), "-f", "json")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["results"][0]["status"] == "held"


def test_add_indexes_documents_that_passed(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    assert _cli("index", "add", str(seed("001")), "--db", str(path)).exit_code == 0
    r = _cli("check", str(seed("002")), str(seed("000")), "--db", str(path), "--add")
    assert r.exit_code == 1
    with open_index(path) as index:
        names = sorted(Path(h.path).name[:3] for h in index.documents())
    assert names == ["001", "002"]  # 000 failed, so it was not added


def test_junit_and_github_formats(db: Path) -> None:
    r = _cli("check", str(seed("000")), str(seed("002")), "--db", str(db), "-f", "junit")
    root = ET.fromstring(r.stdout)
    assert root.get("failures") == "1" and root.get("tests") == "2"
    r = _cli("check", str(seed("000")), "--db", str(db), "-f", "github")
    assert r.stdout.startswith("::error file=")


def test_fail_on_divergence(tmp_path: Path) -> None:
    held = normalize_text(
        "Troops\n\nThe United States keeps around 2,500 troops in Iraq, the Pentagon said on "
        "Monday, as the coalition prepares to leave its bases.\n\nThe coalition was formed "
        "in 2014 to fight the militants across Iraq and Syria.\n", label="held.txt")
    new = normalize_text(
        "Pentagon\n\nThe United States keeps around 3,000 troops in Iraq, the Pentagon said on "
        "Monday, as the coalition prepares to leave its bases.\n\nLawmakers in Baghdad "
        "debated the budget for hours and adjourned without a vote late in the evening.\n",
        label="new.txt")
    with open_index(tmp_path / "d.db") as index:
        index.add(held, None)
        lenient = check(index, [new], fast=True, fail_on="reprint")
        strict = check(index, [new], fast=True, fail_on="reprint", fail_on_divergence=True)
    [finding] = lenient.results[0].findings
    assert finding.divergent and not finding.fails and not lenient.failed
    assert strict.failed


def test_reverse_derivation_passes_unless_asked(tmp_path: Path) -> None:
    # the index holds the rewrite; the new article is its original (the indexed one
    # derives from it): reported, not failed, unless --fail-on-reverse
    path = tmp_path / "index.db"
    assert _cli("index", "add", str(seed("000")), "--db", str(path)).exit_code == 0
    r = _cli("check", str(seed("001")), "--db", str(path), "-f", "json")
    assert r.exit_code == 0, r.output
    (finding,) = json.loads(r.output)["results"][0]["findings"]
    assert finding["relation"] == "rewrite" and not finding["fails"]
    failing = _cli("check", str(seed("001")), "--db", str(path), "--fail-on-reverse")
    assert failing.exit_code == 1, failing.output
    cfg = tmp_path / "provcheck.toml"
    cfg.write_text("fail_on_reverse = true\n", encoding="utf-8")
    from provcheck.collection.config import load_config, resolve

    assert load_config(tmp_path).fail_on_reverse
    assert not resolve(fail_on_reverse=False, start=tmp_path).fail_on_reverse
