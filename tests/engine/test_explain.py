"""`secure-mou explain` shows the sentences considered, the polarity and why."""

import subprocess
import sys
from pathlib import Path

from .conftest import RULEBOOK


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "secure_mou", *args],
                          capture_output=True, text=True, check=False)


def test_explain_traces_polarity_and_verdict(tmp_path: Path) -> None:
    mou = tmp_path / "mou.txt"
    mou.write_text("1. Duties\n\nThe SRO shall patrol the grounds.\n\n"
                   "Nothing in this Agreement shall prevent the SRO from enforcing "
                   "school rules.\n", encoding="utf-8")
    # --verbose: the engine's own trace (the default retells it in the reader's words)
    result = run("explain", "T-PROHIBIT", str(mou), "--rules", str(RULEBOOK), "--rules-only",
                 "--verbose")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Nothing in this Agreement shall prevent the SRO" in out
    assert "cue 'shall' + 'nothing', 'prevent' -> permits" in out
    assert "final verdict: conflict" in out
    assert "contradicted by T-FLAG" in out


def test_explain_unknown_rule_is_a_usage_error(tmp_path: Path) -> None:
    mou = tmp_path / "mou.txt"
    mou.write_text("The SRO shall patrol.\n", encoding="utf-8")
    result = run("explain", "NOPE-1", str(mou), "--rules", str(RULEBOOK), "--rules-only")
    assert result.returncode == 2
    assert result.stderr.startswith("error[usage]: no rule 'NOPE-1'")
    assert "Traceback" not in result.stderr


def test_explain_unreadable_file_exits_3(tmp_path: Path) -> None:
    result = run("explain", "T-PROHIBIT", str(tmp_path / "absent.pdf"),
                 "--rules", str(RULEBOOK), "--rules-only")
    assert result.returncode == 3
    assert result.stderr.startswith("error[not_found]")
