"""Query workers: forked processes that answer queries on a copy-on-write snapshot of a store.

pyoxigraph cannot interrupt a running query, so every query runs in a child
process that can be killed at its time limit. Forking a process that holds a
large store costs time (about 15 ms at 10k triples, 300 ms at 1M), so a
:class:`WorkerPool` keeps its workers between queries: a worker answers one
query at a time, stays alive when the query ends normally, and is killed when
it runs out of time or memory. A fresh one is forked on demand.

An idle worker is not free: pyoxigraph writes to the pages of the store it
reads, so a worker that has scanned the whole store holds a private copy of
it (about 260 MB at a million triples). The pool keeps ``keep`` idle workers
(two by default); more queries at once fork more workers, which end with
their query.

A fresh worker is slow at first in another way: the memory it shares with
the parent is copied page by page as the worker writes to it, and the
allocator hands each query memory from the parent's heap, so small queries
take two to five times as long for their first few hundred runs (at a million
triples, ``peacekeeping``: 2 ms, then 0.4 ms). A long-running server calls
:meth:`WorkerPool.warm`, which forks its idle workers at once and has them copy
the heap in one call (:func:`prefault`, about 1 s at a million triples)
before their first query; a one-off command does not, since it would pay more
than its one query saves.

Each worker sees the store as it was when the worker was forked. The pool is
told of changes through :meth:`WorkerPool.invalidate` (``Graph`` does that
whenever triples are added through it), after which idle workers are retired.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"), ox.Literal("1")))
>>> pool = WorkerPool(store)
>>> pool.run("SELECT ?o WHERE { ?s ?p ?o }")
('select', ['o'], b'?o\\n"1"\\n')
>>> pool.run("SELECT ?o WHERE { ?s ?p ?o }") == pool.run("SELECT ?o WHERE { ?s ?p ?o }")
True
>>> pool.forked  # one worker answered all three
1
>>> pool.close()
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import io
import multiprocessing
import os
import pickle
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from .errors import QueryTimeout, WorkerDied

#: Memory a query worker may add to what it inherits, in bytes.
WORKER_MEMORY = 2 * 1024**3
#: Idle workers a pool keeps for the next queries.
KEEP_IDLE = 2
#: Seconds a warming worker may take to copy its heap and answer (about 1 s at a million triples).
WARM_TIMEOUT = 120.0

# Parent ends of every live worker's pipe, so that a new worker can close the ones it inherits.
_PARENT_ENDS: set[int] = set()
_PARENT_ENDS_LOCK = threading.Lock()


#: The longest row the workers let through: pyoxigraph's result reader has a buffer of 16 MiB, and
#: a row of 16 MiB less 3 bytes already fails in it, so with a margin.
MAX_ROW_BYTES = 16 * 1024 * 1024 - 1024
#: What a row over that is, wherever it is found (the worker, or a reader given one).
ROW_TOO_LONG = "a row of the answer is over 16 MiB, longer than a result reader takes"


class RowCapExceededInWorker(Exception):
    """Raised inside the serialiser when a result passes the row cap."""


class OverSizeInWorker(Exception):
    """Raised inside the serialiser when a result passes the byte cap, or one row is too long to read back."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _CappedBuffer(io.RawIOBase):
    """A byte sink that stops the serialiser after ``cap`` rows (lines after the header, if any).

    It also stops it past ``max_bytes`` in all (``None``: no byte cap), and at
    a row longer than :data:`MAX_ROW_BYTES`, which the reader in the parent
    could not take.
    """

    def __init__(self, cap: int, header: bool, max_bytes: int | None = None) -> None:
        super().__init__()
        self.chunks: list[bytes] = []
        self.lines = 0
        self.limit = cap + (1 if header else 0)
        self.max_bytes = max_bytes
        self.size = 0
        self.row = 0  # bytes of the row being written

    def writable(self) -> bool:
        return True

    def write(self, chunk: bytes) -> int:  # type: ignore[override]
        self.lines += chunk.count(b"\n")
        if self.lines > self.limit:
            raise RowCapExceededInWorker
        self.size += len(chunk)
        if self.max_bytes is not None and self.size > self.max_bytes:
            raise OverSizeInWorker(f"the answer is over the size cap of {megabytes(self.max_bytes)}; narrow the query")
        last = chunk.rfind(b"\n")
        longest = self.row + (len(chunk) if last < 0 else chunk.find(b"\n"))
        if len(chunk) > MAX_ROW_BYTES:  # rows wholly inside one large chunk
            longest = max(longest, *(len(line) for line in bytes(chunk).split(b"\n")[1:-1]), 0)
        self.row = self.row + len(chunk) if last < 0 else len(chunk) - last - 1
        if max(longest, self.row) > MAX_ROW_BYTES:
            raise OverSizeInWorker(f"{ROW_TOO_LONG}; leave the long value out of the query, or shorten it with SUBSTR")
        self.chunks.append(bytes(chunk))
        return len(chunk)


def megabytes(size: int) -> str:
    """``size`` bytes in MiB, for messages.

    >>> megabytes(16 * 1024 * 1024), megabytes(1536 * 1024), megabytes(5)
    ('16 MiB', '1.5 MiB', '5 bytes')
    """
    return f"{size / 1024 / 1024:g} MiB" if size >= 1024 * 1024 else f"{size} bytes"


def execute(store: ox.Store, query: str, kwargs: dict[str, Any], max_rows: int, max_bytes: int | None = None) -> tuple:
    """Run ``query`` and return its result (or error) as a picklable payload.

    Solutions travel as SPARQL TSV results and triples as N-Triples, written
    by pyoxigraph itself (one line a row, so the row cap is a line count): the
    parent parses them only when it reads the rows.

    >>> execute(ox.Store(), 'SELECT ?x WHERE { VALUES ?x { 1 "a" } }', {}, 10)
    ('select', ['x'], b'?x\\n1\\n"a"\\n')
    >>> execute(ox.Store(), 'SELECT ?x WHERE { VALUES ?x { 1 "a" } }', {}, 1)
    ('truncated', 1)
    >>> execute(ox.Store(), 'SELECT ?x WHERE { VALUES ?x { 1 "a" } }', {}, 10, max_bytes=5)
    ('too-large', 'the answer is over the size cap of 5 bytes; narrow the query')
    """
    try:
        result = store.query(query, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            return ("boolean", bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            sink = _CappedBuffer(max_rows, header=True, max_bytes=max_bytes)
            result.serialize(sink, format=ox.QueryResultsFormat.TSV)
            return ("select", names, b"".join(sink.chunks))
        sink = _CappedBuffer(max_rows, header=False, max_bytes=max_bytes)
        result.serialize(sink, format=ox.RdfFormat.N_TRIPLES)
        return ("graph", b"".join(sink.chunks))
    except SyntaxError as exc:
        return ("syntax", str(exc))
    except MemoryError:
        return ("fatal", "query stopped: over the worker's memory limit")
    except Exception as exc:
        cause = exc.__cause__ or exc.__context__
        if isinstance(exc, RowCapExceededInWorker) or isinstance(cause, RowCapExceededInWorker):
            return ("truncated", max_rows)
        for over in (exc, cause):
            if isinstance(over, OverSizeInWorker):
                return ("too-large", over.message)
        return ("error", f"{type(exc).__name__}: {exc}")


def _limit_memory(extra: int) -> None:
    """Cap this process's address space at its current size plus ``extra`` bytes."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[0])
        limit = pages * resource.getpagesize() + extra
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError):
        pass  # not Linux: the time limit still applies


#: ``madvise`` advice that faults a range in writable (Linux 5.14 and later).
MADV_POPULATE_WRITE = 23


def prefault() -> int:
    """Copy this process's heap now, in one call, instead of page by page as queries touch it.

    Returns the bytes made private, or 0 where the kernel or platform cannot
    do it (then the pages are copied on first write, as before).
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        with open("/proc/self/maps", encoding="ascii") as fh:
            spans = [line.split()[0] for line in fh if line.rstrip().endswith("[heap]")]
    except (OSError, AttributeError):
        return 0
    done = 0
    for span in spans:
        start, end = (int(x, 16) for x in span.split("-"))
        if libc.madvise(ctypes.c_void_p(start), ctypes.c_size_t(end - start), MADV_POPULATE_WRITE) == 0:
            done += end - start
    return done


def _serve(store: ox.Store, conn: Connection, memory: int, inherited: list[int], warm: bool = False) -> None:
    """The worker's loop: answer queries until the pipe closes or the parent is gone."""
    from .netguard import isolate

    for fd in inherited:  # other workers' parent ends: their workers must see EOF when the parent closes them
        with contextlib.suppress(OSError):
            os.close(fd)
    # Errors travel through the pipe; an allocator abort should not spray the terminal.
    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    isolate()  # no network at all for the engine, where Linux allows it: SERVICE cannot reach out
    if warm:
        prefault()
    _limit_memory(memory)
    parent = os.getppid()
    while True:
        try:
            if not conn.poll(1.0):
                if os.getppid() != parent:
                    return  # orphaned: the parent died without closing the pipe
                continue
            query, kwargs, max_rows, max_bytes = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        payload = execute(store, query, kwargs, max_rows, max_bytes)
        try:
            conn.send_bytes(pickle.dumps(payload))
        except MemoryError:
            conn.send_bytes(pickle.dumps(("fatal", "query stopped: over the worker's memory limit")))
            return
        except OSError:
            return
        if payload[0] == "fatal":
            return  # a worker that ran out of memory is not trusted with another query


@dataclass
class Worker:
    """One forked worker and the parent's end of its pipe."""

    process: Any
    conn: Connection
    memory: int
    generation: int

    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        if self.process.is_alive():
            # kill() tolerates a child that another thread's Process.start() has just
            # reaped (multiprocessing reaps finished children there); os.kill would not.
            self.process.kill()
        self.process.join()
        with _PARENT_ENDS_LOCK:
            _PARENT_ENDS.discard(self.conn.fileno())
        self.conn.close()


class WorkerPool:
    """Reusable query workers for one store, each killed at its query's time limit."""

    def __init__(self, store: ox.Store, keep: int = KEEP_IDLE) -> None:
        self.store = store
        self.keep = keep
        self.generation = 0
        self.forked = 0
        self._idle: list[Worker] = []
        self._lock = threading.Lock()
        self._warmed = False  # warm() was called: replace killed workers with warm ones
        self._closed = False

    def invalidate(self) -> None:
        """The store changed: retire idle workers, whose snapshots are now stale."""
        with self._lock:
            self.generation += 1
            stale, self._idle = self._idle, []
        for worker in stale:
            worker.kill()

    def warm(self) -> int:
        """Fork workers until ``keep`` are idle, each with its heap copied (:func:`prefault`); wait for them.

        For a long-running server, at start: its first queries then run as fast
        as later ones. From then on, a worker killed at its time or memory
        limit is replaced by a warm one in the background. Returns the number
        of workers forked.
        """
        with self._lock:
            if self._closed:
                return 0
            self._warmed = True
            missing = self.keep - len(self._idle)
        fresh = [self._fork(WORKER_MEMORY, warm=True) for _ in range(max(0, missing))]
        for worker in fresh:  # each answers once its copy is made
            try:
                worker.conn.send_bytes(pickle.dumps(("ASK {}", {}, 1, None)))
                if not worker.conn.poll(WARM_TIMEOUT):
                    raise TimeoutError
                worker.conn.recv_bytes()
            except (EOFError, OSError, TimeoutError):  # died, or no answer in time
                worker.kill()  # the pool forks another on demand
                continue
            self._release(worker)
        return len(fresh)

    def _fork(self, memory: int, warm: bool = False) -> Worker:
        ctx = multiprocessing.get_context("fork")
        parent, child = ctx.Pipe(duplex=True)
        with _PARENT_ENDS_LOCK:
            inherited = sorted(_PARENT_ENDS | {parent.fileno()})
            proc = ctx.Process(target=_serve, args=(self.store, child, memory, inherited, warm), daemon=True)
            proc.start()
            _PARENT_ENDS.add(parent.fileno())
        child.close()
        self.forked += 1
        return Worker(proc, parent, memory, self.generation)

    def _acquire(self, memory: int) -> Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.memory == memory and worker.generation == self.generation and worker.alive():
                    return worker
                worker.kill()
        return self._fork(memory)

    def _replace(self) -> None:
        """After a worker was killed: warm a replacement in the background, if this pool is warmed."""
        if self._warmed and not self._closed:
            threading.Thread(target=self.warm, name="wpskg-warm-worker", daemon=True).start()

    def _release(self, worker: Worker) -> None:
        with self._lock:
            fits = worker.generation == self.generation and len(self._idle) < self.keep
            if fits and not self._closed and worker.alive():
                self._idle.append(worker)
                return
        worker.kill()

    def run(
        self,
        query: str,
        kwargs: dict[str, Any] | None = None,
        *,
        timeout: float = 30.0,
        max_rows: int = 100_000,
        memory: int = WORKER_MEMORY,
        max_bytes: int | None = None,
    ) -> tuple:
        """The payload of :func:`execute` for ``query``, from a worker killed after ``timeout`` seconds."""
        worker = self._acquire(memory)
        try:
            worker.conn.send_bytes(pickle.dumps((query, kwargs or {}, max_rows, max_bytes)))
            if not worker.conn.poll(timeout):
                raise QueryTimeout(f"query stopped after the time limit of {timeout:g} s")
            payload = pickle.loads(worker.conn.recv_bytes())
        except (EOFError, BrokenPipeError, ConnectionResetError):
            worker.kill()
            self._replace()
            raise WorkerDied("query worker died without an answer (over its memory limit?)") from None
        except BaseException:
            worker.kill()
            self._replace()
            raise
        if payload[0] == "fatal":
            worker.kill()
            self._replace()
            return ("error", payload[1])
        self._release(worker)
        return payload

    @property
    def warmed(self) -> bool:
        """Whether :meth:`warm` was called (killed workers are then replaced by warm ones)."""
        return self._warmed

    def idle(self) -> list[int]:
        """The process ids of the idle workers."""
        with self._lock:
            return [worker.process.pid for worker in self._idle]

    def close(self) -> None:
        """Kill the idle workers; workers busy now are killed when their query ends."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()
