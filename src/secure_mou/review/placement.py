"""Where in the agreement each finding's comment goes, and what it says.

A finding with evidence is commented on the evidence sentence (the item, for evidence
quoted as "lead-in … item"); a gap without evidence on the heading of the section where
its language belongs (the heading sharing most content words with the rule), or on the
title when no heading is close. The summary comment goes on the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..documents.model import Block, BlockKind, Document
from ..findings import DocumentReport, Evidence, Finding, Severity, Status
from .word_comments import CommentText

COMMENTED = (Status.CONFLICT, Status.MISSING, Status.PARTIAL, Status.MET)
_WORD = re.compile(r"[a-z]{4,}")
# Words every rule and half the headings share; they say nothing about where a gap goes.
_GENERIC = frozenset({
    "school", "schools", "agreement", "officer", "officers", "police", "district",
    "districts", "student", "students", "shall", "should", "must", "with", "that",
    "this", "their", "from", "which", "what", "have", "will", "been", "when", "each",
    "other", "them", "they", "there", "where", "into", "under", "between", "about",
    "also", "more", "such", "than", "resource", "sro", "sros", "law", "enforcement",
    "agency", "agencies", "memorandum", "understanding", "parties", "party", "mou",
    "staff", "personnel", "rubric", "secure", "local", "clearly", "include", "includes",
    "including", "provide", "provides", "describe", "describes",
})


@dataclass(frozen=True)
class Placement:
    """One comment: on ``quote`` in block ``block`` (None: the whole block)."""

    block: int
    quote: str | None
    text: CommentText


def title_block(document: Document) -> int:
    """The agreement's title: its first heading if it opens the document, else block 0."""
    for index, block in enumerate(document.blocks[:5]):
        if block.kind == BlockKind.HEADING:
            return index
    return 0


def evidence_quote(evidence: Evidence) -> str:
    """The part of the evidence that stands in its block: the item of "lead-in … item"."""
    pieces = [p.strip() for p in evidence.text.split("…") if p.strip()]
    return pieces[-1] if pieces else evidence.text


def evidence_block(document: Document, evidence: Evidence) -> int | None:
    quote = " ".join(evidence_quote(evidence).split())
    located = [i for i, b in enumerate(document.blocks) if b.location == evidence.location]
    for index in located:
        if quote in document.blocks[index].text:
            return index
    return located[0] if located else None


def _words(text: str) -> set[str]:
    # crude plural folding ("searches" ~ "search"), enough to match a heading's words
    return {w.rstrip("s") for w in _WORD.findall(text.lower()) if w not in _GENERIC}


def gap_block(document: Document, finding: Finding) -> int:
    wanted = _words(f"{finding.title} {finding.message}")
    best, best_score = title_block(document), 0
    for index, block in enumerate(document.blocks):
        if block.kind != BlockKind.HEADING:
            continue
        score = len(wanted & _words(block.text))
        if score > best_score:
            best, best_score = index, score
    return best


def selected(finding: Finding, only: Severity | None) -> bool:
    if finding.status not in COMMENTED:
        return False
    if finding.kind == "flag" and finding.status == Status.MET:
        return False  # a red flag that did not fire has nothing in the text to point at
    return only is None or finding.severity.rank >= only.rank


def plan(document: Document, report: DocumentReport, only: Severity | None,
         tool: str) -> list[Placement]:
    """The summary on the title, then one comment per selected finding."""
    placements = [Placement(title_block(document), None, summary_text(report, tool))]
    for finding in report.findings:
        if not selected(finding, only):
            continue
        for evidence in finding.evidence:
            index = evidence_block(document, evidence)
            if index is not None:
                placements.append(Placement(index, evidence_quote(evidence),
                                            finding_text(finding, document.blocks)))
                break
        else:
            placements.append(Placement(gap_block(document, finding), None,
                                        finding_text(finding, document.blocks)))
    return placements


def finding_text(finding: Finding, blocks: tuple[Block, ...] = ()) -> CommentText:
    lines: list[tuple[str, bool]] = [
        (f"{finding.status.value.upper()}: {finding.title}", True),
        (f"The rubric asks: {finding.message}", False)]
    if finding.reason:
        lines.append((f"Why: {finding.reason}", False))
    if finding.evidence and finding.evidence[0].note:  # recital, exception, OCR confidence
        lines.append((f"Note: {finding.evidence[0].note}", False))
    others = [e for e in finding.evidence[1:]]
    for evidence in others:
        lines.append((f"Also: \"{evidence.text}\" ({evidence.location.describe()})", False))
    if finding.missing_elements:
        lines.append((f"Not covered: {', '.join(finding.missing_elements)}", False))
    if finding.remediation and finding.status != Status.MET:
        lines.append((f"Model language: {finding.remediation}", False))
    lines.append((f"{finding.rule} ({finding.severity.value}); source: {finding.source}", False))
    return CommentText(tuple(lines))


def summary_text(report: DocumentReport, tool: str) -> CommentText:
    count = {status: sum(1 for f in report.findings if f.status == status)
             for status in Status}
    score = "n/a" if report.score is None else f"{report.score:.0%}"
    lines: list[tuple[str, bool]] = [
        (f"SECURE rubric review: score {score}", True),
        (f"{count[Status.MET] + count[Status.ATTESTED]} met, {count[Status.PARTIAL]} partial, "
         f"{count[Status.MISSING]} missing, {count[Status.CONFLICT]} conflict (red flags), "
         f"{count[Status.MANUAL]} to confirm by hand"
         + (f", {count[Status.WAIVED]} waived" if count[Status.WAIVED] else "") + ".", False)]
    for step in report.steps:
        shown = "n/a" if step.score is None else f"{step.score:.0%}"
        lines.append((f"Step {step.step} ({step.title}): {shown}", False))
    lines.append((f"Each comment in the margin is one rule of the rubric. {tool}", False))
    return CommentText(tuple(lines))
