"""Word comments written into a package at the XML level.

A comment is three things in WordprocessingML: ``w:commentRangeStart``/``End`` markers
around the commented words in the body, a run holding ``w:commentReference``, and a
``w:comment`` in the comments part (linked from the document part's relationships and
typed in ``[Content_Types].xml``). Only those are added: runs are split where a comment
starts or ends inside one (as Word itself does, each half keeping the run's properties),
and every other part of the package is copied byte for byte, so the agreement's text,
numbering, tables and tracked changes are exactly what they were.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
import zipfile
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from ..errors import UsageError
from .docx_anchor import TextMap

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
OFFICE_DOCUMENT_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument")
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_P, _R, _T, _RPR, _PPR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:rPr"), qn("w:pPr")
# Plain parsing: python-docx's parser drops blank text nodes, which must survive here.
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=False)


@dataclass(frozen=True)
class CommentText:
    """A comment's paragraphs: (text, bold) each."""

    paragraphs: tuple[tuple[str, bool], ...]


def parse_xml(data: bytes) -> Any:
    return etree.fromstring(data, _PARSER)


def mark_span(textmap: TextMap, span: tuple[int, int], comment_id: int) -> None:
    """Put comment ``comment_id``'s range around characters ``span`` of ``textmap``.

    The map is stale afterwards (runs were split): build a new one for the next comment.
    """
    first, last = textmap.spots[span[0]], textmap.spots[span[1] - 1]
    # Split at the end first: the left half keeps the element that holds the start.
    end_run = _split_after(last.element, last.offset + 1)
    start_run = _split_before(first.element, first.offset)
    start_run.addprevious(_marker("commentRangeStart", comment_id))
    end_marker = _marker("commentRangeEnd", comment_id)
    end_run.addnext(end_marker)
    _place_reference(end_marker, comment_id)


def mark_paragraph(p: Any, comment_id: int) -> None:
    """Comment a whole paragraph: markers after its properties and at its end."""
    start = _marker("commentRangeStart", comment_id)
    ppr = p.find(_PPR)
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    end = _marker("commentRangeEnd", comment_id)
    p.append(end)
    _place_reference(end, comment_id)


def _marker(name: str, comment_id: int) -> Any:
    element = etree.Element(qn(f"w:{name}"))
    element.set(qn("w:id"), str(comment_id))
    return element


def _place_reference(end_marker: Any, comment_id: int) -> None:
    # The reference run goes at paragraph level: inside a w:ins it would itself read as
    # a tracked insertion.
    anchor = end_marker
    while anchor.getparent() is not None and anchor.getparent().tag != _P:
        anchor = anchor.getparent()
    run = etree.Element(_R)
    etree.SubElement(etree.SubElement(run, _RPR), qn("w:rStyle")).set(
        qn("w:val"), "CommentReference")
    etree.SubElement(run, qn("w:commentReference")).set(qn("w:id"), str(comment_id))
    anchor.addnext(run)


def _content(run: Any) -> list[Any]:
    return [c for c in run if c.tag != _RPR]


def _split_before(t: Any, offset: int) -> Any:
    """The run that starts at character ``offset`` of ``t`` (split off when needed)."""
    run = t.getparent()
    content = _content(run)
    if offset == 0 and content and content[0] is t:
        return run
    clone = deepcopy(run)
    index = content.index(t)
    clone_content = _content(clone)
    for child in clone_content[:index]:
        clone.remove(child)
    clone_t = clone_content[index]
    clone_t.text = (t.text or "")[offset:]
    clone_t.set(_XML_SPACE, "preserve")
    for child in content[index + 1:]:
        run.remove(child)
    if offset == 0:
        run.remove(t)
    else:
        t.text = (t.text or "")[:offset]
        t.set(_XML_SPACE, "preserve")
    run.addnext(clone)
    return clone


def _split_after(t: Any, offset: int) -> Any:
    """The run that ends at character ``offset`` of ``t`` (split off when needed)."""
    run = t.getparent()
    content = _content(run)
    if offset >= len(t.text or "") and content and content[-1] is t:
        return run
    if offset >= len(t.text or ""):  # ends at a boundary inside the run: split after t
        index = content.index(t)
        clone = deepcopy(run)
        for child in _content(clone)[:index + 1]:
            clone.remove(child)
        for child in content[index + 1:]:
            run.remove(child)
        run.addnext(clone)
        return run
    _split_before(t, offset)
    return run


def comments_xml(existing: bytes | None, comments: list[tuple[int, CommentText]],
                 author: str, initials: str) -> bytes:
    """The comments part: ``existing`` (the agreement's own comments) plus ours."""
    root = parse_xml(existing) if existing else etree.Element(qn("w:comments"),
                                                               nsmap={"w": W_NS})
    for comment_id, text in comments:
        comment = etree.SubElement(root, qn("w:comment"))
        comment.set(qn("w:id"), str(comment_id))
        comment.set(qn("w:author"), author)
        comment.set(qn("w:initials"), initials)
        for index, (line, bold) in enumerate(text.paragraphs):
            p = etree.SubElement(comment, _P)
            if index == 0:
                ref = etree.SubElement(p, _R)
                etree.SubElement(etree.SubElement(ref, _RPR), qn("w:rStyle")).set(
                    qn("w:val"), "CommentReference")
                etree.SubElement(ref, qn("w:annotationRef"))
            run = etree.SubElement(p, _R)
            if bold:
                etree.SubElement(etree.SubElement(run, _RPR), qn("w:b"))
            t = etree.SubElement(run, _T)
            t.text = line
            t.set(_XML_SPACE, "preserve")
    return _serialise(root)


def existing_comment_ids(comments_part: bytes | None) -> list[int]:
    if not comments_part:
        return []
    root = parse_xml(comments_part)
    ids = [c.get(qn("w:id"), "") for c in root.iter(qn("w:comment"))]
    return [int(i) for i in ids if i.lstrip("-").isdigit()]


def _serialise(root: Any) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                 standalone=True)
    return data


@dataclass(frozen=True)
class Package:
    """Where the main document part and its comments live in a .docx."""

    document_part: str
    rels_part: str
    comments_part: str | None  # None: the agreement has no comments yet

    @classmethod
    def locate(cls, archive: zipfile.ZipFile) -> Package:
        names = set(archive.namelist())
        document_part = "word/document.xml"
        if "_rels/.rels" in names:
            for rel in parse_xml(archive.read("_rels/.rels")):
                if rel.get("Type") == OFFICE_DOCUMENT_REL:
                    document_part = rel.get("Target", document_part).lstrip("/")
        folder, name = posixpath.split(document_part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        comments_part = None
        if rels_part in names:
            for rel in parse_xml(archive.read(rels_part)):
                if rel.get("Type") == COMMENTS_REL and rel.get("TargetMode") != "External":
                    comments_part = posixpath.normpath(
                        posixpath.join(folder, rel.get("Target", "")))
        return cls(document_part, rels_part, comments_part)


def write_package(source: Path, destination: Path, document_root: Any,
                  comments: list[tuple[int, CommentText]], author: str) -> None:
    """Write ``source`` to ``destination`` with the new body and the comments added.

    Written to a temporary file beside ``destination`` and renamed, so a failure never
    leaves half a file; ``source`` is only read.
    """
    initials = "".join(word[0] for word in author.split()[:3]).upper() or "SM"
    with zipfile.ZipFile(source) as archive:
        package = Package.locate(archive)
        names = archive.namelist()
        existing = (archive.read(package.comments_part)
                    if package.comments_part in names else None)
        comments_part = package.comments_part or _free_name(names, "word/comments.xml")
        replaced = {
            package.document_part: _serialise(document_root),
            comments_part: comments_xml(existing, comments, author, initials),
        }
        if package.comments_part is None:
            replaced[package.rels_part] = _with_relationship(
                archive.read(package.rels_part) if package.rels_part in names else None,
                posixpath.relpath(comments_part, posixpath.dirname(package.document_part)))
            replaced["[Content_Types].xml"] = _with_override(
                archive.read("[Content_Types].xml"), "/" + comments_part)
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=destination.parent, suffix=".docx.tmp")
            os.close(handle)
        except OSError as err:
            raise UsageError(f"{destination}: cannot write ({err.strerror})") from None
        try:
            with zipfile.ZipFile(temporary, "w") as out:
                for info in archive.infolist():
                    data = replaced.pop(info.filename, None)
                    out.writestr(info, data if data is not None else archive.read(info))
                for name, data in replaced.items():  # parts the agreement did not have
                    out.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)),
                                 data, compress_type=zipfile.ZIP_DEFLATED)
            shutil.copymode(source, temporary)  # mkstemp's 0600 is not what the user chose
            os.replace(temporary, destination)
        except OSError as err:
            raise UsageError(f"{destination}: cannot write ({err.strerror})") from None
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)


def _free_name(names: list[str], wanted: str) -> str:
    stem, ext = posixpath.splitext(wanted)
    candidate, n = wanted, 1
    while candidate in names:
        candidate, n = f"{stem}{n}{ext}", n + 1
    return candidate


def _with_relationship(rels: bytes | None, target: str) -> bytes:
    root = parse_xml(rels) if rels else etree.Element(f"{{{_REL_NS}}}Relationships",
                                                      nsmap={None: _REL_NS})
    taken = {rel.get("Id") for rel in root}
    n = len(taken) + 1
    while f"rId{n}" in taken:
        n += 1
    rel = etree.SubElement(root, f"{{{_REL_NS}}}Relationship")
    rel.set("Id", f"rId{n}")
    rel.set("Type", COMMENTS_REL)
    rel.set("Target", target)
    return _serialise(root)


def _with_override(content_types: bytes, part_name: str) -> bytes:
    root = parse_xml(content_types)
    if not any(o.get("PartName") == part_name for o in root):
        override = etree.SubElement(root, f"{{{_CT_NS}}}Override")
        override.set("PartName", part_name)
        override.set("ContentType", COMMENTS_TYPE)
    return _serialise(root)
