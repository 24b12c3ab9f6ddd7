"""``secure-mou init [--force]``: write a commented starter ``.secure-mou.yml``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..config import CONFIG_NAME
from ..errors import SecureMouError, UsageError

HELP = f"""Write a commented starter {CONFIG_NAME} in the working directory.

Refuses to overwrite an existing file unless --force is given (exit 2).
"""

# Valid as written (tests load it), with the optional settings shown commented out so a
# district sees every knob and why it would turn it.
STARTER = """\
# secure-mou configuration: `secure-mou check` finds this file from the working
# directory upward. Paths and globs are relative to this file's directory.
# Command-line options override these settings.

# Which rubric checklist to apply: start (Checklist to Start), improve or all.
checklist: all

# Exit 1 when a gap or conflict of this severity or higher is found:
# error, warning, info or never.
fail_on: error

# The agreements to check when `secure-mou check` is run with no FILE (and the filter
# applied to directories given on the command line). `**` spans directories.
include:
  - "**/*.docx"
  - "**/*.pdf"
exclude:
  - "drafts/**"

# Local rulebooks added to the default SECURE rulebook (see docs/writing-rules.md);
# rules_only: true would use them alone.
# rules:
#   - rules/district

# Rules not to run, and severity overrides (error, warning, info).
# disable:
#   - SECURE-1.6
# severity:
#   SECURE-1.5: warning

# Process steps no agreement text can prove (SECURE-*.P*) are reported `manual` until
# attested here. Every field is required; evidence is a link or a file.
# attestations:
#   - rule: SECURE-1.P2
#     statement: The drafting committee reviewed the ED/DOJ SECURE resources.
#     evidence: https://example.org/board/minutes/2024-03-12
#     date: 2024-03-12
#     by: Jordan Lee, Director of Student Services

# Known gaps accepted for a while, with a reason, an owner and an expiry date. A waived
# finding is reported `waived`, not hidden; after `expires` the gap counts again.
# `secure-mou check --no-waivers` ignores every waiver (an audit).
# waivers:
#   - rule: SECURE-2.6
#     path: agreements/current-mou.docx
#     reason: Disaggregated data reporting is being negotiated for the 2025 renewal.
#     owner: Jordan Lee
#     expires: 2025-08-01
"""


def register(app: typer.Typer) -> None:
    app.command("init", help=HELP)(init)


def init(
    force: Annotated[bool, typer.Option(
        "--force", help=f"Overwrite an existing {CONFIG_NAME}.")] = False,
) -> None:
    target = Path.cwd() / CONFIG_NAME
    try:
        if target.exists() and not force:
            raise UsageError(f"{target} already exists", hint="use --force to overwrite it")
        try:
            target.write_text(STARTER, encoding="utf-8")
        except OSError as err:
            raise UsageError(f"{target}: cannot write: {err.strerror}") from None
    except SecureMouError as err:
        typer.echo(err.one_line(), err=True)
        raise typer.Exit(err.exit_code) from None
    typer.echo(f"wrote {target}")
