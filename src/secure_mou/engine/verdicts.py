"""From an analysed document and one rule to a verdict, with evidence and a trace.

A rule's match specs are evaluated over units of its scope (clause, sentence, block,
section). A unit matches when its terms co-occur; the clause holding the focus term
decides the polarity (``polarity.decide``); the polarity decides whether the hit meets,
partly meets, or fires the rule. Recitals and definitions count at most as partial.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..findings import Evidence
from ..rulebook.model import MatchSpec, Polarity, Rule, Scope
from .analysis import Analysis, Clause
from .frames import Frame, frame_at, is_purpose, is_topic_list, role_positions
from .polarity import Decision, decide, find_cue
from .readability import fk_grade

DUTY_LABEL = re.compile(r"^(?:[a-h]|[ivx]{1,4})$")
# "To the extent …", "To date …": not a duty
DUTY_NOT_VERB = frozenset({"the", "a", "an", "this", "that", "date", "whom", "which",
                           "what", "such", "any", "all", "extent"})


@dataclass(frozen=True)
class Hit:
    clause: int  # clause id holding the focus term
    unit: tuple[int, ...]  # the clause ids of the unit the match was found in
    decision: Decision
    recital: bool
    definition: bool
    terms: tuple[str, ...]
    purpose: bool = False  # the sentence states a purpose or goal: it commits no one

    @property
    def weak(self) -> bool:
        """A hit that counts at most as partial and never fires a flag."""
        return self.recital or self.definition or self.purpose


@dataclass
class Trace:
    """What ``explain`` shows: every unit considered, with terms, polarity and outcome."""

    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        self.lines.append(line)


@dataclass(frozen=True)
class Verdict:
    status: str
    evidence: tuple[Evidence, ...] = ()
    reason: str = ""
    covered: tuple[str, ...] = ()
    missing_elements: tuple[str, ...] = ()
    measured: float | None = None


def _short(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def describe(label: str, spec: MatchSpec) -> str:
    """One line for ``explain``: what a spec looks for."""
    parts = [f"{label}:"]
    if spec.all:
        parts.append(f"all of {', '.join(map(_short, spec.all))}")
    if spec.any:
        parts.append(f"any of {', '.join(map(_short, spec.any))}")
    if spec.none:
        parts.append(f"none of {', '.join(map(_short, spec.none))}")
    parts.append(f"in one {spec.scope.value}; counts when it "
                 f"{'/'.join(p.value for p in spec.polarity)}")
    return " ".join(parts)


class RuleEvaluator:
    """Evaluates rules against one analysed document."""

    def __init__(self, analysis: Analysis):
        self.a = analysis
        self._units: dict[Scope, dict[int, tuple[int, ...]]] = {}
        self._lead_decisions: dict[int, Decision] = {}
        self._terms: dict[tuple[int, ...], dict[str, list[tuple[int, int]]]] = {}
        self._lead_frames: dict[int, Frame] = {}
        self._purpose: dict[int, bool] = {}

    # -- units -------------------------------------------------------------------------
    def _unit_of(self, scope: Scope) -> dict[int, tuple[int, ...]]:
        """Clause id -> the clause ids of the unit it belongs to, for ``scope``."""
        if scope not in self._units:
            groups: dict[object, list[int]] = {}
            for c in self.a.clauses:
                if scope is Scope.CLAUSE:
                    key: object = c.id
                elif scope is Scope.SENTENCE:
                    key = ("s", c.sentence)
                elif scope is Scope.BLOCK:
                    key = ("b", c.block)
                else:
                    key = ("sec", self.a.block(c).location.section)
                groups.setdefault(key, []).append(c.id)
            self._units[scope] = {cid: tuple(ids) for ids in groups.values() for cid in ids}
        return self._units[scope]

    def _unit_terms(self, unit: tuple[int, ...]) -> dict[str, list[tuple[int, int]]]:
        """Term set -> (clause id, token) for the unit and the lead-ins it inherits.

        Every spec of every rule asks this of the same units, so it is kept per unit."""
        cached = self._terms.get(unit)
        if cached is None:
            cached = self._terms[unit] = self._collect_terms(unit)
        return cached

    def _collect_terms(self, unit: tuple[int, ...]) -> dict[str, list[tuple[int, int]]]:
        terms: dict[str, list[tuple[int, int]]] = {}
        members = dict.fromkeys(unit)  # ordered, with O(1) membership
        for cid in unit:
            for inherited in self._context(cid):
                members.setdefault(inherited)
        for cid in members:
            for name, positions in self.a.clauses[cid].terms.items():
                terms.setdefault(name, []).extend((cid, p) for p in positions)
        return terms

    def _context(self, cid: int) -> list[int]:
        """Clauses whose terms a clause inherits: its lead-in, the clause holding its
        elided subject, and theirs in turn ("The SRO shall ..., and shall perform the
        following duties:" then "(a) assist ...")."""
        out: list[int] = []
        todo = [cid]
        while todo and len(out) < 8:
            clause = self.a.clauses[todo.pop()]
            for inherited in (clause.lead_in, clause.subject_from):
                if inherited is not None and inherited not in out and inherited != cid:
                    out.append(inherited)
                    todo.append(inherited)
        return out

    def _candidate_units(self, spec: MatchSpec) -> Iterator[tuple[int, ...]]:
        focus = spec.focus_set
        if focus is None:
            return
        unit_of = self._unit_of(spec.scope)
        seen: set[tuple[int, ...]] = set()
        clause_ids = set(self.a.term_index.get(focus, ()))
        # a focus term in a lead-in reaches every item under it
        for c in self.a.clauses:
            if c.lead_in is not None and c.lead_in in clause_ids:
                clause_ids.add(c.id)
        for cid in sorted(clause_ids):
            unit = unit_of[cid]
            if unit not in seen:
                seen.add(unit)
                yield unit

    # -- polarity ----------------------------------------------------------------------
    def _inherited(self, clause: Clause) -> Decision | None:
        if clause.lead_in is not None:
            lead = self.a.clauses[clause.lead_in]
            if lead.id not in self._lead_decisions:
                tokens = self.a.tokens(lead)
                self._lead_decisions[lead.id] = decide(
                    tokens, len(tokens.lower), inherited=self._inherited(lead))
            d = self._lead_decisions[lead.id]
            return Decision(d.polarity, f"lead-in \"{self.a.text(lead)}\": {d.reason}")
        return self.a.heading_decision(clause) or self._duty_item(clause)

    def _duty_item(self, clause: Clause) -> Decision | None:
        """"5.15 To make arrests …", "C. To act as …": an item of a list of duties that
        stands without its lead-in states a duty of whoever the list is about."""
        tokens = self.a.tokens(clause)
        words = [w for w in tokens.lower[:6] if w.isalpha() and not DUTY_LABEL.match(w)]
        if (len(words) >= 2 and words[0] == "to" and words[1] not in DUTY_NOT_VERB
                and self.a.sentences[clause.sentence][0] == clause.id
                and self._first_sentence(clause) == clause.sentence):
            return Decision(Polarity.REQUIRES, "a duty item ('To …')")
        return None

    def _first_sentence(self, clause: Clause) -> int:
        """The first sentence of the clause's block."""
        for sid in range(clause.sentence, -1, -1):
            ids = self.a.sentences[sid]
            if not ids or self.a.clauses[ids[0]].block != clause.block:
                return sid + 1
        return 0

    def _distance(self, cid: int, pos: int, other: int, other_pos: int) -> float:
        """Tokens between two terms: in one block, or from a lead-in into its list item."""
        a, b = self.a.clauses[cid], self.a.clauses[other]
        if a.block == b.block:
            return abs(pos - other_pos)
        if a.lead_in == other:
            return (b.end - other_pos) + (pos - a.start)
        return float("inf")

    def _decide_at(self, cid: int, pos: int, spec: MatchSpec) -> Decision:
        clause = self.a.clauses[cid]
        tokens = self.a.tokens(clause)
        agents = [p - clause.start for p in clause.terms.get(spec.agent_set or "", ())]
        reopen = [p - clause.start for name in spec.reopened_by
                  for p in clause.terms.get(name, ())]
        return decide(tokens, pos - clause.start, agents, self._inherited(clause), reopen)

    # -- frames ------------------------------------------------------------------------
    def is_purpose(self, clause: Clause) -> bool:
        """The clause's sentence, or the lead-in it inherits, states a purpose or goal."""
        if clause.sentence not in self._purpose:
            own = is_purpose(self.a.sentence_text(clause.sentence))
            lead = clause.lead_in if clause.lead_in is not None else clause.subject_from
            self._purpose[clause.sentence] = own
            if not own and lead is not None and lead != clause.id:
                own = self.is_purpose(self.a.clauses[lead])
            self._purpose[clause.sentence] = own
        return self._purpose[clause.sentence]

    def _topic_list(self, clause: Clause) -> bool:
        lead = clause.lead_in if clause.lead_in is not None else clause.subject_from
        return is_topic_list(self.a.sentence_text(clause.sentence)) or (
            lead is not None and lead != clause.id
            and is_topic_list(self.a.sentence_text(self.a.clauses[lead].sentence)))

    def _inherited_frame(self, clause: Clause) -> Frame | None:
        source = clause.subject_from if clause.subject_from is not None else clause.lead_in
        if source is None:
            return None
        if source not in self._lead_frames:
            lead = self.a.clauses[source]
            self._lead_frames[source] = self.frame(lead, len(self.a.tokens(lead).lower))
        return self._lead_frames[source]

    def frame(self, clause: Clause, focus: int) -> Frame:
        """The frame of ``clause`` around the clause-relative position ``focus``."""
        tokens = self.a.tokens(clause)
        return frame_at(tokens, focus, role_positions(clause.terms, clause.start),
                        self._inherited_frame(clause), self.is_purpose(clause))

    def _frame_fits(self, spec: MatchSpec, frame: Frame, clause: Clause) -> str | None:
        """Why the frame does not fit the spec, or None when it does."""
        if spec.actor and not frame.actor.intersection(spec.actor):
            return f"the actor is not {'/'.join(spec.actor)}"
        if spec.force == "purpose" and not frame.purpose:
            return "not a statement of purpose"
        if spec.force == "operative" and frame.purpose:
            return "a statement of purpose"
        if spec.object_not and frame.done_to.intersection(spec.object_not):
            return f"the act is done to {'/'.join(sorted(frame.done_to))}"
        if spec.act or spec.act_not:
            if frame.act_from_lead:
                source = clause.subject_from if clause.subject_from is not None \
                    else clause.lead_in
                clause = self.a.clauses[source] if source is not None else clause
            at = None if frame.act is None else frame.act + clause.start
            acts = {n for n in (*spec.act, *spec.act_not) if at in clause.terms.get(n, ())}
            if spec.act and not acts.intersection(spec.act):
                return (f"the act \"{frame.act_word}\" is not one of "
                        f"{', '.join(map(_short, spec.act))}")
            if acts.intersection(spec.act_not):
                return f"the act \"{frame.act_word}\" is {', '.join(map(_short, acts))}"
        return None

    def hits(self, spec: MatchSpec, trace: Trace | None = None) -> list[Hit]:
        out: list[Hit] = []
        for unit in self._candidate_units(spec):
            terms = self._unit_terms(unit)
            present = set(terms)
            lacking = [n for n in spec.all if n not in present]
            blocked = [n for n in spec.none if n in present]
            if lacking or (spec.any and not present.intersection(spec.any)) or blocked:
                if trace is not None:
                    why = (f"lacks {', '.join(map(_short, lacking))}" if lacking else
                           f"excluded by {', '.join(map(_short, blocked))}" if blocked else
                           f"lacks any of {', '.join(map(_short, spec.any))}")
                    trace.add(f"  - {self._quote(unit[0])}\n      {why}")
                continue
            focus = spec.focus_set or ""
            agent = spec.agent_set
            for cid, pos in sorted(terms.get(focus, ())):
                clause = self.a.clauses[cid]
                far = [n for n, limit in spec.near if not any(
                    self._distance(cid, pos, c2, p2) <= limit for c2, p2 in terms.get(n, ()))]
                if far:
                    if trace is not None:
                        trace.add(f"  - {self._quote(cid)}\n      {', '.join(map(_short, far))}"
                                  " not near the focus term")
                    continue
                frame = self.frame(clause, pos - clause.start)
                misfit = self._frame_fits(spec, frame, clause)
                if misfit is None and frame.purpose and self._topic_list(clause):
                    misfit = "a goals statement that only lists topics"
                if misfit:
                    if trace is not None:
                        trace.add(f"  - {self._quote(cid)}\n      frame: {frame.describe()}; "
                                  f"{misfit}")
                    continue
                decision = self._decide_at(cid, pos, spec)
                near_clauses = {cid, *self._context(cid)}
                agent_here = agent is None or any(
                    c in near_clauses for c, _ in terms.get(agent, ()))
                if not agent_here and agent is not None and find_cue(
                        self.a.tokens(clause), pos - clause.start) is None:
                    # "Discipline is for administrators, and the SRO shall not be involved":
                    # the focus clause commits no one, so the officer's own clause (the
                    # nearest) says what the officer may do. A focus clause with its own
                    # modal ("... and the principal shall enforce school rules") keeps it.
                    acid, apos = min(terms.get(agent, [(cid, pos)]),
                                     key=lambda t: (abs(t[0] - cid), t[1]))
                    atoks = self.a.tokens(self.a.clauses[acid])
                    d = decide(atoks, len(atoks.lower),
                               [apos - self.a.clauses[acid].start],
                               self._inherited(self.a.clauses[acid]))
                    decision = Decision(d.polarity, f"agent's clause: {d.reason}", d.exception)
                hit = Hit(clause=cid, unit=unit, decision=decision,
                          recital=self.a.is_recital(clause),
                          definition=self.a.is_definition(clause),
                          terms=() if trace is None else tuple(sorted(
                              map(_short, present.intersection(spec.termsets)))),
                          purpose=frame.purpose)
                out.append(hit)
                if trace is not None:
                    tags = ("recital " if hit.recital else "") + (
                        "definition " if hit.definition else "")
                    trace.add(f"  - {self._quote(cid)}\n      terms: {', '.join(hit.terms)}; "
                              f"{tags}polarity {decision.reason}\n      frame: "
                              f"{frame.describe()}")
        return out

    def _quote(self, cid: int) -> str:
        clause = self.a.clauses[cid]
        loc = self.a.block(clause).location.describe()
        return f"[{loc}] \"{self.a.sentence_text(clause.sentence)}\""

    def evidence(self, hit: Hit) -> Evidence:
        # A term found in a lead-in ("Its members are:") is quoted with the list item
        # the match was made in, so the evidence reads "lead-in … item".
        anchor = hit.clause if hit.clause in hit.unit else hit.unit[0]
        clause = self.a.clauses[anchor]
        note = "recital" if hit.recital else ("definition" if hit.definition else
                                              "purpose statement" if hit.purpose else None)
        if hit.decision.exception:
            note = f"{note + '; ' if note else ''}exception: {hit.decision.exception}"
        text = self.a.sentence_text(clause.sentence)
        if clause.lead_in is not None and self.a.clauses[clause.lead_in].sentence != \
                clause.sentence:
            lead = self.a.clauses[clause.lead_in]
            opening = "" if self.a.sentences[lead.sentence][0] == lead.id else "… "
            text = f"{opening}{self.a.text(lead)} … {text}"
        return Evidence(text=text, location=self.a.block(clause).location,
                        polarity=hit.decision.polarity.value, note=note)

    def _evidence(self, hits: list[Hit], limit: int = 3) -> tuple[Evidence, ...]:
        seen: set[int] = set()
        out: list[Evidence] = []
        for h in hits:
            sentence = self.a.clauses[h.clause].sentence
            if sentence not in seen:
                seen.add(sentence)
                out.append(self.evidence(h))
            if len(out) == limit:
                break
        return tuple(out)

    # -- kinds -------------------------------------------------------------------------
    def _ruling_out(self, label: str, specs: tuple[MatchSpec, ...],
                    trace: Trace | None) -> Verdict | None:
        """A ``conflict`` when a clause (not a definition) commits to what the specs
        describe: a red flag's ``fires`` or a requirement's ``conflict`` specs."""
        found: list[Hit] = []
        for i, spec in enumerate(specs):
            if trace is not None:
                trace.add(describe(f"{label}[{i}]", spec))
            found += [h for h in self.hits(spec, trace)
                      if h.decision.polarity in spec.polarity and not h.definition
                      and not h.purpose]
        if not found:
            return None
        return Verdict("conflict", self._evidence(found),
                       f"a clause {found[0].decision.polarity.value} what the rubric rules out")

    def text_rule(self, rule: Rule, trace: Trace | None) -> Verdict:
        if contradicted := self._ruling_out("conflict", rule.conflicts, trace):
            return contradicted
        strong: list[Hit] = []
        weak: list[Hit] = []
        for i, spec in enumerate(rule.met):
            if trace is not None:
                trace.add(describe(f"met[{i}]", spec))
            for h in self.hits(spec, trace):
                if h.decision.polarity in spec.polarity:
                    (weak if h.weak else strong).append(h)
                elif h.decision.polarity in spec.weaker and not h.definition:
                    weak.append(h)
        if strong:
            lacking = [spec for spec in rule.also
                       if not any(h.decision.polarity in spec.polarity
                                  for h in self.hits(spec, trace))]
            if not lacking:
                return Verdict("met", self._evidence(strong),
                               f"an operative clause {strong[0].decision.polarity.value} it")
            return Verdict("partial", self._evidence(strong),
                           "it also needs " + "; ".join(
                               describe("", spec).lstrip(": ") for spec in lacking))
        partial = list(weak)
        for i, spec in enumerate(rule.partial):
            if trace is not None:
                trace.add(describe(f"partial[{i}]", spec))
            partial += [h for h in self.hits(spec, trace)
                        if h.decision.polarity in spec.polarity]
        if partial:
            h = partial[0]
            why = ("only a recital says so" if h.recital else
                   "only a definition says so" if h.definition else
                   "only a statement of purpose says so" if h.purpose else
                   f"the clause only {h.decision.polarity.value} it")
            return Verdict("partial", self._evidence(partial), why)
        return Verdict("missing", (), "no clause of the agreement commits to it")

    def flag_rule(self, rule: Rule, trace: Trace | None) -> Verdict:
        return (self._ruling_out("fires", rule.fires, trace)
                or Verdict("met", (), "no clause gives this role"))

    def coverage_rule(self, rule: Rule, trace: Trace | None) -> Verdict:
        cov = rule.coverage
        assert cov is not None
        ctx = cov.context
        covered: dict[str, Hit] = {}
        operative: set[str] = set()
        contexts = 0
        element_sets = {n for _, sets in cov.elements for n in sets}
        if trace is not None:
            trace.add(describe("context", ctx) + f"; elements in one {cov.scope.value}")
        for h in self.hits(ctx, trace):
            weak = h.decision.polarity in ctx.weaker  # "may, but need not": at best partial
            if (h.decision.polarity not in ctx.polarity and not weak) or h.definition:
                continue
            contexts += 1
            # elements stand in the scope around the commitment, or in the list items
            # of its lead-in ("... on any of the following:" then "- race;")
            unit = tuple(sorted({*self._unit_of(cov.scope)[h.clause], *h.unit}))
            present = set(self._unit_terms(unit)) & element_sets
            for name, sets in cov.elements:
                if present.intersection(sets):
                    covered.setdefault(name, h)
                    if not h.recital and not h.purpose and not weak:
                        operative.add(name)
        names = [n for n, _ in cov.elements]
        got = tuple(n for n in names if n in covered)
        lacking = tuple(n for n in names if n not in covered)
        share = len(got) / len(names)
        evidence = self._evidence(list(covered.values()), limit=5)
        reason = f"{len(got)} of {len(names)} elements ({share:.0%}; threshold " \
                 f"{cov.threshold:.0%})"
        if not contexts:
            return Verdict("missing", (), "no clause commits to this list", (), tuple(names))
        if share >= cov.threshold and len(operative) / len(names) >= cov.threshold:
            status = "met"
        elif got:
            status = "partial"
            if share >= cov.threshold:
                reason += "; enough of them only in recitals or permissive clauses"
        else:
            status = "missing"
        return Verdict(status, evidence, reason, got, lacking)

    def metric_rule(self, rule: Rule) -> Verdict:
        metric = rule.metric
        assert metric is not None
        body = [self.a.sentence_text(sid) for sid, ids in enumerate(self.a.sentences)
                if ids and self.a.block(self.a.clauses[ids[0]]).kind.value in
                ("paragraph", "list_item", "recital", "table_cell")]
        grade = fk_grade(body)
        evidence: list[Evidence] = []
        undefined = []
        for name in metric.defined_terms:
            alias = next((a for a in self.a.aliases if a.role_set == name), None)
            if alias is not None:
                evidence.append(Evidence(text=self.a.document.blocks[alias.block].text,
                                         location=self.a.document.blocks[alias.block].location,
                                         note=f"defines \"{alias.alias}\""))
                continue
            defining = [cid for cid in self.a.term_index.get(name, ())
                        if self.a.is_definition(self.a.clauses[cid])]
            if defining:
                h = self.a.clauses[defining[0]]
                evidence.append(Evidence(text=self.a.sentence_text(h.sentence),
                                         location=self.a.block(h).location, note="definition"))
            else:
                undefined.append(_short(name))
        readable = grade is not None and grade <= metric.max_grade
        shown = "n/a" if grade is None else f"{grade:.1f}"
        reason = (f"Flesch-Kincaid grade {shown} (ceiling {metric.max_grade:g}); "
                  + (f"jargon not defined: {', '.join(undefined)}" if undefined
                     else "jargon defined"))
        status = ("met" if readable and not undefined else
                  "partial" if readable or not undefined else "missing")
        return Verdict(status, tuple(evidence), reason, measured=grade)
