"""Page layout for PDF text: words -> rows -> reading order -> paragraphs.

Pure geometry on frozen values, kept apart from the PDF library so each heuristic can be
reasoned about (and replaced) on its own. Coordinates are PDF points, with ``top`` and
``bottom`` growing downwards the page.

The steps, in order:

1. words are grouped into *rows* (one printed line across the whole page width);
2. running headers, footers and page numbers are peeled off the top and bottom edges of
   every page (:func:`strip_running_rows`);
3. a page with a vertical gutter is read column by column (:func:`reading_order`);
4. lines are reflowed into paragraphs, rejoining words hyphenated at a line break
   (:func:`paragraphs`).
"""

from __future__ import annotations

import bisect
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

# How many rows at each page edge may hold a running header or footer.
EDGE_ROWS = 3
# A gutter must be at least this wide (points) and leave this much text on each side.
MIN_GUTTER = 9.0
MIN_COLUMN_ROWS = 3
# PDFium reports a hyphen that ends a line as U+FFFE (text) or U+0002 (bounded text).
_HYPHENS = ("-", "\ufffe", "\x02", "\xad")


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    """Words printed on one line of one column (or of the whole page)."""

    words: tuple[Word, ...]
    page: int
    column: int = 0  # 0 = full width, 1 = left column, 2 = right column
    number: int = 0  # 1-based line number on the page, in reading order
    # Derived from the words once: the layout passes ask for them many times.
    top: float = field(init=False)
    bottom: float = field(init=False)
    bold: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "top", min(w.top for w in self.words))
        object.__setattr__(self, "bottom", max(w.bottom for w in self.words))
        object.__setattr__(self, "bold", all(w.bold for w in self.words))

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    page: int
    line: int
    bold: bool


def rows(words: Sequence[Word], page: int) -> list[Line]:
    """Group a page's words into rows, top to bottom, each sorted left to right.

    A word joins a row when its vertical middle falls inside the row's extent, which keeps
    superscripts and mixed font sizes on their line.
    """
    grouped: list[list[Word]] = []
    extents: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        middle = (word.top + word.bottom) / 2
        if grouped and extents[-1][0] <= middle <= extents[-1][1]:
            grouped[-1].append(word)
            top, bottom = extents[-1]
            extents[-1] = (min(top, word.top), max(bottom, word.bottom))
        else:
            grouped.append([word])
            extents.append((word.top, word.bottom))
    return [Line(tuple(sorted(ws, key=lambda w: w.x0)), page) for ws in grouped]


_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|pg\.?|p\.)\s*)?#+(?:\s*(?:of|/)\s*#+)?$"  # 3, Page 3, Page 3 of 12, 3/12
    r"|^[-–—]\s*#+\s*[-–—]$"  # - 3 -
    r"|^[ivxlc]{1,6}$"  # roman front-matter numbers
)


def _edge_key(line: Line) -> str:
    # Digits vary from page to page ("Page 3 of 12"); everything else of a running line
    # repeats, so compare with digits folded.
    return re.sub(r"\d+", "#", " ".join(line.text.lower().split()))


def strip_running_rows(pages: Sequence[list[Line]]) -> list[list[Line]]:
    """Remove running headers, footers and page numbers from each page's rows.

    Only rows contiguous with the top or bottom edge are candidates, so a body line that
    happens to repeat is never removed from the middle of a page. A candidate goes when it
    looks like a page number, or when its digit-folded text recurs at the same edge on at
    least half of the pages (and on two or more).
    """
    counts: Counter[tuple[str, str]] = Counter()
    for page_rows in pages:
        seen = {("top", _edge_key(r)) for r in page_rows[:EDGE_ROWS]}
        seen |= {("bottom", _edge_key(r)) for r in page_rows[-EDGE_ROWS:]}
        counts.update(seen)
    needed = max(2, math.ceil(len(pages) / 2))

    def running(edge: str, line: Line) -> bool:
        key = _edge_key(line)
        return bool(_PAGE_NUMBER.match(key)) or counts[(edge, key)] >= needed

    kept = []
    for page_rows in pages:
        start, end = 0, len(page_rows)
        while start < min(EDGE_ROWS, end) and running("top", page_rows[start]):
            start += 1
        while end > max(start, len(page_rows) - EDGE_ROWS) and running(
            "bottom", page_rows[end - 1]
        ):
            end -= 1
        kept.append(page_rows[start:end])
    return kept


def find_gutter(page_rows: Sequence[Line]) -> tuple[float, float] | None:
    """The x-range of a vertical gutter between two text columns, or None.

    A gutter is the widest run of x positions in the middle of the text that (almost) no
    row crosses, with a real column on each side: several rows with text left of it and
    several with a word starting flush at its right edge. Rows split into cells by other
    wide spaces make a table, which is read row by row instead.
    """
    words = [w for r in page_rows for w in r.words]
    if len(page_rows) < MIN_COLUMN_ROWS or not words:
        return None
    left = math.floor(min(w.x0 for w in words))
    right = math.ceil(max(w.x1 for w in words))
    width = right - left
    # How many words cover each whole point of x, as a sweep over the words' edges: the
    # count only changes at an edge, so the cost follows the number of words, never the
    # coordinates (one glyph at x = 2e8 once made this a 200-million-entry list).
    changes: Counter[int] = Counter()
    for word in words:
        changes[math.floor(word.x0) - left] += 1
        changes[math.ceil(word.x1) - left + 1] -= 1
    # Full-width rows (a title block, an opening paragraph) may cross it; in one-column
    # text nearly every row crosses any strip wider than a space.
    allowed = len(page_rows) // 4
    low, high = int(width * 0.2), int(width * 0.8)
    cuts = sorted(set(changes) | {low, high + 1})
    best: tuple[int, int] | None = None
    run_start: int | None = None
    crossing = 0
    for start, after in zip(cuts, cuts[1:], strict=False):
        crossing += changes[start]  # constant from ``start`` up to ``after - 1``
        if after <= low or start > high:
            continue
        first, last = max(start, low), min(after - 1, high)
        if crossing <= allowed:
            run_start = first if run_start is None else run_start
            if best is None or last - run_start > best[1] - best[0]:
                best = (run_start, last)
        else:
            run_start = None
    if best is None or best[1] - best[0] < MIN_GUTTER:
        return None
    gap = (left + best[0], left + best[1] + 1)
    left_rows = sum(1 for r in page_rows if r.x0 < gap[0])
    flush_right = sum(
        1 for r in page_rows
        if any(abs(w.x0 - gap[1]) <= 3 for w in r.words)
        and not any(w.x0 < gap[1] and w.x1 > gap[0] for w in r.words)
    )
    if left_rows < MIN_COLUMN_ROWS or flush_right < MIN_COLUMN_ROWS:
        return None
    if sum(1 for r in page_rows if _has_wide_space(r, gap)) * 2 >= len(page_rows):
        return None  # a table: reading it column by column would part each row's cells
    return gap


def _has_wide_space(
    row: Line, gutter: tuple[float, float] | None = None, heights: float = 1.5
) -> bool:
    """Whether the row has a space wider than ``heights`` line heights (away from the
    gutter): wider than running text has, so the space between table cells."""
    height = row.bottom - row.top
    return any(
        b.x0 - a.x1 > heights * height
        and not (gutter and a.x1 <= gutter[0] and b.x0 >= gutter[1])
        for a, b in zip(row.words, row.words[1:], strict=False)
    )


def reading_order(page_rows: Sequence[Line]) -> list[Line]:
    """The page's lines in reading order: on a two-column page each band of rows between
    full-width rows is read down the left column, then down the right one."""
    gutter = find_gutter(page_rows)
    if gutter is None:
        ordered = list(page_rows)
    else:
        ordered = []
        band: list[Line] = []
        for row in page_rows:
            if any(w.x0 < gutter[1] and w.x1 > gutter[0] for w in row.words):
                ordered.extend(_split_band(band, gutter))
                band = []
                ordered.append(row)
            else:
                band.append(row)
        ordered.extend(_split_band(band, gutter))
    return [
        Line(line.words, line.page, line.column, number)
        for number, line in enumerate(ordered, start=1)
    ]


def _split_band(band: Sequence[Line], gutter: tuple[float, float]) -> Iterator[Line]:
    for row in band:
        words = tuple(w for w in row.words if w.x1 <= gutter[0])
        if words:
            yield Line(words, row.page, 1)
    for row in band:
        words = tuple(w for w in row.words if w.x0 >= gutter[1])
        if words:
            yield Line(words, row.page, 2)


_BRACKET_MARKER = re.compile(r"^(?:\(?[a-zA-Z]{1,2}\)|\(?[ivxlc]{1,5}\)|\(\d{1,3}\)"
                             r"|[•●▪◦·■□➢–*-])$")
_DOTTED_MARKER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]?|[a-zA-Z]\.|[IVXL]{1,5}\.|§+)$")
_SENTENCE_END = (".", ";", ":", "?", "!", '."', ".”", ".)")
_ITEM_END = re.compile(r"[;,]\s+(?:and|or)$")  # "(b) ...; or" before "(c) ..."


def _starts_item(line: Line, previous: Line) -> bool:
    """Whether ``line`` opens a list item or a numbered section.

    "(a)" and bullets are taken at their word. "5.2", "B." and "1." also begin wrapped
    lines ("... under Section" / "5.2 of this Agreement", "... in Appendix" / "B. The
    rubric"), so they count only after a line that finished its sentence or item.
    """
    if len(line.words) < 2:
        return False
    first = line.words[0].text
    if _BRACKET_MARKER.match(first):
        return True
    finished = previous.text.endswith(_SENTENCE_END) or bool(_ITEM_END.search(previous.text))
    return finished and bool(_DOTTED_MARKER.match(first))


@dataclass(frozen=True, slots=True)
class _Metrics:
    """Typical spacing of the document's body text, to tell line gaps from paragraph gaps."""

    gap: float
    height: float


def _metrics(lines: Sequence[Line]) -> _Metrics:
    gaps, heights = [], []
    for a, b in zip(lines, lines[1:], strict=False):
        height = a.bottom - a.top
        heights.append(height)
        if a.page == b.page and a.column == b.column and 0 <= b.top - a.bottom < 2 * height:
            gaps.append(b.top - a.bottom)
    return _Metrics(
        gap=_line_gap(sorted(gaps)),
        height=statistics.median(heights) if heights else 10.0,
    )


def _line_gap(gaps: Sequence[float]) -> float:
    """The space between lines of one paragraph: the smallest gap that is common.

    Not the median: in a document of short clauses and list items most gaps are between
    paragraphs. "Common" (a tenth of all gaps) skips the odd tight pair of lines.
    """
    if not gaps:
        return 0.0
    common = max(3, len(gaps) // 10)
    for gap in gaps:
        if bisect.bisect_right(gaps, gap + 1.0) - bisect.bisect_left(gaps, gap) >= common:
            return gap
    return statistics.median(gaps)


def _ends_paragraph(
    a: Line, b: Line, right_edge: float | None, metrics: _Metrics
) -> bool:
    """Whether line ``b`` starts a new paragraph after line ``a``."""
    if _starts_item(b, a) or a.bold != b.bold:
        return True
    if _has_wide_space(a, heights=2.5) or _has_wide_space(b, heights=2.5):
        # A table row is a block of its own. Sparse justified lines can space words
        # widely too, hence a wider space than the gutter test needs.
        return True
    if a.page != b.page or a.column != b.column:
        # A page or column turn hides the spacing; only a finished sentence ends it.
        return a.text.endswith(_SENTENCE_END)
    if b.top - a.bottom > metrics.gap + 0.3 * metrics.height:
        return True
    if a.text.endswith(_SENTENCE_END) and b.x0 > a.x0 + 6:
        return True  # first-line indent
    if right_edge is None:  # a's end lines up with other lines: a full, justified line
        return False
    # Had the paragraph gone on, the next line's first word would have fitted on this one.
    first = b.words[0]
    space = 0.25 * metrics.height
    return a.x1 + space + (first.x1 - first.x0) < right_edge - 2


def _right_edges(lines: Sequence[Line]) -> list[float | None]:
    """For each line, the right edge its paragraph wraps at, or None when the line is flush
    with it.

    Not simply the page's widest line: an indented list or a table may run further right
    than the body text. A line ending, near the right side, where two other lines of its
    page and column end is on a justified edge; otherwise the widest of its neighbours
    (three lines each way) stands in for the edge, which also serves ragged-right text.
    """
    ends: dict[tuple[int, int], list[float]] = {}
    starts: dict[tuple[int, int], float] = {}
    for line in lines:
        key = (line.page, line.column)
        ends.setdefault(key, []).append(line.x1)
        starts[key] = min(starts.get(key, line.x0), line.x0)
    for values in ends.values():
        values.sort()
    edges: list[float | None] = []
    for index, line in enumerate(lines):
        key = (line.page, line.column)
        values = ends[key]
        lined_up = bisect.bisect_right(values, line.x1 + 1.5) - bisect.bisect_left(
            values, line.x1 - 1.5
        )
        # Signature rules and table cells line up too, but well short of the right side.
        near_right = line.x1 >= values[-1] - 0.15 * (values[-1] - starts[key])
        if lined_up >= 3 and near_right:
            edges.append(None)
            continue
        near = [
            other.x1 for other in lines[max(0, index - 3): index + 4]
            if other.page == line.page and other.column == line.column
        ]
        edges.append(max(near))
    return edges


class _Reflow:
    """A paragraph's text built from its lines. Pieces are joined once at the end: adding
    each line to a growing string made a long paragraph quadratic in its length."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.tail = ""  # the text's last two characters

    def add(self, line: Line) -> None:
        nxt = line.text
        separator = " "
        if not self.pieces:
            separator = ""
        elif self.tail.endswith(_HYPHENS) and len(self.tail) > 1 and self.tail[-2].isalpha():
            # "dis-" + "cipline" was one word split by the typesetter; "Non-" +
            # "Discrimination" keeps its hyphen.
            self.pieces[-1] = self.pieces[-1][:-1]
            separator = "" if nxt[:1].islower() else "-"
            self.tail = self.tail[:-1]
        self.pieces.append(separator + nxt)
        self.tail = (self.tail + separator + nxt)[-2:]

    def text(self) -> str:
        return "".join(self.pieces)


def paragraphs(lines: Sequence[Line]) -> list[Paragraph]:
    """Reflow lines (already in reading order, for the whole document) into paragraphs."""
    if not lines:
        return []
    metrics = _metrics(lines)
    right_edges = _right_edges(lines)
    result: list[Paragraph] = []
    first = lines[0]
    text = _Reflow()
    bold = True
    for index, line in enumerate(lines):
        if index and _ends_paragraph(lines[index - 1], line, right_edges[index - 1], metrics):
            result.append(Paragraph(_clean(text.text()), first.page, first.number, bold))
            first, text, bold = line, _Reflow(), True
        text.add(line)
        bold = bold and line.bold
    result.append(Paragraph(_clean(text.text()), first.page, first.number, bold))
    return result


def _clean(text: str) -> str:
    return text.replace("\ufffe", "-").replace("\x02", "-").replace("\xad", "")
