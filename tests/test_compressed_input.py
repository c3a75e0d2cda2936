"""Compressed input is verified: a gzip file cut short, corrupt, with a wrong CRC or
length trailer, or with data after it that is not gzip is an input error naming the
file (exit 3, one line), never a silently shortened article; concatenated members
(and zero padding between them) are read whole, and the size limit applies to the
decompressed size."""

from __future__ import annotations

import gzip
import sys
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

import provcheck
from provcheck import errors
from provcheck.cli import app
from tests.conftest import seed

runner = CliRunner()

ARTICLE = seed("001").read_bytes()
GZ = gzip.compress(ARTICLE)
LAST_WORDS = 'will persist."'  # the seed's last words, after 3,000 bytes


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


BROKEN = {
    "cut in half": (GZ[: len(GZ) // 2], "corrupt gzip: unexpected end of data"),
    "header only": (GZ[:10], "corrupt gzip: unexpected end of data"),
    "no trailer": (GZ[:-8], "corrupt gzip: unexpected end of data"),
    "half a trailer": (GZ[:-3], "corrupt gzip: unexpected end of data"),
    # zlib's reason, whatever zlib says (here "invalid stored block lengths")
    "header and garbage": (GZ[:10] + b"\x00not deflate data at all, just words" * 3,
                           "corrupt gzip: "),
    "wrong CRC": (_flip(GZ, len(GZ) - 8), "corrupt gzip: incorrect data check"),
    "wrong length": (_flip(GZ, len(GZ) - 4), "corrupt gzip: incorrect length check"),
    "second member cut": (GZ + GZ[:40], "corrupt gzip: unexpected end of data"),
    "trailing garbage": (GZ + b"trailing words",
                         "corrupt gzip: data after the end of the compressed stream is not gzip"),
}


@pytest.fixture(params=sorted(BROKEN))
def broken(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    data, message = BROKEN[request.param]
    path = tmp_path / "article.txt.gz"
    path.write_bytes(data)
    return path, message


def test_gzip_truth_matches_python() -> None:
    """The cases are what they say: Python's gzip module refuses each of them."""
    for data, _ in BROKEN.values():
        with pytest.raises((EOFError, OSError, zlib.error)):  # BadGzipFile: an OSError
            gzip.decompress(data)


def test_the_library_names_the_file(broken: tuple[Path, str]) -> None:
    path, message = broken
    with pytest.raises(errors.DecodeError) as info:
        provcheck.normalize(path)
    assert str(info.value).startswith(f"{path}: {message}")
    assert isinstance(info.value, errors.InputError) and info.value.exit_code == 3
    reason = info.value.reason(str(path))
    assert reason.startswith(message) and len(reason) > len("corrupt gzip: ")
    assert "Error -" not in reason  # zlib's reason without its preamble


def test_bytes_are_verified_too() -> None:
    with pytest.raises(errors.DecodeError, match=r"^mine\.gz: corrupt gzip: unexpected end"):
        provcheck.normalize(GZ[: len(GZ) // 2], label="mine.gz")
    with pytest.raises(errors.DecodeError, match=r"^input: corrupt gzip: incorrect data check"):
        provcheck.normalize(_flip(GZ, len(GZ) - 8))


def _one_line_error(r, message: str) -> None:  # type: ignore[no-untyped-def]
    assert r.exit_code == 3, r.output
    assert r.stderr.count("\n") == 1, r.stderr
    assert r.stderr.startswith("provcheck: error: ") and message in r.stderr
    assert "Traceback" not in r.output
    assert r.stdout == ""


def test_the_cli_exits_3_with_one_line(broken: tuple[Path, str]) -> None:
    path, message = broken
    r = runner.invoke(app, ["normalize", str(path)])
    _one_line_error(r, f"{path}: {message}")
    assert r.stderr.startswith(f"provcheck: error: {path}: {message}")


def test_compare_refuses_a_cut_gzip(tmp_path: Path) -> None:
    path = tmp_path / "a.gz"
    path.write_bytes(GZ[: len(GZ) // 2])
    r = runner.invoke(app, ["compare", str(path), str(seed("000")), "--fast"])
    _one_line_error(r, f"{path}: corrupt gzip: unexpected end of data")


def test_stdin_is_verified() -> None:
    r = runner.invoke(app, ["normalize", "-"], input=GZ[: len(GZ) // 2])
    _one_line_error(r, "corrupt gzip: unexpected end of data")


@pytest.mark.parametrize(
    "data",
    [
        gzip.compress(ARTICLE[:1000]) + gzip.compress(ARTICLE[1000:]),
        gzip.compress(ARTICLE[:1000]) + b"\x00" * 16 + gzip.compress(ARTICLE[1000:]) + b"\x00",
        b"".join(gzip.compress(ARTICLE[i : i + 50]) for i in range(0, len(ARTICLE), 50)),
        GZ + gzip.compress(b""),
    ],
    ids=["two members", "zero padding", "one member per 50 bytes", "an empty last member"],
)
def test_concatenated_members_are_read_whole(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "multi.txt.gz"
    path.write_bytes(data)
    assert gzip.decompress(data) == ARTICLE
    whole = provcheck.normalize(seed("001"))
    doc = provcheck.normalize(path)
    assert [p.text for p in doc.paragraphs] == [p.text for p in whole.paragraphs]
    assert doc.paragraphs[-1].text.endswith(LAST_WORDS)
    r = runner.invoke(app, ["normalize", str(path)])
    assert r.exit_code == 0, r.output
    assert r.stdout.rstrip().endswith(LAST_WORDS)


def test_the_limit_counts_decompressed_bytes_over_members(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    norm = sys.modules["provcheck.ingest.normalize"]  # the module, shadowed by the function
    monkeypatch.setattr(norm, "MAX_INPUT_BYTES", len(ARTICLE) - 1)
    path = tmp_path / "multi.gz"
    path.write_bytes(gzip.compress(ARTICLE[:1000]) + gzip.compress(ARTICLE[1000:]))
    assert path.stat().st_size < len(ARTICLE) - 1
    with pytest.raises(errors.InputTooLargeError, match="decompresses to more than"):
        provcheck.normalize(path)
    monkeypatch.setattr(norm, "MAX_INPUT_BYTES", len(ARTICLE))
    assert provcheck.normalize(path).paragraphs[-1].text.endswith(LAST_WORDS)


def test_a_bomb_stops_at_the_limit_before_any_check(tmp_path: Path) -> None:
    """A bomb cut short is refused for its size: decompression stops at the limit,
    before the end of the data (and its CRC) is reached."""
    from provcheck.ingest.normalize import MAX_INPUT_BYTES

    bomb = gzip.compress(b"a" * (MAX_INPUT_BYTES + 2**20), compresslevel=1)
    path = tmp_path / "bomb.gz"
    path.write_bytes(bomb[:-100])
    with pytest.raises(errors.InputTooLargeError, match=r"limit$"):
        provcheck.normalize(path)
