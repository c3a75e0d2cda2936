"""Same story as its own judgement: provcheck.story and the report's clusters, measured.

    python benchmarks/stories.py               # semantic mode (derivations from compare)
    python benchmarks/stories.py --fast        # lexical mode
    python benchmarks/stories.py --stories 17  # the clusters' small run (default 17)
    python benchmarks/stories.py --tune        # also the held-apart split of the tuned numbers

Data: ../shared/eval/dev (METER's labelled half, Clough & Stevenson). Prints one
Markdown section:

1. **Clusters** against METER's story folders (Adjusted Rand Index), over every file
   of the first ``--stories`` stories (by sorted key, as ``benchmarks/meter.py``) and
   over every labelled story. The pairs compared are the report's
   (:func:`provcheck.collection.clusters.pairs_to_compare`); each is a derivation when
   ``compare`` says so, else a same-story link when :func:`provcheck.verdict.story.same_story`
   says so; the clusters are :func:`provcheck.collection.clusters.clusters_of` of those
   links. Beside it, the same pairs grouped as connected components (what the report did before),
   and derivations alone.
2. **Pairs**, METER: every pair of files of one story folder against as many pairs of
   different stories drawn at random (seed 0): precision, recall. Also the share of
   the hard pairs of different stories (those the report compares, not derived)
   judged the same story.
3. **Pairs**, C&S: every two texts (answers and sources), same task against not.
4. With ``--tune``: the tuned numbers chosen on one half of the METER stories
   (alternate stories by sorted key) and scored on the other, both ways.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaldata
import meter

import provcheck
from provcheck.calibration import CALIBRATION, Calibration
from provcheck.collection.articles import strip_outlet_boilerplate
from provcheck.collection.clusters import clusters_of, pairs_to_compare
from provcheck.models import DERIVED_RELATIONS, Document
from provcheck.verdict.settings import Settings
from provcheck.verdict.story import judge

Story = meter.Story


@dataclasses.dataclass
class Collection:
    docs: list[Document]
    story: list[Story]
    relation: dict[tuple[int, int], str]
    """The report's candidate pairs and ``compare``'s relation."""
    seconds: float


def load(n: int, settings: Settings, meter_docs: meter.Docs) -> Collection:
    """Every readable file of the first ``n`` labelled stories (0: all), compared."""
    story_of = meter.story_files(meter.articles(), n)
    found = [(d, key) for name, key in sorted(story_of.items())
             if (d := meter_docs(name)) is not None and d.path]
    docs = strip_outlet_boilerplate([d for d, _ in found])
    order = sorted(range(len(docs)), key=lambda k: docs[k].path or "")
    docs = [docs[k] for k in order]
    story = [found[k][1] for k in order]
    t0 = time.perf_counter()
    relation: dict[tuple[int, int], str] = {
        (i, j): provcheck.compare(docs[i], docs[j], settings=settings, facts=False).relation
                for i, j in pairs_to_compare(docs, settings)}
    return Collection(docs, story, relation, time.perf_counter() - t0)


def cluster_ari(c: Collection, cal: Calibration, how: str = "story",
                keep: set[Story] | None = None) -> tuple[float, int, int]:
    """ARI, largest cluster and cluster count over the files of ``keep`` (default all):
    ``how`` is ``story`` (derivations and same-story links, non-chaining clusters),
    ``components`` (the same links, connected components) or ``derived`` (derivations,
    non-chaining)."""
    idx = [k for k in range(len(c.docs)) if keep is None or c.story[k] in keep]
    inside = set(idx)
    ids = [str(k) for k in idx]
    derived, related = [], []
    for (i, j), rel in c.relation.items():
        if i not in inside or j not in inside:
            continue
        if rel in DERIVED_RELATIONS:
            derived.append((str(i), str(j)))
        elif how != "derived" and judge(c.docs[i], c.docs[j], cal).same:
            related.append((str(i), str(j)))
    links = derived + related
    if how == "components":
        clusters = _components(ids, links)
    else:
        clusters = clusters_of(ids, links, derived, cal)
    of = {x: k for k, g in enumerate(clusters) for x in g}
    ari = meter.adjusted_rand_index([c.story[k] for k in idx], [of[str(k)] for k in idx])
    return ari, max(len(g) for g in clusters), len(clusters)


def _components(ids: list[str], links: list[tuple[str, str]]) -> list[tuple[str, ...]]:
    parent = {x: x for x in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in links:
        parent[find(x)] = find(y)
    groups: dict[str, list[str]] = {}
    for x in ids:
        groups.setdefault(find(x), []).append(x)
    return [tuple(g) for g in groups.values()]


def meter_pairs(c: Collection, keep: set[Story] | None = None, seed: int = 0
                ) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int]]]:
    """(same-story pairs, as many random different-story pairs, hard different-story
    pairs: compared by the report, not derived)."""
    idx = [k for k in range(len(c.docs)) if keep is None or c.story[k] in keep]
    same = [(i, j) for i, j in itertools.combinations(idx, 2) if c.story[i] == c.story[j]]
    rng = random.Random(seed)
    seen: set[tuple[int, int]] = set()
    while len(seen) < len(same):
        i, j = sorted(rng.sample(idx, 2))
        if c.story[i] != c.story[j]:
            seen.add((i, j))
    inside = set(idx)
    hard = [(i, j) for (i, j), rel in c.relation.items()
            if i in inside and j in inside and c.story[i] != c.story[j]
            and rel not in DERIVED_RELATIONS]
    return same, sorted(seen), hard


def pair_scores(c: Collection, cal: Calibration, keep: set[Story] | None = None
                ) -> tuple[float, float, float, int, int, int]:
    """Precision, recall, hard false-link rate and the three pair counts."""
    same, other, hard = meter_pairs(c, keep)
    tp = sum(judge(c.docs[i], c.docs[j], cal).same for i, j in same)
    fp = sum(judge(c.docs[i], c.docs[j], cal).same for i, j in other)
    hfp = sum(judge(c.docs[i], c.docs[j], cal).same for i, j in hard)
    return (tp / (tp + fp) if tp + fp else 0.0, tp / len(same) if same else 0.0,
            hfp / len(hard) if hard else 0.0, len(same), len(other), len(hard))


def clough_stevenson(cal: Calibration) -> tuple[float, float, float, int]:
    """Precision, recall, accuracy of same story = same task over every two texts."""
    task: dict[str, str] = {}
    for it in evaldata.clough_stevenson():
        task[it.file] = task[it.source] = it.task
    docs = {n: provcheck.normalize(evaldata.cs_path(n)) for n in sorted(task)}
    tp = fp = fn = tn = 0
    for a, b in itertools.combinations(sorted(docs), 2):
        same = judge(docs[a], docs[b], cal).same
        truth = task[a] == task[b]
        tp += same and truth
        fp += same and not truth
        fn += truth and not same
        tn += not same and not truth
    return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0,
            (tp + tn) / (tp + fp + fn + tn), tp + fp + fn + tn)


def held_apart(c: Collection) -> list[str]:
    """The tuned numbers picked on half the stories and scored on the other half."""
    keys = sorted(set(c.story))
    halves = [set(keys[0::2]), set(keys[1::2])]
    out = ["| tuned on | number(s) | picked | score on the other half | shipped, other half |",
           "|---|---|---|---|---|"]
    for k, (fit, test) in enumerate((halves, halves[::-1])):
        name = "even" if k == 0 else "odd"

        def f_half(cal: Calibration, part: set[Story]) -> float:
            p, r, *_ = pair_scores(c, cal, part)
            # precision weighs more than recall: F0.5
            return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0

        grid = [dataclasses.replace(CALIBRATION, story_same=t)
                for t in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)]
        best = max(grid, key=lambda cal: f_half(cal, fit))
        out.append(f"| {name} stories | story_same (pair F0.5) | {best.story_same} | "
                   f"{f_half(best, test):.3f} | {f_half(CALIBRATION, test):.3f} |")
        grid = [dataclasses.replace(CALIBRATION, cluster_linkage=lk, cluster_related_weight=w)
                for lk in (0.0, 0.02, 0.05, 0.1, 0.15, 0.2) for w in (0.25, 0.5, 1.0)]
        best = max(grid, key=lambda cal: cluster_ari(c, cal, keep=fit)[0])
        out.append(f"| {name} stories | cluster_linkage, cluster_related_weight (ARI) | "
                   f"{best.cluster_linkage}, {best.cluster_related_weight} | "
                   f"{cluster_ari(c, best, keep=test)[0]:.3f} | "
                   f"{cluster_ari(c, CALIBRATION, keep=test)[0]:.3f} |")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--fast", action="store_true", help="lexical mode (no semantic model)")
    ap.add_argument("--stories", type=int, default=17, metavar="N",
                    help="the small cluster run over the first N stories (default 17)")
    ap.add_argument("--tune", action="store_true", help="held-apart split of the tuned numbers")
    args = ap.parse_args(argv)
    if not meter.METER.is_dir():
        print(f"skipped: {meter.METER} is absent")
        return 0
    t0 = time.perf_counter()
    settings = Settings.of(fast=args.fast)
    cal = settings.calibration
    shared = meter.Docs()
    small = load(args.stories, settings, shared)
    every = load(0, settings, shared)
    mode = settings.mode
    out = [f"## Same story ({mode} mode)", "",
           "### Report clusters against METER's story folders (Adjusted Rand Index)", "",
           "| files (stories) | non-chaining clusters | connected components (before) "
           "| derivations alone | largest cluster | clusters |",
           "|---|---|---|---|---|---|"]
    for c in (small, every):
        ari, largest, count = cluster_ari(c, cal)
        comp = cluster_ari(c, cal, "components")[0]
        der = cluster_ari(c, cal, "derived")[0]
        out.append(f"| {len(c.docs)} ({len(set(c.story))}) | **{ari:.3f}** | {comp:.3f} | "
                   f"{der:.3f} | {largest} | {count} |")
    p, r, hard, n_same, n_other, n_hard = pair_scores(every, cal)
    cp, cr, cacc, cn = clough_stevenson(cal)
    out += ["", "### Pairs", "",
            "| data | pairs | precision | recall | other |", "|---|---|---|---|---|",
            f"| METER: same folder against random other folders | {n_same} + {n_other} | "
            f"{p:.3f} | {r:.3f} | hard other-story pairs judged same: {hard:.3f} of {n_hard} |",
            f"| C&S: same task against other task | {cn} | {cp:.3f} | {cr:.3f} | "
            f"accuracy {cacc:.3f} |", ""]
    if args.tune:
        out += ["### Held-apart split (METER stories alternately by sorted key)", "",
                *held_apart(every), ""]
    out.append(f"Compare {small.seconds + every.seconds:.1f} s; total "
               f"{time.perf_counter() - t0:.1f} s: `python benchmarks/stories.py"
               + "".join(f" {a}" for a in (argv if argv is not None else sys.argv[1:])) + "`.")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
