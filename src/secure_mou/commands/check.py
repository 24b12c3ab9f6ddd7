"""``secure-mou check FILE...``: check agreements and report, as a person or a CI gate."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, SecureMouError
from ..findings import RunReport, Severity
from ..pipeline import Checker, expand_paths, load_rules
from ..reporters import FORMATS, ReportOptions, render

HELP = """Check one or more agreements (.docx, .pdf, .txt, .md; directories are searched)
against the SECURE rubric and report what each commits to, what is missing and what
contradicts the rubric, with evidence and model language.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage,
configuration or rulebook error; 3 a document could not be read.
"""


class Checklist(StrEnum):
    START = "start"
    IMPROVE = "improve"
    ALL = "all"


class FailOn(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NEVER = "never"


def register(app: typer.Typer) -> None:
    app.command("check", help=HELP)(check)


def exit_code(report: RunReport) -> int:
    """3 when a document could not be read, else 1 when any gap reaches --fail-on."""
    if report.errors:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if report.failed else EXIT_OK


def use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def check(
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help="Agreements to check.")],
    output_format: Annotated[str, typer.Option(
        "--format", "-f", help=f"Output format: {', '.join(FORMATS)}.")] = "console",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the report to this file instead of stdout.")] = None,
    checklist: Annotated[Checklist, typer.Option(
        help="start: Checklist to Start only; improve/all: both checklists.")] = Checklist.ALL,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", help="Exit 1 when a gap or conflict of this severity or higher is found."
    )] = FailOn.ERROR,
    rules: Annotated[list[Path] | None, typer.Option(
        "--rules", help="A local rulebook directory added to the default (repeatable).")] = None,
    rules_only: Annotated[bool, typer.Option(
        "--rules-only", help="Use only the --rules rulebooks, not the default.")] = False,
    model: Annotated[str | None, typer.Option(
        "--model", help="An installed trained spaCy pipeline (e.g. en_core_web_sm); "
                        "default: blank English, offline.")] = None,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Also show the evidence for rules that are met.")] = False,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="One line per document.")] = False,
) -> None:
    try:
        if output_format not in FORMATS:
            raise SecureMouError(f"unknown format '{output_format}'",
                                 hint=f"choose one of: {', '.join(FORMATS)}", code="usage")
        checker = Checker(load_rules(rules or [], rules_only), model=model)
        threshold = None if fail_on is FailOn.NEVER else Severity(fail_on.value)
        documents = [checker.check_path(p, checklist.value) for p in expand_paths(files)]
        report = checker.run_report(documents, checklist.value, threshold)
        options = ReportOptions(verbose=verbose, quiet=quiet,
                                color=use_color() if output is None else False)
        text = render(output_format, report, options)
        if output is not None:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    except SecureMouError as err:
        typer.echo(err.one_line(), err=True)
        raise typer.Exit(err.exit_code) from None
    raise typer.Exit(exit_code(report))
