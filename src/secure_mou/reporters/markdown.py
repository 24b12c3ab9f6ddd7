"""``--format markdown``: a pull-request comment or job summary (GitHub-flavoured).

The summary first (a row per document: verdict, score, steps, counts), since a reviewer
wants the outcome at a glance; then each document's gaps by step folded in
``<details>``, in the order to fix them, with evidence and model language.

GitHub rejects a comment over 65,536 characters, so the text stays under
``CHARACTER_BUDGET``: when the details would not fit, a document's details shrink to
one line per gap, then are left out, and a closing note says what was cut. Document
text is escaped: GitHub renders HTML inside comments, and an MOU quote is not ours to
render.
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
from .wording import (
    contradicted_by,
    contradicts,
    counts_line,
    elements,
    measured_line,
    place,
    status_label,
    to_fix,
    verdict_line,
)

CHARACTER_BUDGET = 60_000  # GitHub's comment limit is 65,536; room for what others add
_CUT_NOTE_ROOM = 600

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
    header = ["Document", "Result", "Score", *(f"Step {n}" for n in steps), "Conflicts",
              "Gaps"]
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join([" --- ", " --- "] + [" ---: "] * (len(header) - 2)) + "|"]
    for doc in report.documents:
        if doc.error:
            cells = ["unreadable", f"`error[{doc.error.code}]`", *([""] * len(steps)), "", ""]
        else:
            by_step = {s.step: percent(s.score) for s in doc.steps}
            gaps = sum(1 for f in doc.findings if f.status.is_gap)
            conflicts = sum(1 for f in doc.findings if f.status == Status.CONFLICT)
            result = "fails" if doc.failing(report.fail_on) else "passes"
            cells = [result, f"**{percent(doc.score)}**",
                     *(by_step.get(n, "") for n in steps), str(conflicts), str(gaps)]
        lines.append("| " + " | ".join([inline(doc.path), *cells]) + " |")
    return lines


def finding_block(finding: Finding, partner: Finding | None) -> list[str]:
    lines = [f"- {MARK[finding.status]} **{finding.rule}** {inline(finding.title)}: "
             f"*{status_label(finding)}*. {inline(finding.message)}"]
    if partner is not None:
        lines.append(f"  - contradicts **{partner.rule}** {inline(partner.title)}")
    flag = contradicted_by(finding)
    if flag:
        lines.append(f"  - contradicted by red flag **{flag}**")
    if finding.covered or finding.missing_elements:
        lines.append(f"  - found: {inline(elements(finding.covered))}; "
                     f"missing: {inline(elements(finding.missing_elements))}")
    measured = measured_line(finding)
    if measured:
        lines.append(f"  - {inline(measured)}")
    quotes = [f"  > {inline(trim_quote(e.text))} — *{inline(place(e.location, e.text))}*"
              for e in finding.evidence]
    # An empty quote line keeps two quotes from running together into one paragraph.
    lines += "\n  >\n".join(quotes).splitlines()
    if finding.remediation:
        # Blank lines inside <details> let GitHub render the remediation as Markdown.
        lines += ["", "  <details><summary>Model language</summary>", "",
                  *(f"  {html.escape(line, quote=False)}"
                    for line in finding.remediation.splitlines()),
                  "", "  </details>", ""]
    return lines


def gap_line(finding: Finding) -> str:
    """One line per gap, for details that had to shrink to fit."""
    first = finding.evidence[0] if finding.evidence else None
    where = f" — *{inline(place(first.location, first.text))}*" if first else ""
    return f"- {MARK[finding.status]} **{finding.rule}** {inline(finding.title)}: " \
           f"*{status_label(finding)}*{where}"


def document_details(doc: DocumentReport, report: RunReport, options: ReportOptions,
                     compact: bool = False) -> list[str]:
    """The document's folded section; ``compact`` keeps one line per gap."""
    if doc.error:
        return [f"**{inline(doc.path)}**: unreadable, **error[{doc.error.code}]**: "
                f"{inline(doc.error.message)}", ""]
    gaps = to_fix(doc)
    summary = (f"<b>{html.escape(doc.path)}</b>: {html.escape(verdict_line(doc, report))}"
               f" · {percent(doc.score)} · {html.escape(counts_line(doc))}")
    lines = ["<details>", f"<summary>{summary}</summary>", ""]
    if compact:
        lines += [gap_line(f) for f in gaps] or ["No gaps or conflicts."]
        return [*lines, "", "</details>", ""]
    partners = contradicts(doc)
    order = {f.rule: i for i, f in enumerate(gaps)}
    shown: tuple[Status, ...] = (Status.MET, Status.ATTESTED, Status.MANUAL) \
        if options.verbose else ()
    for step, title, findings in findings_by_step(doc):
        picked = sorted((f for f in findings if f.rule in order),
                        key=lambda f: order[f.rule])
        picked += [f for f in findings if f.status in shown]
        if not picked:
            continue
        lines += [f"#### Step {step}. {inline(title)}", ""]
        for finding in picked:
            lines += finding_block(finding, partners.get(finding.rule))
        lines.append("")
    if not gaps:
        lines += ["No gaps or conflicts.", ""]
    manual = [f for f in doc.findings if f.status in (Status.MANUAL, Status.ATTESTED)]
    if manual and not options.verbose:
        lines += ["**Process items to confirm:** " + "; ".join(
            f"{f.rule} " + ("attested" if f.status == Status.ATTESTED else "to confirm")
            for f in manual), ""]
    if waived(doc):
        lines += ["**Waived:**", ""]
        lines += [f"- {MARK[Status.WAIVED]} **{f.rule}** {inline(f.title)}: "
                  f"{inline(waiver_line(f))}" for f in waived(doc)]
        lines.append("")
    attested = [f for f in doc.findings if f.status == Status.ATTESTED]
    if attested and options.verbose:
        lines += [f"- {inline(attestation_line(f))}" for f in attested] + [""]
    return [*lines, "</details>", ""]


def cut_note(shortened: list[str], omitted: list[str]) -> list[str]:
    parts = []
    if shortened:
        parts.append(f"the details of {len(shortened)} document(s) were shortened to one "
                     "line per gap")
    if omitted:
        parts.append(f"the details of {len(omitted)} document(s) were left out "
                     f"({inline(trim_quote(', '.join(omitted), 300))})")
    return [f"*Cut to stay under GitHub's comment limit: {'; '.join(parts)}. The JSON or "
            "HTML report (`--json-output`, `--html-output`) has every finding.*", ""]


def render_markdown(report: RunReport, options: ReportOptions,
                    budget: int = CHARACTER_BUDGET) -> str:
    lines = [f"## secure-mou: SECURE rubric check ({inline(report.rulebook_name)} "
             f"{inline(report.rulebook_version)}, checklist {inline(report.checklist)})",
             ""]
    failing = report.failed
    threshold = report.fail_on.value if report.fail_on else "never"
    lines += [f"{len(report.documents)} document(s): {failing} failing, "
              f"{report.errors} unreadable (`--fail-on {threshold}`).", ""]
    lines += summary_table(report)
    lines.append("")
    if report.warnings:
        lines += [f"- ⚠️ {inline(w)}" for w in report.warnings] + [""]
    shortened: list[str] = []
    omitted: list[str] = []
    if not options.quiet:
        used = len("\n".join(lines))
        for doc in report.documents:
            for compact in (False, True):
                section = "\n".join(document_details(doc, report, options, compact))
                if used + len(section) + _CUT_NOTE_ROOM <= budget:
                    lines.append(section)
                    used += len(section) + 1
                    if compact:
                        shortened.append(doc.path)
                    break
            else:
                omitted.append(doc.path)
        if shortened or omitted:
            lines += cut_note(shortened, omitted)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))  # sections end in blank lines
    return text.rstrip("\n") + "\n"


class MarkdownReporter:
    name = "markdown"

    def render(self, report: RunReport, options: ReportOptions) -> str:
        return render_markdown(report, options)
