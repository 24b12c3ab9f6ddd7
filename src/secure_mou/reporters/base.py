"""The reporter contract: a ``RunReport`` in, the text of one output format out.

Each format is one small module exposing a class that satisfies ``Reporter``; the
registry in ``reporters/__init__.py`` maps format names to instances. Reporters read
findings only: they know nothing of spaCy, rule files or document formats, and they
never write to a stream themselves, so the caller decides where the text goes.

The few things several formats share (which findings a reader must act on, how a quote
is trimmed, how a score is shown) live here so every format says them the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from ..findings import DocumentReport, Finding, RunReport, Status


@dataclass(frozen=True)
class ReportOptions:
    """How to render; formats ignore what does not apply to them.

    ``color``: True or False forces colour on or off; None lets the console reporter
    decide from the environment (a TTY on stdout and no ``NO_COLOR``). The command layer
    should set it explicitly, since it knows where the text goes.
    ``width``: columns for the console reporter; None uses the terminal's (or 80).
    ``quiet``: one line per document. ``verbose``: also the evidence for met rules.
    """

    verbose: bool = False
    quiet: bool = False
    color: bool | None = None
    width: int | None = None


class Reporter(Protocol):
    """One output format. ``render`` returns the complete text, ending in a newline
    (or empty, when a format has nothing to say: ``github`` with no gaps)."""

    @property
    def name(self) -> str: ...

    def render(self, report: RunReport, options: ReportOptions) -> str: ...


def reported(doc: DocumentReport) -> tuple[Finding, ...]:
    """Gaps and conflicts of a document (what a reader must act on), in rulebook order."""
    return tuple(f for f in doc.findings if f.status.is_gap)


def waived(doc: DocumentReport) -> tuple[Finding, ...]:
    return tuple(f for f in doc.findings if f.status == Status.WAIVED)


_SPACE = re.compile(r"\s+")

QUOTE_LIMIT = 300


def trim_quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """One line of at most ``limit`` characters, cut at a word boundary with an ellipsis.

    Evidence comes from PDFs and DOCX tables with hard line breaks and runs of spaces;
    collapsing them keeps a quote on one line in annotations and table cells.
    """
    flat = _SPACE.sub(" ", text).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def percent(score: float | None) -> str:
    """A score as a whole percentage; ``n/a`` when nothing counted (all manual/waived)."""
    return "n/a" if score is None else f"{round(score * 100)}%"


def status_counts(doc: DocumentReport) -> dict[Status, int]:
    """How many findings of each status, every status present (zeros included)."""
    counts = dict.fromkeys(Status, 0)
    for finding in doc.findings:
        counts[finding.status] += 1
    return counts


def findings_by_step(doc: DocumentReport) -> list[tuple[int, str, tuple[Finding, ...]]]:
    """(step, title, findings) per rubric step in step order; findings keep rulebook order."""
    titles = {s.step: s.title for s in doc.steps}
    return [(step, titles.get(step, f"Step {step}"),
             tuple(f for f in doc.findings if f.step == step))
            for step in sorted({f.step for f in doc.findings})]


def waiver_line(finding: Finding) -> str:
    """``reason (owner, expires YYYY-MM-DD)`` for a waived finding."""
    w = finding.waiver
    if w is None:
        return finding.reason or "waived"
    return f"{w.reason} (owner {w.owner}, expires {w.expires})"


def attestation_line(finding: Finding) -> str:
    a = finding.attestation
    if a is None:
        return finding.reason or "attested"
    return f"attested by {a.by} on {a.date}: {a.statement}"
