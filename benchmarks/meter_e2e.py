"""The METER collection end to end, provcheck against passim, in one run.

    python benchmarks/meter_e2e.py                      # one round, prints the table
    python benchmarks/meter_e2e.py --rounds 3 --write   # medians of 3, into docs/performance.md
    python benchmarks/meter_e2e.py --skip-passim        # provcheck's stages only
    PASSIM_HOME=... PASSIM_PYTHON=... python benchmarks/meter_e2e.py \
        --passim benchmarks/passim/run-passim --rounds 3 --write   # see benchmarks/passim/

Data: every text of METER's ``PA/rawtexts`` and ``newspapers/rawtexts``
(../shared/eval/dev/meter, latin-1), written once per run into a temporary folder as
UTF-8 text files (what provcheck reads) and as one JSON-lines file of ``{"id", "text"}``
records, the same texts (what passim reads). Each round runs, as child processes, the
tools one after the other (passim first in odd rounds, provcheck first in even ones, so
that both see the same load):

* **passim**: ``PASSIM INPUT.jsonl OUTDIR``, default settings (``--passim``, default the
  ``passim`` on ``PATH``; passim 2 runs its Spark job through ``spark-submit``);
* **provcheck**: ``index add`` of the folder into a fresh index, ``scan --workers 2``,
  ``report --db INDEX --format json --output FILE``.

Each command is timed by wall clock; its memory is sampled every 0.1 s over its whole
process tree (``psutil``): the peak resident set of the largest single process (the
figure compared) and the peak of the tree's sum. Figures are medians over rounds.

Pairs per stage: documents indexed; the candidate pairs the index's search proposes
(each document's candidates, as ``scan`` asks for them, counted once per unordered
pair and once per document asking: how many comparisons ``scan`` runs); the pairs
``scan`` stored, per relation; the report's derivation edges and clusters. For passim:
its reused passages, clusters and the document pairs sharing a cluster.

Quality, both tools measured the same way: the Adjusted Rand Index
(``meter.adjusted_rand_index``) of the derived-text clusters against METER's derivation
clusters. Truth, over the stories of ``derivation-labels.csv``: a story's PA texts and
its newspaper articles labelled WD or PD are one cluster, each ND article is alone.
Prediction: connected components of the tool's derivation links over the whole
collection (provcheck: the report's derivation edges; passim: two texts holding passages
of one passim cluster), read on the same files; a text linked to nothing is alone. A
file whose content another file repeats (the index keeps one document per content)
takes its twin's cluster. Beside it, provcheck's own report clusters (derivations and
same-story links) on the same truth.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaldata

METER = evaldata.DEV / "meter"
DOC = evaldata.ROOT / "docs" / "performance.md"
SECTION = "meter-e2e"
PARTS = ("PA", "newspapers")
#: The provcheck CLI of this checkout, run in a child process.
_CLI = "import sys; from provcheck.cli import run; sys.argv[0] = 'provcheck'; run()"
DERIVED = {"reprint", "edited", "rewrite", "partial"}


# ---------------------------------------------------------------- measuring


@dataclass
class Stage:
    wall: float
    peak_max: float
    """Peak RSS of the largest single process of the tree, MiB."""
    peak_sum: float
    """Peak of the tree's summed RSS, MiB."""
    stdout: str = ""


def measure(cmd: Sequence[str], cwd: Path, env: dict[str, str] | None = None,
            label: str = "") -> Stage:
    """Run ``cmd``; wall seconds and its process tree's peak RSS, sampled every 0.1 s."""
    import psutil

    out_path = cwd / f".{label or 'stage'}.out"
    err_path = cwd / f".{label or 'stage'}.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        t0 = time.perf_counter()
        proc = psutil.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=err)
        peak_max = peak_sum = 0
        while proc.poll() is None:
            total = 0
            try:
                tree = [proc, *proc.children(recursive=True)]
            except psutil.Error:
                tree = []
            for p in tree:
                try:
                    rss = p.memory_info().rss
                except psutil.Error:
                    continue
                total += rss
                peak_max = max(peak_max, rss)
            peak_sum = max(peak_sum, total)
            time.sleep(0.1)
        wall = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = err_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"{label}: {shlex.join(cmd)} exited {proc.returncode}:\n{tail}")
    mib = 2**20
    return Stage(wall, peak_max / mib, peak_sum / mib,
                 out_path.read_text(encoding="utf-8", errors="replace"))


# ---------------------------------------------------------------- data


@dataclass
class Corpus:
    texts: Path
    """Folder of UTF-8 copies, METER's layout (PA/..., newspapers/...)."""
    jsonl: Path
    names: list[str]
    """Every file, relative to METER (``PA/rawtexts/...``)."""
    twin: dict[str, str]
    """File -> the first file (sorted) with the same content."""


def prepare(work: Path) -> Corpus:
    texts, jsonl = work / "meter", work / "passim-in" / "meter.jsonl"
    jsonl.parent.mkdir(parents=True)
    names: list[str] = []
    first: dict[str, str] = {}
    twin: dict[str, str] = {}
    with jsonl.open("w", encoding="utf-8") as fh:
        for part in PARTS:
            for src in sorted((METER / part / "rawtexts").rglob("*")):
                if not src.is_file():
                    continue
                name = src.relative_to(METER).as_posix()
                text = src.read_bytes().decode("latin-1")
                dst = texts / name
                dst.parent.mkdir(parents=True, exist_ok=True)
                dst.write_text(text, encoding="utf-8")
                fh.write(json.dumps({"id": name, "text": text}) + "\n")
                names.append(name)
                key = hashlib.blake2b(text.encode()).hexdigest()
                twin[name] = first.setdefault(key, name)
    return Corpus(texts, jsonl, names, twin)


def truth() -> dict[str, str]:
    """METER's derivation clusters over the labelled stories: file -> cluster key."""
    with (METER / "derivation-labels.csv").open(encoding="utf-8") as fh:
        labels = {r["newspaper_file"]: r["label"] for r in csv.DictReader(fh)}
    out: dict[str, str] = {}
    with (METER / "story_index.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            name = r["newspaper_file"]
            if name not in labels:
                continue
            story = "/".join((r["domain"], r["date"], r["catchline"]))
            for pa in filter(None, r["pa_source_files"].split(";")):
                out[pa] = story
            out[name] = story if labels[name] in ("WD", "PD") else f"alone:{name}"
    return out


def components(nodes: Iterable[str], links: Iterable[tuple[str, str]]) -> dict[str, int]:
    parent: dict[str, str] = {x: x for x in nodes}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in links:
        parent[find(x)] = find(y)
    roots: dict[str, int] = {}
    return {x: roots.setdefault(find(x), len(roots)) for x in list(parent)}


def ari(corpus: Corpus, cluster_of: dict[str, int]) -> float:
    """ARI of ``cluster_of`` (file -> cluster; twins and unlinked files filled in)
    against METER's derivation clusters."""
    import meter

    gold = truth()
    files = sorted(f for f in gold if f in corpus.twin)
    pred: list[object] = []
    for f in files:
        g = cluster_of.get(f, cluster_of.get(corpus.twin[f]))
        pred.append(g if g is not None else f"alone:{corpus.twin[f]}")
    return meter.adjusted_rand_index([gold[f] for f in files], pred)


# ---------------------------------------------------------------- the tools


@dataclass
class ProvcheckRun:
    add: Stage
    scan: Stage
    report: Stage
    report_path: Path
    db: Path


def run_provcheck(corpus: Corpus, work: Path, workers: int, k: int,
                  scan_args: Sequence[str] = ()) -> ProvcheckRun:
    env = dict(os.environ, PYTHONPATH=str(evaldata.ROOT))
    db, out = work / f"round{k}.db", work / f"report{k}.json"
    cli = [sys.executable, "-c", _CLI]
    add = measure([*cli, "index", "add", "PA", "newspapers", "--db", str(db), "--no-progress"],
                  corpus.texts, env, f"add{k}")
    print(f"  index add {add.wall:.1f} s, {add.peak_max:.0f} MiB", flush=True)
    scan = measure([*cli, "scan", "--db", str(db), "--workers", str(workers), "--no-progress",
                    *scan_args], corpus.texts, env, f"scan{k}")
    print(f"  scan {scan.wall:.1f} s, {scan.peak_max:.0f} MiB: {scan.stdout.strip()}",
          flush=True)
    report = measure([*cli, "report", "--db", str(db), "--format", "json", "--output",
                      str(out)], corpus.texts, env, f"report{k}")
    print(f"  report --db {report.wall:.1f} s, {report.peak_max:.0f} MiB", flush=True)
    return ProvcheckRun(add, scan, report, out, db)


def run_passim(corpus: Corpus, work: Path, passim: str, k: int) -> tuple[Stage, Path]:
    out = work / f"passim{k}"
    cmd = shlex.split(passim)
    if cmd and Path(cmd[0]).exists():  # a script named relative to where we were started
        cmd[0] = str(Path(cmd[0]).resolve())
    stage = measure([*cmd, str(corpus.jsonl), str(out)], work, None,
                    f"passim{k}")
    print(f"  passim {stage.wall:.1f} s, {stage.peak_max:.0f} MiB "
          f"(tree {stage.peak_sum:.0f} MiB)", flush=True)
    return stage, out


# ---------------------------------------------------------------- pairs and quality


@dataclass
class ProvcheckPairs:
    documents: int = 0
    candidates_directed: int | None = None
    candidates_pairs: int | None = None
    stored: Counter[str] = field(default_factory=Counter)
    edges: Counter[str] = field(default_factory=Counter)
    clusters: int = 0
    ari_edges: float = 0.0
    ari_clusters: float = 0.0


def provcheck_pairs(corpus: Corpus, run: ProvcheckRun, candidates: bool) -> ProvcheckPairs:
    res = ProvcheckPairs()
    con = sqlite3.connect(f"file:{run.db}?mode=ro", uri=True)
    try:
        res.documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        res.stored = Counter(dict(con.execute(
            "SELECT relation, count(*) FROM pairs GROUP BY relation").fetchall()))
    finally:
        con.close()
    if candidates:
        res.candidates_directed, res.candidates_pairs = candidate_pairs(run.db)
    rep = json.loads(run.report_path.read_text(encoding="utf-8"))
    res.edges = Counter(e["relation"] for e in rep["edges"])
    res.clusters = len(rep["clusters"])
    links = [(e["a"], e["b"]) for e in rep["edges"] if e["relation"] in DERIVED]
    res.ari_edges = ari(corpus, components(corpus.names, links))
    res.ari_clusters = ari(corpus, {x: k for k, c in enumerate(rep["clusters"]) for x in c})
    return res


def candidate_pairs(db: Path) -> tuple[int, int] | tuple[None, None]:
    """(candidate pairs as ``scan`` plans them, distinct unordered pairs: the same
    count, each pair planned once); (None, None) when that API moved."""
    try:
        from provcheck.collection.index import open_index
        from provcheck.collection.scan_task import plan
        from provcheck.verdict.settings import Settings
    except ImportError:
        return None, None
    settings = Settings.of(fast=False)
    directed, pairs = 0, set()
    try:
        with open_index(db, create=False) as index:
            # the scan's own plan: the index's search and the shared 3-grams
            planned = plan(index, [d.id for d in index.documents()], (), settings)
            for a, bs in planned.partners.items():
                for b in bs:
                    directed += 1
                    pairs.add((min(a, b), max(a, b)))
    except (TypeError, AttributeError) as e:
        print(f"  candidate count skipped: {e}", flush=True)
        return None, None
    return directed, len(pairs)


@dataclass
class PassimPairs:
    passages: int = 0
    clusters: int = 0
    doc_pairs: int = 0
    ari: float = 0.0


def passim_pairs(corpus: Corpus, out: Path) -> PassimPairs:
    res = PassimPairs()
    members: dict[int, set[str]] = {}
    for part in sorted((out / "out.json").glob("part-*")):
        with part.open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                res.passages += 1
                members.setdefault(r["cluster"], set()).add(r["id"])
    res.clusters = len(members)
    links: list[tuple[str, str]] = []
    pairs: set[tuple[str, str]] = set()
    for ids in members.values():
        docs = sorted(ids)
        links += [(docs[0], x) for x in docs[1:]]
        pairs.update((a, b) for i, a in enumerate(docs) for b in docs[i + 1:])
    res.doc_pairs = len(pairs)
    res.ari = ari(corpus, components(corpus.names, links))
    return res


# ---------------------------------------------------------------- output


def med(xs: Sequence[float]) -> float:
    return statistics.median(xs)


def load_note() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def table(rounds: int, workers: str, pv: list[ProvcheckRun], ps: list[Stage],
          pvp: ProvcheckPairs, psp: PassimPairs | None, loads: list[str]) -> str:
    def cell(stages: Sequence[Stage]) -> tuple[str, str, str]:
        return (f"{med([s.wall for s in stages]):.1f} s",
                f"{med([s.peak_max for s in stages]):.0f} MiB",
                f"{med([s.peak_sum for s in stages]):.0f} MiB")

    rows = ["| stage | wall (median) | peak RSS, largest process | peak RSS, process tree "
            "| pairs |", "|---|---|---|---|---|"]
    staged = re.search(r"pairs: (\d+) candidates, (\d+) to settle, (\d+) settled by the "
                       r"reuse pre-filter \(not derived\), (\d+) compared in full",
                       pv[-1].scan.stdout) if pv else None
    if staged:
        cand = (f"{int(staged[1]):,} candidate pairs, {int(staged[3]):,} settled by the "
                f"reuse pre-filter, {int(staged[4]):,} compared in full")
    else:
        cand = ("n/a" if pvp.candidates_pairs is None else
                f"{pvp.candidates_directed:,} candidates asked for ({pvp.candidates_pairs:,} "
                f"distinct pairs)")
    stored = ", ".join(f"{n} {rel}" for rel, n in pvp.stored.most_common())
    edges = ", ".join(f"{n} {rel}" for rel, n in pvp.edges.most_common())
    if psp is not None:
        rows.append("| passim, end to end | {} | {} | {} | ".format(*cell(ps))
                    + f"{psp.passages:,} passages in {psp.clusters:,} clusters; "
                    f"{psp.doc_pairs:,} document pairs sharing a cluster |")
    rows += [
        "| provcheck `index add` | {} | {} | {} | ".format(*cell([r.add for r in pv]))
        + f"{pvp.documents:,} documents |",
        f"| provcheck `scan --workers {workers}` | " + " | ".join(cell([r.scan for r in pv]))
        + f" | {cand}; stored {sum(pvp.stored.values()):,}: {stored} |",
        "| provcheck `report --db` (JSON) | {} | {} | {} | ".format(
            *cell([r.report for r in pv]))
        + f"{sum(pvp.edges.values()):,} derivation edges ({edges}); {pvp.clusters:,} "
        "clusters |",
    ]
    walls = [r.add.wall + r.scan.wall + r.report.wall for r in pv]
    peaks = [max(r.add.peak_max, r.scan.peak_max, r.report.peak_max) for r in pv]
    sums = [max(r.add.peak_sum, r.scan.peak_sum, r.report.peak_sum) for r in pv]
    rows.append(f"| provcheck, three stages | {med(walls):.1f} s | {med(peaks):.0f} MiB | "
                f"{med(sums):.0f} MiB | |")
    lines = [*rows, ""]
    summary = ["| | passim | provcheck | provcheck / passim |", "|---|---|---|---|"]
    if psp is not None:
        pw, pm = med([s.wall for s in ps]), med([s.peak_max for s in ps])
        pt = med([s.peak_sum for s in ps])
        summary += [
            f"| wall, end to end | {pw:.1f} s | {med(walls):.1f} s | "
            f"**{med(walls) / pw:.2f}x** |",
            f"| peak RSS, largest process | {pm:.0f} MiB | {med(peaks):.0f} MiB | "
            f"**{med(peaks) / pm:.2f}x** |",
            f"| peak RSS, process tree | {pt:.0f} MiB | {med(sums):.0f} MiB | "
            f"{med(sums) / pt:.2f}x |",
            f"| ARI, derivation links against METER's derivation clusters | {psp.ari:.3f} | "
            f"{pvp.ari_edges:.3f} | |",
        ]
    else:
        summary.append(f"| ARI, derivation links against METER's derivation clusters | "
                       f"not run | {pvp.ari_edges:.3f} | |")
    summary.append(f"| ARI, the report's clusters (same-story links too), same truth | | "
                   f"{pvp.ari_clusters:.3f} | |")
    load = "; ".join(loads)
    return "\n".join([*summary, "", *lines,
                      f"Load average (1, 5, 15 min), before -> after each round: {load}."])


def machine() -> str:
    mem = ""
    try:
        import psutil

        mem = f", {psutil.virtual_memory().total / 2**30:.0f} GiB RAM"
    except ImportError:
        pass
    return (f"{platform.python_implementation()} {platform.python_version()}, "
            f"{os.cpu_count()} CPUs{mem}, {platform.system()} {platform.release()}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=1, help="rounds; figures are medians")
    ap.add_argument("--workers", type=int, default=2, help="scan workers (default 2)")
    ap.add_argument("--scan-args", default="",
                    help="more options for scan, e.g. --scan-args=--no-prefilter")
    ap.add_argument("--passim", default="passim",
                    help="passim's command (input and output paths are appended)")
    ap.add_argument("--skip-passim", action="store_true", help="provcheck's stages only")
    ap.add_argument("--no-candidates", action="store_true",
                    help="do not count the index's candidate pairs (about a minute)")
    ap.add_argument("--write", action="store_true",
                    help=f"replace the {SECTION} section of docs/performance.md")
    ap.add_argument("--keep", type=Path, default=None,
                    help="work in this folder and keep it (default: a temporary one)")
    args = ap.parse_args(argv)
    if not METER.is_dir():
        print(f"skipped: {METER} is absent (the evaluation data sits in ../shared/eval)")
        return 0
    try:
        import psutil  # noqa: F401
    except ImportError:
        print("skipped: psutil is not installed (pip install psutil)")
        return 0
    if not args.skip_passim and shutil.which(shlex.split(args.passim)[0]) is None:
        print(f"passim not found ({args.passim!r}); give --passim CMD or --skip-passim")
        return 2
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=False)
    work = args.keep or Path(tempfile.mkdtemp(prefix="provcheck-meter-e2e-"))
    try:
        return run(args, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    corpus = prepare(work)
    print(f"{len(corpus.names)} METER texts ({len(set(corpus.twin.values()))} distinct) "
          f"in {work}", flush=True)
    pv: list[ProvcheckRun] = []
    ps: list[Stage] = []
    outs: list[Path] = []
    loads: list[str] = []
    for k in range(args.rounds):
        loads.append(load_note())
        print(f"round {k + 1}/{args.rounds} (load {loads[-1]})", flush=True)
        passim_first = k % 2 == 0
        if passim_first and not args.skip_passim:
            stage, out = run_passim(corpus, work, args.passim, k)
            ps.append(stage)
            outs.append(out)
        pv.append(run_provcheck(corpus, work, args.workers, k, shlex.split(args.scan_args)))
        if not passim_first and not args.skip_passim:
            stage, out = run_passim(corpus, work, args.passim, k)
            ps.append(stage)
            outs.append(out)
        loads[-1] += f" -> {load_note()}"
    pvp = provcheck_pairs(corpus, pv[-1], not args.no_candidates)
    psp = None if args.skip_passim else passim_pairs(corpus, outs[-1])
    from facts_eval import code_version

    cmd = "python benchmarks/meter_e2e.py" + (f" --rounds {args.rounds}"
                                              if args.rounds != 1 else "")
    if args.skip_passim:
        cmd += " --skip-passim"
    head = [
        "## The METER collection end to end, against passim",
        "",
        f"Generated by `{cmd}` on {dt.date.today().isoformat()} ({code_version()}; "
        f"{machine()}); {args.rounds} round(s), medians. "
        f"{len(corpus.names):,} texts (METER `PA/` and `newspapers/`, "
        f"{len(set(corpus.twin.values())):,} distinct).",
        "",
        "Each command is a child process, timed by wall clock, its process tree's resident "
        "memory sampled every 0.1 s: the largest single process (for passim the Spark "
        "driver JVM, which runs the executors in local mode; for `scan` the parent or a "
        "worker) and the tree's sum (passim's Python workers included). ARI: the derived-"
        "text clusters (connected components of each tool's derivation links) against "
        "METER's derivation clusters (per labelled story, its PA texts with its WD and PD "
        "articles; each ND article alone); see the script's docstring.",
        "",
    ]
    if not args.skip_passim:
        head += [f"passim: `{args.passim} INPUT.jsonl OUTDIR`, default settings "
                 "(how to set it up, and what stands in for GraphFrames offline: "
                 "`benchmarks/passim/README.md`).", ""]
    scan_label = f"{args.workers} {args.scan_args}".strip()
    text = "\n".join([*head, table(args.rounds, scan_label, pv, ps, pvp, psp, loads)])
    print(text)
    if args.write:
        from facts_eval import write_section

        # a run with other scan options (an ablation) gets a section of its own
        slug = re.sub(r"[^a-z0-9]+", "-", args.scan_args.lower()).strip("-")
        section = f"{SECTION}-{slug}" if slug else SECTION
        write_section(DOC, section, text.replace("## The METER collection end to end",
                                                 f"### scan {args.scan_args}:" if slug else
                                                 "## The METER collection end to end", 1))
        print(f"written: {DOC.relative_to(evaldata.ROOT)} ({section})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
