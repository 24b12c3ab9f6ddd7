"""Format detection by content, and the errors read_document gives for each refusal."""

from __future__ import annotations

import codecs
import io
import os
import zipfile
from pathlib import Path

import docx
import pytest

from secure_mou.documents import read_document, sniff_format
from secure_mou.errors import DocumentError


def zip_bytes(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def real_docx() -> bytes:
    buffer = io.BytesIO()
    word = docx.Document()
    word.add_paragraph("Clause.")
    word.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("head", "expected"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
    (b"\r\n\r\n%PDF-1.4\n", "pdf"),  # junk before the header is tolerated, as by Acrobat
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "doc"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "encrypted"),
    (b"{\\rtf1\\ansi\\deff0 {\\fonttbl}", "rtf"),
    (zip_bytes(["xl/workbook.xml", "[Content_Types].xml"]), "zip"),
    (zip_bytes(["[Content_Types].xml", "word/document.xml"]), "docx"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image"),
    (b"\xef\xbb\xbf<!DOCTYPE html><html><body>MOU</body></html>", "markup"),
    (b'<?xml version="1.0"?><?mso-application progid="Word.Document"?>', "markup"),
    (b"The SRO shall not discipline students.\n", "text"),
    (codecs.BOM_UTF16_LE + "Clause".encode("utf-16-le"), "text"),
    ("Clause without a BOM".encode("utf-16-le"), "text"),
    ("Caf\u00e9 \u201cquoted\u201d".encode("cp1252"), "text"),
    (b"\x00\x01\x02\x03\x04\x05\xff\xfe\x00\x00\x10", "binary"),
    (b"", "text"),
])
def test_sniff_format(head: bytes, expected: str) -> None:
    assert sniff_format(head) == expected


def test_real_docx_and_its_truncated_head_are_docx() -> None:
    data = real_docx()
    assert sniff_format(data) == "docx"
    assert sniff_format(data[:2048]) == "docx"  # the part name is in the local header too


def test_random_bytes_are_binary() -> None:
    assert sniff_format(os.urandom(4096)) == "binary"


@pytest.mark.parametrize(("data", "code", "hint_word"), [
    (b"{\\rtf1\\ansi Some agreement}", "unsupported_format", ".docx"),
    (zip_bytes(["xl/workbook.xml"]), "unsupported_format", ".docx"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "unsupported_format", "OCR"),
    (b"<html><body><p>The SRO shall patrol.</p></body></html>", "unsupported_format", "Word"),
    (b"\x00\x01\x02\x03" * 100, "unsupported_format", "plain text"),
])
def test_refused_formats(tmp_path: Path, data: bytes, code: str, hint_word: str) -> None:
    path = tmp_path / "agreement.docx"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert caught.value.code == code
    assert caught.value.hint is not None and hint_word in caught.value.hint


def test_missing_path_and_directory_are_not_found(tmp_path: Path) -> None:
    for path in (tmp_path / "nope.docx", tmp_path):
        with pytest.raises(DocumentError) as caught:
            read_document(path)
        assert caught.value.code == "not_found"


def test_size_limit_is_the_callers_choice(tmp_path: Path) -> None:
    path = tmp_path / "mou.txt"
    path.write_bytes(b"The SRO shall patrol.\n" * 100)
    with pytest.raises(DocumentError) as caught:
        read_document(path, max_bytes=1000)
    assert caught.value.code == "too_large"
    assert read_document(str(path), max_bytes=10_000).blocks[0].text.startswith("The SRO")
