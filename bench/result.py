"""One line of the benchmark table, shared by every bench module."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    bench: str  # which module measured it, e.g. "read"
    case: str  # what was measured, e.g. "pdf 20p ours"
    value: float
    unit: str
    target: str = ""  # human form of the target, e.g. "<= 1.30"; empty when informative
    ok: bool | None = None  # None when there is no target
    note: str = ""
