"""The scan as a person sees it: a progress bar on stderr and a summary on stdout.

The progress bar shows only on a terminal (a log file or CI gets no control codes);
the summary is plain text when stdout is not a terminal or NO_COLOR is set.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from ..findings import StepSummary
from ..reporters.base import percent, trim_quote
from .records import ScannedDocument
from .scanner import ScanResult
from .summary import CorpusSummary, conflicts


class ProgressBar:
    """Callbacks for ``run_scan``: a rich bar with documents/s and ETA, or nothing."""

    def __init__(self, progress: Progress | None):
        self.progress = progress
        self.task: TaskID | None = None

    def total(self, count: int) -> None:
        if self.progress is not None:
            self.task = self.progress.add_task("scanning", total=count, rate="")

    def advance(self, doc: ScannedDocument) -> None:
        if self.progress is None or self.task is None:
            return
        self.progress.advance(self.task)
        # Cached documents count: a re-run that is mostly cache hits should look fast.
        speed = self.progress.tasks[0].speed
        self.progress.update(self.task, rate="" if speed is None else f"{speed:.1f} doc/s")


@contextmanager
def progress_bar(stream: TextIO | None = None) -> Iterator[ProgressBar]:
    """A bar on ``stream`` (stderr) when it is a terminal; a silent stand-in otherwise."""
    stream = stream or sys.stderr  # looked up now: tests and callers swap sys.stderr
    if not stream.isatty():
        yield ProgressBar(None)
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TaskProgressColumn(), TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
        console=Console(file=stream), transient=True)
    with progress:
        yield ProgressBar(progress)


def _step_cell(step: StepSummary | None) -> str:
    if step is None:
        return "—"
    text = percent(step.score)
    return f"{text} ⚠{step.conflict}" if step.conflict else text


def documents_table(summary: CorpusSummary) -> Table:
    table = Table(title="Documents x rubric steps (score, ⚠ conflicts)", title_justify="left")
    table.add_column("Document", overflow="fold")
    table.add_column("Score", justify="right")
    for step in summary.steps:
        table.add_column(f"Step {step}", justify="right")
    for doc in summary.ranking:
        by_step = {s.step: s for s in doc.report.steps}
        table.add_row(doc.report.path, percent(doc.report.score),
                      *(_step_cell(by_step.get(s)) for s in summary.steps))
    return table


def coverage_table(summary: CorpusSummary) -> Table:
    table = Table(title="Rules, weakest first (share of documents meeting each)",
                  title_justify="left")
    for name, justify in (("Rule", "left"), ("Title", "left"), ("Meets", "right"),
                          ("Partial", "right"), ("Conflict", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for cov in summary.coverage:
        meets = "n/a" if cov.share is None else f"{percent(cov.share)} ({cov.met}/{cov.applicable})"
        table.add_row(cov.rule.id, trim_quote(cov.rule.title, 60), meets,
                      str(cov.partial), str(cov.conflict))
    return table


def exemplars_table(summary: CorpusSummary, top: int) -> Table:
    table = Table(title=f"Top {top} exemplars (highest score, fewest conflicts)",
                  title_justify="left")
    for name in ("#", "Document", "Score", "Conflicts"):
        table.add_column(name)
    for rank, doc in enumerate(summary.ranking[:top], 1):
        table.add_row(str(rank), doc.report.path, percent(doc.report.score), str(conflicts(doc)))
    return table


def unreadable_table(summary: CorpusSummary) -> Table:
    table = Table(title="Unreadable files", title_justify="left")
    for name in ("File", "Code", "Reason"):
        table.add_column(name, overflow="fold")
    for doc in summary.unreadable:
        assert doc.report.error is not None
        table.add_row("\n".join(doc.paths), doc.report.error.code,
                      trim_quote(doc.report.error.message, 160))
    return table


def footer(result: ScanResult) -> str:
    docs = result.documents
    paths = sum(len(d.paths) for d in docs)
    line = (f"{len(docs)} documents ({paths} files): {result.checked} checked, "
            f"{result.cached} from cache, {result.resumed} resumed; "
            f"{sum(1 for d in docs if d.report.error)} unreadable; "
            f"{result.seconds:.1f}s")
    if result.skipped:
        reasons: dict[str, int] = {}
        for skipped in result.skipped:
            reasons[skipped.reason] = reasons.get(skipped.reason, 0) + 1
        line += "; skipped " + ", ".join(f"{n} {r}" for r, n in sorted(reasons.items()))
    if result.interrupted:
        line += (f"\ninterrupted: {len(result.not_scanned)} files not scanned; "
                 "finished results were kept (rerun with --resume to continue)")
    return line


def print_summary(result: ScanResult, summary: CorpusSummary, top: int,
                  stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    color = stream.isatty() and "NO_COLOR" not in os.environ
    console = Console(file=stream, no_color=not color, highlight=False,
                      width=None if stream.isatty() else 120)
    if summary.ranking:
        console.print(documents_table(summary))
        console.print(coverage_table(summary))
        console.print(exemplars_table(summary, top))
    if summary.unreadable:
        console.print(unreadable_table(summary))
    console.print(footer(result))


def quiet_text(result: ScanResult) -> str:
    """``--quiet``: one line per document (score and counts, or its error code), as
    ``check --quiet`` prints them, then the footer line."""
    from ..reporters import ReportOptions, render
    from .outputs import run_report

    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    lines = render("console", run_report(result), ReportOptions(quiet=True, color=color))
    return lines + footer(result) + "\n"
