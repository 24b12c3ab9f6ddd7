"""Where secure-mou keeps what it can rebuild: scan results and compiled rulebooks.

``platformdirs.user_cache_dir("secure-mou")``, or ``$SECURE_MOU_CACHE_DIR`` when set
(tests and CI point it at a temporary directory). Deleting it is always safe.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "SECURE_MOU_CACHE_DIR"


def cache_root() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    import platformdirs  # imported only when something is cached

    return Path(platformdirs.user_cache_dir("secure-mou"))


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) readable by this user only (0700): cached
    results describe agreements that may not be public."""
    missing = []
    while not path.exists():  # mkdir(parents=True) would make the parents world-readable
        missing.append(path)
        path = path.parent
    for directory in reversed(missing):
        directory.mkdir(mode=0o700, exist_ok=True)
