"""How well ``check`` finds copies: planted copies of indexed articles checked as new files.

    python benchmarks/check_recall.py --n 2000              # ~2 min on 2 cores
    python benchmarks/check_recall.py --n 2000 --fast       # lexical evidence only
    python benchmarks/check_recall.py --n 2000 --json out.json

The collection is :func:`scale.build`'s (real sentences from ../shared/eval/dev: METER,
MSRP, PAWS): background articles and the **sources** of planted pairs are indexed
(``index add``); each planted **copy** (``reprint``, ``edited``, ``rewrite``: a human
paraphrase of every sentence, from MSRP's paraphrase pairs) and each **control** (an
article of sentences no indexed article holds) is then checked as a new file through
:func:`provcheck.collection.check.check`, the function behind ``provcheck check``
(default ``--fail-on rewrite``, semantic mode).

A planted copy is **failed** when a failing finding names its source; a control is
**flagged** when its check fails. Each planted copy that is not failed is told why:

* ``no candidate``: the source is not among the index's candidates for it (shingles,
  vectors and, with the ``grams`` table, shared 3-grams);
* ``pre-filtered``: a candidate by shared 3-grams only, with too little reuse either
  way to be derived (the scan's pre-filter), so not compared;
* ``judged X``: the source was compared in full and judged ``X`` (related,
  unrelated, or partial: under the ``--fail-on`` level);
* ``direction``: derived at the failing level, but read as the source of the indexed
  article (and ``--fail-on-reverse`` is off).

**Partial** copies are the case the scan's shared-text
candidates were built for: a new article made of one paragraph (two sentences) from
each of three indexed sources (the sources of the k-th reprint, edited and rewrite
pairs) and one paragraph of its own (a control's). It is checked with ``--fail-on
partial``; each of its three sources is **named** when a failing finding names it.

Failing findings that name another indexed article than the planted source are
counted too (wrong sources), for precision. The run is made twice on the same
collection, in the same process: ``without_grams`` as ``check`` and ``index add`` were
before the index stored word 3-grams, ``with_grams`` as they are.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaldata
import scale

from provcheck.collection import documents, shared_text
from provcheck.collection.check import check
from provcheck.collection.index import Index, open_index
from provcheck.collection.scan_task import prefilter
from provcheck.ingest.normalize import normalize_text
from provcheck.models import Document
from provcheck.verdict.settings import Settings
from provcheck.verdict.similarity import Embedder, default_embedder


def why_missed(index: Index, doc: Document, source_id: int, found: dict[int, tuple[str, str]],
               settings: Settings) -> str:
    """Why the check of ``doc`` did not fail on the indexed ``source_id``."""
    if source_id in found:
        relation, direction = found[source_id]
        if relation in ("reprint", "edited", "rewrite") and direction == "b->a":
            return "direction"
        return f"judged {relation}"
    doc = index.strip_furniture(doc)
    cal = settings.calibration
    cands = {c.id for c in index.candidates(doc, settings.embedder, calibration=cal)}
    if source_id in cands:
        return "judged unrelated"
    if source_id not in shared_text.shared_text_in_index(index, doc, cal):
        return "no candidate"
    return "pre-filtered" if prefilter(index.load(source_id), doc, cal) else "judged unrelated"


@contextlib.contextmanager
def without_grams() -> Iterator[None]:
    """``check`` and ``index add`` as they were before the ``grams`` table: no 3-grams
    written, none asked (for the before/after figures of one run, same machine)."""
    saved = (shared_text.shared_text_in_index, documents.insert_grams)
    shared_text.shared_text_in_index = lambda *a, **k: []
    documents.insert_grams = lambda *a, **k: None
    try:
        yield
    finally:
        shared_text.shared_text_in_index, documents.insert_grams = saved


def build_index(db: Path, docs: list[tuple[str, str]], embedder: Embedder
                ) -> dict[str, float]:
    t0 = time.perf_counter()
    with open_index(db) as index:
        index.add_all([normalize_text(text, label=path) for path, text in docs], embedder)
    return {"index_add_s": round(time.perf_counter() - t0, 1), "db_bytes": db.stat().st_size}


def checks(db: Path, planted: list[scale.Planted], ctrl: list[tuple[str, str]],
           settings: Settings) -> dict[str, object]:
    """Every planted copy and control checked against the index at ``db``."""
    outcome: dict[str, Counter[str]] = {k: Counter() for k in scale.KINDS}
    wrong = flagged = 0
    times: list[float] = []
    with open_index(db, readonly=True) as index:
        ids = {h.path: h.id for h in index.documents()}
        for p in planted:
            d = normalize_text(p.copy, label=p.copy_path)
            t = time.perf_counter()
            r = check(index, [d], settings=settings).results[0]
            times.append(time.perf_counter() - t)
            found = {f.id: (f.relation, f.direction) for f in r.findings}
            wrong += sum(1 for f in r.findings if f.fails and f.path != p.source_path)
            if any(f.fails and f.path == p.source_path for f in r.findings):
                outcome[p.kind]["failed"] += 1
            else:
                outcome[p.kind][why_missed(index, d, ids[p.source_path], found, settings)] += 1
        for path, text in ctrl:
            t = time.perf_counter()
            r = check(index, [normalize_text(text, label=path)], settings=settings).results[0]
            times.append(time.perf_counter() - t)
            flagged += r.status == "fail"
    total = sum(c["failed"] for c in outcome.values())
    times.sort()
    return {"outcomes": {k: dict(sorted(v.items())) for k, v in outcome.items()},
            "failed": {k: f"{v['failed']}/{sum(v.values())}" for k, v in outcome.items()},
            "planted_failed": f"{total}/{len(planted)}",
            "controls_flagged": f"{flagged}/{len(ctrl)}",
            "wrong_sources": wrong,
            "precision": round(total / (total + wrong + flagged), 3) if total else 0.0,
            "check_ms_p50": round(1000 * times[len(times) // 2]),
            "check_ms_p95": round(1000 * times[int(0.95 * (len(times) - 1))])}


def mosaics(planted: list[scale.Planted], ctrl: list[tuple[str, str]]
            ) -> list[tuple[str, str, list[str]]]:
    """(path, text, source paths) of the partial copies (see the module notes)."""
    by_kind = {k: [p for p in planted if p.kind == k] for k in scale.KINDS}
    out = []
    for k in range(min(len(v) for v in by_kind.values())):
        sources = [by_kind[kind][k] for kind in scale.KINDS]
        paras = [p.source.split("\n\n")[2].strip() for p in sources]
        own = ctrl[k % len(ctrl)][1].split("\n\n")[1].strip()
        text = f"Partial {k}\n\n{paras[0]}\n\n{own}\n\n{paras[1]}\n\n{paras[2]}\n"
        out.append((f"planted/partial-{k}-copy.txt", text, [p.source_path for p in sources]))
    return out


def partial_checks(db: Path, partial: list[tuple[str, str, list[str]]], settings: Settings
                   ) -> dict[str, object]:
    """Each partial copy checked with ``--fail-on partial``: its sources named."""
    outcome: Counter[str] = Counter()
    wrong = 0
    with open_index(db, readonly=True) as index:
        ids = {h.path: h.id for h in index.documents()}
        for path, text, sources in partial:
            d = normalize_text(text, label=path)
            r = check(index, [d], settings=settings, fail_on="partial").results[0]
            found = {f.id: (f.relation, f.direction) for f in r.findings}
            failing = {f.path for f in r.findings if f.fails}
            wrong += len(failing - set(sources))
            for src in sources:
                outcome["named" if src in failing else
                        why_missed(index, d, ids[src], found, settings)] += 1
    return {"partial_sources": dict(sorted(outcome.items())),
            "partial_named": f"{outcome['named']}/{sum(outcome.values())}",
            "partial_wrong_sources": wrong}


def run(n: int, planted_per_kind: int, controls: int, work: Path, *, fast: bool = False
        ) -> dict[str, object]:
    """The same collection indexed and checked without the ``grams`` table (as before
    it) and with it."""
    docs, planted, ctrl = scale.build(n, planted_per_kind, controls)
    embedder = default_embedder()  # `index add` stores vectors whatever the check's mode
    settings = Settings.of(fast=fast, embedder=None if fast else embedder)
    partial = mosaics(planted, ctrl)
    res: dict[str, object] = {"n": len(docs), "mode": settings.mode}
    with without_grams():
        res["without_grams"] = {**build_index(work / "before.db", docs, embedder),
                                **checks(work / "before.db", planted, ctrl, settings),
                                **partial_checks(work / "before.db", partial, settings)}
    res["with_grams"] = {**build_index(work / "index.db", docs, embedder),
                         **checks(work / "index.db", planted, ctrl, settings),
                         **partial_checks(work / "index.db", partial, settings)}
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="documents indexed (about)")
    ap.add_argument("--planted", type=int, default=50, help="planted pairs per kind")
    ap.add_argument("--controls", type=int, default=150)
    ap.add_argument("--fast", action="store_true", help="check in fast mode (`check --fast`: "
                    "lexical candidates and evidence only)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    return evaldata.run_in_temp(
        "provcheck-check-recall-",
        lambda work: run(args.n, args.planted, args.controls, work, fast=args.fast), args.json)


if __name__ == "__main__":
    raise SystemExit(main())
