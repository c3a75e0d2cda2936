"""Guarded figures: key verdict, fact and cost figures on a fixed dev sample, checked
against the record in ``benchmarks/figures.json``.

    python benchmarks/figures.py              # measure, print the table, exit 1 if worse
    python benchmarks/figures.py --record     # rewrite figures.json from this measurement
    python benchmarks/figures.py --json OUT   # also write the measurement as JSON
    PYTHONPATH=/path/to/other/checkout python benchmarks/figures.py   # measure that code

Each recorded figure has a value, a tolerance and the direction that is worse
(``"better": "higher"`` or ``"lower"``). A figure fails (``WORSE``) when it moved in the
worse direction by more than its tolerance; an improvement passes with a note that the
record may be raised; a move within tolerance passes and is shown (``moved``).
Figures recorded with ``"guarded": false`` are context only (``info``). A recorded
figure that can no longer be measured fails (``MISSING``). What is measured (the data
are ../shared/eval/dev; see docs/figures.md for the reasoning):

* **flagship**: ``provcheck compare --format json`` of seeds 001 (source) and 000 (its
  rewrite), its facts against the hand-made gold list below (``FLAGSHIP_*``).
* **meter**: the METER stories of ``derivation-labels.csv`` whose articles carry all
  three labels (WD, PD, ND) and that have at most two PA texts (a fixed rule, recorded
  with the figures), through the product: ``index add`` of their PA and newspaper
  texts into a fresh index, ``scan --workers 1``, ``report --db --format json``. Each
  labelled newspaper article is scored by its strongest derivation edge (highest score)
  to a PA text of its story: none -> ND, ``partial`` -> PD, reprint/edited/rewrite ->
  WD; derived (WD or PD) against ND: precision, recall, F1. Beside it, for context, the
  word 3-gram containment of the article in the union of its story's PA texts (derived
  from 0.2, WD from 0.5: the fixed cuts of benchmarks/meter.py).
* **cs**: every Clough & Stevenson dev answer against its source through the public
  API, ``provcheck.compare(source, answer, facts=False)``: 4-class accuracy (cut ->
  reprint, light -> edited, heavy -> rewrite, non -> not derived; ``partial`` is wrong
  for every class) and derived / not derived accuracy, semantic and fast mode.
* **cost**: work counts, the same on every machine: the METER scan's candidate pairs
  and pairs compared in full, and the ratio of Python function calls (cProfile's count)
  of ``provcheck.compare(seed, text, fast=True)`` on 2x against 1x real METER prose
  (50k -> 100k characters); beside them the ratio of its CPU time on 2x against 1x
  (100k -> 200k characters, least of three interleaved runs each, in one process):
  a ratio, not seconds, with a generous tolerance, since a loaded machine moves it.

Child processes and numeric libraries are held to one thread (the CI machine has two
cores and other work on it).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaldata

ROOT = evaldata.ROOT
RECORD = Path(__file__).resolve().parent / "figures.json"
METER = evaldata.DEV / "meter"
SEEDS = ROOT / "seeds"
#: The provcheck CLI, run in a child process (the checkout on PYTHONPATH, else this one).
CLI = ("-m", "provcheck.cli")
DERIVED = ("reprint", "edited", "rewrite", "partial")
WHOLE = ("reprint", "edited", "rewrite")
#: Containment cuts of the baseline (benchmarks/meter.py's fixed rule, not tuned here).
CONTAINMENT_WD, CONTAINMENT_PD = 0.5, 0.2
#: Sizes of real prose for the cost ratio (characters; the second is twice the first).
GROWTH_CHARS = 100_000
GROWTH_RUNS = 3
EPS = 1e-9
#: One thread for numeric libraries, in the children and (run as a script) here.
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "NUMEXPR_NUM_THREADS": "1", "RAYON_NUM_THREADS": "1",
              "TOKENIZERS_PARALLELISM": "false"}

# ---------------------------------------------------------------- the flagship gold
#
# Seed 001 (Rudaw) is the source, seed 000 its rewrite. Read by hand, sentence by
# sentence: what 001 states in its body that 000 states nowhere (a fact is "dropped"
# only when the copy states it nowhere, README "facts"). Each entry: (kind, words that
# the reported fact's text must contain). The dateline ("ERBIL, Kurdistan Region") and
# the page's own date (24-09-2025) are not body claims and are left out.
FLAGSHIP_DROPPED: tuple[tuple[str, str], ...] = (
    ("quantity", "89 countries"),  # "which consists of over 89 countries ..."
    ("date", "October 2014"),  # "operations in Iraq began in October 2014" (000: "formed
    #                            in 2014" only, which 001 states too)
    ("date", "mid-2025"),  # "As of mid-2025, the US maintains ..."
    ("quantity", "2,500 troops"),  # "... around 2,500 troops in Iraq"
    ("name", "Barack Obama"),  # "under then US President Barack Obama"
    ("name", "Ain al-Asad"),  # "withdraw from Baghdad and Ain al-Asad airbase"
)
#: Stated in both, but changed: (kind, change, words of the source's fact text).
FLAGSHIP_CHANGED: tuple[tuple[str, str, str], ...] = (
    ("date", "hedge", "September 2026"),  # "conclude in September 2026" -> "by September 2026"
)
#: Stated in both the same way: reporting any of these as divergent is a false divergence.
FLAGSHIP_KEPT: tuple[tuple[str, str], ...] = (
    ("date", "2017"), ("date", "September 2025"), ("quantity", "two joint brigades"),
    ("quantity", "five joint operations"), ("name", "Muhammadawi"), ("name", "Kirkuk"),
    ("name", "Nineveh"), ("name", "Diyala"), ("name", "Anbar"), ("name", "Peshmerga"),
)


# ---------------------------------------------------------------- figures


@dataclass(frozen=True)
class Spec:
    """A figure the script measures, with the defaults a first ``--record`` writes
    (an existing record keeps its own tolerance, direction and guard)."""

    name: str
    better: str  # "higher" or "lower"
    tolerance: float
    what: str
    guarded: bool = True
    noisy: bool = False
    """Timing: moves within tolerance are expected and never ask for a new record."""


SPECS: tuple[Spec, ...] = (
    Spec("flagship.verdict", "higher", 0.0,
         "1 when compare 001 000 says rewrite, a->b (the source is 001)"),
    Spec("flagship.dropped_recall", "higher", 0.0,
         "gold dropped facts reported as dropped (FLAGSHIP_DROPPED)"),
    Spec("flagship.divergence_recall", "higher", 0.0,
         "gold divergences (dropped and changed) reported as a divergence of any kind"),
    Spec("flagship.divergence_precision", "higher", 0.0,
         "reported divergences (dropped, added, changed but not qualified) that are gold"),
    Spec("flagship.false_divergences", "lower", 0.0,
         "FLAGSHIP_KEPT facts reported as divergent"),
    Spec("meter.derived_precision", "higher", 0.04,
         "METER sample through index add/scan/report: derived (WD/PD) precision"),
    Spec("meter.derived_recall", "higher", 0.05, "same, derived recall"),
    Spec("meter.derived_f1", "higher", 0.03, "same, derived F1"),
    Spec("meter.three_way_macro_f1", "higher", 0.05, "same, WD/PD/ND macro F1"),
    Spec("meter.direction_right", "higher", 0.04,
         "same, share of the articles' strongest derivation edges naming the PA text "
         "the source"),
    Spec("meter.baseline_containment_derived_f1", "higher", 0.0,
         "word 3-gram containment >= 0.2, derived F1 on the same articles (context)",
         guarded=False),
    Spec("meter.baseline_containment_macro_f1", "higher", 0.0,
         "word 3-gram containment cuts 0.5/0.2, WD/PD/ND macro F1 (context)",
         guarded=False),
    Spec("cs.four_class_accuracy", "higher", 0.018,
         "Clough & Stevenson dev, 57 answers, compare(source, answer): 4-class accuracy"),
    Spec("cs.derived_accuracy", "higher", 0.018, "same, derived / not derived accuracy"),
    Spec("cs.four_class_accuracy_fast", "higher", 0.018, "same, --fast, 4-class accuracy"),
    Spec("cs.derived_accuracy_fast", "higher", 0.018, "same, --fast, derived accuracy"),
    Spec("cost.scan_candidates", "lower", 8,
         "METER sample scan: candidate pairs (deterministic work count)"),
    Spec("cost.scan_full_compares", "lower", 6,
         "METER sample scan: pairs compared in full (after the reuse pre-filter)"),
    Spec("cost.compare_fast_calls_doubling", "lower", 0.1,
         "Python calls of compare(seed, 2x text, fast) / compare(seed, 1x text, fast)"),
    Spec("cost.compare_fast_cpu_doubling", "lower", 1.0,
         "CPU time of compare(seed, 2x text, fast) / compare(seed, 1x text, fast)",
         noisy=True),
)
SPEC = {s.name: s for s in SPECS}


@dataclass
class Measurement:
    values: dict[str, float | None] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)
    sample: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    """Part -> the error that stopped it."""
    provcheck: str = ""

    def put(self, name: str, value: float | None, detail: str = "") -> None:
        self.values[name] = None if value is None else round(float(value), 4)
        if detail:
            self.details[name] = detail


def ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def prf(truth: Sequence[bool], pred: Sequence[bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class (0 with nothing to divide by)."""
    tp = sum(1 for t, p in zip(truth, pred, strict=True) if t and p)
    fp = sum(1 for t, p in zip(truth, pred, strict=True) if p and not t)
    fn = sum(1 for t, p in zip(truth, pred, strict=True) if t and not p)
    return ratio(tp, tp + fp), ratio(tp, tp + fn), ratio(2 * tp, 2 * tp + fp + fn)


def macro_f1(truth: Sequence[str], pred: Sequence[str],
             labels: Sequence[str] = ("WD", "PD", "ND")) -> float:
    """Mean F1 over ``labels`` (every label counts, present or not)."""
    f1s = []
    for lab in labels:
        f1s.append(prf([t == lab for t in truth], [p == lab for p in pred])[2])
    return sum(f1s) / len(f1s)


def measured_checkout() -> Path:
    """The folder holding the provcheck package this process imports (a scratch copy
    named on PYTHONPATH, else this checkout): the children run the same code."""
    import provcheck

    return Path(provcheck.__file__).resolve().parent.parent


def child_env() -> dict[str, str]:
    """The environment of the CLI children: one thread, the measured checkout first."""
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    path = os.pathsep.join([str(measured_checkout()), *paths])
    return {**ONE_THREAD, **os.environ, "PYTHONPATH": path}


def cli(*args: str, cwd: Path) -> str:
    """Run ``provcheck ARGS`` in a child process; its stdout (fails on a non-zero exit)."""
    proc = subprocess.run([sys.executable, *CLI, *args], cwd=cwd, env=child_env(),
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"provcheck {' '.join(args)} exited {proc.returncode}:\n"
                           f"{proc.stderr[-3000:]}")
    return proc.stdout


# ---------------------------------------------------------------- flagship


def _fact_text(f: dict[str, Any]) -> str:
    return str(f.get("text") or "")


def _has(facts: Iterable[dict[str, Any]], kind: str, words: str) -> bool:
    return any(f.get("kind") == kind and words.lower() in _fact_text(f).lower()
               for f in facts)


def measure_flagship(m: Measurement) -> None:
    (a,) = sorted(SEEDS.glob("001_*.txt"))
    (b,) = sorted(SEEDS.glob("000_*.txt"))
    out = json.loads(cli("compare", "--format", "json", str(a.relative_to(ROOT)),
                         str(b.relative_to(ROOT)), cwd=ROOT))
    right = out.get("relation") == "rewrite" and out.get("direction") == "a->b"
    m.put("flagship.verdict", 1.0 if right else 0.0,
          f"{out.get('relation')} {out.get('direction')}")
    facts = out.get("facts") or {}
    dropped = list(facts.get("dropped") or [])
    added = list(facts.get("added") or [])
    changed = list(facts.get("changed") or [])
    divergent_changes = [c for c in changed if c.get("change") != "qualified"]

    hit = [(k, w) for k, w in FLAGSHIP_DROPPED if _has(dropped, k, w)]
    miss = [w for k, w in FLAGSHIP_DROPPED if (k, w) not in hit]
    how = []
    for w in miss:
        seen = [f"{c.get('change')}" for c in changed
                if w.lower() in _fact_text(c.get("a") or {}).lower()]
        how.append(f"{w!r}: {'changed (' + seen[0] + ')' if seen else 'not reported'}")
    m.put("flagship.dropped_recall", ratio(len(hit), len(FLAGSHIP_DROPPED)),
          f"{len(hit)}/{len(FLAGSHIP_DROPPED)}" + (f"; missed {', '.join(how)}" if how else ""))

    # any divergence: dropped, or changed other than qualified (on the source's text)
    def diverges(kind: str, words: str) -> bool:
        return _has(dropped, kind, words) or any(
            c.get("kind") == kind and words.lower() in _fact_text(c.get("a") or {}).lower()
            for c in divergent_changes)

    gold_div = [(k, w) for k, w in FLAGSHIP_DROPPED] + [(k, w) for k, _, w in FLAGSHIP_CHANGED]
    found = sum(diverges(k, w) for k, w in gold_div)
    m.put("flagship.divergence_recall", ratio(found, len(gold_div)),
          f"{found}/{len(gold_div)}")

    def is_gold(f: dict[str, Any], gold: Iterable[tuple[str, str]]) -> bool:
        return any(f.get("kind") == k and w.lower() in _fact_text(f).lower() for k, w in gold)

    reported = ([("dropped", f) for f in dropped] + [("added", f) for f in added]
                + [("changed", c.get("a") or c.get("b") or {}) for c in divergent_changes])
    good = sum(1 for what, f in reported
               if (what == "dropped" and is_gold(f, FLAGSHIP_DROPPED))
               or (what == "changed" and is_gold(f, [(k, w) for k, _, w in FLAGSHIP_CHANGED])))
    wrong = [f"{what} {_fact_text(f)!r}" for what, f in reported
             if not ((what == "dropped" and is_gold(f, FLAGSHIP_DROPPED))
                     or (what == "changed"
                         and is_gold(f, [(k, w) for k, _, w in FLAGSHIP_CHANGED])))]
    m.put("flagship.divergence_precision", ratio(good, len(reported)) if reported else 1.0,
          f"{good}/{len(reported)}" + (f"; not gold: {', '.join(wrong)}" if wrong else ""))
    every = dropped + added + [x for c in divergent_changes
                               for x in (c.get("a") or {}, c.get("b") or {})]
    false = [w for k, w in FLAGSHIP_KEPT if _has(every, k, w)]
    m.put("flagship.false_divergences", float(len(false)),
          f"{len(false)}/{len(FLAGSHIP_KEPT)}" + (f": {', '.join(false)}" if false else ""))


# ---------------------------------------------------------------- METER


Story = tuple[str, str, str]


@dataclass(frozen=True)
class Article:
    file: str
    story: Story
    pa: tuple[str, ...]
    label: str


def meter_sample() -> tuple[list[Story], list[Article]]:
    """The fixed sample: labelled stories with all three labels and at most two PA
    texts, sorted by (domain, date, catchline); their labelled articles, sorted."""
    with (METER / "derivation-labels.csv").open(encoding="utf-8") as fh:
        labels = {r["newspaper_file"]: r["label"] for r in csv.DictReader(fh)}
    with (METER / "story_index.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["newspaper_file"] in labels]
    by_story: dict[Story, list[Article]] = {}
    for r in rows:
        story = (r["domain"], r["date"], r["catchline"])
        pa = tuple(sorted(p for p in r["pa_source_files"].split(";") if p))
        by_story.setdefault(story, []).append(
            Article(r["newspaper_file"], story, pa, labels[r["newspaper_file"]]))
    stories = sorted(
        s for s, arts in by_story.items()
        if {a.label for a in arts} == {"WD", "PD", "ND"}
        and len({p for a in arts for p in a.pa}) <= 2
    )
    arts = sorted((a for s in stories for a in by_story[s]), key=lambda a: (a.story, a.file))
    return stories, arts


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _trigrams(text: str) -> set[tuple[str, ...]]:
    w = _words(text)
    return {tuple(w[i:i + 3]) for i in range(len(w) - 2)}


def measure_meter(m: Measurement, work: Path) -> None:
    import provcheck

    stories, arts = meter_sample()
    m.sample["meter_stories"] = ["/".join(s) for s in stories]
    m.sample["meter_articles"] = len(arts)
    files = sorted({a.file for a in arts} | {p for a in arts for p in a.pa})
    first: dict[str, str] = {}
    twin: dict[str, str] = {}
    for name in files:
        text = (METER / name).read_bytes().decode("latin-1")
        dst = work / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_text(text, encoding="utf-8")
        twin[name] = first.setdefault(hashlib.blake2b(text.encode()).hexdigest(), name)
    m.sample["meter_texts"] = len(files)

    db, report = work / "figures.db", work / "report.json"
    t0 = time.perf_counter()
    cli("index", "add", "PA", "newspapers", "--db", str(db), "--no-progress", cwd=work)
    scan_out = cli("scan", "--db", str(db), "--workers", "1", "--no-progress", cwd=work)
    cli("report", "--db", str(db), "--format", "json", "--output", str(report),
        "--no-progress", cwd=work)
    m.seconds["meter (index add, scan, report)"] = time.perf_counter() - t0

    counts = re.search(r"(\d+) candidates\b.*?(\d+) compared in full", scan_out, re.S)
    if counts:
        m.put("cost.scan_candidates", int(counts[1]), "from scan's summary line")
        m.put("cost.scan_full_compares", int(counts[2]), counts[0].replace("\n", " "))
    else:
        m.put("cost.scan_candidates", None, f"not found in scan's output: {scan_out!r}")
        m.put("cost.scan_full_compares", None, "not found in scan's output")

    rep = json.loads(report.read_text(encoding="utf-8"))
    edges: dict[frozenset[str], list[dict[str, Any]]] = {}
    for e in rep.get("edges", []):
        if e.get("relation") in DERIVED:
            edges.setdefault(frozenset((e["a"], e["b"])), []).append(e)

    truth3, pred3, base3 = [], [], []
    right = judged = 0
    base_scores = []
    for art in arts:
        me = twin[art.file]
        best: tuple[float, str, str] | None = None  # (score, relation, source side)
        for pa in art.pa:
            other = twin[pa]
            if other == me:  # the same text: the index holds it once
                best = max(best or (-1.0, "", ""), (2.0, "reprint", "pa"))
                continue
            for e in edges.get(frozenset((me, other)), []):
                src = ("pa" if (e["a"] == other) == (e.get("direction") == "a->b")
                       else "news") if e.get("direction") in ("a->b", "b->a") else "unknown"
                cand = (float(e.get("score") or 0.0), e["relation"], src)
                if best is None or cand[0] > best[0]:
                    best = cand
        label = "ND" if best is None else "WD" if best[1] in WHOLE else "PD"
        truth3.append(art.label)
        pred3.append(label)
        if best is not None:
            judged += 1
            right += best[2] == "pa"
        news = provcheck.normalize(work / art.file)
        union: set[tuple[str, ...]] = set()
        for pa in art.pa:
            union |= _trigrams(provcheck.normalize(work / pa).body)
        mine = _trigrams(news.body)
        c = ratio(len(mine & union), len(mine))
        base_scores.append(c)
        base3.append("WD" if c >= CONTAINMENT_WD else "PD" if c >= CONTAINMENT_PD else "ND")

    truth = [t != "ND" for t in truth3]
    pred = [p != "ND" for p in pred3]
    p, r, f = prf(truth, pred)
    tp = sum(t and q for t, q in zip(truth, pred, strict=True))
    m.put("meter.derived_precision", p, f"{tp}/{sum(pred)}")
    m.put("meter.derived_recall", r, f"{tp}/{sum(truth)}")
    m.put("meter.derived_f1", f, f"{len(arts)} articles: "
          + ", ".join(f"{lab} {truth3.count(lab)}" for lab in ("WD", "PD", "ND")))
    m.put("meter.three_way_macro_f1", macro_f1(truth3, pred3))
    m.put("meter.direction_right", ratio(right, judged), f"{right}/{judged}")
    bp, br, bf = prf(truth, [b != "ND" for b in base3])
    m.put("meter.baseline_containment_derived_f1", bf, f"P {bp:.3f}, R {br:.3f}")
    m.put("meter.baseline_containment_macro_f1", macro_f1(truth3, base3))


# ---------------------------------------------------------------- Clough & Stevenson


def measure_cs(m: Measurement) -> None:
    import provcheck

    items = evaldata.clough_stevenson()
    m.sample["cs_answers"] = len(items)
    docs: dict[str, Any] = {}

    def doc(name: str) -> Any:
        if name not in docs:
            docs[name] = provcheck.normalize(evaldata.cs_path(name))
        return docs[name]

    for fast, suffix in ((False, ""), (True, "_fast")):
        t0 = time.perf_counter()
        four = binary = 0
        for it in items:
            rel = provcheck.compare(doc(it.source), doc(it.file), fast=fast,
                                    facts=False).relation
            want = evaldata.CS_EXPECTED[it.category]
            got = rel if rel in DERIVED else "not derived"
            four += got == want
            binary += (got != "not derived") == (want != "not derived")
        m.seconds[f"cs{suffix or ' semantic'}"] = time.perf_counter() - t0
        m.put(f"cs.four_class_accuracy{suffix}", ratio(four, len(items)),
              f"{four}/{len(items)}")
        m.put(f"cs.derived_accuracy{suffix}", ratio(binary, len(items)),
              f"{binary}/{len(items)}")


# ---------------------------------------------------------------- cost


def growth_text(chars: int) -> str:
    """Real prose: METER's newspaper then PA texts in sorted order, joined, cut."""
    parts: list[str] = []
    total = 0
    for folder in ("newspapers", "PA"):
        for f in sorted((METER / folder).rglob("*.txt")):
            t = f.read_bytes().decode("latin-1")
            parts.append(t)
            total += len(t) + 2
            if total >= chars:
                return "\n\n".join(parts)[:chars]
    raise RuntimeError(f"METER holds less than {chars} characters of text")


def _calls(fn: Callable[[], object]) -> int:
    """Python function calls made by ``fn()`` (cProfile's count: deterministic)."""
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    try:
        fn()
    finally:
        prof.disable()
    return int(pstats.Stats(prof).total_calls)  # type: ignore[attr-defined]


def measure_cost(m: Measurement) -> None:
    import gc

    import provcheck

    t0 = time.perf_counter()
    (seed,) = sorted(SEEDS.glob("001_*.txt"))
    source = provcheck.normalize(seed)  # one Document: its own work is done once
    provcheck.compare(source, growth_text(20_000), fast=True)  # warm-up: imports, caches

    # work count: Python calls on 2x against 1x input (the same on every machine)
    half = GROWTH_CHARS // 2
    x1, x2 = growth_text(half), growth_text(2 * half)
    one = _calls(lambda: provcheck.compare(source, x1, fast=True))
    two = _calls(lambda: provcheck.compare(source, x2, fast=True))
    m.put("cost.compare_fast_calls_doubling", round(two / one, 2),  # not refactors' noise
          f"{one:,} -> {two:,} Python calls ({half // 1000}k -> {2 * half // 1000}k chars)")

    # CPU time on 2x against 1x input, least of GROWTH_RUNS each, interleaved
    small, big = growth_text(GROWTH_CHARS), growth_text(2 * GROWTH_CHARS)
    cpu: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(GROWTH_RUNS):
        for k, text in ((1, small), (2, big)):
            gc.collect()
            gc.disable()
            try:
                c0 = time.process_time()
                provcheck.compare(source, text, fast=True)
                cpu[k].append(time.process_time() - c0)
            finally:
                gc.enable()
    t1, t2 = min(cpu[1]), min(cpu[2])
    m.put("cost.compare_fast_cpu_doubling", t2 / t1 if t1 else None,
          f"{t1:.2f} s -> {t2:.2f} s CPU ({GROWTH_CHARS // 1000}k -> "
          f"{2 * GROWTH_CHARS // 1000}k chars, least of {GROWTH_RUNS})")
    m.seconds["cost (compare --fast growth)"] = time.perf_counter() - t0


# ---------------------------------------------------------------- run and check


def measure() -> Measurement:
    """Every part; a part that fails is reported in ``errors`` (its figures are then
    missing, which the check fails on) and the others still run."""
    import provcheck

    m = Measurement(provcheck=str(Path(provcheck.__file__).resolve().parent))
    if measured_checkout() != ROOT:
        m.provcheck += f" (not this checkout, {ROOT})"
    steps: dict[str, Callable[[], None]] = {
        "flagship": lambda: measure_flagship(m),
        "cs": lambda: measure_cs(m),
        "cost": lambda: measure_cost(m),
    }
    for part in ("flagship", "meter", "cs", "cost"):
        t0 = time.perf_counter()
        try:
            if part == "meter":
                with tempfile.TemporaryDirectory(prefix="provcheck-figures-") as tmp:
                    measure_meter(m, Path(tmp))
            else:
                steps[part]()
        except Exception as e:  # reported; its figures then fail as missing
            m.errors[part] = f"{type(e).__name__}: {e}"
        m.seconds.setdefault(part, time.perf_counter() - t0)
    return m


def load_record(path: Path = RECORD) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return record


@dataclass(frozen=True)
class Row:
    name: str
    recorded: float | None
    measured: float | None
    tolerance: float | None
    better: str
    status: str  # ok, moved, better, WORSE, MISSING, new, info, SAMPLE
    detail: str = ""

    @property
    def fails(self) -> bool:
        return self.status in ("WORSE", "MISSING", "SAMPLE")


def check(m: Measurement, record: dict[str, Any]) -> list[Row]:
    """One row per figure, recorded or measured."""
    rows: list[Row] = []
    figs: dict[str, Any] = record.get("figures", {})
    for key, want in record.get("sample", {}).items():
        got = m.sample.get(key)
        if got is not None and got != want:
            rows.append(Row(f"sample.{key}", None, None, None, "", "SAMPLE",
                            f"recorded {want!r}, now {got!r}: figures are not comparable"))
    for name in [*figs, *(n for n in m.values if n not in figs)]:
        got = m.values.get(name)
        detail = m.details.get(name, "")
        if name not in figs:
            spec = SPEC.get(name)
            rows.append(Row(name, None, got, spec.tolerance if spec else None,
                            spec.better if spec else "", "new", detail))
            continue
        rec = figs[name]
        value, tol, better = rec["value"], float(rec["tolerance"]), rec["better"]
        if got is None:
            why = detail or "; ".join(f"{k}: {v}" for k, v in m.errors.items())
            rows.append(Row(name, value, None, tol, better, "MISSING",
                            why or "no longer measured"))
            continue
        delta = got - value if better == "higher" else value - got  # > 0: better
        if not rec.get("guarded", True):
            status = "info" if abs(got - value) <= EPS else "info (moved)"
        elif delta < -tol - EPS:
            status = "WORSE"
        elif rec.get("noisy", False):
            status = "ok (noisy)"
        elif delta > EPS:
            status = "better"
        elif delta < -EPS:
            status = "moved"
        else:
            status = "ok"
        rows.append(Row(name, value, got, tol, better, status, detail))
    return rows


def new_record(m: Measurement, old: dict[str, Any] | None) -> dict[str, Any]:
    """The record of ``m``: values measured now; tolerance, direction and guard kept
    from ``old`` where it has the figure, else the script's defaults."""
    old_figs = (old or {}).get("figures", {})
    figs: dict[str, Any] = {}
    for name, value in m.values.items():
        spec = SPEC[name]
        prev = old_figs.get(name, {})
        figs[name] = {
            "value": value,
            "tolerance": prev.get("tolerance", spec.tolerance),
            "better": prev.get("better", spec.better),
            "guarded": prev.get("guarded", spec.guarded),
            "noisy": prev.get("noisy", spec.noisy),
            "what": spec.what,
        }
        if m.details.get(name):
            figs[name]["detail"] = m.details[name]
    return {
        "about": "Guarded figures: python benchmarks/figures.py checks them, "
                 "--record rewrites this file; docs/figures.md says why and how.",
        "sample": m.sample,
        "figures": figs,
    }


def _fmt(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.4f}".rstrip("0").rstrip(".") if x != int(x) else f"{int(x)}"


def table(rows: Sequence[Row]) -> str:
    head = ("figure", "recorded", "measured", "tolerance", "better", "status")
    cells = [head] + [(r.name, _fmt(r.recorded), _fmt(r.measured), _fmt(r.tolerance),
                       r.better, r.status) for r in rows]
    width = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["  ".join(c[i].ljust(width[i]) for i in range(len(head))).rstrip()
             for c in cells]
    lines.insert(1, "  ".join("-" * w for w in width))
    for r in rows:
        if r.detail:
            lines.append(f"  {r.name}: {r.detail}")
    return "\n".join(lines)


def failures(rows: Sequence[Row]) -> list[str]:
    return [f"{r.name}: recorded {_fmt(r.recorded)}, measured {_fmt(r.measured)} "
            f"(tolerance {_fmt(r.tolerance)}, {r.better} is better): {r.status}"
            + (f" [{r.detail}]" if r.detail else "") for r in rows if r.fails]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--record", action="store_true",
                    help="rewrite benchmarks/figures.json from this measurement")
    ap.add_argument("--json", type=Path, default=None, help="also write the measurement")
    args = ap.parse_args(argv)
    if not evaldata.available():
        print(f"skipped: {evaldata.DEV} is absent (the evaluation data sits in "
              "../shared/eval)")
        return 0
    t0 = time.perf_counter()
    m = measure()
    total = time.perf_counter() - t0
    print(f"provcheck measured: {m.provcheck}")
    print("sample: " + "; ".join(f"{k} {v if not isinstance(v, list) else len(v)}"
                                 for k, v in m.sample.items()))
    print("took " + ", ".join(f"{k} {v:.1f} s" for k, v in m.seconds.items())
          + f"; {total:.1f} s in all")
    for part, err in m.errors.items():
        print(f"ERROR in {part}: {err}")
    if args.json:
        args.json.write_text(json.dumps({"values": m.values, "details": m.details,
                                         "sample": m.sample, "seconds": m.seconds},
                                        indent=2) + "\n", encoding="utf-8")
    old = load_record() if RECORD.exists() else None
    if args.record and m.errors:
        print("not recorded: a part failed")
        return 1
    if args.record:
        RECORD.write_text(json.dumps(new_record(m, old), indent=2) + "\n", encoding="utf-8")
        print(f"recorded: {RECORD.relative_to(ROOT)} (commit it: the change is the decision)")
        if old is None:
            return 0
        print("against the previous record:")
        print(table(check(m, old)))
        return 0
    if old is None:
        print(f"no record at {RECORD}; run with --record")
        return 1
    rows = check(m, old)
    print(table(rows))
    bad = failures(rows)
    raised = [r.name for r in rows if r.status == "better"]
    if raised:
        print(f"\nbetter than recorded: {', '.join(raised)}; the record may be raised "
              "(python benchmarks/figures.py --record, then commit figures.json)")
    if bad:
        print("\nWORSE than recorded beyond tolerance:\n  " + "\n  ".join(bad))
        return 1
    print("\nall guarded figures hold")
    return 0


if __name__ == "__main__":
    for _k, _v in ONE_THREAD.items():  # before numpy loads (provcheck is imported later)
        os.environ.setdefault(_k, _v)
    raise SystemExit(main())
