import json

import jsonschema
import pytest

from secure_mou.findings import Status
from secure_mou.reporters import ReportOptions, render
from secure_mou.reporters.json import report_schema
from tests.reporters.sample_runs import mixed_run


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def emitted() -> dict:
    return json.loads(render("json", mixed_run(), ReportOptions()))


def test_report_validates_against_the_published_schema(validator) -> None:
    errors = [e.message for e in validator.iter_errors(emitted())]
    assert errors == []


def test_schema_rejects_an_unknown_status_and_findings_on_an_unreadable_document(
        validator) -> None:
    data = emitted()
    data["documents"][0]["findings"][0]["status"] = "passed"
    assert not validator.is_valid(data)
    data = emitted()
    data["documents"][2]["findings"] = data["documents"][0]["findings"]
    assert not validator.is_valid(data)


def test_two_renders_are_byte_identical() -> None:
    first = render("json", mixed_run(), ReportOptions()).encode()
    assert first == render("json", mixed_run(), ReportOptions()).encode()


def test_layout_follows_the_spec() -> None:
    text = render("json", mixed_run(), ReportOptions())
    assert text.endswith("}\n")
    assert '\n  "tool": {' in text  # indent 2
    assert "SRO’s" in text  # ensure_ascii=False
    data = json.loads(text)
    assert list(data) == ["tool", "rulebook", "documents", "summary"]
    assert list(data["documents"][0])[:8] == [
        "path", "sha256", "format", "pages", "error", "score", "steps", "findings"]
    assert list(data["documents"][0]["findings"][0])[:11] == [
        "rule", "step", "checklist", "kind", "severity", "status", "message", "covered",
        "missing_elements", "evidence", "remediation"]
    assert list(data["documents"][0]["findings"][1]["evidence"][0]["location"]) == [
        "page", "paragraph", "line", "section"]


def test_values_carry_every_status_score_and_summary() -> None:
    data = emitted()
    riverbend, harbor, locked = data["documents"]
    assert {f["status"] for f in riverbend["findings"]} == {s.value for s in Status}
    assert riverbend["score"] == pytest.approx(0.5556, abs=1e-4)
    assert riverbend["steps"][0] == {
        "step": 1, "title": "Create sustainable partnerships and formalize MOUs",
        "met": 3, "partial": 2, "missing": 0, "conflict": 2, "manual": 1, "score": 0.5714}
    coverage = next(f for f in riverbend["findings"] if f["rule"] == "SECURE-1.8")
    assert coverage["covered"] == ["school administrators", "law enforcement"]
    assert coverage["missing_elements"] == ["students", "parents/families"]
    waived = next(f for f in riverbend["findings"] if f["status"] == "waived")
    assert waived["waiver"]["reason"] == "FERPA addendum signed separately"
    assert harbor["findings"][2]["evidence"][0]["location"]["line"] == 12
    assert locked["error"] == {"code": "encrypted",
                               "message": "the PDF is password-protected & <locked>"}
    assert locked["findings"] == [] and locked["score"] is None
    assert data["summary"] == {"documents": 3, "errors": 1, "failed": 2, "fail_on": "error"}
