"""URLs in the collection commands: ``report``, ``index add`` and ``check`` take URLs
where they take files, and ``--urls FILE``, a list fetched a few pages at a time.

Every test talks to a threaded ``http.server`` the tests start on 127.0.0.1 (port 0);
proxy settings are cleared so no request leaves this machine.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provcheck.cli.app import app
from provcheck.collection.articles import read_url_list
from provcheck.collection.index import open_index
from provcheck.errors import FetchStatusError, MissingInputError
from provcheck.ingest.fetch import fetch_documents
from provcheck.models import Document
from tests.conftest import seed
from tests.localserver import serving

runner = CliRunner()

SEED_A, SEED_B = seed("001").read_bytes(), seed("000").read_bytes()
_live = {"now": 0, "most": 0}
_lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if self.path.startswith("/slow-"):
                with _lock:
                    _live["now"] += 1
                    _live["most"] = max(_live["most"], _live["now"])
                time.sleep(0.15)
                with _lock:
                    _live["now"] -= 1
                self._send(200, b"page %s" % self.path.encode(), "text/plain")
            elif self.path == "/a.txt":
                self._send(200, SEED_A, "text/plain; charset=utf-8")
            elif self.path == "/b.txt":
                self._send(200, SEED_B, "text/plain; charset=utf-8")
            else:
                self._send(404, b"no", "text/plain")

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(_Handler) as url:
        yield url


@pytest.fixture()
def pair(tmp_path: Path) -> tuple[str, str]:
    """The flagship seed pair (001 and its rewrite 000), copied as files."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(SEED_A)
    b.write_bytes(SEED_B)
    return str(a), str(b)


def _edges(out: str, names: dict[str, str]) -> list[tuple[str, str, str, str, float]]:
    doc = json.loads(out)
    return sorted((names[e["a"]], names[e["b"]], e["relation"], e["direction"],
                   round(e["score"], 4)) for e in doc["edges"])


def _url_list(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "urls.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------- the library


def test_url_list_skips_comments_and_blank_lines(tmp_path: Path) -> None:
    path = _url_list(tmp_path, "# sources", "", "  http://127.0.0.1:1/a  ", "#x",
                     "https://127.0.0.1:1/b")
    assert read_url_list(path) == ["http://127.0.0.1:1/a", "https://127.0.0.1:1/b"]
    with pytest.raises(MissingInputError, match="no such URL list"):
        read_url_list(str(tmp_path / "none.txt"))


def test_fetches_are_bounded_and_keep_their_order(server: str) -> None:
    urls = [f"{server}/slow-{k}" for k in range(8)] + [f"{server}/missing"]
    seen: list[tuple[int, int]] = []
    _live["most"] = 0
    got = fetch_documents(urls, workers=3, progress=lambda d, t: seen.append((d, t)))
    assert 1 < _live["most"] <= 3
    assert [d.path for d in got[:-1] if isinstance(d, Document)] == urls[:-1]
    assert isinstance(got[-1], FetchStatusError) and got[-1].status == 404
    assert seen[-1] == (9, 9) and len(seen) == 9


# ---------------------------------------------------------------- report


def test_report_over_urls_gives_the_edges_of_the_files(server: str,
                                                      pair: tuple[str, str]) -> None:
    files = runner.invoke(app, ["report", *pair, "--fast", "-f", "json", "--no-progress"])
    urls = runner.invoke(app, ["report", f"{server}/a.txt", f"{server}/b.txt", "--fast",
                               "-f", "json", "--no-progress"])
    assert files.exit_code == 0 and urls.exit_code == 0, urls.output
    by_files = _edges(files.stdout, {pair[0]: "a", pair[1]: "b"})
    by_urls = _edges(urls.stdout, {f"{server}/a.txt": "a", f"{server}/b.txt": "b"})
    assert by_urls == by_files and by_files  # the rewrite, a->b
    assert json.loads(urls.stdout)["skipped"] == []


def test_report_url_list_with_a_failing_url_reports_it_and_goes_on(
        server: str, pair: tuple[str, str], tmp_path: Path) -> None:
    listed = _url_list(tmp_path, "# the pair, and a page that is gone", f"{server}/a.txt",
                       f"http://reader:s3cret@{server[7:]}/gone", "", f"{server}/b.txt")
    r = runner.invoke(app, ["report", "--urls", listed, "--fast", "-f", "json",
                            "--no-progress"])
    assert r.exit_code == 0, r.output
    gone = f"{server}/gone"
    assert f"provcheck: warning: skipped {gone}: HTTP 404 Not Found" in r.output
    assert "s3cret" not in r.output and "reader" not in r.output
    doc = json.loads(r.stdout)
    assert [s["path"] if isinstance(s, dict) else s[0] for s in doc["skipped"]] == [gone]
    files = runner.invoke(app, ["report", *pair, "--fast", "-f", "json", "--no-progress"])
    assert _edges(r.stdout, {f"{server}/a.txt": "a", f"{server}/b.txt": "b"}) == \
        _edges(files.stdout, {pair[0]: "a", pair[1]: "b"})


def test_report_mixes_files_and_a_url_list(server: str, pair: tuple[str, str],
                                           tmp_path: Path) -> None:
    listed = _url_list(tmp_path, f"{server}/b.txt")
    r = runner.invoke(app, ["report", pair[0], "--urls", listed, "--fast", "-f", "json",
                            "--no-progress"])
    assert r.exit_code == 0, r.output
    assert _edges(r.stdout, {pair[0]: "a", f"{server}/b.txt": "b"})[0][:4] == \
        ("a", "b", "rewrite", "a->b")


def test_report_named_url_that_fails_is_an_error(server: str, pair: tuple[str, str]) -> None:
    r = runner.invoke(app, ["report", pair[0], f"{server}/gone", "--fast", "--no-progress"])
    assert r.exit_code == 3
    assert f"provcheck: error: {server}/gone: HTTP 404 Not Found" in r.output


def test_report_url_list_and_db_exclude_each_other(tmp_path: Path) -> None:
    listed = _url_list(tmp_path, "http://127.0.0.1:1/a")
    r = runner.invoke(app, ["report", "--urls", listed, "--db", str(tmp_path / "x.db")])
    assert r.exit_code == 2 and "not both" in r.output


# ---------------------------------------------------------------- index add, check


def test_index_add_url_list(server: str, tmp_path: Path) -> None:
    db = tmp_path / "u.db"
    listed = _url_list(tmp_path, f"{server}/a.txt", f"{server}/gone", f"{server}/b.txt")
    r = runner.invoke(app, ["index", "add", "--urls", listed, "--db", str(db),
                            "--no-progress"])
    assert r.exit_code == 0, r.output
    assert "added 2, already held 0" in r.stdout
    assert f"skipped {server}/gone: HTTP 404 Not Found" in r.output
    with open_index(db) as index:
        assert sorted(h.path for h in index.documents()) == [f"{server}/a.txt",
                                                              f"{server}/b.txt"]
    again = runner.invoke(app, ["index", "add", f"{server}/a.txt", "--db", str(db)])
    assert again.exit_code == 0 and "added 0, already held 1" in again.stdout


def test_check_with_a_url(server: str, db: Path, tmp_path: Path) -> None:
    r = runner.invoke(app, ["check", f"{server}/b.txt", "--db", str(db), "-f", "json"])
    assert r.exit_code == 1, r.output
    [result] = json.loads(r.stdout)["results"]
    assert result["path"] == f"{server}/b.txt"
    assert (result["findings"][0]["relation"], result["status"]) == ("rewrite", "fail")
    # a URL of the list that cannot be fetched is unreadable: the rest checked, exit 3
    listed = _url_list(tmp_path, f"{server}/gone", f"{server}/b.txt")
    r = runner.invoke(app, ["check", "--urls", listed, "--db", str(db), "-f", "json"])
    assert r.exit_code == 3, r.output
    doc = json.loads(r.stdout)
    assert [x["path"] for x in doc["results"]] == [f"{server}/b.txt"]
    assert doc["unreadable"] == [{"path": f"{server}/gone", "reason": "HTTP 404 Not Found"}]
    assert f"provcheck: error: {server}/gone: HTTP 404 Not Found" in r.output
