"""Settings from the collection's ``pyproject.toml`` ``[tool.provcheck]``."""

from __future__ import annotations

from pathlib import Path

from provcheck.collection.config import load_config


def test_config_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.provcheck]\ndb = "data/idx.db"\nfail_on = "edited"\n', encoding="utf-8"
    )
    sub = tmp_path / "articles"
    sub.mkdir()
    cfg = load_config(sub)
    assert cfg.db == tmp_path / "data" / "idx.db"
    assert cfg.fail_on == "edited"
