"""Help that teaches: no Python types, every option explained, an example per command,
descriptions not cut; and `explain` in the reader's words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from secure_mou.cli import app

SAMPLE = Path(__file__).resolve().parents[1] / "sample_mous" / "harbor-county-1998.docx"
COMMANDS = [[], ["check"], ["scan"], ["read"], ["explain"], ["init"], ["rules"],
            ["rules", "list"], ["rules", "show"], ["rules", "validate"], ["rules", "test"]]


def run(*args: str, width: int = 100) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(width)},
                                prog_name="secure-mou")
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "top")
def test_help_has_no_python_types_and_an_example(path: list[str]) -> None:
    text = run(*path, "--help")
    assert not re.search(r"<(list|str|int|path|Path)|range>|\{[A-Za-z_]+\}", text), text
    assert "Examples:" in text and "  secure-mou " in text.split("Examples:")[1]



def test_every_option_and_argument_has_help() -> None:
    def walk(cmd: object, name: str) -> list[str]:
        missing = [f"{name} {p.name}" for p in getattr(cmd, "params", [])
                   if not getattr(p, "help", None) and not getattr(p, "hidden", False)]
        for sub_name, sub in getattr(cmd, "commands", {}).items():
            missing += walk(sub, f"{name} {sub_name}")
        return missing

    assert walk(typer.main.get_command(app), "secure-mou") == []


def test_top_level_descriptions_are_whole_sentences() -> None:
    text = run("--help")
    commands = text.split("Commands:")[1].split("Examples:")[0]
    assert "..." not in commands
    assert "--install-completion" in text


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample agreements not in this checkout")
def test_explain_speaks_the_readers_words_within_the_terminal() -> None:
    text = run("explain", "SECURE-1.3", str(SAMPLE), width=80)
    assert "met[0]" not in text and "discipline_act" not in text
    assert "What meets the rule: the terms officer, discipline act and discipline" in text
    # the officer's duty to assist with the Code of Conduct is no administrator's duty
    assert "→ not counted: it requires it" in text and "actor officer" in text
    flag = run("explain", "SECURE-1.F1", str(SAMPLE), width=80)
    assert "→ counted: it requires it" in flag
    assert "Verdict: conflict — contradicted by SECURE-1.F1" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    verbose = run("explain", "SECURE-1.3", str(SAMPLE), "--verbose")
    assert "met[0]: all of officer, discipline_act, discipline" in verbose
