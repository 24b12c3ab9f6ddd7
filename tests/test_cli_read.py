"""`secure-mou read`: what the checker saw, as text or JSON, and exit code 3 when unreadable."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
from typer.testing import CliRunner

from secure_mou.cli import app
from secure_mou.errors import EXIT_UNREADABLE

runner = CliRunner()


def agreement(tmp_path: Path) -> Path:
    word = docx.Document()
    word.add_heading("Roles and Responsibilities", level=1)
    word.add_paragraph("WHEREAS the parties share a duty of care;")
    word.add_paragraph("The SRO shall not administer school discipline.")
    path = tmp_path / "mou.docx"
    word.save(str(path))
    return path


def test_json_lists_blocks_with_locations(tmp_path: Path) -> None:
    result = runner.invoke(app, ["read", str(agreement(tmp_path)), "--format", "json"])
    assert result.exit_code == 0, result.output
    blocks = json.loads(result.stdout)
    assert blocks == [
        {"text": "Roles and Responsibilities", "kind": "heading",
         "location": {"page": None, "line": None, "paragraph": 1,
                      "section": "Roles and Responsibilities"}},
        {"text": "WHEREAS the parties share a duty of care;", "kind": "recital",
         "location": {"page": None, "line": None, "paragraph": 2,
                      "section": "Roles and Responsibilities"}},
        {"text": "The SRO shall not administer school discipline.", "kind": "paragraph",
         "location": {"page": None, "line": None, "paragraph": 3,
                      "section": "Roles and Responsibilities"}},
    ]


def test_text_output_shows_kind_location_and_text(tmp_path: Path) -> None:
    path = tmp_path / "mou.txt"
    path.write_text("SCOPE\n\nThe SRO shall patrol.\n", encoding="utf-8")
    result = runner.invoke(app, ["read", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{path}: text, 2 blocks")
    assert "[heading 1] line 1 (SCOPE)" in lines
    assert "[paragraph] line 3 (SCOPE)" in lines
    assert lines[lines.index("[paragraph] line 3 (SCOPE)") + 1] == "    The SRO shall patrol."


def test_unreadable_file_gives_one_line_error_and_exit_3(tmp_path: Path) -> None:
    legacy = tmp_path / "old.docx"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    result = runner.invoke(app, ["read", str(legacy)])
    assert result.exit_code == EXIT_UNREADABLE
    assert result.stdout == ""
    assert result.stderr.startswith("error[unsupported_format]: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_missing_file_is_exit_3_not_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["read", str(tmp_path / "missing.pdf")])
    assert result.exit_code == EXIT_UNREADABLE
    assert result.stderr.startswith("error[not_found]: ")


def test_help_names_the_exit_codes() -> None:
    result = runner.invoke(app, ["read", "--help"])
    assert result.exit_code == 0
    assert "Exit codes" in result.stdout and "3" in result.stdout
    assert "--format" in result.stdout


def test_installed_entry_point_reads_a_corrupt_docx_without_traceback(tmp_path: Path) -> None:
    whole = agreement(tmp_path).read_bytes()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(whole[: len(whole) // 2])
    exe = Path(sys.executable).with_name("secure-mou")
    done = subprocess.run([str(exe), "read", str(broken)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == EXIT_UNREADABLE
    assert done.stderr.startswith("error[corrupt]: ")
    assert "Traceback" not in done.stderr
