"""Help that teaches: plain placeholders, an example per command, descriptions uncut.

Typer prints Python types beside every argument (``FILE <list[str]>``, ``<int range>``)
and braces around required ones (``{RULE}``), and click cuts each command's
description in the command list at 45 characters. ``teach`` walks the built click
command tree once and fixes all three in one place, so every command (including ones
registered by other modules) reads the same way; ``EXAMPLES`` gives each an epilog.
"""

from __future__ import annotations

import re
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

# "\b" keeps click from re-wrapping the lines that follow it.
EXAMPLES: dict[str, str] = {
    "secure-mou": """\
secure-mou check mou.docx                  the report, in the order to fix
secure-mou explain SECURE-1.3 mou.docx     why one rule got its verdict
secure-mou scan agreements/ --csv-output scan.csv""",
    "check": """\
secure-mou check mou.docx
secure-mou check mou.pdf --checklist start --verbose
secure-mou check a.docx b.pdf -f markdown -o comment.md --fail-on warning
secure-mou check --create-baseline base.json     (then: --baseline base.json)
secure-mou check mou.docx --select SECURE-2,SECURE-1.3""",
    "scan": """\
secure-mou scan agreements/ --csv-output scan.csv --html-output scan.html
secure-mou scan agreements/ --jsonl-output scan.jsonl -j 2
secure-mou scan agreements/ --resume scan.jsonl""",
    "read": """\
secure-mou read mou.pdf
secure-mou read mou.docx --format json""",
    "explain": """\
secure-mou explain SECURE-1.3 mou.docx
secure-mou explain SECURE-2.4 mou.pdf --verbose""",
    "init": """\
secure-mou init
secure-mou init --force""",
    "rules": """\
secure-mou rules list
secure-mou rules show SECURE-2.4
secure-mou rules test rules/district""",
    "list": "secure-mou rules list --format json",
    "show": "secure-mou rules show SECURE-1.F1",
    "validate": "secure-mou rules validate rules/district",
    "test": "secure-mou rules test rules/district",
}

_SENTENCE = re.compile(r"^(.+?[.:])(?:\s|$)", re.DOTALL)


class PlainArgument(TyperArgument):
    """An argument shown by its placeholder alone: ``FILE...``, not
    ``FILE <list[str]>``; ``RULE``, not ``{RULE}``."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw.upper().rstrip(".")
        if self.nargs != 1:
            name += "..."
        return name if self.required else f"[{name}]"

    def _rich_display_name(self) -> str:
        return self._usage_display_name()


def placeholder(option: TyperOption) -> str:
    """``FILE``, ``DIR``, ``N``, ``start|improve|all``: what to type, not its type."""
    desc = option.type_descriptor
    if option.name and "rules" in option.name:
        return "DIR"
    if desc.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in desc.choices or ())
    if desc.is_path:
        return "FILE"
    if desc.is_ranged or "int" in str(desc.annotation):
        return "N"
    return "TEXT"


def first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    found = _SENTENCE.match(flat)
    return found.group(1).rstrip(":") + ("" if found.group(1).endswith(".") else ".") \
        if found else flat


def teach(command: Any, name: str = "secure-mou") -> Any:
    """Fix placeholders, short help and examples across the whole command tree (a
    ``TyperGroup`` or ``TyperCommand``: typer carries its own copy of click)."""
    assert isinstance(command, TyperCommand | TyperGroup)
    for param in command.params:
        if isinstance(param, TyperArgument) and not isinstance(param, PlainArgument):
            param.__class__ = PlainArgument  # same state, plainer help
        elif isinstance(param, TyperOption) and not param.is_flag and param.metavar is None:
            param.metavar = placeholder(param)
    if command.help and not command.short_help:
        command.short_help = first_sentence(command.help)
    if name in ("secure-mou", "main", "cli", "root") and not command.epilog:
        name = "secure-mou"
    if name in EXAMPLES and not command.epilog:
        lines = EXAMPLES[name].splitlines()
        command.epilog = "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
    if isinstance(command, TyperGroup):
        for sub_name, sub in command.commands.items():
            teach(sub, sub_name)
    return command


class TeachingGroup(TyperGroup):
    """The root command group: teaches its whole tree before it runs, so help reads the
    same from the installed command and from ``typer.testing.CliRunner``."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        teach(self, self.name or "secure-mou")
        return super().main(*args, **kwargs)
