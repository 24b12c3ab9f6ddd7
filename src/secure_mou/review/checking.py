"""Check one agreement as ``check`` does (config, rulebooks, waivers) and keep its
``Document``: annotate and diff need the blocks behind the evidence, not only the report."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..config import Config, apply, check_rule_ids, enabled_rules, resolve_config, today_from
from ..documents import read_document
from ..documents.model import Document
from ..findings import DocumentReport
from ..pipeline import Checker, load_rules
from .ocr_evidence import note_report


@dataclass(frozen=True)
class RuleOptions:
    """The options ``annotate`` and ``diff`` share with ``check``."""

    config_file: Path | None = None
    rules: tuple[Path, ...] = ()
    rules_only: bool = False
    use_waivers: bool = True
    checklist: str | None = None


class ReviewChecker:
    def __init__(self, options: RuleOptions):
        self.config: Config = resolve_config(options.config_file, Path.cwd())
        rulebook = load_rules(list(options.rules) or self.config.rules,
                              options.rules_only or self.config.rules_only)
        check_rule_ids(self.config, rulebook)
        self.checker = Checker(enabled_rules(rulebook, self.config))
        self.checklist = options.checklist or self.config.checklist or "all"
        self.use_waivers = options.use_waivers

    @property
    def tool(self) -> str:
        book = self.checker.rulebook
        from .. import __version__

        return f"Checked by secure-mou {__version__} (rulebook {book.name} {book.version})."

    def check(self, path: Path) -> tuple[Document, DocumentReport]:
        """Raises ``DocumentError`` when the agreement cannot be read."""
        document = read_document(path, max_bytes=self.checker.max_bytes)
        findings = self.checker.engine.check(document, self.checklist)
        report = DocumentReport(path=str(path), sha256=document.sha256,
                                format=document.format, pages=document.pages,
                                findings=findings, step_titles=self.checker.rulebook.steps)
        return document, note_report(apply(report, self.config, today_from(os.environ),
                                           use_waivers=self.use_waivers))
