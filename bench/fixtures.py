"""Benchmark fixtures: the same agreement as PDF and DOCX, 1, 20 and 100 pages long.

Files go to ``.bench/`` (gitignored) and are reused while ``FIXTURE_VERSION`` is unchanged,
so repeated ``make bench`` runs time the readers, not fpdf2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from agreement_text import Passage, passages
from fpdf import FPDF

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

FIXTURE_VERSION = 1
PAGE_COUNTS = (1, 20, 100)
HEADER = "Memorandum of Understanding - Harbor County Public Schools and Sheriff's Office"


@dataclass(frozen=True)
class Fixture:
    pages: int
    pdf: Path
    docx: Path


class _AgreementPdf(FPDF):
    # fpdf2 calls these hooks on every page, which is what makes them "running".
    def header(self) -> None:
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 6, HEADER, align="C")
        self.ln(12)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 9)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")


_STYLE = {  # kind -> (font style, size, space before)
    "title": ("B", 14, 0),
    "heading": ("B", 12, 5),
    "subheading": ("B", 11, 3),
    "paragraph": ("", 11, 2),
    "item": ("", 11, 1),
}


def _write_pdf(path: Path, pages: int) -> list[int]:
    """Lay the agreement out until ``pages`` are full; return each passage's start page."""
    pdf = _AgreementPdf(format="letter")
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, margin=22)
    pdf.alias_nb_pages()
    pdf.add_page()
    starts: list[int] = []
    for passage in passages():
        style, size, before = _STYLE[passage.kind]
        pdf.set_font("Helvetica", style, size)
        indent = 8 if passage.kind == "item" else 0
        width = pdf.epw - indent
        height = cast(
            float, pdf.multi_cell(width, 5.5, passage.text, dry_run=True, output="HEIGHT")
        )
        if pdf.page_no() == pages and pdf.get_y() + before + height > pdf.page_break_trigger:
            break
        pdf.ln(before)
        starts.append(pdf.page_no())
        pdf.set_x(pdf.l_margin + indent)
        align = "C" if passage.kind == "title" else ("J" if passage.kind == "paragraph" else "L")
        pdf.multi_cell(width, 5.5, passage.text, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return starts


def _write_docx(path: Path, starts: list[int]) -> None:
    """The same passages as the PDF, with a page break wherever the PDF turned a page."""
    import docx  # python-docx; imported here so PDF-only runs do not pay for it
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = HEADER
    page = 1
    for passage, start in zip(passages(), starts, strict=False):
        if start != page:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            page = start
        _add_passage(document, passage)
    document.save(str(path))


def _add_passage(document: DocxDocument, passage: Passage) -> None:
    if passage.kind == "title":
        document.add_heading(passage.text, level=0)
    elif passage.kind == "heading":
        document.add_heading(passage.text, level=1)
    elif passage.kind == "subheading":
        document.add_heading(passage.text, level=2)
    elif passage.kind == "item":
        document.add_paragraph(passage.text, style="List Paragraph")
    else:
        document.add_paragraph(passage.text)


def ensure_fixture(root: Path, pages: int) -> Fixture:
    """Write the ``pages``-page fixture under ``root`` if it is missing, and return it."""
    root.mkdir(parents=True, exist_ok=True)
    stem = root / f"agreement-v{FIXTURE_VERSION}-{pages}p"
    pdf, docx_path = stem.with_suffix(".pdf"), stem.with_suffix(".docx")
    if not (pdf.exists() and docx_path.exists()):
        starts = _write_pdf(pdf, pages)
        _write_docx(docx_path, starts)
    return Fixture(pages=pages, pdf=pdf, docx=docx_path)


def ensure_fixtures(root: Path) -> list[Fixture]:
    """Write any missing fixture under ``root`` and return all of them."""
    return [ensure_fixture(root, pages) for pages in PAGE_COUNTS]
