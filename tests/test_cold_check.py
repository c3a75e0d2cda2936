"""The cold path of ``check``: the vector file (kept in step, never trusted when out of
step, an exact search through its quantised shortlist) and what a fresh process loads."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from provcheck.collection.index import Index, open_index
from provcheck.collection.vectors import ExactVectors as _Exact
from provcheck.collection.vectors import VectorFile as _VectorFile
from provcheck.collection.vectors import vector_file
from provcheck.ingest.normalize import normalize_text
from tests.conftest import ROOT, seed


class TableEmbedder:
    """An embedder that returns preset unit vectors, by the text's first word."""

    name = "table"

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self.vectors[t.split()[0].lower()] for t in texts])


def _unit(rows: np.ndarray) -> np.ndarray:
    out: np.ndarray = rows / np.linalg.norm(rows, axis=-1, keepdims=True)
    return out.astype(np.float32)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, np.ndarray]:
    """An index of 400 documents whose vectors come in tight clusters (many cosines
    near any threshold), and the vectors as stored (float16)."""
    rng = np.random.default_rng(11)
    centres = _unit(rng.standard_normal((20, 48)))
    vecs = _unit(np.repeat(centres, 20, axis=0) + 0.08 * rng.standard_normal((400, 48)))
    words = [f"doc{k}" for k in range(400)]
    embedder = TableEmbedder(dict(zip(words, vecs, strict=True)))
    db = tmp_path_factory.mktemp("synthetic") / "index.db"
    with open_index(db) as index:
        for k, w in enumerate(words):
            text = f"{w} story number {k} tells of the harbour, the council and the vote."
            index.add(normalize_text(f"Title {k}\n\n{text}\n", label=f"d{k}.txt"), embedder)
    return db, vecs.astype(np.float16).astype(np.float32)


def _brute(stored: np.ndarray, q: np.ndarray, k: int, minimum: float) -> list[int]:
    sims = stored @ q
    order = np.argsort(-sims, kind="stable")[:k]
    return [int(i) + 1 for i in order if sims[i] >= minimum]  # ids start at 1


def test_the_vector_file_search_is_exact(synthetic: tuple[Path, np.ndarray]) -> None:
    db, stored = synthetic
    rng = np.random.default_rng(5)
    with open_index(db, readonly=True) as index, open_index(db, readonly=True) as exact:
        assert index.vector_file_in_step()
        _exact_index(exact)
        for trial in range(60):
            base = stored[rng.integers(len(stored))]
            q = _unit(base + rng.uniform(0.0, 0.4) * rng.standard_normal(base.shape))
            k = int(rng.integers(1, 12))
            minimum = float(rng.uniform(0.5, 0.97))
            index._queries = 0  # the quantised path, every time
            got = index.nearest(q, k, minimum)
            assert isinstance(index._vectors, _VectorFile)
            assert [d for d, _ in got] == _brute(stored, q, k, minimum), trial
            want = exact.nearest(q, k, minimum)
            assert [d for d, _ in got] == [d for d, _ in want]
            assert np.allclose([s for _, s in got], [s for _, s in want], atol=1e-5)


def _exact_index(index: Index) -> None:
    """Make ``index`` search the exact matrix read from the table."""
    index._vectors = _Exact(*index._table_vectors())
    index._queries = index.exact_after


def test_the_bound_covers_the_quantisation_error(synthetic: tuple[Path, np.ndarray]) -> None:
    db, stored = synthetic
    with open_index(db, readonly=True) as index:
        vf = _VectorFile.open(vector_file(db), index._stamp() or "")
    assert vf is not None
    rng = np.random.default_rng(9)
    for _ in range(50):
        q = _unit(rng.standard_normal(stored.shape[1]))
        approx, err = vf.approx(q)
        assert np.all(np.abs(approx - stored @ q) <= err)


def test_a_vector_file_out_of_step_is_not_used(db: Path, tmp_path: Path) -> None:
    from tests.indexutil import cli

    good = cli("check", str(seed("000")), "--db", str(db), "-f", "json").stdout
    # another index's vector file in its place: its stamp differs, the table is read
    other = tmp_path / "other.db"
    assert cli("index", "add", str(seed("003")), "--db", str(other)).exit_code == 0
    vector_file(db).write_bytes(vector_file(other).read_bytes())
    with open_index(db, readonly=True) as index:
        assert not index.vector_file_in_step()
    assert cli("check", str(seed("000")), "--db", str(db), "-f", "json").stdout == good
    # torn (cut short), or missing: the same
    data = vector_file(other).read_bytes()
    vector_file(db).write_bytes(data[: len(data) // 2])
    assert cli("check", str(seed("000")), "--db", str(db), "-f", "json").stdout == good
    vector_file(db).unlink()
    assert cli("check", str(seed("000")), "--db", str(db), "-f", "json").stdout == good
    assert not vector_file(db).exists()  # a reading command never writes it
    # a writer brings it back in step
    assert cli("index", "add", str(seed("002")), "--db", str(db)).exit_code == 0
    with open_index(db, readonly=True) as index:
        assert index.vector_file_in_step()


def test_a_write_by_an_older_provcheck_puts_the_file_out_of_step(db: Path) -> None:
    """Versions before vector files bump ``vectors_version`` (not the stamp) when they
    add or remove a document: that is enough for the file to be left aside."""
    import sqlite3

    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
                "WHERE key = 'vectors_version'")
    con.commit()
    con.close()
    with open_index(db, readonly=True) as index:
        assert not index.vector_file_in_step()
    with open_index(db) as index:  # the next writer rebuilds it
        pass
    with open_index(db, readonly=True) as index:
        assert index.vector_file_in_step()


def test_each_change_to_the_vectors_puts_the_file_out_of_step_until_close(
    db: Path, tmp_path: Path
) -> None:
    before = hashlib.sha256(vector_file(db).read_bytes()).hexdigest()
    index = open_index(db)
    index.add(normalize_text(seed("000").read_text(encoding="utf-8"), label="x.txt"), None)
    assert not index.vector_file_in_step()  # the stamp changed with the transaction
    index.close()
    assert hashlib.sha256(vector_file(db).read_bytes()).hexdigest() != before
    with open_index(db, readonly=True) as index:
        assert index.vector_file_in_step()
        assert index.verify() == "crc32"


def _fresh(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT).stdout


def test_a_fresh_check_maps_the_vectors_and_skips_what_it_does_not_need(
    tmp_path: Path,
) -> None:
    from tests.indexutil import cli

    db = tmp_path / "i.db"
    assert cli("index", "add", str(seed("001")), str(seed("003")), "--db",
               str(db)).exit_code == 0
    lone = tmp_path / "lone.txt"
    lone.write_text("Bridge opens\n\nA new bridge over the river opened to traffic on "
                    "Friday after six years of work, the town council said.\n",
                    encoding="utf-8")
    code = (
        "import sys\nfrom provcheck.cli import app\n"
        f"try:\n app(['check', {str(lone)!r}, '--db', {str(db)!r}])\n"
        "except SystemExit as e: print('exit', e.code)\n"
        "print(sorted(m for m in ('pydantic', 'provcheck.pipeline', 'provcheck.facts.extraction')"
        " if m in sys.modules))"
    )
    out = _fresh(code).strip().splitlines()
    assert out[-2:] == ["exit 0", "[]"], out  # independent: no comparison was loaded


def test_the_cold_check_benchmark_runs(db: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "cold_check.py"), "steps",
         str(seed("000")), str(db)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout
    assert "wait for the verification (crc32)" in out
    assert "total after interpreter start" in out
