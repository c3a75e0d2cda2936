"""Accuracy of provcheck on the labelled dev data in ../shared/eval/dev.

    python benchmarks/accuracy.py                 # everything, writes docs/accuracy.md
    python benchmarks/accuracy.py --only cs       # one part: cs, msrp, extraction

Parts:
- Clough & Stevenson: 4-class confusion (cut->reprint, light->edited, heavy->rewrite,
  non->not derived) and derived/not-derived accuracy, beside the classic word 3-gram
  containment baseline, with the shipped decisions (fitted on the dev data, so
  in-sample; tools/fit_decisions.py prints the leave-one-task-out figures).
- MSRP: "same content" (reprint/edited/rewrite) against the paraphrase label: the
  shipped relation, and a score threshold calibrated on the first half of the pairs
  and reported on the second half.
- Article extraction: word 4-gram shingle F1 of ``normalize`` beside trafilatura alone.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaldata

import provcheck
from provcheck.verdict.classify import containment

CLASSES = ["reprint", "edited", "rewrite", "not derived"]


def _collapse(relation: str) -> str:
    """C&S classes; ``partial`` stays itself: derived, but none of the four classes."""
    return relation if relation in ("reprint", "edited", "rewrite", "partial") else "not derived"


# ---------------------------------------------------------------- Clough & Stevenson


def cs_results(fast: bool) -> list[tuple[evaldata.CSItem, str, float, float]]:
    """(answer, predicted class, containment baseline, cover) of every C&S answer:
    ``compare(source, answer)`` with the shipped decisions."""
    docs: dict[str, provcheck.Document] = {}

    def doc(name: str) -> provcheck.Document:
        if name not in docs:
            docs[name] = provcheck.normalize(evaldata.cs_path(name))
        return docs[name]

    out = []
    for item in evaldata.clough_stevenson():
        a, b = doc(item.source), doc(item.file)
        c = provcheck.compare(a, b, fast=fast, facts=False)
        cover = max(c.verdict.evidence["cover_a"], c.verdict.evidence["cover_b"])
        out.append((item, _collapse(c.relation), containment(b, a), cover))
    return out


def cs_directions(fast: bool) -> dict[str, int]:
    """Of the C&S answers judged derived, how many name the source (``a``, right), the
    answer (wrong), or neither (unknown): ``compare(source, answer)``."""
    got = {"right": 0, "wrong": 0, "unknown": 0}
    docs = {name: provcheck.normalize(evaldata.cs_path(name))
            for item in evaldata.clough_stevenson() for name in (item.source, item.file)}
    for item in evaldata.clough_stevenson():
        c = provcheck.compare(docs[item.source], docs[item.file], fast=fast, facts=False)
        if _collapse(c.relation) != "not derived":
            got[{"a->b": "right", "b->a": "wrong"}.get(c.direction, "unknown")] += 1
    return got


def _truth(item: evaldata.CSItem) -> str:
    return evaldata.CS_EXPECTED[item.category]


def accuracies(rows: list) -> tuple[float, float]:
    """4-class accuracy and derived / not derived accuracy."""
    four = sum(pred == _truth(it) for it, pred, _, _ in rows) / len(rows)
    binary = sum(
        (pred != "not derived") == (_truth(it) != "not derived") for it, pred, _, _ in rows
    ) / len(rows)
    return four, binary


def _baseline_binary(rows: list, train: list | None = None) -> tuple[float, float]:
    train = train or rows
    cut = max(
        (x / 100 for x in range(1, 60)),
        key=lambda c: sum((base >= c) == (it.category != "non") for it, _, base, _ in train),
    )
    acc = sum((base >= cut) == (it.category != "non") for it, _, base, _ in rows) / len(rows)
    return acc, cut


def _baseline_four(rows: list, train: list | None = None) -> float:
    train = train or rows

    def pred(base: float, cuts: tuple[float, float, float]) -> str:
        lo, mid, hi = cuts
        if base >= hi:
            return "reprint"
        if base >= mid:
            return "edited"
        if base >= lo:
            return "rewrite"
        return "not derived"

    grid = [
        (lo, mid, hi)
        for lo in (0.02, 0.04, 0.06, 0.08, 0.1)
        for mid in (0.3, 0.4, 0.5, 0.6)
        for hi in (0.6, 0.7, 0.8, 0.9)
        if lo < mid < hi
    ]
    best = max(grid, key=lambda g: sum(pred(b, g) == _truth(it) for it, _, b, _ in train))
    return sum(pred(b, best) == _truth(it) for it, _, b, _ in rows) / len(rows)


def _confusion(rows: list) -> str:
    counts = Counter((_truth(it), pred) for it, pred, _, _ in rows)
    cols = [*CLASSES, "partial"]
    head = "| true \\ predicted | " + " | ".join(cols) + " |"
    lines = [head, "|" + "---|" * (len(cols) + 1)]
    for truth in CLASSES:
        lines.append(f"| {truth} | " + " | ".join(str(counts[(truth, p)]) for p in cols) + " |")
    return "\n".join(lines)


def run_cs() -> list[str]:
    out = ["## Clough & Stevenson (dev, 57 answers)", "",
           "The shipped decisions were fitted on these answers among the rest of the dev "
           "data: the figures below are in-sample. Leave-one-task-out figures (each task's "
           "answers decided by models fitted without them) are printed by "
           "`python tools/fit_decisions.py` (section 'Learned decisions' below).", ""]
    for fast in (False, True):
        mode = "fast (lexical only)" if fast else "semantic (default)"
        rows = cs_results(fast)
        four, binary = accuracies(rows)
        base_cv_bin = base_cv_four = 0.0
        for task in sorted({it.task for it, *_ in rows}):
            train = [r for r in rows if r[0].task != task]
            test = [r for r in rows if r[0].task == task]
            base_cv_bin += _baseline_binary(test, train)[0] * len(test)
            base_cv_four += _baseline_four(test, train) * len(test)
        n = len(rows)
        base_bin, base_cut = _baseline_binary(rows)
        out += [
            f"### {mode}",
            "",
            "| method | 4-class accuracy | derived / not derived |",
            "|---|---|---|",
            f"| provcheck, shipped decisions | {four:.3f} | {binary:.3f} |",
            f"| word 3-gram containment, best cuts on all 57 | {_baseline_four(rows):.3f} | "
            f"{base_bin:.3f} (cut {base_cut:.2f}) |",
            f"| word 3-gram containment, leave-one-task-out | {base_cv_four / n:.3f} | "
            f"{base_cv_bin / n:.3f} |",
            "",
            "Confusion matrix (`partial` is derived but wrong for any class):",
            "",
            _confusion(rows),
            "",
        ]
        errors = [
            f"{it.file} ({it.category}: cover {cover:.2f}, containment {base:.2f})"
            for it, pred, base, cover in rows
            if (pred != "not derived") != (_truth(it) != "not derived")
        ]
        out += ["Derived/not-derived errors: " + ("; ".join(errors) or "none"), ""]
        d = cs_directions(fast)
        n_dir = max(1, sum(d.values()))
        out += [f"Direction of the {sum(d.values())} answers judged derived (the source is "
                f"known): right {d['right'] / n_dir:.3f}, wrong {d['wrong'] / n_dir:.3f}, "
                f"unknown {d['unknown'] / n_dir:.3f}", ""]
    return out


# ---------------------------------------------------------------- MSRP


def run_msrp(limit: int | None) -> list[str]:
    pairs = evaldata.msrp()[:limit]
    half = len(pairs) // 2
    out = [f"## MSRP (dev = training split, {len(pairs)} pairs; calibrate on the first "
           f"{half}, report on the other {len(pairs) - half})", ""]
    out += ["| mode | shipped relation: accuracy / F1 (2nd half) | calibrated score "
            "threshold | accuracy / F1 (2nd half) | pairs/s |", "|---|---|---|---|---|"]
    for fast in (False, True):
        t0 = time.perf_counter()
        results = []
        for p in pairs:
            c = provcheck.compare(p.a, p.b, fast=fast)
            results.append((p.label, c.relation in ("reprint", "edited", "rewrite"), c.score))
        rate = len(pairs) / (time.perf_counter() - t0)
        test = results[half:]
        acc, f1 = _acc_f1([(y, pred) for y, pred, _ in test])
        train = results[:half]
        cut = max(
            (x / 100 for x in range(0, 101)),
            key=lambda c: sum((s >= c) == bool(y) for y, _, s in train),
        )
        acc2, f12 = _acc_f1([(y, s >= cut) for y, _, s in test])
        mode = "fast" if fast else "semantic"
        out.append(f"| {mode} | {acc:.3f} / {f1:.3f} | {cut:.2f} | {acc2:.3f} / {f12:.3f} | "
                   f"{rate:.0f} |")
    base = sum(y for y, *_ in results[half:]) / (len(pairs) - half)
    out += ["", f"Majority baseline (always 'same content') on the 2nd half: {base:.3f}.", ""]
    return out


def _acc_f1(pairs: list[tuple[int, bool]]) -> tuple[float, float]:
    tp = sum(1 for y, p in pairs if y and p)
    fp = sum(1 for y, p in pairs if not y and p)
    fn = sum(1 for y, p in pairs if y and not p)
    acc = sum(1 for y, p in pairs if bool(y) == p) / len(pairs)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return acc, f1


# ---------------------------------------------------------------- extraction

def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text or "")


def run_extraction() -> list[str]:
    import trafilatura
    from extraction_options import aggregate, match

    pages = evaldata.extraction_pages()
    scores: dict[str, list] = {"provcheck.normalize": [], "trafilatura.extract (defaults)": []}
    t_norm = 0.0
    for _pid, gz, truth in pages:
        html = evaldata.gunzip(gz).decode("utf-8", errors="replace")
        t0 = time.perf_counter()
        try:
            doc = provcheck.normalize(gz)
            text = "\n".join(p.text for p in doc.paragraphs)
        except provcheck.InputError:
            text = ""
        t_norm += time.perf_counter() - t0
        scores["provcheck.normalize"].append(match(_tokens(truth), _tokens(text)))
        base = trafilatura.extract(html) or ""
        scores["trafilatura.extract (defaults)"].append(match(_tokens(truth), _tokens(base)))
    out = [f"## Article extraction (dev, {len(pages)} pages; word 4-gram shingles, the "
           "benchmark's own averaging)", "", "| extractor | precision | recall | F1 |",
           "|---|---|---|---|"]
    for name, vals in scores.items():
        agg = aggregate(vals)
        out.append(f"| {name} | {agg['precision']:.3f} | {agg['recall']:.3f} | {agg['f1']:.3f} |")
    out += ["", f"normalize: {1000 * t_norm / len(pages):.0f} ms per page (mean).",
            "Configuration choice: docs/extraction-options.md."]
    return [*out, ""]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--only", choices=["cs", "msrp", "extraction"])
    ap.add_argument("--msrp-limit", type=int, default=None)
    ap.add_argument("--output", type=Path, default=evaldata.ROOT / "docs" / "accuracy.md")
    args = ap.parse_args()
    if not evaldata.available():
        print(f"skipped: {evaldata.DEV} is absent")
        return 0
    parts: list[str] = [
        "# Accuracy on the dev data",
        "",
        "Generated by `python benchmarks/accuracy.py`; data in `../shared/eval/dev` "
        "(see its README). The decisions shipped in `provcheck/data/decisions.json` "
        "and the numbers in `provcheck/calibration.py` were fitted or tuned on these dev "
        "sets only.",
        "",
    ]
    if args.only in (None, "cs"):
        parts += run_cs()
    if args.only in (None, "msrp"):
        parts += run_msrp(args.msrp_limit)
    if args.only in (None, "extraction"):
        parts += run_extraction()
    text = "\n".join(parts)
    print(text)
    if args.only is None:
        args.output.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
