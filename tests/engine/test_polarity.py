"""Verdicts follow what a clause commits to: the same words, opposite commitments."""

import pytest

from secure_mou.engine import Engine

from .conftest import findings

PROHIBITIONS = [
    "The SRO shall not enforce school rules.",
    "The SRO may not enforce the code of conduct.",
    "The SRO will not be involved in school discipline.",
    "The SRO must not act as a school disciplinarian.",
    "The SRO is prohibited from enforcing the code of conduct.",
    "Under no circumstances will the SRO discipline a student.",
    "No SRO shall participate in disciplinary hearings.",
    "The School Resource Officer is not responsible for enforcing school rules.",
    "School administrators, rather than the SRO, shall handle discipline.",
    "Discipline is the sole responsibility of school administrators and not the SRO.",
    "Discipline shall be handled by the principal instead of the SRO.",
    "The SRO shall refrain from any involvement in school discipline.",
    "Neither the SRO nor any deputy shall enforce school rules.",
    "The SRO shall not: (a) enforce school rules; (b) search lockers.",
    "The SRO shall not:\n\n(a) act as a disciplinarian;\n\n(b) recommend suspensions.",
    "Discipline is handled by administrators, and the SRO shall not be involved in it.",
    "The SRO shall patrol the grounds and shall not enforce the code of conduct.",
    "The SRO shall not enforce school rules except where the conduct is also a crime.",
]

ROLES_GIVEN = [  # required or permitted: the red flag fires
    "The SRO shall enforce school rules.",
    "The SRO will assist administrators in enforcing the code of conduct.",
    "The SRO must recommend disciplinary action to the principal.",
    "The SRO agrees to participate in disciplinary hearings.",
    "The SRO is responsible for enforcing school rules.",
    "The SRO may enforce the code of conduct.",
    "The deputy can recommend discipline to the principal.",
    "Nothing in this Agreement shall prevent the SRO from enforcing school rules.",
    "The SRO shall not be prohibited from enforcing school rules.",
    "The SRO shall not enforce school rules unless requested by the principal.",
    "The SRO shall not carry a weapon off duty, but shall enforce the code of conduct.",
    "The SRO, who is not a district employee, shall enforce school rules.",
    "Duties of the SRO:\n\n(a) Enforce school rules.",
]

NEITHER = [  # no commitment either way: neither met nor fired
    "The SRO shall patrol the school grounds.",
    "The principal shall handle discipline; the SRO shall provide security.",
    "School rules are published in the student handbook.",
]


@pytest.mark.parametrize("text", PROHIBITIONS)
def test_prohibition_meets_requirement_and_fires_no_flag(engine: Engine, text: str) -> None:
    result = findings(engine, text)
    assert result["T-PROHIBIT"].status == "met", result["T-PROHIBIT"].reason
    assert result["T-FLAG"].status == "met", result["T-FLAG"].evidence
    assert result["T-PROHIBIT"].evidence[0].polarity == "prohibits"


@pytest.mark.parametrize("text", ROLES_GIVEN)
def test_role_given_fires_flag_and_turns_requirement_into_conflict(
        engine: Engine, text: str) -> None:
    result = findings(engine, text)
    assert result["T-FLAG"].status == "conflict"
    assert result["T-FLAG"].evidence[0].polarity in ("requires", "permits")
    assert result["T-PROHIBIT"].status == "conflict"
    assert "T-FLAG" in result["T-PROHIBIT"].reason


@pytest.mark.parametrize("text", NEITHER)
def test_other_commitments_neither_meet_nor_fire(engine: Engine, text: str) -> None:
    result = findings(engine, text)
    assert result["T-FLAG"].status == "met"
    assert result["T-PROHIBIT"].status in ("missing", "partial")


def test_assigning_discipline_to_administrators_alone_is_partial(engine: Engine) -> None:
    result = findings(engine, "The principal shall be responsible for student discipline.")
    assert result["T-PROHIBIT"].status == "partial"


def test_exception_is_recorded_on_the_evidence(engine: Engine) -> None:
    result = findings(engine, "The SRO shall not enforce school rules except where the "
                              "conduct is also a crime.")
    note = result["T-PROHIBIT"].evidence[0].note or ""
    assert note.startswith("exception: except")


@pytest.mark.parametrize("text,status", [
    ("The Department shall collect arrest data.", "met"),
    ("The Department will report statistics on arrests each year.", "met"),
    ("The Department may collect arrest data.", "partial"),
    ("The Department may, but is not required to, collect arrest data.", "partial"),
    ("The Department is not required to collect arrest data.", "partial"),
    ("The Department collects data.", "partial"),
    ("The Department shall not collect data on students.", "missing"),
    ("WHEREAS the Department shall collect arrest data;", "partial"),
    ('"Data" means statistics the Department shall collect.', "partial"),
    ("The SRO shall patrol the school.", "missing"),
])
def test_requirement_needs_an_obligation(engine: Engine, text: str, status: str) -> None:
    assert findings(engine, text)["T-DATA"].status == status


def test_recital_is_marked_on_the_evidence(engine: Engine) -> None:
    result = findings(engine, "WHEREAS, the SRO shall not enforce school rules;")
    assert result["T-PROHIBIT"].status == "partial"
    assert result["T-PROHIBIT"].evidence[0].note == "recital"


def test_checklist_start_leaves_improve_rules_not_applicable(engine: Engine) -> None:
    result = findings(engine, "The Department shall collect arrest data.", checklist="start")
    assert result["T-DATA"].status == "not_applicable"
    assert result["T-PROHIBIT"].status == "missing"


def test_process_rules_are_manual(engine: Engine) -> None:
    assert findings(engine, "Anything.")["T-PROC"].status == "manual"


@pytest.mark.parametrize("text,status", [
    ("The SRO shall search a student only with probable cause.", "met"),
    ("The SRO may search students and lockers with or without consent.", "conflict"),
    ("The SRO shall not search students without suspicion.", "missing"),
])
def test_a_requirement_can_be_contradicted_directly(engine: Engine, text: str,
                                                    status: str) -> None:
    assert findings(engine, text)["T-SEARCH"].status == status


@pytest.mark.parametrize("text,polarity", [
    ("The parties agree that the SRO shall not enforce school rules.", "prohibits"),
    ("The District shall ensure that the SRO does not enforce school rules.", "prohibits"),
    ("The SRO should not enforce the code of conduct.", "prohibits"),
])
def test_embedded_and_hortatory_modals(engine: Engine, text: str, polarity: str) -> None:
    result = findings(engine, text)["T-PROHIBIT"]
    assert result.evidence and result.evidence[0].polarity == polarity


def test_should_is_an_obligation_for_flags(engine: Engine) -> None:
    assert findings(engine, "The SRO should enforce school rules.")["T-FLAG"].status == \
        "conflict"


@pytest.mark.parametrize("text,status", [
    ("Discrimination on the basis of race, color, sex or disability is prohibited.", "met"),
    ("Students keep their rights while at school, and the law prohibits discrimination "
     "on the basis of race, color, sex or disability.", "met"),
])
def test_passive_and_subordinate_prohibitions_and_weak_coverage(
        engine: Engine, text: str, status: str) -> None:
    assert findings(engine, text)["T-COVER"].status == status


def test_a_deadline_is_not_a_negation(engine: Engine) -> None:
    text = "The Department shall collect arrest data not later than June 15 of each year."
    assert findings(engine, text)["T-DATA"].status == "met"


def test_a_modal_in_a_relative_clause_does_not_govern_the_officer(engine: Engine) -> None:
    text = ("School staff shall not ask the SRO to handle behavior that can be dealt "
            "with under the code of conduct.")
    assert findings(engine, text)["T-FLAG"].status == "met"


@pytest.mark.parametrize("text,status", [
    # the modal does not reach a focus inside a temporal or conditional clause
    ("The SRO shall warn the student before enforcing school rules.", "met"),
    # a relative clause's own negation does not flip the main one
    ("The SRO shall not enforce school rules that are not posted.", "met"),
])
def test_subordinate_and_relative_clauses(engine: Engine, text: str, status: str) -> None:
    assert findings(engine, text)["T-FLAG"].status == status


@pytest.mark.parametrize("text,prohibit,flag", [
    # comma-enclosed asides neither govern nor negate what follows them
    ("The SRO shall not, even if asked by the principal, enforce school rules.",
     "met", "met"),
    ("The SRO shall not, before or after school hours, enforce school rules.", "met", "met"),
    ("The SRO shall not, in the performance of official duties, enforce school rules.",
     "met", "met"),
    ("The SRO shall, within the limits of the law, assist administrators in enforcing the "
     "code of conduct.", "conflict", "conflict"),
    # an exception re-opens only from inside its own phrase, after the modal
    ("The SRO shall not, unless requested by the principal, enforce school rules.",
     "conflict", "conflict"),
    ("Except as otherwise provided by law, the SRO shall not enforce school rules, even at "
     "the request of the principal.", "met", "met"),
    # a "no" inside the subject is not a negation of the sentence
    ("An SRO with no prior training shall not participate in school discipline.",
     "met", "met"),
    # curly apostrophes, as Word writes them
    ("The SRO won’t be involved in school discipline.", "met", "met"),
    ("The SRO can’t enforce school rules.", "met", "met"),
    # a clause with its own subject and modal keeps its own commitment
    ("The SRO shall not wear plain clothes, and the principal shall enforce school rules.",
     "partial", "met"),
    # nested lists keep the outer "shall not"
    ("The SRO shall not:\n\n(a) patrol hallways alone;\n\n(b) do any of the following:\n\n"
     "(i) enforce school rules;\n\n(ii) recommend discipline.", "met", "met"),
    # "Agreement" in a heading is no duty
    ("TERM OF AGREEMENT\n\n- SRO enforcement of school rules.", "missing", "met"),
])
def test_review_regressions(engine: Engine, text: str, prohibit: str, flag: str) -> None:
    result = findings(engine, text)
    assert (result["T-PROHIBIT"].status, result["T-FLAG"].status) == (prohibit, flag), \
        result["T-PROHIBIT"].reason


@pytest.mark.parametrize("text", [
    "12.2 Nothing in this Agreement shall prevent the SRO from enforcing school rules.",
    "(c) Nothing herein shall prevent the SRO from enforcing school rules.",
])
def test_a_numbered_double_negation_still_permits(engine: Engine, text: str) -> None:
    assert findings(engine, text)["T-FLAG"].status == "conflict"


def test_assigned_as_the_responsibility_of_is_an_obligation(engine: Engine) -> None:
    text = "The administration of student discipline is the responsibility of the principal."
    assert findings(engine, text)["T-PROHIBIT"].status == "partial"


def test_a_modal_between_list_commas_still_governs(engine: Engine) -> None:
    text = ("Each August, the Department will give every principal, assistant principal "
            "and SRO a report of the arrest data it collects.")
    assert findings(engine, text)["T-DATA"].status == "met"


def test_limited_to_allows_what_follows(engine: Engine) -> None:
    # restricting the officer *to* a task is no prohibition of that task
    text = "The SRO's work is limited to enforcing school rules."
    assert findings(engine, text)["T-PROHIBIT"].status != "met"


def test_a_modal_with_its_own_subject_speaks_for_that_subject(engine: Engine) -> None:
    text = ("The SRO will not arrest a student when the school could handle the behavior "
            "under the code of conduct.")
    assert findings(engine, text)["T-FLAG"].status == "met"


def test_ocr_repair_joins_a_known_word_whose_halves_are_words(engine: Engine) -> None:
    from secure_mou.engine.nlp import repair_ocr

    assert repair_ocr("The SRO may place hand- cuffs on a student") == \
        "The SRO may place handcuffs on a student"
    assert repair_ocr("pre- and post-tests") == "pre- and post-tests"
