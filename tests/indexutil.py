"""Helpers shared by the index, check and scan tests (their ``db`` fixture is in conftest)."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from provcheck.cli.app import app

runner = CliRunner()


def cli(*args: str) -> Result:
    """Run ``provcheck ARGS...`` in-process."""
    return runner.invoke(app, list(args))
