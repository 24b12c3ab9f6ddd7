"""`check --exemplars DIR`: real wording from agreements that meet the rule, per gap."""

import os
import subprocess
import sys
from pathlib import Path

GOOD = """MEMORANDUM OF UNDERSTANDING

4.3 The SRO shall not take part in school discipline and shall not enforce the student
code of conduct.
"""
DRAFT = """AGREEMENT

2.1 The SRO shall assist administrators in enforcing the student code of conduct.
"""


def test_exemplar_sentences_follow_the_report(tmp_path: Path) -> None:
    exemplars = tmp_path / "exemplars"
    exemplars.mkdir()
    (exemplars / "good.txt").write_text(GOOD, encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    env = {**os.environ, "SECURE_MOU_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "secure_mou", "check", str(draft), "--quiet",
         "--exemplars", str(exemplars)], capture_output=True, text=True, env=env,
        check=False)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "SECURE-1.3 SRO kept out of school discipline (draft: conflict)" in out
    # the flag borrows the language of the requirement it contradicts
    flag = out.split("SECURE-1.F1")[1]
    assert "shall not take part in school discipline" in flag
    assert "good.txt" in flag


def test_exemplars_needs_a_directory(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "secure_mou", "check", str(draft), "--exemplars",
         str(tmp_path / "absent")], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "error[usage]" in result.stderr and "Traceback" not in result.stderr
