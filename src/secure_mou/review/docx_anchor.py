"""Find, in a .docx body, the Word paragraphs behind a block and the runs behind a quote.

Evidence locates a DOCX block by ``paragraph``: the number ``documents.docx`` gives each
non-empty body paragraph and each non-empty table cell, in the order it walks them (text
boxes after their paragraph, nested tables after their row). ``ParagraphMap`` repeats
that walk with the reader's own paragraph reader, so number N here is number N there by
construction, not by a second counting scheme that could drift.

``TextMap`` is the accepted text of some paragraphs, whitespace-collapsed as the reader
collapses it, with each character traced to the ``w:t`` element and offset it came from;
a quote found in that text maps straight back to runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

from ..documents.docx import (
    _P,
    _R,
    _SKIP,
    _SPACES,
    _T,
    _TBL,
    _TC,
    _TR,
    _TXBX,
    _content_children,
    _continues_merge,
    _true,
    _Walker,
)

_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_VANISH = qn("w:rPr") + "/" + qn("w:vanish")


# One Word paragraph of a block and the text the reader made of it (with its list label).
Piece = tuple[Any, str]


class ParagraphMap:
    """Paragraph number (as the reader counts) -> the ``w:p`` elements of that block."""

    def __init__(self, walker: _Walker, body: Any):
        self._walker = walker
        self.targets: dict[int, tuple[Piece, ...]] = {}
        self._counter = 0
        self._content(body)

    def _content(self, container: Any) -> None:
        for child in _content_children(container):
            if child.tag == _P:
                para = self._walker._read(child)
                if para.text:
                    self._counter += 1
                    self.targets[self._counter] = ((child, para.text),)
                for box in para.boxes:
                    self._content(box)
            elif child.tag == _TBL:
                self._table(child)

    def _table(self, tbl: Any) -> None:
        for tr in _content_children(tbl):
            if tr.tag != _TR:
                continue
            after: list[Any] = []
            for tc in _content_children(tr):
                if tc.tag != _TC or _continues_merge(tc):
                    continue
                paragraphs = []
                for child in _content_children(tc):
                    if child.tag == _P:
                        para = self._walker._read(child)
                        if para.text:
                            paragraphs.append((child, para.text))
                        after.extend(para.boxes)
                    elif child.tag == _TBL:
                        after.append(child)
                if paragraphs:
                    self._counter += 1
                    self.targets[self._counter] = tuple(paragraphs)
            for nested in after:
                if nested.tag == _TBL:
                    self._table(nested)
                else:
                    self._content(nested)


@dataclass(frozen=True)
class Spot:
    """One character of accepted text: the ``w:t`` it is in and its offset there
    (``element`` None for a tab, break or the space between paragraphs)."""

    element: Any | None
    offset: int


class TextMap:
    """The collapsed accepted text of ``pieces`` with a ``Spot`` per character; a list
    label the reader put in front ("5.2") is text without a spot."""

    def __init__(self, pieces: tuple[Piece, ...], joiners: tuple[str, ...] = ()):
        """``joiners[i - 1]`` stands between pieces i - 1 and i (default a space; " | "
        between the cells of a table row read as one line)."""
        raw: list[tuple[str, Spot]] = []
        for index, (p, reader_text) in enumerate(pieces):
            if index:
                joiner = joiners[index - 1] if index - 1 < len(joiners) else " "
                raw.extend((c, Spot(None, 0)) for c in joiner)
            traced: list[tuple[str, Spot]] = []
            _trace(p, traced)
            own = " ".join("".join(c for c, _ in traced).split())
            if own and reader_text.endswith(own) and len(reader_text) > len(own):
                raw.extend((c, Spot(None, 0)) for c in reader_text[:-len(own)])
            raw.extend(traced)
        chars: list[str] = []
        self.spots: list[Spot] = []
        pending_space = False
        for char, spot in raw:
            if char.isspace():
                pending_space = bool(chars)
                continue
            if pending_space:
                chars.append(" ")
                self.spots.append(Spot(None, 0))
                pending_space = False
            chars.append(char)
            self.spots.append(spot)
        self.text = "".join(chars)

    def find(self, quote: str) -> tuple[int, int] | None:
        """Character span of ``quote`` (whitespace-insensitive, then case-insensitive),
        trimmed so both ends fall on real text, or None."""
        wanted = " ".join(quote.split())
        if not wanted:
            return None
        start = self.text.find(wanted)
        if start < 0:
            start = self.text.lower().find(wanted.lower())
        if start < 0:
            return None
        end = start + len(wanted)
        while start < end and self.spots[start].element is None:
            start += 1
        while end > start and self.spots[end - 1].element is None:
            end -= 1
        return (start, end) if start < end else None


def _trace(element: Any, out: list[tuple[str, Spot]]) -> None:
    """Mirror of the reader's ``_collect``: the same text, with where each character is."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP or tag == _TXBX:
            continue
        if tag == _T:
            out.extend((c, Spot(child, i)) for i, c in enumerate(child.text or ""))
        elif tag in _SPACES:
            out.append((" ", Spot(None, 0)))
        elif tag == _NO_BREAK_HYPHEN:
            out.append(("-", Spot(None, 0)))
        elif tag == _R:
            if not _true(child.find(_VANISH)):
                _trace(child, out)
        else:
            _trace(child, out)
