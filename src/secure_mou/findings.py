"""What a check concludes: findings per rule, per-document reports, and their scores.

Reporters read only these values; they know nothing of spaCy or file formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .documents.model import Location


class Status(StrEnum):
    MET = "met"
    PARTIAL = "partial"
    MISSING = "missing"
    CONFLICT = "conflict"
    MANUAL = "manual"
    ATTESTED = "attested"
    WAIVED = "waived"
    NOT_APPLICABLE = "not_applicable"

    @property
    def is_gap(self) -> bool:
        """A gap is something a reader must act on: partial, missing or conflict."""
        return self in (Status.PARTIAL, Status.MISSING, Status.CONFLICT)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


# Contribution of a status to a score; statuses absent here are left out of the denominator.
SCORE_WEIGHT: dict[Status, float] = {
    Status.MET: 1.0,
    Status.ATTESTED: 1.0,
    Status.PARTIAL: 0.5,
    Status.MISSING: 0.0,
    Status.CONFLICT: 0.0,
}


@dataclass(frozen=True)
class Evidence:
    """A sentence that decided (or informed) a verdict, with where it stands."""

    text: str
    location: Location
    polarity: str | None = None  # requires | permits | prohibits | mentions
    note: str | None = None  # e.g. "recital", "exception: unless ..."


@dataclass(frozen=True)
class Waiver:
    rule: str
    path: str
    reason: str
    owner: str
    expires: str  # ISO date


@dataclass(frozen=True)
class Attestation:
    rule: str
    statement: str
    evidence: str
    date: str
    by: str


@dataclass(frozen=True)
class Finding:
    rule: str
    title: str
    step: int
    checklist: str  # start | improve
    kind: str  # text | coverage | metric | process | flag
    severity: Severity
    status: Status
    message: str
    remediation: str
    source: str
    evidence: tuple[Evidence, ...] = ()
    covered: tuple[str, ...] = ()
    missing_elements: tuple[str, ...] = ()
    reason: str = ""  # one line: why the verdict followed
    measured: float | None = None  # metric rules: the measured value
    waiver: Waiver | None = None
    attestation: Attestation | None = None
    # A gap no worse than the --baseline recorded: still reported, no longer failing.
    baselined: bool = False


def score_of(findings: tuple[Finding, ...] | list[Finding]) -> float | None:
    weights = [SCORE_WEIGHT[f.status] for f in findings if f.status in SCORE_WEIGHT]
    return round(sum(weights) / len(weights), 4) if weights else None


@dataclass(frozen=True)
class StepSummary:
    step: int
    title: str
    met: int
    partial: int
    missing: int
    conflict: int
    manual: int
    score: float | None


@dataclass(frozen=True)
class DocumentError:
    code: str
    message: str


@dataclass(frozen=True)
class DocumentReport:
    path: str
    sha256: str | None
    format: str | None
    pages: int | None
    findings: tuple[Finding, ...] = ()
    error: DocumentError | None = None
    step_titles: dict[int, str] = field(default_factory=dict, compare=False)

    @property
    def score(self) -> float | None:
        return None if self.error else score_of(self.findings)

    @property
    def steps(self) -> tuple[StepSummary, ...]:
        if self.error:
            return ()
        out = []
        for step in sorted({f.step for f in self.findings}):
            fs = [f for f in self.findings if f.step == step]

            def count(status: Status, fs: list[Finding] = fs) -> int:
                return sum(1 for f in fs if f.status == status)

            out.append(StepSummary(
                step=step, title=self.step_titles.get(step, f"Step {step}"),
                met=count(Status.MET) + count(Status.ATTESTED), partial=count(Status.PARTIAL),
                missing=count(Status.MISSING), conflict=count(Status.CONFLICT),
                manual=count(Status.MANUAL), score=score_of(fs)))
        return tuple(out)

    def failing(self, threshold: Severity | None) -> tuple[Finding, ...]:
        """Gaps at or above ``threshold`` (None = never fail), baselined ones excepted."""
        if threshold is None:
            return ()
        return tuple(f for f in self.findings
                     if f.status.is_gap and not f.baselined
                     and f.severity.rank >= threshold.rank)


@dataclass(frozen=True)
class RunReport:
    tool_version: str
    rulebook_name: str
    rulebook_version: str
    checklist: str  # start | improve | all
    documents: tuple[DocumentReport, ...]
    fail_on: Severity | None = Severity.ERROR
    # One line each about the run itself rather than a document: expired or unused
    # waivers (``warning[code]: file:line: text``). Shown on stderr, and as annotations
    # and in the summary where a format has room for them.
    warnings: tuple[str, ...] = ()

    @property
    def errors(self) -> int:
        return sum(1 for d in self.documents if d.error)

    @property
    def failed(self) -> int:
        return sum(1 for d in self.documents if d.failing(self.fail_on))
