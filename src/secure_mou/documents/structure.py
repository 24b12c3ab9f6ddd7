"""Assign structure to raw blocks: headings, section paths, list items, recitals, signatures.

Readers only say what they saw (text, page/line/paragraph, a heading style or bold run);
this pass decides, the same way for every format, which blocks are headings (by style or
by the numbering patterns agreements use), which section each block stands in, and which
blocks are recitals (``WHEREAS …``) or part of the signature block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import BLOCK_SEPARATOR, Block, BlockKind, Document, Location, RawBlock

_ROMAN = r"(?=[IVXLC])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})"
_ARTICLE = re.compile(rf"^(?:ARTICLE|Article|PART|Part)\s+(?:\d+|{_ROMAN})\b[.:]?\s*(.*)$")
_SECTION_WORD = re.compile(r"^(?:SECTION|Section|Sec\.|§)\s*(\d+(?:\.\d+)*)\b[.:]?\s*(.*)$")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)[.)]?\s+(\S.*)$")
_ROMAN_HEAD = re.compile(rf"^({_ROMAN})[.)]\s+(\S.*)$")
_LETTER_HEAD = re.compile(r"^([A-Z])[.)]\s+(\S.*)$")
_LIST_MARKER = re.compile(
    r"^(?:\(?[a-z]{1,2}\)|\(?[ivx]{1,4}\)|[a-z][.]|\(\d{1,2}\)|\d{1,2}\)|[•●▪◦·\-–*])\s+\S"
)
# "1." / "2)" items continue a list; a dotted section number ("4.5 Under no ...") does not.
_NUMBER_MARKER = re.compile(r"^\d{1,2}[.)]?\s+\S")
_RECITAL = re.compile(r"^\s*(?:and\s+)?whereas\b", re.IGNORECASE)
_WITNESS = re.compile(r"^\s*in\s+witness\s+whereof\b", re.IGNORECASE)
_SIGNATURE_LINE = re.compile(
    r"^\s*(?:by:|signature\b|signed:?|date(?:d)?:|title:|name:|attest:|witness:|"
    r"approved as to (?:form|legal)|_{4,}|printed name)",
    re.IGNORECASE,
)
_APPENDIX = re.compile(r"^(?:exhibit|appendix|attachment|schedule|addendum)\b", re.IGNORECASE)

MAX_HEADING_WORDS = 14
# a line that commits someone to something is a clause, not a title
_MODAL = re.compile(r"\b(?:shall|will|must|may|can|should|agrees?)\b", re.IGNORECASE)


def _words(text: str) -> int:
    return len(text.split())


def _looks_like_title(text: str) -> bool:
    """Short, no sentence-final period, not a clause with a modal verb."""
    stripped = text.strip()
    if not stripped or _words(stripped) > MAX_HEADING_WORDS:
        return False
    if stripped.endswith((";", ",")):
        return False  # an item of a list ("1. Special education;"), not a title
    if stripped.endswith(".") and not stripped.endswith(("Sec.", "etc.")):
        # "5. Duties." is a heading; "The SRO shall patrol." is not.
        return _words(stripped) <= 4 and not _MODAL.search(stripped)
    return not _MODAL.search(stripped)


def heading_level(raw: RawBlock) -> int | None:
    """The heading level of a raw block, or None when it is body text."""
    text = raw.text.strip()
    if raw.heading_level is not None:
        return raw.heading_level
    if not text or raw.kind in (BlockKind.TABLE_CELL,):
        return None
    if m := _ARTICLE.match(text):
        return 1 if _looks_like_title(m.group(1) or "X") else None
    if m := _SECTION_WORD.match(text):
        return m.group(1).count(".") + 1 if _looks_like_title(m.group(2) or "X") else None
    if m := _NUMBERED.match(text):
        if _looks_like_title(m.group(2)) and not m.group(2)[0].islower():
            return m.group(1).rstrip(".").count(".") + 1
        return None
    if m := _ROMAN_HEAD.match(text):
        return 1 if _looks_like_title(m.group(2)) else None
    if (m := _LETTER_HEAD.match(text)) and _looks_like_title(m.group(2)) and _words(text) <= 8:
        return 2
    letters = [c for c in text if c.isalpha()]
    if (
        len(letters) >= 4
        and all(c.isupper() for c in letters)
        and _words(text) <= 10
        and not _RECITAL.match(text)
        and not _WITNESS.match(text)
    ):
        return 1
    if raw.bold and _looks_like_title(text):
        return 1
    return None


def build_document(
    path: str, fmt: str, sha256: str, raw_blocks: Iterable[RawBlock], pages: int | None = None
) -> Document:
    """Turn a reader's raw blocks into a located ``Document``."""
    blocks: list[Block] = []
    stack: list[tuple[int, str]] = []  # (level, heading text)
    offset = 0
    in_signature = False
    lead_in_open = False  # the previous body block ended with ":" (a list follows)
    for raw in raw_blocks:
        text = " ".join(raw.text.split())
        if not text:
            continue
        # after a lead-in ("Training shall include:") numbered lines are its items
        in_list = lead_in_open and bool(_LIST_MARKER.match(text) or _NUMBER_MARKER.match(text))
        level = heading_level(raw) if raw.kind != BlockKind.LIST_ITEM and not in_list else None
        if level is not None and in_signature and not _APPENDIX.match(text):
            level = None  # "SCHOOL BOARD OF HARBOR COUNTY" under the signatures is no heading
        kind = raw.kind
        if level is not None:
            kind = BlockKind.HEADING
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, text.rstrip(":")))
            if _APPENDIX.match(text):
                in_signature = False
            lead_in_open = False
        elif _WITNESS.match(text):
            in_signature = True
            kind = BlockKind.SIGNATURE
        elif in_signature or _SIGNATURE_LINE.match(text):
            kind = BlockKind.SIGNATURE
        elif _RECITAL.match(text):
            kind = BlockKind.RECITAL
        elif kind == BlockKind.PARAGRAPH and (
            _LIST_MARKER.match(text) or (lead_in_open and _NUMBER_MARKER.match(text))
        ):
            kind = BlockKind.LIST_ITEM
        if kind not in (BlockKind.HEADING, BlockKind.SIGNATURE):
            if text.endswith(":"):
                lead_in_open = True
            elif kind != BlockKind.LIST_ITEM:
                lead_in_open = False
        section = " > ".join(h for _, h in stack) or None
        if kind == BlockKind.HEADING:
            section = " > ".join(h for _, h in stack)
        location = Location(page=raw.page, line=raw.line, paragraph=raw.paragraph,
                            section=section)
        blocks.append(Block(text=text, kind=kind, location=location, start=offset,
                            end=offset + len(text), level=level))
        offset += len(text) + len(BLOCK_SEPARATOR)
    return Document(path=path, format=fmt, sha256=sha256, blocks=tuple(blocks), pages=pages)
