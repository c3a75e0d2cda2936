"""Golden cases: tests/cases/<name>/case.json names the inputs and flags; expected.json
and expected.md hold the output. Regenerate with ``pytest --update-golden`` and review
the diff before committing."""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import json
from pathlib import Path

import pytest

import provcheck
from provcheck.collection import load, strip_outlet_boilerplate
from provcheck.render import render, render_report
from provcheck.report import build_report
from tests.conftest import ROOT

CASES = sorted(p for p in (ROOT / "tests" / "cases").iterdir() if (p / "case.json").exists())


def _resolve(pattern: str) -> Path:
    (match,) = sorted(ROOT.glob(pattern))
    return match


def _report_output(spec: dict[str, object]) -> dict[str, str]:
    paths = spec["report"]
    assert isinstance(paths, list)
    with contextlib.chdir(ROOT):  # ids are the paths as given, relative to the checkout
        docs = strip_outlet_boilerplate(load(paths))
        result = build_report(docs, fast=bool(spec.get("fast", False)))
    return {"expected.json": render_report(result, "json"),
            "expected.md": render_report(result, "md")}


def _output(case: Path) -> dict[str, str]:
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    if "report" in spec:
        return _report_output(spec)
    a, b = _resolve(spec["a"]), _resolve(spec["b"])
    result = provcheck.compare(a, b, fast=spec.get("fast", False))
    # paths as the case names them, so the files do not depend on the checkout
    result = dataclasses.replace(
        result,
        a=dataclasses.replace(result.a, path=spec["a"]),
        b=dataclasses.replace(result.b, path=spec["b"]),
    )
    return {"expected.json": render(result, "json"), "expected.md": render(result, "md")}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path, update_golden: bool) -> None:
    for name, got in _output(case).items():
        path = case / name
        if update_golden or not path.exists():
            path.write_text(got, encoding="utf-8")
            continue
        want = path.read_text(encoding="utf-8")
        if got != want:
            diff = "".join(
                difflib.unified_diff(
                    want.splitlines(True), got.splitlines(True), str(path), "current output"
                )
            )
            pytest.fail(f"{case.name}/{name} differs (pytest --update-golden to accept):\n{diff}")


def test_cases_exist() -> None:
    assert {c.name for c in CASES} >= {
        "flagship-rewrite", "same-site-furniture", "related-story", "seeds-report"
    }
