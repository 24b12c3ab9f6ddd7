"""Property tests (Hypothesis) for the paths that take arbitrary input: text files, YAML
files, and the gutter search, whose sweep must agree with the per-point count it
replaced (that one cost memory linear in the coordinates)."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secure_mou.config import load_config
from secure_mou.documents import read_document
from secure_mou.documents.pdf_layout import MIN_COLUMN_ROWS, MIN_GUTTER, Line, Word, find_gutter
from secure_mou.errors import ConfigError, DocumentError, RulebookError
from secure_mou.located_yaml import load_located

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def old_gutter_run(page_rows: list[Line]) -> tuple[int, int] | None:
    """The per-point search as it was before the sweep (reference for equality)."""
    words = [w for r in page_rows for w in r.words]
    left = math.floor(min(w.x0 for w in words))
    right = math.ceil(max(w.x1 for w in words))
    width = right - left
    crossing = [0] * (width + 2)
    for word in words:
        crossing[math.floor(word.x0) - left] += 1
        crossing[math.ceil(word.x1) - left + 1] -= 1
    crossing = list(itertools.accumulate(crossing))
    allowed = len(page_rows) // 4
    best: tuple[int, int] | None = None
    run_start: int | None = None
    for x in range(int(width * 0.2), int(width * 0.8) + 1):
        if crossing[x] <= allowed:
            run_start = x if run_start is None else run_start
            if best is None or x - run_start > best[1] - best[0]:
                best = (run_start, x)
        else:
            run_start = None
    if best is None or best[1] - best[0] < MIN_GUTTER:
        return None
    return (left + best[0], left + best[1] + 1)


spans = st.lists(st.tuples(st.floats(0, 600), st.floats(1, 250)), min_size=1, max_size=4)
pages = st.lists(spans, min_size=MIN_COLUMN_ROWS, max_size=14)


def as_rows(page: list[list[tuple[float, float]]]) -> list[Line]:
    return [Line(tuple(Word("w", x0, x0 + width, 100 + 12 * i, 110 + 12 * i)
                       for x0, width in sorted(row)), 1) for i, row in enumerate(page)]


@SETTINGS
@given(pages)
def test_the_gutter_sweep_finds_what_the_per_point_count_found(page) -> None:
    rows = as_rows(page)
    expected = old_gutter_run(rows)
    found = find_gutter(rows)
    # find_gutter applies column tests after the run search; when it finds a gutter it
    # is the very run the old search found.
    if found is not None:
        assert found == expected
    if expected is None:
        assert found is None


@SETTINGS
@given(st.binary(min_size=1, max_size=3000))
def test_any_bytes_read_as_a_document_or_a_typed_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "any.txt"
    path.write_bytes(data)
    try:
        document = read_document(path)
    except DocumentError as err:
        assert err.code in {"empty", "unsupported_format", "corrupt", "encrypted",
                            "no_text_layer", "too_large"}
    else:
        assert document.blocks


yaml_text = st.text(alphabet=st.sampled_from(list("ab: -[]{},&*!'\"#\n\t|>?%@`1.")),
                    max_size=300)


@SETTINGS
@given(yaml_text)
def test_any_yaml_loads_or_raises_the_files_own_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_located(path, "r.yaml", RulebookError, "rule file")
    except RulebookError as err:
        assert err.message.startswith("r.yaml")


@SETTINGS
@given(yaml_text)
def test_any_config_loads_or_raises_a_config_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / ".secure-mou.yml"
    path.write_text(text, encoding="utf-8")
    try:
        load_config(path)
    except ConfigError as err:
        assert ".secure-mou.yml" in err.message


@pytest.mark.parametrize("copies", [9, 200])
def test_nested_aliases_are_bounded(tmp_path: Path, copies: int) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n" + "x: [" + ", ".join(["*i"] * copies) + "]\n",
                    encoding="utf-8")
    with pytest.raises(RulebookError, match="expands to more than"):
        load_located(path, "bomb.yaml", RulebookError, "rule file")
