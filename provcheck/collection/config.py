"""Options from the collection's ``pyproject.toml`` (``[tool.provcheck]``) or ``provcheck.toml``.

Looked up from the current folder upwards; the first file found that has provcheck
settings wins. Keys (all optional)::

    [tool.provcheck]            # in provcheck.toml: top level, or a [provcheck] table
    db = "provcheck.db"         # the index file, relative to the config file
    fail_on = "rewrite"         # reprint | edited | rewrite | partial
    fail_on_divergence = false
    fail_on_reverse = false     # true: also fail when an indexed article derives from the new one
    fast = false

Command-line options override the file, the same way for every command
(:func:`resolve`): ``--db`` over ``db``, ``--fail-on`` over ``fail_on``,
``--fail-on-divergence/--no-fail-on-divergence`` over ``fail_on_divergence``,
``--fail-on-reverse/--no-fail-on-reverse`` over ``fail_on_reverse``, and
``--fast`` turns fast mode on whatever ``fast`` says.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..models import DERIVED_RELATIONS

DEFAULT_DB = "provcheck.db"
DEFAULT_FAIL_ON = "rewrite"
KEYS = ("db", "fail_on", "fail_on_divergence", "fail_on_reverse", "fast")


@dataclass(frozen=True)
class Config:
    db: Path
    fail_on: str = DEFAULT_FAIL_ON
    fail_on_divergence: bool = False
    fast: bool = False
    source: Path | None = None
    """The file the settings came from (None: defaults)."""
    fail_on_reverse: bool = False
    """Fail when an indexed article derives from the new one (the new one is the
    original: a collection that must not hold later copies of its new articles)."""


def _config_table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: cannot read settings ({exc})") from None
    if path.name == "pyproject.toml":
        found = data.get("tool", {}).get("provcheck")
    else:
        found = data.get("provcheck", data)
    return found if isinstance(found, dict) else None


def check_fail_on(level: str, where: str) -> str:
    """``level`` if it is a relation level (:data:`provcheck.models.DERIVED_RELATIONS`)."""
    if level not in DERIVED_RELATIONS:
        raise UsageError(f"{where}: fail_on must be one of {', '.join(DERIVED_RELATIONS)}")
    return level


def load_config(start: Path | None = None) -> Config:
    """The configuration for a run started in ``start`` (default: the current folder):
    the nearest ``provcheck.toml`` or ``[tool.provcheck]`` table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("provcheck.toml", "pyproject.toml"):
            path = folder / name
            if not path.is_file():
                continue
            table = _config_table(path)
            if table is None:
                continue
            unknown = set(table) - set(KEYS)
            if unknown:
                names = ", ".join(sorted(unknown))
                raise UsageError(f"{path}: unknown provcheck settings: {names}")
            return Config(
                db=folder / str(table.get("db", DEFAULT_DB)),
                fail_on=check_fail_on(str(table.get("fail_on", DEFAULT_FAIL_ON)), str(path)),
                fail_on_divergence=bool(table.get("fail_on_divergence", False)),
                fast=bool(table.get("fast", False)),
                source=path,
                fail_on_reverse=bool(table.get("fail_on_reverse", False)),
            )
    return Config(db=Path(DEFAULT_DB))


def resolve(
    *,
    db: Path | None = None,
    fast: bool = False,
    fail_on: str | None = None,
    fail_on_divergence: bool | None = None,
    fail_on_reverse: bool | None = None,
    start: Path | None = None,
) -> Config:
    """A command's options: the options given on its command line over the config
    file (found from ``start``, default the current folder) over the defaults.

    ``None`` means "not given". ``fast`` is a switch: given, it turns fast mode on.
    """
    found = load_config(start)
    return Config(
        db=found.db if db is None else db,
        fail_on=found.fail_on if fail_on is None else check_fail_on(fail_on, "--fail-on"),
        fail_on_divergence=(found.fail_on_divergence if fail_on_divergence is None
                            else fail_on_divergence),
        fast=fast or found.fast,
        source=found.source,
        fail_on_reverse=found.fail_on_reverse if fail_on_reverse is None else fail_on_reverse,
    )
