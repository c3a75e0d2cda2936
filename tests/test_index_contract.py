"""The index contract: what is not an index is refused (exit 4, one line) and never
written; reading commands leave an index byte-identical; ``check`` checks every
readable input and ranks its exit code 4 > 3 > 1 > 0; ``index remove`` is all or
nothing."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from provcheck.collection.check import CheckRun
from provcheck.collection.index import open_index
from provcheck.collection.scan import scan
from provcheck.collection.vectors import vector_file
from tests.conftest import seed
from tests.indexutil import cli

# ------------------------------------------------------------------ helpers


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _side_files(path: Path) -> list[str]:
    """The files SQLite or provcheck keep beside an index (journal, WAL, vectors)."""
    return sorted(p.name for p in path.parent.iterdir()
                  if p.name.startswith(path.name) and p.name != path.name)


def _zero(path: Path) -> None:
    path.write_bytes(b"")


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(3000) + b"\x00\xff" * 500)


def _foreign(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.execute("INSERT INTO notes (body) VALUES ('not an index')")
    con.commit()
    con.close()


def _foreign_wal(path: Path) -> None:
    """Another program's SQLite database, in WAL mode."""
    _foreign(path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.close()


NOT_AN_INDEX: dict[str, tuple[Callable[[Path], None], str]] = {
    "zero bytes": (_zero, "an empty file (0 bytes), not a provcheck index"),
    "garbage": (_garbage, "not a provcheck index (not an SQLite database)"),
    "another SQLite database": (_foreign, "an SQLite database, but not a provcheck index"),
    "another SQLite database, WAL": (_foreign_wal,
                                     "an SQLite database, but not a provcheck index"),
}

READING = [
    ["check", "{article}", "--db", "{db}"],
    ["check", "{article}", "--db", "{db}", "--fast", "-f", "json"],
    ["index", "list", "--db", "{db}"],
    ["index", "list", "--db", "{db}", "-f", "json"],
    ["index", "stats", "--db", "{db}"],
    ["report", "--db", "{db}", "-f", "json"],
]
WRITING = [
    ["scan", "--db", "{db}", "--fast"],
    ["index", "add", "{article}", "--db", "{db}"],
    ["index", "remove", "#1", "--db", "{db}"],
    ["check", "{article}", "--db", "{db}", "--add"],
]


def _args(template: list[str], db: Path) -> list[str]:
    return [a.format(db=db, article=seed("000")) for a in template]


def _one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("provcheck: error: ")
    assert "Traceback" not in stderr and "internal error" not in stderr
    return lines[0]


# ------------------------------------------------------------------ not an index


@pytest.mark.parametrize("kind", sorted(NOT_AN_INDEX))
@pytest.mark.parametrize("command", READING + WRITING,
                         ids=[" ".join(c[:2]) + (" " + c[-1] if c[-1].startswith("-") else "")
                              for c in READING + WRITING])
def test_a_file_that_is_not_an_index_is_refused_and_left_as_it_was(
    tmp_path: Path, kind: str, command: list[str]
) -> None:
    make, message = NOT_AN_INDEX[kind]
    db = tmp_path / "index.db"
    make(db)
    before, side = _digest(db), _side_files(db)
    r = cli(*_args(command, db))
    assert r.exit_code == 4, r.output
    line = _one_error_line(r.stderr)
    assert message in line
    assert _digest(db) == before, "the file was written to"
    assert _side_files(db) == side


def test_a_missing_index_is_exit_4_for_readers(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    for command in READING:
        r = cli(*_args(command, missing))
        assert r.exit_code == 4, (command, r.output)
        assert "no index here" in _one_error_line(r.stderr)
    assert not missing.exists()


# ------------------------------------------------------------------ damaged pages


def _damage_pages(db: Path, pages: list[int]) -> None:
    """Overwrite the given pages (1-based) with random bytes, past their first bytes."""
    size = sqlite3.connect(db).execute("PRAGMA page_size").fetchone()[0]
    with db.open("r+b") as fh:
        for page in pages:
            fh.seek((page - 1) * size + 8)
            fh.write(os.urandom(size - 16))


def _root_page(db: Path, table: str) -> int:
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT rootpage FROM sqlite_master WHERE name=?",
                               (table,)).fetchone()[0])
    finally:
        con.close()


def test_damaged_pages_in_the_middle_are_exit_4_never_1(db: Path) -> None:
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]
    _damage_pages(db, list(range(2, pages + 1, 2)))
    for command in [*READING, *WRITING]:
        r = cli(*_args(command, db))
        assert r.exit_code == 4, (command, r.output)
        assert "damaged" in _one_error_line(r.stderr) or "not a provcheck index" in r.stderr


def test_check_finds_damage_where_it_does_not_read(db: Path) -> None:
    """A damaged page of a table ``check`` never reads (the scan's results) still stops
    it: the whole file is verified before a result is printed."""
    assert cli("index", "add", str(seed("000")), "--db", str(db)).exit_code == 0
    scan(db, fast=True)
    r = cli("check", str(seed("000")), "--db", str(db), "--fast")
    assert r.exit_code == 0, r.output  # held
    before = _digest(db)
    _damage_pages(db, [_root_page(db, "pairs")])
    r = cli("check", str(seed("000")), "--db", str(db), "--fast")
    assert r.exit_code == 4, r.output
    assert r.stdout == ""  # no result from a damaged index
    line = _one_error_line(r.stderr)
    assert "the index is damaged" in line and "quick_check" in line
    assert _digest(db) != before


def test_verification_takes_the_crc_route_for_a_file_as_its_writer_left_it(db: Path) -> None:
    with open_index(db, readonly=True) as index:
        assert index.verify() == "crc32"
    con = sqlite3.connect(db)  # another program changes the file: quick_check decides
    con.execute("INSERT INTO meta VALUES ('note', 'changed outside provcheck')")
    con.commit()
    con.close()
    with open_index(db, readonly=True) as index:
        assert index.verify() == "quick_check"


# ------------------------------------------------------------------ reading commands


@pytest.mark.parametrize("command", READING, ids=[" ".join(c[:2]) for c in READING])
def test_a_reading_command_leaves_the_index_byte_identical(
    db: Path, command: list[str]
) -> None:
    vectors = vector_file(db)
    before = (_digest(db), _digest(vectors), _side_files(db))
    r = cli(*_args(command, db))
    assert r.exit_code in (0, 1), r.output
    assert (_digest(db), _digest(vectors), _side_files(db)) == before
    assert _side_files(db) == [vectors.name]  # no -wal, -shm or -journal left behind


def test_a_reading_command_does_not_write_an_index_left_in_wal_mode(db: Path) -> None:
    """An index an older provcheck left in WAL mode, without a vector file: read, it
    stays byte-identical (SQLite may add its empty -wal and -shm files beside it)."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.close()
    vector_file(db).unlink()
    before = _digest(db)
    for command in READING:
        r = cli(*_args(command, db))
        assert r.exit_code in (0, 1), r.output
    assert _digest(db) == before
    assert not vector_file(db).exists()


def test_a_writer_that_writes_nothing_leaves_the_file_as_it_was(db: Path) -> None:
    before = _digest(db)
    r = cli("index", "add", str(seed("001")), "--db", str(db))  # already held
    assert r.exit_code == 0, r.output
    r = cli("check", str(seed("000")), "--db", str(db), "--add")  # fails: not added
    assert r.exit_code == 1, r.output
    assert _digest(db) == before


# ------------------------------------------------------------------ check: every input


def test_check_checks_every_readable_input_and_names_the_unreadable(
    db: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    r = cli("check", str(seed("002")), str(missing), str(empty), str(seed("000")),
            "--db", str(db), "-f", "json")
    assert r.exit_code == 3, r.output  # unreadable input outranks the copy found
    doc = json.loads(r.stdout)
    assert [Path(x["path"]).name[:3] for x in doc["results"]] == ["002", "000"]
    assert [x["status"] for x in doc["results"]] == ["held", "fail"]
    assert doc["unreadable"] == [{"path": str(missing), "reason": "no such file or folder"}]
    # an empty file is no article: skipped with a notice, not unreadable
    assert doc["skipped"] == [{"path": str(empty), "reason": "empty text"}]
    assert r.stderr.strip().splitlines() == [
        f"provcheck: notice: skipped {empty}: empty text",
        f"provcheck: error: {missing}: no such file or folder",
    ]


def test_check_text_output_keeps_the_results_of_the_readable_inputs(
    db: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.txt"
    r = cli("check", str(missing), str(seed("000")), "--db", str(db))
    assert r.exit_code == 3
    assert r.stdout.startswith("FAIL  ")
    assert "1 could not be read" in r.stdout
    assert r.stderr.count("provcheck: error:") == 1


def test_check_junit_and_github_name_the_unreadable_input(db: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    r = cli("check", str(seed("002")), str(missing), "--db", str(db), "-f", "junit")
    assert r.exit_code == 3
    assert 'errors="1"' in r.stdout and "<error message=" in r.stdout
    r = cli("check", str(seed("002")), str(missing), "--db", str(db), "-f", "github")
    assert r.exit_code == 3
    assert "::error file=" in r.stdout and "cannot read the article" in r.stdout


# ------------------------------------------------------------------ exit code precedence


def test_exit_code_precedence(db: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    bad_index = tmp_path / "zero.db"
    bad_index.write_bytes(b"")
    cases = [
        # (articles, index, exit code)
        ([seed("002")], db, 0),  # held: passes
        ([seed("000")], db, 1),  # a rewrite of 001
        ([seed("002"), missing], db, 3),
        ([seed("000"), missing], db, 3),  # 3 > 1
        ([seed("000"), missing], bad_index, 4),  # 4 > 3 > 1
        ([seed("000")], tmp_path / "nothing.db", 4),
    ]
    for articles, index, code in cases:
        r = cli("check", *map(str, articles), "--db", str(index))
        assert r.exit_code == code, (articles, index, r.output)


def test_exit_code_of_a_run() -> None:
    def run(statuses: list[str], unreadable: int) -> CheckRun:
        from provcheck.collection.check import CheckResult

        return CheckRun(tuple(CheckResult(f"{k}.txt", s) for k, s in enumerate(statuses)),  # type: ignore[arg-type]
                        "rewrite", False, "i.db", 3,
                        unreadable=tuple((f"u{k}", "empty text") for k in range(unreadable)))

    assert run(["pass", "held"], 0).exit_code == 0
    assert run(["pass", "fail"], 0).exit_code == 1
    assert run(["pass"], 1).exit_code == 3
    assert run(["fail"], 2).exit_code == 3
    assert run([], 1).exit_code == 3


# ------------------------------------------------------------------ index remove


def test_index_remove_is_all_or_nothing(db: Path) -> None:
    with open_index(db, readonly=True) as index:
        held = index.documents()
    before = _digest(db)
    r = cli("index", "remove", f"#{held[0].id}", held[1].path, "no/such/article.txt", "#999",
            "--db", str(db))
    assert r.exit_code == 2, r.output
    line = _one_error_line(r.stderr)
    assert "no/such/article.txt" in line and "#999" in line and "nothing was removed" in line
    assert _digest(db) == before
    with open_index(db, readonly=True) as index:
        assert [h.id for h in index.documents()] == [h.id for h in held]
    r = cli("index", "remove", f"#{held[0].id}", held[1].path, "--db", str(db))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("removed 2 documents")
    with open_index(db, readonly=True) as index:
        assert [h.id for h in index.documents()] == [h.id for h in held[2:]]
        assert index.integrity() == "ok"
        assert index.vector_file_in_step()
