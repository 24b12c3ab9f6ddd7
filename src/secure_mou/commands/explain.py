"""``secure-mou explain RULE FILE``: why the tool decided what it decided."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..documents import read_document
from ..errors import SecureMouError
from ..pipeline import Checker, load_rules

HELP = """Show, for one rule and one agreement, which sentences were considered, which
terms matched, what polarity (requires / permits / prohibits / mentions) each got and
why, and how the verdict followed. Exit codes as for `check` (2 usage, 3 unreadable)."""


def register(app: typer.Typer) -> None:
    app.command("explain", help=HELP)(explain)


def explain(
    rule_id: Annotated[str, typer.Argument(metavar="RULE", help="A rule id, e.g. SECURE-1.3")],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The agreement.")],
    rules: Annotated[list[Path] | None, typer.Option("--rules")] = None,
    rules_only: Annotated[bool, typer.Option("--rules-only")] = False,
) -> None:
    try:
        checker = Checker(load_rules(rules or [], rules_only))
        rule = checker.rulebook.rule(rule_id)
        if rule is None:
            raise SecureMouError(f"no rule '{rule_id}'", hint="see `secure-mou rules list`",
                                 code="usage")
        document = read_document(file)
        analysis = checker.engine.analyse(document)  # once, for the verdict and its trace
        findings = {f.rule: f for f in checker.engine.check(document, analysis=analysis)}
        verdict, trace = checker.engine.explain(rule, document, analysis)
    except SecureMouError as err:
        typer.echo(err.one_line(), err=True)
        raise typer.Exit(err.exit_code) from None
    final = findings[rule.id]
    typer.echo(f"{rule.id}: {rule.title}  [{rule.kind}, {rule.severity}]")
    typer.echo(f"document: {file} ({document.format}, {len(document.blocks)} blocks)\n")
    typer.echo("\n".join(trace) if trace else "(no sentence holds this rule's terms)")
    typer.echo(f"\nverdict from this rule's own clauses: {verdict.status} — {verdict.reason}")
    if final.status.value != verdict.status:
        typer.echo(f"final verdict: {final.status.value} — {final.reason}")
    for ev in final.evidence:
        typer.echo(f"  evidence [{ev.location.describe()}] ({ev.polarity}) {ev.text}")
