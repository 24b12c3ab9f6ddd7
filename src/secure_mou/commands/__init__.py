"""One module per command; ``register`` adds each to the Typer app.

A command module exposes ``register(app)``. Modules import the pipeline, never ``cli``.
"""

from __future__ import annotations

import importlib

import typer

# Order is the order shown in --help.
COMMANDS = ("check", "annotate", "diff", "scan", "read", "explain", "rules", "init")


def register(app: typer.Typer) -> None:
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{name}":
                raise
            continue  # command not built yet
        module.register(app)
