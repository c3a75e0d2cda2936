"""``index remove`` takes paths as people type them: ``x``, ``./x``, an absolute path,
one relative to the current folder, a link to the file; and ``'#ID'``, which its help
shows quoted. What the index stores is not changed."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from provcheck.collection.documents import paths_naming
from provcheck.collection.index import open_index
from tests.conftest import seed
from tests.indexutil import cli

NAME = "001_article.txt"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding ``articles/001_article.txt`` and an index of it (added as
    ``articles/001_article.txt`` from the folder), the current folder."""
    (tmp_path / "articles").mkdir()
    shutil.copyfile(seed("001"), tmp_path / "articles" / NAME)
    monkeypatch.chdir(tmp_path)
    r = cli("index", "add", f"articles/{NAME}", "--db", "index.db")
    assert r.exit_code == 0, r.output
    return tmp_path


def _stored(db: Path) -> list[str]:
    r = cli("index", "list", "--db", str(db), "-f", "json")
    assert r.exit_code == 0, r.output
    return [d["path"] for d in json.loads(r.stdout)]


@pytest.mark.parametrize("typed", [
    f"articles/{NAME}",  # as indexed
    f"./articles/{NAME}",
    f"articles/./{NAME}",
    f"articles/../articles/{NAME}",
    "{abs}",
])
def test_remove_by_the_path_as_typed(work: Path, typed: str) -> None:
    assert _stored(work / "index.db") == [f"articles/{NAME}"]
    r = cli("index", "remove", typed.format(abs=work / "articles" / NAME), "--db", "index.db")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("removed 1 document")
    assert _stored(work / "index.db") == []


@pytest.mark.parametrize("typed", [NAME, f"./{NAME}"])
def test_remove_relative_to_the_current_folder(work: Path, typed: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """From another folder: the stored relative path is read from the index's folder
    too (the folder it was added from is not recorded)."""
    monkeypatch.chdir(work / "articles")
    r = cli("index", "remove", typed, "--db", "../index.db")
    assert r.exit_code == 0, r.output
    assert _stored(work / "index.db") == []


def test_remove_through_a_link_to_the_file(work: Path) -> None:
    try:
        os.symlink(work / "articles" / NAME, work / "link.txt")
    except OSError:
        pytest.skip("no symbolic links here")
    r = cli("index", "remove", "link.txt", "--db", "index.db")
    assert r.exit_code == 0, r.output
    assert _stored(work / "index.db") == []


def test_remove_through_a_hard_link(work: Path) -> None:
    try:
        os.link(work / "articles" / NAME, work / "hard.txt")
    except OSError:
        pytest.skip("no hard links here")
    r = cli("index", "remove", "hard.txt", "--db", "index.db")
    assert r.exit_code == 0, r.output
    assert _stored(work / "index.db") == []


def test_an_absolute_path_indexed_is_removed_by_a_relative_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copyfile(seed("002"), tmp_path / "b.txt")
    monkeypatch.chdir(tmp_path)
    assert cli("index", "add", str(tmp_path / "b.txt"), "--db", "i.db").exit_code == 0
    assert _stored(tmp_path / "i.db") == [str(tmp_path / "b.txt")]  # stored as typed
    r = cli("index", "remove", "./b.txt", "--db", "i.db")
    assert r.exit_code == 0, r.output
    assert _stored(tmp_path / "i.db") == []


def test_a_path_that_names_another_file_is_not_in_the_index(work: Path) -> None:
    (work / "other").mkdir()
    shutil.copyfile(seed("001"), work / "other" / NAME)  # same name, same text: not it
    before = (work / "index.db").read_bytes()
    for typed in (f"other/{NAME}", NAME, "articles", f"articles/{NAME}x"):
        r = cli("index", "remove", typed, "--db", "index.db")
        assert r.exit_code == 2, (typed, r.output)
        assert r.stderr.strip() == (f"provcheck: error: not in the index: {typed}; "
                                    "nothing was removed")
    assert (work / "index.db").read_bytes() == before


def test_remove_by_quoted_id(work: Path) -> None:
    with open_index(work / "index.db", readonly=True) as index:
        (held,) = index.documents()
    r = cli("index", "remove", f"#{held.id}", "--db", "index.db")
    assert r.exit_code == 0, r.output
    assert _stored(work / "index.db") == []


def test_remove_with_nothing_named_says_to_quote_the_id(work: Path) -> None:
    """``provcheck index remove #3`` unquoted reaches provcheck with no argument."""
    r = cli("index", "remove", "--db", "index.db")
    assert r.exit_code == 2
    assert r.stderr.strip() == (
        "provcheck: error: give PATHs or '#ID's to remove (quote '#ID': an unquoted # "
        "starts a shell comment)")


def test_remove_help_shows_the_id_quoted() -> None:
    r = cli("index", "remove", "--help")
    assert r.exit_code == 0
    text = " ".join(r.stdout.split())
    assert "PATH|'#ID'..." in text
    assert "an unquoted # starts a shell comment" in text
    assert "provcheck index remove '#12' '#13'" in text


def test_paths_naming() -> None:
    here = os.getcwd()
    stored = ["a/x.txt", "./a/x.txt", os.path.join(here, "a", "x.txt"), "b/x.txt",
              "https://example.org/a/x.txt", ""]
    assert paths_naming("a/x.txt", stored) == [0, 1, 2]
    assert paths_naming(os.path.join(here, "a", "..", "a", "x.txt"), stored) == [0, 1, 2]
    assert paths_naming("b/./x.txt", stored) == [3]
    assert paths_naming("x.txt", stored) == []
    assert paths_naming("https://example.org/a/x.txt", stored) == [4]
    assert paths_naming("https://example.org/a/../a/x.txt", stored) == []  # URLs as stored
    elsewhere = os.path.dirname(here)
    typed = os.path.join(elsewhere, "b", "x.txt")
    assert paths_naming(typed, ["b/x.txt"]) == []  # read from the current folder only
    assert paths_naming(typed, ["b/x.txt"], elsewhere) == [0]  # and from the index's
