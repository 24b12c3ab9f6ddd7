"""The fuzz harness: mutate the samples, read every case in watched subprocesses, count.

``python -m tests.fuzz.run --cases 10000`` (``make fuzz``) prints the figures the README
quotes; ``tests/fuzz/test_fuzz_smoke.py`` runs a few hundred cases in ``make test``.
A case fails when its outcome is not ``ok`` or a typed error: an exception of another
type (a traceback), a dead worker, more than ``CASE_SECONDS`` (a hang) or more than
``CASE_MB`` of peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import selectors
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .mutate import write_cases

CASE_SECONDS = 10.0
CASE_MB = 1024.0
BATCH = 60
# A safety net under the per-case check: a runaway case fails with MemoryError (counted
# as a crash) instead of taking the machine.
ADDRESS_SPACE = 4 << 30


@dataclass(frozen=True)
class Result:
    path: Path
    outcome: str  # ok | typed:<code> | crash:<type> | died:<code> | hang
    peak_mb: float

    @property
    def failed(self) -> bool:
        return not (self.outcome == "ok" or self.outcome.startswith("typed:")) or (
            self.peak_mb > CASE_MB)


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _run_batch(paths: list[Path]) -> list[Result]:
    """Read ``paths`` in one worker; a hang or a death costs its case, then a fresh
    worker goes on with the rest."""
    results: list[Result] = []
    remaining = list(paths)
    while remaining:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.fuzz.worker", *map(str, remaining)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            cwd=Path(__file__).resolve().parents[2], preexec_fn=_limit_address_space)
        assert process.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(process.stdout, selectors.EVENT_READ)
        current: int | None = None
        done = 0
        start_up = True  # the first case also waits for the imports
        while True:
            wait = CASE_SECONDS * (3 if start_up else 1)
            if not selector.select(timeout=wait if current is not None or start_up else None):
                process.kill()
                process.wait()
                index = current if current is not None else 0
                results.append(Result(remaining[index], "hang", 0.0))
                done = index + 1
                break
            line = process.stdout.readline()
            if not line:  # the worker died
                process.wait()
                if current is not None:
                    results.append(Result(remaining[current], f"died:{process.returncode}",
                                          0.0))
                    done = current + 1
                break
            word, number, *rest = line.split()
            if word == "begin":
                current, start_up = int(number), False
            elif word == "end":
                results.append(Result(remaining[int(number)], rest[0], float(rest[1])))
                current = None
                done = int(number) + 1
        selector.close()
        process.stdout.close()
        if process.poll() is None:
            process.wait()
        remaining = remaining[done:]
    return results


def run(count: int, seed: int, jobs: int, directory: Path) -> list[Result]:
    paths = write_cases(directory, count, seed)
    batches = [paths[i:i + BATCH] for i in range(0, len(paths), BATCH)]
    with ThreadPoolExecutor(jobs) as pool:
        return [r for batch in pool.map(_run_batch, batches) for r in batch]


def summary(results: list[Result]) -> str:
    outcomes = Counter(r.outcome for r in results)
    typed = sum(n for o, n in outcomes.items() if o.startswith("typed:"))
    crashes = sum(n for o, n in outcomes.items() if o.startswith(("crash:", "died:")))
    over = sum(1 for r in results if r.peak_mb > CASE_MB)
    peak = max((r.peak_mb for r in results), default=0.0)
    lines = [f"{len(results)} cases: {outcomes['ok']} read, {typed} typed errors, "
             f"{crashes} crashes, {outcomes['hang']} hangs, {over} over {CASE_MB:.0f} MB "
             f"(largest peak {peak:.0f} MB)"]
    lines += [f"  {o}: {n}" for o, n in sorted(outcomes.items())]
    lines += [f"  FAILED {r.path.name}: {r.outcome} {r.peak_mb:.0f} MB"
              for r in results if r.failed]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", type=Path, help="write the cases here and keep them")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        results = run(args.cases, args.seed, args.jobs, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="secure-mou-fuzz-") as tmp:
            results = run(args.cases, args.seed, args.jobs, Path(tmp))
    print(summary(results))
    return 1 if any(r.failed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
