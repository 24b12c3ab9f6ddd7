"""Checking documents in worker processes that may die without taking the scan along.

Each worker builds one ``Checker`` (spaCy pipeline and compiled rules) when it starts
and then checks one document at a time, sent over its own pipe. The parent waits on
every busy worker's pipe *and* process sentinel, so it always knows which document a
worker was holding: when a worker dies (a segfault in a PDF library, the OOM killer, a
signal), exactly that document is recorded as ``worker_crashed``, a fresh worker takes
its place and the other documents carry on. ``concurrent.futures`` cannot do this: a
dead worker breaks the whole pool and fails every in-flight future with it.

Workers ignore SIGINT, so Ctrl-C reaches only the parent, which stops them and keeps
every result it already has.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
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

# Workers that die before checking anything, in a row, before the scan gives up: a
# worker that cannot start (no memory for spaCy) would otherwise be respawned forever.
MAX_START_FAILURES = 3


@dataclass(frozen=True)
class Task:
    sha256: str | None
    path: str


@dataclass(frozen=True)
class Outcome:
    task: Task
    entry: dict[str, Any]  # a documents[] entry (reporters.json.document_json)
    peak_rss_mb: float | None  # the worker's peak memory so far


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


def worker_main(conn: Connection, rulebook: Rulebook, checklist: str,
                kill_on: str | None = None) -> None:
    """A worker's life: build the Checker once, then check what the parent sends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from ..pipeline import Checker  # imported here: spaCy loads in workers only

        checker = Checker(rulebook)
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
        if kill_on and os.path.basename(task.path) == kill_on:
            os.kill(os.getpid(), signal.SIGKILL)
        try:
            entry = document_json(checker.check_path(task.path, checklist))
        except Exception as err:  # an engine bug must cost one document, not the scan
            entry = _failed_entry(task, "internal_error",
                                  f"{task.path}: internal error while checking: "
                                  f"{type(err).__name__}: {err}")
        conn.send(("done", entry, _peak_rss_mb()))


class _Worker:
    def __init__(self, context: Any, rulebook: Rulebook, checklist: str):
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=worker_main, args=(child, rulebook, checklist, os.environ.get(TEST_KILL_ENV)),
            daemon=True, name="secure-mou-worker")
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.ready = False  # the Checker is built; a death before this is not the file's

    def give(self, task: Task) -> None:
        self.task = task
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
                     jobs: int) -> Iterator[Outcome]:
    """Check ``tasks`` in ``jobs`` processes, yielding each outcome as it finishes.

    Closing the generator (or an exception in the caller, such as KeyboardInterrupt)
    stops every worker. A worker that cannot build its Checker raises SecureMouError.
    """
    if not tasks:
        return
    context = _context()
    pending = deque(tasks)
    workers = [_Worker(context, rulebook, checklist) for _ in range(min(jobs, len(tasks)))]
    start_failures = 0
    try:
        for worker in workers:
            worker.give(pending.popleft())
        while busy := [w for w in workers if w.task is not None]:
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            for i, worker in enumerate(workers):
                task = worker.task
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
                    worker.ready = True
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
                workers[i] = _Worker(context, rulebook, checklist)
                if pending:
                    workers[i].give(pending.popleft())
    finally:
        for worker in workers:
            worker.stop(force=worker.task is not None)
