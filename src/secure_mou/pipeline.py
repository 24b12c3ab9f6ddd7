"""The straight pipeline: file -> Document -> Findings -> DocumentReport.

``Checker`` is built once per process (spaCy pipeline and compiled rules) and then
checks any number of documents. An unreadable document becomes a report with its error
code, never an exception, so one broken file never stops a run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from . import __version__
from .documents import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, read_document
from .engine import Engine
from .errors import DocumentError, UsageError
from .findings import DocumentError as ReportError
from .findings import DocumentReport, RunReport, Severity
from .rulebook.loader import default_rulebook_dir, load_rulebook
from .rulebook.model import Rulebook
from .triage import NOT_AN_AGREEMENT, triage

SUPPORTED_SUFFIXES = (".docx", ".pdf", ".txt", ".md")


def load_rules(extra: Iterable[Path] = (), rules_only: bool = False) -> Rulebook:
    """The default rulebook plus local rulebooks, or only the local ones."""
    extra = list(extra)
    if rules_only and not extra:
        raise UsageError("--rules-only needs at least one --rules DIR")
    dirs = extra if rules_only else [default_rulebook_dir(), *extra]
    return load_rulebook(dirs)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given; directories walked for agreements (lock and hidden files skipped)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                rel = found.relative_to(path).parts
                if (found.is_file() and found.suffix.lower() in SUPPORTED_SUFFIXES
                        and not any(p.startswith(".") for p in rel)
                        and not found.name.startswith("~$")):
                    yield found
        else:
            yield path


class Checker:
    def __init__(self, rulebook: Rulebook, model: str | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES, max_chars: int = DEFAULT_MAX_CHARS,
                 force: bool = False):
        self.rulebook = rulebook
        self.engine = Engine(rulebook, model)
        self.max_bytes = max_bytes
        self.max_chars = max_chars
        self.force = force  # score a document even when it does not read as an agreement

    def check_path(self, path: str | Path, checklist: str = "all") -> DocumentReport:
        shown = str(path)
        try:
            document = read_document(path, max_bytes=self.max_bytes,
                                     max_chars=self.max_chars)
        except DocumentError as err:
            message = err.message + (f" ({err.hint})" if err.hint else "")
            return DocumentReport(path=shown, sha256=None, format=None, pages=None,
                                  error=ReportError(code=err.code, message=message),
                                  step_titles=self.rulebook.steps)
        looked = triage(document)
        if not self.force and not looked.looks_like_agreement:
            return DocumentReport(path=shown, sha256=document.sha256, format=document.format,
                                  pages=document.pages, step_titles=self.rulebook.steps,
                                  error=ReportError(code=NOT_AN_AGREEMENT, message=(
                                      f"{looked.message()} (--force checks it anyway)")))
        findings = self.engine.check(document, checklist)
        return DocumentReport(path=shown, sha256=document.sha256, format=document.format,
                              pages=document.pages, findings=findings,
                              step_titles=self.rulebook.steps)

    def run_report(self, documents: Iterable[DocumentReport], checklist: str,
                   fail_on: Severity | None) -> RunReport:
        return RunReport(tool_version=__version__, rulebook_name=self.rulebook.name,
                         rulebook_version=self.rulebook.version, checklist=checklist,
                         documents=tuple(documents), fail_on=fail_on)
