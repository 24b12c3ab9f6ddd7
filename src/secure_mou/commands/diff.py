"""``secure-mou diff OLD NEW``: what a revision changed, rule by rule."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from ..documents.ocr import enable_ocr
from ..errors import EXIT_FINDINGS, EXIT_OK, SecureMouError
from ..findings import Severity
from ..review.checking import ReviewChecker, RuleOptions
from .check import Checklist, FailOn, write

HELP = """Compare two drafts of an agreement (any formats: a .docx draft against the
signed PDF works) and report, by rule, which verdicts moved (missing → met, met →
conflict, ...), the evidence on each side, the clauses added, removed or reworded that
decided each move, and the score before and after. Clauses are paired by their words,
so renumbering and moved sections are not reported as changes.

Formats: console, json (schema: secure_mou/schemas/diff.schema.json) and markdown (a
pull-request comment: "This revision fixes 4 gaps and introduces 1 red flag").

Exit codes: 0 nothing got worse; 1 the new draft is worse on some rule of --fail-on's
severity or higher (a status moved down: met → partial, anything → conflict, ...), so CI
can gate on a revision; 2 usage, configuration or rulebook error; 3 a draft could not be
read.
"""


class DiffFormat(StrEnum):
    CONSOLE = "console"
    JSON = "json"
    MARKDOWN = "markdown"


def register(app: typer.Typer) -> None:
    app.command("diff", help=HELP)(diff)


def diff(
    old: Annotated[Path, typer.Argument(metavar="OLD", help="The earlier draft.")],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="The revision.")],
    output_format: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="console, json or markdown.")] = DiffFormat.CONSOLE,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file instead of stdout.")] = None,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", help="Exit 1 when a rule of this severity or higher got worse "
                          "(default: info, any rule; never: always 0).")] = FailOn.INFO,
    checklist: Annotated[Checklist | None, typer.Option(
        help="start, improve or all (default: config, else all).")] = None,
    config_file: Annotated[Path | None, typer.Option(
        "--config", metavar="FILE", help="Use this config instead of the .secure-mou.yml "
                                         "found from the working directory upward.")] = None,
    no_waivers: Annotated[bool, typer.Option(
        "--no-waivers", help="Ignore the config's waivers.")] = False,
    rules: Annotated[list[Path] | None, typer.Option(
        "--rules", help="A local rulebook directory added to the default (repeatable).")
    ] = None,
    rules_only: Annotated[bool, typer.Option(
        "--rules-only", help="Use only the --rules rulebooks, not the default.")] = False,
    ocr: Annotated[bool, typer.Option(
        "--ocr", help="Read scanned PDF pages with Tesseract (apt-get install "
                      "tesseract-ocr).")] = False,
) -> None:
    from ..review.diff import diff_drafts
    from ..review.diff_output import diff_console, diff_json, diff_markdown

    try:
        if ocr:
            enable_ocr()
        checker = ReviewChecker(RuleOptions(config_file, tuple(rules or ()), rules_only,
                                            not no_waivers,
                                            checklist.value if checklist else None))
        old_doc, old_report = checker.check(old)
        new_doc, new_report = checker.check(new)
        result = diff_drafts(old_doc, old_report, new_doc, new_report)
        text = (diff_json(result, __version__) if output_format == DiffFormat.JSON else
                diff_markdown(result) if output_format == DiffFormat.MARKDOWN else
                diff_console(result))
        if output is not None:
            write(output, text)
        else:
            sys.stdout.write(text)
    except SecureMouError as err:
        typer.echo(err.one_line(), err=True)
        raise typer.Exit(err.exit_code) from None
    threshold = None if fail_on == FailOn.NEVER else Severity(fail_on.value)
    raise typer.Exit(EXIT_FINDINGS if result.worse(threshold) else EXIT_OK)
