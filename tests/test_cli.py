"""The CLI contract: output formats, exit codes, one-line errors, never a traceback."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provcheck.cli.app import app
from tests.conftest import FIXTURES, seed

runner = CliRunner()


def _run(*args: str, stdin: bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=stdin)


def test_compare_json_flagship() -> None:
    r = _run("compare", str(seed("001")), str(seed("000")), "--format", "json", "--fast")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["relation"] == "rewrite"
    assert doc["direction"] == "a->b"


def test_compare_text_and_markdown(tmp_path: Path) -> None:
    r = _run("compare", str(seed("001")), str(seed("000")), "--fast", "--no-color")
    assert r.exit_code == 0
    assert "relation: rewrite" in r.stdout
    assert "[-" in r.stdout and "{+" in r.stdout
    out = tmp_path / "report.md"
    r = _run("compare", str(seed("001")), str(seed("000")), "--fast", "-f", "md", "-o", str(out))
    assert r.exit_code == 0
    assert r.stdout == ""
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# Iraqi army says cooperation with Peshmerga")  # a's title (Rudaw)
    assert "~~" in md


def test_color_output_uses_ansi() -> None:
    r = _run("compare", str(seed("001")), str(seed("000")), "--fast", "--color")
    assert "\x1b[" in r.stdout


def test_normalize_text_prints_only_body_paragraphs() -> None:
    r = _run("normalize", str(seed("001")))
    assert r.exit_code == 0
    paras = r.stdout.rstrip("\n").split("\n\n")
    assert paras[0].startswith("An Iraqi army official")
    assert "A+ A-" not in r.stdout and "Rudaw moderates" not in r.stdout
    assert all(p.strip() and "\n" not in p for p in paras)


def test_normalize_json_has_metadata_and_offsets() -> None:
    r = _run("normalize", str(seed("001")), "--format", "json")
    doc = json.loads(r.stdout)
    assert doc["outlet"] == "Rudaw" and doc["date"] == "2025-09-24"
    assert all(isinstance(p["start"], int) for p in doc["paragraphs"])


def test_stdin() -> None:
    data = seed("000").read_bytes()
    r = _run("normalize", "-", stdin=data)
    assert r.exit_code == 0
    assert r.stdout.startswith("A senior Iraqi military commander")


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("does-not-exist.txt", "no such file"),
        (".", "is a directory"),
        ("fixtures/bad/binary.bin", "binary data"),
        ("fixtures/bad/empty.txt", "empty text"),
        ("fixtures/html/no_article.html", "HTML with no article text"),
        ("fixtures/bad/corrupt.gz", "corrupt gzip"),
    ],
)
def test_bad_input_exit_3_one_line(target: str, message: str) -> None:
    path = str(FIXTURES.parent / target)
    for args in (("compare", path, str(seed("000"))), ("normalize", path)):
        r = _run(*args)
        assert r.exit_code == 3, r.output
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1
        assert message in lines[0]
        assert "Traceback" not in r.output


def test_usage_errors_exit_2() -> None:
    assert _run("compare", str(seed("000"))).exit_code == 2
    assert _run("compare", "a", "b", "--format", "pdf").exit_code == 2
    assert _run("compare", "-", "-").exit_code == 2
    assert _run("frobnicate").exit_code == 2


def test_unwritable_output_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "dir" / "x.json"
    r = _run("compare", str(seed("001")), str(seed("000")), "--fast", "-o", str(out))
    assert r.exit_code == 2
    assert "cannot write" in r.stderr


def test_help_teaches() -> None:
    r = _run("compare", "--help")
    assert r.exit_code == 0
    for word in ("reprint", "rewrite", "--fast", "--format", "Examples"):
        assert word in r.stdout
    assert _run("--version").stdout.startswith("provcheck ")
