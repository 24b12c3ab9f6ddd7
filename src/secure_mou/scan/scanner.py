"""A scan from paths to results: discover, reuse what is known, check the rest.

Order of work, cheapest first, so that a re-run of a scanned corpus never starts a
worker (and never loads spaCy): hash every file, take documents already in the
``--resume`` file, then documents in the result cache, and only then check what is left
in worker processes. Every result is streamed to the JSONL file (flushed per line) and
stored in the cache as it arrives, so Ctrl-C or a crash keeps all finished work.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from ..errors import UsageError
from ..pipeline import load_rules
from ..rulebook.model import Rulebook
from .cache import ResultCache
from .discover import Skipped, Target, discover
from .records import ScannedDocument, at_paths, document_from_json, scanned_json
from .workers import Limits, Task, check_in_workers


@dataclass(frozen=True)
class ScanOptions:
    paths: tuple[str, ...]
    jobs: int
    checklist: str = "all"
    rule_dirs: tuple[Path, ...] = ()
    rules_only: bool = False
    use_cache: bool = True
    jsonl: Path | None = None
    resume: Path | None = None  # read finished documents from, and append to, this JSONL
    cache_root: Path | None = None  # None: the user cache directory (or its env override)
    limits: Limits = Limits()


@dataclass(frozen=True)
class ScanResult:
    rulebook: Rulebook
    checklist: str
    documents: tuple[ScannedDocument, ...]  # in discovery order, whatever finished first
    skipped: tuple[Skipped, ...]
    not_scanned: tuple[str, ...]  # paths left when the scan was interrupted
    checked: int  # analysed by a worker in this run
    seconds: float
    worker_peak_mb: float | None

    @property
    def interrupted(self) -> bool:
        return bool(self.not_scanned)

    @property
    def cached(self) -> int:
        return sum(1 for d in self.documents if d.cached)

    @property
    def resumed(self) -> int:
        return sum(1 for d in self.documents if d.resumed)

    @property
    def pages(self) -> int:
        return sum(d.report.pages or 0 for d in self.documents if not d.cached and not d.resumed)


# Called once per finished document (the progress bar advances on it).
Progress = Callable[[ScannedDocument], None]


def read_resume(path: Path, step_titles: dict[int, str]) -> dict[str, ScannedDocument]:
    """Finished documents in a JSONL file, by sha256 (later lines win).

    A line cut short by a kill, a row from another tool or a transient failure (a worker
    crash) is not a finished document, so it is checked again.
    """
    done: dict[str, ScannedDocument] = {}
    if not path.exists():
        return done
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                doc = document_from_json(json.loads(line), step_titles)
            except (ValueError, KeyError, TypeError, AttributeError):
                continue
            if doc.sha256 and not doc.transient:
                done[doc.sha256] = doc
            elif doc.sha256:
                done.pop(doc.sha256, None)
    return done


def _open_jsonl(options: ScanOptions) -> IO[str] | None:
    target = options.resume or options.jsonl
    if target is None:
        return None
    if options.resume and options.jsonl and options.jsonl.resolve() != options.resume.resolve():
        raise UsageError("--resume appends to its own file; give --jsonl the same file "
                         "or leave it out")
    handle = target.open("a" if options.resume else "w", encoding="utf-8")
    if options.resume and handle.tell() > 0:
        with target.open("rb") as tail:  # a killed run may have left half a line
            tail.seek(-1, 2)
            if tail.read(1) != b"\n":
                handle.write("\n")
    return handle


def run_scan(options: ScanOptions, on_total: Callable[[int], None] | None = None,
             on_document: Progress | None = None) -> ScanResult:
    """Scan ``options.paths``. Raises UsageError/RulebookError before any work starts;
    a KeyboardInterrupt during checking returns the partial result (``interrupted``)."""
    started = time.perf_counter()
    rulebook = load_rules(options.rule_dirs, options.rules_only)  # YAML only, no spaCy
    found = discover(list(options.paths))
    cache = (ResultCache(rulebook.content_hash, options.checklist, options.cache_root)
             if options.use_cache else None)
    resumed = read_resume(options.resume, rulebook.steps) if options.resume else {}
    results: dict[int, ScannedDocument] = {}
    jsonl = _open_jsonl(options)

    def finish(index: int, doc: ScannedDocument, *, fresh: bool) -> None:
        results[index] = doc
        entry: dict[str, Any] = scanned_json(doc)
        if jsonl is not None and not doc.resumed:
            jsonl.write(json.dumps(entry, ensure_ascii=False) + "\n")
            jsonl.flush()
        if fresh and cache is not None and doc.sha256 and not doc.transient:
            cache.put(doc.sha256, entry)
        if on_document is not None:
            on_document(doc)

    targets = found.targets
    if on_total is not None:
        on_total(len(targets))
    to_check: list[tuple[int, Target]] = []
    peak: float | None = None
    try:
        for index, target in enumerate(targets):
            known = _known(target, resumed, cache, rulebook)
            if known is None:
                to_check.append((index, target))
            else:
                finish(index, known, fresh=False)
        by_task = {Task(t.sha256, t.paths[0]): (i, t) for i, t in to_check}
        for outcome in check_in_workers(list(by_task), rulebook, options.checklist,
                                        options.jobs, options.limits):
            index, target = by_task[outcome.task]
            doc = document_from_json(outcome.entry, rulebook.steps)
            if doc.sha256 is None and target.sha256:
                # The reader gives no hash for a file it refuses (encrypted, corrupt), but
                # discovery hashed it: keeping it lets cache and --resume skip it next time.
                doc = replace(doc, report=replace(doc.report, sha256=target.sha256))
            # A document stopped by a limit is not cached: raising the limit must retry it.
            limited = outcome.limit_hit or (doc.report.error is not None
                                            and doc.report.error.code == "too_large")
            finish(index, at_paths(doc, target.paths), fresh=not limited)
            if outcome.peak_rss_mb is not None:
                peak = max(peak or 0.0, outcome.peak_rss_mb)
    except KeyboardInterrupt:
        pass  # keep what finished; the rest is reported as not scanned
    finally:
        if jsonl is not None:
            jsonl.close()
    not_scanned = tuple(p for i, t in enumerate(targets) if i not in results for p in t.paths)
    return ScanResult(
        rulebook=rulebook, checklist=options.checklist,
        documents=tuple(results[i] for i in sorted(results)), skipped=found.skipped,
        not_scanned=not_scanned, checked=len(results) - sum(
            1 for d in results.values() if d.cached or d.resumed),
        seconds=time.perf_counter() - started, worker_peak_mb=peak)


def _known(target: Target, resumed: dict[str, ScannedDocument], cache: ResultCache | None,
           rulebook: Rulebook) -> ScannedDocument | None:
    if target.sha256 is None:
        return None
    if target.sha256 in resumed:
        return at_paths(resumed[target.sha256], target.paths, resumed=True, cached=False)
    if cache is not None:
        entry = cache.get(target.sha256)
        if entry is not None:
            try:
                doc = document_from_json(entry, rulebook.steps)
            except (KeyError, ValueError, TypeError, AttributeError):
                return None
            return at_paths(doc, target.paths, cached=True)
    return None
