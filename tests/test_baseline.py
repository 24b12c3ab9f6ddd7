"""Baselines and rule selection end to end, as a policy repository adopts the gate: a git
repository with a config and an agreement with many known gaps; the baseline is
created and committed, the gate passes against it, and fails again only when the
agreement gets worse."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from secure_mou.cli import app

CLAUSES = [
    "This Memorandum of Understanding is entered into by the Riverbend Unified School "
    "District (the District) and the Riverbend Police Department (the Department).",
    "1. The Department shall assign one School Resource Officer (SRO) to Riverbend High "
    "School.",
    "2. The SRO shall not be involved in school discipline; discipline is the "
    "responsibility of school administrators.",
    "3. The SRO shall complete training in de-escalation and adolescent development each "
    "year.",
    "Signed: Superintendent, Riverbend Unified School District. Chief of Police, Riverbend "
    "Police Department.",
]
RED_FLAG = "4. Teachers shall call the SRO for any disruption of class."


def agreement(path: Path, *extra: str) -> None:
    word = docx.Document()
    word.add_heading("Memorandum of Understanding", 0)
    for text in (*CLAUSES, *extra):
        word.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    word.save(str(path))


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    *args], cwd=repo, check=True, capture_output=True, timeout=60)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "policy"
    agreement(repo / "agreements" / "mou.docx")
    (repo / ".secure-mou.yml").write_text('include: ["agreements/*.docx"]\n', "utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "MOU as signed")
    monkeypatch.chdir(repo)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return repo


def check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def failing(report: str) -> list[str]:
    (document,) = json.loads(report)["documents"]
    return [f["rule"] for f in document["findings"]
            if f["status"] in ("partial", "missing", "conflict") and f["severity"] == "error"
            and not f["baselined"]]


def test_baseline_adopts_known_gaps_and_fails_only_on_new_or_worse(repo: Path) -> None:
    code, _, _ = check("-q")
    assert code == 1  # many known gaps: the gate fails as it stands

    code, _, err = check("-q", "--create-baseline", ".secure-mou-baseline.json")
    assert code == 0, err
    baseline = json.loads((repo / ".secure-mou-baseline.json").read_text("utf-8"))
    recorded = {(f["document"], f["rule"]): f["status"] for f in baseline["findings"]}
    assert recorded[("agreements/mou.docx", "SECURE-2.2")] == "missing"
    assert "SECURE-4.F1" not in {rule for _, rule in recorded}
    git(repo, "add", ".secure-mou-baseline.json")
    git(repo, "commit", "-q", "-m", "Adopt the SECURE gate with a baseline")

    code, out, err = check("-f", "json", "--baseline", ".secure-mou-baseline.json")
    assert code == 0, err
    assert failing(out) == []

    agreement(repo / "agreements" / "mou.docx", RED_FLAG)  # the amendment makes it worse
    git(repo, "commit", "-q", "-am", "Amendment 1")
    code, out, _ = check("-f", "json", "--baseline", ".secure-mou-baseline.json")
    assert code == 1
    assert set(failing(out)) == {"SECURE-4.F1", "SECURE-4.4"}  # the flag and what it breaks
    code, out, _ = check("--baseline", ".secure-mou-baseline.json")
    assert "known gap(s) in the baseline do not count" in " ".join(out.split())


def test_a_broken_baseline_is_a_configuration_error(repo: Path) -> None:
    (repo / "base.json").write_text("{not json", "utf-8")
    code, _, err = check("--baseline", "base.json")
    assert code == 2 and "error[config]: base.json: not a secure-mou baseline" in err
    code, _, err = check("--baseline", "absent.json")
    assert code == 2 and "create it with --create-baseline FILE" in err


def test_select_and_ignore_by_rule_id_or_step(repo: Path) -> None:
    code, out, _ = check("-f", "json", "--select", "SECURE-2,SECURE-1.3")
    rules = {f["rule"] for f in json.loads(out)["documents"][0]["findings"]}
    assert "SECURE-1.3" in rules and "SECURE-2.2" in rules
    assert all(r.startswith("SECURE-2.") or r == "SECURE-1.3" for r in rules)
    code, out, _ = check("-f", "json", "--ignore", "SECURE-4", "--ignore", "SECURE-5.1")
    rules = {f["rule"] for f in json.loads(out)["documents"][0]["findings"]}
    assert not any(r.startswith("SECURE-4.") for r in rules) and "SECURE-5.1" not in rules
    assert "SECURE-5.2" in rules
    code, _, err = check("--select", "SECURE-2.66")
    assert code == 2 and "--select SECURE-2.66: no rule" in err
