"""Write small, exact PDFs for the reader's tests with fpdf2.

Every line is placed by hand, so a test knows which page and line each word is on. A
wrapped line of a justified paragraph reaches the right edge of its column; the factory
imitates that by spreading the words of ``justify`` lines to both edges, which is what lets
the reader tell a wrapped line from the end of a paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw

FONT_SIZE = 11
LEADING = 14.0  # points from one baseline to the next
TOP, LEFT, WIDTH = 90.0, 72.0, 468.0  # body box on a US-letter page, in points
GUTTER = 24.0
COLUMN = (WIDTH - GUTTER) / 2


@dataclass(frozen=True)
class Text:
    """One printed line."""

    text: str
    bold: bool = False
    justify: bool = False  # stretch to the full column width, as a wrapped line is
    indent: float = 0.0
    space_before: float = 0.0  # extra points above, as between paragraphs


@dataclass(frozen=True)
class Page:
    lines: Sequence[Text]
    right_column: Sequence[Text] = ()  # when given, ``lines`` is the left column
    title: Sequence[Text] = ()  # full-width lines above the columns


def paragraph(*lines: str, space_before: float = 0.0) -> list[Text]:
    """A paragraph's lines: all but the last are wrapped lines, so justified."""
    return [
        Text(text, justify=i < len(lines) - 1, space_before=space_before if i == 0 else 0.0)
        for i, text in enumerate(lines)
    ]


def write_pdf(
    path: Path,
    pages: Sequence[Page],
    *,
    header: str | None = None,
    footer: str | None = None,  # may use {page} and {pages}
    user_password: str | None = None,
) -> Path:
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    if user_password is not None:
        pdf.set_encryption(owner_password="owner-" + user_password, user_password=user_password)
    for number, page in enumerate(pages, start=1):
        pdf.add_page()
        if header:
            pdf.set_font("Helvetica", "I", 9)
            pdf.set_xy(LEFT, 40)
            pdf.cell(WIDTH, 12, header, align="C")
        if footer:
            pdf.set_font("Helvetica", "", 9)
            pdf.set_xy(LEFT, 740)
            pdf.cell(WIDTH, 12, footer.format(page=number, pages=len(pages)), align="C")
        y = _write_lines(pdf, page.title, LEFT, WIDTH, TOP)
        if page.right_column:
            _write_lines(pdf, page.right_column, LEFT + COLUMN + GUTTER, COLUMN, y)
            _write_lines(pdf, page.lines, LEFT, COLUMN, y)
        else:
            _write_lines(pdf, page.lines, LEFT, WIDTH, y)
    pdf.output(str(path))
    return path


def _write_lines(pdf: FPDF, lines: Sequence[Text], x: float, width: float, y: float) -> float:
    # A zero cell margin puts the first glyph exactly at x.
    pdf.c_margin = 0
    for line in lines:
        y += line.space_before
        pdf.set_font("Helvetica", "B" if line.bold else "", FONT_SIZE)
        words = line.text.split()
        left = x + line.indent
        if line.justify and len(words) > 1:
            # Justify as a typesetter does: words placed one by one, the slack shared out
            # between them, so the last glyph ends exactly at the column's right edge.
            slack = width - line.indent - sum(pdf.get_string_width(w) for w in words)
            gap = slack / (len(words) - 1)
            assert gap >= pdf.get_string_width(" "), f"line too long: {line.text!r}"
            for word in words:
                pdf.set_xy(left, y)
                pdf.cell(pdf.get_string_width(word), LEADING, word)
                left += pdf.get_string_width(word) + gap
        else:
            pdf.set_xy(left, y)
            pdf.cell(pdf.get_string_width(line.text), LEADING, line.text)
        y += LEADING
    return y


def write_scanned_pdf(path: Path, lines: Sequence[str], *, stamp: str | None = None) -> Path:
    """A PDF whose only content is a picture of text, as a scanner makes; ``stamp`` adds a
    line of real text over it, as scanning software does with Bates or page numbers."""
    image = Image.new("L", (850, 1100), color=255)
    draw = ImageDraw.Draw(image)
    for index, text in enumerate(lines):
        draw.text((100, 120 + 30 * index), text, fill=0)
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=612, h=792)
    if stamp:
        pdf.set_font("Helvetica", "", 8)
        pdf.set_xy(LEFT, 760)
        pdf.cell(WIDTH, 10, stamp, align="R")
    pdf.output(str(path))
    return path
