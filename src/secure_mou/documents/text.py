"""Read a plain-text or Markdown agreement into a ``Document``.

Text MOUs arrive as Notepad exports (cp1252, CRLF), copy-pastes from PDFs (hard-wrapped
lines, form feeds between pages) and Markdown. A block is a run of non-blank lines; a line
that opens with a list or section marker starts a new block, and a short heading-like line
closes its block, because such files often have no blank line after a heading.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from ..errors import DocumentError
from .model import BlockKind, Document, RawBlock
from .sniff import utf16_without_bom
from .structure import build_document

FORMAT = "text"

_BOMS = (  # UTF-32 before UTF-16: the UTF-32LE BOM starts with the UTF-16LE one
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset-normalizer cannot tell the Western single-byte code pages apart on short
# English text (it says cp1250 for cp1252 text with curly quotes); US agreements saved by
# Windows Word or Notepad are cp1252, so any of these guesses is read as cp1252.
_WESTERN_GUESSES = frozenset({
    "cp1252", "cp1250", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_15",
    "iso8859_9", "mac_roman", "mac_latin2", "cp850", "cp437",
})

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT_RULE = re.compile(r"^(=+|-+)\s*$")
_BOLD_LINE = re.compile(r"^(\*\*|__)(.+)\1$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
# Lines that begin a new block even without a blank line before them. Strong markers
# always do; weak ones (numbers, letters) only after a line that ends a sentence or clause,
# because hard-wrapped prose often puts "30 days" or "(a) above" at the start of a line.
_STRONG_START = re.compile(
    r"^(?:[-*•●▪◦·–]\s+"
    r"|(?:ARTICLE|Article|SECTION)\s+[\dIVXLC]"
    r"|(?:and\s+)?WHEREAS\b|NOW,?\s+THEREFORE\b|IN\s+WITNESS\s+WHEREOF\b"
    r"|By:|Name:|Title:|Date:)"
)
_WEAK_START = re.compile(
    r"^(?:\(?(?:\d{1,2}|[a-zA-Z]|[ivxlcIVXLC]{1,5})\)\s+"
    r"|(?:\d{1,2}(?:\.\d{1,2})*\.?|[a-zA-Z]\.|[IVXLC]{1,5}\.)\s+\S)"
)
_SECTION_REF = re.compile(r"^(?:Section|§)\s+[\dIVXLC]")
_CONTINUES = re.compile(r"(?:\b(?:under|of|in|by|to|and|or|see|per|with|pursuant|at)|[,(])$",
                        re.IGNORECASE)
_CLAUSE_END = (".", ":", ";", "!", "?")
# Page furniture of text exports: "[Page 3]" (sets the page), "[...]" where an excerpt
# leaves text out, "Page 3 of 12", "- 3 -" and bare page numbers on their own line.
_PAGE_MARK = re.compile(r"\[Page\s+(\d{1,5})\]|\[(?:\.\.\.|…)\]", re.IGNORECASE)
_PAGE_LINE = re.compile(r"^(?:Page\s+\d{1,5}(?:\s+of\s+\d{1,5})?|-\s*\d{1,5}\s*-|\d{1,3})$",
                        re.IGNORECASE)
_RUNNING_REPEATS = 3  # a short line seen this often is a running header or footer
_RUNNING_WORDS = 12
_CONTENTS = re.compile(r"^(?:table\s+of\s+contents|contents)\s*:?$", re.IGNORECASE)
# an entry: a title with a page number or dot leaders, or a short title-like line
_CONTENTS_ENTRY = re.compile(r"(?:\.{3,}|…+|\s)\s*\d{1,4}$")
_HEADING_WORDS = 10


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based, in the normalised text
    page: int | None
    text: str


def decode(data: bytes) -> str:
    """The text of ``data``; raises ``unsupported_format`` when no encoding fits."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec)
    if (utf16 := utf16_without_bom(data[:8192])) is not None:
        return _strict(data, utf16)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise DocumentError("unsupported_format",
                            "the file is neither a DOCX/PDF nor text in a known encoding",
                            hint="save it as UTF-8 text, DOCX or PDF")
    if best.encoding in _WESTERN_GUESSES:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return str(best)


def _strict(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise DocumentError("unsupported_format",
                            f"the file says it is {codec} text but byte {err.start} is not",
                            hint="save it as UTF-8 text") from err


def read_text(path: Path, *, sha256: str, data: bytes | None = None) -> Document:
    """Read a text/Markdown file (``data`` = its bytes, when the caller already has them)."""
    raw = path.read_bytes() if data is None else data
    text = decode(raw).lstrip("\ufeff")
    return build_document(str(path), FORMAT, sha256, raw_blocks(text))


def raw_blocks(text: str) -> Iterator[RawBlock]:
    """Split normalised text into raw blocks with 1-based line (and page) numbers."""
    lines = list(_lines(text))
    group: list[_Line] = []
    contents: list[str] = []
    contents_left = False  # inside a table of contents
    for i, line in enumerate(lines):
        stripped = line.text.strip()
        nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
        if contents_left:
            if _is_contents_entry(stripped, contents):
                contents.append(stripped)
                # a table of contents meets nothing: its entries are headings outside the
                # section tree
                yield RawBlock(text=stripped, kind=BlockKind.HEADING, page=line.page,
                               line=line.number)
                continue
            contents_left = False
        if _CONTENTS.match(stripped):
            yield from _flush(group)
            group = []
            yield _raw(stripped, line, heading_level=1)
            contents, contents_left = [], True
            continue
        if not stripped or _TABLE_RULE.match(stripped):
            yield from _flush(group)
            group = []
            continue
        if group and group[-1].page != line.page:
            yield from _flush(group)
            group = []
        if (heading := _MD_HEADING.match(stripped)) is not None:
            yield from _flush(group)
            group = []
            yield _raw(heading.group(2), line, heading_level=len(heading.group(1)))
            continue
        if nxt and _SETEXT_RULE.match(nxt) and not group:
            # "Title\n=====" (Markdown setext); the rule line itself is skipped next turn.
            level = 1 if nxt.startswith("=") else 2
            yield _raw(stripped, line, heading_level=level)
            lines[i + 1] = _Line(lines[i + 1].number, lines[i + 1].page, "")
            continue
        if stripped.startswith("|") and stripped.endswith("|"):
            yield from _flush(group)
            group = []
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            yield _raw(" | ".join(c for c in cells if c), line, kind_cell=True)
            continue
        if group and _starts_block(stripped, group[-1].text.strip()):
            yield from _flush(group)
            group = []
        group.append(line)
        if _closes_block(stripped, nxt):
            yield from _flush(group)
            group = []
    yield from _flush(group)


def _lines(text: str) -> Iterator[_Line]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paged = "\f" in text or _PAGE_MARK.search(text) is not None
    page = 1
    raw_lines = text.split("\n")
    # only paged text has running headers: elsewhere a repeated line is the agreement's own
    counts = Counter(stripped for line in raw_lines if paged and (stripped := line.strip())
                     and len(stripped.split()) <= _RUNNING_WORDS)
    for number, line in enumerate(raw_lines, start=1):
        if counts.get(line.strip(), 0) >= _RUNNING_REPEATS or _PAGE_LINE.match(line.strip()):
            yield _Line(number, page if paged else None, "")
            continue
        # A form feed is a page break in text exported from PDFs and mainframes; "[Page 3]"
        # names the page that follows, and breaks the text even inside a line.
        for chunk in _split_furniture(line):
            if isinstance(chunk, int):
                page = chunk
                yield _Line(number, page, "")
                continue
            parts = chunk.split("\f")
            page += len(parts) - 1
            yield _Line(number, page if paged else None, " ".join(p for p in parts if p.strip()))


def _split_furniture(line: str) -> Iterator[str | int]:
    """The line's text around its page marks; a mark is yielded as its page number, or as
    an empty text (a break) for "[...]"."""
    at = 0
    for m in _PAGE_MARK.finditer(line):
        yield line[at:m.start()]
        yield int(m.group(1)) if m.group(1) else ""
        at = m.end()
    yield line[at:]


def _is_contents_entry(line: str, entries: list[str]) -> bool:
    if not line:
        return not entries  # a blank line straight after the title
    if entries and line == entries[0]:
        return False  # the first entry again: the body has begun
    if _CONTENTS_ENTRY.search(line) and len(line.split()) <= 16:
        return True
    return len(line.split()) <= 12 and not line.endswith((".", ";", ":")) and not re.search(
        r"\b(?:shall|will|must|may)\b", line)


def _closes_block(line: str, following: str) -> bool:
    """A short title-like line followed by a capitalised line is a heading on its own
    (``5. Duties`` / ``The SRO shall ...``); a wrapped sentence is long or ends mid-clause."""
    if not following or len(line.split()) > _HEADING_WORDS:
        return False
    if line.endswith((",", ";", "-", ":")) or re.search(r"\b(and|or|the|of|to|shall)$", line):
        return False
    letters = [c for c in line if c.isalpha()]
    shouty = len(letters) >= 4 and all(c.isupper() for c in letters)
    first = following.lstrip("#*(-•0123456789. ")[:1]
    marked = (_STRONG_START.match(line) or _SECTION_REF.match(line) or _WEAK_START.match(line)
              or _BOLD_LINE.match(line))
    return (shouty or marked is not None) and (
        first.isupper() or _STRONG_START.match(following) is not None
        or _WEAK_START.match(following) is not None)


def _starts_block(line: str, previous: str) -> bool:
    if _STRONG_START.match(line):
        return True
    if _SECTION_REF.match(line):
        # "… for Disruption of Class under / Section 37.124 of the Education Code": a
        # wrapped citation continues its sentence; "Section 3. Searches" starts a block.
        return _CONTINUES.search(previous) is None
    return _WEAK_START.match(line) is not None and previous.endswith(_CLAUSE_END)


def _flush(group: list[_Line]) -> Iterator[RawBlock]:
    if not group:
        return
    text = " ".join(line.text.strip() for line in group)
    yield _raw(text, group[0])


def _raw(text: str, line: _Line, *, heading_level: int | None = None,
         kind_cell: bool = False) -> RawBlock:
    bold = False
    if (emphasis := _BOLD_LINE.match(text.strip())) is not None:
        text, bold = emphasis.group(2), True
    kind = BlockKind.TABLE_CELL if kind_cell else BlockKind.PARAGRAPH
    return RawBlock(text=text, kind=kind, page=line.page, line=line.number,
                    heading_level=heading_level, bold=bold)
