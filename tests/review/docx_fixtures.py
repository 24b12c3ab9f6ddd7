"""Word agreements for the review tests: numbering, split runs, tables, tracked changes."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

W_NS = nsdecls("w")
TRACK = 'w:author="Counsel" w:date="2024-05-01T00:00:00Z"'
DISCIPLINE = "The SRO shall not be involved in school discipline."
SEARCH = "The SRO may search any student with or without consent at any time."


def agreement(path: Path, *, existing_comment: bool = False) -> Path:
    """An MOU with a title, numbered clauses, a sentence split over runs, a table, a
    tracked insertion and deletion; one met rule, one red flag, many gaps."""
    word = docx.Document()
    word.add_heading("Memorandum of Understanding", level=0)
    word.add_paragraph("Between the Riverbend School District and the Riverbend Police "
                       "Department.")
    word.add_heading("1. Roles and Responsibilities", level=1)
    split = word.add_paragraph("Discipline first. ")
    split.add_run("The SRO shall not be ")
    split.add_run("involved").bold = True
    split.add_run(" in school discipline.")
    word.add_paragraph("Patrol the grounds before classes begin.", style="List Number")
    word.add_paragraph("Attend school events when asked by the principal.",
                       style="List Number")
    word.add_heading("2. Searches", level=1)
    word.add_paragraph(SEARCH)
    tracked = word.add_paragraph("The principal ")
    tracked._p.append(parse_xml(
        f'<w:ins {W_NS} w:id="91" {TRACK}><w:r><w:t xml:space="preserve">alone </w:t>'
        '</w:r></w:ins>'))
    tracked._p.append(parse_xml(
        f'<w:del {W_NS} w:id="92" {TRACK}><w:r><w:delText>and the SRO </w:delText>'
        '</w:r></w:del>'))
    tracked.add_run("decides on suspensions.")
    word.add_heading("3. Term", level=1)
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Matter"
    table.cell(0, 1).text = "Who"
    table.cell(1, 0).text = "Renewal"
    table.cell(1, 1).text = ("This agreement runs for one school year and is reviewed by both "
                             "parties each summer before it is renewed.")
    if existing_comment:
        paragraph = word.paragraphs[1]
        word.add_comment(paragraph.runs, text="Check the parties' legal names.",
                         author="District counsel")
    word.save(str(path))
    return path


def body_signature(path: Path) -> list[list[tuple[str, str, str]]]:
    """Per paragraph: (enclosing element tags, run properties, text) runs, with comment
    markers and reference runs removed and adjacent runs of equal properties merged, so
    only a change of text, formatting, numbering or tracked changes shows."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    for tag in ("w:commentRangeStart", "w:commentRangeEnd"):
        for element in list(root.iter(qn(tag))):
            element.getparent().remove(element)
    for reference in list(root.iter(qn("w:commentReference"))):
        run = reference.getparent()
        run.getparent().remove(run)
    out = []
    for p in root.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        runs: list[tuple[str, str, str]] = [
            ("pPr", "" if ppr is None else etree.tostring(ppr).decode(), "")]
        for run in p.iter(qn("w:r")):
            parents = "/".join(etree.QName(a).localname for a in run.iterancestors()
                               if a is not p and a.tag != qn("w:body"))
            rpr = run.find(qn("w:rPr"))
            props = "" if rpr is None else etree.tostring(rpr).decode()
            text = "".join(t.text or "" for t in run if t.tag in (qn("w:t"), qn("w:delText")))
            others = "".join(etree.QName(c).localname for c in run
                             if c.tag not in (qn("w:t"), qn("w:delText"), qn("w:rPr")))
            key = (parents, props + others)
            if runs and runs[-1][:2] == key and not others:
                runs[-1] = (*key, runs[-1][2] + text)
            else:
                runs.append((*key, text))
        out.append(runs)
    return out


def comment_anchors(path: Path) -> dict[str, str]:
    """Comment id -> the body text between its range markers."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    open_ids: list[str] = []
    anchors: dict[str, str] = {}
    for element in root.iter():
        if element.tag == qn("w:commentRangeStart"):
            open_ids.append(element.get(qn("w:id")))
            anchors.setdefault(element.get(qn("w:id")), "")
        elif element.tag == qn("w:commentRangeEnd"):
            open_ids.remove(element.get(qn("w:id")))
        elif element.tag == qn("w:t"):
            for comment_id in open_ids:
                anchors[comment_id] += element.text or ""
    return {k: re.sub(r"\s+", " ", v).strip() for k, v in anchors.items()}


def comment_texts(path: Path) -> dict[str, str]:
    word: Any = docx.Document(str(path))
    return {str(c.comment_id): c.text for c in word.comments}
