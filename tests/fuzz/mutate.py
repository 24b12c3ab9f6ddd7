"""Seeded mutations of the sample agreements: what a damaged download, a bad converter
or an attacker produces. Every case is a pure function of (seed, index), so a failing
case is reproduced from its number alone.

Byte-level: flips, truncations, chunk moves and duplications. ZIP-level (.docx): edits
of central-directory and local-header fields (sizes, offsets, versions, methods, name
lengths), dropped and duplicated entries. XML-level (.docx): cut, duplicated and
deeply nested elements, huge attributes and text, entity declarations.
"""

from __future__ import annotations

import io
import random
import struct
import warnings
import zipfile
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "sample_mous"
SEED_SUFFIXES = (".docx", ".pdf", ".txt")


def seeds() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.suffix in SEED_SUFFIXES)


def _flip(data: bytearray, rng: random.Random) -> None:
    for _ in range(rng.randint(1, 16) if data else 0):
        data[rng.randrange(len(data))] = rng.randrange(256)


def _truncate(data: bytearray, rng: random.Random) -> None:
    if len(data) > 1:
        del data[rng.randrange(1, len(data)):]


def _move_chunk(data: bytearray, rng: random.Random) -> None:
    if not data:
        return
    start = rng.randrange(len(data))
    chunk = data[start:start + rng.randint(1, 4096)]
    if rng.random() < 0.5:
        del data[start:start + len(chunk)]
    at = rng.randrange(len(data) + 1)
    data[at:at] = chunk * rng.choice((1, 1, 2, 16))


_ZIP_FIELDS = (  # (record magic, offset of a field, struct format)
    (b"PK\x01\x02", 6, "<H"), (b"PK\x01\x02", 10, "<H"), (b"PK\x01\x02", 16, "<L"),
    (b"PK\x01\x02", 20, "<L"), (b"PK\x01\x02", 24, "<L"), (b"PK\x01\x02", 28, "<H"),
    (b"PK\x01\x02", 30, "<H"), (b"PK\x01\x02", 42, "<L"), (b"PK\x03\x04", 8, "<H"),
    (b"PK\x03\x04", 18, "<L"), (b"PK\x03\x04", 22, "<L"), (b"PK\x03\x04", 26, "<H"),
    (b"PK\x05\x06", 10, "<H"), (b"PK\x05\x06", 12, "<L"), (b"PK\x05\x06", 16, "<L"),
)
_EXTREMES = (0, 1, 0xFF, 0xFFFF, 0xFFFFFFFF, 0x7FFFFFFF, 99, 63, 12, 14)


def _zip_field(data: bytearray, rng: random.Random) -> None:
    magic, offset, fmt = rng.choice(_ZIP_FIELDS)
    places = [i for i in range(len(data)) if data.startswith(magic, i)][:64]
    if not places:
        return _flip(data, rng)
    at = rng.choice(places) + offset
    size = struct.calcsize(fmt)
    if at + size > len(data):
        return None
    old = struct.unpack_from(fmt, data, at)[0]
    limit = 0xFFFF if fmt == "<H" else 0xFFFFFFFF
    value = rng.choice((*_EXTREMES, old + rng.randint(-64, 64), old * 2, old // 2))
    struct.pack_into(fmt, data, at, max(0, min(limit, value)))
    return None


def _parts(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(info, archive.read(info)) for info in archive.infolist()]
    except Exception:  # a seed that is not a readable zip: mutate its bytes instead
        return None


def _repack(parts: list[tuple[zipfile.ZipInfo, bytes]]) -> bytearray:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # duplicated entries are the point
        for info, body in parts:
            archive.writestr(info.filename, body)
    return bytearray(out.getvalue())


def _zip_entries(data: bytearray, rng: random.Random) -> None:
    parts = _parts(bytes(data))
    if not parts:
        return _flip(data, rng)
    index = rng.randrange(len(parts))
    if rng.random() < 0.5:
        del parts[index]
    else:
        parts.insert(rng.randrange(len(parts) + 1), parts[index])
    data[:] = _repack(parts)
    return None


_XML_EDITS = ("cut", "dup", "nest", "attr", "text", "entity", "flip")


def _xml_edit(xml: bytes, rng: random.Random) -> bytes:
    if not xml:
        return b"<"
    edit = rng.choice(_XML_EDITS)
    if edit == "cut":
        start = rng.randrange(len(xml))
        return xml[:start] + xml[start + rng.randint(1, 200):]
    if edit == "dup":
        start = xml.find(b"<w:p", rng.randrange(len(xml)))
        end = xml.find(b"</w:p>", start)
        if start < 0 or end < 0:
            return xml
        return xml[:end + 6] + xml[start:end + 6] * rng.choice((2, 50, 2000)) + xml[end + 6:]
    if edit == "nest":
        at = xml.find(b"<w:body>") + 8
        depth = rng.choice((50, 500, 5000))
        return xml[:at] + b"<w:sdt><w:sdtContent>" * depth + xml[at:]
    if edit == "attr":
        return xml.replace(b'w:val="', b'w:val="' + b"9" * rng.choice((10, 10000)), 1)
    if edit == "text":
        return xml.replace(b"<w:t>", b"<w:t>" + b"SRO " * rng.choice((10, 100_000)), 1)
    if edit == "entity":
        head = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">' \
               b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        body = xml.split(b"?>", 1)[-1]
        return head + body.replace(b"<w:t>", b"<w:t>&b;", 1)
    buf = bytearray(xml)
    _flip(buf, rng)
    return bytes(buf)


def _xml(data: bytearray, rng: random.Random) -> None:
    parts = _parts(bytes(data))
    names = [info.filename for info, _ in parts or ()]
    if not parts or "word/document.xml" not in names:
        return _flip(data, rng)
    target = rng.choice(["word/document.xml"] * 3 + [n for n in names if n.endswith(".xml")])
    parts = [(info, _xml_edit(body, rng) if info.filename == target else body)
             for info, body in parts]
    data[:] = _repack(parts)
    return None


BYTE_MUTATIONS = (_flip, _truncate, _move_chunk)
ZIP_MUTATIONS = (_zip_field, _zip_entries, _xml)


def mutate(seed: bytes, suffix: str, rng: random.Random) -> bytes:
    data = bytearray(seed)
    mutations = BYTE_MUTATIONS + (ZIP_MUTATIONS * 2 if suffix == ".docx" else ())
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        if not data:
            break
        rng.choice(mutations)(data, rng)
    return bytes(data)


def write_cases(directory: Path, count: int, seed: int, start: int = 0) -> list[Path]:
    """Cases ``start`` .. ``start + count - 1`` of the run seeded with ``seed``."""
    samples = seeds()
    blobs = {p: p.read_bytes() for p in samples}
    paths = []
    for index in range(start, start + count):
        rng = random.Random(f"{seed}:{index}")
        sample = rng.choice(samples)
        path = directory / f"case{index:05}-{sample.stem}{sample.suffix}"
        path.write_bytes(mutate(blobs[sample], sample.suffix, rng))
        paths.append(path)
    return paths
