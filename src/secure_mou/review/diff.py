"""What changed between two drafts, rule by rule, and the clauses that decided it.

Each rule's status in the old and the new draft is ranked (met/attested above partial,
partial above missing, missing above conflict); a move up is ``improved``, down is
``worse``. Statuses outside that order (manual, waived, not applicable) only ``changed``.
For every moved rule the evidence of both sides is kept, with the clauses behind it that
the other draft lacks: added (no counterpart in the old draft), removed (none in the
new) or reworded (paired by the alignment, different words).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..documents.model import Document
from ..findings import DocumentReport, Evidence, Finding, Severity, Status
from .alignment import Alignment, align
from .placement import evidence_block

RANK = {Status.MET: 3, Status.ATTESTED: 3, Status.PARTIAL: 2, Status.MISSING: 1,
        Status.CONFLICT: 0}


class Direction(StrEnum):
    IMPROVED = "improved"
    WORSE = "worse"
    CHANGED = "changed"  # e.g. waived -> missing: no better or worse by the rubric
    SAME = "same"


class ClauseChange(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    REWORDED = "reworded"


@dataclass(frozen=True)
class Clause:
    """A clause that decided a move: ``text`` in its draft, ``other`` its counterpart's
    text when reworded."""

    change: ClauseChange
    text: str
    location: str
    other: str | None = None


@dataclass(frozen=True)
class RuleChange:
    rule: str
    title: str
    severity: Severity
    before: Status | None  # None: the rule is not in that draft's rulebook run
    after: Status | None
    direction: Direction
    old_evidence: tuple[Evidence, ...]
    new_evidence: tuple[Evidence, ...]
    clauses: tuple[Clause, ...]

    @property
    def fixes_gap(self) -> bool:
        return self.direction == Direction.IMPROVED and self.after in (Status.MET,
                                                                       Status.ATTESTED)

    @property
    def introduces_flag(self) -> bool:
        return self.after == Status.CONFLICT and self.before != Status.CONFLICT


@dataclass(frozen=True)
class DraftDiff:
    old_path: str
    new_path: str
    old_score: float | None
    new_score: float | None
    changes: tuple[RuleChange, ...]  # every rule, in rulebook order
    blocks_added: int
    blocks_removed: int
    blocks_reworded: int

    def moved(self) -> tuple[RuleChange, ...]:
        return tuple(c for c in self.changes if c.direction != Direction.SAME)

    def worse(self, threshold: Severity | None) -> tuple[RuleChange, ...]:
        if threshold is None:
            return ()
        return tuple(c for c in self.changes if c.direction == Direction.WORSE
                     and c.severity.rank >= threshold.rank)

    def headline(self) -> str:
        """One sentence: "This revision fixes 4 gaps and introduces 1 red flag"."""
        fixed = sum(c.fixes_gap for c in self.changes)
        improved = sum(c.direction == Direction.IMPROVED and not c.fixes_gap
                       for c in self.changes)
        flags = sum(c.introduces_flag for c in self.changes)
        weakened = sum(c.direction == Direction.WORSE and not c.introduces_flag
                       for c in self.changes)
        parts = [_count(fixed, "fixes {} gap"), _count(improved, "improves {} more"),
                 _count(flags, "introduces {} red flag"), _count(weakened, "weakens {} rule")]
        said = [p for p in parts if p]
        body = ("changes no verdict" if not said else
                said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1])
        return f"This revision {body} (score {_pct(self.old_score)} → {_pct(self.new_score)})."


def _count(n: int, template: str) -> str:
    if not n:
        return ""
    text = template.format(n)
    return text + ("s" if n > 1 and not text.endswith("more") else "")


def _pct(score: float | None) -> str:
    return "n/a" if score is None else f"{score:.0%}"


def direction(before: Status | None, after: Status | None) -> Direction:
    if before == after:
        return Direction.SAME
    if before in RANK and after in RANK:
        return Direction.IMPROVED if RANK[after] > RANK[before] else Direction.WORSE
    return Direction.CHANGED


def diff_drafts(old_doc: Document, old: DocumentReport, new_doc: Document,
                new: DocumentReport) -> DraftDiff:
    alignment = align(old_doc, new_doc)
    old_by_rule = {f.rule: f for f in old.findings}
    new_by_rule = {f.rule: f for f in new.findings}
    order = list(new_by_rule) + [r for r in old_by_rule if r not in new_by_rule]
    changes = []
    for rule in order:
        before, after = old_by_rule.get(rule), new_by_rule.get(rule)
        shown = after or before
        assert shown is not None
        move = direction(before.status if before else None,
                         after.status if after else None)
        clauses = (_deciding(old_doc, new_doc, alignment, before, after)
                   if move != Direction.SAME else ())
        changes.append(RuleChange(
            rule=rule, title=shown.title, severity=shown.severity,
            before=before.status if before else None, after=after.status if after else None,
            direction=move, old_evidence=before.evidence if before else (),
            new_evidence=after.evidence if after else (), clauses=clauses))
    return DraftDiff(
        old_path=old.path, new_path=new.path, old_score=old.score, new_score=new.score,
        changes=tuple(changes), blocks_added=len(alignment.added),
        blocks_removed=len(alignment.removed),
        blocks_reworded=sum(1 for p in alignment.pairs if p.similarity < 1.0))


def _deciding(old_doc: Document, new_doc: Document, alignment: Alignment,
              before: Finding | None, after: Finding | None) -> tuple[Clause, ...]:
    """The clauses behind either side's evidence that the other draft does not share."""
    added, removed = set(alignment.added), set(alignment.removed)
    reworded_new = {p.new: p for p in alignment.pairs if p.similarity < 1.0}
    reworded_old = {p.old: p for p in alignment.pairs if p.similarity < 1.0}
    out: list[Clause] = []
    seen: set[tuple[str, int]] = set()
    for evidence in after.evidence if after else ():
        index = evidence_block(new_doc, evidence)
        if index is None or ("new", index) in seen:
            continue
        seen.add(("new", index))
        block = new_doc.blocks[index]
        if index in added:
            out.append(Clause(ClauseChange.ADDED, block.text, block.location.describe()))
        elif index in reworded_new:
            pair = reworded_new[index]
            seen.add(("old", pair.old))
            out.append(Clause(ClauseChange.REWORDED, block.text, block.location.describe(),
                              other=old_doc.blocks[pair.old].text))
    for evidence in before.evidence if before else ():
        index = evidence_block(old_doc, evidence)
        if index is None or ("old", index) in seen:
            continue
        seen.add(("old", index))
        block = old_doc.blocks[index]
        if index in removed:
            out.append(Clause(ClauseChange.REMOVED, block.text, block.location.describe()))
        elif index in reworded_old:
            pair = reworded_old[index]
            moved_to = new_doc.blocks[pair.new]
            out.append(Clause(ClauseChange.REWORDED, moved_to.text,
                              moved_to.location.describe(), other=block.text))
    return tuple(out)
