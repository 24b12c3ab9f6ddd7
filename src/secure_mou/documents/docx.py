"""Read a Word (.docx) agreement into a ``Document``.

python-docx opens the package, but the body is walked as XML because its convenience API
loses what an agreement needs: ``paragraph.text`` skips runs inside tracked insertions
(``w:ins``), ``document.paragraphs`` and ``document.tables`` lose their interleaving, and
``row.cells`` repeats merged cells. So this module reads the accepted view of tracked
changes (insertions in, deletions out), keeps tables in place, reads each merged cell
once, follows nested tables and text boxes, and leaves headers and footers out (they live
in other parts and repeat on every page).

Tables: a row whose cells are all short (labels, names, dates, "By: ____") becomes one
``TABLE_CELL`` block with cells joined by `` | ``, so a row reads as a line; a row with
any long cell gives one block per cell, so evidence points at the cell that holds it.
``paragraph`` counts non-empty body paragraphs and non-empty table cells, 1-based, in
document order; a row block carries the number of its first cell.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from ..errors import DocumentError, too_many_chars
from .docx_numbering import Numbering
from .docx_package import DEFAULT_MAX_UNCOMPRESSED, check_package, corrupt
from .model import BlockKind, Document, RawBlock
from .structure import build_document

FORMAT = "docx"
SHORT_CELL = 60  # characters; rows of cells no longer than this are read as one line

_P, _TBL, _TR, _TC, _R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")
_T, _TXBX = qn("w:t"), qn("w:txbxContent")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SPACES = frozenset({qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr")})
# Not part of the accepted text: deletions, moved-away text, field codes, properties,
# and mc:Fallback (a second copy of the same text box for old Word versions).
_SKIP = frozenset({qn("w:del"), qn("w:moveFrom"), qn("w:delText"), qn("w:instrText"),
                   qn("w:pPr"), qn("w:rPr"), qn("w:delInstrText"), _FALLBACK})
# Wrappers whose children are body content (content controls, custom XML).
_WRAPPERS = frozenset({qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")})
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_FALSE = frozenset({"0", "false", "off"})


@dataclass(frozen=True)
class _Paragraph:
    text: str
    bold: bool
    heading_level: int | None
    listed: bool  # numbered/bulleted or in a List style
    numbered: bool  # carries a visible (non-bullet) label
    boxes: tuple[Any, ...]  # w:txbxContent elements anchored in this paragraph


def read_docx(path: Path, *, sha256: str,
              max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
              max_chars: int | None = None) -> Document:
    """Read ``path`` (already known to be a ZIP holding word/document.xml).

    Raises ``DocumentError`` ``too_large`` for decompression bombs and for more than
    ``max_chars`` characters of text, ``corrupt`` for damaged packages and
    ``unsupported_format`` for macro-enabled or template packages.
    """
    check_package(path, max_uncompressed)
    try:
        word = docx.Document(str(path))
        body = word.element.body
        walker = _Walker(_Styles(word.styles.element), Numbering.from_part(_numbering(word)))
        raw_blocks = list(_capped(walker.content(body), path, max_chars))
    except DocumentError:
        raise
    except ValueError as err:
        if "content type" in str(err):  # python-docx: "file '…' is not a Word file"
            raise DocumentError("unsupported_format",
                                f"{path.name} is a Word package python-docx cannot open"
                                " (macro-enabled or template)",
                                hint="save it as a plain .docx") from err
        raise corrupt(path, err) from err
    except (KeyError, AttributeError, TypeError, IndexError, PackageNotFoundError,
            zipfile.BadZipFile, etree.LxmlError, zlib.error, EOFError, OSError,
            NotImplementedError, RecursionError, UnicodeError) as err:
        # What python-docx, zipfile and lxml raise on damage the package check cannot
        # see (broken XML, missing relationships, parts of the wrong type).
        raise corrupt(path, err) from err
    return build_document(str(path), FORMAT, sha256, raw_blocks)


def _capped(blocks: Iterable[RawBlock], path: Path, max_chars: int | None
            ) -> Iterator[RawBlock]:
    """``blocks``, stopping with ``too_large`` once their text passes ``max_chars``:
    the rules engine's memory grows with the text, so a huge document stops here."""
    total = 0
    for block in blocks:
        total += len(block.text)
        if max_chars is not None and total > max_chars:
            raise too_many_chars(path.name, max_chars)
        yield block


def _numbering(word: Any) -> Any | None:
    try:
        return word.part.numbering_part.element
    except (KeyError, NotImplementedError):  # no numbering part: python-docx cannot make one
        return None


def _val(element: Any, path: str) -> str | None:
    found = element.find(path, namespaces={"w": _W})
    return None if found is None else found.get(qn("w:val"))


def _true(element: Any | None) -> bool | None:
    """The value of an on/off property element (``<w:b/>`` is on), None when absent."""
    if element is None:
        return None
    return element.get(qn("w:val"), "1").lower() not in _FALSE


class _Styles:
    """Style lookups that follow ``w:basedOn``, because Word resolves properties that way."""

    def __init__(self, styles_element: Any):
        self._by_id: dict[str, Any] = {}
        self.default_paragraph: str | None = None
        for style in styles_element.findall(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            if style_id is None:
                continue
            self._by_id[style_id] = style
            if (style.get(qn("w:type")) == "paragraph"
                    and style.get(qn("w:default")) in ("1", "true", "on")):
                self.default_paragraph = style_id

    def chain(self, style_id: str | None) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._by_id:
            seen.add(style_id)
            style = self._by_id[style_id]
            yield style
            style_id = _val(style, "w:basedOn")

    def heading_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            name = (_val(style, "w:name") or "").strip()
            if m := _HEADING_NAME.match(name):
                return int(m.group(1))
            if name.lower() == "title":
                return 1
        for style in self.chain(style_id):
            if (level := _val(style, "w:pPr/w:outlineLvl")) is not None:
                return _outline(level)
        return None

    def is_list(self, style_id: str | None) -> bool:
        return any((_val(s, "w:name") or "").lower().startswith("list")
                   for s in self.chain(style_id))

    def num_id(self, style_id: str | None) -> str | None:
        for style in self.chain(style_id):
            if (num := _val(style, "w:pPr/w:numPr/w:numId")) is not None:
                return num
        return None

    def bold(self, style_id: str | None) -> bool | None:
        for style in self.chain(style_id):
            if (value := _true(style.find(qn("w:rPr") + "/" + qn("w:b")))) is not None:
                return value
        return None


def _outline(value: str) -> int | None:
    level = int(value) if value.isdigit() else 9
    return level + 1 if level < 9 else None  # 9 means "body text"


class _Walker:
    """Walks body XML in document order; holds the paragraph counter and list counters."""

    def __init__(self, styles: _Styles, numbering: Numbering):
        self.styles = styles
        self.numbering = numbering
        self.counter = 0

    def content(self, container: Any) -> Iterator[RawBlock]:
        for child in _content_children(container):
            if child.tag == _P:
                yield from self._paragraph_blocks(child)
            elif child.tag == _TBL:
                yield from self._table(child)

    def _paragraph_blocks(self, p: Any) -> Iterator[RawBlock]:
        para = self._read(p)
        if para.text:
            self.counter += 1
            kind = BlockKind.PARAGRAPH
            # A bold, auto-numbered line ("5.2 Duties") is a heading, not a list item;
            # structure.py decides from its label and boldness.
            if para.listed and para.heading_level is None and not (para.bold and para.numbered):
                kind = BlockKind.LIST_ITEM
            yield RawBlock(text=para.text, kind=kind, paragraph=self.counter,
                           heading_level=para.heading_level, bold=para.bold)
        for box in para.boxes:
            yield from self.content(box)

    def _read(self, p: Any) -> _Paragraph:
        style_id = _val(p, "w:pPr/w:pStyle") or self.styles.default_paragraph
        style_bold = bool(self.styles.bold(style_id))
        parts: list[tuple[str, bool]] = []
        boxes: list[Any] = []
        _collect(p, parts, boxes, self.styles, style_bold, bold=style_bold)
        text = " ".join("".join(t for t, _ in parts).split())
        bold = bool(text) and all(b for t, b in parts if t.strip())

        num_id = _val(p, "w:pPr/w:numPr/w:numId") or self.styles.num_id(style_id)
        ilvl_text = _val(p, "w:pPr/w:numPr/w:ilvl") or "0"
        label, bullet = "", False
        if num_id and num_id != "0":  # numId 0 switches numbering off
            ilvl = int(ilvl_text) if ilvl_text.isdigit() else 0
            label, bullet = self.numbering.label(num_id, min(ilvl, 8))
        level = self.styles.heading_level(style_id)
        if level is None and (outline := _val(p, "w:pPr/w:outlineLvl")) is not None:
            level = _outline(outline)
        if text and label and not bullet:
            text = f"{label} {text}"
        listed = bool(num_id and num_id != "0") or self.styles.is_list(style_id)
        return _Paragraph(text=text, bold=bold, heading_level=level, listed=listed,
                          numbered=bool(label) and not bullet, boxes=tuple(boxes))

    def _table(self, tbl: Any) -> Iterator[RawBlock]:
        for tr in _content_children(tbl):
            if tr.tag != _TR:
                continue
            cells: list[tuple[int, str]] = []
            after: list[Any] = []  # nested tables and text boxes, read after the row
            for tc in _content_children(tr):
                if tc.tag != _TC or _continues_merge(tc):
                    continue  # a vertically merged cell's text lives in its first cell
                texts = []
                for child in _content_children(tc):
                    if child.tag == _P:
                        para = self._read(child)
                        texts.append(para.text)
                        after.extend(para.boxes)
                    elif child.tag == _TBL:
                        after.append(child)
                text = " ".join(t for t in texts if t)
                if text:
                    self.counter += 1
                    cells.append((self.counter, text))
            if len(cells) > 1 and all(len(text) <= SHORT_CELL for _, text in cells):
                yield RawBlock(text=" | ".join(text for _, text in cells),
                               kind=BlockKind.TABLE_CELL, paragraph=cells[0][0])
            else:
                for number, text in cells:
                    yield RawBlock(text=text, kind=BlockKind.TABLE_CELL, paragraph=number)
            for nested in after:
                if nested.tag == _TBL:
                    yield from self._table(nested)
                else:
                    yield from self.content(nested)


def _content_children(element: Any) -> Iterator[Any]:
    """Children of ``element``, looking through content controls and custom XML."""
    for child in element:
        if child.tag in _WRAPPERS:
            yield from _content_children(child)
        elif child.tag not in _SKIP:
            yield child


def _continues_merge(tc: Any) -> bool:
    vmerge = tc.find(qn("w:tcPr") + "/" + qn("w:vMerge"))
    if vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue":
        return True
    hmerge = tc.find(qn("w:tcPr") + "/" + qn("w:hMerge"))  # legacy horizontal merge
    return hmerge is not None and hmerge.get(qn("w:val"), "continue") == "continue"


def _collect(element: Any, parts: list[tuple[str, bool]], boxes: list[Any],
             styles: _Styles, style_bold: bool, *, bold: bool) -> None:
    """Append (text, bold) pieces of the accepted text under ``element`` to ``parts``."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue  # comments/processing instructions have non-string tags
        if tag == _T:
            parts.append((child.text or "", bold))
        elif tag in _SPACES:
            parts.append((" ", bold))
        elif tag == qn("w:noBreakHyphen"):
            parts.append(("-", bold))
        elif tag == _TXBX:
            boxes.append(child)  # read as blocks of their own, after this paragraph
        elif tag == _R:
            if _true(child.find(qn("w:rPr") + "/" + qn("w:vanish"))):
                continue  # hidden text is not what signatories read
            _collect(child, parts, boxes, styles, style_bold,
                     bold=_run_bold(child, styles, style_bold))
        else:
            _collect(child, parts, boxes, styles, style_bold, bold=bold)


def _run_bold(run: Any, styles: _Styles, style_bold: bool) -> bool:
    direct = _true(run.find(qn("w:rPr") + "/" + qn("w:b")))
    if direct is not None:
        return direct
    char_style = _val(run, "w:rPr/w:rStyle")
    from_char = styles.bold(char_style) if char_style else None
    return style_bold if from_char is None else from_char
