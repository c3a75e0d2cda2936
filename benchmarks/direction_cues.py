"""Direction without the agency cue, on the oracle pairs (issue 22, item 4).

    python tools/fit_decisions.py --cache DIR --modes semantic --dry-run   # the pairs
    python benchmarks/direction_cues.py --fit-cache DIR                    # ~2 min
    python benchmarks/direction_cues.py --fit-cache DIR --write            # docs/decisions.md

Every METER dev (PA, newspaper) pair the shipped decisions judge derived, and every
derived Clough & Stevenson answer against its source: the PA text (the C&S source)
is always the source. Three things are measured:

* **what fires without the markers**: the wire text is stripped of every agency marker
  provcheck reads (:func:`meter_product.without_agency`: outlet, author, stated date,
  dateline, wire headers and desk codes) and the hand-set cues (dates, own-outlet
  reporting, credits) and the wire cue are measured again on both sides: a cue firing
  on the newspaper would be a bug. And the measures that push the shipped model to the
  newspaper where it names it, on average;
* **candidate evidence**, each cue's counts alone (right where it favours the wire);
* **models without the wire cue**, fitted on ``tools/fit_decisions.py``'s direction
  rows without each pair's METER story (or C&S task), by margin: right / wrong /
  unknown, leave one out and in-sample, METER stripped and C&S.

Experimental cues measured only here (not shipped, they did not help): quotations one
side holds whole inside a longer one of the other's (:func:`quote_trims`), people
named in full on one side and by surname alone on the other (:func:`name_trims`),
"tomorrow" -> "today" and "today" -> a weekday beside "today" -> "yesterday"
(:func:`day_shifts`).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tools"))

import evaldata  # noqa: E402
import fit_decisions as fd  # noqa: E402
import numpy as np  # noqa: E402

import provcheck  # noqa: E402
from provcheck.calibration import CALIBRATION  # noqa: E402
from provcheck.language.entities import find_names  # noqa: E402
from provcheck.language.lexicon import NEWS_AGENCIES, WEEKDAYS  # noqa: E402
from provcheck.language.text import quote_spans, words  # noqa: E402
from provcheck.models import Document  # noqa: E402
from provcheck.verdict.classify import decisions, derivation, oriented, source_of  # noqa: E402
from provcheck.verdict.cues import signed_share  # noqa: E402
from provcheck.verdict.links import SentenceLinks, link_sentences  # noqa: E402
from provcheck.verdict.measures import attributions, is_wire  # noqa: E402
from provcheck.verdict.settings import Settings  # noqa: E402

DOC = ROOT / "docs" / "decisions.md"
SECTION = "direction-cues"
MARGINS = (0.1, 0.15, 0.2, 0.3, 0.4)
#: The feature sets compared (the shipped plain model's first).
SETS = {
    "shipped without the wire cue (dir_day, dir_trim, dir_kept_details, dir_own_cont)":
        fd.DIRECTION_PLAIN,
    "the full model's measures without dir_wire": tuple(k for k in fd.DIRECTION
                                                        if k != "dir_wire"),
    "+ dir_trim, dir_kept_details": (*(k for k in fd.DIRECTION if k != "dir_wire"),
                                     "dir_trim", "dir_kept_details"),
    "+ quotations kept whole, names in full, more day shifts": (
        *(k for k in fd.DIRECTION if k != "dir_wire"), "x_quote", "x_names", "x_days"),
}


# ---------------------------------------------------------------- experimental cues


def _quotes(doc: Document) -> Iterator[tuple[str, ...]]:
    for p in doc.paragraphs:
        for s, e in quote_spans(p.canon):
            ws = tuple(words(p.canon[s:e]))
            if len(ws) >= 4:
                yield ws


def quote_trims(a: Document, b: Document) -> tuple[int, int]:
    """Quotations of ``b`` held whole (every word 3-gram) in a longer one of ``a``, and
    the other way round."""
    qa, qb = list(_quotes(a)), list(_quotes(b))

    def grams(ws: tuple[str, ...]) -> set[tuple[str, ...]]:
        return {ws[k : k + 3] for k in range(len(ws) - 2)}

    ga, gb = [grams(q) for q in qa], [grams(q) for q in qb]
    longer_a = longer_b = 0
    for j, g in enumerate(gb):
        shared = {k: len(g & h) for k, h in enumerate(ga) if g & h}
        if not shared:
            continue
        k = max(shared, key=lambda x: (shared[x], -len(qa[x])))
        if shared[k] == len(g) and len(qa[k]) > len(qb[j]):
            longer_a += 1
        elif shared[k] == len(ga[k]) and len(qb[j]) > len(qa[k]):
            longer_b += 1
    return longer_a, longer_b


def name_trims(a: Document, b: Document) -> tuple[int, int]:
    """People ``a`` names in full whom ``b`` names by surname alone, and the other way."""

    def full(doc: Document) -> set[str]:
        return {n.split()[-1] for _, _, n in find_names(doc.body)
                if len(n.split()) >= 2 and len(n.split()[-1]) > 2}

    fa, fb = full(a), full(b)
    wa, wb = set(re.findall(r"[A-Z][\w'-]+", a.body)), set(re.findall(r"[A-Z][\w'-]+", b.body))
    return (sum(1 for s in fa if s in wb and s not in fb),
            sum(1 for s in fb if s in wa and s not in fa))


_DAY = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", re.I)
_BEFORE = re.compile(r"\b(?:yesterday|last night)\b", re.I)
_AFTER = re.compile(r"\btomorrow\b", re.I)
_WEEKDAY = re.compile(rf"\b(?:{'|'.join(d.capitalize() for d in WEEKDAYS)})\b")


def _later(x: str, y: str) -> bool:
    if _DAY.search(x) and not _BEFORE.search(x) and not _DAY.search(y):
        return bool(_BEFORE.search(y) or _WEEKDAY.search(y))
    return bool(_AFTER.search(x) and _DAY.search(y) and not _AFTER.search(y))


def day_shifts(links: SentenceLinks) -> tuple[int, int]:
    """Linked pairs where ``b`` retells ``a``'s day from a later day, and the other way."""
    first = [(_later(links.a[i].text, links.b[j].text), _later(links.b[j].text, links.a[i].text))
             for i, j, _ in links.links]
    return sum(x for x, _ in first), sum(y and not x for x, y in first)


# ---------------------------------------------------------------- the pairs


@dataclass
class Item:
    pair: fd.Pair
    a: Path
    b: Path
    extra: dict[str, float]
    judged: bool
    """Judged derived by the shipped decisions (the pairs the direction is asked of)."""


def items(cache: Path) -> list[Item]:
    """The METER and C&S pairs of the fit cache, with their files and experimental cues."""
    pairs = fd.load_or_collect("semantic", cache, None)
    meter = [p for p in pairs if p.dataset in ("meter", "meter-cross")]
    named = list(fd._meter_items())
    cs = [p for p in pairs if p.dataset == "cs"]
    labelled = evaldata.clough_stevenson()
    if len(meter) != len(named) or len(cs) != len(labelled):
        raise SystemExit("the fit cache holds other pairs: measure it again")
    todo = [(p, fd.METER / n[4], fd.METER / p.item) for p, n in zip(meter, named, strict=True)
            if p.dataset == "meter"]
    todo += [(p, evaldata.cs_path(c.source), evaldata.cs_path(c.file))
             for p, c in zip(cs, labelled, strict=True)]
    settings, dm = Settings.of(fast=False), decisions("semantic")
    docs: dict[Path, Document] = {}

    def doc(path: Path) -> Document:
        if path not in docs:
            docs[path] = provcheck.normalize(path)
        return docs[path]

    out = []
    for p, pa, pb in todo:
        a, b = doc(pa), doc(pb)
        links = link_sentences(a, b, settings)
        extra = {"x_quote": signed_share(*quote_trims(a, b)),
                 "x_names": signed_share(*name_trims(a, b)),
                 "x_days": float(np.sign(np.subtract(*day_shifts(links))))}
        m = oriented(p.measures, dm.direction, dm.direction_margin, CALIBRATION)
        out.append(Item(p, pa, pb, extra, derivation(m, CALIBRATION, dm).relation is not None))
    return out


def _values(it: Item) -> dict[str, float]:
    return dict(fd.stripped(it.pair.measures)) | it.extra


# ---------------------------------------------------------------- what fires


def firing(its: Sequence[Item]) -> list[str]:
    """The hand-set and wire cues on the stripped METER pairs, and what pushes the
    shipped model to the newspaper where it names it."""
    from meter_product import without_agency

    dm = decisions("semantic")
    cues: Counter[str] = Counter()
    credits = 0
    push: Counter[str] = Counter()
    wrong = 0
    for it in its:
        a, b = without_agency(provcheck.normalize(it.a)), provcheck.normalize(it.b)
        cues["wire cue on the wire text"] += is_wire(a)
        cues["wire cue on the newspaper"] += is_wire(b)
        cues["stated date on either"] += bool(a.date or b.date)
        cues["own-outlet or credit (an outlet named) on either"] += bool(a.outlet or b.outlet)
        credits += any(attributions(b, agency) for agency in NEWS_AGENCIES)
        m = fd.stripped(it.pair.measures)
        if source_of(m, _shipped_with_cue(dm), CALIBRATION)[1] == "b->a":
            wrong += 1
            for name, value in dm.direction.drivers(m, 1):
                push[name] += value
    lines = [f"Of {len(its)} METER pairs judged derived, wire text stripped: "
             + ", ".join(f"{k} {v}" for k, v in cues.items())
             + f", newspapers crediting a news agency ('told PA', 'according to Reuters') "
               f"{credits}."]
    if wrong:
        lines.append(f"The full model (with the wire cue, now 0) names the newspaper on "
                     f"{wrong}; mean push towards the wire, log-odds: "
                     + ", ".join(f"{k} {v / wrong:+.2f}" for k, v in push.most_common()
                                 if abs(v / wrong) >= 0.01) + ".")
    return lines


def _shipped_with_cue(dm):  # type: ignore[no-untyped-def]
    """The shipped decisions as they were before the plain model: the full direction
    model everywhere."""
    import dataclasses

    return dataclasses.replace(dm, plain=None)


def cue_counts(its: Sequence[Item]) -> list[str]:
    """Each cue alone: pairs where it favours the wire / the newspaper / neither."""
    lines = ["| cue, alone | METER stripped: wire / newspaper / silent | C&S: source / "
             "answer / silent |", "|---|---|---|"]
    names = ("dir_day", "dir_details", "dir_cover", "dir_kept", "dir_run", "dir_own_cont",
             "dir_length", "dir_trim", "dir_kept_details", "x_quote", "x_names", "x_days")
    for name in names:
        cells = []
        for part in _parts(its):
            c = Counter(np.sign(_values(it)[name]) for it in part)
            cells.append(f"{c[1]} / {c[-1]} / {c[0]}")
        lines.append(f"| {name} | {cells[0]} | {cells[1]} |")
    return lines


def _parts(its: Sequence[Item]) -> tuple[list[Item], list[Item]]:
    return ([it for it in its if it.pair.dataset == "meter" and it.judged],
            [it for it in its if it.pair.dataset == "cs" and it.pair.label != "non"])


# ---------------------------------------------------------------- models


def _fit(train: Sequence[Item], names: Sequence[str]) -> Callable[[Item], float]:
    from provcheck.verdict.decide import Logistic

    rows = []
    for it in train:
        p = it.pair
        if ((p.dataset == "meter" and p.label != "ND") or (p.dataset == "cs" and p.label != "non")
                ) and p.measures["own_cont_d"] >= 0.1:
            rows.append((it, 1))
    x = np.asarray([[_values(it)[k] for k in names] for it, _ in rows])
    count = Counter(it.pair.dataset for it, _ in rows)
    w = np.asarray([fd.DATASET_WEIGHT[it.pair.dataset] / count[it.pair.dataset]
                    for it, _ in rows])
    z, y, ww = np.vstack([x, -x]), np.r_[np.ones(len(x)), np.zeros(len(x))], np.r_[w, w]
    scale = np.sqrt((z**2).mean(axis=0))
    scale[scale == 0] = 1.0
    coef, _ = fd._binary(z / scale, y, ww * len(ww) / ww.sum(), False,
                         [(None, None)] * len(names), fd.C)
    model = Logistic(tuple(names), np.zeros(len(names)), scale, coef, np.zeros(1), ("0", "1"))
    return lambda it: float(model.proba(_values(it))[1])


def _fold(it: Item) -> str:
    return fd._fold(it.pair)


def table(its: Sequence[Item]) -> list[str]:
    """Right / wrong / unknown by feature set and margin, leave one out and in-sample."""
    meter, cs = _parts(its)
    lines = ["| measures | margin | METER stripped, leave one story out | METER stripped, "
             "in-sample | C&S, leave one task out | C&S, in-sample |", "|---|---|---|---|---|---|"]
    for title, names in SETS.items():
        held: dict[int, float] = {}
        for g in sorted({_fold(it) for it in meter + cs}):
            predict = _fit([it for it in its if _fold(it) != g], names)
            held |= {id(it): predict(it) for it in meter + cs if _fold(it) == g}
        full = _fit(its, names)
        inside = {id(it): full(it) for it in meter + cs}
        for margin in MARGINS:
            cells = [_rwu([p[id(it)] for it in part], margin)
                     for part in (meter, cs) for p in (held, inside)]
            lines.append(f"| {title} | {margin} | " + " | ".join(cells) + " |")
    return lines


def _rwu(probs: Sequence[float], margin: float) -> str:
    c = Counter("r" if p - 0.5 > margin else "w" if 0.5 - p > margin else "u" for p in probs)
    n = max(1, len(probs))
    return f"{c['r'] / n:.2f} / {c['w'] / n:.2f} / {c['u'] / n:.2f}"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fit-cache", type=Path, required=True,
                    help="tools/fit_decisions.py's --cache folder (semantic pairs)")
    ap.add_argument("--write", action="store_true", help=f"replace {SECTION} in {DOC.name}")
    args = ap.parse_args(argv)
    if not evaldata.available():
        print(f"skipped: no dev data at {evaldata.DEV}")
        return 0
    its = items(args.fit_cache)
    meter, cs = _parts(its)
    text = "\n".join([
        f"Generated by `python benchmarks/direction_cues.py --fit-cache DIR`: {len(meter)} "
        f"METER dev pairs judged derived (the wire text the source), {len(cs)} derived C&S "
        "answers; right / wrong / unknown.", "", *firing(meter), "", *cue_counts(its), "",
        *table(its)])
    print(text)
    if args.write:
        from facts_eval import write_section

        write_section(DOC, SECTION, text)
        print(f"written: {DOC.relative_to(ROOT)} ({SECTION})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
