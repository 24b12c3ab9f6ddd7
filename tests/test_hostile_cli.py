"""Hostile config, rule and cache files through the installed CLI: exit 2 with a message,
never a hang, a traceback or code run from the cache. Subprocess timeouts only guard
against a hang; no test asserts on time."""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from secure_mou.cachedir import CACHE_ENV
from secure_mou.errors import RulebookError
from secure_mou.rulebook.loader import load_rulebook

ENTRY = Path(sys.executable).parent / "secure-mou"
HANG_GUARD = 60

BOMB = "\n".join(
    ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]"
       for prev, name in zip("abcdefgh", "bcdefghi", strict=True)]) + "\n"

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
        - all: [officer]
termsets:
  officer: [SRO]
"""


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ENTRY), *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=HANG_GUARD, env=env)


def test_an_alias_bomb_config_found_in_the_working_directory_exits_2(tmp_path: Path) -> None:
    (tmp_path / ".secure-mou.yml").write_text(BOMB, encoding="utf-8")
    (tmp_path / "a.txt").write_text("The SRO shall complete training.", encoding="utf-8")
    done = run("check", "a.txt", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "error[config]" in done.stderr and "expands to more than" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_alias_bomb_rule_file_exits_2_in_rules_validate(tmp_path: Path) -> None:
    (tmp_path / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    done = run("rules", "validate", tmp_path / "bomb.yaml", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "bomb.yaml" in done.stderr and "expands to more than" in done.stderr


def test_a_config_over_1_mb_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big.yml").write_text("# padding\n" * 120_000, encoding="utf-8")
    (tmp_path / "a.txt").write_text("The SRO shall complete training.", encoding="utf-8")
    done = run("check", "--config", "big.yml", "a.txt", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "1,048,576-byte limit" in done.stderr


def test_check_with_nothing_to_check_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.csv").write_text("a,b\n", encoding="utf-8")
    done = run("check", "empty", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "nothing to check" in done.stderr


class _Planted:
    """Unpickling this runs ``os.system``: what an attacker would plant."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_cache_entry_never_runs_and_is_rebuilt(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text(RULE, encoding="utf-8")
    first = load_rulebook([rules])
    [entry] = (cache / "rulebooks").glob("*.json")
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Planted(marker))
    entry.write_bytes(payload)  # over the real entry
    entry.with_suffix(".pickle").write_bytes(payload)  # where older versions looked

    again = load_rulebook([rules])
    assert again == first
    assert not marker.exists()
    assert "warning[cache]" in capsys.readouterr().err
    assert load_rulebook([rules]) == first  # the rebuilt entry is good again
    assert "warning[cache]" not in capsys.readouterr().err


def test_cache_directories_are_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "fresh" / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text(RULE, encoding="utf-8")
    load_rulebook([rules])
    for directory in (tmp_path / "fresh", cache, cache / "rulebooks"):
        assert stat.S_IMODE(directory.stat().st_mode) & 0o077 == 0, directory


def test_a_cache_entry_for_other_files_is_not_trusted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text(RULE, encoding="utf-8")
    load_rulebook([rules])
    [entry] = (tmp_path / "cache" / "rulebooks").glob("*.json")
    entry.write_text('{"layout": "rulebook-json-v1", "files": [{"path": "/elsewhere", '
                     '"data": {}, "lines": []}]}', encoding="utf-8")
    assert load_rulebook([rules]).rules[0].id == "X-1"
    (rules / "r.yaml").write_text(RULE.replace("[SRO]", "[]"), encoding="utf-8")
    with pytest.raises(RulebookError):  # a changed file is parsed again, never cached
        load_rulebook([rules])
