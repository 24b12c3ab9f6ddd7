"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run; one rule per rubric rule seen; one result per gap or conflict, plus a
suppressed result per waived finding so a viewer shows the waiver rather than nothing.
An MOU has no source lines for DOCX, so the region falls back to line 1 and the page,
paragraph and section go into property bags, where code scanning shows them.
Unreadable documents become tool execution notifications, not results: they are a
failure to check, not a finding about the agreement.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from ..documents.model import Location
from ..findings import DocumentError, DocumentReport, Finding, RunReport, Severity, Status
from .base import ReportOptions, reported, trim_quote, waived

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                "sarif-schema-2.1.0.json")
# Where the SECURE rubric and its resources are published; replace with the project's
# homepage once it has one.
INFORMATION_URI = "https://cops.usdoj.gov/supportingsafeschools"
FINGERPRINT_KEY = "secureMouRulePath/v1"

LEVEL: dict[Severity, str] = {
    Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A document path as a SARIF URI: relative paths keep forward slashes, absolute
    ones become ``file://`` URIs (a viewer cannot resolve a bare absolute path)."""
    windows = PureWindowsPath(path)
    if windows.drive:
        return windows.as_uri()
    posix = PurePosixPath(path.replace("\\", "/"))
    if posix.is_absolute():
        return posix.as_uri()
    return quote(posix.as_posix(), safe="/")


def fingerprint(rule: str, path: str) -> str:
    # Rule id + path only: evidence text and line move with every edit of the MOU, and a
    # rule/document pair is already unique within a run.
    return hashlib.sha256(f"{rule}\0{path}".encode()).hexdigest()


def rule_name(title: str) -> str:
    """SARIF ``name`` is an identifier-like form of the title, e.g. ``SroRoleDefined``."""
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", title))


def rule_descriptor(finding: Finding) -> dict[str, Any]:
    source = f"Source: {finding.source}" if finding.source else ""
    return {
        "id": finding.rule,
        "name": rule_name(finding.title) or finding.rule,
        "shortDescription": {"text": finding.title or finding.rule},
        "fullDescription": {"text": finding.message or finding.title or finding.rule},
        "help": {
            "text": "\n\n".join(p for p in (finding.remediation, source) if p) or finding.rule,
            "markdown": "\n\n".join(p for p in (
                f"**Remediation**\n\n{finding.remediation}" if finding.remediation else "",
                f"**Source:** {finding.source}" if finding.source else "") if p)
            or finding.rule,
        },
        "defaultConfiguration": {"level": LEVEL[finding.severity]},
        "properties": {"step": finding.step, "checklist": finding.checklist,
                       "kind": finding.kind,
                       "tags": ["secure-mou", f"step-{finding.step}", finding.checklist]},
    }


def where(location: Location) -> dict[str, Any]:
    return {k: v for k, v in (("page", location.page), ("paragraph", location.paragraph),
                              ("line", location.line), ("section", location.section))
            if v is not None}


def result_message(finding: Finding) -> str:
    text = f"{finding.status.value}: {finding.message}"
    if finding.missing_elements:
        text += f" Missing: {', '.join(finding.missing_elements)}."
    if finding.evidence:
        first = finding.evidence[0]
        text += f' Evidence ({first.location.describe()}): "{trim_quote(first.text)}"'
    if finding.status == Status.WAIVED and finding.waiver:
        text += f" Waived: {finding.waiver.reason}"
    return text


def result(finding: Finding, doc: DocumentReport, rule_index: int,
           artifact_index: int) -> dict[str, Any]:
    location = finding.evidence[0].location if finding.evidence else Location()
    physical = {
        "artifactLocation": {"uri": artifact_uri(doc.path), "index": artifact_index},
        # Line numbers exist for PDF and text; a DOCX has none, and GitHub needs a line.
        "region": {"startLine": max(location.line or 1, 1)},
    }
    sarif_location: dict[str, Any] = {"physicalLocation": physical}
    if where(location):
        sarif_location["message"] = {"text": location.describe()}
        sarif_location["properties"] = where(location)
    out: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": result_message(finding)},
        "locations": [sarif_location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding.rule, doc.path)},
        "properties": {"status": finding.status.value, "step": finding.step,
                       "checklist": finding.checklist, **where(location),
                       "covered": list(finding.covered),
                       "missingElements": list(finding.missing_elements)},
    }
    if finding.status == Status.WAIVED:
        w = finding.waiver
        suppression: dict[str, Any] = {
            "kind": "external", "justification": w.reason if w else finding.reason}
        if w:
            suppression["properties"] = {"owner": w.owner, "expires": w.expires}
        out["suppressions"] = [suppression]
    return out


def notification(path: str, error: DocumentError, artifact_index: int) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {"text": f"error[{error.code}]: {error.message}"},
        "descriptor": {"id": error.code},
        "locations": [{"physicalLocation": {"artifactLocation": {
            "uri": artifact_uri(path), "index": artifact_index}}}],
        "properties": {"code": error.code},
    }


def artifact(doc: DocumentReport) -> dict[str, Any]:
    out: dict[str, Any] = {"location": {"uri": artifact_uri(doc.path)}}
    if doc.sha256:
        out["hashes"] = {"sha-256": doc.sha256}
    if doc.format:
        out["properties"] = {"format": doc.format, "pages": doc.pages}
    return out


def sarif_log(report: RunReport) -> dict[str, Any]:
    """The SARIF log as JSON-ready values."""
    rules: dict[str, int] = {}
    descriptors: list[dict[str, Any]] = []
    for doc in report.documents:
        for finding in doc.findings:
            if finding.rule not in rules:
                rules[finding.rule] = len(descriptors)
                descriptors.append(rule_descriptor(finding))
    results = [result(f, doc, rules[f.rule], i)
               for i, doc in enumerate(report.documents) if not doc.error
               for f in reported(doc) + waived(doc)]
    notifications = [notification(doc.path, doc.error, i)
                     for i, doc in enumerate(report.documents) if doc.error]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "secure-mou", "version": report.tool_version,
                "semanticVersion": report.tool_version, "informationUri": INFORMATION_URI,
                "rules": descriptors,
                "properties": {"rulebook": report.rulebook_name,
                               "rulebookVersion": report.rulebook_version,
                               "checklist": report.checklist},
            }},
            "invocations": [{"executionSuccessful": not notifications,
                             "toolExecutionNotifications": notifications}],
            "artifacts": [artifact(doc) for doc in report.documents],
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }


class SarifReporter:
    name = "sarif"

    def render(self, report: RunReport, options: ReportOptions) -> str:
        return json.dumps(sarif_log(report), ensure_ascii=False, indent=2) + "\n"
