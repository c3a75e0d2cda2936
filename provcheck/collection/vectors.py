"""The vector file beside an index: its vectors quantised and memory-mapped, searched exactly.

The file (``<index>.vectors``, beside the database) holds every document vector
quantised to int8 with one scale per vector, memory-mapped by a fresh process instead
of read from the table (a ``check`` against 100k documents touches 26 MB of it once).
Each change to the vectors writes a new stamp (chained from the last one and what
changed: :func:`new_stamp`) into ``meta`` in the same
transaction; the file carries the stamp it was built from, so a file that is missing,
torn or out of step (another copy of the index, a branch, a killed writer) is never
used: the vectors are then read from the table. The quantised scores only shortlist:
every candidate's cosine is recomputed from the stored float16 vector, with a margin
that bounds the quantisation error, so the candidates are those of an exact search.
Writers rebuild the file when they close (:func:`refresh`); reading commands never
write it. The file also records the size and CRC-32 of the database as its last
writer left it after ``PRAGMA quick_check`` passed, which :func:`verify_database`
compares.
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import sqlite3
import threading
import weakref
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .store import chunks, connect_readonly, quick_check, store_error

if TYPE_CHECKING:
    import numpy as np

T = TypeVar("T")

# numpy is imported where vectors are handled, not with the module: `check` opens the
# index and starts verifying it (in a thread) while numpy and the rest still load.


#: Per open index (the object that owns the connection) and per key: a value read from
#: the database and the :func:`data_state` it was read at.
_READ: weakref.WeakKeyDictionary[object, dict[str, tuple[tuple[int, int], Any]]] = (
    weakref.WeakKeyDictionary())
_READ_LOCK = threading.Lock()


def data_state(db: sqlite3.Connection) -> tuple[int, int]:
    """What changes whenever the database does: ``PRAGMA data_version`` (another
    connection committed) and this connection's own changes (``total_changes``).
    Microseconds to read, where a ``COUNT(*)`` of 100,000 documents takes 10 ms."""
    return int(db.execute("PRAGMA data_version").fetchone()[0]), db.total_changes


def read_once(owner: object, db: sqlite3.Connection, key: str, read: Callable[[], T]) -> T:
    """``read()``, kept for ``owner`` (an open index, its connection ``db``) under
    ``key`` until the database changes (:func:`data_state`): a server's many checks
    count the documents and read their languages once, not once per request."""
    state = data_state(db)
    with _READ_LOCK:
        kept = _READ.setdefault(owner, {})
        found = kept.get(key)
    if found is not None and found[0] == state:
        value: T = found[1]
        return value
    value = read()
    with _READ_LOCK:
        kept[key] = (state, value)
    return value


def vector_file(path: str | Path) -> Path:
    """The vector file of the index at ``path``: ``<index>.vectors`` beside it."""
    p = Path(path)
    return p.with_name(p.name + ".vectors")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class VectorFile:
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
    def quantise(cls, ids: np.ndarray, mat: np.ndarray) -> VectorFile:
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
    def open(cls, path: Path, stamp: str) -> VectorFile | None:
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
        # blocks of 1,024 rows: each block's float32 copy stays in the cache, and a
        # product this small runs on one BLAS thread (at 8,192 rows OpenBLAS split each
        # product across the cores: 100k vectors took 15 ms on a quiet 2-core machine
        # against 7, and 60 to 400 ms once other work held the cores)
        block = 1024
        for i in range(0, n, block):
            out[i : i + block] = self.codes[i : i + block].astype(np.float32) @ q
        out *= self.scales
        # |v - code * scale| <= scale / 2 per dimension, so the cosine is off by at most
        # |q|_1 * scale / 2; the small constant covers float32 rounding in the products
        err = self.scales * (float(np.abs(q).sum()) / 2) + 1e-4
        return out, err


@dataclass(frozen=True)
class ExactVectors:
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


def file_checksum(path: Path) -> dict[str, int]:
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


def verify_database(db: sqlite3.Connection, path: Path) -> str:
    """Make sure the database file at ``path`` (open as ``db``) is sound, else raise
    :class:`IndexStoreError`; returns how (``"crc32"`` or ``"quick_check"``).

    When the vector file records the size and CRC-32 of the database as its last
    writer left it, after ``PRAGMA quick_check`` passed, and the file still has
    them (and no write-ahead log holds more), the file is the one that passed: a
    CRC-32 of the file costs a fifth of a ``quick_check`` (about 100 ms against 500
    ms at 100k documents, docs/performance.md) and also catches damage inside rows.
    Otherwise ``PRAGMA quick_check`` runs.
    """
    head = VectorFile.header(vector_file(path))
    verified = head[0].get("verified") if head else None
    wal = Path(f"{path}-wal")
    if verified and not (wal.exists() and wal.stat().st_size > 0):
        db.execute("BEGIN")  # a shared lock: no writer changes the file meanwhile
        try:
            db.execute("SELECT 1 FROM meta LIMIT 1").fetchone()
            if (path.stat().st_size == verified.get("size")
                    and file_checksum(path) == verified):
                return "crc32"
        finally:
            db.execute("COMMIT")
    quick_check(db, path)
    return "quick_check"


def new_stamp(db: sqlite3.Connection, change: str = "") -> None:
    """In the transaction that changes the vectors: a new stamp (the vector file built
    before it is out of step from this commit on). The stamp is the previous one hashed
    with ``change`` (what changed: the content hashes added or removed) and the change
    count, so the same changes made to the same index give the same bytes (an index
    built twice from the same articles is byte-identical) while two branches that
    changed it differently hold different stamps."""
    db.execute(
        "INSERT INTO meta VALUES ('vectors_version', '1') "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
    )
    row = db.execute("SELECT (SELECT value FROM meta WHERE key='vectors_stamp'), "
                     "(SELECT value FROM meta WHERE key='vectors_version')").fetchone()
    db.execute("INSERT OR REPLACE INTO meta VALUES ('vectors_stamp', ?)",
               (chained_stamp(row[0], f"{row[1]}/{change}"),))


def chained_stamp(previous: str | None, change: str) -> str:
    """A stamp drawn from the previous one and what changed (not a random one)."""
    import hashlib

    return hashlib.blake2b(f"{previous or ''}|{change}".encode(), digest_size=16).hexdigest()


def verify_in_background(path: Path) -> Callable[[], str]:
    """Start :func:`verify_database` in a thread on a read-only connection of its own
    (SQLite and zlib release the GIL while they read); the function returned waits
    for it and raises :class:`IndexStoreError` if it found damage."""
    found: list[BaseException] = []
    how: list[str] = []

    def work() -> None:
        try:
            db = connect_readonly(path)
            try:
                how.append(verify_database(db, path))
            finally:
                db.close()
        except sqlite3.DatabaseError as exc:
            found.append(store_error(path, exc))
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


def refresh(
    db: sqlite3.Connection,
    path: Path,
    *,
    at_rest: bool,
    stamp: Callable[[], str | None],
    vectors: Callable[[], tuple[np.ndarray, np.ndarray]],
) -> bool:
    """Bring the vector file of the index at ``path`` (open as ``db``) in step: rebuilt
    from ``vectors()`` when missing or out of ``stamp()`` and, when the database is
    ``at_rest`` in rollback-journal mode and passes ``PRAGMA quick_check``, with the
    size and CRC-32 that :func:`verify_database` compares. Returns whether it was
    written."""
    target = vector_file(path)
    found = VectorFile.header(target)
    db.execute("BEGIN")  # one snapshot (and, at rest, no writer meanwhile)
    try:
        now_stamp = stamp()
        if now_stamp is None:
            return False
        in_step = found is not None and found[0].get("stamp") == now_stamp
        verified = found[0].get("verified") if in_step and found else None
        if at_rest:
            db.execute("SELECT 1 FROM meta LIMIT 1").fetchone()  # a shared lock
            now = file_checksum(path)
            if in_step and verified == now:
                return False
            quick_check(db, path)
            verified = now
        elif in_step:
            return False
        data = VectorFile.open(target, now_stamp) if in_step else None
        if data is None:
            data = VectorFile.quantise(*vectors())
        data.write(target, now_stamp, verified)
    finally:
        db.execute("COMMIT")
    return True


def table_vectors(db: sqlite3.Connection, version: int) -> tuple[np.ndarray, np.ndarray]:
    """Every vector from the database, as float32 (widened from the stored float16).

    Reads the packed copy older versions wrote when it is still in step (its version
    is ``version``, the index's count of changes to the vectors).
    """
    import numpy as np

    try:
        pack = db.execute("SELECT version, ids, mat FROM vector_pack").fetchone()
    except sqlite3.OperationalError:  # an index older than the pack has none
        pack = None
    if pack is not None and pack[0] == version:
        ids = np.frombuffer(pack[1], dtype=np.int64)
        mat = np.frombuffer(pack[2], dtype=np.float16)
    else:
        rows = db.execute("SELECT doc, vec FROM vectors ORDER BY doc").fetchall()
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        mat = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16)
    dim = mat.size // len(ids) if len(ids) else 0
    return ids, mat.astype(np.float32).reshape(len(ids), dim)


def exact_rows(db: sqlite3.Connection, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The stored vectors of ``ids`` (those still held), as float32."""
    import numpy as np

    found: list[tuple[int, bytes]] = []
    for chunk in chunks([int(i) for i in ids], 500):
        marks = ",".join("?" * len(chunk))
        found += db.execute(
            f"SELECT doc, vec FROM vectors WHERE doc IN ({marks}) ORDER BY doc", chunk
        ).fetchall()
    out_ids = np.fromiter((d for d, _ in found), dtype=np.int64, count=len(found))
    mat = np.frombuffer(b"".join(v for _, v in found), dtype=np.float16)
    dim = mat.size // len(found) if found else 0
    return out_ids, mat.astype(np.float32).reshape(len(found), dim)


def search(
    source: VectorFile | ExactVectors,
    q: np.ndarray,
    k: int,
    minimum: float,
    stored: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
) -> list[tuple[int, float]]:
    """The ``k`` vectors of ``source`` most similar to ``q`` (cosine, most similar
    first), those under ``minimum`` left out: an exact search.

    From the vector file, the quantised cosines shortlist every document that can be
    among the ``k`` best and reach ``minimum`` given the bound on their error; the
    shortlist is then scored with its stored vectors (``stored(ids)``).
    """
    import numpy as np

    if isinstance(source, ExactVectors):
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
    ids, mat = stored(source.ids[np.flatnonzero(keep)])
    return _top(ids, mat @ q, k, minimum) if len(ids) else []
