"""``secure-mou scan PATH...``: survey a collection of agreements in parallel."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..config import resolve_config
from ..documents import DEFAULT_MAX_CHARS
from ..documents.ocr import enable_ocr
from ..errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, SecureMouError, UsageError
from ..scan import ScanOptions, run_scan
from ..scan.console import print_summary, progress_bar, quiet_text
from ..scan.dashboard import render_dashboard
from ..scan.outputs import STDOUT_FORMATS, csv_text, failing_documents, json_report, stdout_text
from ..scan.summary import summarise
from ..scan.workers import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, Limits
from .check import Checklist, FailOn

# The shell's convention for "stopped by Ctrl-C" (128 + SIGINT).
EXIT_INTERRUPTED = 130

HELP = """Scan a collection of agreements (directories are searched recursively for .docx,
.pdf, .txt and .md; globs work) in parallel and summarise the corpus: a score per
document and rubric step, how many documents meet each rule (weakest first), the best
exemplars and the files that could not be read. Identical files are checked once.
Results are cached (by file content, rulebook and version), so a re-run is near-instant.

Each document gets --timeout seconds and --max-memory MB in its worker; past either the
worker is stopped and replaced, and that file alone is reported as `timeout` or
`too_large` (such results are not cached, so a re-run with higher limits checks them).

Exit codes: 0 the scan ran, even when some files could not be read (a scan is a survey,
not a gate, unless --fail-on asks: then 1 when a document has a gap at or above it); 2
usage, configuration or rulebook error; 130 interrupted (Ctrl-C left documents unchecked;
results finished so far are kept in every output).
"""


def register(app: typer.Typer) -> None:
    app.command("scan", help=HELP)(scan)


def scan(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH...", help="Files, directories or globs to scan.")],
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Worker processes (default: one per CPU).")] = None,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help=f"What to print on stdout: {', '.join(STDOUT_FORMATS)} (default: console, "
             "the corpus summary).")] = "console",
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="One line per document instead of the summary.")] = False,
    csv_file: Annotated[Path | None, typer.Option(
        "--csv-output", metavar="FILE",
        help="Write one row per document (scores, every rule's status).")] = None,
    jsonl_file: Annotated[Path | None, typer.Option(
        "--jsonl-output", metavar="FILE",
        help="Stream one JSON document report per line as each finishes.")] = None,
    json_file: Annotated[Path | None, typer.Option(
        "--json-output", metavar="FILE",
        help="Write the full JSON report (the same shape as check's).")] = None,
    html_file: Annotated[Path | None, typer.Option(
        "--html-output", metavar="FILE", help="Write a self-contained HTML dashboard.")] = None,
    # The names before check's were adopted; kept so existing scripts keep working.
    csv_alias: Annotated[Path | None, typer.Option("--csv", hidden=True)] = None,
    jsonl_alias: Annotated[Path | None, typer.Option("--jsonl", hidden=True)] = None,
    json_alias: Annotated[Path | None, typer.Option("--json", hidden=True)] = None,
    html_alias: Annotated[Path | None, typer.Option("--html", hidden=True)] = None,
    config_file: Annotated[Path | None, typer.Option(
        "--config", metavar="FILE",
        help="Take checklist and rules from this config (default: the .secure-mou.yml "
             "found from the working directory upward).")] = None,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", help="Exit 1 when a document has a gap of this severity or higher "
                          "(default never: a scan is a survey).")] = FailOn.NEVER,
    checklist: Annotated[Checklist | None, typer.Option(
        help="start: Checklist to Start only; improve/all: both checklists "
             "(default: config, else all).")] = None,
    rules: Annotated[list[Path] | None, typer.Option(
        "--rules", help="A local rulebook directory added to the default (repeatable).")] = None,
    rules_only: Annotated[bool, typer.Option(
        "--rules-only", help="Use only the --rules rulebooks, not the default.")] = False,
    resume: Annotated[Path | None, typer.Option(
        "--resume", help="Skip documents already in this JSONL file and append to it.")] = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Check every document again; do not read or write the cache.")
    ] = False,
    top: Annotated[int, typer.Option(
        "--top", min=1, help="How many exemplars to list.")] = 5,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0.1, help="Seconds one document may take (0.1 or more).")
    ] = DEFAULT_TIMEOUT,
    max_memory: Annotated[float, typer.Option(
        "--max-memory", min=200, help="MB of memory a worker may use on one document.")
    ] = DEFAULT_MAX_MEMORY_MB,
    max_chars: Annotated[int, typer.Option(
        "--max-chars", min=1000, help="Characters of text a document may hold.")
    ] = DEFAULT_MAX_CHARS,
    ocr: Annotated[bool, typer.Option(
        "--ocr", help="Read scanned PDF pages with Tesseract (apt-get install "
                      "tesseract-ocr); bypasses the cache, whose entries were made "
                      "without OCR.")] = False,
) -> None:
    csv_file, jsonl_file = csv_file or csv_alias, jsonl_file or jsonl_alias
    json_file, html_file = json_file or json_alias, html_file or html_alias
    try:
        if output_format not in STDOUT_FORMATS:
            raise UsageError(f"unknown format '{output_format}'",
                             hint=f"choose one of: {', '.join(STDOUT_FORMATS)}")
        config = resolve_config(config_file, Path.cwd())
    except SecureMouError as err:
        typer.echo(err.one_line(), err=True)
        raise typer.Exit(err.exit_code) from None
    options = ScanOptions(
        paths=tuple(paths), jobs=jobs or os.cpu_count() or 1,
        checklist=checklist.value if checklist else config.checklist or "all",
        rule_dirs=tuple(rules or config.rules), rules_only=rules_only or config.rules_only,
        use_cache=not no_cache and not ocr, jsonl=jsonl_file, resume=resume,
        limits=Limits(timeout=timeout, max_memory_mb=max_memory, max_chars=max_chars))
    try:
        if ocr:
            enable_ocr()  # before the workers start: they inherit the switch
        with progress_bar() as bar:
            result = run_scan(options, on_total=bar.total, on_document=bar.advance)
        summary = summarise(result)
        if csv_file is not None:
            csv_file.write_text(csv_text(result), encoding="utf-8")
        if json_file is not None:
            json_file.write_text(json_report(result), encoding="utf-8")
        if html_file is not None:
            html_file.write_text(render_dashboard(result, summary, top), encoding="utf-8")
    except SecureMouError as err:
        typer.echo(err.one_line(), err=True)
        raise typer.Exit(err.exit_code) from None
    except OSError as err:  # an output file that cannot be written is a usage error
        typer.echo(f"error[usage]: {err.filename}: {err.strerror}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    if output_format != "console":
        sys.stdout.write(stdout_text(result, output_format))
    elif quiet:
        sys.stdout.write(quiet_text(result))
    else:
        print_summary(result, summary, top)
    if result.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(EXIT_FINDINGS if failing_documents(result, fail_on.value) else EXIT_OK)
