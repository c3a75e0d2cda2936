"""Snapshots of fetched pages (WARC), offline replay, page metadata, brotli, --timeout.

Every test talks to a threaded ``http.server`` started here on 127.0.0.1 (port 0).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import brotli
import pytest
from typer.testing import CliRunner

from provcheck.cli.app import app
from provcheck.errors import FetchError
from provcheck.ingest.fetch import FetchOptions, fetch, fetch_document
from provcheck.ingest.pagemeta import page_meta
from provcheck.ingest.snapshot import SnapshotStore, read
from provcheck.models import Document, Paragraph
from tests.conftest import seed
from tests.localserver import routed, serving

runner = CliRunner()
Route = Callable[[BaseHTTPRequestHandler], None]

PARAGRAPHS = "".join(
    f"<p>Paragraph {i} of a report on the river flooding and the town council meeting "
    f"that voted on Tuesday evening to close the old bridge.</p>" for i in range(6))
JSON_LD = json.dumps({
    "@context": "https://schema.org", "@type": "NewsArticle",
    "headline": "Council closes the old bridge",
    "datePublished": "2025-03-04T08:00:00+00:00", "dateModified": "2025-03-09T17:30:00+00:00",
    "author": {"@type": "Person", "name": "Jane Reporter"},
    "publisher": {"@type": "Organization", "name": "Riverside Gazette"},
})
META_PAGE = (
    "<!doctype html><html><head><title>Council closes the old bridge</title>"
    f'<script type="application/ld+json">{JSON_LD}</script>'
    '<link rel="canonical" href="https://gazette.example/2025/03/04/bridge">'
    "</head><body><article><h1>Council closes the old bridge</h1>"
    f"{PARAGRAPHS}</article></body></html>").encode()
OG_PAGE = (
    "<!doctype html><html><head><title>Bridge</title>"
    '<meta property="article:published_time" content="2025-03-05T10:00:00Z">'
    '<meta property="article:modified_time" content="2025-03-06T10:00:00Z">'
    '<meta property="og:site_name" content="Valley Times">'
    f"</head><body><article>{PARAGRAPHS}</article></body></html>").encode()


def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> None:
    h.send_response(status)
    for k, v in headers.items():
        h.send_header(k, v)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def _slow(h: BaseHTTPRequestHandler) -> None:
    time.sleep(1.5)
    _send(h, 200, b"late", {"Content-Type": "text/plain"})


ROUTES: dict[str, Route] = {
    "/seed-a": lambda h: _send(h, 200, seed("001").read_bytes(),
                               {"Content-Type": "text/plain; charset=utf-8"}),
    "/old-seed-b": lambda h: _send(h, 301, b"", {"Location": "/seed-b"}),
    "/seed-b": lambda h: _send(h, 200, seed("000").read_bytes(), {"Content-Type": "text/plain"}),
    "/meta": lambda h: _send(h, 200, META_PAGE, {"Content-Type": "text/html; charset=utf-8"}),
    "/og": lambda h: _send(h, 200, OG_PAGE, {"Content-Type": "text/html; charset=utf-8"}),
    "/br": lambda h: _send(h, 200, brotli.compress(META_PAGE),
                           {"Content-Type": "text/html", "Content-Encoding": "br"}),
    "/slow": _slow,
}


_Handler = routed(ROUTES)


@pytest.fixture
def server() -> Iterator[str]:
    with serving(_Handler) as url:
        yield url


# ---------------------------------------------------------------- snapshots


def test_a_fetched_page_is_kept_as_a_warc_file_and_read_back(server: str,
                                                              tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    got = fetch(f"{server}/old-seed-b")
    path = store.save(got)
    assert path.name.endswith(".warc.gz") and path.parent == tmp_path
    back = read(path)
    assert (back.url, back.final_url, back.status) == (f"{server}/old-seed-b",
                                                       f"{server}/seed-b", 200)
    assert back.body == seed("000").read_bytes() == got.body
    assert back.sha256 == hashlib.sha256(back.body).hexdigest() == got.sha256
    assert back.fetched_at == got.fetched_at and back.charset == got.charset
    # a standard WARC: a response record for the final URL, metadata for the one asked
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"))
                   for r in ArchiveIterator(stream)]
    assert records == [("response", f"{server}/seed-b"), ("metadata", f"{server}/old-seed-b")]


def test_a_tampered_snapshot_is_refused(server: str, tmp_path: Path) -> None:
    import gzip

    path = SnapshotStore(tmp_path).save(fetch(f"{server}/seed-a"))
    raw = gzip.decompress(path.read_bytes()).replace(b"Iraqi", b"Irakk", 1)
    path.write_bytes(raw)  # an uncompressed WARC is a WARC too
    with pytest.raises(FetchError, match="does not match its SHA-256"):
        read(path)
    path.write_bytes(gzip.compress(raw))  # one gzip member for the file: not a WARC
    with pytest.raises(FetchError) as err:
        read(path)
    assert "unreadable snapshot" in str(err.value) and "\n" not in str(err.value)


def test_offline_replay_without_a_snapshot_is_a_fetch_error(tmp_path: Path) -> None:
    options = FetchOptions(snapshots=str(tmp_path), offline=True)
    with pytest.raises(FetchError) as err:
        fetch_document("http://127.0.0.1:9/never-fetched", options=options)
    assert err.value.exit_code == 3
    assert str(err.value).startswith("http://127.0.0.1:9/never-fetched: offline, and no "
                                     "snapshot of it in")


def test_compare_replays_offline_to_the_same_json(tmp_path: Path) -> None:
    snaps = tmp_path / "snaps"
    with serving(_Handler) as url:
        live = runner.invoke(app, ["compare", f"{url}/seed-a", f"{url}/old-seed-b", "--fast",
                                   "--format", "json", "--snapshots", str(snaps)])
    assert live.exit_code == 0, live.output
    # the server is stopped: only the snapshots can answer
    replay = runner.invoke(app, ["compare", f"{url}/seed-a", f"{url}/old-seed-b", "--fast",
                                 "--format", "json", "--snapshots", str(snaps), "--offline"])
    assert replay.exit_code == 0, replay.output
    assert replay.stdout == live.stdout
    data = json.loads(live.stdout)
    fetched = data["b"]["fetched"]
    assert fetched["url"] == f"{url}/old-seed-b" and fetched["final_url"] == f"{url}/seed-b"
    assert fetched["sha256"] == hashlib.sha256(seed("000").read_bytes()).hexdigest()
    assert Path(fetched["snapshot"]).parent == snaps
    assert data["direction"] == "a->b"
    # without the snapshot folder's pages, offline cannot read the URL: one line, exit 3
    empty = runner.invoke(app, ["compare", f"{url}/seed-a", str(seed("000")), "--offline",
                                "--snapshots", str(tmp_path / "none")])
    assert empty.exit_code == 3
    assert "offline, and no snapshot of it" in empty.stderr
    assert "Traceback" not in empty.output


def test_report_and_index_keep_the_url_and_snapshot_hash(server: str, tmp_path: Path) -> None:
    snaps = tmp_path / "snaps"
    db = tmp_path / "index.db"
    r = runner.invoke(app, ["index", "add", f"{server}/seed-a", str(seed("002")), "--db",
                            str(db), "--snapshots", str(snaps), "--no-progress"])
    assert r.exit_code == 0, r.output
    from provcheck.collection.index import open_index

    with open_index(db, readonly=True) as index:
        docs = [index.load(h.id) for h in index.documents()]
    held = {d.path: d for d in docs}
    page = held[f"{server}/seed-a"]
    assert page.fetched is not None
    assert page.fetched.sha256 == hashlib.sha256(seed("001").read_bytes()).hexdigest()
    assert page.fetched.snapshot and Path(page.fetched.snapshot).is_file()
    assert held[str(seed("002"))].fetched is None
    rep = runner.invoke(app, ["report", f"{server}/seed-a", str(seed("000")), "--fast",
                              "--format", "json", "--snapshots", str(snaps), "--no-progress"])
    assert rep.exit_code == 0, rep.output
    docs_json = {d["path"]: d for d in json.loads(rep.stdout)["documents"]}
    assert docs_json[f"{server}/seed-a"]["fetched"]["sha256"] == page.fetched.sha256
    assert docs_json[str(seed("000"))]["fetched"] is None
    md = runner.invoke(app, ["report", f"{server}/seed-a", str(seed("000")), "--fast",
                             "--snapshots", str(snaps), "--no-progress"])
    assert f"sha256 {page.fetched.sha256[:16]}" in md.stdout


# ---------------------------------------------------------------- page metadata


def test_page_meta_reads_json_ld_and_canonical() -> None:
    meta = page_meta(META_PAGE.decode())
    assert meta.published == "2025-03-04" and meta.modified == "2025-03-09"
    assert meta.author == "Jane Reporter" and meta.site_name == "Riverside Gazette"
    assert meta.canonical == "https://gazette.example/2025/03/04/bridge"


def test_page_meta_reads_opengraph_article_tags() -> None:
    meta = page_meta(OG_PAGE.decode())
    assert (meta.published, meta.modified, meta.site_name) == ("2025-03-05", "2025-03-06",
                                                               "Valley Times")
    assert meta.canonical is None and meta.author is None


def test_page_without_metadata_states_nothing() -> None:
    meta = page_meta(f"<html><body>{PARAGRAPHS}</body></html>")
    assert meta == type(meta)()


def test_fetched_page_metadata_in_every_output(server: str) -> None:
    doc = fetch_document(f"{server}/meta")
    assert doc.date == "2025-03-04" and doc.modified == "2025-03-09"
    assert doc.author == "Jane Reporter"
    assert doc.url == "https://gazette.example/2025/03/04/bridge"
    text = runner.invoke(app, ["compare", f"{server}/meta", f"{server}/og", "--fast"])
    assert text.exit_code == 0, text.output
    assert "modified: 2025-03-09" in text.stdout and "author: Jane Reporter" in text.stdout
    assert "url: https://gazette.example/2025/03/04/bridge" in text.stdout
    for fmt in ("md", "html"):
        out = runner.invoke(app, ["compare", f"{server}/meta", f"{server}/og", "--fast",
                                  "--format", fmt]).stdout
        assert "modified: 2025-03-09" in out and "sha256 " in out
    data = json.loads(runner.invoke(app, ["compare", f"{server}/meta", f"{server}/og",
                                          "--fast", "--format", "json"]).stdout)
    assert data["a"]["modified"] == "2025-03-09" and data["b"]["outlet"] == "Valley Times"
    norm = json.loads(runner.invoke(app, ["normalize", f"{server}/meta", "--format",
                                          "json"]).stdout)
    assert norm["modified"] == "2025-03-09" and norm["fetched"]["status"] == 200


def test_a_source_modified_after_the_copy_is_noted() -> None:
    from provcheck.verdict.classify import modified_after

    def doc(date: str, modified: str | None) -> Document:
        return Document(path=None, title=None, date=date, outlet=None, author=None, url=None,
                        dateline=None, paragraphs=(Paragraph("p1", "x", "x", None, None),),
                        modified=modified)

    a, b = doc("2025-03-04", "2025-03-09"), doc("2025-03-05", None)
    (note,) = modified_after(a, b, "a->b")
    assert note.startswith("a was modified on 2025-03-09, after b was published (2025-03-05)")
    assert modified_after(a, b, "b->a") == []
    assert modified_after(doc("2025-03-04", "2025-03-04"), b, "a->b") == []


# ---------------------------------------------------------------- brotli, --timeout


def test_brotli_encoded_page(server: str) -> None:
    got = fetch(f"{server}/br")
    assert got.body == META_PAGE


def test_timeout_option(server: str, tmp_path: Path) -> None:
    t0 = time.monotonic()
    r = runner.invoke(app, ["normalize", f"{server}/slow", "--timeout", "0.3"])
    assert r.exit_code == 3
    assert f"{server}/slow: timed out" in r.stderr
    assert time.monotonic() - t0 < 1.4
    bad = runner.invoke(app, ["normalize", f"{server}/slow", "--timeout", "soon"])
    assert bad.exit_code == 2 and "--timeout 'soon'" in bad.stderr


def test_check_replays_a_url_list_offline(db: Path, tmp_path: Path) -> None:
    snaps = tmp_path / "snaps"
    links = tmp_path / "links.txt"
    with serving(_Handler) as url:
        links.write_text(f"# new pages\n{url}/seed-b\n", encoding="utf-8")
        live = runner.invoke(app, ["check", "--urls", str(links), "--db", str(db), "--fast",
                                   "--format", "json", "--snapshots", str(snaps),
                                   "--no-progress"])
    assert live.exit_code == 1, live.output  # 000 rewrites the indexed 001
    replay = runner.invoke(app, ["check", "--urls", str(links), "--db", str(db), "--fast",
                                 "--format", "json", "--snapshots", str(snaps), "--offline",
                                 "--no-progress"])
    assert replay.exit_code == 1, replay.output
    assert replay.stdout == live.stdout
    (result,) = json.loads(live.stdout)["results"]
    assert result["fetched"]["sha256"] == hashlib.sha256(seed("000").read_bytes()).hexdigest()
