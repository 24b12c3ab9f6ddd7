"""Run every benchmark, print one plain table, exit 1 when a target is missed.

``make bench`` runs this. A benchmark is a module here with ``run() -> list[Row]``; add
one by appending it to ``BENCHES``. Benchmarks are opt-in (not part of ``make test``)
because they take tens of seconds.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import engine_bench
import read_bench
import review_bench
import scan_bench
from result import Row

BENCHES: list[tuple[str, Callable[[], list[Row]]]] = [
    ("read", read_bench.run),
    ("engine", engine_bench.run),
    ("scan", scan_bench.run),
    ("review", review_bench.run),
]


def render(rows: list[Row]) -> str:
    header = ("bench", "case", "value", "unit", "target", "status", "note")
    body = [
        (
            r.bench,
            r.case,
            f"{r.value:,.2f}",
            r.unit,
            r.target,
            {True: "ok", False: "MISSED", None: ""}[r.ok],
            r.note,
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
             for line in [header, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    rows: list[Row] = []
    for name, bench in BENCHES:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows.extend(bench())
    print(render(rows))
    missed = [r for r in rows if r.ok is False]
    for row in missed:
        print(f"target missed: {row.bench} {row.case} = {row.value:.2f} {row.unit}, "
              f"wanted {row.target}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
