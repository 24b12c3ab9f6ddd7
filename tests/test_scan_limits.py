"""scan's per-document limits, symlinks and clean-up, on real files through the CLI.

A test-only hook makes a worker hold a document (``TEST_HOLD_ENV``) or grow its memory
(``TEST_BALLOON_ENV``), so the limits trip at a point the test controls; no assertion is
about time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from secure_mou.cachedir import CACHE_ENV
from secure_mou.scan.discover import discover
from secure_mou.scan.workers import TEST_BALLOON_ENV, TEST_HOLD_ENV

from .test_scan import GOOD, RULES, WEAK

ENTRY = Path(sys.executable).parent / "secure-mou"
HANG_GUARD = 120


@pytest.fixture()
def rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "tiny.yaml").write_text(RULES, encoding="utf-8")
    return folder


def batch(tmp_path: Path, *odd: str) -> Path:
    root = tmp_path / "batch"
    root.mkdir()
    for name in ("a.txt", "b.txt"):
        (root / name).write_text("\n\n".join([*GOOD, f"Copy {name}."]), encoding="utf-8")
    for name in odd:
        (root / name).write_text("\n\n".join(WEAK), encoding="utf-8")
    return root


def scan(root: Path, rules: Path, tmp_path: Path, *options: str,
         env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess[str],
                                                      dict[str, dict]]:
    out = tmp_path / "s.jsonl"
    done = subprocess.run(
        [str(ENTRY), "scan", str(root), "-j", "2", "--rules-only", "--rules", str(rules),
         "--jsonl", str(out), *options], capture_output=True, text=True, timeout=HANG_GUARD,
        env={**os.environ, CACHE_ENV: str(tmp_path / "cache"), **(env or {})})
    rows = {Path(r["path"]).name: r for r in map(json.loads, out.read_text().splitlines())}
    return done, rows


def test_a_document_over_the_time_limit_is_a_timeout_and_costs_only_itself(
        rules: Path, tmp_path: Path) -> None:
    root = batch(tmp_path, "slow.txt")
    done, rows = scan(root, rules, tmp_path, "--timeout", "1",
                      env={TEST_HOLD_ENV: "slow.txt"})
    assert done.returncode == 0, done.stderr
    assert rows["slow.txt"]["error"]["code"] == "timeout"
    assert "--timeout" in rows["slow.txt"]["error"]["message"]
    assert rows["a.txt"]["score"] == rows["b.txt"]["score"] == 1.0
    # Not cached: without the hold the same bytes are checked, and pass.
    done, rows = scan(root, rules, tmp_path)
    assert rows["slow.txt"]["error"] is None and rows["slow.txt"]["cached"] is False
    assert rows["a.txt"]["cached"] is True


def test_a_document_over_the_memory_limit_is_too_large(rules: Path, tmp_path: Path) -> None:
    root = batch(tmp_path, "huge.txt")
    done, rows = scan(root, rules, tmp_path, "--max-memory", "700",
                      env={TEST_BALLOON_ENV: "huge.txt"})
    assert done.returncode == 0, done.stderr
    assert rows["huge.txt"]["error"]["code"] == "too_large"
    assert "700 MB" in rows["huge.txt"]["error"]["message"]
    assert rows["a.txt"]["score"] == rows["b.txt"]["score"] == 1.0


def test_symlinks_are_followed_once_and_every_entry_is_accounted_for(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text("The SRO shall complete training.", encoding="utf-8")
    (root / "sub" / "loop").symlink_to(root)  # back to the top: a loop
    (root / "gone.txt").symlink_to(tmp_path / "missing.txt")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_text("The SRO shall be trained.", encoding="utf-8")
    (root / "linked").symlink_to(elsewhere)
    found = discover([str(root)])
    paths = {Path(p).relative_to(root).as_posix() for t in found.targets for p in t.paths}
    assert paths == {"gone.txt", "linked/b.txt", "sub/a.txt"}
    [gone] = [t for t in found.targets if t.paths[0].endswith("gone.txt")]
    assert gone.sha256 is None  # the reader reports it as not_found
    assert [(Path(s.path).name, s.reason) for s in found.skipped] == [
        ("loop", "symlink loop or directory already scanned")]


def test_a_dangling_link_is_reported_not_found_and_no_pymp_dir_is_left(
        rules: Path, tmp_path: Path) -> None:
    root = batch(tmp_path)
    (root / "gone.txt").symlink_to(tmp_path / "missing.txt")
    # a short directory: multiprocessing's forkserver puts a Unix socket in it, and
    # socket paths are limited to 108 bytes (pytest's own tmp_path can be longer)
    temp = Path(tempfile.mkdtemp(prefix="sm-"))
    done, rows = scan(root, rules, tmp_path, env={"TMPDIR": str(temp)})
    assert done.returncode == 0, done.stderr
    assert rows["gone.txt"]["error"]["code"] == "not_found"
    assert sorted(p.name for p in temp.iterdir() if p.name.startswith("pymp-")) == []
