"""A short load test of ``provcheck serve`` on 127.0.0.1: concurrent checks and adds
against the server uvicorn runs (in a thread, on a free port), bounded in count and
time; every add is in the index afterwards and no request failed. And a client that
hangs up mid-write loses nothing."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from provcheck.serve.config import ServeConfig
from tests.serveutil import COPY, OTHER, SOURCE, TOKEN, index_of, running

AUTH = {"Authorization": f"Bearer {TOKEN}"}
CLIENTS = 8
ROUNDS = 4  # per client: 32 requests in all, half of them adds
SECONDS = 240  # the whole run's bound


def _new_article(k: int) -> str:
    """An article of its own for add ``k`` (its content hash is new)."""
    return OTHER.replace("2,300 tonnes", f"{2300 + k} tonnes").replace(
        "forty years", f"{40 + k} years")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return index_of(tmp_path_factory.mktemp("serve-load"), ("source.txt", SOURCE))


def test_concurrent_checks_and_adds(db: Path) -> None:
    config = ServeConfig(db=db, token=TOKEN, workers=4)
    with running(config) as base, httpx.Client(base_url=base, timeout=120) as client:
        start = time.monotonic()

        def one(job: tuple[int, int]) -> tuple[str, int, str]:
            who, k = job
            if k % 2 == 0:
                r = client.post("/api/check", json={"article": COPY})
                status = r.json()["check"]["results"][0]["status"] if r.status_code == 200 \
                    else r.text
                return "check", r.status_code, status
            name = f"new-{who}-{k}.txt"
            r = client.post("/api/documents", headers=AUTH, json={"article": {
                "text": _new_article(who * ROUNDS + k), "name": name}})
            return "add", r.status_code, name

        jobs = [(who, k) for k in range(ROUNDS) for who in range(CLIENTS)]
        with ThreadPoolExecutor(CLIENTS) as pool:
            done = list(pool.map(one, jobs))
        took = time.monotonic() - start
        assert took < SECONDS, took
        failed = [d for d in done if d[1] not in (200, 201)]
        assert not failed, failed
        assert all(status == "fail" for kind, _, status in done if kind == "check")
        added = {name for kind, _, name in done if kind == "add"}
        assert len(added) == CLIENTS * ROUNDS // 2
        listed = client.get("/api/documents", params={"limit": 1000}).json()
        assert added <= {d["path"] for d in listed["documents"]}
        assert listed["total"] == 1 + len(added)


def test_a_client_that_hangs_up_mid_write_loses_nothing(db: Path) -> None:
    config = ServeConfig(db=db, token=TOKEN, workers=2)
    with running(config) as base:
        name = "hung-up.txt"
        with pytest.raises(httpx.TimeoutException):
            httpx.post(f"{base}/api/documents", headers=AUTH, timeout=httpx.Timeout(
                5, read=0.001), json={"article": {"text": _new_article(999), "name": name}})
        deadline = time.monotonic() + 30
        while True:
            listed = httpx.get(f"{base}/api/documents", params={"limit": 1000}).json()
            if name in {d["path"] for d in listed["documents"]}:
                break
            assert time.monotonic() < deadline, "the write was lost"
            time.sleep(0.2)
        # the index is whole: the document is found by a check of the same text
        r = httpx.post(f"{base}/api/check", timeout=60,
                       json={"article": _new_article(999)})
        assert r.json()["check"]["results"][0]["findings"][0]["path"] == name
