"""A persistent index of a collection: one SQLite file in WAL mode, no server.

What it holds (tables):

* ``documents``: one row per article: content hash (SHA-256 of the canonical body,
  so the same article saved twice, or as HTML and as text, is one document), metadata
  and the normalised document as JSON.
* ``postings`` and ``shingle_df``: lexical fingerprints for candidate search, in the
  manner of passim: word 5-grams hashed to 64 bits, a fixed quarter of them kept
  (hash mod 4), each posting (shingle, document); ``shingle_df`` counts documents per
  shingle so that phrases common to many documents are skipped as evidence.
* ``vectors``: one embedding per document (the package's static model, float16) for
  rewrites that share few words with their source; ``vector_pack`` caches all of them
  as one blob (rebuilt after any change), which a fresh process reads in half the time
  of 100k rows (docs/vector-backends.md).
* ``outlet_paragraphs``: how many documents of each outlet hold each paragraph;
  a paragraph in ``outlet_repeats`` (:mod:`provcheck.calibration`) or more documents
  of one outlet is that outlet's furniture and is removed before any comparison
  (:func:`provcheck.boilerplate.remove_outlet_furniture`, the one furniture rule).
* ``pairs`` and ``scan_done``: results of ``provcheck scan`` (resumable), written by
  :meth:`Index.save_scan`; ``meta`` holds the settings the scan runs with
  (:meth:`Index.scan_settings`).

The word n-gram length, the share of shingles kept, the stock-phrase cut-off and the
candidate thresholds are calibration (``shingle_n``, ``shingle_mod``, ``max_df``,
``semantic_min``, ``min_shared``). Nothing outside this module touches the SQLite
connection: callers use the operations of :class:`Index`.

Adding a document already held (same content hash) is a no-op. Every change runs in
one transaction, so a killed process leaves the index as it was before the document
it was adding.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .boilerplate import remove_outlet_furniture
from .calibration import CALIBRATION, Calibration
from .errors import IndexStoreError
from .models import Boilerplate, Document, Paragraph
from .similarity import Embedder
from .text import words

SCHEMA = 1
#: Seconds a writer waits for another writer before giving up.
BUSY_TIMEOUT = 60.0

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


class Index:
    """The collection's index. Open with :func:`open_index`; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_DDL)
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
            schema = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise IndexStoreError(f"{path}: not a provcheck index ({exc})") from None
        if schema is None or int(schema[0]) != SCHEMA:
            raise IndexStoreError(f"{path}: index schema {schema} is not {SCHEMA}")
        self._vectors: tuple[np.ndarray, np.ndarray] | None = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ reading

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def documents(self) -> list[Held]:
        rows = self.db.execute(
            "SELECT id, path, hash, title, date, outlet FROM documents ORDER BY id"
        )
        return [Held(*r) for r in rows]

    def by_hash(self, h: str) -> Held | None:
        r = self.db.execute(
            "SELECT id, path, hash, title, date, outlet FROM documents WHERE hash=?", (h,)
        ).fetchone()
        return Held(*r) if r else None

    def held(self, doc_id: int) -> Held:
        r = self.db.execute(
            "SELECT id, path, hash, title, date, outlet FROM documents WHERE id=?", (doc_id,)
        ).fetchone()
        if r is None:
            raise KeyError(doc_id)
        return Held(*r)

    def load(self, doc_id: int) -> Document:
        """The stored document, with its outlet's learned furniture removed."""
        r = self.db.execute("SELECT doc FROM documents WHERE id=?", (doc_id,)).fetchone()
        if r is None:
            raise KeyError(doc_id)
        return self.strip_furniture(doc_from_json(r[0]))

    def furniture(self, outlet: str | None) -> set[int]:
        if not outlet:
            return set()
        rows = self.db.execute(
            "SELECT para FROM outlet_paragraphs WHERE outlet=? AND n>=?",
            (outlet.lower(), CALIBRATION.outlet_repeats),
        )
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

    def stats(self) -> dict[str, Any]:
        q = self.db.execute
        size = sum(
            p.stat().st_size
            for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm"))
            if p.exists()
        )
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
        }

    # ------------------------------------------------------------------ writing

    def add(self, doc: Document, embedder: Embedder | None) -> AddResult:
        """Add one document (a no-op when its content hash is held already)."""
        h = content_hash(doc)
        held = self.by_hash(h)
        if held is not None:
            return AddResult(held.id, False, held.path)
        shingles = fingerprint(doc)
        vec = None
        if embedder is not None:
            vec = embedder.encode([doc.body])[0].astype(np.float16).tobytes()
        with self._write():
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
            self._bump_vectors()
            if doc.outlet:
                self.db.executemany(
                    "INSERT INTO outlet_paragraphs VALUES (?,?,1) "
                    "ON CONFLICT(outlet, para) DO UPDATE SET n=n+1",
                    ((doc.outlet.lower(), k) for k in {paragraph_key(p) for p in doc.paragraphs}),
                )
        self._vectors = None
        return AddResult(doc_id, True, doc.path or "")

    def add_all(self, docs: Iterable[Document], embedder: Embedder | None) -> list[AddResult]:
        """Add documents one by one (each in its own transaction), in order."""
        return [self.add(doc, embedder) for doc in docs]

    def remove(self, doc_id: int) -> bool:
        """Remove one document and everything derived from it."""
        r = self.db.execute("SELECT doc, outlet FROM documents WHERE id=?", (doc_id,)).fetchone()
        if r is None:
            return False
        doc = doc_from_json(r[0])
        shingles = [s for (s,) in self.db.execute(
            "SELECT shingle FROM postings WHERE doc=?", (doc_id,))]
        with self._write():
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
        self._vectors = None
        return True

    def _write(self) -> _Transaction:
        return _Transaction(self.db)

    # ------------------------------------------------------------------ search

    def _bump_vectors(self) -> None:
        self.db.execute(
            "INSERT INTO meta VALUES ('vectors_version', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def _vector_matrix(self) -> tuple[np.ndarray, np.ndarray]:
        """All document vectors as one float32 matrix, read once per process."""
        if self._vectors is not None:
            return self._vectors
        row = self.db.execute("SELECT value FROM meta WHERE key='vectors_version'").fetchone()
        version = int(row[0]) if row else 0
        pack = self.db.execute("SELECT version, ids, mat FROM vector_pack").fetchone()
        if pack is not None and pack[0] == version:
            ids = np.frombuffer(pack[1], dtype=np.int64)
            mat = np.frombuffer(pack[2], dtype=np.float16)
        else:
            rows = self.db.execute("SELECT doc, vec FROM vectors ORDER BY doc").fetchall()
            ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            mat = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16)
            try:
                with self._write():
                    self.db.execute(
                        "INSERT OR REPLACE INTO vector_pack VALUES (1, ?, ?, ?)",
                        (version, ids.tobytes(), mat.tobytes()),
                    )
            except (IndexStoreError, sqlite3.OperationalError):
                pass  # read-only or busy: the next run packs them
        # float32 once per process: a product in float16 is slow on CPUs
        dim = mat.size // len(ids) if len(ids) else 0
        mat32 = mat.astype(np.float32).reshape(len(ids), dim)
        self._vectors = (ids, mat32)
        return self._vectors

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
            )]
            if not rare:
                continue
            marks = ",".join("?" * len(rare))
            for doc_id, n in self.db.execute(
                f"SELECT doc, COUNT(*) FROM postings WHERE shingle IN ({marks}) GROUP BY doc",
                rare,
            ):
                if doc_id not in skip:
                    hits[doc_id] += n
        need = calibration.min_shared if len(shingles) >= 8 else 1
        found = {
            d: Candidate(d, n, None) for d, n in hits.most_common(lexical_top) if n >= need
        }
        if embedder is not None:
            ids, mat = self._vector_matrix()
            if len(ids):
                q = embedder.encode([doc.body])[0].astype(np.float32)
                sims = mat @ q
                k = min(len(sims), semantic_top + len(skip))
                top = np.argpartition(-sims, k - 1)[:k] if k < len(sims) else np.arange(len(sims))
                order = top[np.argsort(-sims[top], kind="stable")]
                for k in order:
                    d = int(ids[k])
                    if d in skip or float(sims[k]) < semantic_min:
                        continue
                    c = found.get(d)
                    found[d] = Candidate(d, c.lexical if c else 0, float(sims[k]))
                    if sum(1 for x in found.values() if x.semantic is not None) >= semantic_top:
                        break
        return list(found.values())

    # ------------------------------------------------------------------ scan results

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

    def scan_settings(self) -> dict[str, Any] | None:
        """The settings the stored scan results were made with
        (:meth:`provcheck.calibration.Settings.record`), or ``None`` if never scanned."""
        row = self.db.execute("SELECT value FROM meta WHERE key='scan_settings'").fetchone()
        if row is None:
            return None
        found = json.loads(row[0])
        return found if isinstance(found, dict) else None

    def save_scan_settings(self, record: dict[str, Any]) -> None:
        """Record the settings a scan runs with (replacing any recorded before)."""
        with self._write():
            self.db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('scan_settings', ?)",
                (json.dumps(record, sort_keys=True),),
            )

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file, so that the file alone is the
        whole index (to copy it, commit it or ship it to Spark executors)."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def scanned(self) -> set[int]:
        return {r[0] for r in self.db.execute("SELECT doc FROM scan_done")}

    def pairs(self) -> Iterator[tuple[int, int, str, str, float]]:
        yield from self.db.execute(
            "SELECT a, b, relation, direction, score FROM pairs ORDER BY a, b"
        )

    def integrity(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise IndexStoreError(f"the index is busy ({exc})") from None

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.db.execute("COMMIT")
        else:
            self.db.execute("ROLLBACK")


def _chunks(items: Sequence[int], n: int) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def open_index(path: str | Path, *, create: bool = True) -> Index:
    """Open (or, with ``create``, create) the index at ``path``."""
    p = Path(path)
    if not create and not p.exists():
        raise IndexStoreError(f"{p}: no index here (create one with: provcheck index add)")
    if p.is_dir():
        raise IndexStoreError(f"{p}: is a folder, not an index file")
    return Index(p)
