"""Measure a PDF's streams before PDFium parses a page: content is bounded by what it
holds, not by the file's size.

PDFium inflates and parses a page's whole content stream when the page loads, at about
14 bytes of memory per byte of content, and then its text page costs about 90 bytes per
character: a 4.7 MB PDF with a 40 MB content stream took 2.2 GB before a single word was
read. So every stream that could be page content (not an image, a font or a cross-
reference table) is inflated here in bounded chunks first, and a document whose content
passes the limits is ``too_large``. This is a scan of the bytes, not a PDF parser: it
can only overestimate (a stream it cannot classify counts as content).
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from ..errors import DocumentError

# A dense page of text is 5-30 KB of content; an agreement's largest stream is far below.
MAX_STREAM_BYTES = 16 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # also bounds the inflation work on many small bombs
_CHUNK = 1 << 16
_STREAM = re.compile(rb"stream\r?\n")
_DICT_START = re.compile(rb"<<")
_NOT_CONTENT = (b"/Image", b"/FontFile", b"/Length1", b"/XRef", b"/Metadata", b"/EmbeddedFile")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")


def check_streams(path: Path, data: bytes) -> None:
    """Raise ``too_large`` when a content stream of ``data`` inflates past the limits."""
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        head = data[max(0, match.start() - 2048):match.start()]
        opener = head.rfind(b"<<")
        dictionary = head[opener:] if opener >= 0 else b""
        if any(marker in dictionary for marker in _NOT_CONTENT):
            continue
        length = _LENGTH.search(dictionary)
        end = data.find(b"endstream", start)
        if length is not None:
            stop = min(start + int(length.group(1)), len(data))
        else:
            stop = end if end >= 0 else len(data)
        raw = data[start:stop]
        if b"/FlateDecode" in dictionary or b"/Fl " in dictionary or b"/Fl]" in dictionary:
            size = _inflated_size(raw, MAX_STREAM_BYTES)
        else:
            size = len(raw)
        total += size
        if size > MAX_STREAM_BYTES or total > MAX_TOTAL_BYTES:
            raise DocumentError(
                "too_large",
                f"{path}: the PDF's page content is larger than "
                f"{(MAX_STREAM_BYTES if size > MAX_STREAM_BYTES else MAX_TOTAL_BYTES) >> 20}"
                " MB", hint="this is not an ordinary agreement; check where it came from")


def _inflated_size(raw: bytes, limit: int) -> int:
    """How many bytes ``raw`` inflates to, stopping just past ``limit``; a damaged
    stream counts what inflated before the damage (PDFium reads as far as it can)."""
    inflater = zlib.decompressobj()
    size = 0
    data = raw
    try:
        while data and size <= limit:
            size += len(inflater.decompress(data, _CHUNK))
            data = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        pass
    return size
