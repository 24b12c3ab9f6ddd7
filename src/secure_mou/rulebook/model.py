"""The rule language as values: term sets, match specs, coverage, metrics, examples.

A rulebook is data (YAML under ``rules/``); these frozen values are what the loader
builds from it and what the engine compiles. See docs/writing-rules.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Polarity(StrEnum):
    """What a clause commits to about the matched subject matter."""

    REQUIRES = "requires"
    PERMITS = "permits"
    PROHIBITS = "prohibits"
    MENTIONS = "mentions"


class Scope(StrEnum):
    CLAUSE = "clause"
    SENTENCE = "sentence"
    BLOCK = "block"
    SECTION = "section"


RULE_KINDS = ("text", "coverage", "metric", "process", "flag")
CHECKLISTS = ("start", "improve")


@dataclass(frozen=True)
class TermSet:
    """A named vocabulary: phrases (matched on lowercase lemmas) and spaCy token patterns.

    ``role`` names a party role ("officer", "district", "agency"): a term the document
    itself defines for that role (``the "Deputy"``) joins this set for that document.
    """

    name: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    role: str | None = None
    origin: str = ""  # file:line, for messages


@dataclass(frozen=True)
class MatchSpec:
    """Co-occurrence of term sets within a scope, with the polarities that count.

    ``agent`` (default: the first of ``all``) is who acts; ``focus`` (default: the last of
    ``all``) is the subject matter whose clause decides the polarity. ``none`` lists term
    sets whose presence in the scope voids the match. ``reopened_by`` lists term sets that,
    found in an exception ("unless requested by the principal"), turn a prohibition back
    into a permission.
    """

    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    scope: Scope = Scope.SENTENCE
    polarity: tuple[Polarity, ...] = (Polarity.REQUIRES,)
    partial_polarity: tuple[Polarity, ...] | None = None
    agent: str | None = None
    focus: str | None = None
    reopened_by: tuple[str, ...] = ()
    near: tuple[tuple[str, int], ...] = ()  # (term set, max tokens from the focus term)
    # clause frames (engine/frames.py): who must act, and to whom the act must not be done
    actor: tuple[str, ...] = ()
    object_not: tuple[str, ...] = ()
    act: tuple[str, ...] = ()  # term sets one of which must be the main verb
    act_not: tuple[str, ...] = ()  # term sets none of which may be the main verb
    force: str | None = None  # "purpose": only statements of purpose; "operative": none

    @property
    def termsets(self) -> tuple[str, ...]:
        return (self.all + self.any + self.none + self.reopened_by
                + tuple(n for n, _ in self.near) + self.act + self.act_not)

    @property
    def agent_set(self) -> str | None:
        if self.agent:
            return self.agent
        return self.all[0] if len(self.all) > 1 else None

    @property
    def focus_set(self) -> str | None:
        if self.focus:
            return self.focus
        if self.all:
            return self.all[-1]
        return self.any[0] if self.any else None

    @property
    def weaker(self) -> tuple[Polarity, ...]:
        """Polarities that earn ``partial`` (by default: a permission or a bare mention
        where a requirement was asked for)."""
        if self.partial_polarity is not None:
            return self.partial_polarity
        if Polarity.REQUIRES in self.polarity:
            return tuple(p for p in (Polarity.PERMITS, Polarity.MENTIONS)
                         if p not in self.polarity)
        return ()


@dataclass(frozen=True)
class Coverage:
    """Named elements counted where ``context`` matches; met at ``threshold`` share."""

    context: MatchSpec
    elements: tuple[tuple[str, tuple[str, ...]], ...]  # (element name, term set names)
    threshold: float = 0.75
    scope: Scope = Scope.SENTENCE  # where elements are looked for around a context hit


@dataclass(frozen=True)
class Metric:
    name: str  # "readability"
    max_grade: float = 12.0
    defined_terms: tuple[str, ...] = ()  # term sets whose jargon must be defined


@dataclass(frozen=True)
class Examples:
    met: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    conflict: tuple[str, ...] = ()

    def by_status(self) -> tuple[tuple[str, str], ...]:
        return tuple((status, text) for status in ("met", "partial", "missing", "conflict")
                     for text in getattr(self, status))

    @property
    def count(self) -> int:
        return len(self.by_status())


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    step: int
    checklist: str
    kind: str
    severity: str
    message: str
    source: str
    remediation: str
    met: tuple[MatchSpec, ...] = ()
    partial: tuple[MatchSpec, ...] = ()
    fires: tuple[MatchSpec, ...] = ()
    also: tuple[MatchSpec, ...] = ()  # each must match too for ``met``; else ``partial``
    conflicts: tuple[MatchSpec, ...] = ()  # language that contradicts the requirement
    contradicts: str | None = None
    coverage: Coverage | None = None
    metric: Metric | None = None
    examples: Examples = field(default_factory=Examples)
    origin: str = ""  # file:line

    @property
    def specs(self) -> tuple[MatchSpec, ...]:
        specs = self.met + self.partial + self.fires + self.also + self.conflicts
        return specs + ((self.coverage.context,) if self.coverage else ())


@dataclass(frozen=True)
class Rulebook:
    name: str
    version: str
    steps: dict[int, str]
    termsets: dict[str, TermSet]
    rules: tuple[Rule, ...]
    sources: tuple[str, ...] = ()  # directories loaded, in order
    content_hash: str = ""

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)
