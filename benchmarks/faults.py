"""Kill -9 the writers of an index at random moments, then check nothing was lost or let in.

    python benchmarks/faults.py --kills 100          # writes docs/security.md, section faults
    python benchmarks/faults.py --kills 5 --quick    # what the test suite runs

Each round starts a writer on the same index and kills it with SIGKILL after a random
delay: either a small driver that adds files one by one and prints ``ADDED path``
after each addition returns, or ``provcheck index add`` / ``provcheck check --add``.
After every kill the index must open, pass ``PRAGMA integrity_check``, be internally
consistent (every document has its vector and postings, document frequencies match the
postings, no posting without a document) and hold every document the driver reported
added, plus at most the one it was adding when it died.

Then two ``provcheck check`` runs and one ``provcheck index add`` start together on
the same index; all must finish (no deadlock) within the busy timeout, with exit
codes 0 or 1, and the index must pass the same checks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRIVER = """
import sys
from pathlib import Path
from provcheck.collection.documents import content_hash
from provcheck.collection.index import open_index
from provcheck.ingest.normalize import normalize
from provcheck.verdict.similarity import default_embedder
e = default_embedder()
with open_index(sys.argv[1]) as index:
    for f in sys.argv[2:]:
        doc = normalize(Path(f), label=f)
        print("ADDING", content_hash(doc), flush=True)
        index.add(doc, e)
        print("ADDED", content_hash(doc), flush=True)
"""


def corpus(folder: Path, n: int) -> list[Path]:
    """``n`` article files: the seeds, then METER texts when ../shared/eval is there."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted((ROOT / "seeds").glob("*.txt"))
    meter = ROOT.parent / "shared" / "eval" / "dev" / "meter"
    if meter.is_dir():
        sources += sorted(meter.rglob("*.txt"))[:n]
    out = []
    for k in range(n):
        src = sources[k % len(sources)]
        data = src.read_bytes()
        if k >= len(sources):  # without ../shared: the seeds again, each made distinct
            data += (f"\n\nIn a later session the committee heard witness number {k}, a "
                     f"local engineer who inspected the site.\n").encode()
        dst = folder / f"doc{k:03d}.txt"
        dst.write_bytes(data)
        out.append(dst)
    return out


def consistent(db: Path) -> list[str]:
    """Problems found in the index (empty when it is sound)."""
    con = sqlite3.connect(db, timeout=60)
    problems = []
    try:
        if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            problems.append("integrity_check failed")
        q = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        if q("SELECT COUNT(*) FROM vectors WHERE doc NOT IN (SELECT id FROM documents)"):
            problems.append("vector without document")
        if q("SELECT COUNT(*) FROM documents WHERE id NOT IN (SELECT doc FROM vectors)"):
            problems.append("document without vector")
        if q("SELECT COUNT(*) FROM postings WHERE doc NOT IN (SELECT id FROM documents)"):
            problems.append("posting without document")
        if q("SELECT COALESCE(SUM(n), 0) FROM shingle_df") != q("SELECT COUNT(*) FROM postings"):
            problems.append("document frequencies do not match the postings")
    finally:
        con.close()
    return problems


def held(db: Path) -> set[str]:
    """Content hashes of the documents held (a document's identity in the index)."""
    con = sqlite3.connect(db, timeout=60)
    try:
        return {r[0] for r in con.execute("SELECT hash FROM documents")}
    finally:
        con.close()


def kill_round(db: Path, files: list[Path], rng: random.Random) -> tuple[str, list[str]]:
    """One writer killed at a random moment; returns (kind, problems)."""
    kind = rng.choice(["driver", "driver", "index add", "check --add"])
    batch = rng.sample(files, k=min(len(files), rng.randint(3, 12)))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if kind == "driver":
        cmd = [sys.executable, "-c", DRIVER, str(db), *map(str, batch)]
    elif kind == "index add":
        cmd = [sys.executable, "-m", "provcheck.cli", "index", "add", *map(str, batch),
               "--db", str(db), "--no-progress"]
    else:
        cmd = [sys.executable, "-m", "provcheck.cli", "check", *map(str, batch), "--db",
               str(db), "--add", "--fast"]
    before = held(db)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                            text=True)
    time.sleep(rng.uniform(0.05, 1.5))
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate()
    problems = consistent(db)
    now = held(db)
    if kind == "driver":
        added = {line.split(" ", 1)[1] for line in out.splitlines() if line.startswith("ADDED ")}
        adding = {line.split(" ", 1)[1] for line in out.splitlines() if line.startswith("ADDING ")}
        new = now - before
        if not added <= now:
            problems.append(f"reported added but missing: {sorted(added - now)}")
        if not new <= adding:
            problems.append(f"present but never being added: {sorted(new - adding)}")
        if len(new - added) > 1:
            problems.append(f"more than one unreported addition: {sorted(new - added)}")
    if not before <= now:
        problems.append(f"documents lost: {sorted(before - now)}")
    return kind, problems


def concurrent(db: Path, files: list[Path], timeout: float) -> list[str]:
    """Two checks and one index run at once; none may fail to finish or corrupt the index."""
    cli = [sys.executable, "-m", "provcheck.cli"]
    # new content (an extra paragraph each), so that every run has real work to do
    fresh = []
    for k, f in enumerate(files[:20]):
        g = f.with_name(f"fresh{k:03d}.txt")
        g.write_bytes(f.read_bytes() + f"\n\nAn update added on day {k} of the inquiry.\n".encode())
        fresh.append(g)
    files = fresh
    procs = [
        subprocess.Popen([*cli, "check", *map(str, files[:4]), "--db", str(db)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True),
        subprocess.Popen([*cli, "check", *map(str, files[4:8]), "--db", str(db), "--add"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True),
        subprocess.Popen([*cli, "index", "add", *map(str, files[8:20]), "--db", str(db),
                          "--no-progress"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True),
    ]
    problems = []
    for p in procs:
        try:
            _, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            problems.append(f"did not finish within {timeout:.0f} s: {p.args[3]}")
            continue
        if p.returncode not in (0, 1):
            problems.append(f"exit {p.returncode}: {err.strip()}")
    return problems + consistent(db)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--kills", type=int, default=100)
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="do not write docs/security.md")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="provcheck-faults-"))
    try:
        files = corpus(work / "articles", args.docs)
        db = work / "index.db"
        from provcheck.collection.index import open_index

        open_index(db).close()
        kinds: dict[str, int] = {}
        failures = []
        t0 = time.perf_counter()
        for k in range(args.kills):
            kind, problems = kill_round(db, files, rng)
            kinds[kind] = kinds.get(kind, 0) + 1
            if problems:
                failures.append((k, kind, problems))
        kill_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        conc = concurrent(db, files, timeout=120)
        conc_s = time.perf_counter() - t0
        docs = len(held(db))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [
        f"Generated by `python benchmarks/faults.py --kills {args.kills}` on "
        f"{dt.date.today().isoformat()}.",
        "",
        "| check | result |",
        "|---|---|",
        f"| writers killed with SIGKILL at random moments | {args.kills} "
        f"({', '.join(f'{v} {k}' for k, v in sorted(kinds.items()))}) in {kill_s:.0f} s |",
        f"| rounds after which the index failed a check | {len(failures)} |",
        f"| documents in the index at the end | {docs} |",
        f"| two checks and one index run at once | "
        f"{'all finished, index sound' if not conc else '; '.join(conc)} ({conc_s:.1f} s) |",
    ]
    for k, kind, problems in failures[:10]:
        lines.append(f"| round {k} ({kind}) | {'; '.join(problems)} |")
    text = "\n".join(lines)
    print(text)
    if not args.quick:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from facts_eval import write_section

        write_section(ROOT / "docs" / "security.md", "faults", text)
    return 1 if failures or conc else 0


if __name__ == "__main__":
    raise SystemExit(main())
