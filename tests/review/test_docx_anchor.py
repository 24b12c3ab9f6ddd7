"""Quotes mapped to runs: labels, tracked insertions and split runs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

from secure_mou.documents import read_document
from secure_mou.documents.docx import _numbering, _Styles, _Walker
from secure_mou.documents.docx_numbering import Numbering
from secure_mou.review.docx_anchor import ParagraphMap, TextMap
from secure_mou.review.word_comments import mark_span, parse_xml

from .docx_fixtures import agreement


def body_map(path: Path):
    word = docx.Document(str(path))
    root = parse_xml(zipfile.ZipFile(path).read("word/document.xml"))
    walker = _Walker(_Styles(word.styles.element), Numbering.from_part(_numbering(word)))
    return root, ParagraphMap(walker, root.find(qn("w:body"))).targets


def test_numbers_match_the_reader_for_every_block(tmp_path: Path) -> None:
    path = agreement(tmp_path / "mou.docx")
    _, targets = body_map(path)
    for block in read_document(path).blocks:
        text = TextMap(targets[block.location.paragraph]).text
        assert text == block.text or block.text.startswith(text + " | "), block.text


def test_list_label_has_no_runs_and_is_trimmed(tmp_path: Path) -> None:
    path = agreement(tmp_path / "mou.docx")
    _, targets = body_map(path)
    textmap = TextMap(targets[5])
    assert textmap.text == "1. Patrol the grounds before classes begin."
    start, end = textmap.find("1. Patrol the grounds")
    assert textmap.text[start:end] == "Patrol the grounds"


def test_span_inside_a_tracked_insertion_keeps_the_insertion(tmp_path: Path) -> None:
    path = agreement(tmp_path / "mou.docx")
    root, targets = body_map(path)
    textmap = TextMap(targets[9])
    assert textmap.text == "The principal alone decides on suspensions."
    mark_span(textmap, textmap.find("alone decides"), 7)
    p = targets[9][0][0]
    inserted = p.find(qn("w:ins"))
    assert "".join(t.text for t in inserted.iter(qn("w:t"))) == "alone "
    assert inserted.find(qn("w:commentRangeStart")) is not None
    assert TextMap(targets[9]).text == "The principal alone decides on suspensions."
    # the reference run stands at paragraph level, not inside the tracked insertion
    assert p.find(qn("w:r") + "/" + qn("w:commentReference")) is not None
    assert p.find(qn("w:del") + "/" + qn("w:r")) is not None  # the deletion is still there
