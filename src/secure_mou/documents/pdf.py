"""Read a PDF into a located ``Document``.

Text and glyph boxes come from PDFium (through pypdfium2) rather than pdfminer: on the
benchmark agreement (``make bench``) the whole reader, layout included, takes 4-9% of the
time of a bare ``pdfplumber`` ``extract_text`` loop and yields the same words, and word
boxes are all the layout pass needs (see ``pdf_layout``).
PDFium is not thread-safe: read PDFs from one thread per process.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import DocumentError, too_many_chars
from . import ocr, pdf_layout
from .model import Document, RawBlock
from .pdf_layout import Line, Word
from .structure import build_document

# A page with less text than this but with an image is taken for a scan (a scanner may
# stamp a page number or a Bates number as text over the image).
SCANNED_PAGE_CHARS = 20
OCR_HINT = ("run with --ocr (needs Tesseract), or OCR it first, e.g. ocrmypdf, then check "
            "the OCR'd file")
# PDFium marks a hyphen that ends a line with U+FFFE and may run the next line straight
# on; the marker ends a word so each half keeps its own box.
_WORD = re.compile(r"[^\s\ufffe]+\ufffe?|\ufffe")


@dataclass(frozen=True, slots=True)
class _Page:
    number: int
    words: tuple[Word, ...]
    scanned: bool  # little or no text, but an image: a scanned page


def read_pdf(path: Path, *, sha256: str, max_chars: int | None = None) -> Document:
    """Read ``path`` (a PDF) into a ``Document`` with page and line locations.

    Line numbers count the body lines of each page in reading order, after running
    headers, footers and page numbers are removed. Raises ``DocumentError`` with code
    ``not_found``, ``encrypted``, ``corrupt``, ``no_text_layer`` (a scan), ``empty`` or
    ``too_large`` (more than ``max_chars`` characters, counted before any word is built).
    """
    pdf = _open(path)
    try:
        budget = _CharBudget(path, max_chars)
        pages = [_read_page(pdf, index, budget) for index in range(len(pdf))]
    except pdfium.PdfiumError as error:
        raise DocumentError(
            "corrupt", f"{path}: the PDF is damaged and cannot be read ({error})"
        ) from None
    finally:
        pdf.close()

    scanned_pages = tuple(page.number for page in pages if page.scanned)
    if scanned_pages and ocr.requested():
        return _with_ocr(path, sha256, pages, scanned_pages)
    page_rows = pdf_layout.strip_running_rows(
        [pdf_layout.rows(page.words, page.number) for page in pages]
    )
    lines: list[Line] = []
    for rows_of_page in page_rows:
        lines.extend(pdf_layout.reading_order(rows_of_page))
    paragraphs = pdf_layout.paragraphs(lines)
    body_chars = sum(len(p.text) for p in paragraphs)
    scanned = sum(1 for page in pages if page.scanned)
    if scanned and (not paragraphs or scanned * 2 > len(pages)):
        raise DocumentError(
            "no_text_layer",
            f"{path}: the PDF is a scanned image with no text layer "
            f"({scanned} of {len(pages)} pages are images only)",
            hint=OCR_HINT,
        )
    if not paragraphs or not body_chars:
        raise DocumentError("empty", f"{path}: the PDF contains no text")
    raw_blocks = [
        RawBlock(text=p.text, page=p.page, line=p.line, bold=p.bold) for p in paragraphs
    ]
    return build_document(str(path), "pdf", sha256, raw_blocks, pages=len(pages))


def _with_ocr(path: Path, sha256: str, pages: list[_Page],
              scanned: tuple[int, ...]) -> Document:
    """Text pages read as usual, scanned pages by OCR (a stamp over the scan dropped: the
    OCR reads it too), in page order; OCR blocks carry their confidence."""
    page_rows = pdf_layout.strip_running_rows(
        [pdf_layout.rows(() if page.scanned else page.words, page.number) for page in pages])
    lines: list[Line] = []
    for rows_of_page in page_rows:
        lines.extend(pdf_layout.reading_order(rows_of_page))
    raw_blocks = [RawBlock(text=p.text, page=p.page, line=p.line, bold=p.bold)
                  for p in pdf_layout.paragraphs(lines)]
    raw_blocks += [RawBlock(text=p.text, page=p.page, line=p.line,
                            ocr_confidence=p.confidence)
                   for p in ocr.ocr_pdf_pages(path, [n - 1 for n in scanned])]
    raw_blocks.sort(key=lambda b: (b.page or 0, b.line or 0))
    if not raw_blocks:
        raise DocumentError("empty", f"{path}: OCR found no text in the scanned pages")
    built = build_document(str(path), "pdf", sha256, raw_blocks, pages=len(pages))
    # build_document knows nothing of OCR: put each OCR block's confidence back by its
    # (page, line), which is unique per block
    confidence = {(b.page, b.line): b.ocr_confidence for b in raw_blocks
                  if b.ocr_confidence is not None}
    blocks = tuple(
        replace(b, location=replace(b.location, ocr_confidence=confidence[key]))
        if (key := (b.location.page, b.location.line)) in confidence else b
        for b in built.blocks)
    return replace(built, blocks=blocks, ocr_pages=scanned)


def _open(path: Path) -> pdfium.PdfDocument:
    if not path.is_file():
        what = "a directory, not a file" if path.is_dir() else "no such file"
        raise DocumentError("not_found", f"{path}: {what}")
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise DocumentError(
                "encrypted",
                f"{path}: the PDF is password-protected",
                hint="save an unprotected copy and check that",
            ) from None
        if error.err_code == pdfium_c.FPDF_ERR_SUCCESS:  # parsed, but holds no page
            raise DocumentError("empty", f"{path}: the PDF has no pages") from None
        raise DocumentError(
            "corrupt",
            f"{path}: not a readable PDF (truncated or damaged)",
            hint="re-export or re-download the file",
        ) from None
    except OSError as error:
        raise DocumentError("not_found", f"{path}: cannot open ({error.strerror})") from None


class _CharBudget:
    """Characters left for the document: a page's glyphs are counted before its words
    are built, so a page with a huge content stream stops the read early."""

    def __init__(self, path: Path, max_chars: int | None) -> None:
        self.path, self.max_chars, self.used = path, max_chars, 0

    def spend(self, count: int) -> None:
        self.used += count
        if self.max_chars is not None and self.used > self.max_chars:
            raise too_many_chars(self.path, self.max_chars)


def _read_page(pdf: pdfium.PdfDocument, index: int, budget: _CharBudget) -> _Page:
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        budget.spend(textpage.count_chars())
        text = textpage.get_text_range()
        words = tuple(_words(textpage, text))
        scanned = sum(len(w.text) for w in words) < SCANNED_PAGE_CHARS and _has_image(page)
    finally:
        textpage.close()
        page.close()
    return _Page(number=index + 1, words=words, scanned=scanned)


class _GlyphBoxes:
    """Loose glyph boxes straight from PDFium, flipped so y grows down the page.

    Calls the C function with one reused rectangle: the wrapper's per-call allocation was
    a third of the reading time, and it raises on a glyph without a box, where skipping
    that glyph is the right answer.
    """

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self._raw = textpage.raw
        self._rect = pdfium_c.FS_RECTF()
        self._rect_ref = ctypes.byref(self._rect)

    def __call__(self, index: int) -> tuple[float, float, float, float] | None:
        """(x0, top, x1, bottom) of glyph ``index``, or None when PDFium has no box."""
        if not pdfium_c.FPDFText_GetLooseCharBox(self._raw, index, self._rect_ref):
            return None
        rect = self._rect
        return rect.left, -rect.top, rect.right, -rect.bottom


def _words(textpage: pdfium.PdfTextPage, text: str) -> list[Word]:
    """Word boxes from the boxes of each word's first and last glyph.

    Two glyph look-ups per word instead of one per glyph is what makes this fast. Loose
    boxes (font ascent to descent) keep every line of one font the same height, so the
    gaps between lines measure spacing rather than which letters a line happens to hold.
    """
    count = textpage.count_chars()
    if len(text) != count:
        # Characters outside the BMP take two UTF-16 units and would shift every index
        # after them; fall back to one character per index.
        text = "".join(
            chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(count)
        )
    box = _GlyphBoxes(textpage)
    font_name = ctypes.create_string_buffer(96)
    flags = ctypes.c_int()
    words = []
    for match in _WORD.finditer(text):
        first, last = match.start(), match.end() - 1
        head, tail = box(first), box(last)
        if head is None or tail is None:
            words.extend(_split_word(box, match.group(), first))
            continue
        x0, top, _, bottom = head
        _, top2, x1, bottom2 = tail
        if x1 - x0 > 1.5 * (bottom - top) * (last - first + 1) or x1 < x0:
            # PDFium put no space between runs far apart (table cells, columns written
            # row by row); split the "word" where its glyphs jump.
            words.extend(_split_word(box, match.group(), first))
            continue
        pdfium_c.FPDFText_GetFontInfo(textpage.raw, first, font_name, 96, ctypes.byref(flags))
        words.append(
            Word(
                text=match.group(),
                x0=x0,
                x1=x1,
                top=min(top, top2),
                bottom=max(bottom, bottom2),
                bold=b"bold" in font_name.value.lower(),
            )
        )
    return words


def _split_word(box: _GlyphBoxes, text: str, start: int) -> list[Word]:
    # Each piece's characters are gathered in a list: growing a string glyph by glyph
    # made a long run without spaces quadratic.
    pieces: list[tuple[list[str], float, float, float, float]] = []
    for offset, char in enumerate(text):
        glyph = box(start + offset)
        if glyph is None:
            continue
        x0, top, x1, bottom = glyph
        if pieces and 0 <= x0 - pieces[-1][2] < 0.5 * (bottom - top):
            chars, first_x0, _, first_top, first_bottom = pieces[-1]
            chars.append(char)
            pieces[-1] = (chars, first_x0, x1, first_top, first_bottom)
        else:
            pieces.append(([char], x0, x1, top, bottom))
    return [Word("".join(chars), x0, x1, top, bottom) for chars, x0, x1, top, bottom in pieces]


def _has_image(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)))
