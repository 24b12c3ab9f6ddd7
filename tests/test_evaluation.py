"""Measured accuracy on the sample agreements (their verdicts were written by reading)."""

from pathlib import Path

import pytest

from secure_mou.evaluation import AGREEMENT_FLOOR, evaluate, score, table
from secure_mou.pipeline import Checker, load_rules

SAMPLES = Path(__file__).resolve().parents[1] / "sample_mous"


@pytest.fixture(scope="module")
def pairs() -> list:
    return evaluate(SAMPLES, Checker(load_rules()))


def test_every_sample_has_a_verdict_for_every_rule(pairs: list) -> None:
    rules = {r.id for r in load_rules().rules}
    documents = {p.document for p in pairs}
    assert len(documents) >= 10
    for doc in documents:
        assert {p.rule for p in pairs if p.document == doc} == rules, doc
    assert not [p for p in pairs if p.actual == "absent"]


def test_overall_agreement_meets_the_floor(pairs: list) -> None:
    s = score(pairs)
    assert s.agreement >= AGREEMENT_FLOOR, table(pairs)


def test_no_expected_conflict_is_missed(pairs: list) -> None:
    missed = [f"{p.rule} in {p.document}: {p.actual}" for p in score(pairs).missed_conflicts]
    assert not missed, missed
