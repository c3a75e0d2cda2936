"""Fetching URLs (provcheck.fetch, and URLs in ``compare`` and ``normalize``).

Every test talks to a threaded ``http.server`` the tests start on 127.0.0.1 (port 0);
proxy settings are cleared so no request leaves this machine.
"""

from __future__ import annotations

import gzip
import json
import socket
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from typer.testing import CliRunner

import provcheck.ingest.fetch as fetch_mod
from provcheck.cli.app import app
from provcheck.errors import (
    BinaryInputError,
    FetchError,
    FetchStatusError,
    FetchTimeoutError,
    FetchTooLargeError,
    FetchTypeError,
    InputError,
    InputTooLargeError,
    UnsupportedURLError,
)
from provcheck.ingest.fetch import FetchOptions, document_charset, fetch, redact
from tests.conftest import seed
from tests.localserver import routed, serving

runner = CliRunner()

Route = Callable[[BaseHTTPRequestHandler], None]
CYRILLIC = "Новости дня: правительство объявило о новых мерах"


def _send(h: BaseHTTPRequestHandler, status: int, body: bytes = b"",
          headers: dict[str, str] | None = None, *, length: bool = True) -> None:
    h.send_response(status)
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    if length:
        h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def _page(body: bytes, ctype: str = "text/html; charset=utf-8") -> Route:
    return lambda h: _send(h, 200, body, {"Content-Type": ctype})


def _redirect(to: str) -> Route:
    return lambda h: _send(h, 302, b"", {"Location": to})


def _slow(h: BaseHTTPRequestHandler) -> None:
    time.sleep(1.5)
    _send(h, 200, b"late", {"Content-Type": "text/plain"})


def _big_streamed(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/plain")
    h.end_headers()  # no Content-Length: the body runs until the connection closes
    for _ in range(50):
        h.wfile.write(b"x" * 1000 + b"\n")


_busy_hits = {"n": 0}


def _busy(h: BaseHTTPRequestHandler) -> None:
    _busy_hits["n"] += 1
    if _busy_hits["n"] == 1:
        _send(h, 503, b"busy", {"Retry-After": "0", "Content-Type": "text/plain"})
    else:
        _send(h, 200, b"ready now", {"Content-Type": "text/plain"})


ARTICLE = (b"<!doctype html><html><head><title>Story</title></head><body><article>"
           + b"".join(b"<p>Paragraph %d of a story about the river and the town council "
                      b"meeting on Tuesday evening.</p>" % i for i in range(5))
           + b"</article></body></html>")

ROUTES: dict[str, Route] = {
    "/page": _page(ARTICLE),
    "/moved": _redirect("/moved2"),
    "/moved2": _redirect("/page"),
    "/missing": lambda h: _send(h, 404, b"no", {"Content-Type": "text/plain"}),
    "/broken": lambda h: _send(h, 500, b"oops", {"Content-Type": "text/plain"}),
    "/slow": _slow,
    "/big": _page(b"y" * 5000, "text/plain"),
    "/big-streamed": _big_streamed,
    "/pdf": _page(b"%PDF-1.7\n...", "application/pdf"),
    "/cs-header": _page(("<p>" + CYRILLIC + "</p>").encode("cp1251"),
                        "text/html; charset=windows-1251"),
    "/cs-document": _page(('<html><head><meta charset="koi8-r"></head><body><p>'
                           + CYRILLIC + "</p></body></html>").encode("koi8_r"), "text/html"),
    "/cs-conflict": _page(('<html><head><meta charset="windows-1251"></head><body><p>'
                           + CYRILLIC + "</p></body></html>").encode("utf-8"),
                          "text/html; charset=utf-8"),
    "/cs-wrong-header": _page(('<html><head><meta charset="windows-1251"></head><body><p>'
                               + CYRILLIC + "</p></body></html>").encode("cp1251"),
                              "text/html; charset=utf-8"),
    "/gzip": lambda h: _send(h, 200, gzip.compress(ARTICLE),
                             {"Content-Type": "text/html", "Content-Encoding": "gzip"}),
    "/loop-a": _redirect("/loop-b"),
    "/loop-b": _redirect("/loop-a"),
    **{f"/hop{i}": _redirect(f"/hop{i + 1}") for i in range(10)},
    "/hop10": _page(ARTICLE),
    "/to-file": _redirect("file:///etc/passwd"),
    "/busy": _busy,
    "/seed-a": _page(seed("001").read_bytes(), "text/plain; charset=utf-8"),
    "/seed-b": _page(seed("000").read_bytes(), "text/plain"),
}


_Handler = routed(ROUTES)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(_Handler) as url:
        yield url


def _refused_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


# ---------------------------------------------------------------- fetch()


def test_fetch_follows_redirects_and_records_what_it_got(server: str) -> None:
    got = fetch(f"{server}/moved")
    assert got.url == f"{server}/moved"
    assert got.final_url == f"{server}/page"
    assert got.status == 200
    assert got.body == ARTICLE
    assert got.content_type == "text/html" and got.charset == "utf-8"
    assert got.fetched_at.endswith("Z") and got.fetched_at[:2] == "20"
    import hashlib

    assert got.sha256 == hashlib.sha256(ARTICLE).hexdigest()
    assert got.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(("path", "status"), [("/missing", 404), ("/broken", 500)])
def test_error_status(server: str, path: str, status: int) -> None:
    with pytest.raises(FetchStatusError) as err:
        fetch(f"{server}{path}", options=FetchOptions(retries=0))
    assert err.value.status == status
    assert str(err.value) == f"{server}{path}: HTTP {status} " + (
        "Not Found" if status == 404 else "Internal Server Error")
    assert err.value.exit_code == 3


def test_slow_response_times_out(server: str) -> None:
    t0 = time.monotonic()
    with pytest.raises(FetchTimeoutError, match=r"/slow: timed out"):
        fetch(f"{server}/slow", options=FetchOptions(timeout=0.3, connect_timeout=0.3))
    assert time.monotonic() - t0 < 1.4


def test_body_over_the_cap(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(FetchTooLargeError, match="larger than the 1000 bytes limit"):
        fetch(f"{server}/big", options=FetchOptions(max_bytes=1000))
    monkeypatch.setattr(fetch_mod, "MAX_INPUT_BYTES", 20_000)  # the default cap, made small
    with pytest.raises(InputTooLargeError, match="/big-streamed: larger than"):
        fetch(f"{server}/big-streamed")


def test_pdf_is_refused_by_name(server: str) -> None:
    with pytest.raises(FetchTypeError) as err:
        fetch(f"{server}/pdf")
    assert isinstance(err.value, BinaryInputError)
    assert str(err.value) == (f"{server}/pdf: a PDF document (application/pdf): provcheck "
                              "reads HTML or text pages")


def test_charset_from_the_header(server: str) -> None:
    got = fetch(f"{server}/cs-header")
    assert got.charset == "cp1251"
    assert CYRILLIC in got.text()


def test_charset_from_the_document(server: str) -> None:
    got = fetch(f"{server}/cs-document")
    assert got.charset == "koi8-r"
    assert CYRILLIC in got.text()


def test_conflicting_charsets_header_wins_when_it_decodes(server: str) -> None:
    got = fetch(f"{server}/cs-conflict")
    assert got.charset == "utf-8"
    assert CYRILLIC in got.text()
    # a header charset the bytes are not in is passed over for the document's
    got = fetch(f"{server}/cs-wrong-header")
    assert got.charset == "cp1251"
    assert CYRILLIC in got.text()


def test_document_charset_forms() -> None:
    assert document_charset(b'<meta http-equiv="Content-Type" '
                            b'content="text/html; charset=ISO-8859-2">') == "ISO-8859-2"
    assert document_charset(b'<?xml version="1.0" encoding="utf-8"?><html>') == "utf-8"
    assert document_charset(b"<p>none</p>") is None


def test_gzip_is_decoded(server: str) -> None:
    got = fetch(f"{server}/gzip")
    assert got.body == ARTICLE


def test_redirect_loop_and_too_many_redirects(server: str) -> None:
    with pytest.raises(FetchError, match=r"/loop-a: a redirect loop \(back to .*/loop-a\)"):
        fetch(f"{server}/loop-a")
    with pytest.raises(FetchError, match=r"/hop0: more than 5 redirects"):
        fetch(f"{server}/hop0")
    assert fetch(f"{server}/hop5").final_url == f"{server}/hop10"  # 5 redirects: allowed


def test_redirect_to_file_is_refused(server: str) -> None:
    with pytest.raises(UnsupportedURLError, match=r"/to-file: redirected to file://"):
        fetch(f"{server}/to-file")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/story.txt"])
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(UnsupportedURLError) as err:
        fetch(url)
    scheme = url.split(":", maxsplit=1)[0]
    assert str(err.value) == (f"{url}: {scheme}:// URLs are not fetched; provcheck fetches "
                              "http and https only")
    assert err.value.exit_code == 3


def test_connection_refused() -> None:
    url = _refused_url()
    with pytest.raises(FetchError, match=r"cannot connect") as err:
        fetch(url)
    assert str(err.value).startswith(f"{url}: ")


def test_retry_after_503(server: str) -> None:
    _busy_hits["n"] = 0
    got = fetch(f"{server}/busy")
    assert got.body == b"ready now" and _busy_hits["n"] == 2
    _busy_hits["n"] = 0
    with pytest.raises(FetchStatusError, match="HTTP 503"):
        fetch(f"{server}/busy", options=FetchOptions(retries=0))


def test_credentials_are_never_shown(server: str) -> None:
    host = server.removeprefix("http://")
    with pytest.raises(FetchStatusError) as err:
        fetch(f"http://reader:s3cret@{host}/missing")
    assert "s3cret" not in str(err.value) and "reader" not in str(err.value)
    assert str(err.value).startswith(f"{server}/missing: HTTP 404")
    got = fetch(f"http://reader:s3cret@{host}/moved")
    assert "s3cret" not in got.url + got.final_url
    assert redact("see https://a:b@x.org/p and ftp://u@y.org/") == \
        "see https://x.org/p and ftp://y.org/"
    r = runner.invoke(app, ["normalize", f"http://reader:s3cret@{host}/missing"])
    assert r.exit_code == 3
    assert "s3cret" not in r.output and "reader" not in r.output


# ---------------------------------------------------------------- the CLI


def test_cli_compare_urls_as_files(server: str) -> None:
    files = runner.invoke(app, ["compare", str(seed("001")), str(seed("000")), "--fast",
                                "--format", "json"])
    urls = runner.invoke(app, ["compare", f"{server}/seed-a", f"{server}/seed-b", "--fast",
                               "--format", "json"])
    assert files.exit_code == 0 and urls.exit_code == 0, urls.output
    a, b = json.loads(files.stdout), json.loads(urls.stdout)
    assert (b["relation"], b["direction"]) == (a["relation"], a["direction"])
    assert b["score"] == pytest.approx(a["score"])
    assert f"{server}/seed-a" in urls.stdout


def test_cli_normalize_url(server: str) -> None:
    r = runner.invoke(app, ["normalize", f"{server}/moved", "--format", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["path"] == f"{server}/moved"
    assert doc["url"] == f"{server}/page"
    assert doc["paragraphs"][0]["text"].startswith("Paragraph 0 of a story")
    gz = runner.invoke(app, ["normalize", f"{server}/gzip"])
    assert gz.exit_code == 0 and gz.stdout.startswith("Paragraph 0")


@pytest.mark.parametrize(("path", "message"), [
    ("/pdf", "a PDF document (application/pdf)"),
    ("/missing", "HTTP 404 Not Found"),
    ("/loop-a", "a redirect loop"),
])
def test_cli_fetch_errors_are_one_line_exit_3(server: str, path: str, message: str) -> None:
    r = runner.invoke(app, ["compare", f"{server}{path}", str(seed("000"))])
    assert r.exit_code == 3
    assert r.output == f"provcheck: error: {server}{path}: " + r.output.split(": ", 3)[-1]
    assert message in r.output and r.output.count("\n") == 1


def test_cli_refuses_file_urls() -> None:
    r = runner.invoke(app, ["normalize", "file:///etc/hostname"])
    assert r.exit_code == 3
    assert "file:// URLs are not fetched" in r.output


def test_fetch_errors_are_input_errors() -> None:
    for cls in (FetchError, UnsupportedURLError, FetchTimeoutError, FetchStatusError,
                FetchTooLargeError, FetchTypeError):
        assert issubclass(cls, InputError) and cls.exit_code == 3
