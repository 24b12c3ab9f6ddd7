"""Split run-together inline lists into their items.

Real agreements often arrive as one long line, or with a list run into its paragraph:
"The SRO shall: A. patrol …; B. enforce …, except: 1. SROs shall not …; 2. …". A marker
splits the text only when it belongs to a real sequence (A. then B., 1. then 2., (a) then
(b), 6.1. then 6.2.) and stands where an item can start, so "U.S.", "No. 5", "J. Smith",
"$1.5", "Section 1.2" and "20 U.S.C. 1232g(b)(1)" never split. The pieces keep every
character of the text; which piece is a heading, a lead-in or an item is decided later by
the structure pass, the same way as for a file that has its line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_MARK = re.compile(
    r"(?<!\S)(?:"
    r"\((?P<p>\d{1,2}|[a-zA-Z]|[ivxlc]{2,5}|[IVXLC]{2,5})\)"
    r"|(?P<d>(?:\d{1,2}|[A-Z]|[IVXLC]{2,5})(?:\.\d{1,2})+)\.?"
    r"|(?P<s>\d{1,2}|[a-zA-Z]|[ivxlc]{2,5}|[IVXLC]{2,5})(?P<c>[.)])"
    r")(?=\s+[\w\"“‘'(\[])"
)
# Where an item can start: the text's start, after a sentence or clause end, after a lead-in
# colon, or after "; and" / ", or" (the last item of a list).
_STRONG_BEFORE = re.compile(r"(?:[.;:!?][\"”’')\]]*|[;,:]\s+(?:and|or))\s*$")
_COMMA_BEFORE = re.compile(r",\s*$")
# A marker after one of these words is a citation or a quantity, not an item:
# "Section 1.2", "No. 5", "under (b)", "grades 6. ".
_CITING = frozenset([
    "section", "sections", "sec.", "article", "articles", "art.", "chapter", "chapters",
    "ch.", "part", "parts", "title", "titles", "paragraph", "paragraphs", "para.",
    "subsection", "subsections", "subparagraph", "clause", "clauses", "item", "items",
    "rule", "rules", "page", "pages", "p.", "pp.", "no.", "nos.", "§", "§§", "exhibit",
    "appendix", "schedule", "attachment", "step", "grade", "grades", "level", "and", "or",
    "through", "to", "of", "in", "under", "see", "per", "with", "by", "at", "from", "than",
    "about", "over", "within"
])
_MODAL = re.compile(r"\b(?:shall|will|must|may|should|agrees?)\b", re.IGNORECASE)
_SENTENCE_STARTS = re.compile(
    r"(?<!\S)(?=(?:WHEREAS\b|NOW,?\s+THEREFORE\b|IN\s+WITNESS\s+WHEREOF\b|[•●▪◦*–-]\s+[\w\"“‘'(]))"
)

_SENTENCE_END = re.compile(r"[A-Za-z0-9)][.!?]\s+[\"“(]?[A-Z]")
_ONE_SENTENCE_WORDS = 40
_LOOK_BEHIND = 300  # characters: enough for any boundary or run-in heading before a marker
_CLAUSE_BREAK = re.compile(r"(?<=[a-z0-9)\]\"”’])[.;:!?][\"”’)]*\s+")


@dataclass(frozen=True)
class Marker:
    """One reading of a list marker: ``style`` names the numbering ("1.", "A.", "(a)",
    "i)", "6.#." for dotted numbers under 6), ``value`` its place in the sequence."""

    style: str
    value: int

    def follows(self, other: Marker) -> bool:
        return self.style == other.style and self.value == other.value + 1

    @property
    def first(self) -> bool:
        return self.value == 1 or (self.value == 0 and "#" in self.style)


@dataclass(frozen=True)
class Piece:
    """A run of the text: the lead-in or paragraph before a list, or one item."""

    text: str
    markers: tuple[Marker, ...] = ()
    level: int | None = None  # nesting depth of the item's list, 0 = outermost


def _roman(text: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(text.lower()):
        value = _ROMAN_VALUES[ch]
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total if 0 < total < 40 else None


def _readings(m: re.Match[str]) -> tuple[Marker, ...]:
    if (p := m.group("p")) is not None:
        return _readings_of(p, "(", ")")
    if (d := m.group("d")) is not None:
        prefix, _, last = d.rpartition(".")
        return (Marker(f"{prefix}.#", int(last)),)
    return _readings_of(m.group("s"), "", m.group("c"))


def _readings_of(token: str, open_: str, close: str) -> tuple[Marker, ...]:
    if token.isdigit():
        return (Marker(f"{open_}1{close}", int(token)),)
    readings = []
    if len(token) == 1:
        letter = "a" if token.islower() else "A"
        readings.append(Marker(f"{open_}{letter}{close}", ord(token.lower()) - 96))
    if all(ch in _ROMAN_VALUES for ch in token.lower()) and (value := _roman(token)):
        numeral = "i" if token.islower() else "I"
        readings.append(Marker(f"{open_}{numeral}{close}", value))
    return tuple(readings)


def leading_markers(text: str) -> tuple[Marker, ...]:
    """Every reading of the list marker that opens ``text`` (empty when none)."""
    m = _MARK.match(text)
    return _readings(m) if m is not None else ()


@dataclass(frozen=True)
class _Candidate:
    start: int
    readings: tuple[Marker, ...]
    boundary: str  # "strong" | "comma" | "weak"
    capital: bool  # the item's first word is capitalised
    after_colon: bool  # it follows a lead-in's colon


def _candidates(text: str) -> Iterator[_Candidate]:
    for m in _MARK.finditer(text):
        before = text[max(0, m.start() - _LOOK_BEHIND): m.start()]  # bounded: long lines
        words = before.split()
        previous = words[-1].lower() if words else ""
        if m.start() == 0 or _STRONG_BEFORE.search(before):
            if previous in ("no.", "nos.", "sec.", "art.", "p.", "pp.", "§", "§§"):
                continue
            boundary = "strong"
        elif _COMMA_BEFORE.search(before):
            boundary = "comma"
        elif previous.rstrip(",") in _CITING or previous.startswith("$"):
            continue
        else:
            boundary = "weak"
        rest = text[m.end():].lstrip(" \"“‘'([")
        yield _Candidate(m.start(), _readings(m), boundary,
                         rest[:1].isupper() or rest[:1].isdigit(), before.rstrip().endswith(":"))


def _title_like(text: str) -> bool:
    """A run-in heading ("PURPOSE", "Scope & Applicability") before its first item."""
    words = text.split()
    letters = [c for c in text if c.isalpha()]
    shouty = len(letters) >= 4 and all(c.isupper() for c in letters)
    if not 1 <= len(words) <= (20 if shouty else 8) or text.rstrip()[-1:] in ".;:," or (
            _MODAL.search(text)):
        return False
    if not (words[0][:1].isupper() or words[0][:1].isdigit()):
        return False
    # Title Case of any length, or a short sentence-case heading ("What the SLO does")
    return len(words) <= 5 or all(
        w[:1].isupper() or not w[:1].isalpha() or len(w) <= 3 for w in words)


def split_inline_lists(text: str) -> list[Piece]:
    """Cut ``text`` before every item of a real inline sequence; one piece when none."""
    candidates = list(_candidates(text))
    if len(text.split()) <= _ONE_SENTENCE_WORDS and _SENTENCE_END.search(text) is None:
        # "Evaluations will address: (a) de-escalation; (b) alternatives to arrest." is one
        # sentence whose colon the clause analysis already links to its items
        return [Piece(text, leading_markers(text))]
    if len(candidates) < 2 and _SENTENCE_STARTS.search(text, 1) is None:
        return [Piece(text, leading_markers(text))]
    cuts: dict[int, tuple[tuple[Marker, ...], int | None]] = {}
    chains: list[Marker] = []  # the last item of every open list, outermost first
    piece_start = 0
    later = _Successors(candidates)
    for cand in candidates:
        depth, reading = _continue(chains, cand, later)
        # a run-in heading before the item ("… of the board. Data Collection 12.1 The …")
        heading_start = _last_clause_start(
            text, max(piece_start, cand.start - _LOOK_BEHIND), cand.start)
        if reading is None:
            reading = _open(cand, later, text[heading_start:cand.start])
            depth = len(chains)
            if reading is None:
                continue
            if cand.boundary != "strong" and heading_start > piece_start:
                cuts.setdefault(heading_start, ((), None))
        del chains[depth:]
        chains.append(reading)
        cuts[cand.start] = (cand.readings, depth)
        piece_start = cand.start + len(text[cand.start:cand.start + 20].split(None, 1)[0])
    for m in _SENTENCE_STARTS.finditer(text, 1):
        before = text[max(0, m.start() - _LOOK_BEHIND): m.start()]
        if _STRONG_BEFORE.search(before) or text[m.start()] in "•●▪◦":
            cuts.setdefault(m.start(), ((), None))
    if not cuts:
        return [Piece(text, leading_markers(text))]
    starts = sorted({0, *cuts})
    pieces = []
    for a, b in zip(starts, [*starts[1:], len(text)], strict=True):
        chunk = text[a:b].strip()
        if chunk:
            readings, level = cuts.get(a, (leading_markers(chunk), None))
            pieces.append(Piece(chunk, readings, level))
    return pieces


def _last_clause_start(text: str, start: int, end: int) -> int:
    """Where the last sentence or clause of ``text[start:end]`` begins."""
    at = start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        at = m.end()
    return at


class _Successors:
    """Where each reading last occurs: "is there a (b) after this (a)?" in constant time."""

    def __init__(self, candidates: list[_Candidate]) -> None:
        self.anywhere: dict[Marker, int] = {}
        self.item_start: dict[Marker, int] = {}  # at a strong boundary, capitalised
        for c in candidates:
            for reading in c.readings:
                self.anywhere[reading] = c.start
                if c.boundary == "strong" and c.capital:
                    self.item_start[reading] = c.start

    def after(self, cand: _Candidate, reading: Marker, *, item_start: bool = False) -> bool:
        following = Marker(reading.style, reading.value + 1)
        where = self.item_start if item_start else self.anywhere
        return where.get(following, -1) > cand.start


def _continue(chains: list[Marker], cand: _Candidate,
              later: _Successors) -> tuple[int, Marker | None]:
    """The innermost open list this candidate continues, and the reading that does."""
    for depth in range(len(chains) - 1, -1, -1):
        for reading in cand.readings:
            if not reading.follows(chains[depth]):
                continue
            if cand.boundary in ("strong", "comma") or (
                    cand.capital and later.after(cand, reading)):
                return depth, reading
    return len(chains), None


def _open(cand: _Candidate, later: _Successors, before: str) -> Marker | None:
    """A reading that starts a new list here: a first value with its second one later."""
    run_in = cand.boundary != "strong"  # after a run-in heading: "2. Purpose a. The …"
    if run_in and not (cand.capital and _title_like(before)):
        return None
    for reading in cand.readings:
        if reading.first and (later.after(cand, reading) or run_in or (
                cand.after_colon and cand.capital)):
            return reading  # "as follows: 1. City agrees …" starts a list of one so far
    if cand.boundary == "strong" and cand.capital:
        # "… hours. e. Radio. … f. Miscellaneous.": a list whose first items an excerpt
        # or OCR lost, when its next item also stands where an item starts
        for reading in cand.readings:
            if later.after(cand, reading, item_start=True):
                return reading
    return None
