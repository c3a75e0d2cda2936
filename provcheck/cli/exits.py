"""Errors to exit codes: one line on stderr, then the code the module ``app`` documents."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NoReturn

import typer

from ..errors import ProvcheckError


def fail(message: str, code: int) -> NoReturn:
    """``provcheck: error: MESSAGE`` on stderr, exit ``code``."""
    typer.echo(f"provcheck: error: {message}", err=True)
    raise typer.Exit(code)


def guarded(fn: Callable[[], None]) -> None:
    """Run a command's work: a provcheck error exits with its code, an interrupt with
    130, a database error with 4 (no usable index), anything else with 1 (a bug)."""
    try:
        return fn()
    except ProvcheckError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except typer.Exit:
        raise
    except Exception as exc:
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is not None and isinstance(exc, sqlite3.DatabaseError):
            # the index module turns these into IndexStoreError; never an exit 1
            fail(f"index error ({exc})", 4)
        fail(f"internal error ({type(exc).__name__}: {exc}); please report it", 1)
