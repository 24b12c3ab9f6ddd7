"""OCR of scanned PDF pages with Tesseract, called directly on PDFium-rendered images.

Opt-in (``--ocr``): without it a scanned PDF is refused with ``no_text_layer``, as
before. The switch is the ``SECURE_MOU_OCR`` environment variable, set by the command
after checking that Tesseract is installed, so that one switch reaches every reader,
including the worker processes of ``scan``, without an option threaded through modules
that know nothing of OCR.

Each paragraph Tesseract finds becomes a block with the mean confidence (0-100) of its
words; a paragraph under ``LOW_CONFIDENCE`` is one a reader should check against the
scan before relying on it.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from ..errors import DocumentError, UsageError

OCR_ENV = "SECURE_MOU_OCR"
PACKAGE = "tesseract-ocr"
INSTALL_HINT = f"install Tesseract, e.g. `apt-get install {PACKAGE}` (Debian/Ubuntu)"
DPI = 300  # Tesseract's accuracy falls off quickly below 300 dpi for 10-12 pt type
LOW_CONFIDENCE = 70.0
PAGE_TIMEOUT = 120  # seconds; a page that takes longer is not an ordinary page


@dataclass(frozen=True)
class OcrParagraph:
    text: str
    page: int
    line: int  # the paragraph's first line, counted down the page
    confidence: float  # mean word confidence, 0-100


def tesseract() -> str | None:
    return shutil.which("tesseract")


def enable_ocr() -> None:
    """Turn OCR on for this process and its children; a usage error without Tesseract."""
    if tesseract() is None:
        raise UsageError("--ocr needs Tesseract, which is not installed",
                         hint=INSTALL_HINT, code="ocr_unavailable")
    os.environ[OCR_ENV] = "1"


def requested() -> bool:
    return os.environ.get(OCR_ENV) == "1"


def ocr_pdf_pages(path: Path, indexes: Iterable[int]) -> list[OcrParagraph]:
    """OCR the pages ``indexes`` (0-based) of the PDF at ``path``, in page order."""
    program = tesseract()
    if program is None:
        raise UsageError("--ocr needs Tesseract, which is not installed",
                         hint=INSTALL_HINT, code="ocr_unavailable")
    pdf = pdfium.PdfDocument(path)
    out: list[OcrParagraph] = []
    try:
        with tempfile.TemporaryDirectory(prefix="secure-mou-ocr-") as scratch:
            for index in sorted(indexes):
                image = Path(scratch) / f"page-{index + 1}.png"
                page = pdf[index]
                try:
                    page.render(scale=DPI / 72, grayscale=True).to_pil().save(image)
                finally:
                    page.close()
                out.extend(paragraphs(_run(program, image, path), index + 1))
                image.unlink()
    finally:
        pdf.close()
    return out


def _run(program: str, image: Path, source: Path) -> str:
    # One thread per Tesseract: pages are read one at a time per process, and scan's
    # worker processes already use every core; OpenMP threads would oversubscribe them.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run([program, str(image), "stdout", "-l", "eng", "--psm", "3",
                               "tsv"], capture_output=True, text=True, timeout=PAGE_TIMEOUT,
                              check=False, env=env)
    except subprocess.TimeoutExpired:
        raise DocumentError("corrupt", f"{source}: OCR of a page took over "
                            f"{PAGE_TIMEOUT} s") from None
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["no message"])[-1][:160]
        raise DocumentError("corrupt", f"{source}: Tesseract failed ({detail})",
                            hint="check that the English data (tesseract-ocr-eng) is "
                                 "installed")
    return done.stdout


def paragraphs(tsv: str, page: int) -> list[OcrParagraph]:
    """Tesseract's TSV (one row per word, with block/paragraph/line numbers) as
    paragraphs with their first line number and mean confidence."""
    grouped: dict[tuple[str, str], list[tuple[str, float, int]]] = {}
    lines: dict[tuple[str, str, str], int] = {}
    for row in csv.DictReader(tsv.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        line_key = (row["block_num"], row["par_num"], row["line_num"])
        line = lines.setdefault(line_key, len(lines) + 1)
        try:
            confidence = max(float(row["conf"]), 0.0)
        except (TypeError, ValueError):
            confidence = 0.0
        grouped.setdefault((row["block_num"], row["par_num"]), []).append(
            (row["text"].strip(), confidence, line))
    out = []
    for words in grouped.values():
        text = " ".join(w for w, _, _ in words)
        mean = sum(c for _, c, _ in words) / len(words)
        out.append(OcrParagraph(text=text, page=page, line=words[0][2],
                                confidence=round(mean, 1)))
    return out
