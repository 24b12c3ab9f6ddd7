"""Finding the agreements to scan: directories, globs and files, each distinct file once.

Directories are walked recursively for .docx, .pdf, .txt and .md; hidden files and
directories and Office lock files (``~$name.docx``, left behind while Word has a file
open) are skipped and listed, so every file under a directory is accounted for. Files
with the same bytes (same sha256) become one ``Target`` with all their paths, so a
corpus with copies is analysed once per distinct agreement.
"""

from __future__ import annotations

import glob
import hashlib
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = (".docx", ".pdf", ".txt", ".md")
_GLOB_CHARS = frozenset("*?[")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Target:
    """A distinct file to check. ``sha256`` is None when the file cannot be opened; the
    reader then reports why (not found, permission denied) with its usual code."""

    sha256: str | None
    paths: tuple[str, ...]


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str  # "lock file" | "hidden" | "unsupported type"


@dataclass(frozen=True)
class Discovery:
    targets: tuple[Target, ...]
    skipped: tuple[Skipped, ...]


def file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _skip_reason(path: Path, root: Path) -> str | None:
    if any(p.startswith(".") for p in path.relative_to(root).parts[:-1]):
        return "in hidden directory"
    if path.name.startswith("~$"):
        return "lock file"
    if path.name.startswith("."):
        return "hidden"
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return "unsupported type"
    return None


def _walk(root: Path, files: list[Path], skipped: list[Skipped]) -> None:
    for found in sorted(root.rglob("*")):
        if not found.is_file():
            continue
        reason = _skip_reason(found, root)
        # Files inside hidden directories (.git, .venv) are noise, not survey data.
        if reason == "in hidden directory":
            continue
        if reason:
            skipped.append(Skipped(str(found), reason))
        else:
            files.append(found)


def _expand(raw: str, files: list[Path], skipped: list[Skipped]) -> None:
    path = Path(raw)
    if path.is_dir():
        _walk(path, files, skipped)
    elif not path.exists() and _GLOB_CHARS & set(raw):
        for match in sorted(glob.glob(raw, recursive=True)):
            _expand(match, files, skipped)
    elif path.name.startswith("~$"):
        skipped.append(Skipped(raw, "lock file"))
    else:
        # Named explicitly: the reader decides by content, and reports a missing file.
        files.append(path)


def discover(paths: list[str]) -> Discovery:
    """Every file to scan, grouped by content, in the order first seen."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for raw in paths:
        _expand(raw, files, skipped)
    groups: dict[str, list[str]] = {}
    order: list[Target | str] = []
    seen: set[str] = set()
    for path in files:
        shown = str(path)
        key = str(path.resolve()) if path.exists() else shown
        if key in seen:  # the same file named twice (a dir and a glob) is one path
            continue
        seen.add(key)
        sha = file_sha256(path)
        if sha is None:
            order.append(Target(None, (shown,)))
        elif sha in groups:
            groups[sha].append(shown)
        else:
            groups[sha] = [shown]
            order.append(sha)
    targets = tuple(item if isinstance(item, Target) else Target(item, tuple(groups[item]))
                    for item in order)
    return Discovery(targets=targets, skipped=tuple(skipped))
