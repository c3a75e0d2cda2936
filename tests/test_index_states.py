"""Every command against every state an index file can be in: a file it would refuse to
read is refused by every command, reading or writing (exit 4, one line on stderr, no
traceback), and left byte-identical, its vector file too, nothing created beside it.

The states: 0 bytes, another program's SQLite database, bytes that are not SQLite, a
real index of the seeds with 20 KiB overwritten in its middle, the same index cut to
half its size. The index is built once for the module and copied for each case.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from provcheck.collection.index import open_index
from provcheck.collection.vectors import vector_file
from provcheck.errors import IndexStoreError
from tests.conftest import SEEDS, seed
from tests.indexutil import cli

NEW_ARTICLE = (
    "Council approves the river bridge\n\n"
    "The city council voted on Tuesday to build a footbridge over the river, at a cost "
    "of 4.2 million pounds, with work to start in March 2027, the mayor's office said.\n\n"
    "Residents of both banks had asked for a crossing for more than a decade, and the "
    "plan drew 312 letters of support during the consultation.\n"
)


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real index of the seeds (with its vector file), built once for the module."""
    path = tmp_path_factory.mktemp("seeds-index") / "index.db"
    r = cli("index", "add", str(SEEDS), "--db", str(path))
    assert r.exit_code == 0, r.output
    return path


def _copy(src: Path, dst: Path) -> None:
    shutil.copyfile(src, dst)
    shutil.copyfile(vector_file(src), vector_file(dst))


def _zero(src: Path, db: Path) -> None:
    db.write_bytes(b"")


def _foreign(src: Path, db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.execute("INSERT INTO notes (body) VALUES ('not an index')")
    con.commit()
    con.close()


def _garbage(src: Path, db: Path) -> None:
    db.write_bytes(random.Random(1).randbytes(50_000))


def _damaged(src: Path, db: Path) -> None:
    """20 KiB of junk over the middle of a real index (its vector file beside it)."""
    _copy(src, db)
    data = bytearray(db.read_bytes())
    middle = len(data) // 2
    data[middle - 10240 : middle + 10240] = random.Random(7).randbytes(20480)
    db.write_bytes(bytes(data))


def _truncated(src: Path, db: Path) -> None:
    """A real index cut to half its size (its vector file beside it)."""
    _copy(src, db)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])


STATES: dict[str, tuple[Callable[[Path, Path], None], tuple[str, ...]]] = {
    "0 bytes": (_zero, ("an empty file (0 bytes), not a provcheck index",)),
    "foreign SQLite": (_foreign, ("an SQLite database, but not a provcheck index",)),
    "garbage": (_garbage, ("not a provcheck index (not an SQLite database)",)),
    "damaged": (_damaged, ("the index is damaged",)),
    "truncated": (_truncated, ("the index is damaged",)),
}

COMMANDS: dict[str, list[str]] = {
    "index add": ["index", "add", "{new}", "--db", "{db}"],
    "index add, held": ["index", "add", "{held}", "--db", "{db}"],
    "index remove": ["index", "remove", "#1", "--db", "{db}"],
    "index remove, path": ["index", "remove", "{held}", "--db", "{db}"],
    "index list": ["index", "list", "--db", "{db}"],
    "index stats": ["index", "stats", "--db", "{db}"],
    "check": ["check", "{new}", "--db", "{db}", "--fast"],
    "check --add": ["check", "{new}", "--db", "{db}", "--add"],
    "scan": ["scan", "--db", "{db}", "--fast"],
    "report --db": ["report", "--db", "{db}", "-f", "json"],
}


def _state_of(path: Path) -> tuple[bytes | None, ...]:
    """The bytes of the index, of its vector file, and which files lie beside it."""
    vf = vector_file(path)
    side = tuple(sorted(p.name.encode() for p in path.parent.iterdir()
                        if p.name.startswith(path.name)))
    return (path.read_bytes(), vf.read_bytes() if vf.exists() else None, *side)


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_refuses_a_file_it_cannot_trust_and_leaves_it_as_it_was(
    seeds_index: Path, tmp_path: Path, state: str, command: str
) -> None:
    make, messages = STATES[state]
    db = tmp_path / "index.db"
    make(seeds_index, db)
    new = tmp_path / "new.txt"
    new.write_text(NEW_ARTICLE, encoding="utf-8")
    before = _state_of(db)
    args = [a.format(db=db, new=new, held=seed("001")) for a in COMMANDS[command]]
    r = cli(*args)
    assert r.exit_code == 4, (state, command, r.output)
    assert r.stdout == "", "no result from an index that cannot be trusted"
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith(f"provcheck: error: {db}: ")
    assert any(m in lines[0] for m in messages), lines[0]
    assert "Traceback" not in r.output and "internal error" not in r.output
    assert _state_of(db) == before, "the file was written to"


def test_the_damage_is_found_by_verification_not_by_chance(seeds_index: Path,
                                                          tmp_path: Path) -> None:
    """The damaged copy is refused for the verification's reason (quick_check), by the
    commands that read no damaged row as much as by the others."""
    db = tmp_path / "index.db"
    _damaged(seeds_index, db)
    for args in (["index", "list"], ["index", "stats"], ["index", "add", str(seed("001"))]):
        r = cli(*args, "--db", str(db))
        assert r.exit_code == 4, r.output
        assert "the index is damaged (quick_check: " in r.stderr, r.stderr
        assert "*** in database" not in r.stderr


def test_a_sound_copy_is_used_by_every_command(seeds_index: Path, tmp_path: Path) -> None:
    """The copies above are refused for their damage only: an untouched copy works."""
    db = tmp_path / "index.db"
    _copy(seeds_index, db)
    new = tmp_path / "new.txt"
    new.write_text(NEW_ARTICLE, encoding="utf-8")
    for name in ("index list", "index stats", "check", "index add", "index remove",
                 "scan", "report --db"):
        args = [a.format(db=db, new=new, held=seed("001")) for a in COMMANDS[name]]
        r = cli(*args)
        assert r.exit_code == 0, (name, r.output)


def test_a_writer_closed_unused_leaves_a_damaged_file_as_it_was(seeds_index: Path,
                                                              tmp_path: Path) -> None:
    """Closing a writer settles the file (journal mode, vector file) only once it was
    verified: a damaged file opened for writing and closed is not touched."""
    db = tmp_path / "index.db"
    _damaged(seeds_index, db)
    before = _state_of(db)
    with open_index(db, create=False):
        pass
    assert _state_of(db) == before


def test_a_writer_verifies_before_it_writes(seeds_index: Path, tmp_path: Path) -> None:
    db = tmp_path / "index.db"
    _copy(seeds_index, db)
    with open_index(db, create=False) as index:
        assert index.count() == 5  # the first operation verified the file
        assert index.verify_in_background()() == "crc32"  # not verified twice
    _damaged(seeds_index, db)
    before = _state_of(db)
    with pytest.raises(IndexStoreError, match="the index is damaged"):
        open_index(db, create=False, verify=True)
    with open_index(db, create=False) as index, pytest.raises(IndexStoreError):
        index.remove_all([1])
    assert _state_of(db) == before
