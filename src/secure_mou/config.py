"""Project configuration (``.secure-mou.yml``): discovery, validation, and what it changes.

A config is the first ``.secure-mou.yml`` found from the working directory upward, or
the file named with ``--config``. It is validated against ``schemas/config.schema.json``
and every mistake names the file, the line and the field, as a rule file's does.

What a config decides is applied to findings after the engine has judged the text, by
pure functions returning new values (``apply``), so a report still shows what the text
earned beside what the project decided about it (a waiver, an attestation).
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError, UsageError
from .findings import Attestation, DocumentReport, Finding, Severity, Status, Waiver
from .located_yaml import YamlPath, field_name, load_located, where
from .pipeline import expand_paths
from .rulebook.model import Rulebook

CONFIG_NAME = ".secure-mou.yml"
# Lets a test (or an auditor) ask "what would this config do on that day?"
TODAY_ENV = "SECURE_MOU_TODAY"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LINK = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _ConfigLoader(yaml.SafeLoader):
    """Safe YAML, but dates stay strings: the schema and our own check then report a bad
    date (2025-02-30) with its line, where PyYAML would raise a bare ValueError."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@dataclass(frozen=True)
class Config:
    """A validated config. ``path`` is None when no file was found; ``root`` is the
    directory that relative paths and globs are taken from."""

    path: Path | None
    root: Path
    rules: tuple[Path, ...] = ()
    rules_only: bool = False
    checklist: str | None = None
    fail_on: str | None = None
    disable: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    attestations: tuple[Attestation, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    lines: Mapping[YamlPath, int] = field(default_factory=dict, compare=False, repr=False)

    def where(self, at: YamlPath) -> str:
        """``file:line`` of a field, for messages."""
        return where(str(_shown(self.path)), dict(self.lines), at) if self.path else "(no config)"

    def fail(self, at: YamlPath, message: str) -> ConfigError:
        return ConfigError(f"{self.where(at)}: {field_name(at)}: {message}")

    def relative(self, shown: str | Path) -> str:
        """A document path as the config's globs see it: relative to ``root`` when it
        lies below it, else as given."""
        path = Path(shown)
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError):
            return path.as_posix()

    def selects(self, path: str | Path) -> bool:
        """True when ``include`` (if any) takes the path and ``exclude`` does not."""
        rel = self.relative(path)
        included = not self.include or any(glob_matches(g, rel) for g in self.include)
        return included and not any(glob_matches(g, rel) for g in self.exclude)


# --- finding and reading -----------------------------------------------------------


def find_config(start: Path) -> Path | None:
    """The first ``.secure-mou.yml`` in ``start`` or a parent, up to the filesystem root."""
    for directory in (start, *start.parents):
        candidate = directory / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def resolve_config(explicit: Path | None, cwd: Path) -> Config:
    """The config named on the command line, else the one found upward, else defaults."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        return load_config(explicit)
    found = find_config(cwd.resolve())
    return load_config(found) if found else Config(path=None, root=cwd.resolve())


def config_schema() -> dict[str, Any]:
    text = (resources.files("secure_mou") / "schemas" / "config.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def load_config(path: Path) -> Config:
    """Read and validate one config file; raises ``ConfigError`` naming file:line: field."""
    path = path.resolve()
    data, lines = load_located(path, str(_shown(path)), ConfigError, "config",
                               loader=_ConfigLoader)
    shown = _shown(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{shown}:1: a config must be a mapping of settings "
                          "(see `secure-mou init`)")
    import jsonschema  # only when a config file is present: it costs start-up time

    errors = list(jsonschema.Draft202012Validator(config_schema()).iter_errors(data))
    if errors:
        # The deepest error names the field to fix; the top-level ones only echo it.
        err = min(errors, key=lambda e: (-len(e.path), list(map(str, e.path))))
        at = tuple(err.path)
        message = err.message if len(err.message) < 300 else err.message[:300] + "…"
        raise ConfigError(f"{where(str(shown), lines, at)}: {field_name(at)}: {message}")
    config = Config(
        path=path, root=path.parent,
        rules=tuple(path.parent / r for r in data.get("rules", ())),
        rules_only=bool(data.get("rules_only", False)),
        checklist=data.get("checklist"), fail_on=data.get("fail_on"),
        disable=frozenset(data.get("disable", ())),
        severity={k: Severity(v) for k, v in (data.get("severity") or {}).items()},
        include=tuple(data.get("include", ())), exclude=tuple(data.get("exclude", ())),
        attestations=tuple(Attestation(**a) for a in data.get("attestations", ())),
        waivers=tuple(Waiver(**w) for w in data.get("waivers", ())),
        lines=lines)
    for i, w in enumerate(config.waivers):
        _check_date(config, ("waivers", i, "expires"), w.expires)
    for i, a in enumerate(config.attestations):
        _check_date(config, ("attestations", i, "date"), a.date)
        if not _LINK.fullmatch(a.evidence) and not (config.root / a.evidence).exists():
            raise config.fail(("attestations", i, "evidence"),
                              f"'{a.evidence}' is neither a link (https://…) nor a file "
                              f"relative to {config.root}")
    return config


def _check_date(config: Config, at: YamlPath, value: str) -> None:
    try:
        if _ISO_DATE.fullmatch(value):
            date.fromisoformat(value)
            return
    except ValueError:
        pass
    raise config.fail(at, f"'{value}' is not an ISO date (YYYY-MM-DD)")


def today_from(environ: Mapping[str, str]) -> date:
    """Today, or the ISO date in ``SECURE_MOU_TODAY`` (to test when waivers expire)."""
    raw = environ.get(TODAY_ENV)
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise UsageError(f"{TODAY_ENV}={raw!r} is not an ISO date (YYYY-MM-DD)") from None


# --- checking against a rulebook ---------------------------------------------------


def check_rule_ids(config: Config, rulebook: Rulebook) -> None:
    """Every rule id the config names exists; attestations name process rules only.

    An unknown id is an error, not a no-op: a typo in a waiver or ``disable`` would
    otherwise silently leave a rule on (or off) that the author meant to change.
    """
    kinds = {r.id: r.kind for r in rulebook.rules}
    named: list[tuple[YamlPath, str]] = [(("disable", i), r) for i, r in
                                      enumerate(sorted(config.disable))]
    named += [(("severity", r), r) for r in config.severity]
    named += [(("waivers", i, "rule"), w.rule) for i, w in enumerate(config.waivers)]
    named += [(("attestations", i, "rule"), a.rule)
              for i, a in enumerate(config.attestations)]
    for at, rule_id in named:
        if rule_id not in kinds:
            close = difflib.get_close_matches(rule_id, list(kinds), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise config.fail(at, f"unknown rule '{rule_id}' in rulebook "
                                  f"{rulebook.name} {rulebook.version}{hint}")
        if at[0] == "attestations" and kinds[rule_id] != "process":
            raise config.fail(at, f"{rule_id} is a {kinds[rule_id]} rule: only process "
                                  "rules (what no agreement text can prove) can be attested")


def enabled_rules(rulebook: Rulebook, config: Config) -> Rulebook:
    """The rulebook without the disabled rules (so a disabled flag contradicts nothing)."""
    if not config.disable:
        return rulebook
    return replace(rulebook, rules=tuple(r for r in rulebook.rules
                                         if r.id not in config.disable))


def selected_rules(rulebook: Rulebook, select: Sequence[str],
                   ignore: Sequence[str]) -> Rulebook:
    """The rulebook narrowed by ``--select`` / ``--ignore``.

    A selector is a rule id (``SECURE-1.3``) or a prefix ending at a dot
    (``SECURE-2`` for step 2, ``SECURE-2.F`` is not one); several may be given at once,
    separated by commas. An unknown selector is a usage error, as a typo would otherwise
    silently check nothing (or everything).
    """
    ids = [r.id for r in rulebook.rules]

    def parsed(values: Sequence[str], option: str) -> list[str]:
        out = [v.strip() for raw in values for v in raw.split(",") if v.strip()]
        for selector in out:
            if not any(_selects(selector, rule_id) for rule_id in ids):
                close = difflib.get_close_matches(selector, ids, n=1)
                raise UsageError(f"{option} {selector}: no rule of rulebook "
                                 f"{rulebook.name} {rulebook.version} has this id or prefix",
                                 hint=f"did you mean {close[0]}?" if close else
                                 "see `secure-mou rules list`")
        return out

    chosen, dropped = parsed(select, "--select"), parsed(ignore, "--ignore")
    if not chosen and not dropped:
        return rulebook
    return replace(rulebook, rules=tuple(
        r for r in rulebook.rules
        if (not chosen or any(_selects(s, r.id) for s in chosen))
        and not any(_selects(s, r.id) for s in dropped)))


def _selects(selector: str, rule_id: str) -> bool:
    return rule_id == selector or rule_id.startswith(selector + ".")


# --- applying to findings ----------------------------------------------------------


def active_waivers(config: Config, today: date) -> tuple[Waiver, ...]:
    """Waivers still in force: one expiring today still applies."""
    return tuple(w for w in config.waivers if date.fromisoformat(w.expires) >= today)


def apply(report: DocumentReport, config: Config, today: date, *,
          use_waivers: bool = True) -> DocumentReport:
    """The report with the config's decisions: disabled rules dropped, severities
    overridden, process rules attested, gaps waived (unless ``use_waivers`` is False)."""
    if report.error:
        return report
    waivers = active_waivers(config, today) if use_waivers else ()
    rel = config.relative(report.path)
    findings = []
    for finding in report.findings:
        if finding.rule in config.disable:
            continue
        if finding.rule in config.severity:
            finding = replace(finding, severity=config.severity[finding.rule])
        finding = _attest(finding, config.attestations)
        finding = _waive(finding, rel, waivers)
        findings.append(finding)
    return replace(report, findings=tuple(findings))


def _attest(finding: Finding, attestations: Iterable[Attestation]) -> Finding:
    if finding.status is not Status.MANUAL or finding.kind != "process":
        return finding
    for a in attestations:
        if a.rule == finding.rule:
            return replace(finding, status=Status.ATTESTED, attestation=a,
                           reason=f"attested by {a.by} on {a.date}")
    return finding


def _waive(finding: Finding, rel: str, waivers: Iterable[Waiver]) -> Finding:
    if not finding.status.is_gap:
        return finding
    for w in waivers:
        if w.rule == finding.rule and glob_matches(w.path, rel):
            # Keep the engine's verdict in the reason: an audit must see what was waived.
            return replace(finding, status=Status.WAIVED, waiver=w,
                           reason=f"waived (was {finding.status.value}): {finding.reason}"
                           if finding.reason else f"waived (was {finding.status.value})")
    return finding


def waiver_warnings(config: Config, reports: Iterable[DocumentReport],
                    today: date, *, partial_run: bool = False) -> tuple[str, ...]:
    """One line per expired waiver and per waiver that matched no gap, so stale waivers
    are noticed and removed rather than piling up.

    Only rules this run judged count (``--select`` may leave a waiver's rule out). In a
    ``partial_run`` (files named on the command line, as pre-commit does), only waivers
    whose path matches a checked document count too; a full run also reports a waiver
    whose path matches no document at all, since that is usually a typo.
    """
    reports = [r for r in reports if r.error is None]
    used = {id(f.waiver) for r in reports for f in r.findings if f.waiver is not None}
    # (document, rule) pairs this run judged: a waiver for a document or rule outside
    # the run (pre-commit passes one file; --select narrows the rules) is not "unused".
    judged = {(config.relative(r.path), f.rule) for r in reports
              for f in r.findings if f.status is not Status.NOT_APPLICABLE}
    rules = {rule for _, rule in judged}
    out = []
    for i, w in enumerate(config.waivers):
        at: YamlPath = ("waivers", i)
        what = f"the waiver of {w.rule} for '{w.path}' (owner {w.owner})"
        if date.fromisoformat(w.expires) < today:
            out.append(f"warning[waiver-expired]: {config.where(at)}: {what} expired on "
                       f"{w.expires} and no longer applies")
        elif id(w) not in used and w.rule in rules and (not partial_run or any(
                rule == w.rule and glob_matches(w.path, rel) for rel, rule in judged)):
            out.append(f"warning[waiver-unused]: {config.where(at)}: {what} matched no gap "
                       "in this run; remove it or correct its rule or path")
    return tuple(out)


# --- choosing documents ------------------------------------------------------------


def select_documents(config: Config, paths: Sequence[str]) -> list[Path]:
    """The documents to check. Files named on the command line are always checked;
    directories are walked and filtered by ``include``/``exclude``; with no paths, the
    config's directory is walked, which needs an ``include``."""
    if not paths:
        if not config.include:
            raise UsageError("no FILE given and no 'include' in the config",
                             hint="name agreements or directories, or add include globs "
                                  f"to {CONFIG_NAME}; `secure-mou init` writes a starter")
        return [_shown(p) for p in expand_paths([config.root]) if config.selects(p)]
    out: list[Path] = []
    for raw in paths:
        if Path(raw).is_dir():
            out.extend(p for p in expand_paths([raw]) if config.selects(p))
        else:
            out.append(Path(raw))
    return out


def _shown(path: Path) -> Path:
    # Relative to the working directory when below it, so CI annotations and SARIF
    # carry repository paths rather than the runner's absolute ones.
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else Path(rel)


def glob_matches(pattern: str, path: str) -> bool:
    """Match a posix relative path: ``*`` and ``?`` stay within a directory, ``**``
    spans directories, and a pattern naming a directory matches everything below it."""
    return _glob_regex(pattern).fullmatch(path) is not None


def _glob_regex(pattern: str) -> re.Pattern[str]:
    pattern = pattern.removeprefix("./").rstrip("/")
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and (end := pattern.find("]", i + 2)) != -1:
            body = pattern[i + 1:end]
            body = "^" + body[1:] if body.startswith("!") else body
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + "(?:/.*)?")
