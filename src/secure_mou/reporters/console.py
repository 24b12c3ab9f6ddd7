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

from ..findings import (
    DocumentReport,
    Evidence,
    Finding,
    RunReport,
    Severity,
    Status,
    StepSummary,
)
from .base import (
    QUOTE_LIMIT,
    ReportOptions,
    attestation_line,
    findings_by_step,
    percent,
    status_counts,
    trim_quote,
    waiver_line,
)
from .wording import (
    contradicted_by,
    contradicts,
    counts_line,
    element_label,
    elements,
    measured_line,
    place,
    status_label,
    to_fix,
    verdict_line,
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
HEADING_SHOWN = 36  # a location's heading, cut so the quote keeps most of the line
FIX_FIRST = 5  # the summary names the few gaps to start with, not all of them
VERBOSE_HINT = ("--verbose: every rule in full, with model language for every gap. "
                "secure-mou explain RULE FILE: how one verdict was reached.")
# Findings that need no action collapse to one line per kind unless --verbose.
COLLAPSED: tuple[tuple[str, tuple[Status, ...], str], ...] = (
    ("met", (Status.MET,), "green"),
    ("attested", (Status.ATTESTED,), "cyan"),
    ("to confirm by hand", (Status.MANUAL,), "blue"),
    ("not applicable to this checklist", (Status.NOT_APPLICABLE,), "dim"),
)


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


def finding_head(finding: Finding) -> Text:
    mark, style = MARK[finding.status]
    head = Text()
    head.append(f"{mark} {status_label(finding)} ", style=style)
    head.append(finding.rule, style="bold")
    if finding.title:
        head.append(f" {finding.title}")
    if finding.baselined:
        head.append(" (in the baseline)", style="dim")
    return head


def one_line(text: Text, width: int) -> Text:
    """A detail line cut to the width left after the indent, with an ellipsis."""
    text.no_wrap = True
    text.overflow = "ellipsis"
    text.truncate(width - INDENT, overflow="ellipsis")
    return text


def plain_details(finding: Finding, partner: Finding | None) -> list[Text]:
    """What every row says, compact or not: the contradicted requirement, the elements
    missing and the measured figure, in words."""
    details: list[Text] = []
    if partner is not None:
        details.append(Text(f"contradicts {partner.rule}: {partner.title}", style="bold red"))
    flag = contradicted_by(finding)
    if flag:
        details.append(Text(f"contradicted by red flag {flag}", style="red"))
    if finding.missing_elements:
        details.append(Text(f"missing: {elements(finding.missing_elements)}"))
    measured = measured_line(finding)
    if measured:
        details.append(Text(measured))
    return details


def quote_line(evidence: Evidence, limit: int = QUOTE_LIMIT) -> Text:
    quote = Text(f"“{trim_quote(evidence.text, limit)}”", style="italic")
    quote.append(f" — {place(evidence.location, evidence.text)}", style="dim")
    if evidence.note:
        quote.append(f" [{evidence.note}]", style="dim")
    return quote


def compact_row(finding: Finding, partner: Finding | None, width: int,
                with_fix: bool) -> list[RenderableType]:
    """A gap in two to four lines: what, where it was found and, for a gap that fails the
    run, what to write instead. Every detail line is cut to the width; --verbose gives
    them whole, with the model language for every gap."""
    room = width - INDENT
    details: list[Text] = []
    if partner is not None:
        details.append(Text(f"contradicts {partner.rule}: {partner.title}", style="red"))
    if finding.missing_elements:
        details.append(Text(f"missing: {fitted(finding.missing_elements, room - 9)}"))
    measured = measured_line(finding)
    if measured:
        details.append(Text(measured))
    if finding.evidence:
        first = finding.evidence[0]
        quote = Text(f"{place(first.location, first.text, heading_limit=HEADING_SHOWN)}: ",
                     style="dim")
        quote.append(f"“{trim_quote(without_lead_in(first.text), room)}”", style="italic")
        details.append(quote)
    if finding.remediation and with_fix:
        fix = Text("fix: ", style="bold green")
        fix.append(trim_quote(finding.remediation, room))
        details.append(fix)
    head: list[RenderableType] = [finding_head(finding)]
    return head + [indented(*(one_line(d, width) for d in details))] if details else head


def without_lead_in(text: str) -> str:
    """A list item's own words: its quote carries the lead-in (``… shall: … (a) …``),
    which a one-line quote has no room for."""
    return text.rsplit("… ", 1)[-1] if text.startswith("…") else text


def fitted(keys: tuple[str, ...], room: int) -> str:
    """As many element labels as fit, then ``and N more``."""
    shown: list[str] = []
    for i, key in enumerate(keys):
        rest = len(keys) - i - 1
        candidate = ", ".join([*shown, element_label(key)])
        if len(candidate) + (len(f", and {rest} more") if rest else 0) > room and shown:
            return f"{', '.join(shown)}, and {len(keys) - i} more"
        shown.append(element_label(key))
    return ", ".join(shown)


def full_row(finding: Finding, partner: Finding | None,
             options: ReportOptions) -> list[RenderableType]:
    """Every detail of a finding (``--verbose``)."""
    details: list[Text] = []
    if finding.status == Status.MANUAL:
        details.append(Text(f"confirm manually: {finding.message}", style="blue"))
    elif finding.status == Status.ATTESTED:
        details.append(Text(attestation_line(finding)))
    elif finding.status == Status.WAIVED:
        details.append(Text(f"waived: {waiver_line(finding)}", style="magenta"))
    elif finding.message:
        details.append(Text(finding.message))
    details += plain_details(finding, partner)
    if finding.covered:
        details.append(Text(f"found: {elements(finding.covered)}"))
    if finding.reason:
        details.append(Text(f"why: {finding.reason}", style="dim"))
    if finding.status.is_gap or finding.status == Status.MET:
        details += evidence_lines(finding)
    if finding.status.is_gap and finding.remediation:
        fix = Text("fix: ", style="bold green")
        fix.append(finding.remediation.strip())
        details.append(fix)
    return [finding_head(finding), indented(*details)] if details else [finding_head(finding)]


def evidence_lines(finding: Finding) -> list[Text]:
    lines = [quote_line(e) for e in finding.evidence[:EVIDENCE_SHOWN]]
    extra = len(finding.evidence) - EVIDENCE_SHOWN
    if extra > 0:
        lines.append(Text(f"(+{extra} more; see --format json)", style="dim"))
    return lines


def step_heading(step: int, title: str, summary: StepSummary | None) -> Text:
    heading = Text(f"Step {step}. {title}", style="bold")
    if summary:
        heading.append(f"  {percent(summary.score)}", style="bold cyan")
    return heading


def collapsed(label: str, findings: list[Finding], style: str) -> Text:
    """``2 met: SECURE-1.1, SECURE-1.4`` on one line."""
    line = Text(f"  {len(findings)} {label}: ", style=style)
    line.append(", ".join(f.rule for f in findings), style="dim")
    return line


def fix_first(doc: DocumentReport, width: int) -> list[RenderableType]:
    gaps = to_fix(doc)
    if not gaps:
        return []
    out: list[RenderableType] = [Text("Fix first:", style="bold")]
    for finding in gaps[:FIX_FIRST]:
        mark, style = MARK[finding.status]
        line = Text(f"  {mark} ", style=style)
        line.append(finding.rule, style="bold")
        line.append(f"  {finding.title}")
        first = finding.evidence[0] if finding.evidence else None
        line.append(f" — {place(first.location, first.text)}" if first
                    else " — not in the agreement", style="dim")
        line.no_wrap, line.overflow = True, "ellipsis"
        line.truncate(width, overflow="ellipsis")
        out.append(line)
    if len(gaps) > FIX_FIRST:
        out.append(Text(f"  … and {len(gaps) - FIX_FIRST} more below, by step", style="dim"))
    return out


def document_header(doc: DocumentReport, report: RunReport,
                    width: int) -> list[RenderableType]:
    pages = "" if doc.pages is None else f", {doc.pages} pages"
    meta = Text(f"{doc.format or 'unknown format'}{pages} · rulebook {report.rulebook_name} "
                f"{report.rulebook_version} · checklist {report.checklist}", style="dim")
    out: list[RenderableType] = [Rule(Text(doc.path, style="bold"), align="left"), meta]
    if doc.error:
        out.append(Text(f"error[{doc.error.code}]: {doc.error.message}", style="bold red"))
        return out
    failing = bool(doc.failing(report.fail_on))
    out.append(Text(verdict_line(doc, report), style="bold red" if failing else "bold green"))
    score = Text("overall score ", style="bold")
    score.append(percent(doc.score), style="bold cyan")
    score.append(f" · {counts_line(doc)}")
    out.append(score)
    out += fix_first(doc, width)
    return out


def document_body(doc: DocumentReport, options: ReportOptions, width: int,
                  fail_on: Severity | None) -> list[RenderableType]:
    out: list[RenderableType] = []
    summaries = {s.step: s for s in doc.steps}
    partners = contradicts(doc)
    failing = doc.failing(fail_on)
    order = {f.rule: i for i, f in enumerate(to_fix(doc))}
    for step, title, findings in findings_by_step(doc):
        out += [Text(), step_heading(step, title, summaries.get(step))]
        if options.verbose:
            gaps = sorted((f for f in findings if f.status.is_gap),
                          key=lambda f: order.get(f.rule, len(order)))
        else:
            gaps = sorted((f for f in findings if f.rule in order), key=lambda f: order[f.rule])
        for finding in gaps:
            partner = partners.get(finding.rule)
            out += (full_row(finding, partner, options) if options.verbose
                    else compact_row(finding, partner, width, finding in failing))
        rest = [f for f in findings if not f.status.is_gap]
        if options.verbose:
            for finding in rest:
                out += full_row(finding, None, options)
            continue
        for label, statuses, style in COLLAPSED:
            picked = [f for f in rest if f.status in statuses]
            if picked:
                out.append(collapsed(label, picked, style))
        for finding in (f for f in rest if f.status == Status.WAIVED):
            out.append(Text(f"  ~ waived {finding.rule}: {waiver_line(finding)}",
                            style="magenta"))
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
                f"{report.failed} not passing (--fail-on {threshold})", style="bold")


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
            width = console.width
            for doc in report.documents:
                parts += document_header(doc, report, width)
                if doc.error is None:
                    parts += document_body(doc, options, width, report.fail_on)
                parts.append(Text())
            if not options.verbose:
                parts.append(Text(VERBOSE_HINT, style="dim"))
            parts.append(run_footer(report))
        console.print(Group(*parts))
        # rich pads padded blocks to the full width; trailing blanks only get in the way
        # of copying a quote out of the terminal or diffing two reports.
        return _TRAILING_BLANKS.sub(r"\1", buffer.getvalue())
