"""A few hundred fuzz cases on every ``make test``; ``make fuzz`` runs 10,000.

Each case is read in a watched subprocess (see ``run.py``): the assertion is that every
outcome is a document or a typed error, with no traceback, no dead worker, no case past
the hang guard and none over 1 GB.
"""

from __future__ import annotations

from pathlib import Path

from .run import run, summary

CASES = 300


def test_mutated_samples_read_or_fail_typed(tmp_path: Path) -> None:
    results = run(CASES, seed=20261204, jobs=2, directory=tmp_path)
    assert len(results) == CASES
    assert not [r for r in results if r.failed], summary(results)
    # The mutations reach the readers' error paths, not only the sniffing.
    assert sum(r.outcome == "typed:corrupt" for r in results) > CASES // 10, summary(results)
