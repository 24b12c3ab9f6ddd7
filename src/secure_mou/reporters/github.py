"""``--format github``: GitHub Actions workflow commands that annotate the pull request.

One ``::error``/``::warning``/``::notice`` line per gap or conflict, by severity, and an
``::error`` per unreadable document. Waived, manual and met rules say nothing here: an
annotation is a request to act. The line is given only when the evidence has one (PDF,
text); a DOCX annotation attaches to the file as a whole.
"""

from __future__ import annotations

from ..findings import DocumentReport, Finding, RunReport, Severity
from .base import ReportOptions, reported, trim_quote

COMMAND: dict[Severity, str] = {
    Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The message part: %, CR and LF would otherwise end or corrupt the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: also ``:`` and ``,``, which separate the properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties: str | int | None) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}"
                     for key, value in properties.items() if value is not None)
    return f"::{kind} {props}::{escape_data(message)}" if props else \
        f"::{kind}::{escape_data(message)}"


def annotation(doc: DocumentReport, finding: Finding) -> str:
    lines = [f"{finding.status.value}: {finding.message}"]
    if finding.missing_elements:
        lines.append(f"Missing: {', '.join(finding.missing_elements)}")
    line = None
    if finding.evidence:
        first = finding.evidence[0]
        line = first.location.line
        lines.append(f'Evidence ({first.location.describe()}): "{trim_quote(first.text)}"')
    if finding.remediation:
        lines.append(f"Remediation: {trim_quote(finding.remediation, 600)}")
    title = f"{finding.rule} {finding.title}".strip()
    return command(COMMAND[finding.severity], "\n".join(lines), file=doc.path, line=line,
                   title=title)


def document_commands(doc: DocumentReport) -> list[str]:
    if doc.error:
        return [command("error", doc.error.message, file=doc.path,
                        title=f"error[{doc.error.code}]")]
    return [annotation(doc, f) for f in reported(doc)]


class GithubReporter:
    name = "github"

    def render(self, report: RunReport, options: ReportOptions) -> str:
        lines = [line for doc in report.documents for line in document_commands(doc)]
        return "".join(f"{line}\n" for line in lines)
