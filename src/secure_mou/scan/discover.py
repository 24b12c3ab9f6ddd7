"""Finding the agreements to scan: directories, globs and files, each distinct file once.

Directories are walked recursively for .docx, .pdf, .txt and .md, following symbolic
links once (a loop is listed, a link to nothing is reported as not found); hidden files and
directories and Office lock files (``~$name.docx``, left behind while Word has a file
open) are skipped and listed, so every file under a directory is accounted for. Files
with the same bytes (same sha256) become one ``Target`` with all their paths, so a
corpus with copies is analysed once per distinct agreement.
"""

from __future__ import annotations

import glob
import hashlib
import os
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
    reason: str  # "lock file" | "hidden" | "unsupported type" | "symlink loop ..." | ...


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


def _skip_reason(path: Path) -> str | None:
    if path.name.startswith("~$"):
        return "lock file"
    if path.name.startswith("."):
        return "hidden"
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return "unsupported type"
    return None


def _walk(root: Path, files: list[Path], skipped: list[Skipped]) -> None:
    """Depth first, names sorted (the order of ``sorted(root.rglob("*"))``), following
    symbolic links once: a directory reached again (a link loop, or two links to one
    place) is listed as skipped, and a link to nothing is kept for the reader to report
    as ``not_found``, so every entry under ``root`` is accounted for."""
    seen: set[tuple[int, int]] = set()

    def visit(directory: Path) -> None:
        try:
            info = directory.stat()
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as err:
            skipped.append(Skipped(str(directory), f"unreadable directory ({err.strerror})"))
            return
        if (info.st_dev, info.st_ino) in seen:
            skipped.append(Skipped(str(directory), "symlink loop or directory already scanned"))
            return
        seen.add((info.st_dev, info.st_ino))
        for entry in entries:
            found = Path(entry.path)
            try:
                is_dir, is_file = entry.is_dir(), entry.is_file()
            except OSError:  # a link loop: neither a file nor a directory
                is_dir = is_file = False
            if is_dir:
                # Files inside hidden directories (.git, .venv) are noise, not survey data.
                if not entry.name.startswith("."):
                    visit(found)
            elif is_file or entry.is_symlink():
                reason = _skip_reason(found)
                if reason:
                    skipped.append(Skipped(str(found), reason))
                else:
                    files.append(found)
            else:
                skipped.append(Skipped(str(found), "not a regular file"))

    visit(root)


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
