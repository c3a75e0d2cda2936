"""``provcheck serve``: the JSON API and the pages through Starlette's test client, the
guard, the token, the limits and the command's refusals."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from concurrent.futures import Future
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from starlette.testclient import TestClient

from provcheck.errors import (
    BinaryInputError,
    EmptyInputError,
    FetchError,
    FetchStatusError,
    FetchTimeoutError,
    FetchTooLargeError,
    FetchTypeError,
    IndexStoreError,
    UnsupportedURLError,
    UsageError,
)
from provcheck.serve.app import create_app, limited
from provcheck.serve.config import ServeConfig
from provcheck.serve.guard import (
    BusyError,
    NotFoundError,
    address_guard,
    authorized,
    status_of,
)
from provcheck.serve.state import Limiter
from tests.indexutil import cli
from tests.localserver import routed, serving
from tests.serveutil import COPY, OTHER, SOURCE, TOKEN, index_of

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _schema(name: str) -> dict[str, Any]:
    text = resources.files("provcheck").joinpath(f"schema/{name}.schema.json").read_text()
    found: dict[str, Any] = json.loads(text)
    return found


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = index_of(tmp_path_factory.mktemp("serve"), ("source.txt", SOURCE),
                    ("other.txt", OTHER))
    r = cli("scan", "--db", str(path), "--no-progress")
    assert r.exit_code == 0, r.output
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    config = ServeConfig(db=db, token=TOKEN, workers=2)
    with TestClient(limited(create_app(config))) as c:
        yield c


def test_health_says_what_is_served(client: TestClient, db: Path) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.json()["documents"] == 2 and r.json()["writes"] is True
    assert r.json()["index"] == str(db)


def test_compare_pasted_texts_and_its_shareable_result(client: TestClient) -> None:
    r = client.post("/api/compare", json={"a": {"text": SOURCE, "name": "source"},
                                          "b": {"text": COPY, "name": "copy"}})
    assert r.status_code == 200, r.text
    body = r.json()
    jsonschema.validate(body["comparison"], _schema("compare"))
    assert body["comparison"]["relation"] in ("reprint", "edited")
    changed = body["comparison"]["facts"]["changed"]
    assert any("4.2 million" in ch["a"]["text"] and "5 million" in ch["b"]["text"]
               for ch in changed), changed
    rid = body["id"]
    again = client.get(f"/api/compare/{rid}").json()
    assert again["comparison"] == body["comparison"]
    # the same result in every format, and as a page
    md = client.get(f"/compare/{rid}.md")
    assert md.status_code == 200 and "attachment" in md.headers["content-disposition"]
    assert "5 million" in md.text
    assert json.loads(client.get(f"/compare/{rid}.json").text) == body["comparison"]
    page = client.get(f"/compare/{rid}")
    assert page.status_code == 200 and "Content-Security-Policy" in page.text
    assert f"/compare/{rid}.md" in page.text


def test_compare_two_indexed_documents_by_id(client: TestClient) -> None:
    r = client.get("/api/compare", params={"a": 1, "b": 2})
    assert r.status_code == 200
    assert r.json()["comparison"]["relation"] == "unrelated"
    assert client.get("/api/compare", params={"a": 1, "b": 99}).status_code == 404


def test_check_finds_the_copy_and_passes_the_other(client: TestClient) -> None:
    r = client.post("/api/check", json={"article": {"text": COPY, "name": "new-copy"}})
    assert r.status_code == 200, r.text
    result = r.json()["check"]["results"][0]
    assert result["status"] == "fail"
    assert result["findings"][0]["path"].endswith("source.txt")
    rid = r.json()["id"]
    page = client.get(f"/check/{rid}")
    assert page.status_code == 200 and "source.txt" in page.text and "fail" in page.text
    assert json.loads(client.get(f"/check/{rid}.json").text) == r.json()["check"]
    fresh = "A short note on nothing related: the library opens at nine and closes at five."
    r = client.post("/api/check", json={"article": fresh})
    assert r.json()["check"]["results"][0]["status"] == "pass"


def test_report_of_the_index_follows_the_report_schema(client: TestClient) -> None:
    r = client.get("/api/report")
    assert r.status_code == 200
    jsonschema.validate(r.json(), _schema("report"))
    one = client.get("/api/report", params={"story": 0})
    jsonschema.validate(one.json(), _schema("report"))
    assert len(one.json()["clusters"]) == 1 and one.json()["stories"][0]["cluster"] == 0
    assert set(one.json()["clusters"][0]) == {d["id"] for d in one.json()["documents"]}
    md = client.get("/stories.md", params={"story": 0})
    assert md.status_code == 200 and md.text.startswith("# Provenance report: ")
    assert client.get("/api/report", params={"story": 99}).status_code == 404
    assert client.get("/api/report", params={"format": "pdf"}).status_code == 400
    page = client.get("/stories")
    assert page.status_code == 200 and "/stories.md" in page.text


def test_documents_add_needs_the_token_and_remove_takes_it_out(client: TestClient) -> None:
    text = "A new article for the index. " + OTHER.replace("apple", "pear")
    body = {"article": {"text": text, "name": "pears.txt"}}
    assert client.post("/api/documents", json=body).status_code == 401
    wrong = {"Authorization": "Bearer not-the-token-at-all"}
    assert client.post("/api/documents", json=body, headers=wrong).status_code == 401
    r = client.post("/api/documents", json=body, headers=AUTH)
    assert r.status_code == 201 and r.json()["added"] is True
    doc_id = r.json()["id"]
    listed = client.get("/api/documents").json()
    assert doc_id in [d["id"] for d in listed["documents"]] and listed["total"] == 3
    again = client.post("/api/documents", json=body, headers=AUTH)
    assert again.status_code == 200 and again.json() == {**r.json(), "added": False}
    assert client.get(f"/api/documents/{doc_id}").json()["document"]["path"] == "pears.txt"
    assert client.delete(f"/api/documents/{doc_id}").status_code == 401
    gone = client.delete(f"/api/documents/{doc_id}", headers=AUTH)
    assert gone.status_code == 200 and gone.json()["removed"]["id"] == doc_id
    assert client.delete(f"/api/documents/{doc_id}", headers=AUTH).status_code == 404
    assert client.get("/api/documents").json()["total"] == 2


def test_a_server_without_a_token_refuses_every_write(db: Path) -> None:
    with TestClient(limited(create_app(ServeConfig(db=db, workers=1)))) as c:
        r = c.post("/api/documents", json={"article": OTHER}, headers=AUTH)
        assert r.status_code == 403 and "--token-file" in r.json()["error"]["message"]
        assert c.delete("/api/documents/1", headers=AUTH).status_code == 403
        assert c.get("/api/health").json()["writes"] is False


@pytest.mark.parametrize(("kwargs", "status", "kind"), [
    ({"content": b"a text", "headers": {"content-type": "text/plain"}}, 415,
     "BinaryInputError"),
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400,
     "UsageError"),
    ({"json": {"a": "", "b": "x"}}, 422, "EmptyInputError"),
    ({"json": {"a": {"text": "x", "url": "http://example.org/"}, "b": "x"}}, 400,
     "UsageError"),
    ({"json": {"a": {"txt": "x"}, "b": "x"}}, 400, "UsageError"),
    ({"json": {"a": {"url": "ftp://example.org/x"}, "b": "x"}}, 422, "UnsupportedURLError"),
])
def test_errors_are_json_with_the_status_of_their_class(
        client: TestClient, kwargs: dict[str, Any], status: int, kind: str) -> None:
    r = client.post("/api/compare", **kwargs)
    assert r.status_code == status, r.text
    assert r.json()["error"]["type"] == kind and r.json()["error"]["message"]


def test_statuses_of_the_exception_classes() -> None:
    assert status_of(UsageError("x")) == 400
    assert status_of(FetchTooLargeError("u", "too big")) == 413
    assert status_of(FetchTypeError("u", "a PDF")) == 415
    assert status_of(BinaryInputError("x")) == 415
    assert status_of(EmptyInputError("x")) == 422
    assert status_of(UnsupportedURLError("u", "ftp")) == 422
    assert status_of(FetchStatusError("u", "HTTP 404", status=404)) == 502
    assert status_of(FetchError("u", "refused")) == 502
    assert status_of(FetchTimeoutError("u", "timed out")) == 504
    assert status_of(NotFoundError("x")) == 404
    assert status_of(IndexStoreError("db: the index is locked by another process")) == 409
    assert status_of(IndexStoreError("db: not a provcheck index")) == 500
    assert status_of(BusyError("x")) == 503
    assert status_of(RuntimeError("a bug")) == 500


def test_a_request_over_the_size_limit_is_413_before_it_is_read() -> None:
    from provcheck.serve.guard import BodyLimit

    seen: list[bytes] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append((await receive())["body"])

    async def run(headers: list[tuple[bytes, bytes]]) -> list[Any]:
        sent: list[Any] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"x" * 100, "more_body": False}

        async def send(message: Any) -> None:
            sent.append(message)

        await BodyLimit(app, 10)({"type": "http", "headers": headers}, receive, send)
        return sent

    sent = asyncio.run(run([(b"content-length", b"100")]))
    assert sent[0]["status"] == 413 and not seen
    assert b"InputTooLargeError" in sent[1]["body"]
    with pytest.raises(Exception, match="larger than"):  # streamed: refused as it comes
        asyncio.run(run([]))


def test_the_address_guard_refuses_what_is_not_public() -> None:
    guard = address_guard()
    for url in ("http://127.0.0.1:8000/x", "http://localhost/x", "http://10.1.2.3/",
                "http://192.168.0.1/", "http://169.254.169.254/latest/meta-data/",
                "http://[::1]/", "http://0.0.0.0/", "http://2130706433/"):
        with pytest.raises(UnsupportedURLError):
            guard(url)
    guard("http://93.184.215.14/")  # a public address: let through (not fetched here)
    address_guard(("127.0.0.1",))("http://127.0.0.1:8000/x")


def test_urls_are_fetched_with_the_guard(db: Path) -> None:
    def page(h: Any) -> None:
        body = SOURCE.encode()
        h.send_response(200)
        h.send_header("Content-Type", "text/plain; charset=utf-8")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    def away(h: Any) -> None:  # a redirect to a host the guard does not allow
        h.send_response(302)
        h.send_header("Location", f"http://127.0.0.2:{h.server.server_address[1]}/a.txt")
        h.end_headers()

    with serving(routed({"/a.txt": page, "/away": away})) as base:
        with TestClient(limited(create_app(ServeConfig(db=db, workers=1)))) as c:
            r = c.post("/api/compare", json={"a": {"url": f"{base}/a.txt"}, "b": COPY})
            assert r.status_code == 422 and "loopback" in r.json()["error"]["message"]
        allowed = ServeConfig(db=db, workers=1, allow_hosts=("127.0.0.1",))
        with TestClient(limited(create_app(allowed))) as c:
            r = c.post("/api/compare", json={"a": {"url": f"{base}/a.txt"}, "b": COPY})
            assert r.status_code == 200, r.text
            assert r.json()["comparison"]["a"]["path"] == f"{base}/a.txt"
            r = c.post("/api/compare", json={"a": {"url": f"{base}/away"}, "b": COPY})
            assert r.status_code == 422 and "127.0.0.2" in r.json()["error"]["message"]
            r = c.post("/api/compare", json={"a": {"url": f"{base}/none"}, "b": COPY})
            assert r.status_code == 502 and "404" in r.json()["error"]["message"]


def test_pages_escape_article_text_and_forbid_remote_loads(client: TestClient) -> None:
    home = client.get("/")
    policy = home.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert not re.search(r"(src|href)=\"(https?:)?//", home.text)  # no asset of another host
    hostile = SOURCE.replace("Harbour council", "<script>alert(1)</script> Harbour council")
    r = client.post("/compare", data={"a_text": hostile, "b_text": COPY},
                    files={"x": ("", b"")}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"])
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    pdf = client.post("/compare", data={"b_text": COPY},
                      files={"a_file": ("a.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")})
    assert pdf.status_code == 415 and "PDF" in pdf.json()["error"]["message"]
    missing = client.get("/compare/0000000000000000", headers={"accept": "text/html"})
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]


def test_the_openapi_description_resolves_every_reference(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert {"/api/compare", "/api/check", "/api/report", "/api/documents"} <= set(spec["paths"])
    refs = set(re.findall(r'"\$ref": "#/([^"]+)"', json.dumps(spec)))
    assert len(refs) > 10
    for ref in refs:  # each a JSON pointer into the description
        node: Any = spec
        for part in ref.split("/"):
            assert part in node, ref
            node = node[part]
    assert spec["components"]["schemas"]["Comparison"]["title"] == "provcheck compare result"


def test_the_bound_on_concurrent_work_answers_503() -> None:
    async def go() -> list[str]:
        limiter = Limiter(1, timeout=5)
        gate: Future[str] = Future()
        first = asyncio.ensure_future(limiter.run(lambda: gate))
        second = asyncio.ensure_future(limiter.run(lambda: gate))
        await asyncio.sleep(0.05)
        with pytest.raises(BusyError):
            await limiter.run(lambda: gate)
        gate.set_result("done")
        return [await first, await second]

    assert asyncio.run(go()) == ["done", "done"]


def test_token_check() -> None:
    assert authorized(f"Bearer {TOKEN}", TOKEN)
    assert not authorized(f"Basic {TOKEN}", TOKEN)
    assert not authorized("Bearer wrong", TOKEN)
    assert not authorized(None, TOKEN) and not authorized(f"Bearer {TOKEN}", None)


def test_the_command_refuses_to_start_on_bad_settings(tmp_path: Path, db: Path) -> None:
    short = tmp_path / "token"
    short.write_text("short\n")
    r = cli("serve", "--db", str(db), "--token-file", str(short), "--port", "0")
    assert r.exit_code == 2 and "at least 16" in r.output
    r = cli("serve", "--db", str(db), "--token-file", str(tmp_path / "none"))
    assert r.exit_code == 2 and "cannot be read" in r.output
    r = cli("serve", "--db", str(tmp_path / "missing.db"), "--port", "0")
    assert r.exit_code == 4 and "no index here" in r.output
    assert cli("serve", "--db", str(db), "--port", "http").exit_code == 2
    assert cli("serve", "--db", str(db), "--workers", "0").exit_code == 2


def test_a_document_added_is_found_by_its_vector_and_the_vector_file_follows(
        tmp_path: Path) -> None:
    import time

    from provcheck.ingest.normalize import normalize
    from provcheck.serve.state import IndexPool
    from provcheck.serve.work import add_doc
    from provcheck.verdict.settings import Settings
    from provcheck.verdict.similarity import default_embedder

    path = index_of(tmp_path, ("source.txt", SOURCE))
    settings = Settings.of(embedder=default_embedder())
    pool = IndexPool(path, readers=2, writes=True)
    pool.open(lambda index: index.candidates(normalize(SOURCE), settings.embedder))
    try:
        assert pool.read(lambda index: index.vector_file_in_step()).result()
        new = normalize(OTHER, label="orchards.txt")
        added = pool.write(lambda index: add_doc(index, new, settings)).result()
        deadline = time.monotonic() + 60
        while pool.generation < 2:  # the write, then the vector file brought in step
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert pool.read(lambda index: index.vector_file_in_step()).result()
        found = pool.read(lambda index: {c.id for c in index.candidates(
            new, settings.embedder, lexical_top=0) if c.semantic is not None}).result()
        assert added.id in found
        assert pool.read(pool.count).result() == 2
    finally:
        pool.close()


def test_the_command_serves_until_interrupted_and_leaves_the_index_at_rest(
        tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    import httpx

    path = index_of(tmp_path, ("source.txt", SOURCE))
    token = tmp_path / "token"
    token.write_text(TOKEN + "\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "provcheck.cli", "serve", "--db", str(path), "--port", "0",
         "--token-file", str(token), "--workers", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_PROXY": "*"})
    try:
        assert proc.stdout is not None
        url = None
        deadline = time.monotonic() + 120
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            assert line, "the server stopped before it said where it listens"
            found = re.search(r"provcheck serve: (http://127\.0\.0\.1:\d+/)", line)
            url = found[1] if found else None
        assert url is not None
        r = httpx.post(f"{url}api/documents", headers=AUTH, timeout=60,
                       json={"article": {"text": OTHER, "name": "orchards.txt"}})
        assert r.status_code == 201
        assert "server-timing" in r.headers
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    # closed at rest: one file (no write-ahead log), its vector file in step
    assert not Path(f"{path}-wal").exists()
    assert cli("index", "stats", "--db", str(path)).exit_code == 0
    listed = cli("index", "list", "--db", str(path), "--format", "json")
    assert "orchards.txt" in listed.output


def test_kept_results_are_bounded_by_count_and_by_the_text_they_hold() -> None:
    from provcheck.serve.state import Kept

    kept: Kept[str] = Kept(3, max_weight=10, weight=len)
    for key in ("a", "b", "c", "d"):
        kept.put(key, key * 2)
    assert kept.get("a") is None and kept.get("d") == "dd"  # three at most, oldest out
    kept.put("big", "x" * 9)  # 9 + what is kept must stay within 10: only it stays
    assert [kept.get(k) for k in ("b", "c", "d")] == [None, None, None]
    kept.put("huge", "y" * 50)  # over the bound alone: kept (its URL is being given)
    assert kept.get("huge") == "y" * 50 and kept.get("big") is None


def test_a_request_that_waits_too_long_is_504_and_the_work_goes_on() -> None:
    import threading

    from provcheck.serve.guard import TimedOutError

    done = threading.Event()
    release = threading.Event()

    def slow() -> str:
        release.wait(10)
        done.set()
        return "written"

    async def go() -> None:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:
            limiter = Limiter(1, timeout=0.05)
            with pytest.raises(TimedOutError):
                await limiter.run(lambda: pool.submit(slow))
            release.set()
        assert done.is_set()  # not cancelled: it ran to its end

    asyncio.run(go())


def test_many_readers_or_one_writer_and_a_waiting_writer_goes_first() -> None:
    import threading
    import time

    from provcheck.serve.state import RWLock

    lock = RWLock()
    events: list[str] = []
    reading = threading.Event()

    def reader(name: str, hold: float) -> None:
        with lock.reading():
            events.append(f"{name} in")
            reading.set()
            time.sleep(hold)
            events.append(f"{name} out")

    def writer() -> None:
        with lock.writing():
            events.append("write")

    first = threading.Thread(target=reader, args=("r1", 0.3))
    first.start()
    reading.wait(5)
    second = threading.Thread(target=reader, args=("r2", 0.0))  # beside r1: no wait
    second.start()
    second.join(5)
    w = threading.Thread(target=writer)
    w.start()
    time.sleep(0.05)  # the writer waits for r1
    late = threading.Thread(target=reader, args=("r3", 0.0))  # behind the waiting writer
    late.start()
    for t in (first, w, late):
        t.join(5)
    assert events.index("r2 out") < events.index("r1 out")  # readers together
    assert events.index("r1 out") < events.index("write") < events.index("r3 in")


def test_a_write_waits_for_the_writer_lock_another_process_holds(tmp_path: Path) -> None:
    import threading
    import time

    from provcheck.collection.store import writer_lock

    path = index_of(tmp_path, ("source.txt", SOURCE))
    with TestClient(limited(create_app(ServeConfig(db=path, token=TOKEN, workers=1)))) as c:
        held = threading.Event()

        def hold() -> None:  # as `provcheck index add` holds it while it writes
            with writer_lock(path):
                held.set()
                time.sleep(1.0)

        holder = threading.Thread(target=hold)
        holder.start()
        held.wait(10)
        start = time.monotonic()
        r = c.post("/api/documents", headers=AUTH, json={"article": OTHER})
        waited = time.monotonic() - start
        holder.join(10)
    assert r.status_code == 201 and waited >= 0.5, (r.status_code, waited)
