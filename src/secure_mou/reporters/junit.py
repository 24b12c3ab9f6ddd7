"""``--format junit``: JUnit XML, so any CI test dashboard can show an MOU check.

One testsuite per document and one testcase per rule. A gap fails its testcase only
at or above the run's ``fail_on`` threshold, so the dashboard agrees with the exit code;
gaps below it pass with the gap in ``system-out``. Rules nobody can decide from the text
(manual), that a user waived, or that lie outside the checklist are ``skipped`` with the
reason. An unreadable document is one testcase with an ``error`` element.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..findings import DocumentReport, Finding, RunReport, Status
from .base import ReportOptions, attestation_line, percent, trim_quote, waiver_line

# XML 1.0 forbids most control characters; PDF text layers do contain them (form feeds,
# stray NULs), and ElementTree would write them out and produce an unparsable file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

SKIPPED = (Status.MANUAL, Status.WAIVED, Status.NOT_APPLICABLE)


def xml_text(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def gap_text(finding: Finding) -> str:
    """The body of a failure: evidence, missing elements and the remediation."""
    lines = [f"{finding.status.value}: {finding.message}"]
    if finding.missing_elements:
        lines.append(f"missing: {', '.join(finding.missing_elements)}")
    lines += [f'evidence ({e.location.describe()}): "{trim_quote(e.text)}"'
              for e in finding.evidence]
    if finding.remediation:
        lines.append(f"remediation: {finding.remediation}")
    if finding.source:
        lines.append(f"source: {finding.source}")
    return "\n".join(lines)


def skip_reason(finding: Finding) -> str:
    if finding.status == Status.WAIVED:
        return f"waived: {waiver_line(finding)}"
    if finding.status == Status.MANUAL:
        return f"confirm manually: {finding.message}"
    return f"not applicable: {finding.reason or 'outside the selected checklist'}"


def testcase(parent: ET.Element, doc: DocumentReport, finding: Finding,
             fails: bool) -> None:
    case = ET.SubElement(parent, "testcase", classname=xml_text(doc.path),
                         name=xml_text(f"{finding.rule} {finding.title}".strip()))
    if finding.status in SKIPPED:
        ET.SubElement(case, "skipped", message=xml_text(skip_reason(finding)))
    elif finding.status.is_gap:
        body = xml_text(gap_text(finding))
        if fails:
            failure = ET.SubElement(case, "failure", type=finding.status.value,
                                    message=xml_text(f"{finding.status.value}: "
                                                     f"{finding.message}"))
            failure.text = body
        else:
            ET.SubElement(case, "system-out").text = body
    elif finding.status == Status.ATTESTED:
        ET.SubElement(case, "system-out").text = xml_text(attestation_line(finding))


def testsuite(parent: ET.Element, doc: DocumentReport, report: RunReport) -> None:
    suite = ET.SubElement(parent, "testsuite", name=xml_text(doc.path))
    props = ET.SubElement(suite, "properties")
    for key, value in (("format", doc.format), ("pages", doc.pages), ("sha256", doc.sha256),
                       ("score", None if doc.error else percent(doc.score))):
        if value is not None:
            ET.SubElement(props, "property", name=key, value=xml_text(str(value)))
    if doc.error:
        case = ET.SubElement(suite, "testcase", classname=xml_text(doc.path),
                             name="read document")
        ET.SubElement(case, "error", type=doc.error.code,
                      message=xml_text(f"error[{doc.error.code}]: {doc.error.message}"))
        counts = {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}
    else:
        failing = set(doc.failing(report.fail_on))
        for finding in doc.findings:
            testcase(suite, doc, finding, finding in failing)
        counts = {"tests": len(doc.findings), "failures": len(failing), "errors": 0,
                  "skipped": sum(1 for f in doc.findings if f.status in SKIPPED)}
    for key, number in counts.items():
        suite.set(key, str(number))


def junit_tree(report: RunReport) -> ET.Element:
    root = ET.Element("testsuites", name="secure-mou")
    for doc in report.documents:
        testsuite(root, doc, report)
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in root)))
    return root


class JunitReporter:
    name = "junit"

    def render(self, report: RunReport, options: ReportOptions) -> str:
        root = junit_tree(report)
        ET.indent(root)
        body = ET.tostring(root, encoding="unicode")
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
