"""The machine-readable scan outputs: ``--csv-output`` and ``--json-output`` (or the same
on stdout with ``--format csv|json``).

``--json`` is check's JSON report (``reporters.json.report_json``) over every scanned
document, with additive fields only (``paths`` per document, a ``scan`` block), so tools
that read check's report read a scan's. Like check's, the same scan gives byte-identical
text: documents in discovery order, and nothing that varies by run (timings, cache hits).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .. import __version__
from ..findings import RunReport, Severity, Status
from ..reporters.json import report_json
from .records import ScannedDocument
from .scanner import ScanResult

FIXED_COLUMNS = ("path", "sha256", "format", "pages", "error", "score", "duplicates",
                 "met", "partial", "missing", "conflict", "manual", "not_applicable")
COUNTED = (Status.MET, Status.PARTIAL, Status.MISSING, Status.CONFLICT, Status.MANUAL,
           Status.NOT_APPLICABLE)


def percent_cell(score: float | None) -> str:
    """A score in percent with one decimal, as the console and HTML show it (0-100)."""
    return "" if score is None else f"{score * 100:.1f}"


# What `scan --format` can print on stdout instead of the console summary.
STDOUT_FORMATS = ("console", "json", "csv")


def run_report(result: ScanResult, fail_on: Severity | None = Severity.ERROR) -> RunReport:
    rulebook = result.rulebook
    # fail_on=error fills summary.failed the way check counts it; a scan fails only when
    # asked to (--fail-on), see ``failing_documents``.
    return RunReport(tool_version=__version__, rulebook_name=rulebook.name,
                     rulebook_version=rulebook.version, checklist=result.checklist,
                     documents=tuple(d.report for d in result.documents),
                     fail_on=fail_on)


def failing_documents(result: ScanResult, fail_on: str) -> int:
    """How many documents have a gap at or above ``fail_on`` (``never``: none)."""
    if fail_on == "never":
        return 0
    return run_report(result, Severity(fail_on)).failed


def stdout_text(result: ScanResult, output_format: str) -> str:
    """The scan in a machine format, for ``--format json|csv``."""
    return json_report(result) if output_format == "json" else csv_text(result)


def json_report(result: ScanResult) -> str:
    data: dict[str, Any] = report_json(run_report(result))
    for entry, doc in zip(data["documents"], result.documents, strict=True):
        entry["paths"] = list(doc.paths)
    data["scan"] = {
        "skipped": [{"path": s.path, "reason": s.reason} for s in result.skipped],
        "not_scanned": list(result.not_scanned),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def csv_columns(result: ScanResult) -> list[str]:
    """Fixed columns, then one per rubric step, then one per rule in rulebook order."""
    steps = sorted({r.step for r in result.rulebook.rules})
    return [*FIXED_COLUMNS, *(f"step_{s}" for s in steps),
            *(r.id for r in result.rulebook.rules)]


def csv_row(doc: ScannedDocument) -> dict[str, str]:
    report = doc.report
    row = {
        "path": report.path, "sha256": report.sha256 or "", "format": report.format or "",
        "pages": "" if report.pages is None else str(report.pages),
        "error": report.error.code if report.error else "",
        "score": percent_cell(report.score),
        "duplicates": ";".join(doc.paths[1:]),
    }
    if report.error is None:
        for status in COUNTED:  # met counts attested too, as the step summaries do
            row[status.value] = str(sum(1 for f in report.findings if f.status == status
                                        or (status == Status.MET
                                            and f.status == Status.ATTESTED)))
    for step in report.steps:
        row[f"step_{step.step}"] = percent_cell(step.score)
    for finding in report.findings:
        row[finding.rule] = finding.status.value
    return row


def csv_text(result: ScanResult) -> str:
    out = io.StringIO()
    # restval fills rules a document has no finding for (unreadable documents).
    writer = csv.DictWriter(out, fieldnames=csv_columns(result), restval="",
                            extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for doc in result.documents:
        writer.writerow(csv_row(doc))
    return out.getvalue()
