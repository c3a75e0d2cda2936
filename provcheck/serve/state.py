"""What a server process holds warm: the index (many readers, one writer at a time),
the model, the results kept for shareable URLs and the bound on concurrent work.

**The index.** Each reading thread holds its own read-only :class:`Index` (SQLite
connections are not shared across threads), opened and verified once, with the exact
vector matrix loaded once; one writing thread holds the one writable :class:`Index`
(with a token only). A readers-writer lock lets many reads run together and a write
run alone, new reads waiting while a write waits (no write starves); a write holds the
index's writer lock too (:meth:`Index.writer_lock`), as ``index add`` does, so that no
other process writes meanwhile. A write bumps a
generation: each reader drops its vectors before its next read, so a document just
added is found by its vector too. Readers search the memory-mapped vector file (one
copy for all) while it is in step; once no write waits, the writer brings it in step
again (until then a reader reads the exact vectors from the table).

**Work.** Requests hand their work to these threads; a bound (``workers`` running,
``queue`` waiting) answers 503 beyond it, and a request waits ``request_timeout``
seconds before it is answered 504. The work itself is never cancelled: a client that
disconnects or times out mid-write leaves the write to finish (the index never holds
half a document: every change is one transaction).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from .guard import BusyError, TimedOutError

if TYPE_CHECKING:
    from starlette.requests import Request

    from ..collection.check import CheckRun
    from ..collection.index import Index
    from ..ingest.fetch import FetchOptions
    from ..models import Comparison
    from ..verdict.settings import Settings
    from .config import ServeConfig

T = TypeVar("T")


class RWLock:
    """Many readers or one writer; a waiting writer holds back new readers."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class IndexPool:
    """The index of a server: a read-only :class:`Index` per reading thread, one
    writable one in the writing thread (``writes``)."""

    def __init__(self, path: Path, *, readers: int, writes: bool) -> None:
        self.path = path
        self.readers = readers
        self.writes = writes
        self.lock = RWLock()
        self.generation = 0
        self._local = threading.local()
        self._held: list[Index] = []
        self._held_lock = threading.Lock()
        self._read_pool = ThreadPoolExecutor(readers, thread_name_prefix="provcheck-read")
        self._write_pool = (ThreadPoolExecutor(1, thread_name_prefix="provcheck-write")
                            if writes else None)
        self._writer: Index | None = None
        self._queue_lock = threading.Lock()
        self._writes_queued = 0
        self._count: tuple[int, int] | None = None

    def open(self, warm_up: Callable[[Index], object] | None = None) -> None:
        """Open the writer (creating the index when missing), then every reader, each
        verified and then warmed up with ``warm_up`` (a search that loads its
        vectors): the first request pays nothing."""
        if self._write_pool is not None:
            self._write_pool.submit(self._open_writer).result()
        barrier = threading.Barrier(self.readers)

        def warm() -> None:
            barrier.wait()  # one task per thread: every reader is opened
            index = self._reader()
            if warm_up is not None:
                warm_up(index)

        for f in [self._read_pool.submit(warm) for _ in range(self.readers)]:
            f.result()

    def _open_writer(self) -> None:
        from ..collection.index import open_index

        self._writer = open_index(self.path, create=True)
        self._writer.count()  # verified before anything is written

    def _reader(self) -> Index:
        from .reader import open_reader

        index: Index | None = getattr(self._local, "index", None)
        if index is None:
            index = open_reader(self.path)
            # the memory-mapped vector file while it is in step (one copy for every
            # reader), else the exact matrix read from the table (after a write, until
            # the writer has brought the file in step again)
            index.exact_after = 2**62
            index.count()  # verified now, not at the first request
            with self._held_lock:
                self._held.append(index)
            self._local.index = index
            self._local.generation = self.generation
        if self._local.generation != self.generation:
            # documents were added or removed: the vectors are read again when needed
            # (Index keeps them per process; nothing else of it goes stale)
            index._vectors = None
            self._local.generation = self.generation
        return index

    def read(self, fn: Callable[[Index], T]) -> Future[T]:
        """Run ``fn`` with this thread's reader, beside other reads."""

        def run() -> T:
            with self.lock.reading():
                return fn(self._reader())

        return self._read_pool.submit(run)

    def compute(self, fn: Callable[[], T]) -> Future[T]:
        """Run ``fn`` (work that needs no index) in a reading thread, outside the lock."""
        return self._read_pool.submit(fn)

    def write(self, fn: Callable[[Index], T]) -> Future[T]:
        """Run ``fn`` with the writer, alone (no read runs meanwhile)."""
        if self._write_pool is None:
            raise RuntimeError("the pool was opened without writes")

        pool = self._write_pool
        with self._queue_lock:
            self._writes_queued += 1

        def run() -> T:
            try:
                with self.lock.writing():
                    assert self._writer is not None
                    # and the index's writer lock, as index add and check --add take
                    # it: no other process writes between what a write reads and adds
                    with self._writer.writer_lock():
                        try:
                            return fn(self._writer)
                        finally:
                            self.generation += 1
            finally:
                with self._queue_lock:
                    self._writes_queued -= 1
                pool.submit(self._refresh)

        return pool.submit(run)

    def _refresh(self) -> None:
        """Bring the vector file in step once no write waits (in the writer's thread,
        after the write has answered), so that readers map it again."""
        from ..errors import IndexStoreError

        with self._queue_lock:
            if self._writes_queued:
                return  # the last write of the run does it
        if self._writer is not None:
            with contextlib.suppress(IndexStoreError, OSError):
                if self._writer.refresh_vector_file():
                    self.generation += 1

    def count(self, index: Index) -> int:
        """The documents held (read once per generation: a ``COUNT(*)`` of 100,000
        rows costs milliseconds)."""
        with self._queue_lock:
            if self._count is not None and self._count[0] == self.generation:
                return self._count[1]
        generation, n = self.generation, index.count()
        with self._queue_lock:
            self._count = (generation, n)
        return n

    def close(self) -> None:
        """Finish the work under way, then close the readers and the writer (which
        leaves the file at rest: one file, its vector file in step)."""
        self._read_pool.shutdown(wait=True)
        with self._held_lock:
            for index in self._held:
                index.close()
            self._held.clear()
        if self._write_pool is not None:
            # the writer's connection belongs to its thread: closed there, last
            self._write_pool.submit(self._close_writer).result()
            self._write_pool.shutdown(wait=True)

    def _close_writer(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


class Limiter:
    """At most ``running`` pieces of work at once and ``waiting`` more waiting (503
    beyond); a request waits ``timeout`` seconds for its work (504), which is never
    cancelled."""

    def __init__(self, running: int, timeout: float, waiting: int | None = None) -> None:
        self.running = running
        self.waiting = running if waiting is None else waiting
        self.timeout = timeout
        self._sem = asyncio.Semaphore(running)
        self._admitted = 0

    async def run(self, start: Callable[[], Future[T]]) -> T:
        if self._admitted >= self.running + self.waiting:
            raise BusyError(f"busy: {self._admitted} requests under way; try again shortly")
        self._admitted += 1
        try:
            async with self._sem:
                future = asyncio.wrap_future(start())
                try:
                    return await asyncio.wait_for(asyncio.shield(future), self.timeout)
                except TimeoutError:
                    raise TimedOutError(
                        f"not done in {self.timeout:g} s; the work goes on (a write "
                        "completes) but this request stops waiting") from None
        finally:
            self._admitted -= 1

    @property
    def admitted(self) -> int:
        return self._admitted


class Kept(Generic[T]):
    """Results kept for their shareable URLs, by id, the least recently used out: at
    most ``size`` of them, and at most ``max_weight`` in all by ``weight`` (the text
    they hold: two 20 MiB articles weigh far more than two short ones)."""

    def __init__(self, size: int, max_weight: int = 2**62,
                 weight: Callable[[T], int] = lambda _: 0) -> None:
        self.size = size
        self.max_weight = max_weight
        self.weight = weight
        self._items: OrderedDict[str, tuple[T, int]] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def put(self, key: str, value: T) -> str:
        w = self.weight(value)
        with self._lock:
            old = self._items.pop(key, None)
            self._total -= old[1] if old else 0
            self._items[key] = (value, w)
            self._total += w
            # the newest is kept whatever it weighs: its URL is about to be given
            while len(self._items) > 1 and (len(self._items) > self.size
                                            or self._total > self.max_weight):
                self._total -= self._items.popitem(last=False)[1][1]
        return key

    def get(self, key: str) -> T | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]


def result_id(*parts: str) -> str:
    """A result's id: 16 hex digits of the SHA-256 of what made it."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Served:
    """What the routes share: the settings, the warm index and model, the results."""

    config: ServeConfig
    pool: IndexPool
    limiter: Limiter
    comparisons: Kept[Comparison]
    checks: Kept[CheckRun]
    reports: Kept[str]
    fetching: FetchOptions
    semantic: Settings
    """The settings of a comparison with the model (loaded once)."""
    lexical: Settings
    """The settings of a ``fast`` one."""

    def settings(self, fast: bool | None) -> Settings:
        return self.lexical if (self.config.fast if fast is None else fast) else self.semantic


def served(request: Request) -> Served:
    """The application's :class:`Served`, from a request."""
    found: Served = request.app.state.served
    return found
