"""One scanned document as a value, and its JSON line.

A ``ScannedDocument`` is a ``DocumentReport`` plus what a corpus scan adds: every path
the same bytes were found at and whether the result came from the cache or a previous
run. Its JSON is exactly check's ``documents[]`` entry (``reporters.json.document_json``)
with additive fields, so the JSONL stream, the cache and ``--resume`` share one format,
and ``document_from_json`` turns any of them back into a report.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..documents.model import Location
from ..findings import (
    Attestation,
    DocumentError,
    DocumentReport,
    Evidence,
    Finding,
    Severity,
    Status,
    Waiver,
)
from ..reporters.json import document_json

# Errors that say nothing about the file itself: never cached, and retried by --resume.
TRANSIENT_ERRORS = frozenset({"worker_crashed", "internal_error"})


@dataclass(frozen=True)
class ScannedDocument:
    report: DocumentReport
    paths: tuple[str, ...]  # every path with these bytes; report.path is the first
    cached: bool = False  # the result came from the result cache
    resumed: bool = False  # the result came from the --resume file

    @property
    def sha256(self) -> str | None:
        return self.report.sha256

    @property
    def transient(self) -> bool:
        error = self.report.error
        return error is not None and error.code in TRANSIENT_ERRORS


def scanned_json(doc: ScannedDocument, *, with_cached: bool = True) -> dict[str, Any]:
    """The ``documents[]`` entry plus ``paths`` (and ``cached``, which varies by run)."""
    entry = document_json(doc.report)
    entry["paths"] = list(doc.paths)
    if with_cached:
        entry["cached"] = doc.cached
    return entry


def _location(raw: dict[str, Any]) -> Location:
    return Location(page=raw.get("page"), line=raw.get("line"),
                    paragraph=raw.get("paragraph"), section=raw.get("section"))


def _finding(raw: dict[str, Any], path: str) -> Finding:
    waiver = raw.get("waiver")
    attestation = raw.get("attestation")
    return Finding(
        rule=raw["rule"], title=raw.get("title", raw["rule"]), step=int(raw["step"]),
        checklist=raw["checklist"], kind=raw["kind"], severity=Severity(raw["severity"]),
        status=Status(raw["status"]), message=raw.get("message", ""),
        remediation=raw.get("remediation", ""), source=raw.get("source", ""),
        evidence=tuple(Evidence(text=e["text"], location=_location(e.get("location") or {}),
                                polarity=e.get("polarity"), note=e.get("note"))
                       for e in raw.get("evidence") or ()),
        covered=tuple(raw.get("covered") or ()),
        missing_elements=tuple(raw.get("missing_elements") or ()),
        reason=raw.get("reason", ""), measured=raw.get("measured"),
        waiver=None if waiver is None else Waiver(rule=raw["rule"], path=path, **waiver),
        attestation=None if attestation is None else Attestation(rule=raw["rule"],
                                                                 **attestation))


def document_from_json(raw: dict[str, Any], step_titles: dict[int, str]) -> ScannedDocument:
    """The inverse of ``scanned_json``; raises KeyError/ValueError/TypeError on a bad row."""
    path = str(raw["path"])
    error = raw.get("error")
    report = DocumentReport(
        path=path, sha256=raw.get("sha256"), format=raw.get("format"), pages=raw.get("pages"),
        findings=tuple(_finding(f, path) for f in raw.get("findings") or ()),
        error=None if error is None else DocumentError(code=error["code"],
                                                       message=error["message"]),
        step_titles=step_titles)
    return ScannedDocument(report=report, paths=tuple(raw.get("paths") or (path,)),
                           cached=bool(raw.get("cached", False)))


def at_paths(doc: ScannedDocument, paths: tuple[str, ...], **flags: bool) -> ScannedDocument:
    """The same result shown at this scan's paths (a cached or resumed row keeps the
    paths of the run that wrote it, which may differ)."""
    return replace(doc, report=replace(doc.report, path=paths[0]), paths=paths, **flags)
