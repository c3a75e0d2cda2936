"""METER through the product: every dev text indexed together, ``scan``, ``report --db``.

    python benchmarks/meter_product.py                       # index, scan, report, score
    python benchmarks/meter_product.py --fit-cache DIR       # and leave one story out
    python benchmarks/meter_product.py --keep DIR            # keep the index and report
    python benchmarks/meter_product.py --reuse DIR           # score a kept run again
    python benchmarks/meter_product.py --write               # into docs/decisions.md

A user does not have METER's oracle pairs (each newspaper article against its own
story's wire texts). This benchmark does what a user does: every text of METER's
``PA/rawtexts`` and ``newspapers/rawtexts`` (../shared/eval/dev/meter) is indexed into
one index (``index add``), ``scan`` finds and judges the pairs, ``report --db`` writes
the derivation edges (as :mod:`meter_e2e` runs them, child processes). Each labelled
newspaper article is then scored by its strongest derivation edge (highest score) to a
wire text of its own story: reprint / edited / rewrite -> WD, partial -> PD, none -> ND.

Beside it, in the same run and on the same stored documents:

* **oracle pairs**: each labelled article compared directly with every wire text of its
  story (the measures and decisions of :mod:`tools.fit_decisions`), the strongest
  decides, as ``benchmarks/meter.py`` scores it;
* **leave one story out** (``--fit-cache DIR``, the measured pairs that
  ``python tools/fit_decisions.py --cache DIR --modes semantic --dry-run`` keeps): each
  pair decided by the decisions fitted without its story, both for the oracle pairs and
  for the pairs the product compared in full (a pair the product never compared stays
  not derived), and for the union of takes the scan compared an article with (derived
  from it, not its source: partial);
* **where each labelled derivation is lost** (WD or PD articles the product calls ND):
  no wire text of its story among the index's candidates for it (either way, as
  ``scan`` plans them), every candidate pair settled by the reuse pre-filter, compared
  in full and judged not derived, or derived in the scan but missing from the report;
* **candidate recall**: of the labelled WD / PD articles, those whose most reused wire
  text (the most of the article's own word 3-grams) is a candidate pair; and of all
  (article, story wire text) pairs where the article has at least ``min_own_reuse`` of
  its own word 3-grams in the wire text, those that are candidates;
* **the fixed word 3-gram containment rule** (WD >= 0.5, PD >= 0.2; the article's
  3-grams in the union of its story's wire texts among its candidates), and its
  derivation clusters (a candidate pair linked where either side's containment in the
  other is 0.2 or more);
* **clusters**: the Adjusted Rand Index of the connected components of the report's
  derivation edges against METER's derivation clusters (:func:`meter_e2e.ari`), and
  of the report's own clusters (derivations and same-story links) on the same truth.

Precision is given beside recall for every binary figure.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import evaldata
import meter
import meter_e2e

from provcheck.calibration import CALIBRATION
from provcheck.language.text import shingles, words
from provcheck.models import Document

DOC = evaldata.ROOT / "docs" / "decisions.md"
SECTION = "meter-product"
DERIVED = meter_e2e.DERIVED
Key = tuple[str, str]
"""(wire file, newspaper file), as METER names them."""
UNION = "<union>"
"""In place of the wire file: the union of takes the scan compared the article with."""


# ---------------------------------------------------------------- the run


@dataclass
class Run:
    db: Path
    report: Path
    corpus: meter_e2e.Corpus
    seconds: dict[str, float]


def product_run(work: Path, workers: int, reuse: bool) -> Run:
    """Index, scan and report METER in ``work`` (or read a kept run's files)."""
    if reuse:
        corpus = meter_e2e.Corpus(work / "meter", work / "passim-in" / "meter.jsonl", [], {})
        names, twin = [], {}
        first: dict[str, str] = {}
        import hashlib

        for part in meter_e2e.PARTS:
            for src in sorted((corpus.texts / part / "rawtexts").rglob("*")):
                if src.is_file():
                    name = src.relative_to(corpus.texts).as_posix()
                    names.append(name)
                    key = hashlib.blake2b(src.read_bytes()).hexdigest()
                    twin[name] = first.setdefault(key, name)
        corpus.names, corpus.twin = names, twin
        return Run(work / "round0.db", work / "report0.json", corpus, {})
    corpus = meter_e2e.prepare(work)
    r = meter_e2e.run_provcheck(corpus, work, workers, 0)
    return Run(r.db, r.report_path, corpus,
               {"index add": r.add.wall, "scan": r.scan.wall, "report --db": r.report.wall})


# ---------------------------------------------------------------- what the index holds


@dataclass
class Held:
    """The run's index, as the benchmark reads it."""

    id_of: dict[str, int]
    """METER file -> index id (a twin file: its twin's)."""
    name_of: dict[int, str]
    docs: dict[int, Document]
    stored: dict[tuple[int, int], tuple[str, str, float]]
    """(lower id, higher id) -> (relation, direction, score) the scan stored."""
    candidates: set[tuple[int, int]]
    """Unordered candidate pairs, as ``scan`` plans them."""
    prefiltered: set[tuple[int, int]]
    """Candidate pairs the reuse pre-filter settles."""
    unions: dict[int, Document]
    """Article id -> the union of the takes the scan compared it with (labelled
    articles only)."""


def read_index(run: Run, wanted: set[str]) -> Held:
    """Documents, stored pairs and every document's candidates (as ``scan`` plans)."""
    from provcheck.collection.index import open_index
    from provcheck.collection.scan_task import plan, prefilter
    from provcheck.collection.union import union_document
    from provcheck.verdict.settings import Settings

    settings = Settings.of(fast=False)
    with open_index(run.db, create=False, readonly=True) as index:
        held = index.documents()
        by_path = {h.path: h.id for h in held}
        id_of = {n: by_path[run.corpus.twin[n]] for n in run.corpus.names
                 if run.corpus.twin[n] in by_path}
        name_of = {h.id: h.path for h in held}
        stored = {(a, b): (rel, d, s) for a, b, rel, d, s in index.pairs()}
        planned = plan(index, [h.id for h in held], (), settings)
        cands = {(min(a, b), max(a, b)) for a, bs in planned.partners.items() for b in bs}
        need = {id_of[n] for n in wanted if n in id_of}
        docs = {i: index.load(i) for i in need}
        pre = set()
        for a, b in cands:
            if a in need and b in need and prefilter(docs[a], docs[b], settings.calibration):
                pre.add((a, b))
        unions = {}
        for a, b in stored:
            found = (index.pair_result(a, b) or {}).get("union")
            if found and found["copy"] in need and found["copy"] not in unions:
                unions[found["copy"]] = union_document(index.load(t) for t in found["takes"])
    return Held(id_of, name_of, docs, stored, cands, pre, unions)


# ---------------------------------------------------------------- the oracle pairs


@dataclass(frozen=True)
class Decided:
    relation: str
    """The derived relation, or ``related`` for not derived."""
    score: float
    direction: str


def without_agency(doc: Document) -> Document:
    """The wire text with every agency marker provcheck reads gone: its outlet (an
    agency's byline), author, stated date and dateline, and the wire page headers,
    desk codes and control marks normalisation set aside (their boilerplate entries)."""
    import dataclasses

    return dataclasses.replace(
        doc, outlet=None, author=None, date=None, date_source=None, dateline=None,
        boilerplate=())


def measure_pairs(held: Held, keys: Sequence[Key], *, strip: bool = False
                  ) -> dict[Key, object]:
    """The measures of every (wire, newspaper) pair, as tools/fit_decisions.py takes them;
    ``strip``: the wire text without its agency markers (:func:`without_agency`)."""
    from provcheck.verdict.align import align
    from provcheck.verdict.classify import features, measure
    from provcheck.verdict.links import link_sentences
    from provcheck.verdict.settings import Settings

    settings = Settings.of(fast=False)
    out: dict[Key, object] = {}
    for pa, art in keys:
        if pa == UNION:
            a, b = held.unions[held.id_of[art]], held.docs[held.id_of[art]]
            links = link_sentences(a, b, settings)
            alignments, _, _ = align(a, b, links, settings)
            out[(pa, art)] = measure(a, b, features(a, b, links, settings), alignments, links)
            continue
        a, b = held.docs[held.id_of[pa]], held.docs[held.id_of[art]]
        if strip:
            a = without_agency(a)
        links = link_sentences(a, b, settings)
        alignments, _, _ = align(a, b, links, settings)
        out[(pa, art)] = measure(a, b, features(a, b, links, settings), alignments, links)
    return out


def decide(measures: object, dm: object) -> Decided:
    """A pair's relation and direction under decisions ``dm`` (PA is side a)."""
    from provcheck.verdict.classify import judged

    # as classify decides (the full direction model where a side is agency copy, the
    # plain one where none is)
    d, named = judged(measures, dm, CALIBRATION)  # type: ignore[arg-type]
    return Decided(d.relation or "related", d.p_derived, named)


def fold_models(cache: Path) -> Callable[[str], object]:
    """Story -> the decisions fitted without it (tools/fit_decisions.py's folds)."""
    import fit_decisions as fd

    from provcheck.verdict.classify import decisions
    from provcheck.verdict.decide import decisions_from_dict

    pairs = fd.load_or_collect("semantic", cache, None)
    folds = sorted({fd._fold(p) for p in pairs})
    models: dict[str, object] = {}
    # the plain direction model's margin was itself chosen leave one story out
    margin = decisions("semantic").plain_margin
    t0 = time.perf_counter()
    for g in folds:
        if g.startswith("meter:"):
            models[g] = decisions_from_dict(
                fd.fit_all([p for p in pairs if fd._fold(p) != g], margin))
    print(f"  {len(models)} leave-one-story-out fits in {time.perf_counter() - t0:.0f} s",
          flush=True)
    return lambda story: models[f"meter:{story}"]


def cue_free_direction(cache: Path, stripped: dict[Key, object], story_of: dict[str, str],
                       margins: Sequence[float] = (0.1, 0.15, 0.2, 0.3)
                       ) -> dict[float, dict[str, float]]:
    """Direction of the stripped pairs by the direction model fitted without the wire
    cue (``direction_plain``: tools/fit_decisions.py's ``DIRECTION_PLAIN``), leave one
    story out, at each of ``margins``: right / wrong / unknown (the shipped margin is
    chosen leave one story out by tools/fit_decisions.py)."""
    import fit_decisions as fd

    from provcheck.verdict.classify import named_source, source_probability
    from provcheck.verdict.decide import Logistic

    pairs = fd.load_or_collect("semantic", cache, None)
    prob: dict[Key, float] = {}
    for story in sorted({story_of[k[1]] for k in stripped}):
        model = Logistic.from_dict(
            fd.fit_plain([p for p in pairs if fd._fold(p) != f"meter:{story}"]))
        for k, m in stripped.items():
            if story_of[k[1]] == story:
                prob[k] = source_probability(m, model, CALIBRATION)  # type: ignore[arg-type]
    return {margin: directions({k: Decided("", 0.0, named_source(p, margin))
                                for k, p in prob.items()}, prob)
            for margin in margins}


# ---------------------------------------------------------------- scoring


def label_of(relation: str | None) -> str:
    return meter.TO_LABEL.get(relation or "related", "ND")


def directions(found: dict[Key, Decided], keys: Iterable[Key]) -> dict[str, float]:
    """Of the pairs ``keys`` (judged derived), the share whose direction names the wire
    text the source (right), the newspaper (wrong), or neither (unknown)."""
    got = Counter({"a->b": "right", "b->a": "wrong"}.get(found[k].direction, "unknown")
                  for k in keys)
    n = sum(got.values()) or 1
    return {"pairs": float(sum(got.values())),
            **{k: got[k] / n for k in ("right", "wrong", "unknown")}}


def strongest(found: Sequence[Decided]) -> str:
    derived = [d for d in found if d.relation in DERIVED]
    return label_of(max(derived, key=lambda d: d.score).relation) if derived else "ND"


def scores(truth: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    conf = meter.confusion(truth, pred)
    p, r, f = meter.class_scores(conf)
    dp, dr, df = meter.binary_prf([t != "ND" for t in truth], [q != "ND" for q in pred])
    out = {"macro_f1": float(meter.macro_f1_of(conf)), "derived_precision": dp,
           "derived_recall": dr, "derived_f1": df}
    for k, lab in enumerate(meter.LABELS):
        out |= {f"{lab}_precision": float(p[k]), f"{lab}_recall": float(r[k]),
                f"{lab}_f1": float(f[k])}
    return out


def own_containment(doc: Document, source: Document) -> float:
    mine = shingles(words(doc.body), 3)
    return len(mine & shingles(words(source.body), 3)) / len(mine) if mine else 0.0


def union_containment(doc: Document, sources: Sequence[Document]) -> float:
    return meter.containment_in_union(doc, sources)


def report_edges(run: Run) -> list[tuple[str, str, str, float]]:
    rep = json.loads(run.report.read_text(encoding="utf-8"))
    return [(e["a"], e["b"], e["relation"], float(e.get("score", 0.0)))
            for e in rep["edges"] if e["relation"] in DERIVED]


def pair_of(held: Held, x: str, y: str) -> tuple[int, int]:
    a, b = held.id_of[x], held.id_of[y]
    return min(a, b), max(a, b)


def loss(held: Held, art: meter.Article, story_pas: Sequence[str],
         oracle: dict[Key, Decided]) -> str:
    """Where a labelled derivation the product calls ND was lost: the wire texts the
    article is judged derived from when compared directly (the oracle pairs) were
    never candidates, pre-filtered away, or compared in full and judged otherwise; a
    derivation the scan stored that the report lacks; or no wire text of its story
    is judged derived from when compared alone."""
    pairs = [pair_of(held, pa, art.file) for pa in story_pas]
    if any(held.stored.get(p, ("",))[0] in DERIVED for p in pairs):
        return "derived in the scan, lost at the report"
    found = [pair_of(held, pa, art.file) for pa in story_pas
             if oracle[(pa, art.file)].relation in DERIVED]
    if not found:
        return "no single wire text judged derived from, compared directly"
    if not any(p in held.candidates for p in found):
        return "never a candidate"
    if all(p in held.prefiltered for p in found if p in held.candidates):
        return "pre-filtered away"
    return "compared in full, judged not derived"


def score_all(run: Run, held: Held, items: Sequence[meter.Article],
              oracle: dict[Key, Decided], held_out: dict[Key, Decided] | None) -> dict:
    """Every figure of the run (see the module notes)."""
    edges: dict[tuple[int, int], str] = {}
    best_edge: dict[tuple[int, int], float] = {}
    for a, b, rel, s in report_edges(run):
        if a in held.id_of and b in held.id_of:
            p = pair_of(held, a, b)
            if s >= best_edge.get(p, -1.0):
                edges[p], best_edge[p] = rel, s
    truth, product, oracle_pred, loso_product, loso_oracle, cont_pred = [], [], [], [], [], []
    lost: Counter[str] = Counter()
    confused: Counter[str] = Counter()
    best_recall: list[bool] = []
    pair_recall: list[bool] = []
    for art in items:
        pas = [pa for pa in art.pa if pa in held.id_of]
        if art.file not in held.id_of or not pas:
            continue
        truth.append(art.label)
        mine = [(best_edge[p], edges[p]) for p in (pair_of(held, pa, art.file) for pa in pas)
                if p in edges]
        got = label_of(max(mine)[1]) if mine else "ND"
        product.append(got)
        if art.label != "ND" and got == "ND":
            lost[loss(held, art, pas, oracle)] += 1
        elif art.label not in ("ND", got):
            confused[f"{art.label} judged {got}"] += 1
        oracle_pred.append(strongest([oracle[(pa, art.file)] for pa in pas]))
        full = [pa for pa in pas if pair_of(held, pa, art.file) in held.candidates
                and pair_of(held, pa, art.file) not in held.prefiltered]
        if held_out is not None:
            loso_oracle.append(strongest([held_out[(pa, art.file)] for pa in pas]))
            mine = [held_out[(pa, art.file)] for pa in full]
            if (UNION, art.file) in held_out:  # derived from the union: partial of its takes
                u = held_out[(UNION, art.file)]
                if u.relation in DERIVED and u.direction != "b->a":
                    mine.append(Decided("partial", u.score, u.direction))
            loso_product.append(strongest(mine))
        doc = held.docs[held.id_of[art.file]]
        reach = [held.docs[held.id_of[pa]] for pa in pas
                 if pair_of(held, pa, art.file) in held.candidates]
        cont_pred.append(meter.cut_label(union_containment(doc, reach)))
        if art.label != "ND":
            conts = {pa: own_containment(doc, held.docs[held.id_of[pa]]) for pa in pas}
            best = max(pas, key=lambda pa: conts[pa])
            best_recall.append(pair_of(held, best, art.file) in held.candidates)
            pair_recall += [pair_of(held, pa, art.file) in held.candidates for pa in pas
                            if conts[pa] >= CALIBRATION.min_own_reuse]
    out = {"articles": len(truth), "product": scores(truth, product),
           "oracle": scores(truth, oracle_pred), "containment": scores(truth, cont_pred),
           "lost": dict(lost), "confused": dict(confused),
           "derived_articles": sum(t != "ND" for t in truth),
           "candidate_recall_best": sum(best_recall) / max(1, len(best_recall)),
           "candidate_recall_pairs": sum(pair_recall) / max(1, len(pair_recall)),
           "reusing_pairs": len(pair_recall),
           "candidate_pairs": len(held.candidates)}
    if held_out is not None:
        out["loso_product"] = scores(truth, loso_product)
        out["loso_oracle"] = scores(truth, loso_oracle)
    out |= clusters(run, held)
    return out


def clusters(run: Run, held: Held) -> dict[str, float]:
    """ARI of the report's derivation components and of the containment rule's."""
    links = [(a, b) for a, b, _, _ in report_edges(run)]
    ari_product = meter_e2e.ari(run.corpus, meter_e2e.components(run.corpus.names, links))
    # the containment rule over the same candidate pairs, on the documents it needs
    from provcheck.collection.index import open_index

    grams: dict[int, set[tuple[str, ...]]] = {}
    with open_index(run.db, create=False, readonly=True) as index:
        for h in index.documents():
            grams[h.id] = shingles(words(index.load(h.id).body), 3)
    cont_links = []
    for a, b in held.candidates:
        x, y = grams[a], grams[b]
        shared = len(x & y)
        if shared and max(shared / max(1, len(x)), shared / max(1, len(y))) >= meter.FIXED_PD:
            cont_links.append((held.name_of[a], held.name_of[b]))
    ari_cont = meter_e2e.ari(run.corpus, meter_e2e.components(run.corpus.names, cont_links))
    rep = json.loads(run.report.read_text(encoding="utf-8"))
    ari_report = meter_e2e.ari(run.corpus, {x: k for k, c in enumerate(rep["clusters"])
                                            for x in c})
    return {"ari_product": ari_product, "ari_containment": ari_cont,
            "ari_report_clusters": ari_report}


# ---------------------------------------------------------------- output


ROWS = (("3-way macro F1 (WD / PD / ND)", "macro_f1"),
        ("WD precision / recall / F1", "WD"), ("PD precision / recall / F1", "PD"),
        ("ND precision / recall / F1", "ND"),
        ("derived precision / recall / F1", "derived"))


def _cell(s: dict[str, float] | None, key: str) -> str:
    if s is None:
        return "not run"
    if key == "macro_f1":
        return f"{s[key]:.3f}"
    return f"{s[f'{key}_precision']:.3f} / {s[f'{key}_recall']:.3f} / {s[f'{key}_f1']:.3f}"


def markdown(fig: dict, cmd: str, seconds: dict[str, float]) -> str:
    cols = [("through the product (shipped decisions)", fig["product"]),
            ("through the product, leave one story out", fig.get("loso_product")),
            ("oracle pairs (shipped decisions)", fig["oracle"]),
            ("oracle pairs, leave one story out", fig.get("loso_oracle")),
            ("fixed 3-gram containment, candidates' union", fig["containment"])]
    lines = [f"Generated by `{cmd}`: {fig['articles']} labelled METER dev articles "
             f"({fig['derived_articles']} WD or PD); every METER dev text indexed together.",
             "", "| figure | " + " | ".join(c for c, _ in cols) + " |",
             "|---|" + "---|" * len(cols)]
    for name, key in ROWS:
        lines.append(f"| {name} | " + " | ".join(_cell(s, key) for _, s in cols) + " |")
    lines.append(f"| derivation clusters, ARI | {fig['ari_product']:.3f} | | | | "
                 f"{fig['ari_containment']:.3f} |")
    lines.append(f"| the report's clusters (same-story links too), ARI | "
                 f"{fig['ari_report_clusters']:.3f} | | | | |")
    lost = ", ".join(f"{k} {v}" for k, v in sorted(fig["lost"].items(), key=lambda x: -x[1]))
    confused = ", ".join(f"{k} {v}" for k, v in sorted(fig["confused"].items()))
    lines += ["", f"Derived articles the product calls ND, where lost: {lost or 'none'}; "
              f"derived but the wrong kind: {confused or 'none'}.", "",
              f"Candidate recall: {fig['candidate_recall_best']:.3f} of the WD / PD "
              f"articles have their most reused wire text among the candidates; "
              f"{fig['candidate_recall_pairs']:.3f} of the {fig['reusing_pairs']} (article, "
              f"story wire text) pairs where the article has at least "
              f"{CALIBRATION.min_own_reuse} of its own word 3-grams in the wire text; "
              f"{fig['candidate_pairs']:,} candidate pairs in all."]
    lines += ["", "Direction of the oracle pairs judged derived (the wire text is always the "
              "source): right / wrong / unknown"]
    for label, key in (("as written", "direction"),
                       ("agency markers removed from the wire text", "direction_no_agency"),
                       ("agency markers removed, leave one story out",
                        "direction_no_agency_loso")):
        if key in fig:
            d = fig[key]
            lines.append(f"- {label}: {d['right']:.2f} / {d['wrong']:.2f} / "
                         f"{d['unknown']:.2f} ({int(d['pairs'])} pairs)")
    if "direction_cue_free" in fig:
        lines += ["", "Agency markers removed, the direction model fitted without the wire "
                  "cue alone (`direction_plain`, leave one story out; the shipped rule adds "
                  "the full model where this one leans its way), by the margin around 0.5 "
                  "inside which the direction is unknown (shipped: "
                  f"{fig.get('plain_margin', 0.0):.3f}): right / wrong / unknown"]
        for margin, d in fig["direction_cue_free"].items():
            lines.append(f"- margin {margin}: {d['right']:.2f} / {d['wrong']:.2f} / "
                         f"{d['unknown']:.2f}")
    if seconds:
        lines += ["", "Wall time: " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items())
                  + "."]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, default=None, help="work here and keep the run")
    ap.add_argument("--reuse", type=Path, default=None, help="score a run kept with --keep")
    ap.add_argument("--fit-cache", type=Path, default=None,
                    help="tools/fit_decisions.py's --cache folder: leave one story out")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here")
    ap.add_argument("--write", action="store_true", help=f"replace {SECTION} in {DOC.name}")
    args = ap.parse_args(argv)
    if not meter.METER.is_dir():
        print(f"skipped: {meter.METER} is absent (the evaluation data sits in ../shared/eval)")
        return 0
    if args.reuse:
        work = args.reuse
    else:
        work = args.keep or Path(tempfile.mkdtemp(prefix="provcheck-meter-product-"))
        work.mkdir(parents=True, exist_ok=True)
    run = product_run(work, args.workers, args.reuse is not None)
    items = meter.articles()
    wanted = {n for a in items for n in (a.file, *a.pa)}
    t0 = time.perf_counter()
    held = read_index(run, wanted)
    print(f"  candidates and pre-filter read in {time.perf_counter() - t0:.0f} s", flush=True)
    keys = sorted({(pa, a.file) for a in items for pa in a.pa
                   if pa in held.id_of and a.file in held.id_of})
    t0 = time.perf_counter()
    measures = measure_pairs(held, keys)
    print(f"  {len(keys)} oracle pairs measured in {time.perf_counter() - t0:.0f} s", flush=True)
    from provcheck.verdict.classify import decisions

    shipped = decisions("semantic")
    oracle = {k: decide(m, shipped) for k, m in measures.items()}
    held_out = None
    if args.fit_cache:
        story_of = {a.file: "/".join(a.story) for a in items}
        model_of = fold_models(args.fit_cache)
        held_out = {k: decide(m, model_of(story_of[k[1]])) for k, m in measures.items()}
        # the unions the scan compared, decided by the decisions fitted without the story
        united = [(UNION, a.file) for a in items
                  if a.file in held.id_of and held.id_of[a.file] in held.unions]
        held_out |= {k: decide(m, model_of(story_of[k[1]]))
                     for k, m in measure_pairs(held, united).items()}
    fig = score_all(run, held, items, oracle, held_out)
    derived = [k for k, d in oracle.items() if d.relation in DERIVED]
    stripped = measure_pairs(held, derived, strip=True)
    fig["direction"] = directions(oracle, derived)
    fig["direction_no_agency"] = directions(
        {k: decide(m, shipped) for k, m in stripped.items()}, derived)
    if args.fit_cache:
        fig["direction_no_agency_loso"] = directions(
            {k: decide(m, model_of(story_of[k[1]])) for k, m in stripped.items()}, derived)
        fig["direction_cue_free"] = cue_free_direction(args.fit_cache, stripped, story_of)
        fig["plain_margin"] = shipped.plain_margin
    cmd = "python benchmarks/meter_product.py" + (" --fit-cache DIR" if args.fit_cache else "")
    text = markdown(fig, cmd, run.seconds)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(fig, indent=1), encoding="utf-8")
    if args.write:
        from facts_eval import write_section

        write_section(DOC, SECTION, "## METER through the product\n\n" + text)
        print(f"written: {DOC.relative_to(evaldata.ROOT)} ({SECTION})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
