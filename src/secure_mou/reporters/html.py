"""``--format html``: one self-contained page counsel can open offline or attach to mail.

Inline CSS and inline SVG only: no script, font or stylesheet from the network, so the
file renders the same anywhere and leaks nothing when opened. Every string that comes
from a document, a rule or a config passes through ``html.escape``.
"""

from __future__ import annotations

from html import escape

from ..findings import DocumentReport, Finding, RunReport, Status, StepSummary
from .base import (
    ReportOptions,
    attestation_line,
    findings_by_step,
    percent,
    waiver_line,
)

BASE_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;
max-width:60rem;padding:0 1rem;color:#1d2329}
h1{font-size:1.5rem}h2{border-bottom:2px solid #d0d7de;padding-bottom:.2rem}
h3{font-size:1.1rem;margin-top:1.5rem}
table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:left}
.meta td:first-child{color:#57606a}
.finding{border-left:4px solid #d0d7de;margin:.6rem 0;padding:.3rem .8rem}
.badge{border-radius:1rem;color:#fff;font-size:.8rem;font-weight:600;padding:.05rem .5rem}
blockquote{border-left:3px solid #d0d7de;color:#424a53;margin:.4rem 0;padding-left:.8rem}
.where{color:#57606a;font-size:.85rem}
.error{background:#ffebe9;border:1px solid #cf222e;padding:.6rem}
details{margin:.3rem 0}pre{white-space:pre-wrap}
"""

COLOUR: dict[Status, str] = {
    Status.MET: "#1a7f37", Status.ATTESTED: "#1a7f37", Status.PARTIAL: "#9a6700",
    Status.MISSING: "#cf222e", Status.CONFLICT: "#82071e", Status.MANUAL: "#0969da",
    Status.WAIVED: "#6e7781", Status.NOT_APPLICABLE: "#6e7781"}
# The badge and the finding's left rule take the status colour.
CSS = BASE_CSS + "".join(f".badge.{s.value}{{background:{c}}}.finding.{s.value}{{border-color:{c}}}"
               for s, c in COLOUR.items())

BAR_WIDTH = 360
ROW = 26


def step_chart(steps: tuple[StepSummary, ...]) -> str:
    """A horizontal bar per step, labelled with its score; no score draws an empty bar."""
    height = ROW * len(steps) + 8
    rows = []
    for i, step in enumerate(steps):
        y = 4 + i * ROW
        width = round((step.score or 0) * BAR_WIDTH)
        colour = COLOUR[Status.MET] if (step.score or 0) >= 0.8 else (
            COLOUR[Status.PARTIAL] if (step.score or 0) >= 0.5 else COLOUR[Status.MISSING])
        rows.append(
            f"<g><title>{escape(step.title)}</title>"
            f'<text x="0" y="{y + 16}" font-size="13">Step {step.step}</text>'
            f'<rect x="60" y="{y}" width="{BAR_WIDTH}" height="20" fill="#eaeef2"/>'
            f'<rect x="60" y="{y}" width="{width}" height="20" fill="{colour}"/>'
            f'<text x="{70 + BAR_WIDTH}" y="{y + 16}" font-size="13">'
            f"{escape(percent(step.score))}</text></g>")
    return (f'<svg role="img" width="{BAR_WIDTH + 120}" '
            f'height="{height}" aria-label="Score per rubric step">{"".join(rows)}</svg>')


def finding_html(finding: Finding) -> str:
    status = finding.status.value
    parts = [f'<div class="finding {status}">',
             f'<span class="badge {status}">{escape(status.replace("_", " "))}</span> '
             f"<strong>{escape(finding.rule)}</strong> {escape(finding.title)}",
             f"<p>{escape(finding.message)}</p>"]
    if finding.covered or finding.missing_elements:
        parts.append(f"<p>Covered: {escape(', '.join(finding.covered) or 'none')}. "
                     f"Missing: {escape(', '.join(finding.missing_elements) or 'none')}.</p>")
    if finding.measured is not None:
        parts.append(f"<p>Measured: {finding.measured:g}</p>")
    for evidence in finding.evidence:
        parts.append(f"<blockquote>{escape(evidence.text)}"
                     f'<div class="where">{escape(evidence.location.describe())}</div>'
                     "</blockquote>")
    if finding.status == Status.WAIVED:
        parts.append(f"<p>Waived: {escape(waiver_line(finding))}</p>")
    if finding.status == Status.ATTESTED:
        parts.append(f"<p>{escape(attestation_line(finding))}</p>")
    if finding.status == Status.MANUAL:
        parts.append("<p>Confirm manually: no MOU text can show this.</p>")
    if finding.remediation and finding.status.is_gap:
        parts.append(f"<details open><summary>Remediation</summary>"
                     f"<pre>{escape(finding.remediation)}</pre></details>")
    if finding.source:
        parts.append(f'<div class="where">Source: {escape(finding.source)}</div>')
    parts.append("</div>")
    return "\n".join(parts)


def document_html(doc: DocumentReport, report: RunReport, anchor: str,
                  options: ReportOptions) -> str:
    meta = [("Pages", "—" if doc.pages is None else str(doc.pages)),
            ("Format", doc.format or "—"),
            ("Rulebook", f"{report.rulebook_name} {report.rulebook_version}"),
            ("Checklist", report.checklist),
            ("Overall score", "—" if doc.error else percent(doc.score)),
            ("SHA-256", doc.sha256 or "—")]
    parts = [f'<section id="{anchor}">', f"<h2>{escape(doc.path)}</h2>",
             '<table class="meta">',
             *(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in meta),
             "</table>"]
    if doc.error:
        parts.append(f'<p class="error"><strong>error[{escape(doc.error.code)}]</strong>: '
                     f"{escape(doc.error.message)}</p></section>")
        return "\n".join(parts)
    parts.append(step_chart(doc.steps))
    hidden = () if options.verbose else (Status.NOT_APPLICABLE,)
    for step, title, findings in findings_by_step(doc):
        summary = next((s for s in doc.steps if s.step == step), None)
        score = percent(summary.score) if summary else "n/a"
        parts.append(f"<h3>Step {step}. {escape(title)} ({escape(score)})</h3>")
        parts += [finding_html(f) for f in findings if f.status not in hidden]
    parts.append("</section>")
    return "\n".join(parts)


class HtmlReporter:
    name = "html"

    def render(self, report: RunReport, options: ReportOptions) -> str:
        docs = report.documents
        index = ""
        if len(docs) > 1:
            index = "<ul>" + "".join(
                f'<li><a href="#doc-{i}">{escape(d.path)}</a> '
                f"({escape('error[' + d.error.code + ']' if d.error else percent(d.score))})"
                "</li>" for i, d in enumerate(docs)) + "</ul>"
        body = "\n".join(document_html(d, report, f"doc-{i}", options)
                         for i, d in enumerate(docs))
        return ("<!DOCTYPE html>\n"
                '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>secure-mou report</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
                f"<h1>SECURE rubric check</h1>\n<p>secure-mou {escape(report.tool_version)}"
                f" · {len(docs)} document(s) · {report.failed} failing · "
                f"{report.errors} unreadable</p>\n{index}\n{body}\n</body>\n</html>\n")
