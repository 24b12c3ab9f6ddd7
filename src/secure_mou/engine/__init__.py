"""The matching engine: a Document and a Rulebook in, one Finding per rule out.

Build an ``Engine`` once per process (it builds the spaCy pipeline and compiles every
term set), then call ``check`` for each document.
"""

from __future__ import annotations

from ..documents.model import Document
from ..errors import RulebookError
from ..findings import Evidence, Finding, Severity, Status
from ..rulebook.model import Rule, Rulebook
from .analysis import Analysis, InvalidPattern, TermMatcher, analyse
from .nlp import build_pipeline
from .verdicts import RuleEvaluator, Trace, Verdict

CHECKLISTS = ("start", "improve", "all")


def applies(rule: Rule, checklist: str) -> bool:
    """``start`` applies only Checklist-to-Start rules; ``improve`` and ``all`` both."""
    return checklist != "start" or rule.checklist == "start"


class Engine:
    def __init__(self, rulebook: Rulebook, model: str | None = None):
        self.rulebook = rulebook
        self.nlp = build_pipeline(model)
        try:
            self.matcher = TermMatcher(self.nlp, {
                name: (ts.phrases, ts.patterns) for name, ts in rulebook.termsets.items()})
        except InvalidPattern as err:
            ts = rulebook.termsets[err.termset]
            raise RulebookError(f"{ts.origin}: patterns: invalid token pattern in term set "
                                f"'{err.termset.rsplit(':', 1)[-1]}': {err.detail}") from err
        self.roles = {name: ts.role for name, ts in rulebook.termsets.items() if ts.role}

    def analyse(self, document: Document) -> Analysis:
        return analyse(self.nlp, self.matcher, document, self.roles)

    def verdict(self, rule: Rule, evaluator: RuleEvaluator,
                trace: Trace | None = None) -> Verdict:
        if rule.kind == "process":
            return Verdict("manual", (), "a process step no agreement text can prove; "
                           "confirm it and attest it in the config")
        if rule.kind == "flag":
            return evaluator.flag_rule(rule, trace)
        if rule.kind == "coverage":
            return evaluator.coverage_rule(rule, trace)
        if rule.kind == "metric":
            return evaluator.metric_rule(rule)
        return evaluator.text_rule(rule, trace)

    def check(self, document: Document, checklist: str = "all",
              analysis: Analysis | None = None) -> tuple[Finding, ...]:
        """One finding per rule of the rulebook, in rulebook order."""
        analysis = analysis or self.analyse(document)
        evaluator = RuleEvaluator(analysis)
        verdicts: dict[str, Verdict] = {}
        for rule in self.rulebook.rules:
            if applies(rule, checklist):
                verdicts[rule.id] = self.verdict(rule, evaluator)
        # A fired flag turns the requirement it contradicts into a conflict.
        for rule in self.rulebook.rules:
            v = verdicts.get(rule.id)
            if rule.kind == "flag" and v and v.status == "conflict" and rule.contradicts:
                target = verdicts.get(rule.contradicts)
                if target is not None:
                    evidence = tuple(dict.fromkeys(v.evidence + target.evidence))  # no repeats
                    verdicts[rule.contradicts] = Verdict(
                        "conflict", evidence,
                        f"contradicted by {rule.id}; {target.reason}",
                        target.covered, target.missing_elements, target.measured)
        return tuple(self._finding(rule, verdicts.get(rule.id)) for rule in self.rulebook.rules)

    @staticmethod
    def _finding(rule: Rule, verdict: Verdict | None) -> Finding:
        common = dict(rule=rule.id, title=rule.title, step=rule.step,
                      checklist=rule.checklist, kind=rule.kind,
                      severity=Severity(rule.severity), message=rule.message,
                      remediation=rule.remediation, source=rule.source)
        if verdict is None:
            return Finding(status=Status.NOT_APPLICABLE, reason="outside the selected checklist",
                           **common)  # type: ignore[arg-type]
        evidence: tuple[Evidence, ...] = verdict.evidence
        return Finding(status=Status(verdict.status), evidence=evidence,
                       covered=verdict.covered, missing_elements=verdict.missing_elements,
                       reason=verdict.reason, measured=verdict.measured,
                       **common)  # type: ignore[arg-type]

    def explain(self, rule: Rule, document: Document, analysis: Analysis | None = None
                ) -> tuple[Verdict, list[str]]:
        """The verdict for one rule and the trace of how it was reached."""
        evaluator = RuleEvaluator(analysis or self.analyse(document))
        trace = Trace()
        verdict = self.verdict(rule, evaluator, trace)
        return verdict, trace.lines
