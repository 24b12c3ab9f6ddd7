"""Accuracy on real agreements: the development set in ../shared/realdev.

The floors sit just under what the checker reaches (README, "Measured accuracy"); a change
that loses real-set accuracy fails here, whatever it does to the samples. The texts are
read from ../shared and never copied into the project; without them the tests skip.
"""

from __future__ import annotations

import pytest

from secure_mou import realset
from secure_mou.engine import Engine
from secure_mou.keyword_baseline import keyword_statuses
from secure_mou.pipeline import load_rules

ROOT = realset.default_root()
pytestmark = pytest.mark.skipif(
    not (ROOT / "labels" / "documents.tsv").exists(),
    reason=f"the real development set is not at {ROOT} (it lives in the project's shared/ "
           "folder beside the checkout)")

# (part, held back) -> minimum direction, met/partial recall, met/partial precision
FLOORS = {
    ("documents", False): (0.92, 0.73, 0.73),
    ("documents", True): (0.89, 0.45, 0.68),
    ("clauses", False): (0.58, 0.57, 0.69),
    ("clauses", True): (0.47, 0.49, 0.53),
}
MAX_FALSE_POSITIVE_RATE = 0.012  # undecided (clause, rule) pairs
MIN_CONFLICT_RECALL = 0.60
MIN_CONFLICT_PRECISION = 0.75


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_rules())


@pytest.fixture(scope="module")
def real() -> realset.RealSet:
    return realset.load(ROOT, realset.REPO / "eval" / "disputed.tsv")


@pytest.fixture(scope="module")
def cells(engine: Engine, real: realset.RealSet) -> list[realset.Cell]:
    return realset.cells(real, engine.rulebook, realset.engine_verdicts(engine))


def test_the_set_is_read_whole(real: realset.RealSet, cells: list[realset.Cell]) -> None:
    assert len(real.documents) == 30
    assert len(real.clauses) == 157
    assert not [c for c in cells if c.actual == "absent"], "a labeled rule is not in the rulebook"
    held = {c.item for c in cells if c.part == "documents" and c.held_back}
    assert held == {n for n in real.documents if 21 <= int(n[:2]) <= 30}


@pytest.mark.parametrize(("part", "held_back"), sorted(FLOORS))
def test_figures_stay_above_their_floors(cells: list[realset.Cell], part: str,
                                         held_back: bool) -> None:
    f = realset.figures(c for c in cells if c.part == part and c.held_back == held_back)
    direction, recall, precision = FLOORS[(part, held_back)]
    assert f.direction is not None and f.direction >= direction, f
    assert f.recall is not None and f.recall >= recall, f
    assert f.precision is not None and f.precision >= precision, f


def test_false_positives_and_conflicts(cells: list[realset.Cell]) -> None:
    f = realset.figures(cells)
    assert f.false_positive_rate is not None
    assert f.false_positive_rate <= MAX_FALSE_POSITIVE_RATE, f
    assert f.conflict_recall is not None and f.conflict_recall >= MIN_CONFLICT_RECALL, f
    assert f.conflict_precision is not None and f.conflict_precision >= MIN_CONFLICT_PRECISION


def test_the_checker_beats_a_keyword_search(engine: Engine, real: realset.RealSet,
                                            cells: list[realset.Cell]) -> None:
    keyword = realset.cells(real, engine.rulebook,
                            lambda document: keyword_statuses(engine, document))
    ours, theirs = realset.figures(cells), realset.figures(keyword)
    assert ours.direction and theirs.direction and ours.direction > theirs.direction + 0.05
    assert ours.precision and theirs.precision and ours.precision > theirs.precision
    assert ours.conflict_precision and theirs.conflict_precision
    assert ours.conflict_precision > 2 * theirs.conflict_precision


def test_a_one_line_document_gets_the_verdicts_of_its_lines(engine: Engine,
                                                           real: realset.RealSet) -> None:
    """Real files often arrive as one long line: the verdicts must not depend on it."""
    name = "01_jamesville-dewitt-ny.txt"
    text = real.documents[name]
    lines = realset.engine_verdicts(engine)(realset.as_document(name, text))
    joined = " ".join(line.strip() for line in text.splitlines() if line.strip())
    one = realset.engine_verdicts(engine)(realset.as_document(name, joined))
    differ = {r: (lines[r], one[r]) for r in lines
              if realset.direction(lines[r], "x") != realset.direction(one[r], "x")}
    assert len(differ) <= 3, differ


def test_disputed_labels_name_real_cells(real: realset.RealSet) -> None:
    for part, item, rule in real.disputed:
        assert part in ("documents", "clauses")
        if part == "clauses":
            assert int(item) in real.clauses
        else:
            assert item in real.documents
        assert rule.startswith("SECURE-")
