"""``check`` of METER newspaper articles against an index of the rest: are their wire
sources named? Before and after the index's 3-gram table, on the same index.

    python benchmarks/check_meter.py                 # every 3rd labelled article, --fast
    python benchmarks/check_meter.py --every 1       # all 456 labelled dev articles
    python benchmarks/check_meter.py --semantic      # check's default mode

Every METER dev text (../shared/eval/dev/meter) is indexed but the newspaper articles
checked; each checked article is then a new file, checked through
:func:`provcheck.collection.check.check` with ``--fail-on partial`` in fast mode (or,
``--semantic``, in semantic mode over an index with vectors). An
article METER labels derived (``WD`` wholly, ``PD`` partly, from the Press Association
copy) is **found** when a failing finding names a wire text of its own story; an
article labelled ``ND`` (not derived: written independently, often from the same
hearing) is **flagged** when one does (precision beside recall). The run is made
without the 3-gram table's candidates (as ``check`` was before it) and with them.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import check_candidates
import check_recall
import evaldata

from provcheck.collection.check import check
from provcheck.collection.index import open_index
from provcheck.verdict.settings import Settings
from provcheck.verdict.similarity import default_embedder

METER = evaldata.DEV / "meter"


def labelled(every: int) -> tuple[dict[str, str], dict[str, set[str]]]:
    """(newspaper file -> label) for every ``every``-th labelled article, and each
    newspaper file's story wire texts."""
    with (METER / "derivation-labels.csv").open(encoding="utf-8") as fh:
        rows = sorted((r["newspaper_file"], r["label"]) for r in csv.DictReader(fh))
    with (METER / "story_index.csv").open(encoding="utf-8") as fh:
        wires = {r["newspaper_file"]: set(r["pa_source_files"].split(";"))
                 for r in csv.DictReader(fh)}
    return dict(rows[::every]), wires


def run(work: Path, every: int, semantic: bool) -> dict[str, object]:
    labels, wires = labelled(every)
    docs = check_candidates.meter_documents()
    queries = [d for d in docs if d.path in labels]
    held = [d for d in docs if d.path not in labels]
    db = work / "index.db"
    embedder = default_embedder() if semantic else None
    with open_index(db) as index:
        index.add_all(held, embedder)
    settings = Settings.of(fast=not semantic, embedder=embedder)
    res: dict[str, object] = {"mode": settings.mode, "indexed": len(held),
                              "checked": len(queries)}
    for name in ("without_grams", "with_grams"):
        got = {"WD": [0, 0], "PD": [0, 0], "ND": [0, 0]}
        t0 = time.perf_counter()
        with (check_recall.without_grams() if name == "without_grams"
              else contextlib.nullcontext()), open_index(db, readonly=True) as index:
            for d in queries:
                results = check(index, [d], settings=settings, fail_on="partial").results
                if not results:  # not an article (skipped, as check skips it)
                    continue
                r = results[0]
                named = {f.path for f in r.findings if f.fails} & wires.get(d.path or "", set())
                got[labels[d.path or ""]][0] += bool(named)
                got[labels[d.path or ""]][1] += 1
        found = got["WD"][0] + got["PD"][0]
        res[name] = {
            "WD found": f"{got['WD'][0]}/{got['WD'][1]}",
            "PD found": f"{got['PD'][0]}/{got['PD'][1]}",
            "ND flagged": f"{got['ND'][0]}/{got['ND'][1]}",
            "precision": round(found / (found + got["ND"][0]), 3) if found else 0.0,
            "seconds": round(time.perf_counter() - t0, 1)}
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--every", type=int, default=3, help="check every n-th labelled article")
    ap.add_argument("--semantic", action="store_true", help="index with vectors and check "
                    "in semantic mode (the default of check; slower)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    return evaldata.run_in_temp(
        "provcheck-check-meter-", lambda work: run(work, args.every, args.semantic), args.json)


if __name__ == "__main__":
    raise SystemExit(main())
