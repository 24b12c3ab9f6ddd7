"""Model language for a draft's gaps, taken from agreements that already meet each rule.

Given a checked draft and a directory of exemplar MOUs, ``find_exemplars`` returns, for
every gap of the draft (partial, missing, conflict), the sentences that made exemplar
agreements meet the same rule: real wording a district has signed, with the document
and location to cite. Exemplar results come from the scan cache (the same key as
``secure-mou scan``: bytes, rulebook, version, checklist), so a directory scanned once is
not analysed again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .documents.model import Location
from .findings import DocumentReport, Finding, Status
from .pipeline import Checker
from .reporters.base import trim_quote
from .scan.cache import ResultCache
from .scan.discover import discover
from .scan.records import ScannedDocument, document_from_json, scanned_json

# Sentences that commit (shall / shall not) read as model language; mentions rank last.
_POLARITY_RANK = {"requires": 0, "prohibits": 0, "permits": 1}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ExemplarSentence:
    text: str
    document: str  # path of the exemplar agreement
    location: Location
    document_score: float | None


@dataclass(frozen=True)
class GapExemplars:
    rule: str
    title: str
    status: Status  # the draft's verdict on the rule
    sentences: tuple[ExemplarSentence, ...]  # best first; empty when no exemplar meets it


def exemplar_reports(checker: Checker, exemplar_dir: Path, checklist: str = "all",
                     use_cache: bool = True) -> tuple[DocumentReport, ...]:
    """Every readable agreement under ``exemplar_dir``, from the cache when possible."""
    rulebook = checker.rulebook
    cache = ResultCache(rulebook.content_hash, checklist) if use_cache else None
    reports = []
    for target in discover([str(exemplar_dir)]).targets:
        entry = cache.get(target.sha256) if cache and target.sha256 else None
        if entry is not None:
            report = document_from_json(entry, rulebook.steps).report
        else:
            report = checker.check_path(target.paths[0], checklist)
            if cache is not None and target.sha256 and report.sha256 == target.sha256:
                cache.put(target.sha256, scanned_json(ScannedDocument(report, target.paths)))
        if report.error is None:
            reports.append(report)
    return tuple(reports)


def _sentences(rule: str, exemplars: Sequence[DocumentReport], draft_sha: str | None,
               limit: int) -> tuple[ExemplarSentence, ...]:
    candidates: list[tuple[tuple[float, int, int, str], ExemplarSentence]] = []
    for doc in exemplars:
        if draft_sha is not None and doc.sha256 == draft_sha:
            continue  # the draft itself may sit in the exemplar folder
        finding = next((f for f in doc.findings if f.rule == rule), None)
        if finding is None or finding.status != Status.MET:
            continue
        score = doc.score if doc.score is not None else 0.0
        for evidence in finding.evidence:
            rank = _POLARITY_RANK.get(evidence.polarity or "", 2)
            candidates.append(((-score, rank, len(evidence.text), doc.path),
                               ExemplarSentence(text=evidence.text, document=doc.path,
                                                location=evidence.location,
                                                document_score=doc.score)))
    candidates.sort(key=lambda c: c[0])
    chosen: list[ExemplarSentence] = []
    seen: set[str] = set()
    for _, sentence in candidates:
        key = _SPACE.sub(" ", sentence.text).strip().lower()
        if key not in seen:  # the same clause copied across agreements counts once
            seen.add(key)
            chosen.append(sentence)
        if len(chosen) == limit:
            break
    return tuple(chosen)


def find_exemplars(checker: Checker, draft: DocumentReport, exemplar_dir: Path, *,
                   checklist: str = "all", per_gap: int = 3,
                   use_cache: bool = True) -> tuple[GapExemplars, ...]:
    """For each gap of ``draft`` (partial, missing, conflict; rulebook order), the best
    ``per_gap`` sentences from exemplar agreements under ``exemplar_dir`` that meet the
    rule: from the highest-scoring exemplars first, commitments before mentions.

    ``checklist`` should be the one the draft was checked with. Unreadable exemplar
    files are skipped. Raises nothing for a missing directory: no exemplars, no sentences.
    """
    gaps: list[Finding] = [f for f in draft.findings if f.status.is_gap]
    if not gaps:
        return ()
    exemplars = exemplar_reports(checker, exemplar_dir, checklist, use_cache)

    def source_rule(finding: Finding) -> str:
        # A red flag is met by silence; the language to borrow is that of the
        # requirement it contradicts (SECURE-1.F1 -> SECURE-1.3).
        rule = checker.rulebook.rule(finding.rule)
        return rule.contradicts if rule and rule.kind == "flag" and rule.contradicts \
            else finding.rule

    return tuple(GapExemplars(rule=f.rule, title=f.title, status=f.status,
                              sentences=_sentences(source_rule(f), exemplars, draft.sha256,
                                                   per_gap))
                 for f in gaps)


def format_exemplars(gaps: Sequence[GapExemplars], width: int = 300) -> str:
    """Plain text, one block per gap; empty when the draft has no gaps."""
    blocks = []
    for gap in gaps:
        lines = [f"{gap.rule} {gap.title} (draft: {gap.status.value.replace('_', ' ')})"]
        if not gap.sentences:
            lines.append("  No exemplar agreement meets this rule.")
        for i, sentence in enumerate(gap.sentences, 1):
            lines.append(f'  {i}. "{trim_quote(sentence.text, width)}"')
            lines.append(f"     {sentence.document}, {sentence.location.describe()}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
