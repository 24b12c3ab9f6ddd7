"""The keyword-search baseline the checker is measured against.

What a reviewer with a search box does: a rule counts as met (a red flag as fired) when
the key terms of one of its matches are all found anywhere in the agreement, whoever does
what to whom and whether the clause requires, permits or forbids it. The key terms are the
term sets a match names under ``all`` (and one of ``any``); a fired flag turns the
requirement it contradicts into a conflict, as in the checker. Used only by ``make eval``.
"""

from __future__ import annotations

from .documents.model import Document
from .engine import Engine
from .rulebook.model import MatchSpec, Rule


def _found(spec: MatchSpec, present: set[str]) -> bool:
    if not spec.all and not spec.any:
        return False
    return all(n in present for n in spec.all) and (
        not spec.any or bool(present.intersection(spec.any)))


def keyword_status(rule: Rule, present: set[str]) -> str | None:
    if rule.kind == "flag":
        return "conflict" if any(_found(s, present) for s in rule.fires) else "met"
    if rule.kind == "coverage" and rule.coverage is not None:
        return "met" if _found(rule.coverage.context, present) else "missing"
    if rule.kind == "text":
        return "met" if any(_found(s, present) for s in rule.met) else "missing"
    return None


def keyword_statuses(engine: Engine, document: Document) -> dict[str, str]:
    present = set(engine.analyse(document).term_index)
    out: dict[str, str] = {}
    for rule in engine.rulebook.rules:
        status = keyword_status(rule, present)
        if status is not None:
            out[rule.id] = status
    for rule in engine.rulebook.rules:
        if rule.kind == "flag" and out.get(rule.id) == "conflict" and rule.contradicts:
            out[rule.contradicts] = "conflict"
    return out
