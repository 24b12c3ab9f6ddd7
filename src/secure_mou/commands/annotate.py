"""``secure-mou annotate FILE -o COPY.docx``: the findings as Word comments in a copy."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..documents.ocr import enable_ocr
from ..errors import EXIT_OK, SecureMouError, UsageError
from ..findings import Severity
from ..review.checking import ReviewChecker, RuleOptions

HELP = """Write a copy of the agreement with each finding as a Word comment in the margin
(Word, LibreOffice and Google Docs show them): a red flag or a met/partial rule on its
evidence sentence, a missing rule on the heading of the section where it belongs (or on
the title), and a summary with the score and counts on the title. Each comment gives the
status, the rule's title, what the rubric asks, the model language, the rule id and its
source.

For a .docx the agreement's text is untouched: same paragraphs, numbering, tables and
tracked changes (runs are only split where a comment starts or ends, as Word does); the
input file is never written. For a PDF or text agreement the copy is a new .docx of the
text secure-mou extracted, with a "[Page N]" marker where each PDF page starts.

Settings (rulebooks, disabled rules, severities, waivers) come from .secure-mou.yml as
for `check`.

Exit codes: 0 the copy was written; 2 usage, configuration or rulebook error (e.g. -o
names the input); 3 the agreement could not be read.
"""


def register(app: typer.Typer) -> None:
    app.command("annotate", help=HELP)(annotate)


def default_output(file: Path) -> Path:
    return file.with_name(f"{file.stem}-reviewed.docx")


def annotate(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The agreement "
                                                               "(.docx, .pdf, .txt, .md).")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="The annotated copy (.docx; default: FILE-reviewed.docx "
                               "beside FILE).")] = None,
    only: Annotated[Severity | None, typer.Option(
        "--only", help="Comment only findings of this severity or higher.")] = None,
    author: Annotated[str, typer.Option(
        "--author", help="The comments' author, as Word shows it.")] = "secure-mou",
    config_file: Annotated[Path | None, typer.Option(
        "--config", metavar="FILE", help="Use this config instead of the .secure-mou.yml "
                                         "found from the working directory upward.")] = None,
    no_waivers: Annotated[bool, typer.Option(
        "--no-waivers", help="Ignore the config's waivers (comment every gap).")] = False,
    rules: Annotated[list[Path] | None, typer.Option(
        "--rules", help="A local rulebook directory added to the default (repeatable).")
    ] = None,
    rules_only: Annotated[bool, typer.Option(
        "--rules-only", help="Use only the --rules rulebooks, not the default.")] = False,
    ocr: Annotated[bool, typer.Option(
        "--ocr", help="Read scanned PDF pages with Tesseract (apt-get install "
                      "tesseract-ocr).")] = False,
) -> None:
    from ..review.annotate import annotate as write_annotated  # python-docx only here

    destination = output or default_output(file)
    try:
        if ocr:
            enable_ocr()
        if destination.suffix.lower() != ".docx":
            raise UsageError(f"{destination}: the annotated copy is a .docx",
                             hint="name the output FILE.docx")
        if destination.exists() and file.exists() and destination.samefile(file):
            raise UsageError(f"{destination}: is the input; the agreement is never "
                             "overwritten", hint="choose another -o")
        checker = ReviewChecker(RuleOptions(config_file, tuple(rules or ()), rules_only,
                                            not no_waivers))
        document, report = checker.check(file)
        done = write_annotated(file, destination, document, report, author=author,
                               only=only, tool=checker.tool)
    except SecureMouError as err:
        typer.echo(err.one_line(), err=True)
        raise typer.Exit(err.exit_code) from None
    made = " (a .docx of the extracted text)" if done.converted else ""
    typer.echo(f"{destination}: {done.comments} comments{made}; "
               f"{done.on_words} on the evidence's words")
    raise typer.Exit(EXIT_OK)
