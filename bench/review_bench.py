"""The reviewer's workflow: annotate and diff on 40-page drafts, OCR throughput.

- ``annotate`` of a 40-page .docx adds under 0.5 s to a ``check`` of it: the check
  (read + match) and the writing of the commented copy are timed apart, in process.
- ``diff`` of two 40-page drafts (the second renumbered, with clauses reworded, added
  and removed) under 2 s in process: both checks, the alignment and the rendering.
- OCR: pages per second on one core, on pages rendered from the 1-page fixture and
  wrapped as image-only PDFs (reported, no target; skipped without Tesseract).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import docx
import pypdfium2 as pdfium
from fixtures import ensure_fixture
from read_bench import FIXTURES, _best_time
from result import Row

from secure_mou.review.annotate import annotate
from secure_mou.review.checking import ReviewChecker, RuleOptions
from secure_mou.review.diff import diff_drafts
from secure_mou.review.diff_output import diff_console

MAX_ANNOTATE_SECONDS = 0.5
MAX_DIFF_SECONDS = 2.0
OCR_PAGES = 3


def _revised(source: Path, into: Path) -> Path:
    """The draft with every 7th paragraph reworded, every 11th removed, one added."""
    word = docx.Document(str(source))
    for index, paragraph in enumerate(word.paragraphs):
        if index and index % 11 == 0:
            paragraph._p.getparent().remove(paragraph._p)
        elif index and index % 7 == 0 and paragraph.runs:
            paragraph.runs[0].text = "Revised: " + paragraph.runs[0].text
    word.add_paragraph("The SRO and school staff shall complete training each year in "
                       "de-escalation.")
    word.save(str(into))
    return into


def run() -> list[Row]:
    forty = ensure_fixture(FIXTURES, 40)
    checker = ReviewChecker(RuleOptions())
    checked = checker.check(forty.docx)  # warm: the first check builds spaCy's caches
    check = _best_time(lambda: checker.check(forty.docx))
    document, report = checked
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "reviewed.docx"
        write = _best_time(lambda: annotate(forty.docx, out, document, report,
                                            author="bench", only=None, tool=""))
        revised = _revised(forty.docx, Path(scratch) / "revised.docx")

        def compare() -> str:
            old, new = checker.check(forty.docx), checker.check(revised)
            return diff_console(diff_drafts(*old, *new))

        diff = _best_time(compare, budget=6.0, most=3)
    rows = [
        Row("review", "check 40p docx", check, "s", note=f"{len(document.blocks)} blocks"),
        Row("review", "annotate 40p docx (added)", write, "s",
            f"< {MAX_ANNOTATE_SECONDS}", write < MAX_ANNOTATE_SECONDS,
            note=f"{write / check:.2f}x the check"),
        Row("review", "diff two 40p drafts", diff, "s", f"< {MAX_DIFF_SECONDS}",
            diff < MAX_DIFF_SECONDS, note=f"{diff / check:.2f}x one check"),
    ]
    return rows + _ocr_rows()


def _scanned_copy(source: Path, into: Path, pages: int) -> Path:
    """The first ``pages`` pages of ``source`` as pictures only, as a scanner makes them."""
    pdf = pdfium.PdfDocument(source)
    images = []
    for index in range(pages):
        page = pdf[index]
        images.append(page.render(scale=200 / 72, grayscale=True).to_pil())
        page.close()
    pdf.close()
    images[0].save(into, "PDF", resolution=200.0, save_all=True, append_images=images[1:])
    return into


def _ocr_rows() -> list[Row]:
    if shutil.which("tesseract") is None:
        return [Row("review", "ocr pages/s/core", 0.0, "pages/s",
                    note="skipped: tesseract not installed (apt-get install tesseract-ocr)")]
    from secure_mou.documents.ocr import ocr_pdf_pages

    twenty = ensure_fixture(FIXTURES, 20)
    with tempfile.TemporaryDirectory() as scratch:
        scanned = _scanned_copy(twenty.pdf, Path(scratch) / "scan.pdf", OCR_PAGES)
        seconds = _best_time(lambda: ocr_pdf_pages(scanned, range(OCR_PAGES)),
                             budget=10.0, most=2)
    return [Row("review", "ocr pages/s/core", OCR_PAGES / seconds, "pages/s",
                note=f"{OCR_PAGES} pages at 300 dpi, one tesseract process at a time")]
