"""Big but well-formed files: `check` stays under 1 GB at the default limits.

The two files of issue 11 are built here: a ~44 MB .docx holding ~110 MB of body XML
(`check` was killed at 20 GB) and a PDF whose one page has a 40 MB content stream
(killed at 24 GB). Peak memory is the RSS high-water mark of the `check` process,
read with getrusage(RUSAGE_CHILDREN) in a wrapper process that runs nothing else.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import docx

ENTRY = Path(sys.executable).parent / "secure-mou"
LIMIT_MB = 1024
# Random lowercase words: Word XML of real text compresses about this badly.
_LETTERS = bytes((list(range(97, 123)) * 9 + [32] * 22)[:256])


def big_docx(path: Path, xml_bytes: int = 110 << 20) -> Path:
    rng = random.Random(44)
    base = path.with_suffix(".base.docx")
    word = docx.Document()
    word.add_paragraph("x")
    word.save(str(base))
    with zipfile.ZipFile(base) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    head = parts["word/document.xml"].split(b"<w:body>")[0] + b"<w:body>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for name, body in parts.items():
            if name != "word/document.xml":
                out.writestr(name, body)
        with out.open("word/document.xml", "w") as stream:
            stream.write(head)
            written = 0
            while written < xml_bytes:
                text = rng.randbytes(1 << 20).translate(_LETTERS)
                chunk = b"".join(
                    b'<w:p><w:pPr><w:spacing w:after="0" w:line="240"/><w:jc w:val="both"/>'
                    b'</w:pPr><w:r><w:rPr><w:sz w:val="22"/></w:rPr><w:t xml:space="preserve">'
                    + text[i:i + 300] + b"</w:t></w:r></w:p>" for i in range(0, len(text), 300))
                stream.write(chunk)
                written += len(chunk)
            stream.write(b"<w:sectPr/></w:body></w:document>")
    base.unlink()
    return path


def big_pdf(path: Path, content_bytes: int = 40 << 20) -> Path:
    rng = random.Random(40)
    lines = b"".join(b"BT /F1 4 Tf %d %d Td (%s) Tj ET\n" % (
        rng.randint(10, 560), rng.randint(10, 780), rng.randbytes(8).translate(_LETTERS))
        for _ in range(30_000))
    content = lines * (content_bytes // len(lines) + 1)
    packed = zlib.compress(content, 6)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o
                                                        for o in offsets)
    out += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))
    return path


def check_peak(path: Path) -> tuple[int, dict, float]:
    wrapper = (
        "import resource, subprocess, sys\n"
        f"done = subprocess.run([{str(ENTRY)!r}, 'check', {str(path)!r}, '--format', 'json'],"
        " capture_output=True, text=True, timeout=300)\n"
        "print(done.returncode); print(done.stdout.replace(chr(10), ' '))\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    result = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True,
                            timeout=330, check=True)
    code, report, peak_kb = result.stdout.splitlines()
    return int(code), json.loads(report), int(peak_kb) / 1024


def test_a_44_mb_docx_with_110_mb_of_xml_is_checked_under_1_gb(tmp_path: Path) -> None:
    path = big_docx(tmp_path / "big.docx")
    assert 30 << 20 < path.stat().st_size < 50 << 20
    code, report, peak = check_peak(path)
    assert code == 3
    assert report["documents"][0]["error"]["code"] == "too_large"
    assert peak < LIMIT_MB, f"{peak:.0f} MB"  # 1.1 GB before; check killed at 20 GB


def test_a_pdf_with_a_40_mb_content_stream_is_checked_under_1_gb(tmp_path: Path) -> None:
    code, report, peak = check_peak(big_pdf(tmp_path / "big.pdf"))
    assert code == 3
    assert report["documents"][0]["error"]["code"] == "too_large"
    assert peak < LIMIT_MB, f"{peak:.0f} MB"  # 2.2 GB before


def test_a_pdf_just_under_the_content_limit_is_read_under_1_gb(tmp_path: Path) -> None:
    # The worst a PDF can do within the stream limit: millions of characters on a page.
    code, report, peak = check_peak(big_pdf(tmp_path / "dense.pdf", 15 << 20))
    assert code == 3 and report["documents"][0]["error"]["code"] == "too_large"
    assert peak < LIMIT_MB, f"{peak:.0f} MB"
