"""Hostile and odd input (issue 6): each is processed or refused with one line and a
documented exit code, never a traceback, with memory bounded by the size limit."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provcheck.cli.app import app
from provcheck.ingest.normalize import MAX_INPUT_BYTES

runner = CliRunner()


def _normalize(path: Path):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["normalize", str(path)])


def _one_line_error(r, code: int) -> None:  # type: ignore[no-untyped-def]
    assert r.exit_code == code, r.output
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("provcheck: error:")
    assert "Traceback" not in r.output


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    p = tmp_path / "nul.txt"
    p.write_bytes(b"Title\n\nSome text with a NUL \x00 byte about 300 troops.\n")
    _one_line_error(_normalize(p), 3)


def test_lone_carriage_returns_split_paragraphs(tmp_path: Path) -> None:
    p = tmp_path / "cr.txt"
    p.write_bytes(b"Title\r\rFirst paragraph with some text.\r\rSecond paragraph with more.\r")
    r = _normalize(p)
    assert r.exit_code == 0
    assert r.stdout.strip().split("\n\n") == ["First paragraph with some text.",
                                          "Second paragraph with more."]


def test_mixed_encodings_decode_without_loss_of_the_text(tmp_path: Path) -> None:
    p = tmp_path / "mixed.txt"
    p.write_bytes("Title\n\nCafé in UTF-8 and ".encode() + "café in latin-1.\n".encode("latin-1"))
    r = _normalize(p)
    assert r.exit_code == 0 and "in UTF-8 and caf" in r.stdout


def test_a_file_over_100_mb_is_refused_after_reading_the_limit(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        fh.write(b"Title\n\n")
        fh.truncate(100 * 2**20)  # sparse: 100 MB on the file system's word
    _one_line_error(_normalize(p), 3)
    assert MAX_INPUT_BYTES == 20 * 2**20


def test_a_one_megabyte_line(tmp_path: Path) -> None:
    p = tmp_path / "line.txt"
    p.write_bytes(b"Title\n\n" + b"word " * 210_000 + b"\n")
    assert _normalize(p).exit_code == 0


def test_html_nested_100000_levels(tmp_path: Path) -> None:
    p = tmp_path / "deep.html"
    text = b"<p>Deep text paragraph that is long enough to count as the body of an article.</p>"
    nested = b"<div>" * 100_000 + text + b"</div>" * 100_000
    p.write_bytes(b"<html><body>" + nested + b"</body></html>")
    r = _normalize(p)
    assert r.exit_code in (0, 3) and "Traceback" not in r.output
    if r.exit_code == 3:
        _one_line_error(r, 3)


def test_gzip_bomb(tmp_path: Path) -> None:
    p = tmp_path / "bomb.txt.gz"
    p.write_bytes(gzip.compress(b"a" * (MAX_INPUT_BYTES + 2**20), compresslevel=1))
    assert p.stat().st_size < 2**20
    r = _normalize(p)
    _one_line_error(r, 3)
    assert "limit" in r.stderr


def test_symlink_loop_and_odd_names_in_a_collection(tmp_path: Path) -> None:
    folder = tmp_path / "collection"
    folder.mkdir()
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "a b été.txt").write_text(
        "Title\n\nA paragraph about a flood that closed the bridge for two days.\n",
        encoding="utf-8",
    )
    (folder / "ü.txt").write_text(
        "Other\n\nLawmakers debated the budget for six hours on Tuesday night.\n",
        encoding="utf-8",
    )
    r = runner.invoke(app, ["report", str(folder), "--fast", "-f", "json"])
    assert r.exit_code == 0, r.output
    assert "a b été.txt" in r.stdout and "ü.txt" in r.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable files")
def test_unreadable_file(tmp_path: Path) -> None:
    p = tmp_path / "secret.txt"
    p.write_text("Title\n\nText.\n")
    p.chmod(0)
    _one_line_error(_normalize(p), 3)


def test_utf8_bom_followed_by_invalid_bytes(tmp_path: Path) -> None:
    # found by benchmarks/fuzz_atheris.py
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbfTitle\n\nCaf\xc3 text that is not UTF-8 after all.\n")
    _one_line_error(_normalize(p), 3)


def test_unreadable_file_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The permission error path, exercised where the tests run as root (CI)."""
    p = tmp_path / "secret.txt"
    p.write_text("Title\n\nText.\n")
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == p:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", deny)
    _one_line_error(_normalize(p), 3)
    assert "permission denied" in runner.invoke(app, ["normalize", str(p)]).stderr
