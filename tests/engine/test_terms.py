"""Defined terms, coverage thresholds, the readability metric and OCR repair."""

from dataclasses import replace

import pytest

from secure_mou.engine import Engine
from secure_mou.rulebook.loader import load_rulebook

from .conftest import RULEBOOK, findings


@pytest.mark.parametrize("definition", [
    'Deputy Sheriff assigned to the District (the "Guardian") works at the high school.',
    'The Department shall assign a sworn deputy, hereinafter "Guardian", to the school.',
    'A School Resource Officer ("Guardian") shall be assigned to each school.',
])
def test_a_defined_alias_names_the_officer(engine: Engine, definition: str) -> None:
    text = definition + "\n\nThe Guardian shall not enforce school rules."
    result = findings(engine, text)["T-PROHIBIT"]
    assert result.status == "met"
    assert "Guardian" in result.evidence[0].text


def test_an_undefined_word_names_no_one(engine: Engine) -> None:
    assert findings(engine, "The Guardian shall not enforce school rules.")[
        "T-PROHIBIT"].status == "missing"


def test_alias_of_the_agency_is_not_taken_for_the_officer(engine: Engine) -> None:
    text = ('Harbor County Sheriff\'s Office (the "Guardian") and the District agree.'
            "\n\nThe Guardian shall not enforce school rules.")
    assert findings(engine, text)["T-PROHIBIT"].status == "missing"


@pytest.mark.parametrize("text,status,covered", [
    ("The SRO shall not discriminate on the basis of race, color, sex or disability.",
     "met", ("race", "color", "sex", "disability")),
    ("The SRO shall not discriminate on the basis of race, color or gender.",
     "met", ("race", "color", "sex")),
    ("The SRO shall not discriminate on the basis of race or color.",
     "partial", ("race", "color")),
    ("The SRO shall not discriminate against any student.", "missing", ()),
    ("The SRO may discriminate on the basis of race, color, sex or disability.",
     "missing", ()),
    ("WHEREAS the SRO shall not discriminate on the basis of race, color, sex or disability;",
     "partial", ("race", "color", "sex", "disability")),
    ("The SRO shall not engage in discrimination based on any of the following:\n\n"
     "- race;\n\n- color;\n\n- disability.", "met", ("race", "color", "disability")),
])
def test_coverage_counts_elements_in_committing_clauses(
        engine: Engine, text: str, status: str, covered: tuple[str, ...]) -> None:
    result = findings(engine, text)["T-COVER"]
    assert result.status == status
    assert result.covered == covered
    assert set(result.missing_elements) == {"race", "color", "sex", "disability"} - set(covered)


def test_coverage_threshold_is_configurable() -> None:
    rulebook = load_rulebook([RULEBOOK])
    rules = tuple(
        replace(r, coverage=replace(r.coverage, threshold=0.5)) if r.id == "T-COVER" else r
        for r in rulebook.rules)
    engine = Engine(replace(rulebook, rules=rules))
    text = "The SRO shall not discriminate on the basis of race or color."
    assert findings(engine, text)["T-COVER"].status == "met"


def test_readability_reports_the_grade_and_defined_jargon(engine: Engine) -> None:
    plain = ('A School Resource Officer ("SRO") is a police officer at a school. '
             "The SRO keeps students safe.")
    result = findings(engine, plain)["T-READ"]
    assert result.status == "met"
    assert result.measured is not None and result.measured < 8
    dense = ("Notwithstanding the foregoing, the contracting governmental instrumentalities "
             "acknowledge that indemnification obligations established hereunder shall "
             "survive termination, expiration or nonrenewal of this intergovernmental "
             "memorandum irrespective of subsequent administrative determinations.")
    result = findings(engine, dense)["T-READ"]
    assert result.status == "missing"
    assert result.measured is not None and result.measured > 12


def test_ocr_broken_words_and_lost_spaces_still_match(engine: Engine) -> None:
    text = "theSRO shall not en- force the code of con- duct or school dis- cipline."
    assert findings(engine, text)["T-PROHIBIT"].status == "met"


@pytest.mark.parametrize("definition", [
    '"School guardian officer" or "Guardian" means a deputy assigned to a school.',
    '"Guardian" means the sworn deputy the Department assigns to a school.',
])
def test_aliases_from_means_definitions(engine: Engine, definition: str) -> None:
    text = definition + "\n\nThe Guardian shall not enforce school rules."
    assert findings(engine, text)["T-PROHIBIT"].status == "met"


def test_numbered_short_items_after_a_lead_in_are_list_items() -> None:
    from secure_mou.documents.model import BlockKind
    from secure_mou.rulebook.selftest import example_document

    doc = example_document("Training shall include:\n\n1. Special education;\n\n"
                           "2. De-escalation.")
    assert [b.kind for b in doc.blocks] == [BlockKind.PARAGRAPH, BlockKind.LIST_ITEM,
                                            BlockKind.LIST_ITEM]
