"""``--html``: a self-contained dashboard of a corpus scan.

A heatmap of documents x rules, a coverage bar per rule (weakest first), the exemplar
ranking, and each document's findings (the check HTML report's section, reused) with an
anchor the heatmap and ranking link to. Inline CSS and SVG only, no script; every string
from a document, a rule or a path goes through ``html.escape``.
"""

from __future__ import annotations

from html import escape

from ..findings import Status
from ..reporters.base import ReportOptions, percent
from ..reporters.html import COLOUR, CSS, SHAPE, document_html
from .outputs import run_report
from .records import ScannedDocument
from .scanner import ScanResult
from .summary import CorpusSummary, conflicts

# Statuses that share a colour in the report are told apart here, where a reader scans
# hundreds of cells: attested is not met, waived and not applicable are not the same.
CELL_COLOUR = {**COLOUR, Status.ATTESTED: "#1b7c83", Status.WAIVED: "#8250df",
               Status.NOT_APPLICABLE: "#c9d1d9"}

DASHBOARD_CSS = CSS + """
body{max-width:80rem}
.heat{font-size:.8rem}.heat td,.heat th{padding:0;border:1px solid #fff}
.heat th.rule{writing-mode:vertical-rl;transform:rotate(180deg);padding:.3rem .1rem;
font-weight:500;white-space:nowrap}
.heat td.cell{width:1.1rem;height:1.1rem}.heat td.cell a{display:block;height:1.1rem}
.heat td.doc{padding:0 .5rem;white-space:nowrap;max-width:28rem;overflow:hidden;
text-overflow:ellipsis}
.legend span{display:inline-block;margin-right:1rem}
.legend i{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:-2px}
.heatbox{overflow:auto;max-width:100%;max-height:85vh;border:1px solid #d0d7de}
.heat th:first-child,.heat td.doc{position:sticky;left:0;background:#fff;z-index:1}
.heat td.cell{text-align:center;color:#fff;font-size:.65rem;line-height:1.1rem}
.heat td.cell a{color:inherit;text-decoration:none}
@media print{.heatbox{overflow:visible;max-height:none}.heat{font-size:6pt}}
""" + "".join(f".s-{s.value}{{background:{c}}}" for s, c in CELL_COLOUR.items()) + \
    ".s-none{background:#eaeef2}"

BAR = 300
ROW = 22


def _anchor(index: int) -> str:
    return f"doc-{index}"


def heatmap(result: ScanResult, anchors: dict[str, str]) -> str:
    rules = result.rulebook.rules
    head = "".join(f'<th class="rule" title="{escape(r.title)}">{escape(r.id)}</th>'
                   for r in rules)
    rows = []
    for doc in result.documents:
        link = anchors[doc.report.path]
        by_rule = {f.rule: f.status for f in doc.report.findings}
        cells = []
        for rule in rules:
            status = by_rule.get(rule.id)
            name = status.value if status else "none"
            label = f"{doc.report.path} · {rule.id}: {name.replace('_', ' ')}"
            mark = SHAPE[status] if status else ""
            cells.append(f'<td class="cell s-{name}" title="{escape(label)}">'
                         f'<a href="#{link}" aria-label="{escape(label)}">{mark}</a></td>')
        shown = (f"{doc.report.path} ({percent(doc.report.score)})" if not doc.report.error
                 else f"{doc.report.path} (error[{doc.report.error.code}])")
        rows.append(f'<tr><td class="doc"><a href="#{link}">{escape(shown)}</a></td>'
                    f"{''.join(cells)}</tr>")
    legend = "".join(f'<span><i class="s-{s.value}"></i>{SHAPE[s]} '
                     f'{escape(s.value.replace("_", " "))}</span>' for s in Status)
    return (f'<p class="legend">{legend}<span><i class="s-none"></i>unreadable</span></p>'
            f'<div class="heatbox"><table class="heat"><tr><th></th>{head}</tr>'
            f'{"".join(rows)}</table></div>')


def coverage_bars(summary: CorpusSummary) -> str:
    rows = []
    for i, cov in enumerate(summary.coverage):
        y = 4 + i * ROW
        share = cov.share or 0.0
        colour = COLOUR[Status.MET] if share >= 0.8 else (
            COLOUR[Status.PARTIAL] if share >= 0.5 else COLOUR[Status.MISSING])
        label = "n/a" if cov.share is None else f"{percent(cov.share)} ({cov.met}/{cov.applicable})"
        rows.append(
            f"<g><title>{escape(cov.rule.id + ': ' + cov.rule.title)}</title>"
            f'<text x="0" y="{y + 14}" font-size="12">{escape(cov.rule.id)}</text>'
            f'<rect x="140" y="{y}" width="{BAR}" height="16" fill="#eaeef2"/>'
            f'<rect x="140" y="{y}" width="{round(share * BAR)}" height="16" fill="{colour}"/>'
            f'<text x="{150 + BAR}" y="{y + 14}" font-size="12">{escape(label)}</text></g>')
    height = ROW * len(summary.coverage) + 8
    return (f'<svg role="img" aria-label="Share of documents meeting each rule" '
            f'width="{BAR + 260}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
            f'{"".join(rows)}</svg>')


def ranking(summary: CorpusSummary, anchors: dict[str, str], top: int) -> str:
    items = "".join(
        f'<li><a href="#{anchors[d.report.path]}">{escape(d.report.path)}</a> '
        f"{escape(percent(d.report.score))}, {conflicts(d)} conflict(s)</li>"
        for d in summary.ranking[:top])
    return f"<ol>{items}</ol>" if items else "<p>No readable documents.</p>"


def _paths_note(doc: ScannedDocument) -> str:
    if len(doc.paths) < 2:
        return ""
    return ("<p>Same file also at: " + ", ".join(escape(p) for p in doc.paths[1:]) + "</p>")


def render_dashboard(result: ScanResult, summary: CorpusSummary, top: int) -> str:
    report = run_report(result)
    anchors = {d.report.path: _anchor(i) for i, d in enumerate(result.documents)}
    options = ReportOptions()
    sections = "\n".join(
        document_html(d.report, report, anchors[d.report.path], options) + _paths_note(d)
        for d in result.documents)
    unreadable = len(summary.unreadable)
    return ("<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>secure-mou scan</title>\n<style>{DASHBOARD_CSS}</style>\n</head>\n"
            "<body>\n<h1>SECURE rubric: corpus scan</h1>\n"
            f"<p>secure-mou {escape(report.tool_version)} · rulebook "
            f"{escape(report.rulebook_name)} {escape(report.rulebook_version)} · checklist "
            f"{escape(report.checklist)} · {len(result.documents)} document(s) · "
            f"{unreadable} unreadable</p>\n"
            "<h2>Documents x rules</h2>\n" + heatmap(result, anchors) + "\n"
            "<h2>Rule coverage, weakest first</h2>\n" + coverage_bars(summary) + "\n"
            f"<h2>Top {top} exemplars</h2>\n" + ranking(summary, anchors, top) + "\n"
            + sections + "\n</body>\n</html>\n")
