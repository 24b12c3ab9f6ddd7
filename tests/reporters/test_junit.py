import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from secure_mou.documents.model import Location
from secure_mou.findings import Evidence, RunReport, Severity, Status
from secure_mou.reporters import ReportOptions, render
from tests.reporters.sample_runs import finding, mixed_run


def parsed(report: RunReport) -> ET.Element:
    return ET.fromstring(render("junit", report, ReportOptions()).encode())


def test_one_suite_per_document_and_one_case_per_rule() -> None:
    root = parsed(mixed_run())
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "sample_mous/riverbend.docx", "sample_mous/harbor county 1998.pdf",
        "sample_mous/locked.pdf"]
    assert [len(s.findall("testcase")) for s in suites] == [12, 3, 1]
    case = suites[0].find("testcase[@name='SECURE-1.3 Title of SECURE-1.3']")
    assert case is not None and case.get("classname") == "sample_mous/riverbend.docx"


def test_failures_follow_fail_on_and_skips_carry_the_reason() -> None:
    root = parsed(mixed_run())
    assert {k: root.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "16", "failures": "3", "errors": "1", "skipped": "3"}
    assert len(root.findall(".//failure")) == 3
    skipped = [e.get("message") for e in root.findall(".//skipped")]
    assert any("FERPA addendum signed separately" in (m or "") for m in skipped)
    assert any((m or "").startswith("confirm manually") for m in skipped)
    error = root.find(".//error")
    assert error is not None and error.get("type") == "encrypted"


@pytest.mark.parametrize(("fail_on", "failures"), [(None, 0), (Severity.WARNING, 6),
                                                   (Severity.INFO, 7)])
def test_threshold_changes_what_fails(fail_on: Severity | None, failures: int) -> None:
    assert len(parsed(mixed_run(fail_on)).findall(".//failure")) == failures


def test_markup_and_control_characters_stay_well_formed() -> None:
    base = mixed_run()
    nasty = finding("SECURE-9.1", Status.MISSING, evidence=(
        Evidence("a\x0cform feed & <b>bold</b> \x00", Location(page=1, line=2)),))
    doc = replace(base.documents[1], findings=(nasty,))
    root = parsed(replace(base, documents=(doc,)))
    failure = root.find(".//failure")
    assert failure is not None and "& <b>bold</b>" in (failure.text or "")
