"""Say so when evidence was read by OCR, and never let a low-confidence scan claim ``met``
silently: each OCR'd evidence gets a note with its confidence (reports carry notes in
every format; JSON as ``evidence[].note``), and a rule met only on low-confidence text
says so in its reason."""

from __future__ import annotations

from dataclasses import replace

from ..documents.ocr import LOW_CONFIDENCE
from ..findings import DocumentReport, Evidence, Finding, Status

LOW_NOTE = "low: check this sentence against the scan"


def ocr_note(evidence: Evidence) -> Evidence:
    confidence = evidence.location.ocr_confidence
    if confidence is None:
        return evidence
    said = f"read by OCR, confidence {confidence:.0f}%"
    if confidence < LOW_CONFIDENCE:
        said += f" ({LOW_NOTE})"
    return replace(evidence, note=f"{evidence.note}; {said}" if evidence.note else said)


def _low(evidence: Evidence) -> bool:
    confidence = evidence.location.ocr_confidence
    return confidence is not None and confidence < LOW_CONFIDENCE


def note_finding(finding: Finding) -> Finding:
    if not any(e.location.ocr_confidence is not None for e in finding.evidence):
        return finding
    reason = finding.reason
    if finding.status == Status.MET and all(_low(e) for e in finding.evidence):
        reason = ("met on OCR text of low confidence; confirm it against the scan. "
                  + reason)
    return replace(finding, evidence=tuple(ocr_note(e) for e in finding.evidence),
                   reason=reason)


def note_report(report: DocumentReport) -> DocumentReport:
    if report.error:
        return report
    return replace(report, findings=tuple(note_finding(f) for f in report.findings))
