"""``secure-mou check [FILE...]``: check agreements and report, as a person or a CI gate."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..baseline import against_baseline, load_baseline, write_baseline
from ..config import (
    Config,
    apply,
    check_rule_ids,
    enabled_rules,
    resolve_config,
    select_documents,
    selected_rules,
    today_from,
    waiver_warnings,
)
from ..documents.ocr import enable_ocr
from ..errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, SecureMouError, UsageError
from ..findings import RunReport, Severity
from ..pipeline import Checker, load_rules
from ..reporters import FORMATS, ReportOptions, render
from ..review.ocr_evidence import note_report

HELP = """Check agreements (.docx, .pdf, .txt, .md; directories are searched) against the
SECURE rubric and report what each commits to, what is missing and what contradicts the
rubric, with evidence and model language.

Settings come from .secure-mou.yml (the first found from the working directory upward, or
--config FILE); command-line options override it. With no FILE, the config's `include`
globs choose the documents. Waivers in the config turn known gaps into `waived` until
they expire; --no-waivers ignores them (an audit). Under GitHub Actions
(GITHUB_ACTIONS=true) the default format is `github` (annotations).

Write several reports in one run with --json-output, --sarif-output, --junit-output,
--markdown-output and --html-output beside the main --format/--output.

Scanned PDFs are refused (no_text_layer) unless --ocr is given and Tesseract is
installed; --ocr without Tesseract is a usage error (exit 2).

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage,
configuration or rulebook error; 3 a document could not be read, or does not read as
a school-police agreement (a README, a letter; --force checks it anyway).
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


def default_format(environ: Mapping[str, str]) -> str:
    """``github`` annotations inside GitHub Actions, the console report elsewhere."""
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "console"


@dataclass(frozen=True)
class Selection:
    """Which rules run and which gaps count: --select/--ignore and --baseline."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    baseline: Path | None = None


def run(config: Config, files: list[str], checklist: str, fail_on: str,
        rules: list[Path] | None, rules_only: bool, model: str | None,
        use_waivers: bool, selection: Selection = Selection(), force: bool = False
        ) -> tuple[RunReport, tuple[str, ...], Checker]:
    """Check the documents with the config applied: the report, the warnings to show and
    the checker (reused to analyse exemplars)."""
    rulebook = load_rules(rules or config.rules, rules_only or config.rules_only)
    check_rule_ids(config, rulebook)
    rulebook = selected_rules(enabled_rules(rulebook, config), selection.select,
                              selection.ignore)
    baseline = load_baseline(selection.baseline) if selection.baseline else None
    paths = select_documents(config, files)
    if not paths:  # a gate that checked nothing must not pass
        raise UsageError("nothing to check: no .docx, .pdf, .txt or .md agreement found in "
                         + (", ".join(files) if files else "the config's include globs"),
                         hint="name the agreements, or fix the path or include globs")
    checker = Checker(rulebook, model=model, force=force)
    today = today_from(os.environ)
    documents = [apply(checker.check_path(p, checklist), config, today,
                       use_waivers=use_waivers) for p in paths]
    if baseline is not None:
        documents = [against_baseline(d, baseline, config.relative(d.path))
                     for d in documents]
    threshold = None if fail_on == FailOn.NEVER else Severity(fail_on)
    warnings = waiver_warnings(config, documents, today,
                               partial_run=bool(files)) if use_waivers else ()
    return checker.run_report(documents, checklist, threshold), warnings, checker


def exemplar_text(checker: Checker, report: RunReport, directory: Path) -> str:
    """For each checked document, model sentences from ``directory`` for its gaps."""
    if not directory.is_dir():
        raise UsageError(f"{directory}: --exemplars needs a directory of agreements")
    from ..exemplars import find_exemplars, format_exemplars  # with its scan cache

    parts = []
    for document in report.documents:
        if document.error is None:
            gaps = find_exemplars(checker, document, directory, checklist=report.checklist)
            body = format_exemplars(gaps) or "No gaps: nothing to borrow.\n"
            parts.append(f"Language from exemplars in {directory} for the gaps of "
                         f"{document.path}:\n\n{body}")
    return "\n".join(parts)


def write_step_summary(report: RunReport, environ: Mapping[str, str]) -> None:
    """Append the Markdown report to the job summary when GitHub Actions offers one.

    The Markdown stays under 60,000 characters, far below the summary's 1 MiB per step.
    """
    target = environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as summary:
            summary.write(render("markdown", report, ReportOptions(color=False)) + "\n")
    except OSError as err:
        raise UsageError(f"{target}: cannot write the job summary: {err.strerror}") from None


def write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise UsageError(f"{path}: cannot write the report: {err.strerror}") from None


def check(
    files: Annotated[list[str] | None, typer.Argument(
        metavar="FILE", help="Agreements or directories to check (default: the "
                                  "config's include globs).")] = None,
    output_format: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="FORMAT", help=f"Output format: {', '.join(FORMATS)} "
                               "(default: console; github under GitHub Actions).")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the report to this file instead of stdout.")] = None,
    json_output: Annotated[Path | None, typer.Option(
        "--json-output", metavar="FILE", help="Also write the JSON report here.")] = None,
    sarif_output: Annotated[Path | None, typer.Option(
        "--sarif-output", metavar="FILE", help="Also write SARIF (code scanning) here.")] = None,
    junit_output: Annotated[Path | None, typer.Option(
        "--junit-output", metavar="FILE", help="Also write JUnit XML here.")] = None,
    markdown_output: Annotated[Path | None, typer.Option(
        "--markdown-output", metavar="FILE", help="Also write Markdown here.")] = None,
    html_output: Annotated[Path | None, typer.Option(
        "--html-output", metavar="FILE", help="Also write the HTML report here.")] = None,
    config_file: Annotated[Path | None, typer.Option(
        "--config", metavar="FILE", help="Use this config instead of the .secure-mou.yml "
                                         "found from the working directory upward.")] = None,
    no_waivers: Annotated[bool, typer.Option(
        "--no-waivers", help="Ignore the config's waivers (audit every gap).")] = False,
    checklist: Annotated[Checklist | None, typer.Option(
        help="start: Checklist to Start only; improve/all: both checklists "
             "(default: config, else all).")] = None,
    fail_on: Annotated[FailOn | None, typer.Option(
        "--fail-on", help="Exit 1 when a gap or conflict of this severity or higher is found "
                          "(default: config, else error).")] = None,
    rules: Annotated[list[Path] | None, typer.Option(
        "--rules", help="A local rulebook directory added to the default (repeatable; "
                        "replaces the config's `rules`).")] = None,
    rules_only: Annotated[bool, typer.Option(
        "--rules-only", help="Use only the --rules rulebooks, not the default.")] = False,
    model: Annotated[str | None, typer.Option(
        "--model", metavar="NAME",
        help="An installed trained spaCy pipeline (e.g. en_core_web_sm); "
             "default: blank English, offline.")] = None,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Every rule in full: evidence for met rules, model language "
                                "for every gap, process items.")] = False,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="One line per document.")] = False,
    select: Annotated[list[str] | None, typer.Option(
        "--select", metavar="RULES",
        help="Check only these rules: ids or step prefixes, comma-separated or repeated "
             "(--select SECURE-2,SECURE-1.3).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", metavar="RULES",
        help="Leave these rules out (ids or step prefixes, as --select).")] = None,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", metavar="FILE",
        help="Fail only on gaps that are new or worse than in this baseline.")] = None,
    create_baseline: Annotated[Path | None, typer.Option(
        "--create-baseline", metavar="FILE",
        help="Record the current gaps in FILE (for --baseline) and exit 0 unless a "
             "document could not be read.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Check a document even when it does not read as a school-police "
                        "agreement (otherwise: error not_an_agreement, exit 3).")] = False,
    exemplars: Annotated[Path | None, typer.Option(
        "--exemplars", metavar="DIR",
        help="For each gap, show sentences from the agreements in DIR that meet the rule "
             "(after the console report; on stderr for other formats).")] = None,
    ocr: Annotated[bool, typer.Option(
        "--ocr", help="Read scanned PDF pages (no text layer) with Tesseract "
                      "(apt-get install tesseract-ocr); evidence read by OCR carries its "
                      "confidence.")] = False,
) -> None:
    extra = {"json": json_output, "sarif": sarif_output, "junit": junit_output,
             "markdown": markdown_output, "html": html_output}
    try:
        main_format = output_format or default_format(os.environ)
        if main_format not in FORMATS:
            raise UsageError(f"unknown format '{main_format}'",
                             hint=f"choose one of: {', '.join(FORMATS)}")
        if ocr:
            enable_ocr()
        config = resolve_config(config_file, Path.cwd())
        report, warnings, checker = run(
            config, files or [],
            checklist=(checklist.value if checklist else config.checklist or "all"),
            fail_on=(fail_on.value if fail_on else config.fail_on or "error"),
            rules=rules, rules_only=rules_only, model=model, use_waivers=not no_waivers,
            selection=Selection(tuple(select or ()), tuple(ignore or ()), baseline),
            force=force)
        report = replace(report, warnings=warnings)
        if ocr:
            report = replace(report, documents=tuple(note_report(d)
                                                     for d in report.documents))
        for line in warnings:  # on stderr always; the github format also annotates them
            typer.echo(line, err=True)
        write_step_summary(report, os.environ)
        options = ReportOptions(verbose=verbose, quiet=quiet, color=False)
        for name, path in extra.items():
            if path is not None:
                write(path, render(name, report, options))
        text = render(main_format, report, ReportOptions(
            verbose=verbose, quiet=quiet, color=use_color() if output is None else False))
        if output is not None:
            write(output, text)
        else:
            sys.stdout.write(text)
        if exemplars is not None:
            borrowed = exemplar_text(checker, report, exemplars)
            if main_format == "console" and output is None:
                sys.stdout.write("\n" + borrowed)
            else:
                sys.stderr.write(borrowed)
        if create_baseline is not None:
            recorded = write_baseline(create_baseline, report, config.relative)
            typer.echo(f"wrote {create_baseline}: {recorded} gap(s) in "
                       f"{len(report.documents) - report.errors} document(s); check with "
                       f"--baseline {create_baseline} to fail only on new or worse ones",
                       err=True)
    except SecureMouError as err:
        typer.echo(err.one_line(), err=True)
        raise typer.Exit(err.exit_code) from None
    if create_baseline is not None and not report.errors:
        raise typer.Exit(EXIT_OK)
    raise typer.Exit(exit_code(report))
