"""The PDF reader on real PDFs written by fpdf2: text, order, locations and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from secure_mou.documents.model import BlockKind, Document
from secure_mou.documents.pdf import read_pdf
from secure_mou.errors import EXIT_UNREADABLE, DocumentError

from .pdf_factory import Page, Text, paragraph, write_pdf, write_scanned_pdf

SHA = "0" * 64


def read(path: Path) -> Document:
    return read_pdf(path, sha256=SHA)


def texts(document: Document) -> list[str]:
    return [block.text for block in document.blocks]


def where(document: Document, start: str) -> tuple[int | None, int | None]:
    """(page, line) of the one block starting with ``start``."""
    [block] = [b for b in document.blocks if b.text.startswith(start)]
    return block.location.page, block.location.line


def three_page_agreement() -> list[Page]:
    return [
        Page([
            Text("1. Purpose", bold=True),
            *paragraph(
                "This Agreement sets out how the District and the Agency will work together",
                "to keep students safe while protecting their right to an education.",
            ),
        ]),
        Page([
            Text("2. Term", bold=True),
            *paragraph(
                "The Agreement takes effect on the first day of the school year and ends on",
                "the last day of the following school year unless ended sooner.",
            ),
        ]),
        Page([
            Text("3. Review", bold=True),
            *paragraph(
                "The parties will review the Agreement each spring, with students, parents",
                "and staff invited to comment at a public meeting.",
            ),
        ]),
    ]


@pytest.mark.parametrize("footer", ["Page {page} of {pages}", "- {page} -", "{page}"])
def test_running_header_and_page_numbers_leave_the_body(tmp_path: Path, footer: str) -> None:
    path = write_pdf(tmp_path / "mou.pdf", three_page_agreement(),
                     header="Harbor County MOU - Final Draft", footer=footer)

    document = read(path)

    assert texts(document) == [
        "1. Purpose",
        "This Agreement sets out how the District and the Agency will work together to keep "
        "students safe while protecting their right to an education.",
        "2. Term",
        "The Agreement takes effect on the first day of the school year and ends on the last "
        "day of the following school year unless ended sooner.",
        "3. Review",
        "The parties will review the Agreement each spring, with students, parents and staff "
        "invited to comment at a public meeting.",
    ]
    # Line numbers count body lines, so they do not move when a header is added.
    assert where(document, "2. Term") == (2, 1)
    assert where(document, "The Agreement takes effect") == (2, 2)
    assert where(document, "The parties will review") == (3, 2)
    assert document.pages == 3 and document.format == "pdf" and document.sha256 == SHA


def test_body_blocks_carry_their_page_and_first_line(tmp_path: Path) -> None:
    pages = [
        Page([Text("1. Definitions", bold=True),
              *paragraph("In this Agreement a student is any person enrolled in a school of",
                         "the District."),
              *paragraph("A school resource officer is a sworn officer assigned to a school.",
                         space_before=8)]),
        Page([*paragraph("An administrator is a principal or an assistant principal of a school."),
              *paragraph("Campus means the buildings and grounds of a school.", space_before=8)]),
    ]
    document = read(write_pdf(tmp_path / "mou.pdf", pages, footer="Page {page} of {pages}"))

    assert where(document, "In this Agreement") == (1, 2)
    assert where(document, "A school resource officer") == (1, 4)
    assert where(document, "An administrator") == (2, 1)
    assert where(document, "Campus means") == (2, 2)


def test_a_paragraph_runs_on_across_a_page_turn(tmp_path: Path) -> None:
    # Both lines on page 1 are wrapped (justified) lines: the sentence goes on overleaf.
    pages = [
        Page([Text("The officer shall not question a student about a matter of school",
                   justify=True),
              Text("discipline and shall refer any such matter to the principal or to",
                   justify=True)]),
        Page(paragraph("the designee of the principal without delay.")),
    ]
    document = read(write_pdf(tmp_path / "mou.pdf", pages))

    assert texts(document) == [
        "The officer shall not question a student about a matter of school discipline and "
        "shall refer any such matter to the principal or to the designee of the principal "
        "without delay."
    ]
    assert where(document, "The officer") == (1, 1)


def test_words_hyphenated_at_a_line_end_are_rejoined(tmp_path: Path) -> None:
    lines = paragraph(
        "The school-based officer shall take no part in the enforcement of dis-",
        "cipline, which remains with the principal under the District's Non-",
        "Discrimination Policy and the student code of conduct.",
    )
    document = read(write_pdf(tmp_path / "mou.pdf", [Page(lines)]))

    assert texts(document) == [
        "The school-based officer shall take no part in the enforcement of discipline, which "
        "remains with the principal under the District's Non-Discrimination Policy and the "
        "student code of conduct."
    ]


def test_paragraph_ends_at_gaps_markers_short_lines_and_bold_lines(tmp_path: Path) -> None:
    lines = [
        Text("Limits on Enforcement", bold=True),
        *paragraph("The officer shall not be used to enforce school rules, and in particular",
                   "shall not act in any of the following matters of school discipline:"),
        Text("(a) dress code violations;"),
        Text("(b) tardiness or truancy;"),
        Text("1. Nothing here limits a response to a crime in progress."),
        # a full last line: only the gap before the next paragraph tells them apart
        Text("The principal remains responsible for every decision about discipline at",
             justify=True),
        Text("school, whether or not the officer was present when the matter arose.",
             justify=True),
        *paragraph("Complaints about an officer go to the Agency and to the District.",
                   space_before=10),
    ]
    document = read(write_pdf(tmp_path / "mou.pdf", [Page(lines)]))

    assert texts(document) == [
        "Limits on Enforcement",
        "The officer shall not be used to enforce school rules, and in particular shall not "
        "act in any of the following matters of school discipline:",
        "(a) dress code violations;",
        "(b) tardiness or truancy;",
        "1. Nothing here limits a response to a crime in progress.",
        "The principal remains responsible for every decision about discipline at school, "
        "whether or not the officer was present when the matter arose.",
        "Complaints about an officer go to the Agency and to the District.",
    ]
    kinds = [block.kind for block in document.blocks]
    assert kinds[0] == BlockKind.HEADING  # short and bold
    assert kinds[2:4] == [BlockKind.LIST_ITEM, BlockKind.LIST_ITEM]
    assert document.blocks[0].location.section == "Limits on Enforcement"


def test_two_columns_are_read_column_by_column(tmp_path: Path) -> None:
    left = [
        *paragraph("The District shall give the officer a",
                   "private office near the main entrance",
                   "of each school it serves."),
        *paragraph("The District shall pay half the cost",
                   "of the officer's salary and benefits.", space_before=8),
    ]
    right = [
        *paragraph("The Agency shall assign one officer to",
                   "each high school for the full length of",
                   "the school year."),
        *paragraph("The Agency shall pay for all training",
                   "and equipment the officer needs.", space_before=8),
    ]
    page = Page(title=[Text("ARTICLE 4. SHARED COSTS", bold=True)], lines=left,
                right_column=right)
    document = read(write_pdf(tmp_path / "mou.pdf", [page]))

    assert texts(document) == [
        "ARTICLE 4. SHARED COSTS",
        "The District shall give the officer a private office near the main entrance of "
        "each school it serves.",
        "The District shall pay half the cost of the officer's salary and benefits.",
        "The Agency shall assign one officer to each high school for the full length of "
        "the school year.",
        "The Agency shall pay for all training and equipment the officer needs.",
    ]
    # Lines are numbered in reading order: title, five left lines, then the right column.
    assert where(document, "The Agency shall assign") == (1, 7)
    assert where(document, "The Agency shall pay") == (1, 10)


def test_numbered_headings_give_section_paths(tmp_path: Path) -> None:
    lines = [
        Text("5. Roles and Responsibilities", bold=True),
        Text("5.1 Scope", bold=True),
        *paragraph("This article applies to every officer assigned to a school."),
        Text("5.2 Duties", bold=True, space_before=6),
        *paragraph("The officer shall not be involved in the enforcement of school discipline."),
        Text("6. Training", bold=True, space_before=6),
        *paragraph("Each officer shall complete forty hours of training each year."),
    ]
    document = read(write_pdf(tmp_path / "mou.pdf", [Page(lines)]))

    sections = {b.text: b.location.section for b in document.blocks}
    assert sections["The officer shall not be involved in the enforcement of school "
                    "discipline."] == "5. Roles and Responsibilities > 5.2 Duties"
    assert sections["This article applies to every officer assigned to a school."] == (
        "5. Roles and Responsibilities > 5.1 Scope")
    assert sections["Each officer shall complete forty hours of training each year."] == (
        "6. Training")
    assert [b.level for b in document.blocks if b.kind == BlockKind.HEADING] == [1, 2, 2, 1]


def test_a_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "locked.pdf", [Page(paragraph("Confidential terms."))],
                     user_password="secret")

    with pytest.raises(DocumentError) as caught:
        read(path)

    assert caught.value.code == "encrypted"
    assert caught.value.exit_code == EXIT_UNREADABLE


@pytest.mark.parametrize("stamp", [None, "HCPS 000123"])
def test_a_scanned_pdf_asks_for_ocr(tmp_path: Path, stamp: str | None) -> None:
    path = write_scanned_pdf(tmp_path / "scan.pdf",
                             ["MEMORANDUM OF UNDERSTANDING", "The officer shall not ..."],
                             stamp=stamp)

    with pytest.raises(DocumentError) as caught:
        read(path)

    assert caught.value.code == "no_text_layer"
    assert "ocrmypdf" in (caught.value.hint or "")


def test_a_truncated_pdf_is_corrupt(tmp_path: Path) -> None:
    whole = write_pdf(tmp_path / "whole.pdf", three_page_agreement()).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 2])

    with pytest.raises(DocumentError) as caught:
        read(path)

    assert caught.value.code == "corrupt"
    assert "cut.pdf" in caught.value.message


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 this is a zip, not a pdf",
                                     b"%PDF-1.7\n" + b"\x00\xff" * 500])
def test_bytes_that_are_not_a_pdf_are_corrupt(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "odd.pdf"
    path.write_bytes(content)

    with pytest.raises(DocumentError) as caught:
        read(path)

    assert caught.value.code == "corrupt"


def test_a_pdf_without_text_is_empty(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "blank.pdf", [Page([])])

    with pytest.raises(DocumentError) as caught:
        read(path)

    assert caught.value.code == "empty"


def test_a_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        read(tmp_path / "absent.pdf")

    assert caught.value.code == "not_found"


def test_a_table_is_read_row_by_row_not_as_columns(tmp_path: Path) -> None:
    # Cells are set apart by wide spaces, which running text in columns never has.
    gap = " " * 12
    schools = [("Harbor High School", "9-12", "1,842", "1 SRO"),
               ("Bayside Middle School", "6-8", "712", "1 SRO"),
               ("Cove Middle School", "6-8", "655", "shared"),
               ("Inlet Middle School", "6-8", "590", "shared")]
    left = [Text(f"{name}{gap}{grades}") for name, grades, _, _ in schools]
    right = [Text(f"{enrolled}{gap}{officers}") for _, _, enrolled, officers in schools]
    page = Page(title=[Text("Exhibit A. Assignments", bold=True)], lines=left,
                right_column=right)
    document = read(write_pdf(tmp_path / "mou.pdf", [page]))

    assert texts(document)[1:] == [
        "Harbor High School 9-12 1,842 1 SRO",
        "Bayside Middle School 6-8 712 1 SRO",
        "Cove Middle School 6-8 655 shared",
        "Inlet Middle School 6-8 590 shared",
    ]
