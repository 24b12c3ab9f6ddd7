from pathlib import Path

import pytest

from secure_mou.engine import Engine
from secure_mou.findings import Finding
from secure_mou.rulebook.loader import load_rulebook
from secure_mou.rulebook.selftest import example_document

RULEBOOK = Path(__file__).parent / "rulebook"


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine(load_rulebook([RULEBOOK]))


def findings(engine: Engine, text: str, checklist: str = "all") -> dict[str, Finding]:
    return {f.rule: f for f in engine.check(example_document(text), checklist)}
