"""Checking documents in worker processes that may die without taking the scan along.

Each worker builds one ``Checker`` (spaCy pipeline and compiled rules) when it starts
and then checks one document at a time, sent over its own pipe. The parent waits on
every busy worker's pipe *and* process sentinel, so it always knows which document a
worker was holding: when a worker dies (a segfault in a PDF library, the OOM killer, a
signal), exactly that document is recorded as ``worker_crashed``, a fresh worker takes
its place and the other documents carry on. ``concurrent.futures`` cannot do this: a
dead worker breaks the whole pool and fails every in-flight future with it.

The parent also enforces per-document limits (``Limits``): a worker that holds one
document past ``timeout`` seconds, or whose resident memory passes ``max_memory_mb``
(read from /proc while it works, so no cgroup is needed), is killed and replaced, and
that document alone is recorded as ``timeout`` or ``too_large``.

Workers ignore SIGINT, so Ctrl-C reaches only the parent, which stops them and keeps
every result it already has.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from ..errors import SecureMouError
from ..findings import DocumentError, DocumentReport
from ..reporters.json import document_json
from ..rulebook.model import Rulebook

# Test-only: a worker that is handed a file with this name kills itself with SIGKILL,
# so tests can prove a crash costs one document. Never set it outside tests. Read in the
# parent at each scan: a fork server keeps the environment it started with.
TEST_KILL_ENV = "SECURE_MOU_TEST_KILL_WORKER_ON"
# Test-only, likewise: a worker handed a file with this name holds it without end, so a
# test can interrupt or time out a scan at a point it controls.
TEST_HOLD_ENV = "SECURE_MOU_TEST_HOLD_WORKER_ON"
# Test-only, likewise: a worker handed a file with this name grows its memory (to 2 GB
# at most) and then holds it, so a test can trip the memory limit.
TEST_BALLOON_ENV = "SECURE_MOU_TEST_BALLOON_WORKER_ON"
# How often the parent looks at busy workers' clocks and memory when limits are set.
WATCH_SECONDS = 0.1
DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY_MB = 1536.0

# Workers that die before checking anything, in a row, before the scan gives up: a
# worker that cannot start (no memory for spaCy) would otherwise be respawned forever.
MAX_START_FAILURES = 3


@dataclass(frozen=True)
class Task:
    sha256: str | None
    path: str


@dataclass(frozen=True)
class Limits:
    """Per-document limits; None switches one off."""

    timeout: float | None = DEFAULT_TIMEOUT  # seconds of one worker on one document
    max_memory_mb: float | None = DEFAULT_MAX_MEMORY_MB  # a worker's resident memory
    max_chars: int | None = None  # characters of text per document (None: the default)


@dataclass(frozen=True)
class Outcome:
    task: Task
    entry: dict[str, Any]  # a documents[] entry (reporters.json.document_json)
    peak_rss_mb: float | None  # the worker's peak memory so far
    limit_hit: bool = False  # killed for a limit: depends on the limits, so not cached


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def _peak_rss_mb() -> float | None:
    # VmHWM is this process's own high-water mark; ru_maxrss can carry the parent's.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _failed_entry(task: Task, code: str, message: str) -> dict[str, Any]:
    report = DocumentReport(path=task.path, sha256=task.sha256, format=None, pages=None,
                            error=DocumentError(code=code, message=message))
    return document_json(report)


def _test_hooks(path: str, hooks: tuple[str | None, str | None, str | None]) -> None:
    kill_on, hold_on, balloon_on = hooks
    name = os.path.basename(path)
    if kill_on and name == kill_on:
        os.kill(os.getpid(), signal.SIGKILL)
    ballast: list[bytes] = []
    while balloon_on and name == balloon_on and len(ballast) < 128:
        ballast.append(b"\x01" * (1 << 24))  # written pages: real resident memory
        time.sleep(0.02)  # slow enough for the watchdog to see it pass a limit
    while (hold_on and name == hold_on) or (balloon_on and name == balloon_on):
        time.sleep(3600)


def worker_main(conn: Connection, rulebook: Rulebook, checklist: str,
                hooks: tuple[str | None, str | None, str | None] = (None, None, None),
                max_chars: int | None = None) -> None:
    """A worker's life: build the Checker once, then check what the parent sends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from ..pipeline import Checker  # imported here: spaCy loads in workers only

        checker = Checker(rulebook) if max_chars is None else Checker(rulebook,
                                                                      max_chars=max_chars)
    except SecureMouError as err:
        conn.send(("fatal", err.code, err.message, err.hint))
        return
    except Exception as err:  # e.g. spaCy rejecting a pattern: no document can be checked
        conn.send(("fatal", "worker_start", "the checker could not be built: "
                   f"{type(err).__name__}: {err}", None))
        return
    conn.send(("ready",))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if task is None:
            return
        if any(hooks):
            _test_hooks(task.path, hooks)
        try:
            entry = document_json(checker.check_path(task.path, checklist))
        except Exception as err:  # an engine bug must cost one document, not the scan
            entry = _failed_entry(task, "internal_error",
                                  f"{task.path}: internal error while checking: "
                                  f"{type(err).__name__}: {err}")
        conn.send(("done", entry, _peak_rss_mb()))


class _Worker:
    def __init__(self, context: Any, rulebook: Rulebook, checklist: str, limits: Limits):
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=worker_main, args=(child, rulebook, checklist, _hooks(), limits.max_chars),
            daemon=True, name="secure-mou-worker")
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.ready = False  # the Checker is built; a death before this is not the file's
        self.started: float | None = None  # when the worker began on ``task``

    def become_ready(self) -> None:
        self.ready = True
        if self.task is not None:
            self.started = time.monotonic()  # start-up time is not the document's

    def over_limit(self, limits: Limits) -> str | None:
        """``timeout`` or ``too_large`` when the document in hand broke a limit."""
        if self.task is None or self.started is None:
            return None
        if limits.timeout is not None and time.monotonic() - self.started > limits.timeout:
            return "timeout"
        if limits.max_memory_mb is not None:
            rss = _rss_mb(self.process.pid)
            if rss is not None and rss > limits.max_memory_mb:
                return "too_large"
        return None

    def give(self, task: Task) -> None:
        self.task = task
        self.started = time.monotonic() if self.ready else None
        # A dead worker's pipe refuses the task; its sentinel tells the loop what happened.
        with contextlib.suppress(OSError):
            self.conn.send(task)

    def stop(self, *, force: bool = False) -> None:
        if not force and self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                force = True
            self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def _hooks() -> tuple[str | None, str | None, str | None]:
    return (os.environ.get(TEST_KILL_ENV), os.environ.get(TEST_HOLD_ENV),
            os.environ.get(TEST_BALLOON_ENV))


def _death_message(task: Task, exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"killed by signal {-exitcode}"
    else:
        how = f"exit status {exitcode}"
    return (f"{task.path}: the worker process checking this file died ({how}); "
            "the file may trip a bug in a PDF/DOCX library")


def _limit_message(task: Task, code: str, limits: Limits) -> str:
    if code == "timeout":
        return (f"{task.path}: checking took longer than {limits.timeout:g} s; the worker "
                "was stopped (raise --timeout to allow more)")
    return (f"{task.path}: checking needed more than {limits.max_memory_mb:g} MB of memory; "
            "the worker was stopped (raise --max-memory to allow more)")


def _context() -> Any:
    # Not fork: the parent runs a progress thread, and forking a threaded process can
    # deadlock. A fork server is single-threaded and imports the pipeline (spaCy) once,
    # so each worker, and each replacement after a crash, starts without re-importing.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["secure_mou.pipeline"])
        return context
    return multiprocessing.get_context("spawn")


def check_in_workers(tasks: list[Task], rulebook: Rulebook, checklist: str,
                     jobs: int, limits: Limits | None = None) -> Iterator[Outcome]:
    """Check ``tasks`` in ``jobs`` processes, yielding each outcome as it finishes.

    Closing the generator (or an exception in the caller, such as KeyboardInterrupt)
    stops every worker. A worker that cannot build its Checker raises SecureMouError.
    """
    if not tasks:
        return
    limits = limits or Limits()
    watched = limits.timeout is not None or limits.max_memory_mb is not None
    context = _context()
    pending = deque(tasks)
    workers = [_Worker(context, rulebook, checklist, limits)
               for _ in range(min(jobs, len(tasks)))]
    start_failures = 0
    try:
        for worker in workers:
            worker.give(pending.popleft())
        while busy := [w for w in workers if w.task is not None]:
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                         timeout=WATCH_SECONDS if watched else None)
            for i, worker in enumerate(workers):
                task = worker.task
                code = worker.over_limit(limits) if task is not None else None
                if task is not None and code is not None:
                    worker.stop(force=True)
                    yield Outcome(task, _failed_entry(task, code,
                                                      _limit_message(task, code, limits)),
                                  None, limit_hit=True)
                    workers[i] = _Worker(context, rulebook, checklist, limits)
                    if pending:
                        workers[i].give(pending.popleft())
                    continue
                if task is None or (worker.conn not in ready
                                    and worker.process.sentinel not in ready):
                    continue
                message = None
                try:
                    if worker.conn.poll():
                        message = worker.conn.recv()
                except (EOFError, OSError):
                    message = None
                if message is not None and message[0] == "fatal":
                    raise SecureMouError(message[2], hint=message[3], code=message[1])
                if message is not None and message[0] == "ready":
                    worker.become_ready()
                    start_failures = 0
                    continue
                if message is not None:
                    worker.task = None
                    yield Outcome(task, message[1], message[2])
                    if pending:
                        worker.give(pending.popleft())
                    continue
                # The pipe had nothing and the process is gone: it died holding ``task``.
                worker.process.join()
                exitcode = worker.process.exitcode
                worker.stop(force=True)
                if worker.ready:
                    yield Outcome(task, _failed_entry(task, "worker_crashed",
                                                      _death_message(task, exitcode)), None)
                else:
                    start_failures += 1
                    if start_failures >= MAX_START_FAILURES:
                        raise SecureMouError(
                            "worker processes keep dying before they can check anything "
                            f"({_death_message(task, exitcode)})",
                            hint="try fewer workers (-j 1)", code="worker_start")
                    pending.appendleft(task)  # not the file's fault: try it again
                workers[i] = _Worker(context, rulebook, checklist, limits)
                if pending:
                    workers[i].give(pending.popleft())
    finally:
        for worker in workers:
            worker.stop(force=worker.task is not None)
