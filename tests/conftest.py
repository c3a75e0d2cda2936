"""Shared test fixtures: paths, the dev data location, the golden-file switch."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = ROOT / "seeds"
EVAL_DEV = Path(os.environ.get("PROVCHECK_EVAL", ROOT.parent / "shared" / "eval")) / "dev"


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (seeds are named NNN_hash.txt)."""
    (match,) = sorted(SEEDS.glob(f"{prefix}_*"))
    return match


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the expected files of tests/cases from the current output",
    )


@pytest.fixture(autouse=True)
def _snapshots_in_tmp(tmp_path_factory: pytest.TempPathFactory,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages fetched by a test are kept under pytest's temporary folder, never in the
    user's cache (the CLI's default snapshot folder)."""
    monkeypatch.setenv("PROVCHECK_SNAPSHOTS", str(tmp_path_factory.mktemp("snapshots")))


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy between any test and 127.0.0.1, the only host tests reach."""
    from tests.localserver import no_proxy

    no_proxy(monkeypatch)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    """An index of seeds 001-004 (not 000, the flagship rewrite of 001), built by
    ``provcheck index add``."""
    from tests.indexutil import cli

    path = tmp_path / "index.db"
    r = cli("index", "add", *(str(seed(p)) for p in ("001", "002", "003", "004")),
            "--db", str(path))
    assert r.exit_code == 0, r.output
    return path


@pytest.fixture
def eval_dev() -> Path:
    if not EVAL_DEV.is_dir():
        pytest.skip(f"evaluation data not found at {EVAL_DEV} (../shared/eval is absent)")
    return EVAL_DEV
