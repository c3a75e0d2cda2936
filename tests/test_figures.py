"""The guarded figures (benchmarks/figures.py against benchmarks/figures.json): a
figure that got worse beyond its tolerance fails, naming it. The measurement needs
../shared/eval (skipped when absent); the checking rules are tested on their own."""

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import figures


@pytest.mark.eval
def test_recorded_figures_hold(eval_dev: Path) -> None:
    record = figures.load_record()
    m = figures.measure()
    rows = figures.check(m, record)
    print(figures.table(rows))
    bad = figures.failures(rows)
    assert not bad, ("figures worse than benchmarks/figures.json beyond tolerance "
                     "(docs/figures.md: how to change a record deliberately):\n  "
                     + "\n  ".join(bad))


def test_record_is_complete() -> None:
    """Every figure the script measures is recorded, with a tolerance and a direction."""
    figs = figures.load_record()["figures"]
    assert set(figs) == set(figures.SPEC)
    for name, rec in figs.items():
        assert rec["better"] in ("higher", "lower"), name
        assert rec["tolerance"] >= 0, name
        assert isinstance(rec["value"], (int, float)), name


def _record(value: float, better: str, tolerance: float, **more: object) -> dict[str, Any]:
    return {"sample": {}, "figures": {"x.f": {"value": value, "better": better,
                                              "tolerance": tolerance, **more}}}


def _status(measured: float | None, record: dict[str, Any]) -> str:
    m = figures.Measurement()
    m.put("x.f", measured)
    (row,) = figures.check(m, record)
    return row.status


@pytest.mark.parametrize(
    ("measured", "better", "status"),
    [
        (0.80, "higher", "ok"),
        (0.85, "higher", "better"),  # an improvement passes (the record may be raised)
        (0.78, "higher", "moved"),  # within tolerance: passes, shown
        (0.75, "higher", "WORSE"),
        (0.80, "lower", "ok"),
        (0.75, "lower", "better"),
        (0.85, "lower", "WORSE"),
    ],
)
def test_check_direction_and_tolerance(measured: float, better: str, status: str) -> None:
    assert _status(measured, _record(0.80, better, 0.03)) == status


def test_check_missing_noisy_and_unguarded() -> None:
    assert _status(None, _record(0.8, "higher", 0.0)) == "MISSING"
    noisy = _record(2.0, "lower", 1.0, noisy=True)
    assert _status(1.5, noisy) == "ok (noisy)"
    assert _status(2.9, noisy) == "ok (noisy)"
    assert _status(3.1, noisy) == "WORSE"
    info = _record(0.8, "higher", 0.0, guarded=False)
    assert _status(0.1, info) == "info (moved)"


def test_changed_sample_fails() -> None:
    m = figures.Measurement()
    m.sample["meter_stories"] = ["courts/x/y"]
    record = {"sample": {"meter_stories": ["courts/x/z"]}, "figures": {}}
    (row,) = figures.check(m, record)
    assert row.fails and row.status == "SAMPLE"
