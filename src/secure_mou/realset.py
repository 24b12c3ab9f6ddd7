"""Accuracy on real agreements: the development set in ``shared/realdev``.

``python -m secure_mou.realset`` (part of ``make eval``) checks the 30 real agreement
excerpts and the 157 real clauses of ``../shared/realdev`` (each clause alone, as a
one-clause document) against the verdicts two independent readers decided, and prints:

- **direction agreement**: met or partial / missing / conflict, as the reader decided;
- **met/partial recall and precision** (text and coverage rules);
- **conflict recall and precision** (flags and the requirements they contradict);
- **false positives** on the (clause, rule) pairs a clause does not decide;

for the development part and, separately, for the held-back part (documents 21-30 and
every third clause), which rules are never written while looking at. The same figures for
a keyword search (``--baseline``: a rule's key terms found anywhere in the text = met or
fired) show what the checker adds over words alone. Labels the project disputes, with a
reason, are in ``eval/disputed.tsv``; figures are given with and without them.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .documents.model import Document
from .documents.text import read_text
from .engine import Engine
from .rulebook.model import Rule, Rulebook

POSITIVE = frozenset({"met", "partial"})
HELD_BACK_DOCUMENTS = range(21, 31)  # documents 21-30
REPO = Path(__file__).resolve().parents[2]


def default_root() -> Path:
    """``../shared/realdev`` beside the project checkout."""
    return REPO.parent / "shared" / "realdev"


def held_back_clause(n: int) -> bool:
    return n % 3 == 0


@dataclass(frozen=True)
class Cell:
    """One (text, rule) verdict: what the readers decided and what the tool said."""

    part: str  # "documents" | "clauses"
    item: str  # document file name or clause number
    rule: str
    kind: str  # the rule's kind: text | coverage | flag
    expected: str
    actual: str
    decided: bool  # labeled explicitly (clauses: False for the implied "missing")
    held_back: bool
    disputed: bool = False


def direction(status: str, kind: str) -> str:
    if status == "conflict":
        return "conflict"
    if kind == "flag":
        return "none"  # a flag that is met did not fire
    return "present" if status in POSITIVE else "none"


@dataclass(frozen=True)
class Figures:
    cells: int
    direction: float | None
    recall: float | None
    precision: float | None
    conflict_recall: float | None
    conflict_precision: float | None
    false_positive_rate: float | None  # over undecided clause pairs
    undecided: int


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def figures(cells: Iterable[Cell]) -> Figures:
    cells = list(cells)
    decided = [c for c in cells if c.decided]
    agree = sum(direction(c.expected, c.kind) == direction(c.actual, c.kind) for c in decided)
    graded = [c for c in cells if c.kind != "flag"]
    tp = sum(c.expected in POSITIVE and c.actual in POSITIVE for c in graded)
    ctp = sum(c.expected == "conflict" and c.actual == "conflict" for c in cells)
    undecided = [c for c in cells if not c.decided]
    fp = sum(direction(c.actual, c.kind) != "none" for c in undecided)
    return Figures(
        cells=len(decided), direction=_ratio(agree, len(decided)),
        recall=_ratio(tp, sum(c.expected in POSITIVE for c in graded)),
        precision=_ratio(tp, sum(c.actual in POSITIVE for c in graded)),
        conflict_recall=_ratio(ctp, sum(c.expected == "conflict" for c in cells)),
        conflict_precision=_ratio(ctp, sum(c.actual == "conflict" for c in cells)),
        false_positive_rate=_ratio(fp, len(undecided)), undecided=len(undecided))


# -- the set ----------------------------------------------------------------------------
@dataclass(frozen=True)
class RealSet:
    documents: dict[str, str]  # file name -> text after the '---' line
    document_labels: dict[tuple[str, str], str]  # (file, rule) -> status
    clauses: dict[int, str]  # clause number (1-based) -> text
    clause_labels: dict[tuple[int, str], str]
    disputed: frozenset[tuple[str, str, str]]  # (part, item, rule)


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def body(text: str) -> str:
    """The agreement text after the header block's ``---`` line."""
    head, sep, rest = text.partition("\n---\n")
    return rest if sep else text


def load(root: Path, disputed_file: Path | None = None) -> RealSet:
    documents = {p.name: body(p.read_text("utf-8"))
                 for p in sorted((root / "documents").glob("[0-9][0-9]_*.txt"))}
    document_labels = {(r["doc"], r["rule"]): r["status"]
                       for r in _tsv(root / "labels" / "documents.tsv")}
    clauses = {n: r["clause"] for n, r in enumerate(_tsv(root / "clauses.tsv"), start=1)}
    clause_labels = {(int(r["n"]), r["rule"]): r["status"]
                     for r in _tsv(root / "labels" / "clauses.tsv")}
    disputed: set[tuple[str, str, str]] = set()
    if disputed_file is not None and disputed_file.exists():
        for r in _tsv(disputed_file):
            disputed.add((r["part"], r["item"], r["rule"]))
    return RealSet(documents, document_labels, clauses, clause_labels, frozenset(disputed))


def as_document(name: str, text: str) -> Document:
    data = text.encode("utf-8")
    return read_text(Path(name), sha256=hashlib.sha256(data).hexdigest(), data=data)


Verdicts = Callable[[Document], dict[str, str]]


def engine_verdicts(engine: Engine) -> Verdicts:
    def run(document: Document) -> dict[str, str]:
        return {f.rule: f.status.value for f in engine.check(document)}
    return run


def cells(real: RealSet, rulebook: Rulebook, verdicts: Verdicts) -> list[Cell]:
    rules: dict[str, Rule] = {r.id: r for r in rulebook.rules}
    labeled_rules = sorted({rule for _, rule in real.document_labels} & set(rules))
    out: list[Cell] = []
    for name, text in real.documents.items():
        actual = verdicts(as_document(name, text))
        number = int(name[:2])
        for rule in labeled_rules:
            expected = real.document_labels.get((name, rule))
            if expected is None:
                continue
            out.append(Cell("documents", name, rule, rules[rule].kind, expected,
                            actual.get(rule, "absent"), True,
                            number in HELD_BACK_DOCUMENTS,
                            ("documents", name, rule) in real.disputed))
    for n, text in real.clauses.items():
        actual = verdicts(as_document(f"clause-{n}.txt", text))
        for rule in labeled_rules:
            kind = rules[rule].kind
            label = real.clause_labels.get((n, rule))
            expected = label or ("met" if kind == "flag" else "missing")
            out.append(Cell("clauses", str(n), rule, kind, expected,
                            actual.get(rule, "absent"), label is not None,
                            held_back_clause(n), ("clauses", str(n), rule) in real.disputed))
    return out


# -- printing ---------------------------------------------------------------------------
def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _fp(f: Figures) -> str:
    return "–" if f.false_positive_rate is None else f"{f.false_positive_rate:.1%}"


HEADER = ("| part | cells | direction | met/partial R | met/partial P | conflict R | "
          "conflict P | false pos. (undecided) |\n|---|---|---|---|---|---|---|---|")


def row(label: str, f: Figures) -> str:
    return (f"| {label} | {f.cells} | {_pct(f.direction)} | {_pct(f.recall)} | "
            f"{_pct(f.precision)} | {_pct(f.conflict_recall)} | "
            f"{_pct(f.conflict_precision)} | {_fp(f)} |")


def summary_rows(all_cells: list[Cell]) -> dict[str, Figures]:
    out: dict[str, Figures] = {}
    for part in ("documents", "clauses"):
        for held, name in ((False, "dev"), (True, "held back")):
            out[f"{part}, {name}"] = figures(
                c for c in all_cells if c.part == part and c.held_back == held)
    out["all"] = figures(all_cells)
    return out


def summary(all_cells: list[Cell], title: str) -> str:
    lines = [f"### {title}", "", HEADER]
    for label, f in summary_rows(all_cells).items():
        lines.append(row(label, f))
    if any(c.disputed for c in all_cells):
        kept = [c for c in all_cells if not c.disputed]
        lines.append(row("all, without disputed labels", figures(kept)))
    return "\n".join(lines)


def by_step(all_cells: list[Cell]) -> str:
    """Figures per rubric step, development and held-back parts apart."""
    lines = ["| step | part | cells | direction | met/partial R | met/partial P | "
             "conflict R | conflict P | false pos. |", "|---|---|---|---|---|---|---|---|---|"]
    steps = sorted({c.rule.split("-", 1)[1].split(".")[0] for c in all_cells}, key=int)
    for step in steps:
        for held, name in ((False, "dev"), (True, "held back")):
            f = figures(c for c in all_cells if c.held_back == held
                        and c.rule.split("-", 1)[1].split(".")[0] == step)
            lines.append(f"| {step} | {name} | {f.cells} | {_pct(f.direction)} | "
                         f"{_pct(f.recall)} | {_pct(f.precision)} | "
                         f"{_pct(f.conflict_recall)} | {_pct(f.conflict_precision)} | "
                         f"{_fp(f)} |")
    return "\n".join(lines)


def by_rule(all_cells: list[Cell]) -> str:
    groups: dict[str, list[Cell]] = defaultdict(list)
    for c in all_cells:
        groups[c.rule].append(c)

    def key(rule: str) -> tuple[int, int, str]:
        step, item = rule.split("-", 1)[1].split(".")
        return int(step), int(item) if item.isdigit() else 100, item

    lines = ["| rule | cells | direction | R | P | conflict R | conflict P | false pos. |",
             "|---|---|---|---|---|---|---|---|"]
    for rule in sorted(groups, key=key):
        f = figures(groups[rule])
        lines.append(f"| {rule} | {f.cells} | {_pct(f.direction)} | {_pct(f.recall)} | "
                     f"{_pct(f.precision)} | {_pct(f.conflict_recall)} | "
                     f"{_pct(f.conflict_precision)} | {_fp(f)} |")
    return "\n".join(lines)


def disagreements(all_cells: list[Cell], include_held_back: bool) -> str:
    lines = []
    for c in all_cells:
        if c.held_back and not include_held_back:
            continue
        wrong = direction(c.expected, c.kind) != direction(c.actual, c.kind)
        if wrong:
            tag = " (held back)" if c.held_back else ""
            lines.append(f"{c.part[:-1]} {c.item} {c.rule}: expected {c.expected}, "
                         f"got {c.actual}{tag}")
    return "\n".join(lines)


def keyword_verdicts(engine: Engine) -> Verdicts:
    from .keyword_baseline import keyword_statuses

    def run(document: Document) -> dict[str, str]:
        return keyword_statuses(engine, document)
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m secure_mou.realset",
                                     description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=default_root(),
                        help="the realdev directory (default: ../shared/realdev)")
    parser.add_argument("--disputed", type=Path, default=REPO / "eval" / "disputed.tsv")
    parser.add_argument("--baseline", action="store_true",
                        help="also score the keyword-search baseline")
    parser.add_argument("--by-step", action="store_true", help="figures per rubric step")
    parser.add_argument("--by-rule", action="store_true",
                        help="figures per rule (development part only)")
    parser.add_argument("--disagreements", choices=("dev", "all"),
                        help="list the cells whose direction differs (dev: development part "
                             "only; all: the held-back part too)")
    args = parser.parse_args(argv)
    if not (args.root / "labels" / "documents.tsv").exists():
        print(f"real development set not found at {args.root}; skipped", file=sys.stderr)
        return 0
    from .pipeline import load_rules

    rulebook = load_rules()
    engine = Engine(rulebook)
    real = load(args.root, args.disputed)
    result = cells(real, rulebook, engine_verdicts(engine))
    print(summary(result, "secure-mou on the real development set"))
    if args.baseline:
        print()
        print(summary(cells(real, rulebook, keyword_verdicts(engine)),
                      "keyword search on the same set"))
    if args.by_step:
        print()
        print(by_step(result))
    if args.by_rule:
        print()
        print(by_rule([c for c in result if not c.held_back]))
    if args.disagreements:
        print()
        print(disagreements(result, args.disagreements == "all"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
