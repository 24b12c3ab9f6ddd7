"""``secure-mou scan PATH...``: survey a collection of agreements in parallel."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from ..documents.ocr import enable_ocr
from ..errors import EXIT_OK, EXIT_USAGE, SecureMouError
from ..scan import ScanOptions, run_scan
from ..scan.console import print_summary, progress_bar
from ..scan.dashboard import render_dashboard
from ..scan.outputs import csv_text, json_report
from ..scan.summary import summarise
from .check import Checklist

# The shell's convention for "stopped by Ctrl-C" (128 + SIGINT).
EXIT_INTERRUPTED = 130

HELP = """Scan a collection of agreements (directories are searched recursively for .docx,
.pdf, .txt and .md; globs work) in parallel and summarise the corpus: a score per
document and rubric step, how many documents meet each rule (weakest first), the best
exemplars and the files that could not be read. Identical files are checked once.
Results are cached (by file content, rulebook and version), so a re-run is near-instant.

Exit codes: 0 the scan ran, even when some files could not be read (a scan is a survey,
not a gate: use `check` to fail a build); 2 usage or rulebook error; 130 interrupted
(Ctrl-C; results finished so far are kept in every output).
"""


def register(app: typer.Typer) -> None:
    app.command("scan", help=HELP)(scan)


def scan(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH...", help="Files, directories or globs to scan.")],
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Worker processes (default: one per CPU).")] = None,
    csv_file: Annotated[Path | None, typer.Option(
        "--csv", help="Write one row per document (scores, every rule's status).")] = None,
    jsonl_file: Annotated[Path | None, typer.Option(
        "--jsonl", help="Stream one JSON document report per line as each finishes.")] = None,
    json_file: Annotated[Path | None, typer.Option(
        "--json", help="Write the full JSON report (the same shape as check's).")] = None,
    html_file: Annotated[Path | None, typer.Option(
        "--html", help="Write a self-contained HTML dashboard.")] = None,
    checklist: Annotated[Checklist, typer.Option(
        help="start: Checklist to Start only; improve/all: both checklists.")] = Checklist.ALL,
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
    ocr: Annotated[bool, typer.Option(
        "--ocr", help="Read scanned PDF pages with Tesseract (apt-get install "
                      "tesseract-ocr); bypasses the cache, whose entries were made "
                      "without OCR.")] = False,
) -> None:
    options = ScanOptions(
        paths=tuple(paths), jobs=jobs or os.cpu_count() or 1, checklist=checklist.value,
        rule_dirs=tuple(rules or ()), rules_only=rules_only,
        use_cache=not no_cache and not ocr, jsonl=jsonl_file, resume=resume)
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
    print_summary(result, summary, top)
    raise typer.Exit(EXIT_INTERRUPTED if result.interrupted else EXIT_OK)
