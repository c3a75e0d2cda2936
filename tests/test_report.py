"""The provenance report (issue 3): derivations, clusters, fact table, collection furniture."""

from __future__ import annotations

import dataclasses
import json
import shutil
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import provcheck
from provcheck.cli.app import app
from provcheck.collection.articles import find_files, load, strip_outlet_boilerplate
from provcheck.collection.records import Report
from provcheck.collection.report import build_report
from provcheck.ingest.normalize import normalize_text
from tests.conftest import FIXTURES, ROOT

runner = CliRunner()


@pytest.fixture(scope="module")
def seeds_report() -> Report:
    return build_report(strip_outlet_boilerplate(load([str(ROOT / "seeds")])))


def _id(report: Report, prefix: str) -> str:
    (match,) = [d.path for d in report.documents if d.path and Path(d.path).name.startswith(prefix)]
    return match


def test_one_derivation_001_to_000(seeds_report: Report) -> None:
    [edge] = seeds_report.edges
    assert (edge.a, edge.b) == (_id(seeds_report, "001"), _id(seeds_report, "000"))
    assert (edge.relation, edge.direction) == ("rewrite", "a->b")


def test_other_seeds_are_related_coverage(seeds_report: Report) -> None:
    ids = {_id(seeds_report, p) for p in ("000", "001", "002", "003", "004")}
    assert any(set(c) == ids for c in seeds_report.clusters)
    for pair, c in seeds_report.comparisons.items():
        if set(pair) != {_id(seeds_report, "000"), _id(seeds_report, "001")}:
            assert c.relation == "related", pair


def test_withdrawal_dates_agree_across_001_000_002(seeds_report: Report) -> None:
    want = {_id(seeds_report, p) for p in ("000", "001", "002")}
    rows = [r for r in seeds_report.fact_table
            if r.kind == "date" and {c.doc for c in r.cells} >= want]
    values = sorted({c.fact.value for r in rows for c in r.cells})
    assert values == ["2025-09", "2026-09"]
    assert rows and not any(r.divergent for r in rows)


def test_outlet_furniture_in_a_collection_is_not_reuse() -> None:
    policy = (
        "Daily Example is an independent newspaper founded in 1901 and owned by a trust "
        "of its readers in the valley towns."
    )
    texts = [
        "Flood waters rose across the valley on Monday and 300 homes were evacuated by "
        "rescue teams working through the night.",
        "The central bank raised its main interest rate to 4 percent, citing prices that "
        "kept climbing through the summer months.",
    ]
    docs = [
        normalize_text(f"Title {k}\n\nBy Staff, Daily Example\n\n{t}\n\n{policy}\n",
                       label=f"d{k}.txt")
        for k, t in enumerate(texts)
    ]
    docs = [dataclasses.replace(d, outlet="Daily Example") for d in docs]
    assert all(any(p.canon == policy for p in d.paragraphs) for d in docs)
    stripped = strip_outlet_boilerplate(docs)
    for d in stripped:
        assert not any(p.canon == policy for p in d.paragraphs)
        assert any("recurs in 2 articles" in b.reason for b in d.boilerplate)
    report = build_report(stripped, fast=True)
    assert report.edges == ()


def test_report_cli_json_validates(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    r = runner.invoke(app, ["report", str(ROOT / "seeds"), "--fast", "-f", "json", "-o", str(out)])
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads(
        resources.files("provcheck").joinpath("schema/report.schema.json").read_text()
    )
    jsonschema.validate(doc, schema)
    assert [d["id"] for d in doc["documents"]] == [
        str(p) for p in sorted((ROOT / "seeds").iterdir())
    ]
    assert len(doc["edges"]) == 1


def test_report_markdown_reads_derivations_then_divergences() -> None:
    # who derived from whom and what each copy changed, then the fact table
    r = runner.invoke(app, ["report", str(ROOT / "seeds"), "--fast"])
    assert r.exit_code == 0, r.output
    md = r.stdout
    assert md.index("## Derivations") < md.index("## Divergent facts") < md.index("## Articles")


def test_report_skips_unreadable_files_in_folders(tmp_path: Path) -> None:
    shutil.copy(ROOT / "seeds" / sorted(p.name for p in (ROOT / "seeds").iterdir())[0],
                tmp_path / "a.txt")
    shutil.copy(FIXTURES / "bad" / "binary.bin", tmp_path / "b.bin")
    r = runner.invoke(app, ["report", str(tmp_path), "--fast", "-f", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert [s["path"] for s in doc["skipped"]] == [str(tmp_path / "b.bin")]
    assert "warning: skipped" in r.stderr


@pytest.mark.parametrize("bad", ["missing-folder", "empty"])
def test_report_errors(tmp_path: Path, bad: str) -> None:
    target = tmp_path / bad
    if bad == "empty":
        target.mkdir()
    r = runner.invoke(app, ["report", str(target)])
    assert r.exit_code == 3
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("provcheck: error:")


def test_named_unreadable_file_is_an_error() -> None:
    r = runner.invoke(app, ["report", str(ROOT / "seeds"), str(FIXTURES / "bad" / "empty.txt")])
    assert r.exit_code == 3


def test_find_files_walks_folders_once(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    (tmp_path / "y.txt").write_text("y")
    files = find_files([str(tmp_path), str(tmp_path / "y.txt")])
    assert files == [str(tmp_path / "sub" / "x.txt"), str(tmp_path / "y.txt")]


def test_report_json_is_byte_identical_whatever_the_order_of_files() -> None:
    files = sorted(str(p) for p in (ROOT / "seeds").iterdir())
    runs = [
        runner.invoke(app, ["report", *order, "--fast", "-f", "json"]).stdout
        for order in (files, list(reversed(files)), [files[2], files[0], files[4], files[1],
                                                     files[3]])
    ]
    assert runs[0] == runs[1] == runs[2]
    doc = json.loads(runs[0])
    assert doc["generator"]["version"] == provcheck.__version__
    assert doc["generator"]["model"] is None and doc["mode"] == "fast"
    assert doc["generator"]["settings"]["link_threshold_fast"] > 0
