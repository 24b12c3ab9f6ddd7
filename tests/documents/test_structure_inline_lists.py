"""Run-together lists, page furniture, contents and OCR stray periods (structure pass)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from secure_mou.documents.model import BlockKind, Document
from secure_mou.documents.structure import build_document
from secure_mou.documents.text import raw_blocks

REALDEV = Path(__file__).resolve().parents[3] / "shared" / "realdev" / "documents"
SAMPLES = Path(__file__).resolve().parents[2] / "sample_mous" / "source"


def read(text: str) -> Document:
    return build_document("mou.txt", "text", "0", raw_blocks(text))


def kinds(document: Document) -> list[tuple[str, str, int | None]]:
    return [(str(b.kind), b.text, b.list_level) for b in document.blocks]


def test_nested_inline_list_splits_under_its_lead_ins() -> None:
    text = ("The SRO shall provide these services: A. Patrol the grounds of each school. "
            "B. Enforce criminal laws, except: 1. SROs shall not enforce school rules; "
            "2. Infractions of school rules are handled by the school; and 3. Staff handle "
            "matters of school concern. C. The SRO will teach classes on the law.")
    assert kinds(read(text)) == [
        ("paragraph", "The SRO shall provide these services:", None),
        ("list_item", "A. Patrol the grounds of each school.", 0),
        ("list_item", "B. Enforce criminal laws, except:", 0),
        ("list_item", "1. SROs shall not enforce school rules;", 1),
        ("list_item", "2. Infractions of school rules are handled by the school; and", 1),
        ("list_item", "3. Staff handle matters of school concern.", 1),
        ("list_item", "C. The SRO will teach classes on the law.", 0),
    ]


def test_dotted_and_lettered_sequences_and_run_in_headings() -> None:
    text = ("I. PURPOSE I.1. The parties enter this agreement to keep schools safe. "
            "I.2. The parties agree that most misconduct is best handled by educators. "
            "II. SCOPE The agreement applies on school grounds.")
    document = read(text)
    assert [(str(b.kind), b.text[:12]) for b in document.blocks] == [
        ("heading", "I. PURPOSE"), ("paragraph", "I.1. The par"),
        ("paragraph", "I.2. The par"), ("paragraph", "II. SCOPE Th"),
    ]


@pytest.mark.parametrize("text", [
    "The U.S. Department of Education and No. 5 of the rules apply at 3 p.m. daily.",
    "Report to J. Smith, the principal, under Sec. 3 and § 2801-a(10) of the law.",
    "Records follow 20 U.S.C. 1232g(b)(1) and RCW 28A.320.124(2)(a) at all times.",
    "The fee is $1.5 million. 2. The term is three years under Section 1.1 and Section 1.2.",
    "Schools with (1) a counselor, (2) a nurse and (3) a social worker are staffed.",
])
def test_no_split_without_a_real_sequence_where_items_start(text: str) -> None:
    assert [b.text for b in read(text).blocks] == [text]


def test_list_of_terms_ends_with_its_last_item() -> None:
    text = ("Training shall include: (a) de-escalation; (b) restraint law; and (c) student "
            "privacy under FERPA. The SRO shall attend every session offered by the District "
            "each year, and the District shall keep a record of attendance for each officer.")
    blocks = read(text).blocks
    assert [str(b.kind) for b in blocks] == ["paragraph", "list_item", "list_item",
                                             "list_item", "paragraph"]
    assert blocks[3].text == "(c) student privacy under FERPA."
    assert blocks[4].text.startswith("The SRO shall attend")


def test_ocr_stray_period_inside_a_list_of_topics_is_a_comma() -> None:
    text = "Topics include crisis intervention, de-escalation. techniques and restraint."
    assert read(text).blocks[0].text == (
        "Topics include crisis intervention, de-escalation, techniques and restraint.")
    assert read("Fees are listed, etc. and paid.").blocks[0].text == (
        "Fees are listed, etc. and paid.")


def test_page_marks_and_furniture_are_not_text() -> None:
    header = "River District SRO Agreement\n"
    text = (f"[Page 2]\n{header}The SRO shall patrol the grounds.\nPage 2 of 3\n[Page 3]\n"
            f"{header}The SRO shall teach law classes. [...] [Page 4] The SRO shall\n"
            f"{header}keep records.\n- 4 -\n")
    blocks = read(text).blocks
    assert [(b.text, b.location.page) for b in blocks] == [
        ("The SRO shall patrol the grounds.", 2),
        ("The SRO shall teach law classes.", 3),
        ("The SRO shall", 4),  # a running header line breaks the text like a page end
        ("keep records.", 4),
    ]


def test_table_of_contents_meets_nothing() -> None:
    text = ("TABLE OF CONTENTS\n1. Purpose .......... 1\n2. Duties of the SRO .......... 2\n"
            "3. Records 4\n\n1. Purpose\nThe parties agree to keep the schools safe.\n")
    blocks = read(text).blocks
    assert [(str(b.kind), b.level) for b in blocks[:4]] == [
        ("heading", 1), ("heading", None), ("heading", None), ("heading", None)]
    assert blocks[5].kind == BlockKind.PARAGRAPH
    assert blocks[5].location.section == "1. Purpose"


def _list_items(document: Document) -> list[tuple[str, str | None]]:
    """Each list item with the last sentence of the lead-in it inherits: what the engine
    links (a one-line file cannot say where a paragraph without a marker ended)."""
    items: list[tuple[str, str | None]] = []
    lead: str | None = None
    for block in document.blocks:
        if block.kind == BlockKind.LIST_ITEM:
            items.append((block.text, lead))
        else:
            lead = None
        if block.kind != BlockKind.HEADING and block.text.endswith(":"):
            lead = _LAST_SENTENCE.split(block.text)[-1]
    return items


_LAST_SENTENCE = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z0-9(])")


def _one_line_agrees(text: str) -> bool:
    return _list_items(read(text)) == _list_items(read(" ".join(text.split("\n"))))


def _plain(markdown: str) -> str:
    """A sample's source as the plain text a one-line file would carry: no Markdown
    heading marks, emphasis, comments or table rows."""
    text = re.sub(r"<!--.*?-->", "", markdown, flags=re.DOTALL)
    text = re.sub(r"(?m)^#{1,6}\s+|^\|.*$", "", text)
    return text.replace("**", "")


def test_one_line_reads_like_its_line_breaks_on_the_samples() -> None:
    paths = sorted(SAMPLES.glob("*.md"))
    same = [p.name for p in paths if _one_line_agrees(_plain(p.read_text(encoding="utf-8")))]
    # measured: 8 of 9; oak-hollow opens with a bullet list of definitions after a
    # paragraph that ends with a period, which a one-line file cannot tell from prose
    assert len(same) >= 8, sorted({p.name for p in paths} - set(same))


@pytest.mark.skipif(not REALDEV.is_dir(), reason="../shared/realdev is not checked out")
def test_one_line_reads_like_its_line_breaks_on_real_agreements() -> None:
    paths = sorted(REALDEV.glob("*.txt"))
    same = [p.name for p in paths
            if _one_line_agrees(p.read_text(encoding="utf-8").split("\n---\n", 1)[1])]
    # measured: 18 of 30. The rest: headings without a marker glued before a lead-in,
    # OCR-garbled markers ("t)" for "f)", "1)" for "l)"), an item alone after an excerpt
    # gap, bullets without punctuation before the next paragraph
    assert len(same) >= 18, sorted({p.name for p in paths} - set(same))
