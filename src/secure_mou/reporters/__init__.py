"""Reporters: turn a ``RunReport`` into the text of one output format.

``REPORTERS`` is a plain registry, format name to reporter; ``render`` is the one entry
point the commands call. To add a format, write a module with a class satisfying
``base.Reporter`` and list an instance here.
"""

from __future__ import annotations

from ..errors import UsageError
from ..findings import RunReport
from .base import Reporter, ReportOptions
from .console import ConsoleReporter
from .github import GithubReporter
from .html import HtmlReporter
from .json import JsonReporter
from .junit import JunitReporter
from .markdown import MarkdownReporter
from .sarif import SarifReporter

REPORTERS: dict[str, Reporter] = {r.name: r for r in (
    ConsoleReporter(), JsonReporter(), SarifReporter(), JunitReporter(),
    MarkdownReporter(), HtmlReporter(), GithubReporter())}

FORMATS: tuple[str, ...] = tuple(REPORTERS)


def render(format_name: str, report: RunReport, options: ReportOptions | None = None) -> str:
    """The report as text in ``format_name``; raises ``UsageError`` for an unknown format."""
    reporter = REPORTERS.get(format_name)
    if reporter is None:
        raise UsageError(f"unknown output format {format_name!r}",
                         hint=f"choose one of: {', '.join(FORMATS)}")
    return reporter.render(report, options or ReportOptions())


__all__ = ["FORMATS", "REPORTERS", "ReportOptions", "Reporter", "render"]
