"""``provcheck serve`` warm: check latency against a large index, one client and 8 at
once on 127.0.0.1, the start time of the server, and the memory it holds.

    # the collection of benchmarks/scale.py (real text from ../shared/eval/dev), indexed,
    # with its query files: ten planted copies and ten controls (benchmarks/cold_check.py)
    python benchmarks/serve.py build 100000 /tmp/serve100k

    # start `provcheck serve` on the index, time it, check the queries warm; --write
    # puts the table into docs/api.md (its section for this size)
    python benchmarks/serve.py run /tmp/serve100k --requests 200 --write
    # and each query's p50 (one client): which checks are slow
    python benchmarks/serve.py run /tmp/serve100k --requests 200 --per-query
    # the server's check path in one process, stage by stage (where the time goes)
    python benchmarks/serve.py stages /tmp/serve100k

The server is the command itself (``python -m provcheck.cli serve``), in its own
process; the clients are httpx clients with keep-alive and TCP_NODELAY, one per
thread. Latency is
the wall time of ``POST /api/check`` (the article's text in the body; the server
reads, normalises, finds candidates, compares and answers), seen by the client. The
first two rounds over the queries warm up and are not counted.
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "api.md"


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def memory(pid: int) -> tuple[float, float]:
    """The server's resident memory now and at its peak, MiB (Linux /proc)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


def start(db: Path, port: int, workers: int) -> tuple[subprocess.Popen[bytes], float]:
    """``provcheck serve`` started; the seconds until ``/api/health`` answers."""
    import httpx

    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "provcheck.cli", "serve", "--db", str(db),
                             "--port", str(port), "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5).status_code == 200:
                return proc, time.perf_counter() - t
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped (exit {proc.returncode})")
        time.sleep(0.05)


def timed(client: Any, text: str, fast: bool) -> tuple[float, float]:
    """One check: the seconds the client waited, and those the server says it took
    (its Server-Timing header: from the request's arrival to the answer)."""
    t = time.perf_counter()
    r = client.post("/api/check", json={"article": text, "fast": fast})
    took = time.perf_counter() - t
    if r.status_code != 200:
        raise SystemExit(f"check failed: {r.status_code} {r.text[:200]}")
    server = float(r.headers["server-timing"].partition("dur=")[2]) / 1000
    return took, server


def clients(base: str, texts: list[str], n: int, concurrent: int,
            fast: bool) -> list[tuple[float, float]]:
    """``n`` checks, ``concurrent`` clients at once: each request's seconds (request
    ``j`` checks ``texts[j % len(texts)]``, in that order)."""
    import httpx

    # no Nagle delay: httpx writes a request's headers and body apart, and without
    # TCP_NODELAY the body waits for the server's delayed ACK (40 ms here); curl and
    # browsers set it
    nodelay = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]

    def worker(k: int) -> list[tuple[float, float]]:
        transport = httpx.HTTPTransport(socket_options=nodelay)
        with httpx.Client(base_url=base, timeout=120, transport=transport) as client:
            return [timed(client, texts[j % len(texts)], fast)
                    for j in range(k, n, concurrent)]

    with ThreadPoolExecutor(concurrent) as pool:
        done = list(pool.map(worker, range(concurrent)))
    return [done[j % concurrent][j // concurrent] for j in range(n)]


def run(folder: Path, requests: int, workers: int) -> dict[str, Any]:
    import httpx

    db = folder / "index.db"
    files = sorted((folder / "queries").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    names = [p.name[0] for p in files]  # c: a control, q: a planted copy
    port = free_port()
    proc, started = start(db, port, workers)
    base = f"http://127.0.0.1:{port}"
    try:
        documents = httpx.get(f"{base}/api/health").json()["documents"]
        res: dict[str, Any] = {"documents": documents, "start_s": started,
                               "queries": len(texts), "requests": requests,
                               "workers": workers, "cpus": os.cpu_count(),
                               "load": os.getloadavg()[0]}
        for fast in (False, True):
            mode = "fast" if fast else "semantic"
            clients(base, texts, 2 * len(texts), 1, fast)  # warm-up, not counted
            for concurrent in (1, 8):
                t = time.perf_counter()
                got = clients(base, texts, requests, concurrent, fast)
                wall = time.perf_counter() - t
                xs, server = [c for c, _ in got], [s for _, s in got]
                res[f"{mode}_{concurrent}"] = {
                    "p50_ms": 1000 * statistics.median(xs), "p95_ms": 1000 * pct(xs, 0.95),
                    "max_ms": 1000 * max(xs), "per_s": len(xs) / wall,
                    "server_p50_ms": 1000 * statistics.median(server),
                    "server_p95_ms": 1000 * pct(server, 0.95)}
                if concurrent == 1:  # controls (no candidate) apart from planted copies
                    for kind, mark in (("controls", "c"), ("copies", "q")):
                        ys = [x for j, x in enumerate(xs) if names[j % len(names)] == mark]
                        res[f"{mode}_1"][kind] = (1000 * statistics.median(ys),
                                                  1000 * pct(ys, 0.95))
                    # each query's own p50, the client's and the server's
                    res[f"{mode}_1"]["per_query"] = {
                        p.name: (1000 * statistics.median(xs[j::len(files)]),
                                 1000 * statistics.median(server[j::len(files)]))
                        for j, p in enumerate(files)}
        res["rss_mib"], res["peak_mib"] = memory(proc.pid)
        res["load_end"] = os.getloadavg()[0]
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    return res


STAGES = ("read and normalise", "furniture", "lexical candidates", "encode",
          "vector search", "other languages", "whole check", "JSON")


def _stage_times(served: Any, index: Any, text: str) -> list[float]:
    """One query through the server's check path, each of :data:`STAGES` timed (ms)."""
    import json

    import numpy as np

    from provcheck.collection.candidates import translated_in_index
    from provcheck.serve.api import check_body
    from provcheck.serve.work import Policy, Side, check_doc, read_side

    settings = served.semantic
    cal = settings.calibration
    marks = [time.perf_counter()]
    doc = read_side(Side(text=text), served.fetching, index, "new")
    marks.append(time.perf_counter())
    bare = index.strip_furniture(doc)
    marks.append(time.perf_counter())
    index.candidates(bare, None, calibration=cal)
    marks.append(time.perf_counter())
    q = settings.embedder.encode([bare.body])[0].astype(np.float32)
    marks.append(time.perf_counter())
    index.nearest(q, 5, cal.semantic_min)
    marks.append(time.perf_counter())
    translated_in_index(index, bare, settings)
    marks.append(time.perf_counter())
    run = check_doc(index, doc, settings, Policy())
    marks.append(time.perf_counter())
    json.dumps(check_body("x", run))
    marks.append(time.perf_counter())
    return [1000 * (b - a) for a, b in itertools.pairwise(marks)]


def stages(folder: Path, rounds: int = 3) -> dict[str, list[float]]:
    """The server's check path in this process, stage by stage, over the query files
    (one BLAS thread, as the server runs): each stage's milliseconds per query, by
    kind of query (``c``: a control, ``q``: a planted copy); the first round warms up."""
    from threadpoolctl import threadpool_limits

    from provcheck.serve.app import load
    from provcheck.serve.config import ServeConfig

    threadpool_limits(limits=1, user_api="blas")
    served = load(ServeConfig(db=folder / "index.db", workers=1))
    index = served.pool._reader()
    out: dict[str, list[float]] = {}
    try:
        for k in range(rounds + 1):
            for p in sorted((folder / "queries").glob("*.txt")):
                took = _stage_times(served, index, p.read_text(encoding="utf-8"))
                for name, ms in zip(STAGES, took, strict=True):
                    if k:  # the first round warms up
                        out.setdefault(f"{p.name[0]} {name}", []).append(ms)
    finally:
        served.pool.close()
    return out


def markdown(r: dict[str, Any]) -> str:
    lines = [f"Generated by `python benchmarks/serve.py run FOLDER --requests {r['requests']} "
             f"--workers {r['workers']}` on {time.strftime('%Y-%m-%d')} ({r['cpus']} CPUs, "
             f"load average {r['load']:.1f} at the start, {r['load_end']:.1f} at the end).",
             "",
             f"### {r['documents']:,} indexed documents", "",
             "| measure | value |", "|---|---|",
             f"| start: command to first answer (model, index verified, vectors loaded) | "
             f"{r['start_s']:.2f} s |"]
    for mode in ("semantic", "fast"):
        for n in (1, 8):
            x = r[f"{mode}_{n}"]
            who = "1 client" if n == 1 else f"{n} clients at once"
            lines.append(f"| check, {mode}, {who}: p50 / p95 / max (the server's own "
                         f"time, p50 / p95) | {x['p50_ms']:.0f} / {x['p95_ms']:.0f} / "
                         f"{x['max_ms']:.0f} ms ({x['server_p50_ms']:.0f} / "
                         f"{x['server_p95_ms']:.0f} ms); {x['per_s']:.1f} checks/s |")
            if n == 1:
                lines.append(f"| of which: 10 controls (nothing related) / 10 planted copies "
                             f"(each compared in full with its source), p50 / p95 | "
                             f"{x['controls'][0]:.0f} / {x['controls'][1]:.0f} ms; "
                             f"{x['copies'][0]:.0f} / {x['copies'][1]:.0f} ms |")
    lines.append(f"| memory held after the runs / peak (RSS) | {r['rss_mib']:.0f} / "
                 f"{r['peak_mib']:.0f} MiB |")
    return "\n".join(lines) + "\n"


def write_section(name: str, body: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    begin, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{begin}\n{body}{end}"
    if begin in text:
        head, _, rest = text.partition(begin)
        text = head + block + rest.partition(end)[2]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    st = sub.add_parser("stages", help="time the server's check path stage by stage, "
                                       "in this process")
    st.add_argument("folder", type=Path)
    b = sub.add_parser("build", help="index the scale.py collection with its queries")
    b.add_argument("n", type=int)
    b.add_argument("folder")
    r = sub.add_parser("run", help="start provcheck serve on FOLDER/index.db and time it")
    r.add_argument("folder", type=Path)
    r.add_argument("--requests", type=int, default=200)
    r.add_argument("--workers", type=int, default=4)
    r.add_argument("--write", action="store_true", help="put the table into docs/api.md")
    r.add_argument("--per-query", action="store_true",
                   help="also each query's p50 with one client (which ones are slow)")
    args = ap.parse_args()
    if args.what == "build":
        import cold_check

        cold_check.build(args.n, args.folder)
        return 0
    if args.what == "stages":
        print(f"load average {os.getloadavg()[0]:.1f}")
        for name, ms in sorted(stages(args.folder).items()):
            print(f"{name:24s} p50 {statistics.median(ms):6.2f} ms, p95 {pct(ms, 0.95):6.2f} ms")
        return 0
    res = run(args.folder, args.requests, args.workers)
    table = markdown(res)
    print(table)
    if args.per_query:
        for mode in ("semantic", "fast"):
            for name, (client, own) in res[f"{mode}_1"]["per_query"].items():
                print(f"{mode} {name}: p50 {client:.0f} ms (server {own:.0f} ms)")
    if args.write:
        write_section(f"serve-{res['documents']}", table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
