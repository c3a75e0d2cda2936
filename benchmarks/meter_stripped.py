"""Direction through the product, the wire texts without their agency markers.

    python benchmarks/meter_stripped.py --keep DIR               # index, scan, score
    python benchmarks/meter_stripped.py --reuse DIR              # score a kept run again
    python benchmarks/meter_stripped.py --as-written --keep DIR  # the texts as written
    python benchmarks/meter_stripped.py --reuse DIR --rules common-source,merger,all
    python benchmarks/meter_stripped.py --reuse DIR --sweep      # the rules' numbers

On METER every wire (PA) text came before the newspaper articles of its story, and
nearly every wire text says so itself: an agency byline, a wire page header, the time
it was filed. Without those markers the direction of a (wire, newspaper) pair must
come from the texts. :mod:`meter_product` measures that on oracle pairs; this benchmark
measures it through the product, as a user would meet it:

* every METER dev text (``PA/rawtexts`` and ``newspapers/rawtexts``,
  ../shared/eval/dev/meter) is written into one folder; each wire text is normalised,
  stripped of its agency markers (:func:`meter_product.without_agency`) and written as
  its title and paragraphs, blank lines apart (read again, it states no outlet, author,
  date, dateline or wire header); the newspaper articles are written as they are
  (``--as-written``: the wire texts too, as :mod:`meter_e2e` writes them);
* ``provcheck index add`` and ``provcheck scan --workers 2`` (child processes), then
  the pairs the index holds after the scan's collection pass are scored:

  - **wire -> newspaper**: each derived pair of a newspaper article METER labels WD or
    PD and a wire text of its own story: right (the wire text named the source), wrong
    (the newspaper article named), unknown; the same over every story's articles
    (labelled or not: the direction needs no label);
  - **newspaper / newspaper**: derived pairs of two newspaper articles (no truth: how
    many name a source).

* each story-direction rule (:mod:`provcheck.collection.story_direction`, ``--rules``)
  is applied to the stored rows, and the same figures are given with the directions it
  sets, with the changes it makes counted by kind; ``--sweep`` gives every rule together
  under each setting of its numbers (:data:`SWEEP`), and leave one story out.

Figures (METER dev, 2 cores; labelled WD / PD pairs, right / wrong / unknown), as the
scan stores them: stripped 0.345 / 0.066 / 0.588 (498 pairs), as written 0.986 / 0.000 /
0.014 (437; commit 94c9c02. At 05e5bf3, before one-way directions were left unknown and
stated partial derivations added: 0.427 / 0.163 / 0.410 and 0.983 / 0.000 / 0.018).
Before the collection pass set directions (the story rules, and a union naming only
its wire texts the source): stripped 0.381 / 0.169 / 0.450, as written 0.983 / 0.018 /
0.000; the rules alone, applied to those stored rows, stripped
0.446 / 0.169 / 0.385. ``--rules`` applies a rule again to the rows as stored (which
already hold the shipped rules' directions).

``--keep DIR`` keeps the folder and index, ``--reuse DIR`` scores them again without
indexing or scanning (a scan of the 1,716 texts takes a few minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaldata
import meter
import meter_e2e
from meter_product import without_agency

DERIVED = meter_e2e.DERIVED
Key = tuple[int, int]


# ---------------------------------------------------------------- the run


def write_texts(folder: Path, *, strip: bool) -> dict[str, str]:
    """Every METER dev text into ``folder`` (METER's layout); file -> its twin (the
    first file, sorted, of the same written content)."""
    import provcheck

    first: dict[str, str] = {}
    twin: dict[str, str] = {}
    for part in meter_e2e.PARTS:
        for src in sorted((meter.METER / part / "rawtexts").rglob("*")):
            if not src.is_file():
                continue
            name = src.relative_to(meter.METER).as_posix()
            text = src.read_bytes().decode("latin-1")
            if strip and part == "PA":
                doc = without_agency(provcheck.normalize(text))
                text = "\n\n".join([*([doc.title] if doc.title else []),
                                    *(p.text for p in doc.paragraphs)]) + "\n"
            dst = folder / name
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_text(text, encoding="utf-8")
            twin[name] = first.setdefault(hashlib.blake2b(text.encode()).hexdigest(), name)
    return twin


def product_run(work: Path, strip: bool, workers: int) -> dict[str, float]:
    """``index add`` and ``scan`` of the written texts, in ``work``; wall seconds."""
    import os

    texts = work / "meter"
    twin = write_texts(texts, strip=strip)
    (work / "twins.json").write_text(json.dumps(twin), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(evaldata.ROOT))
    cli = [sys.executable, "-c", meter_e2e._CLI]
    db = str(work / "index.db")
    add = meter_e2e.measure([*cli, "index", "add", "PA", "newspapers", "--db", db,
                             "--no-progress"], texts, env, "add")
    print(f"  index add {add.wall:.1f} s", flush=True)
    scan = meter_e2e.measure([*cli, "scan", "--db", db, "--workers", str(workers),
                              "--no-progress"], texts, env, "scan")
    print(f"  scan {scan.wall:.1f} s: {scan.stdout.strip()}", flush=True)
    return {"index add": add.wall, "scan": scan.wall}


# ---------------------------------------------------------------- what the index holds


@dataclass
class Held:
    id_of: dict[str, int]
    """METER file -> index id (a twin file: its twin's)."""
    rows: dict[Key, object]
    """The stored pairs after the collection pass, as ``union.Row``."""
    grams: dict[int, object]
    """Document id -> its word 3-gram keys (``candidates.gram_keys``)."""
    wire: set[int]
    """Ids of the wire texts."""


def read_index(work: Path) -> Held:
    from provcheck.collection.candidates import gram_keys
    from provcheck.collection.index import open_index
    from provcheck.collection.union import Row

    twin = json.loads((work / "twins.json").read_text(encoding="utf-8"))
    with open_index(work / "index.db", create=False, readonly=True) as index:
        by_path = {h.path: h.id for h in index.documents()}
        id_of = {n: by_path[t] for n, t in twin.items() if t in by_path}
        rows: dict[Key, object] = {
            (a, b): Row(a, b, rel, d, s, index.pair_result(a, b) or {})
            for a, b, rel, d, s in index.pairs()}
        grams = {i: gram_keys(index.load(i)) for i in sorted(by_path.values())}
    wire = {i for n, i in id_of.items() if n.startswith("PA/")}
    return Held(id_of, rows, grams, wire)


# ---------------------------------------------------------------- scoring


def story_pairs(held: Held, labelled_only: bool) -> dict[Key, str]:
    """(wire, newspaper) pairs of one story, as ids, of the labelled WD / PD articles
    (or of every article of ``story_index.csv``), and the story of each."""
    import csv

    labels: dict[str, str] = {}
    with (meter.METER / "derivation-labels.csv").open(encoding="utf-8") as fh:
        labels = {r["newspaper_file"]: r["label"] for r in csv.DictReader(fh)}
    out: dict[Key, str] = {}
    with (meter.METER / "story_index.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            art = r["newspaper_file"]
            if labelled_only and labels.get(art) not in ("WD", "PD"):
                continue
            for pa in filter(None, r["pa_source_files"].split(";")):
                if art in held.id_of and pa in held.id_of:
                    x, y = held.id_of[pa], held.id_of[art]
                    if x != y and y not in held.wire:
                        out[(min(x, y), max(x, y))] = "/".join(
                            (r["domain"], r["date"], r["catchline"]))
    return out


def wire_direction(rows: Mapping[Key, object], pairs: Iterable[Key],
                   wire: set[int]) -> dict[str, float]:
    """Of the derived pairs among ``pairs``: right / wrong / unknown (wire the source)."""
    got: Counter[str] = Counter()
    for k in pairs:
        r = rows.get(k)
        if r is None or not r.derived:  # type: ignore[attr-defined]
            continue
        w = k[0] if k[0] in wire else k[1]
        news = k[1] if w == k[0] else k[0]
        got["right" if r.copy_is(news) else "wrong" if r.copy_is(w)  # type: ignore[attr-defined]
            else "unknown"] += 1
    n = sum(got.values()) or 1
    return {"pairs": float(sum(got.values())),
            **{x: got[x] / n for x in ("right", "wrong", "unknown")}}


def newspaper_pairs(rows: Mapping[Key, object], wire: set[int]) -> dict[str, int]:
    """Derived pairs of two newspaper articles: how many name a source."""
    got: Counter[str] = Counter()
    for (a, b), r in rows.items():
        if a not in wire and b not in wire and r.derived:  # type: ignore[attr-defined]
            got["oriented" if r.direction != "unknown" else "unknown"] += 1  # type: ignore[attr-defined]
    return {"pairs": sum(got.values()), "oriented": got["oriented"],
            "unknown": got["unknown"]}


def figures(held: Held, rows: Mapping[Key, object]) -> dict[str, object]:
    return {"labelled": wire_direction(rows, story_pairs(held, True), held.wire),
            "all_stories": wire_direction(rows, story_pairs(held, False), held.wire),
            "newspaper_pairs": newspaper_pairs(rows, held.wire)}


def changes(held: Held, before: Mapping[Key, object], after: Mapping[Key, object]
            ) -> dict[str, int]:
    """The rows a rule changed, by kind: on (wire, newspaper) pairs of one story, set
    right / set wrong / flipped right->wrong / wrong->right; and elsewhere."""
    truth = story_pairs(held, False)
    got: Counter[str] = Counter()
    for k, r in after.items():
        old = before[k]
        if r.direction == old.direction:  # type: ignore[attr-defined]
            continue
        if k not in truth:
            kind = ("wire / wire" if k[0] in held.wire and k[1] in held.wire else
                    "newspaper / newspaper" if not ({k[0], k[1]} & held.wire) else
                    "wire / newspaper of another story")
            got[kind] += 1
            continue
        w = k[0] if k[0] in held.wire else k[1]
        news = k[1] if w == k[0] else k[0]
        now = "right" if r.copy_is(news) else "wrong"  # type: ignore[attr-defined]
        was = old.direction  # type: ignore[attr-defined]
        got[f"{'set' if was == 'unknown' else 'flipped to'} {now}"] += 1
    return dict(got)


def chains(rows: Mapping[Key, object]) -> dict[Key, str]:
    """Experimental, not shipped (``--rules chains``, ``all+chains``): a derived pair of
    unknown direction (x, y) where named directions run x -> m -> y for some m (and
    none y -> m' -> x): x came first. Sound where the named directions are right."""
    after: dict[int, set[int]] = {}
    for (a, b), r in rows.items():
        if r.derived and r.direction != "unknown":  # type: ignore[attr-defined]
            s, c = (a, b) if r.direction == "a->b" else (b, a)  # type: ignore[attr-defined]
            after.setdefault(s, set()).add(c)
    before: dict[int, set[int]] = {}
    for s, cs in after.items():
        for c in cs:
            before.setdefault(c, set()).add(s)
    out = {}
    for (a, b), r in rows.items():
        if not r.derived or r.direction != "unknown":  # type: ignore[attr-defined]
            continue
        ab = after.get(a, set()) & before.get(b, set())
        ba = after.get(b, set()) & before.get(a, set())
        if bool(ab) != bool(ba):
            out[(a, b)] = "a->b" if ab else "b->a"
    return out


def apply_rule(held: Held, rule: str) -> tuple[dict[Key, object], dict[str, str], float]:
    """The rows with the directions ``rule`` sets ('all': every rule together; a rule
    name and '+chains': then :func:`chains`), and each changed row's reason."""
    import dataclasses

    from provcheck.calibration import CALIBRATION
    from provcheck.collection import story_direction

    name = rule.removesuffix("+chains")
    rules = story_direction.RULES if name == "all" else () if name == "chains" else (name,)
    t0 = time.perf_counter()
    found = story_direction.story_directions(held.rows, held.grams,  # type: ignore[arg-type]
                                             CALIBRATION, rules=rules) if rules else []
    out = dict(held.rows)
    why = {}
    for s in found:
        out[(s.a, s.b)] = dataclasses.replace(held.rows[(s.a, s.b)],  # type: ignore[type-var]
                                              direction=s.direction)
        why[f"#{s.a}-#{s.b}"] = s.reason
    if rule.endswith("chains"):
        for k, d in chains(out).items():
            out[k] = dataclasses.replace(out[k], direction=d)  # type: ignore[type-var]
            why[f"#{k[0]}-#{k[1]}"] = "a chain of named directions"
    return out, why, time.perf_counter() - t0


#: The story-direction numbers swept (``--sweep``), each over a few values around the
#: shipped one.
SWEEP: dict[str, tuple[float, ...]] = {
    "story_min_grams": (10, 20), "story_take_grams": (10, 20, 40),
    "story_common_share": (0.8, 0.9), "story_common_veto": (0.5, 0.6, 0.8),
    "story_disjoint_veto": (0.1, 0.2)}
#: ``--sweep``'s leave-one-story-out choice: the setting with the most right less this
#: many times the wrong (a wrong source costs the reader far more than "unknown").
WRONG_COST = 10


def sweep(held: Held) -> list[str]:
    """Every setting of :data:`SWEEP` (a veto share above the strong one skipped): the
    (wire, newspaper) pairs of one story it sets right and wrong, and the other pairs it
    sets; then leave one story out: each story's pairs set by the setting chosen on the
    other stories (:data:`WRONG_COST`)."""
    import dataclasses
    import itertools

    from provcheck.calibration import CALIBRATION
    from provcheck.collection.story_direction import story_directions

    truth = story_pairs(held, False)
    names = list(SWEEP)
    lines, per_story = [], []
    for values in itertools.product(*SWEEP.values()):
        cal = dataclasses.replace(CALIBRATION, **dict(zip(names, values, strict=True)))
        if cal.story_common_veto > cal.story_common_share:
            continue
        got: Counter[tuple[str, str]] = Counter()
        other = 0
        for o in story_directions(held.rows, held.grams, cal):  # type: ignore[arg-type]
            k = (o.a, o.b)
            if k not in truth:
                other += 1
                continue
            w = k[0] if k[0] in held.wire else k[1]
            got[(truth[k], "right" if o.row.copy_is(k[0] + k[1] - w) else "wrong")] += 1
        per_story.append(got)
        right = sum(v for (_, x), v in got.items() if x == "right")
        wrong = sum(v for (_, x), v in got.items() if x == "wrong")
        lines.append(f"  {', '.join(f'{n} {v}' for n, v in zip(names, values, strict=True))}: "
                     f"set right {right}, wrong {wrong} (precision "
                     f"{right / max(1, right + wrong):.3f}); other pairs set {other}")
    total: Counter[str] = Counter()
    for story in sorted(set(truth.values())):
        def worth(got: Counter[tuple[str, str]], story: str = story) -> int:
            return sum(v if x == "right" else -WRONG_COST * v
                       for (s, x), v in got.items() if s != story)
        best = max(range(len(per_story)), key=lambda i: (worth(per_story[i]), -i))
        for x in ("right", "wrong"):
            total[x] += per_story[best][(story, x)]
    lines.append(f"  leave one story out (the setting of most right - {WRONG_COST} x wrong on "
                 f"the other stories): set right {total['right']}, wrong {total['wrong']}")
    return lines


def line(name: str, d: Mapping[str, float]) -> str:
    return (f"{name}: right {d['right']:.3f} / wrong {d['wrong']:.3f} / unknown "
            f"{d['unknown']:.3f} ({int(d['pairs'])} derived pairs)")


def report(label: str, fig: Mapping[str, object]) -> list[str]:
    n = fig["newspaper_pairs"]
    return [f"{label}",
            "  " + line("wire -> newspaper, labelled WD / PD", fig["labelled"]),  # type: ignore[arg-type]
            "  " + line("wire -> newspaper, every story", fig["all_stories"]),  # type: ignore[arg-type]
            f"  newspaper / newspaper derived pairs: {n['oriented']} of {n['pairs']} "  # type: ignore[index]
            f"name a source"]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, default=None, help="work here and keep the run")
    ap.add_argument("--reuse", type=Path, default=None, help="score a run kept with --keep")
    ap.add_argument("--as-written", action="store_true",
                    help="the wire texts as written, agency markers kept")
    ap.add_argument("--rules", default="",
                    help="story-direction rules to apply, each alone, comma-separated ('all': "
                         "every rule together; 'chains', 'all+chains': the experimental "
                         "chains of named directions)")
    ap.add_argument("--reasons", type=int, default=0, help="print this many reasons per rule")
    ap.add_argument("--sweep", action="store_true",
                    help="every rule together under each setting of the story-direction numbers")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = ap.parse_args(argv)
    if not meter.METER.is_dir():
        print(f"skipped: {meter.METER} is absent (the evaluation data sits in ../shared/eval)")
        return 0
    seconds: dict[str, float] = {}
    if args.reuse:
        work = args.reuse
    else:
        work = args.keep or Path(tempfile.mkdtemp(prefix="provcheck-meter-stripped-"))
        work.mkdir(parents=True, exist_ok=True)
        seconds = product_run(work, not args.as_written, args.workers)
    held = read_index(work)
    out: dict[str, object] = {"seconds": seconds, "product": figures(held, held.rows)}
    what = "as written" if args.as_written else "agency markers removed from the wire texts"
    print("\n".join(report(f"through the product ({what}; {work})", out["product"])))  # type: ignore[arg-type]
    for rule in filter(None, args.rules.split(",")):
        rows, why, secs = apply_rule(held, rule)
        fig = figures(held, rows)
        fig["changes"] = changes(held, held.rows, rows)
        out[rule] = fig
        print("\n".join(report(f"with the rule {rule} ({secs:.1f} s)", fig)))
        print(f"  changed: {fig['changes'] or 'nothing'}")
        for k, r in list(why.items())[:args.reasons]:
            print(f"    {k}: {r}")
    if args.sweep:
        print("story direction, every rule, by setting:")
        print("\n".join(sweep(held)))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
