"""Measured accuracy: the checker against hand-written expected verdicts.

``python -m secure_mou.evaluation sample_mous`` (``make eval``) checks every agreement
that has a ``NAME.expected.yaml`` beside it and prints, per rule and overall, agreement
with the expected verdicts, precision and recall of met/partial against missing, and of
conflict. It exits 1 when overall agreement is under the floor or an expected conflict
is missed.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import SecureMouError
from .pipeline import Checker, load_rules

AGREEMENT_FLOOR = 0.95
POSITIVE = ("met", "partial")


@dataclass(frozen=True)
class Pair:
    document: str
    rule: str
    expected: str
    actual: str


@dataclass(frozen=True)
class Score:
    agreement: float
    detect_precision: float | None
    detect_recall: float | None
    conflict_precision: float | None
    conflict_recall: float | None
    missed_conflicts: tuple[Pair, ...]


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def score(pairs: list[Pair]) -> Score:
    agree = sum(p.expected == p.actual for p in pairs)
    # detection: does the tool find language the reader found (met/partial vs missing)?
    graded = [p for p in pairs if p.expected in (*POSITIVE, "missing")
              and p.actual in (*POSITIVE, "missing")]
    tp = sum(p.expected in POSITIVE and p.actual in POSITIVE for p in graded)
    predicted = sum(p.actual in POSITIVE for p in graded)
    relevant = sum(p.expected in POSITIVE for p in graded)
    ctp = sum(p.expected == "conflict" and p.actual == "conflict" for p in pairs)
    return Score(
        agreement=agree / len(pairs) if pairs else 1.0,
        detect_precision=_ratio(tp, predicted), detect_recall=_ratio(tp, relevant),
        conflict_precision=_ratio(ctp, sum(p.actual == "conflict" for p in pairs)),
        conflict_recall=_ratio(ctp, sum(p.expected == "conflict" for p in pairs)),
        missed_conflicts=tuple(p for p in pairs
                               if p.expected == "conflict" and p.actual != "conflict"))


def evaluate(directory: Path, checker: Checker) -> list[Pair]:
    pairs: list[Pair] = []
    for expected_file in sorted(directory.glob("*.expected.yaml")):
        spec = yaml.safe_load(expected_file.read_text("utf-8"))
        names = spec.get("documents") or [spec["document"]]
        for name in names:
            report = checker.check_path(directory / name, spec.get("checklist", "all"))
            if report.error:
                raise SystemExit(f"{name}: {report.error.code}: {report.error.message}")
            actual = {f.rule: f.status.value for f in report.findings}
            for rule, expected in spec["verdicts"].items():
                pairs.append(Pair(name, rule, str(expected), actual.get(rule, "absent")))
    return pairs


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{value:4.0%}"


def table(pairs: list[Pair]) -> str:
    by_rule: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        by_rule[p.rule].append(p)
    lines = ["| rule | agree | det. P | det. R | confl. P | confl. R | disagreements |",
             "|---|---|---|---|---|---|---|"]

    def key(rule: str) -> tuple[int, int, str]:
        step, item = rule.split("-")[1].split(".")
        return int(step), int(item) if item.isdigit() else 100, item

    for rule in sorted(by_rule, key=key):
        s = score(by_rule[rule])
        wrong = [f"{p.document.split('.')[0]}: {p.expected}->{p.actual}"
                 for p in by_rule[rule] if p.expected != p.actual]
        lines.append(f"| {rule} | {_pct(s.agreement)} | {_pct(s.detect_precision)} | "
                     f"{_pct(s.detect_recall)} | {_pct(s.conflict_precision)} | "
                     f"{_pct(s.conflict_recall)} | {'; '.join(wrong)} |")
    s = score(pairs)
    lines.append(f"| **overall** ({len(pairs)} verdicts) | {_pct(s.agreement)} | "
                 f"{_pct(s.detect_precision)} | {_pct(s.detect_recall)} | "
                 f"{_pct(s.conflict_precision)} | {_pct(s.conflict_recall)} | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m secure_mou.evaluation",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--floor", type=float, default=AGREEMENT_FLOOR)
    parser.add_argument("--report-only", action="store_true",
                        help="print the table, never fail (for a holdout set)")
    args = parser.parse_args(argv)
    try:
        pairs = evaluate(args.directory, Checker(load_rules()))
    except SecureMouError as err:
        print(err.one_line(), file=sys.stderr)
        return err.exit_code
    print(table(pairs))
    s = score(pairs)
    for p in s.missed_conflicts:
        print(f"MISSED CONFLICT {p.rule} in {p.document}: got {p.actual}", file=sys.stderr)
    if not args.report_only and (s.agreement < args.floor or s.missed_conflicts):
        print(f"FAIL: agreement {s.agreement:.1%} (floor {args.floor:.0%}), "
              f"{len(s.missed_conflicts)} missed conflicts", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
