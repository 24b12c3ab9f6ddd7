"""End to end, as a policy repository's CI runs it: the installed ``secure-mou`` command in
a git repository holding a config and a deficient agreement.

The gate must fail on the agreement, pass once its failing gaps are waived, and fail
again when the waivers expire. The failing rule ids come from a first JSON run, so the
test holds while the default rulebook grows.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import jsonschema
import pytest

from secure_mou.reporters.json import report_schema

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_mous" / "harbor-county-1998.docx"
MOU = "agreements/harbor-county-1998.docx"
EXPIRES = "2030-01-01"
CONFIG = """\
include: ["agreements/**/*.docx"]
exclude: ["agreements/drafts"]
fail_on: error
"""


def command() -> list[str]:
    installed = Path(sys.executable).parent / "secure-mou"
    if installed.exists():
        return [str(installed)]
    return [str(ROOT / ".venv" / "bin" / "secure-mou")]


def deficient_agreement(target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if SAMPLE.exists():
        shutil.copy(SAMPLE, target)
        return
    word = docx.Document()
    word.add_heading("Duties of the School Resource Officer", level=1)
    word.add_paragraph("The SRO shall assist administrators in enforcing the code of conduct.")
    word.save(str(target))


def secure_mou(repo: Path, *args: str, today: str = "2029-12-31",
               github: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    env["SECURE_MOU_TODAY"] = today
    if github:
        env["GITHUB_ACTIONS"] = "true"
    return subprocess.run([*command(), "check", *args], cwd=repo, env=env, text=True,
                          capture_output=True, timeout=300, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "policy-repo"
    repo.mkdir()
    deficient_agreement(repo / MOU)
    (repo / ".secure-mou.yml").write_text(CONFIG, encoding="utf-8")
    if shutil.which("git"):
        git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
        subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
        subprocess.run([*git, "add", "."], cwd=repo, check=True)
        subprocess.run([*git, "commit", "-q", "-m", "MOU"], cwd=repo, check=True)
    return repo


def valid_report(text: str) -> dict:
    data = json.loads(text)
    errors = [e.message for e in jsonschema.Draft202012Validator(report_schema())
              .iter_errors(data)]
    assert errors == []
    return data


def test_gate_fails_passes_with_waivers_and_fails_again_when_they_expire(repo: Path) -> None:
    first = secure_mou(repo, "--format", "json")
    assert first.returncode == 1, first.stderr
    (document,) = valid_report(first.stdout)["documents"]
    assert document["path"] == MOU  # chosen by the config's include, shown repo-relative
    failing = [f["rule"] for f in document["findings"]
               if f["status"] in ("partial", "missing", "conflict")
               and f["severity"] == "error"]
    assert "SECURE-1.3" in failing

    waivers = "".join(
        f"  - rule: {rule}\n    path: {MOU}\n    reason: Renegotiating the MOU in 2029\n"
        f"    owner: Jordan Lee\n    expires: {EXPIRES}\n" for rule in failing)
    (repo / ".secure-mou.yml").write_text(CONFIG + "waivers:\n" + waivers, encoding="utf-8")

    passing = secure_mou(repo, "--json-output", "out/report.json",
                         "--sarif-output", "out/report.sarif")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "waiver-expired" not in passing.stderr
    report = valid_report((repo / "out" / "report.json").read_text("utf-8"))
    waived = {f["rule"]: f for f in report["documents"][0]["findings"]
              if f["status"] == "waived"}
    assert set(waived) == set(failing)
    assert waived["SECURE-1.3"]["waiver"] == {
        "reason": "Renegotiating the MOU in 2029", "owner": "Jordan Lee", "expires": EXPIRES}
    assert report["summary"]["failed"] == 0
    sarif = json.loads((repo / "out" / "report.sarif").read_text("utf-8"))
    assert sarif["version"] == "2.1.0"

    audit = secure_mou(repo, "--no-waivers", "-q")
    assert audit.returncode == 1

    expired = secure_mou(repo, today="2030-01-02", github=True)
    assert expired.returncode == 1
    assert expired.stderr.count("warning[waiver-expired]") == len(failing)
    # Inside GitHub Actions the default output is workflow annotations on the file.
    assert f"file={MOU}" in expired.stdout
    assert expired.stdout.startswith("::")
    # ... within GitHub's 10 per level and step, the waiver warnings among them
    assert expired.stdout.count("::warning ") <= 10 and expired.stdout.count("::error ") <= 10
    assert "title=waiver-expired::" in expired.stdout


def test_job_summary_is_written_when_github_offers_one(repo: Path, tmp_path: Path) -> None:
    summary = tmp_path / "step_summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary))
    done = subprocess.run([*command(), "check"], cwd=repo, env=env, text=True,
                          capture_output=True, timeout=300, check=False)
    assert done.returncode == 1, done.stderr
    text = summary.read_text("utf-8")
    assert text.startswith("earlier step\n## secure-mou: SECURE rubric check")
    assert "| agreements/harbor-county-1998.docx | fails |" in text
    assert len(text) < 60_000


def test_a_config_mistake_is_exit_2_with_its_line(repo: Path) -> None:
    (repo / ".secure-mou.yml").write_text(
        CONFIG + "disable:\n  - SECURE-1.3\n  - SECURE-13\n", encoding="utf-8")
    result = secure_mou(repo, MOU)
    assert result.returncode == 2
    assert result.stderr.startswith("error[config]: .secure-mou.yml:6: disable[1]: "
                                    "unknown rule 'SECURE-13'")
