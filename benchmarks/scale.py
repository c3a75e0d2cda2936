"""Scale benchmark of the index, ``check`` and ``scan`` on a collection built from real text.

    python benchmarks/scale.py --n 10000                    # writes docs/performance.md
    python benchmarks/scale.py --n 100000 --workers 2
    python benchmarks/scale.py --n 10000 --engine spark     # scan with Spark local[2]

The collection (all text is real, from ../shared/eval/dev):

* **background** articles of 3 to 5 sentences drawn from METER's newspaper and wire
  texts and from MSRP sentences. There are about 27k distinct sentences, so past
  about 7k articles sentences are reused in new combinations: two background
  articles may share a sentence, which is what real wire-fed collections look like
  and is a partial reuse at most;
* **planted** pairs, with a source article built from sentences no other article
  uses: ``reprint`` (the source with a dateline added and its last sentence cut),
  ``edited`` (each sentence replaced by another paper's edit of it: METER sentences
  that keep 40-85% of a kept sentence's word 3-grams) and ``rewrite`` (the source is
  made of MSRP paraphrase pairs' first sentences, the copy of their second
  sentences: human rewrites);
* **controls**: articles made of sentences that no indexed article holds.

``check`` runs each planted copy and each control against the index (the copies are
not in it yet): a planted copy is found when its source is named among the failing
findings (default ``--fail-on rewrite``); a control that fails is a false flag.
Then the copies are added and ``scan`` runs over everything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaldata

from provcheck.collection.check import check_document
from provcheck.collection.index import open_index
from provcheck.collection.scan import scan
from provcheck.ingest.normalize import normalize_text
from provcheck.language.text import sentences
from provcheck.verdict.similarity import default_embedder

DOC = evaldata.ROOT / "docs" / "performance.md"
KINDS = ("reprint", "edited", "rewrite")
LEVEL = {"reprint": 0, "edited": 1, "rewrite": 2, "partial": 3}


@dataclass
class Planted:
    kind: str
    source: str
    copy: str
    source_path: str
    copy_path: str


def sentence_pool() -> tuple[list[str], list[tuple[str, str]], dict[str, str]]:
    """(distinct, mutually independent real sentences, MSRP paraphrase pairs).

    METER is a corpus of reuse (newspaper articles rewritten from the same wire
    copy), so a sentence that shares a fifth of its word 3-grams with a sentence already
    taken is left out: the background must not hold copies the benchmark does not
    know about. MSRP gives the first sentence of its non-paraphrase pairs (its
    paraphrase pairs are kept for planted rewrites), PAWS the first of each pair.
    """
    seen: dict[str, None] = {}
    grams: dict[tuple[str, ...], str] = {}
    variants: dict[str, str] = {}

    def offer(s: str) -> None:
        ws = re.findall(r"\w+", s.lower())
        g = {tuple(ws[i : i + 3]) for i in range(len(ws) - 2)}
        if not g:
            return
        shared = [grams[x] for x in sorted(g) if x in grams]  # sorted: same run to run
        if len(shared) < 0.2 * len(g):
            seen.setdefault(s, None)
            grams.update(dict.fromkeys(g, s))
            return
        # a real edit of a kept sentence (METER papers rework the same wire copy):
        # most of its words, not all, come from one kept sentence
        kept, n = Counter(shared).most_common(1)[0]
        same_words = re.findall(r"\w+", kept.lower()) == ws
        if 0.4 * len(g) <= n <= 0.85 * len(g) and kept not in variants and not same_words:
            variants[kept] = s

    for f in sorted((evaldata.DEV / "meter").rglob("*.txt")):
        text = f.read_bytes().decode("latin-1")
        for raw in re.split(r"\n\s*\n", text):
            para = raw.replace("<", " ").replace("``", '"').replace("''", '"')
            for s in sentences(" ".join(para.split())):
                if 8 <= len(s.split()) <= 60 and not re.search(r"\d\d:\d\d|\bPA\b", s):
                    offer(s)
    pairs = []
    for p in evaldata.msrp():
        if p.label == 1:
            pairs.append((p.a, p.b))
        else:
            offer(p.a)
    import facts_eval

    for r in facts_eval.paws_rows():
        offer(r.a.replace(" ,", ",").replace(" .", "."))
    return list(seen), pairs, variants


def article(title: str, sents: list[str]) -> str:
    paras = [" ".join(sents[i : i + 2]) for i in range(0, len(sents), 2)]
    return title + "\n\n" + "\n\n".join(paras) + "\n"


def build(n: int, planted_per_kind: int, controls: int, seed: int = 7) -> tuple[
    list[tuple[str, str]], list[Planted], list[tuple[str, str]]
]:
    """(background + sources as (path, text)), planted pairs, controls as (path, text)."""
    rng = random.Random(seed)
    pool, pairs, variants = sentence_pool()
    edited_sources = sorted(variants)
    rng.shuffle(edited_sources)
    edited_sources = edited_sources[: 5 * planted_per_kind]
    taken = set(edited_sources)
    pool = [s for s in pool if s not in taken]
    rng.shuffle(pool)
    rng.shuffle(pairs)
    reserved = 5 * (planted_per_kind * 2 + controls)
    held_out, pool = pool[:reserved], pool[reserved:]
    planted: list[Planted] = []
    docs: list[tuple[str, str]] = []
    take = iter(held_out)
    for kind in KINDS:
        for k in range(planted_per_kind):
            if kind == "rewrite":
                chosen = [pairs.pop() for _ in range(4)]
                src, cpy = [a for a, _ in chosen], [b for _, b in chosen]
            elif kind == "edited":
                src = edited_sources[5 * k : 5 * k + 5]
                cpy = [variants[x] for x in src]
            else:
                src = [next(take) for _ in range(5)]
                cpy = ["LONDON - " + src[0], *src[1:-1]]
            sp, cp = f"planted/{kind}-{k}-source.txt", f"planted/{kind}-{k}-copy.txt"
            planted.append(Planted(kind, article(f"Source {kind} {k}", src),
                                   article(f"Copy {kind} {k}", cpy), sp, cp))
            docs.append((sp, planted[-1].source))
    ctrl = [(f"controls/c{k}.txt", article(f"Control {k}", [next(take) for _ in range(4)]))
            for k in range(controls)]
    cursor, cycle = 0, 0
    current = list(pool)
    while len(docs) < n:
        size = rng.randint(3, 5)
        if cursor + size > len(current):
            cycle += 1
            current = respell(pool, cycle)
            rng.shuffle(current)
            cursor = 0
        docs.append((f"background/b{len(docs)}.txt",
                     article(f"Article {len(docs)}", current[cursor : cursor + size])))
        cursor += size
    return docs, planted, ctrl


def respell(pool: list[str], cycle: int) -> list[str]:
    """The pool again, each content word swapped for another by a fixed permutation.

    The real sentences run out at about 3,700 background articles. Past that, each
    new pass over them keeps their syntax, function words and numbers but permutes
    the content words (a different permutation per pass), so that the background
    keeps growing without holding copies of itself, which would be reuse the
    benchmark does not know about. Planted pairs and controls are untouched real text.
    """
    from provcheck.verdict.similarity import STOPWORDS

    vocab = sorted({w.lower() for s in pool for w in re.findall(r"[A-Za-z]+", s)} - STOPWORDS)
    shuffled = list(vocab)
    random.Random(1000 + cycle).shuffle(shuffled)
    mapping = dict(zip(vocab, shuffled, strict=True))

    def swap(m: re.Match[str]) -> str:
        w = m.group()
        new = mapping.get(w.lower())
        if new is None:
            return w
        return new.capitalize() if w[0].isupper() else new

    return [re.sub(r"[A-Za-z]+", swap, s) for s in pool]


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def cold_checks(db: Path, files: list[Path]) -> tuple[list[float], list[float]]:
    """Wall time of ``provcheck check FILE`` in a fresh process, and its in-process part."""
    walls, inner = [], []
    for f in files:
        t0 = time.perf_counter()
        r = subprocess.run(
            [sys.executable, "-c",
             "import time, sys; t=time.perf_counter();"
             "from provcheck.cli import app;"
             "import typer;"
             "sys.argv=['provcheck','check',sys.argv[1],'--db',sys.argv[2],'-f','json'];"
             "exec(\"try:\\n app()\\nexcept SystemExit: pass\");"
             "print('INNER', time.perf_counter()-t, file=sys.stderr)",
             str(f), str(db)],
            capture_output=True, text=True, check=False,
        )
        walls.append(time.perf_counter() - t0)
        m = re.search(r"INNER ([\d.]+)", r.stderr)
        if m:
            inner.append(float(m.group(1)))
    return walls, inner


def run(n: int, workers: int, engine: str, planted_per_kind: int, controls: int,
        work: Path) -> dict[str, object]:
    docs, planted, ctrl = build(n, planted_per_kind, controls)
    db = work / "index.db"
    embedder = default_embedder()
    res: dict[str, object] = {"n": n, "workers": workers, "engine": engine}
    # 1. index build
    t0 = time.perf_counter()
    with open_index(db) as index:
        for path, text in docs:
            index.add(normalize_text(text, label=path), embedder)
        index.checkpoint()
    build_s = time.perf_counter() - t0
    res["build_s"] = build_s
    res["build_rate"] = len(docs) / build_s
    res["db_bytes"] = sum(p.stat().st_size for p in work.glob("index.db*"))
    # 2. check: warm (in process)
    outcomes: dict[str, list[str]] = {k: [] for k in KINDS}
    latencies: list[float] = []
    flags = 0
    with open_index(db) as index:
        for p in planted:
            d = normalize_text(p.copy, label=p.copy_path)
            t = time.perf_counter()
            r = check_document(index, d, embedder=embedder)
            latencies.append(time.perf_counter() - t)
            hit = [f for f in r.findings if f.fails and f.path == p.source_path]
            wrong = [f for f in r.findings if f.fails and f.path != p.source_path]
            flags += len(wrong)
            outcomes[p.kind].append(hit[0].relation if hit else
                                    (r.findings[0].relation if r.findings else "none"))
        ctrl_flags = 0
        for path, text in ctrl:
            d = normalize_text(text, label=path)
            t = time.perf_counter()
            r = check_document(index, d, embedder=embedder)
            latencies.append(time.perf_counter() - t)
            ctrl_flags += r.status == "fail"
    found = {k: sum(o in LEVEL and LEVEL[o] <= LEVEL["rewrite"] for o in v)
             for k, v in outcomes.items()}
    tp = sum(found.values())
    res["check_warm_p50_ms"] = 1000 * statistics.median(latencies)
    res["check_warm_p95_ms"] = 1000 * pct(latencies, 0.95)
    res["recall"] = {k: found[k] / len(v) for k, v in outcomes.items()}
    res["outcomes"] = {k: dict(sorted({o: v.count(o) for o in set(v)}.items()))
                       for k, v in outcomes.items()}
    res["precision"] = tp / (tp + flags + ctrl_flags) if tp + flags + ctrl_flags else 1.0
    res["control_false_flags"] = ctrl_flags
    res["wrong_source_flags"] = flags
    # 3. check: cold, a fresh process per document
    qdir = work / "queries"
    qdir.mkdir()
    files = []
    for k, p in enumerate(planted[:: max(1, len(planted) // 10)]):
        f = qdir / f"q{k}.txt"
        f.write_text(p.copy, encoding="utf-8")
        files.append(f)
    for k, (_, text) in enumerate(ctrl[:10]):
        f = qdir / f"c{k}.txt"
        f.write_text(text, encoding="utf-8")
        files.append(f)
    walls, inner = cold_checks(db, files)
    res["check_cold_wall_p50_ms"] = 1000 * statistics.median(walls)
    res["check_cold_wall_p95_ms"] = 1000 * pct(walls, 0.95)
    if inner:
        res["check_cold_inprocess_p50_ms"] = 1000 * statistics.median(inner)
        res["check_cold_inprocess_p95_ms"] = 1000 * pct(inner, 0.95)
    # 4. scan, with the copies added
    with open_index(db) as index:
        for p in planted:
            index.add(normalize_text(p.copy, label=p.copy_path), embedder)
        paths = {h.id: h.path for h in index.documents()}
    twin = work / "twin.db"
    if engine != "local":  # the same index, scanned by the local engine, to compare pairs
        with open_index(db) as index:
            index.checkpoint()
        shutil.copy(db, twin)
    t0 = time.perf_counter()
    s = scan(db, engine=engine, workers=workers)
    res["scan_s"] = time.perf_counter() - t0
    if engine != "local":
        scan(twin, engine="local", workers=workers)
        with open_index(db) as x, open_index(twin) as y:
            mine, local = set(x.pairs()), set(y.pairs())
        res["same_pairs_as_local"] = mine == local
        res["pairs_differing_from_local"] = len(mine ^ local)
    res["scan_documents"] = s.documents
    with open_index(db) as index:
        pairs = list(index.pairs())
    want = {(p.source_path, p.copy_path): p.kind for p in planted}
    strong = [(paths[a], paths[b], rel) for a, b, rel, _, _ in pairs
              if rel in ("reprint", "edited", "rewrite")]
    got = {(x, y) for x, y, _ in strong} | {(y, x) for x, y, _ in strong}
    res["scan_recall"] = {k: sum((sp, cp) in got for (sp, cp), kk in want.items() if kk == k)
                          / planted_per_kind for k in KINDS}
    res["scan_precision"] = (sum(1 for x, y, _ in strong if (x, y) in want or (y, x) in want)
                             / len(strong)) if strong else 1.0
    res["scan_pairs"] = len(pairs)
    res["peak_rss_mb"] = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    ) / 1024
    return res


def markdown(res: dict[str, object]) -> str:
    r = res
    rec = r["recall"]
    srec = r["scan_recall"]
    assert isinstance(rec, dict) and isinstance(srec, dict)
    lines = [
        f"### {r['n']:,} documents (engine {r['engine']}, workers {r['workers']})",
        "",
        "| measure | value |",
        "|---|---|",
        f"| index build | {r['build_s']:.0f} s, {r['build_rate']:.0f} documents/s |",
        f"| size on disk | {int(r['db_bytes']) / 2**20:.0f} MiB |",  # type: ignore[call-overload]
        f"| check, warm (in process), p50 / p95 | {r['check_warm_p50_ms']:.0f} / "
        f"{r['check_warm_p95_ms']:.0f} ms per document |",
        f"| check, cold (fresh process, wall), p50 / p95 | {r['check_cold_wall_p50_ms']:.0f} / "
        f"{r['check_cold_wall_p95_ms']:.0f} ms |",
    ]
    if "check_cold_inprocess_p50_ms" in r:
        lines.append(
            f"| check, cold, after interpreter start, p50 / p95 | "
            f"{r['check_cold_inprocess_p50_ms']:.0f} / {r['check_cold_inprocess_p95_ms']:.0f} ms |"
        )
    lines += [
        f"| check recall (source named, rewrite or stronger): reprint / edited / rewrite | "
        f"{rec['reprint']:.2f} / {rec['edited']:.2f} / {rec['rewrite']:.2f} |",
        f"| check precision (planted found over all failing findings) | "
        f"{r['precision']:.3f} ({r['control_false_flags']} controls flagged, "
        f"{r['wrong_source_flags']} wrong sources) |",
        f"| check outcomes per kind | {json.dumps(r['outcomes'])} |",
        f"| scan time | {r['scan_s']:.0f} s for {r['scan_documents']:,} documents |",
        f"| scan recall: reprint / edited / rewrite | {srec['reprint']:.2f} / "
        f"{srec['edited']:.2f} / {srec['rewrite']:.2f} |",
        f"| scan precision (pairs rewrite or stronger that were planted) | "
        f"{r['scan_precision']:.3f} ({r['scan_pairs']} related or derived pairs stored) |",
        f"| peak memory (RSS, this process or a worker) | {r['peak_rss_mb']:.0f} MiB |",
    ]
    if "same_pairs_as_local" in r:
        lines.append(
            f"| pairs equal to the local engine's on the same index | "
            f"{'yes' if r['same_pairs_as_local'] else 'no'} "
            f"({r['pairs_differing_from_local']} differ) |"
        )
    lines += [
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--engine", choices=["local", "spark"], default="local")
    ap.add_argument("--planted", type=int, default=50, help="planted pairs per kind")
    ap.add_argument("--controls", type=int, default=150)
    ap.add_argument("--keep", type=Path, help="keep the collection and index here")
    ap.add_argument("--json", type=Path, help="also write the raw figures here")
    args = ap.parse_args()
    if not evaldata.available():
        print(f"skipped: {evaldata.DEV} is absent")
        return 0
    work = Path(tempfile.mkdtemp(prefix="provcheck-scale-"))
    try:
        res = run(args.n, args.workers, args.engine, args.planted, args.controls, work)
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    res["date"] = dt.date.today().isoformat()
    res["cpus"] = os.cpu_count()
    text = markdown(res)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(res, indent=2), encoding="utf-8")
    name = f"scale-{args.n}-{args.engine}-{args.workers}"
    body = (f"Generated by `python benchmarks/scale.py --n {args.n} --engine {args.engine} "
            f"--workers {args.workers}` on {res['date']} ({res['cpus']} CPUs).\n\n" + text)
    from facts_eval import write_section

    write_section(DOC, name, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
