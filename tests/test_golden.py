"""Golden cases: tests/cases/<name>/case.json names the inputs and flags; expected.json
and expected.md hold the output. A missing expected file fails its case (a new case
must be generated on purpose, not pass by writing whatever came out). Regenerate with
``pytest --update-golden`` and review the diff before committing."""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import json
from pathlib import Path

import pytest

import provcheck
from provcheck.collection.articles import load, strip_outlet_boilerplate
from provcheck.collection.report import build_report
from provcheck.render import render, render_report
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


def check_outputs(case: Path, outputs: dict[str, str], update: bool) -> None:
    """Compare each output with its expected file in ``case``; fail on a difference or
    a missing file. With ``update``, (re)write the files instead."""
    missing = []
    for name, got in outputs.items():
        path = case / name
        if update:
            path.write_text(got, encoding="utf-8")
            continue
        if not path.exists():
            missing.append(name)
            continue
        want = path.read_text(encoding="utf-8")
        if got != want:
            diff = "".join(
                difflib.unified_diff(
                    want.splitlines(True), got.splitlines(True), str(path), "current output"
                )
            )
            pytest.fail(f"{case.name}/{name} differs (pytest --update-golden to accept):\n{diff}")
    if missing:
        pytest.fail(
            f"{case.name}: expected file(s) missing: {', '.join(missing)} "
            "(run pytest tests/test_golden.py --update-golden to create them, then review)"
        )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path, update_golden: bool) -> None:
    check_outputs(case, _output(case), update_golden)


def test_missing_expected_files_fail_unless_updating(tmp_path: Path) -> None:
    case = tmp_path / "new-case"
    case.mkdir()
    outputs = {"expected.json": '{"relation": "reprint"}\n', "expected.md": "# reprint\n"}
    with pytest.raises(pytest.fail.Exception, match=(
        r"new-case: expected file\(s\) missing: expected.json, expected.md "
        r"\(run pytest .*--update-golden"
    )):
        check_outputs(case, outputs, update=False)
    assert not (case / "expected.json").exists()  # nothing was written silently
    check_outputs(case, outputs, update=True)
    assert (case / "expected.md").read_text(encoding="utf-8") == "# reprint\n"
    check_outputs(case, outputs, update=False)  # now they match
    (case / "expected.md").unlink()
    with pytest.raises(pytest.fail.Exception, match=r"missing: expected.md \("):
        check_outputs(case, outputs, update=False)


def test_a_differing_expected_file_fails_with_its_diff(tmp_path: Path) -> None:
    (tmp_path / "expected.md").write_text("# reprint\n", encoding="utf-8")
    diff = r"(?s)expected.md differs .*\n-# reprint\n\+# rewrite"
    with pytest.raises(pytest.fail.Exception, match=diff):
        check_outputs(tmp_path, {"expected.md": "# rewrite\n"}, update=False)


def test_cases_exist() -> None:
    assert {c.name for c in CASES} >= {
        "flagship-rewrite", "same-site-furniture", "related-story", "seeds-report"
    }
