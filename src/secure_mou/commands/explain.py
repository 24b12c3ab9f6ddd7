"""``secure-mou explain RULE FILE``: why the tool decided what it decided.

The engine records its reasoning as a trace written for rule authors (``met[0]: all of
officer, discipline_act ...``, one line per candidate sentence). By default this
command retells it in the reader's words: what the rule looks for, each sentence that
was considered with where it stands, what it commits to and whether that counted, then
the verdict; wrapped to the terminal, each sentence once. ``--verbose`` prints the trace
as the engine wrote it.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from ..documents import read_document
from ..errors import SecureMouError
from ..pipeline import Checker, load_rules
from ..reporters.wording import clause_number, element_label, elements

HELP = """Show, for one rule and one agreement, what the rule looks for, each sentence
that was considered (where it stands, what it commits to, and whether that counted) and
how the verdict followed. --verbose prints the engine's full trace. Exit codes as for
`check` (2 usage, 3 unreadable)."""

# What each part of a rule is for, in words.
PART: dict[str, str] = {
    "met": "What meets the rule", "partial": "What partly meets it",
    "conflict": "What contradicts it", "fires": "What raises this red flag",
    "also": "What else it needs", "context": "Where the listed elements are looked for"}
POLARITY_WORDS: dict[str, str] = {
    "requires": "requires it", "permits": "permits it", "prohibits": "rules it out",
    "mentions": "only mentions it"}
VERBS: dict[str, str] = {
    "requires": "require", "permits": "permit", "prohibits": "rule out",
    "mentions": "mention"}
_HEADER = re.compile(r"^(\w+)(?:\[\d+\])?: (.*?); counts when it ([\w/]+)(;.*)?$")
_CANDIDATE = re.compile(r'^  - \[(.*?)\] "(.*)"\n\s+(.*)$', re.DOTALL)
_PLACE = re.compile(r"^(?P<where>[^()]*?)(?: \((?P<section>.*)\))?$")
_POLARITY = re.compile(r"-> (requires|permits|prohibits|mentions)")


def register(app: typer.Typer) -> None:
    app.command("explain", help=HELP)(explain)


@dataclass(frozen=True)
class Part:
    """One part of a rule (``met[0]``, ``fires[1]``, ...) and what counts for it."""

    title: str
    looks_for: str
    counts_when: tuple[str, ...]


def words(keys: str) -> str:
    """``officer, discipline_act`` -> ``officer, discipline act``."""
    return ", ".join(element_label(k.strip()) for k in keys.split(","))


def together(keys: str) -> str:
    """``a, b, c`` -> ``a, b and c together``."""
    labels = words(keys).split(", ")
    joined = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    return joined + (" together" if len(labels) > 1 else "")


def looks_for(description: str) -> str:
    """``all of a, b any of c none of d in one sentence`` in words."""
    text = re.sub(r"all of ([\w, ]+?)(?= any of| none of| in one)",
                  lambda m: "the terms " + together(m.group(1)), description)
    text = re.sub(r"any of ([\w, ]+?)(?= none of| in one)",
                  lambda m: "any of " + words(m.group(1)), text)
    text = re.sub(r"none of ([\w, ]+?)(?= in one)",
                  lambda m: "but not " + words(m.group(1)), text)
    return text.replace(" in one ", ", in one ")


def where(location: str, quote: str) -> str:
    found = _PLACE.match(location)
    parts = []
    if found and found.group("where").startswith("p. "):
        parts.append(found.group("where").split(",")[0])
    clause = clause_number(quote)
    if clause:
        parts.append(f"§ {clause}" if clause[0].isdigit() else clause)
    if found and found.group("section"):
        parts.append(found.group("section").split(" > ")[-1])
    return ", ".join(parts) or location


def judged(note: str, part: Part | None) -> str:
    """What a candidate sentence commits to and whether it counted, in words."""
    if note.startswith("lacks any of "):
        return f"not counted: it names none of {words(note[13:])}"
    if note.startswith("lacks "):
        return f"not counted: it does not name {words(note[6:])}"
    if note.startswith("excluded by "):
        return f"not counted: it is about {words(note[12:])}"
    if note.endswith(" not near the focus term"):
        return f"not counted: {words(note[:-24])} too far from the main term"
    polarity = _POLARITY.findall(note)
    said = polarity[-1] if polarity else "mentions"
    why = re.sub(r"^terms: [^;]*; ", "", note)
    why = why.replace("polarity ", "").replace("inherits: ", "from its ").replace(" -> ", " → ")
    extra = ""
    if "recital" in note:
        extra = " (a recital: counts at most as partly met)"
    elif "definition" in note:
        extra = " (a definition: counts at most as partly met)"
    counted = part is None or said in part.counts_when
    verdict = "counted" if counted else "not counted"
    return f"{verdict}: it {POLARITY_WORDS.get(said, said)}{extra} [{why}]"


def retell(trace: list[str], width: int) -> list[str]:
    """The engine's trace in the reader's words, each sentence once per rule part."""
    out: list[str] = []
    part: Part | None = None
    seen: set[tuple[str, str]] = set()
    wrap = textwrap.TextWrapper(width=width, subsequent_indent="    ",
                                break_long_words=False, break_on_hyphens=False)
    for line in trace:
        header = _HEADER.match(line)
        candidate = _CANDIDATE.match(line)
        if header:
            label, description, counts = header.group(1), header.group(2), header.group(3)
            part = Part(PART.get(label, label), looks_for(description),
                        tuple(counts.split("/")))
            seen = set()
            wanted = " or ".join(VERBS.get(p, p) for p in part.counts_when)
            out += [""] + wrap.wrap(f"{part.title}: {part.looks_for}; the sentence must "
                                    f"{wanted} it.")
        elif candidate:
            location, quote, note = candidate.groups()
            if (quote, note) in seen:
                continue  # the same sentence matched twice (two terms): say it once
            seen.add((quote, note))
            out += wrap.wrap(f"  • {where(location, quote)}: “{quote}”")
            out += wrap.wrap(f"    → {judged(' '.join(note.split()), part)}")
        else:
            out += wrap.wrap(" ".join(line.split()))
    return out


def terminal_width() -> int:
    return max(40, min(shutil.get_terminal_size((80, 24)).columns, 120))


def explain(
    rule_id: Annotated[str, typer.Argument(metavar="RULE", help="A rule id, e.g. SECURE-1.3")],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The agreement.")],
    rules: Annotated[list[Path] | None, typer.Option(
        "--rules", help="A local rulebook directory added to the default (repeatable).")
    ] = None,
    rules_only: Annotated[bool, typer.Option(
        "--rules-only", help="Use only the --rules rulebooks, not the default.")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Print the engine's full trace, as rule authors read it.")
    ] = False,
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
    if verbose:
        typer.echo(f"{rule.id}: {rule.title}  [{rule.kind}, {rule.severity}]")
        typer.echo(f"document: {file} ({document.format}, {len(document.blocks)} blocks)\n")
        typer.echo("\n".join(trace) if trace else "(no sentence holds this rule's terms)")
        typer.echo(f"\nverdict from this rule's own clauses: {verdict.status} — "
                   f"{verdict.reason}")
        if final.status.value != verdict.status:
            typer.echo(f"final verdict: {final.status.value} — {final.reason}")
        for ev in final.evidence:
            typer.echo(f"  evidence [{ev.location.describe()}] ({ev.polarity}) {ev.text}")
        return
    width = terminal_width()
    wrap = textwrap.TextWrapper(width=width, break_long_words=False, break_on_hyphens=False)
    lines = [f"{rule.id}: {rule.title} ({rule.severity}, a {rule.kind} rule)",
             *wrap.wrap(rule.message), f"Checked in {file}."]
    lines += retell(trace, width) if trace else [
        "", "No sentence of the agreement holds the terms this rule looks for."]
    lines += [""] + wrap.wrap(f"Verdict: {final.status.value.replace('_', ' ')} — "
                              f"{final.reason or verdict.reason}")
    if final.covered or final.missing_elements:
        lines += wrap.wrap(f"Named: {elements(final.covered)}. Not named: "
                           f"{elements(final.missing_elements)}.")
    if final.status.value != verdict.status:
        lines += wrap.wrap(f"(Its own sentences alone give {verdict.status}: "
                           f"{verdict.reason}.)")
    typer.echo("\n".join(lines))
