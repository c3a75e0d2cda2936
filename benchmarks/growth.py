"""How the cost of ``provcheck compare`` grows with the input: time and peak memory.

    python benchmarks/growth.py                # 0.5, 1, 2, 4, 8 MB; fast and semantic
    python benchmarks/growth.py --max-mb 20    # up to the 20 MiB input cap
    python benchmarks/growth.py --runs 3       # median of 3 runs per size (default 1)
    python benchmarks/growth.py --stages       # and each stage's CPU seconds, in process
    python benchmarks/growth.py --commands compare,report   # which commands (default both)

The big inputs are real prose from ../shared/eval/dev (METER newspaper and PA texts,
the extraction pages' article bodies, PAWS and MSRP sentences; about 6.4 MB), joined
and, past that, repeated; each size is cut from the start of that text. Each run is a
fresh ``provcheck compare SEED BIG`` process (the flagship source as the other side);
peak memory is the child's maximum resident set size. The seed compared with itself
is the baseline in the same run, so figures can be read as ratios on a noisy machine.
``report`` is timed the same way on the two files (a collection of two). ``--stages``
times each stage of ``compare`` (normalize, links, align, classify, facts, quotes,
support, the text/json/html renderers) in CPU seconds in one process, with the text
read as a whole copy of the seed (``tests/growthutil.py``, what the growth test in CI
runs at small sizes).
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev"
SEED = next((ROOT / "seeds").glob("001_*.txt"))
MB = 1_000_000


def real_text() -> str:
    """Real prose from the dev data, joined (no generated filler)."""
    parts: list[str] = []
    for folder in ("newspapers", "PA"):
        for f in sorted((DEV / "meter" / folder).rglob("*.txt")):
            parts.append(f.read_text(encoding="latin-1"))
    truth = json.loads((DEV / "article-extraction" / "ground-truth.json").read_text())
    parts += [v["articleBody"] for _, v in sorted(truth.items())]
    for line in (DEV / "paws" / "dev.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 3:
            parts.append(f"{cols[1]} {cols[2]}")
    msrp = (DEV / "msrp" / "msr_paraphrase_train.txt").read_text(encoding="utf-8-sig")
    for line in msrp.splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) >= 5:
            parts.append(f"{cols[3]} {cols[4]}")
    return "\n\n".join(parts)


def make_input(text: str, size: int, folder: Path) -> Path:
    data = text.encode("utf-8")
    out = data
    while len(out) < size:
        out += b"\n\n" + data
    out = out[:size].decode("utf-8", errors="ignore").encode("utf-8")
    path = folder / f"big-{size}.txt"
    path.write_bytes(out)
    return path


def measure(args: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of one fresh process, measured by a fresh parent."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
        "wall = time.perf_counter() - t\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(rc, wall, peak)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True,
                         text=True, check=True).stdout.split()
    if out[0] != "0":
        raise SystemExit(f"failed ({out[0]}): {' '.join(args)}")
    return float(out[1]), float(out[2])


def _command_rows(cli: list[str], command: str, flag: list[str], mode: str,
                  sizes: list[float], text: str, tmp: Path, runs: int) -> list[tuple]:
    """Wall time and peak memory of ``command`` (compare or report) of the seed and a
    text of each size, fresh processes; the seed against itself as the baseline."""
    extra = ["--format", "json"] if command == "report" else []
    base = [measure([*cli, command, *flag, *extra, str(SEED), str(SEED)]) for _ in range(runs)]
    out: list[tuple] = [(mode, command, "seed vs seed", statistics.median(w for w, _ in base),
                         max(m for _, m in base), None)]
    prev = None
    for mb in sizes:
        path = make_input(text, int(mb * MB), tmp)
        got = [measure([*cli, command, *flag, *extra, str(SEED), str(path)])
               for _ in range(runs)]
        wall = statistics.median(w for w, _ in got)
        peak = max(m for _, m in got)
        growth = None
        if prev is not None:  # the factor per doubling of the input
            growth = (wall / prev[1]) ** (1 / max(1e-9, math.log2(mb / prev[0])))
        out.append((mode, command, f"{mb:g} MB", wall, peak, growth))
        prev = (mb, wall)
        print(f"{mode} {command} {mb:g} MB: {wall:.2f} s, {peak:.0f} MiB", file=sys.stderr,
              flush=True)
    return out


def _stage_rows(mode: str, sizes: list[float], text: str) -> list[tuple[str, float, dict]]:
    sys.path.insert(0, str(ROOT))
    from tests.growthutil import time_stages

    out = []
    for mb in sizes:
        data = text.encode("utf-8")
        while len(data) < mb * MB:
            data += b"\n\n" + text.encode("utf-8")
        cut = data[: int(mb * MB)].decode("utf-8", errors="ignore")
        seconds = time_stages(cut, fast=mode == "fast").seconds
        print(f"{mode} stages {mb:g} MB: {seconds}", file=sys.stderr, flush=True)
        out.append((mode, mb, seconds))
    return out


def _print_stages(stage_rows: list[tuple[str, float, dict]]) -> None:
    stages = list(stage_rows[0][2])
    print("\nCPU seconds per stage (in process; factor per doubling from the previous size)\n")
    print("| mode | input | " + " | ".join(stages) + " |")
    print("|---|---|" + "---|" * len(stages))
    prev: dict[str, tuple[float, dict]] = {}
    for mode, mb, seconds in stage_rows:
        cells = []
        for st in stages:
            cell = f"{seconds[st]:.2f}"
            if mode in prev:
                pmb, ps = prev[mode]
                if ps[st] >= 0.05:
                    cell += f" (x{(seconds[st] / ps[st]) ** (1 / math.log2(mb / pmb)):.2f})"
            cells.append(cell)
        prev[mode] = (mb, seconds)
        print(f"| {mode} | {mb:g} MB | " + " | ".join(cells) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-mb", type=float, default=8.0)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--modes", default="fast,semantic")
    parser.add_argument("--commands", default="compare,report")
    parser.add_argument("--stages", action="store_true",
                        help="also time each stage in process (CPU seconds)")
    args = parser.parse_args()
    if not DEV.is_dir():
        print(f"skipped: {DEV} is absent")
        return 0
    cli = [sys.executable, "-m", "provcheck.cli"]
    sizes = [s for s in (0.5, 1, 2, 4, 8, 16, 20.9) if s <= args.max_mb]
    text = real_text()
    rows = []
    stage_rows: list[tuple[str, float, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for mode in args.modes.split(","):
            flag = ["--fast"] if mode == "fast" else []
            for command in args.commands.split(","):
                rows += _command_rows(cli, command, flag, mode, sizes, text, Path(tmp), args.runs)
            if args.stages:
                stage_rows += _stage_rows(mode, sizes, text)
    print("| mode | command | input (vs the flagship seed) | wall, median (s) | "
          "peak RSS (MiB) | time factor per doubling |")
    print("|---|---|---|---|---|---|")
    for mode, command, label, wall, peak, growth in rows:
        g = "" if growth is None else f"x{growth:.2f}"
        print(f"| {mode} | {command} | {label} | {wall:.2f} | {peak:.0f} | {g} |")
    if stage_rows:
        _print_stages(stage_rows)
    print(f"\n{time.strftime('%Y-%m-%d')}, {args.runs} run(s) per size, "
          f"`python benchmarks/growth.py --max-mb {args.max_mb:g} --runs {args.runs}"
          f"{' --stages' if args.stages else ''}`")
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    raise SystemExit(main())
