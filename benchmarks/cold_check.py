"""A fresh ``provcheck check`` process against a large index: where its time goes.

    # the collection of benchmarks/scale.py (real text from ../shared/eval/dev), indexed
    python benchmarks/cold_check.py build 100000 /tmp/cold100k

    # one fresh process, step by step (imports, model, index, verification, check)
    python benchmarks/cold_check.py steps /tmp/cold100k/queries/q3.txt /tmp/cold100k/index.db

    # wall time of fresh `provcheck check` processes, medians and p95; with --before,
    # another provcheck source tree (the version before a change) on its own copy of
    # the index, runs interleaved so that both see the same machine
    git archive 5001316 provcheck benchmarks | tar -x -C /tmp/before
    python benchmarks/cold_check.py runs /tmp/cold100k --runs 40 --before /tmp/before

    # what verifying the index costs: PRAGMA quick_check against the CRC-32 route
    python benchmarks/cold_check.py verify /tmp/cold100k/index.db

``build`` writes ``index.db`` (closed by a writer, so with its vector file), a copy
``before.db`` for ``--before`` runs, and ``queries/``: ten planted copies (each
rewrites, edits or reprints an indexed article) and ten controls (no indexed article
is related), the query set of ``benchmarks/scale.py``'s cold checks.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
T0 = time.perf_counter()
_last = [T0]


def mark(label: str) -> None:
    now = time.perf_counter()
    print(f"{label:30s} {1000 * (now - _last[0]):7.1f} ms")
    _last[0] = now


def steps(query: str, db: str) -> None:
    """Where a fresh process spends its time, in the order ``provcheck check`` goes."""
    import typer  # noqa: F401

    mark("typer")
    from provcheck.cli.app import app  # noqa: F401

    mark("provcheck.cli")
    from provcheck.collection.index import open_index

    index = open_index(db, readonly=True)
    mark("open the index (read-only)")
    sound = index.verify_in_background()
    import numpy  # noqa: F401

    mark("numpy")
    from provcheck.collection.check import check_document, read_new

    mark("check module")
    docs, _ = read_new([query])
    mark("read and normalise the query")
    from provcheck.verdict.similarity import default_embedder

    embedder = default_embedder()
    mark("tokenizers and the model")
    result = check_document(index, docs[0], embedder=embedder)
    mark(f"check ({result.status}, {len(result.findings)} findings)")
    how = sound()
    mark(f"wait for the verification ({how})")
    print(f"{'total after interpreter start':30s} {1000 * (time.perf_counter() - T0):7.1f} ms")


def build(n: int, folder: str) -> None:
    """The collection of benchmarks/scale.py, indexed, with query files."""
    import shutil
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import scale

    from provcheck.collection.index import open_index
    from provcheck.ingest.normalize import normalize_text
    from provcheck.verdict.similarity import default_embedder

    out = Path(folder)
    (out / "queries").mkdir(parents=True, exist_ok=True)
    docs, planted, controls = scale.build(n, 50, 150)
    for k, p in enumerate(planted[:: max(1, len(planted) // 10)]):
        (out / "queries" / f"q{k}.txt").write_text(p.copy, encoding="utf-8")
    for k, (_, text) in enumerate(controls[:10]):
        (out / "queries" / f"c{k}.txt").write_text(text, encoding="utf-8")
    embedder = default_embedder()
    t = time.perf_counter()
    with open_index(out / "index.db") as index:
        for path, text in docs:
            index.add(normalize_text(text, label=path), embedder)
    print(f"indexed {len(docs)} documents in {time.perf_counter() - t:.0f} s")
    shutil.copy(out / "index.db", out / "before.db")


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def _one(src: str | None, query: str, db: str) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one fresh ``provcheck check``."""
    import resource

    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    # -P: the current folder is not put first on sys.path, so PYTHONPATH decides which
    # provcheck runs (from this repository's root, -m would load this tree's)
    subprocess.run([sys.executable, "-P", "-m", "provcheck.cli", "check", query, "--db", db,
                    "-f", "json"], env=env, capture_output=True, check=False)
    wall = time.perf_counter() - t
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (now.ru_utime - used.ru_utime) + (now.ru_stime - used.ru_stime)


def runs(folder: str, n: int, before: str | None) -> None:
    """Fresh-process times over the query files, after (and before) interleaved."""
    from pathlib import Path

    queries = sorted(str(p) for p in (Path(folder) / "queries").glob("*.txt"))
    db, old_db = str(Path(folder) / "index.db"), str(Path(folder) / "before.db")
    for q in queries[:2]:  # page cache, and the old version's packed vectors
        _one(None, q, db)
        if before:
            _one(before, q, old_db)
    got: dict[str, list[tuple[float, float]]] = {"after": [], "before": []}
    load = os.getloadavg()[0]
    for k in range(n):
        q = queries[k % len(queries)]
        got["after"].append(_one(None, q, db))
        if before:
            got["before"].append(_one(before, q, old_db))
    print(f"{n} rounds over {len(queries)} queries; load average {load:.1f} -> "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for name, xs in got.items():
        if not xs:
            continue
        wall = [w for w, _ in xs]
        cpu = [c for _, c in xs]
        print(f"{name:7s} wall median {1000 * statistics.median(wall):.0f} ms, "
              f"p95 {1000 * _pct(wall, 0.95):.0f} ms, min {1000 * min(wall):.0f} ms; "
              f"CPU median {1000 * statistics.median(cpu):.0f} ms, "
              f"p95 {1000 * _pct(cpu, 0.95):.0f} ms")


def verify(db: str) -> None:
    """What each way of verifying the index costs (three rounds each)."""
    import sqlite3
    from pathlib import Path

    from provcheck.collection.index import open_index
    from provcheck.collection.vectors import file_checksum

    size = Path(db).stat().st_size
    print(f"{db}: {size / 2**20:.0f} MiB")
    con = sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True)
    for name, fn in (
        ("PRAGMA quick_check", lambda: con.execute("PRAGMA quick_check(1)").fetchall()),
        ("CRC-32 of the file", lambda: file_checksum(Path(db))),
    ):
        times = []
        for _ in range(3):
            t = time.perf_counter()
            fn()
            times.append(1000 * (time.perf_counter() - t))
        print(f"{name:30s} {' / '.join(f'{x:.0f}' for x in times)} ms")
    with open_index(db, readonly=True) as index:
        t = time.perf_counter()
        how = index.verify()
        print(f"{'Index.verify (' + how + ')':30s} {1000 * (time.perf_counter() - t):.0f} ms")


def main() -> int:
    args = sys.argv[1:]
    if len(args) == 3 and args[0] == "steps":
        steps(args[1], args[2])
    elif len(args) == 3 and args[0] == "build":
        build(int(args[1]), args[2])
    elif args[:1] == ["runs"] and len(args) >= 2:
        n = int(args[args.index("--runs") + 1]) if "--runs" in args else 20
        before = args[args.index("--before") + 1] if "--before" in args else None
        runs(args[1], n, before)
    elif len(args) == 2 and args[0] == "verify":
        verify(args[1])
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
