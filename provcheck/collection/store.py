"""The SQLite file of an index: its schema, safe opening, transactions and error messages.

:func:`open_store` makes sure a file is a provcheck index before anything touches it
(:func:`sniff`, :func:`check_schema`): an empty file, a file that is not SQLite, an
SQLite database without provcheck's tables or of another schema is refused
(:class:`IndexStoreError`, exit 4) and left as it was. Reading commands open it
read-only (:func:`connect_readonly`: SQLite's ``mode=ro``), so the file stays
byte-identical; writers switch to WAL mode at their first write (:func:`start_wal`) and
back to rollback-journal mode when they close (:func:`end_wal`). Any SQLite error while
using an index (a damaged page, a lock held too long) is an :class:`IndexStoreError`
(:func:`store_error`); :func:`quick_check` is SQLite's own check of the whole file
(a writer adding the tables an older index lacks runs it first: nothing is written
into a damaged file; the full verification is :meth:`provcheck.collection.index.Index.verify`).

What it holds (tables):

* ``documents``: one row per article: content hash (SHA-256 of the canonical body,
  so the same article saved twice, or as HTML and as text, is one document), metadata
  and the normalised document as JSON.
* ``postings`` and ``shingle_df``: lexical shingles for candidate search, in the
  manner of passim: word 5-grams hashed to 64 bits, a fixed quarter of them kept
  (hash mod 4), each posting (shingle, document); ``shingle_df`` counts documents per
  shingle so that phrases common to many documents are skipped as evidence.
* ``grams`` and ``gram_df``: word 3-grams, the unit of the scan's shared-text
  candidates, for ``check`` (:mod:`provcheck.collection.shared_text`): stable 64-bit
  keys (BLAKE2b), one in ``gram_mod`` kept (by key), each posting (3-gram, document),
  ``gram_df`` counting documents per 3-gram. An index from before these tables is
  read without them (``check`` then finds candidates by shingles and vectors only)
  and gets them, filled from ``documents``, at its first writer.
* ``vectors``: one embedding per document (the package's static model, float16) for
  rewrites that share few words with their source. ``vector_pack`` is a cache that
  older versions wrote; it is read when still in step, never written. The vector
  file beside the database (:mod:`provcheck.collection.vectors`) holds them quantised
  for a fresh process to map.
* ``outlet_paragraphs``: how many documents of each outlet hold each paragraph;
  a paragraph in ``outlet_repeats`` (:mod:`provcheck.calibration`) or more documents
  of one outlet is that outlet's furniture and is removed before any comparison
  (:func:`provcheck.ingest.boilerplate.remove_outlet_furniture`, the one furniture rule).
* ``versions``: every version of each path (or canonical URL) the index was given:
  its content hash, when it was added and its number (1, 2, ...). A changed file at
  an indexed path replaces the document (an update, not a copy); its earlier versions
  stay listed here, so that a copy of one can be told which version it was taken
  from. An index from before this table is read without it (each document its own
  first version) and gets it, filled from ``documents``, at its first writer.
* ``pairs`` and ``scan_done``: results of ``provcheck scan`` (resumable), written by
  :meth:`Index.save_scan`; ``meta`` holds the settings the scan runs with
  (:meth:`Index.scan_settings`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from ..errors import IndexStoreError

#: The layout this provcheck reads and writes (``meta``'s ``schema``).
SCHEMA = 1
#: Seconds a writer waits for another writer before giving up.
BUSY_TIMEOUT = 60.0

#: The tables and indexes of a provcheck index.
DDL = """
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
CREATE TABLE IF NOT EXISTS grams (
    gram INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (gram, doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS grams_doc ON grams (doc);
CREATE TABLE IF NOT EXISTS gram_df (gram INTEGER PRIMARY KEY, n INTEGER NOT NULL);
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
CREATE TABLE IF NOT EXISTS versions (
    path TEXT NOT NULL, url TEXT, hash TEXT NOT NULL, added REAL NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (path, n)
);
CREATE INDEX IF NOT EXISTS versions_hash ON versions (hash);
CREATE INDEX IF NOT EXISTS versions_url ON versions (url);
"""

#: The first bytes of every SQLite 3 database file.
_SQLITE_HEADER = b"SQLite format 3\x00"
#: The tables a provcheck index has (``vector_pack`` only in indexes older versions made).
TABLES = frozenset({"meta", "documents", "postings", "shingle_df", "vectors",
                     "outlet_paragraphs", "pairs", "scan_done"})
#: Tables a reader does without (an index written before them); writers add them.
LATER_TABLES = frozenset({"vector_pack", "versions", "grams", "gram_df"})


_NOT_OURS = "{path}: an SQLite database, but not a provcheck index (it has no provcheck tables)"


def store_error(
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


def sniff(path: Path) -> None:
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


def connect_readonly(path: Path) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None,
                           check_same_thread=False)


def check_schema(db: sqlite3.Connection, path: Path, *, readonly: bool) -> set[str]:
    """The tables of the file open as ``db``, a provcheck index of this schema (else
    :class:`IndexStoreError`; a read-only index must have every table)."""
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"meta", "documents"} <= names:
        raise IndexStoreError(_NOT_OURS.format(path=path))
    row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    if row is None or str(row[0]) != str(SCHEMA):
        found = "none" if row is None else row[0]
        raise IndexStoreError(
            f"{path}: provcheck index schema {found}, this provcheck reads {SCHEMA}")
    missing = sorted(TABLES - names)
    if missing and readonly:
        raise IndexStoreError(
            f"{path}: an incomplete provcheck index (no table {', '.join(missing)})")
    return names


def open_store(path: Path, *, readonly: bool,
               fill: Callable[[sqlite3.Connection], None] | None = None
               ) -> tuple[sqlite3.Connection, str]:
    """Open the index file at ``path``, read-only or for writing (then created with its
    tables when missing): the connection and its journal mode. A file that is not a
    provcheck index raises :class:`IndexStoreError` and is left as it was. A writer of
    an index from before the ``grams`` table fills it with ``fill``
    (:func:`provcheck.collection.documents.grams_filler`)."""
    existed = path.exists()
    if existed:
        sniff(path)
    try:
        if readonly:
            db = connect_readonly(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    except sqlite3.DatabaseError as exc:
        raise store_error(path, exc) from None
    journal = "delete"
    try:
        names = check_schema(db, path, readonly=readonly) if existed else set()
        if not readonly:
            journal = str(db.execute("PRAGMA journal_mode").fetchone()[0])
            db.execute("PRAGMA synchronous=NORMAL")
            if not names >= TABLES | LATER_TABLES:
                if existed:  # tables added to an index from before them: a sound one
                    quick_check(db, path)
                journal = start_wal(db, journal)
                db.executescript(DDL)
                db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
                if "versions" not in names:
                    first_versions(db, path)
                if existed and "grams" not in names and fill is not None:
                    with Transaction(db, path):
                        fill(db)
    except IndexStoreError:
        db.close()
        raise
    except sqlite3.DatabaseError as exc:
        db.close()
        raise store_error(path, exc, "not a provcheck index") from None
    return db, journal


def first_versions(db: sqlite3.Connection, path: Path) -> None:
    """Fill ``versions`` of an index from before it: each held document is the first
    version of its path (its canonical URL read from the stored document)."""
    import json

    with Transaction(db, path):
        for held, doc, h, added in db.execute(
                "SELECT path, doc, hash, added FROM documents ORDER BY id").fetchall():
            url = json.loads(doc).get("url")
            db.execute("INSERT OR IGNORE INTO versions VALUES (?,?,?,?,1)",
                       (held, url, h, added))


def start_wal(db: sqlite3.Connection, journal: str) -> str:
    """WAL mode from a writer's first write on (a writer that writes nothing leaves the
    file as it was); returns the journal mode now."""
    if journal != "wal":
        journal = str(db.execute("PRAGMA journal_mode=WAL").fetchone()[0])
    return journal


def end_wal(db: sqlite3.Connection, journal: str) -> str:
    """Back to rollback-journal mode as a writer closes, so that the index at rest is one
    file that readers open without creating ``-wal`` or ``-shm`` files; returns the
    journal mode now."""
    if journal == "wal":
        # fails when another process has it open: the last writer to close does it
        with contextlib.suppress(sqlite3.DatabaseError):
            db.execute("PRAGMA busy_timeout=0")
            journal = str(db.execute("PRAGMA journal_mode=DELETE").fetchone()[0])
        db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
    return journal


def quick_check(db: sqlite3.Connection, path: Path) -> None:
    """SQLite's ``PRAGMA quick_check`` of the whole file; :class:`IndexStoreError` if it
    finds damage."""
    rows = db.execute("PRAGMA quick_check(1)").fetchall()
    if [tuple(r) for r in rows] != [("ok",)]:
        first = " ".join(str(rows[0][0]).split()) if rows else "no answer"
        first = first.removeprefix("*** in database main *** ")
        raise IndexStoreError(
            f"{path}: the index is damaged (quick_check: {first}); rebuild it with "
            "provcheck index add into a new file")


class Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path

    def __enter__(self) -> None:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc) from None

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.db.execute("COMMIT")
        else:
            with contextlib.suppress(sqlite3.DatabaseError):  # the error raised says more
                self.db.execute("ROLLBACK")


def table_counts(db: sqlite3.Connection, outlet_repeats: int) -> dict[str, int]:
    """What the index holds, counted (``index stats``)."""

    def one(sql: str, *args: object) -> int:
        return int(db.execute(sql, args).fetchone()[0])

    return {
        "documents": one("SELECT COUNT(*) FROM documents"),
        "postings": one("SELECT COUNT(*) FROM postings"),
        "shingles": one("SELECT COUNT(*) FROM shingle_df"),
        "vectors": one("SELECT COUNT(*) FROM vectors"),
        "outlets": one("SELECT COUNT(DISTINCT outlet) FROM documents"),
        "furniture_paragraphs": one("SELECT COUNT(*) FROM outlet_paragraphs WHERE n>=?",
                                    outlet_repeats),
        "scanned_documents": one("SELECT COUNT(*) FROM scan_done"),
        "pairs": one("SELECT COUNT(*) FROM pairs"),
    }


def lock_file(path: Path) -> Path:
    """The lock file of the index at ``path``: ``<index>.lock`` beside it, there only
    while a writer holds it."""
    return path.with_name(path.name + ".lock")


@contextlib.contextmanager
def writer_lock(path: Path, timeout: float = BUSY_TIMEOUT) -> Iterator[None]:
    """Hold the index's writer lock (an exclusive ``flock`` of its lock file) while a
    command reads the index and then writes what it decided (``check --add``, ``index
    add``): a second such command waits, and then sees the first one's articles. The
    file is removed on release; a waiter that got the lock on a file already removed
    tries again. Waiting longer than ``timeout`` is an :class:`IndexStoreError`; where
    ``flock`` does not exist (Windows) there is no lock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    import time

    target = lock_file(path)
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise IndexStoreError(f"{path}: cannot lock the index ({target}: "
                                  f"{exc.strerror})") from None
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise IndexStoreError(
                            f"{path}: the index is locked by another process (waited "
                            f"{timeout:.0f} s for {target})") from None
                    time.sleep(0.05)
            try:
                same = os.fstat(fd).st_ino == os.stat(target).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # locked a file its holder removed meanwhile: lock the new one
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(target)
        os.close(fd)


def chunks(items: Sequence[int], n: int) -> Iterator[Sequence[int]]:
    """``items`` ``n`` at a time (SQLite bounds the parameters of one statement)."""
    for i in range(0, len(items), n):
        yield items[i : i + n]


class _Guardable(Protocol):
    path: Path

    def trust(self, *, writing: bool = False) -> None: ...


_S = TypeVar("_S", bound=_Guardable)
_P = ParamSpec("_P")
_R = TypeVar("_R")


def raw(fn: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[_S, _P], _R]:
    """An index operation with any SQLite error it raises turned into an
    IndexStoreError."""

    @functools.wraps(fn)
    def wrapper(self: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return fn(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc) from None

    return wrapper


def guarded(fn: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[_S, _P], _R]:
    """An index operation on a verified file (the index's ``trust()``), any SQLite error
    turned into an IndexStoreError."""

    @functools.wraps(fn)
    def wrapper(self: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            self.trust()
            return fn(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc) from None

    return wrapper


def document_languages(db: sqlite3.Connection) -> dict[int, str | None]:
    """Each indexed document's language as stored in its JSON (``None``: indexed
    before languages were identified), read by SQLite without building documents."""
    rows = db.execute("SELECT id, json_extract(doc, '$.language') FROM documents")
    return {int(i): None if lang is None else str(lang) for i, lang in rows.fetchall()}
