"""Plain-text and Markdown reading: encodings, line endings, blocks and line numbers."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from secure_mou.documents import read_document
from secure_mou.documents.model import BlockKind, Document
from secure_mou.errors import DocumentError

AGREEMENT = """MEMORANDUM OF UNDERSTANDING

WHEREAS the District and the Police Department share a duty to keep students safe;

5. Roles and Responsibilities
5.2 Duties
The SRO shall not administer school discipline
and shall not enforce the student code of conduct.
(a) The principal handles discipline.
(b) The SRO handles crimes.

IN WITNESS WHEREOF the parties sign below.
By: ______________________
"""


def write(tmp_path: Path, data: bytes, name: str = "mou.txt") -> Document:
    path = tmp_path / name
    path.write_bytes(data)
    return read_document(path)


def summary(document: Document) -> list[tuple[str, str, int | None]]:
    return [(b.text, str(b.kind), b.location.line) for b in document.blocks]


def test_blocks_kinds_and_line_numbers(tmp_path: Path) -> None:
    document = write(tmp_path, AGREEMENT.encode())
    assert summary(document) == [
        ("MEMORANDUM OF UNDERSTANDING", "heading", 1),
        ("WHEREAS the District and the Police Department share a duty to keep students "
         "safe;", "recital", 3),
        ("5. Roles and Responsibilities", "heading", 5),
        ("5.2 Duties", "heading", 6),
        ("The SRO shall not administer school discipline and shall not enforce the student "
         "code of conduct.", "paragraph", 7),
        ("(a) The principal handles discipline.", "list_item", 9),
        ("(b) The SRO handles crimes.", "list_item", 10),
        ("IN WITNESS WHEREOF the parties sign below.", "signature", 12),
        ("By: ______________________", "signature", 13),
    ]
    assert document.blocks[4].location.section == "5. Roles and Responsibilities > 5.2 Duties"
    assert document.format == "text"


def test_crlf_and_bom_read_like_plain_utf8(tmp_path: Path) -> None:
    plain = write(tmp_path, AGREEMENT.encode(), "plain.txt")
    crlf = write(tmp_path, codecs.BOM_UTF8 + AGREEMENT.replace("\n", "\r\n").encode(), "w.txt")
    old_mac = write(tmp_path, AGREEMENT.replace("\n", "\r").encode(), "mac.txt")
    assert summary(crlf) == summary(plain)
    assert summary(old_mac) == summary(plain)
    assert not crlf.blocks[0].text.startswith("\ufeff")


def test_utf16_with_bom(tmp_path: Path) -> None:
    document = write(tmp_path, AGREEMENT.encode("utf-16"))
    assert document.blocks[3].text == "5.2 Duties"
    assert document.blocks[3].location.line == 6


def test_cp1252_text_keeps_smart_quotes_and_accents(tmp_path: Path) -> None:
    text = ("Se\u00f1or Garc\u00eda, the \u201cSchool Resource Officer\u201d \u2014 shall "
            "not question students.\r\n")
    document = write(tmp_path, text.encode("cp1252"))
    assert document.blocks[0].text == text.strip()


def test_undecodable_bytes_are_unsupported(tmp_path: Path) -> None:
    # Valid-looking (no control bytes) but no encoding makes sense of it.
    junk = bytes(b for b in range(0x80, 0x100) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D))
    with pytest.raises(DocumentError) as caught:
        write(tmp_path, b"\x81\x8d\x8f\x90\x9d" * 40 + junk * 4)
    assert caught.value.code == "unsupported_format"


def test_empty_and_blank_files_are_empty(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as zero:
        write(tmp_path, b"", "zero.txt")
    assert zero.value.code == "empty"
    with pytest.raises(DocumentError) as blank:
        write(tmp_path, b"  \r\n\n\t\n", "blank.txt")
    assert blank.value.code == "empty"


def test_markdown_headings_bold_lines_and_tables(tmp_path: Path) -> None:
    markdown = """# Memorandum of Understanding

## Information Sharing
Records are shared only as FERPA allows.

**Training**

| Topic | Hours |
|-------|-------|
| De-escalation | 8 |

- bullet one
- bullet two
"""
    document = write(tmp_path, markdown.encode(), "mou.md")
    assert summary(document) == [
        ("Memorandum of Understanding", "heading", 1),
        ("Information Sharing", "heading", 3),
        ("Records are shared only as FERPA allows.", "paragraph", 4),
        ("Training", "heading", 6),
        ("Topic | Hours", "table_cell", 8),
        ("De-escalation | 8", "table_cell", 10),
        ("- bullet one", "list_item", 12),
        ("- bullet two", "list_item", 13),
    ]
    assert document.blocks[2].location.section == (
        "Memorandum of Understanding > Information Sharing")
    assert document.format == "text"


def test_wrapped_numbered_clause_stays_one_block(tmp_path: Path) -> None:
    text = ("1. The School District shall provide office space for the officer and\n"
            "reimburse the City for half of the officer's salary.\n")
    document = write(tmp_path, text.encode())
    assert [b.text for b in document.blocks] == [
        "1. The School District shall provide office space for the officer and reimburse "
        "the City for half of the officer's salary."]


def test_form_feeds_number_pages(tmp_path: Path) -> None:
    document = write(tmp_path, b"First page clause.\n\fSecond page clause.\n")
    assert [(b.text, b.location.page, b.location.line) for b in document.blocks] == [
        ("First page clause.", 1, 1), ("Second page clause.", 2, 2)]


def test_setext_heading(tmp_path: Path) -> None:
    document = write(tmp_path, b"Definitions\n===========\n\nA student is anyone enrolled.\n")
    assert summary(document) == [("Definitions", "heading", 1),
                                 ("A student is anyone enrolled.", "paragraph", 4)]
    assert document.blocks[1].kind == BlockKind.PARAGRAPH


def test_number_at_the_start_of_a_wrapped_line_does_not_split(tmp_path: Path) -> None:
    text = ("Either party may end this agreement by written notice given within\n"
            "30 days of the start of the school year, as described in subsection\n"
            "(b) of this section.\n"
            "- Notices go to the Superintendent.\n")
    document = write(tmp_path, text.encode())
    assert [b.text for b in document.blocks] == [
        "Either party may end this agreement by written notice given within 30 days of the "
        "start of the school year, as described in subsection (b) of this section.",
        "- Notices go to the Superintendent.",
    ]


def test_a_wrapped_statute_citation_stays_in_its_sentence() -> None:
    from secure_mou.documents.structure import build_document
    from secure_mou.documents.text import raw_blocks

    text = ("4.02 The School Officer may issue citations to students for Disruption of "
            "Class under\nSection 37.124 of the Texas Education Code.\n\nSection 5. Discipline\n\n"
            "The principal handles discipline.\n")
    doc = build_document("t.txt", "text", "0", raw_blocks(text))
    assert doc.blocks[0].kind == "paragraph"
    assert doc.blocks[0].text.endswith("Section 37.124 of the Texas Education Code.")
    assert doc.blocks[1].kind == "heading" and doc.blocks[1].text == "Section 5. Discipline"
