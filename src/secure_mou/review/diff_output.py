"""A ``DraftDiff`` as console text, JSON (schema: ``schemas/diff.schema.json``) or
Markdown (a pull-request comment for a policy repository)."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from ..findings import Evidence
from ..reporters.json import evidence_json
from ..reporters.markdown import MARK, inline
from .diff import Clause, Direction, DraftDiff, RuleChange

SCHEMA_RESOURCE = ("schemas", "diff.schema.json")
ARROW = {Direction.IMPROVED: "▲", Direction.WORSE: "▼", Direction.CHANGED: "•",
         Direction.SAME: " "}
QUOTE = 160  # characters of a quote shown in console and Markdown


def diff_schema() -> dict[str, Any]:
    resource = files("secure_mou").joinpath(*SCHEMA_RESOURCE)
    schema: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return schema


def _status(value: Any) -> str | None:
    return None if value is None else str(value.value)


def _clause_json(clause: Clause) -> dict[str, Any]:
    return {"change": clause.change.value, "text": clause.text, "location": clause.location,
            "other": clause.other}


def change_json(change: RuleChange) -> dict[str, Any]:
    return {"rule": change.rule, "title": change.title, "severity": change.severity.value,
            "before": _status(change.before), "after": _status(change.after),
            "direction": change.direction.value,
            "old_evidence": [evidence_json(e) for e in change.old_evidence],
            "new_evidence": [evidence_json(e) for e in change.new_evidence],
            "clauses": [_clause_json(c) for c in change.clauses]}


def diff_json(diff: DraftDiff, tool_version: str) -> str:
    moved = diff.moved()
    data = {
        "tool": {"name": "secure-mou", "version": tool_version},
        "old": {"path": diff.old_path, "score": diff.old_score},
        "new": {"path": diff.new_path, "score": diff.new_score},
        "summary": {
            "headline": diff.headline(),
            "improved": sum(c.direction == Direction.IMPROVED for c in moved),
            "worse": sum(c.direction == Direction.WORSE for c in moved),
            "changed": sum(c.direction == Direction.CHANGED for c in moved),
            "fixed_gaps": sum(c.fixes_gap for c in moved),
            "new_red_flags": sum(c.introduces_flag for c in moved),
            "blocks": {"added": diff.blocks_added, "removed": diff.blocks_removed,
                       "reworded": diff.blocks_reworded}},
        "changes": [change_json(c) for c in moved],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE else text[:QUOTE - 1] + "…"


def _first(evidence: tuple[Evidence, ...]) -> Evidence | None:
    return evidence[0] if evidence else None


def diff_console(diff: DraftDiff) -> str:
    lines = [f"{diff.old_path} → {diff.new_path}", diff.headline(),
             f"blocks: {diff.blocks_added} added, {diff.blocks_removed} removed, "
             f"{diff.blocks_reworded} reworded", ""]
    moved = diff.moved()
    if not moved:
        lines.append("No rule changed its verdict.")
    for change in moved:
        lines.append(f"{ARROW[change.direction]} {change.rule} {change.title} "
                     f"[{change.severity.value}]: {_status(change.before)} → "
                     f"{_status(change.after)}")
        for label, evidence in (("old", _first(change.old_evidence)),
                                ("new", _first(change.new_evidence))):
            if evidence is not None:
                lines.append(f"    {label} [{evidence.location.describe()}] "
                             f"\"{_short(evidence.text)}\"")
        for clause in change.clauses:
            lines.append(f"    {clause.change.value} clause [{clause.location}]: "
                         f"\"{_short(clause.text)}\"")
            if clause.other:
                lines.append(f"      was: \"{_short(clause.other)}\"")
    return "\n".join(lines) + "\n"


def diff_markdown(diff: DraftDiff) -> str:
    lines = [f"### secure-mou: `{inline(diff.old_path)}` → `{inline(diff.new_path)}`", "",
             f"**{diff.headline()}**", ""]
    moved = diff.moved()
    if not moved:
        return "\n".join(lines + ["No rule changed its verdict.", ""])
    lines += ["| | Rule | Before | After | Deciding clause |", "|---|---|---|---|---|"]
    for change in moved:
        before = f"{MARK[change.before]} {change.before.value}" if change.before else "–"
        after = f"{MARK[change.after]} {change.after.value}" if change.after else "–"
        clause = change.clauses[0] if change.clauses else None
        decided = (f"*{clause.change.value}*: {inline(_short(clause.text))}"
                   if clause else "")
        lines.append(f"| {ARROW[change.direction]} | **{change.rule}** "
                     f"{inline(change.title)} | {before} | {after} | {decided} |")
    return "\n".join(lines) + "\n"
