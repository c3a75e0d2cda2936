"""Does ``check`` find the pairs the scan's shared 3-grams find? METER dev, candidates only.

    python benchmarks/check_candidates.py              # ~3 min on 2 cores
    python benchmarks/check_candidates.py --gram-mod 1    # every 3-gram stored
    python benchmarks/check_candidates.py --json out.json

Every METER dev text (../shared/eval/dev/meter: Press Association wire texts and
newspaper articles; one of each set of identical texts) is indexed (``index add``).
The scan's candidates by shared text (:func:`provcheck.collection.candidates.text_partners`,
every word 3-gram of the collection in memory) give the **pairs to find**: each
(newspaper article, wire text) pair among them. For each newspaper article, ``check``'s
candidate search is asked as ``check`` asks it (the article as a new file, its own
indexed copy left out; the 3-gram document counts still hold it, one more than an
index of the rest would):

* **shingles + vectors**: :meth:`provcheck.collection.index.Index.candidates`, the
  sampled word 5-grams and the document vectors (``check`` before the ``grams`` table);
* **+ 3-grams**: and the stored 3-grams
  (:func:`provcheck.collection.shared_text.shared_text_in_index`).

Recall is given over all the pairs to find and over the **derivable** ones: those the
reuse pre-filter (:func:`provcheck.collection.scan_task.prefilter`) does not settle
(a pair it settles cannot be derived, so ``check`` need not compare it). Beside it,
the cost: candidates per check (each one derivable is a full comparison), the 3-gram
search's time per check, ``index add`` time and the bytes the ``grams`` tables take.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaldata

from provcheck.calibration import CALIBRATION
from provcheck.collection.candidates import TextGrams, text_partners
from provcheck.collection.index import Index
from provcheck.collection.scan_task import prefilter
from provcheck.collection.shared_text import shared_text_in_index
from provcheck.ingest.normalize import normalize_text
from provcheck.models import Document
from provcheck.verdict.similarity import default_embedder

METER = evaldata.DEV / "meter"


def meter_documents() -> list[Document]:
    """Every METER dev text, one of each set of identical texts."""
    seen: set[str] = set()
    out = []
    for part in ("PA", "newspapers"):
        for src in sorted((METER / part / "rawtexts").rglob("*")):
            if not src.is_file():
                continue
            text = src.read_bytes().decode("latin-1")
            key = hashlib.blake2b(text.encode()).hexdigest()
            if key not in seen:
                seen.add(key)
                out.append(normalize_text(text, label=src.relative_to(METER).as_posix()))
    return out


def grams_bytes(db: Path, work: Path) -> int:
    """Bytes the ``grams`` tables add: the file against a vacuumed copy without them."""
    copy = work / "without.db"
    shutil.copy(db, copy)
    con = sqlite3.connect(copy)
    con.execute("VACUUM")
    full = copy.stat().st_size
    con.executescript("DROP TABLE grams; DROP TABLE gram_df; VACUUM;")
    con.close()
    return full - copy.stat().st_size


def pairs_to_find(index: Index, ids: list[int], news: set[int]) -> set[tuple[int, int]]:
    """(newspaper id, wire id) pairs among the scan's shared-text partners."""
    grams = TextGrams.of((i, index.load(i)) for i in ids)
    out: set[tuple[int, int]] = set()
    for d, others in text_partners(grams, index.calibration).items():
        for o in others:
            if (d in news) != (o in news):
                out.add((d, o) if d in news else (o, d))
    return out


def run(work: Path, gram_mod: int, min_shared: int) -> dict[str, object]:
    docs = meter_documents()
    embedder = default_embedder()
    db = work / "index.db"
    cal = dataclasses.replace(CALIBRATION, gram_mod=gram_mod, gram_min_shared=min_shared)
    t0 = time.perf_counter()
    with Index(db, calibration=cal) as index:
        index.add_all(docs, embedder)
    res: dict[str, object] = {"documents": len(docs), "gram_mod": gram_mod,
                              "gram_min_shared": min_shared,
                              "index_add_s": round(time.perf_counter() - t0, 1),
                              "db_bytes": db.stat().st_size,
                              "grams_bytes": grams_bytes(db, work)}
    with Index(db, readonly=True, calibration=cal) as index:
        held = index.documents()
        ids = [h.id for h in held]
        news = {h.id for h in held if h.path.startswith("newspapers/")}
        want = pairs_to_find(index, ids, news)
        derivable = {(n, w) for n, w in want if not prefilter(index.load(w), index.load(n), cal)}
        old: set[tuple[int, int]] = set()
        new: set[tuple[int, int]] = set()
        per_old, per_new, took = [], [], []
        for n in sorted({n for n, _ in want}):
            doc = index.load(n)
            found = [c.id for c in index.candidates(doc, embedder, exclude=[n])]
            t = time.perf_counter()
            extra = shared_text_in_index(index, doc, cal, exclude=[n, *found])
            took.append(time.perf_counter() - t)
            compared = [e for e in extra if not prefilter(index.load(e), doc, cal)]
            old |= {(n, c) for c in found}
            new |= {(n, c) for c in [*found, *extra]}
            per_old.append(len(found))
            per_new.append(len(found) + len(compared))
    for name, got in (("shingles_vectors", old), ("with_grams", new)):
        res[name] = {"pairs": f"{len(want & got)}/{len(want)}",
                     "derivable": f"{len(derivable & got)}/{len(derivable)}",
                     "recall": round(len(want & got) / len(want), 3),
                     "derivable_recall": round(len(derivable & got) / len(derivable), 3)}
    res["compared_per_check_mean"] = {"shingles_vectors": round(statistics.mean(per_old), 2),
                                      "with_grams": round(statistics.mean(per_new), 2)}
    took.sort()
    res["grams_search_ms_p50"] = round(1000 * took[len(took) // 2], 1)
    res["grams_search_ms_p95"] = round(1000 * took[int(0.95 * (len(took) - 1))], 1)
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gram-mod", type=int, default=CALIBRATION.gram_mod,
                    help="keep one 3-gram in this many (default: the calibration's)")
    ap.add_argument("--gram-min-shared", type=int, default=CALIBRATION.gram_min_shared,
                    help="kept 3-grams shared that make a candidate (default: the calibration's)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    return evaldata.run_in_temp(
        "provcheck-check-candidates-",
        lambda work: run(work, args.gram_mod, args.gram_min_shared), args.json)


if __name__ == "__main__":
    raise SystemExit(main())
