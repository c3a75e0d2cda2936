"""A persistent index of a collection: one SQLite file, no server, and its vector file.

What it holds is described with its schema (:mod:`provcheck.collection.store`).

**Reading and writing.** :func:`open_index` checks that a file is a provcheck index
before anything touches it (:mod:`provcheck.collection.store`); reading commands open
it read-only, so the file stays byte-identical. Writers switch to WAL mode at their
first write (a writer that writes nothing leaves the file as it was) and put the file
back in rollback-journal mode when they close (when no other process has it open), so
that the index at rest is one file that readers open without creating ``-wal`` or
``-shm`` files. Any SQLite error while using an index is an :class:`IndexStoreError`.

**Verified before use.** Every command verifies the whole file
(:meth:`Index.verify`: a CRC-32 against the one the vector file records, else ``PRAGMA
quick_check``) before it reads or writes anything: an :class:`Index` of a file that
existed verifies it at its first operation (or at :func:`open_index` with
``verify=True``), and a writer never writes into a file it would refuse to read (a
damaged index is refused, exit 4, and left byte-identical). ``check`` runs the
verification in a thread beside its other work (:meth:`Index.verify_in_background`)
and waits for it before it prints a result or adds anything.

Shingle, 3-gram and candidate thresholds are calibration (``shingle_n``, ``gram_mod``...).
Only ``store``, ``vectors``, ``documents`` and ``versions`` touch the SQLite connection.

Adding a document already held (same content hash) is a no-op; a new version of one
(same path or canonical URL) replaces it (:mod:`provcheck.collection.versions`). Every
change runs in one transaction (a killed process leaves the index as it was before).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..calibration import CALIBRATION, Calibration
from ..errors import IndexStoreError
from ..ingest.boilerplate import remove_outlet_furniture
from ..models import Document
from .documents import (
    content_hash,
    delete_document,
    doc_from_json,
    grams_filler,
    insert_document,
    kept_shingles,
    lexical_hits,
    paragraph_key,
    paths_naming,
)
from .rows import AddResult, Candidate, Held, PairRow, Version
from .store import (
    Transaction,
    end_wal,
    guarded,
    open_store,
    raw,
    start_wal,
    store_error,
    table_counts,
    writer_lock,
)
from .vectors import (
    ExactVectors,
    VectorFile,
    chained_stamp,
    exact_rows,
    new_stamp,
    refresh,
    search,
    table_vectors,
    vector_file,
    verify_database,
    verify_in_background,
)
from .versions import previous_version, version_of

if TYPE_CHECKING:
    import numpy as np

    from ..verdict.similarity import Embedder

# numpy is imported where vectors are handled: `check` starts verifying the index
# (in a thread) while numpy and the rest still load.

#: Documents :meth:`Index.load` keeps (least recently used out): a scan compares each
#: document with its few candidates; not a tuned number.
LOADED_DOCUMENTS = 256
#: Documents ``index add`` writes in one transaction: a commit per document cost a
#: quarter of indexing METER; not a tuned number.
ADD_BATCH = 64


class Index:
    """The collection's index. Open with :func:`open_index`; use as a context manager."""

    #: Semantic queries a process answers from the quantised vector file before it
    #: loads the exact matrix once (a check asks one per new article, a scan one per
    #: indexed document: past this many, one read of the table is the cheaper way).
    exact_after = 32

    def __init__(self, path: Path, *, readonly: bool = False,
                 calibration: Calibration = CALIBRATION) -> None:
        self.path = path
        #: how documents are cut into shingles and furniture is learned: the postings
        #: stored and the queries against them must be cut the same way
        self.calibration = calibration
        self.readonly = readonly
        self._vectors: VectorFile | ExactVectors | None = None
        #: recently loaded documents (see :meth:`keep_loaded`)
        self._loaded: OrderedDict[int, Document] = OrderedDict()
        self._keep = 0
        self._queries = 0
        #: how the file was verified (a file this index created needs none), the
        #: refusal once it failed, and a verification running in a thread
        self._how: str | None = None if path.exists() else "created"
        self._refused: IndexStoreError | None = None
        self._pending: Callable[[], str] | None = None
        self.db, self._journal = open_store(path, readonly=readonly, fill=grams_filler(calibration))

    def _start_writing(self) -> None:
        """WAL mode from the first write on (a writer that writes nothing leaves the file
        as it was)."""
        self._journal = start_wal(self.db, self._journal)

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
        try:
            self.trust(writing=True)
        except IndexStoreError:
            return  # a file it would refuse to read: not written, not even its journal mode
        with contextlib.suppress(IndexStoreError, sqlite3.DatabaseError):
            if self._meta("vectors_stamp") is None:  # an index from before vector files
                with self._write():
                    self.db.execute("INSERT OR IGNORE INTO meta VALUES ('vectors_stamp', ?)",
                                    (chained_stamp(None, str(self.count())),))
        self._journal = end_wal(self.db, self._journal)
        # a vector file left stale is detected by readers, which then read the table
        with contextlib.suppress(IndexStoreError, OSError):
            self.refresh_vector_file()

    # ------------------------------------------------------------------ reading

    @guarded
    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    @guarded
    def documents(self) -> list[Held]:
        rows = self.db.execute(
            "SELECT id, path, hash, title, date, outlet FROM documents ORDER BY id"
        ).fetchall()
        return [Held(*r) for r in rows]

    @guarded
    def by_hash(self, h: str) -> Held | None:
        r = self.db.execute(
            "SELECT id, path, hash, title, date, outlet FROM documents WHERE hash=?", (h,)
        ).fetchone()
        return Held(*r) if r else None

    @guarded
    def by_path(self, typed: str) -> list[Held]:
        """The documents whose path as indexed names the file ``typed`` names, as a
        person types it (``x``, ``./x``, absolute, relative to the current folder or
        to the index's: :func:`provcheck.collection.documents.paths_naming`)."""
        held = self.documents()
        return [held[k] for k in paths_naming(typed, [h.path for h in held], self.path.parent)]

    @guarded
    def held(self, doc_id: int) -> Held:
        r = self.db.execute(
            "SELECT id, path, hash, title, date, outlet FROM documents WHERE id=?", (doc_id,)
        ).fetchone()
        if r is None:
            raise KeyError(doc_id)
        return Held(*r)

    @guarded
    def keep_loaded(self, n: int = LOADED_DOCUMENTS) -> None:
        """Keep the ``n`` documents last loaded: :meth:`load` gives the same object again,
        so that a document compared with several others (a scan) does its per-document
        work (``Document.memo``) once. 0 (the default) keeps none: a report holds one
        document at a time."""
        self._keep = n
        while len(self._loaded) > n:
            self._loaded.popitem(last=False)

    @guarded
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

    @guarded
    def furniture(self, outlet: str | None) -> set[int]:
        if not outlet:
            return set()
        rows = self.db.execute(
            "SELECT para FROM outlet_paragraphs WHERE outlet=? AND n>=?",
            (outlet.lower(), self.calibration.outlet_repeats),
        ).fetchall()
        return {r[0] for r in rows}

    def strip_furniture(self, doc: Document) -> Document:
        """Remove paragraphs the index learned as the outlet's furniture (the one rule of
        :func:`provcheck.ingest.boilerplate.remove_outlet_furniture`)."""
        learned = self.furniture(doc.outlet)
        if not learned:
            return doc
        return remove_outlet_furniture(
            doc,
            lambda p: paragraph_key(p) in learned,
            f"recurs in indexed articles of {doc.outlet}",
            self.calibration.max_furniture_share,
        )

    @guarded
    def stats(self) -> dict[str, Any]:
        size = sum(
            p.stat().st_size
            for p in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm"))
            if p.exists()
        )
        vf = vector_file(self.path)
        return {"path": str(self.path), **table_counts(self.db, self.calibration.outlet_repeats),
                "bytes": size, "vector_file": str(vf),
                "vector_file_bytes": vf.stat().st_size if vf.exists() else 0,
                "vector_file_in_step": self.vector_file_in_step()}

    def verify(self) -> str:
        """Make sure the file is sound before a decision rests on it, else raise
        :class:`IndexStoreError`; returns how (``"crc32"`` or ``"quick_check"``): a
        CRC-32 of the file against the one the vector file records, else ``PRAGMA
        quick_check`` (:func:`provcheck.collection.vectors.verify_database`). The file
        is trusted from then on (:meth:`trust`)."""
        try:
            how = verify_database(self.db, self.path)
        except sqlite3.DatabaseError as exc:
            self._refused = store_error(self.path, exc)
            raise self._refused from None
        except IndexStoreError as exc:
            self._refused = exc
            raise
        self._how, self._refused = how, None
        return how

    def trust(self, *, writing: bool = False) -> None:
        """Make sure the file was verified (:meth:`verify`, once), else raise
        :class:`IndexStoreError`: every operation calls this first. While a
        verification runs in a thread (:meth:`verify_in_background`), reads go on
        beside it (whoever started it waits for it before a result is given) and a
        write (``writing``) waits for it: nothing is written into a file that has not
        passed."""
        if self._how is not None:
            return
        if self._refused is not None:
            raise self._refused
        if self._pending is None:
            self.verify()
        elif writing:
            try:
                self._how = self._pending()
            except IndexStoreError as exc:
                self._refused = exc
                raise

    def verify_in_background(self) -> Callable[[], str]:
        """Start :meth:`verify` in a thread on a read-only connection of its own; the
        function returned waits for it and raises :class:`IndexStoreError` if it found
        damage (:func:`provcheck.collection.vectors.verify_in_background`). Reads go
        on meanwhile (the caller waits before it trusts a result); writes wait for it."""
        if self._how is not None:
            how = self._how
            return lambda: how
        if self._refused is not None:
            refused = self._refused

            def refuse() -> str:
                raise refused

            return refuse
        if self._pending is None:
            self._pending = verify_in_background(self.path)
        return self._pending

    # ------------------------------------------------------------------ writing

    @guarded
    def add(self, doc: Document, embedder: Embedder | None) -> AddResult:
        """Add one document (a no-op when its content hash is held already)."""
        return self.add_all([doc], embedder)[0]

    @guarded
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
            return [AddResult(h.id, False, h.path, d.path or "")
                    for h, d in zip(held_before, docs, strict=True) if h is not None]
        self._loaded.clear()  # the outlet's learned furniture may change
        out: list[AddResult] = []
        with self._write():
            for doc, h in zip(docs, hashes, strict=True):
                held = self.by_hash(h)  # sees this transaction's own rows
                if held is not None:
                    out.append(AddResult(held.id, False, held.path, doc.path or ""))
                    continue
                older = previous_version(self.db, doc, h)
                if older is not None:  # a new version: it replaces the one held
                    delete_document(self.db, older.id)
                vec = None
                if embedder is not None:
                    vec = embedder.encode([doc.body])[0].astype(np.float16).tobytes()
                doc_id = insert_document(self.db, doc, h, vec, self.calibration)
                out.append(AddResult(doc_id, True, doc.path or "", doc.path or "",
                                     older.id if older else None))
            if any(r.added for r in out):
                new_stamp(self.db, ",".join(h for h, r in zip(hashes, out, strict=True)
                                            if r.added))
        self._vectors = None
        return out

    @guarded
    def previous_version(self, doc: Document) -> Held | None:
        """The indexed document ``doc`` is a new version of, if any."""
        return previous_version(self.db, doc, content_hash(doc))

    @guarded
    def version_of(self, content: str) -> Version | None:
        """The version of an indexed path with content hash ``content``, if any."""
        return version_of(self.db, content)

    def writer_lock(self) -> contextlib.AbstractContextManager[None]:
        """The writer lock (:func:`provcheck.collection.store.writer_lock`)."""
        return writer_lock(self.path)

    def remove(self, doc_id: int) -> bool:
        """Remove one document and everything derived from it."""
        return self.remove_all([doc_id]) == 1

    @guarded
    def remove_all(self, doc_ids: Iterable[int]) -> int:
        """Remove documents and everything derived from them, all in one transaction
        (on any error none is removed); returns how many were held."""
        removed = 0
        with self._write():
            for doc_id in dict.fromkeys(doc_ids):
                self._loaded.clear()
                removed += delete_document(self.db, doc_id)
        self._vectors = None
        return removed

    def _write(self) -> Transaction:
        if self.readonly:
            raise IndexStoreError(f"{self.path}: opened read-only, cannot be changed")
        self.trust(writing=True)
        self._start_writing()
        return Transaction(self.db, self.path)

    # ------------------------------------------------------------------ vectors

    def _stamp(self) -> str | None:
        """What the vector file must carry to be in step: the stamp and the change
        count (which versions before vector files bump too: out of step after them)."""
        stamp = self._meta("vectors_stamp")
        return None if stamp is None else f"{stamp}/{self._meta('vectors_version') or 0}"

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @guarded
    def vector_file_in_step(self) -> bool:
        """Whether the vector file exists and was built from the vectors held now."""
        stamp = self._stamp()
        head = VectorFile.header(vector_file(self.path))
        return stamp is not None and head is not None and head[0].get("stamp") == stamp

    @guarded
    def refresh_vector_file(self) -> bool:
        """Bring the vector file in step with the database (writers only; :meth:`close`
        calls this): rebuilt when missing or out of step and, when the database is at
        rest in rollback-journal mode and passes ``PRAGMA quick_check``, with the size
        and CRC-32 that :meth:`verify` compares. Returns whether it was written."""
        if self.readonly:
            raise IndexStoreError(f"{self.path}: opened read-only, cannot be changed")
        self.trust(writing=True)
        return refresh(self.db, self.path, at_rest=self._journal != "wal", stamp=self._stamp,
                       vectors=self._table_vectors)

    def _table_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """Every vector from the database, as float32 (widened from the stored float16)."""
        return table_vectors(self.db, int(self._meta("vectors_version") or 0))

    def _vector_source(self) -> VectorFile | ExactVectors:
        """The vector file when it is in step and this process has asked few queries;
        else the exact matrix, read from the table once per process."""
        if isinstance(self._vectors, VectorFile) and self._queries >= self.exact_after:
            self._vectors = None
        if self._vectors is None and self._queries < self.exact_after:
            stamp = self._stamp()
            if stamp is not None:
                self._vectors = VectorFile.open(vector_file(self.path), stamp)
        if self._vectors is None:
            self._vectors = ExactVectors(*self._table_vectors())
        return self._vectors

    @guarded
    def nearest(self, q: np.ndarray, k: int, minimum: float) -> list[tuple[int, float]]:
        """The ``k`` documents whose vectors are most similar to ``q`` (cosine, most
        similar first), those under ``minimum`` left out: an exact search
        (:func:`provcheck.collection.vectors.search`)."""
        source = self._vector_source()
        self._queries += 1
        return search(source, q, k, minimum, lambda ids: exact_rows(self.db, ids))

    # ------------------------------------------------------------------ search

    @guarded
    def candidates(
        self,
        doc: Document,
        embedder: Embedder | None,
        *,
        lexical_top: int = 20,
        semantic_top: int = 5,
        semantic_min: float | None = None,
        exclude: Iterable[int] = (),
        calibration: Calibration | None = None,
    ) -> list[Candidate]:
        """Indexed documents that may share text or content with ``doc``.

        Lexical candidates share ``min_shared`` kept shingles held by at most ``max_df``
        documents; with an embedder, semantic ones have a document cosine of at least
        ``semantic_min`` (default: the calibration's; ``calibration``: the index's
        unless the run gives its own).
        """
        import numpy as np

        calibration = calibration or self.calibration
        if semantic_min is None:
            semantic_min = calibration.semantic_min
        skip = set(exclude)
        shingles = kept_shingles(doc, self.calibration)
        hits = lexical_hits(self.db, shingles, calibration.max_df, skip)
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

    @guarded
    def save_scan(self, doc_id: int, rows: Iterable[PairRow]) -> None:
        """Store one document's pairs and mark it scanned, in one transaction: a killed
        scan never leaves half a document's pairs, nor a mark without them."""
        with self._write():
            self.db.executemany(
                "INSERT OR REPLACE INTO pairs VALUES (?,?,?,?,?,?)",
                ((r.a, r.b, r.relation, r.direction, r.score,
                  json.dumps(r.result, ensure_ascii=False)) for r in rows),
            )
            self.db.execute("INSERT OR IGNORE INTO scan_done VALUES (?)", (doc_id,))

    @guarded
    def scan_settings(self) -> dict[str, Any] | None:
        """The settings the stored scan results were made with
        (:meth:`provcheck.verdict.settings.Settings.record`), or ``None`` if never scanned."""
        value = self._meta("scan_settings")
        if value is None:
            return None
        found = json.loads(value)
        return found if isinstance(found, dict) else None

    @guarded
    def save_scan_settings(self, record: dict[str, Any]) -> None:
        """Record the settings a scan runs with (replacing any recorded before)."""
        with self._write():
            self.db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('scan_settings', ?)",
                (json.dumps(record, sort_keys=True),),
            )

    @guarded
    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file, so that the file alone is the
        whole index (to copy it, commit it or ship it to Spark executors)."""
        self.trust(writing=True)
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @guarded
    def scanned(self) -> set[int]:
        return {r[0] for r in self.db.execute("SELECT doc FROM scan_done").fetchall()}

    @guarded
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
            self.trust()
            yield from self.db.execute(
                "SELECT a, b, relation, direction, score FROM pairs ORDER BY a, b"
            )
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc) from None

    @raw
    def integrity(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])


def open_index(path: str | Path, *, create: bool = True, readonly: bool = False,
               verify: bool = False) -> Index:
    """Open the index at ``path``: read-only with ``readonly`` (reading commands: the
    file is never written); else for writing, created when missing with ``create``.

    A file that is not a provcheck index raises :class:`IndexStoreError` and is left
    as it was, whatever the mode; so does a damaged one, at the first operation (or
    here, with ``verify``: before a command does any other work).
    """
    p = Path(path)
    if p.is_dir():
        raise IndexStoreError(f"{p}: is a folder, not an index file")
    if (readonly or not create) and not p.exists():
        raise IndexStoreError(f"{p}: no index here (create one with: provcheck index add)")
    index = Index(p, readonly=readonly)
    if verify:
        try:
            index.trust()
        except BaseException:
            index.close()
            raise
    return index
