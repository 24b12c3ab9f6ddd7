"""What a corpus scan says as a whole: rule coverage, the exemplar ranking, failures.

Plain values computed from a ``ScanResult``; the console table, the CSV and the HTML
dashboard all render these, so every output ranks and counts the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import SCORE_WEIGHT, Status
from ..rulebook.model import Rule
from .records import ScannedDocument
from .scanner import ScanResult

MEETS = (Status.MET, Status.ATTESTED)


@dataclass(frozen=True)
class RuleCoverage:
    rule: Rule
    applicable: int  # readable documents with a decided verdict (met/partial/missing/...)
    met: int
    partial: int
    conflict: int

    @property
    def share(self) -> float | None:
        """Share of the documents it applies to that meet it; None when it applies to none."""
        return round(self.met / self.applicable, 4) if self.applicable else None


@dataclass(frozen=True)
class CorpusSummary:
    readable: tuple[ScannedDocument, ...]
    unreadable: tuple[ScannedDocument, ...]
    coverage: tuple[RuleCoverage, ...]  # weakest first
    ranking: tuple[ScannedDocument, ...]  # exemplars first: highest score, fewest conflicts
    steps: tuple[int, ...]  # rubric steps that have rules, in order


def conflicts(doc: ScannedDocument) -> int:
    return sum(1 for f in doc.report.findings if f.status == Status.CONFLICT)


def rank_key(doc: ScannedDocument) -> tuple[float, int, str]:
    score = doc.report.score
    return (-(score if score is not None else -1.0), conflicts(doc), doc.report.path)


def rule_coverage(rule: Rule, readable: tuple[ScannedDocument, ...]) -> RuleCoverage:
    statuses = [f.status for d in readable for f in d.report.findings if f.rule == rule.id]
    # Like the score: manual, waived and not_applicable verdicts say nothing about the text.
    applicable = [s for s in statuses if s in SCORE_WEIGHT]
    return RuleCoverage(rule=rule, applicable=len(applicable),
                        met=sum(1 for s in applicable if s in MEETS),
                        partial=applicable.count(Status.PARTIAL),
                        conflict=applicable.count(Status.CONFLICT))


def summarise(result: ScanResult) -> CorpusSummary:
    readable = tuple(d for d in result.documents if d.report.error is None)
    unreadable = tuple(d for d in result.documents if d.report.error is not None)
    coverage = [rule_coverage(rule, readable) for rule in result.rulebook.rules]
    # Weakest first; rules that apply to no document say nothing, so they go last.
    coverage.sort(key=lambda c: (c.share is None, c.share or 0.0, -c.conflict, c.rule.id))
    return CorpusSummary(
        readable=readable, unreadable=unreadable, coverage=tuple(coverage),
        ranking=tuple(sorted(readable, key=rank_key)),
        steps=tuple(sorted({r.step for r in result.rulebook.rules})))
