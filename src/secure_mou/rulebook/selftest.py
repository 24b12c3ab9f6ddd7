"""Rule self-tests: every rule's examples, run through the real reading and engine path.

An example is a short passage (blank lines separate paragraphs) and the status the rule
must reach on it. The whole rulebook runs on each example, so a requirement's
``conflict`` example passes only when the flag that contradicts it fires.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from ..documents.model import Document
from ..documents.structure import build_document
from ..documents.text import raw_blocks
from ..engine import Engine
from .model import Rule


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    expected: str
    actual: str
    text: str
    reason: str

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


def example_document(text: str) -> Document:
    """A passage as a text document, read the way a .txt agreement is read."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    return build_document("<example>", "text", digest, raw_blocks(text))


def run_examples(engine: Engine, rules: tuple[Rule, ...] | None = None
                 ) -> Iterator[ExampleResult]:
    for rule in rules if rules is not None else engine.rulebook.rules:
        for expected, text in rule.examples.by_status():
            findings = {f.rule: f for f in engine.check(example_document(text))}
            finding = findings[rule.id]
            yield ExampleResult(rule=rule.id, expected=expected, actual=finding.status.value,
                                text=text, reason=finding.reason)
