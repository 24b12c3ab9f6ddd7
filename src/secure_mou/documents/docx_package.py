"""Vet a .docx package before python-docx touches it: damage and decompression bombs.

The sizes a ZIP declares are not evidence: a bomb can declare a few KB and inflate to
gigabytes, and ``zipfile`` (which python-docx uses) inflates a part in one call with no
output bound when it is read whole. So every part is inflated here first, in bounded
chunks, against a hard cap on the *actual* total; a part that inflates to more or less
than it declares, or fails its CRC, is damaged. Once a package passes, python-docx can
only inflate what was measured here.

Only the two methods Word writes (stored and deflate) are accepted: bzip2 and LZMA
decompress without an output bound in ``zipfile`` and never occur in a real .docx.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from ..errors import DocumentError

# An MOU's XML is a few MB at most; images are stored already compressed, so anything
# near this is a decompression bomb, not an agreement.
DEFAULT_MAX_UNCOMPRESSED = 128 * 1024 * 1024
# Word XML compresses 10-30x; a large part that declares far better is padding.
MAX_RATIO = 100
RATIO_CHECK_FLOOR = 8 * 1024 * 1024
# The body's XML becomes a tree of about 6 bytes per byte of XML; a 100-page agreement
# has 1-3 MB of it, and this keeps the tree under 400 MB.
MAX_BODY_XML = 64 * 1024 * 1024
BODY = "word/document.xml"
MAX_PARTS = 10_000  # Word writes a few dozen; a central directory of millions is an attack
_CHUNK = 1 << 16
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # zipfile's structFileHeader
_LOCAL_MAGIC = b"PK\x03\x04"
_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})


def corrupt(path: Path, err: BaseException | str) -> DocumentError:
    text = str(err)
    detail = text.splitlines()[0][:120] if text.strip() else type(err).__name__
    return DocumentError("corrupt", f"{path.name} is a damaged Word file: {detail}",
                         hint="open it in Word and save it again, or export a PDF")


def _bomb(path: Path, limit: int) -> DocumentError:
    return DocumentError("too_large",
                         f"{path.name} expands to more than {limit:,} bytes",
                         hint="this is not an ordinary agreement; check where it came from")


def _body_too_large(path: Path) -> DocumentError:
    return DocumentError("too_large", f"{path.name}: the body of the document is over "
                         f"{MAX_BODY_XML >> 20} MB of XML",
                         hint="this is not an ordinary agreement; split it into parts")


def check_package(path: Path, limit: int = DEFAULT_MAX_UNCOMPRESSED) -> None:
    """Inflate every part of the package at ``path`` under a total cap of ``limit`` bytes.

    Raises ``DocumentError`` ``too_large`` (the cap) or ``corrupt`` (anything damaged:
    a bad central directory, a displaced or missing local header, an unknown
    compression method, a size or CRC that does not match)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise corrupt(path, f"{len(infos):,} parts in the package")
            if sum(info.file_size for info in infos) > limit:
                raise _bomb(path, limit)
            for info in infos:
                if info.filename == BODY and info.file_size > MAX_BODY_XML:
                    raise _body_too_large(path)
            _check_ratios(path, infos)
            with path.open("rb") as raw:
                total = 0
                for info in infos:
                    # The body's declared size was checked above; a body that inflates
                    # past it is a liar, stopped by the declared-size check in _inflate.
                    total += _inflate(path, raw, info, limit - total)
    except DocumentError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError, struct.error, zlib.error, OverflowError) as err:
        raise corrupt(path, err) from err


def _check_ratios(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    for info in infos:
        if (info.file_size > RATIO_CHECK_FLOOR
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise DocumentError("too_large",
                                f"{path.name}: part {info.filename} compresses "
                                f"{info.file_size // max(info.compress_size, 1)}:1, "
                                "which only a decompression bomb does",
                                hint="this is not an ordinary agreement")


def _inflate(path: Path, raw: BinaryIO, info: zipfile.ZipInfo, budget: int) -> int:
    """Inflate one part within ``budget`` bytes; return how many it really holds."""
    if info.compress_type not in _METHODS:
        raise corrupt(path, f"part {info.filename}: compression method "
                            f"{info.compress_type} is not one Word uses")
    if info.flag_bits & 0x1:
        raise corrupt(path, f"part {info.filename} is encrypted")
    raw.seek(info.header_offset)
    header = raw.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        raise corrupt(path, f"part {info.filename}: truncated local header")
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != _LOCAL_MAGIC:
        raise corrupt(path, f"part {info.filename}: bad local header")
    raw.seek(fields[9] + fields[10], 1)  # the name and extra field, as zipfile skips them
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    compressed_left, produced, crc = info.compress_size, 0, 0
    while compressed_left > 0 or (inflater is not None and inflater.unconsumed_tail):
        if inflater is not None and inflater.unconsumed_tail:
            data = inflater.unconsumed_tail
        else:
            data = raw.read(min(_CHUNK, compressed_left))
            if not data:
                raise corrupt(path, f"part {info.filename} is truncated")
            compressed_left -= len(data)
        out = data if inflater is None else inflater.decompress(data, _CHUNK)
        produced += len(out)
        if produced > budget:
            raise _bomb(path, budget)
        if produced > info.file_size:
            raise corrupt(path, f"part {info.filename} holds more than it declares")
        crc = zlib.crc32(out, crc)
        if inflater is not None and inflater.eof:
            break
    if inflater is not None and not inflater.eof:
        raise corrupt(path, f"part {info.filename}: the compressed data ends early")
    if produced != info.file_size or crc != info.CRC:
        raise corrupt(path, f"part {info.filename}: size or checksum does not match")
    return produced
