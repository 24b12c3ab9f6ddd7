"""``secure-mou rules list|show|validate|test``: inspect and test rulebooks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..engine import Engine
from ..errors import EXIT_FINDINGS, SecureMouError
from ..pipeline import load_rules
from ..rulebook.loader import load_rulebook
from ..rulebook.model import Rule
from ..rulebook.selftest import run_examples

rules_app = typer.Typer(help="List, show, validate and test rules.", no_args_is_help=True)

RulesOpt = Annotated[list[Path] | None, typer.Option(
    "--rules", help="A local rulebook directory added to the default (repeatable).")]
RulesOnlyOpt = Annotated[bool, typer.Option(
    "--rules-only", help="Use only the --rules rulebooks.")]


def register(app: typer.Typer) -> None:
    app.add_typer(rules_app, name="rules")


def _fail(err: SecureMouError) -> typer.Exit:
    typer.echo(err.one_line(), err=True)
    return typer.Exit(err.exit_code)


def _summary(rule: Rule) -> dict[str, object]:
    return {"id": rule.id, "title": rule.title, "step": rule.step,
            "checklist": rule.checklist, "kind": rule.kind, "severity": rule.severity,
            "source": rule.source, "contradicts": rule.contradicts,
            "examples": rule.examples.count}


@rules_app.command("list")
def list_rules(
    output_format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    rules: RulesOpt = None, rules_only: RulesOnlyOpt = False,
) -> None:
    """List every rule: id, step, checklist, kind, severity and title."""
    try:
        rulebook = load_rules(rules or [], rules_only)
    except SecureMouError as err:
        raise _fail(err) from None
    if output_format == "json":
        typer.echo(json.dumps([_summary(r) for r in rulebook.rules], indent=2))
        return
    for r in rulebook.rules:
        typer.echo(f"{r.id:<13} {r.step}  {r.checklist:<7} {r.kind:<8} {r.severity:<7} "
                   f"{r.title}")
    typer.echo(f"{len(rulebook.rules)} rules in {rulebook.name} {rulebook.version}")


@rules_app.command("show")
def show(rule_id: Annotated[str, typer.Argument(
        metavar="RULE", help="A rule id, e.g. SECURE-2.4 (see `secure-mou rules list`).")],
         rules: RulesOpt = None, rules_only: RulesOnlyOpt = False) -> None:
    """Show one rule: what it decides, where it comes from, model language, examples."""
    try:
        rulebook = load_rules(rules or [], rules_only)
    except SecureMouError as err:
        raise _fail(err) from None
    rule = rulebook.rule(rule_id)
    if rule is None:
        raise _fail(SecureMouError(f"no rule '{rule_id}'",
                                   hint="see `secure-mou rules list`", code="usage"))
    typer.echo(f"{rule.id}: {rule.title}")
    typer.echo(f"step {rule.step} · checklist {rule.checklist} · {rule.kind} · "
               f"{rule.severity}" + (f" · contradicts {rule.contradicts}"
                                     if rule.contradicts else ""))
    typer.echo(f"source: {rule.source}\n\n{rule.message}\n\nModel language:\n"
               f"  {rule.remediation}\n\nExamples:")
    for status, text in rule.examples.by_status():
        typer.echo(f"  [{status}] {text}")
    typer.echo(f"\ndefined at {rule.origin}")


@rules_app.command("validate")
def validate(path: Annotated[list[Path], typer.Argument(help="Rule directories or files.")]
             ) -> None:
    """Validate rule files against the rule schema and compile their patterns
    (exit 2 with file:line on error)."""
    try:
        rulebook = load_rulebook(list(path))
        Engine(rulebook)  # compiles every phrase and token pattern
    except SecureMouError as err:
        raise _fail(err) from None
    typer.echo(f"ok: {len(rulebook.rules)} rules, {len(rulebook.termsets)} term sets")


@rules_app.command("test")
def test(
    path: Annotated[list[Path] | None, typer.Argument(
        help="Rulebook directories to test (default: the default rulebook).")] = None,
    only: Annotated[str | None, typer.Option("--rule", help="Test only this rule id.")] = None,
) -> None:
    """Run every rule's examples and report each failure (exit 1 if any fails)."""
    try:
        rulebook = load_rules(path or [], rules_only=bool(path))
        engine = Engine(rulebook)
    except SecureMouError as err:
        raise _fail(err) from None
    selected = tuple(r for r in rulebook.rules if only in (None, r.id))
    failures = total = 0
    for result in run_examples(engine, selected):
        total += 1
        if not result.ok:
            failures += 1
            typer.echo(f"FAIL {result.rule}: expected {result.expected}, got {result.actual}"
                       f" ({result.reason})\n     {result.text!r}")
    untested = [r.id for r in selected if not r.examples.count and r.kind != "process"]
    for rule_id in untested:
        typer.echo(f"WARN {rule_id}: no examples")
    typer.echo(f"{total - failures} passed, {failures} failed")
    if failures:
        raise typer.Exit(EXIT_FINDINGS)
