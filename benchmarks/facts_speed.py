"""What the facts stage costs in `provcheck.compare`.

    python benchmarks/facts_speed.py [--rounds 15] [--meter-pairs 40] [--output docs/facts.md]

In one process, documents normalised once beforehand (``provcheck.normalize``), the
default embedder loaded and warmed up first:
- seed pairs: every ordered pair of ``seeds/*.txt``;
- METER pairs: for evenly spaced rows of ../shared/eval/dev/meter/story_index.csv,
  the first PA source file of the row against the row's newspaper article.
Each pair is timed with ``compare(a, b, facts=False)`` and ``compare(a, b, facts=True)``,
in semantic and in fast mode, the two variants interleaved (their order alternates
from round to round), for ``--rounds`` rounds; the per-pair median of each variant is
kept. The facts stage itself is also split into its three parts (fact diff, quotation
check, unsupported sentences) on the seed pairs. Results go between the
``facts-speed`` markers of docs/facts.md; the rest of that file is left as it is.
The machine is small and noisy: read the ratios, not the absolute times.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaldata
from facts_eval import code_version, write_section

import provcheck
from provcheck.facts.diff import diff_facts
from provcheck.facts.extraction import _extract_cached
from provcheck.facts.quotes import check_quotes
from provcheck.facts.support import find_unsupported
from provcheck.verdict.align import align
from provcheck.verdict.classify import classify
from provcheck.verdict.links import link_sentences
from provcheck.verdict.orient import Orientation, source_side
from provcheck.verdict.settings import Settings
from provcheck.verdict.similarity import Embedder, default_embedder

DOC = evaldata.ROOT / "docs" / "facts.md"
METER = evaldata.DEV / "meter"
#: Goal of the issue: facts add at most this share to the time of a comparison.
GOAL_OVERHEAD = 0.5
MODES = ("semantic", "fast")


@dataclass
class Pair:
    name: str
    a: provcheck.Document
    b: provcheck.Document
    #: seconds per run, by (mode, facts on)
    times: dict[tuple[str, bool], list[float]] = field(default_factory=dict)

    def median(self, mode: str, facts: bool) -> float:
        return statistics.median(self.times[(mode, facts)])

    def ratio(self, mode: str) -> float:
        return self.median(mode, True) / self.median(mode, False)


def seed_pairs() -> list[Pair]:
    paths = sorted((evaldata.ROOT / "seeds").glob("*.txt"))
    docs = {p.name[:3]: provcheck.normalize(p) for p in paths}
    return [Pair(f"{x} vs {y}", docs[x], docs[y]) for x in docs for y in docs if x != y]


def meter_pairs(n: int) -> list[Pair]:
    with (METER / "story_index.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    picked = [rows[i * len(rows) // n] for i in range(min(n, len(rows)))]
    out = []
    for r in picked:
        pa = r["pa_source_files"].split(";")[0]
        out.append(
            Pair(
                f"{Path(pa).name} vs {Path(r['newspaper_file']).name}",
                provcheck.normalize(METER / pa),
                provcheck.normalize(METER / r["newspaper_file"]),
            )
        )
    return out


def _timed(fn: Callable[[], object]) -> float:
    # facts are cached per paragraph; a fresh pair would not find them cached
    _extract_cached.cache_clear()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def measure(pairs: list[Pair], rounds: int, embedder: Embedder) -> None:
    """Fill ``pair.times``: both variants per mode, interleaved, order alternating."""
    for mode in MODES:
        fast = mode == "fast"
        for p in pairs:
            for facts in (False, True):
                p.times[(mode, facts)] = []
                provcheck.compare(p.a, p.b, fast=fast, embedder=embedder, facts=facts)
        for k in range(rounds):
            order = (False, True) if k % 2 == 0 else (True, False)
            for p in pairs:
                for facts in order:
                    run = functools.partial(
                        provcheck.compare, p.a, p.b, fast=fast, embedder=embedder, facts=facts
                    )
                    p.times[(mode, facts)].append(_timed(run))


def breakdown(pairs: list[Pair], rounds: int, embedder: Embedder) -> dict[str, dict[str, float]]:
    """Median seconds of each part of the facts stage, summed over the pairs, per mode.

    The parts are called as ``compare`` calls them (source = ``a`` unless the verdict
    says ``b->a``; unmatched paragraphs and unsupported sentences only when derived).
    """
    out: dict[str, dict[str, float]] = {}
    for mode in MODES:
        settings = Settings.of(fast=mode == "fast", embedder=embedder)
        cal = settings.calibration
        parts = {"fact diff": 0.0, "quotations": 0.0, "unsupported sentences": 0.0}
        for p in pairs:
            links = link_sentences(p.a, p.b, settings)
            alignments, un_a, un_b = align(p.a, p.b, links, settings)
            verdict = classify(p.a, p.b, alignments, links, settings)
            view = Orientation(source_side(verdict)).view(
                p.a, p.b, alignments, un_a, un_b, links, derived=verdict.derived,
                whole=verdict.relation != "partial" and verdict.derived)
            calls: dict[str, Callable[[], object]] = {
                "fact diff": functools.partial(diff_facts, view, cal),
                "quotations": functools.partial(check_quotes, view, cal),
                "unsupported sentences": functools.partial(find_unsupported, view, settings),
            }
            for name, fn in calls.items():
                fn()
                parts[name] += statistics.median(_timed(fn) for _ in range(rounds))
        out[mode] = parts
    return out


def _nothing() -> None:
    return None


def _ms(x: float) -> str:
    return f"{1000 * x:.2f}"


def _summary(label: str, pairs: list[Pair]) -> list[str]:
    rows = []
    for mode in MODES:
        off = sum(p.median(mode, False) for p in pairs)
        on = sum(p.median(mode, True) for p in pairs)
        ratios = sorted(p.ratio(mode) for p in pairs)
        worst = max(pairs, key=lambda p: p.ratio(mode))
        p90 = ratios[min(len(ratios) - 1, int(0.9 * len(ratios)))]
        rows.append(
            f"| {label} | {mode} | {len(pairs)} | {_ms(off / len(pairs))} | "
            f"{_ms(on / len(pairs))} | {on / off:.2f} | {statistics.median(ratios):.2f} | "
            f"{p90:.2f} | {worst.ratio(mode):.2f} ({worst.name}) |"
        )
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--meter-pairs", type=int, default=40)
    ap.add_argument("--output", type=Path, default=DOC)
    args = ap.parse_args()
    t_start = time.perf_counter()
    embedder = default_embedder()
    embedder.encode(["warm-up sentence for the embedding model"])
    seeds = seed_pairs()
    measure(seeds, args.rounds, embedder)
    parts = breakdown(seeds, args.rounds, embedder)
    meter: list[Pair] = []
    if evaldata.available():
        meter = meter_pairs(args.meter_pairs)
        measure(meter, args.rounds, embedder)
    total = time.perf_counter() - t_start

    head = (
        "| pairs | mode | n | facts=False, ms per pair | facts=True, ms per pair | "
        "ratio of totals | median pair ratio | 90th pct. pair ratio | worst pair |"
    )
    lines = [
        "## Cost of facts in compare",
        "",
        f"Generated by `python benchmarks/facts_speed.py --rounds {args.rounds} --meter-pairs "
        f"{args.meter_pairs}` on {dt.date.today().isoformat()} ({total:.0f} s in all; "
        f"provcheck at {code_version()}): "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; a "
        "small shared machine, so times are noisy: read the ratios. Documents normalised "
        "once beforehand, embedder warmed up; `compare(a, b, facts=False)` and "
        "`compare(a, b, facts=True)` interleaved (order alternating per round), "
        f"{args.rounds} rounds, median per pair. *Ratio of totals*: the sums of the "
        "per-pair medians (facts on / facts off). Seeds: every ordered pair of "
        "`seeds/*.txt`. METER: evenly spaced rows of `story_index.csv`, first PA source "
        f"file against the newspaper article. Goal: facts add at most {GOAL_OVERHEAD:.0%} "
        f"(ratio {1 + GOAL_OVERHEAD:.2f}).",
        "",
        head,
        "|---|---|---|---|---|---|---|---|---|",
        *_summary("seeds", seeds),
        *(_summary("METER", meter) if meter else []),
        "",
        "Seed pairs, median ms per pair:",
        "",
        "| pair | semantic, facts off | on | ratio | fast, facts off | on | ratio |",
        "|---|---|---|---|---|---|---|",
        *[
            f"| {p.name} | {_ms(p.median('semantic', False))} | "
            f"{_ms(p.median('semantic', True))} | {p.ratio('semantic'):.2f} | "
            f"{_ms(p.median('fast', False))} | {_ms(p.median('fast', True))} | "
            f"{p.ratio('fast'):.2f} |"
            for p in seeds
        ],
        "",
        f"The facts stage split into its parts (seed pairs, sum over the {len(seeds)} pairs "
        "of the per-pair medians, ms; called as `compare` calls them):",
        "",
        "| mode | " + " | ".join(parts["semantic"]) + " |",
        "|---|" + "---|" * len(parts["semantic"]),
        *[
            f"| {mode} | " + " | ".join(_ms(v) for v in parts[mode].values()) + " |"
            for mode in MODES
        ],
        "",
    ]
    text = "\n".join(lines)
    print(text)
    write_section(args.output, "facts-speed", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
