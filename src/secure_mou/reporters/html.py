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

FIX_FIRST = 5

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
details{margin:.3rem 0}.model{background:#f6f8fa;border-radius:.3rem;padding:.4rem .7rem}
.summary{border:1px solid #d0d7de;border-radius:.4rem;padding:.2rem 1rem .6rem}
.verdict{font-size:1.15rem;font-weight:600}.verdict.fails{color:#82071e}
.verdict.passes{color:#1a7f37}.collapsed{color:#57606a}
.fixfirst li{margin:.2rem 0}
@media print{
body{margin:0;max-width:none;font-size:11pt}
.finding,.summary,blockquote,tr{break-inside:avoid}
h2,h3{break-after:avoid}
section{break-before:page}section:first-of-type{break-before:auto}
details>summary{list-style:none}details{display:block}
.badge{border:1px solid #000;color:#000!important;background:none!important}
svg{max-width:100%}
}
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


# Status by shape and text as well as colour: a printed or colour-blind reader sees it.
SHAPE: dict[Status, str] = {
    Status.MET: "✔", Status.ATTESTED: "✔", Status.PARTIAL: "◐", Status.MISSING: "✘",
    Status.CONFLICT: "⚠", Status.MANUAL: "?", Status.WAIVED: "~", Status.NOT_APPLICABLE: "–"}


def badge(finding: Finding) -> str:
    status = finding.status.value
    return (f'<span class="badge {status}">{SHAPE[finding.status]} '
            f"{escape(status_label(finding))}</span>")


def finding_html(finding: Finding, partner: Finding | None = None) -> str:
    status = finding.status.value
    parts = [f'<div class="finding {status}">',
             f"{badge(finding)} <strong>{escape(finding.rule)}</strong> "
             f"{escape(finding.title)}",
             f"<p>{escape(finding.message)}</p>"]
    if partner is not None:
        parts.append(f"<p><strong>Contradicts {escape(partner.rule)}</strong>: "
                     f"{escape(partner.title)}</p>")
    flag = contradicted_by(finding)
    if flag:
        parts.append(f"<p>Contradicted by red flag {escape(flag)} (quoted there).</p>")
    if finding.covered or finding.missing_elements:
        parts.append(f"<p>Found: {escape(elements(finding.covered))}. "
                     f"Missing: {escape(elements(finding.missing_elements))}.</p>")
    measured = measured_line(finding)
    if measured:
        parts.append(f"<p>{escape(measured[0].upper() + measured[1:])}</p>")
    for evidence in () if flag else finding.evidence:
        parts.append(f"<blockquote>{escape(evidence.text)}"
                     f'<div class="where">{escape(place(evidence.location, evidence.text))}'
                     "</div></blockquote>")
    if finding.status == Status.WAIVED:
        parts.append(f"<p>Waived: {escape(waiver_line(finding))}</p>")
    if finding.status == Status.ATTESTED:
        parts.append(f"<p>{escape(attestation_line(finding))}</p>")
    if finding.status == Status.MANUAL:
        parts.append("<p>Confirm manually: no MOU text can show this.</p>")
    if finding.remediation and finding.status.is_gap:
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in
                             finding.remediation.strip().split("\n\n"))
        parts.append(f'<div class="model"><strong>Model language</strong>{paragraphs}</div>')
    if finding.source:
        parts.append(f'<div class="where">Source: {escape(finding.source)}</div>')
    parts.append("</div>")
    return "\n".join(parts)


def summary_html(doc: DocumentReport, report: RunReport) -> list[str]:
    """The verdict, counts and the gaps to fix first: what a board member reads."""
    failing = bool(doc.failing(report.fail_on))
    parts = ['<div class="summary">',
             f'<p class="verdict {"fails" if failing else "passes"}">'
             f"{escape(verdict_line(doc, report))}</p>",
             f"<p>Overall score <strong>{escape(percent(doc.score))}</strong> · "
             f"{escape(counts_line(doc))}</p>"]
    gaps = to_fix(doc)
    if gaps:
        parts.append('<p><strong>Fix first</strong></p><ol class="fixfirst">')
        for finding in gaps[:FIX_FIRST]:
            first = finding.evidence[0] if finding.evidence else None
            where = place(first.location, first.text) if first else "not in the agreement"
            parts.append(f"<li>{badge(finding)} <strong>{escape(finding.rule)}</strong> "
                         f"{escape(finding.title)} <span class=\"where\">— "
                         f"{escape(where)}</span></li>")
        parts.append("</ol>")
    parts.append("</div>")
    return parts


def document_html(doc: DocumentReport, report: RunReport, anchor: str,
                  options: ReportOptions) -> str:
    # Only what a reader can use: no hash, no empty field.
    meta = [(k, v) for k, v in (
        ("Format", (doc.format or "").upper()),
        ("Pages", "" if doc.pages is None else str(doc.pages)),
        ("Rulebook", f"{report.rulebook_name} {report.rulebook_version}"),
        ("Checklist", {"start": "Checklist to Start", "improve": "Checklist to Improve",
                       "all": "both checklists"}.get(report.checklist, report.checklist)),
    ) if v]
    parts = [f'<section id="{anchor}">', f"<h2>{escape(doc.path)}</h2>",
             '<table class="meta">',
             *(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in meta),
             "</table>"]
    if doc.error:
        parts.append(f'<p class="error"><strong>error[{escape(doc.error.code)}]</strong>: '
                     f"{escape(doc.error.message)}</p></section>")
        return "\n".join(parts)
    parts += summary_html(doc, report)
    parts.append(step_chart(doc.steps))
    partners = contradicts(doc)
    order = {f.rule: i for i, f in enumerate(to_fix(doc))}
    for step, title, findings in findings_by_step(doc):
        summary = next((s for s in doc.steps if s.step == step), None)
        score = percent(summary.score) if summary else "n/a"
        parts.append(f"<h3>Step {step}. {escape(title)} ({escape(score)})</h3>")
        gaps = sorted((f for f in findings if f.status.is_gap),
                      key=lambda f: order.get(f.rule, len(order)))
        parts += [finding_html(f, partners.get(f.rule)) for f in gaps]
        rest = [f for f in findings if not f.status.is_gap
                and (options.verbose or f.status != Status.NOT_APPLICABLE)]
        if options.verbose:
            parts += [finding_html(f) for f in rest]
            continue
        parts += [finding_html(f) for f in rest if f.status == Status.WAIVED]
        for label, statuses in (("Met", (Status.MET,)), ("Attested", (Status.ATTESTED,)),
                                ("To confirm by hand", (Status.MANUAL,))):
            picked = [f for f in rest if f.status in statuses]
            if picked:
                parts.append(f'<p class="collapsed">{SHAPE[statuses[0]]} {label}: ' + "; ".join(
                    f"{escape(f.rule)} {escape(f.title)}" for f in picked) + "</p>")
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
