"""Clause frames: who acts, what the act is, whom it is done to, and purpose statements."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from secure_mou.documents.text import read_text
from secure_mou.engine import Engine
from secure_mou.engine.verdicts import RuleEvaluator
from secure_mou.pipeline import load_rules


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_rules())


def verdicts(engine: Engine, text: str) -> dict[str, str]:
    data = text.encode()
    document = read_text(Path("t.txt"), sha256=hashlib.sha256(data).hexdigest(), data=data)
    return {f.rule: f.status.value for f in engine.check(document)}


def frames(engine: Engine, text: str) -> list[tuple[str, frozenset[str], str]]:
    data = text.encode()
    document = read_text(Path("t.txt"), sha256="x", data=data)
    analysis = engine.analyse(document)
    evaluator = RuleEvaluator(analysis)
    return [(analysis.text(c), (f := evaluator.frame(c, len(analysis.tokens(c).lower))).actor,
             f.act_word) for c in analysis.clauses]


@pytest.mark.parametrize(("text", "actor"), [
    ("The Department shall have the power to hire, discharge and discipline SROs.",
     "agency"),
    ("The SRO's supervisor shall evaluate the officer each year.", "agency"),
    ("Contingent upon approval by the Chief, the SROs will attend expulsion hearings.",
     "officer"),
    ("Discipline shall be administered by the principal.", "school"),
    ("The primary role of the SRO is to keep students safe.", "officer"),
    ("Administrators look into every Code of Conduct matter.", "school"),
    ("To enforce criminal laws on campus.", "unstated"),
])
def test_the_actor_is_read_from_the_subject(engine: Engine, text: str, actor: str) -> None:
    first = frames(engine, text)[0]
    assert actor in first[1], first


def test_a_list_item_that_opens_with_its_verb_takes_the_lead_ins_subject(
        engine: Engine) -> None:
    found = frames(engine, "The SRO shall:\n\n(a) assist the Principal in enforcing the "
                           "Code of Student Conduct;\n\n(b) patrol the grounds.")
    assert found[1][1] == {"officer"} and found[1][2] == "assist"


@pytest.mark.parametrize(("text", "fires"), [
    # the officer as actor of a discipline act on students: the red flag
    ("The SRO shall assist school administrators in enforcing the student code of conduct.",
     True),
    ("The SROs will attend suspension and expulsion hearings at the request of the "
     "principal and testify.", True),
    # discipline of officers as employees, a goals statement, telling someone of an arrest
    ("The Department shall have the power to hire, discharge and discipline SROs.", False),
    ("The goals of this MOU are to establish procedures with respect to the role of SROs "
     "in student disciplinary offenses.", False),
    ("The SRO shall coordinate with administrators to differentiate between school "
     "disciplinary issues and criminal issues.", False),
])
def test_the_discipline_flag_needs_the_officer_acting_on_students(
        engine: Engine, text: str, fires: bool) -> None:
    assert (verdicts(engine, text)["SECURE-1.F1"] == "conflict") is fires


def test_reporting_an_arrest_or_complying_with_law_raises_no_flag(engine: Engine) -> None:
    found = verdicts(engine, "The City agrees to:\n\nq. Notify the Security Director of the "
                             "following: lockdown, felony arrest on campus, massive school "
                             "disruption.")
    assert found["SECURE-4.F2"] == "met"
    found = verdicts(engine, "The SRO shall comply with all laws regarding access to "
                             "confidential student records.")
    assert found["SECURE-2.F1"] == "met"


def test_a_purpose_statement_counts_at_most_as_partial(engine: Engine) -> None:
    goal = verdicts(engine, "The purpose of the program is that the SRO shall minimize "
                            "arrests of students for minor misbehavior.")
    duty = verdicts(engine, "The SRO shall minimize arrests of students for minor "
                            "misbehavior.")
    assert duty["SECURE-4.5"] == "met" and goal["SECURE-4.5"] == "partial"


def test_a_nested_list_ends_when_its_parent_list_goes_on(engine: Engine) -> None:
    text = ("The SRO shall:\n\nA. patrol the school grounds, but shall not:\n\n1. direct "
            "traffic;\n\n2. search lockers;\n\nB. enforce school rules.")
    found = verdicts(engine, text)
    # item B is a duty under "The SRO shall:", not one of A's "shall not" items
    assert found["SECURE-1.F1"] == "conflict"
