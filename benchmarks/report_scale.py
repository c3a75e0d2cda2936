"""The provenance report at collection scale: ``report --db`` over every METER text and
``report PATHS`` over 100 of them, before and after, in one run.

    git worktree add /tmp/report_base 5001316       # the commit before the change
    python benchmarks/report_scale.py --base /tmp/report_base   # writes docs/report-scale.md

In a temporary folder: ``provcheck index add`` of METER's ``PA/`` and ``newspapers/``
folders (../shared/eval/dev/meter, read in place, never copied into the repository),
``provcheck scan --workers 2`` (local engine), then each measured command runs in a
child process of its own, timed (wall clock) with its peak resident memory read from
``getrusage(RUSAGE_CHILDREN)`` of a one-child wrapper:

* ``report --db`` (Markdown, the default format), before and after; ``--format html``
  (every derivation's comparison side by side) after only, unless ``--html-before``;
* ``report PATHS --format json`` over 100 METER files (whole stories, in an order
  shuffled with a fixed seed, the last story cut at 100 files; copied into the
  temporary folder), before and after, with the derivation edges of both compared.

*Before* is this checkout with the report's modules (``provcheck/collection/report.py``,
``provcheck/collection/articles.py``, the report renderers and templates) taken from ``--base``: the
difference measured is the report's alone, not that of other modules changed
meanwhile. Both runs read the same index.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaldata

DOC = evaldata.ROOT / "docs" / "report-scale.md"
#: The modules ``before`` takes from the base checkout: the report and its renderers.
REPORT_MODULES = ("report.py", "collection.py", "render/markdown.py", "render/html.py",
                  "render/json_format.py", "render/templates")

#: Runs one command as its only child; prints wall seconds, peak RSS (KiB) and exit code.
_WRAP = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "wall = time.perf_counter() - t\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(f'{wall} {peak} {rc}', file=sys.stderr)\n"
)
_CLI = "import sys; from provcheck.cli import run; sys.argv[0] = 'provcheck'; run()"


@dataclass
class Run:
    label: str
    wall: float
    peak_mib: float
    out: Path


def code_tree(base: Path | None, work: Path) -> Path:
    """This checkout, or (``base``) this checkout with the report's modules from it."""
    if base is None:
        return evaldata.ROOT
    tree = work / "before"
    shutil.copytree(evaldata.ROOT / "provcheck", tree / "provcheck",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in REPORT_MODULES:
        src, dst = base / "provcheck" / name, tree / "provcheck" / name
        if dst.is_dir():
            shutil.rmtree(dst)
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dst)
    return tree


def provcheck(tree: Path, cwd: Path, *args: str, label: str, out: Path) -> Run:
    """Run ``provcheck ARGS -o OUT`` with the code of ``tree``; time it and read its peak."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    cmd = [sys.executable, "-c", _WRAP, sys.executable, "-c", _CLI, *args, "-o", str(out)]
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    wall, peak, rc = done.stderr.strip().splitlines()[-1].split()
    if int(rc) != 0:
        raise SystemExit(f"{label}: provcheck {' '.join(args)} failed:\n{done.stderr}")
    print(f"{label}: {float(wall):.1f} s, {int(peak) / 1024:.0f} MiB", flush=True)
    return Run(label, float(wall), int(peak) / 1024, out)


def run_cli(cwd: Path, *args: str) -> float:
    """An untimed-by-RSS step (index add, scan) with this checkout's code; wall seconds."""
    env = dict(os.environ, PYTHONPATH=str(evaldata.ROOT))
    t = dt.datetime.now()
    subprocess.run([sys.executable, "-c", _CLI, *args], cwd=cwd, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return (dt.datetime.now() - t).total_seconds()


def subset(meter: Path, n: int, out: Path) -> int:
    """Copy ``n`` METER files (whole stories, shuffled with a fixed seed) under ``out``."""
    with (meter / "story_index.csv").open(encoding="utf-8") as fh:
        stories = sorted({(r["domain"], r["date"], r["catchline"]) for r in csv.DictReader(fh)})
    random.Random(11).shuffle(stories)
    files: list[Path] = []
    for domain, date, catchline in stories:
        for part in ("PA", "newspapers"):
            folder = meter / part / "rawtexts" / domain / date / catchline
            if folder.is_dir():
                files += sorted(p for p in folder.iterdir() if p.is_file())
        if len(files) >= n:
            break
    for p in files[:n]:
        dst = out / p.relative_to(meter)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(p, dst)
    return len(files[:n])


_ROW = re.compile(r"^\| (\*\*divergent\*\*|qualified|agree) +\|", re.M)


def md_counts(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    head = re.search(r"(\d+) articles, (\d+) (?:clusters|stor(?:y|ies)), (\d+) derivations?",
                     text)
    assert head, path
    return (f"{head[2]} clusters, {head[3]} edges, {len(_ROW.findall(text))} fact rows, "
            f"{path.stat().st_size / 2**20:.1f} MiB")


def edges(path: Path) -> set[tuple[str, str, str]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {(e["a"], e["b"], e["relation"]) for e in doc["edges"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=Path, default=None,
                    help="a checkout to take the 'before' report modules from "
                    "(git worktree add /tmp/report_base 5001316); none: after only")
    ap.add_argument("--subset", type=int, default=100, help="files for report PATHS")
    ap.add_argument("--workers", type=int, default=2, help="scan workers")
    ap.add_argument("--html-before", action="store_true",
                    help="also time report --db --format html before (slow)")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args()
    meter = evaldata.DEV / "meter"
    if not meter.is_dir():
        print(f"skipped: {meter} is absent")
        return 0
    work = Path(tempfile.mkdtemp(prefix="provcheck-report-scale-"))
    try:
        return measure(args, meter, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(args: argparse.Namespace, meter: Path, work: Path) -> int:
    db = work / "meter.db"
    after = evaldata.ROOT
    before = code_tree(args.base, work) if args.base else None
    add_s = run_cli(work, "index", "add", str(meter / "PA"), str(meter / "newspapers"),
                    "--db", str(db))
    scan_s = run_cli(work, "scan", "--db", str(db), "--workers", str(args.workers))
    print(f"index add {add_s:.1f} s, scan {scan_s:.1f} s", flush=True)
    stats = json.loads(subprocess.run(
        [sys.executable, "-c", _CLI, "index", "stats", "--db", str(db)], cwd=work,
        env=dict(os.environ, PYTHONPATH=str(after)), capture_output=True, text=True,
        check=True).stdout)
    n_sub = subset(meter, args.subset, work / "meter100")

    rows: list[tuple[str, Run | None, Run | None, str, str]] = []

    def both(what: str, fmt: str, *cli: str, run_before: bool = True) -> tuple[Run | None, Run]:
        b = None
        if before is not None and run_before:
            b = provcheck(before, work, *cli, "--format", fmt, label=f"before {what}",
                          out=work / f"before-{what}.{fmt}")
        a = provcheck(after, work, *cli, "--format", fmt, label=f"after {what}",
                      out=work / f"after-{what}.{fmt}")
        return b, a

    b, a = both("db-md", "md", "report", "--db", str(db))
    rows.append((f"`report --db` over {stats['documents']} METER texts (Markdown)", b, a,
                 md_counts(b.out) if b else "", md_counts(a.out)))
    b, a = both("db-html", "html", "report", "--db", str(db), run_before=args.html_before)
    size = lambda r: f"{r.out.stat().st_size / 2**20:.0f} MiB" if r else ""  # noqa: E731
    rows.append(("`report --db --format html` (every edge side by side)", b, a, size(b),
                 size(a)))
    b, a = both("paths", "json", "report", "meter100")
    found = ""
    if b is not None:
        eb, ea = edges(b.out), edges(a.out)
        missed = Counter(rel for _, _, rel in eb - ea)
        found = (f"{len(ea & eb)} of the {len(eb)} edges before, {len(ea - eb)} new; "
                 f"missed: {', '.join(f'{n} {rel}' for rel, n in missed.most_common()) or 'none'}")
    rows.append((f"`report PATHS` over {n_sub} METER files (JSON)", b, a,
                 f"{len(edges(b.out))} edges" if b else "", f"{len(edges(a.out))} edges"
                 + (f" ({found})" if found else "")))

    def cell(r: Run | None) -> str:
        return "not run" if r is None else f"{r.wall:.1f} s, {r.peak_mib:.0f} MiB"

    text = "\n".join([
        f"Generated by `python benchmarks/report_scale.py"
        f"{' --base ' + str(args.base) if args.base else ''}` on {dt.date.today().isoformat()}"
        f" ({platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs).",
        "",
        f"Index: {stats['documents']} documents (METER `PA/` and `newspapers/`; texts with "
        f"the same content are one document), `index add` {add_s:.0f} s, `scan --workers "
        f"{args.workers}` {scan_s:.0f} s, {stats['pairs']} stored pairs.",
        "",
        "| command | before: wall, peak RSS | after: wall, peak RSS | before: output | "
        "after: output |",
        "|---|---|---|---|---|",
        *[f"| {what} | {cell(b)} | {cell(a)} | {ob} | {oa} |" for what, b, a, ob, oa in rows],
    ])
    print(text)
    if not args.no_write:
        from facts_eval import write_section

        write_section(DOC, "report-scale", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
