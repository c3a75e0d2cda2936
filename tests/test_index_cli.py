"""``provcheck index remove`` / ``list`` / ``stats`` and the index errors (exit 4)."""

from __future__ import annotations

import json
from pathlib import Path

from provcheck.collection.index import open_index
from tests.conftest import seed
from tests.indexutil import cli as _cli


def test_index_errors(tmp_path: Path) -> None:
    r = _cli("check", str(seed("000")), "--db", str(tmp_path / "missing.db"))
    assert r.exit_code == 4
    bad = tmp_path / "bad.db"
    bad.write_text("not a database")
    r = _cli("index", "stats", "--db", str(bad))
    assert r.exit_code == 4
    assert r.stderr.startswith("provcheck: error:")


def test_remove_and_list(db: Path) -> None:
    with open_index(db) as index:
        first = index.documents()[0]
    assert _cli("index", "remove", f"#{first.id}", "--db", str(db)).exit_code == 0
    r = _cli("index", "list", "--db", str(db), "-f", "json")
    assert first.path not in [d["path"] for d in json.loads(r.stdout)]
    with open_index(db) as index:
        assert index.integrity() == "ok"
