"""``annotate``: a copy of the agreement with each finding as a Word comment at its evidence.

A .docx is annotated in place (in the copy): comments are added at the XML level and
nothing else changes. A PDF or text agreement has no Word body to comment, so the copy is
a new .docx of the text secure-mou read, one paragraph per block with a "[Page N]" marker
where each PDF page starts, commented the same way.
"""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from ..documents.docx import _numbering, _Styles, _Walker
from ..documents.docx_numbering import Numbering
from ..documents.model import Block, BlockKind, Document
from ..errors import DocumentError
from ..findings import DocumentReport, Severity
from .docx_anchor import ParagraphMap, Piece, TextMap
from .placement import Placement, plan
from .word_comments import (
    CommentText,
    Package,
    existing_comment_ids,
    mark_paragraph,
    mark_span,
    parse_xml,
    write_package,
)


@dataclass(frozen=True)
class Annotated:
    comments: int  # comments written, the summary included
    on_words: int  # anchored on the evidence's own words (the rest on whole paragraphs)
    converted: bool  # True when the copy is a .docx made from a PDF or text


def annotate(source: Path, destination: Path, document: Document, report: DocumentReport,
             *, author: str, only: Severity | None, tool: str) -> Annotated:
    placements = plan(document, report, only, tool)
    if document.format == "docx":
        numbers = {i: b.location.paragraph for i, b in enumerate(document.blocks)
                   if b.location.paragraph is not None}
        words = _comment_package(source, destination, document.blocks, numbers, placements, author)
        return Annotated(len(placements), words, converted=False)
    with tempfile.TemporaryDirectory(prefix="secure-mou-annotate-") as scratch:
        made = Path(scratch) / "extracted.docx"
        numbers = _docx_of_text(document, made)
        words = _comment_package(made, destination, document.blocks, numbers, placements, author)
    return Annotated(len(placements), words, converted=True)


def _comment_package(package_path: Path, destination: Path, blocks: tuple[Block, ...],
                     numbers: dict[int, int], placements: list[Placement],
                     author: str) -> int:
    """Comment ``package_path`` into ``destination``; the count anchored on words."""
    try:
        word = docx.Document(str(package_path))  # styles and numbering, read only
        with zipfile.ZipFile(package_path) as archive:
            package = Package.locate(archive)
            root = parse_xml(archive.read(package.document_part))
            existing = (archive.read(package.comments_part)
                        if package.comments_part in archive.namelist() else None)
    except (KeyError, ValueError, zipfile.BadZipFile) as err:
        raise DocumentError("corrupt", f"{package_path.name}: cannot annotate this Word "
                            f"file ({err})") from None
    walker = _Walker(_Styles(word.styles.element), Numbering.from_part(_numbering(word)))
    targets = ParagraphMap(walker, root.find(qn("w:body"))).targets
    next_id = max(existing_comment_ids(existing), default=-1) + 1
    written: list[tuple[int, CommentText]] = []
    on_words = 0
    for placement in placements:
        number = numbers.get(placement.block, -1)
        pieces = targets.get(number)
        if not pieces:
            continue
        comment_id = next_id + len(written)
        # fresh each time: the last comment may have split runs
        textmap = _row_map(targets, number, blocks[placement.block].text) or TextMap(pieces)
        span = textmap.find(placement.quote) if placement.quote else None
        if span is not None:
            mark_span(textmap, span, comment_id)
            on_words += 1
        else:
            _mark_block(pieces, comment_id)
        written.append((comment_id, placement.text))
    write_package(package_path, destination, root, written, author)
    return on_words


def _row_map(targets: dict[int, tuple[Piece, ...]], number: int, text: str
             ) -> TextMap | None:
    """A table row read as one "cell | cell" line: the cells numbered from ``number``."""
    if " | " not in text:
        return None
    pieces: list[Piece] = []
    joiners: list[str] = []
    shown = ""
    while number in targets and len(shown) < len(text):
        cell = targets[number]
        cell_text = " ".join(reader_text for _, reader_text in cell)
        shown = f"{shown} | {cell_text}" if shown else cell_text
        if not text.startswith(shown):
            return None
        if pieces:
            joiners.append(" | ")
        joiners.extend(" " for _ in cell[1:])
        pieces.extend(cell)
        number += 1
    return TextMap(tuple(pieces), tuple(joiners)) if shown == text else None


def _mark_block(pieces: tuple[tuple[Any, str], ...], comment_id: int) -> None:
    mark_paragraph(pieces[0][0], comment_id)
    if len(pieces) > 1:  # a table cell of several paragraphs: the range spans them all
        last = pieces[-1][0]
        first = pieces[0][0]
        end = first.find(qn("w:commentRangeEnd"))
        reference = end.getnext()
        last.append(end)
        last.append(reference)


def _docx_of_text(document: Document, path: Path) -> dict[int, int]:
    """Write the document's blocks as a .docx; block index -> paragraph number."""
    word = docx.Document()
    counter = 1
    kind = "PDF" if document.format == "pdf" else "text file"
    word.add_paragraph(f"Text of {Path(document.path).name} ({kind}) as read by secure-mou, "
                       "for review comments; the original is unchanged.")
    numbers: dict[int, int] = {}
    page = None
    for index, block in enumerate(document.blocks):
        if block.location.page is not None and block.location.page != page:
            page = block.location.page
            word.add_paragraph(f"[Page {page}]")
            counter += 1
        if block.kind == BlockKind.HEADING:
            word.add_heading(block.text, level=min(block.level or 1, 3))
        else:
            word.add_paragraph(block.text)
        counter += 1
        numbers[index] = counter
    word.save(str(path))
    return numbers
