"""The CI gate as its users meet it: versions, a pull request checked as a whole, what is
not an article, outputs for CI from one run, a deterministic index and its lock.

Texts are written for these tests (three stories on nothing the seeds tell); the CLI
runs in-process in lexical mode (``--fast``) except where a second process is the point.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

import provcheck
from provcheck.cli.app import app
from provcheck.collection.articles import not_an_article
from provcheck.collection.documents import content_hash
from provcheck.collection.index import open_index
from provcheck.collection.store import lock_file, writer_lock
from provcheck.errors import IndexStoreError
from tests.indexutil import cli, runner

FERRY = """Ferry service resumes after storm damage

The ferry between Port Alden and the island of Skerra resumed sailings on Monday,
eleven days after a storm tore away part of the harbour wall at Port Alden.

Harbour master Ines Calloway said the temporary pontoon could take vehicles of up to
7.5 tonnes and that crossings would run every 90 minutes until repairs finish in March.

"We have worked through every night to get the island connected again," Calloway said.
Islanders had relied on a small passenger boat that carried 40 people at a time.

The council has set aside 2.4 million pounds for a permanent wall, and engineers will
survey the seabed next week before any work on the new foundations can begin.
"""

LIBRARY = """Library opens its doors on the old mill site

A new public library opened on Saturday in the restored cotton mill at Brinley, with
shelves for 60,000 books, a children's floor and a workshop for repairing bicycles.

The project cost 8 million pounds and took four years, according to the town's
chief librarian, Omar Fenwick, who said 1,200 people signed up for cards on the first day.

"People kept asking when they could come in, long before the roof was even finished,"
Fenwick said. The mill closed in 1987 and stood empty for three decades.

Volunteers will run evening classes in coding, sewing and local history from October.
"""

ORCHARD = """Orchard growers report a record apple harvest

Growers in the Tamsford valley picked a record 14,000 tonnes of apples this autumn,
helped by a warm spring and no late frost, the regional growers' association said.

Its chair, Beatrix Holm, said pickers had worked six days a week since late August and
that prices had fallen by about 12 percent because of the glut across the region.

"It is a good problem to have, but we need more cold storage," Holm said, adding that
two new stores would open near Tamsford station before next year's harvest.
"""


#: Stories the archive does not hold (new articles of a pull request).
BRIDGE = """Footbridge over the Wendle reopens after repairs

The footbridge linking Carrow Street to the riverside park reopened on Thursday after
fourteen months of repairs to its rusted iron girders, the city works department said.

Engineer Paulo Mendes said 300 rivets had been replaced and the deck relaid in oak, at a
cost of 1.1 million pounds shared between the city and a heritage trust.

"Children cross here to reach two schools, so we are glad to have it back," Mendes said.
Cyclists will have to dismount, and a new lamp at each end will light it after dusk.
"""

MUSEUM = """Museum returns a carved door to its village

A carved oak door taken from the chapel at Lindqvist Green in 1952 went back to the
village on Wednesday, after the county museum agreed to return it to the parish.

Curator Helena Brask said the door, carved with vines and a ship, had been stored since
1994 and that the museum kept a copy made from a laser scan of every panel.

"It belongs where the carvers made it," Brask said. About 150 villagers watched as a
crane lifted it into the restored frame, and a service was held the same evening.
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _near_copy(text: str) -> str:
    """A lightly edited copy: a few words changed, a sentence dropped."""
    return (text.replace("reopened on Thursday", "was reopened on Thursday")
            .replace("went back to the\nvillage", "was returned to the\nvillage")
            .replace("and a service was held the same evening", "and a service followed")
            .replace("Cyclists will have to dismount, and a", "A"))


@pytest.fixture()
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A collection folder (the current folder) with three indexed articles."""
    monkeypatch.chdir(tmp_path)
    for name, text in (("ferry.txt", FERRY), ("library.txt", LIBRARY),
                       ("orchard.txt", ORCHARD)):
        _write(tmp_path / "articles", name, text)
    r = cli("index", "add", "articles", "--db", "provcheck.db", "--no-progress")
    assert r.exit_code == 0, r.output
    return tmp_path


def _check(*args: str) -> tuple[int, dict[str, Any]]:
    r = cli("check", *args, "--db", "provcheck.db", "--fast", "-f", "json", "--no-progress")
    return r.exit_code, json.loads(r.stdout)


# ------------------------------------------------------------------ versions


def test_a_corrected_article_is_an_update_of_itself(archive: Path) -> None:
    fixed = FERRY.replace("every 90 minutes", "every 80 minutes")
    _write(archive / "articles", "ferry.txt", fixed)
    code, run = _check("articles/ferry.txt")
    assert code == 0, run
    [result] = run["results"]
    assert result["status"] == "update" and not result["findings"]
    update = result["update"]
    assert update["path"] == "articles/ferry.txt" and update["version"] == 2
    changed = [(c["a"], c["b"]) for c in update["facts"]["changed"]]
    assert any("90" in a and "80" in b for a, b in changed), update
    text = cli("check", "articles/ferry.txt", "--db", "provcheck.db", "--fast").stdout
    assert text.startswith("UPDATE  articles/ferry.txt: update of articles/ferry.txt")
    assert "reprint" not in text.splitlines()[0].split(":", 2)[1]


def test_the_index_keeps_each_version_and_names_the_one_copied(archive: Path) -> None:
    fixed = FERRY.replace("every 90 minutes", "every 80 minutes")
    _write(archive / "articles", "ferry.txt", fixed)
    r = cli("index", "add", "articles/ferry.txt", "--db", "provcheck.db")
    assert r.exit_code == 0, r.output
    assert "updated: articles/ferry.txt: a new version" in r.stdout
    with open_index("provcheck.db", readonly=True) as index:
        assert index.count() == 3
        first = index.version_of(content_hash(provcheck.normalize(FERRY)))
        assert first is not None and (first.path, first.n, first.of) == (
            "articles/ferry.txt", 1, 2)
    # a file that copies the first version word for word: told which version
    _write(archive / "new", "copy.txt", FERRY)
    code, run = _check("new/copy.txt")
    assert code == 1
    [finding] = run["results"][0]["findings"]
    assert finding["path"] == "articles/ferry.txt" and finding["relation"] == "reprint"
    assert (finding["version"]["n"], finding["version"]["of"]) == (1, 2)


def test_an_index_from_before_versions_is_read_and_then_migrated(archive: Path) -> None:
    con = sqlite3.connect("provcheck.db")
    con.execute("DROP TABLE versions")
    con.commit()
    con.close()
    before = Path("provcheck.db").read_bytes()
    _write(archive / "articles", "ferry.txt", FERRY.replace("Monday", "Tuesday"))
    code, run = _check("articles/ferry.txt")  # read-only: works, changes nothing
    assert code == 0 and run["results"][0]["status"] == "update"
    assert Path("provcheck.db").read_bytes() == before
    r = cli("index", "add", "articles/ferry.txt", "--db", "provcheck.db")
    assert r.exit_code == 0 and "updated: articles/ferry.txt" in r.stdout, r.output
    con = sqlite3.connect("provcheck.db")
    rows = con.execute("SELECT path, n FROM versions ORDER BY path, n").fetchall()
    con.close()
    assert ("articles/ferry.txt", 2) in rows and ("articles/orchard.txt", 1) in rows


# ------------------------------------------------------------------ a pull request as a whole


@pytest.mark.parametrize("add", [False, True])
def test_two_new_near_copies_the_second_is_named(archive: Path, add: bool) -> None:
    story = BRIDGE
    first = _write(archive / "new", "a_first.txt", story)
    second = _write(archive / "new", "b_second.txt", _near_copy(story))
    code, run = _check(str(first), str(second), *(["--add"] if add else []))
    assert code == 1
    a, b = run["results"]
    assert a["status"] == "pass" and b["status"] == "fail"
    [finding] = [f for f in b["findings"] if f["fails"]]
    assert finding["path"] == str(first) and finding["indexed"] is False
    assert finding["direction"] == "a->b" and finding["relation"] in ("reprint", "edited")
    assert run["indexed_documents"] == 3  # the index as it was when they were checked
    with open_index("provcheck.db", readonly=True) as index:
        assert index.count() == (4 if add else 3)
        assert bool(index.by_path(str(first))) == add and not index.by_path(str(second))


def test_concurrent_check_add_runs_cannot_both_pass(archive: Path) -> None:
    story = MUSEUM
    one = _write(archive / "new", "one.txt", story)
    two = _write(archive / "new", "two.txt", _near_copy(story))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    cmd = [sys.executable, "-m", "provcheck.cli", "check", "--db", "provcheck.db", "--fast",
           "--add", "--no-progress"]
    procs = [subprocess.Popen([*cmd, str(p)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=env, text=True) for p in (one, two)]
    codes = sorted(p.wait(timeout=120) for p in procs)
    assert codes == [0, 1], [p.communicate() for p in procs]
    assert not lock_file(Path("provcheck.db")).exists()
    with open_index("provcheck.db", readonly=True) as index:
        assert index.count() == 4


def test_the_writer_lock_waits_then_gives_up(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    held = threading.Event()
    release = threading.Event()

    def holder() -> None:
        with writer_lock(db):
            held.set()
            release.wait(5)

    t = threading.Thread(target=holder)
    t.start()
    held.wait(5)
    start = time.monotonic()
    with (pytest.raises(IndexStoreError, match="locked by another process"),
          writer_lock(db, timeout=0.3)):
        pass
    assert time.monotonic() - start >= 0.3
    release.set()
    t.join()
    with writer_lock(db, timeout=1):  # free again
        assert lock_file(db).exists()
    assert not lock_file(db).exists()


# ------------------------------------------------------------------ not an article


def test_what_is_not_an_article_is_skipped_and_never_indexed(archive: Path) -> None:
    new = archive / "new"
    files = {
        ".gitkeep": "",
        "empty.txt": "\n\n",
        "list.csv": "date,outlet,headline,wordcount\n2026-01-02,Courier,Ferry back,310\n"
                    "2026-01-03,Gazette,Library opens,450\n2026-01-04,Courier,Apples,280\n",
        "meta.json": json.dumps({"title": "Ferry service resumes", "words": 310,
                                 "tags": ["ferry", "storm"]}, indent=2),
        "tool.py": "import sys\n\n\ndef main():\n    for line in sys.stdin:\n"
                   "        print(line.upper())\n\n\nif __name__ == '__main__':\n    main()\n",
        "short.txt": "The case was adjourned until tomorrow.\n",
    }
    for name, text in files.items():
        _write(new, name, text)
    paths = [str(new / n) for n in files]
    code, run = _check(*paths, "--add")
    assert code == 0, run
    assert run["results"] == []
    skipped = {Path(s["path"]).name: s["reason"] for s in run["skipped"]}
    assert set(skipped) == set(files)
    assert "JSON" in skipped["meta.json"] and "CSV" in skipped["list.csv"]
    assert "code" in skipped["tool.py"] and "too short" in skipped["short.txt"]
    r = cli("index", "add", *paths, "--db", "provcheck.db")
    assert r.exit_code == 0, r.output
    for name in ("list.csv", "meta.json", "tool.py", "short.txt"):
        assert f"not added: {new / name}: " in r.stdout
    with open_index("provcheck.db", readonly=True) as index:
        assert index.count() == 3
    # a file that cannot be read is still exit 3
    (new / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert _check(str(new / "scan.pdf"), str(new / "short.txt"))[0] == 3


def test_check_agrees_with_compare_on_a_short_text(archive: Path) -> None:
    line = "The case was adjourned until tomorrow.\n"
    held = _write(archive / "old", "wire.txt", line)
    with open_index("provcheck.db") as index:  # an index written before the rule held it
        index.add(provcheck.normalize(held), None)
    new = _write(archive / "new", "court.txt", line)
    assert provcheck.compare(held, new).relation in ("related", "unrelated")  # not derived
    code, run = _check(str(new))
    assert code == 0 and run["results"] == [] and run["skipped"]


def test_the_evidence_rule_is_the_verdicts() -> None:
    doc = provcheck.normalize("One two three four five six seven.")
    eight = provcheck.normalize("One two three four five six seven eight.")
    from provcheck.calibration import CALIBRATION

    assert CALIBRATION.min_evidence_words == 8
    assert not_an_article(doc) is not None and not_an_article(eight) is None


def test_index_add_names_every_file_it_did_not_add(archive: Path) -> None:
    _write(archive / "copies", "ferry-again.txt", FERRY)
    r = cli("index", "add", "articles", "copies", "--db", "provcheck.db")
    assert r.exit_code == 0, r.output
    assert "not added: copies/ferry-again.txt: already held as articles/ferry.txt (#1)" \
        in r.stdout
    for name in ("ferry", "library", "orchard"):
        assert f"not added: articles/{name}.txt: already held at this path" in r.stdout
    assert r.stdout.rstrip().splitlines()[-1].startswith("added 0, already held 4;")


# ------------------------------------------------------------------ outputs for CI


def test_one_run_writes_every_output(archive: Path) -> None:
    copy = _write(archive / "new", "copy.txt", "Reprinted from the Courier.\n\n" + ORCHARD)
    fresh = _write(archive / "new", "fresh.txt", BRIDGE)
    listed = archive / "changed.txt"
    listed.write_text(f"# changed files\n{copy}\n\n{archive / 'new' / '.gitkeep'}\n",
                      encoding="utf-8")
    _write(archive / "new", ".gitkeep", "")
    summary = archive / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    r = cli("check", "--files-from", str(listed), "--db", "provcheck.db", "--fast",
            "--format", "github", "--output-junit", "j.xml", "--output-json", "r.json",
            "--summary", str(summary), "--add")
    assert r.exit_code == 1, r.output
    [error] = [x for x in r.stdout.splitlines() if x.startswith("::error")]
    # line 5: where ORCHARD's first paragraph starts (line 3 is its title)
    assert error.startswith(f"::error file={copy},line=5,")
    assert "::notice file=" in r.stdout and "not an article" in r.stdout
    suite = ET.parse("j.xml").getroot()
    assert (suite.get("failures"), suite.get("skipped")) == ("1", "1")
    assert json.loads(Path("r.json").read_text())["indexed_documents"] == 3
    md = summary.read_text(encoding="utf-8")
    assert md.startswith("earlier step\n### provcheck: failed")
    assert "| FAIL | `" in md and "orchard.txt (indexed)" in md
    # stdin works as the list; the count is the index at check time (none was added)
    r2 = runner.invoke(app, ["check", "--files-from", "-", "--db", "provcheck.db", "--fast",
                             "--add"], input=f"{fresh}\n")
    assert r2.exit_code == 0, r2.output
    assert "1 article checked against 3 indexed articles" in r2.stdout
    assert "added to the index as #4" in r2.stdout


def test_an_empty_file_list_checks_nothing(archive: Path) -> None:
    Path("none.txt").write_text("", encoding="utf-8")
    r = cli("check", "--files-from", "none.txt", "--db", "provcheck.db", "--fast")
    assert r.exit_code == 0, r.output
    assert "0 articles checked" in r.stdout


# ------------------------------------------------------------------ deterministic index


def test_the_same_articles_give_the_same_index_bytes(archive: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    for name in ("a.db", "b.db"):
        r = cli("index", "add", "articles", "--db", name, "--no-progress")
        assert r.exit_code == 0, r.output
        fixed = FERRY.replace("Monday", "Sunday")
        _write(archive / "articles", "ferry.txt", fixed)
        assert cli("index", "add", "articles", "--db", name).exit_code == 0
        _write(archive / "articles", "ferry.txt", FERRY)
    assert Path("a.db").read_bytes() == Path("b.db").read_bytes()
    assert Path("a.db.vectors").read_bytes() == Path("b.db.vectors").read_bytes()
    con = sqlite3.connect("a.db")
    assert {a for (a,) in con.execute("SELECT added FROM documents")} == {1767225600.0}
    con.close()


def test_a_page_at_the_same_canonical_url_is_a_new_version(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.chdir(tmp_path)
    paras = "".join(f"<p>{p}</p>" for p in BRIDGE.split("\n\n")[1:])

    def page(body: str) -> str:
        return ('<html><head><title>Footbridge reopens</title><link rel="canonical" '
                'href="https://news.example.org/bridge"></head><body><article>'
                f"<h1>Footbridge reopens</h1>{body}</article></body></html>")

    _write(tmp_path, "saved-monday.html", page(paras))
    _write(tmp_path, "saved-tuesday.html", page(paras.replace("fourteen", "fifteen")))
    assert cli("index", "add", "saved-monday.html", "--db", "provcheck.db").exit_code == 0
    code, run = _check("saved-tuesday.html")
    assert code == 0
    [result] = run["results"]
    assert result["status"] == "update" and result["update"]["path"] == "saved-monday.html"
    r = cli("index", "add", "saved-tuesday.html", "--db", "provcheck.db")
    assert "updated: saved-tuesday.html: a new version, replaces #1" in r.stdout
    with open_index("provcheck.db", readonly=True) as index:
        [held] = index.documents()
        assert held.path == "saved-tuesday.html"
        monday = index.version_of(content_hash(provcheck.normalize(
            tmp_path / "saved-monday.html")))
        assert monday is not None and (monday.n, monday.of) == (1, 2)


def test_an_update_fails_only_for_what_it_newly_copies(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # a wire story's two instalments, both held (index add does not judge them)
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "articles", "bridge.txt", BRIDGE)
    _write(tmp_path / "articles", "bridge-2.txt", _near_copy(BRIDGE))
    _write(tmp_path / "articles", "orchard.txt", ORCHARD)
    assert cli("index", "add", "articles", "--db", "provcheck.db").exit_code == 0
    # correcting the second instalment: what it shares with the first, the version held
    # shared too; an update, not a failure
    _write(tmp_path / "articles", "bridge-2.txt",
           _near_copy(BRIDGE).replace("300 rivets", "310 rivets"))
    code, run = _check("articles/bridge-2.txt")
    assert code == 0, run
    [result] = run["results"]
    assert result["status"] == "update"
    [shared] = result["findings"]
    assert shared["path"] == "articles/bridge.txt" and shared["held_before"] is True
    assert not shared["fails"]
    # replacing its text with another held article's is a copy, update or not
    _write(tmp_path / "articles", "bridge-2.txt", "Updated.\n\n" + ORCHARD)
    code, run = _check("articles/bridge-2.txt")
    assert code == 1
    [result] = run["results"]
    assert result["status"] == "fail" and result["update"]["path"] == "articles/bridge-2.txt"
    failing = [f for f in result["findings"] if f["fails"]]
    assert [f["path"] for f in failing] == ["articles/orchard.txt"]
