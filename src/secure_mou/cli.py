"""The command-line entry point. Thin: each command lives in ``secure_mou.commands``."""

from __future__ import annotations

import os
import sys

import typer

from . import __version__
from .commands import register
from .commands.helptext import TeachingGroup
from .errors import SecureMouError

HELP = """Check a school-police MOU against the federal SECURE rubric (ED/DOJ, 2016).

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage,
configuration or rulebook error; 3 a document could not be read.
"""

app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=True, cls=TeachingGroup,
                  pretty_exceptions_enable=False, rich_markup_mode=None)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"secure-mou {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """secure-mou."""


register(app)


def main() -> None:
    code = 0
    try:
        app(prog_name="secure-mou")
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except SecureMouError as err:  # defensive: commands convert these themselves
        typer.echo(err.one_line(), err=True)
        code = err.exit_code
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `secure-mou check ... | head`
        pass
    if (mp_util := sys.modules.get("multiprocessing.util")) is not None:
        # os._exit skips atexit, where multiprocessing stops scan's fork server and
        # deletes its pymp-* directory from the temp directory: run that hook here.
        mp_util._exit_function()
    # Every file this process writes is closed by now; skipping the interpreter's
    # teardown of spaCy's objects saves a quarter of a second on every run.
    os._exit(code)
