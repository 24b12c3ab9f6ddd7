"""DOCX reading on real files built with python-docx (raw XML where its API stops)."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from secure_mou.documents import read_document
from secure_mou.documents.docx import read_docx
from secure_mou.documents.model import BlockKind, Document
from secure_mou.errors import DocumentError

W_NS = nsdecls("w")
TRACK = 'w:author="Counsel" w:date="2024-05-01T00:00:00Z"'


def save(word: WordDocument, tmp_path: Path, name: str = "mou.docx") -> Path:
    path = tmp_path / name
    word.save(str(path))
    return path


def read(path: Path) -> Document:
    return read_document(path)


def texts(document: Document) -> list[str]:
    return [block.text for block in document.blocks]


def block(document: Document, startswith: str):
    matches = [b for b in document.blocks if b.text.startswith(startswith)]
    assert len(matches) == 1, f"{startswith!r}: {texts(document)}"
    return matches[0]


def bold_paragraph(word: WordDocument, text: str):
    paragraph = word.add_paragraph()
    paragraph.add_run(text).bold = True
    return paragraph


def test_typed_numbered_headings_give_section_paths(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("4. Term")
    word.add_paragraph("This agreement runs for three years.")
    bold_paragraph(word, "5. Roles and Responsibilities")
    word.add_paragraph("5.2 Duties")
    word.add_paragraph("The SRO shall not administer school discipline.")
    document = read(save(word, tmp_path))

    body = block(document, "The SRO shall not")
    assert body.kind == BlockKind.PARAGRAPH
    assert body.location.section == "5. Roles and Responsibilities > 5.2 Duties"
    assert body.location.paragraph == 5
    assert block(document, "5.2 Duties").level == 2
    assert block(document, "This agreement").location.section == "4. Term"
    assert document.format == "docx"


def add_numbering(word: WordDocument, start: int) -> str:
    """A two-level outline list ("5." / "5.2") starting at ``start``; returns its numId."""
    numbering = word.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {W_NS} w:abstractNumId="90">'
        f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1.%2"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="(%3)"/></w:lvl>'
        "</w:abstractNum>"))
    numbering.append(parse_xml(
        f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def numbered(paragraph, num_id: str, ilvl: int):
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def test_automatic_numbering_labels_rebuild_section_paths(tmp_path: Path) -> None:
    word = docx.Document()
    num_id = add_numbering(word, start=5)
    numbered(bold_paragraph(word, "Roles and Responsibilities"), num_id, 0)
    numbered(bold_paragraph(word, "General"), num_id, 1)
    numbered(bold_paragraph(word, "Duties"), num_id, 1)
    numbered(word.add_paragraph("The SRO shall patrol the campus."), num_id, 2)
    numbered(word.add_paragraph("The SRO shall not search lockers."), num_id, 2)
    document = read(save(word, tmp_path))

    assert texts(document) == [
        "5. Roles and Responsibilities", "5.1 General", "5.2 Duties",
        "(a) The SRO shall patrol the campus.", "(b) The SRO shall not search lockers.",
    ]
    item = document.blocks[4]
    assert item.kind == BlockKind.LIST_ITEM
    assert item.location.section == "5. Roles and Responsibilities > 5.2 Duties"
    assert [b.kind for b in document.blocks[:3]] == [BlockKind.HEADING] * 3


def test_heading_styles_set_levels_and_title(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("Memorandum of Understanding", style="Title")
    word.add_heading("Information Sharing", level=1)
    word.add_heading("Student Records", level=2)
    word.add_paragraph("FERPA governs access to education records.")
    document = read(save(word, tmp_path))

    assert [(b.kind, b.level) for b in document.blocks[:3]] == [
        (BlockKind.HEADING, 1), (BlockKind.HEADING, 1), (BlockKind.HEADING, 2)]
    assert block(document, "FERPA").location.section == "Information Sharing > Student Records"


def test_short_bold_line_is_a_heading_but_bold_clause_is_not(tmp_path: Path) -> None:
    word = docx.Document()
    bold_paragraph(word, "Training")
    bold_paragraph(word, "The SRO shall complete forty hours of training each year.")
    mixed = word.add_paragraph()
    mixed.add_run("Mixed").bold = True
    mixed.add_run(" emphasis line")
    document = read(save(word, tmp_path))

    assert block(document, "Training").kind == BlockKind.HEADING
    assert block(document, "The SRO shall").kind == BlockKind.PARAGRAPH
    assert block(document, "Mixed").kind == BlockKind.PARAGRAPH
    assert block(document, "Mixed").location.section == "Training"


def test_table_is_read_between_paragraphs_with_merged_cells_once(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("The parties agree to the contacts below.")
    table = word.add_table(rows=3, cols=3)
    for col, text in enumerate(("Role", "Name", "Phone")):
        table.cell(0, col).text = text
    wide = table.cell(1, 0).merge(table.cell(1, 1))  # horizontal: gridSpan
    wide.text = ("The School Resource Officer is assigned to Lincoln High School "
                 "for the full academic year.")
    tall = table.cell(1, 2).merge(table.cell(2, 2))  # vertical: vMerge
    tall.text = "555-0100"
    table.cell(2, 0).text = "Principal"
    table.cell(2, 1).text = "Dana Reyes"
    word.add_paragraph("Either party may update its contacts in writing.")
    document = read(save(word, tmp_path))

    assert texts(document) == [
        "The parties agree to the contacts below.",
        "Role | Name | Phone",
        "The School Resource Officer is assigned to Lincoln High School for the full "
        "academic year.",
        "555-0100",
        "Principal | Dana Reyes",
        "Either party may update its contacts in writing.",
    ]
    assert document.text.count("Lincoln High School") == 1
    assert document.text.count("555-0100") == 1
    assert [b.kind for b in document.blocks[1:5]] == [BlockKind.TABLE_CELL] * 4
    # Paragraph numbers count cells: 3 header cells, then the two merged cells.
    assert [b.location.paragraph for b in document.blocks] == [1, 2, 5, 6, 7, 9]


def test_nested_table_cells_follow_their_row(tmp_path: Path) -> None:
    word = docx.Document()
    outer = word.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Outer cell describing the escalation procedure for incidents."
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Level 1"
    inner.cell(0, 1).text = "Teacher"
    word.add_paragraph("After the table.")
    document = read(save(word, tmp_path))

    assert texts(document) == [
        "Outer cell describing the escalation procedure for incidents.",
        "Level 1 | Teacher",
        "After the table.",
    ]


def test_headers_and_footers_stay_out_of_the_body(tmp_path: Path) -> None:
    word = docx.Document()
    section = word.sections[0]
    section.header.paragraphs[0].text = "DRAFT - CONFIDENTIAL HEADER"
    section.footer.paragraphs[0].text = "Page footer: Harbor County MOU"
    word.add_paragraph("The SRO shall report to the principal.")
    document = read(save(word, tmp_path))

    assert texts(document) == ["The SRO shall report to the principal."]


def test_tracked_changes_read_as_accepted(tmp_path: Path) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("The SRO shall ")
    paragraph._p.append(parse_xml(
        f'<w:ins {W_NS} w:id="1" {TRACK}><w:r><w:t xml:space="preserve">not </w:t></w:r>'
        "</w:ins>"))
    paragraph._p.append(parse_xml(
        f'<w:del {W_NS} w:id="2" {TRACK}><w:r><w:delText xml:space="preserve">routinely '
        "</w:delText></w:r></w:del>"))
    paragraph.add_run("arrest students for school discipline matters.")
    # python-docx itself drops the insertion: the reason this reader walks the XML.
    assert "not" not in paragraph.text
    document = read(save(word, tmp_path))

    assert texts(document) == [
        "The SRO shall not arrest students for school discipline matters."]


def test_text_box_is_read_once_after_its_anchor(tmp_path: Path) -> None:
    word = docx.Document()
    anchor = word.add_paragraph("See the note at right.")
    box = ("<w:txbxContent><w:p><w:r><w:t>Officers shall not question students without "
           "a parent present.</w:t></w:r></w:p></w:txbxContent>")
    anchor._p.append(parse_xml(
        f'<w:r {W_NS} '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        "<mc:AlternateContent>"
        f"<mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx>{box}</wps:txbx>"
        "</wps:wsp></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"))
    word.add_paragraph("Next paragraph.")
    document = read(save(word, tmp_path))

    assert texts(document) == [
        "See the note at right.",
        "Officers shall not question students without a parent present.",
        "Next paragraph.",
    ]


def test_recitals_lists_and_signature_block(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("WHEREAS, the District and the City share responsibility for safety;")
    word.add_paragraph("The SRO shall:")
    word.add_paragraph("attend annual training;", style="List Bullet")
    word.add_paragraph("wear a uniform on campus.", style="List Bullet")
    word.add_paragraph("IN WITNESS WHEREOF, the parties have signed this agreement.")
    signatures = word.add_table(rows=1, cols=2)
    signatures.cell(0, 0).text = "By: ____________ Superintendent"
    signatures.cell(0, 1).text = "By: ____________ Chief of Police"
    document = read(save(word, tmp_path))

    assert block(document, "WHEREAS").kind == BlockKind.RECITAL
    assert [b.kind for b in document.blocks[2:4]] == [BlockKind.LIST_ITEM] * 2
    assert block(document, "attend").text == "attend annual training;"  # no bullet glyph
    assert block(document, "IN WITNESS").kind == BlockKind.SIGNATURE
    assert block(document, "By:").kind == BlockKind.SIGNATURE
    assert "Chief of Police" in block(document, "By:").text


def test_hidden_text_and_field_codes_are_not_read(tmp_path: Path) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("Visible clause.")
    hidden = paragraph.add_run(" secret note")
    hidden.font.hidden = True
    paragraph._p.append(parse_xml(
        f'<w:r {W_NS}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'))
    document = read(save(word, tmp_path))

    assert texts(document) == ["Visible clause."]


def test_truncated_docx_is_corrupt(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("The SRO shall not administer discipline. " * 50)
    whole = save(word, tmp_path).read_bytes()
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(whole[: len(whole) // 2])

    with pytest.raises(DocumentError) as caught:
        read(truncated)
    assert caught.value.code == "corrupt"
    assert "truncated.docx" in caught.value.message


def test_legacy_doc_renamed_docx_is_unsupported(tmp_path: Path) -> None:
    fake = tmp_path / "old.docx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"WordDocument")
    with pytest.raises(DocumentError) as caught:
        read(fake)
    assert caught.value.code == "unsupported_format"
    assert caught.value.hint is not None and ".docx" in caught.value.hint


def test_encrypted_ooxml_is_reported_as_encrypted(tmp_path: Path) -> None:
    locked = tmp_path / "locked.docx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1016
                       + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(DocumentError) as caught:
        read(locked)
    assert caught.value.code == "encrypted"


def bomb(tmp_path: Path, size: int) -> Path:
    """A valid .docx with one large, highly compressible extra part."""
    word = docx.Document()
    word.add_paragraph("Ordinary clause.")
    path = save(word, tmp_path, "bomb.docx")
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("customXml/padding.xml", b"<a>" + b" " * size + b"</a>")
    return path


def test_zip_bomb_over_the_uncompressed_limit_is_too_large(tmp_path: Path) -> None:
    path = bomb(tmp_path, 2_000_000)
    with pytest.raises(DocumentError) as caught:
        read_docx(path, sha256="x", max_uncompressed=1_000_000)
    assert caught.value.code == "too_large"
    # The same file is fine under the default limit: the check is about size, not shape.
    assert texts(read_docx(path, sha256="x")) == ["Ordinary clause."]


def test_absurd_compression_ratio_is_too_large(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        read(bomb(tmp_path, 20_000_000))
    assert caught.value.code == "too_large"
    assert "compresses" in caught.value.message


def test_reading_leaves_the_file_unchanged_and_hashes_it(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("The SRO shall wear a body camera.")
    path = save(word, tmp_path)
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    document = read(path)

    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert document.sha256 == hashlib.sha256(before).hexdigest()


def test_extension_does_not_decide_format(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("Content decides the reader.")
    path = save(word, tmp_path, "agreement.txt")
    document = read(path)
    assert document.format == "docx"
    assert texts(document) == ["Content decides the reader."]


def test_vertical_merge_continuation_cell_is_not_read(tmp_path: Path) -> None:
    # Word shows only the first cell of a vertical merge; stale text left in a
    # continuation cell (python-docx's merge empties it, other tools may not) is invisible.
    word = docx.Document()
    table = word.add_table(rows=2, cols=1)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Merged down"
    continuation = table._tbl.findall(f"{qn('w:tr')}/{qn('w:tc')}")[1]
    assert continuation.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") is not None
    continuation.find(qn("w:p")).append(parse_xml(
        f"<w:r {W_NS}><w:t>stale text</w:t></w:r>"))
    assert texts(read(save(word, tmp_path))) == ["Merged down"]


def rewrite_part(path: Path, part: str, edit) -> Path:
    """A copy of the package at ``path`` with one part's bytes passed through ``edit``."""
    out = path.with_name("edited-" + path.name)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, edit(data) if info.filename == part else data)
    return out


def test_macro_enabled_package_is_unsupported(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("Clause.")
    docm = rewrite_part(save(word, tmp_path), "[Content_Types].xml", lambda data: data.replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"))
    with pytest.raises(DocumentError) as caught:
        read(docm)
    assert caught.value.code == "unsupported_format"


def test_damaged_numbering_costs_the_label_not_the_document(tmp_path: Path) -> None:
    word = docx.Document()
    num_id = add_numbering(word, start=5)
    numbered(word.add_paragraph("The SRO shall patrol."), num_id, 0)
    path = rewrite_part(save(word, tmp_path), "word/numbering.xml",
                        lambda data: data.replace(b'w:start w:val="5"', b'w:start w:val="v"'))
    assert texts(read(path)) == ["1. The SRO shall patrol."]
