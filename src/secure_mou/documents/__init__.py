"""Reading agreements: ``read_document`` turns a .docx, .pdf or text file into a ``Document``.

The format is decided from the file's bytes (``sniff_format``), never its extension, and
every way a file can be unreadable is a ``DocumentError`` with a stable code. Files are
only ever opened for reading.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

from ..errors import DocumentError, too_many_chars
from .model import Document
from .sniff import (
    FORMAT_DOC,
    FORMAT_DOCX,
    FORMAT_ENCRYPTED,
    FORMAT_IMAGE,
    FORMAT_MARKUP,
    FORMAT_PDF,
    FORMAT_RTF,
    FORMAT_TEXT,
    FORMAT_ZIP,
    sniff_format,
)

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_CHARS", "read_document", "sniff_format"]

# Large enough for a scanned 100-page PDF; small enough that a stray video is refused fast.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# A long agreement holds about 100,000 characters. The rules engine's memory grows with
# the text (measured: 355 MB at 1 M characters, 790 MB at 2 M, 3 GB at 5 M), so this cap
# keeps a check under 1 GB.
DEFAULT_MAX_CHARS = 2_000_000
# What the parsers underneath (zipfile, lxml, PDFium, codecs) raise on damage that the
# readers' own checks do not recognise; at this boundary each is a corrupt document.
_PARSER_FAILURES = (OSError, ValueError, KeyError, IndexError, NotImplementedError,
                    EOFError, zlib.error, struct.error, RecursionError, OverflowError)

_REFUSALS: dict[str, tuple[str, str, str]] = {  # format -> (code, message, hint)
    FORMAT_DOC: ("unsupported_format", "this is a legacy Word 97-2003 .doc file",
                 "open it in Word and save it as .docx, or export a PDF"),
    FORMAT_ENCRYPTED: ("encrypted", "this Word file is password-protected",
                       "remove the password (File > Info > Protect Document) and retry"),
    FORMAT_RTF: ("unsupported_format", "this is an RTF file",
                 "open it in Word and save it as .docx, or export a PDF"),
    FORMAT_ZIP: ("unsupported_format", "this is a ZIP archive but not a Word document",
                 "extract the agreement, or save it as .docx or PDF"),
    FORMAT_MARKUP: ("unsupported_format", "this is an HTML or XML file, not a document",
                    "open it in Word and save it as .docx, or export a PDF"),
    FORMAT_IMAGE: ("unsupported_format", "this is an image, not a document",
                   "run OCR to make a searchable PDF, or supply the .docx"),
}


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                  max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    """Read the agreement at ``path``.

    Raises ``DocumentError`` with code ``not_found``, ``permission_denied``,
    ``too_large`` (over ``max_bytes`` bytes or ``max_chars`` characters of text),
    ``empty`` (no bytes or no text), ``unsupported_format``, ``encrypted``, ``corrupt``
    or, from the PDF reader, ``no_text_layer``.
    """
    path = Path(path)
    data = _read_bytes(path, max_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    fmt = sniff_format(data)
    try:
        document = _read_format(path, fmt, sha256, data, max_chars)
    except DocumentError:
        raise
    except _PARSER_FAILURES as err:
        detail = str(err).splitlines()[0][:120] if str(err).strip() else type(err).__name__
        raise DocumentError("corrupt", f"{path}: the file is damaged and cannot be read "
                            f"({detail})", hint="re-export or re-download the file") from err
    if not document.blocks:
        raise DocumentError("empty", f"{path}: the document contains no text")
    chars = sum(len(block.text) for block in document.blocks)
    if chars > max_chars:
        raise too_many_chars(path, max_chars)
    return document


def _read_format(path: Path, fmt: str, sha256: str, data: bytes, max_chars: int
                 ) -> Document:
    if fmt == FORMAT_PDF:
        from .pdf import read_pdf  # lazy: pdfplumber is slow to import and only PDFs need it
        from .pdf_streams import check_streams

        check_streams(path, data)
        return read_pdf(path, sha256=sha256, max_chars=max_chars)
    if fmt == FORMAT_DOCX:
        from .docx import read_docx

        return read_docx(path, sha256=sha256, max_chars=max_chars)
    if fmt == FORMAT_TEXT:
        from .text import read_text

        if len(data) > 4 * max_chars:  # no encoding spends more than 4 bytes a character
            raise too_many_chars(path, max_chars)
        return read_text(path, sha256=sha256, data=data)
    if fmt in _REFUSALS:
        code, message, hint = _REFUSALS[fmt]
        raise DocumentError(code, f"{path}: {message}", hint=hint)
    raise DocumentError("unsupported_format",
                        f"{path}: not a DOCX, PDF or text file (binary content)",
                        hint="supply the agreement as .docx, PDF or plain text")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    if not path.exists():
        dangling = path.is_symlink()
        raise DocumentError("not_found", f"{path}: " + (
            "a symbolic link that leads nowhere (a missing target or a loop)" if dangling
            else "no such file"))
    if path.is_dir():
        raise DocumentError("not_found", f"{path}: is a directory, not a file",
                            hint="use `secure-mou scan` for a folder")
    if not path.is_file():  # a FIFO or a device would block or never end
        raise DocumentError("unsupported_format", f"{path}: not a regular file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError("too_large",
                                f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may grow after stat()
    except PermissionError as err:
        raise DocumentError("permission_denied", f"{path}: permission denied",
                            hint="make the file readable by this user") from err
    except OSError as err:
        raise DocumentError("not_found", f"{path}: cannot be read ({err.strerror})") from err
    if len(data) > max_bytes:
        raise DocumentError("too_large", f"{path}: over the {max_bytes:,}-byte limit")
    if not data:
        raise DocumentError("empty", f"{path}: the file is empty (0 bytes)")
    return data
