"""Worker processes that lint one file at a time, so one file can never end the run.

A file is parsed by native code (libcst's parser, libyaml, zlib, SQLite):
input that overflows a native stack kills the process, not the function,
and input that makes a parser run away costs time and memory without end.
So files are linted in forked worker processes that the parent supervises:

* a worker that dies (a signal, an abort) costs only the file it had: that
  file gets a ``parse-error`` saying so, a fresh worker takes over, and the
  other files' findings are kept;
* a file that takes longer than ``Limits.timeout`` has its worker killed;
* a worker's address space is capped at what it had when it started plus
  ``Limits.max_memory`` (Linux), so a memory bomb fails that file only.

Workers are forked from the parent after it has built the task list, so a
task crosses the pipe as its index and only results are pickled. Each
worker takes one task at a time, which is what lets the parent name the
file a crash belongs to. The standard library's process pools cannot do
that (a dead worker breaks the whole pool), and the library that can
(``pebble``) would be a runtime dependency for the hundred lines here.

Where ``fork`` is not available (Windows) or ``FLEXLINT_DEBUG`` is set, files
are linted in the calling process, guarded by the size and shape limits
alone.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque
from typing import Any, Callable, Generic, Iterator, Sequence, TypeVar

from ..core.limits import Limits
from ..core.records import record

OUT_OF_MEMORY = 75  # a worker's exit status after a MemoryError (when even saying so took memory it lacked)

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["Channel", "Failure", "available", "cap_memory", "describe_exit", "readable", "supervised"]


@record(frozen=True)
class Failure:
    """Why a worker gave no result for a task."""

    kind: str  # "crash", "timeout" or "memory"
    detail: str

    def describe(self) -> tuple[str, str]:
        """(message, hint) for the ``parse-error`` of the file."""
        if self.kind == "timeout":
            return (
                f"not checked: reading this file took longer than {self.detail} seconds",
                "the file is unusually large or shaped to be slow to parse; raise the limit with --timeout",
            )
        if self.kind == "memory":
            return (
                f"not checked: reading this file needed more than the {self.detail} MB of memory flexlint allows per file",
                "the file is unusually large or shaped to expand when parsed; raise the limit with --max-memory",
            )
        return (
            f"not checked: the parser stopped the process that read this file ({self.detail})",
            "the file is shaped to crash a parser (deep nesting, an overlong expression) or exhausted its memory; "
            "the other files were checked. If the file is real, report it (remove API keys first)",
        )


def available() -> bool:
    """Whether files can be linted in supervised worker processes here."""
    return hasattr(os, "fork") and not os.environ.get("FLEXLINT_DEBUG")


def supervised(
    tasks: Sequence[T],
    work: Callable[[T], R],
    failed: Callable[[T, Failure], R],
    limits: Limits,
    jobs: int = 1,
    started: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, R]]:
    """Run ``work`` on every task in ``jobs`` worker processes; yields (task index, result) as they finish.

    A task whose worker dies, runs out of memory or out of time yields
    ``failed(task, failure)`` instead. ``started(i)`` is called as task i is handed out.
    """
    if not tasks:
        return
    pool = _Pool(tasks, work, limits)
    pending = deque(range(len(tasks)))
    try:
        while pending or pool.busy():
            while pending and pool.can_start(jobs):
                i = pending.popleft()
                pool.give(i)
                if started is not None:
                    started(i)
            for i, outcome in pool.collect():
                yield i, outcome if not isinstance(outcome, Failure) else failed(tasks[i], outcome)
    finally:
        pool.close()


class Channel:
    """One direction of a worker's conversation: length-prefixed pickles over a pipe.

    ``multiprocessing`` offers the same (Pipe, Process, wait) but its import
    (sockets, temporary files, subprocess) costs more than a small run
    spends linting; a fork, two pipes and ``select`` are all a worker needs.
    """

    HEADER = 8

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, message: Any) -> None:
        import pickle

        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(len(data).to_bytes(self.HEADER, "little") + data)
        while view:
            view = view[os.write(self.fd, view):]

    def recv(self) -> Any:
        """The next message; EOFError when the other end closed (or died) before a whole one came."""
        import pickle

        size = int.from_bytes(self._exactly(self.HEADER), "little")
        return pickle.loads(self._exactly(size))

    def _exactly(self, n: int) -> bytes:
        chunks = []
        while n:
            chunk = os.read(self.fd, min(n, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        if self.fd >= 0:
            try:
                os.close(self.fd)
            except OSError:
                pass
            self.fd = -1


# The parent's ends of every live worker's pipes: a new worker closes them, so that a worker's
# results pipe reaches end-of-file exactly when that worker is gone.
_PARENT_FDS: set[int] = set()


class _Worker:
    def __init__(self, tasks: Sequence[Any], work: Callable[[Any], Any], limits: Limits) -> None:
        import pickle  # noqa: F401  (loaded once here, not again in each worker)

        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            try:
                for fd in (task_write, result_read, *_PARENT_FDS):
                    try:
                        os.close(fd)
                    except OSError:
                        pass
                _serve(Channel(task_read), Channel(result_write), tasks, work, limits)
            finally:
                os._exit(0)
        os.close(task_read)
        os.close(result_write)
        self.pid = pid
        self.tasks_out = Channel(task_write)
        self.results = Channel(result_read)
        _PARENT_FDS.update((task_write, result_read))
        self.exitcode: int | None = None
        self.task: int | None = None
        self.deadline = 0.0

    def stop(self) -> None:
        if self.exitcode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.reap(block=True)
        for channel in (self.tasks_out, self.results):
            _PARENT_FDS.discard(channel.fd)
            channel.close()

    def reap(self, block: bool) -> bool:
        """Whether the worker has ended (its exit code is then known)."""
        if self.exitcode is not None:
            return True
        try:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            self.exitcode = -1
            return True
        if pid == 0:
            return False
        self.exitcode = os.waitstatus_to_exitcode(status)
        return True


class _Pool(Generic[T, R]):
    def __init__(self, tasks: Sequence[T], work: Callable[[T], R], limits: Limits) -> None:
        self.tasks, self.work, self.limits = tasks, work, limits
        self.workers: list[_Worker] = []

    def busy(self) -> bool:
        return any(w.task is not None for w in self.workers)

    def can_start(self, jobs: int) -> bool:
        return any(w.task is None for w in self.workers) or len(self.workers) < jobs

    def give(self, index: int) -> None:
        idle = next((w for w in self.workers if w.task is None), None)
        if idle is None:
            idle = _Worker(self.tasks, self.work, self.limits)
            self.workers.append(idle)
        idle.task, idle.deadline = index, time.monotonic() + self.limits.timeout
        try:
            idle.tasks_out.send(index)
        except OSError:
            pass  # it died before taking the task: its results pipe says so below

    def collect(self) -> Iterator[tuple[int, Any]]:
        """Wait until some busy worker is done (or out of time); its task and result."""
        busy = [w for w in self.workers if w.task is not None]
        timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        ready = readable([w.results.fd for w in busy], timeout)
        now = time.monotonic()
        for worker in busy:
            task = worker.task
            assert task is not None
            outcome: Any = None
            if worker.results.fd in ready:
                try:
                    kind, value = worker.results.recv()
                except Exception:  # the end of the pipe (the worker died), or a message cut short
                    kind, value = "crash", None
                if kind == "ok":
                    worker.task = None
                    yield task, value
                    continue
                if kind == "memory":
                    outcome = Failure("memory", str(self.limits.max_memory // (1024 * 1024)))
                elif value:
                    outcome = Failure("crash", f"the worker failed with {value}")
            elif now < worker.deadline:
                continue
            else:
                outcome = Failure("timeout", f"{self.limits.timeout:g}")
            if outcome is None:
                worker.reap(block=True)  # its results pipe ended: it is gone or going
            worker.stop()
            if outcome is None and worker.exitcode == OUT_OF_MEMORY:
                outcome = Failure("memory", str(self.limits.max_memory // (1024 * 1024)))
            if outcome is None:
                outcome = Failure("crash", describe_exit(worker.exitcode))
            self.workers.remove(worker)
            yield task, outcome

    def close(self) -> None:
        for worker in self.workers:
            try:
                worker.tasks_out.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + 1
        for worker in self.workers:
            while not worker.reap(block=False) and time.monotonic() < deadline:
                time.sleep(0.005)
            worker.stop()
        self.workers = []


def readable(fds: list[int], timeout: float) -> set[int]:
    """The pipes among ``fds`` with something to read (a message, or the end: a worker gone)."""
    import select

    if hasattr(select, "poll"):  # no limit on descriptor numbers, unlike select()
        poller = select.poll()
        for fd in fds:
            poller.register(fd, select.POLLIN)
        return {fd for fd, _ in poller.poll(timeout * 1000)}
    return set(select.select(fds, [], [], timeout)[0])


def describe_exit(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def _serve(tasks_in: Channel, results: Channel, tasks: Sequence[Any], work: Callable[[Any], Any], limits: Limits) -> None:
    """A worker: take a task index, send ("ok", result); a MemoryError ends the worker after saying so.

    Ctrl-C is the parent's to handle (it stops the workers), and the worker
    leaves with ``os._exit``: flushing stdio buffers it inherited would print
    the parent's pending output twice.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import faulthandler

    faulthandler.disable()  # a crash here is reported as the file's parse-error, not as a dump on stderr
    cap_memory(limits.max_memory)
    while True:
        try:
            index = tasks_in.recv()
        except (EOFError, OSError):
            break
        if index is None:
            break
        try:
            results.send(("ok", work(tasks[index])))
        except MemoryError:
            _send(results, ("memory", None))  # may itself fail for want of memory: the exit status says it too
            os._exit(OUT_OF_MEMORY)
        except BaseException as exc:  # a bug of ours, or a result that cannot be sent
            _send(results, ("crash", type(exc).__name__))
            break
    os._exit(0)


def _send(channel: Channel, message: tuple) -> None:
    try:
        channel.send(message)
    except (OSError, MemoryError, ValueError):
        pass


def cap_memory(extra: int) -> None:
    """Cap the address space at its current size plus ``extra`` bytes (Linux; elsewhere nothing)."""
    if extra <= 0 or not sys.platform.startswith("linux"):
        return
    try:
        import resource

        with open("/proc/self/statm") as fh:
            size = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        cap = size + extra
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (OSError, ValueError, ImportError):
        pass
