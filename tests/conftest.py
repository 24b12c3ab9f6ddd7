"""Every test run keeps its caches (scan results, compiled rulebooks) in a temporary
directory, never in the user's cache."""

import os
import tempfile

os.environ.setdefault("SECURE_MOU_CACHE_DIR", tempfile.mkdtemp(prefix="secure-mou-test-cache-"))
