"""The composite action's argument handling, run with the real bash: paths with spaces
and globs, extra arguments one per line; and the pre-commit hook's file pattern."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def check_step() -> str:
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    (step,) = [s for s in action["runs"]["steps"] if s.get("id") == "check"]
    return str(step["run"])


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_paths_survive_spaces_globs_expand_and_args_pass_one_per_line(tmp_path: Path) -> None:
    for name in ("MOU final (signed).pdf", "a.docx", "sub/b.docx"):
        (tmp_path / "agreements" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "agreements" / name).write_bytes(b"")
    echo = tmp_path / "secure-mou"
    echo.write_text('#!/bin/bash\nfor a in "$@"; do echo "[$a]"; done\n', encoding="utf-8")
    echo.chmod(0o755)
    env = dict(os.environ, SECURE_MOU_BIN=str(echo), GITHUB_OUTPUT=str(tmp_path / "out"),
               INPUT_PATHS="agreements/MOU final (signed).pdf\n  agreements/**/*.docx \n\n"
                           "missing/*.pdf\n",
               INPUT_CHECKLIST="", INPUT_FAIL_ON="warning", INPUT_CONFIG="",
               INPUT_ARGS="--rules\nrules/my district\n--no-waivers\n",
               INPUT_SARIF="secure-mou.sarif")
    done = subprocess.run(["bash", "-e", "-c", check_step()], cwd=tmp_path, env=env,
                          text=True, capture_output=True, check=True, timeout=60)
    assert re.findall(r"\[(.*)\]", done.stdout) == [
        "check", "--sarif-output", "secure-mou.sarif", "--fail-on", "warning",
        "--rules", "rules/my district", "--no-waivers", "--",
        "agreements/MOU final (signed).pdf", "agreements/a.docx", "agreements/sub/b.docx",
        "missing/*.pdf"]
    assert (tmp_path / "out").read_text("utf-8") == "exit-code=0\n"


def test_action_keeps_the_jobs_python_and_caches_pip() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    steps = action["runs"]["steps"]
    python = next(s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python"))
    assert python["with"]["update-environment"] is False
    assert any(str(s.get("uses", "")).startswith("actions/cache") for s in steps)
    assert "args" in action["inputs"]


def test_pre_commit_takes_upper_case_extensions_and_is_quiet() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    pattern = re.compile(hook["files"])
    assert pattern.search("agreements/MOU.PDF") and pattern.search("Agreement.Docx")
    assert not pattern.search("notes.txt")
    assert hook["args"] == ["--quiet"]
