"""provcheck on METER's labelled half: the baseline for "verdicts that hold on real news".

    python benchmarks/meter.py                # semantic mode, every labelled article
    python benchmarks/meter.py --fast         # lexical mode
    python benchmarks/meter.py --limit 40     # the first 40 labelled articles only
    python benchmarks/meter.py --stories 0    # same-story part over every labelled story

METER (../shared/eval/dev/meter, see its README): Press Association wire copy and UK
newspaper articles on the same stories; each labelled newspaper article is WD (wholly
derived from the PA copy), PD (partially derived) or ND (not derived). The PA text
always came first. Prints one Markdown section:

1. 3-way macro F1 per newspaper article. Its prediction is the relation of the
   ``compare(pa, newspaper)`` most likely derived (highest score) over its story's PA
   texts: reprint/edited/rewrite -> WD, partial -> PD, related/unrelated -> ND. The
   decisions were fitted on these same articles (tools/fit_decisions.py, which prints
   the leave-one-story-out figures): these are in-sample figures. Per-class
   precision/recall/F1, confusion.
2. Derived (WD or PD) against not derived (ND): precision, recall, F1.
3. The word 3-gram containment baseline (the newspaper text's 3-grams in the union of
   its story's PA texts): the fixed rule WD >= 0.5, PD >= 0.2; the best cuts on these
   articles; leave-one-story-out cuts (story = domain, date, catchline).
4. Direction of the (PA, newspaper) pairs judged derived: PA named the source (right),
   the newspaper named the source (wrong), or ``unknown``.
5. Same story: ``build_report`` over every file of the first ``--stories`` stories (by
   sorted key), its clusters against the story folders by the Adjusted Rand Index,
   and the largest cluster's size and how many stories it spans.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sys
import time
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from math import comb
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaldata

import provcheck
from provcheck.language.text import shingles, words
from provcheck.models import RELATIONS, Comparison

METER = evaldata.DEV / "meter"
LABELS = ("WD", "PD", "ND")
#: provcheck relation -> METER label.
TO_LABEL = {"reprint": "WD", "edited": "WD", "rewrite": "WD", "partial": "PD",
            "related": "ND", "unrelated": "ND"}
#: The fixed containment rule (cuts of the literature's usual size, not tuned here).
FIXED_WD, FIXED_PD = 0.5, 0.2
#: Candidate cuts for the tuned containment baseline.
CUTS = np.round(np.arange(0.01, 1.0, 0.01), 2)

Story = tuple[str, str, str]


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class Article:
    file: str
    """Path under METER, as in ``story_index.csv``."""
    newspaper: str
    story: Story
    pa: tuple[str, ...]
    label: str


def articles(folder: Path = METER) -> list[Article]:
    """The labelled newspaper articles, sorted by story key then file."""
    with (folder / "derivation-labels.csv").open(encoding="utf-8") as fh:
        labels = {r["newspaper_file"]: r["label"] for r in csv.DictReader(fh)}
    with (folder / "story_index.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = [
        Article(r["newspaper_file"], r["newspaper"], (r["domain"], r["date"], r["catchline"]),
                tuple(p for p in r["pa_source_files"].split(";") if p),
                labels[r["newspaper_file"]])
        for r in rows
        if r["newspaper_file"] in labels
    ]
    return sorted(out, key=lambda a: (a.story, a.file))


class Docs:
    """``provcheck.normalize`` once per file; None for a file it cannot read."""

    def __init__(self, folder: Path = METER) -> None:
        self.folder = folder
        self.cache: dict[str, provcheck.Document | None] = {}
        self.skipped: dict[str, str] = {}
        self.seconds = 0.0

    def __call__(self, name: str) -> provcheck.Document | None:
        if name not in self.cache:
            t0 = time.perf_counter()
            try:
                self.cache[name] = provcheck.normalize(self.folder / name)
            except provcheck.InputError as e:
                self.cache[name] = None
                self.skipped[name] = str(e)
            self.seconds += time.perf_counter() - t0
        return self.cache[name]


# ---------------------------------------------------------------- metrics


def confusion(truth: Sequence[str], pred: Sequence[str],
              labels: Sequence[str] = LABELS) -> np.ndarray:
    """Counts, rows the true label, columns the predicted one (in ``labels`` order)."""
    pos = {x: k for k, x in enumerate(labels)}
    out = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for t, p in zip(truth, pred, strict=True):
        out[pos[t], pos[p]] += 1
    return out


def class_scores(conf: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-class precision, recall and F1 of confusion matrices (over the last two axes;
    any leading axes are kept). A score with nothing to divide by is 0."""
    tp = np.diagonal(conf, axis1=-2, axis2=-1).astype(np.float64)
    predicted = conf.sum(axis=-2)
    actual = conf.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(predicted > 0, tp / predicted, 0.0)
        recall = np.where(actual > 0, tp / actual, 0.0)
        denom = predicted + actual
        f1 = np.where(denom > 0, 2 * tp / denom, 0.0)
    return precision, recall, f1


def macro_f1_of(conf: np.ndarray) -> np.ndarray | float:
    """Mean F1 over the classes (every class counts, present or not)."""
    return class_scores(conf)[2].mean(axis=-1)


def macro_f1(truth: Sequence[str], pred: Sequence[str], labels: Sequence[str] = LABELS) -> float:
    return float(macro_f1_of(confusion(truth, pred, labels)))


def binary_prf(truth: Sequence[bool], pred: Sequence[bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class."""
    tp = sum(1 for t, p in zip(truth, pred, strict=True) if t and p)
    fp = sum(1 for t, p in zip(truth, pred, strict=True) if p and not t)
    fn = sum(1 for t, p in zip(truth, pred, strict=True) if t and not p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return precision, recall, f1


def adjusted_rand_index(truth: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """Adjusted Rand Index of two labellings of the same items (Hubert & Arabie 1985).

    1 for the same partition (whatever the names), about 0 for a chance one. When both
    partitions are trivial in the same way (all one group, or all singletons) it is 1.
    """
    if len(truth) != len(pred):
        raise ValueError("the two labellings must cover the same items")
    n = len(truth)
    joint = Counter(zip(truth, pred, strict=True))
    index = sum(comb(c, 2) for c in joint.values())
    sum_a = sum(comb(c, 2) for c in Counter(truth).values())
    sum_b = sum(comb(c, 2) for c in Counter(pred).values())
    pairs = comb(n, 2)
    expected = sum_a * sum_b / pairs if pairs else 0.0
    top = (sum_a + sum_b) / 2
    if top == expected:
        return 1.0
    return (index - expected) / (top - expected)


# ---------------------------------------------------------------- provcheck


def to_label(relation: str) -> str:
    return TO_LABEL[relation]


def strongest(comparisons: Sequence[Comparison]) -> Comparison:
    """The comparison most likely derived: a derived one first, then the highest score
    (the calibrated probability of derivation)."""
    return max(comparisons, key=lambda c: (c.verdict.derived, c.score))


@dataclass(frozen=True)
class Result:
    article: Article
    relation: str
    """The strongest relation over the story's PA texts (``unrelated`` with none read)."""
    directions: tuple[tuple[str, str], ...]
    """(relation, direction) of each (PA, newspaper) pair."""
    containment: float
    """Word 3-gram containment of the newspaper text in the union of the PA texts."""

    @property
    def predicted(self) -> str:
        return to_label(self.relation)


def containment_in_union(doc: provcheck.Document, sources: Sequence[provcheck.Document],
                         n: int = 3) -> float:
    """Share of ``doc``'s word n-grams found in any of ``sources``."""
    mine = shingles(words(doc.body), n)
    if not mine:
        return 0.0
    union: set[tuple[str, ...]] = set()
    for s in sources:
        union |= shingles(words(s.body), n)
    return len(mine & union) / len(mine)


def run_articles(items: Sequence[Article], docs: Docs, fast: bool) -> tuple[list[Result], float]:
    out = []
    seconds = 0.0
    for art in items:
        news = docs(art.file)
        if news is None:
            continue
        pas = [d for d in (docs(p) for p in art.pa) if d is not None]
        t0 = time.perf_counter()
        comps = [provcheck.compare(pa, news, fast=fast, facts=False) for pa in pas]
        seconds += time.perf_counter() - t0
        relation = strongest(comps).relation if comps else "unrelated"
        out.append(Result(art, relation, tuple((c.relation, c.direction) for c in comps),
                          containment_in_union(news, pas)))
    return out, seconds


# ---------------------------------------------------------------- containment baseline


def cut_label(score: float, wd: float = FIXED_WD, pd: float = FIXED_PD) -> str:
    return "WD" if score >= wd else "PD" if score >= pd else "ND"


@dataclass(frozen=True)
class Tuned:
    best: tuple[float, ...]
    """The cuts that score best on all the articles."""
    best_score: float
    best_confusion: np.ndarray
    cv_score: float
    """The score of leave-one-story-out cuts, pooled over the held-out stories."""
    cv_confusion: np.ndarray
    cv_cuts: tuple[tuple[float, ...], ...]
    """The cuts each held-out story got, one per story."""


def _grid_confusions(pred: np.ndarray, truth: np.ndarray, groups: np.ndarray,
                     k: int, n_groups: int) -> np.ndarray:
    """``[group, grid point, true, predicted]`` counts for predictions ``pred[grid, item]``."""
    g = pred.shape[0]
    flat = ((groups[None, :] * g + np.arange(g)[:, None]) * k + truth[None, :]) * k + pred
    counts = np.bincount(flat.ravel(), minlength=n_groups * g * k * k)
    return counts.reshape(n_groups, g, k, k)


def _tune(pred: np.ndarray, cuts: list[tuple[float, ...]], truth: np.ndarray,
          groups: np.ndarray, k: int, measure) -> Tuned:
    n_groups = int(groups.max()) + 1
    per = _grid_confusions(pred, truth, groups, k, n_groups)
    total = per.sum(axis=0)
    scores = measure(total)
    best = int(np.argmax(scores))
    pooled = np.zeros((k, k), dtype=np.int64)
    chosen = []
    for s in range(n_groups):
        pick = int(np.argmax(measure(total - per[s])))
        pooled += per[s, pick]
        chosen.append(cuts[pick])
    return Tuned(cuts[best], float(scores[best]), total[best], float(measure(pooled)), pooled,
                 tuple(chosen))


def tune_three_way(scores: Sequence[float], truth: Sequence[str],
                   groups: Sequence[Hashable]) -> Tuned:
    """The (WD, PD) containment cuts with the best 3-way macro F1, on all the items and
    leaving each group (story) out in turn."""
    s = np.asarray(scores, dtype=np.float64)
    grid = [(wd, pd) for pd, wd in itertools.combinations(CUTS.tolist(), 2)]
    wd = np.asarray([g[0] for g in grid])[:, None]
    pd = np.asarray([g[1] for g in grid])[:, None]
    pred = np.where(s[None, :] >= wd, 0, np.where(s[None, :] >= pd, 1, 2))
    y = np.asarray([LABELS.index(t) for t in truth])
    return _tune(pred, grid, y, _group_ids(groups), 3, macro_f1_of)


def tune_derived(scores: Sequence[float], truth: Sequence[bool],
                 groups: Sequence[Hashable]) -> Tuned:
    """The containment cut with the best F1 of "derived", likewise."""
    s = np.asarray(scores, dtype=np.float64)
    grid = [(c,) for c in CUTS.tolist()]
    # class 0 = derived, 1 = not derived
    pred = np.where(s[None, :] >= CUTS[:, None], 0, 1)
    y = np.asarray([0 if t else 1 for t in truth])
    return _tune(pred, grid, y, _group_ids(groups), 2, lambda c: class_scores(c)[2][..., 0])


def _group_ids(groups: Sequence[Hashable]) -> np.ndarray:
    ids: dict[Hashable, int] = {}
    return np.asarray([ids.setdefault(g, len(ids)) for g in groups], dtype=np.int64)


# ---------------------------------------------------------------- same story


@dataclass(frozen=True)
class StoryResult:
    files: int
    stories: int
    clusters: int
    singletons: int
    ari: float
    largest: int
    largest_stories: int
    seconds: float
    links: Counter
    """(within or across stories, relation) of the compared pairs that are not unrelated:
    the links that join clusters."""


def story_files(items: Sequence[Article], n: int) -> dict[str, Story]:
    """Each file (newspaper and PA) of the first ``n`` stories (0: all) of ``items``,
    with its story."""
    keys = sorted({a.story for a in items})
    keys = keys[:n] if n else keys
    story_of: dict[str, Story] = {}
    for a in items:
        if a.story in keys:
            for name in (a.file, *a.pa):
                story_of.setdefault(name, a.story)
    return story_of


def run_stories(items: Sequence[Article], docs: Docs, fast: bool, n: int) -> StoryResult:
    """``build_report`` over every file of the first ``n`` stories (0: all) of ``items``."""
    from provcheck.collection.articles import strip_outlet_boilerplate
    from provcheck.collection.report import build_report

    story_of = story_files(items, n)
    by_path: dict[str, Story] = {}
    loaded = []
    for name, key in sorted(story_of.items()):
        d = docs(name)
        if d is not None and d.path:
            by_path[d.path] = key
            loaded.append(d)
    t0 = time.perf_counter()
    report = build_report(strip_outlet_boilerplate(loaded), fast=fast)
    seconds = time.perf_counter() - t0
    cluster_of = {x: k for k, c in enumerate(report.clusters) for x in c}
    ids = sorted(by_path)
    ari = adjusted_rand_index([by_path[x] for x in ids], [cluster_of[x] for x in ids])
    largest = max(report.clusters, key=len)
    links = Counter(("within" if by_path[x] == by_path[y] else "across", c.relation)
                    for (x, y), c in report.comparisons.items())
    return StoryResult(len(ids), len(set(by_path.values())), len(report.clusters),
                       sum(1 for c in report.clusters if len(c) == 1), ari, len(largest),
                       len({by_path[x] for x in largest}), seconds, links)


# ---------------------------------------------------------------- output


def _prf_table(conf: np.ndarray) -> list[str]:
    p, r, f = class_scores(conf)
    out = ["| class | articles | precision | recall | F1 |", "|---|---|---|---|---|"]
    for k, label in enumerate(LABELS):
        out.append(f"| {label} | {conf[k].sum()} | {p[k]:.3f} | {r[k]:.3f} | {f[k]:.3f} |")
    return out


def _matrix(rows: Sequence[str], cols: Sequence[str], counts: Counter) -> list[str]:
    out = ["| true \\ predicted | " + " | ".join(cols) + " |", "|" + "---|" * (len(cols) + 1)]
    for t in rows:
        out.append(f"| {t} | " + " | ".join(str(counts[(t, p)]) for p in cols) + " |")
    return out


def _derived(conf: np.ndarray) -> str:
    """Precision, recall and F1 of "derived" (class 0) from a 2 x 2 confusion."""
    return " | ".join(f"{x[0]:.3f}" for x in class_scores(conf))


def _cuts(c: tuple[float, ...]) -> str:
    return " / ".join(f"{x:.2f}" for x in c)


def _range(chosen: Sequence[tuple[float, ...]]) -> str:
    common, times = Counter(chosen).most_common(1)[0]
    return f"{_cuts(common)} in {times} of {len(chosen)} folds"


def section(results: Sequence[Result], fast: bool, story: StoryResult | None,
            docs: Docs, seconds: float, limited: bool) -> list[str]:
    mode = "fast" if fast else "semantic"
    truth = [r.article.label for r in results]
    pred = [r.predicted for r in results]
    stories = [r.article.story for r in results]
    pairs = sum(len(r.directions) for r in results)
    conf = confusion(truth, pred)
    scope = "first " if limited else ""
    out = [
        f"## METER, labelled half ({mode} mode, provcheck {provcheck.__version__})",
        "",
        f"{scope}{len(results)} newspaper articles of {len(set(stories))} stories, "
        f"{pairs} (PA, newspaper) pairs; labels {dict(Counter(truth))}.",
        "",
        "### Per article: WD / PD / ND",
        "",
        "Prediction: the relation of the `compare(pa, newspaper)` most likely derived "
        "(highest score) over the story's PA texts; reprint/edited/rewrite -> WD, partial "
        "-> PD, related/unrelated -> ND. In-sample: the shipped decisions were fitted on "
        "these articles; leave-one-story-out figures are in `tools/fit_decisions.py`'s "
        "output (docs/decisions.md).",
        "",
        f"**Macro F1 {macro_f1_of(conf):.3f}**, accuracy "
        f"{np.trace(conf) / max(conf.sum(), 1):.3f}.",
        "",
        *_prf_table(conf),
        "",
        *_matrix(LABELS, LABELS, Counter(zip(truth, pred, strict=True))),
        "",
        "Strongest relation by label:",
        "",
        *_matrix(LABELS, RELATIONS,
                 Counter((r.article.label, r.relation) for r in results)),
        "",
    ]
    # derived / not derived, provcheck and the containment baseline
    dtruth = [t != "ND" for t in truth]
    p, r, f = binary_prf(dtruth, [x != "ND" for x in pred])
    cont = [x.containment for x in results]
    fixed = [cut_label(c) for c in cont]
    fp, fr, ff = binary_prf(dtruth, [x != "ND" for x in fixed])
    three = tune_three_way(cont, truth, stories)
    two = tune_derived(cont, dtruth, stories)
    out += [
        "### Derived (WD or PD) against not derived (ND), and the containment baseline",
        "",
        "Baseline: word 3-gram containment of the newspaper text in the union of its "
        "story's PA texts. Tuned cuts maximise the column's own measure (WD / PD cuts for "
        "macro F1, one cut for derived F1); leave-one-story-out pools each held-out "
        "story's predictions under cuts tuned on the other stories.",
        "",
        "| method | macro F1 (WD/PD/ND) | derived precision | derived recall | derived F1 |",
        "|---|---|---|---|---|",
        f"| provcheck ({mode}) | {macro_f1_of(conf):.3f} | {p:.3f} | {r:.3f} | {f:.3f} |",
        f"| containment, fixed WD >= {FIXED_WD}, PD >= {FIXED_PD} | "
        f"{macro_f1(truth, fixed):.3f} | {fp:.3f} | {fr:.3f} | {ff:.3f} |",
        f"| containment, best cuts on these articles (WD/PD {_cuts(three.best)}; derived "
        f"{_cuts(two.best)}) | {three.best_score:.3f} | {_derived(two.best_confusion)} |",
        f"| containment, leave-one-story-out cuts | {three.cv_score:.3f} | "
        f"{_derived(two.cv_confusion)} |",
        "",
        f"Leave-one-story-out cuts most often chosen: WD/PD {_range(three.cv_cuts)}; "
        f"derived {_range(two.cv_cuts)}.",
        "",
    ]
    # direction of the pairs judged derived
    words_of = {"a->b": "PA -> newspaper (right)", "b->a": "newspaper -> PA (wrong)",
                "unknown": "unknown"}
    out += ["### Direction of the (PA, newspaper) pairs judged derived", "",
            "| pairs | judged derived | " + " | ".join(words_of.values()) + " |",
            "|---|---|---|---|---|"]
    for name, keep in (("all", None), *((f"in {x} articles", x) for x in LABELS)):
        got = Counter(d for res in results if keep in (None, res.article.label)
                      for rel, d in res.directions if TO_LABEL[rel] != "ND")
        n = sum(got.values())
        shares = " | ".join(f"{got[k] / n:.3f}" if n else "-" for k in words_of)
        out.append(f"| {name} | {n} | {shares} |")
    out.append("")
    if story is not None:
        out += [
            "### Same story: report clusters against the story folders",
            "",
            f"`build_report` over {story.files} files (PA and newspaper) of {story.stories} "
            f"stories: {story.clusters} clusters ({story.singletons} of one file); "
            f"**Adjusted Rand Index {story.ari:.3f}**; largest cluster {story.largest} files "
            f"spanning {story.largest_stories} stories.",
            "",
            "Links (compared pairs not `unrelated`, which join clusters) by relation:",
            "",
            "| pairs | " + " | ".join(RELATIONS[:-1]) + " |",
            "|" + "---|" * len(RELATIONS),
            *(f"| {name} | "
              + " | ".join(str(story.links[(where, rel)]) for rel in RELATIONS[:-1]) + " |"
              for where, name in (("within", "within a story"), ("across", "across stories"))),
            "",
        ]
    timing = (f"Timing: normalize {docs.seconds:.2f} s ({len(docs.cache)} files); "
              f"compare {seconds:.1f} s ({pairs / seconds if seconds else 0:.1f} pairs/s)")
    if story is not None:
        timing += f"; build_report {story.seconds:.1f} s"
    out.append(timing + ".")
    if docs.skipped:
        out += ["", "Unreadable: " + "; ".join(f"{k} ({v})" for k, v in docs.skipped.items())]
    return [*out, ""]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--fast", action="store_true", help="lexical mode (no semantic model)")
    ap.add_argument("--limit", type=int, default=None, metavar="N",
                    help="only the first N labelled articles (by story key, then file)")
    ap.add_argument("--stories", type=int, default=17, metavar="N",
                    help="same-story part over the first N stories of those articles "
                         "(default 17; 0 = all; -1 = skip)")
    args = ap.parse_args(argv)
    if not METER.is_dir():
        print(f"skipped: {METER} is absent")
        return 0
    t0 = time.perf_counter()
    items = articles()[: args.limit]
    docs = Docs()
    results, seconds = run_articles(items, docs, args.fast)
    story = run_stories(items, docs, args.fast, args.stories) if args.stories >= 0 else None
    lines = section(results, args.fast, story, docs, seconds, args.limit is not None)
    lines.append(f"Total {time.perf_counter() - t0:.1f} s: `python benchmarks/meter.py"
                 + ("".join(f" {a}" for a in (argv if argv is not None else sys.argv[1:])))
                 + "`.")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
