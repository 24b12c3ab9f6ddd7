"""``--format github``: GitHub Actions workflow commands that annotate the pull request.

One ``::error``/``::warning``/``::notice`` per gap or conflict, by severity, and an
``::error`` per unreadable document. Waived, manual and met rules say nothing here: an
annotation is a request to act.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (and 50
per job) and silently drops the rest (actions/toolkit, docs/problem-matchers.md,
"Limitations"). So the most urgent gaps come first, each level keeps
``ANNOTATIONS_PER_LEVEL - 1`` and its last annotation names what was left out; the job
summary and the log carry everything.

A ``line`` is given only for text files: in a .docx or .pdf, line 12 of page 3 is not
line 12 of the file, so those annotations attach to the file and name the page and
clause in their message instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..findings import DocumentReport, Finding, RunReport, Severity
from .base import ReportOptions, trim_quote
from .wording import contradicts, elements, measured_line, place, status_label, to_fix

COMMAND: dict[Severity, str] = {
    Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
LEVELS = ("error", "warning", "notice")
ANNOTATIONS_PER_LEVEL = 10
TEXT_FORMATS = ("text",)  # what Document.format calls .txt and .md
_WARNING = re.compile(r"^warning\[([\w-]+)\]: (.+?):(\d+): (.*)$", re.DOTALL)


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


@dataclass(frozen=True)
class Annotation:
    level: str  # error | warning | notice
    text: str  # the whole workflow command
    rule: str


def annotation(doc: DocumentReport, finding: Finding, partner: Finding | None) -> Annotation:
    lines = [f"{status_label(finding)}: {finding.message}"]
    if partner is not None:
        lines.append(f"Contradicts {partner.rule}: {partner.title}")
    if finding.missing_elements:
        lines.append(f"Missing: {elements(finding.missing_elements)}")
    measured = measured_line(finding)
    if measured:
        lines.append(measured[0].upper() + measured[1:])
    line = None
    if finding.evidence:
        first = finding.evidence[0]
        if doc.format in TEXT_FORMATS:
            line = first.location.line
        lines.append(f'Found at {place(first.location, first.text)}: '
                     f'"{trim_quote(first.text)}"')
    if finding.remediation:
        lines.append(f"Fix: {trim_quote(finding.remediation, 600)}")
    title = f"{finding.rule} {finding.title}".strip()
    level = COMMAND[finding.severity]
    return Annotation(level, command(level, "\n".join(lines), file=doc.path, line=line,
                                     title=title), finding.rule)


def document_annotations(doc: DocumentReport) -> list[Annotation]:
    if doc.error:
        return [Annotation("error", command("error", doc.error.message, file=doc.path,
                                            title=f"error[{doc.error.code}]"), doc.path)]
    partners = contradicts(doc)
    return [annotation(doc, f, partners.get(f.rule)) for f in to_fix(doc)]


def warning_annotation(warning: str) -> Annotation:
    """``warning[waiver-unused]: .secure-mou.yml:12: text`` as an annotation on that line."""
    found = _WARNING.match(warning)
    if not found:
        return Annotation("warning", command("warning", warning, title="secure-mou"),
                          "config")
    code, path, line, text = found.groups()
    return Annotation("warning", command("warning", text, file=path, line=int(line),
                                         title=code), code)


def capped(annotations: list[Annotation],
           per_level: int = ANNOTATIONS_PER_LEVEL) -> list[str]:
    """At most ``per_level`` per level; when more, the last one names what was left out."""
    out = []
    for level in LEVELS:
        picked = [a for a in annotations if a.level == level]
        if len(picked) <= per_level:
            out += [a.text for a in picked]
            continue
        shown, rest = picked[: per_level - 1], picked[per_level - 1:]
        names = ", ".join(dict.fromkeys(a.rule for a in rest))
        out += [a.text for a in shown]
        out.append(command(level, f"{len(rest)} more {level} annotation(s) not shown "
                                  f"(GitHub shows {per_level} per level and step): "
                                  f"{trim_quote(names, 600)}. The job summary and the "
                                  "log list every finding.",
                           title=f"secure-mou: {len(rest)} more {level}s"))
    return out


class GithubReporter:
    name = "github"

    def render(self, report: RunReport, options: ReportOptions) -> str:
        annotations = [warning_annotation(w) for w in report.warnings]
        annotations += [a for doc in report.documents for a in document_annotations(doc)]
        return "".join(f"{line}\n" for line in capped(annotations))
