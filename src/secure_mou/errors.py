"""Typed errors a user can cause, each with a stable code and a process exit code.

A traceback is always a bug: everything a user can get wrong (a bad file, a bad rule,
a bad config) raises one of these, and the CLI prints ``error[code]: message`` and exits
with ``exit_code``.
"""

from __future__ import annotations

# Exit codes, documented in README and --help.
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3


class SecureMouError(Exception):
    """Base class: ``code`` is stable public API (it appears in JSON/SARIF/CSV)."""

    code = "error"
    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, hint: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code is not None:
            self.code = code

    def one_line(self) -> str:
        text = f"error[{self.code}]: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class DocumentError(SecureMouError):
    """A document could not be read. Codes: not_found, permission_denied,
    unsupported_format, encrypted, no_text_layer, corrupt, too_large, empty (and, from
    ``scan``'s limits, timeout)."""

    exit_code = EXIT_UNREADABLE

    def __init__(self, code: str, message: str, *, hint: str | None = None):
        super().__init__(message, hint=hint, code=code)


def too_many_chars(shown: object, max_chars: int) -> DocumentError:
    """The ``too_large`` error for a document over the character cap (one wording for
    every reader)."""
    return DocumentError("too_large", f"{shown}: more than {max_chars:,} characters of text",
                         hint="split it; `scan --max-chars` raises the limit")


class RulebookError(SecureMouError):
    """A rule file is invalid; the message names the file, line and field."""

    code = "rulebook"


class ConfigError(SecureMouError):
    """The configuration file (.secure-mou.yml) is invalid."""

    code = "config"


class UsageError(SecureMouError):
    """The command line asks for something that cannot be done."""

    code = "usage"
