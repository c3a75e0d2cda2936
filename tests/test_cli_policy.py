"""One policy for every command: the skip rule of unreadable files, settings from the
config file under the command-line flags, and choices read from their one home."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provcheck.collection.config import resolve
from provcheck.collection.index import open_index
from provcheck.errors import UsageError
from provcheck.models import DERIVED_RELATIONS
from provcheck.render import formats
from provcheck.render.check_formats import check_formats
from provcheck.render.listing import render_listing
from tests.conftest import seed
from tests.indexutil import cli


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """A folder with one readable article (on no story the seeds tell) and one empty file."""
    d = tmp_path / "articles"
    d.mkdir()
    (d / "bridge.txt").write_text(
        "Bridge opens\n\nA new bridge over the river opened to traffic on Friday after six "
        "years of work, the town council said.\n", encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")
    return d


@pytest.mark.parametrize("command", ["report", "index add", "check"])
def test_unreadable_file_in_a_folder_is_skipped_with_a_warning(
    command: str, folder: Path, db: Path
) -> None:
    extra = ["--fast"] if command == "report" else ["--db", str(db)]
    r = cli(*command.split(), str(folder), *extra)
    assert r.exit_code == 0, r.output
    assert f"provcheck: warning: skipped {folder / 'empty.txt'}: empty text" in r.stderr


@pytest.mark.parametrize("command", ["report", "index add", "check"])
def test_unreadable_file_named_on_the_command_line_is_an_error(
    command: str, folder: Path, db: Path
) -> None:
    extra = ["--fast"] if command == "report" else ["--db", str(db)]
    # (an empty file named is no article: check and index add skip it, tests/test_ci_gate.py)
    named = folder / "empty.txt" if command == "report" else folder / "scan.pdf"
    if command != "report":
        named.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    r = cli(*command.split(), str(named), str(seed("002")), *extra)
    assert r.exit_code == 3, r.output
    [line] = r.stderr.strip().splitlines()
    why = "empty text" if command == "report" else "a PDF document"
    assert line.startswith(f"provcheck: error: {named}: {why}")


def test_report_lists_the_skipped_file(folder: Path) -> None:
    r = cli("report", str(folder), "--fast", "-f", "json")
    assert r.exit_code == 0, r.output
    [skipped] = json.loads(r.stdout)["skipped"]
    assert skipped["path"] == str(folder / "empty.txt")


def _project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[tool.provcheck]\n{settings}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_config_settings_apply_to_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, monkeypatch, 'db = "data/idx.db"\nfast = true\n')
    a, b = str(seed("001")), str(seed("000"))
    assert json.loads(cli("compare", a, b, "-f", "json").stdout)["mode"] == "fast"
    assert json.loads(cli("report", a, b, "-f", "json").stdout)["mode"] == "fast"
    assert cli("index", "add", a).exit_code == 0
    assert (root / "data" / "idx.db").exists()
    r = cli("scan")  # the config's index, in the config's (fast) mode
    assert r.exit_code == 0, r.output
    with open_index(root / "data" / "idx.db") as index:
        assert (index.scan_settings() or {})["mode"] == "fast"
    r = cli("check", b, "-f", "json")
    assert r.exit_code == 1, r.output
    assert json.loads(r.stdout)["index"] == str(root / "data" / "idx.db")


def test_flags_override_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path, monkeypatch, 'db = "a.db"\nfail_on = "edited"\n'
             "fail_on_divergence = true\n")
    opts = resolve()
    assert (opts.db, opts.fail_on, opts.fail_on_divergence, opts.fast) == (
        tmp_path / "a.db", "edited", True, False)
    opts = resolve(db=Path("b.db"), fast=True, fail_on="partial", fail_on_divergence=False)
    assert (opts.db, opts.fail_on, opts.fail_on_divergence, opts.fast) == (
        Path("b.db"), "partial", False, True)


def test_fail_on_levels_come_from_the_relation_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    help_text = cli("check", "--help").stdout
    assert f"[{'|'.join(DERIVED_RELATIONS)}]" in help_text
    assert " > ".join(DERIVED_RELATIONS) in help_text
    assert cli("check", str(seed("000")), "--fail-on", "related").exit_code == 2
    _project(tmp_path, monkeypatch, 'fail_on = "related"\n')
    r = cli("check", str(seed("000")))
    assert r.exit_code == UsageError.exit_code
    assert f"fail_on must be one of {', '.join(DERIVED_RELATIONS)}" in r.stderr


@pytest.mark.parametrize(
    ("command", "choices"),
    [
        ("compare", formats()),
        ("report", formats(reports=True)),
        ("normalize", formats(documents=True)),
        ("check", check_formats()),
    ],
)
def test_format_choices_come_from_the_registries(command: str, choices: list[str]) -> None:
    assert f"--format [{'|'.join(choices)}]" in cli(command, "--help").stdout


def test_index_list_renders_outside_the_cli(db: Path) -> None:
    with open_index(db) as index:
        held = index.documents()
    for fmt in ("md", "json"):
        assert cli("index", "list", "--db", str(db), "-f", fmt).stdout == render_listing(held, fmt)
