"""Plain words for what the findings hold: statuses, element keys, metrics, locations,
and the order a reader should fix things in.

Rule files name coverage elements as keys (``parents_families``) and the engine records
a readability figure as a bare number; a school-board member should read neither. Every
human-facing format (console, markdown, html, github) takes its wording from here so
they say the same thing the same way. Machine formats (json, sarif, junit) keep the keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..documents.model import Location
from ..findings import DocumentReport, Finding, RunReport, Severity, Status

# Keys whose words alone would mislead once the underscores are gone.
ELEMENT_LABELS: dict[str, str] = {
    "parents_families": "parents and families",
    "citations_tickets": "citations or tickets",
    "misconduct_leading_to_police_action": "misconduct that led to police action",
    "law_enforcement": "law enforcement",
    "developmentally_appropriate_trauma_informed":
        "developmentally appropriate, trauma-informed practice",
    "law_related_teaching_and_mentoring": "law-related teaching and mentoring",
    "english_learner_status": "English-learner status",
}

STATUS_LABELS: dict[Status, str] = {
    Status.MET: "met", Status.PARTIAL: "partly met", Status.MISSING: "missing",
    Status.CONFLICT: "conflict", Status.MANUAL: "to confirm", Status.ATTESTED: "attested",
    Status.WAIVED: "waived", Status.NOT_APPLICABLE: "not applicable"}

# What to fix first: conflicts (red flags before the requirements they contradict), then
# the other gaps by severity, what is absent before what is only half there.
_URGENCY: dict[Status, int] = {Status.CONFLICT: 0, Status.MISSING: 1, Status.PARTIAL: 2}
_CONTRADICTED = re.compile(r"^contradicted by (\S+?);")
# A clause number printed at the head of a quote: "3.2", "(a)", "Section 4", "IV." ...
_CLAUSE = re.compile(
    r"^(?:(?:section|article|§)\s*)?(\d+(?:\.\d+)*[a-z]?\.?|\([a-z0-9]{1,4}\)|[IVX]+\.)\s",
    re.IGNORECASE)


def element_label(key: str) -> str:
    return ELEMENT_LABELS.get(key, key.replace("_", " "))


def elements(keys: Iterable[str]) -> str:
    return ", ".join(element_label(k) for k in keys) or "none"


def status_label(finding: Finding) -> str:
    """``red flag`` for a flag that fired, ``not found`` for one that did not: a flag
    that is "met" means the agreement does *not* contain what it looks for."""
    if finding.kind == "flag":
        if finding.status == Status.CONFLICT:
            return "red flag"
        if finding.status == Status.MET:
            return "not found"
    return STATUS_LABELS[finding.status]


def measured_line(finding: Finding) -> str | None:
    """``reading grade level 15.6 (at most 12)`` for the readability metric."""
    if finding.measured is None:
        return None
    ceiling = re.search(r"ceiling (\d+(?:\.\d+)?)", finding.reason)
    if "grade" in finding.reason.lower() or finding.rule.endswith("1.6"):
        tail = f" (the rubric asks for {ceiling.group(1)} or lower)" if ceiling else ""
        return f"reading grade level {finding.measured:g}{tail}"
    return f"measured value {finding.measured:g}"


def clause_number(text: str) -> str | None:
    """The clause number the agreement prints at the head of a quote, if any.

    Quotes of list items carry their lead-in (``… the SRO shall: … (a) assist``); the
    number that names the item is the one after the last lead-in marker.
    """
    tail = text.rsplit("… ", 1)[-1].strip() if text.startswith("…") else text.strip()
    found = _CLAUSE.match(tail)
    return found.group(1).rstrip(".") if found else None


def place(location: Location, text: str = "", heading_limit: int | None = None) -> str:
    """Where a person finds a quote: page, clause number and heading, never an internal
    paragraph count unless nothing else is known."""
    parts = []
    if location.page is not None:
        parts.append(f"p. {location.page}")
    if location.line is not None and location.page is None:
        parts.append(f"line {location.line}")
    clause = clause_number(text)
    if clause:
        parts.append(f"§ {clause}" if clause[0].isdigit() else clause)
    heading = location.section.split(" > ")[-1] if location.section else None
    if heading and heading_limit and len(heading) > heading_limit:
        heading = heading[: heading_limit - 1].rstrip(" .,") + "…"
    if heading:
        parts.append(heading)
    if not parts and location.paragraph is not None:
        parts.append(f"paragraph {location.paragraph}")
    return ", ".join(parts) or "location not recorded"


def contradicted_by(finding: Finding) -> str | None:
    """The red flag that turned this requirement into a conflict, if one did."""
    if finding.status != Status.CONFLICT or finding.kind == "flag":
        return None
    found = _CONTRADICTED.match(finding.reason)
    return found.group(1) if found else None


def contradicts(doc: DocumentReport) -> dict[str, Finding]:
    """Fired red flag id -> the requirement it contradicts (so each is shown once)."""
    by_id = {f.rule: f for f in doc.findings}
    out = {}
    for finding in doc.findings:
        flag = contradicted_by(finding)
        if flag and flag in by_id:
            out[flag] = finding
    return out


def to_fix(doc: DocumentReport) -> list[Finding]:
    """The gaps in the order to fix them, a requirement already named by its red flag
    left out; gaps the baseline already holds come last."""
    folded = {f.rule for f in contradicts(doc).values()}
    gaps = [f for f in doc.findings if f.status.is_gap and f.rule not in folded]
    return sorted(gaps, key=lambda f: (f.baselined, f.status != Status.CONFLICT,
                                       -f.severity.rank, _URGENCY[f.status],
                                       f.kind != "flag"))


def counts_line(doc: DocumentReport) -> str:
    """``3 met · 10 partly met · 22 missing · 7 conflict · 6 to confirm`` (zeros left out)."""
    order = (Status.MET, Status.ATTESTED, Status.PARTIAL, Status.MISSING, Status.CONFLICT,
             Status.MANUAL, Status.WAIVED)
    counts = {s: sum(1 for f in doc.findings if f.status == s) for s in order}
    return " · ".join(f"{n} {STATUS_LABELS[s]}" for s, n in counts.items() if n) or \
        "no findings"


FAIL_WORDS: dict[Severity, tuple[str, str]] = {
    Severity.ERROR: ("serious gap", "serious gaps"),
    Severity.WARNING: ("gap rated warning or error", "gaps rated warning or error"),
    Severity.INFO: ("gap", "gaps")}


def verdict_line(doc: DocumentReport, report: RunReport) -> str:
    """``Fails: 15 serious gaps to fix before it passes`` or ``Passes: no serious gaps``."""
    if report.fail_on is None:
        return "Not gated (--fail-on never)"
    one, many = FAIL_WORDS[report.fail_on]
    failing = len(doc.failing(report.fail_on))
    known = sum(1 for f in doc.findings if f.baselined)
    tail = f" ({known} known gap(s) in the baseline do not count)" if known else ""
    if failing:
        return (f"Fails: {failing} {one if failing == 1 else many} to fix before it "
                f"passes{tail}")
    return f"Passes: no {many}{' new or worse than the baseline' if known else ''}{tail}"
