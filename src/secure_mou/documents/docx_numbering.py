"""Rebuild Word's automatic list labels ("5.2", "(a)", "iii.") from numbering.xml.

python-docx shows paragraph text without its auto-number, but agreements are numbered
this way and users cite "Section 5.2", so section paths need the labels back. This covers
the common cases (decimal, letters, roman, bullets, multi-level ``%1.%2`` templates,
start overrides); exotic formats fall back to decimal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn

_ROMAN_STEPS = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    template: str = "%1."


@dataclass
class Numbering:
    """Mutable by design: Word's counters advance as the body is walked in order."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId -> ilvl
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    counters: dict[str, list[int]] = field(default_factory=dict)  # abstractNumId -> counts
    seen_nums: set[str] = field(default_factory=set)

    @classmethod
    def from_part(cls, numbering_element: Any | None) -> Numbering:
        """Parse the ``w:numbering`` element (None when the document has no lists)."""
        numbering = cls()
        if numbering_element is None:
            return numbering
        for abstract in numbering_element.findall(qn("w:abstractNum")):
            levels: dict[int, Level] = {}
            for lvl in abstract.findall(qn("w:lvl")):
                levels[_int(lvl.get(qn("w:ilvl")), 0)] = Level(
                    start=_int(_val(lvl, "w:start"), 1),
                    fmt=_val(lvl, "w:numFmt") or "decimal",
                    template=_val(lvl, "w:lvlText") or "",
                )
            numbering.levels[abstract.get(qn("w:abstractNumId"), "")] = levels
        for num in numbering_element.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"), "")
            numbering.nums[num_id] = _val(num, "w:abstractNumId") or ""
            for override in num.findall(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride")
                if start is not None:
                    ilvl = _int(override.get(qn("w:ilvl")), 0)
                    numbering.overrides.setdefault(num_id, {})[ilvl] = _int(start, 1)
        return numbering

    def label(self, num_id: str, ilvl: int) -> tuple[str, bool]:
        """Advance the counter for (num_id, ilvl); return (label, is_bullet)."""
        abstract_id = self.nums.get(num_id)
        levels = self.levels.get(abstract_id or "")
        if not levels or ilvl not in levels:
            return "", False
        counts = self.counters.setdefault(abstract_id or "", [0] * 10)
        if num_id not in self.seen_nums:
            # A num with a start override restarts the shared list ("Restart at 1").
            self.seen_nums.add(num_id)
            for override_level, start in self.overrides.get(num_id, {}).items():
                if override_level < len(counts):
                    counts[override_level] = start - 1
        if counts[ilvl] == 0:
            counts[ilvl] = levels[ilvl].start - 1
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = 0
        level = levels[ilvl]
        if level.fmt == "bullet":
            return "•", True
        if level.fmt == "none":
            return "", False
        text = level.template
        for i in range(ilvl, -1, -1):  # high levels first so "%1" never eats "%10"
            shown = levels.get(i, Level())
            value = counts[i] if counts[i] else shown.start
            text = text.replace(f"%{i + 1}", _format(value, shown.fmt))
        return text.strip(), False


# Letter and roman labels grow with the value ("zzzz", "mmmm"); past this a hostile
# start value would build a label of millions of characters, so it shows as decimal.
_MAX_SPELLED = 5000


def _format(value: int, fmt: str) -> str:
    if value > _MAX_SPELLED:
        return str(value)
    if fmt in ("lowerLetter", "upperLetter"):
        letters = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _roman(value: int) -> str:
    out = []
    for step, glyph in _ROMAN_STEPS:
        count, value = divmod(value, step)
        out.append(glyph * count)
    return "".join(out)


def _int(text: str | None, default: int) -> int:
    # Damaged numbering should cost a label, not the whole document.
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _val(element: Any, tag: str) -> str | None:
    child = element.find(qn(tag))
    return None if child is None else child.get(qn("w:val"))
