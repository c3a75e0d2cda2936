"""Issue 4: the index, ``check``, ``scan`` and ``report --db`` on the seeds."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provcheck.check import check, level_fails
from provcheck.cli import app
from provcheck.config import load_config
from provcheck.index import content_hash, fingerprint, open_index
from provcheck.normalize import normalize, normalize_text
from provcheck.scan import scan
from provcheck.similarity import default_embedder
from tests.conftest import seed

runner = CliRunner()


def _cli(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "index.db"
    r = _cli("index", "add", *(str(seed(p)) for p in ("001", "002", "003", "004")),
             "--db", str(path))
    assert r.exit_code == 0, r.output
    return path


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


def test_adding_the_same_file_twice_changes_nothing(db: Path) -> None:
    with open_index(db) as index:
        before = index.stats()
    r = _cli("index", "add", str(seed("001")), "--db", str(db))
    assert r.exit_code == 0
    assert "added 0, already held 1" in r.stdout
    with open_index(db) as index:
        assert index.stats() == before


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


def test_index_errors(tmp_path: Path) -> None:
    r = _cli("check", str(seed("000")), "--db", str(tmp_path / "missing.db"))
    assert r.exit_code == 4
    bad = tmp_path / "bad.db"
    bad.write_text("not a database")
    r = _cli("index", "stats", "--db", str(bad))
    assert r.exit_code == 4
    assert r.stderr.startswith("provcheck: error:")


def test_remove_and_list(db: Path) -> None:
    with open_index(db) as index:
        first = index.documents()[0]
    assert _cli("index", "remove", f"#{first.id}", "--db", str(db)).exit_code == 0
    r = _cli("index", "list", "--db", str(db), "-f", "json")
    assert first.path not in [d["path"] for d in json.loads(r.stdout)]
    with open_index(db) as index:
        assert index.integrity() == "ok"


def test_outlet_furniture_is_learned_by_the_index(tmp_path: Path) -> None:
    policy = ("Daily Example is an independent newspaper founded in 1901 and owned by a "
              "trust of its readers in the valley towns.")
    texts = [
        "Flood waters rose across the valley on Monday and 300 homes were evacuated.",
        "The central bank raised its main interest rate to 4 percent on Tuesday.",
        "A new bridge over the river opened to traffic after six years of work.",
    ]
    docs = [normalize_text(f"Title {k}\n\n{t}\n\n{policy}\n", label=f"d{k}.txt") for k, t in
            enumerate(texts)]
    import dataclasses

    docs = [dataclasses.replace(d, outlet="Daily Example") for d in docs]
    with open_index(tmp_path / "f.db") as index:
        for d in docs[:2]:
            index.add(d, None)
        run = check(index, [docs[2]], fast=True)
    assert not run.failed
    assert run.results[0].findings == ()


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


def test_config_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.provcheck]\ndb = "data/idx.db"\nfail_on = "edited"\n', encoding="utf-8"
    )
    sub = tmp_path / "articles"
    sub.mkdir()
    cfg = load_config(sub)
    assert cfg.db == tmp_path / "data" / "idx.db"
    assert cfg.fail_on == "edited"


def test_fingerprint_and_hash_are_content_based() -> None:
    a = normalize(seed("001"))
    b = normalize(seed("001").read_bytes(), label="other-name.txt")
    assert content_hash(a) == content_hash(b)
    assert fingerprint(a) == fingerprint(b) and fingerprint(a)


def test_vector_candidates_find_the_rewrite(db: Path) -> None:
    with open_index(db) as index:
        cands = index.candidates(normalize(seed("000")), default_embedder())
        names = {Path(index.held(c.id).path).name[:3]: c for c in cands}
    assert names["001"].lexical > 0 and names["001"].semantic is not None


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
