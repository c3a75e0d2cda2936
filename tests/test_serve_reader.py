"""What a server's reading threads read once and keep (the count of documents, the
stored languages, grouped): read again after any change to the file, by this
connection or by another process, and never on a request that finds it unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from provcheck.collection.candidates import indexed_languages
from provcheck.collection.vectors import data_state, read_once
from provcheck.errors import IndexStoreError
from provcheck.serve.reader import ReadIndex, open_reader
from tests.indexutil import cli
from tests.serveutil import OTHER, SOURCE, index_of


class Owner:
    """Something that holds a connection (an open index, in the library)."""


def test_read_once_reads_again_after_a_change_by_either_connection(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    mine, other = sqlite3.connect(path), sqlite3.connect(path)
    mine.execute("CREATE TABLE t (x INTEGER)")
    mine.commit()
    owner, reads = Owner(), []

    def count() -> int:
        reads.append(1)
        return int(mine.execute("SELECT COUNT(*) FROM t").fetchone()[0])

    assert read_once(owner, mine, "n", count) == 0
    assert read_once(owner, mine, "n", count) == 0
    assert len(reads) == 1  # unchanged: not read again
    other.execute("INSERT INTO t VALUES (1)")
    other.commit()
    assert read_once(owner, mine, "n", count) == 1  # another connection committed
    mine.execute("INSERT INTO t VALUES (2)")
    mine.commit()
    assert read_once(owner, mine, "n", count) == 2  # this connection's own change
    assert len(reads) == 3
    assert read_once(Owner(), mine, "n", count) == 2  # kept per owner
    assert len(reads) == 4
    state = data_state(mine)
    assert data_state(mine) == state


def test_a_reader_counts_once_and_sees_what_another_process_adds(tmp_path: Path) -> None:
    db = index_of(tmp_path / "i", ("source.txt", SOURCE))
    reader = open_reader(db)
    assert isinstance(reader, ReadIndex)
    try:
        seen: list[str] = []
        reader.db.set_trace_callback(seen.append)
        assert reader.count() == 1
        assert reader.count() == 1
        assert sum("COUNT(*)" in s for s in seen) == 1
        langs = indexed_languages(reader)
        assert len(langs) == 1
        other = tmp_path / "other.txt"
        other.write_text(OTHER, encoding="utf-8")
        assert cli("index", "add", str(other), "--db", str(db)).exit_code == 0
        assert reader.count() == 2
        assert len(indexed_languages(reader)) == 2
        assert sum("COUNT(*)" in s for s in seen) == 2
    finally:
        reader.close()


def test_open_reader_refuses_as_the_commands_do(tmp_path: Path) -> None:
    with pytest.raises(IndexStoreError, match="no index here"):
        open_reader(tmp_path / "missing.db")
    with pytest.raises(IndexStoreError, match="folder"):
        open_reader(tmp_path)
