"""What the commands say: each message fixed by issue 11, tested through the CLI."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
import typer

from provcheck import normalize
from provcheck.errors import UsageError
from provcheck.models import DERIVED_RELATIONS
from tests.conftest import ROOT, seed
from tests.indexutil import cli


@pytest.fixture()
def one(tmp_path: Path) -> Path:
    """An index holding 001 only: 000 is a rewrite of it (direction a->b)."""
    path = tmp_path / "one.db"
    assert cli("index", "add", str(seed("001")), "--db", str(path)).exit_code == 0
    return path


# ------------------------------------------------------------------ check's lines


def test_check_does_not_repeat_its_first_finding(one: Path) -> None:
    r = cli("check", str(seed("000")), "--db", str(one), "--fail-on", "edited")
    assert r.exit_code == 0, r.output
    first = r.stdout.splitlines()[0]
    assert first.startswith("PASS  ")
    assert "below the failing level (edited): rewrite" in first
    assert r.stdout.count(str(seed("001"))) == 1, r.stdout


def test_check_names_the_source_and_the_copy_by_path(one: Path) -> None:
    r = cli("check", str(seed("000")), "--db", str(one))
    assert r.exit_code == 1
    assert f"source {seed('001')} (indexed), copy {seed('000')}" in r.stdout
    assert "direction" not in r.stdout and "a->b" not in r.stdout
    r = cli("check", str(seed("000")), "--db", str(one), "-f", "junit")
    assert f"source {seed('001')} (indexed), copy {seed('000')}" in r.stdout


def test_an_indexed_copy_of_the_new_article_is_named_as_the_copy(tmp_path: Path) -> None:
    db = tmp_path / "rev.db"
    assert cli("index", "add", str(seed("000")), "--db", str(db)).exit_code == 0
    r = cli("check", str(seed("001")), "--db", str(db))
    assert r.exit_code == 0, r.output  # the new article is the original
    assert f"source {seed('001')}, copy {seed('000')} (indexed)" in r.stdout


def _counts(text: str) -> list[str]:
    """"1 things"-style phrases (a count of one before a plural noun)."""
    return re.findall(r"(?<![\d.,])1 (?:[a-z]+ )?[a-z]+s\b", text)


def test_counts_are_pluralised(one: Path, tmp_path: Path) -> None:
    r = cli("check", str(seed("000")), "--db", str(one))
    assert "1 quotation altered" in r.stdout
    assert "1 article checked against 1 indexed article " in r.stdout
    r2 = cli("check", str(seed("000")), str(seed("002")), "--db", str(one), "-f", "github")
    assert "provcheck: 2 articles checked, 1 failed" in r2.stdout
    other = tmp_path / "other.db"
    added = cli("index", "add", str(seed("002")), "--db", str(other))
    assert added.stdout.startswith("added 1, already held 0; 1 document in ")
    removed = cli("index", "remove", str(seed("002")), "--db", str(other))
    assert removed.stdout.startswith("removed 1 document from ")
    for output in (r.stdout, r2.stdout, added.stdout, removed.stdout):
        assert not _counts(output), output


# ------------------------------------------------------------------ options and usage


def test_a_bad_choice_is_one_plain_line() -> None:
    r = cli("check", str(seed("000")), "--fail-on", "bogus")
    assert r.exit_code == 2
    assert r.stderr.strip().splitlines() == [
        f"provcheck: error: --fail-on 'bogus': choose one of {', '.join(DERIVED_RELATIONS)}"
    ]
    for args, option in ((["compare", "a", "b", "-f", "pdf"], "--format"),
                         (["scan", "--engine", "hadoop"], "--engine"),
                         (["scan", "--workers", "0"], "--workers")):
        r = cli(*args)
        assert r.exit_code == 2, r.output
        [line] = r.stderr.strip().splitlines()
        assert line.startswith(f"provcheck: error: {option} ")
        assert "Value error" not in line and "Input should" not in line


def _helps() -> dict[str, str]:
    return {
        " ".join(words): cli(*words, "--help").stdout
        for words in (["compare"], ["normalize"], ["report"], ["check"], ["scan"],
                      ["index", "add"], ["index", "remove"], ["index", "list"],
                      ["index", "stats"])
    }


def test_usage_lines_are_readable() -> None:
    helps = _helps()
    assert helps["compare"].startswith("Usage: provcheck compare [OPTIONS] A B\n")
    # NEW... may be left out for --urls FILE
    assert helps["check"].startswith("Usage: provcheck check [OPTIONS] [NEW...]\n")
    assert helps["index add"].startswith("Usage: provcheck index add [OPTIONS] [PATH...]\n")
    assert helps["report"].startswith("Usage: provcheck report [OPTIONS] [PATH...]\n")
    assert helps["index remove"].startswith(
        "Usage: provcheck index remove [OPTIONS] [PATH|'#ID'...]\n")
    assert "--format [text|md|json|html]" in helps["compare"]
    assert "--workers INTEGER" in helps["scan"]
    assert "--db FILE" in helps["check"] and "--output FILE" in helps["check"]
    for name, text in helps.items():
        assert not re.search(r"[{}]|<[a-z][^>]*>", text), (name, text)


def test_commands_parse_without_pydantic() -> None:
    """Typer validates values through pydantic unless told otherwise; provcheck's plain
    options are parsed without it (a fresh check does not pay for importing it)."""
    import subprocess
    import sys

    code = ("import sys; from provcheck.cli import app\n"
            "try:\n app(['check', '--help'])\nexcept SystemExit: pass\n"
            "print('pydantic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    assert out.strip().endswith("False")


def test_readme_check_synopsis_shows_fast() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    use = readme[readme.index("## Use"):readme.index("### Facts")]
    check = use[use.index("provcheck check NEW"):use.index("provcheck scan")]
    assert "[--fast]" in check


def test_typer_values_are_typed(tmp_path: Path) -> None:
    """Values parsed without pydantic still arrive as their types (Path, list, bool)."""
    from provcheck.cli.startup import Command, Group

    seen: dict[str, object] = {}
    probe = typer.Typer(cls=Group)

    @probe.command(cls=Command)
    def run(items: list[str], out: Path | None = None, flag: bool | None = None) -> None:
        seen.update(items=items, out=out, flag=flag)

    from typer.testing import CliRunner

    r = CliRunner().invoke(probe, ["a", "b", "--out", str(tmp_path / "x"), "--flag"])
    assert r.exit_code == 0, r.output
    assert seen == {"items": ["a", "b"], "out": tmp_path / "x", "flag": True}


# ------------------------------------------------------------------ input messages


def test_a_skipped_file_is_named_once(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "ok.txt").write_bytes(seed("002").read_bytes())
    r = cli("report", str(folder), "--fast")
    assert r.exit_code == 0, r.output
    skipped = folder / "empty.txt"
    assert r.stdout.count("empty.txt") == 1  # "- PATH: empty text", the path escaped
    assert "empty.txt: empty text" in r.stdout
    assert r.stderr.count(str(skipped)) == 1
    doc = json.loads(cli("report", str(folder), "--fast", "-f", "json").stdout)
    assert doc["skipped"] == [{"path": str(skipped), "reason": "empty text"}]


@pytest.mark.parametrize("command", [["compare", "", "{seed}"], ["normalize", ""],
                                     ["report", "", "--fast"], ["index", "add", ""]])
def test_an_empty_path_is_named_as_such(command: list[str], tmp_path: Path) -> None:
    args = [a.format(seed=seed("000")) for a in command]
    if args[0] == "index":
        args += ["--db", str(tmp_path / "i.db")]
    r = cli(*args)
    assert r.exit_code == 3, r.output
    [line] = r.stderr.strip().splitlines()
    assert 'an empty path ("")' in line and "directory" not in line


def test_check_reports_an_empty_path_and_checks_the_rest(one: Path) -> None:
    r = cli("check", "", str(seed("000")), "--db", str(one))
    assert r.exit_code == 3
    assert r.stdout.startswith("FAIL  ")
    assert 'an empty path ("")' in r.stderr


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, text in members.items():
            z.writestr(name, text)
    return path


def _formats(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    pdf = tmp_path / "article.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    doc = tmp_path / "article.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    docx = _zip(tmp_path / "article.docx", {"[Content_Types].xml": "<Types/>",
                                             "word/document.xml": "<w:document/>"})
    odt = _zip(tmp_path / "article.odt", {"mimetype": "application/vnd.oasis.opendocument.text",
                                          "content.xml": "<office:document-content/>"})
    plain_zip = _zip(tmp_path / "articles.zip", {"a.txt": "An article.\n"})
    return {
        "pdf": (pdf, "a PDF document: provcheck reads text or HTML; extract its text first"),
        "doc": (doc, "a Microsoft Office document (Word .doc, .xls or .ppt)"),
        "docx": (docx, "a Word document (.docx): provcheck reads text or HTML"),
        "odt": (odt, "an OpenDocument text (.odt): provcheck reads text or HTML"),
        "zip": (plain_zip, "a zip archive: provcheck reads text or HTML; unpack it first"),
    }


@pytest.mark.parametrize("kind", ["pdf", "doc", "docx", "odt", "zip"])
def test_documents_and_archives_are_named(kind: str, tmp_path: Path) -> None:
    path, message = _formats(tmp_path)[kind]
    r = cli("normalize", str(path))
    assert r.exit_code == 3, r.output
    [line] = r.stderr.strip().splitlines()
    assert line.startswith(f"provcheck: error: {path}: {message}"), line
    assert "binary data" not in line
    r = cli("compare", str(path), str(seed("000")))
    assert r.exit_code == 3 and message in r.stderr


def test_a_str_naming_a_file_is_refused_with_a_hint() -> None:
    path = str(seed("001").relative_to(ROOT))
    import os

    here = os.getcwd()
    os.chdir(ROOT)
    try:
        with pytest.raises(UsageError, match=r"pass pathlib\.Path"):
            normalize(path)
    finally:
        os.chdir(here)
    with pytest.raises(UsageError, match=r"pathlib\.Path"):
        normalize(str(seed("001")))
    # content keeps working: text, one line that names nothing, and a Path
    assert normalize(seed("001").read_text(encoding="utf-8")).paragraphs
    assert normalize("The council approved the budget on Monday after a long debate.").paragraphs
    assert normalize(seed("001")).paragraphs
