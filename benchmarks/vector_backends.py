"""Vector-search back ends for a document index: build, size, cold load, latency, recall, memory.

    python benchmarks/vector_backends.py --n 100000 [--queries 200] [--cold-runs 5]
        [--passes 3] [--only usearch,numpy] [--workdir /tmp/provcheck-vector-backends]
        [--output docs/vector-backends.md]

A quick run: ``--n 5000 --cold-runs 2 --passes 1 --output /tmp/vb.md`` (under a minute).
The full run takes about 5 minutes and 1 GB in the work folder, where the vectors are
kept between runs (re-embedded when the texts change).

Texts are real paragraphs and sentences from ../shared/eval/dev (MSRP, PAWS, METER,
Clough & Stevenson); when fewer than ``--n`` are distinct, pairs of random paragraphs
(seeded) are joined into further distinct documents. Vectors are provcheck's static
embedder's 256-d unit vectors, so k-nearest by cosine is k-largest inner product.
Queries are held-out texts: MSRP and PAWS paraphrase partners of indexed sentences (a true
neighbour exists) and METER paragraphs left out of the index.

Every back end is built in its own child process, then opened in fresh child processes:
- cold runs (``--cold-runs`` each, with the index files in the page cache and with them
  evicted first by ``posix_fadvise(DONTNEED)``): import, open/load, one query, exit; the
  parent times the whole process, the child reports its peak RSS (VmHWM);
- one warm run: open, then every query ``--passes`` times, one query at a time; latency
  percentiles, the ids for recall@10 against exact float32 search, and peak RSS; HNSW
  back ends then try further ef_search values, also querying a sample of indexed
  documents with their own vectors (can the graph reach them?);
- fresh checks (``--cold-runs``): load provcheck's embedder, open the index, embed one
  query and search, beside a child that only loads the embedder and embeds.
Back ends whose packages are missing are skipped. sqlite-vec needs an ``sqlite3`` module
that can load extensions: the standard one is tried first, then ``pysqlite3``.
Figures are from a small, shared machine: compare ratios, not absolutes.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WORKDIR = Path("/tmp/provcheck-vector-backends")
K = 10
CHUNK = 10_000  # vectors per BLOB in the chunked SQLite layouts
SEED = 20240611
# One HNSW setting for the three HNSW libraries, so their figures compare.
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 128
HNSW_EF_SEARCH = 64
MIN_WORDS = 4
BEGIN_REC = "<!-- recommendation: kept when the file is regenerated -->"
END_REC = "<!-- /recommendation -->"

EF_SWEEP = (32, 128, 256, 512)  # further ef_search values tried in the warm process
SELF_QUERIES = 1000
WORKER_MODES = ("build", "cold", "warm", "check", "embed")
Search = Callable[["np.ndarray", int], "np.ndarray"]


@dataclass
class Tunable:
    """An HNSW search whose ef_search can be changed after opening."""

    search: Search
    set_ef: Callable[[int], None]
    keep: Any = None  # a buffer the index views

    def __call__(self, q: np.ndarray, k: int) -> np.ndarray:
        return self.search(q, k)


# ---------------------------------------------------------------------------------------
# texts and vectors


def _norm(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(text: str) -> list[str]:
    out = []
    for block in re.split(r"\n\s*\n", text):
        para = _norm(block)
        if len(para.split()) >= MIN_WORDS:
            out.append(para)
    return out


def _read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _sources() -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[str], list[str]]:
    """MSRP paraphrase pairs, PAWS paraphrase pairs, METER paragraphs, other paragraphs."""
    import csv

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import evaldata

    dev = evaldata.DEV
    msrp_pairs = [(_norm(p.a), _norm(p.b)) for p in evaldata.msrp() if p.label == 1]
    msrp_other = [_norm(t) for p in evaldata.msrp() if p.label != 1 for t in (p.a, p.b)]
    paws_pairs, paws_other = [], []
    with (dev / "paws" / "dev.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 4 or not row[0].isdigit():
                continue
            a, b = _norm(row[1]), _norm(row[2])
            if row[3] == "1":
                paws_pairs.append((a, b))
            else:
                paws_other += [a, b]
    meter = [
        para
        for path in sorted((dev / "meter").rglob("*.txt"))
        for para in _paragraphs(path.read_text(encoding="latin-1"))
    ]
    clough = [
        para
        for path in sorted((dev / "clough-stevenson").glob("*.txt"))
        for para in _paragraphs(_read(path))
    ]
    return msrp_pairs, paws_pairs, meter, msrp_other + paws_other + clough


def build_corpus(n: int, n_queries: int) -> tuple[list[str], list[str], list[int], list[str]]:
    """``(documents, queries, partner index per query or -1, query kind)``; seeded."""
    rng = random.Random(SEED)
    msrp_pairs, paws_pairs, meter, other = _sources()
    n_msrp = round(n_queries * 0.6)
    n_paws = round(n_queries * 0.2)
    n_meter = n_queries - n_msrp - n_paws

    def pick(pairs: list[tuple[str, str]], count: int, taken: set[str]) -> list[tuple[str, str]]:
        pairs = [p for p in pairs if p[0] != p[1]]
        rng.shuffle(pairs)
        out: list[tuple[str, str]] = []
        for a, b in pairs:
            if len(out) == count:
                break
            if a in taken or b in taken or len(b.split()) < MIN_WORDS:
                continue
            out.append((a, b))
            taken.update((a, b))
        return out

    taken: set[str] = set()
    qpairs = pick(msrp_pairs, n_msrp, taken) + pick(paws_pairs, n_paws, taken)
    kinds = ["msrp partner"] * n_msrp + ["paws partner"] * n_paws
    meter_distinct = sorted(set(meter) - taken)
    rng.shuffle(meter_distinct)
    held_meter = meter_distinct[:n_meter]
    queries = [b for _, b in qpairs] + held_meter
    kinds += ["meter held out"] * len(held_meter)
    held = set(queries)
    partners = [a for a, _ in qpairs]

    pool_set = {t for p in msrp_pairs + paws_pairs for t in p} | set(meter) | set(other)
    pool_set -= held
    pool_set -= set(partners)
    pool = sorted(pool_set)
    rng.shuffle(pool)
    docs = partners + pool[: max(0, n - len(partners))]
    seen = set(docs)
    while len(docs) < n:  # distinct two-paragraph documents from random pairs
        a, b = rng.choice(pool), rng.choice(pool)
        text = f"{a}\n\n{b}"
        if a != b and text not in seen and text not in held:
            seen.add(text)
            docs.append(text)
    order = list(range(n))
    rng.shuffle(order)
    docs = [docs[i] for i in order]
    where = {old: new for new, old in enumerate(order)}
    partner_ids = [where[i] for i in range(len(partners))] + [-1] * len(held_meter)
    return docs, queries, partner_ids, kinds


def prepare(workdir: Path, n: int, n_queries: int) -> dict[str, Any]:
    """Embed documents and queries (cached in workdir) and compute exact neighbours."""
    import numpy as np

    from provcheck.verdict.similarity import default_embedder

    docs, queries, partner_ids, kinds = build_corpus(n, n_queries)
    (workdir / "queries.json").write_text(json.dumps(queries), encoding="utf-8")
    digest = hashlib.sha256("\x00".join([*docs, "\x01", *queries]).encode()).hexdigest()
    meta_path = workdir / "meta.json"
    if meta_path.is_file() and json.loads(meta_path.read_text())["digest"] == digest:
        meta: dict[str, Any] = json.loads(meta_path.read_text())
        print(f"reusing vectors in {workdir}", file=sys.stderr)
        return meta
    emb = default_embedder()
    t0 = time.perf_counter()
    x = emb.encode(docs).astype(np.float32)
    embed_s = time.perf_counter() - t0
    q = emb.encode(queries).astype(np.float32)
    scores = q @ x.T
    exact = np.argsort(-scores, axis=1)[:, :K]
    np.save(workdir / "vectors.npy", x)
    np.save(workdir / "queries.npy", q)
    np.save(workdir / "exact.npy", exact)
    words = [len(d.split()) for d in docs]
    meta = {
        "digest": digest,
        "n": n,
        "dim": int(x.shape[1]),
        "queries": len(queries),
        "partner_ids": partner_ids,
        "kinds": kinds,
        "embed_s": embed_s,
        "embedder": emb.name,
        "doc_words_median": statistics.median(words),
        "two_paragraph_docs": sum("\n\n" in d for d in docs),
    }
    meta_path.write_text(json.dumps(meta))
    return meta


# ---------------------------------------------------------------------------------------
# back ends: each builds its files from the float32 matrix and opens them for search


def _topk(scores: np.ndarray, k: int) -> np.ndarray:
    import numpy as np

    idx = np.argpartition(-scores, k)[:k]
    return idx[np.argsort(-scores[idx])]


def _np_search(m: np.ndarray) -> Search:
    return lambda q, k: _topk(m @ q, k)


def _sqlite_new(path: Path) -> Any:
    import sqlite3

    path.unlink(missing_ok=True)
    return sqlite3.connect(path)


def _sqlite_ro(path: Path) -> Any:
    import sqlite3

    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _write_chunks(con: Any, x: np.ndarray, dtype: str) -> None:
    con.execute(
        "CREATE TABLE vec_chunk (start INTEGER PRIMARY KEY, n INTEGER, dim INTEGER, "
        "dtype TEXT, data BLOB)"
    )
    for s in range(0, len(x), CHUNK):
        part = x[s : s + CHUNK].astype(dtype)
        con.execute(
            "INSERT INTO vec_chunk VALUES (?, ?, ?, ?, ?)",
            (s, len(part), x.shape[1], dtype, part.tobytes()),
        )


def _read_chunks(con: Any) -> np.ndarray:
    import numpy as np

    rows = con.execute("SELECT start, n, dim, dtype, data FROM vec_chunk ORDER BY start").fetchall()
    total, dim = sum(r[1] for r in rows), rows[0][2]
    m = np.empty((total, dim), dtype=np.float32)
    for start, n, _, dtype, data in rows:
        m[start : start + n] = np.frombuffer(data, dtype=dtype).reshape(n, dim)
    return m


def build_np_chunks(dtype: str) -> Callable[[np.ndarray, Path], None]:
    def build(x: np.ndarray, path: Path) -> None:
        con = _sqlite_new(path)
        _write_chunks(con, x, dtype)
        con.commit()
        con.close()

    return build


def open_np_chunks(path: Path) -> Search:
    con = _sqlite_ro(path)
    m = _read_chunks(con)
    con.close()
    return _np_search(m)


def build_np_rows(x: np.ndarray, path: Path) -> None:
    con = _sqlite_new(path)
    con.execute("CREATE TABLE vec (id INTEGER PRIMARY KEY, v BLOB)")
    x16 = x.astype("float16")
    con.executemany("INSERT INTO vec VALUES (?, ?)", ((i, r.tobytes()) for i, r in enumerate(x16)))
    con.commit()
    con.close()


def open_np_rows(path: Path) -> Search:
    import numpy as np

    con = _sqlite_ro(path)
    blobs = [r[0] for r in con.execute("SELECT v FROM vec ORDER BY id")]
    con.close()
    dim = len(blobs[0]) // 2
    m = np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(-1, dim).astype(np.float32)
    return _np_search(m)


def open_np_rows_per_query(path: Path) -> Search:
    """As ``provcheck.index`` does it: float16 kept, widened and fully sorted per query."""
    import numpy as np

    con = _sqlite_ro(path)
    blobs = [r[0] for r in con.execute("SELECT v FROM vec ORDER BY id")]
    con.close()
    m16 = np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(blobs), -1)
    return lambda q, k: np.argsort(-(m16.astype(np.float32) @ q))[:k]


def build_npy(x: np.ndarray, path: Path) -> None:
    import numpy as np

    np.save(path, x.astype(np.float16))


def open_npy(path: Path) -> Search:
    import numpy as np

    return _np_search(np.load(path).astype(np.float32))


def build_usearch(dtype: str, in_sqlite: bool = False) -> Callable[[np.ndarray, Path], None]:
    def build(x: np.ndarray, path: Path) -> None:
        import numpy as np
        from usearch.index import Index

        ix = Index(
            ndim=x.shape[1],
            metric="cos",
            dtype=dtype,
            connectivity=HNSW_M,
            expansion_add=HNSW_EF_CONSTRUCTION,
            expansion_search=HNSW_EF_SEARCH,
        )
        ix.add(np.arange(len(x), dtype=np.uint64), x, threads=os.cpu_count() or 1)
        if not in_sqlite:
            ix.save(str(path))
            return
        # one SQLite file: the vectors (float16 chunks, to rebuild from) and the index BLOB
        con = _sqlite_new(path)
        _write_chunks(con, x, "float16")
        con.execute("CREATE TABLE ann (name TEXT PRIMARY KEY, data BLOB)")
        con.execute("INSERT INTO ann VALUES ('usearch', ?)", (bytes(ix.save()),))
        con.commit()
        con.close()

    return build


def _usearch_search(ix: Any, keep: Any = None) -> Tunable:
    def set_ef(ef: int) -> None:
        ix.expansion_search = ef

    set_ef(HNSW_EF_SEARCH)
    return Tunable(lambda q, k: ix.search(q, k).keys, set_ef, keep)


def open_usearch(view: bool) -> Callable[[Path], Search]:
    def open_(path: Path) -> Search:
        from usearch.index import Index

        return _usearch_search(Index.restore(str(path), view=view))

    return open_


def open_usearch_sqlite(path: Path) -> Search:
    from usearch.index import Index

    con = _sqlite_ro(path)
    (blob,) = con.execute("SELECT data FROM ann WHERE name = 'usearch'").fetchone()
    con.close()
    ix = Index.restore(blob, view=True)  # a view of the BLOB's bytes: no second copy
    return _usearch_search(ix, keep=blob)


def build_hnswlib(x: np.ndarray, path: Path) -> None:
    import hnswlib
    import numpy as np

    ix = hnswlib.Index(space="ip", dim=x.shape[1])
    ix.init_index(max_elements=len(x), ef_construction=HNSW_EF_CONSTRUCTION, M=HNSW_M)
    ix.set_num_threads(os.cpu_count() or 1)
    ix.add_items(x, np.arange(len(x)))
    ix.save_index(str(path))


def open_hnswlib(path: Path) -> Search:
    import hnswlib

    ix = hnswlib.Index(space="ip", dim=256)
    ix.load_index(str(path))
    ix.set_ef(HNSW_EF_SEARCH)
    ix.set_num_threads(1)
    return Tunable(lambda q, k: ix.knn_query(q, k)[0][0], ix.set_ef)


def build_faiss(kind: str) -> Callable[[np.ndarray, Path], None]:
    def build(x: np.ndarray, path: Path) -> None:
        import faiss

        d = x.shape[1]
        if kind == "flat":
            ix = faiss.IndexFlatIP(d)
        else:
            ix = faiss.IndexHNSWFlat(d, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            ix.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        ix.add(x)
        faiss.write_index(ix, str(path))

    return build


def open_faiss(path: Path) -> Search:
    import faiss

    ix = faiss.read_index(str(path))

    def search(q: np.ndarray, k: int) -> np.ndarray:
        return ix.search(q[None, :], k)[1][0]

    if not hasattr(ix, "hnsw"):
        return search

    def set_ef(ef: int) -> None:
        ix.hnsw.efSearch = ef

    set_ef(HNSW_EF_SEARCH)
    return Tunable(search, set_ef)


def _sqlite_vec_module() -> Any:
    """An sqlite3 module that can load extensions: the standard one if it can, else pysqlite3."""
    import sqlite3

    if hasattr(sqlite3.Connection, "enable_load_extension"):
        return sqlite3
    import pysqlite3.dbapi2

    return pysqlite3.dbapi2


def _vec_connect(path: Path, new: bool = False) -> Any:
    import sqlite_vec

    sq = _sqlite_vec_module()
    if new:
        path.unlink(missing_ok=True)
        con = sq.connect(str(path))
    else:
        con = sq.connect(f"file:{path}?mode=ro", uri=True)
    con.enable_load_extension(True)
    sqlite_vec.load(con)
    con.enable_load_extension(False)
    return con


def build_sqlite_vec(dtype: str) -> Callable[[np.ndarray, Path], None]:
    def build(x: np.ndarray, path: Path) -> None:
        con = _vec_connect(path, new=True)
        col = "float" if dtype == "f32" else "int8"
        value = "?" if dtype == "f32" else "vec_quantize_int8(?, 'unit')"
        con.execute(
            f"CREATE VIRTUAL TABLE vec USING vec0(embedding {col}[{x.shape[1]}] "
            "distance_metric=cosine)"
        )
        con.executemany(
            f"INSERT INTO vec(rowid, embedding) VALUES (?, {value})",
            ((i + 1, r.tobytes()) for i, r in enumerate(x)),
        )
        con.commit()
        con.close()

    return build


def open_sqlite_vec(dtype: str) -> Callable[[Path], Search]:
    def open_(path: Path) -> Search:
        import numpy as np

        con = _vec_connect(path)
        value = "?" if dtype == "f32" else "vec_quantize_int8(?, 'unit')"
        sql = f"SELECT rowid FROM vec WHERE embedding MATCH {value} AND k = ? ORDER BY distance"

        def search(q: np.ndarray, k: int) -> np.ndarray:
            rows = con.execute(sql, (q.tobytes(), k)).fetchall()
            return np.array([r[0] - 1 for r in rows])

        return search

    return open_


@dataclass(frozen=True)
class Backend:
    name: str
    modules: tuple[str, ...]  # imported (and timed) before opening; all must be installed
    file: str
    build: Callable[[np.ndarray, Path], None]
    open: Callable[[Path], Search]
    in_sqlite: bool  # vectors kept in one SQLite file
    note: str = ""
    env: tuple[tuple[str, str], ...] = ()  # for the child processes


_NP = ("numpy",)
_VEC = ("numpy", "sqlite_vec")
BACKENDS = [
    Backend(
        "numpy · SQLite f16 chunks",
        (*_NP, "sqlite3"),
        "np_chunks_f16.sqlite",
        build_np_chunks("float16"),
        open_np_chunks,
        True,
        f"{CHUNK:,} vectors a BLOB, float16, widened to a float32 matrix on load",
    ),
    Backend(
        "numpy · SQLite f16 chunks, 1 BLAS thread",
        (*_NP, "sqlite3"),
        "np_chunks_f16.sqlite",
        build_np_chunks("float16"),
        open_np_chunks,
        True,
        "as above, with OPENBLAS_NUM_THREADS=1",
        (("OPENBLAS_NUM_THREADS", "1"), ("OMP_NUM_THREADS", "1")),
    ),
    Backend(
        "numpy · SQLite f32 chunks",
        (*_NP, "sqlite3"),
        "np_chunks_f32.sqlite",
        build_np_chunks("float32"),
        open_np_chunks,
        True,
        f"{CHUNK:,} vectors a BLOB, float32",
    ),
    Backend(
        "numpy · SQLite f16 row per vector",
        (*_NP, "sqlite3"),
        "np_rows_f16.sqlite",
        build_np_rows,
        open_np_rows,
        True,
        "one 512-byte BLOB a row",
    ),
    Backend(
        "numpy · SQLite f16 row per vector, widened per query",
        (*_NP, "sqlite3"),
        "np_rows_f16.sqlite",
        build_np_rows,
        open_np_rows_per_query,
        True,
        "the layout and search of provcheck.index today: float16 matrix widened to "
        "float32 and argsort-ed at every query",
    ),
    Backend(
        "numpy · .npy f16 (reference)",
        _NP,
        "vectors_f16.npy",
        build_npy,
        open_npy,
        False,
        "plain file, for comparison with the SQLite layouts",
    ),
    Backend(
        "usearch HNSW f16, view",
        (*_NP, "usearch.index"),
        "usearch_f16.usearch",
        build_usearch("f16"),
        open_usearch(view=True),
        False,
        "Index.restore(path, view=True): memory-mapped",
    ),
    Backend(
        "usearch HNSW f16, load",
        (*_NP, "usearch.index"),
        "usearch_f16.usearch",
        build_usearch("f16"),
        open_usearch(view=False),
        False,
        "Index.restore(path): read into memory",
    ),
    Backend(
        "usearch HNSW i8, view",
        (*_NP, "usearch.index"),
        "usearch_i8.usearch",
        build_usearch("i8"),
        open_usearch(view=True),
        False,
        "int8 quantised, memory-mapped",
    ),
    Backend(
        "usearch HNSW f16, BLOB in SQLite",
        (*_NP, "usearch.index", "sqlite3"),
        "usearch_f16_in.sqlite",
        build_usearch("f16", in_sqlite=True),
        open_usearch_sqlite,
        True,
        "one SQLite file: f16 vector chunks + the index as a BLOB, viewed in place",
    ),
    Backend(
        "hnswlib HNSW f32",
        (*_NP, "hnswlib"),
        "hnswlib.bin",
        build_hnswlib,
        open_hnswlib,
        False,
        "load_index reads the file into memory",
    ),
    Backend(
        "faiss IndexFlatIP",
        (*_NP, "faiss"),
        "faiss_flat.index",
        build_faiss("flat"),
        open_faiss,
        False,
        "exact, float32",
    ),
    Backend(
        "faiss IndexFlatIP, 1 thread",
        (*_NP, "faiss"),
        "faiss_flat.index",
        build_faiss("flat"),
        open_faiss,
        False,
        "as above, with OMP_NUM_THREADS=1",
        (("OPENBLAS_NUM_THREADS", "1"), ("OMP_NUM_THREADS", "1")),
    ),
    Backend(
        "faiss IndexHNSWFlat",
        (*_NP, "faiss"),
        "faiss_hnsw.index",
        build_faiss("hnsw"),
        open_faiss,
        False,
        "float32",
    ),
    Backend(
        "sqlite-vec vec0 f32",
        _VEC,
        "sqlite_vec_f32.sqlite",
        build_sqlite_vec("f32"),
        open_sqlite_vec("f32"),
        True,
        "exact scan inside SQLite",
    ),
    Backend(
        "sqlite-vec vec0 int8",
        _VEC,
        "sqlite_vec_i8.sqlite",
        build_sqlite_vec("i8"),
        open_sqlite_vec("i8"),
        True,
        "vec_quantize_int8(v, 'unit'), exact scan of int8",
    ),
]


def _missing(b: Backend) -> list[str]:
    missing = [m for m in b.modules if importlib.util.find_spec(m.split(".")[0]) is None]
    if "sqlite_vec" in b.modules:
        import sqlite3

        can_load = hasattr(sqlite3.Connection, "enable_load_extension")
        if not can_load and importlib.util.find_spec("pysqlite3") is None:
            missing.append("pysqlite3 (stdlib sqlite3 cannot load extensions)")
    return missing


def _by_name(name: str) -> Backend:
    (b,) = [b for b in BACKENDS if b.name == name]
    return b


# ---------------------------------------------------------------------------------------
# child processes


def _peak_mib() -> float:
    """This process's peak RSS since exec (VmHWM). ``ru_maxrss`` is no use here: Linux
    carries it over fork and exec, so a child of a big parent reports the parent's size."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(mode: str, name: str, workdir: Path, passes: int) -> dict[str, Any]:
    t_start = time.monotonic()
    b = _by_name(name)
    if mode == "build":
        import numpy as np

        x = np.load(workdir / "vectors.npy")
        t0 = time.perf_counter()
        b.build(x, workdir / b.file)
        build_s = time.perf_counter() - t0
        return {"build_s": build_s, "peak_mib": _peak_mib()}
    if mode in ("check", "embed"):  # what a fresh provcheck process does for one document
        from provcheck.verdict.similarity import default_embedder

        emb = default_embedder()
        text = json.loads((workdir / "queries.json").read_text(encoding="utf-8"))[0]
        if mode == "embed":  # the baseline: the embedder alone
            emb.encode([text])
            return {"peak_mib": _peak_mib()}
        for m in b.modules:
            importlib.import_module(m)
        search = b.open(workdir / b.file)
        search(emb.encode([text])[0], K)
        return {"peak_mib": _peak_mib()}
    for m in b.modules:
        importlib.import_module(m)
    if "sqlite_vec" in b.modules:
        _sqlite_vec_module()
    t_imported = time.monotonic()
    import numpy as np

    queries = np.load(workdir / "queries.npy")
    t_open = time.monotonic()
    search = b.open(workdir / b.file)
    t_opened = time.monotonic()
    first = search(queries[0], K)
    t_first = time.monotonic()
    out: dict[str, Any] = {
        "t_start": t_start,
        "import_s": t_imported - t_start,
        "open_s": t_opened - t_open,
        "first_s": t_first - t_opened,
        "first_ids": [int(i) for i in first],
    }
    if mode == "warm":
        lat: list[float] = []
        ids: list[list[int]] = []
        for p in range(passes):
            for q in queries:
                t0 = time.perf_counter()
                got = search(q, K)
                lat.append(time.perf_counter() - t0)
                if p == 0:
                    ids.append([int(i) for i in got])
        out |= {"lat": lat, "ids": ids, "sweep": {}}
        if isinstance(search, Tunable):
            x = np.load(workdir / "vectors.npy", mmap_mode="r")
            own = _self_sample(len(x))
            for ef in (HNSW_EF_SEARCH, *EF_SWEEP):
                search.set_ef(ef)
                lat, ids = [], []
                for q in queries:
                    t0 = time.perf_counter()
                    got = search(q, K)
                    lat.append(time.perf_counter() - t0)
                    ids.append([int(i) for i in got])
                found = [[int(i) for i in search(np.array(x[j]), K)] for j in own]
                out["sweep"][ef] = {"lat": lat, "ids": ids, "self_ids": found}
    out["peak_mib"] = _peak_mib()
    return out


def _self_sample(n: int) -> list[int]:
    """Indexed documents queried with their own vector (HNSW reachability)."""
    return sorted(random.Random(SEED).sample(range(n), min(SELF_QUERIES, n)))


def _self_rate(ids: list[list[int]], workdir: Path) -> float:
    """Share of documents found in the top 10 by their own vector (or a duplicate of it)."""
    import numpy as np

    x = np.load(workdir / "vectors.npy", mmap_mode="r")
    hits = 0
    for j, got in zip(_self_sample(len(x)), ids, strict=True):
        hits += j in got or any(float(x[i] @ x[j]) >= float(x[j] @ x[j]) - 1e-6 for i in got)
    return hits / len(ids)


def _evict(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def _child(
    args: list[str], env: tuple[tuple[str, str], ...] = ()
) -> tuple[dict[str, Any], float, float]:
    """(child's JSON, wall s, spawn time on the monotonic clock)."""
    child_env = os.environ | dict(env)
    t0 = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env)
    out, err = proc.communicate()
    wall = time.monotonic() - t0
    status = proc.returncode
    if status != 0:
        raise RuntimeError(f"{args} failed:\n{err.decode(errors='replace')[-3000:]}")
    data = json.loads(out.decode().strip().splitlines()[-1]) if out.strip() else {}
    return data, wall, t0


def _worker_cmd(mode: str, name: str, workdir: Path, passes: int = 1) -> list[str]:
    return [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        mode,
        "--backend",
        name,
        "--workdir",
        str(workdir),
        "--passes",
        str(passes),
    ]


_PRINT_PEAK = (
    "\nimport json\nfor line in open('/proc/self/status'):\n"
    "    if line.startswith('VmHWM:'): print(json.dumps({'peak_mib': int(line.split()[1]) / 1024}))"
)


def _median_wall(code: str, runs: int) -> tuple[float, float]:
    walls, peaks = [], []
    for _ in range(runs):
        data, wall, _ = _child([sys.executable, "-c", code + _PRINT_PEAK])
        walls.append(wall)
        peaks.append(data["peak_mib"])
    return statistics.median(walls), max(peaks)


# ---------------------------------------------------------------------------------------
# measuring and reporting


def _pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def _recall(ids: list[list[int]], workdir: Path) -> float:
    """recall@K against exact float32 search; a tie with the K-th exact score counts as a hit."""
    import numpy as np

    x = np.load(workdir / "vectors.npy", mmap_mode="r")
    q = np.load(workdir / "queries.npy")
    exact = np.load(workdir / "exact.npy")
    hits = 0
    for qi, got in enumerate(ids):
        kth = float(x[exact[qi, -1]] @ q[qi])
        valid = [i for i in dict.fromkeys(got) if 0 <= i < len(x)]
        hits += sum(float(x[i] @ q[qi]) >= kth - 1e-6 for i in valid)
    return hits / (K * len(ids))


def _partner_rate(ids: list[list[int]], partner_ids: list[int], workdir: Path) -> float:
    """Share of partner queries whose indexed partner is among the ids returned; a document
    with the partner's exact score counts (bag-of-words vectors of reordered sentences tie)."""
    import numpy as np

    x = np.load(workdir / "vectors.npy", mmap_mode="r")
    q = np.load(workdir / "queries.npy")
    hits = total = 0
    for qi, (got, p) in enumerate(zip(ids, partner_ids, strict=True)):
        if p < 0:
            continue
        total += 1
        target = float(x[p] @ q[qi])
        hits += p in got or any(abs(float(x[i] @ q[qi]) - target) < 1e-6 for i in got)
    return hits / total if total else float("nan")


def measure(b: Backend, workdir: Path, meta: dict[str, Any], args: argparse.Namespace) -> dict:
    print(f"[{b.name}] build", file=sys.stderr)
    built, _, _ = _child(_worker_cmd("build", b.name, workdir), b.env)
    path = workdir / b.file
    size = path.stat().st_size
    cold: dict[str, list[dict[str, float]]] = {"cached": [], "evicted": []}
    for mode in ("cached", "evicted"):
        print(f"[{b.name}] {args.cold_runs} cold runs, page cache {mode}", file=sys.stderr)
        if mode == "cached":  # read the file once so it is in the page cache
            with path.open("rb") as fh:
                while fh.read(1 << 22):
                    pass
        for _ in range(args.cold_runs):
            if mode == "evicted":
                _evict(path)
            data, wall, t_spawn = _child(_worker_cmd("cold", b.name, workdir), b.env)
            cold[mode].append(
                {
                    "startup_s": data["t_start"] - t_spawn,
                    "import_s": data["import_s"],
                    "open_s": data["open_s"],
                    "first_s": data["first_s"],
                    "wall_s": wall,
                    "peak_mib": data["peak_mib"],
                }
            )
    print(f"[{b.name}] warm run", file=sys.stderr)
    warm, _, _ = _child(_worker_cmd("warm", b.name, workdir, args.passes), b.env)
    print(f"[{b.name}] {args.cold_runs} fresh checks with the embedder", file=sys.stderr)
    checks = [_child(_worker_cmd("check", b.name, workdir), b.env) for _ in range(args.cold_runs)]

    def med(mode: str, key: str) -> float:
        return statistics.median(r[key] for r in cold[mode])

    return {
        "name": b.name,
        "note": b.note,
        "in_sqlite": b.in_sqlite,
        "build_s": built["build_s"],
        "build_peak_mib": built["peak_mib"],
        "size_mib": size / 2**20,
        "cold": {
            mode: {key: med(mode, key) for key in cold[mode][0]}
            | {"peak_mib": max(r["peak_mib"] for r in cold[mode])}
            for mode in cold
        },
        "p50_ms": _pct(warm["lat"], 50) * 1000,
        "p95_ms": _pct(warm["lat"], 95) * 1000,
        "p99_ms": _pct(warm["lat"], 99) * 1000,
        "recall": _recall(warm["ids"], workdir),
        "partner": _partner_rate(warm["ids"], meta["partner_ids"], workdir),
        "warm_peak_mib": warm["peak_mib"],
        "check_ms": statistics.median(c[1] for c in checks) * 1000,
        "check_peak_mib": max(c[0]["peak_mib"] for c in checks),
        "sweep": {
            int(ef): {
                "p50_ms": _pct(v["lat"], 50) * 1000,
                "p95_ms": _pct(v["lat"], 95) * 1000,
                "recall": _recall(v["ids"], workdir),
                "partner": _partner_rate(v["ids"], meta["partner_ids"], workdir),
                "self": _self_rate(v["self_ids"], workdir),
            }
            for ef, v in warm["sweep"].items()
        },
    }


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for dist in (
        "numpy",
        "usearch",
        "hnswlib",
        "faiss-cpu",
        "sqlite-vec",
        "pysqlite3-binary",
        "model2vec",
    ):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            out[dist] = importlib.metadata.version(dist)
    import sqlite3

    out["SQLite (stdlib sqlite3)"] = sqlite3.sqlite_version
    out["stdlib sqlite3 can load extensions"] = str(
        hasattr(sqlite3.Connection, "enable_load_extension")
    )
    with contextlib.suppress(ImportError):
        import pysqlite3.dbapi2

        out["SQLite (pysqlite3)"] = pysqlite3.dbapi2.sqlite_version
    return out


def _f(v: float, digits: int = 0) -> str:
    return f"{v:,.{digits}f}"


def report(
    results: list[dict[str, Any]],
    skipped: list[str],
    meta: dict[str, Any],
    ctx: dict[str, Any],
    args: argparse.Namespace,
    old: str,
) -> str:
    cmd = f"python benchmarks/vector_backends.py --n {args.n}"
    if args.queries != 200 or args.cold_runs != 5 or args.passes != 3:
        cmd += f" --queries {args.queries} --cold-runs {args.cold_runs} --passes {args.passes}"
    vers = ", ".join(f"{k} {v}" for k, v in ctx["versions"].items())
    lines = [
        "# Vector-search back ends for the document index",
        "",
        f"Generated by `{cmd}` (about {ctx['minutes']:.0f} min) on {platform.machine()}, "
        f"{os.cpu_count()} cores, {platform.system()}. Versions: {vers}.",
        "",
        f"Index: {meta['n']:,} distinct documents, {meta['dim']}-d float32 unit vectors from "
        f"`{meta['embedder']}` (embedding them took {meta['embed_s']:.1f} s in one process). "
        "Documents are paragraphs and sentences of ../shared/eval/dev (MSRP, PAWS, METER, "
        f"Clough & Stevenson); {meta['two_paragraph_docs']:,} of them are two random "
        "paragraphs joined (seeded), to reach the count with distinct texts. Median "
        f"{meta['doc_words_median']:.0f} words a document.",
        "",
        f"Queries: {meta['queries']} held-out texts, never indexed: "
        + ", ".join(f"{meta['kinds'].count(k)} {k}" for k in dict.fromkeys(meta["kinds"]))
        + " (for partners, the paraphrase's other half is indexed). "
        f"k = {K}, one query at a time.",
        "",
        "## Results",
        "",
        "Cold = a fresh child process that imports the back end, opens the index and answers "
        "one query, then exits; medians of "
        f"{args.cold_runs} runs. *cached*: the index file was in the OS page cache; *evicted*: "
        "dropped from it with `posix_fadvise(DONTNEED)` just before (the virtual disk may "
        "still be cached by the host). Warm = the same process after its first query, "
        f"{args.passes} × {meta['queries']} queries. Recall@10 is against exact float32 search "
        "(a tie with the 10th exact score counts). *Partner*: the share of paraphrase queries "
        "whose indexed partner (or a document tied with it) is in the top 10, the neighbour "
        "provcheck most needs to find. Peak RSS is the largest of the index-only cold and warm "
        "processes. Child processes compile this script at start (the project sets no "
        "bytecode cache), which is in *interpreter start* and *index-only process*.",
        "",
        "| back end | build s | file MiB | import + open ms (cached / evicted) | first query ms "
        "(cached / evicted) | index-only process ms (cached / evicted) | fresh check ms "
        "(index's share) | warm p50 ms | warm p95 ms | recall@10 | partner in top 10 | "
        "peak RSS MiB |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    emb_ms = ctx["embedder_s"] * 1000
    for r in results:
        c, e = r["cold"]["cached"], r["cold"]["evicted"]
        peak = max(c["peak_mib"], e["peak_mib"], r["warm_peak_mib"])
        lines.append(
            f"| {r['name']} | {_f(r['build_s'], 1)} | {_f(r['size_mib'], 1)} | "
            f"{_f((c['import_s'] + c['open_s']) * 1000)} / "
            f"{_f((e['import_s'] + e['open_s']) * 1000)} | "
            f"{_f(c['first_s'] * 1000, 1)} / {_f(e['first_s'] * 1000, 1)} | "
            f"{_f(c['wall_s'] * 1000)} / {_f(e['wall_s'] * 1000)} | "
            f"{_f(r['check_ms'])} ({r['check_ms'] - emb_ms:+,.0f}) | "
            f"{_f(r['p50_ms'], 2)} | {_f(r['p95_ms'], 2)} | {r['recall']:.3f} | "
            f"{r['partner']:.3f} | {_f(peak)} |"
        )
    lines += [
        "",
        "Where the cold time goes (page cache *cached*, medians, ms), and the rest:",
        "",
        "| back end | interpreter start | import | open / load | first query | warm p99 ms | "
        "build peak RSS MiB | fresh check peak RSS MiB | vectors in SQLite | how |",
        "|---|--:|--:|--:|--:|--:|--:|--:|:-:|---|",
    ]
    for r in results:
        c = r["cold"]["cached"]
        lines.append(
            f"| {r['name']} | {_f(c['startup_s'] * 1000)} | {_f(c['import_s'] * 1000)} | "
            f"{_f(c['open_s'] * 1000)} | {_f(c['first_s'] * 1000, 1)} | {_f(r['p99_ms'], 2)} | "
            f"{_f(r['build_peak_mib'])} | {_f(r['check_peak_mib'])} | "
            f"{'yes' if r['in_sqlite'] else 'no'} | {r['note']} |"
        )
    lines += [
        "",
        "For scale, fresh processes of the same interpreter (medians of "
        f"{args.cold_runs}): `python -c pass` {_f(ctx['python_s'] * 1000)} ms, "
        f"`import numpy` {_f(ctx['numpy_s'] * 1000)} ms; this script's child loading only "
        f"provcheck's embedder and encoding one query {_f(emb_ms)} ms "
        f"({_f(ctx['embedder_mib'])} MiB peak): the baseline of the *fresh check* column, "
        "a child that also opens the index and answers that query (the figure in brackets is "
        "the difference). Exact search finds the indexed paraphrase partner in the top 10 for "
        f"{ctx['exact_partner']:.1%} of partner queries.",
        "",
        f"HNSW settings, the same for usearch, hnswlib and faiss: M = {HNSW_M}, "
        f"ef_construction = {HNSW_EF_CONSTRUCTION}, ef_search = {HNSW_EF_SEARCH}; builds use "
        f"all {os.cpu_count()} cores, HNSW queries one thread; numpy and faiss use their "
        "libraries' default threads unless the row says one. usearch uses the cosine metric "
        "(the same order on unit vectors; its int8 needs it), the others inner product or "
        "cosine. The numpy back ends but the *widened per query* one widen float16 to a "
        "float32 matrix once on load and search it with one matrix-vector product and "
        "`argpartition`.",
    ]
    swept = [r for r in results if r["sweep"]]
    if swept:
        lines += [
            "",
            "HNSW recall against ef_search (warm, one pass; the default above is "
            f"{HNSW_EF_SEARCH}). *Own vector*: {SELF_QUERIES:,} indexed documents (seeded "
            "sample) queried with their own vector; a miss is a document the graph search "
            "cannot reach.",
            "",
            "| back end | ef_search | p50 ms | p95 ms | recall@10 | partner in top 10 | "
            "own vector in top 10 |",
            "|---|--:|--:|--:|--:|--:|--:|",
        ]
        for r in swept:
            for ef in sorted(r["sweep"], key=int):
                v = r["sweep"][ef]
                lines.append(
                    f"| {r['name']} | {ef} | {_f(v['p50_ms'], 2)} | {_f(v['p95_ms'], 2)} | "
                    f"{v['recall']:.3f} | {v['partner']:.3f} | {v['self']:.3f} |"
                )
    if skipped:
        lines += ["", "Skipped: " + "; ".join(skipped) + "."]
    rec = ""
    if BEGIN_REC in old and END_REC in old:
        rec = old[old.index(BEGIN_REC) : old.index(END_REC) + len(END_REC)]
    else:
        rec = f"{BEGIN_REC}\n(to be written from the figures above)\n{END_REC}"
    lines += ["", "## Recommendation", "", rec, ""]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="documents in the index")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--cold-runs", type=int, default=5)
    ap.add_argument("--passes", type=int, default=3, help="warm passes over the queries")
    ap.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    ap.add_argument("--output", type=Path, default=ROOT / "docs" / "vector-backends.md")
    ap.add_argument("--only", default="", help="comma-separated substrings of back-end names")
    ap.add_argument("--worker", choices=WORKER_MODES, help=argparse.SUPPRESS)
    ap.add_argument("--backend", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.backend, args.workdir, args.passes)))
        return 0

    t_all = time.monotonic()
    args.workdir.mkdir(parents=True, exist_ok=True)
    meta = prepare(args.workdir, args.n, args.queries)
    import numpy as np

    exact = np.load(args.workdir / "exact.npy")
    ctx: dict[str, Any] = {"versions": _versions()}
    ctx["exact_partner"] = _partner_rate(exact.tolist(), meta["partner_ids"], args.workdir)
    ctx["python_s"], _ = _median_wall("pass", args.cold_runs)
    ctx["numpy_s"], _ = _median_wall("import numpy", args.cold_runs)
    embeds = [
        _child(_worker_cmd("embed", BACKENDS[0].name, args.workdir)) for _ in range(args.cold_runs)
    ]
    ctx["embedder_s"] = statistics.median(e[1] for e in embeds)
    ctx["embedder_mib"] = max(e[0]["peak_mib"] for e in embeds)
    results, skipped = [], []
    wanted = [w.strip().lower() for w in args.only.split(",") if w.strip()]
    for b in BACKENDS:
        if wanted and not any(w in b.name.lower() for w in wanted):
            continue
        missing = _missing(b)
        if missing:
            print(f"[{b.name}] skipped: {', '.join(missing)} missing", file=sys.stderr)
            skipped.append(f"{b.name} ({', '.join(missing)} not installed)")
            continue
        try:
            results.append(measure(b, args.workdir, meta, args))
        except RuntimeError as exc:
            print(f"[{b.name}] failed: {exc}", file=sys.stderr)
            skipped.append(f"{b.name} (failed: {str(exc).splitlines()[-1][:120]})")
    ctx["minutes"] = (time.monotonic() - t_all) / 60
    (args.workdir / "results.json").write_text(json.dumps({"results": results, "ctx": ctx}))
    old = args.output.read_text(encoding="utf-8") if args.output.is_file() else ""
    args.output.write_text(report(results, skipped, meta, ctx, args, old), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
