"""``check``'s candidates by shared word 3-grams (the index's ``grams`` table).

An article that takes one sentence from each of several wire takes shares too few
sampled 5-gram shingles with any one take to be the index's candidate; the scan finds
the pairs through every shared 3-gram, and ``check`` asks the same rule of the 3-grams
the index stores. The texts are written for these tests.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

from provcheck.calibration import CALIBRATION
from provcheck.collection.check import check
from provcheck.collection.documents import text_grams
from provcheck.collection.index import open_index
from provcheck.collection.shared_text import has_grams, shared_text_in_index
from provcheck.ingest.normalize import normalize_text
from provcheck.models import Document
from tests.indexutil import cli

TAKES = {
    "take1.txt": (
        "Ferry strike take one\n\n"
        "Crews on the Isle of Brora ferries walked out at dawn on Monday after talks over "
        "night shift allowances collapsed in the early hours at the union's Oban office. "
        "The operator said that the first sailing from Kilmarnie harbour had been cancelled "
        "and that passengers holding tickets would be offered a full refund.\n\n"
        "A spokesman for the seafarers' union said the walkout would last forty eight hours "
        "unless the company withdrew its plan to cut the allowance paid for crossings after "
        "ten at night."),
    "take2.txt": (
        "Ferry strike take two\n\n"
        "Shopkeepers on Brora warned that fresh milk and bread would run short by Wednesday "
        "because the island's only supermarket receives its deliveries on the early boat. "
        "The island council opened an emergency centre in the old school hall at Skellan "
        "for residents who needed prescriptions collected from the mainland.\n\n"
        "A fisherman who had hoped to land his catch at Kilmarnie said he would lose "
        "several thousand pounds if the boats stayed tied up until Thursday."),
    "take3.txt": (
        "Ferry strike take three\n\n"
        "The transport minister told the regional assembly that she had asked both sides to "
        "return to the table and accept an independent arbiter chosen by the conciliation "
        "service. Opposition members accused the government of ignoring warnings from "
        "island communities that a dispute had been brewing since the spring.\n\n"
        "Officials confirmed that a chartered landing craft would carry fuel and medical "
        "supplies to Brora on Tuesday afternoon under a special arrangement."),
    "orchard.txt": (
        "Cider makers count the cost of a late frost\n\n"
        "Apple growers in the Wenlow valley said a frost in the last week of April had "
        "blackened blossom across three quarters of their orchards, leaving many trees with "
        "almost no fruit. Several small cider makers expect to buy apples from other "
        "counties for the first time in a generation.\n\n"
        "The growers' association has asked the agriculture department for emergency loans "
        "to see its members through to next year's harvest."),
}

#: A clause or two from each take, reworded around them: too little of take1 and take3
#: for two sampled 5-gram shingles, enough 3-grams for the scan's rule.
PAPER = (
    "Islanders stranded as ferry crews walk out\n\n"
    "Islanders on Brora woke to empty quays yesterday after ferry crews walked out at dawn "
    "when talks over night shift allowances collapsed in the early hours. Many residents "
    "told this paper that they felt forgotten by ministers on the mainland and by the "
    "company alike.\n\n"
    "Fresh milk and bread would run short by Wednesday, shopkeepers warned, since the "
    "island's only supermarket receives its deliveries on the early boat. One "
    "grandmother said she had already stocked up on tinned soup and candles.\n\n"
    "In the assembly the minister said both sides should accept an independent arbiter "
    "chosen by the conciliation service. Nobody on the quay expected the boats to sail "
    "before the weekend.\n")


def _index(folder: Path) -> Path:
    for name, text in TAKES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder / "index.db"
    r = cli("index", "add", *(str(folder / n) for n in TAKES), "--db", str(db))
    assert r.exit_code == 0, r.output
    return db


def _paper() -> Document:
    return normalize_text(PAPER, label="paper.txt")


def _names(db: Path, ids: list[int]) -> set[str]:
    with open_index(db, readonly=True) as index:
        return {Path(index.held(i).path).name for i in ids}


def test_an_article_taking_a_sentence_from_each_take_names_every_take(tmp_path: Path) -> None:
    db = _index(tmp_path)
    with open_index(db, readonly=True) as index:
        found = shared_text_in_index(index, _paper(), CALIBRATION)
    assert _names(db, found) == {"take1.txt", "take2.txt", "take3.txt"}


def test_shared_text_leaves_out_what_it_is_told_to(tmp_path: Path) -> None:
    db = _index(tmp_path)
    with open_index(db, readonly=True) as index:
        first = index.by_path(str(tmp_path / "take1.txt"))[0].id
        found = shared_text_in_index(index, _paper(), CALIBRATION, exclude=[first])
    assert _names(db, found) == {"take2.txt", "take3.txt"}


def test_check_compares_the_article_with_every_take(tmp_path: Path) -> None:
    db = _index(tmp_path)
    with open_index(db, readonly=True) as index:
        shingled = [c.id for c in index.candidates(_paper(), None)]
        run = check(index, [_paper()], fast=True)
    assert _names(db, shingled) == {"take2.txt"}  # the sampled 5-grams alone: one take
    named = {Path(f.path).name for f in run.results[0].findings}
    assert {"take1.txt", "take2.txt", "take3.txt"} <= named
    assert "orchard.txt" not in named


def test_keys_are_the_same_in_every_process() -> None:
    """The stored keys outlive the process that made them: no salted ``hash()``."""
    code = ("from provcheck.calibration import CALIBRATION as C;"
            "from provcheck.collection.documents import text_grams;"
            "from provcheck.ingest.normalize import normalize_text;"
            f"print(text_grams(normalize_text({PAPER!r}), C))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2")}
    assert outs == {f"{text_grams(normalize_text(PAPER), CALIBRATION)}\n"}


def _postings(db: Path) -> list[tuple[int, int]]:
    """The (3-gram, document) rows; and the document counts agree with them."""
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT gram, doc FROM grams ORDER BY gram, doc").fetchall()
        df = dict(con.execute("SELECT gram, n FROM gram_df").fetchall())
    finally:
        con.close()
    assert df == dict(Counter(g for g, _ in rows))
    return rows


def test_an_index_from_before_the_grams_table(tmp_path: Path) -> None:
    """Read as it is (no 3-gram candidates, no error, the file untouched); its first
    writer fills the table with what a new index would hold."""
    db = _index(tmp_path)
    fresh = _postings(db)
    con = sqlite3.connect(db)
    con.executescript("DROP TABLE grams; DROP TABLE gram_df;")
    con.close()
    before = db.read_bytes()
    with open_index(db, readonly=True) as index:
        assert not has_grams(index)
        assert shared_text_in_index(index, _paper(), CALIBRATION) == []
        assert check(index, [_paper()], fast=True).results[0].status in ("pass", "fail")
    assert db.read_bytes() == before
    (tmp_path / "other.txt").write_text(PAPER, encoding="utf-8")
    r = cli("index", "add", str(tmp_path / "other.txt"), "--db", str(db))
    assert r.exit_code == 0, r.output
    with open_index(db, readonly=True) as index:
        paper_id = index.by_path(str(tmp_path / "other.txt"))[0].id
        keys = text_grams(index.load(paper_id), CALIBRATION)
    after = _postings(db)
    assert [r for r in after if r[1] != paper_id] == fresh
    assert {(g, d) for g, d in after if d == paper_id} == {(g, paper_id) for g in keys}


def test_removing_a_document_removes_its_grams(tmp_path: Path) -> None:
    db = _index(tmp_path)
    before = _postings(db)
    (tmp_path / "paper.txt").write_text(PAPER, encoding="utf-8")
    assert cli("index", "add", str(tmp_path / "paper.txt"), "--db", str(db)).exit_code == 0
    assert _postings(db) != before
    r = cli("index", "remove", str(tmp_path / "paper.txt"), "--db", str(db))
    assert r.exit_code == 0, r.output
    assert _postings(db) == before
