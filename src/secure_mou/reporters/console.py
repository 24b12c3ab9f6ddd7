"""``--format console`` (the default): the report counsel reads in a terminal.

Built from rich ``Text`` objects, never markup strings: MOU text is full of brackets
("[District]", "[sic]") that rich would read as style tags. Rendering goes to a string
so the caller decides where it goes; colour is on only when ``options.color`` says so
(or, left None, when stdout is a TTY and ``NO_COLOR`` is unset). Every row also spells
its status in words, so nothing depends on the colour or on the marks rendering.
"""

from __future__ import annotations

import io
import os
import re
import sys

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from ..findings import DocumentReport, Finding, RunReport, Status, StepSummary
from .base import (
    ReportOptions,
    attestation_line,
    findings_by_step,
    percent,
    status_counts,
    trim_quote,
    waiver_line,
)

MARK: dict[Status, tuple[str, str]] = {
    Status.MET: ("✔", "green"),
    Status.ATTESTED: ("✔", "cyan"),
    Status.PARTIAL: ("◐", "yellow"),
    Status.MISSING: ("✘", "red"),
    Status.CONFLICT: ("⚠", "bold red"),
    Status.MANUAL: ("?", "blue"),
    Status.WAIVED: ("~", "magenta"),
    Status.NOT_APPLICABLE: ("-", "dim"),
}
_TRAILING_BLANKS = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)
EVIDENCE_SHOWN = 3  # more than a few quotes per rule buries the next rule
INDENT = 4


def wants_color(options: ReportOptions) -> bool:
    if options.color is not None:
        return options.color
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def make_console(options: ReportOptions, buffer: io.StringIO) -> Console:
    color = wants_color(options)
    return Console(file=buffer, width=options.width, force_terminal=color,
                   color_system="auto" if color else None, no_color=not color,
                   highlight=False, emoji=False, soft_wrap=False, legacy_windows=False)


def indented(*lines: Text) -> Padding:
    return Padding(Text("\n").join(lines), (0, 0, 0, INDENT))


def finding_row(finding: Finding, options: ReportOptions) -> list[RenderableType]:
    mark, style = MARK[finding.status]
    head = Text()
    head.append(f"{mark} {finding.status.value.replace('_', ' '):<8} ", style=style)
    head.append(finding.rule, style="bold")
    if finding.title:
        head.append(f"  {finding.title}")
    details: list[Text] = []
    if finding.status == Status.MANUAL:
        details.append(Text(f"confirm manually: {finding.message}", style="blue"))
    elif finding.status == Status.ATTESTED:
        details.append(Text(attestation_line(finding)))
    elif finding.status == Status.WAIVED:
        details.append(Text(f"waived: {waiver_line(finding)}", style="magenta"))
    elif finding.message:
        details.append(Text(finding.message))
    if finding.covered or finding.missing_elements:
        details.append(Text(f"covered: {', '.join(finding.covered) or 'none'}; "
                            f"missing: {', '.join(finding.missing_elements) or 'none'}"))
    if finding.measured is not None:
        details.append(Text(f"measured: {finding.measured:g}"))
    if options.verbose and finding.reason:
        details.append(Text(f"why: {finding.reason}", style="dim"))
    if finding.status.is_gap or (options.verbose and finding.status == Status.MET):
        details += evidence_lines(finding)
    if finding.status.is_gap and finding.remediation:
        fix = Text("fix: ", style="bold green")
        fix.append(finding.remediation.strip())
        details.append(fix)
    return [head, indented(*details)] if details else [head]


def evidence_lines(finding: Finding) -> list[Text]:
    lines = []
    for evidence in finding.evidence[:EVIDENCE_SHOWN]:
        quote = Text(f"“{trim_quote(evidence.text)}”", style="italic")
        quote.append(f" — {evidence.location.describe()}", style="dim")
        if evidence.note:
            quote.append(f" [{evidence.note}]", style="dim")
        lines.append(quote)
    extra = len(finding.evidence) - EVIDENCE_SHOWN
    if extra > 0:
        lines.append(Text(f"(+{extra} more; see --format json)", style="dim"))
    return lines


def step_heading(step: int, title: str, summary: StepSummary | None) -> Text:
    heading = Text(f"Step {step}. {title}", style="bold")
    if summary:
        counts = ", ".join(f"{n} {label}" for n, label in (
            (summary.met, "met"), (summary.partial, "partial"), (summary.missing, "missing"),
            (summary.conflict, "conflict"), (summary.manual, "manual")) if n)
        heading.append(f"  {percent(summary.score)}", style="bold cyan")
        heading.append(f"  ({counts})" if counts else "", style="dim")
    return heading


def document_header(doc: DocumentReport, report: RunReport) -> list[RenderableType]:
    pages = "" if doc.pages is None else f", {doc.pages} pages"
    meta = Text(f"{doc.format or 'unknown format'}{pages} · rulebook {report.rulebook_name} "
                f"{report.rulebook_version} · checklist {report.checklist}", style="dim")
    out: list[RenderableType] = [Rule(Text(doc.path, style="bold"), align="left"), meta]
    if doc.error:
        out.append(Text(f"error[{doc.error.code}]: {doc.error.message}", style="bold red"))
        return out
    score = Text("overall score ", style="bold")
    score.append(percent(doc.score), style="bold cyan")
    failing = len(doc.failing(report.fail_on))
    if failing:
        score.append(f"  · {failing} gap(s) at or above {report.fail_on}", style="red")
    out.append(score)
    return out


def document_body(doc: DocumentReport, options: ReportOptions) -> list[RenderableType]:
    out: list[RenderableType] = []
    summaries = {s.step: s for s in doc.steps}
    for step, title, findings in findings_by_step(doc):
        shown = [f for f in findings
                 if options.verbose or f.status != Status.NOT_APPLICABLE]
        out += [Text(), step_heading(step, title, summaries.get(step))]
        for finding in shown:
            out += finding_row(finding, options)
        hidden = len(findings) - len(shown)
        if hidden:
            out.append(Text(f"  {hidden} not applicable to this checklist "
                            "(--verbose lists them)", style="dim"))
    return out


def quiet_line(doc: DocumentReport) -> Text:
    line = Text(doc.path, style="bold")
    if doc.error:
        line.append(f"  error[{doc.error.code}]: {doc.error.message}", style="red")
        return line
    counts = status_counts(doc)
    line.append(f"  {percent(doc.score)}", style="cyan")
    for status in (Status.CONFLICT, Status.MISSING, Status.PARTIAL):
        line.append(f"  {counts[status]} {status.value}", style=MARK[status][1])
    return line


def run_footer(report: RunReport) -> Text:
    threshold = report.fail_on.value if report.fail_on else "never"
    return Text(f"{len(report.documents)} document(s) · {report.errors} unreadable · "
                f"{report.failed} failing (--fail-on {threshold})", style="bold")


class ConsoleReporter:
    name = "console"

    def render(self, report: RunReport, options: ReportOptions) -> str:
        buffer = io.StringIO()
        console = make_console(options, buffer)
        parts: list[RenderableType] = []
        if options.quiet:
            parts = [quiet_line(d) for d in report.documents]
        else:
            parts.append(Text(f"secure-mou {report.tool_version}", style="dim"))
            for doc in report.documents:
                parts += document_header(doc, report)
                parts += document_body(doc, options)
                parts.append(Text())
            parts.append(run_footer(report))
        console.print(Group(*parts))
        # rich pads padded blocks to the full width; trailing blanks only get in the way
        # of copying a quote out of the terminal or diffing two reports.
        return _TRAILING_BLANKS.sub(r"\1", buffer.getvalue())
