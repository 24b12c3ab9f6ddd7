"""Read each file named on the command line and report one outcome line per file.

Run by ``run.py`` in a subprocess, many files per process so that start-up is paid once.
Before each file it prints ``begin N`` so the parent's watchdog knows which file a hang
or a crash belongs to; after it, ``end N OUTCOME PEAK_MB``. OUTCOME is ``ok``,
``typed:<code>`` (a DocumentError) or ``crash:<ExceptionType>`` (anything else: a bug).
Peak memory is per file: the kernel's high-water mark is reset before each one.
"""

from __future__ import annotations

import sys


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")  # resets VmHWM to the current RSS
    except OSError:
        pass


def _peak_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main(paths: list[str]) -> None:
    from secure_mou.documents import read_document
    from secure_mou.errors import DocumentError

    for number, path in enumerate(paths):
        print(f"begin {number}", flush=True)
        _reset_peak()
        try:
            read_document(path)
            outcome = "ok"
        except DocumentError as err:
            outcome = f"typed:{err.code}"
        except Exception as err:  # the bug a fuzz run is for: report it, go on
            outcome = f"crash:{type(err).__name__}"
            print(f"detail {number} {type(err).__name__}: {str(err)[:200]!r}",
                  file=sys.stderr, flush=True)
        print(f"end {number} {outcome} {_peak_mb():.0f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
