"""Corpus scan speed: documents/s and pages/s with -j 1 and -j 2, worker memory, the
cached re-run and where a document's time goes.

Targets (from the scan issue): -j 2 at least 1.8x -j 1; each worker's peak memory below
300 MB; a cached re-run at least 20x faster than the first run. The corpus is 200
generated agreements (alternating PDF and DOCX, 5-30 pages, text varied by seed and
party names) in ``.bench/scan-corpus-v{N}/``, reused while ``CORPUS_VERSION`` holds.
Run alone with ``python bench/scan_bench.py`` or through ``bench/run.py``.
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

from agreement_text import Passage, passages
from fpdf import FPDF
from result import Row

from secure_mou.scan import ScanOptions, ScanResult, run_scan

ROOT = Path(__file__).resolve().parent.parent
CORPUS_VERSION = 1
CORPUS = ROOT / ".bench" / f"scan-corpus-v{CORPUS_VERSION}"
DOCUMENTS = 200
WORDS_PER_PAGE = 420  # a letter page of 11pt justified text, for DOCX length
MIN_SPEEDUP_J2 = 1.8
MAX_WORKER_MB = 300.0
MIN_CACHED_SPEEDUP = 20.0
PROFILE_SAMPLE = 12
DISTRICTS = ("Harbor County", "Mesa Valley", "Pine Ridge", "Oak Hollow", "Riverton",
             "Cedar Falls", "Granite City", "Lakeview", "Westbrook", "Prairie")


def _pages_of(index: int) -> int:
    return 5 + (index * 7) % 26  # 5..30, spread evenly over the corpus


def _renamed(passage: Passage, district: str) -> str:
    return passage.text.replace("Harbor County", district)


def _write_pdf(path: Path, index: int) -> None:
    district = DISTRICTS[index % len(DISTRICTS)]
    pdf = FPDF(format="letter")
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    for passage in passages(seed=index):
        bold = passage.kind in ("title", "heading", "subheading")
        pdf.set_font("Helvetica", "B" if bold else "", 12 if bold else 11)
        height = cast(float, pdf.multi_cell(pdf.epw, 5.5, _renamed(passage, district),
                                            dry_run=True, output="HEIGHT"))
        if pdf.page_no() == _pages_of(index) and (
                pdf.get_y() + 2 + height > pdf.page_break_trigger):
            break
        pdf.ln(2)
        pdf.multi_cell(pdf.epw, 5.5, _renamed(passage, district), new_x="LMARGIN",
                       new_y="NEXT")
    pdf.output(str(path))


def _write_docx(path: Path, index: int) -> None:
    import docx

    district = DISTRICTS[index % len(DISTRICTS)]
    document = docx.Document()
    words, budget = 0, _pages_of(index) * WORDS_PER_PAGE
    for passage in passages(seed=index):
        text = _renamed(passage, district)
        if passage.kind == "title":
            document.add_heading(text, level=0)
        elif passage.kind in ("heading", "subheading"):
            document.add_heading(text, level=1 if passage.kind == "heading" else 2)
        else:
            document.add_paragraph(text)
        words += len(text.split())
        if words >= budget:
            break
    document.save(str(path))


def ensure_corpus(root: Path = CORPUS) -> tuple[list[Path], int]:
    """The corpus files (written when missing) and their total page count."""
    root.mkdir(parents=True, exist_ok=True)
    files = []
    for index in range(DOCUMENTS):
        stem = root / f"{DISTRICTS[index % len(DISTRICTS)].lower().replace(' ', '-')}-{index:03}"
        path = stem.with_suffix(".pdf" if index % 2 == 0 else ".docx")
        if not path.exists():
            (_write_pdf if path.suffix == ".pdf" else _write_docx)(path, index)
        files.append(path)
    return files, sum(_pages_of(i) for i in range(DOCUMENTS))


def snapshot_rules(into: Path) -> Path:
    """A copy of the default rulebook: rule files edited while the bench runs would
    change the rulebook hash between runs and turn the cached re-run into a full one."""
    from secure_mou.rulebook.loader import default_rulebook_dir

    target = into / "rules"
    shutil.copytree(default_rulebook_dir(), target)
    return target


def _scan(jobs: int, cache: Path, rules: Path) -> ScanResult:
    result = run_scan(ScanOptions(paths=(str(CORPUS),), jobs=jobs, cache_root=cache,
                                  rule_dirs=(rules,), rules_only=True))
    # Said as it happens: a full run takes minutes, and a later failure should not hide it.
    print(f"scan -j {jobs}: {len(result.documents)} docs, {result.checked} checked, "
          f"{result.seconds:.2f}s, worker peak {result.worker_peak_mb} MB", file=sys.stderr)
    return result


def profile_split(files: list[Path]) -> list[Row]:
    """cProfile over a sample, split into reading, matching and reporting."""
    from secure_mou.documents import read_document
    from secure_mou.documents.model import Document
    from secure_mou.findings import DocumentReport, Finding
    from secure_mou.pipeline import Checker, load_rules
    from secure_mou.reporters.json import document_json

    checker = Checker(load_rules())  # the rulebook as it stands: only shares are printed
    sample = files[:: max(1, len(files) // PROFILE_SAMPLE)][:PROFILE_SAMPLE]

    def read(path: Path) -> Document:
        return read_document(path)

    def match(document: Document) -> tuple[Finding, ...]:
        return checker.engine.check(document)

    def report(document: Document, findings: tuple[Finding, ...]) -> str:
        return json.dumps(document_json(DocumentReport(
            path=document.path, sha256=document.sha256, format=document.format,
            pages=document.pages, findings=findings, step_titles=checker.rulebook.steps)))

    profiler = cProfile.Profile()
    profiler.enable()
    for path in sample:
        document = read(path)
        report(document, match(document))
    profiler.disable()
    stats = pstats.Stats(profiler)
    raw = stats.stats  # type: ignore[attr-defined]  # {(file, line, name): (cc, nc, tt, ct, _)}
    stage = {name: sum(v[3] for k, v in raw.items() if k[2] == name and k[0] == __file__)
             for name in ("read", "match", "report")}
    total = sum(stage.values()) or 1.0
    print(f"profile over {len(sample)} documents: " + ", ".join(
        f"{name} {seconds:.2f}s ({seconds / total:.0%})" for name, seconds in stage.items()),
        file=sys.stderr)
    stats.sort_stats("tottime").print_stats(12)
    return [Row("scan", f"profile: {name}", 100 * seconds / total, "% time",
                note=f"{seconds:.2f}s over {len(sample)} docs")
            for name, seconds in stage.items()]


def cli_cached_seconds(cache: Path, rules: Path) -> float:
    """Wall time of `secure-mou scan` on the cached corpus, process start included."""
    env_cli = str(Path(sys.executable).parent / "secure-mou")
    start = time.perf_counter()
    subprocess.run([env_cli, "scan", str(CORPUS), "-j", "2", "--rules-only", "--rules",
                    str(rules)], check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ,
                                                   "SECURE_MOU_CACHE_DIR": str(cache)})
    return time.perf_counter() - start


def run() -> list[Row]:
    files, pages = ensure_corpus()
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
        rules = snapshot_rules(Path(one))
        j1 = _scan(1, Path(one), rules)
        j2 = _scan(2, Path(two), rules)
        cached = _scan(2, Path(two), rules)
        cli_cached = cli_cached_seconds(Path(two), rules)
    assert cached.checked == 0, "the re-run should come entirely from the cache"
    rows = []
    for jobs, result in ((1, j1), (2, j2)):
        rows.append(Row("scan", f"-j {jobs} documents/s", len(files) / result.seconds, "doc/s",
                        note=f"{len(files)} docs in {result.seconds:.1f}s"))
        rows.append(Row("scan", f"-j {jobs} pages/s", pages / result.seconds, "page/s",
                        note=f"{pages} pages"))
    speedup = j1.seconds / j2.seconds
    rows.append(Row("scan", "-j 2 vs -j 1", speedup, "x", f">= {MIN_SPEEDUP_J2}",
                    speedup >= MIN_SPEEDUP_J2))
    peak = max(j1.worker_peak_mb or 0.0, j2.worker_peak_mb or 0.0)
    rows.append(Row("scan", "worker peak memory", peak, "MB", f"< {MAX_WORKER_MB:.0f}",
                    peak < MAX_WORKER_MB))
    cached_speedup = j2.seconds / cached.seconds
    rows.append(Row("scan", "cached re-run speed-up", cached_speedup, "x",
                    f">= {MIN_CACHED_SPEEDUP:.0f}", cached_speedup >= MIN_CACHED_SPEEDUP,
                    note=f"{cached.seconds:.2f}s in-process"))
    cli_speedup = j2.seconds / cli_cached
    rows.append(Row("scan", "cached re-run speed-up (CLI)", cli_speedup, "x",
                    note=f"{cli_cached:.2f}s wall incl. start-up"))
    rows.extend(profile_split(files))
    return rows


if __name__ == "__main__":
    from run import render

    print(render(run()))
