"""Hand-built ``RunReport`` values covering every status and every optional field.

Built by hand, not by the engine, so reporter tests stay fast and do not move when the
rulebook's wording does. The evidence deliberately carries markup (``<script>``, ``|``,
``[brackets]``, ``%``, ``:`` and ``,``) and non-ASCII text, since every format must
escape document text its own way.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from secure_mou.documents.model import Location
from secure_mou.findings import (
    Attestation,
    DocumentError,
    DocumentReport,
    Evidence,
    Finding,
    RunReport,
    Severity,
    Status,
    Waiver,
)

STEP_TITLES = {
    1: "Create sustainable partnerships and formalize MOUs",
    2: "Ensure that MOUs meet constitutional and statutory civil rights requirements",
    4: "Keep your SROs and school personnel well trained",
}
SHA = "0" * 63 + "1"
HOSTILE = "The SRO <script>alert('x')</script> shall | enforce [the] code: 100%, always."


def finding(rule: str, status: Status, step: int = 1, **extra: Any) -> Finding:
    plain = Finding(
        rule=rule, title=f"Title of {rule}", step=step, checklist="start", kind="text",
        severity=Severity.ERROR, status=status, message=f"{rule} is {status.value}.",
        remediation=f"Add a clause for {rule}.",
        source=f"SECURE Rubric, Step {step}, Checklist to Start")
    return replace(plain, **extra)


def mixed_document() -> DocumentReport:
    """A DOCX with every status: paragraph/section locations."""
    in_section = Location(paragraph=41, section="5. Roles and Responsibilities")
    return DocumentReport(
        path="sample_mous/riverbend.docx", sha256=SHA, format="docx", pages=None,
        step_titles=STEP_TITLES,
        findings=(
            finding("SECURE-1.1", Status.MET, evidence=(
                Evidence("Riverbend Unified School District and the Riverbend Police "
                         "Department agree…", Location(paragraph=1, section="Parties")),)),
            finding("SECURE-1.3", Status.CONFLICT,
                    reason="contradicted by SECURE-1.F1; the clause only requires it",
                    evidence=(
                Evidence(HOSTILE, in_section, polarity="requires"),
                Evidence("Discipline is for administrators.", in_section, note="recital"))),
            finding("SECURE-1.4", Status.PARTIAL, severity=Severity.WARNING,
                    evidence=(Evidence("The SRO’s role is defined in Exhibit A. " * 20,
                                       Location(paragraph=12, section="2. Purpose")),)),
            finding("SECURE-1.6", Status.MET, kind="metric", measured=11.4,
                    reason="Flesch-Kincaid grade 11.4 <= 12"),
            finding("SECURE-1.8", Status.PARTIAL, kind="coverage", checklist="improve",
                    severity=Severity.WARNING,
                    covered=("school administrators", "law enforcement"),
                    missing_elements=("students", "parents/families")),
            finding("SECURE-1.F1", Status.CONFLICT, kind="flag",
                    title="Red flag: SRO given a role in school discipline", evidence=(
                Evidence(HOSTILE, in_section, polarity="requires"),)),
            finding("SECURE-1.P1", Status.MANUAL, kind="process"),
            finding("SECURE-1.P2", Status.ATTESTED, kind="process", attestation=Attestation(
                rule="SECURE-1.P2", statement="We reviewed the COPS resources.",
                evidence="minutes 2024-03-01", date="2024-03-01", by="J. Rivera, counsel")),
            finding("SECURE-1.P4", Status.NOT_APPLICABLE, kind="process", checklist="improve",
                    reason="outside the 'start' checklist"),
            finding("SECURE-2.4", Status.MISSING, step=2, kind="coverage",
                    severity=Severity.INFO,
                    missing_elements=("race", "disability", "sexual orientation")),
            finding("SECURE-2.8", Status.WAIVED, step=2, waiver=Waiver(
                rule="SECURE-2.8", path="sample_mous/riverbend.docx",
                reason="FERPA addendum signed separately", owner="district counsel",
                expires="2025-06-30")),
            finding("SECURE-4.4", Status.MET, step=4),
        ),
    )


def pdf_document() -> DocumentReport:
    """A PDF with page/line locations and a gap below the error threshold."""
    return DocumentReport(
        path="sample_mous/harbor county 1998.pdf", sha256=SHA.replace("0", "a"),
        format="pdf", pages=7, step_titles=STEP_TITLES,
        findings=(
            finding("SECURE-1.1", Status.MET),
            finding("SECURE-2.1", Status.MISSING, step=2, severity=Severity.WARNING),
            finding("SECURE-4.4", Status.MISSING, step=4, evidence=(
                Evidence("Teachers shall call the officer for any\ndisruption.",
                         Location(page=3, line=12, section="IV. Referrals")),)),
        ),
    )


def unreadable_document() -> DocumentReport:
    return DocumentReport(
        path="sample_mous/locked.pdf", sha256=None, format="pdf", pages=None,
        error=DocumentError("encrypted", "the PDF is password-protected & <locked>"))


def mixed_run(fail_on: Severity | None = Severity.ERROR) -> RunReport:
    return RunReport(tool_version="0.1.0", rulebook_name="secure", rulebook_version="2016.1",
                     checklist="all", fail_on=fail_on,
                     documents=(mixed_document(), pdf_document(), unreadable_document()))
