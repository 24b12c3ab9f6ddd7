"""Assign structure to raw blocks: headings, section paths, list items, recitals, signatures.

Readers only say what they saw (text, page/line/paragraph, a heading style or bold run);
this pass decides, the same way for every format, which blocks are headings (by style or
by the numbering patterns agreements use), which section each block stands in, and which
blocks are recitals (``WHEREAS …``) or part of the signature block.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace

from .inline_lists import Marker, Piece, leading_markers, split_inline_lists
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

# an item of a list of terms: "de-escalation;", "restraint; and", "FERPA, or"
_SHORT_ITEM_END = re.compile(r"(?:[;,]|[;,]?\s+(?:and|or))$")
_ABBREVIATIONS = frozenset(
    ["sec", "art", "ch", "no", "nos", "inc", "co", "corp", "ltd", "jr", "sr", "dr", "mr",
     "mrs", "ms", "st", "dept", "vol", "etc", "seq", "al", "vs", "approx", "incl", "misc",
     "para", "subd", "fla", "stat", "rev", "ann", "gen", "govt"])
# a sentence ends at ". " before a capital, unless the period closes an abbreviation
_SENTENCE_END = re.compile(r"(?<=[A-Za-z0-9][A-Za-z0-9)\]\"”’])[.!?][\"”’)]*\s+(?=[\"“(]?[A-Z])")
# OCR reads a comma as a period ("de-escalation. techniques", "SROs. however. perform");
# a period between two lowercase words ends no sentence
_STRAY_PERIOD = re.compile(r"\b([A-Za-z][a-z-]{2,})\.(?=\s+[a-z]{2,}\b)")

_MARKER_TEXT = re.compile(r"^\(?[\w.]{1,8}[.)]\s")

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
    if raw.kind == BlockKind.HEADING:
        return None  # a reader's heading outside the section tree (a contents entry)
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
    lead_in_open = False  # a body block ended with ":" and its list has not ended
    after_colon = False  # the previous block itself ended with ":"
    open_list: list[Marker] = []  # the last item marker at each nesting level
    short_items = False  # the open list's items so far end with ";" or "," (a list of terms)
    queue: deque[tuple[RawBlock, Piece]] = deque()
    for raw, piece in _pieces(raw_blocks, queue):
        text = piece.text
        markers = piece.markers
        # after a lead-in ("Training shall include:") marked lines are its items: the first
        # of a sequence, the next of an open one, or (as before) any "(a)"/"1." marker
        depth, reading = _list_place(open_list, markers, after_colon, lead_in_open)
        in_list = lead_in_open and (depth is not None or bool(
            _LIST_MARKER.match(text) or _NUMBER_MARKER.match(text)))
        if in_list and short_items and (cut := _sentence_end(text)) is not None:
            # "…; and (c) FERPA. The SRO shall also …": the list ended with its item
            tail = text[cut:].lstrip()
            text = text[:cut].rstrip()
            queue.appendleft((replace(raw, text=tail, bold=False), Piece(tail)))
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
            _LIST_MARKER.match(text) or in_list
        ):
            kind = BlockKind.LIST_ITEM
        list_level = None
        if kind == BlockKind.LIST_ITEM and in_list:
            if depth is not None and reading is not None:
                del open_list[depth:]
                open_list.append(reading)
            list_level = max(len(open_list) - 1, 0)
            short_items = (short_items or after_colon) and bool(_SHORT_ITEM_END.search(text))
        after_colon = False
        if kind not in (BlockKind.HEADING, BlockKind.SIGNATURE):
            if text.endswith(":"):
                if kind != BlockKind.LIST_ITEM:
                    open_list = []
                lead_in_open = after_colon = True
                short_items = False
            elif kind != BlockKind.LIST_ITEM:
                lead_in_open = False
        if not lead_in_open:
            open_list = []
            short_items = False
        section = " > ".join(h for _, h in stack) or None
        if kind == BlockKind.HEADING:
            section = " > ".join(h for _, h in stack)
        location = Location(page=raw.page, line=raw.line, paragraph=raw.paragraph,
                            section=section)
        blocks.append(Block(text=text, kind=kind, location=location, start=offset,
                            end=offset + len(text), level=level, list_level=list_level))
        offset += len(text) + len(BLOCK_SEPARATOR)
    return Document(path=path, format=fmt, sha256=sha256, blocks=tuple(blocks), pages=pages)


def _pieces(raw_blocks: Iterable[RawBlock],
            queue: deque[tuple[RawBlock, Piece]]) -> Iterator[tuple[RawBlock, Piece]]:
    """Every raw block, cut into its run-together list items; ``queue`` lets the caller
    put a piece it split back in front."""
    for raw in raw_blocks:
        text = repair_stray_periods(" ".join(raw.text.split()))
        if not text:
            continue
        if raw.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) and raw.heading_level is None:
            pieces = split_inline_lists(text)
        else:
            pieces = [Piece(text, leading_markers(text))]
        queue.extend((replace(raw, text=p.text, bold=raw.bold and i == 0), p)
                     for i, p in enumerate(pieces))
        while queue:
            yield queue.popleft()


def repair_stray_periods(text: str) -> str:
    """``de-escalation. techniques`` -> ``de-escalation, techniques`` (OCR comma)."""
    if ". " not in text:
        return text

    def comma(m: re.Match[str]) -> str:
        return m.group(0) if m.group(1).lower() in _ABBREVIATIONS else m.group(1) + ","

    return _STRAY_PERIOD.sub(comma, text)


def _list_place(open_list: list[Marker], markers: tuple[Marker, ...], after_colon: bool,
                lead_in_open: bool) -> tuple[int | None, Marker | None]:
    """Where a marked block stands in the open list: (nesting depth, its reading), or
    (None, None) when its marker neither starts a list after a colon nor continues one."""
    if not lead_in_open or not markers:
        return None, None
    if after_colon:
        for m in markers:
            if m.first:
                return len(open_list), m
    for depth in range(len(open_list) - 1, -1, -1):
        for m in markers:
            if m.follows(open_list[depth]):
                return depth, m
    return None, None


def _sentence_end(text: str) -> int | None:
    """Offset just after the first sentence of ``text`` when more text follows it."""
    marker = _MARKER_TEXT.match(text)
    for m in _SENTENCE_END.finditer(text, marker.end() if marker else 0):
        word = text[: m.start()].rsplit(None, 1)[-1].lower()
        if word.strip("(\"“") not in _ABBREVIATIONS:
            return m.end()
    return None
