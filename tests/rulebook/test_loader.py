"""Rule files: errors name the file, the line and the field; no rule can silently never match."""

import re
from pathlib import Path

import pytest

from secure_mou.errors import RulebookError
from secure_mou.rulebook.loader import load_rulebook

RULE = """\
rules:
  - id: X-1
    title: t
    step: 1
    checklist: start
    kind: text
    severity: warning
    message: m
    source: s
    remediation: r
    match:
      met:
        - all: [{sets}]
"""


def write(tmp_path: Path, text: str, name: str = "r.yaml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_unknown_term_set_is_a_load_error_with_file_and_line(tmp_path: Path) -> None:
    d = write(tmp_path, "termsets:\n  officer: [SRO]\n" + RULE.format(sets="officer, oficer"))
    with pytest.raises(RulebookError) as err:
        load_rulebook([d])
    assert "r.yaml:4" in err.value.message
    assert "unknown term set 'oficer'" in err.value.message


def test_empty_term_set_is_a_load_error(tmp_path: Path) -> None:
    d = write(tmp_path, "termsets:\n  officer: []\n" + RULE.format(sets="officer"))
    with pytest.raises(RulebookError, match=r"r\.yaml:2: termsets\.officer: .*empty"):
        load_rulebook([d])


def test_schema_error_names_the_field_and_line(tmp_path: Path) -> None:
    text = "termsets:\n  officer: [SRO]\n" + RULE.format(sets="officer").replace(
        "severity: warning", "severity: critical")
    with pytest.raises(RulebookError) as err:
        load_rulebook([write(tmp_path, text)])
    assert "r.yaml:9: rules[0].severity" in err.value.message
    assert "critical" in err.value.message


def test_invalid_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(RulebookError, match=r"r\.yaml:\d+: invalid YAML: expected"):
        load_rulebook([write(tmp_path, "rules:\n  - id: [\n  x: y\n")])


def test_duplicate_rule_id_is_an_error(tmp_path: Path) -> None:
    body = "termsets:\n  officer: [SRO]\n" + RULE.format(sets="officer")
    second = RULE.format(sets="officer")
    write(tmp_path, body)
    write(tmp_path, second, "s.yaml")
    with pytest.raises(RulebookError, match="already defined"):
        load_rulebook([tmp_path])


def test_kind_needs_its_matcher(tmp_path: Path) -> None:
    text = "termsets:\n  officer: [SRO]\n" + RULE.format(sets="officer").replace(
        "kind: text", "kind: flag")
    with pytest.raises(RulebookError, match="a 'flag' rule needs match.fires"):
        load_rulebook([write(tmp_path, text)])


def test_bad_token_pattern_is_a_rulebook_error(tmp_path: Path) -> None:
    from secure_mou.engine import Engine

    text = "termsets:\n  officer:\n    patterns: [[{NOPE: x}]]\n" + RULE.format(sets="officer")
    rulebook = load_rulebook([write(tmp_path, text)])
    with pytest.raises(RulebookError,
                       match=r"r\.yaml:3: patterns: invalid token pattern in term set .officer."):
        Engine(rulebook)


def test_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RulebookError, match="not found"):
        load_rulebook([tmp_path / "nope"])


def test_a_cached_rulebook_is_used_until_a_file_changes(tmp_path: Path) -> None:
    d = write(tmp_path, "termsets:\n  officer: [SRO]\n" + RULE.format(sets="officer"))
    first = load_rulebook([d])
    again = load_rulebook([d])
    assert again == first and again.rules[0].title == "t"
    write(tmp_path, "termsets:\n  officer: [SRO]\n"
      + RULE.format(sets="officer").replace("title: t", "title: changed"))
    assert load_rulebook([d]).rules[0].title == "changed"
    assert load_rulebook([d], use_cache=False).rules[0].title == "changed"


@pytest.mark.parametrize("edit,message", [
    (("      met:\n        - all: [officer]\n",
      "      met:\n        - all: [officer]\n          focus: oficer\n"),
     "focus 'oficer' must be one of the spec's all/any term sets"),
    (("kind: text", "kind: text\n    contradicts: X-1"), "only a 'flag' rule contradicts"),
    (("kind: text", "kind: process"), "a 'process' rule needs no match"),
])
def test_specs_that_could_never_match_are_load_errors(
        tmp_path: Path, edit: tuple[str, str], message: str) -> None:
    text = "termsets:\n  officer: [SRO]\n" + RULE.format(sets="officer").replace(*edit)
    with pytest.raises(RulebookError, match=re.escape(message)):
        load_rulebook([write(tmp_path, text)])
