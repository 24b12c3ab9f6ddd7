"""Render docs/img/annotate-oak-hollow.png: page 1 of an annotated sample agreement.

    .venv/bin/python docs/img/render_annotated.py

LibreOffice (headless) converts the annotated .docx to PDF with the comments as PDF
text annotations; this script draws the page with PDFium and writes each comment's text
in a right-hand margin beside the line it is anchored on, as Word's review pane does
(LibreOffice 7.4 cannot export comments in the margin itself). Needs `soffice`.
"""

from __future__ import annotations

import ctypes
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_mous" / "oak-hollow-table-2022.docx"
OUT = Path(__file__).with_name("annotate-oak-hollow.png")
SCALE, MARGIN = 1.5, 560
EXPORT = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'


def contents(annotation: object) -> str:
    size = pdfium_c.FPDFAnnot_GetStringValue(annotation, b"Contents", None, 0)
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFAnnot_GetStringValue(annotation, b"Contents",
                                      ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)),
                                      size)
    return buffer.raw[:size - 2].decode("utf-16-le", errors="replace")


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "oak-hollow-reviewed.docx"
        subprocess.run([str(Path(sys.executable).with_name("secure-mou")), "annotate",
                        str(SAMPLE), "-o", str(copy), "--author", "District counsel"],
                       check=True)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{scratch}/profile",
                        "--headless", "--convert-to", EXPORT, "--outdir", scratch,
                        str(copy)], check=True, capture_output=True, timeout=180)
        pdf = pdfium.PdfDocument(Path(scratch) / "oak-hollow-reviewed.pdf")
        page = pdf[0]
        image = page.render(scale=SCALE).to_pil()
        notes = []
        for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
            annotation = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
            if pdfium_c.FPDFAnnot_GetSubtype(annotation) == pdfium_c.FPDF_ANNOT_TEXT:
                rect = pdfium_c.FS_RECTF()
                pdfium_c.FPDFAnnot_GetRect(annotation, ctypes.byref(rect))
                top = (page.get_height() - rect.top) * SCALE
                notes.append((top, contents(annotation)))
            pdfium_c.FPDFPage_CloseAnnot(annotation)
        page.close()
        pdf.close()
    sheet = Image.new("RGB", (image.width + MARGIN, image.height), "white")
    sheet.paste(image, (0, 0))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=13)
    bold = ImageFont.load_default(size=14)
    # One box per anchor (the title holds the summary and the gaps placed there): the
    # summary or the first comment, with a count of the rest.
    by_anchor: dict[int, list[str]] = {}
    for top, text in notes:
        by_anchor.setdefault(round(top), []).append(text)
    shown = []
    for top, texts in sorted(by_anchor.items()):
        texts.sort(key=lambda t: not t.startswith("SECURE rubric review"))
        more = f" (+{len(texts) - 1} more here)" if len(texts) > 1 else ""
        first = texts[0].splitlines()
        shown.append((top, "\n".join([first[0] + more, *first[1:]])))
    y = 10.0
    for top, text in shown:
        y = max(y, top)
        lines = text.splitlines()
        head = textwrap.wrap(lines[0], 62)
        body = textwrap.wrap(" ".join(lines[1:3]), 70)[:4]
        height = 18 * (len(head) + len(body)) + 14
        if y + height > sheet.height:
            break
        x0 = image.width + 14
        draw.rectangle((x0, y, sheet.width - 10, y + height), fill="#fff4c2",
                       outline="#d9b300")
        draw.line((image.width - 40, top + 6, x0, y + 8), fill="#d9b300", width=2)
        line_y = y + 6
        for line in head:
            draw.text((x0 + 8, line_y), line, fill="black", font=bold)
            line_y += 18
        for line in body:
            draw.text((x0 + 8, line_y), line, fill="#333333", font=font)
            line_y += 18
        y += height + 8
    sheet.save(OUT, optimize=True)
    print(f"{OUT}: {len(notes)} comments on page 1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
