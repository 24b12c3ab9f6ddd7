"""Hostile and damaged documents: every failure is a typed DocumentError, early and small.

One test per failure signature seen in fuzzing (issue 11), each on a minimal file built
here. Memory is asserted on a subprocess's peak RSS (RUSAGE_CHILDREN); subprocess
timeouts only guard against hangs, they are not assertions about speed.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from secure_mou.documents import read_document
from secure_mou.documents.pdf_layout import Line, Word, find_gutter
from secure_mou.errors import DocumentError

ENTRY = Path(sys.executable).parent / "secure-mou"


def small_docx(path: Path, text: str = "The SRO shall complete training.") -> bytes:
    word = docx.Document()
    word.add_paragraph(text)
    word.save(str(path))
    return path.read_bytes()


def code_of(path: Path, **limits: int) -> str:
    with pytest.raises(DocumentError) as caught:
        read_document(path, **limits)
    return caught.value.code


def central_directory(data: bytes) -> int:
    return data.index(b"PK\x01\x02")


def end_record(data: bytes) -> int:
    return data.rindex(b"PK\x05\x06")


def edited(tmp_path: Path, name: str, edit) -> Path:
    data = bytearray(small_docx(tmp_path / "base.docx"))
    edit(data)
    path = tmp_path / name
    path.write_bytes(bytes(data))
    return path


def test_a_displaced_central_directory_is_corrupt_not_an_oserror(tmp_path: Path) -> None:
    # zipfile seeks to a negative offset: OSError [Errno 22] escaped before.
    def displace(data: bytearray) -> None:
        at = end_record(data) + 16
        struct.pack_into("<L", data, at, struct.unpack_from("<L", data, at)[0] + 100_000)

    assert code_of(edited(tmp_path, "displaced.docx", displace)) == "corrupt"


def test_an_unknown_zip_version_is_corrupt(tmp_path: Path) -> None:
    # NotImplementedError: zip file version 9.9
    def version(data: bytearray) -> None:
        struct.pack_into("<H", data, central_directory(data) + 6, 99)

    assert code_of(edited(tmp_path, "version.docx", version)) == "corrupt"


def test_an_unknown_compression_method_is_corrupt(tmp_path: Path) -> None:
    # NotImplementedError: That compression method is not supported
    def method(data: bytearray) -> None:
        struct.pack_into("<H", data, central_directory(data) + 10, 99)

    path = edited(tmp_path, "method.docx", method)
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert caught.value.code == "corrupt" and "compression method" in caught.value.message


def test_damaged_deflate_data_is_corrupt(tmp_path: Path) -> None:
    # zlib.error: invalid distance too far back
    def scribble(data: bytearray) -> None:
        at = central_directory(data) - 200
        data[at:at + 50] = b"\xff" * 50

    assert code_of(edited(tmp_path, "zlib.docx", scribble)) == "corrupt"


def test_broken_document_xml_is_corrupt(tmp_path: Path) -> None:
    import zipfile

    small_docx(tmp_path / "base.docx")
    path = tmp_path / "xml.docx"
    with zipfile.ZipFile(tmp_path / "base.docx") as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "word/document.xml":
                body = body[: len(body) // 2]  # cut mid-element
            target.writestr(info, body)
    assert code_of(path) == "corrupt"


def lying_bomb(tmp_path: Path, inflated: int) -> Path:
    """A .docx with a part that declares 1,000 bytes but inflates to ``inflated``."""
    import zipfile

    small_docx(tmp_path / "base.docx")
    path = tmp_path / "liar.docx"
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\0" * (1 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(inflated >> 20)) + packer.flush()
    with zipfile.ZipFile(tmp_path / "base.docx") as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("customXml/pad.xml", b"x" * 1000)
    data = bytearray(path.read_bytes())
    # Swap the honest part's deflate data for the bomb's, keeping its declared sizes.
    local = data.rindex(b"PK\x03\x04customXml"[:4], 0, central_directory(data))
    name_len, extra_len = struct.unpack_from("<HH", data, local + 26)
    start = local + 30 + name_len + extra_len
    end = central_directory(data)
    old_size = end - start
    data[start:end] = stream
    shift = len(stream) - old_size
    struct.pack_into("<L", data, local + 18, len(stream))
    cd = central_directory(data)
    entry = data.rindex(b"PK\x01\x02", cd)  # the last entry is the padding part
    struct.pack_into("<L", data, entry + 20, len(stream))
    eocd = end_record(data)
    struct.pack_into("<L", data, eocd + 16, struct.unpack_from("<L", data, eocd + 16)[0] + shift)
    path.write_bytes(bytes(data))
    return path


def peak_child_mb(code: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``code`` in a fresh interpreter; its stdout, and its peak RSS in MB.

    ``ru_maxrss`` of RUSAGE_CHILDREN is the largest of all waited-for children, so each
    measurement runs in a grandchild that reports its own figure."""
    wrapper = (
        "import resource, subprocess, sys\n"
        f"done = subprocess.run([sys.executable, '-c', {code!r}], capture_output=True,"
        f" text=True, timeout={timeout})\n"
        "print(done.returncode); print(done.stdout.strip()); print(done.stderr.strip()[-300:])\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    result = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True,
                            timeout=timeout + 30, check=True)
    lines = result.stdout.splitlines()
    return result, int(lines[-1]) / 1024


def test_a_zip_bomb_whose_headers_lie_stops_early_and_small(tmp_path: Path) -> None:
    path = lying_bomb(tmp_path, 300 << 20)
    code = ("from secure_mou.documents import read_document\n"
            "from secure_mou.errors import DocumentError\n"
            f"try:\n    read_document({str(path)!r})\nexcept DocumentError as e:\n"
            "    print(e.code)\n")
    result, peak = peak_child_mb(code)
    assert result.stdout.splitlines()[1] == "corrupt", result.stdout
    assert peak < 250, f"{peak:.0f} MB"  # it inflated 300 MB before


def test_text_over_the_character_cap_is_too_large(tmp_path: Path) -> None:
    text = "The SRO shall complete training before assignment. " * 100
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    small_docx(tmp_path / "a.docx", text)
    for name in ("a.txt", "a.docx"):
        assert code_of(tmp_path / name, max_chars=1000) == "too_large", name
        assert read_document(tmp_path / name).blocks  # well under the default


def test_a_pdf_over_the_character_cap_is_too_large(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "The SRO shall complete training before assignment. " * 40)
    path = tmp_path / "a.pdf"
    pdf.output(str(path))
    assert code_of(path, max_chars=500) == "too_large"
    assert read_document(path).blocks


def line(*spans: tuple[float, float], top: float) -> Line:
    return Line(tuple(Word("w", x0, x1, top, top + 10) for x0, x1 in spans), 1)


def test_the_gutter_search_does_not_grow_with_coordinates() -> None:
    # One glyph at x = 2e8 made a 200-million-entry list (3 GB, 20 s).
    rows = [line((72, 290), (310, 540), top=100 + 12 * i) for i in range(20)]
    rows.append(line((72, 80), (2e8, 2e8 + 6), top=400))
    assert find_gutter(rows) is None  # no column starts at the far "gutter"'s edge
    two_columns = [line((72, 290), (310, 540), top=100 + 12 * i) for i in range(20)]
    assert find_gutter(two_columns) == (291, 310)


def minimal_pdf(content: bytes) -> bytes:
    """A one-page PDF with a Helvetica font and ``content`` as its content stream."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def test_a_glyph_far_off_the_page_costs_nothing(tmp_path: Path) -> None:
    lines = b"".join(b"BT /F1 11 Tf 72 %d Td (The SRO shall complete training.) Tj ET\n"
                     % (700 - 14 * i) for i in range(6))
    far = b"BT /F1 11 Tf 20000000 600 Td (Q) Tj ET\n"  # PDFium drops 2e8
    path = tmp_path / "far.pdf"
    path.write_bytes(minimal_pdf(lines + far))
    assert len(path.read_bytes()) < 1200
    code = ("from secure_mou.documents import read_document\n"
            f"print(len(read_document({str(path)!r}).blocks))\n")
    result, peak = peak_child_mb(code, timeout=60)
    assert int(result.stdout.splitlines()[1]) >= 1, result.stdout
    assert peak < 200, f"{peak:.0f} MB"  # 331 MB before (3.1 GB at x = 2e8)


def test_a_hostile_list_start_does_not_build_a_giant_label(tmp_path: Path) -> None:
    word = docx.Document()
    numbering = word.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="7"><w:lvl w:ilvl="0">'
        '<w:start w:val="999999999"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="(%1)"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="7"><w:abstractNumId w:val="7"/></w:num>'))
    paragraph = word.add_paragraph("The SRO shall complete training.")
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr>'))
    path = tmp_path / "start.docx"
    word.save(str(path))
    [block] = read_document(path).blocks
    assert block.text == "(999999999) The SRO shall complete training."


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_file_is_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("The SRO shall complete training.", encoding="utf-8")
    path.chmod(0)
    try:
        assert code_of(path) == "permission_denied"
    finally:
        path.chmod(0o600)


def test_a_dangling_symlink_and_a_fifo_are_typed(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    assert code_of(tmp_path / "gone.txt") == "not_found"
    os.mkfifo(tmp_path / "pipe.txt")
    assert code_of(tmp_path / "pipe.txt") == "unsupported_format"  # never blocks on it


def test_the_cli_reports_a_damaged_zip_with_exit_3(tmp_path: Path) -> None:
    def version(data: bytearray) -> None:
        struct.pack_into("<H", data, central_directory(data) + 6, 99)

    path = edited(tmp_path, "version.docx", version)
    done = subprocess.run([str(ENTRY), "read", str(path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 3, done.stderr
    assert "error[corrupt]" in done.stderr and "Traceback" not in done.stderr
