"""Fit provcheck's learned decisions on the dev data and write them into the package.

    pip install -e '.[fit]'                       # scikit-learn: here, never at run time
    python tools/fit_decisions.py                 # measure, fit, report, write the model
    python tools/fit_decisions.py --dry-run       # measure, fit and report; write nothing

What ships is ``provcheck/data/decisions.json``: for each mode (semantic, fast) and each
decision, the feature names, the standardisation and the logistic-regression
coefficients, with the cross-validated figures they were chosen by. provcheck reads it
with numpy alone (:mod:`provcheck.decide`).

Training pairs (all from ``../shared/eval/dev``, never from held-out data):

* METER's labelled half: every (PA, newspaper) pair of a story. An article's label (WD
  wholly, PD partially, ND not derived) is that of the pair with its most reuse (the
  newspaper's own words found in the PA text); its other pairs are set aside, except
  for ND articles, whose every pair is not derived. Constructed: each article against a
  PA text of another story (not derived, not the same story).
* Clough & Stevenson tasks a-c: the source against each answer (cut / light / heavy
  derived and whole, non not derived).
* MSRP train: sentence pairs, paraphrase as "same content" (whole) and the rest not;
  constructed: one sentence in four against another pair's (not the same content);
  constructed: articles of eight paraphrase pairs' sentences, rewritten throughout,
  in part, or not at all (:func:`msrp_documents`).

Decisions:

* ``derived``: derived or not.
* ``whole``: of derived pairs, wholly (reprint / edited / rewrite) or partially.
* ``direction``: which side is the source, on antisymmetric measures (each pair seen
  both ways, no intercept); ``unknown`` inside a margin chosen so that no more than a
  set share of dev pairs is left undecided.
* ``direction_plain``: the same where neither side is agency copy, without the wire
  cue (``DIRECTION_PLAIN``, weights held >= 0); its margin is the least that keeps the
  wrong share of METER's derived pairs, predicted leave one story out, at most
  ``PLAIN_MAX_WRONG`` (:func:`plain_margin`).

Cross-validation: leave one METER story out, leave one C&S task out, MSRP in 5 folds;
a fold's pairs are predicted by a model fitted without them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import evaldata  # noqa: E402

import provcheck  # noqa: E402
from provcheck.verdict.align import align  # noqa: E402
from provcheck.verdict.classify import features, measure  # noqa: E402
from provcheck.verdict.links import link_sentences  # noqa: E402
from provcheck.verdict.measures import Measures  # noqa: E402
from provcheck.verdict.settings import Settings  # noqa: E402

METER = evaldata.DEV / "meter"


@dataclass
class Pair:
    dataset: str
    """meter, meter-cross, cs, msrp"""
    group: str
    """The cross-validation group: story, task or fold."""
    item: str
    """The labelled item: newspaper article, C&S answer, MSRP pair."""
    label: str
    measures: Measures


def _meter_items() -> Iterator[tuple[str, str, str, str, str]]:
    """(dataset, story, article, label, pa) for every pair to measure."""
    import csv

    with (METER / "derivation-labels.csv").open(encoding="utf-8") as fh:
        labels = {r["newspaper_file"]: r["label"] for r in csv.DictReader(fh)}
    with (METER / "story_index.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["newspaper_file"] in labels]
    rows.sort(key=lambda r: (r["domain"], r["date"], r["catchline"], r["newspaper_file"]))
    stories = sorted({(r["domain"], r["date"], r["catchline"]) for r in rows})
    pa_of = {}
    for r in rows:
        pa_of[(r["domain"], r["date"], r["catchline"])] = [
            p for p in r["pa_source_files"].split(";") if p]
    for r in rows:
        key = (r["domain"], r["date"], r["catchline"])
        story = "/".join(key)
        for pa in pa_of[key]:
            yield "meter", story, r["newspaper_file"], labels[r["newspaper_file"]], pa
        # constructed: the first PA text of the next story of the same domain
        same_domain = [s for s in stories if s[0] == key[0] and s != key]
        later = [s for s in same_domain if s > key] or same_domain
        if later and pa_of[later[0]]:
            yield "meter-cross", story, r["newspaper_file"], "X", pa_of[later[0]][0]


def collect(mode: str, msrp_limit: int | None) -> list[Pair]:
    """Measure every training pair in one mode."""
    settings = Settings.of(fast=mode == "fast")
    cache: dict[str, provcheck.Document] = {}

    def doc(path: Path) -> provcheck.Document:
        key = str(path)
        if key not in cache:
            cache[key] = provcheck.normalize(path)
        return cache[key]

    def run(a: provcheck.Document, b: provcheck.Document) -> Measures:
        links = link_sentences(a, b, settings)
        alignments, _, _ = align(a, b, links, settings)
        f = features(a, b, links, settings)
        return measure(a, b, f, alignments, links)

    out = []
    for dataset, story, article, label, pa in _meter_items():
        try:
            a, b = doc(METER / pa), doc(METER / article)
        except provcheck.InputError:
            continue
        out.append(Pair(dataset, story, article, label, run(a, b)))
    for item in evaldata.clough_stevenson():
        a = doc(evaldata.cs_path(item.source))
        b = doc(evaldata.cs_path(item.file))
        out.append(Pair("cs", item.task, item.file, item.category, run(a, b)))
    msrp = evaldata.msrp()[:msrp_limit]
    for k, p in enumerate(msrp):
        a = provcheck.normalize(p.a)
        b = provcheck.normalize(p.b)
        out.append(Pair("msrp", str(k % 5), str(k), str(p.label), run(a, b)))
    for k in range(0, len(msrp), 4):
        # constructed: a sentence against another pair's (a different story, most often)
        far = msrp[(k + len(msrp) // 2) % len(msrp)]
        out.append(Pair("msrp-cross", str(k % 5), f"{k}x", "0",
                        run(provcheck.normalize(msrp[k].a), provcheck.normalize(far.b))))
    for group, item, label, a_text, b_text in msrp_documents(msrp):
        out.append(Pair("msrp-doc", group, item, label,
                        run(provcheck.normalize(a_text), provcheck.normalize(b_text))))
    return out


#: Sentences in a constructed MSRP document, and how many of a partial copy's are
#: paraphrases (the rest come from elsewhere).
DOC_SENTENCES, PARTIAL_SHARED = 8, 3


def msrp_documents(msrp: Sequence[evaldata.MSRPPair]) -> Iterator[tuple[str, str, str, str, str]]:
    """Constructed article pairs from MSRP paraphrases: (fold, item, label, a, b).

    Each run of ``DOC_SENTENCES`` paraphrase pairs makes three: their first sentences
    against their second ones (``whole``: a rewrite throughout), against
    ``PARTIAL_SHARED`` of them and others' second sentences (``partial``), and against
    other pairs' second sentences only (``none``). MSRP alone has sentences; these
    give the decisions paraphrased articles to learn from.
    """
    positives = [(k, p) for k, p in enumerate(msrp) if p.label == 1]
    n = DOC_SENTENCES
    runs = [positives[i : i + n] for i in range(0, len(positives) - n + 1, n)]
    for r, run in enumerate(runs):
        far = runs[(r + len(runs) // 2) % len(runs)]
        fold = str(run[0][0] % 5)
        a = "\n\n".join(p.a for _, p in run)
        whole = "\n\n".join(p.b for _, p in run)
        mixed = "\n\n".join([p.b for _, p in run[:PARTIAL_SHARED]]
                             + [p.b for _, p in far[PARTIAL_SHARED:]])
        other = "\n\n".join(p.b for _, p in far)
        yield fold, f"{r}w", "whole", a, whole
        yield fold, f"{r}p", "partial", a, mixed
        yield fold, f"{r}n", "none", a, other


def load_or_collect(mode: str, cache: Path | None, msrp_limit: int | None) -> list[Pair]:
    if cache is not None:
        path = cache / f"{mode}.json"
        if path.exists():
            return [Pair(**(x | {"measures": Measures.of(x["measures"])}))
                    for x in json.loads(path.read_text())]
    t0 = time.perf_counter()
    pairs = collect(mode, msrp_limit)
    print(f"measured {len(pairs)} pairs in {mode} mode in {time.perf_counter() - t0:.0f} s",
          file=sys.stderr)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        (cache / f"{mode}.json").write_text(json.dumps(
            [p.__dict__ | {"measures": dict(p.measures)} for p in pairs]))
    return pairs



# ---------------------------------------------------------------- fitting

#: The measures each decision reads (names from provcheck.verdict.measures.measure).
RELATION = ("cover_d", "cover_s", "cont_d", "cont_s", "own_cont_d", "own_cont_s", "run_d",
            "run_s", "log_longest_d", "log_longest_s", "quoted_d", "quoted_s",
            "link_similarity", "topic", "log_words_d", "log_words_s")
#: Whole or partial: how much of each side the other holds, not how it is written (the
#: shares in quotation marks and the run lengths tell METER's verbatim wire copy from
#: paraphrase, and would make every paraphrased rewrite "partial").
WHOLE = ("cover_d", "cover_s", "cont_d", "cont_s", "link_similarity", "topic", "log_words_d",
         "log_words_s")
STYLE = ("cover_d", "cont_d", "own_cont_d", "run_d", "link_similarity")
#: (dates, own-outlet reporting and credits never occur in the dev pairs: their weights
#: are hand-set in provcheck.calibration and added at run time)
DIRECTION = ("dir_wire", "dir_day", "dir_details", "dir_cover", "dir_kept", "dir_run",
             "dir_own_cont", "dir_length")
#: The direction where neither side is agency copy: what a copy does to the sentences it
#: takes, and "today" retold as "yesterday" (benchmarks/direction_cues.py tried more).
DIRECTION_PLAIN = ("dir_day", "dir_trim", "dir_kept_details", "dir_own_cont")
#: Most of METER's derived pairs (leave one story out, wire cue absent) whose named
#: source may be wrong: a wrong source costs the reader's trust more than ``unknown``.
PLAIN_MAX_WRONG = 0.03
#: Regularisation (inverse strength) of every model; the scikit-learn default.
C = 1.0
#: Regularisation of the style models (C&S alone, 32 answers; held monotone, so they
#: can afford a weaker penalty).
STYLE_C = 10.0
#: The least margin: a source is named only at a probability of 0.5 + this or more
#: (weak evidence names no source, whatever the dev figures would allow).
MIN_MARGIN = 0.1
#: Most of the derived dev pairs the direction may leave ``unknown``.
MAX_UNKNOWN = 0.3
#: What each dataset weighs in a decision's fit, in all (each of its pairs an equal share).
DATASET_WEIGHT = {"meter": 1.0, "meter-cross": 0.25, "cs": 0.5, "msrp": 0.5, "msrp-cross": 0.1,
                  "msrp-doc": 0.5}

Row = tuple[Pair, int]


def _matrix(rows: Sequence[Row], names: Sequence[str]):  # type: ignore[no-untyped-def]
    import numpy as np

    x = np.asarray([[p.measures[k] for k in names] for p, _ in rows], dtype=np.float64)
    y = np.asarray([label for _, label in rows])
    counts: dict[str, int] = {}
    for p, _ in rows:
        counts[p.dataset] = counts.get(p.dataset, 0) + 1
    w = np.asarray([DATASET_WEIGHT[p.dataset] / counts[p.dataset] for p, _ in rows])
    return x, y, w * len(rows) / w.sum()


#: Measures of the derived side's reuse: more of them never makes a pair less derived
#: (or less wholly derived). Their weights are held at zero or above, so that the model
#: and its reasons read the way a person would (without the bound, correlated measures
#: take opposite signs: "matched 72% (against)").
MONOTONE = ("cover_d", "cont_d", "own_cont_d", "run_d", "log_longest_d", "link_similarity")
#: ... and for derived or not, the same measures of the other side too.
MONOTONE_BOTH = (*MONOTONE, "cover_s", "cont_s", "own_cont_s", "run_s", "log_longest_s")


def fit(rows: Sequence[Row], names: Sequence[str], *, intercept: bool = True,
        monotone: Sequence[str] = (), decreasing: Sequence[str] = (),
        c: float | None = None) -> dict:
    """A logistic regression on standardised measures (L2, strength 1/C), as plain JSON
    values; binary models may hold the weights of ``monotone`` measures at >= 0."""
    import numpy as np

    x, y, w = _matrix(rows, names)
    mean = x.mean(axis=0) if intercept else np.zeros(x.shape[1])
    scale = x.std(axis=0) if intercept else np.sqrt((x**2).mean(axis=0))
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    classes = sorted(set(y.tolist()))
    if len(classes) > 2:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=C, max_iter=5000, fit_intercept=intercept)
        model.fit(z, y, sample_weight=w)
        coef, icpt = model.coef_, model.intercept_
    else:
        bounds = [(0.0, None) if k in monotone else (None, 0.0) if k in decreasing
                  else (None, None) for k in names]
        coef, icpt = _binary(z, (y == classes[-1]).astype(np.float64), w, intercept, bounds,
                             C if c is None else c)
    return {
        "features": list(names),
        "mean": mean.round(6).tolist(),
        "scale": scale.round(6).tolist(),
        "coef": np.round(coef, 6).tolist(),
        "intercept": np.round(icpt, 6).tolist() if intercept else [0.0],
        "classes": [str(c) for c in classes],
    }


def _binary(z, y, w, intercept: bool, bounds: list, c: float):  # type: ignore[no-untyped-def]
    """Weighted, L2-penalised logistic regression (as scikit-learn's, C and all) with
    bounds: L-BFGS-B."""
    import numpy as np
    from scipy.optimize import minimize

    k = z.shape[1]

    def loss(theta):  # type: ignore[no-untyped-def]
        b = theta[k] if intercept else 0.0
        t = z @ theta[:k] + b
        # log(1 + e^t) - y t, stably
        ll = np.logaddexp(0.0, t) - y * t
        p = 1.0 / (1.0 + np.exp(-t))
        g = z.T @ (w * (p - y)) + theta[:k] / c
        f = float((w * ll).sum() + 0.5 * (theta[:k] ** 2).sum() / c)
        grad = np.append(g, (w * (p - y)).sum()) if intercept else g
        return f, grad

    bounds = list(bounds)
    if intercept:
        bounds.append((None, None))
    theta0 = np.zeros(k + (1 if intercept else 0))
    res = minimize(loss, theta0, jac=True, method="L-BFGS-B", bounds=bounds,
                   options={"maxiter": 5000})
    coef = res.x[:k][None, :]
    return coef, np.asarray([res.x[k] if intercept else 0.0])


def _strength(p: Pair) -> float:
    return p.measures["own_cont_d"] + p.measures["cover_d"]


def relation_rows(pairs: Sequence[Pair]
                  ) -> tuple[list[Row], list[Row], list[Row], list[Row]]:
    """Rows for the derived, whole, style and sentence decisions.

    METER: an article's label goes to its pair with the most reuse; every pair of an ND
    article is not derived; the others of a derived article are left out.
    """
    derived: list[Row] = []
    whole: list[Row] = []
    style: list[Row] = []
    sentence: list[Row] = []
    by_article: dict[str, list[Pair]] = {}
    for p in pairs:
        if p.dataset == "meter":
            by_article.setdefault(p.item, []).append(p)
        elif p.dataset == "meter-cross":
            derived.append((p, 0))
        elif p.dataset == "cs":
            derived.append((p, int(p.label != "non")))
            if p.label != "non":
                whole.append((p, 1))
                style.append((p, ("cut", "light", "heavy").index(p.label)))
        elif p.dataset in ("msrp", "msrp-cross"):
            sentence.append((p, int(p.label)))
        elif p.dataset == "msrp-doc":
            derived.append((p, int(p.label != "none")))
            if p.label != "none":
                whole.append((p, int(p.label == "whole")))
    for ps in by_article.values():
        if ps[0].label == "ND":
            derived += [(p, 0) for p in ps]
        else:
            best = max(ps, key=_strength)
            derived.append((best, 1))
            whole.append((best, int(best.label == "WD")))
    return derived, whole, style, sentence


def direction_rows(pairs: Sequence[Pair]) -> list[Row]:
    """Derived pairs whose source is known (``a``), each seen both ways."""
    out: list[Row] = []
    for p in pairs:
        known = ((p.dataset == "meter" and p.label != "ND") or
                 (p.dataset == "cs" and p.label != "non"))
        if known and p.measures["own_cont_d"] >= 0.1:
            out.append((p, 1))
            flipped = Measures.of(
                {k: (-v if k.startswith("dir_") else v) for k, v in p.measures.items()})
            out.append((Pair(p.dataset, p.group, p.item, p.label, flipped), 0))
    return out


def predict(model: dict, measures: dict[str, float]) -> list[float]:
    """Class probabilities of a fitted model, as provcheck reads it."""
    from provcheck.verdict.decide import Logistic

    return Logistic.from_dict(model).proba(measures).tolist()


def _fold(p: Pair) -> str:
    """The cross-validation fold: constructed pairs go with what they were built from."""
    base = p.dataset.replace("-cross", "").replace("-doc", "")
    return f"{base}:{p.group}"


def choose_margin(model: dict, rows: Sequence[Row], target: float = 0.9) -> float:
    """The direction margin: the least that makes the decided pairs of ``rows`` right
    ``target`` of the time, but never leaving more than ``MAX_UNKNOWN`` undecided."""
    import numpy as np

    from provcheck.calibration import CALIBRATION
    from provcheck.verdict.classify import source_probability
    from provcheck.verdict.decide import Logistic

    direction = Logistic.from_dict(model)
    p = np.asarray([source_probability(r[0].measures, direction, CALIBRATION) for r in rows])
    y = np.asarray([r[1] for r in rows])
    distance = np.abs(p - 0.5)
    cap = float(np.quantile(distance, MAX_UNKNOWN))
    for m in np.arange(0.0, 0.5, 0.01):
        decided = distance >= m
        if m > cap:
            break
        if decided.any() and ((p[decided] >= 0.5) == (y[decided] == 1)).mean() >= target:
            return round(float(m), 2)
    return round(float(min(cap, 0.49)), 2)


def fit_plain(pairs: Sequence[Pair]) -> dict:
    """The direction model without the wire cue (``DIRECTION_PLAIN``), no margin."""
    return fit(direction_rows(pairs), DIRECTION_PLAIN, intercept=False,
               monotone=DIRECTION_PLAIN)


def plain_probabilities(pairs: Sequence[Pair]) -> list[float]:
    """For each METER pair of ``direction_rows`` (as measured: the wire text is ``a``),
    the probability that ``a`` is the source by the plain model fitted without its
    story, the wire cue taken away."""
    from provcheck.calibration import CALIBRATION
    from provcheck.verdict.classify import source_probability
    from provcheck.verdict.decide import Logistic

    rows = [p for p, y in direction_rows(pairs) if y == 1 and p.dataset == "meter"]
    out = []
    for g in sorted({_fold(p) for p in rows}):
        model = Logistic.from_dict(fit_plain([p for p in pairs if _fold(p) != g]))
        out += [source_probability(stripped(p.measures), model, CALIBRATION)
                for p in rows if _fold(p) == g]
    return out


def stripped(m: Measures) -> Measures:
    """``m`` as if no side carried an agency marker or a stated date."""
    gone = ("dir_wire", "dir_date", "dir_own_outlet", "dir_credit")
    return Measures.of(dict(m) | dict.fromkeys(gone, 0.0))


def plain_margin(pairs: Sequence[Pair]) -> float:
    """The least margin (from ``MIN_MARGIN``, in steps of 0.005) at which at most
    ``PLAIN_MAX_WRONG`` of the METER pairs' directions, predicted leave one story out
    without the wire cue, name the newspaper as the source."""
    import numpy as np

    p = np.asarray(plain_probabilities(pairs))
    for m in np.arange(MIN_MARGIN, 0.5, 0.005):
        if (p < 0.5 - m).mean() <= PLAIN_MAX_WRONG:
            return round(float(m), 3)
    return 0.49


def orient(pairs: Sequence[Pair], direction: dict) -> list[Pair]:
    """The pairs with their relation measures read from the copy's side where
    ``direction`` names a source (as provcheck does: classify.oriented)."""
    from provcheck.calibration import CALIBRATION
    from provcheck.verdict.classify import oriented
    from provcheck.verdict.decide import Logistic

    model = Logistic.from_dict(direction)
    return [Pair(p.dataset, p.group, p.item, p.label,
                 oriented(p.measures, model, direction["margin"], CALIBRATION))
            for p in pairs]


def fit_all(pairs: Sequence[Pair], margin_plain: float | None = None) -> dict:
    """Every decision fitted on ``pairs``: the direction first, then the relation on
    measures oriented by it. ``margin_plain``: the plain direction model's margin
    (default: :func:`plain_margin` of ``pairs``)."""
    directed = direction_rows(pairs)
    direction = fit(directed, DIRECTION, intercept=False)
    direction["margin"] = max(MIN_MARGIN, choose_margin(direction, directed))
    plain = fit_plain(pairs)
    plain["margin"] = plain_margin(pairs) if margin_plain is None else margin_plain
    derived, whole, style, sentence = relation_rows(orient(pairs, direction))
    # the style as two monotone questions: verbatim (cut) or not; paraphrased (heavy) or not
    reprint = fit([(p, int(y == 0)) for p, y in style], STYLE, monotone=STYLE, c=STYLE_C)
    rewrite = fit([(p, int(y == 2)) for p, y in style], STYLE, decreasing=STYLE, c=STYLE_C)
    return {"derived": fit(derived, RELATION, monotone=MONOTONE_BOTH),
            "whole": fit(whole, WHOLE, monotone=MONOTONE),
            "reprint": reprint, "rewrite": rewrite, "direction": direction,
            "direction_plain": plain,
            "sentence": fit(sentence or derived, RELATION, monotone=MONOTONE_BOTH)}


def cross_validated(pairs: Sequence[Pair], margin_plain: float):  # type: ignore[no-untyped-def]
    """For each pair, the decisions fitted without its fold (METER story, C&S task,
    MSRP fifth; a METER story's constructed pairs go with it); the plain direction
    model's margin is ``margin_plain`` (chosen leave one story out already)."""
    from provcheck.verdict.decide import decisions_from_dict

    out = {}
    for g in sorted({_fold(p) for p in pairs}):
        models = decisions_from_dict(fit_all([p for p in pairs if _fold(p) != g],
                                             margin_plain))
        for p in pairs:
            if _fold(p) == g:
                out[id(p)] = models
    return out


# ---------------------------------------------------------------- figures


def _prf(truth: Sequence[bool], pred: Sequence[bool]) -> tuple[float, float, float]:
    tp = sum(t and q for t, q in zip(truth, pred, strict=True))
    fp = sum(q and not t for t, q in zip(truth, pred, strict=True))
    fn = sum(t and not q for t, q in zip(truth, pred, strict=True))
    return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0,
            2 * tp / (2 * tp + fp + fn) if tp else 0.0)


def _macro(truth: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> float:
    return sum(_prf([t == c for t in truth], [q == c for q in pred])[2]
               for c in labels) / len(labels)


METER_LABEL = {"reprint": "WD", "edited": "WD", "rewrite": "WD", "partial": "PD", None: "ND"}


def figures(pairs: Sequence[Pair], models) -> dict:  # type: ignore[no-untyped-def]
    """Every figure of the dev data under ``models`` (pair id -> Decisions)."""
    from collections import Counter

    from provcheck.calibration import CALIBRATION
    from provcheck.verdict.classify import judged

    cal = CALIBRATION
    decided = {}
    for p in pairs:
        dm = models[id(p)]
        decided[id(p)] = judged(p.measures, dm, cal)[0]  # as classify decides it
    out: dict = {}
    # METER, per article: the strongest relation over its story's PA texts
    by_article: dict[str, list[Pair]] = {}
    for p in pairs:
        if p.dataset == "meter":
            by_article.setdefault(p.item, []).append(p)
    truth, pred = [], []
    for ps in by_article.values():
        # the pair most likely derived (the one with the highest score)
        best = max(ps, key=lambda p: (decided[id(p)].relation is not None,
                                      decided[id(p)].p_derived))
        truth.append(ps[0].label)
        pred.append(METER_LABEL[decided[id(best)].relation])
    dp, dr, df = _prf([t != "ND" for t in truth], [q != "ND" for q in pred])
    out["meter"] = {"articles": len(truth), "macro_f1": _macro(truth, pred, ("WD", "PD", "ND")),
                    "derived_precision": dp, "derived_recall": dr, "derived_f1": df,
                    "confusion": {f"{t}>{q}": n for (t, q), n in
                                  sorted(Counter(zip(truth, pred, strict=True)).items())}}
    # direction of the METER pairs judged derived (PA is a, always the source); and of
    # the same with the wire cue gone (the model without it decides)
    for dataset, name, strip in (("meter", "meter_direction", False), ("cs", "cs_direction", False),
                                 ("meter", "meter_direction_stripped", True)):
        got: Counter[str] = Counter()
        for p in pairs:
            if p.dataset == dataset and decided[id(p)].relation is not None:
                named = judged(stripped(p.measures) if strip else p.measures,
                               models[id(p)], cal)[1]
                got[{"a->b": "right", "b->a": "wrong", "unknown": "unknown"}[named]] += 1
        n = sum(got.values()) or 1
        out[name] = {"pairs": sum(got.values()),
                     **{k: got[k] / n for k in ("right", "wrong", "unknown")}}
    # Clough & Stevenson
    cs = [p for p in pairs if p.dataset == "cs"]
    want = {"cut": "reprint", "light": "edited", "heavy": "rewrite", "non": None}
    four = sum(decided[id(p)].relation == want[p.label] for p in cs) / len(cs)
    binary = sum((decided[id(p)].relation is not None) == (p.label != "non") for p in cs) / len(cs)
    out["cs"] = {"answers": len(cs), "four_class": four, "derived_accuracy": binary}
    # MSRP: same content (reprint / edited / rewrite) against the paraphrase label
    ms = [p for p in pairs if p.dataset == "msrp"]
    if ms:
        same = [decided[id(p)].relation in ("reprint", "edited", "rewrite") for p in ms]
        out["msrp"] = {"pairs": len(ms), "accuracy": sum(
            s == (p.label == "1") for s, p in zip(same, ms, strict=True)) / len(ms)}
    # reliability of the probability of derivation (pairs with a derivation label)
    derived_rows, _, _, sentence_rows = relation_rows(pairs)
    rows = derived_rows + sentence_rows
    bins: list[list[float]] = [[0, 0.0, 0.0] for _ in range(10)]
    for p, y in rows:
        prob = decided[id(p)].p_derived
        b = bins[min(int(prob * 10), 9)]
        b[0] += 1
        b[1] += prob
        b[2] += y
    out["reliability"] = [{"bin": f"{k / 10:.1f}-{(k + 1) / 10:.1f}", "pairs": int(b[0]),
                           "mean_probability": b[1] / b[0] if b[0] else None,
                           "derived_share": b[2] / b[0] if b[0] else None}
                          for k, b in enumerate(bins)]
    return out


def _markdown(mode: str, held: dict, insample: dict) -> list[str]:
    out = [f"### {mode} mode", "",
           "| measure | leave-one-out | in-sample |", "|---|---|---|"]
    rows = [("METER 3-way macro F1 (WD/PD/ND)", "meter", "macro_f1"),
            ("METER derived precision", "meter", "derived_precision"),
            ("METER derived recall", "meter", "derived_recall"),
            ("METER derived F1", "meter", "derived_f1"),
            ("METER direction right (PA named source)", "meter_direction", "right"),
            ("METER direction wrong", "meter_direction", "wrong"),
            ("METER direction unknown", "meter_direction", "unknown"),
            ("METER direction right, wire cue gone", "meter_direction_stripped", "right"),
            ("METER direction wrong, wire cue gone", "meter_direction_stripped", "wrong"),
            ("METER direction unknown, wire cue gone", "meter_direction_stripped", "unknown"),
            ("C&S 4-class accuracy", "cs", "four_class"),
            ("C&S direction right (source named)", "cs_direction", "right"),
            ("C&S direction wrong", "cs_direction", "wrong"),
            ("C&S direction unknown", "cs_direction", "unknown"),
            ("C&S derived accuracy", "cs", "derived_accuracy"),
            ("MSRP accuracy", "msrp", "accuracy")]
    for name, part, key in rows:
        if part in held:
            out.append(f"| {name} | {held[part][key]:.3f} | {insample[part][key]:.3f} |")
    out += ["", "Reliability of the probability of derivation (held-out predictions):", "",
            "| probability | pairs | mean probability | share derived |", "|---|---|---|---|"]
    for b in held["reliability"]:
        if b["pairs"]:
            out.append(f"| {b['bin']} | {b['pairs']} | {b['mean_probability']:.2f} | "
                       f"{b['derived_share']:.2f} |")
    out.append("")
    out.append(f"METER confusion (held out): {held['meter']['confusion']}")
    return [*out, ""]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=None,
                    help="keep the measured pairs in this folder and reuse them")
    ap.add_argument("--msrp-limit", type=int, default=None, metavar="N",
                    help="only the first N MSRP pairs (quicker; the shipped model uses all)")
    ap.add_argument("--modes", default="semantic,fast")
    ap.add_argument("--dry-run", action="store_true", help="report, write nothing")
    ap.add_argument("--without", default="", metavar="MEASURE,...",
                    help="leave these measures out of every decision (an ablation; "
                         "implies --dry-run)")
    ap.add_argument("--weights", default=None, metavar="NAME=W,...",
                    help="dataset weights to try (default: DATASET_WEIGHT)")
    ap.add_argument("--out", type=Path, default=ROOT / "provcheck" / "data" / "decisions.json")
    args = ap.parse_args(argv)
    if args.without:
        global RELATION, WHOLE, STYLE, DIRECTION
        gone = set(args.without.split(","))
        RELATION, WHOLE, STYLE, DIRECTION = (tuple(k for k in names if k not in gone)
                                             for names in (RELATION, WHOLE, STYLE, DIRECTION))
        args.dry_run = True
    if args.weights:
        for item in args.weights.split(","):
            name, w = item.split("=")
            DATASET_WEIGHT[name] = float(w)
    if not evaldata.available():
        print(f"no dev data at {evaldata.DEV}", file=sys.stderr)
        return 2
    model: dict = {"provenance": {
        "fitted_by": "python tools/fit_decisions.py",
        "data": "../shared/eval/dev: METER labelled half, Clough & Stevenson a-c, MSRP train",
        "cross_validation": "leave one METER story out, one C&S task out, MSRP in 5 folds",
        "dataset_weight": DATASET_WEIGHT, "C": C, "max_unknown": MAX_UNKNOWN,
        "figures": {}}, "modes": {}}
    lines = []
    for mode in args.modes.split(","):
        pairs = load_or_collect(mode, args.cache, args.msrp_limit)
        from provcheck.verdict.decide import decisions_from_dict

        fitted = fit_all(pairs)
        full = decisions_from_dict(fitted)
        insample = figures(pairs, {id(p): full for p in pairs})
        held = figures(pairs, cross_validated(pairs, fitted["direction_plain"]["margin"]))
        model["modes"][mode] = fitted
        model["provenance"]["figures"][mode] = {"held_out": held, "in_sample": insample}
        lines += _markdown(mode, held, insample)
    print("\n".join(lines))
    if not args.dry_run:
        args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
