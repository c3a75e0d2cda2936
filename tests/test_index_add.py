"""``provcheck index add``: what the index holds, keyed by content; outlet furniture it learns."""

from __future__ import annotations

from pathlib import Path

from provcheck.calibration import CALIBRATION
from provcheck.collection.check import check
from provcheck.collection.documents import content_hash, kept_shingles
from provcheck.collection.index import open_index
from provcheck.ingest.normalize import normalize, normalize_text
from tests.conftest import seed
from tests.indexutil import cli as _cli


def test_adding_the_same_file_twice_changes_nothing(db: Path) -> None:
    with open_index(db) as index:
        before = index.stats()
    r = _cli("index", "add", str(seed("001")), "--db", str(db))
    assert r.exit_code == 0
    assert "added 0, already held 1" in r.stdout
    with open_index(db) as index:
        assert index.stats() == before


def test_shingles_and_hash_are_content_based() -> None:
    a = normalize(seed("001"))
    b = normalize(seed("001").read_bytes(), label="other-name.txt")
    assert content_hash(a) == content_hash(b)
    assert kept_shingles(a, CALIBRATION) == kept_shingles(b, CALIBRATION)
    assert kept_shingles(a, CALIBRATION)


def test_outlet_furniture_is_learned_by_the_index(tmp_path: Path) -> None:
    policy = ("Daily Example is an independent newspaper founded in 1901 and owned by a "
              "trust of its readers in the valley towns.")
    texts = [
        "Flood waters rose across the valley on Monday and 300 homes were evacuated.",
        "The central bank raised its main interest rate to 4 percent on Tuesday.",
        "A new bridge over the river opened to traffic after six years of work.",
    ]
    docs = [normalize_text(f"Title {k}\n\n{t}\n\n{policy}\n", label=f"d{k}.txt") for k, t in
            enumerate(texts)]
    import dataclasses

    docs = [dataclasses.replace(d, outlet="Daily Example") for d in docs]
    with open_index(tmp_path / "f.db") as index:
        for d in docs[:2]:
            index.add(d, None)
        run = check(index, [docs[2]], fast=True)
    assert not run.failed
    assert run.results[0].findings == ()
