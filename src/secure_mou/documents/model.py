"""The located document model: an agreement as an ordered list of blocks.

Every later stage quotes evidence through these locations, so a block always knows its
page/line (PDF), paragraph index (DOCX), line (text) and the section it stands in.
``Document.text`` joins the block texts with ``BLOCK_SEPARATOR``; each block keeps its
``start``/``end`` offsets into that text so any span maps back to a location.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum

BLOCK_SEPARATOR = "\n"


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    RECITAL = "recital"
    SIGNATURE = "signature"


@dataclass(frozen=True)
class Location:
    page: int | None = None
    line: int | None = None
    paragraph: int | None = None
    section: str | None = None
    ocr_confidence: float | None = None  # 0-100 when the text was read by OCR

    def describe(self) -> str:
        """Human form, e.g. ``p. 3, line 12 (5. Roles > 5.2 Duties)``."""
        parts = []
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.paragraph is not None:
            parts.append(f"¶ {self.paragraph}")
        if self.ocr_confidence is not None:
            parts.append(f"OCR {self.ocr_confidence:.0f}%")
        where = ", ".join(parts) or "—"
        return f"{where} ({self.section})" if self.section else where

    def to_json(self) -> dict[str, int | float | str | None]:
        out: dict[str, int | float | str | None] = {
            "page": self.page, "line": self.line, "paragraph": self.paragraph,
            "section": self.section}
        if self.ocr_confidence is not None:  # additive: only blocks read by OCR carry it
            out["ocr_confidence"] = self.ocr_confidence
        return out


@dataclass(frozen=True)
class RawBlock:
    """What a reader emits before structure is assigned.

    ``heading_level`` is set when the reader knows (a DOCX heading style); otherwise the
    structure pass decides from numbering patterns. ``bold`` helps with short bold lines.
    """

    text: str
    kind: BlockKind = BlockKind.PARAGRAPH
    page: int | None = None
    line: int | None = None
    paragraph: int | None = None
    heading_level: int | None = None
    bold: bool = False
    ocr_confidence: float | None = None


@dataclass(frozen=True)
class Block:
    text: str
    kind: BlockKind
    location: Location
    start: int
    end: int
    level: int | None = None  # heading level, for headings
    # nesting depth of a list item's list (0 = outermost), when the reader could tell
    list_level: int | None = None


@dataclass(frozen=True)
class Document:
    path: str
    format: str  # "docx" | "pdf" | "text"
    sha256: str
    blocks: tuple[Block, ...]
    pages: int | None = None
    ocr_pages: tuple[int, ...] = ()  # pages read by OCR (1-based)
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(b.start for b in self.blocks))

    @property
    def text(self) -> str:
        return BLOCK_SEPARATOR.join(b.text for b in self.blocks)

    def block_at(self, offset: int) -> Block:
        """The block holding character ``offset`` of ``text``."""
        if not self.blocks:
            raise IndexError("empty document")
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.blocks[max(i, 0)]

    def location_at(self, offset: int) -> Location:
        return self.block_at(offset).location
