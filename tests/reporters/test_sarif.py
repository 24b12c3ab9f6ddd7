import json
from pathlib import Path

import jsonschema
import pytest

from secure_mou.reporters import ReportOptions, render
from secure_mou.reporters.sarif import artifact_uri
from tests.reporters.sample_runs import mixed_run

# CI checks out shared/ beside the repository; the schema is not copied into the repo.
SARIF_SCHEMA = (Path(__file__).resolve().parents[2] / ".." / "shared" / "schemas"
                / "sarif-schema-2.1.0.json")


def sarif() -> dict:
    return json.loads(render("sarif", mixed_run(), ReportOptions()))


def test_log_validates_against_the_official_sarif_schema() -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"official SARIF schema not found at {SARIF_SCHEMA}")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    assert [e.message for e in validator.iter_errors(sarif())] == []


def test_one_result_per_gap_and_a_suppressed_result_per_waiver() -> None:
    run = sarif()["runs"][0]
    by_rule = [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
               for r in run["results"]]
    assert len(by_rule) == 8  # 5 gaps + 1 waiver in riverbend, 2 gaps in harbor
    waived = [r for r in run["results"] if "suppressions" in r]
    assert [r["ruleId"] for r in waived] == ["SECURE-2.8"]
    assert waived[0]["suppressions"][0] == {
        "kind": "external", "justification": "FERPA addendum signed separately",
        "properties": {"owner": "district counsel", "expires": "2025-06-30"}}
    assert all(r["ruleId"] != "SECURE-1.1" for r in run["results"])  # met: no result


def test_rules_carry_help_level_and_rubric_properties() -> None:
    rules = {r["id"]: r for r in sarif()["runs"][0]["tool"]["driver"]["rules"]}
    rule = rules["SECURE-1.4"]
    assert rule["shortDescription"]["text"] == "Title of SECURE-1.4"
    assert "Add a clause for SECURE-1.4." in rule["help"]["markdown"]
    assert "SECURE Rubric, Step 1" in rule["help"]["text"]
    assert rule["defaultConfiguration"]["level"] == "warning"
    assert rule["properties"]["checklist"] == "start"
    assert rules["SECURE-2.4"]["defaultConfiguration"]["level"] == "note"


def test_locations_regions_and_fingerprints() -> None:
    results = sarif()["runs"][0]["results"]
    pdf = next(r for r in results if r["ruleId"] == "SECURE-4.4")
    physical = pdf["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "sample_mous/harbor%20county%201998.pdf"
    assert physical["region"] == {"startLine": 12}
    assert pdf["locations"][0]["properties"] == {
        "page": 3, "line": 12, "section": "IV. Referrals"}
    assert "Teachers shall call the officer" in pdf["message"]["text"]
    docx = next(r for r in results if r["ruleId"] == "SECURE-1.3")
    assert docx["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert docx["properties"]["paragraph"] == 41
    prints = [next(iter(r["partialFingerprints"].values())) for r in results]
    assert len(set(prints)) == len(prints)
    assert prints == [next(iter(r["partialFingerprints"].values()))
                      for r in sarif()["runs"][0]["results"]]


def test_unreadable_document_is_an_execution_notification() -> None:
    invocation = sarif()["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "encrypted"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "sample_mous/locked.pdf")


@pytest.mark.parametrize(("path", "uri"), [
    ("mous\\2019\\a.docx", "mous/2019/a.docx"),
    ("./a b.pdf", "a%20b.pdf"),
    ("/srv/mous/a.pdf", "file:///srv/mous/a.pdf"),
    ("C:\\mous\\a.pdf", "file:///C:/mous/a.pdf"),
])
def test_artifact_uri_uses_forward_slashes(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri
