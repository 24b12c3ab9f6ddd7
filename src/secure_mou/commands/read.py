"""``secure-mou read FILE``: show the blocks the checker sees, with their locations.

When a verdict looks wrong, the first question is "what text did it read?"; this command
answers it without running any rules.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from ..documents import read_document
from ..documents.model import Document
from ..documents.ocr import enable_ocr
from ..errors import EXIT_UNREADABLE, DocumentError, SecureMouError

HELP = f"""Print the text blocks read from FILE (.docx, .pdf or text), each with its kind
(heading, paragraph, list_item, table_cell, recital, signature) and location (page, line,
paragraph, section), exactly as the checker sees them.

With --ocr, scanned pages are read by Tesseract and each OCR block shows its confidence
(JSON: location.ocr_confidence, 0-100).

Exit codes: 0 the file was read; 2 --ocr without Tesseract installed; {EXIT_UNREADABLE} it
could not be read (the reason is printed on stderr as error[code]: message).
"""


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def register(app: typer.Typer) -> None:
    app.command("read", help=HELP)(read)


def read(
    file: Annotated[str, typer.Argument(
        metavar="FILE", help="The agreement (.docx, .pdf, .txt, .md).")],
    output: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="text (for people) or json (a list of blocks).")
    ] = OutputFormat.TEXT,
    ocr: Annotated[bool, typer.Option(
        "--ocr", help="Read scanned pages with Tesseract (apt-get install tesseract-ocr); "
                      "OCR blocks show their confidence.")] = False,
) -> None:
    try:
        if ocr:
            enable_ocr()
        document = read_document(file)
    except DocumentError as err:
        typer.echo(err.one_line(), err=True)
        raise typer.Exit(EXIT_UNREADABLE) from None
    except SecureMouError as err:  # --ocr without Tesseract
        typer.echo(err.one_line(), err=True)
        raise typer.Exit(err.exit_code) from None
    if output is OutputFormat.JSON:
        typer.echo(json.dumps(as_json(document), ensure_ascii=False, indent=2))
    else:
        typer.echo(as_text(document))


def as_json(document: Document) -> list[dict[str, object]]:
    return [{"text": block.text, "kind": str(block.kind), "location": block.location.to_json()}
            for block in document.blocks]


def as_text(document: Document) -> str:
    pages = f", {document.pages} pages" if document.pages is not None else ""
    if document.ocr_pages:
        pages += f" ({len(document.ocr_pages)} read by OCR)"
    lines = [f"{document.path}: {document.format}{pages}, {len(document.blocks)} blocks, "
             f"sha256 {document.sha256[:12]}"]
    for block in document.blocks:
        kind = str(block.kind)
        if block.level is not None:
            kind += f" {block.level}"
        lines.append("")
        lines.append(f"[{kind}] {block.location.describe()}")
        lines.append(f"    {block.text}")
    return "\n".join(lines)
