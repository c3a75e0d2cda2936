"""Options from the collection's ``pyproject.toml`` (``[tool.provcheck]``) or ``provcheck.toml``.

Looked up from the current folder upwards; the first file found that has provcheck
settings wins. Keys (all optional)::

    [tool.provcheck]            # in provcheck.toml: top level, or a [provcheck] table
    db = "provcheck.db"         # the index file, relative to the config file
    fail_on = "rewrite"         # reprint | edited | rewrite | partial
    fail_on_divergence = false
    fast = false

Command-line options override the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import UsageError

DEFAULT_DB = "provcheck.db"
LEVELS = ("reprint", "edited", "rewrite", "partial")


@dataclass(frozen=True)
class Config:
    db: Path
    fail_on: str = "rewrite"
    fail_on_divergence: bool = False
    fast: bool = False
    source: Path | None = None
    """The file the settings came from (None: defaults)."""


def _settings(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: cannot read settings ({exc})") from None
    if path.name == "pyproject.toml":
        found = data.get("tool", {}).get("provcheck")
    else:
        found = data.get("provcheck", data)
    return found if isinstance(found, dict) else None


def load_config(start: Path | None = None) -> Config:
    """Settings for a run started in ``start`` (default: the current folder)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("provcheck.toml", "pyproject.toml"):
            path = folder / name
            if not path.is_file():
                continue
            settings = _settings(path)
            if settings is None:
                continue
            unknown = set(settings) - {"db", "fail_on", "fail_on_divergence", "fast"}
            if unknown:
                names = ", ".join(sorted(unknown))
                raise UsageError(f"{path}: unknown provcheck settings: {names}")
            fail_on = str(settings.get("fail_on", "rewrite"))
            if fail_on not in LEVELS:
                raise UsageError(f"{path}: fail_on must be one of {', '.join(LEVELS)}")
            return Config(
                db=folder / str(settings.get("db", DEFAULT_DB)),
                fail_on=fail_on,
                fail_on_divergence=bool(settings.get("fail_on_divergence", False)),
                fast=bool(settings.get("fast", False)),
                source=path,
            )
    return Config(db=Path(DEFAULT_DB))
