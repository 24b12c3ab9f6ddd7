"""Baselines: adopt the gate on an agreement with known gaps, then fail only on what
gets worse.

``check --create-baseline FILE`` records every open gap (rule, document, status);
``check --baseline FILE`` marks a gap ``baselined`` when the baseline holds the same
rule for the same document at the same or a worse status, and a baselined gap does not
fail the run. A new gap, or one that got worse (partial -> missing -> conflict), fails
as before. Documents are matched by their path relative to the config's directory,
then by content (sha256), so a renamed file keeps its baseline and an edited one is
still judged against it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError, UsageError
from .findings import DocumentReport, RunReport, Status

FORMAT_VERSION = 1
# How bad a gap is; a status absent here (met, waived, ...) is no gap at all.
GRAVITY: dict[Status, int] = {Status.PARTIAL: 1, Status.MISSING: 2, Status.CONFLICT: 3}


@dataclass(frozen=True)
class BaselineEntry:
    rule: str
    document: str  # path relative to the config's directory, posix
    sha256: str | None
    status: Status


@dataclass(frozen=True)
class Baseline:
    entries: tuple[BaselineEntry, ...]

    def status_of(self, rule: str, document: str, sha256: str | None) -> Status | None:
        """The recorded status of a rule for a document: by path, else by content."""
        by_path = [e for e in self.entries if e.document == document and e.rule == rule]
        if by_path:
            return by_path[0].status
        known = {e.document for e in self.entries}
        if document in known or sha256 is None:
            return None  # the document is in the baseline and this gap is new
        by_content = [e for e in self.entries if e.sha256 == sha256 and e.rule == rule]
        return by_content[0].status if by_content else None


def entries_of(report: RunReport, relative: Any) -> list[BaselineEntry]:
    """The open gaps of a run; ``relative`` maps a shown path to the config's form."""
    out = []
    for doc in report.documents:
        if doc.error:
            continue
        rel = relative(doc.path)
        out += [BaselineEntry(f.rule, rel, doc.sha256, f.status)
                for f in doc.findings if f.status in GRAVITY]
    return sorted(out, key=lambda e: (e.document, e.rule))


def baseline_json(report: RunReport, relative: Any) -> str:
    data = {
        "secure_mou_baseline": FORMAT_VERSION,
        "tool_version": report.tool_version,
        "rulebook": {"name": report.rulebook_name, "version": report.rulebook_version},
        "checklist": report.checklist,
        "findings": [{"rule": e.rule, "document": e.document, "sha256": e.sha256,
                      "status": e.status.value} for e in entries_of(report, relative)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_baseline(path: Path, report: RunReport, relative: Any) -> int:
    """Write the baseline; returns how many gaps it records."""
    text = baseline_json(report, relative)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise UsageError(f"{path}: cannot write the baseline: {err.strerror}") from None
    return len(json.loads(text)["findings"])


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; a missing or malformed one is a configuration error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline not found",
                          hint="create it with --create-baseline FILE") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ConfigError(f"{path}: not a secure-mou baseline ({err})") from None
    if not isinstance(data, dict) or data.get("secure_mou_baseline") != FORMAT_VERSION:
        raise ConfigError(f"{path}: not a secure-mou baseline (format "
                          f"{FORMAT_VERSION} expected)")
    try:
        entries = tuple(BaselineEntry(str(f["rule"]), str(f["document"]), f.get("sha256"),
                                      Status(f["status"])) for f in data["findings"])
    except (KeyError, TypeError, ValueError) as err:
        raise ConfigError(f"{path}: a baseline finding is malformed ({err})") from None
    return Baseline(entries)


def against_baseline(doc: DocumentReport, baseline: Baseline, document: str) -> DocumentReport:
    """The report with each gap no worse than its baseline marked ``baselined``."""
    if doc.error:
        return doc
    findings = []
    for finding in doc.findings:
        if finding.status in GRAVITY:
            before = baseline.status_of(finding.rule, document, doc.sha256)
            if before in GRAVITY and GRAVITY[before] >= GRAVITY[finding.status]:
                finding = replace(finding, baselined=True)
        findings.append(finding)
    return replace(doc, findings=tuple(findings))


def baselined_count(documents: Iterable[DocumentReport]) -> int:
    return sum(1 for d in documents for f in d.findings if f.baselined)
