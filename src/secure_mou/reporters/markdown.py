"""``--format markdown``: a pull-request comment (GitHub-flavoured Markdown).

A summary table first, since a reviewer wants the scores at a glance; then the gaps and
conflicts by step, each with its evidence and the remediation folded in ``<details>`` so
the comment stays short; then the waivers with their reasons. Document text is escaped:
GitHub renders HTML inside comments, and an MOU quote is not ours to render.
"""

from __future__ import annotations

import html
import re

from ..findings import DocumentReport, Finding, RunReport, Status
from .base import (
    ReportOptions,
    attestation_line,
    findings_by_step,
    percent,
    trim_quote,
    waived,
    waiver_line,
)

MARK: dict[Status, str] = {
    Status.MET: "✅", Status.ATTESTED: "✅", Status.PARTIAL: "🟡", Status.MISSING: "❌",
    Status.CONFLICT: "⛔", Status.MANUAL: "❔", Status.WAIVED: "⏸️", Status.NOT_APPLICABLE: "➖"}


def inline(text: str) -> str:
    """Document text safe inside a Markdown line or table cell."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    for char in "\\`*_[]|":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def summary_table(report: RunReport) -> list[str]:
    steps = sorted({s.step for d in report.documents for s in d.steps})
    header = ["Document", "Score", *(f"Step {n}" for n in steps), "Conflicts", "Gaps"]
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join([" --- "] + [" ---: "] * (len(header) - 1)) + "|"]
    for doc in report.documents:
        if doc.error:
            cells = [f"`error[{doc.error.code}]`", *([""] * len(steps)), "", ""]
        else:
            by_step = {s.step: percent(s.score) for s in doc.steps}
            gaps = sum(1 for f in doc.findings if f.status.is_gap)
            conflicts = sum(1 for f in doc.findings if f.status == Status.CONFLICT)
            cells = [f"**{percent(doc.score)}**", *(by_step.get(n, "") for n in steps),
                     str(conflicts), str(gaps)]
        lines.append("| " + " | ".join([inline(doc.path), *cells]) + " |")
    return lines


def finding_block(finding: Finding) -> list[str]:
    lines = [f"- {MARK[finding.status]} **{finding.rule}** {inline(finding.title)}: "
             f"*{finding.status.value.replace('_', ' ')}*. {inline(finding.message)}"]
    if finding.covered or finding.missing_elements:
        lines.append(f"  - covered: {inline(', '.join(finding.covered) or 'none')}; "
                     f"missing: {inline(', '.join(finding.missing_elements) or 'none')}")
    if finding.measured is not None:
        lines.append(f"  - measured: {finding.measured:g}")
    quotes = [f"  > {inline(trim_quote(e.text))} — *{inline(e.location.describe())}*"
              for e in finding.evidence]
    # An empty quote line keeps two quotes from running together into one paragraph.
    lines += "\n  >\n".join(quotes).splitlines()
    if finding.remediation:
        # Blank lines inside <details> let GitHub render the remediation as Markdown.
        lines += ["", "  <details><summary>Remediation</summary>", "",
                  *(f"  {html.escape(line, quote=False)}"
                    for line in finding.remediation.splitlines()),
                  "", "  </details>", ""]
    return lines


def document_section(doc: DocumentReport, options: ReportOptions) -> list[str]:
    lines = [f"### {inline(doc.path)}", ""]
    if doc.error:
        return lines + [f"**error[{doc.error.code}]**: {inline(doc.error.message)}", ""]
    shown: tuple[Status, ...] = (Status.PARTIAL, Status.MISSING, Status.CONFLICT)
    if options.verbose:
        shown += (Status.MET, Status.ATTESTED, Status.MANUAL)
    any_shown = False
    for step, title, findings in findings_by_step(doc):
        picked = [f for f in findings if f.status in shown]
        if not picked:
            continue
        any_shown = True
        lines += [f"#### Step {step}. {inline(title)}", ""]
        for finding in picked:
            lines += finding_block(finding)
        lines.append("")
    if not any_shown:
        lines += ["No gaps or conflicts.", ""]
    manual = [f for f in doc.findings if f.status in (Status.MANUAL, Status.ATTESTED)]
    if manual and not options.verbose:
        lines += ["<details><summary>Process items to confirm</summary>", ""]
        lines += [f"- {MARK[f.status]} **{f.rule}** {inline(f.title)}: " + (
            inline(attestation_line(f)) if f.status == Status.ATTESTED else
            "confirm manually") for f in manual]
        lines += ["", "</details>", ""]
    if waived(doc):
        lines += ["#### Waived", ""]
        lines += [f"- {MARK[Status.WAIVED]} **{f.rule}** {inline(f.title)}: "
                  f"{inline(waiver_line(f))}" for f in waived(doc)]
        lines.append("")
    return lines


class MarkdownReporter:
    name = "markdown"

    def render(self, report: RunReport, options: ReportOptions) -> str:
        lines = [f"## secure-mou: SECURE rubric check ({inline(report.rulebook_name)} "
                 f"{inline(report.rulebook_version)}, checklist {inline(report.checklist)})",
                 ""]
        lines += summary_table(report)
        lines.append("")
        if not options.quiet:
            for doc in report.documents:
                lines += document_section(doc, options)
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))  # sections end in blank lines
        return text.rstrip("\n") + "\n"
