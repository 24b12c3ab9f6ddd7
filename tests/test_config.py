"""``.secure-mou.yml``: discovery, validation with lines, and what it does to findings.

Real files and the real pipeline: a tiny local rulebook (a text rule at error, one at
warning, and a process rule, which the default rulebook may not have yet) checks a real
text agreement, and the config is applied to those findings.
"""

from __future__ import annotations

import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from secure_mou.cli import app
from secure_mou.commands.init import STARTER
from secure_mou.config import (
    Config,
    apply,
    check_rule_ids,
    enabled_rules,
    find_config,
    glob_matches,
    load_config,
    resolve_config,
    select_documents,
    today_from,
    waiver_warnings,
)
from secure_mou.errors import ConfigError, UsageError
from secure_mou.findings import DocumentReport, Severity, Status
from secure_mou.pipeline import Checker
from secure_mou.rulebook.loader import load_rulebook
from secure_mou.rulebook.model import Rulebook

TINY_RULEBOOK = """\
rulebook: {name: tiny, version: "1", steps: {1: Partnership}}
termsets:
  officer: {phrases: [SRO, school resource officer], role: officer}
  discipline: [school discipline, code of conduct]
  review: [review, revise]
  annual: [annual, annually, each year]
rules:
  - id: TINY-1.1
    title: SRO kept out of discipline
    step: 1
    checklist: start
    kind: text
    severity: error
    message: The SRO must have no part in school discipline.
    source: test rulebook
    remediation: The SRO shall not take part in school discipline.
    match: {met: [{all: [officer, discipline], polarity: prohibits}]}
  - id: TINY-1.2
    title: Annual review
    step: 1
    checklist: improve
    kind: text
    severity: warning
    message: The parties should review the agreement every year.
    source: test rulebook
    remediation: The parties shall review this Agreement annually.
    match: {met: [{all: [review, annual]}]}
  - id: TINY-1.P1
    title: Best-practice resources consulted
    step: 1
    checklist: start
    kind: process
    severity: info
    message: Consult best-practice resources.
    source: test rulebook
    remediation: Consult the SECURE resources.
"""

DEFICIENT = "The SRO shall enforce school discipline.\n"
TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def rulebook(tmp_path_factory: pytest.TempPathFactory) -> Rulebook:
    rules = tmp_path_factory.mktemp("tiny")
    (rules / "tiny.yaml").write_text(TINY_RULEBOOK, encoding="utf-8")
    return load_rulebook([rules])


@pytest.fixture(scope="module")
def checker(rulebook: Rulebook) -> Checker:
    return Checker(rulebook)


def write_config(directory: Path, text: str) -> Path:
    path = directory / ".secure-mou.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def checked(checker: Checker, tmp_path: Path, name: str = "mou.txt") -> DocumentReport:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(DEFICIENT, encoding="utf-8")
    return checker.check_path(tmp_path / name)


def statuses(report: DocumentReport) -> dict[str, Status]:
    return {f.rule: f.status for f in report.findings}


def waiver(rule: str, path: str = "mou.txt", expires: str = "2025-12-31") -> str:
    return (f"  - {{rule: {rule}, path: '{path}', reason: Renegotiating in 2025, "
            f"owner: Jordan Lee, expires: {expires}}}\n")


# --- discovery ----------------------------------------------------------------------


def test_config_is_found_from_the_working_directory_upward(tmp_path: Path) -> None:
    config = write_config(tmp_path, "fail_on: warning\n")
    deep = tmp_path / "agreements" / "2024" / "drafts"
    deep.mkdir(parents=True)
    assert find_config(deep) == config
    assert resolve_config(None, deep).fail_on == "warning"
    assert resolve_config(None, deep).root == tmp_path.resolve()


def test_the_nearest_config_wins_and_an_explicit_one_overrides_discovery(
        tmp_path: Path) -> None:
    write_config(tmp_path, "fail_on: warning\n")
    inner = tmp_path / "district"
    inner.mkdir()
    write_config(inner, "fail_on: info\n")
    assert resolve_config(None, inner).fail_on == "info"
    assert resolve_config(tmp_path / ".secure-mou.yml", inner).fail_on == "warning"


def test_no_config_gives_defaults_and_a_missing_explicit_one_is_an_error(
        tmp_path: Path) -> None:
    # tmp_path has no config, but a parent might; only assert on the explicit case then.
    if find_config(tmp_path) is None:
        assert resolve_config(None, tmp_path).path is None
    with pytest.raises(ConfigError, match="config file not found"):
        resolve_config(tmp_path / "nope.yml", tmp_path)


# --- validation ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "where", "words"), [
    ("checklist: all\nfail_on: sometimes\n", ":2: fail_on:", "'sometimes' is not one of"),
    ("include: ['*.docx']\nwaivers:\n  - rule: TINY-1.1\n    path: mou.txt\n"
     "    reason: r\n    expires: 2025-12-31\n", ":3: waivers[0]:", "'owner' is a required"),
    ("waivers:\n" + waiver("TINY-1.1") + waiver("TINY-1.1", expires="2025-02-30"),
     ":3: waivers[1].expires:", "not an ISO date"),
    ("attestations:\n  - rule: TINY-1.P1\n    statement: s\n    evidence: minutes.pdf\n"
     "    date: 2025-01-02\n    by: me\n", ":4: attestations[0].evidence:",
     "neither a link"),
    ("severity:\n  TINY-1.1: fatal\n", ":2: severity.TINY-1.1:", "'fatal' is not one of"),
    ("colour: blue\n", ":1: (top level):", "'colour' was unexpected"),
    ("- just\n- a list\n", ":1:", "must be a mapping"),
    ("fail_on: [error\n", ":2:", "invalid YAML"),
])
def test_validation_errors_name_file_line_and_field(tmp_path: Path, text: str, where: str,
                                                     words: str) -> None:
    path = write_config(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = caught.value.one_line()
    assert message.startswith("error[config]: ")
    assert ".secure-mou.yml" + where in message
    assert words in message


@pytest.mark.parametrize(("text", "where"), [
    ("disable: [TINY-1.1, TINY-9.9]\n", ":1: disable[1]:"),
    ("severity:\n  TINY-1.1: info\n  TINY-1.3: info\n", ":3: severity.TINY-1.3:"),
    ("waivers:\n" + waiver("TINY-1.1") + waiver("TINY-1.20"), ":3: waivers[1].rule:"),
    ("attestations:\n  - {rule: TINY-1.P2, statement: s, evidence: 'https://x.org/m',"
     " date: 2025-01-02, by: me}\n", ":2: attestations[0].rule:"),
])
def test_unknown_rule_ids_are_config_errors(tmp_path: Path, rulebook: Rulebook, text: str,
                                            where: str) -> None:
    config = load_config(write_config(tmp_path, text))
    with pytest.raises(ConfigError, match="unknown rule") as caught:
        check_rule_ids(config, rulebook)
    assert ".secure-mou.yml" + where in caught.value.message
    assert "did you mean TINY-1." in caught.value.message


def test_only_process_rules_can_be_attested(tmp_path: Path, rulebook: Rulebook) -> None:
    config = load_config(write_config(tmp_path, """\
        attestations:
          - {rule: TINY-1.1, statement: s, evidence: 'https://x.org/m', date: 2025-01-02,
             by: me}
        """))
    with pytest.raises(ConfigError, match="TINY-1.1 is a text rule"):
        check_rule_ids(config, rulebook)


def test_the_starter_config_from_init_is_valid(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["init"]).exit_code == 0
    assert (tmp_path / ".secure-mou.yml").read_text("utf-8") == STARTER
    config = load_config(tmp_path / ".secure-mou.yml")
    assert config.include == ("**/*.docx", "**/*.pdf")
    refused = runner.invoke(app, ["init"])
    assert refused.exit_code == 2
    assert "already exists" in refused.output
    assert runner.invoke(app, ["init", "--force"]).exit_code == 0


# --- what a config does to findings -------------------------------------------------


def test_severity_override_changes_what_fails(tmp_path: Path, checker: Checker) -> None:
    report = checked(checker, tmp_path)
    assert [f.rule for f in report.failing(Severity.ERROR)] == ["TINY-1.1"]
    config = load_config(write_config(tmp_path, "severity: {TINY-1.1: warning}\n"))
    applied = apply(report, config, TODAY)
    assert applied.failing(Severity.ERROR) == ()
    assert {f.rule for f in applied.failing(Severity.WARNING)} == {"TINY-1.1", "TINY-1.2"}
    assert report.findings[0].severity is Severity.ERROR  # the input is left as it was


def test_disable_drops_the_rule_from_the_rulebook_and_the_report(
        tmp_path: Path, checker: Checker, rulebook: Rulebook) -> None:
    config = load_config(write_config(tmp_path, "disable: [TINY-1.2]\n"))
    assert [r.id for r in enabled_rules(rulebook, config).rules] == ["TINY-1.1", "TINY-1.P1"]
    applied = apply(checked(checker, tmp_path), config, TODAY)
    assert set(statuses(applied)) == {"TINY-1.1", "TINY-1.P1"}


def test_attestation_turns_manual_into_attested(tmp_path: Path, checker: Checker) -> None:
    (tmp_path / "minutes.pdf").write_bytes(b"%PDF-1.4\n")
    config = load_config(write_config(tmp_path, """\
        attestations:
          - rule: TINY-1.P1
            statement: The committee reviewed the SECURE resources.
            evidence: minutes.pdf
            date: 2025-03-12
            by: Jordan Lee
        """))
    report = checked(checker, tmp_path)
    assert statuses(report)["TINY-1.P1"] is Status.MANUAL
    finding = {f.rule: f for f in apply(report, config, TODAY).findings}["TINY-1.P1"]
    assert finding.status is Status.ATTESTED
    assert finding.attestation is not None
    assert finding.attestation.by == "Jordan Lee"
    assert finding.attestation.evidence == "minutes.pdf"


def test_waiver_turns_a_gap_into_waived_with_its_reason(tmp_path: Path,
                                                        checker: Checker) -> None:
    config = load_config(write_config(tmp_path, "waivers:\n" + waiver("TINY-1.1", "*.txt")))
    applied = apply(checked(checker, tmp_path), config, TODAY)
    finding = {f.rule: f for f in applied.findings}["TINY-1.1"]
    assert finding.status is Status.WAIVED
    assert finding.waiver is not None
    assert finding.waiver.reason == "Renegotiating in 2025"
    assert finding.waiver.owner == "Jordan Lee"
    assert finding.reason.startswith("waived (was missing)")
    assert applied.failing(Severity.ERROR) == ()
    assert statuses(applied)["TINY-1.2"] is Status.MISSING  # other rules untouched
    assert waiver_warnings(config, [applied], TODAY) == ()


def test_a_waiver_applies_only_to_paths_its_glob_matches(tmp_path: Path,
                                                         checker: Checker) -> None:
    config = load_config(write_config(tmp_path, "waivers:\n"
                                      + waiver("TINY-1.1", "agreements/**/*.txt")))
    inside = apply(checked(checker, tmp_path, "agreements/2024/mou.txt"), config, TODAY)
    outside = apply(checked(checker, tmp_path, "drafts/mou.txt"), config, TODAY)
    assert statuses(inside)["TINY-1.1"] is Status.WAIVED
    assert statuses(outside)["TINY-1.1"] is Status.MISSING


def test_an_expired_waiver_stops_applying_and_is_reported(tmp_path: Path,
                                                          checker: Checker) -> None:
    config = load_config(write_config(tmp_path, "waivers:\n"
                                      + waiver("TINY-1.1", expires="2025-05-31")))
    report = checked(checker, tmp_path)
    on_expiry_day = apply(report, config, date(2025, 5, 31))
    assert statuses(on_expiry_day)["TINY-1.1"] is Status.WAIVED
    after = apply(report, config, TODAY)
    assert statuses(after)["TINY-1.1"] is Status.MISSING
    assert [f.rule for f in after.failing(Severity.ERROR)] == ["TINY-1.1"]
    (warning,) = waiver_warnings(config, [after], TODAY)
    assert warning.startswith("warning[waiver-expired]: ")
    assert ".secure-mou.yml:2: the waiver of TINY-1.1" in warning
    assert "expired on 2025-05-31" in warning


def test_a_waiver_that_matched_nothing_is_warned(tmp_path: Path, checker: Checker) -> None:
    config = load_config(write_config(
        tmp_path, "waivers:\n" + waiver("TINY-1.1") + waiver("TINY-1.2", "other.txt")))
    applied = apply(checked(checker, tmp_path), config, TODAY)
    (warning,) = waiver_warnings(config, [applied], TODAY)
    assert warning.startswith("warning[waiver-unused]: ")
    assert ".secure-mou.yml:3: the waiver of TINY-1.2 for 'other.txt'" in warning


def test_no_waivers_ignores_every_waiver(tmp_path: Path, checker: Checker) -> None:
    config = load_config(write_config(tmp_path, "waivers:\n" + waiver("TINY-1.1")))
    audited = apply(checked(checker, tmp_path), config, TODAY, use_waivers=False)
    assert statuses(audited)["TINY-1.1"] is Status.MISSING
    assert all(f.waiver is None for f in audited.findings)


def test_an_unreadable_document_is_left_as_it_is(tmp_path: Path, checker: Checker) -> None:
    config = load_config(write_config(tmp_path, "waivers:\n" + waiver("TINY-1.1")))
    report = checker.check_path(tmp_path / "missing.docx")
    assert apply(report, config, TODAY) == report


# --- choosing documents and today ---------------------------------------------------


@pytest.mark.parametrize(("pattern", "path", "expected"), [
    ("*.docx", "mou.docx", True),
    ("*.docx", "agreements/mou.docx", False),
    ("**/*.docx", "mou.docx", True),
    ("**/*.docx", "agreements/2024/mou.docx", True),
    ("agreements", "agreements/2024/mou.docx", True),
    ("drafts/**", "agreements/drafts.docx", False),
    ("mou-20[0-9][0-9].pdf", "mou-2019.pdf", True),
    ("mou-?.pdf", "mou-1.pdf", True),
])
def test_globs(pattern: str, path: str, expected: bool) -> None:
    assert glob_matches(pattern, path) is expected


def test_include_and_exclude_choose_documents_when_no_file_is_given(
        tmp_path: Path, monkeypatch) -> None:
    for name in ("agreements/a.docx", "agreements/b.pdf", "drafts/c.docx", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    config = load_config(write_config(tmp_path, """\
        include: ["**/*.docx", "**/*.pdf"]
        exclude: ["drafts"]
        """))
    monkeypatch.chdir(tmp_path)
    assert select_documents(config, []) == [Path("agreements/a.docx"), Path("agreements/b.pdf")]
    # A directory argument is filtered too; a file named explicitly is always checked.
    assert select_documents(config, ["drafts"]) == []
    assert select_documents(config, ["drafts/c.docx"]) == [Path("drafts/c.docx")]
    with pytest.raises(UsageError, match="no FILE given"):
        select_documents(Config(path=None, root=tmp_path), [])


def test_today_can_be_injected_for_expiry() -> None:
    assert today_from({"SECURE_MOU_TODAY": "2031-01-02"}) == date(2031, 1, 2)
    assert today_from({}) == date.today()
    with pytest.raises(UsageError, match="SECURE_MOU_TODAY"):
        today_from({"SECURE_MOU_TODAY": "next tuesday"})


def test_a_run_on_some_files_warns_only_of_waivers_it_could_have_used(
        tmp_path: Path, checker: Checker) -> None:
    config = load_config(write_config(
        tmp_path, "waivers:\n" + waiver("TINY-1.2", "other.txt")))
    applied = apply(checked(checker, tmp_path), config, TODAY)
    # pre-commit passes the changed files only: other.txt was simply not in this run
    assert waiver_warnings(config, [applied], TODAY, partial_run=True) == ()
    assert len(waiver_warnings(config, [applied], TODAY)) == 1
    # a rule left out of the run (--select) is not "unused" either
    narrowed = replace(applied, findings=tuple(f for f in applied.findings
                                               if f.rule != "TINY-1.2"))
    assert waiver_warnings(config, [narrowed], TODAY) == ()
