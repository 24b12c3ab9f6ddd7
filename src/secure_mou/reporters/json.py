"""``--format json``: the public machine-readable report (shared/spec/report-json.md).

Keys are written in the spec's order (not sorted) so the output reads like the spec;
the order is fixed by this code, so the same input gives byte-identical text. Fields
beyond the spec (title, source, reason, measured, waiver, attestation, evidence
polarity/note, summary.fail_on) are additive, as the spec allows.

The JSON Schema of this output ships as ``secure_mou/schemas/report.schema.json``.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from ..documents.model import Location
from ..findings import DocumentReport, Evidence, Finding, RunReport
from .base import ReportOptions

TOOL_NAME = "secure-mou"
SCHEMA_RESOURCE = ("schemas", "report.schema.json")


def report_schema() -> dict[str, Any]:
    """The published JSON Schema (draft 2020-12) every JSON report validates against."""
    resource = files("secure_mou").joinpath(*SCHEMA_RESOURCE)
    schema: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return schema


def location_json(location: Location) -> dict[str, Any]:
    # The spec's key order (page, paragraph, line, section), not Location.to_json's.
    return {"page": location.page, "paragraph": location.paragraph, "line": location.line,
            "section": location.section}


def evidence_json(evidence: Evidence) -> dict[str, Any]:
    return {"text": evidence.text, "location": location_json(evidence.location),
            "polarity": evidence.polarity, "note": evidence.note}


def finding_json(finding: Finding) -> dict[str, Any]:
    waiver = finding.waiver
    attestation = finding.attestation
    return {
        "rule": finding.rule,
        "step": finding.step,
        "checklist": finding.checklist,
        "kind": finding.kind,
        "severity": finding.severity.value,
        "status": finding.status.value,
        "message": finding.message,
        "covered": list(finding.covered),
        "missing_elements": list(finding.missing_elements),
        "evidence": [evidence_json(e) for e in finding.evidence],
        "remediation": finding.remediation,
        # additive fields
        "title": finding.title,
        "source": finding.source,
        "reason": finding.reason,
        "measured": finding.measured,
        "waiver": None if waiver is None else {
            "reason": waiver.reason, "owner": waiver.owner, "expires": waiver.expires},
        "attestation": None if attestation is None else {
            "statement": attestation.statement, "evidence": attestation.evidence,
            "date": attestation.date, "by": attestation.by},
        "baselined": finding.baselined,
    }


def document_json(doc: DocumentReport) -> dict[str, Any]:
    return {
        "path": doc.path,
        "sha256": doc.sha256,
        "format": doc.format,
        "pages": doc.pages,
        "error": None if doc.error is None else {
            "code": doc.error.code, "message": doc.error.message},
        "score": doc.score,
        "steps": [{"step": s.step, "title": s.title, "met": s.met, "partial": s.partial,
                   "missing": s.missing, "conflict": s.conflict, "manual": s.manual,
                   "score": s.score} for s in doc.steps],
        # The spec promises no findings for an unreadable document, whatever was passed.
        "findings": [] if doc.error else [finding_json(f) for f in doc.findings],
    }


def report_json(report: RunReport) -> dict[str, Any]:
    """The report as plain JSON-ready values, in the spec's key order."""
    return {
        "tool": {"name": TOOL_NAME, "version": report.tool_version},
        "rulebook": {"name": report.rulebook_name, "version": report.rulebook_version,
                     "checklist": report.checklist},
        "documents": [document_json(d) for d in report.documents],
        "summary": {"documents": len(report.documents), "errors": report.errors,
                    "failed": report.failed,
                    "fail_on": None if report.fail_on is None else report.fail_on.value},
    }


class JsonReporter:
    name = "json"

    def render(self, report: RunReport, options: ReportOptions) -> str:
        # ensure_ascii=False keeps quotes from the MOU readable (’, §, —) in the file.
        return json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"
