"""The result cache: a document's report, keyed by what decides it.

A result depends on the document's bytes, the rulebook's content, the tool version and
the checklist, so the key is a hash of all four; editing a rule or upgrading secure-mou
misses the cache instead of serving stale verdicts. Entries are the JSON rows of
``records.scanned_json``, one file each under ``results/``, written atomically so a
scan killed mid-write never leaves a half entry behind.

The directory is ``platformdirs.user_cache_dir("secure-mou")``, or ``$SECURE_MOU_CACHE_DIR``
(tests and CI point it at a temporary directory).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .. import __version__
from ..cachedir import cache_root, make_private_dir

LAYOUT = "v1"  # bump when the entry format changes


class ResultCache:
    """Look up and store document results for one rulebook, version and checklist."""

    def __init__(self, rulebook_hash: str, checklist: str, root: Path | None = None,
                 version: str = __version__):
        self.root = (root or cache_root()) / LAYOUT / "results"
        self.salt = f"{rulebook_hash}:{version}:{checklist}"

    def _file(self, sha256: str) -> Path:
        key = hashlib.sha256(f"{sha256}:{self.salt}".encode()).hexdigest()
        return self.root / key[:2] / f"{key}.json"

    def get(self, sha256: str) -> dict[str, Any] | None:
        try:
            raw = json.loads(self._file(sha256).read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return None  # absent or damaged: either way, check the document again
        return raw if isinstance(raw, dict) and raw.get("sha256") == sha256 else None

    def put(self, sha256: str, entry: dict[str, Any]) -> None:
        """Store ``entry``; a cache that cannot be written only costs speed, never a scan."""
        target = self._file(sha256)
        try:
            make_private_dir(target.parent)
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entry, handle, ensure_ascii=False)
            os.replace(tmp, target)
        except OSError:
            return
