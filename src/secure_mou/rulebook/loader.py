"""Load rule files (YAML), validate them against the published schema, build a Rulebook.

Every error names the file, the line and the field: a rule author must be able to fix a
mistake without reading our code. A rule that can never match (an unknown or empty term
set) is a load error, never a silent pass.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from .. import __version__
from ..cachedir import cache_root, make_private_dir
from ..errors import RulebookError
from ..located_yaml import YamlPath, field_name, load_located, where
from .model import (
    Coverage,
    Examples,
    MatchSpec,
    Metric,
    Polarity,
    Rule,
    Rulebook,
    Scope,
    TermSet,
)


def rule_file_schema() -> dict[str, Any]:
    text = (resources.files("secure_mou") / "schemas" / "rules.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def default_rulebook_dir() -> Path:
    """The packaged default rulebook; in a source checkout, the top-level ``rules/``."""
    packaged = Path(str(resources.files("secure_mou"))) / "rules" / "secure"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules" / "secure"


def _as_tuple(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


class _FileLoader:
    """Builds term sets and rules from one validated file."""

    def __init__(self, path: Path, data: dict[str, Any], lines: dict[YamlPath, int]):
        self.path, self.data, self.lines = path, data, lines

    def where(self, at: YamlPath) -> str:
        return where(str(self.path), self.lines, at)

    def fail(self, at: YamlPath, message: str) -> RulebookError:
        return RulebookError(f"{self.where(at)}: {field_name(at)}: {message}")

    def termset(self, name: str, raw: Any, at: YamlPath) -> TermSet:
        if isinstance(raw, list):
            raw = {"phrases": raw}
        phrases = tuple(p.strip() for p in raw.get("phrases", ()) if p.strip())
        patterns = tuple(tuple(tok for tok in pattern) for pattern in raw.get("patterns", ()))
        if not phrases and not patterns:
            raise self.fail(at, f"term set '{name}' is empty: a rule using it could never match")
        return TermSet(name=name, phrases=phrases, patterns=patterns, role=raw.get("role"),
                       origin=self.where(at))

    def termsets(self) -> dict[str, TermSet]:
        raw = self.data.get("termsets") or {}
        return {name: self.termset(name, value, ("termsets", name))
                for name, value in raw.items()}

    def spec(self, raw: dict[str, Any], local: dict[str, str],
             default_polarity: tuple[str, ...] = ("requires",)) -> MatchSpec:
        def names(key: str) -> tuple[str, ...]:
            return tuple(local.get(n, n) for n in _as_tuple(raw.get(key)))

        partial = raw.get("partial_polarity")
        return MatchSpec(
            all=names("all"), any=names("any"), none=names("none"),
            scope=Scope(raw.get("scope", "sentence")),
            polarity=tuple(Polarity(p)
                           for p in _as_tuple(raw.get("polarity", list(default_polarity)))),
            partial_polarity=(None if partial is None
                              else tuple(Polarity(p) for p in _as_tuple(partial))),
            agent=local.get(raw["agent"], raw["agent"]) if raw.get("agent") else None,
            focus=local.get(raw["focus"], raw["focus"]) if raw.get("focus") else None,
            reopened_by=names("reopened_by"),
            near=tuple((local.get(n, n), int(d)) for n, d in (raw.get("near") or {}).items()),
            actor=_as_tuple(raw.get("actor")),
            object_not=_as_tuple(raw.get("object_not")),
            act=names("act"), act_not=names("act_not"), force=raw.get("force"),
        )

    def rule(self, raw: dict[str, Any], at: YamlPath,
             local_sets: dict[str, TermSet]) -> Rule:
        rule_id = raw["id"]
        local: dict[str, str] = {}
        for name, value in (raw.get("terms") or {}).items():
            qualified = f"{rule_id}:{name}"
            local[name] = qualified
            ts = self.termset(name, value, (*at, "terms", name))
            local_sets[qualified] = TermSet(name=qualified, phrases=ts.phrases,
                                            patterns=ts.patterns, role=ts.role,
                                            origin=ts.origin)
        match = raw.get("match") or {}
        coverage = None
        if cov := raw.get("coverage"):
            elements = []
            for name, value in cov["elements"].items():
                if isinstance(value, list):
                    value = {"phrases": value}
                sets = [local.get(n, n) for n in _as_tuple(value.get("termsets"))]
                if value.get("phrases"):
                    qualified = f"{rule_id}:element:{name}"
                    local_sets[qualified] = self.termset(
                        name, {"phrases": value["phrases"]}, (*at, "coverage", "elements", name))
                    sets.append(qualified)
                if not sets:
                    raise self.fail((*at, "coverage", "elements", name),
                                    "an element needs phrases or termsets")
                elements.append((name, tuple(sets)))
            coverage = Coverage(context=self.spec(cov["context"], local),
                                elements=tuple(elements),
                                threshold=float(cov.get("threshold", 0.75)),
                                scope=Scope(cov.get("scope", "sentence")))
        metric = None
        if m := raw.get("metric"):
            metric = Metric(name=m["name"], max_grade=float(m.get("max_grade", 12)),
                            defined_terms=tuple(local.get(n, n)
                                                for n in _as_tuple(m.get("defined_terms"))))
        ex = raw.get("examples") or {}
        return Rule(
            id=rule_id, title=raw["title"], step=int(raw["step"]), checklist=raw["checklist"],
            kind=raw["kind"], severity=raw["severity"], message=raw["message"].strip(),
            source=raw["source"].strip(), remediation=raw["remediation"].strip(),
            met=tuple(self.spec(s, local) for s in match.get("met", ())),
            partial=tuple(self.spec(s, local) for s in match.get("partial", ())),
            also=tuple(self.spec(s, local) for s in match.get("also", ())),
            conflicts=tuple(self.spec(s, local, ("requires", "permits"))
                            for s in match.get("conflict", ())),
            # a red flag is language that gives a role, whether it requires or allows it
            fires=tuple(self.spec(s, local, ("requires", "permits"))
                        for s in match.get("fires", ())),
            contradicts=raw.get("contradicts"), coverage=coverage, metric=metric,
            examples=Examples(**{k: tuple(v) for k, v in ex.items()}),
            origin=self.where(at),
        )


def _spec_problem(spec: MatchSpec) -> str | None:
    """A spec whose agent or focus is not among its terms can never match."""
    terms = set(spec.all) | set(spec.any)
    for key, name in (("agent", spec.agent), ("focus", spec.focus)):
        if name and name not in terms:
            return f"{key} '{name.rsplit(':', 1)[-1]}' must be one of the spec's all/any term sets"
    return None


_KIND_NEEDS = {
    "text": ("match.met", lambda r: bool(r.met)),
    "flag": ("match.fires", lambda r: bool(r.fires)),
    "coverage": ("coverage", lambda r: r.coverage is not None),
    "metric": ("metric", lambda r: r.metric is not None),
    "process": ("no match, coverage or metric: it is confirmed by attestation",
                lambda r: not r.specs and r.metric is None),
}


# One rule file after YAML parsing and schema validation: what the cache stores.
_Parsed = tuple[Path, dict[str, Any], dict[YamlPath, int]]


def parse_files(paths: list[Path]) -> list[_Parsed]:
    """Parse and schema-validate rule files: the slow half of loading, which the cache
    skips. The result is plain data (JSON-able), never objects."""
    schema = rule_file_schema()
    import jsonschema  # only when rule files are parsed, not on a cached rulebook

    validator = jsonschema.Draft202012Validator(schema)
    parsed: list[_Parsed] = []
    for path in paths:
        data, lines = load_located(path, str(path), RulebookError, "rule file")
        if not isinstance(data, dict):
            raise RulebookError(f"{path}:1: a rule file must be a mapping with "
                                "'rulebook', 'termsets' and/or 'rules'")
        errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
        if errors:
            err = min(errors, key=lambda e: -len(e.path))
            at = tuple(err.path)
            message = err.message if len(err.message) < 300 else err.message[:300] + "…"
            raise RulebookError(f"{where(str(path), lines, at)}: {field_name(at)}: {message}")
        parsed.append((path, data, lines))
    return parsed


def build_files(parsed: list[_Parsed]
                ) -> tuple[dict[str, Any], dict[str, TermSet], list[Rule]]:
    """Build (rulebook metadata, term sets, rules) from validated files."""
    meta: dict[str, Any] = {}
    termsets: dict[str, TermSet] = {}
    rules: list[Rule] = []
    for path, data, lines in parsed:
        loader = _FileLoader(path, data, lines)
        if "rulebook" in data:
            meta = data["rulebook"]
        for name, ts in loader.termsets().items():
            if name in termsets:
                raise loader.fail(("termsets", name),
                                  f"term set '{name}' already defined at {termsets[name].origin}")
            termsets[name] = ts
        for i, raw in enumerate(data.get("rules") or []):
            rules.append(loader.rule(raw, ("rules", i), termsets))
    return meta, termsets, rules


def load_files(paths: list[Path]) -> tuple[dict[str, Any], dict[str, TermSet], list[Rule]]:
    """Load rule files; returns (rulebook metadata, term sets, rules) before cross-checks."""
    return build_files(parse_files(paths))


def _check(rules: list[Rule], termsets: dict[str, TermSet]) -> None:
    seen: dict[str, str] = {}
    ids = {r.id for r in rules}
    for rule in rules:
        if rule.id in seen:
            raise RulebookError(f"{rule.origin}: id: rule '{rule.id}' is already defined at "
                                f"{seen[rule.id]}")
        seen[rule.id] = rule.origin
        what, ok = _KIND_NEEDS[rule.kind]
        if not ok(rule):
            raise RulebookError(f"{rule.origin}: kind: a '{rule.kind}' rule needs {what}")
        if rule.contradicts and rule.kind != "flag":
            raise RulebookError(f"{rule.origin}: contradicts: only a 'flag' rule contradicts "
                                "another (a requirement uses match.conflict)")
        if rule.kind == "flag" and rule.contradicts and rule.contradicts not in ids:
            raise RulebookError(f"{rule.origin}: contradicts: unknown rule '{rule.contradicts}'")
        for spec in rule.specs:
            if problem := _spec_problem(spec):
                raise RulebookError(f"{rule.origin}: match: {problem} (rule {rule.id})")
        names = [n for s in rule.specs for n in s.termsets]
        if rule.coverage:
            names += [n for _, sets in rule.coverage.elements for n in sets]
        if rule.metric:
            names += list(rule.metric.defined_terms)
        for name in names:
            if name not in termsets:
                shown = name.split(":", 1)[-1]
                raise RulebookError(f"{rule.origin}: match: unknown term set '{shown}' "
                                    f"in rule {rule.id}")


def load_rulebook(dirs: list[Path], use_cache: bool = True) -> Rulebook:
    """Load every ``*.yaml``/``*.yml`` under ``dirs`` (in order) into one rulebook.

    Parsing and validating YAML costs more than half a second for the default rulebook,
    so a validated rulebook is kept in the cache directory, keyed by the files' paths and
    bytes and the tool version; any edit to a rule file misses the cache."""
    files: list[Path] = []
    for d in dirs:
        if not d.exists():
            raise RulebookError(f"{d}: rulebook directory not found")
        found = sorted(d.rglob("*.y*ml")) if d.is_dir() else [d]
        if not found:
            raise RulebookError(f"{d}: no rule files (*.yaml) found")
        files.extend(found)
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode())
        digest.update(f.read_bytes())
    content_hash = digest.hexdigest()
    key = hashlib.sha256(f"{__version__}\n{content_hash}\n".encode()
                         + "\n".join(str(f.resolve()) for f in files).encode()).hexdigest()
    parsed = _cached(key, files) if use_cache else None
    if parsed is None:
        parsed = parse_files(files)
        if use_cache:
            _store(key, parsed)
    meta, termsets, rules = build_files(parsed)
    _check(rules, termsets)
    rulebook = Rulebook(
        name=meta.get("name", dirs[0].name if dirs else "rules"),
        version=str(meta.get("version", "0")),
        steps={int(k): v for k, v in (meta.get("steps") or {}).items()},
        termsets=termsets, rules=tuple(rules), sources=tuple(str(d) for d in dirs),
        content_hash=content_hash,
    )
    return rulebook


# Bump when the entry format changes. Entries are JSON data that is rebuilt into a
# Rulebook by the same code that builds one from YAML: the cache directory may be shared
# (a CI cache, a shared home), so nothing read from it can run code. Pickles (before
# this layout) are never opened.
CACHE_LAYOUT = "rulebook-json-v1"


def _cache_file(key: str) -> Path:
    return cache_root() / "rulebooks" / f"{key}.json"


def _warn(path: Path, why: str) -> None:
    print(f"warning[cache]: {path}: ignoring an unusable cache entry ({why}); "
          "rebuilding it", file=sys.stderr)


def _cached(key: str, files: list[Path]) -> list[_Parsed] | None:
    path = _cache_file(key)
    try:
        with path.open("rb") as stream:
            raw = stream.read(64 * 1024 * 1024 + 1)
    except OSError:
        return None  # no entry yet
    try:
        entry = json.loads(raw)
        if not isinstance(entry, dict) or entry.get("layout") != CACHE_LAYOUT:
            raise ValueError("not a rulebook entry of this version")
        stored = entry["files"]
        if [item["path"] for item in stored] != [str(f) for f in files]:
            raise ValueError("written for other files")
        parsed: list[_Parsed] = []
        for file, item in zip(files, stored, strict=True):
            if not isinstance(item["data"], dict):
                raise ValueError("a file's data is not a mapping")
            lines = {tuple(at): int(line) for at, line in item["lines"]}
            parsed.append((file, item["data"], lines))
    except (ValueError, KeyError, TypeError, RecursionError) as err:
        _warn(path, str(err) or type(err).__name__)
        return None
    return parsed


def _store(key: str, parsed: list[_Parsed]) -> None:
    path = _cache_file(key)
    entry = {"layout": CACHE_LAYOUT, "files": [
        {"path": str(file), "data": data, "lines": [[list(at), line] for at, line in lines.items()]}
        for file, data, lines in parsed]}
    try:
        text = json.dumps(entry, ensure_ascii=False)
    except (TypeError, ValueError):
        return  # a value JSON cannot hold (a YAML date or set): not cached, only slower
    try:
        make_private_dir(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs speed
