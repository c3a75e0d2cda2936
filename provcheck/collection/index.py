"""A persistent index of a collection: one SQLite file, no server, and its vector file.

What it holds (tables):

* ``documents``: one row per article: content hash (SHA-256 of the canonical body,
  so the same article saved twice, or as HTML and as text, is one document), metadata
  and the normalised document as JSON.
* ``postings`` and ``shingle_df``: lexical fingerprints for candidate search, in the
  manner of passim: word 5-grams hashed to 64 bits, a fixed quarter of them kept
  (hash mod 4), each posting (shingle, document); ``shingle_df`` counts documents per
  shingle so that phrases common to many documents are skipped as evidence.
* ``vectors``: one embedding per document (the package's static model, float16) for
  rewrites that share few words with their source. ``vector_pack`` is a cache that
  older versions wrote; it is read when still in step, never written.
* ``outlet_paragraphs``: how many documents of each outlet hold each paragraph;
  a paragraph in ``outlet_repeats`` (:mod:`provcheck.calibration`) or more documents
  of one outlet is that outlet's furniture and is removed before any comparison
  (:func:`provcheck.boilerplate.remove_outlet_furniture`, the one furniture rule).
* ``pairs`` and ``scan_done``: results of ``provcheck scan`` (resumable), written by
  :meth:`Index.save_scan`; ``meta`` holds the settings the scan runs with
  (:meth:`Index.scan_settings`).

**The vector file** (``<index>.vectors``, beside the database): every document vector
quantised to int8 with one scale per vector, memory-mapped by a fresh process instead
of read from the table (a ``check`` against 100k documents touches 26 MB of it once).
Each change to the vectors writes a new random stamp into ``meta`` in the same
transaction; the file carries the stamp it was built from, so a file that is missing,
torn or out of step (another copy of the index, a branch, a killed writer) is never
used: the vectors are then read from the table. The quantised scores only shortlist:
every candidate's cosine is recomputed from the stored float16 vector, with a margin
that bounds the quantisation error, so the candidates are those of an exact search.
Writers rebuild the file when they close; reading commands never write it.

**Reading and writing.** :func:`open_index` checks that a file is a provcheck index
before anything touches it: an empty file, a file that is not SQLite, an SQLite
database without provcheck's tables or of another schema is refused
(:class:`IndexStoreError`, exit 4) and left as it was. Reading commands open it
read-only (``readonly=True``: SQLite's ``mode=ro``), so the file stays byte-identical.
Writers switch to WAL mode at their first write (a writer that writes nothing leaves
the file as it was) and put the file back in rollback-journal mode when they close
(when no other process has it open), so that the index at rest is one file that
readers open without creating ``-wal`` or ``-shm`` files. Any SQLite error while
using an index (a damaged page, a lock held too long) is an :class:`IndexStoreError`.
:meth:`Index.verify` makes sure the whole file is sound before a decision rests on it
(``check`` runs it in a thread beside its other work): a CRC-32 of the file when the
vector file records the one its last writer left after ``PRAGMA quick_check``
passed, else ``PRAGMA quick_check`` itself.

The word n-gram length, the share of shingles kept, the stock-phrase cut-off and the
candidate thresholds are calibration (``shingle_n``, ``shingle_mod``, ``max_df``,
``semantic_min``, ``min_shared``). Nothing outside this module touches the SQLite
connection: callers use the operations of :class:`Index`.

Adding a document already held (same content hash) is a no-op. Every change runs in
one transaction, so a killed process leaves the index as it was before the document
it was adding; :meth:`Index.remove_all` removes several documents in one transaction.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import mmap
import os
import sqlite3
import threading
import time
import zlib
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from ..calibration import CALIBRATION, Calibration
from ..errors import IndexStoreError
from ..ingest.boilerplate import remove_outlet_furniture
from ..language.text import words
from ..models import Boilerplate, Document, Fetch, Paragraph

if TYPE_CHECKING:
    import numpy as np

    from ..verdict.similarity import Embedder

# numpy is imported where vectors are handled, not with the module: `check` opens the
# index and starts verifying it (in a thread) while numpy and the rest still load.

SCHEMA = 1
#: Seconds a writer waits for another writer before giving up.
BUSY_TIMEOUT = 60.0
#: Documents :meth:`Index.load` keeps (least recently used out): a scan compares each
#: document with its few candidates, mostly neighbours in the index; not a tuned number.
LOADED_DOCUMENTS = 256
#: Documents ``index add`` writes in one transaction: a commit per document cost a
#: quarter of indexing METER; not a tuned number.
ADD_BATCH = 64

#: One pair a scan found: ``(a, b, relation, direction, score, result)``, ``a`` the
#: older document (lower id), ``result`` the reasons and fact counts as JSON values.
PairRow = tuple[int, int, str, str, float, dict[str, Any]]

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    title TEXT, date TEXT, outlet TEXT,
    added REAL NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_path ON documents (path);
CREATE TABLE IF NOT EXISTS postings (
    shingle INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (shingle, doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS postings_doc ON postings (doc);
CREATE TABLE IF NOT EXISTS shingle_df (shingle INTEGER PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS vectors (doc INTEGER PRIMARY KEY, vec BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS vector_pack (
    id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL,
    ids BLOB NOT NULL, mat BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS outlet_paragraphs (
    outlet TEXT NOT NULL, para INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (outlet, para)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pairs (
    a INTEGER NOT NULL, b INTEGER NOT NULL,
    relation TEXT NOT NULL, direction TEXT NOT NULL, score REAL NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE TABLE IF NOT EXISTS scan_done (doc INTEGER PRIMARY KEY);
"""


def _h64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big",
                          signed=True)


def content_hash(doc: Document) -> str:
    """SHA-256 of the canonical body: the document's identity in the index."""
    return hashlib.sha256(doc.body.encode("utf-8")).hexdigest()


def fingerprint(doc: Document) -> list[int]:
    """The document's kept word n-gram hashes (sorted, distinct).

    Always with the shipped ``shingle_n`` and ``shingle_mod``: the postings stored in an
    index and the queries against it must be cut the same way.
    """
    n, mod = CALIBRATION.shingle_n, CALIBRATION.shingle_mod
    ws = words(doc.body)
    grams = {" ".join(ws[i : i + n]) for i in range(max(0, len(ws) - n + 1))}
    if not grams and ws:
        grams = {" ".join(ws)}
    return sorted(h for h in map(_h64, grams) if h % mod == 0)


def paragraph_key(p: Paragraph) -> int:
    return _h64(p.canon)


def doc_to_json(doc: Document) -> str:
    data = {
        "path": doc.path, "title": doc.title, "date": doc.date, "outlet": doc.outlet,
        "author": doc.author, "url": doc.url, "dateline": doc.dateline,
        "format": doc.source_format, "encoding": doc.encoding,
        "paragraphs": [[p.id, p.text, p.canon, p.start, p.end] for p in doc.paragraphs],
        "boilerplate": [[b.text, b.reason] for b in doc.boilerplate],
        "modified": doc.modified,
        "fetched": doc.fetched.to_dict() if doc.fetched else None,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def doc_from_json(text: str) -> Document:
    d = json.loads(text)
    return Document(
        path=d["path"], title=d["title"], date=d["date"], outlet=d["outlet"],
        author=d["author"], url=d["url"], dateline=d["dateline"],
        paragraphs=tuple(Paragraph(*p) for p in d["paragraphs"]),
        boilerplate=tuple(Boilerplate(*b) for b in d["boilerplate"]),
        source_format=d["format"], encoding=d["encoding"],
        modified=d.get("modified"),
        fetched=Fetch(**d["fetched"]) if d.get("fetched") else None,
    )


@dataclass(frozen=True)
class Held:
    """A document as the index holds it."""

    id: int
    path: str
    hash: str
    title: str | None
    date: str | None
    outlet: str | None


@dataclass(frozen=True)
class Candidate:
    id: int
    lexical: int
    """Kept shingles shared with the query (0 when found by its vector only)."""
    semantic: float | None


@dataclass(frozen=True)
class AddResult:
    id: int
    added: bool
    """False when a document with the same content hash was already held."""
    path: str


_P = ParamSpec("_P")
_R = TypeVar("_R")

#: The first bytes of every SQLite 3 database file.
_SQLITE_HEADER = b"SQLite format 3\x00"
#: The tables a provcheck index has (``vector_pack`` only in indexes older versions made).
_TABLES = frozenset({"meta", "documents", "postings", "shingle_df", "vectors",
                     "outlet_paragraphs", "pairs", "scan_done"})


_NOT_OURS = "{path}: an SQLite database, but not a provcheck index (it has no provcheck tables)"


def vector_file(path: str | Path) -> Path:
    """The vector file of the index at ``path``: ``<index>.vectors`` beside it."""
    p = Path(path)
    return p.with_name(p.name + ".vectors")


def _store_error(
    path: Path, exc: sqlite3.DatabaseError, other: str = "index error"
) -> IndexStoreError:
    """One line saying what is wrong with the index at ``path`` (``other``: how to
    name an error of no known kind)."""
    msg = " ".join(str(exc).split()) or type(exc).__name__
    low = msg.lower()
    if "malformed" in low or "corrupt" in low:
        why = f"the index is damaged ({msg}); rebuild it with provcheck index add into a new file"
    elif "not a database" in low:
        why = f"not a provcheck index ({msg})"
    elif "locked" in low or "busy" in low:
        why = (f"the index is locked by another process ({msg}; waited "
               f"{BUSY_TIMEOUT:.0f} s)")
    elif "readonly" in low or "read-only" in low:
        why = f"cannot write to the index ({msg})"
    elif "unable to open" in low:
        why = f"cannot open the index ({msg})"
    else:
        why = f"{other} ({msg})"
    return IndexStoreError(f"{path}: {why}")


def _guarded(fn: Callable[Concatenate[Index, _P], _R]) -> Callable[Concatenate[Index, _P], _R]:
    """Turn any SQLite error raised while using the index into an IndexStoreError."""

    @functools.wraps(fn)
    def wrapper(self: Index, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return fn(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise _store_error(self.path, exc) from None

    return wrapper


def _sniff(path: Path) -> None:
    """Refuse, before SQLite opens it for real, a file that cannot be a provcheck index.

    The header is read as bytes; then, unless a write-ahead log is waiting beside the
    file, its table names are read with ``immutable=1`` (no lock taken, no ``-wal`` or
    ``-shm`` file created), so that another program's SQLite database in WAL mode is
    refused without a trace. Anything unclear is left to the real open.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise IndexStoreError(f"{path}: cannot read the index ({exc.strerror})") from None
    if size == 0:
        raise IndexStoreError(f"{path}: an empty file (0 bytes), not a provcheck index")
    if head != _SQLITE_HEADER:
        raise IndexStoreError(f"{path}: not a provcheck index (not an SQLite database)")
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            names = {r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table'").fetchall()}
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return
    if not {"meta", "documents"} <= names:
        raise IndexStoreError(_NOT_OURS.format(path=path))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _connect_readonly(path: Path) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None,
                           check_same_thread=False)


class _VectorFile:
    """The quantised vectors in a file of their own: written whole, then memory-mapped.

    Layout: ``PROVVEC1``, a little-endian uint32 header length, a JSON header (stamp,
    count, dim, offsets, total size, and ``verified``: the size and CRC-32 of the
    database file as a writer left it after ``PRAGMA quick_check`` passed, or null),
    then at 64-byte boundaries the document ids (int64), one scale per vector
    (float32: value = code * scale) and the codes (int8, count x dim).
    """

    magic = b"PROVVEC1"
    align = 64

    def __init__(self, ids: np.ndarray, scales: np.ndarray, codes: np.ndarray) -> None:
        self.ids = ids
        self.scales = scales
        self.codes = codes

    @classmethod
    def quantise(cls, ids: np.ndarray, mat: np.ndarray) -> _VectorFile:
        import numpy as np

        peak = np.abs(mat).max(axis=1) if len(mat) else np.zeros(0, np.float32)
        scales = np.where(peak > 0, peak / 127, 1).astype(np.float32)
        codes = np.clip(np.rint(mat / scales[:, None]), -127, 127).astype(np.int8)
        return cls(ids.astype(np.int64), scales, codes)

    def write(self, path: Path, stamp: str, verified: dict[str, int] | None) -> None:
        """Write atomically (a temporary file renamed over ``path`` once synced)."""
        import numpy as np

        n, dim = self.codes.shape
        a = self.align

        def up(x: int) -> int:
            return (x + a - 1) // a * a

        fixed = 1024  # room for the header; offsets below do not depend on its length
        ids_at = fixed
        scales_at = up(ids_at + 8 * n)
        codes_at = up(scales_at + 4 * n)
        size = codes_at + n * dim
        header = json.dumps({"format": 1, "stamp": stamp, "count": n, "dim": dim,
                             "ids": ids_at, "scales": scales_at, "codes": codes_at,
                             "size": size, "verified": verified}).encode()
        if len(header) > fixed - 12:
            raise ValueError("vector file header too long")
        start = self.magic + len(header).to_bytes(4, "little") + header
        for left in path.parent.glob(f"{path.name}.tmp-*"):  # a writer killed while writing
            with contextlib.suppress(ValueError, OSError):
                if not _alive(int(left.name.rpartition("-")[2])):
                    left.unlink()
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        try:
            with tmp.open("wb") as fh:
                fh.write(start.ljust(fixed, b"\0"))
                fh.write(self.ids.astype("<i8").tobytes().ljust(scales_at - ids_at, b"\0"))
                fh.write(self.scales.astype("<f4").tobytes().ljust(codes_at - scales_at, b"\0"))
                fh.write(np.ascontiguousarray(self.codes).tobytes())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)

    @classmethod
    def header(cls, path: Path) -> tuple[dict[str, Any], int] | None:
        """The header of the file at ``path`` and its size (None: no usable file)."""
        try:
            with path.open("rb") as fh:
                start = fh.read(12)
                if start[:8] != cls.magic:
                    return None
                header = json.loads(fh.read(int.from_bytes(start[8:12], "little")))
                size = os.fstat(fh.fileno()).st_size
        except (OSError, ValueError):
            return None
        if not isinstance(header, dict) or header.get("size") != size:
            return None  # torn or foreign
        return header, size

    @classmethod
    def open(cls, path: Path, stamp: str) -> _VectorFile | None:
        """Map the file at ``path`` if it was built from ``stamp`` (None otherwise)."""
        import numpy as np

        found = cls.header(path)
        if found is None or found[0].get("stamp") != stamp:
            return None
        h, _ = found
        try:
            n, dim = int(h["count"]), int(h["dim"])
            with path.open("rb") as fh:
                buf = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            ids = np.frombuffer(buf, dtype="<i8", count=n, offset=int(h["ids"]))
            scales = np.frombuffer(buf, dtype="<f4", count=n, offset=int(h["scales"]))
            codes = np.frombuffer(buf, dtype=np.int8, count=n * dim,
                                  offset=int(h["codes"])).reshape(n, dim)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return cls(ids, scales, codes)

    def approx(self, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Approximate cosines with ``q`` and, per vector, a bound on their error."""
        import numpy as np

        n = len(self.ids)
        out = np.empty(n, dtype=np.float32)
        block = 8192
        for i in range(0, n, block):
            out[i : i + block] = self.codes[i : i + block].astype(np.float32) @ q
        out *= self.scales
        # |v - code * scale| <= scale / 2 per dimension, so the cosine is off by at most
        # |q|_1 * scale / 2; the small constant covers float32 rounding in the products
        err = self.scales * (float(np.abs(q).sum()) / 2) + 1e-4
        return out, err


@dataclass(frozen=True)
class _Exact:
    """All document vectors as one float32 matrix (widened once from float16)."""

    ids: np.ndarray
    mat: np.ndarray


def _top(ids: np.ndarray, sims: np.ndarray, k: int, minimum: float) -> list[tuple[int, float]]:
    """The ``k`` most similar (most similar first), those under ``minimum`` left out."""
    import numpy as np

    k = min(k, len(sims))
    if k <= 0:
        return []
    top = np.argpartition(-sims, k - 1)[:k] if k < len(sims) else np.arange(len(sims))
    order = top[np.argsort(-sims[top], kind="stable")]
    return [(int(ids[i]), float(sims[i])) for i in order if sims[i] >= minimum]


class Index:
    """The collection's index. Open with :func:`open_index`; use as a context manager."""

    #: Semantic queries a process answers from the quantised vector file before it
    #: loads the exact matrix once (a check asks one per new article, a scan one per
    #: indexed document: past this many, one read of the table is the cheaper way).
    exact_after = 32

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self._vectors: _VectorFile | _Exact | None = None
        #: recently loaded documents (see :meth:`keep_loaded`)
        self._loaded: OrderedDict[int, Document] = OrderedDict()
        self._keep = 0
        self._queries = 0
        self._journal = "delete"
        existed = path.exists()
        if existed:
            _sniff(path)
        try:
            if readonly:
                self.db = _connect_readonly(path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        except sqlite3.DatabaseError as exc:
            raise _store_error(path, exc) from None
        try:
            names = self._check_schema() if existed else set()
            if not readonly:
                self._journal = str(self.db.execute("PRAGMA journal_mode").fetchone()[0])
                self.db.execute("PRAGMA synchronous=NORMAL")
                if not _TABLES | {"vector_pack"} <= names:
                    self._start_writing()
                    self.db.executescript(_DDL)
                    self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)",
                                    (str(SCHEMA),))
        except IndexStoreError:
            self.db.close()
            raise
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise _store_error(path, exc, "not a provcheck index") from None

    def _check_schema(self) -> set[str]:
        """The tables of a file that is a provcheck index (else IndexStoreError)."""
        names = {r[0] for r in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"meta", "documents"} <= names:
            raise IndexStoreError(_NOT_OURS.format(path=self.path))
        row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None or str(row[0]) != str(SCHEMA):
            found = "none" if row is None else row[0]
            raise IndexStoreError(
                f"{self.path}: provcheck index schema {found}, this provcheck reads {SCHEMA}")
        missing = sorted(_TABLES - names)
        if missing and self.readonly:
            raise IndexStoreError(
                f"{self.path}: an incomplete provcheck index (no table {', '.join(missing)})")
        return names

    def _start_writing(self) -> None:
        """WAL mode from the first write on (a writer that writes nothing leaves the file
        as it was)."""
        if self._journal != "wal":
            self._journal = str(self.db.execute("PRAGMA journal_mode=WAL").fetchone()[0])

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close. A writer first leaves the file in rollback-journal mode when no other
        process has it open (one file at rest), then brings the vector file in step
        (:meth:`refresh_vector_file`)."""
        try:
            if not self.readonly:
                self._settle()
        finally:
            self.db.close()

    def _settle(self) -> None:
        with contextlib.suppress(IndexStoreError, sqlite3.DatabaseError):
            if self._meta("vectors_stamp") is None:  # an index from before vector files
                with self._write():
                    self.db.execute("INSERT OR IGNORE INTO meta VALUES ('vectors_stamp', ?)",
                                    (os.urandom(16).hex(),))
        if self._journal == "wal":
            # fails when another process has it open: the last writer to close does it
            with contextlib.suppress(sqlite3.DatabaseError):
                self.db.execute("PRAGMA busy_timeout=0")
                self._journal = str(
                    self.db.execute("PRAGMA journal_mode=DELETE").fetchone()[0])
            self.db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
        # a vector file left stale is detected by readers, which then read the table
        with contextlib.suppress(IndexStoreError, OSError):
            self.refresh_vector_file()

    # ------------------------------------------------------------------ reading

    @_guarded
    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    @_guarded
    def documents(self) -> list[Held]:
        rows = self.db.execute(
            "SELECT id, path, hash, title, date, outlet FROM documents ORDER BY id"
        ).fetchall()
        return [Held(*r) for r in rows]

    @_guarded
    def by_hash(self, h: str) -> Held | None:
        r = self.db.execute(
            "SELECT id, path, hash, title, date, outlet FROM documents WHERE hash=?", (h,)
        ).fetchone()
        return Held(*r) if r else None

    @_guarded
    def held(self, doc_id: int) -> Held:
        r = self.db.execute(
            "SELECT id, path, hash, title, date, outlet FROM documents WHERE id=?", (doc_id,)
        ).fetchone()
        if r is None:
            raise KeyError(doc_id)
        return Held(*r)

    @_guarded
    def keep_loaded(self, n: int = LOADED_DOCUMENTS) -> None:
        """Keep the ``n`` documents last loaded: :meth:`load` gives the same object again,
        so that a document compared with several others (a scan) does its per-document
        work (``Document.memo``) once. 0 (the default) keeps none: a report holds one
        document at a time."""
        self._keep = n
        while len(self._loaded) > n:
            self._loaded.popitem(last=False)

    def load(self, doc_id: int) -> Document:
        """The stored document, with its outlet's learned furniture removed (the same
        object again while it is among those :meth:`keep_loaded` keeps)."""
        doc = self._loaded.get(doc_id)
        if doc is not None:
            self._loaded.move_to_end(doc_id)
            return doc
        r = self.db.execute("SELECT doc FROM documents WHERE id=?", (doc_id,)).fetchone()
        if r is None:
            raise KeyError(doc_id)
        doc = self.strip_furniture(doc_from_json(r[0]))
        if self._keep:
            self._loaded[doc_id] = doc
            if len(self._loaded) > self._keep:
                self._loaded.popitem(last=False)
        return doc

    @_guarded
    def furniture(self, outlet: str | None) -> set[int]:
        if not outlet:
            return set()
        rows = self.db.execute(
            "SELECT para FROM outlet_paragraphs WHERE outlet=? AND n>=?",
            (outlet.lower(), CALIBRATION.outlet_repeats),
        ).fetchall()
        return {r[0] for r in rows}

    def strip_furniture(self, doc: Document) -> Document:
        """Remove paragraphs the index learned as the outlet's furniture (the one rule of
        :func:`provcheck.boilerplate.remove_outlet_furniture`)."""
        learned = self.furniture(doc.outlet)
        if not learned:
            return doc
        return remove_outlet_furniture(
            doc,
            lambda p: paragraph_key(p) in learned,
            f"recurs in indexed articles of {doc.outlet}",
            CALIBRATION.max_furniture_share,
        )

    @_guarded
    def stats(self) -> dict[str, Any]:
        q = self.db.execute
        size = sum(
            p.stat().st_size
            for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm"))
            if p.exists()
        )
        vf = vector_file(self.path)
        return {
            "path": str(self.path),
            "documents": self.count(),
            "postings": int(q("SELECT COUNT(*) FROM postings").fetchone()[0]),
            "shingles": int(q("SELECT COUNT(*) FROM shingle_df").fetchone()[0]),
            "vectors": int(q("SELECT COUNT(*) FROM vectors").fetchone()[0]),
            "outlets": int(q("SELECT COUNT(DISTINCT outlet) FROM documents").fetchone()[0]),
            "furniture_paragraphs": int(
                q("SELECT COUNT(*) FROM outlet_paragraphs WHERE n>=?",
                  (CALIBRATION.outlet_repeats,))
                .fetchone()[0]
            ),
            "scanned_documents": int(q("SELECT COUNT(*) FROM scan_done").fetchone()[0]),
            "pairs": int(q("SELECT COUNT(*) FROM pairs").fetchone()[0]),
            "bytes": size,
            "vector_file": str(vf),
            "vector_file_bytes": vf.stat().st_size if vf.exists() else 0,
            "vector_file_in_step": self.vector_file_in_step(),
        }

    @_guarded
    def verify(self) -> str:
        """Make sure the file is sound before a decision rests on it, else raise
        :class:`IndexStoreError`; returns how (``"crc32"`` or ``"quick_check"``).

        When the vector file records the size and CRC-32 of the database as its last
        writer left it, after ``PRAGMA quick_check`` passed, and the file still has
        them (and no write-ahead log holds more), the file is the one that passed: a
        CRC-32 of the file costs a fifth of a ``quick_check`` (about 100 ms against 500
        ms at 100k documents, docs/performance.md) and also catches damage inside rows.
        Otherwise ``PRAGMA quick_check`` runs.
        """
        return _verify(self.db, self.path)

    def verify_in_background(self) -> Callable[[], str]:
        """Start :meth:`verify` in a thread on a read-only connection of its own
        (SQLite and zlib release the GIL while they read); the function returned waits
        for it and raises :class:`IndexStoreError` if it found damage."""
        found: list[BaseException] = []
        how: list[str] = []

        def work() -> None:
            try:
                db = _connect_readonly(self.path)
                try:
                    how.append(_verify(db, self.path))
                finally:
                    db.close()
            except sqlite3.DatabaseError as exc:
                found.append(_store_error(self.path, exc))
            except BaseException as exc:  # handed to the caller, not lost in the thread
                found.append(exc)

        thread = threading.Thread(target=work, name="provcheck-verify", daemon=True)
        thread.start()

        def wait() -> str:
            thread.join()
            if found:
                raise found[0]
            return how[0]

        return wait

    # ------------------------------------------------------------------ writing

    @_guarded
    def add(self, doc: Document, embedder: Embedder | None) -> AddResult:
        """Add one document (a no-op when its content hash is held already)."""
        return self.add_all([doc], embedder)[0]

    @_guarded
    def add_all(self, docs: Iterable[Document], embedder: Embedder | None) -> list[AddResult]:
        """Add documents in order, :data:`ADD_BATCH` to a transaction (a killed run keeps
        every batch it committed; adding the same files again adds the rest)."""
        out: list[AddResult] = []
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= ADD_BATCH:
                out += self._add_batch(batch, embedder)
                batch = []
        if batch:
            out += self._add_batch(batch, embedder)
        return out

    def _add_batch(self, docs: list[Document], embedder: Embedder | None) -> list[AddResult]:
        import numpy as np

        hashes = [content_hash(d) for d in docs]
        held_before = [self.by_hash(h) for h in hashes]
        if all(h is not None for h in held_before):
            # nothing new: no transaction (a writer that writes nothing leaves the file)
            return [AddResult(h.id, False, h.path) for h in held_before if h is not None]
        self._loaded.clear()  # the outlet's learned furniture may change
        out: list[AddResult] = []
        with self._write():
            for doc, h in zip(docs, hashes, strict=True):
                held = self.by_hash(h)  # sees this transaction's own rows
                if held is not None:
                    out.append(AddResult(held.id, False, held.path))
                    continue
                shingles = fingerprint(doc)
                vec = None
                if embedder is not None:
                    vec = embedder.encode([doc.body])[0].astype(np.float16).tobytes()
                cur = self.db.execute(
                    "INSERT INTO documents (path, hash, title, date, outlet, added, doc) "
                    "VALUES (?,?,?,?,?,?,?)",
                    (doc.path or "", h, doc.title, doc.date, doc.outlet, time.time(),
                     doc_to_json(doc)),
                )
                doc_id = int(cur.lastrowid or 0)
                self.db.executemany(
                    "INSERT OR IGNORE INTO postings VALUES (?,?)", ((s, doc_id) for s in shingles)
                )
                self.db.executemany(
                    "INSERT INTO shingle_df VALUES (?,1) ON CONFLICT(shingle) DO UPDATE SET n=n+1",
                    ((s,) for s in shingles),
                )
                if vec is not None:
                    self.db.execute("INSERT INTO vectors VALUES (?,?)", (doc_id, vec))
                if doc.outlet:
                    self.db.executemany(
                        "INSERT INTO outlet_paragraphs VALUES (?,?,1) "
                        "ON CONFLICT(outlet, para) DO UPDATE SET n=n+1",
                        ((doc.outlet.lower(), k)
                         for k in {paragraph_key(p) for p in doc.paragraphs}),
                    )
                out.append(AddResult(doc_id, True, doc.path or ""))
            if any(r.added for r in out):
                self._bump_vectors()
        self._vectors = None
        return out

    def remove(self, doc_id: int) -> bool:
        """Remove one document and everything derived from it."""
        return self.remove_all([doc_id]) == 1

    @_guarded
    def remove_all(self, doc_ids: Iterable[int]) -> int:
        """Remove documents and everything derived from them, all in one transaction
        (on any error none is removed); returns how many were held."""
        removed = 0
        with self._write():
            for doc_id in dict.fromkeys(doc_ids):
                removed += self._remove_one(doc_id)
        self._vectors = None
        return removed

    def _remove_one(self, doc_id: int) -> bool:
        self._loaded.clear()
        r = self.db.execute("SELECT doc, outlet FROM documents WHERE id=?", (doc_id,)).fetchone()
        if r is None:
            return False
        doc = doc_from_json(r[0])
        shingles = [s for (s,) in self.db.execute(
            "SELECT shingle FROM postings WHERE doc=?", (doc_id,)).fetchall()]
        self.db.execute("DELETE FROM documents WHERE id=?", (doc_id,))
        self.db.execute("DELETE FROM postings WHERE doc=?", (doc_id,))
        self.db.executemany(
            "UPDATE shingle_df SET n=n-1 WHERE shingle=?", ((s,) for s in shingles)
        )
        self.db.execute("DELETE FROM shingle_df WHERE n<=0")
        self.db.execute("DELETE FROM vectors WHERE doc=?", (doc_id,))
        self._bump_vectors()
        if r[1]:
            self.db.executemany(
                "UPDATE outlet_paragraphs SET n=n-1 WHERE outlet=? AND para=?",
                ((r[1].lower(), k) for k in {paragraph_key(p) for p in doc.paragraphs}),
            )
            self.db.execute("DELETE FROM outlet_paragraphs WHERE n<=0")
        self.db.execute("DELETE FROM pairs WHERE a=? OR b=?", (doc_id, doc_id))
        self.db.execute("DELETE FROM scan_done WHERE doc=?", (doc_id,))
        return True

    def _write(self) -> _Transaction:
        if self.readonly:
            raise IndexStoreError(f"{self.path}: opened read-only, cannot be changed")
        self._start_writing()
        return _Transaction(self.db, self.path)

    # ------------------------------------------------------------------ vectors

    def _bump_vectors(self) -> None:
        """In the transaction that changes the vectors: a new stamp (the vector file
        built before it is out of step from this commit on)."""
        self.db.execute(
            "INSERT INTO meta VALUES ('vectors_version', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('vectors_stamp', ?)",
                        (os.urandom(16).hex(),))

    def _stamp(self) -> str | None:
        """What the vector file must carry to be in step: the random stamp and the
        change count (which provcheck versions before vector files bump too, so that
        their writes put the file out of step as well)."""
        stamp = self._meta("vectors_stamp")
        return None if stamp is None else f"{stamp}/{self._meta('vectors_version') or 0}"

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @_guarded
    def vector_file_in_step(self) -> bool:
        """Whether the vector file exists and was built from the vectors held now."""
        stamp = self._stamp()
        head = _VectorFile.header(vector_file(self.path))
        return stamp is not None and head is not None and head[0].get("stamp") == stamp

    @_guarded
    def refresh_vector_file(self) -> bool:
        """Bring the vector file in step with the database (writers only; :meth:`close`
        calls this): rebuilt when missing or out of step and, when the database is at
        rest in rollback-journal mode and passes ``PRAGMA quick_check``, with the size
        and CRC-32 that :meth:`verify` compares. Returns whether it was written."""
        if self.readonly:
            raise IndexStoreError(f"{self.path}: opened read-only, cannot be changed")
        target = vector_file(self.path)
        found = _VectorFile.header(target)
        self.db.execute("BEGIN")  # one snapshot (and, at rest, no writer meanwhile)
        try:
            stamp = self._stamp()
            if stamp is None:
                return False
            in_step = found is not None and found[0].get("stamp") == stamp
            verified = found[0].get("verified") if in_step and found else None
            if self._journal != "wal":
                self.db.execute("SELECT 1 FROM meta LIMIT 1").fetchone()  # a shared lock
                now = _fingerprint(self.path)
                if in_step and verified == now:
                    return False
                _quick_check(self.db, self.path)
                verified = now
            elif in_step:
                return False
            data = _VectorFile.open(target, stamp) if in_step else None
            if data is None:
                data = _VectorFile.quantise(*self._table_vectors())
            data.write(target, stamp, verified)
        finally:
            self.db.execute("COMMIT")
        return True

    def _table_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """Every vector from the database, as float32 (widened from the stored float16).

        Reads the packed copy older versions wrote when it is still in step.
        """
        import numpy as np

        version = int(self._meta("vectors_version") or 0)
        try:
            pack = self.db.execute("SELECT version, ids, mat FROM vector_pack").fetchone()
        except sqlite3.OperationalError:  # an index older than the pack has none
            pack = None
        if pack is not None and pack[0] == version:
            ids = np.frombuffer(pack[1], dtype=np.int64)
            mat = np.frombuffer(pack[2], dtype=np.float16)
        else:
            rows = self.db.execute("SELECT doc, vec FROM vectors ORDER BY doc").fetchall()
            ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            mat = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16)
        dim = mat.size // len(ids) if len(ids) else 0
        return ids, mat.astype(np.float32).reshape(len(ids), dim)

    def _vector_source(self) -> _VectorFile | _Exact:
        """The vector file when it is in step and this process has asked few queries;
        else the exact matrix, read from the table once per process."""
        if isinstance(self._vectors, _VectorFile) and self._queries >= self.exact_after:
            self._vectors = None
        if self._vectors is None and self._queries < self.exact_after:
            stamp = self._stamp()
            if stamp is not None:
                self._vectors = _VectorFile.open(vector_file(self.path), stamp)
        if self._vectors is None:
            self._vectors = _Exact(*self._table_vectors())
        return self._vectors

    def _exact_rows(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The stored vectors of ``ids`` (those still held), as float32."""
        import numpy as np

        found: list[tuple[int, bytes]] = []
        for chunk in _chunks([int(i) for i in ids], 500):
            marks = ",".join("?" * len(chunk))
            found += self.db.execute(
                f"SELECT doc, vec FROM vectors WHERE doc IN ({marks}) ORDER BY doc", chunk
            ).fetchall()
        out_ids = np.fromiter((d for d, _ in found), dtype=np.int64, count=len(found))
        mat = np.frombuffer(b"".join(v for _, v in found), dtype=np.float16)
        dim = mat.size // len(found) if found else 0
        return out_ids, mat.astype(np.float32).reshape(len(found), dim)

    @_guarded
    def nearest(self, q: np.ndarray, k: int, minimum: float) -> list[tuple[int, float]]:
        """The ``k`` documents whose vectors are most similar to ``q`` (cosine, most
        similar first), those under ``minimum`` left out: an exact search.

        From the vector file, the quantised cosines shortlist every document that can
        be among the ``k`` best and reach ``minimum`` given the bound on their error;
        the shortlist is then scored with the stored vectors.
        """
        import numpy as np

        source = self._vector_source()
        self._queries += 1
        if isinstance(source, _Exact):
            return _top(source.ids, source.mat @ q, k, minimum) if len(source.ids) else []
        approx, err = source.approx(q)
        n = len(approx)
        if n == 0 or k <= 0:
            return []
        reach = approx + err
        keep = reach >= minimum
        if k < n:
            # the k-th best true cosine is at least kth - max(err); a document below
            # that, with its own error, cannot be among the k best
            kth = float(np.partition(approx, n - k)[n - k])
            keep &= reach >= kth - float(err.max())
        ids, mat = self._exact_rows(source.ids[np.flatnonzero(keep)])
        return _top(ids, mat @ q, k, minimum) if len(ids) else []

    # ------------------------------------------------------------------ search

    @_guarded
    def candidates(
        self,
        doc: Document,
        embedder: Embedder | None,
        *,
        lexical_top: int = 20,
        semantic_top: int = 5,
        semantic_min: float | None = None,
        exclude: Iterable[int] = (),
        calibration: Calibration = CALIBRATION,
    ) -> list[Candidate]:
        """Indexed documents that may share text or content with ``doc``.

        Lexical candidates share ``min_shared`` kept shingles held by at most ``max_df``
        documents; with an embedder, semantic ones have a document cosine of at least
        ``semantic_min`` (default: the calibration's).
        """
        import numpy as np

        if semantic_min is None:
            semantic_min = calibration.semantic_min
        skip = set(exclude)
        shingles = fingerprint(doc)
        hits: Counter[int] = Counter()
        for chunk in _chunks(shingles, 500):
            marks = ",".join("?" * len(chunk))
            rare = [s for (s,) in self.db.execute(
                f"SELECT shingle FROM shingle_df WHERE shingle IN ({marks}) AND n<=?",
                (*chunk, calibration.max_df),
            ).fetchall()]
            if not rare:
                continue
            marks = ",".join("?" * len(rare))
            for doc_id, n in self.db.execute(
                f"SELECT doc, COUNT(*) FROM postings WHERE shingle IN ({marks}) GROUP BY doc",
                rare,
            ).fetchall():
                if doc_id not in skip:
                    hits[doc_id] += n
        need = calibration.min_shared if len(shingles) >= 8 else 1
        found = {
            d: Candidate(d, n, None) for d, n in hits.most_common(lexical_top) if n >= need
        }
        if embedder is not None:
            q = embedder.encode([doc.body])[0].astype(np.float32)
            for d, sim in self.nearest(q, semantic_top + len(skip), semantic_min):
                if d in skip:
                    continue
                c = found.get(d)
                found[d] = Candidate(d, c.lexical if c else 0, sim)
                if sum(1 for x in found.values() if x.semantic is not None) >= semantic_top:
                    break
        return list(found.values())

    # ------------------------------------------------------------------ scan results

    @_guarded
    def save_scan(self, doc_id: int, rows: Iterable[PairRow]) -> None:
        """Store one document's pairs and mark it scanned, in one transaction: a killed
        scan never leaves half a document's pairs, nor a mark without them."""
        with self._write():
            self.db.executemany(
                "INSERT OR REPLACE INTO pairs VALUES (?,?,?,?,?,?)",
                ((a, b, relation, direction, score, json.dumps(result, ensure_ascii=False))
                 for a, b, relation, direction, score, result in rows),
            )
            self.db.execute("INSERT OR IGNORE INTO scan_done VALUES (?)", (doc_id,))

    @_guarded
    def scan_settings(self) -> dict[str, Any] | None:
        """The settings the stored scan results were made with
        (:meth:`provcheck.calibration.Settings.record`), or ``None`` if never scanned."""
        value = self._meta("scan_settings")
        if value is None:
            return None
        found = json.loads(value)
        return found if isinstance(found, dict) else None

    @_guarded
    def save_scan_settings(self, record: dict[str, Any]) -> None:
        """Record the settings a scan runs with (replacing any recorded before)."""
        with self._write():
            self.db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('scan_settings', ?)",
                (json.dumps(record, sort_keys=True),),
            )

    @_guarded
    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file, so that the file alone is the
        whole index (to copy it, commit it or ship it to Spark executors)."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @_guarded
    def scanned(self) -> set[int]:
        return {r[0] for r in self.db.execute("SELECT doc FROM scan_done").fetchall()}

    @_guarded
    def pair_result(self, a: int, b: int) -> dict[str, Any] | None:
        """What the scan kept of one stored pair (reasons, fact counts, a derivation's
        divergences), or ``None`` if the pair is not stored."""
        row = self.db.execute("SELECT result FROM pairs WHERE a = ? AND b = ?",
                              (a, b)).fetchone()
        if row is None:
            return None
        found = json.loads(row[0])
        return found if isinstance(found, dict) else None

    def pairs(self) -> Iterator[tuple[int, int, str, str, float]]:
        try:
            yield from self.db.execute(
                "SELECT a, b, relation, direction, score FROM pairs ORDER BY a, b"
            )
        except sqlite3.DatabaseError as exc:
            raise _store_error(self.path, exc) from None

    @_guarded
    def integrity(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])


def _fingerprint(path: Path) -> dict[str, int]:
    """Size and CRC-32 of the file at ``path``, read in 1 MiB blocks (zlib and the reads
    release the GIL, so this runs beside the main thread's work)."""
    crc = size = 0
    buf = bytearray(1 << 20)
    view = memoryview(buf)
    with path.open("rb", buffering=0) as fh:
        while n := fh.readinto(buf):
            crc = zlib.crc32(view[:n], crc)
            size += n
    return {"size": size, "crc32": crc}


def _verify(db: sqlite3.Connection, path: Path) -> str:
    """:meth:`Index.verify` on the connection ``db``."""
    head = _VectorFile.header(vector_file(path))
    verified = head[0].get("verified") if head else None
    wal = Path(f"{path}-wal")
    if verified and not (wal.exists() and wal.stat().st_size > 0):
        db.execute("BEGIN")  # a shared lock: no writer changes the file meanwhile
        try:
            db.execute("SELECT 1 FROM meta LIMIT 1").fetchone()
            if (path.stat().st_size == verified.get("size")
                    and _fingerprint(path) == verified):
                return "crc32"
        finally:
            db.execute("COMMIT")
    _quick_check(db, path)
    return "quick_check"


def _quick_check(db: sqlite3.Connection, path: Path) -> None:
    rows = db.execute("PRAGMA quick_check(1)").fetchall()
    if [tuple(r) for r in rows] != [("ok",)]:
        first = " ".join(str(rows[0][0]).split()) if rows else "no answer"
        raise IndexStoreError(
            f"{path}: the index is damaged (quick_check: {first}); rebuild it with "
            "provcheck index add into a new file")


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path

    def __enter__(self) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise _store_error(self.path, exc) from None

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.db.execute("COMMIT")
        else:
            with contextlib.suppress(sqlite3.DatabaseError):  # the error raised says more
                self.db.execute("ROLLBACK")


def _chunks(items: Sequence[int], n: int) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def open_index(path: str | Path, *, create: bool = True, readonly: bool = False) -> Index:
    """Open the index at ``path``: read-only with ``readonly`` (reading commands: the
    file is never written); else for writing, created when missing with ``create``.

    A file that is not a provcheck index raises :class:`IndexStoreError` and is left
    as it was, whatever the mode.
    """
    p = Path(path)
    if p.is_dir():
        raise IndexStoreError(f"{p}: is a folder, not an index file")
    if (readonly or not create) and not p.exists():
        raise IndexStoreError(f"{p}: no index here (create one with: provcheck index add)")
    return Index(p, readonly=readonly)
