"""Decide a file's format from its bytes, never from its name.

Districts rename files freely (a ``.doc`` saved as ``.docx``, a scan called ``.pdf``), so
the extension is not evidence. The answer is one of the ``FORMAT_*`` names below; only
``pdf``, ``docx`` and ``text`` are readable, the rest map to a clear error.
"""

from __future__ import annotations

import codecs

FORMAT_PDF = "pdf"
FORMAT_DOCX = "docx"
FORMAT_TEXT = "text"
FORMAT_DOC = "doc"  # legacy Word 97-2003 (OLE2 compound file)
FORMAT_ENCRYPTED = "encrypted"  # password-protected OOXML: an OLE2 file holding EncryptedPackage
FORMAT_RTF = "rtf"
FORMAT_ZIP = "zip"  # a ZIP that is not a Word document (xlsx, pptx, odt, plain archive)
FORMAT_IMAGE = "image"
FORMAT_MARKUP = "markup"  # HTML ("Save as Web Page"), Word 2003 XML, flat OPC
FORMAT_BINARY = "binary"

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8")
_MARKUP_STARTS = (b"<!doctype html", b"<html", b"<?xml", b"<?mso-application")
_TEXT_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE,
              codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Acrobat accepts a PDF header anywhere in the first KiB (mail gateways prepend junk).
_PDF_WINDOW = 1024
_TEXT_WINDOW = 8192
# Bytes that never occur in text files; tab, LF, CR, FF and ESC are excluded on purpose.
_CONTROL = frozenset(range(0x09)) | {0x0B} | frozenset(range(0x0E, 0x1B)) | frozenset(
    range(0x1C, 0x20))


def sniff_format(head: bytes) -> str:
    """The format of a file whose first bytes (ideally all of them) are ``head``.

    OLE2 and ZIP containers are told apart by the names they hold, so pass the whole file
    when you can; a truncated ``head`` still classifies most files correctly.
    """
    if b"%PDF-" in head[:_PDF_WINDOW]:
        return FORMAT_PDF
    if head.startswith(_ZIP_MAGICS):
        # The part name sits in the local header and again in the central directory, so a
        # byte search also recognises a truncated .docx (reported later as corrupt).
        return FORMAT_DOCX if b"word/document.xml" in head else FORMAT_ZIP
    if head.startswith(_OLE2):
        # Directory entry names in a compound file are UTF-16LE.
        if "EncryptedPackage".encode("utf-16-le") in head:
            return FORMAT_ENCRYPTED
        return FORMAT_DOC
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return FORMAT_RTF
    if head.startswith(_IMAGE_MAGICS):
        return FORMAT_IMAGE
    if head[:64].lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_MARKUP_STARTS):
        # Read as text these would feed tags and styles to the rules as if they were clauses.
        return FORMAT_MARKUP
    return FORMAT_TEXT if looks_like_text(head[:_TEXT_WINDOW]) else FORMAT_BINARY


def looks_like_text(sample: bytes) -> bool:
    """True when ``sample`` is plausibly text in some encoding (UTF-16 included)."""
    if sample.startswith(_TEXT_BOMS):
        return True
    if b"\x00" in sample:
        return _looks_like_utf16(sample)
    if not sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL)
    return controls / len(sample) < 0.01


def utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when ``sample`` looks like BOM-less UTF-16 of mostly
    Latin text (every other byte NUL), else None."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _looks_like_utf16(sample: bytes) -> bool:
    return utf16_without_bom(sample) is not None
